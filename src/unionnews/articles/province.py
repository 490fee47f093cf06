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
from urllib.parse import urlsplit

from unionnews.lexicon import Province, provinces
from unionnews.nlp.normalize import match_key
from unionnews.nlp.places import iter_mentions

#: A web host written in the text: "http://ldld.caobang.gov.vn", "congdoan.hatinh.gov.vn".
HOST_IN_TEXT_RE = re.compile(r"(?:https?://)?(?P<host>(?:[a-z0-9\-]+\.)+(?:gov\.vn|org\.vn|com\.vn|vn))\b")
#: A union, party or state body right before a province name: "lđlđ tỉnh ", "báo ", "cđvc ".
BODY_BEFORE_RE = re.compile(
    r"(?:liên đoàn lao động|lđlđ|công đoàn viên chức|cđvc|công đoàn|tỉnh ủy|thành ủy|ubnd|"
    r"ủy ban nhân dân|hđnd|báo|đài)(?:\s+(?:tỉnh|thành phố|tp\.?))?\s+$"
)

WEIGHT_HOST = 100
WEIGHT_TITLE = 6
WEIGHT_BODY = 4
WEIGHT_ADMIN = 2
WEIGHT_BARE = 1


def province_from_host(host: str | None) -> Province | None:
    """``ldld.caobang.gov.vn`` -> Cao Bằng; ``congdoantuyenquang.vn`` -> Tuyên Quang."""
    if not host:
        return None
    labels = host.lower().split(".")
    for prov in provinces():
        for slug in prov.host_slugs:
            for label in labels[:-1]:
                if label == slug or (len(slug) > 4 and (label.endswith(slug) or label.startswith(slug))):
                    return prov
    return None


def province_mentions(text: str, *, title: str | None = None) -> Counter[str]:
    """Weighted mentions of each province (pre-2025 name) in the title and text."""
    scores: Counter[str] = Counter()
    for _, _, name, _ in iter_mentions(title or ""):
        scores[name] += WEIGHT_TITLE
    key = match_key(text)
    for start, _, name, admin in iter_mentions(text, key):
        before = key[max(0, start - 40) : start]
        if BODY_BEFORE_RE.search(before):
            scores[name] += WEIGHT_BODY
        else:
            scores[name] += WEIGHT_ADMIN if admin else WEIGHT_BARE
    for m in HOST_IN_TEXT_RE.finditer(key):
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
