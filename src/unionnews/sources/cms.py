"""What each CMS family's URLs look like, and how its listing pages go on.

Sitemaps of provincial union sites list only the newest articles and feeds
only the last few dozen; the archive is reached by paging through section
listings. An adapter knows, for one CMS family, which URLs are articles, which
are listing pages, and how to get from listing page N to N+1, even when the
page's pager only shows a window of page numbers. The generic adapter applies
when the family is unknown; :func:`detect` recognises a family from a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: NukeViet article: "/news/tin-tuc/hoi-nghi-tong-ket-1234.html", "/vi/news/thoi-su/slug-77.html".
NUKEVIET_ARTICLE_RE = re.compile(r"^/(?:[a-z]{2}/)?[\w-]+/[\w-]+/[\w-]+-\d+\.html?$", re.I)
#: NukeViet listing: "/news/tin-tuc/", "/news/tin-tuc/page-3", "/news/page-2.html".
NUKEVIET_LISTING_RE = re.compile(r"^/(?:[a-z]{2}/)?[\w-]+/(?:[\w-]+/)?(?:page-\d+(?:\.html?)?/?)?$", re.I)
#: NukeViet pager part of a path: "/page-3" (optionally ".html").
NUKEVIET_PAGE_RE = re.compile(r"/page-(?P<n>\d+)(?P<ext>\.html?)?/?$", re.I)
#: NukeViet generator meta or theme assets: '<meta name="generator" content="NukeViet v4.5">'.
NUKEVIET_DETECT_RE = re.compile(r"NukeViet|/themes/[\w-]+/js/main\.js|nv_base_siteurl", re.I)

#: WordPress article: "/2023/05/12/slug/", "/2023/05/slug/", "/?p=123".
WORDPRESS_ARTICLE_RE = re.compile(r"^/\d{4}/\d{2}/(?:\d{2}/)?[^/]+/?$|[?&]p=\d+", re.I)
#: WordPress listing: "/category/tin-tuc/", "/tag/x/", "/page/4/".
WORDPRESS_LISTING_RE = re.compile(r"^/(?:category|tag|chuyen-muc)/|/page/\d+/?$", re.I)
#: WordPress pager part of a path: "/page/4/".
WORDPRESS_PAGE_RE = re.compile(r"/page/(?P<n>\d+)/?$", re.I)
#: WordPress assets: "/wp-content/themes/…", "/wp-includes/…".
WORDPRESS_DETECT_RE = re.compile(r"/wp-(?:content|includes)/", re.I)

#: Portal CMS article: Joomla "view=article&id=12", portal "?ItemID=3456", Liferay "/-/slug".
PORTAL_ARTICLE_RE = re.compile(r"view=article|[?&]itemid=\d+|/-/[\w-]+", re.I)
#: Portal CMS listing: Joomla "view=category", pagers "?Page=2" or "limitstart=20", "/Pages/x.aspx".
PORTAL_LISTING_RE = re.compile(r"view=category|[?&](?:page|limitstart|start)=\d+|/pages/[\w-]+\.aspx$", re.I)
#: Portal pager query parameter: "Page", "page", "trang".
PORTAL_PAGE_PARAM_RE = re.compile(r"^(?:page|trang|p)$", re.I)
#: Portal generators: Joomla, Liferay, SharePoint-style "/Pages/…aspx" sites.
PORTAL_DETECT_RE = re.compile(r"Joomla!|Liferay|option=com_content|/Pages/[\w-]+\.aspx", re.I)

#: Newspaper article: "/cong-doan/slug-1234567.ldo", ".bld", ".tld", ".vgp", "-1234.htm(l)".
NEWSPAPER_ARTICLE_RE = re.compile(r"-\d{3,}\.(?:ldo|bld|tld|vgp|vov|vnp|htm|html)$", re.I)
#: Newspaper listing: a section "/cong-doan/", "/cong-doan.htm", pages "/trang-3.htm", "?page=3".
NEWSPAPER_LISTING_RE = re.compile(r"^/[\w-]+(?:/|\.html?)?$|/trang-\d+(?:\.html?)?$|[?&]page=\d+", re.I)
#: Newspaper pager: "/trang-3.htm" or "/trang-3".
NEWSPAPER_PAGE_RE = re.compile(r"/trang-(?P<n>\d+)(?P<ext>\.html?)?$", re.I)

#: Any article URL shape of the families above, for sites of unknown family.
GENERIC_ARTICLE_RE = re.compile(
    r"(?:-\d+\.html?$|\.(?:ldo|bld|tld|vgp|vov|vnp)$|[-_/]\d{4,}(?:\.html?)?$|"
    r"view=article|[?&](?:p|id|newsid|articleid|itemid)=\d+|/\d{4}/\d{2}/\d{2}/[^/]+/?$)",
    re.I,
)
#: Any listing or pager shape: "/news/", "?page=2", "/page-3", "/page/4/", "/trang-5".
GENERIC_LISTING_RE = re.compile(
    r"(?:[?&](?:page|p|trang)=\d+|/page[-/]\d+/?$|/trang-\d+|/(?:news|tin-tuc)/?$)", re.I
)
#: Query parameters that number the pages of a listing: "?page=2", "&trang=3".
PAGE_PARAM_RE = re.compile(r"^(?:page|trang|p)$", re.I)


@dataclass(frozen=True, slots=True)
class CmsAdapter:
    """URL knowledge of one CMS family."""

    name: str
    article_re: re.Pattern[str]
    listing_re: re.Pattern[str]
    detect_re: re.Pattern[str] | None = None

    def _target(self, url: str) -> str:
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def classify(self, url: str) -> str | None:
        """ "article", "listing" or None when this family's patterns say nothing."""
        target = self._target(url)
        if self.article_re.search(target):
            return "article"
        if self.listing_re.search(target):
            return "listing"
        return None

    def next_page(self, url: str) -> str | None:
        """The listing page after ``url``, built from the family's pager scheme."""
        parts = urlsplit(url)
        path_page = _PATH_PAGERS.get(self.name)
        if path_page is not None:
            pager_re, first = path_page
            m = pager_re.search(parts.path)
            if m:
                path = pager_re.sub(_bump(m), parts.path)
            elif parts.query or not parts.path.endswith("/"):
                return _next_query_page(url)
            else:
                path = parts.path + first
            return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
        return _next_query_page(url)


def _bump(m: re.Match[str]) -> str:
    n = int(m.group("n")) + 1
    ext = m.groupdict().get("ext") or ""
    return m.group(0).replace(m.group("n") + ext, f"{n}{ext}", 1)


def _next_query_page(url: str) -> str | None:
    """ "?page=N" -> "?page=N+1"; None when the URL has no page parameter."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    for i, (key, value) in enumerate(query):
        if PAGE_PARAM_RE.match(key) and value.isdigit():
            query[i] = (key, str(int(value) + 1))
            return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
    return None


#: Families whose pager lives in the path: its pattern and the suffix that makes page 2.
_PATH_PAGERS: dict[str, tuple[re.Pattern[str], str]] = {
    "nukeviet": (NUKEVIET_PAGE_RE, "page-2"),
    "wordpress": (WORDPRESS_PAGE_RE, "page/2/"),
    "newspaper": (NEWSPAPER_PAGE_RE, "trang-2"),
}

ADAPTERS: dict[str, CmsAdapter] = {
    a.name: a
    for a in (
        CmsAdapter("nukeviet", NUKEVIET_ARTICLE_RE, NUKEVIET_LISTING_RE, NUKEVIET_DETECT_RE),
        CmsAdapter("wordpress", WORDPRESS_ARTICLE_RE, WORDPRESS_LISTING_RE, WORDPRESS_DETECT_RE),
        CmsAdapter("portal", PORTAL_ARTICLE_RE, PORTAL_LISTING_RE, PORTAL_DETECT_RE),
        CmsAdapter("newspaper", NEWSPAPER_ARTICLE_RE, NEWSPAPER_LISTING_RE),
        CmsAdapter("generic", GENERIC_ARTICLE_RE, GENERIC_LISTING_RE),
    )
}
GENERIC = ADAPTERS["generic"]


def adapter(name: str | None) -> CmsAdapter:
    """The adapter of a CMS family name; the generic one for None or an unknown name."""
    return ADAPTERS.get(name or "generic", GENERIC)


def detect(page: bytes | str) -> CmsAdapter | None:
    """The CMS family whose fingerprints the start of ``page`` carries, if any.

    >>> detect(b'<meta name="generator" content="NukeViet v4.5">').name
    'nukeviet'
    >>> detect("<link href='/wp-content/themes/x/style.css'>").name
    'wordpress'
    >>> detect("<p>plain</p>") is None
    True
    """
    head = page[:60_000].decode("utf-8", "replace") if isinstance(page, bytes) else page[:60_000]
    for candidate in ADAPTERS.values():
        if candidate.detect_re is not None and candidate.detect_re.search(head):
            return candidate
    return None


def pattern_next_page(template: str, url: str) -> str | None:
    """The next page after ``url`` by a registry listing pattern ("…/page-{n}/"), if it matches.

    >>> pattern_next_page("https://laodong.vn/cong-doan?page={n}", "https://laodong.vn/cong-doan?page=4")
    'https://laodong.vn/cong-doan?page=5'
    >>> pattern_next_page("https://laodong.vn/cong-doan?page={n}", "https://laodong.vn/x?page=4") is None
    True
    """
    head, sep, tail = template.partition("{n}")
    if not sep:
        return None
    m = re.fullmatch(re.escape(head) + r"(\d+)" + re.escape(tail), url)
    return f"{head}{int(m.group(1)) + 1}{tail}" if m else None
