"""HTML pages to title, date, body and byline: trafilatura for the main text, our rules for the rest.

trafilatura finds the article body well on NukeViet, WordPress and newspaper
templates, but its dates are unreliable here (NukeViet's ``datePublished``
carries the *edit* time; "(GMT+7)" suffixes become 1 January), so the
published time comes from the page's visible Vietnamese dateline first, then
from ``article:published_time``. The body then goes through the same chrome,
spam and byline rules as saved text pages.
"""

from __future__ import annotations

import logging
import re

import trafilatura
from lxml import html as lxml_html
from lxml.etree import ParserError

from unionnews.articles.byline import find_author
from unionnews.articles.text import ParsedPage, body_lines, clean_spam, find_dateline
from unionnews.nlp.normalize import clean_text
from unionnews.nlp.temporal import parse_datetime

logger = logging.getLogger(__name__)

#: Site-name suffix of a <title>: "Tiêu đề - Liên đoàn Lao động tỉnh Cao Bằng" -> "Tiêu đề".
TITLE_SUFFIX_RE = re.compile(r"\s+[-|–»]\s+[^-|–»]{3,80}$")
#: A table row rendered by the main-text extractor: "| a | b |".
TABLE_ROW_RE = re.compile(r"^\|\s*(?P<cells>.*?)\s*\|$")
#: The cell separator inside a rendered table row (an escaped "\|" is text).
CELL_SEP_RE = re.compile(r"\s+(?<!\\)\|\s+")
#: Block elements that show a table is page layout, not data.
_LAYOUT_XPATH = ".//p|.//div|.//h1|.//h2|.//h3|.//table|.//ul"
#: Meta tags that carry a publication time.
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "pubdate",
    "publishdate",
    "date",
    "dc.date.issued",
)


def _meta(tree: lxml_html.HtmlElement, name: str) -> str | None:
    for attr in ("property", "name", "itemprop"):
        values = tree.xpath(f"//meta[@{attr}=$n]/@content", n=name)
        if values and str(values[0]).strip():
            return clean_text(str(values[0])).strip()
    return None


def _title(tree: lxml_html.HtmlElement) -> str | None:
    for path in ("//h1", "//*[contains(@class,'title') and (self::h2 or self::h3)]"):
        for node in tree.xpath(path):
            text = " ".join(node.text_content().split())
            if len(text) >= 8:
                return clean_text(text)
    og = _meta(tree, "og:title")
    if og:
        return og
    titles = tree.xpath("//title")
    if titles:
        text = " ".join(titles[0].text_content().split())
        return clean_text(TITLE_SUFFIX_RE.sub("", text)) or None
    return None


def _visible_lines(tree: lxml_html.HtmlElement) -> list[str]:
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    body = tree.find("body")
    root = body if body is not None else tree
    text = "\n".join(t for t in root.itertext())
    return [" ".join(line.split()) for line in clean_text(text).split("\n") if line.strip()]


def _published(
    tree: lxml_html.HtmlElement, lines: list[str], title: str | None
) -> tuple[str | None, str | None]:
    """(ISO publication time, the visible dateline it came from when there is one)."""
    start = 0
    if title:
        start = next((i for i, line in enumerate(lines) if line == title), 0)
    for offset, window in ((start, lines[start:]), (0, lines)):
        found = find_dateline(window)
        if found:
            return found[1], lines[offset + found[0]]
    for name in PUBLISHED_META:
        value = _meta(tree, name)
        when = parse_datetime(value) if value else None
        if when:
            return when.isoformat(timespec="minutes"), None
    return None, None


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


def parse_html_page(page: str) -> ParsedPage:
    """Split an HTML page (already decoded) into title, date, body and byline."""
    try:
        tree = lxml_html.fromstring(page)
    except (ParserError, ValueError) as exc:
        logger.debug("lxml could not parse the page: %s", exc)
        tree = lxml_html.fromstring(f"<html><body>{page}</body></html>")
    title = _title(tree)
    unwrap_layout_tables(tree)
    extracted = trafilatura.bare_extraction(
        lxml_html.tostring(tree, encoding="unicode"),
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        deduplicate=False,
        with_metadata=True,
    )
    main = getattr(extracted, "text", None) if extracted is not None else None
    meta_author = getattr(extracted, "author", None) if extracted is not None else None
    lines = _visible_lines(tree)
    published, dateline = _published(tree, lines, title)
    notes: list[str] = []
    if main:
        body = body_lines([_row_text(line) for line in clean_text(main).split("\n")], 0)
        byline = clean_text(meta_author).strip() if meta_author else ""
        if byline and byline in lines and not any(byline in line for line in body[-3:]):
            body.append(byline)  # extractors drop the byline element; it is page text
            notes.append("byline restored from the page")
    else:
        notes.append("main-text extractor found nothing; used the page text after the title")
        start = lines.index(title) + 1 if title in lines else 0
        body = body_lines(lines, start)
    if body and title and body[0] == title:
        body = body[1:]
    visible_dateline = find_dateline(body[:3])
    if visible_dateline:
        del body[visible_dateline[0]]  # the dateline opens the stored text once, below
    body, spam_notes = clean_spam(body, lines)
    author = find_author(body)
    return ParsedPage(
        title=title,
        published=published,
        text="\n".join(body),
        author=author[0] if author else _meta(tree, "author"),
        author_role=author[1] if author else None,
        notes=notes + spam_notes,
        dateline=dateline,
    )
