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

The listing evidence (:mod:`.listing`) and the meta-tag readers (:mod:`.meta_tags`) have
modules of their own; the names of theirs that were read from this one still are
(``is_listing``, ``LISTING_SIGNS``, ``PAGER_LINK_RE``, ``find_page_url``…).
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable, Sequence
from datetime import date

from lxml import html as lxml_html
from lxml.etree import ParserError, XMLSyntaxError, XPath

from unionnews.articles.byline import AUTHOR_LABEL_RE, BYLINE_RE, NAME_RE, find_author
from unionnews.articles.captions import (
    collapsed_key,
    collapsed_keys,
    find_captions,
    has_key,
    restore_captions,
)
from unionnews.articles.chrome import chrome_reason, clean_spam_lines, dated_link_runs
from unionnews.articles.dates import parse_date_value, parse_dateline
from unionnews.articles.lines import dropped
from unionnews.articles.listing import BULLET_RE as BULLET_RE
from unionnews.articles.listing import ITEM_DATE_RE as ITEM_DATE_RE
from unionnews.articles.listing import LISTING_ADDRESS_RE as LISTING_ADDRESS_RE
from unionnews.articles.listing import LISTING_SIGNS as LISTING_SIGNS
from unionnews.articles.listing import (
    MAX_LISTING_LEAD,
    drop_related_links,
    link_title_lines,
    listing_signs,
    page_links,
)
from unionnews.articles.listing import MIN_LISTING_LINKS as MIN_LISTING_LINKS
from unionnews.articles.listing import PAGER_LINK_RE as PAGER_LINK_RE
from unionnews.articles.listing import RELATED_HEADING_RE as RELATED_HEADING_RE
from unionnews.articles.listing import is_listing as is_listing
from unionnews.articles.meta_tags import ABSOLUTE_URL_RE as ABSOLUTE_URL_RE
from unionnews.articles.meta_tags import find_page_url, meta_content, meta_contents
from unionnews.articles.text import ParsedPage, find_dateline, read_body
from unionnews.model import DroppedLine
from unionnews.nlp.normalize import clean_text, match_key

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
#: Menu and breadcrumb containers whose link texts are the page's own chrome phrases. (The
#: XPaths here test "[@class or @id]" first: elements without either are passed over quickly.)
_CHROME_LINKS_XPATH = (
    "//nav//a|//*[@class or @id][contains(@class,'menu') or contains(@id,'menu')"
    " or contains(@class,'breadcrumb') or contains(@class,'nav')]//a"
)
#: Elements that hold a byline on common templates: class/itemprop "author", NukeViet's right-aligned p.
_AUTHOR_XPATH = (
    "//*[@itemprop or @class][@itemprop='author' or contains(@class,'author') or contains(@class,'byline')]"
)
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
    site_name = meta_content(tree, "og:site_name")
    if site_name:
        return " ".join(site_name.split())
    titles = tree.xpath("//title")
    page_title = _text(titles[0]) if titles else ""
    prefix = TITLE_PREFIX_RE.match(page_title)
    if prefix and _strip_site_prefix(page_title) != page_title:
        return prefix["site"].strip()
    m = TITLE_SUFFIX_RE.search(page_title)
    return m["site"].strip() if m else None


def find_title(tree: lxml_html.HtmlElement, site_lines: Iterable[str] = ()) -> str | None:
    """The article's headline (see the module docstring for the order of evidence).

    ``site_lines`` are where the site names itself (:func:`find_site_lines`): a <title>
    segment equal to one of them is the site's name, not the headline.
    """
    named = meta_contents(tree, ("og:site_name", "og:title", "twitter:title"))
    site_name = named["og:site_name"]
    metas = [t for t in (named["og:title"], named["twitter:title"]) if t]
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
    text = "\n".join(root.itertext())
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
        start = next((i for i, line in enumerate(lines) if has_key(line, tk)), 0)
    meta_time = None
    metas = meta_contents(tree, PUBLISHED_META)
    for name in PUBLISHED_META:
        value = metas[name]
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
            if (
                meta_time
                and meta_time[:10] != iso[:10]
                and any(len(line) >= FIRST_PROSE_CHARS for line in lines[start + 1 : at])
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
    metas = meta_contents(tree, AUTHOR_META)
    for name in AUTHOR_META:
        value = metas[name]
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
        if has_key(line, key):
            return body[i + 1 :]
    return body


#: The elements with a class attribute, in page order.
_CLASSED_XPATH = XPath("descendant-or-self::*[@class]")
#: Class names of the lead paragraph (sapo) that news CMSs print under the title and
#: main-text extractors often drop: "sapo", "detail-sapo", "hometext", "nd-summary", "lead".
LEAD_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:sapo|hometext|summary|lead|chapeau|tomtat|tom-tat)(?:$|[\s_-])", re.I
)
#: Length bounds of a lead paragraph, in characters.
LEAD_CHARS = (40, 800)


def find_lead(tree: lxml_html.HtmlElement) -> str | None:
    """The lead paragraph of the article, if the page marks one (first match in page order)."""
    for node in _CLASSED_XPATH(tree):
        cls = node.get("class")
        if not cls or not LEAD_CLASS_RE.search(cls):
            continue
        text = " ".join(node.text_content().split())
        links = " ".join(" ".join(a.text_content().split()) for a in node.iter("a"))
        if LEAD_CHARS[0] <= len(text) <= LEAD_CHARS[1] and len(links) < len(text) / 2:
            return text
    return None


def main_text(page: str) -> str | None:
    """The article's main text as trafilatura finds it in ``page`` (HTML), or None.

    trafilatura is imported here, not with this module: with its dependencies it takes a
    tenth of a second, which a run over text files alone need not spend.
    """
    import trafilatura

    found = trafilatura.extract(
        page,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        deduplicate=False,
        with_metadata=False,
    )
    return str(found) if found is not None else None


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
    for node in root.iter(*BLOCK_TAGS):
        node.text = "\n" + (node.text or "")
        node.tail = "\n" + (node.tail or "")
    body = root.find("body")
    text = clean_text((body if body is not None else root).text_content())
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


#: The page's own header, banner and logo, outside the article: where a site names itself
#: ("CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN BÁT XÁT - TỈNH LÀO CAI").
_SITE_HEADER_XPATH = (
    "//header[not(ancestor::article or ancestor::main)]"
    "|//*[@id or @class][(contains(@id,'header') or contains(@class,'header') or "
    "contains(@class,'banner') or contains(@id,'banner') or contains(@class,'logo') or contains(@id,'logo')) "
    "and not(ancestor::article or ancestor::main or ancestor-or-self::*[contains(@class,'entry')])]"
)
#: The page's footer, where a site prints its address.
_SITE_FOOTER_XPATH = "//footer|//*[@id or @class][contains(@id,'footer') or contains(@class,'footer')]"
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


def account_lines(
    visible: list[str],
    kept: list[str],
    explicit: dict[str, str],
    *,
    visible_keys: Sequence[str] | None = None,
) -> list[DroppedLine]:
    """Every visible line of the page that is not in ``kept`` (title, dateline, body),
    with its reason: the one our rules gave it (``explicit``: collapsed key -> reason),
    else its chrome kind, else "outside_main_text". ``visible_keys`` are the visible
    lines' :func:`collapsed_keys`, when the caller has them.

    Lines are matched in page order: a line counts as kept when it is a kept line, or is
    found in the kept text within :data:`ACCOUNT_WINDOW` characters after the previous
    match (linear time however long the page is).
    """
    keys = collapsed_keys(kept)
    whole = set(keys)
    kept_key = " \n ".join(keys)
    cursor = 0
    drops: list[DroppedLine] = []
    line_keys = collapsed_keys(visible) if visible_keys is None else visible_keys
    for i, (line, key) in enumerate(zip(visible, line_keys, strict=True)):
        if not key or key in whole:
            continue
        at = kept_key.find(key, max(0, cursor - 1000), cursor + ACCOUNT_WINDOW)
        if at < 0 and cursor:
            at = kept_key.find(key, 0, min(len(kept_key), ACCOUNT_WINDOW))  # the title, above all
        if at >= 0:
            cursor = max(cursor, at + len(key))
            continue
        plain = line == " ".join(line.split())  # its key is then the match key of the line
        reason = explicit.get(key) or chrome_reason(line, key=key if plain else None) or "outside_main_text"
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
    described = meta_contents(tree, ("keywords", "description"))
    spam_context = [*(t for t in (title, described["keywords"], described["description"]) if t)]
    author_hint = _meta_author(tree)
    visible = block_lines(tree)
    captions = find_captions(tree)
    unwrap_layout_tables(tree)
    main = main_text(lxml_html.tostring(tree, encoding="unicode"))
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
    lead_key = match_key(lead_text[:60]) if lead_text else ""
    if lead_text and main and not any(lead_key in match_key(line) for line in body):
        body.insert(0, lead_text)  # the sapo is the article's first paragraph
        notes.append("lead paragraph restored from the page")
    visible_keys = collapsed_keys(visible)
    if main and (n_captions := restore_captions(body, visible, captions, line_keys=visible_keys)):
        notes.append(f"{n_captions} photo captions restored from the page")
    related = dated_link_runs(body)
    explicit.update((collapsed_key(body[i]), "related_links") for i in related)
    body = [line for i, line in enumerate(body) if i not in related]
    if related:
        notes.append(f"{len(related)} lines of dated links to other articles removed")
    links = page_links(tree)
    share, n_linked, lead = link_title_lines(tree, body, links=links)
    signs = listing_signs(tree, title, url, published, n_linked, links=links)
    if lead >= MAX_LISTING_LEAD:  # an article: links at its end are related news, not its text
        trimmed, n_related = drop_related_links(tree, body, links=links)
        explicit.update((collapsed_key(line), "related_links") for line in body[len(trimmed) :])
        body = trimmed
        if n_related:
            notes.append(f"{n_related} lines of links to related articles removed")
    byline = author_hint or ""
    byline_key = match_key(byline)
    shown = next((line for line in lines if byline and has_key(line, byline_key)), None)
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
    explicit.update((collapsed_key(line), "spam") for line, c in zip(body, cleaned, strict=True) if c is None)
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
        dropped=account_lines(visible, kept, explicit, visible_keys=visible_keys),
        url=find_page_url(tree),
        listing_signs=signs,
    )
