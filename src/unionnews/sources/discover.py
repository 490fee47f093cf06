"""Links to follow: from HTML pages, robots.txt, sitemaps (and indexes) and RSS/Atom feeds.

Sitemaps and feeds are XML from the open web, so they are parsed with entity
resolution, DTD loading and network access off and a size limit, and a document
that declares a DTD internal subset or entities (anywhere in it, in whatever
encoding) is refused before and after parsing: a "billion laughs" sitemap, or an
Atom ``<link href="&e;"/>`` whose entity names a URL, is refused, never expanded.
Files listed in a sitemap or feed (PDF, images, office documents) are not pages:
they come out as "other", as on HTML pages. A link that cannot be read
(``http://[zzz/bad``, a port out of range) comes out as "malformed", with its
reason: the crawler records it and goes on.
"""

from __future__ import annotations

import codecs
import gzip
import io
import logging
import re
import zlib
from dataclasses import dataclass, field, replace
from datetime import date
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree
from lxml import html as lxml_html

from unionnews.nlp.temporal import parse_date
from unionnews.sources.cms import GENERIC, PAGE_PARAM_RE, CmsAdapter
from unionnews.sources.urls import (
    MalformedURL,
    canonical_url,
    is_calendar_trap,
    nukeviet_rewrite,
    resolve_link,
    same_site,
    shown,
)

logger = logging.getLogger(__name__)

#: Largest sitemap or feed parsed (bytes, after gunzip).
MAX_XML_BYTES = 20_000_000
#: "Sitemap: https://host/sitemap.xml" lines of a robots.txt.
ROBOTS_SITEMAP_RE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)
#: Pager parts of a listing path: "/page-3", "/page/3/", "/trang-3.htm".
PAGER_PATH_RE = re.compile(r"/(?:page-\d+(?:\.html?)?|page/\d+|trang-\d+(?:\.html?)?)/?$", re.I)
#: Files that are not pages to read: documents, images, archives ("/files/bao-cao.pdf").
NOT_PAGE_RE = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|zip|rar|7z|jpe?g|png|gif|webp|mp[34]|avi|css|js|ico|svg)$", re.I
)
#: Tags whose text is searched for the date printed beside a link on a listing page.
_ITEM_TAGS = frozenset({"li", "article", "tr", "dd", "dt", "div", "p", "section"})
#: Longest item text searched for that date; longer containers are whole columns, not items.
MAX_ITEM_CHARS = 600
#: Longest text kept for one link (its anchors' words, a feed item's title).
MAX_LINK_TEXT = 300
#: Runs of whitespace in a link's text.
_SPACES_RE = re.compile(r"\s+")
#: The charset parameter of a Content-Type header: "text/html; charset=windows-1258".
CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([\w\-:.]+)", re.I)

#: No entity substitution (lxml still expands declared entities in attribute values: hence the
#: refusal of documents that declare any), no DTD loaded, no network, libxml2's size limits kept.
_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
)
#: Logged when a sitemap or feed is refused for declaring a DTD or entities.
DTD_REFUSED = "XML with a DTD or entity declarations refused (possible entity-expansion bomb)"
#: Markup declarations: they exist only in a DTD (and refuse the document wherever they stand).
_DECLARATIONS = (b"<!ENTITY", b"<!ATTLIST", b"<!ELEMENT", b"<!NOTATION")
#: The encoding an XML declaration names: <?xml version="1.0" encoding="windows-1258"?>.
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
#: Encodings in which markup is ASCII once NUL bytes are dropped (UTF-16 and UTF-32 included).
_ASCII_MARKUP = frozenset(
    {"ascii", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
)


@dataclass(frozen=True, slots=True)
class Discovered:
    url: str
    #: "article" | "listing" | "page" (next page of the listing it was found on) |
    #: "sitemap" | "feed" | "other" | "malformed" (``url`` as written, ``reason`` says why) |
    #: "alias" (another URL of this very page, as the page declares: its ``<link rel="amphtml">``)
    kind: str
    published: str | None = None  # ISO date when the source gives one
    reason: str = ""
    #: The words that name the link: its anchors' text, a feed item's or news sitemap's title.
    text: str = field(default="", compare=False)


def _malformed(exc: MalformedURL) -> Discovered:
    logger.debug("malformed link dropped: %s", exc)
    return Discovered(shown(exc.url), "malformed", reason=exc.why)


def not_a_page(url: str) -> bool:
    """A file (PDF, image, office document, ...) or a calendar link: never fetched.

    >>> not_a_page("http://x.vn/files/bao-cao.PDF?download=1"), not_a_page("http://x.vn/a-1.html")
    (True, False)
    """
    return is_calendar_trap(url) or NOT_PAGE_RE.search(urlsplit(url).path) is not None


def classify(url: str, cms: CmsAdapter | None = None) -> str:
    """article / listing / other from the URL's shape, the site's CMS family first.

    >>> classify("http://ldld.laocai.gov.vn/news/tin-tuc/hoi-nghi-12.html")
    'article'
    >>> from unionnews.sources.cms import adapter
    >>> classify("https://laodong.vn/cong-doan/", adapter("newspaper"))
    'listing'
    >>> classify("http://x.vn/lich?date=2023-01-01")
    'other'
    """
    if not_a_page(url):
        return "other"
    url = nukeviet_rewrite(url) or url  # "index.php?nv=news&op=…" is classified as its rewritten path
    for family in (cms, GENERIC) if cms is not None and cms is not GENERIC else (GENERIC,):
        if family is GENERIC:
            target = urlsplit(url)
            rest = target.path + (f"?{target.query}" if target.query else "")
            if GENERIC.listing_re.search(rest):
                return "listing"
        kind = family.classify(url)
        if kind is not None:
            return kind
    return "listing"


def listing_base(url: str) -> str:
    """A listing URL without its page number: the pages of one listing share it.

    >>> listing_base("http://x.vn/news/tin-tuc/page-3")
    'http://x.vn/news/tin-tuc'
    >>> listing_base("http://x.vn/index.php?cat=2&page=4")
    'http://x.vn/index.php?cat=2'
    """
    parts = urlsplit(url)
    path = PAGER_PATH_RE.sub("", parts.path).rstrip("/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not PAGE_PARAM_RE.match(k)]
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), ""))


def from_robots(url: str, body: bytes) -> list[Discovered]:
    out = []
    for m in ROBOTS_SITEMAP_RE.findall(body.decode("utf-8", "replace")):
        try:
            out.append(Discovered(resolve_link(url, m), "sitemap"))
        except MalformedURL as exc:
            out.append(_malformed(exc))
    return out


def _declares_dtd(body: bytes) -> bool:
    """Does ``body`` have a DOCTYPE with an internal subset, or any markup declaration
    (``<!ENTITY``, ``<!ATTLIST``, ...), anywhere, in any encoding the XML parser reads?

    In UTF-8, the 8-bit encodings and UTF-16/UTF-32 (either byte order, with a BOM or
    not) markup is ASCII once the NUL bytes are dropped; a document declaring another
    encoding (UTF-7, ...) is also searched decoded with that encoding.
    """
    ascii_view = body.replace(b"\x00", b"")
    texts = [ascii_view]
    declared = _XML_ENCODING_RE.match(ascii_view.removeprefix(codecs.BOM_UTF8).lstrip(b"\xff\xfe"))
    if declared:
        try:
            codec = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            codec = ""  # unknown to Python: the check of the parsed tree still applies
        if codec and codec not in _ASCII_MARKUP:
            texts.append(body.decode(codec, "replace").encode("utf-8", "replace"))
    for text in texts:
        if any(decl in text for decl in _DECLARATIONS):
            return True
        doctype = text.find(b"<!DOCTYPE")
        if doctype >= 0:
            end = text.find(b">", doctype)
            if b"[" in text[doctype : end if end >= 0 else len(text)]:
                return True
    return False


def _xml_root(body: bytes) -> etree._Element | None:
    if body[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
                body = fh.read(MAX_XML_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:
            logger.warning("unreadable gzip: %s", exc)
            return None
    if len(body) > MAX_XML_BYTES:
        logger.warning("sitemap or feed over %d bytes ignored", MAX_XML_BYTES)
        return None
    if _declares_dtd(body):
        logger.warning(DTD_REFUSED)
        return None
    try:
        root = etree.fromstring(body, _XML_PARSER)
    except etree.XMLSyntaxError as exc:
        logger.warning("unreadable XML: %s", exc)
        return None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and (any(True for _ in dtd.iterentities()) or any(True for _ in dtd.iterelements())):
        # an encoding the byte search could not read: the parser saw the declarations
        logger.warning(DTD_REFUSED)
        return None
    return root


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower()


def _iso(text: str | None) -> str | None:
    if not text:
        return None
    text = text.strip()
    try:
        return parsedate_to_datetime(text).date().isoformat()  # RSS: "Tue, 09 Feb 2022 10:17:00 +0700"
    except (TypeError, ValueError):
        pass  # not an RFC 2822 date: try ISO and Vietnamese day-first forms
    day = parse_date(text)
    return day.isoformat() if day else None


def from_xml(url: str, body: bytes) -> list[Discovered]:
    """Links of a sitemap index, a sitemap, an RSS or an Atom feed.

    Pages listed are articles; files (PDF, images, office documents) and calendar
    links are "other", as on HTML pages, and are not fetched.
    """
    root = _xml_root(body)
    if root is None:
        return []
    kind = _local(root.tag)
    out: list[Discovered] = []

    def page(link: str, published: str | None, as_kind: str | None = None, text: str = "") -> Discovered:
        try:
            target = resolve_link(url, link)
        except MalformedURL as exc:
            return _malformed(exc)
        kind = as_kind or ("other" if not_a_page(target) else "article")
        return Discovered(target, kind, published, text=link_text(text))

    for node in root.iter():
        name = _local(node.tag)
        if kind == "sitemapindex" and name == "sitemap":
            loc = _child_text(node, "loc")
            if loc:
                out.append(page(loc, _iso(_child_text(node, "lastmod")), "sitemap"))
        elif kind == "urlset" and name == "url":
            loc = _child_text(node, "loc")
            if loc:
                out.append(page(loc, _iso(_child_text(node, "lastmod")), text=_news_title(node)))
        elif name in ("item", "entry"):
            link = _child_text(node, "link") or next(
                (str(c.get("href")) for c in node if _local(c.tag) == "link" and c.get("href")), None
            )
            if link:
                when = (
                    _child_text(node, "pubdate")
                    or _child_text(node, "published")
                    or _child_text(node, "updated")
                )
                out.append(page(link, _iso(when), text=_child_text(node, "title") or ""))
    return out


def _news_title(node: etree._Element) -> str:
    """The ``<news:title>`` of a news sitemap's ``<url>``, else an image's title ("" when none)."""
    found = ""
    for child in node.iter():
        if child is node or _local(child.tag) != "title" or not child.text:
            continue
        parent = child.getparent()
        if parent is not None and _local(parent.tag) == "news":
            return str(child.text)
        found = found or str(child.text)
    return found


def link_text(text: str) -> str:
    """A link's words on one line, at most :data:`MAX_LINK_TEXT` characters.

    >>> link_text("  Công đoàn\\n   tỉnh  ")
    'Công đoàn tỉnh'
    """
    return _SPACES_RE.sub(" ", text).strip()[:MAX_LINK_TEXT]


def _anchor_text(node: lxml_html.HtmlElement) -> str:
    """The words an ``<a>`` shows or declares: its text, else its ``title``, else its images' ``alt``."""
    text = link_text(node.text_content())
    if text:
        return text
    alts = [str(img.get("alt")) for img in node.iter("img") if img.get("alt")]
    return link_text(str(node.get("title") or "") or " ".join(alts))


def _child_text(node: etree._Element, name: str) -> str | None:
    for child in node:
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def _item_date(node: lxml_html.HtmlElement) -> str | None:
    """The date printed in the listing item around a link ("12/05/2023" beside a title)."""
    for parent in node.iterancestors():
        if parent.tag in _ITEM_TAGS:
            text = parent.text_content()
            if len(text) > MAX_ITEM_CHARS:
                return None
            day = parse_date(text)
            return day.isoformat() if day else None
    return None


def _html_tree(body: bytes, charset: str | None) -> lxml_html.HtmlElement:
    """The page parsed as UTF-8 when it reads as UTF-8, else in the charset its server declared,
    else as the page itself says (its ``<meta charset>``): link words are read right even
    when only the HTTP header names the charset."""
    try:
        body.decode("utf-8")
        encoding: str | None = "utf-8"
    except UnicodeDecodeError:
        encoding = charset
    if encoding is not None:
        try:
            return lxml_html.fromstring(body, parser=lxml_html.HTMLParser(encoding=encoding))
        except LookupError:
            logger.debug("unknown charset %s: the page's own declaration is used", encoding)
    return lxml_html.fromstring(body)


def from_html(
    url: str, body: bytes, cms: CmsAdapter | None = None, charset: str | None = None
) -> list[Discovered]:
    """Same-site links of an HTML page, each classified with the site's CMS family.

    Feeds announced in ``<link rel=alternate>`` are feeds; on a listing, links to
    other pages of the same listing are "page" links, and article links carry the
    date printed beside them, so date-bounded crawls can stop paging. ``charset`` is
    the one the server declared (its words are read in it).
    """
    try:
        tree = _html_tree(body, charset)
    except (etree.ParserError, ValueError):
        return []
    base = listing_base(url)
    seen: set[str] = set()
    out: list[Discovered] = []
    texts: dict[str, list[str]] = {}  # target -> the words of each of its anchors, in order
    for node in tree.xpath("//link[@rel='alternate'][contains(@type,'rss') or contains(@type,'atom')]"):
        href = node.get("href")
        if href:
            try:
                out.append(Discovered(resolve_link(url, href), "feed"))
            except MalformedURL as exc:
                out.append(_malformed(exc))
    for node in tree.xpath("//link[@rel='amphtml'][@href]"):
        try:  # the page's own AMP copy: the same page, never to be fetched
            out.append(Discovered(resolve_link(url, str(node.get("href"))), "alias"))
        except MalformedURL as exc:
            out.append(_malformed(exc))
    for node in tree.xpath("//a[@href]"):
        href = str(node.get("href")).strip()
        if not href or href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        try:
            target = resolve_link(url, href)
        except MalformedURL as exc:
            if shown(exc.url) not in seen:
                seen.add(shown(exc.url))
                out.append(_malformed(exc))
            continue
        if not target.startswith(("http://", "https://")) or not same_site(url, target):
            continue
        words = _anchor_text(node)
        if words and words not in texts.setdefault(target, []):
            texts[target].append(words)  # a thumbnail and a title often link to the same page
        if target in seen:
            continue
        seen.add(target)
        kind = classify(target, cms)
        if kind == "listing" and listing_base(target) == base and target != canonical_url(url):
            kind = "page"
        out.append(Discovered(target, kind, _item_date(node) if kind == "article" else None))
    return [replace(d, text=link_text(" ".join(texts[d.url]))) if texts.get(d.url) else d for d in out]


#: Frontier kinds of documents that are XML whatever their Content-Type says (a child sitemap
#: served as "text/html" or "application/octet-stream", "sitemap.php?type=news").
XML_KINDS = frozenset({"sitemap", "feed"})
#: The start of a sitemap or feed, whatever its Content-Type: "<?xml", "<urlset", "<rss", "<feed".
XML_START_RE = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<(?:\?xml|urlset|sitemapindex|rss|feed|rdf:rdf)\b", re.I)


def looks_xml(body: bytes) -> bool:
    """A sitemap or feed by its first bytes (gzip-compressed ones included).

    >>> looks_xml(b"<?xml version='1.0'?><urlset/>"), looks_xml(b"<html><body>x</body></html>")
    (True, False)
    """
    return body[:2] == b"\x1f\x8b" or XML_START_RE.match(body[:512]) is not None


def extract_links(
    url: str, content_type: str, body: bytes, cms: CmsAdapter | None = None, kind: str | None = None
) -> list[Discovered]:
    """What to fetch next, given a fetched URL, its Content-Type, its bytes, the site's CMS and
    the kind the frontier gave the URL (a sitemap or feed is read as XML whatever its type)."""
    ctype = content_type.lower()
    if url.rstrip("/").endswith("/robots.txt"):
        return from_robots(url, body)
    if (
        (kind in XML_KINDS and looks_xml(body))
        or "xml" in ctype
        or "rss" in ctype
        or url.endswith((".xml", ".xml.gz", ".rss"))
    ):
        return from_xml(url, body)
    if "html" in ctype:
        declared = CHARSET_RE.search(content_type)
        return from_html(url, body, cms, declared.group(1) if declared else None)
    return []


def is_recent(found: Discovered, since: date | None) -> bool:
    """False only when the link carries a date and it is older than ``since``."""
    if since is None or found.published is None:
        return True
    return date.fromisoformat(found.published[:10]) >= since
