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
    clean_spam,
    drop_dated_link_runs,
    is_chrome_line,
    is_spam_line,
    is_stop_line,
)
from unionnews.articles.dates import parse_dateline
from unionnews.nlp.normalize import match_key

#: The longest line taken for a dateline ("Thứ Tư, ngày 9 tháng 2 năm 2022 - 10:17").
MAX_DATELINE_CHARS = 120
#: Datelines are near the top: look at this many lines.
DATELINE_WINDOW = 40
#: An author written on the dateline: "Minh Hà - 12/03/2024 10:20", "Lê Nam | 09:01 12/01/2023".
DATELINE_AUTHOR_RE = re.compile(rf"^(?P<name>{NAME_RE.pattern})\s*[-–|]\s*\S*\d")
#: How many lines below a bare top-bar date the article's own timed dateline may come.
TOP_BAR_GAP = 12
#: A line longer than this is body text: a dateline below one is at the article's end.
BODY_LINE_CHARS = 300
#: A line of fewer words right above the dateline may be a category label, not the title.
TITLE_MIN_WORDS = 5
#: A title has at least this many characters and at most this many.
TITLE_CHARS = (8, 300)
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

    @property
    def full_text(self) -> str:
        return f"{self.dateline}\n{self.text}" if self.dateline else self.text


def _datelines(lines: list[str]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for i, line in enumerate(lines[:DATELINE_WINDOW]):
        stripped = line.strip()
        if not stripped or len(stripped) > MAX_DATELINE_CHARS or len(stripped.split()) > 16:
            continue
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
    """The title above the dateline: the nearest title-like line, unless it is a short
    label (a category such as "Hoạt động công đoàn") with a longer line just above it."""
    candidates: list[tuple[int, str]] = []
    for i in range(end - 1, -1, -1):
        line = lines[i].strip()
        if not line or is_chrome_line(line) or is_spam_line(line):
            continue
        if TITLE_CHARS[0] <= len(line) <= TITLE_CHARS[1]:
            candidates.append((i, line))
            if len(line.split()) >= TITLE_MIN_WORDS or len(candidates) == 3:
                break
    if not candidates:
        return None
    return max(candidates, key=lambda c: len(c[1].split()))


def _title_after(lines: list[str], start: int) -> tuple[int, str] | None:
    """A short, unpunctuated line right after the dateline (skipping chrome)."""
    for i in range(start, min(start + 4, len(lines))):
        line = lines[i].strip()
        if not line or is_chrome_line(line):
            continue
        if TITLE_CHARS[0] <= len(line) <= 200 and not line.endswith((".", ":")):
            return i, line
        return None
    return None


def _first_title(lines: list[str]) -> tuple[int, str] | None:
    for i, raw in enumerate(lines[:DATELINE_WINDOW]):
        line = raw.strip()
        if (
            line
            and not is_chrome_line(line)
            and not is_spam_line(line)
            and TITLE_CHARS[0] <= len(line) <= TITLE_CHARS[1]
            and len(line.split()) >= 3
        ):
            return i, line
    return None


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


def body_lines(lines: list[str], start: int) -> list[str]:
    """Lines of the article from ``start`` up to the first end marker, chrome dropped.

    A "Tin liên quan" box in the middle of the article (link titles, then the article
    goes on with a long paragraph) is skipped, not taken for the article's end.
    """
    kept: list[str] = []
    i = start
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if not line:
            continue
        if is_stop_line(line):
            resume = _box_end(lines, i - 1) if RELATED_BOX_RE.match(match_key(line)) else None
            if resume is None:
                break
            i = resume
            continue
        if is_chrome_line(line):
            continue
        kept.append(line)
    return kept


def parse_text_page(page: str) -> ParsedPage:
    """Split a saved page (already decoded and cleaned) into title, date, body and byline."""
    lines = page.split("\n")
    dateline = find_dateline(lines)
    if dateline and any(len(line) > BODY_LINE_CHARS for line in lines[: dateline[0]]):
        # the date is written under the body ("Ngày đăng: …" at the end): read around it
        index = dateline[0]
        found = _first_title(lines)
        start = found[0] + 1 if found else 0
        lines = lines[:index] + lines[index + 1 :]
        dateline = (index, dateline[1])
        dateline_text = TRAILING_COUNTER_RE.sub("", page.split("\n")[index].strip())
    elif dateline:
        found = _title_before(lines, dateline[0])
        start = dateline[0] + 1
        if found is None:
            # the dateline comes first: "Thứ Hai, 12/03/2024" then the title
            after = _title_after(lines, start)
            if after is not None:
                found, start = after, after[0] + 1
        dateline_text = TRAILING_COUNTER_RE.sub("", lines[dateline[0]].strip())
    else:
        found = _first_title(lines)
        start = found[0] + 1 if found else 0
        dateline_text = None
    title = found[1] if found else None
    body, n_dated = drop_dated_link_runs(body_lines(lines, start))
    body, notes = clean_spam(body, lines, title=title)
    if n_dated:
        notes.append(f"{n_dated} lines of dated links to other articles removed")
    if title and body and body[0] == title:
        body = body[1:]
    author = find_author(body)
    if author is None and dateline_text:
        named = DATELINE_AUTHOR_RE.match(dateline_text)
        if named and not find_dateline([named["name"]]):
            author = (named["name"], None, -1)  # "Minh Hà - 12/03/2024 10:20"
    return ParsedPage(
        title=title,
        published=dateline[1] if dateline else None,
        text="\n".join(body),
        author=author[0] if author else None,
        author_role=author[1] if author else None,
        notes=notes,
        dateline=dateline_text,
    )
