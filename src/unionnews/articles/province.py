"""Which province an article belongs to: from its site's host, its title and its text.

A provincial union site rarely names its own province in every sentence ("CĐVC
tỉnh" means the site's province), so the host (``ldld.caobang.gov.vn``) decides
when it is known. Otherwise mentions are weighted: in the title, after a union
or government body ("LĐLĐ tỉnh Nghệ An", "Báo Hà Tĩnh"), after "tỉnh"/"thành
phố", and bare. "Hồ Chí Minh" counts only as "TP./thành phố Hồ Chí Minh", never
in "tư tưởng Hồ Chí Minh". Mentions inside person names ("Nguyễn Thái Bình"),
historic names ("Điện Biên Phủ") and far-away places of patriotic campaigns
("Hoàng Sa (Đà Nẵng), Trường Sa (Khánh Hòa)") do not count. Site addresses
written in the text ("http://ldld.caobang.gov.vn") count like a body mention.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from unionnews.lexicon import Province, provinces, read_lines, read_tsv
from unionnews.nlp.normalize import match_key
from unionnews.nlp.places import iter_mentions

if TYPE_CHECKING:
    from unionnews.sources.registry import Registry

#: A web host written in the text: "http://ldld.caobang.gov.vn", "congdoan.hatinh.gov.vn".
HOST_IN_TEXT_RE = re.compile(r"(?:https?://)?(?P<host>(?:[a-z0-9\-]+\.)+(?:gov\.vn|org\.vn|com\.vn|vn))\b")
#: A union, party or state body right before a province name: "lđlđ tỉnh ", "báo ", "cđvc ".
BODY_BEFORE_RE = re.compile(
    r"(?:liên đoàn lao động|lđlđ|công đoàn viên chức|cđvc|công đoàn|tỉnh ủy|thành ủy|ubnd|"
    r"ủy ban nhân dân|hđnd|báo|đài)(?:\s+(?:tỉnh|thành phố|tp\.?))?\s+$"
)

#: A province name continued into a historic name: "Điện Biên| Phủ".
HISTORIC_AFTER_RE = re.compile(r"^\s+phủ\b")
#: Far-away places named in patriotic campaigns shortly before a mention:
#: "biển, đảo Hoàng Sa (Đà Nẵng)", "quần đảo Trường Sa, tỉnh Khánh Hòa".
FAR_PLACE_BEFORE_RE = re.compile(r"(?:hoàng sa|trường sa|biển đảo|biển, đảo)[^.\n]{0,30}$")
#: Title-case words right before a mention may begin a person's name: "Nguyễn |Thái Bình".
MAX_NAME_WORDS_BEFORE = 3
#: Title-case words that belong to bodies and places, not to names: "Công Đoàn Tuyên Quang".
NOT_NAME_WORDS = frozenset(
    "Công Đoàn Liên Báo Tỉnh Thành Phố Huyện Ủy Uỷ Ban Hội Đài Khối Sở Viện Trường Bệnh Đại "
    "Học Cục Chi Nhánh Tổng Phòng Quận Xã Phường Cảng Sân Bay Vùng Miền Đảng Bộ Nhà".split()
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


@cache
def _surnames() -> frozenset[str]:
    return frozenset(read_lines("surnames.txt"))


def _inside_name(text: str, start: int) -> bool:
    """Is the mention at ``start`` the end of a person's name ("Nguyễn Thái Bình")?"""
    before = text[max(0, start - 40) : start]
    if not before.endswith(" "):
        return False
    words: list[str] = []
    for word in reversed(before.split()):
        if not word.istitle() or not word.isalpha() or len(words) == MAX_NAME_WORDS_BEFORE:
            break
        words.insert(0, word)
    if not words or any(w in NOT_NAME_WORDS for w in words):
        return False
    return any(w in _surnames() for w in words)


def _ignored(text: str, key: str, start: int, end: int) -> bool:
    return (
        bool(HISTORIC_AFTER_RE.match(key[end : end + 8]))
        or bool(FAR_PLACE_BEFORE_RE.search(key[max(0, start - 40) : start]))
        or _inside_name(text, start)
    )


def province_mentions(text: str, *, title: str | None = None) -> Counter[str]:
    """Weighted mentions of each province (pre-2025 name) in the title and text."""
    scores: Counter[str] = Counter()
    title_text = title or ""
    title_key = match_key(title_text)
    for start, end, name, _ in iter_mentions(title_text, title_key):
        if not _ignored(title_text, title_key, start, end):
            scores[name] += WEIGHT_TITLE
    key = match_key(text)
    for start, end, name, admin in iter_mentions(text, key):
        if _ignored(text, key, start, end):
            continue
        before = key[max(0, start - 40) : start]
        if BODY_BEFORE_RE.search(before):
            scores[name] += WEIGHT_BODY
        else:
            scores[name] += WEIGHT_ADMIN if admin else WEIGHT_BARE
    for m in HOST_IN_TEXT_RE.finditer(key):
        prov = province_from_host(m["host"])
        if prov:
            scores[prov.name] += WEIGHT_BODY
    table, locality_re = localities()
    for m in locality_re.finditer(key):
        scores[table[m["name"]]] += WEIGHT_ADMIN  # "thành phố Gia Nghĩa": Đắk Nông
    return scores


@cache
def localities() -> tuple[dict[str, str], re.Pattern[str]]:
    """Cities and districts (``lexicon/localities.tsv``) as match key -> province, and the
    pattern that finds them after an administrative word."""
    seen: dict[str, set[str]] = {}
    for row in read_tsv("localities.tsv"):
        seen.setdefault(match_key(row["name"]), set()).add(row["province"])
    table = {name: next(iter(p)) for name, p in seen.items() if len(p) == 1}
    names = "|".join(re.escape(n) for n in sorted(table, key=len, reverse=True))
    return table, re.compile(rf"(?<!\w)(?:thành phố|tp\.?|thị xã|huyện|thị trấn)\s*(?P<name>{names})(?!\w)")


def province_from_site(host: str | None) -> tuple[str | None, str | None]:
    """(province, how it was found) from where the page lives, or (None, None).

    The site registry first: a registered provincial site gives its province; a
    registered national site (a national newspaper, the national federation) gives
    none, and its host is not read for a province either. Then a province named in
    the host: ``hamyen.tuyenquang.gov.vn``, ``congdoan.quangngai.gov.vn``,
    ``baohaiduong.vn``.

    >>> province_from_site("hamyen.tuyenquang.gov.vn")
    ('Tuyên Quang', 'host')
    >>> province_from_site("laodong.vn")
    (None, None)
    """
    if not host:
        return None, None
    site = _registry().lookup(host)
    if site is not None:
        return (site.province, "registry") if site.province else (None, None)
    from_host = province_from_host(host)
    return (from_host.name, "host") if from_host else (None, None)


@cache
def _registry() -> Registry:
    """The packaged site registry, read once per process."""
    from unionnews.sources.registry import load_registry

    return load_registry()


def find_province(
    *, title: str | None, text: str, host: str | None, site_name: str | None = None
) -> tuple[str | None, str | None]:
    """The article's province (pre-2025 name) and how it was found (:data:`unionnews.model.PROVINCE_SOURCES`).

    Where the page lives first (:func:`province_from_site`), then the mentions in the
    title and text, then the publisher's name ("Báo Bình Định" for an article that only
    ever says "tỉnh").
    """
    province, source = province_from_site(host)
    if province:
        return province, source
    scores = province_mentions(text, title=title)
    if scores:
        return scores.most_common(1)[0][0], "text"
    named = province_mentions(site_name) if site_name else Counter()
    return (named.most_common(1)[0][0], "site_name") if named else (None, None)


def infer_province(
    *, title: str | None, text: str, host: str | None, site_name: str | None = None
) -> str | None:
    """The article's province (pre-2025 name), or None when nothing points to one
    (:func:`find_province` without the source).

    >>> infer_province(title="Trao quà Tết", text="LĐLĐ tỉnh trao quà.", host=None, site_name="Báo Bình Định")
    'Bình Định'
    """
    return find_province(title=title, text=text, host=host, site_name=site_name)[0]


def host_of(url: str | None) -> str | None:
    """The host of an http(s) URL; None for file:// URLs and garbage."""
    if not url:
        return None
    parts = urlsplit(url)
    return parts.hostname if parts.scheme in ("http", "https") else None
