"""Which province an article belongs to: from its site's host, its title and its text.

A provincial union site rarely names its own province in every sentence ("CĐVC
tỉnh" means the site's province), so the host (``ldld.caobang.gov.vn``) decides
when it is known. Otherwise mentions are weighted: in the title, after a union
or government body ("LĐLĐ tỉnh Nghệ An", "Báo Hà Tĩnh"), after "tỉnh"/"thành
phố", and bare. "Hồ Chí Minh" counts only as "TP./thành phố Hồ Chí Minh", never
in "tư tưởng Hồ Chí Minh".
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from urllib.parse import urlsplit

from unionnews.lexicon import Province, find_province, provinces
from unionnews.nlp.normalize import match_key

#: A web host written in the text: "http://ldld.caobang.gov.vn", "congdoan.hatinh.gov.vn".
HOST_IN_TEXT_RE = re.compile(
    r"(?:https?://)?(?P<host>(?:[a-z0-9\-]+\.)+(?:gov\.vn|org\.vn|com\.vn|vn))\b"
)
#: A union, party or state body right before a province name: "lđlđ tỉnh ", "báo ", "cđvc ".
BODY_BEFORE_RE = re.compile(
    r"(?:liên đoàn lao động|lđlđ|công đoàn viên chức|cđvc|công đoàn|tỉnh ủy|thành ủy|ubnd|"
    r"ủy ban nhân dân|hđnd|báo|đài)(?:\s+(?:tỉnh|thành phố|tp\.?))?\s+$"
)
#: "tỉnh " / "thành phố " / "TP. " right before a province name.
ADMIN_BEFORE_RE = re.compile(r"(?:tỉnh|thành phố|tp\.?)\s*$")

WEIGHT_HOST = 100
WEIGHT_TITLE = 6
WEIGHT_BODY = 4
WEIGHT_ADMIN = 2
WEIGHT_BARE = 1


@cache
def _mention_re() -> re.Pattern[str]:
    forms = {match_key(f) for p in provinces() for f in p.surface_forms}
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


def province_from_host(host: str | None) -> Province | None:
    """``ldld.caobang.gov.vn`` -> Cao Bằng; ``congdoantuyenquang.vn`` -> Tuyên Quang."""
    if not host:
        return None
    labels = host.lower().split(".")
    for prov in provinces():
        for slug in prov.host_slugs:
            for label in labels[:-1]:
                if label == slug or (
                    len(slug) > 4 and (label.endswith(slug) or label.startswith(slug))
                ):
                    return prov
    return None


def province_mentions(text: str, *, title: str | None = None) -> Counter[str]:
    """Weighted mentions of each province (pre-2025 name) in the title and text."""
    scores: Counter[str] = Counter()
    for source, base in ((title or "", WEIGHT_TITLE), (text, 0)):
        key = match_key(source)
        for m in _mention_re().finditer(key):
            prov = find_province(m.group())
            if prov is None:
                continue
            before = key[max(0, m.start() - 40) : m.start()]
            admin = ADMIN_BEFORE_RE.search(before)
            if prov.name == "Hồ Chí Minh" and m.group() == "hồ chí minh" and not admin:
                continue  # "tư tưởng Hồ Chí Minh" is not the city
            if base:
                weight = base
            elif BODY_BEFORE_RE.search(before):
                weight = WEIGHT_BODY
            elif admin:
                weight = WEIGHT_ADMIN
            else:
                weight = WEIGHT_BARE
            scores[prov.name] += weight
    for m in HOST_IN_TEXT_RE.finditer(match_key(text)):
        prov = province_from_host(m["host"])
        if prov:
            scores[prov.name] += WEIGHT_BODY
    return scores


def infer_province(*, title: str | None, text: str, host: str | None) -> str | None:
    """The article's province (pre-2025 name), or None when nothing points to one."""
    from_host = province_from_host(host)
    if from_host:
        return from_host.name
    scores = province_mentions(text, title=title)
    return scores.most_common(1)[0][0] if scores else None


def host_of(url: str | None) -> str | None:
    """The host of an http(s) URL; None for file:// URLs and garbage."""
    if not url:
        return None
    parts = urlsplit(url)
    return parts.hostname if parts.scheme in ("http", "https") else None
