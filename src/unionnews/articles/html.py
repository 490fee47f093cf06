"""HTML pages to title, date, body and byline: trafilatura for the main text, our rules for the rest.

trafilatura finds the article body well on NukeViet, WordPress and newspaper
templates, but its dates are unreliable here (NukeViet's ``datePublished``
carries the *edit* time; htmldate reads "(GMT+7)" suffixes as 1 January), so
the published time comes from the page's visible Vietnamese dateline first
(NukeViet prints it right under the ``<h1>``: "Thứ bảy - 09/10/2021 22:48"),
then from ``article:published_time``-style meta tags, and only then from
htmldate, whose answer is kept only when that date is visible on the page.

The title is the heading that the page's ``og:title``/``<title>`` agrees with
(NukeViet themes also put the *site* name in an ``<h1>``), else ``og:title`` or
``<title>`` without the site-name suffix. The body then goes through the same
chrome, spam and byline rules as saved text pages; the page's menu and
breadcrumb links feed the injected-phrase rule.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable
from datetime import date
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml import html as lxml_html
from lxml.etree import ParserError, XMLSyntaxError

from unionnews.articles.byline import AUTHOR_LABEL_RE, BYLINE_RE, NAME_RE, find_author
from unionnews.articles.captions import collapsed_key, find_captions, restore_captions
from unionnews.articles.chrome import chrome_reason, clean_spam_lines, dated_link_runs
from unionnews.articles.dates import parse_date_value, parse_dateline
from unionnews.articles.lines import dropped
from unionnews.articles.text import ParsedPage, find_dateline, read_body
from unionnews.model import DroppedLine
from unionnews.nlp.normalize import clean_text, match_key
from unionnews.sources.urls import MalformedURL, page_key

logger = logging.getLogger(__name__)

#: Words that mark a title segment as a site or section name, not part of the headline:
#: "Liên đoàn Lao động tỉnh Cao Bằng", "Báo Hà Tĩnh điện tử", "congdoan.vn", "Tin tức".
SITE_NAME_RE = re.compile(
    r"^(?:liên đoàn lao động|công đoàn|lđlđ|cđvc|báo|cổng thông tin|trang thông tin|tạp chí|"
    r"đài|tin tức|tin hoạt động|hoạt động|trang chủ|thời sự|www\.)|\.(?:vn|com|net|org)\b|điện tử$"
)
#: A table row rendered by the main-text extractor: "| a | b |".
TABLE_ROW_RE = re.compile(r"^\|\s*(?P<cells>.*?)\s*\|$")
#: The cell separator inside a rendered table row (an escaped "\|" is text): "a | b".
CELL_SEP_RE = re.compile(r"\s+(?<!\\)\|\s+")
#: Block elements that show a table is page layout, not data.
_LAYOUT_XPATH = ".//p|.//div|.//h1|.//h2|.//h3|.//table|.//ul"
#: Menu and breadcrumb containers whose link texts are the page's own chrome phrases.
_CHROME_LINKS_XPATH = (
    "//nav//a|//*[contains(@class,'menu') or contains(@id,'menu') or contains(@class,'breadcrumb')"
    " or contains(@class,'nav')]//a"
)
#: Elements that hold a byline on common templates: class/itemprop "author", NukeViet's right-aligned p.
_AUTHOR_XPATH = "//*[@itemprop='author' or contains(@class,'author') or contains(@class,'byline')]"
#: Meta tags that carry a publication time (NukeViet's datePublished is the edit time: not here).
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "pubdate",
    "publishdate",
    "date",
    "dc.date.issued",
    "dc.date",
)
#: Headings that may hold the headline: "<h1>", "<h2 class='title'>".
#: The element that shows the publication time: WordPress's "entry-date published", schema.org.
_PUBLISHED_TIME_XPATH = (
    "//time[contains(concat(' ', normalize-space(@class), ' '), ' published ') or @itemprop='datePublished']"
)
_HEADING_XPATH = (
    "//h1|//h2[contains(@class,'title')]|//h3[contains(@class,'title')]"
    # old portals: the headline in a table cell or block whose class is just "title"
    "|//td[contains(concat(' ', normalize-space(@class), ' '), ' title ')]"
    "|//div[contains(concat(' ', normalize-space(@class), ' '), ' title ')]"
)
#: A heading inside the page header or logo names the site: "<div id='header'><h1>LĐLĐ tỉnh …</h1>".
_HEADER_ANCESTOR_XPATH = (
    "ancestor::header|ancestor::*[contains(@id,'header') or contains(@class,'header') or "
    "contains(@class,'logo') or contains(@id,'logo') or contains(@class,'banner')]"
)
#: Words before a name in an author field: "bởi ", "by ", "Tác giả: ", "Người viết:".
AUTHOR_PREFIX_RE = re.compile(r"^\s*(?:bởi|by|tác giả(?: bài viết)?|người viết|phóng viên|pv)\s*:?\s*", re.I)
#: Meta tags that carry the author.
AUTHOR_META = ("author", "article:author", "dc.creator")
#: Tags whose text is never page text.
_INVISIBLE = ("script", "style", "noscript", "template")
#: The headline is looked for among this many first lines of the extracted text.
TITLE_SEARCH_LINES = 4
#: A text block shorter than this is not taken for the article by the fallback.
MIN_BLOCK_CHARS = 200


def _meta(tree: lxml_html.HtmlElement, name: str) -> str | None:
    for attr in ("property", "name", "itemprop"):
        values = tree.xpath(f"//meta[@{attr}=$n]/@content", n=name)
        if values and str(values[0]).strip():
            return " ".join(clean_text(str(values[0])).split())
    return None


#: Separators between a page title and the site's name at its end: "Tiêu đề | Báo Bình
#: Định điện tử", "Tiêu đề - Liên đoàn Lao động tỉnh Cao Bằng".
TITLE_SUFFIX_RE = re.compile(r"\s+[|–—-]\s+(?P<site>[^|–—]{3,60})$")
#: The site's name at the start of a page title, up to the first separator (" - ", " | ",
#: " – ", ": "): "CÔNG ĐOÀN NGÀNH GIÁO DỤC THỪA THIÊN HUẾ - Tổng kết năm học …".
TITLE_PREFIX_RE = re.compile(r"^(?P<site>[^|–—»:]{3,80}?)(?:\s+[|–—»-]|:)\s+(?=\S)")
#: Fewest words of a segment in capitals taken for a site name ("BÁO AN GIANG", not "TP.HCM").
MIN_CAPS_SITE_WORDS = 2
#: Shortest headline left once a site name is cut off a page title.
MIN_HEADLINE_CHARS = 8


def _in_capitals(text: str) -> bool:
    """Written in capitals, as a site's banner name ("BÁO BÌNH THUẬN ĐIỆN TỬ")?"""
    letters = [c for c in text if c.isalpha()]
    return len(text.split()) >= MIN_CAPS_SITE_WORDS and bool(letters) and all(c.isupper() for c in letters)


def _strip_site_prefix(title: str, site_names: Iterable[str] = ()) -> str:
    """Drop a leading "SITE NAME - " segment: one the page gives as its site's name (og:site_name,
    its banner), or one in capitals before a headline that is not.

    >>> _strip_site_prefix("BÁO BÌNH THUẬN - Trao 450 suất quà Tết cho công nhân")
    'Trao 450 suất quà Tết cho công nhân'
    >>> _strip_site_prefix("Công đoàn ngành Giáo dục tổng kết năm học 2018 - 2019")
    'Công đoàn ngành Giáo dục tổng kết năm học 2018 - 2019'
    """
    m = TITLE_PREFIX_RE.match(title)
    if not m:
        return title
    rest = title[m.end() :].strip()
    segment = match_key(m["site"].strip())
    named = any(segment == match_key(name.strip()) for name in site_names if name)
    capitals = _in_capitals(m["site"]) and not _in_capitals(rest)
    if len(rest) < MIN_HEADLINE_CHARS or not (named or capitals):
        return title
    return rest


def _strip_site_suffix(title: str, site_name: str | None, others: Iterable[str] = ()) -> str:
    """Drop trailing " - Site name" / " | Section" segments that name a site or section
    (``others``: names the page gives itself elsewhere, e.g. its header's site title)."""
    names = {match_key(n) for n in (site_name, *others) if n}
    for _ in range(3):
        m = TITLE_SUFFIX_RE.search(title)
        if not m:
            break
        segment = m.group().strip(" -|–»:")
        is_site = bool(SITE_NAME_RE.search(match_key(segment))) or match_key(segment) in names
        if not is_site:
            break
        title = title[: m.start()].rstrip()
    return title


def _text(node: lxml_html.HtmlElement) -> str:
    return " ".join(clean_text(node.text_content()).split())


#: Headings that are never the article's headline: in navigation, a sidebar or the footer,
#: or marked for screen readers or as a widget's/site's title ("Điều hướng bài viết",
#: "Bài viết mới", a theme's hidden "screen-reader-text" heading).
_NOT_HEADLINE_XPATH = (
    "ancestor-or-self::nav|ancestor-or-self::aside|ancestor-or-self::footer"
    "|ancestor-or-self::*[contains(@class,'screen-reader') or contains(@class,'sr-only')"
    " or contains(@class,'widget') or contains(@class,'site-title') or contains(@role,'navigation')]"
)


def _site_like_heading(
    node: lxml_html.HtmlElement, text: str, site_name: str | None, page_title: str
) -> bool:
    """A heading that names the site: in the header/logo, equal to og:site_name, or the <title> suffix."""
    key = match_key(text)
    if site_name and key == match_key(site_name):
        return True
    if node.xpath(_HEADER_ANCESTOR_XPATH):
        return True
    title_key = match_key(page_title)
    return title_key != key and title_key.endswith(key)


def find_site_name(tree: lxml_html.HtmlElement) -> str | None:
    """The publisher's name: og:site_name, else the <title>'s site-name prefix
    ("CÔNG ĐOÀN NGÀNH GIÁO DỤC THỪA THIÊN HUẾ - …"), else the last part of the <title>."""
    site_name = _meta(tree, "og:site_name")
    if site_name:
        return " ".join(site_name.split())
    titles = tree.xpath("//title")
    page_title = _text(titles[0]) if titles else ""
    prefix = TITLE_PREFIX_RE.match(page_title)
    if prefix and _strip_site_prefix(page_title) != page_title:
        return prefix["site"].strip()
    m = TITLE_SUFFIX_RE.search(page_title)
    return m["site"].strip() if m else None


#: An absolute web address, as a page's canonical URL must be.
ABSOLUTE_URL_RE = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)


def find_page_url(tree: lxml_html.HtmlElement) -> str | None:
    """Where the page says it lives: ``<link rel="canonical">``, else ``og:url``; None when
    neither is an absolute http(s) URL."""
    for value in [*tree.xpath("//link[@rel='canonical']/@href"), _meta(tree, "og:url")]:
        if value and ABSOLUTE_URL_RE.match(str(value).strip()):
            return str(value).strip()
    return None


def find_title(tree: lxml_html.HtmlElement, site_lines: Iterable[str] = ()) -> str | None:
    """The article's headline (see the module docstring for the order of evidence).

    ``site_lines`` are where the site names itself (:func:`find_site_lines`): a <title>
    segment equal to one of them is the site's name, not the headline.
    """
    site_name = _meta(tree, "og:site_name")
    metas = [t for t in (_meta(tree, "og:title"), _meta(tree, "twitter:title")) if t]
    titles = tree.xpath("//title")
    page_title = _text(titles[0]) if titles else ""
    if page_title:
        metas.append(page_title)
    keys = [match_key(m) for m in metas]
    metas = [_strip_site_prefix(m, [site_name or "", *site_lines]) for m in metas]
    keys += [match_key(m) for m in metas]
    headings: list[str] = []
    own_names: list[str] = [*site_lines]
    for node in tree.xpath(_HEADING_XPATH):
        text = _text(node)
        if len(text) < 8:
            continue
        hk = match_key(text)
        names_site = bool(site_name) and hk == match_key(site_name or "")
        if not names_site and any(k == hk or k.startswith(hk + " ") for k in keys):
            return text  # the heading the page's <title>/og:title agree with
        if node.xpath(_NOT_HEADLINE_XPATH):
            own_names.append(text)  # the site's own title, or a navigation or widget heading
            continue
        if not _site_like_heading(node, text, site_name, page_title):
            headings.append(text)
    long_headings = [h for h in headings if len(h.split()) >= 3]
    if long_headings:
        return long_headings[0]
    for meta in metas:
        stripped = _strip_site_suffix(meta, site_name, own_names)
        if len(stripped) >= 8:
            return stripped
    return headings[0] if headings else None


def _visible_lines(tree: lxml_html.HtmlElement) -> list[str]:
    for bad in tree.xpath("|".join(f"//{t}" for t in _INVISIBLE)):
        bad.drop_tree()
    for br in tree.iter("br"):
        br.tail = "\n" + (br.tail or "")
    body = tree.find("body")
    root = body if body is not None else tree
    text = "\n".join(t for t in root.itertext())
    return [" ".join(line.split()) for line in clean_text(text).split("\n") if line.strip()]


def _visible_date(iso: str, page_key: str) -> bool:
    """Is the date of ``iso`` written on the page ("9/10/2021", "09/10/2021", "2021-10-09")?"""
    day = date.fromisoformat(iso[:10])
    forms = (
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day}/{day.month:02d}/{day.year}",
        f"{day.day:02d}/{day.month}/{day.year}",
        day.isoformat(),
        f"{day.day} tháng {day.month} năm {day.year}",
    )
    return any(f in page_key for f in forms)


def _htmldate(page: str, lines: list[str]) -> str | None:
    """htmldate's guess, kept only when that date is visible on the page."""
    from htmldate import find_date  # imported lazily: rarely needed

    try:
        found = find_date(page, original_date=True, extensive_search=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError) as exc:
        logger.debug("htmldate failed: %s", exc)
        return None
    if found and _visible_date(found, match_key("\n".join(lines))):
        return str(found)
    return None  # not on the page: "(GMT+7)" misread as 1 January, or a date from a script


#: A visible line this long is a paragraph of the article body.
BODY_PARAGRAPH_CHARS = 120


#: A line this long is prose: a date found after one is not the article's dateline.
FIRST_PROSE_CHARS = 80


def find_published(
    tree: lxml_html.HtmlElement, lines: list[str], title: str | None
) -> tuple[str | None, str | None]:
    """(ISO publication time, the visible dateline it came from when there is one)."""
    start = 0
    if title:
        tk = match_key(title)
        start = next((i for i, line in enumerate(lines) if match_key(line) == tk), 0)
    meta_time = None
    for name in PUBLISHED_META:
        value = _meta(tree, name)
        meta_time = parse_date_value(value) if value else None
        if meta_time:
            break
    # a date after the body has begun belongs to something else (a related-news list)
    paragraphs = [i for i, line in enumerate(lines) if i > start and len(line) > BODY_PARAGRAPH_CHARS]
    body_end = paragraphs[1] if len(paragraphs) > 1 else len(lines)
    shown_time = _time_element(tree)
    for offset, window in ((start, lines[start:body_end]), (0, lines[:body_end])):
        found = find_dateline(window)
        if found:
            iso = found[1]
            other = shown_time[0] if shown_time else meta_time
            if offset == 0 and found[0] < start and other and other[:10] != iso[:10]:
                break  # a date above the headline (the site's "today", a sidebar) the page contradicts
            at = offset + found[0]
            if meta_time and meta_time[:10] != iso[:10] and any(
                len(line) >= FIRST_PROSE_CHARS for line in lines[start + 1 : at]
            ):
                break  # a date below the body's first paragraph (a list item) the meta tag contradicts
            if meta_time and len(iso) == 10 and meta_time.startswith(iso):
                iso = meta_time  # the visible line has the day, the meta tag adds the time
            return iso, lines[offset + found[0]]
    if shown_time:
        return shown_time
    return meta_time, None


def _time_element(tree: lxml_html.HtmlElement) -> tuple[str, str] | None:
    """(ISO time, text shown) of the element that shows the publication time, when readable."""
    for node in tree.xpath(_PUBLISHED_TIME_XPATH):
        shown = " ".join(node.text_content().split())
        visible = parse_dateline(shown) if shown else None
        if visible:  # "<time class='entry-date published' datetime=…>24/08/2023</time>"
            stamp = parse_date_value(node.get("datetime") or "")
            return (stamp if stamp and stamp.startswith(visible[:10]) else visible), shown
    return None


def unwrap_layout_tables(tree: lxml_html.HtmlElement) -> int:
    """Turn tables used for page layout (old portals) into plain blocks; return how many.

    Main-text extractors flatten a layout table into one "| … |" line, gluing the
    menu, the title and every paragraph together. A table whose cells hold
    paragraphs, headings or other tables is layout, so its tags become divs.
    """
    n = 0
    for table in reversed(tree.xpath("//table")):
        if not table.xpath(_LAYOUT_XPATH):
            continue
        for node in [table, *table.iter("tbody", "thead", "tfoot", "tr", "td", "th")]:
            node.tag = "div"
        n += 1
    return n


def _row_text(line: str) -> str:
    """ "| a | b |" -> "a b"; other lines unchanged."""
    m = TABLE_ROW_RE.match(line.strip())
    if not m:
        return line
    return " ".join(c for c in CELL_SEP_RE.split(m["cells"]) if c).replace("\\|", "|")


def longest_block(tree: lxml_html.HtmlElement) -> list[str]:
    """Lines of the element with the most paragraph text: the fallback main text."""
    best: lxml_html.HtmlElement | None = None
    best_len = 0
    for node in tree.xpath("//div|//td|//article|//section|//main|//body"):
        own = len(node.text or "") + sum(
            len(_text(child)) + len(child.tail or "")
            for child in node
            if isinstance(child.tag, str)
            and child.tag in ("p", "span", "font", "b", "i", "em", "strong", "br")
        )
        if own > best_len:
            best, best_len = node, own
    if best is None or best_len < MIN_BLOCK_CHARS:
        return []
    return _visible_lines(best)


def chrome_phrases(tree: lxml_html.HtmlElement) -> list[str]:
    """Texts of the page's menu and breadcrumb links (candidates for injected phrases)."""
    found = {_text(a) for a in tree.xpath(_CHROME_LINKS_XPATH)}
    return sorted(p for p in found if 2 <= len(p.split()) <= 8)


def _name_or_none(value: str) -> str | None:
    """The personal name in an author field ("bởi Lê An", "Tác giả: Lê An", "Bài và ảnh: Hải
    Yến", "Thu Hà (CĐ ngành Giáo dục)"), or None ("admin").

    >>> _name_or_none("Bài và ảnh: Hải Yến"), _name_or_none("Thu Hà (CĐ ngành Giáo dục)")
    ('Hải Yến', 'Thu Hà')
    >>> _name_or_none("Quản trị viên") is None
    True
    """
    value = " ".join(value.split())
    value = AUTHOR_LABEL_RE.sub("", AUTHOR_PREFIX_RE.sub("", value)).strip()
    if NAME_RE.fullmatch(value):
        return value
    m = BYLINE_RE.match(value)
    return m["name"] if m and m["unit"] else None


def _meta_author(tree: lxml_html.HtmlElement) -> str | None:
    for name in AUTHOR_META:
        value = _meta(tree, name)
        found = _name_or_none(value) if value else None
        if found:
            return found
    for node in tree.xpath(_AUTHOR_XPATH):
        found = _name_or_none(_text(node))
        if found:
            return found
    return None


def _after_title(body: list[str], title: str | None) -> list[str]:
    """Drop the headline (and a category label above it) when the extractor kept them."""
    if not title:
        return body
    key = match_key(title)
    for i, line in enumerate(body[:TITLE_SEARCH_LINES]):
        if match_key(line) == key:
            return body[i + 1 :]
    return body


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


def _link_flags(tree: lxml_html.HtmlElement, body: list[str]) -> list[bool]:
    """For each body line: is it (a bullet and) the title of a link of the page, give or take
    a short tail such as a date "(28/02/2023)"?"""
    titles = {
        " ".join(a.text_content().split())
        for a in tree.iter("a")
        if len(" ".join(a.text_content().split())) >= MIN_LINK_TITLE_CHARS
    }
    flags = []
    for raw in body:
        line = BULLET_RE.sub("", raw)
        flags.append(
            bool(titles)
            and bool(line)
            and any(line.startswith(t) and len(t) >= 0.6 * len(line) for t in titles if t[:1] == line[:1])
        )
    return flags


def drop_related_links(tree: lxml_html.HtmlElement, body: list[str]) -> tuple[list[str], int]:
    """Cut a trailing list of links to other articles (and its heading) from the body.

    Returns the body and the number of lines cut. The body must keep text before the list.
    """
    flags = _link_flags(tree, body)
    end = len(body)
    while end and flags[end - 1]:
        end -= 1
    if len(body) - end < MIN_RELATED_LINKS or end == 0:
        return body, 0
    if end and RELATED_HEADING_RE.match(body[end - 1]):
        end -= 1
    return body[:end], len(body) - end


def link_title_lines(tree: lxml_html.HtmlElement, body: list[str]) -> tuple[float, int, float]:
    """Share of body characters and number of body lines that are link titles of the
    page, and the share of body characters before the first such line.

    A listing page's "main text" is its teasers: items that open with the text of a
    link to an article, from the first line on. An article that ends with a list of
    related links has its whole body before the first of them.
    """
    if not body:
        return 0.0, 0, 1.0
    is_link = _link_flags(tree, body)
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


def _title_links_elsewhere(tree: lxml_html.HtmlElement, title: str, base: str) -> bool:
    """Is the headline the text of a link to another page than ``base`` (a web URL)?"""
    key = match_key(title)
    own = _safe_key(base)
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        if match_key(" ".join(a.text_content().split())) != key:
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


def _dated_items(tree: lxml_html.HtmlElement) -> int:
    """Teasers: the nearest item element (li, div…) around a link with a title-like text,
    short and holding one date. Each link costs at most :data:`MAX_ITEM_CHARS` of text."""
    items: set[lxml_html.HtmlElement] = set()
    for a in tree.iter("a"):
        if len(" ".join(a.text_content().split())) < MIN_LINK_TITLE_CHARS:
            continue
        item = next((p for p in a.iterancestors() if p.tag in _ITEM_TAGS), None)
        if item is None or item in items:
            continue
        text = _bounded_text(item, MAX_ITEM_CHARS)
        if text is not None and len(ITEM_DATE_RE.findall(text)) == 1:
            items.add(item)
    return len(items)


def listing_signs(
    tree: lxml_html.HtmlElement, title: str | None, url: str | None, published: str | None, link_lines: int
) -> tuple[str, ...]:
    """The evidence (keys of :data:`LISTING_SIGNS`) that the page is a listing of articles.

    ``url`` is the page's web address (else its canonical link is used); without one the
    signs that need it are not looked for.
    """
    signs = []
    base = url if url and url.startswith(("http://", "https://")) else find_page_url(tree)
    if title and base and _title_links_elsewhere(tree, title, base):
        signs.append("title_link")
    if base and PAGER_LINK_RE.search(_address(base)):
        signs.append("numbered_page")
    if base and LISTING_ADDRESS_RE.search(_address(base)):
        signs.append("listing_address")
    hrefs = (str(h) for h in tree.xpath("//a/@href"))
    if any(PAGER_LINK_RE.search(h) for h in hrefs) or tree.xpath("//*[contains(@class,'pagination')]//a"):
        signs.append("pager")
    if _dated_items(tree) >= MIN_DATED_ITEMS:
        signs.append("dated_items")
    if link_lines >= MIN_LISTING_LINKS:
        signs.append("teasers")
    if published is None:
        signs.append("no_date")
    return tuple(signs)


#: Class names of the lead paragraph (sapo) that news CMSs print under the title and
#: main-text extractors often drop: "sapo", "detail-sapo", "hometext", "nd-summary", "lead".
LEAD_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:sapo|hometext|summary|lead|chapeau|tomtat|tom-tat)(?:$|[\s_-])", re.I
)
#: Length bounds of a lead paragraph, in characters.
LEAD_CHARS = (40, 800)


def find_lead(tree: lxml_html.HtmlElement) -> str | None:
    """The lead paragraph of the article, if the page marks one (first match in page order)."""
    for node in tree.iter():
        cls = node.get("class") if isinstance(node.tag, str) else None
        if not cls or not LEAD_CLASS_RE.search(cls):
            continue
        text = " ".join(node.text_content().split())
        links = " ".join(" ".join(a.text_content().split()) for a in node.iter("a"))
        if LEAD_CHARS[0] <= len(text) <= LEAD_CHARS[1] and len(links) < len(text) / 2:
            return text
    return None


def _parse_tree(page: str) -> lxml_html.HtmlElement:
    try:
        return lxml_html.document_fromstring(page)
    except (ParserError, XMLSyntaxError, ValueError) as exc:
        logger.debug("lxml could not parse the page as a document (%s); wrapping it", exc)
        return lxml_html.document_fromstring(f"<html><body>{page}</body></html>")


#: Elements that start a new line of visible text.
BLOCK_TAGS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 tr td th table section article header footer nav aside "
    "main figure figcaption blockquote pre dd dt dl form address br hr title".split()
)


def block_lines(tree: lxml_html.HtmlElement) -> list[str]:
    """The page's visible text, one line per block element (paragraph, list item, cell…),
    whitespace collapsed: what a reader sees, line by line, for the dropped-lines account."""
    root = copy.deepcopy(tree)
    for bad in root.xpath("|".join(f"//{t}" for t in _INVISIBLE) + "|//head"):
        bad.drop_tree()
    return _lines_of(root)


def _lines_of(root: lxml_html.HtmlElement) -> list[str]:
    """The text of ``root`` (changed in place), one line per block element."""
    for node in root.iter():
        if isinstance(node.tag, str) and node.tag in BLOCK_TAGS:
            node.text = "\n" + (node.text or "")
            node.tail = "\n" + (node.tail or "")
    body = root.find("body")
    text = clean_text((body if body is not None else root).text_content())
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


#: The page's own header, banner and logo, outside the article: where a site names itself
#: ("CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN BÁT XÁT - TỈNH LÀO CAI").
_SITE_HEADER_XPATH = (
    "//header[not(ancestor::article or ancestor::main)]"
    "|//*[(contains(@id,'header') or contains(@class,'header') or contains(@class,'banner') or "
    "contains(@id,'banner') or contains(@class,'logo') or contains(@id,'logo')) "
    "and not(ancestor::article or ancestor::main or ancestor-or-self::*[contains(@class,'entry')])]"
)
#: The page's footer, where a site prints its address.
_SITE_FOOTER_XPATH = "//footer|//*[contains(@id,'footer') or contains(@class,'footer')]"
#: A footer line giving the publisher's address: "Địa chỉ: 22 Lê Lợi, thành phố Huế",
#: "Trụ sở: …", "Đ/c: …", "Address: …".
ADDRESS_LINE_RE = re.compile(r"(?:^|\W)(?:địa chỉ|trụ sở(?: chính)?|đ/c|address)\s*:", re.I)
#: Most header lines read for the site's own name (menus can be long).
MAX_SITE_HEADER_LINES = 20


def _outermost(nodes: list[lxml_html.HtmlElement]) -> list[lxml_html.HtmlElement]:
    chosen = set(nodes)
    return [n for n in nodes if not any(a in chosen for a in n.iterancestors())]


def find_site_lines(tree: lxml_html.HtmlElement) -> list[str]:
    """The lines where the site names itself: its header, banner and logo (the first
    :data:`MAX_SITE_HEADER_LINES` lines), and the address lines of its footer.

    They say where the publisher is when the article only says "tỉnh": a district
    portal's banner, a company's footer address.
    """
    lines: list[str] = []
    for node in _outermost(tree.xpath(_SITE_HEADER_XPATH)):
        lines.extend(_spaced_lines(node)[:MAX_SITE_HEADER_LINES])
        lines.extend(str(alt) for alt in node.xpath(".//img/@alt") if str(alt).strip())
    for node in _outermost(tree.xpath(_SITE_FOOTER_XPATH)):
        lines.extend(line for line in _spaced_lines(node) if ADDRESS_LINE_RE.search(line))
    return list(dict.fromkeys(" ".join(clean_text(line).split()) for line in lines))


def _spaced_lines(node: lxml_html.HtmlElement) -> list[str]:
    """The lines of ``node`` with a space between inline elements ("<span>BÁO X</span><span>Cơ
    quan…</span>" is two words apart, not "XCơ")."""
    root = copy.deepcopy(node)
    for bad in root.xpath("|".join(f".//{t}" for t in _INVISIBLE)):
        bad.drop_tree()
    for child in root.iterdescendants():
        if isinstance(child.tag, str):
            child.tail = " " + (child.tail or "")
    return _lines_of(root)


#: How far past the last matched place a visible line is looked for in the kept text
#: (lines come in page order, so a kept line is near the previous one).
ACCOUNT_WINDOW = 100_000


def account_lines(visible: list[str], kept: list[str], explicit: dict[str, str]) -> list[DroppedLine]:
    """Every visible line of the page that is not in ``kept`` (title, dateline, body),
    with its reason: the one our rules gave it (``explicit``: collapsed key -> reason),
    else its chrome kind, else "outside_main_text".

    Lines are matched in page order: a line counts as kept when it is a kept line, or is
    found in the kept text within :data:`ACCOUNT_WINDOW` characters after the previous
    match (linear time however long the page is).
    """
    keys = [collapsed_key(line) for line in kept]
    whole = set(keys)
    kept_key = " \n ".join(keys)
    cursor = 0
    drops: list[DroppedLine] = []
    for i, line in enumerate(visible):
        key = collapsed_key(line)
        if not key or key in whole:
            continue
        at = kept_key.find(key, max(0, cursor - 1000), cursor + ACCOUNT_WINDOW)
        if at < 0 and cursor:
            at = kept_key.find(key, 0, min(len(kept_key), ACCOUNT_WINDOW))  # the title, above all
        if at >= 0:
            cursor = max(cursor, at + len(key))
            continue
        reason = explicit.get(key) or chrome_reason(line) or "outside_main_text"
        drops.append(dropped(i + 1, line, reason))
    return drops


def parse_html_page(page: str, *, title: str | None = None, url: str | None = None) -> ParsedPage:
    """Split an HTML page (already decoded) into title, date, body and byline.

    ``title`` is the article's title when it came with the page as metadata; ``url`` the
    page's address, when known (for the listing evidence). Every visible line that is not
    in the title, the dateline or the body is in ``dropped``.
    """
    tree = _parse_tree(page)
    site_lines = find_site_lines(tree)
    title = title or find_title(tree, site_lines)
    site_name = find_site_name(tree)
    extra_chrome = chrome_phrases(tree)
    spam_context = [*(t for t in (title, _meta(tree, "keywords"), _meta(tree, "description")) if t)]
    author_hint = _meta_author(tree)
    visible = block_lines(tree)
    captions = find_captions(tree)
    unwrap_layout_tables(tree)
    main = trafilatura.extract(
        lxml_html.tostring(tree, encoding="unicode"),
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        deduplicate=False,
        with_metadata=False,
    )
    lines = _visible_lines(tree)
    published, dateline = find_published(tree, lines, title)
    notes: list[str] = []
    explicit: dict[str, str] = {}
    if published is None:
        published = _htmldate(page, lines)
        if published:
            notes.append("published date guessed by htmldate")
    if main:
        raw = [_row_text(line) for line in clean_text(main).split("\n")]
    else:
        notes.append("main-text extractor found nothing; used the longest text block")
        raw = longest_block(tree)
    kept_at, body_drops = read_body(raw, 0)
    explicit.update((collapsed_key(d.text), d.reason) for d in body_drops)
    body = [raw[i].strip() for i in kept_at]
    after = _after_title(body, title)
    explicit.update((collapsed_key(line), "repeated_title") for line in body[: len(body) - len(after)])
    body = after
    lead_text = find_lead(tree)
    if lead_text and main and not any(match_key(lead_text[:60]) in match_key(line) for line in body):
        body.insert(0, lead_text)  # the sapo is the article's first paragraph
        notes.append("lead paragraph restored from the page")
    if main and (n_captions := restore_captions(body, visible, captions)):
        notes.append(f"{n_captions} photo captions restored from the page")
    related = dated_link_runs(body)
    explicit.update((collapsed_key(body[i]), "related_links") for i in related)
    body = [line for i, line in enumerate(body) if i not in related]
    if related:
        notes.append(f"{len(related)} lines of dated links to other articles removed")
    share, n_linked, lead = link_title_lines(tree, body)
    signs = listing_signs(tree, title, url, published, n_linked)
    if lead >= MAX_LISTING_LEAD:  # an article: links at its end are related news, not its text
        trimmed, n_related = drop_related_links(tree, body)
        explicit.update((collapsed_key(line), "related_links") for line in body[len(trimmed) :])
        body = trimmed
        if n_related:
            notes.append(f"{n_related} lines of links to related articles removed")
    byline = author_hint or ""
    byline_key = match_key(byline)
    shown = next((line for line in lines if byline and match_key(line) == byline_key), None)
    if main and byline and shown is None and any(byline in line for line in lines):
        shown = byline
    if main and shown and not any(byline_key in match_key(x) for x in body[-3:]):
        body.append(shown)  # extractors drop the byline element; it is page text (as the page writes it)
        notes.append("byline restored from the page")
    visible_dateline = find_dateline(body[:3])
    if visible_dateline:
        del body[visible_dateline[0]]  # the dateline opens the stored text once, below
    before_spam = body
    cleaned, spam_notes = clean_spam_lines(
        body, lines + spam_context, extra_phrases=extra_chrome, title=title
    )
    explicit.update(
        (collapsed_key(line), "spam") for line, c in zip(body, cleaned, strict=True) if c is None
    )
    body = [c for c in cleaned if c is not None]
    author = find_author(body)
    kept = [*(t for t in (title, dateline) if t), *body]
    if spam_notes:  # lines with spam cut out are kept in part: compare them as they were
        kept.extend(line for line, c in zip(before_spam, cleaned, strict=True) if c is not None)
    return ParsedPage(
        site_name=site_name,
        site_lines=tuple(site_lines),
        title=title,
        published=published,
        text="\n".join(body),
        author=author[0] if author else author_hint,
        author_role=author[1] if author else None,
        notes=notes + spam_notes,
        dateline=dateline,
        link_share=share,
        link_lines=n_linked,
        lead_share=lead,
        dropped=account_lines(visible, kept, explicit),
        url=find_page_url(tree),
        listing_signs=signs,
    )
