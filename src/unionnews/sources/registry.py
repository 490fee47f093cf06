"""The site registry: which union sites exist, where to start crawling them, and which CMS runs them.

The registry ships as ``sources/sites.toml`` (one ``[[site]]`` table per host) and can be extended or
overridden by a user TOML file of the same format::

    registry = load_registry(Path("my_sites.toml"))
    registry.lookup("https://www.ldld.caobang.gov.vn/news/x-1.html").province   # 'Cao Bằng'
    registry.resolve("vinh phuc")   # seed URLs of every registered Vĩnh Phúc site

Hosts are stored without "www.". :meth:`Registry.lookup` tries the host itself, then its parent
domains, nearest first, and returns a parent only when that parent is registered exactly
(``news.laodong.vn`` finds ``laodong.vn``; ``notlaodong.vn`` finds nothing).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from unionnews.errors import UnionNewsError
from unionnews.lexicon import find_province, provinces
from unionnews.nlp.normalize import match_key, strip_accents
from unionnews.sources.cms import ADAPTERS

if TYPE_CHECKING:  # pandas is imported for `unionnews sites` only: a crawl needs none
    import pandas as pd

__all__ = [
    "CMS_FAMILIES",
    "KINDS",
    "Registry",
    "RegistryError",
    "Site",
    "load_registry",
    "normalize_host",
    "unit_2025",
]

#: What kind of body publishes the site.
KINDS: tuple[str, ...] = (
    "provincial_federation",
    "civil_servants_union",
    "sector_union",
    "newspaper",
    "broadcaster",
    "national",
)
#: How sure an entry is: "confirmed" (a page of the host itself was seen: an article, a
#: section, the body's own about page) or "unconfirmed" (the host is only named or linked
#: by other material, or seen without showing that it carries union news).
STATUSES: tuple[str, ...] = ("confirmed", "unconfirmed")
#: Fields of one piece of evidence: where it was seen, the date it carries, how it was found.
EVIDENCE_FIELDS: tuple[str, ...] = ("url", "seen", "how")
#: An ISO date, or the year and month or the year alone when the evidence gives no more:
#: "2023-05-04", "2022-10", "2019".
ISO_DATE_RE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")
#: Kinds that belong to one province and must name it.
PROVINCIAL_KINDS = frozenset({"provincial_federation", "civil_servants_union"})
#: CMS families, the same names the crawler's adapters use (``sources.cms``).
CMS_FAMILIES: tuple[str, ...] = tuple(ADAPTERS)

#: Columns of :meth:`Registry.as_frame`.
FRAME_COLUMNS = (
    "host",
    "name",
    "kind",
    "province",
    "province_2025",
    "cms",
    "status",
    "entry_points",
    "evidence",
)
#: Fields a ``[[site]]`` table may have.
FIELDS: tuple[str, ...] = (
    "host",
    "name",
    "kind",
    "province",
    "province_2025",
    "cms",
    "entry_points",
    "listing_pattern",
    "rss",
    "sitemaps",
    "active_years",
    "coverage",
    "status",
    "sections",
    "evidence",
    "notes",
)
#: What a site reports on: its own province (the default), or every province ("national": a
#: union newspaper owned by one province's federation that covers the whole country, such as
#: Người Lao Động; its articles take their province from their text, not from the site).
COVERAGES: tuple[str, ...] = ("province", "national")

#: A bare host name of two or more labels: "ldld.caobang.gov.vn", "nld.com.vn".
HOST_RE = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$")
#: A leading "www." (or "www2.") that does not make a different site: "www.congdoan.vn".
WWW_PREFIX_RE = re.compile(r"^www\d*\.")
#: An http(s) URL with a host: "https://laodong.vn/cong-doan".
HTTP_URL_RE = re.compile(r"^https?://[^\s/?#]+", re.IGNORECASE)
#: Any URL scheme, so a CLI argument that is already a URL stays one: "https://…", "file:///…".
URL_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
#: A listing-page template: a path on the site with one "{n}", e.g. "/news/tin-tuc/page-{n}/".
LISTING_PATTERN_RE = re.compile(r"^/[^\s{}]*\{n\}[^\s{}]*$")

_PACKAGED = "sites.toml"
#: The packaged folder of regional registry files.
_REGIONS = "sites"
_MIN_YEAR, _MAX_YEAR = 1945, 2100


class RegistryError(UnionNewsError):
    """A sites TOML file is unreadable or wrong, or a CLI argument names no known site or province.

    ``path``, ``index`` (1-based position of the ``[[site]]`` table) and ``field`` say where, when the
    problem is in a file.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        index: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.index = index
        self.field = field


@dataclass(frozen=True, slots=True)
class Evidence:
    """What an entry rests on: a URL seen in public material, the date it carries (its
    publication date, else the day it was found) and how it was found."""

    url: str
    seen: str  # ISO date: "2024-05-01", or "2024-05" / "2024" when the evidence gives no more
    how: str = ""


#: Kinds that publish much besides union news: a crawl starts from their union sections.
GENERAL_PUBLISHERS = frozenset({"newspaper", "broadcaster"})


@dataclass(frozen=True, slots=True)
class Site:
    """One registered host. Build through :func:`load_registry`, which validates every field."""

    host: str  # without "www.", e.g. "ldld.caobang.gov.vn"
    name: str  # "Liên đoàn Lao động tỉnh Cao Bằng"
    kind: str  # one of KINDS
    province: str | None = None  # pre-2025 name as in provinces.tsv; None for national bodies
    province_2025: str | None = None  # successor after the July 2025 merger
    cms: str = "generic"  # one of CMS_FAMILIES
    entry_points: tuple[str, ...] = ()
    listing_pattern: str | None = None  # "/news/tin-tuc/page-{n}/"
    rss: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    active_years: tuple[int, int | None] | None = None  # (start, end); end None = still active
    notes: str = ""
    coverage: str = "province"  # one of COVERAGES
    status: str = "confirmed"  # one of STATUSES
    #: listing pages of the sections that carry union news ("Công đoàn", "Lao động - Việc làm")
    sections: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    @property
    def seeds(self) -> tuple[str, ...]:
        """Where a crawl starts: a newspaper's union sections and feeds when it has any (it
        publishes far more than union news), else entry points, then feeds, then sitemaps;
        each once."""
        if self.sections and self.kind in GENERAL_PUBLISHERS:
            return tuple(dict.fromkeys((*self.sections, *self.rss)))
        return tuple(dict.fromkeys((*self.sections, *self.entry_points, *self.rss, *self.sitemaps)))

    def listing_url(self, n: int) -> str | None:
        """URL of listing page ``n`` from ``listing_pattern``, on the scheme of the first entry point.

        >>> Site("a.vn", "A", "national", entry_points=("https://a.vn/tin",),
        ...      listing_pattern="/tin?page={n}").listing_url(3)
        'https://a.vn/tin?page=3'
        """
        if self.listing_pattern is None:
            return None
        scheme = urlsplit(self.entry_points[0]).scheme if self.entry_points else "https"
        return f"{scheme}://{self.host}{self.listing_pattern.replace('{n}', str(n))}"


def normalize_host(host_or_url: str) -> str:
    """The registry key of a host or URL: lower case, no port, no trailing dot, no leading "www.".

    >>> normalize_host("HTTPS://www.LDLD.CaoBang.gov.vn:443/news/")
    'ldld.caobang.gov.vn'
    >>> normalize_host("congdoan.vn/tin-tuc")
    'congdoan.vn'
    """
    text = host_or_url.strip()
    if not URL_SCHEME_RE.match(text):
        text = "//" + text  # let urlsplit find the host of "host/path"
    host = (urlsplit(text).hostname or "").rstrip(".").lower()
    return WWW_PREFIX_RE.sub("", host)


class Registry:
    """The sites of the packaged registry plus the user's, in file order, indexed by host."""

    def __init__(self, sites: Iterable[Site]) -> None:
        self._by_host: dict[str, Site] = {}
        for site in sites:
            self._by_host[site.host] = site  # a later site with the same host replaces the earlier

    @property
    def sites(self) -> tuple[Site, ...]:
        return tuple(self._by_host.values())

    def __len__(self) -> int:
        return len(self._by_host)

    def __iter__(self) -> Iterator[Site]:
        return iter(self._by_host.values())

    def __contains__(self, url_or_host: object) -> bool:
        return isinstance(url_or_host, str) and self.lookup(url_or_host) is not None

    def lookup(self, url_or_host: str) -> Site | None:
        """The site a URL or host belongs to, or None.

        "www." is ignored; a subdomain falls back to its nearest registered parent domain, matched
        exactly label by label (never by substring).
        """
        host = normalize_host(url_or_host)
        labels = host.split(".")
        for start in range(len(labels) - 1):
            site = self._by_host.get(".".join(labels[start:]))
            if site is not None:
                return site
        return None

    def by_province(self, province: str) -> tuple[Site, ...]:
        """Sites of a pre-2025 province, named in any form the lexicon knows ("vinh phuc", "TP.HCM")."""
        prov = find_province(province)
        if prov is None:
            return ()
        return tuple(s for s in self._by_host.values() if s.province == prov.name)

    def seed_urls(self, tokens: Iterable[str]) -> list[str]:
        """:meth:`resolve` every CLI argument; the URLs in order, each once."""
        return list(dict.fromkeys(url for token in tokens for url in self.resolve(token)))

    def listing_templates(self) -> dict[str, str]:
        """host -> URL of its listing page N with "{n}" for N, for sites with a listing_pattern."""
        out = {}
        for site in self.sites:
            if site.listing_pattern is not None:
                scheme = urlsplit(site.entry_points[0]).scheme if site.entry_points else "https"
                out[site.host] = f"{scheme}://{site.host}{site.listing_pattern}"
        return out

    def cms_by_host(self) -> dict[str, str]:
        """Host -> CMS family, for the crawler. Sites of family "generic" (not established) are left
        out, so the crawler recognises their family from their pages."""
        return {s.host: s.cms for s in self._by_host.values() if s.cms != "generic"}

    def resolve(self, token: str) -> list[str]:
        """Turn one CLI argument into seed URLs.

        A URL stays as it is; a registered host (or a URL-less subdomain of one) gives that site's
        entry points, feeds and sitemaps; a province name, in any case and with or without
        diacritics, gives those of every registered site of the province. Anything else raises
        :class:`RegistryError` with a suggestion.
        """
        text = " ".join(token.split())
        if not text:
            raise RegistryError("An empty argument names no site: give a URL, a host or a province name.")
        if URL_SCHEME_RE.match(text):
            return [text]
        looks_like_host = "." in text and " " not in text
        if looks_like_host:
            site = self.lookup(text)
            if site is not None:
                return list(site.seeds)
        prov = find_province(text)
        if prov is not None:
            sites = self.by_province(prov.name)
            if not sites:
                raise RegistryError(
                    f"No registered site for the province {prov.name}. Give the site's URL, or add a "
                    "[[site]] with this province to your sites TOML (docs/sites.md)."
                )
            return list(dict.fromkeys(url for site in sites for url in site.seeds))
        host = normalize_host(text) if looks_like_host else ""
        if HOST_RE.match(host):
            raise RegistryError(
                f"'{text}' is not in the site registry. Give a full URL (https://{host}/) to crawl it "
                "as it is, or add a [[site]] for it to your sites TOML (docs/sites.md)." + self._suggest(text)
            )
        raise RegistryError(
            f"'{text}' is neither a URL, a registered host nor a province name." + self._suggest(text)
        )

    def _suggest(self, text: str) -> str:
        """A "Did you mean …?" hint from registered hosts and province names; "" when nothing is close."""
        folded = {strip_accents(match_key(p.name)): p.name for p in provinces()}
        folded.update({host: host for host in self._by_host})
        close = difflib.get_close_matches(strip_accents(match_key(text)), list(folded), n=3, cutoff=0.75)
        if not close:
            return ""
        return " Did you mean: " + ", ".join(folded[c] for c in close) + "?"

    def as_frame(self, *, province: str | None = None, cms: str | None = None) -> pd.DataFrame:
        """One row per site, for ``unionnews sites``; entry points joined by spaces.

        ``province`` keeps the sites whose pre-2025 province or 2025 successor it names (any accents,
        any written form the lexicon knows); ``cms`` keeps one CMS family.
        """
        sites: Iterable[Site] = self._by_host.values()
        if province is not None:
            wanted = self._province_filter(province)
            sites = [s for s in sites if s in wanted]
        if cms is not None:
            if cms.strip().lower() not in CMS_FAMILIES:
                raise RegistryError(f"Unknown CMS family '{cms}'; use one of {', '.join(CMS_FAMILIES)}.")
            sites = [s for s in sites if s.cms == cms.strip().lower()]
        import pandas as pd

        rows = [
            (
                s.host,
                s.name,
                s.kind,
                s.province,
                s.province_2025,
                s.cms,
                s.status,
                " ".join(s.seeds),
                " ".join(e.url for e in s.evidence),
            )
            for s in sites
        ]
        return pd.DataFrame(rows, columns=list(FRAME_COLUMNS))

    def _province_filter(self, name: str) -> frozenset[Site]:
        unit = unit_2025(name)
        prov = find_province(name)
        if prov is None and unit is None:
            raise RegistryError(f"'{name}' is not a province name." + self._suggest(name))
        return frozenset(
            s
            for s in self._by_host.values()
            if (prov is not None and s.province == prov.name)
            or (unit is not None and s.province_2025 == unit)
        )


def unit_2025(name: str) -> str | None:
    """The 2025 province-level unit a name denotes, in its canonical spelling, any accents.

    >>> unit_2025("hue"), unit_2025("PHÚ THỌ"), unit_2025("Vĩnh Phúc")
    ('Huế', 'Phú Thọ', None)
    """
    key = strip_accents(match_key(" ".join(name.split())))
    return next(
        (p.province_2025 for p in provinces() if strip_accents(match_key(p.province_2025)) == key), None
    )


def packaged_sites() -> list[Site]:
    """The packaged registry: ``sources/sites.toml`` (national bodies and the first provincial
    entries), then ``sources/sites/*.toml`` (the provinces by region), in name order. A host
    may appear once in all of them."""
    root = resources.files("unionnews.sources")
    files = [root.joinpath(_PACKAGED)]
    regions = root.joinpath(_REGIONS)
    if regions.is_dir():
        files.extend(sorted((f for f in regions.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name))
    sites: list[Site] = []
    where: dict[str, str] = {}
    for file in files:
        name = (
            f"unionnews/sources/{_PACKAGED}"
            if file.name == _PACKAGED
            else f"unionnews/sources/{_REGIONS}/{file.name}"
        )
        for site in _parse(file.read_text(encoding="utf-8"), name):
            if site.host in where:
                raise RegistryError(
                    f"{name}: host {site.host} is already registered in {where[site.host]}.", path=name
                )
            where[site.host] = name
            sites.append(site)
    return sites


def load_registry(extra: Path | str | None = None) -> Registry:
    """The packaged registry, with the sites of ``extra`` (a TOML file of the same format) merged in.

    A user site replaces the packaged site with the same host (compared without "www."); new hosts
    are added after the packaged ones. Raises :class:`RegistryError` naming the file, the
    ``[[site]]`` entry and the field when something is wrong.
    """
    sites = packaged_sites()
    if extra is not None:
        path = Path(extra)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            problem = exc.strerror or str(exc)
            raise RegistryError(f"Cannot read the sites file {path}: {problem}.", path=str(path)) from exc
        except UnicodeDecodeError as exc:
            raise RegistryError(
                f"The sites file {path} is not UTF-8 text; save it as UTF-8.", path=str(path)
            ) from exc
        sites.extend(_parse(text, str(path)))
    return Registry(sites)


def _parse(text: str, source: str) -> list[Site]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{source} is not valid TOML: {exc}.", path=source) from exc
    unknown = sorted(set(data) - {"site"})
    if unknown:
        raise RegistryError(
            f"{source}: unknown top-level key(s) {', '.join(unknown)}; "
            "a sites file holds only [[site]] tables.",
            path=source,
        )
    tables = data.get("site", [])
    if not isinstance(tables, list):
        raise RegistryError(f"{source}: 'site' must be an array of tables, written [[site]].", path=source)
    sites: list[Site] = []
    first_index: dict[str, int] = {}
    for index, table in enumerate(tables, start=1):
        site = _EntryParser(table, source, index).site()
        if site.host in first_index:
            raise RegistryError(
                f"{source}: [[site]] entry {index}: host {site.host} is already registered by entry "
                f"{first_index[site.host]} of the same file; keep one.",
                path=source,
                index=index,
                field="host",
            )
        first_index[site.host] = index
        sites.append(site)
    return sites


class _EntryParser:
    """Validates one ``[[site]]`` table; every error names the file, the entry and the field."""

    def __init__(self, table: Any, source: str, index: int) -> None:
        self.table = table
        self.source = source
        self.index = index
        self.host = ""

    def fail(self, field: str, problem: str) -> RegistryError:
        where = f"{self.source}: [[site]] entry {self.index}" + (f" ({self.host})" if self.host else "")
        message = f"{where}, field '{field}': {problem}"
        return RegistryError(message, path=self.source, index=self.index, field=field)

    def site(self) -> Site:
        if not isinstance(self.table, Mapping):
            raise self.fail("site", "each [[site]] must be a table of fields.")
        unknown = sorted(set(self.table) - set(FIELDS))
        if unknown:
            raise self.fail(unknown[0], f"unknown field; the fields are {', '.join(FIELDS)}.")
        self.host = self._host()
        kind = self._choice("kind", KINDS, default=None)
        province, province_2025 = self._provinces(kind)
        entry_points = self._urls("entry_points")
        listing_pattern = self._text("listing_pattern", required=False) or None
        if listing_pattern is not None and not LISTING_PATTERN_RE.match(listing_pattern):
            raise self.fail(
                "listing_pattern",
                f"'{listing_pattern}' must be a path on the site with one {{n}}, "
                "e.g. '/news/tin-tuc/page-{n}/'.",
            )
        return Site(
            host=self.host,
            name=self._text("name", required=True),
            kind=kind,
            province=province,
            province_2025=province_2025,
            cms=self._choice("cms", CMS_FAMILIES, default="generic"),
            entry_points=entry_points,
            listing_pattern=listing_pattern,
            rss=self._urls("rss"),
            sitemaps=self._urls("sitemaps"),
            active_years=self._years(),
            notes=self._text("notes", required=False),
            coverage=self._choice("coverage", COVERAGES, default="province"),
            status=self._choice("status", STATUSES, default="confirmed"),
            sections=self._urls("sections"),
            evidence=self._evidence(),
        )

    def _evidence(self) -> tuple[Evidence, ...]:
        value = self.table.get("evidence", [])
        example = 'evidence = [{ url = "https://…/article.html", seen = "2024-05-01", how = "…" }]'
        if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
            raise self.fail("evidence", f"must be a list of tables, e.g. {example}.")
        out = []
        for item in value:
            unknown = sorted(set(item) - set(EVIDENCE_FIELDS))
            if unknown:
                raise self.fail(
                    "evidence", f"unknown key {unknown[0]!r}; the keys are {', '.join(EVIDENCE_FIELDS)}."
                )
            url, seen, how = item.get("url"), item.get("seen"), item.get("how", "")
            if not isinstance(url, str) or not HTTP_URL_RE.match(url.strip()):
                raise self.fail("evidence", f"{url!r} is not an http(s) URL ({example}).")
            if not isinstance(seen, str) or not ISO_DATE_RE.match(seen):
                raise self.fail(
                    "evidence",
                    f"seen = {seen!r} must be an ISO date such as '2024-05-01' (or '2024-05', '2024').",
                )
            if not isinstance(how, str):
                raise self.fail("evidence", f"how = {how!r} must be text.")
            out.append(Evidence(url.strip(), seen, how.strip()))
        return tuple(out)

    def _host(self) -> str:
        raw = self.table.get("host")
        if raw is None:
            raise self.fail("host", 'missing; every [[site]] needs host = "ldld.example.gov.vn".')
        if not isinstance(raw, str) or URL_SCHEME_RE.match(raw.strip()) or "/" in raw:
            raise self.fail("host", f"{raw!r} must be a bare host name such as 'ldld.caobang.gov.vn'.")
        host = normalize_host(raw)
        if not HOST_RE.match(host):
            raise self.fail("host", f"{raw!r} is not a valid host name.")
        return host

    def _text(self, field: str, *, required: bool) -> str:
        value = self.table.get(field)
        if value is None:
            if required:
                raise self.fail(field, "missing.")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(field, f"must be a non-empty string, not {value!r}.")
        return value.strip()

    def _choice(self, field: str, allowed: tuple[str, ...], *, default: str | None) -> str:
        value = self.table.get(field, default)
        if value is None:
            raise self.fail(field, f"missing; use one of {', '.join(allowed)}.")
        if value not in allowed:
            raise self.fail(field, f"{value!r} is not one of {', '.join(allowed)}.")
        return str(value)

    def _provinces(self, kind: str) -> tuple[str | None, str | None]:
        raw = self.table.get("province")
        province: str | None = None
        if raw is not None:
            prov = find_province(raw) if isinstance(raw, str) else None
            if prov is None:
                raise self.fail(
                    "province",
                    f"{raw!r} is not a province of lexicon/provinces.tsv; "
                    "use the pre-2025 name, e.g. 'Vĩnh Phúc'.",
                )
            province = prov.name
        elif kind in PROVINCIAL_KINDS:
            raise self.fail("province", f"missing; a {kind} belongs to a province.")
        raw_2025 = self.table.get("province_2025")
        if raw_2025 is None:
            if province is None:
                return None, None
            prov = find_province(province)
            return province, prov.province_2025 if prov else None
        matched = unit_2025(raw_2025) if isinstance(raw_2025, str) else None
        if matched is None:
            raise self.fail(
                "province_2025",
                f"{raw_2025!r} is not one of the 34 units after the 2025 merger (lexicon/provinces.tsv); "
                "leave it out to have it filled from the province.",
            )
        return province, matched

    def _urls(self, field: str) -> tuple[str, ...]:
        value = self.table.get(field, [])
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(u, str) for u in items):
            raise self.fail(field, f'must be a list of URLs, e.g. {field} = ["https://{self.host}/"].')
        urls = [u.strip() for u in items]
        for url in urls:
            if not HTTP_URL_RE.match(url):
                raise self.fail(field, f"{url!r} is not an http(s) URL.")
            url_host = normalize_host(url)
            if url_host != self.host and not url_host.endswith("." + self.host):
                raise self.fail(field, f"{url} is not on {self.host}; list it under its own [[site]].")
        return tuple(dict.fromkeys(urls))

    def _years(self) -> tuple[int, int | None] | None:
        value = self.table.get("active_years")
        if value is None:
            return None
        years = [value] if _is_year(value) else value
        valid = isinstance(years, list) and 1 <= len(years) <= 2 and all(_is_year(y) for y in years)
        if not valid:
            raise self.fail("active_years", f"{value!r} must be [start] or [start, end], e.g. [2015, 2025].")
        if len(years) == 2 and years[0] > years[1]:
            raise self.fail("active_years", f"{value!r} ends before it starts.")
        return (years[0], years[1] if len(years) == 2 else None)


def _is_year(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and _MIN_YEAR <= value <= _MAX_YEAR
