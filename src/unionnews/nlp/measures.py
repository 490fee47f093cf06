"""What a percentage is a percentage of, and what an amount of money is: ``figures.measure``.

"đạt 122,6% kế hoạch" and "chiếm 58,3% tổng số đoàn viên" are both ``percentage``
figures, "quyên góp 418 triệu đồng" and "thu đoàn phí 10,2 tỷ đồng" both ``money``;
summed or compared side by side they mean nothing. :func:`assign_measures` reads
the figure's clause (the words right before and after it in its sentence) and
gives it one word of a small vocabulary (:data:`~unionnews.model.PERCENT_MEASURES`,
:data:`~unionnews.model.MONEY_MEASURES`); other figures have none.

Percentages: ``growth`` (a change: "tăng 15%", "15% so với cùng kỳ"), ``of_plan``
("đạt/vượt 104% kế hoạch, chỉ tiêu, dự toán, nghị quyết"), ``of_members`` (a share of
members: "96% đoàn viên", "tỷ lệ đoàn viên nữ chiếm 58%"), ``of_workers`` (a share of
workers: "85% công nhân lao động", "người lao động"), else ``other``.

Money: ``value`` (what a gift is worth: "trị giá 500.000 đồng"), ``budget`` ("dự toán",
"ngân sách", "kế hoạch chi", "dành … cho"), ``paid`` (dues and fees: "đóng/nộp/thu đoàn phí, kinh phí
công đoàn"), ``raised`` ("vận động", "quyên góp", "ủng hộ", "đóng góp"), ``given``
("trao", "tặng", "hỗ trợ", "chi"; a loan is not given), else ``other``. The cue nearest before the amount
decides.

Each figure costs two slices of at most :data:`BEFORE` and :data:`AFTER` characters:
no scan of the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from unionnews.model import Figure

#: Characters of the clause read before a figure.
BEFORE = 80
#: Characters of the clause read after a figure.
AFTER = 40
#: Where a clause ends: the words before a figure are read from just past the last one,
#: the words after it up to the first one.
CLAUSE_END_RE = re.compile(r"[.;!?]\s|[.;!?]$|;")

#: A percentage that is a change: "tăng 15%", "giảm 3,2%" right before it.
GROWTH_BEFORE_RE = re.compile(
    r"(?<!\w)(?:tăng|giảm|tăng trưởng|tăng thêm)(?:\s+(?:hơn|trên|gần|khoảng))?\s*$"
)
#: A change said after the percentage: "15% so với cùng kỳ", "so với năm trước".
GROWTH_AFTER_RE = re.compile(r"^\s*(?:so với|so cùng kỳ)")
#: A share of a plan right after the percentage, or after the next one of a pair: "104% kế
#: hoạch", "122,6% chỉ tiêu Đại hội", "lần lượt đạt 115,5% và 109,6% chỉ tiêu".
PLAN_AFTER_RE = re.compile(
    r"^\s*(?:(?:và|,)\s*[\d.,]+\s*%\s*)?(?:so với\s+)?"
    r"(?:kế hoạch|chỉ tiêu|dự toán|mục tiêu|nghị quyết|kh\b|nq\b)"
)
#: A share of a plan named before: "đạt chỉ tiêu … 104%", "vượt kế hoạch 12%".
PLAN_BEFORE_RE = re.compile(r"(?<!\w)(?:kế hoạch|chỉ tiêu|dự toán)(?!\w)[^\d]{0,30}$")
#: What a share is of, right after the percentage: "96% đoàn viên", "85% tổng số công nhân".
SHARE_OF_AFTER_RE = re.compile(
    r"^\s*(?:(?:trên\s+)?(?:tổng\s+)?số\s+)?(?P<noun>đoàn viên|hội viên|công nhân|người lao động|lao động"
    r"|cnvclđ|cnlđ|nlđ|công chức|viên chức)(?!\w)"
)
#: What a share is of, named before it in a "chiếm"/"tỷ lệ" clause: "đoàn viên nữ chiếm 58%".
SHARE_OF_BEFORE_RE = re.compile(
    r"(?<!\w)(?P<noun>đoàn viên|hội viên|công nhân|người lao động|lao động|cnvclđ|cnlđ|nlđ)(?!\w)"
    r"[^\d]{0,30}(?<!\w)(?:chiếm|đạt|là|lên)(?:\s+(?:gần|hơn|trên|khoảng))?\s*$"
)
#: The nouns of a share of members; the other nouns of the two patterns above are workers.
MEMBER_NOUNS = frozenset({"đoàn viên", "hội viên"})

#: Money cues before an amount, each with its measure; the nearest one decides.
MONEY_CUE_RE = re.compile(
    r"(?<!\w)(?:(?P<value>trị giá|giá trị)"
    r"|(?P<budget>dự toán|ngân sách|kế hoạch chi|dự kiến chi|dành|bố trí)"
    r"|(?P<paid>đoàn phí|kinh phí công đoàn|kpcđ|đóng|nộp|truy thu)"
    r"|(?P<raised>vận động|quyên góp|ủng hộ|đóng góp|huy động|xã hội hóa|tài trợ)"
    r"|(?P<given>trao|tặng|hỗ trợ|chi|trợ cấp|thăm hỏi|chăm lo))(?!\w)"
)


def _clause(source: str, fig: Figure) -> tuple[str, str]:
    """The words of ``fig``'s clause before and after it, lower case."""
    before = source[max(0, fig.start - BEFORE) : fig.start].lower()
    ends = list(CLAUSE_END_RE.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    after = source[fig.end : fig.end + AFTER].lower()
    end = CLAUSE_END_RE.search(after)
    if end is not None:
        after = after[: end.start()]
    return before, after


def percent_measure(before: str, after: str) -> str:
    """The measure of a percentage from the words before and after it.

    >>> percent_measure("doanh thu tăng ", " so với cùng kỳ")
    'growth'
    >>> percent_measure("đạt ", " kế hoạch năm")
    'of_plan'
    >>> percent_measure("lần lượt đạt ", " và 109,6% chỉ tiêu")
    'of_plan'
    >>> percent_measure("tỷ lệ đoàn viên nữ chiếm ", "")
    'of_members'
    >>> percent_measure("có ", " công nhân lao động tham gia")
    'of_workers'
    >>> percent_measure("có ", " doanh nghiệp ký thỏa ước lao động")
    'other'
    >>> percent_measure("đạt ", "")
    'other'
    """
    if GROWTH_BEFORE_RE.search(before) or GROWTH_AFTER_RE.match(after):
        return "growth"
    if PLAN_AFTER_RE.match(after) or PLAN_BEFORE_RE.search(before):
        return "of_plan"
    share = SHARE_OF_AFTER_RE.match(after) or SHARE_OF_BEFORE_RE.search(before)
    if share is None:
        return "other"
    return "of_members" if share.group("noun") in MEMBER_NOUNS else "of_workers"


def money_measure(before: str) -> str:
    """The measure of an amount of money from the words before it (the nearest cue).

    >>> money_measure("đoàn viên đã quyên góp được ")
    'raised'
    >>> money_measure("mỗi suất quà trị giá ")
    'value'
    >>> money_measure("thu kinh phí công đoàn ")
    'paid'
    >>> money_measure("đã vận động được 200 suất, trao ")
    'given'
    >>> money_measure("tổng số tiền ")
    'other'
    """
    cues = list(MONEY_CUE_RE.finditer(before))
    if not cues:
        return "other"
    return cues[-1].lastgroup or "other"


def assign_measures(figures: Sequence[Figure], text: str, title: str = "") -> None:
    """Set ``measure`` on every percentage and amount of money of ``figures`` (see the
    module docstring); other figures keep ``None``."""
    for fig in figures:
        if fig.unit not in ("percent", "VND"):
            continue
        source = title if fig.field_name == "title" else text
        before, after = _clause(source, fig)
        fig.measure = percent_measure(before, after) if fig.unit == "percent" else money_measure(before)
