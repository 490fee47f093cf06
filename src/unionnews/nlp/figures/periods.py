"""Periods: the time a figure covers, from the time phrases of its sentence."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from datetime import date

from unionnews.model import Context
from unionnews.nlp.spans import finditer_near, lookbehind_free
from unionnews.nlp.temporal import YEAR_PAIR_ANCHOR

#: A stated year: "trong năm 2021", "năm 2018", "cuối năm 2022".
YEAR_IN_SENTENCE_RE = re.compile(r"(?<!\w)(?<!sinh )năm\s+(?P<y>(?:19|20)\d\d)(?!\d)")


#: A year pair in the sentence: "giai đoạn 2017 - 2022", "nhiệm kỳ 2018-2023", "năm học 2022-2023".
PERIOD_IN_SENTENCE_RE = re.compile(r"(?<!\d)(?P<a>(?:19|20)\d\d)\s*-\s*(?P<b>(?:19|20)\d\d)(?!\d)")


#: A span from a year to a later year or to now: "từ năm 2019 đến nay", "từ 2018 tới năm 2022".
YEAR_SPAN_IN_SENTENCE_RE = re.compile(
    r"(?<!\w)từ\s+(?:năm\s+)?(?P<a>(?:19|20)\d\d)\s+(?:đến|tới)\s+"
    r"(?:(?:năm\s+)?(?P<b>(?:19|20)\d\d)(?!\d)|(?P<now>nay|hiện nay|hiện tại)(?!\w))"
)


#: A month: "tháng 12/2022", "tháng 6 năm 2023".
MONTH_IN_SENTENCE_RE = re.compile(
    r"(?<!\w)tháng\s+(?P<m>0?[1-9]|1[0-2])\s*(?:/|-|năm\s+)\s*(?P<y>(?:19|20)\d\d)(?!\d)"
)


#: A full date: "30/6/2023", "ngày 9 tháng 2 năm 2022".
DATE_IN_SENTENCE_RE = re.compile(
    r"(?<![\d/])(?P<d>0?[1-9]|[12]\d|3[01])(?:/|\s+tháng\s+)(?P<m>0?[1-9]|1[0-2])"
    r"(?:/|,?\s+năm\s+)(?P<y>(?:19|20)\d\d)(?!\d)"
)


#: "Trong năm", "năm qua", "năm nay" without a year: the year reported on ("năm nay": the year
#: of publication). Not after a count or a plural word: "trong 5 năm qua", "nhiều năm qua"
#: are durations.
THIS_YEAR_RE = re.compile(
    r"(?<!\w)(?<!\d )(?<!nhiều )(?<!những )(?<!các )(?<!mấy )(?<!vài )"
    r"(?:trong năm qua|trong năm nay|trong năm|năm qua|năm nay)(?!\s*(?:19|20)\d\d)"
)


#: "hiện nay", "hiện có", "đến nay": the state at publication.
NOW_RE = re.compile(r"(?<!\w)(?:hiện nay|hiện có|đến nay|tới nay|hiện tại|tính đến nay|hiện đang)(?!\w)")

# Anchors (spans.finditer_near): where a match of each pattern above must stand, found by a
# fast scan, instead of trying the pattern, lookbehind first, at every character.

#: The last digit of the day before "/" or "tháng", at most one character after the start
#: of a :data:`DATE_IN_SENTENCE_RE` match: "0/" in "30/6/2023", "9 tháng " in "9 tháng 2".
DATE_IN_SENTENCE_ANCHOR_RE = re.compile(r"\d(?:/|\s+tháng\s)")
#: :data:`YEAR_IN_SENTENCE_RE` without its lookbehinds: "năm 2021" (after any word too).
YEAR_IN_SENTENCE_ANCHOR_RE = lookbehind_free(YEAR_IN_SENTENCE_RE)
#: :data:`MONTH_IN_SENTENCE_RE` without its lookbehind: "tháng 12/2022".
MONTH_IN_SENTENCE_ANCHOR_RE = lookbehind_free(MONTH_IN_SENTENCE_RE)
#: :data:`YEAR_SPAN_IN_SENTENCE_RE` without its lookbehind: "từ năm 2019 đến nay".
YEAR_SPAN_IN_SENTENCE_ANCHOR_RE = lookbehind_free(YEAR_SPAN_IN_SENTENCE_RE)
#: :data:`NOW_RE` without its lookbehind: "hiện nay", "đến nay".
NOW_ANCHOR_RE = lookbehind_free(NOW_RE)
#: :data:`THIS_YEAR_RE` without its lookbehinds: "trong năm", "năm qua" (after a count too).
THIS_YEAR_ANCHOR_RE = lookbehind_free(THIS_YEAR_RE)


def period_of(
    key: str,
    sentence: tuple[int, int],
    at: int,
    ctx: Context,
    cache: dict[tuple[int, int], list[tuple[int, str, str]]] | None = None,
    *,
    stock: bool = False,
) -> tuple[str | None, str | None]:
    """The period a figure at ``at`` covers: the time phrase nearest before it in its sentence.

    Candidates: a date ("30/6/2023"), a month ("tháng 12/2022"), a year ("năm 2021"),
    a year pair ("giai đoạn 2017 - 2022"), "hiện nay"/"đến nay" (publication date),
    "trong năm" (publication year). Without one before the figure, the first after it;
    without any, the article's term, except for a ``stock`` (a head count such as members
    or grassroots unions), which is the state at publication: "hơn 180.000 đoàn viên" in a
    congress report counts the members now, not over the term.
    """
    found = cache.get(sentence) if cache is not None else None
    if found is None:
        found = time_phrases(key, sentence, ctx)
        if cache is not None:
            cache[sentence] = found
    if found:
        i = bisect_left(found, at, key=lambda f: f[0])  # found is sorted
        _, start, end = found[i - 1] if i else found[0]
        return start, end
    if stock and ctx.published is not None:
        return ctx.published.isoformat(), ctx.published.isoformat()
    if ctx.term:
        return str(ctx.term[0]), str(ctx.term[1])
    return None, None


def reported_year(key: str, published: date) -> int:
    """The year an article reports on: its publication year, or the year before when
    "năm <that year>" is written more often (a review published in January).

    >>> reported_year("tổng kết năm 2023, năm 2023 đã kết nạp; năm 2024 phấn đấu", date(2024, 1, 12))
    2023
    >>> reported_year("trong năm, kết nạp 12 đoàn viên", date(2024, 1, 12))
    2024
    """
    counts = Counter(int(m["y"]) for m in finditer_near(YEAR_IN_SENTENCE_RE, key, YEAR_IN_SENTENCE_ANCHOR_RE))
    before = published.year - 1
    return before if counts[before] > counts[published.year] else published.year


def time_phrases(key: str, sentence: tuple[int, int], ctx: Context) -> list[tuple[int, str, str]]:
    """(offset, period start, period end) of every time phrase in a sentence, sorted."""
    s, e = sentence
    found: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    dated = key.find("/", s, e) >= 0 or key.find("tháng", s, e) >= 0  # a full date has one of them
    for m in finditer_near(DATE_IN_SENTENCE_RE, key, DATE_IN_SENTENCE_ANCHOR_RE, 1, s, e) if dated else ():
        iso = f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}"
        found.append((m.start(), iso, iso))
        taken.append(m.span())
    for m in finditer_near(MONTH_IN_SENTENCE_RE, key, MONTH_IN_SENTENCE_ANCHOR_RE, 0, s, e):
        iso = f"{m['y']}-{int(m['m']):02d}"
        found.append((m.start(), iso, iso))
        taken.append(m.span())
    for m in finditer_near(PERIOD_IN_SENTENCE_RE, key, YEAR_PAIR_ANCHOR, 0, s, e):
        found.append((m.start(), m["a"], m["b"]))
        taken.append(m.span())
    today = ctx.published.isoformat() if ctx.published else None
    for m in finditer_near(YEAR_SPAN_IN_SENTENCE_RE, key, YEAR_SPAN_IN_SENTENCE_ANCHOR_RE, 0, s, e):
        end = m["b"] or today
        if end is not None:
            found.append((m.start(), m["a"], end))
            taken.append(m.span())
    for m in finditer_near(YEAR_IN_SENTENCE_RE, key, YEAR_IN_SENTENCE_ANCHOR_RE, 0, s, e):
        if not any(a <= m.start("y") < b for a, b in taken):
            found.append((m.start(), m["y"], m["y"]))
    if today is not None:
        year = today[:4]
        found += [
            (m.start(), today, today)
            for m in finditer_near(NOW_RE, key, NOW_ANCHOR_RE, 0, s, e)
            if not any(a <= m.start() < b for a, b in taken)
        ]
        reported = str(ctx.reported_year or year)
        found += [
            (m.start(), year, year) if m.group().endswith("nay") else (m.start(), reported, reported)
            for m in finditer_near(THIS_YEAR_RE, key, THIS_YEAR_ANCHOR_RE, 0, s, e)
        ]
    found.sort()
    return found
