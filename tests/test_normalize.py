import unicodedata

import pytest

from unionnews.nlp.normalize import (
    _CR_RE,
    _INVISIBLE_RE,
    _SPACE_LIKE_RE,
    clean_text,
    match_key,
    strip_accents,
)


def test_clean_text_composes_nfd_and_unifies_lines():
    nfd = unicodedata.normalize("NFD", "Công đoàn Viên chức\r\nHòa Bình\rmới")
    assert clean_text(nfd) == "Công đoàn Viên chức\nHòa Bình\nmới"


def test_clean_text_drops_invisibles_and_nbsp():
    assert clean_text("918\u00a0triệu\u200b đồng\ufeff") == "918 triệu đồng"


@pytest.mark.parametrize("raw", ["\u00ad", "\u200b", "\ufeff", "\u2060"])
def test_invisible_re(raw):
    assert _INVISIBLE_RE.fullmatch(raw)


@pytest.mark.parametrize("raw", ["\u00a0", "\u2009", "\u202f", "\t"])
def test_space_like_re(raw):
    assert _SPACE_LIKE_RE.fullmatch(raw)


def test_cr_re():
    assert _CR_RE.sub("\n", "a\r\nb\rc") == "a\nb\nc"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà", "hòa"),
        ("Thanh Hoá", "thanh hóa"),
        ("Khánh Hoà", "khánh hòa"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("Toà", "tòa"),
    ],
)
def test_match_key_unifies_tone_placement(old, new):
    assert match_key(old) == new
    assert match_key(new) == new


@pytest.mark.parametrize("word", ["hoàng", "thuyết", "quý", "quỳnh", "khoản", "hoạch"])
def test_match_key_keeps_closed_syllables_and_qu(word):
    assert match_key(word) == word


def test_match_key_same_length_and_folds_typography():
    text = "Quỹ “Mái ấm công đoàn” – 95,5\u00a0triệu"
    key = match_key(text)
    assert len(key) == len(text)
    assert key == 'quỹ "mái ấm công đoàn" - 95,5 triệu'


def test_strip_accents():
    assert strip_accents("Đắk Lắk") == "Dak Lak"
    assert strip_accents("Tuyên Quang") == "Tuyen Quang"
