"""Saved article pages as plain text: title, dateline, body and byline out of the page chrome.

A page saved as text keeps its chrome: menus, breadcrumbs, "EmailPrintAa",
counters, "Ý kiến bạn đọc", related-news lists, paging. The article is what
lies between the dateline (or the title) and the first end-of-article marker,
less single chrome lines; content-farm copies also get their injected menu
phrases cut out of the sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from unionnews.articles.byline import NAME_RE, find_author
from unionnews.articles.chrome import (
    chrome_reason,
    clean_spam_lines,
    dated_link_runs,
    is_chrome_line,
    is_spam_line,
    is_stop_line,
)
from unionnews.articles.dates import ASCII_DIGIT_RE, parse_dateline
from unionnews.articles.lines import DroppedLine, dropped, is_headline_like, is_prose
from unionnews.nlp.normalize import match_key

#: The longest line taken for a dateline ("Thứ Tư, ngày 9 tháng 2 năm 2022 - 10:17").
MAX_DATELINE_CHARS = 120
#: Datelines are near the top: look at this many lines.
DATELINE_WINDOW = 40
#: An author written on the dateline: "Minh Hà - 12/03/2024 10:20", "Lê Nam | 09:01 12/01/2023".
DATELINE_AUTHOR_RE = re.compile(rf"^(?P<name>{NAME_RE.pattern})\s*[-–|]\s*\S*\d")
#: How many lines below a bare top-bar date the article's own timed dateline may come.
TOP_BAR_GAP = 12
#: A line of fewer words right above the dateline may be a category label, not the title.
TITLE_MIN_WORDS = 5
#: A line that is only a field label and a counter: "Số lần nhấp:61" (also inside datelines).
TRAILING_COUNTER_RE = re.compile(r"\s{2,}(?:số lần nhấp|lượt xem|lượt đọc)\s*:?\s*\d+\s*$", re.I)


@dataclass(slots=True)
class ParsedPage:
    title: str | None
    published: str | None  # ISO 8601
    text: str
    author: str | None = None
    author_role: str | None = None
    #: The publisher's name as the page gives it (og:site_name, the <title> suffix):
    #: "Báo Bình Định" says the province when the text only says "tỉnh".
    site_name: str | None = None
    #: Lines where an HTML page's site names itself: header, banner, logo and footer
    #: address ("Địa chỉ: …, huyện U Minh, tỉnh Cà Mau"); empty for text pages.
    site_lines: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)
    #: The page's dateline as written ("Thứ bảy - 09/10/2021 22:48"); it opens the stored
    #: text so that the publication date is a traceable DATE like any other.
    dateline: str | None = None
    #: Share of the body's characters on lines that are link titles of the page (a listing
    #: of articles scores high, an article low); 0 for text pages.
    link_share: float = 0.0
    #: Number of body lines that are link titles.
    link_lines: int = 0
    #: Share of the body's characters before its first link-title line (1 when none).
    lead_share: float = 1.0
    #: Lines of the input that are not in the title, the dateline or the text, and why.
    dropped: list[DroppedLine] = field(default_factory=list)
    #: Where the page says it lives (an HTML page's canonical link), when it says so.
    url: str | None = None
    #: Evidence that the page is a listing, not an article (names from
    #: :data:`unionnews.articles.listing.LISTING_SIGNS`); empty for text pages.
    listing_signs: tuple[str, ...] = ()

    @property
    def full_text(self) -> str:
        return f"{self.dateline}\n{self.text}" if self.dateline else self.text


def _datelines(lines: list[str]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for i, line in enumerate(lines[:DATELINE_WINDOW]):
        stripped = line.strip()
        if not stripped or len(stripped) > MAX_DATELINE_CHARS or len(stripped.split()) > 16:
            continue
        if not ASCII_DIGIT_RE.search(stripped):
            continue  # no date (removing a counter adds no digit)
        iso = parse_dateline(TRAILING_COUNTER_RE.sub("", stripped))
        if iso is not None:
            found.append((i, iso))
    return found


def find_dateline(lines: list[str]) -> tuple[int, str] | None:
    """Index and ISO value of the article's dateline near the top.

    The first dateline-like line, unless it is a bare date (no time of day) with a
    dated-and-timed line a few lines below it: the bare one is then the "today" date of
    the page's top bar ("Thứ Sáu, 12/01/2024" above the title, "10:25 | 12/01/2024"
    under it), and the timed one is the article's.

    >>> find_dateline(["Thứ Sáu, 12/01/2024", "", "Tiêu đề bài viết ở đây", "10:25 | 12/01/2024"])
    (3, '2024-01-12T10:25')
    >>> find_dateline(["Thứ Sáu, 12/01/2024", "Tiêu đề bài viết ở đây"])
    (0, '2024-01-12')
    """
    found = _datelines(lines)
    if not found:
        return None
    first = found[0]
    if "T" not in first[1]:
        timed = next((d for d in found[1:] if "T" in d[1] and d[0] - first[0] <= TOP_BAR_GAP), None)
        if timed is not None:
            return timed
    return first


def _title_before(lines: list[str], end: int) -> tuple[int, str] | None:
    """The title above line ``end``: the nearest headline-like line, unless it is a short
    label (a category such as "Hoạt động công đoàn") with a longer line just above it."""
    candidates: list[tuple[int, str]] = []
    for i in range(end - 1, -1, -1):
        line = lines[i].strip()
        if not line or is_chrome_line(line) or is_spam_line(line):
            continue
        if is_headline_like(line):
            candidates.append((i, line))
            if len(line.split()) >= TITLE_MIN_WORDS or len(candidates) == 3:
                break
    if not candidates:
        return None
    return max(candidates, key=lambda c: len(c[1].split()))


def _title_after(lines: list[str], start: int, end: int) -> tuple[int, str] | None:
    """A headline-like line right after the dateline (skipping chrome), before ``end``."""
    for i in range(start, min(start + 4, end, len(lines))):
        line = lines[i].strip()
        if not line or is_chrome_line(line):
            continue
        if is_headline_like(line) and not line.endswith(":") and len(line) <= 200:
            return i, line
        return None
    return None


def _first_title(lines: list[str]) -> tuple[int, str] | None:
    for i, raw in enumerate(lines[:DATELINE_WINDOW]):
        line = raw.strip()
        if line and not is_chrome_line(line) and not is_spam_line(line) and is_headline_like(line):
            return i, line
    return None


def first_prose(lines: list[str]) -> int:
    """Index of the first line of prose (:func:`is_prose`, no spam line), or ``len(lines)``.

    The article's title and dateline, and the page header, all lie above it.
    """
    for i, raw in enumerate(lines):
        line = raw.strip()
        if line and is_prose(line) and not is_spam_line(line):
            return i
    return len(lines)


def choose_title(lines: list[str], dateline: tuple[int, str] | None, prose: int) -> tuple[int, str] | None:
    """The page's title line: headline-like, at or above the first prose line ``prose``.

    Above the dateline when the dateline is in the page header; else right after it;
    else the nearest headline-like line above the first prose line (the first prose line
    itself when it is headline-like: "Trao 1.200 suất quà Tết cho công nhân …"). A text
    that opens with its lead has no title line, and a caption ("Toàn cảnh Hội nghị.")
    is never one.
    """
    if dateline is not None and dateline[0] <= prose:
        found = _title_before(lines, dateline[0])
        return found if found is not None else _title_after(lines, dateline[0] + 1, prose + 1)
    if prose == len(lines):
        return _first_title(lines)
    limit = prose + 1 if is_headline_like(lines[prose]) else prose
    return _title_before(lines, limit)


#: The heading of a box of links that pages also put in the middle of an article:
#: "Tin liên quan", "Bài viết liên quan", "Xem thêm", "Có thể bạn quan tâm".
RELATED_BOX_RE = re.compile(r"^(?:(?:tin|bài|bài viết) liên quan|xem thêm|đọc thêm|có thể bạn quan tâm)\b")
#: Most lines of link titles such a box holds.
MAX_BOX_LINES = 8
#: A line this long after the box is the article going on, not one more link title.
RESUME_CHARS = 250


def _box_end(lines: list[str], at: int) -> int | None:
    """Where the article resumes after a related-links box opening at ``at``, or None
    when nothing of the article follows (the box ends it)."""
    short = 0
    for j in range(at + 1, len(lines)):
        line = lines[j].strip()
        if not line:
            continue
        if len(line) >= RESUME_CHARS and not is_chrome_line(line) and not is_spam_line(line):
            return j
        short += 1
        if short > MAX_BOX_LINES or is_stop_line(line):
            return None
    return None


def read_body(
    lines: list[str], start: int, skip: frozenset[int] = frozenset()
) -> tuple[list[int], list[DroppedLine]]:
    """Indices of the article's lines from ``start`` up to its end marker, and the lines
    left out with their reasons (chrome, the end marker and all after it).

    A "Tin liên quan" box in the middle of the article (link titles, then the article
    goes on with a long paragraph) is skipped, not taken for the article's end. A chrome
    line that reads as prose is kept. Indices in ``skip`` (the dateline) are neither.
    """
    kept: list[int] = []
    drops: list[DroppedLine] = []
    i = start
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if not line or i - 1 in skip:
            continue
        if is_stop_line(line):
            resume = _box_end(lines, i - 1) if RELATED_BOX_RE.match(match_key(line)) else None
            end = len(lines) if resume is None else resume
            reason = "after_end" if resume is None else "related_links"
            drops.extend(
                dropped(j + 1, lines[j].strip(), reason)
                for j in range(i - 1, end)
                if lines[j].strip() and j not in skip
            )
            if resume is None:
                break
            i = resume
            continue
        kind = chrome_reason(line)
        if kind is not None and not is_prose(line):
            drops.append(dropped(i, line, kind))
            continue
        kept.append(i - 1)
    return kept, drops


def body_lines(lines: list[str], start: int) -> list[str]:
    """Lines of the article from ``start`` up to the first end marker, chrome dropped
    (see :func:`read_body`)."""
    kept, _ = read_body(lines, start)
    return [lines[i].strip() for i in kept]


def parse_text_page(page: str, *, title: str | None = None) -> ParsedPage:
    """Split a saved page (already decoded and cleaned) into title, date, body and byline.

    ``title`` is the article's title when it came with the text as metadata: it is
    not looked for, and a copy of it at the top of the text is dropped as a repeat.
    Every non-blank line that is not in the title, the dateline or the body is in
    ``dropped`` with its reason.
    """
    lines = page.split("\n")
    prose = first_prose(lines)
    dateline = find_dateline(lines)
    dateline_text = TRAILING_COUNTER_RE.sub("", lines[dateline[0]].strip()) if dateline is not None else None
    title_key = match_key(title) if title is not None else None
    if title is not None:
        limit = min(len(lines), prose + 1)
        index = next(
            (i for i in range(limit) if lines[i].strip() and match_key(lines[i].strip()) == title_key), None
        )
        found = (index, title) if index is not None else None
    else:
        found = choose_title(lines, dateline, prose)
    tops = [found[0]] if found is not None else []
    if dateline is not None and dateline[0] <= prose:
        tops.append(dateline[0])
    start = max(tops) + 1 if tops else 0
    skip = frozenset({dateline[0]} if dateline is not None else ())
    drops: list[DroppedLine] = []
    for i in range(start):
        line = lines[i].strip()
        if not line or i in skip or (found is not None and i == found[0]):
            continue
        reason = "repeated_title" if title_key is not None and match_key(line) == title_key else None
        drops.append(dropped(i + 1, line, reason or chrome_reason(line) or "page_header"))
    kept, body_drops = read_body(lines, start, skip)
    drops.extend(body_drops)
    texts = [lines[i].strip() for i in kept]
    related = dated_link_runs(texts)
    drops.extend(dropped(kept[j] + 1, texts[j], "related_links") for j in sorted(related))
    kept = [k for j, k in enumerate(kept) if j not in related]
    texts = [t for j, t in enumerate(texts) if j not in related]
    title_text = title if title is not None else (found[1] if found is not None else None)
    cleaned, notes = clean_spam_lines(texts, lines, title=title_text)
    drops.extend(dropped(k + 1, t, "spam") for k, t, c in zip(kept, texts, cleaned, strict=True) if c is None)
    pairs = [(k, c) for k, c in zip(kept, cleaned, strict=True) if c is not None]
    if title_text and pairs and match_key(pairs[0][1]) == match_key(title_text):
        drops.append(dropped(pairs[0][0] + 1, pairs[0][1], "repeated_title"))
        pairs = pairs[1:]
    if related:
        notes.append(f"{len(related)} lines of dated links to other articles removed")
    body = [c for _, c in pairs]
    author = find_author(body)
    if author is None and dateline_text:
        named = DATELINE_AUTHOR_RE.match(dateline_text)
        if named and not find_dateline([named["name"]]):
            author = (named["name"], None, -1)  # "Minh Hà - 12/03/2024 10:20"
    return ParsedPage(
        title=title_text,
        published=dateline[1] if dateline else None,
        text="\n".join(body),
        author=author[0] if author else None,
        author_role=author[1] if author else None,
        notes=notes,
        dateline=dateline_text,
        dropped=sorted(drops, key=lambda d: d.line),
    )
