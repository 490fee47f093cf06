"""Status: a result the article reports, or a target it sets."""

from __future__ import annotations

import re
from datetime import date  # noqa: F401  (doctests)

from unionnews.model import Context
from unionnews.nlp.figures.clauses import last_boundary
from unionnews.nlp.spans import finditer_near, lookbehind_free

#: Words that make the figures after them in their clause a goal, not a result: "phấn đấu kết
#: nạp 500 đoàn viên", "mục tiêu đến năm 2025 có 90% …", "chỉ tiêu Tổng Liên đoàn giao",
#: "dự kiến tổ chức 12 buổi", "sẽ trao 300 suất quà".
TARGET_BEFORE_RE = re.compile(
    r"(?<!\w)(?:phấn đấu|mục tiêu|đề ra|đặt ra|đặt chỉ tiêu|dự kiến|sẽ|hướng tới|hướng đến|cố gắng|"
    r"chỉ tiêu(?:[ ][^\s,;:]+){0,4}[ ]giao|được giao|kế hoạch năm|nhằm đạt|đặt kế hoạch|"
    r"theo kế hoạch(?=\s*[,:])|"
    r"chỉ tiêu(?:[ ](?:chủ yếu|cơ bản|chính))?[ ]*,?[ ]*(?:trong đó|gồm|như sau))(?!\w)"
)
#: :data:`TARGET_BEFORE_RE` without its lookbehind: "phấn đấu", "sẽ", "chỉ tiêu … giao" anywhere
#: (the anchor of :func:`~unionnews.nlp.spans.finditer_near`, found by a fast scan).
TARGET_ANCHOR_RE = lookbehind_free(TARGET_BEFORE_RE)


#: Words after a goal word that return the clause to results: "mục tiêu đề ra, đã kết nạp …".
REPORTED_AFTER_TARGET_RE = re.compile(r"(?<!\w)(?:đã|đạt được|kết quả|thực tế|thực hiện được)(?!\w)")


#: Words before a goal word that speak of meeting it: "thực hiện chỉ tiêu … giao, năm 2023
#: thành lập 09 CĐCS", "vượt mục tiêu", "so với kế hoạch năm".
GOAL_MET_BEFORE_RE = re.compile(
    r"(?<!\w)(?:thực hiện|hoàn thành|vượt|đạt|so với|theo|bằng)(?:\s+[\d.,]+\s*%?)?\s+$"
)


#: How far back (characters) a goal word may stand before a figure in its sentence.
TARGET_WINDOW = 300


#: Where a goal word stops reaching: the end of a sentence (a ";" does not end a list of goals):
#: "!", "?", a line break, a "." not inside a number (written as
#: :data:`~unionnews.nlp.figures.clauses.CLAUSE_BOUNDARY_RE` is, for a fast scan).
GOAL_BOUNDARY_RE = re.compile(r"[!?\n.](?:(?<!\.)|(?!\d))")


def status_of(key: str, at: int, sentence_start: int) -> str:
    """ "target" when a goal word stands before ``at`` in its sentence (a list of goals
    goes on across ";") and nothing after it says the sentence reports a result;
    "reported" otherwise. (:func:`find_figures` also makes a figure whose period lies after
    publication a target.)

    >>> status_of("năm 2024 phấn đấu kết nạp 500 đoàn viên", 31, 0)
    'target'
    >>> status_of("vượt mục tiêu đề ra, đã kết nạp 500 đoàn viên", 33, 0)
    'reported'
    """
    start = last_boundary(key, max(sentence_start, at - TARGET_WINDOW), at, GOAL_BOUNDARY_RE)
    goals = list(finditer_near(TARGET_BEFORE_RE, key, TARGET_ANCHOR_RE, 0, start, at))
    last = goals[-1] if goals else None
    if last is None or REPORTED_AFTER_TARGET_RE.search(key, last.end(), at):
        return "reported"
    if GOAL_MET_BEFORE_RE.search(key, max(0, last.start() - 28), last.start()):
        return "reported"
    return "target"


def after_publication(period_start: str | None, ctx: Context) -> bool:
    """Does the period start in a year after the article's publication (a plan)?

    >>> after_publication("2028", Context(published=date(2024, 3, 1)))
    True
    >>> after_publication("2024-06", Context(published=date(2024, 3, 1)))
    False
    """
    if ctx.published is None or not period_start or not period_start[:4].isdigit():
        return False
    return int(period_start[:4]) > ctx.published.year
