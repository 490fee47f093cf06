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
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from unionnews.lexicon import Province, provinces, read_lines, read_tsv
from unionnews.nlp.normalize import match_key
from unionnews.nlp.patterns import longest_first, word_start_alternation
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


def province_mentions(text: str, *, title: str | None = None, key: str | None = None) -> Counter[str]:
    """Weighted mentions of each province (pre-2025 name) in the title and text (``key``:
    the text's match key when the caller has it)."""
    scores: Counter[str] = Counter()
    title_text = title or ""
    title_key = match_key(title_text)
    for start, end, name, _ in iter_mentions(title_text, title_key):
        if not _ignored(title_text, title_key, start, end):
            scores[name] += WEIGHT_TITLE
    key = match_key(text) if key is None else key
    for start, end, name, admin in iter_mentions(text, key):
        if _ignored(text, key, start, end):
            continue
        before = key[max(0, start - 40) : start]
        if BODY_BEFORE_RE.search(before):
            scores[name] += WEIGHT_BODY
        else:
            scores[name] += WEIGHT_ADMIN if admin else WEIGHT_BARE
    for m in HOST_IN_TEXT_RE.finditer(key) if ".vn" in key else ():  # every host ends ".vn"
        prov = province_from_host(m["host"])
        if prov:
            scores[prov.name] += WEIGHT_BODY
    for place, province in locality_mentions(key):
        if match_key(province) != place:  # "thành phố Lào Cai" is already a mention of Lào Cai
            scores[province] += WEIGHT_ADMIN  # "thành phố Gia Nghĩa": Đắk Nông
    return scores


#: The kind of unit an administrative word names (localities.tsv's ``kind``): towns are
#: upgraded from thị xã to thành phố, so the two are one kind; "thị trấn" (a district's
#: seat, named like its district) names no kind.
ADMIN_KINDS = {
    "thành phố": "town",
    "tp": "town",
    "tp.": "town",
    "thị xã": "town",
    "quận": "quận",
    "huyện": "huyện",
}


@cache
def _locality_index() -> tuple[dict[str, set[str]], dict[tuple[str, str], set[str]]]:
    """Provinces of each locality name (match key), overall and per (kind, name)."""
    by_name: dict[str, set[str]] = {}
    by_kind: dict[tuple[str, str], set[str]] = {}
    for row in read_tsv("localities.tsv"):
        name = match_key(row["name"])
        by_name.setdefault(name, set()).add(row["province"])
        kind = ADMIN_KINDS.get(match_key(row.get("kind") or ""))
        if kind:
            by_kind.setdefault((kind, name), set()).add(row["province"])
    return by_name, by_kind


#: The administrative words before a locality's name, as patterns on match keys, in the order
#: they are tried.
ADMIN_WORDS = ("thành phố", r"tp\.?", "thị xã", "quận", "huyện", "thị trấn")


@cache
def localities() -> tuple[dict[str, str], re.Pattern[str]]:
    """Cities and districts (``lexicon/localities.tsv``) whose name belongs to one province
    (match key -> province), and the pattern that finds any listed name after an
    administrative word (groups ``admin`` and ``name``; on match keys)."""
    by_name, _ = _locality_index()
    table = {name: next(iter(p)) for name, p in by_name.items() if len(p) == 1}
    # ``(?<!\w)(?P<admin>thành phố|…)\s*(?P<name>name1|name2|…)(?!\w)``, names longest first,
    # written so that a search skips the places no administrative word starts at and tries
    # the names as a trie: the same matches, a third of the time
    admin = word_start_alternation(ADMIN_WORDS)
    names = longest_first(by_name)
    return table, re.compile(rf"(?P<admin>{admin})\s*(?P<name>{names})(?!\w)")


def locality_province(admin: str, name: str) -> str | None:
    """The province of the unit ``admin`` + ``name`` (match keys), or None when the name
    is unknown or held by units of two provinces that the word does not tell apart.

    >>> locality_province("huyện", "bát xát"), locality_province("quận", "hoàng mai")
    ('Lào Cai', 'Hà Nội')
    >>> locality_province("thị xã", "hoàng mai"), locality_province("huyện", "châu thành")
    ('Nghệ An', None)
    """
    by_name, by_kind = _locality_index()
    kind = ADMIN_KINDS.get(admin)
    provinces_of = by_kind.get((kind, name)) if kind else None
    if not provinces_of:
        provinces_of = by_name.get(name, set())
    return next(iter(provinces_of)) if len(provinces_of) == 1 else None


def locality_mentions(key: str) -> list[tuple[str, str]]:
    """``(name, province)`` for each city, town or district named after an administrative
    word in ``key`` (a match key) whose province is known: "huyện Bát Xát" -> Lào Cai."""
    _, locality_re = localities()
    found = []
    for m in locality_re.finditer(key):
        prov = locality_province(m["admin"], m["name"])
        if prov:
            found.append((m["name"], prov))
    return found


def province_from_site(host: str | None) -> tuple[str | None, str | None]:
    """(province, how it was found) from where the page lives, or (None, None).

    The site registry first: a registered provincial site gives its province; a
    registered national site (a national newspaper, the national federation, or a
    province's paper that covers the whole country: ``coverage = "national"``) gives
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
        national = site.coverage == "national" or not site.province
        return (None, None) if national else (site.province, "registry")
    from_host = province_from_host(host)
    return (from_host.name, "host") if from_host else (None, None)


@cache
def _registry() -> Registry:
    """The packaged site registry, read once per process."""
    from unionnews.sources.registry import load_registry

    return load_registry()


def find_province(
    *,
    title: str | None,
    text: str,
    host: str | None,
    site_name: str | None = None,
    site_lines: Sequence[str] = (),
    key: str | None = None,
) -> tuple[str | None, str | None]:
    """The article's province (pre-2025 name) and how it was found (:data:`unionnews.model.PROVINCE_SOURCES`).

    ``key`` is the match key of ``text`` when the caller has it already.

    Where the page lives first (:func:`province_from_site`), then the publisher's name
    when it names one province ("Công đoàn Vĩnh Phúc", not for a registered national
    site), then the mentions in the title and text, then the lines where the site names itself
    (``site_lines``: header, banner, footer address), source "site_name": "Báo Bình
    Định", "HUYỆN BÁT XÁT - TỈNH LÀO CAI" for an article that only ever says "tỉnh".
    The site's lines are not read for a registered national site (a national paper's
    footer gives its head office, not the article's province).

    >>> find_province(title="Trao quà Tết", text="LĐLĐ tỉnh trao quà.", host=None,
    ...               site_lines=("Địa chỉ: Khu công nghiệp Khánh An, huyện U Minh",))
    ('Cà Mau', 'site_name')
    """
    province, source = province_from_site(host)
    if province:
        return province, source
    national = _national_site(host)
    publisher = province_mentions(site_name) if site_name and not national else None
    if publisher and len(publisher) == 1:
        # the publisher names itself ("Công đoàn Vĩnh Phúc"): an article about help sent to
        # another province still belongs to the province that wrote it
        return next(iter(publisher)), "site_name"
    scores = province_mentions(text, title=title, key=key)
    if scores:
        return scores.most_common(1)[0][0], "text"
    own = [site_name or ""]
    if not _national_site(host):
        own.extend(site_lines)
    named = province_mentions("\n".join(line for line in own if line))
    return (named.most_common(1)[0][0], "site_name") if named else (None, None)


def _national_site(host: str | None) -> bool:
    """Is ``host`` a registered site of a national body or newspaper?"""
    site = _registry().lookup(host) if host else None
    return site is not None and (not site.province or site.coverage == "national")


def infer_province(
    *,
    title: str | None,
    text: str,
    host: str | None,
    site_name: str | None = None,
    site_lines: Sequence[str] = (),
) -> str | None:
    """The article's province (pre-2025 name), or None when nothing points to one
    (:func:`find_province` without the source).

    >>> infer_province(title="Trao quà Tết", text="LĐLĐ tỉnh trao quà.", host=None, site_name="Báo Bình Định")
    'Bình Định'
    """
    return find_province(title=title, text=text, host=host, site_name=site_name, site_lines=site_lines)[0]


def host_of(url: str | None) -> str | None:
    """The host of an http(s) URL; None for file:// URLs and garbage."""
    if not url:
        return None
    parts = urlsplit(url)
    return parts.hostname if parts.scheme in ("http", "https") else None
