"""Province mentions (LOC entities, canonical = the pre-2025 province name)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache

from unionnews.lexicon import find_province, provinces
from unionnews.model import Entity
from unionnews.nlp.normalize import match_key

#: "tỉnh " / "thành phố " / "TP. " right before a province name (on the match key).
ADMIN_BEFORE_RE = re.compile(r"(?:tỉnh|thành phố|tp\.?)\s*$")
#: Written right after a word's first character (never a line break): no word character stands
#: before that one. The test ``(?<!\w)`` makes before it, placed after it so that a search can
#: skip straight to the characters words start with: "h" + WORD_START_AFTER_FIRST + "à" finds
#: "hà" in "(hà", not in "xhà".
WORD_START_AFTER_FIRST = r"(?<!\w.)"


def trie_alternation(words: list[str]) -> str:
    """An alternation of ``words`` (in the order to try them) with common prefixes factored out.
    With the words longest first, a word that ends where others go on is tried after them, as
    in the plain alternation.

    >>> print(trie_alternation(["hà nam", "hà nội", "hà"]))
    hà(?:\\ n(?:am|ội)|)
    """
    branches: dict[str, list[str]] = {}
    for word in words:
        branches.setdefault(word[:1], []).append(word[1:])
    parts = [re.escape(first) + trie_alternation(rests) if first else "" for first, rests in branches.items()]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def word_start_alternation(patterns: Iterable[str]) -> str:
    r"""A pattern matching the first of ``patterns`` (each opening with a plain letter, none with
    a "|" outside brackets) that matches at a word start, as ``(?<!\w)(?:p1|p2|…)`` does, only
    faster: the patterns are grouped by their first letter and the word-start test follows it,
    so a search skips every position whose character opens no pattern.

    >>> re.findall(word_start_alternation(["ubnd", "tỉnh ủy", "thành ủy"]), "xubnd, thành ủy")
    ['thành ủy']
    """
    branches: dict[str, list[str]] = {}
    for pattern in patterns:
        branches.setdefault(pattern[0], []).append(pattern[1:])
    parts = [
        re.escape(first) + WORD_START_AFTER_FIRST + f"(?:{'|'.join(rests)})"
        for first, rests in branches.items()
    ]
    return "(?:" + "|".join(parts) + ")"


def word_alternation(words: Iterable[str]) -> str:
    r"""A pattern matching the longest of ``words`` found at a word start, as
    ``(?<!\w)(?:w1|w2|…)`` with the words longest first does (no word opens with a line break),
    only faster: the words are a trie and the word-start test follows the first character, so a
    search skips every position whose character starts no word.

    >>> re.findall(word_alternation(["hà nam", "hà nội", "hà"]), "xhà hà nội")
    ['hà nội']
    """
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    branches: dict[str, list[str]] = {}
    for word in ordered:
        branches.setdefault(word[0], []).append(word[1:])
    parts = [
        re.escape(first) + WORD_START_AFTER_FIRST + trie_alternation(rests)
        for first, rests in branches.items()
    ]
    return "(?:" + "|".join(parts) + ")"


def span_key(text: str, key: str, start: int, end: int) -> str:
    """``match_key(text[start:end])``, taken from ``key`` (the match key of ``text``) when that is
    the same string: the span neither starts nor ends inside a word (the tone rule looks at the
    letters around an "oa/oe/uy" syllable) and holds no capital sigma (whose lower case depends
    on the letters around it)."""
    if start >= end:
        return ""
    inside_start = start > 0 and key[start - 1].isalpha() and key[start].isalpha()
    inside_end = end < len(key) and key[end - 1].isalpha() and key[end].isalpha()
    if not (inside_start or inside_end):
        piece = key[start:end]
        if "σ" not in piece and "ς" not in piece:
            return piece
    return match_key(text[start:end])


@lru_cache(maxsize=8192)
def word_key(word: str) -> str:
    """``match_key`` of one word, cached: the same few thousand syllables come up again and again."""
    return match_key(word)


@cache
def province_mention_re() -> re.Pattern[str]:
    """Every written form of every province, longest first, as whole words (on match keys)."""
    forms = {match_key(f) for p in provinces() for f in p.surface_forms}
    return re.compile(word_alternation(forms) + r"(?!\w)")


def iter_mentions(text: str, key: str | None = None) -> list[tuple[int, int, str, bool]]:
    """``(start, end, province, after_admin_word)`` for each province mention.

    "Hồ Chí Minh" alone is skipped ("tư tưởng Hồ Chí Minh"); only "TP./thành phố Hồ
    Chí Minh" and its short forms name the city.
    """
    key = match_key(text) if key is None else key
    out = []
    for m in province_mention_re().finditer(key):
        prov = find_province(m.group())
        if prov is None:
            continue
        admin = bool(ADMIN_BEFORE_RE.search(key, max(0, m.start() - 12), m.start()))
        if m.group() == "hồ chí minh" and not admin:
            continue
        if not text[m.start()].isupper():
            continue  # "hà nam" in lower case is not a name
        out.append((m.start(), m.end(), prov.name, admin))
    return out


def find_places(text: str, *, key: str | None = None) -> list[Entity]:
    """LOC entities for province mentions: "tỉnh Tuyên Quang", "Hà Tĩnh", "TP.HCM"."""
    return [
        Entity("LOC", s, e, text[s:e], name, rule="province_admin" if admin else "province")
        for s, e, name, admin in iter_mentions(text, key)
    ]


def province_mentions(text: str) -> Counter[str]:
    """How often each province is mentioned."""
    return Counter(name for _, _, name, _ in iter_mentions(text))
