"""match_key, table-driven, gives exactly what the per-character reference gives.

The reference below is the implementation match_key replaced (a loop over every
character); the property holds over every article in the repository and over
random strings built from Vietnamese letters, tone marks, quotes and spaces.
"""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest

from unionnews.nlp.normalize import _FOLD, _SPACE_LIKE_RE, _base, _has_tone, _move_tone, match_key

ROOT = Path(__file__).resolve().parent.parent


def reference_match_key(text: str) -> str:
    chars = [c if len(c.lower()) != 1 else c.lower() for c in text.translate(_FOLD)]
    chars = [" " if _SPACE_LIKE_RE.match(c) else c for c in chars]
    n = len(chars)
    for i in range(1, n):
        second = chars[i]
        if not second.isalpha() or not _has_tone(second):
            continue
        pair = _base(chars[i - 1]) + _base(second)
        if pair not in ("oa", "oe", "uy"):
            continue
        if _has_tone(chars[i - 1]):
            continue
        if i + 1 < n and chars[i + 1].isalpha():
            continue
        if i >= 2 and _base(chars[i - 2]) in ("q",):
            continue
        chars[i - 1], chars[i] = _move_tone(chars[i - 1], second)
    key = "".join(chars)
    return key if len(key) == len(text) else text.lower()


def _texts() -> list[Path]:
    folders = [ROOT / "corpus", *sorted(ROOT.glob("tests/heldout*/articles"))]
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        folders.append(seeds)
    return sorted(p for folder in folders for p in folder.iterdir() if p.is_file())


@pytest.mark.parametrize("path", _texts(), ids=lambda p: p.name)
def test_same_key_as_the_reference_on_every_article(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", "replace")
    for part in (text, unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)):
        assert match_key(part) == reference_match_key(part)


ALPHABET = (
    "aăâeêioôơuưyđqhgnt AĂÂEÊIOÔƠUƯYĐQ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠÒÓỎÕỌÙÚỦŨỤỲÝỶỸỴ"
    "\u0300\u0301\u0309\u0303\u0323\u00a0\u2013\u201c\u201d\u2019.,;0123456789\nİẞǒ"
)


def test_same_key_as_the_reference_on_random_vietnamese_strings() -> None:
    rng = random.Random(20261206)
    for _ in range(20000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
        assert match_key(text) == reference_match_key(text), repr(text)


@pytest.mark.parametrize(
    "word", ["hoà", "Hoà", "khoẻ", "thuỷ", "quý", "hoàng", "Thuỳ", "toà.", "uỷ ban", "ngoà"]
)
def test_known_words(word: str) -> None:
    assert match_key(word) == reference_match_key(word)
