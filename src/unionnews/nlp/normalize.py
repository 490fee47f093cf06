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


#: The characters :data:`_FOLD` maps (quotes, dashes, the ellipsis): a pattern finds them
#: much faster than ``str.translate`` walks a non-ASCII text.
_FOLD_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _FOLD) + "]")


def _fold_one(m: re.Match[str]) -> str:
    return str(_FOLD[ord(m.group())])


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


def _tone_pairs() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """The pattern of an open "oa/oe/uy" syllable ending with a toned vowel whose tone
    belongs on the first vowel ("hoà" -> "hòa"), and each such pair's replacement."""
    letters = [chr(c) for c in range(0x61, 0x1EFA) if chr(c).isalpha() and chr(c) == chr(c).lower()]
    firsts = [c for c in letters if _base(c) in "ou" and not _has_tone(c) and len(c) == 1]
    seconds = [c for c in letters if _base(c) in "aey" and _has_tone(c)]
    table: dict[str, tuple[str, str]] = {}
    for first in firsts:
        for second in seconds:
            if _base(first) + _base(second) not in ("oa", "oe", "uy"):
                continue
            toned, bare = _move_tone(first, second)
            if (toned, bare) != (first, second):
                table[first + second] = (toned, bare)
    pairs = "|".join(re.escape(p) for p in sorted(table))
    return re.compile(f"(?:{pairs})"), table


_TONE_PAIR_RE, _TONE_PAIRS = _tone_pairs()


def match_key(text: str) -> str:
    """Return a same-length, lower-cased, tone-unified version of ``text``.

    One translation table, one lower-casing and one pattern for the tone-placement
    move in open "oa/oe/uy" syllables (not after "q", not in closed syllables such
    as "hoàng").

    >>> match_key("Khoẻ Thuỷ HOÀ quý")
    'khỏe thủy hòa quý'
    >>> len(match_key("Công đoàn\u00a0“Mái ấm”")) == len("Công đoàn\u00a0“Mái ấm”")
    True
    """
    folded = _FOLD_RE.sub(_fold_one, text) if _FOLD_RE.search(text) else text
    lowered = folded.lower()
    if len(lowered) != len(folded):  # a letter whose lower case is two characters ("İ")
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
    key = _SPACE_LIKE_RE.sub(" ", lowered)
    if not _TONE_PAIR_RE.search(key):
        return key if len(key) == len(text) else text.lower()
    parts: list[str] = []
    last = 0
    n = len(key)
    for m in _TONE_PAIR_RE.finditer(key):
        i = m.start()
        if m.end() < n and key[m.end()].isalpha():
            continue  # closed syllable ("hoàng", "thuyết"): the tone stays on the second vowel
        if i >= 1 and _base(key[i - 1]) == "q":
            continue  # "quý", "quỳ": u belongs to the consonant
        toned, bare = _TONE_PAIRS[m.group()]
        parts.append(key[last:i])
        parts.append(toned + bare)
        last = m.end()
    parts.append(key[last:])
    key = "".join(parts)
    return key if len(key) == len(text) else text.lower()


def strip_accents(text: str) -> str:
    """ASCII-fold Vietnamese (``"Đắk Lắk"`` -> ``"Dak Lak"``); used for host slugs."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
