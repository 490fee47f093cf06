"""Text normalization for storage and for matching.

Two different jobs, kept apart on purpose:

* :func:`clean_text` produces the text we *store* (``articles.text``): NFC,
  unified line breaks, no zero-width characters, no-break spaces turned into
  plain spaces. Every offset in the dataset points into this string.
* :func:`match_key` produces a *same-length* shadow of a stored text for
  matching: lower case, one tone-placement convention ("hoà" and "hòa" look
  alike), typographic quotes and dashes folded. Because its length equals the
  input's, a match found in the key has the same offsets in the stored text.
"""

from __future__ import annotations

import re
import unicodedata

#: Characters removed from stored text (zero-width space/joiners, BOM, soft hyphen).
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
#: Space-like characters that become a plain space (no-break, thin, figure, ideographic…).
_SPACE_LIKE_RE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\x0b\x0c]")
#: Carriage returns of Windows and old Mac line endings.
_CR_RE = re.compile(r"\r\n?")

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_TONES = frozenset((_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT))

_FOLD = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": ".",
    }
)


def clean_text(raw: str) -> str:
    """Return the canonical stored form of ``raw`` (NFC, ``\\n`` lines, plain spaces).

    >>> clean_text("Ho\\u0300a\\u00a0Bi\\u0300nh\\r\\n")
    'Hòa Bình\\n'
    """
    text = unicodedata.normalize("NFC", raw)
    text = _CR_RE.sub("\n", text)
    text = _INVISIBLE_RE.sub("", text)
    return _SPACE_LIKE_RE.sub(" ", text)


def _move_tone(first: str, second: str) -> tuple[str, str]:
    """Move the tone mark of ``second`` onto ``first`` (both NFC letters)."""
    decomposed = unicodedata.normalize("NFD", second)
    tone = next((c for c in decomposed if c in _TONES), "")
    if not tone:
        return first, second
    bare = unicodedata.normalize("NFC", decomposed.replace(tone, ""))
    toned = unicodedata.normalize("NFC", first + tone)
    if len(toned) != 1 or len(bare) != 1:
        return first, second
    return toned, bare


def _base(ch: str) -> str:
    return unicodedata.normalize("NFD", ch)[0].lower()


def _has_tone(ch: str) -> bool:
    return any(c in _TONES for c in unicodedata.normalize("NFD", ch))


def match_key(text: str) -> str:
    """Return a same-length, lower-cased, tone-unified version of ``text``.

    >>> match_key("Khoẻ Thuỷ HOÀ quý")
    'khỏe thủy hòa quý'
    >>> len(match_key("Công đoàn\\u00a0“Mái ấm”")) == len("Công đoàn\\u00a0“Mái ấm”")
    True
    """
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
            continue  # closed syllable ("hoàng", "thuyết"): tone stays on the second vowel
        if i >= 2 and _base(chars[i - 2]) in ("q",):
            continue  # "quý", "quỳ": u belongs to the consonant
        chars[i - 1], chars[i] = _move_tone(chars[i - 1], second)
    key = "".join(chars)
    return key if len(key) == len(text) else text.lower()


def strip_accents(text: str) -> str:
    """ASCII-fold Vietnamese (``"Đắk Lắk"`` -> ``"Dak Lak"``); used for host slugs."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
