"""Decoding: BOM, declared charsets, UTF-8/NFD, windows-1258, TCVN3, VNI, binary and empty input."""

import codecs
import unicodedata

import pytest
from vi_encodings import to_cp1258

from unionnews.errors import DecodeError, EmptyDocument, NotText
from unionnews.inputs.decode import (
    BINARY_MAGIC_RE,
    CONTROL_BYTES_RE,
    META_CHARSET_RE,
    VIETNAMESE_CHAR_RE,
    decode_bytes,
    sniff_declared_charset,
)
from unionnews.inputs.legacy import (
    LEGACY_FONT_RE,
    TCVN3_TABLE,
    VNI_PAIR_RE,
    WORD_RE,
    decode_tcvn3,
    decode_vni,
    looks_vietnamese,
)

SENTENCE = (
    "Năm 2023, Liên đoàn Lao động tỉnh đã hỗ trợ 120 đoàn viên có hoàn cảnh khó khăn "
    "với tổng số tiền 360 triệu đồng; các cấp công đoàn tổ chức nhiều hoạt động thiết thực."
)


def to_tcvn3(text: str) -> bytes:
    inverse = {ch: b for b, ch in TCVN3_TABLE.items()}
    return bytes(inverse[c] if c in inverse else ord(c) for c in text)


def test_utf8_nfd_becomes_nfc():
    decoded = decode_bytes(unicodedata.normalize("NFD", SENTENCE).encode("utf-8"))
    assert decoded.text == SENTENCE and decoded.encoding == "utf-8" and decoded.notes == []
    text, encoding = decode_bytes(SENTENCE.encode("utf-8"))  # unpacks as a pair
    assert (text, encoding) == (SENTENCE, "utf-8")


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")])
def test_byte_order_marks(bom, codec):
    decoded = decode_bytes(bom + "Đoàn viên công đoàn".encode(codec))
    assert decoded.text == "Đoàn viên công đoàn"


def test_windows_1258_declared_and_guessed():
    data = to_cp1258(SENTENCE)
    guessed = decode_bytes(data)
    assert guessed.text == SENTENCE and guessed.encoding == "cp1258"
    assert "charset guessed: windows-1258" in guessed.notes
    page = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
    declared = decode_bytes(page + b"<p>" + data + b"</p>")
    assert declared.encoding == "cp1258" and SENTENCE in declared.text and declared.notes == []


def test_http_charset_wins_over_guessing():
    data = SENTENCE.encode("utf-16-le")  # has NUL bytes: binary unless the charset is known
    with pytest.raises(NotText):
        decode_bytes(data)
    assert decode_bytes(to_cp1258(SENTENCE), declared="windows-1258").encoding == "cp1258"


def test_tcvn3_is_detected_and_converted():
    decoded = decode_bytes(to_tcvn3(SENTENCE))
    assert decoded.encoding == "tcvn3" and decoded.text == SENTENCE
    assert "legacy encoding converted: tcvn3" in decoded.notes


def test_tcvn3_page_declared_as_latin1():
    page = b'<html><head><meta charset="iso-8859-1"></head><body><font face=".VnTime">'
    decoded = decode_bytes(page + to_tcvn3(SENTENCE) + b"</font></body></html>")
    assert decoded.encoding == "tcvn3" and SENTENCE in decoded.text
    assert any("declared charset" in n for n in decoded.notes)


def test_vni_is_detected_and_converted():
    vni = (
        "Naêm 2023, Lieân ñoaøn Lao ñoäng tænh ñaõ hoã trôï 120 ñoaøn vieân coù hoaøn caûnh khoù "
        "khaên vôùi toång soá tieàn 360 trieäu ñoàng; caùc caáp coâng ñoaøn toå chöùc nhieàu hoaït "
        "ñoäng thieát thöïc."
    )
    decoded = decode_bytes(vni.encode("cp1252"))
    assert decoded.encoding == "vni" and decoded.text == SENTENCE


def test_valid_utf8_is_never_taken_for_a_legacy_encoding():
    # "Ã´" in UTF-8 bytes would read as Vietnamese letters in TCVN3; strict UTF-8 comes first
    assert decode_bytes("Hội nghị — ôn tập".encode()).encoding == "utf-8"


def test_a_few_bad_bytes_are_replaced_with_a_note():
    data = (SENTENCE * 30).encode("utf-8") + b"\xff" + (SENTENCE * 30).encode("utf-8")
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8" and decoded.text.count("\ufffd") == 1
    assert decoded.notes == ["1 invalid UTF-8 byte(s) replaced"]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyDocument),
        (b" \n\t \r\n", EmptyDocument),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", NotText),
        (b"\x89PNG\r\n\x1a\n\x00\x00", NotText),
        (b"PK\x03\x04\x14\x00\x06\x00", NotText),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", NotText),
        (b"ab\x01\x02\x03\x04cd" * 100, NotText),
        (bytes(range(128, 256)) * 40, DecodeError),
    ],
)
def test_refusals(data, error):
    with pytest.raises(error) as info:
        decode_bytes(data)
    assert len(str(info.value)) > 30  # says what happened and what to do


def test_regexes():
    assert META_CHARSET_RE.search(b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">')
    assert META_CHARSET_RE.search(b"<meta charset='windows-1258'>").group(1) == b"windows-1258"
    assert sniff_declared_charset(b'<meta charset="utf8">') == "utf-8"
    assert sniff_declared_charset(b'<meta charset="no-such-codec">') is None
    assert BINARY_MAGIC_RE.match(b"GIF89a") and not BINARY_MAGIC_RE.match(b"<html>")
    assert CONTROL_BYTES_RE.findall(b"a\x01b\tc\nd") == [b"\x01"]
    assert VIETNAMESE_CHAR_RE.search("đoàn") and not VIETNAMESE_CHAR_RE.search("union")
    assert LEGACY_FONT_RE.search(b'face=".VnTime"')["tcvn3"] and LEGACY_FONT_RE.search(b"VNI-Times")["vni"]
    assert VNI_PAIR_RE.sub("#", "aø oâ") == "# #"
    assert WORD_RE.findall("đoàn 12 viên") == ["đoàn", "viên"]


def test_legacy_decoders_and_score():
    assert decode_tcvn3(b"\xa7\xb9i h\xe9i") == "Đại hội"
    assert decode_vni("Ñaïi hoäi".encode("cp1252")) == "Đại hội"
    assert looks_vietnamese(SENTENCE)
    assert not looks_vietnamese("The union met on Monday to review the budget.")
    assert not looks_vietnamese(decode_tcvn3(SENTENCE.encode("utf-8")))
