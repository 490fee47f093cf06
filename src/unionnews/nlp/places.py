"""Province mentions (LOC entities, canonical = the pre-2025 province name)."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from unionnews.lexicon import find_province, provinces
from unionnews.model import Entity
from unionnews.nlp.normalize import match_key

#: "tỉnh " / "thành phố " / "TP. " right before a province name (on the match key).
ADMIN_BEFORE_RE = re.compile(r"(?:tỉnh|thành phố|tp\.?)\s*$")


@cache
def province_mention_re() -> re.Pattern[str]:
    """Every written form of every province, longest first, as whole words (on match keys)."""
    forms = {match_key(f) for p in provinces() for f in p.surface_forms}
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


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
