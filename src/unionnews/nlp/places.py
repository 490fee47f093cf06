"""Province mentions (LOC entities, canonical = the pre-2025 province name)."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

from unionnews.lexicon import find_province, provinces
from unionnews.model import Entity
from unionnews.nlp.normalize import match_key
from unionnews.nlp.patterns import word_alternation

#: "tỉnh " / "thành phố " / "TP. " right before a province name (on the match key).
ADMIN_BEFORE_RE = re.compile(r"(?:tỉnh|thành phố|tp\.?)\s*$")


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
