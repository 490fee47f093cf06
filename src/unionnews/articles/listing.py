"""Is an HTML page a listing of articles, and which trailing lines of an article are links?

A category, tag, search or section page looks like an article to a main-text extractor: its
teasers are paragraphs. :func:`listing_signs` collects the evidence against it (the headline
is a link elsewhere, a pager, dated teasers…) and :func:`is_listing` weighs it.
:func:`link_title_lines` measures how much of a body is link titles, and
:func:`drop_related_links` cuts the list of related articles that ends many articles.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from unionnews.articles.captions import has_key
from unionnews.articles.meta_tags import find_page_url
from unionnews.nlp.normalize import match_key
from unionnews.sources.urls import MalformedURL, page_key

#: A link of the page and its text, whitespace collapsed.
PageLink = tuple[lxml_html.HtmlElement, str]


def page_links(tree: lxml_html.HtmlElement) -> list[PageLink]:
    """Every link of the page with its text (whitespace collapsed), in page order: the
    evidence of link titles reads them several times."""
    return [(a, " ".join(a.text_content().split())) for a in tree.iter("a")]


#: A page whose link-title lines start before this share of its text is a listing, not an
#: article (an article's body comes before any list of related links).
MAX_LISTING_LEAD = 0.25
#: Shortest link text counted as an article title on a listing page.
MIN_LINK_TITLE_CHARS = 12


#: A list bullet opening a line: "- ", "• ", "* ", "+ ".
BULLET_RE = re.compile(r"^\s*[-–•*+]\s+")
#: A heading over a list of links to other articles: "Tin liên quan", "Các tin khác", "Xem thêm".
RELATED_HEADING_RE = re.compile(
    r"^\s*(?:các\s+)?(?:tin|bài(?: viết)?)\s+(?:liên quan|khác|cùng chuyên mục|đã đưa)\s*:?\s*$|"
    r"^\s*(?:xem thêm|đọc thêm)\s*:?\s*$",
    re.I,
)
#: Fewest trailing link-title lines taken for a related-news list.
MIN_RELATED_LINKS = 2


def _link_flags(
    tree: lxml_html.HtmlElement, body: list[str], links: list[PageLink] | None = None
) -> list[bool]:
    """For each body line: is it (a bullet and) the title of a link of the page, give or take
    a short tail such as a date "(28/02/2023)"?"""
    titles: dict[str, set[str]] = {}  # by first character
    for _, text in page_links(tree) if links is None else links:
        if len(text) >= MIN_LINK_TITLE_CHARS:
            titles.setdefault(text[0], set()).add(text)
    flags = []
    for raw in body:
        line = BULLET_RE.sub("", raw)
        flags.append(
            bool(line)
            and any(line.startswith(t) and len(t) >= 0.6 * len(line) for t in titles.get(line[0], ()))
        )
    return flags


def drop_related_links(
    tree: lxml_html.HtmlElement, body: list[str], *, links: list[PageLink] | None = None
) -> tuple[list[str], int]:
    """Cut a trailing list of links to other articles (and its heading) from the body.

    Returns the body and the number of lines cut. The body must keep text before the list.
    ``links`` are the :func:`page_links`, when the caller has them.
    """
    flags = _link_flags(tree, body, links)
    end = len(body)
    while end and flags[end - 1]:
        end -= 1
    if len(body) - end < MIN_RELATED_LINKS or end == 0:
        return body, 0
    if end and RELATED_HEADING_RE.match(body[end - 1]):
        end -= 1
    return body[:end], len(body) - end


def link_title_lines(
    tree: lxml_html.HtmlElement, body: list[str], *, links: list[PageLink] | None = None
) -> tuple[float, int, float]:
    """Share of body characters and number of body lines that are link titles of the
    page, and the share of body characters before the first such line.

    A listing page's "main text" is its teasers: items that open with the text of a
    link to an article, from the first line on. An article that ends with a list of
    related links has its whole body before the first of them. ``links`` are the
    :func:`page_links`, when the caller has them.
    """
    if not body:
        return 0.0, 0, 1.0
    is_link = _link_flags(tree, body, links)
    total = sum(len(line) for line in body) or 1
    linked = sum(len(line) for line, yes in zip(body, is_link, strict=True) if yes)
    first = is_link.index(True) if any(is_link) else len(body)
    lead = sum(len(line) for line in body[:first]) / total
    return linked / total, sum(is_link), lead


#: Body lines that open with a link title, from which a page may be a listing.
MIN_LISTING_LINKS = 3
#: Links of a listing's pager, in a path and query: "?page=2", "&trang=3", "/page-2",
#: "/page/2/", "/trang-2.htm".
PAGER_LINK_RE = re.compile(
    r"[?&](?:page|trang)=\d+(?:&|$)|/page[-/]\d+(?:\.html?)?/?(?:\?|$)|/trang-\d+(?:\.html?)?(?:\?|$)", re.I
)
#: Addresses of category, tag, search and calendar pages: "/category/x/", "/tag/y/",
#: "/chuyen-muc/z", "/tim-kiem?q=…", "/search/", "?keyword=…", "?s=…", "?date=…".
LISTING_ADDRESS_RE = re.compile(
    r"/(?:category|categories|tag|tags|chuyen-muc|danh-muc|chu-de|tim-kiem|search|archives?|luu-tru)"
    r"(?:/|\.html?|\?|$)|[?&](?:q|s|keyword|tukhoa|tu-khoa|key|date|day|month|year|ngay|thang)=",
    re.I,
)
#: A day-first date in a listing item: "12/05/2023", "2/5/2023", "12-05-2023".
ITEM_DATE_RE = re.compile(r"(?<!\d)\d{1,2}[/-]\d{1,2}[/-](?:19|20)\d{2}(?!\d)")
#: Elements that hold one teaser of a listing.
_ITEM_TAGS = frozenset({"li", "article", "tr", "div", "dd", "section", "p"})
#: Longest teaser text; a longer element is a column of teasers, not one.
MAX_ITEM_CHARS = 600
#: Fewest dated link items that make a list of teasers.
MIN_DATED_ITEMS = 3
#: The evidence that a page is a listing (category, tag, search, calendar, section front page):
LISTING_SIGNS = {
    "title_link": "the headline is the text of a link to another page (a teaser's title)",
    "numbered_page": "its address is a numbered page of a listing (?page=N, /page-N, /trang-N)",
    "listing_address": "its address is a category, tag, search or calendar page",
    "pager": "it has a pager (links to ?page=N, /page-N, /trang-N)",
    "dated_items": f"at least {MIN_DATED_ITEMS} items each with a link title and a date",
    "teasers": "several lines of its text open with the title of a link",
    "no_date": "no publication date",
}
#: The links of a pager marked by its class (elements without a class are passed over quickly).
_PAGER_XPATH = "//*[@class][contains(@class,'pagination')]//a"
#: Signs that an article page hardly ever shows; a listing needs one of them and another sign.
STRONG_LISTING_SIGNS = frozenset({"title_link", "numbered_page", "listing_address"})


def is_listing(signs: tuple[str, ...]) -> bool:
    """Do the signs make a listing? One strong sign and any other one.

    >>> is_listing(("title_link", "dated_items")), is_listing(("dated_items", "teasers"))
    (True, False)
    """
    return len(set(signs)) >= 2 and bool(STRONG_LISTING_SIGNS.intersection(signs))


def _address(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _safe_key(url: str) -> str | None:
    try:
        return page_key(url)
    except (MalformedURL, ValueError):
        return None


def _title_links_elsewhere(
    tree: lxml_html.HtmlElement, title: str, base: str, links: list[PageLink] | None = None
) -> bool:
    """Is the headline the text of a link to another page than ``base`` (a web URL)?"""
    key = match_key(title)
    own = _safe_key(base)
    for a, text in page_links(tree) if links is None else links:
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        if not has_key(text, key):
            continue
        try:
            target = urljoin(base, href)
        except ValueError:
            continue
        if _safe_key(target) != own:
            return True
    return False


def _bounded_text(node: lxml_html.HtmlElement, limit: int) -> str | None:
    """The text of ``node``, or None as soon as it is longer than ``limit`` (bounded work)."""
    parts: list[str] = []
    size = 0
    for piece in node.itertext():
        size += len(piece)
        if size > limit:
            return None
        parts.append(piece)
    return "".join(parts)


def _dated_items(tree: lxml_html.HtmlElement, links: list[PageLink] | None = None) -> int:
    """Teasers: the nearest item element (li, div…) around a link with a title-like text,
    short and holding one date. Each item costs at most :data:`MAX_ITEM_CHARS` of text, once."""
    items: set[lxml_html.HtmlElement] = set()
    seen: set[lxml_html.HtmlElement] = set()
    for a, link_text in page_links(tree) if links is None else links:
        if len(link_text) < MIN_LINK_TITLE_CHARS:
            continue
        item = next((p for p in a.iterancestors() if p.tag in _ITEM_TAGS), None)
        if item is None or item in seen:
            continue
        seen.add(item)
        text = _bounded_text(item, MAX_ITEM_CHARS)
        if text is not None and len(ITEM_DATE_RE.findall(text)) == 1:
            items.add(item)
    return len(items)


def listing_signs(
    tree: lxml_html.HtmlElement,
    title: str | None,
    url: str | None,
    published: str | None,
    link_lines: int,
    *,
    links: list[PageLink] | None = None,
) -> tuple[str, ...]:
    """The evidence (keys of :data:`LISTING_SIGNS`) that the page is a listing of articles.

    ``url`` is the page's web address (else its canonical link is used); without one the
    signs that need it are not looked for. ``links`` are the :func:`page_links`, when the
    caller has them.
    """
    signs = []
    base = url if url and url.startswith(("http://", "https://")) else find_page_url(tree)
    if title and base and _title_links_elsewhere(tree, title, base, links):
        signs.append("title_link")
    if base and PAGER_LINK_RE.search(_address(base)):
        signs.append("numbered_page")
    if base and LISTING_ADDRESS_RE.search(_address(base)):
        signs.append("listing_address")
    hrefs = (str(h) for h in tree.xpath("//a/@href"))
    if any(PAGER_LINK_RE.search(h) for h in hrefs) or tree.xpath(_PAGER_XPATH):
        signs.append("pager")
    if _dated_items(tree, links) >= MIN_DATED_ITEMS:
        signs.append("dated_items")
    if link_lines >= MIN_LISTING_LINKS:
        signs.append("teasers")
    if published is None:
        signs.append("no_date")
    return tuple(signs)
