"""A small metadata header at the top of a text file: ``URL:``, ``Title:``, ``Date:`` lines.

Researchers who save articles as text often keep where each came from::

    URL: https://hamyen.tuyenquang.gov.vn/tin-tuc/dai-hoi-cong-doan-co-so.html
    Title: Đại hội Công đoàn cơ sở xã nhiệm kỳ 2023 - 2028
    Date: 12/03/2024 08:15

    (the article's text)

The header is the run of such ``Label: value`` lines that opens the file (English
labels only, so that an article's own "Ngày đăng: …" dateline is never taken for
one; blank lines between them allowed), ended by the first other line. Its lines are read as the
article's metadata, used as an HTML page's own URL, title and date would be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: One header line: "URL: https://…", "Title: …", "Date: 2024-03-12", "Published: …", "Author: …".
HEADER_LINE_RE = re.compile(
    r"^\ufeff?\s*(?P<label>url|link|source url|title|headline|date|published|author)"
    r"\s*:\s*(?P<value>\S.*?)\s*$",
    re.IGNORECASE,
)
#: Header labels and the field each fills.
FIELDS = {
    "url": "url",
    "link": "url",
    "source url": "url",
    "title": "title",
    "headline": "title",
    "date": "published",
    "published": "published",
    "author": "author",
}
#: An http(s) URL, as a header URL must be.
HTTP_URL_RE = re.compile(r"^https?://\S+$", re.IGNORECASE)


@dataclass(slots=True)
class TextHeader:
    """The metadata read from a text file's header, and how many lines it took."""

    url: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    #: 0-based indices of the header lines (and the blank line that ends it).
    lines: list[int] = field(default_factory=list)


def read_header(page: str) -> TextHeader:
    """The ``URL:``/``Title:``/``Date:`` header that opens ``page`` (empty when there is none).

    >>> h = read_header("URL: https://a.vn/x.html\\nTitle: Tin một\\n\\nNội dung.")
    >>> h.url, h.title, h.lines
    ('https://a.vn/x.html', 'Tin một', [0, 1, 2])
    >>> read_header("URL: https://a.vn/x.html\\n\\nTitle: Tin một\\n\\nNội dung.").title
    'Tin một'
    >>> read_header("Ngày đăng: 12/03/2024\\nNội dung.").lines
    []
    """
    header = TextHeader()
    lines = page.split("\n")
    for i, line in enumerate(lines):
        if not line.strip():
            if not header.lines:
                break  # the file opens with a blank line: no header
            header.lines.append(i)  # blank lines between header lines, or the one that ends it
            continue
        m = HEADER_LINE_RE.match(line)
        if m is None:
            break
        name = FIELDS[m["label"].lower()]
        value = m["value"]
        if name == "url" and not HTTP_URL_RE.match(value):
            break  # "Link: xem tại đây" is text, not a header
        if getattr(header, name) is None:
            setattr(header, name, value)
        header.lines.append(i)
    if not any((header.url, header.title, header.published)):
        return TextHeader()  # an "Author:" line alone is a byline, not a header
    return header
