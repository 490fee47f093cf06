"""URL canonicalisation: one article, one URL, however the site or a share button wrote it.

A URL that cannot be read (``http://[zzz/bad``, a port out of range, a host with
spaces in it) raises :class:`MalformedURL`, a ``ValueError``: callers drop such a
link with its reason instead of letting it stop a crawl.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

from unionnews.errors import UnionNewsError

#: Query parameters that only track where a click came from: "utm_source", "fbclid", "zarsrc".
TRACKING_PARAM_RE = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|zarsrc|gidzl|_gl|_ga|igshid|mibextid|mc_cid|mc_eid|ref|refid|share)$",
    re.I,
)
#: Query parameters that make a calendar trap: "?date=2023-01-01", "?month=5&year=2031".
CALENDAR_PARAM_RE = re.compile(r"^(?:date|day|month|year|ngay|thang|nam|calendar)$", re.I)
#: A directory index file at the end of a path: "/index.php", "/index.html", "/default.aspx".
INDEX_FILE_RE = re.compile(r"/(?:index|default)\.(?:php|html?|aspx?)$", re.I)

#: An http(s) URL, as opposed to a file:// URL or a bare path: "https://nld.com.vn/…".
WEB_URL_RE = re.compile(r"^https?://", re.I)

#: A host name as the crawler asks DNS for it, once IDNA-encoded: "ldld.caobang.gov.vn", "127.0.0.1".
HOSTNAME_RE = re.compile(r"^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?$", re.I)
#: Longest host name DNS can carry.
MAX_HOST_CHARS = 253

_DEFAULT_PORTS = {"http": 80, "https": 443}
#: Longest link text kept in a malformed-link record.
MAX_SHOWN_CHARS = 300


class MalformedURL(UnionNewsError, ValueError):
    """A URL that cannot be fetched as written: unreadable, no host, a bad port or host name."""

    def __init__(self, url: str, why: str) -> None:
        super().__init__(f"{why}: {shown(url)}")
        self.url = url
        self.why = why


def shown(url: str) -> str:
    """``url`` cut to a length fit for a log line or a database row."""
    return url if len(url) <= MAX_SHOWN_CHARS else url[:MAX_SHOWN_CHARS] + "…"


def _netloc_host(host: str) -> str:
    """A host as it stands in a URL: an IPv6 address in brackets."""
    return f"[{host}]" if ":" in host else host


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, fragment or tracking parameters,
    sorted query, index files dropped, path percent-encoding made consistent.

    >>> canonical_url("HTTP://LDLD.CaoBang.gov.vn:80/index.php?utm_source=fb&id=2&a=1#top")
    'http://ldld.caobang.gov.vn/?a=1&id=2'
    >>> canonical_url("https://nld.com.vn/cong-doan/đại-hội.htm")
    'https://nld.com.vn/cong-doan/%C4%91%E1%BA%A1i-h%E1%BB%99i.htm'
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:  # "Invalid IPv6 URL", "Port out of range 0-65535"
        raise MalformedURL(url, str(exc)) from exc
    scheme = parts.scheme.lower()
    host = _netloc_host((parts.hostname or "").lower().rstrip("."))
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = quote(unquote(parts.path or "/"), safe="/:@!$&'()*+,;=-._~")
    path = INDEX_FILE_RE.sub("/", path)
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAM_RE.match(k)
    )
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def check_url(url: str) -> str:
    """``url`` when it is a web URL the crawler can fetch, else :class:`MalformedURL`.

    The host must be an IP address (IPv6 in brackets) or a name that IDNA can encode,
    and the port, if any, a number from 1 to 65535.

    >>> check_url("http://[::1]:8080/tin-tuc")
    'http://[::1]:8080/tin-tuc'
    >>> try:
    ...     check_url("http://a.vn:99999/x")
    ... except MalformedURL as exc:
    ...     print(exc)
    Port out of range 0-65535: http://a.vn:99999/x
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise MalformedURL(url, str(exc)) from exc
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        raise MalformedURL(url, "not an http or https URL")
    host = parts.hostname or ""
    if not host:
        raise MalformedURL(url, "no host")
    if len(host) > MAX_HOST_CHARS:
        raise MalformedURL(url, f"host name longer than {MAX_HOST_CHARS} characters")
    if port == 0:
        raise MalformedURL(url, "port 0")
    if "[" in parts.netloc:
        try:
            ipaddress.IPv6Address(host)
        except ValueError as exc:
            raise MalformedURL(url, f"bad IPv6 address {host!r}") from exc
        return url
    try:
        ascii_host = host if host.isascii() else host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise MalformedURL(url, f"bad host name {host!r}") from exc
    if not HOSTNAME_RE.match(ascii_host) or any(len(label) > 63 for label in ascii_host.split(".")):
        raise MalformedURL(url, f"bad host name {host!r}")
    return url


def resolve_link(base: str, href: str) -> str:
    """The canonical URL a link on page ``base`` points to; :class:`MalformedURL` when it
    cannot be read. Links to other schemes (``ftp:``, ``data:``) are returned as they are:
    callers leave them out as not web pages.

    >>> resolve_link("http://x.vn/tin/", "../bai-1.html#top")
    'http://x.vn/bai-1.html'
    """
    try:
        target = urljoin(base, href)
    except ValueError as exc:
        raise MalformedURL(href, str(exc)) from exc
    target = canonical_url(target)
    if WEB_URL_RE.match(target):
        check_url(target)
    return target


def host_of(url: str) -> str:
    """The host without a leading "www.": the unit of politeness (an IPv6 address without brackets)."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def site_of(url: str) -> tuple[str, ...]:
    """What makes a URL's site: its origin (scheme, host, port), where "www." or not is one
    host, and http and https on their default ports are one site (a site moving to TLS
    redirects from one to the other).

    >>> site_of("https://www.ldld.vn/a") == site_of("http://ldld.vn/b")
    True
    >>> site_of("http://ldld.vn/a") == site_of("http://ldld.vn:8080/a")
    False
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port
    host = host_of(url)
    if port is None or port == _DEFAULT_PORTS.get(scheme):
        return (host,)
    return (scheme, host, str(port))


def same_site(a: str, b: str) -> bool:
    """Same origin: host ("www." or not), scheme and port, http and https on their
    default ports counting as one (see :func:`site_of`)."""
    return site_of(a) == site_of(b)


def is_calendar_trap(url: str) -> bool:
    """Links generated by calendars go on forever: "?date=…", "?month=…&year=…"."""
    return any(CALENDAR_PARAM_RE.match(k) for k, _ in parse_qsl(urlsplit(url).query))


# --- one page under several URLs ---------------------------------------------------------

#: NukeViet's unrewritten query names: "index.php?language=vi&nv=news&op=tin-tuc/slug-12".
NUKEVIET_MODULE_PARAM = "nv"
NUKEVIET_OP_PARAM = "op"
NUKEVIET_LANGUAGE_PARAM = "language"
#: The last part of a NukeViet ``op`` that names an article: "tin-tuc/hoi-nghi-12" (not "page-2").
NUKEVIET_ARTICLE_OP_RE = re.compile(r"(?<!/page)(?<!^page)-\d+$", re.I)
#: The last part of a NukeViet ``op`` that numbers a listing page: "tin-tuc/page-2".
NUKEVIET_PAGE_OP_RE = re.compile(r"(?:^|/)page-\d+$", re.I)
#: Query parameters that ask for a print or AMP copy of the same page: "?print=1", "?amp",
#: "?view=print", "?outputType=amp".
PRINT_FLAG_PARAM_RE = re.compile(r"^(?:print|amp|printable)$", re.I)
PRINT_VALUE_PARAM_RE = re.compile(r"^(?:view|layout|output|outputtype|format|type|tmpl)$", re.I)
PRINT_VALUE_RE = re.compile(r"^(?:print|amp|component)$", re.I)
#: Path markers of a print or AMP copy: "/amp/slug-1.html", "/print/slug-1.html",
#: "/slug-1.html/amp", "/slug-1.amp", "/slug-1.amp.html".
PRINT_PATH_RE = re.compile(r"^/(?:amp|print)(?=/)|/(?:amp|print)/?$|\.amp(?=\.html?$|$)", re.I)
#: The first page of a listing named explicitly: "?page=1", "&trang=1".
FIRST_PAGE_PARAM_RE = re.compile(r"^(?:page|trang)$", re.I)
#: A rewritten path's tail that does not change the page: ".html", ".htm", a trailing "/".
PAGE_SUFFIX_RE = re.compile(r"(?:\.html?|/)$", re.I)
#: The Vietnamese-language segment NukeViet puts first on multi-language sites: "/vi/news/…".
LANGUAGE_PREFIX_RE = re.compile(r"^/vi(?=/)", re.I)


def nukeviet_rewrite(url: str) -> str | None:
    """The rewritten address of a NukeViet ``index.php?nv=…&op=…`` URL, None for other URLs.

    >>> nukeviet_rewrite("http://x.vn/index.php?language=vi&nv=news&op=tin-tuc/hoi-nghi-12")
    'http://x.vn/news/tin-tuc/hoi-nghi-12.html'
    >>> nukeviet_rewrite("http://x.vn/index.php?nv=news&op=tin-tuc/page-2")
    'http://x.vn/news/tin-tuc/page-2'
    >>> nukeviet_rewrite("http://x.vn/news/tin-tuc/") is None
    True
    """
    parts = urlsplit(url)
    if parts.path not in ("", "/") and not INDEX_FILE_RE.search(parts.path):
        return None
    query = parse_qsl(parts.query, keep_blank_values=True)
    params = dict(query)
    module = params.get(NUKEVIET_MODULE_PARAM, "").strip("/")
    if not module or "/" in module:
        return None
    op = params.get(NUKEVIET_OP_PARAM, "").strip("/")
    if op:
        tail = ".html" if NUKEVIET_ARTICLE_OP_RE.search(op) else "" if NUKEVIET_PAGE_OP_RE.search(op) else "/"
        path = f"/{module}/{op}{tail}"
    else:
        path = f"/{module}/"
    folded = (NUKEVIET_MODULE_PARAM, NUKEVIET_OP_PARAM, NUKEVIET_LANGUAGE_PARAM)
    rest = [(k, v) for k, v in query if k not in folded]
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(rest), ""))


def is_print_copy(url: str) -> bool:
    """Does ``url`` ask for a print or AMP copy of a page ("?print=1", "/amp/…", "….amp")?

    >>> is_print_copy("http://x.vn/tin/a-12.html?print=1"), is_print_copy("http://x.vn/amp/tin/a-12.html")
    (True, True)
    >>> is_print_copy("http://x.vn/tin/a-12.html")
    False
    """
    parts = urlsplit(url)
    return bool(PRINT_PATH_RE.search(parts.path)) or any(
        _print_param(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
    )


def _print_param(key: str, value: str) -> bool:
    return bool(PRINT_FLAG_PARAM_RE.match(key)) or (
        bool(PRINT_VALUE_PARAM_RE.match(key)) and bool(PRINT_VALUE_RE.match(value))
    )


def page_key(url: str) -> str:
    """A key shared by the URLs of one page, to tell that two links lead to the same page.

    On top of :func:`canonical_url` it folds NukeViet's ``index.php?nv=…&op=…`` form onto
    its rewritten path, drops print and AMP markers, an explicit first page ("?page=1"),
    the "/vi" language segment and a ".html" or "/" tail. A key is for comparing only:
    it is never fetched.

    >>> page_key("http://x.vn/index.php?language=vi&nv=news&op=tin-tuc/hoi-nghi-12&utm_source=zalo")
    'http://x.vn/news/tin-tuc/hoi-nghi-12'
    >>> page_key("http://x.vn/vi/news/tin-tuc/hoi-nghi-12.html?print=1")
    'http://x.vn/news/tin-tuc/hoi-nghi-12'
    >>> page_key("http://x.vn/cong-doan/?page=1") == page_key("http://x.vn/cong-doan")
    True
    """
    url = canonical_url(url)
    url = nukeviet_rewrite(url) or url
    parts = urlsplit(url)
    path = LANGUAGE_PREFIX_RE.sub("", PRINT_PATH_RE.sub("", parts.path))
    path = PAGE_SUFFIX_RE.sub("", path) or "/"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _print_param(k, v) and not (FIRST_PAGE_PARAM_RE.match(k) and v == "1")
    ]
    host = host_of(url)
    netloc = host if parts.port is None else f"{_netloc_host(host)}:{parts.port}"
    return urlunsplit(("http" if parts.port is None else parts.scheme, netloc, path, urlencode(query), ""))


def safe_page_key(url: str) -> str:
    """:func:`page_key`, or the URL itself when it cannot be read (it then folds with nothing)."""
    try:
        return page_key(url)
    except (MalformedURL, ValueError):
        return url
