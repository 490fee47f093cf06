"""The author line at the end of an article: "Tác giả bài viết: X - Chủ tịch …", "X (Văn phòng …)".

Vietnamese union sites put the byline as the last short line(s) of the body,
sometimes with the author's role on the next line. Pen names are common
("Phương Loan"), so a byline is recognised by its shape, not by a surname list;
a byline in capitals ("Theo: MAI ANH (Báo Lao Động)", "TRẦN HẠNH - NGỌC LAN") only
when every word is a family name or a given-name syllable, because page chrome in
capitals ("LIÊN KẾT WEB", "TIN MỚI NHẤT") has the same shape.
"""

from __future__ import annotations

import re
from functools import cache

from unionnews.lexicon import read_lines

#: One capitalised Vietnamese syllable: "Ngọc", "Đỗ", "H'Hen".
_SYLLABLE = r"[A-ZĐÀ-ỸÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÉÈẺẼẸÊẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÚÙỦŨỤƯỨỪỬỮỰÝỲỶỸỴ][\w']*"
#: A personal name of 2–5 capitalised syllables: "Nguyễn Thị Thu Thủy", "Phương Loan".
NAME_RE = re.compile(rf"{_SYLLABLE}(?:[ ]{_SYLLABLE}){{1,4}}")
#: An explicit author label: "Tác giả bài viết: ", "Tác giả: ", "Bài và ảnh: ", "Tin, ảnh: ".
#: Also a source label before a name: "Theo: ", and "Bài, ảnh: ".
AUTHOR_LABEL_RE = re.compile(
    r"^\s*(?:tác giả(?: bài viết)?|bài(?:,? và ảnh|, ảnh)?|tin(?:,| và)? ảnh|tin|người viết|phóng viên|theo)"
    r"\s*:\s*",
    re.I,
)
#: A source without a colon, never a person: "Theo Lao Động", "Nguồn Báo Nghệ An".
SOURCE_NO_LABEL_RE = re.compile(r"^\s*(?:theo|nguồn)\s+(?!:)", re.I)
#: A byline line: a name, then optionally " - role" or " (unit)": "Trần Xuân Hoàng (Văn phòng Tỉnh ủy)".
BYLINE_RE = re.compile(
    rf"^\s*(?P<name>{NAME_RE.pattern})\s*(?:[-–,]\s*(?P<role>.+?)|\((?P<unit>[^)]+)\))?\s*$"
)
#: Words that begin a role line under a name: "Chủ tịch Liên đoàn Lao động tỉnh".
ROLE_LINE_RE = re.compile(
    r"^\s*(?:Phó\s+)?(?:Chủ tịch|Bí thư|Trưởng|Giám đốc|Ủy viên|Uỷ viên|Chánh|Tổng Biên tập|"
    r"Phóng viên|Cộng tác viên|CTV|PV)\b"
)
#: A credit or source line that may follow the byline: "Nguồn ảnh: Báo Hà Tĩnh", "Ảnh: Minh Hà",
#: "Nguồn tin: Ban Tổ chức LĐLĐ tỉnh".
CREDIT_LINE_RE = re.compile(r"^\s*(?:nguồn(?: ảnh| tin)?|ảnh|theo)\s*:?\s", re.I)
#: A site footer, contact or page-tool line kept after the byline: "LĐLĐ huyện X – Địa chỉ: …
#: – Điện thoại: 0277 …", "Email: …", "© Bản quyền thuộc …", "Giấy phép số 12/GP-STTTT", and
#: lines opening with "Từ khóa:", "Tags:", "Lượt xem: 312", or just "Chia sẻ". The lookahead
#: holds the first letters of the phrases found anywhere, so that most places of a long
#: paragraph are passed over at once.
FOOTER_LINE_RE = re.compile(
    r"(?=[đefhb©g])(?:(?<!\w)(?:địa chỉ|điện thoại|đt|email|e-mail|fax|hotline)\s*:|©|bản quyền thuộc"
    r"|giấy phép(?: số)?\s*:?\s*\d)"
    r"|^\s*(?:từ khóa|từ khoá|tags?|lượt xem)\s*:|^\s*(?:chia sẻ|in bài|bình luận)\s*:?\s*$",
    re.I,
)
#: How many of the last non-empty lines are searched for the byline, footer lines included.
TAIL_LINES = 5
#: How many of those (footer lines left out) may hold it: name, role line, source line.
BYLINE_LINES = 3
#: How many of the first non-empty lines may hold a byline printed above the lead, as news
#: sites do after the title and dateline: "20/01/2024 - 11:05", then "THẠCH MINH LUÂN".
HEAD_LINES = 3
#: A dateline: a line holding a date, "Thứ sáu, 14/06/2019 10:45 (GMT+7)", "20/01/2024 - 11:05".
DATELINE_RE = re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}(?!\d)")
#: An honorific opening the line: "Ông Nguyễn Văn A, …" is a sentence about someone.
HONORIFIC_RE = re.compile(r"^(?:Ông|Bà|Anh|Chị|Đồng chí|Đ/c|Em|Cô|Thầy)\b")
#: Words that show a short line is a sentence or a caption, not a name.
NOT_A_NAME_RE = re.compile(r"\b(?:Công đoàn|Liên đoàn|Hội nghị|Đại hội|Ban|Tỉnh|Huyện|Sở|Báo)\b")


@cache
def _name_syllables() -> frozenset[str]:
    """Family names and given-name syllables, in title case (``lexicon/surnames.txt``,
    ``lexicon/given_names.txt``)."""
    return frozenset(w.title() for w in [*read_lines("surnames.txt"), *read_lines("given_names.txt")])


def name_case(name: str) -> str:
    """A name written in capitals, in the case names are written in: "TRẦN THU HÀ" -> "Trần Thu Hà".

    >>> name_case("H'HEN NIÊ"), name_case("Lê Văn An")
    ("H'Hen Niê", 'Lê Văn An')
    """
    return " ".join(w.title() if w.isupper() else w for w in name.split())


def is_plausible_name(name: str) -> bool:
    """Is every word a family name or a given-name syllable? ("MAI ANH" yes, "TIN MỚI NHẤT" no)."""
    words = name_case(name).split()
    return bool(words) and all(w in _name_syllables() for w in words)


def _name_from(line: str) -> tuple[str, str | None] | None:
    if line.rstrip().endswith((".", "!", "?", ":")) or SOURCE_NO_LABEL_RE.match(line):
        return None  # a sentence or a source, not a byline
    m = BYLINE_RE.match(line)
    if not m or NOT_A_NAME_RE.search(m["name"]) or HONORIFIC_RE.match(m["name"]):
        return None
    if m["name"].isupper() and not is_plausible_name(m["name"]):
        return None  # chrome in capitals: "LIÊN KẾT WEB"
    return m["name"], (m["role"] or None)


def find_author(lines: list[str]) -> tuple[str, str | None, int] | None:
    """``(name, role, line index)`` of the byline among the last lines, or None.

    >>> find_author(["Nội dung bài.", "Tác giả bài viết: Lê Văn An - Chủ tịch CĐVC tỉnh"])
    ('Lê Văn An', 'Chủ tịch CĐVC tỉnh', 1)
    >>> find_author(["Nội dung bài.", "Minh Anh", "Chủ tịch Liên đoàn Lao động tỉnh"])
    ('Minh Anh', 'Chủ tịch Liên đoàn Lao động tỉnh', 1)
    """
    last = [(i, s.strip()) for i, s in enumerate(lines) if s.strip()][-TAIL_LINES:]
    tail = [(i, s) for i, s in last if not FOOTER_LINE_RE.search(s)][-BYLINE_LINES:]
    for i, line in reversed(tail):
        labelled = AUTHOR_LABEL_RE.match(line)
        candidate = line[labelled.end() :] if labelled else line
        if len(candidate) > 90:
            continue
        found = _name_from(candidate)
        if not found:
            continue
        name, role = found
        following = [s for j, s in tail if j > i and not CREDIT_LINE_RE.match(s)]
        if following and not labelled:
            # only a role line may follow a bare name
            if not (len(following) == 1 and ROLE_LINE_RE.match(following[0])):
                continue
            role = role or following[0]
        return name, role or _role_above(lines, name, i), i
    return None


def _role_above(lines: list[str], name: str, index: int) -> str | None:
    """The role line under an earlier bare line with the same name: "Hoàng Thị Thu Trang",
    "Phó Trưởng Ban Tổ chức LĐLĐ tỉnh", then "Tác giả bài viết: Hoàng Thị Thu Trang"."""
    above = [s.strip() for s in lines[:index] if s.strip()][-2:]
    if len(above) == 2 and above[0] == name and ROLE_LINE_RE.match(above[1]):
        return above[1]
    return None


def find_head_author(lines: list[str]) -> tuple[str, int] | None:
    """``(name, line index)`` of a byline printed above the lead, or None.

    It is a line of its own among the first lines, and only the name: in capitals and made
    of family names and given-name syllables ("PHƯƠNG NHI"), or in title case right under
    the dateline ("Thứ Hai, 20/12/2021", then "Hoài Thu"). A heading in capitals
    ("TIN MỚI NHẤT") and a title-case phrase under the title ("Công đoàn") are not names.

    >>> find_head_author(["Tiêu đề", "Thứ sáu, 14/06/2019", "PHƯƠNG NHI", "Ngày 13/6, LĐLĐ tỉnh …"])
    ('PHƯƠNG NHI', 2)
    >>> find_head_author(["Thứ sáu, 14/06/2019", "TIN MỚI NHẤT", "Ngày 13/6, …"]) is None
    True
    """
    head = [(i, s.strip()) for i, s in enumerate(lines) if s.strip()][: HEAD_LINES + 1]
    for n, (i, line) in enumerate(head):
        if not NAME_RE.fullmatch(line) or NOT_A_NAME_RE.search(line) or HONORIFIC_RE.match(line):
            continue
        after_dateline = n > 0 and DATELINE_RE.search(head[n - 1][1]) is not None
        if is_plausible_name(line) and (line.isupper() or after_dateline):
            return line, i
    return None
