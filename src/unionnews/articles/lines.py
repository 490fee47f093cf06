"""Account for every line of an input: kept as text or title, or dropped for a named reason.

Reading a page means leaving things out (menus, counters, related-news boxes,
the footer). Nothing is left out silently: each line that does not reach
``articles.text`` or ``articles.title`` becomes a :class:`DroppedLine` with one
of :data:`DROP_REASONS`, and the dataset keeps them in its ``dropped`` table.

A *prose* line (:func:`is_prose`: a sentence, or a long line, or one that states
a count with its head noun) is never dropped as page header or chrome; the
readers keep it in the text instead. Lines dropped for other reasons (after the
article's end marker, a related-links box, a spam line, outside an HTML page's
main text) may be prose; their ``prose`` flag says so, so a user can look.
"""

from __future__ import annotations

import re

from unionnews.model import DROP_REASONS, DroppedLine

__all__ = ["DROP_REASONS", "GUARDED_REASONS", "DroppedLine", "dropped", "is_headline_like", "is_prose"]

#: Reasons that the prose guard forbids for a prose line.
GUARDED_REASONS = frozenset({"page_header", "menu", "breadcrumb", "chrome"})


#: A line that ends like a sentence: ".", "!", "?", "…" (or "..."), maybe followed by closing
#: quotes or brackets: "… năm 2023.", "… đoàn viên”.", "(Ảnh: Hà Anh)." is caught by the word
#: count. It opens with a character class, which the regex engine skips to quickly.
SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")
#: A count with its head noun: "61 CĐCS", "2.719 đoàn viên", "918 triệu đồng", "04 Tổ công đoàn".
COUNT_WITH_NOUN_RE = re.compile(
    r"(?<![\w.,/])\d{1,3}(?:[.,]\d{3})*(?:,\d+)?\s*(?:%|(?:triệu|tỷ|tỉ|nghìn|ngàn)?\s*"
    r"(?:đồng|đoàn viên|cđcs|công đoàn|tổ công đoàn|người|lao động|công nhân|cán bộ|hội viên|"
    r"đảng viên|suất|phần quà|nhà|mái ấm|lớp|lượt|doanh nghiệp|đơn vị|cơ quan|hộ|trường|"
    r"học sinh|đại biểu|tập thể|cá nhân|sáng kiến|đề tài|hội nghị|cuộc|buổi|vụ|xã|huyện)\b)",
    re.IGNORECASE,
)
#: Fewest words of a line that ends like a sentence for it to count as prose
#: ("Toàn cảnh Hội nghị." is a caption, not prose).
PROSE_SENTENCE_WORDS = 6
#: A line of this many words is prose however it ends (no headline or menu is this long).
PROSE_LONG_WORDS = 30
#: A line of this many words that states a count with its head noun is prose.
PROSE_COUNT_WORDS = 10


#: The start of a breadcrumb, navigation whatever its length: "Vị trí của bạn:", "Vị trí hiện tại:",
#: "Trang chủ > …", "Trang chủ » …".
BREADCRUMB_START_RE = re.compile(r"^\s*(?:vị trí (?:của bạn|hiện tại)\s*:|trang (?:chủ|đầu)\s*[>»›/|])", re.I)
#: Separators of a bar of links: "Trang chủ | Tin tức | Liên hệ", "Tin tức • Sự kiện".
LINK_BAR_SEP_RE = re.compile(r"\s[|•·›»]\s|\s{3,}")
#: Most words of one item of a bar of links.
LINK_BAR_ITEM_WORDS = 6


def is_link_bar(line: str) -> bool:
    """A bar of short links separated by "|", "•", "›", "»" or wide gaps (three items or more).

    >>> is_link_bar("Trang chủ | Thời sự | Công đoàn | Việc làm")
    True
    >>> is_link_bar("Năm 2023 | tăng 12% so với năm trước, vượt kế hoạch đề ra")
    False
    """
    items = [item for item in LINK_BAR_SEP_RE.split(line) if item.strip()]
    return len(items) >= 3 and all(len(item.split()) <= LINK_BAR_ITEM_WORDS for item in items)


def is_prose(line: str) -> bool:
    """Does ``line`` read as a sentence of the article (never page header or chrome)?

    A sentence of at least six words, a line of thirty words or more, or a line of
    ten words or more that states a count with its head noun; never a bar of links.

    >>> is_prose("Năm 2023, toàn tỉnh thành lập mới 61 CĐCS, kết nạp 2.719 đoàn viên.")
    True
    >>> is_prose("Toàn cảnh Hội nghị."), is_prose("• Tin hoạt động công đoàn các cấp")
    (False, False)
    >>> is_prose("Vị trí hiện tại: Tin tức > Hoạt động > Trao 150 suất quà Tết cho 150 công nhân khó khăn.")
    False
    """
    words = line.split()
    n = len(words)
    if n < PROSE_SENTENCE_WORDS or is_link_bar(line) or BREADCRUMB_START_RE.match(line):
        return False
    if n >= PROSE_LONG_WORDS:
        return True
    if n >= PROSE_SENTENCE_WORDS and SENTENCE_END_RE.search(line):
        return True
    return n >= PROSE_COUNT_WORDS and COUNT_WITH_NOUN_RE.search(line) is not None


#: Lines that end like a sentence may still be headlines when they end with "?" or "!":
#: "Vì sao đoàn viên rời tổ chức?". A headline never ends with ".", "...", ";" or ",".
HEADLINE_BAD_END_RE = re.compile(r"[.;,…][\"'”’»)\]]*\s*$")
#: A headline has at most this many words.
HEADLINE_MAX_WORDS = 45


def is_headline_like(line: str) -> bool:
    """Could ``line`` be a headline: 3–45 words, 8–300 characters, not ending like a
    statement (a lead paragraph or a caption ends with a full stop)?

    >>> is_headline_like("Thêm 18 công đoàn cơ sở được thành lập")
    True
    >>> is_headline_like("Toàn cảnh Hội nghị."), is_headline_like("Năm 2023, LĐLĐ tỉnh đã thành lập 61 CĐCS.")
    (False, False)
    """
    stripped = line.strip()
    n = len(stripped.split())
    return (
        8 <= len(stripped) <= 300
        and 3 <= n <= HEADLINE_MAX_WORDS
        and not HEADLINE_BAD_END_RE.search(stripped)
    )


def dropped(line: int, text: str, reason: str) -> DroppedLine:
    """A :class:`DroppedLine` with its prose flag computed."""
    return DroppedLine(line, text, reason, is_prose(text))
