"""Dates and terms in Vietnamese news text.

Day always comes before month ("09/10/2021" is 9 October). Full dates become
DATE entities with canonical ``YYYY-MM-DD``; year pairs of a term or period
("nhiệm kỳ 2018 - 2023", "giai đoạn 2021-2025") become TERM entities with
canonical ``"2018-2023"``. Month-only and year-only mentions are neither.
All patterns run on :func:`match_key` (lower case, typographic dashes folded),
so offsets are those of the stored text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from unionnews.model import Entity
from unionnews.nlp.normalize import match_key
from unionnews.nlp.spans import Literals, finditer_near

# --- building blocks -------------------------------------------------------------------

#: A day of month: "9", "09", "31".
DAY = r"(?P<d>0?[1-9]|[12]\d|3[01])"
#: A month number: "2", "02", "12".
MONTH = r"(?P<m>0?[1-9]|1[0-2])"
#: A four-digit year between 1900 and 2099: "2021".
YEAR = r"(?P<y>(?:19|20)\d\d)"
#: Hours and minutes: "22:48", "9h30" is not included.
TIME = r"(?P<hh>[01]?\d|2[0-3])[:h](?P<mi>[0-5]\d)"

#: Numeric day-month-year with "/", "-" or "." between parts: "10/10/2006", "27-8-2021",
#: "27.8.2021". Not inside a longer number or a document number ("12/2012/QH13").
DATE_DMY_RE = re.compile(rf"(?<![\d/.,\-]){DAY}(?P<sep>[/.\-]){MONTH}(?P=sep){YEAR}(?![\d/]|\.\d|-\d)")
#: ISO date, optionally with a time: "2023-09-15", "2023-09-15 11:46".
DATE_ISO_RE = re.compile(
    r"(?<![\d/\-])(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d\-])"
)
#: Spelled-out date: "ngày 9 tháng 2 năm 2022", "ngày 09 tháng 02, năm 2022".
DATE_VERBAL_RE = re.compile(rf"ngày\s+{DAY}\s+tháng\s+{MONTH}\s*,?\s+năm\s+{YEAR}(?!\d)")
#: A date with the month as a word and the year after a comma or a space, as WordPress and
#: Joomla write it in Vietnamese: "29 Tháng 1, 2024", "5 tháng 12, 2023", "28 Tháng 12 2018".
DATE_MONTH_WORD_RE = re.compile(rf"(?<![\d/]){DAY}\s+tháng\s+{MONTH}(?:\s*,\s*|\s+){YEAR}(?!\d)")
#: Time-of-day words before a day and month: "ngày", "sáng", "chiều"…
DAY_TIME_WORDS = ("ngày", "sáng", "chiều", "tối", "trưa", "đêm", "hôm")
#: A day and month without a year after a time-of-day word: "Chiều 1/12", "ngày 27/7".
DATE_DM_RE = re.compile(
    "(?:" + "|".join(DAY_TIME_WORDS) + rf")\s+(?:ngày\s+)?{DAY}[/\-.]{MONTH}(?![\d/\-]|\.\d)"
)
#: A run of days in one month: "từ ngày 9 đến 14/1/2023", "ngày 9-14/1", "ngày 28 - 30/6/2022".
DATE_DAY_RANGE_RE = re.compile(
    rf"(?:từ\s+)?ngày\s+(?:từ\s+)?{DAY}\s*(?:-|đến|tới)\s*(?:ngày\s+)?"
    rf"(?P<d2>0?[1-9]|[12]\d|3[01])(?P<sep>[/\-.]){MONTH}(?:(?P=sep){YEAR})?(?![\d/]|\.\d|-\d)"
)
#: A clock time next to a date in a dateline: "22:48", "10:17".
TIME_RE = re.compile(rf"(?<!\d){TIME}(?!\d)")

#: Words that introduce a term or period: "nhiệm kỳ", "giai đoạn", "khóa", "thời kỳ".
TERM_WORD = r"(?:nhiệm\s+kỳ|nhiệm|giai\s+đoạn|khóa|thời\s+kỳ|kế\s+hoạch|chiến\s+lược)"
#: A school year right before a pair of consecutive years: "năm học 2018 - 2019", "Năm học
#: mới 2019-2020", "năm học: 2024 - 2025". A school year is a time, not a term.
SCHOOL_YEAR_BEFORE_RE = re.compile(r"năm\s+học(?:\s+mới)?\s*:?\s*$")
#: A year pair: "2018 - 2023", "2021-2025", "2017 – 2022" (dash folded by match_key).
YEAR_PAIR_RE = re.compile(r"(?<![\d/.,\-])(?P<a>(?:19|20)\d\d)\s*-\s*(?P<b>(?:19|20)\d\d)(?![\d/]|\.\d|-\d)")
#: "từ năm 2018 đến năm 2023" / "từ 2018 đến 2023".
YEAR_FROM_TO_RE = re.compile(
    r"từ\s+(?:năm\s+)?(?P<a>(?:19|20)\d\d)\s+(?:đến|tới)\s+(?:năm\s+)?(?P<b>(?:19|20)\d\d)(?!\d)"
)
#: A term keyword shortly before a year pair: "nhiệm kỳ 2018 - 2023", "khóa XII (2016-2021)".
TERM_CONTEXT_RE = re.compile(rf"{TERM_WORD}[^.\n]{{0,40}}$")

#: The longest span a term may cover, in years (congress terms are 5, plans up to 10).
MAX_TERM_YEARS = 10

# --- anchors: where a match of a pattern above must stand (spans.finditer_near) -----------
# A pattern that opens with a lookbehind or a choice is tried at every position of a text;
# its anchor is found by a fast scan, and the pattern is tried only near it.

#: The second separator of a :data:`DATE_DMY_RE` match and the century of its year, three to
#: five characters after its start: "/20" in "9/10/2021", "-20" in "27-8-2021".
DMY_ANCHOR = Literals(*(sep + century for sep in "/.-" for century in ("19", "20")))
#: The dash and the month's first digit of an ISO date, four characters after the start of a
#: :data:`DATE_ISO_RE` match: "-0" in "2023-09-15".
ISO_ANCHOR = Literals("-0", "-1")
#: The last digit of a day before "tháng", at most one character after the start of a
#: :data:`DATE_MONTH_WORD_RE` match: "9 tháng" in "29 Tháng 1, 2024".
MONTH_WORD_ANCHOR_RE = re.compile(r"\d\s+tháng\s")
#: The century of a year, where a :data:`YEAR_PAIR_RE` match starts: "20" in "2018 - 2023".
YEAR_PAIR_ANCHOR = Literals("19", "20")
#: The time-of-day word a :data:`DATE_DM_RE` match starts with: "chiều" in "Chiều 1/12".
DM_ANCHOR = Literals(*DAY_TIME_WORDS)
#: The word a :data:`DATE_DAY_RANGE_RE` match starts with: "từ" or "ngày".
DAY_RANGE_ANCHOR = Literals("từ", "ngày")
#: Each full-date pattern with a word it cannot match without (None: none to test), its anchor
#: and how far the anchor may stand after a match's start.
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str | None, re.Pattern[str] | Literals | None, int], ...] = (
    (DATE_VERBAL_RE, None, None, 0),  # opens with "ngày": fast as it is
    (DATE_DMY_RE, None, DMY_ANCHOR, 5),
    (DATE_ISO_RE, None, ISO_ANCHOR, 4),
    (DATE_MONTH_WORD_RE, "tháng", MONTH_WORD_ANCHOR_RE, 1),
)


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _date_matches(key: str) -> Iterable[tuple[int, int, date]]:
    for regex, needs, anchor, back in _DATE_PATTERNS:
        if needs is not None and needs not in key:
            continue
        matches = regex.finditer(key) if anchor is None else finditer_near(regex, key, anchor, back)
        for m in matches:
            found = _valid(int(m["y"]), int(m["m"]), int(m["d"]))
            if found:
                start = m.start("d") if regex is DATE_VERBAL_RE else m.start()
                yield start, m.end(), found


def _year_for(day: int, month: int, published: date) -> date | None:
    """The date "day/month" nearest before (or on) the publication date."""
    found = _valid(published.year, month, day)
    if found and found > published:
        found = _valid(published.year - 1, month, day)
    return found


def find_dates(text: str, key: str | None = None, *, published: date | None = None) -> list[Entity]:
    """DATE entities (canonical ``YYYY-MM-DD``) for every date in ``text``.

    Full dates always; with ``published``, also day-month dates after "ngày",
    "sáng", "chiều"… ("Chiều 1/12"), dated to the publication year (the year
    before when that would put them after publication), rule ``date_no_year``.

    >>> [e.canonical for e in find_dates("Ngày 10/1/2019 và ngày 9 tháng 2 năm 2022")]
    ['2019-01-10', '2022-02-09']
    >>> [e.canonical for e in find_dates("Sáng 11/4, hội nghị", published=date(2023, 4, 12))]
    ['2023-04-11']
    >>> [e.canonical for e in find_dates("từ ngày 9 đến 14/1/2023")]
    ['2023-01-09', '2023-01-14']
    """
    key = match_key(text) if key is None else key
    found = [(s, e, d, "date") for s, e, d in _date_matches(key)]
    for m in finditer_near(DATE_DAY_RANGE_RE, key, DAY_RANGE_ANCHOR):
        if m["y"]:
            first, last = (
                _valid(int(m["y"]), int(m["m"]), int(m["d"])),
                _valid(int(m["y"]), int(m["m"]), int(m["d2"])),
            )
        elif published is not None:
            first = _year_for(int(m["d"]), int(m["m"]), published)
            last = _year_for(int(m["d2"]), int(m["m"]), published)
        else:
            continue
        if first and last and first < last:
            found.append((m.start("d"), m.end("d"), first, "date_range_start"))
            found.append((m.start("d2"), m.end(), last, "date_range_end"))
    if published is not None:
        for m in finditer_near(DATE_DM_RE, key, DM_ANCHOR):
            day = _year_for(int(m["d"]), int(m["m"]), published)
            if day:
                found.append((m.start("d"), m.end(), day, "date_no_year"))
    spans: list[tuple[int, int, date, str]] = []
    for item in sorted(found):
        if spans and item[0] < spans[-1][1]:
            continue  # overlaps an earlier match
        spans.append(item)
    return [Entity("DATE", s, e, text[s:e], d.isoformat(), rule=rule) for s, e, d, rule in spans]


def _plausible_term(a: int, b: int) -> bool:
    return 1945 <= a < b <= 2100 and b - a <= MAX_TERM_YEARS


def _school_year(key: str, start: int, a: int, b: int) -> bool:
    """Is the year pair at ``start`` a school year ("năm học 2018 - 2019")?"""
    return b == a + 1 and SCHOOL_YEAR_BEFORE_RE.search(key, max(0, start - 20), start) is not None


def find_terms(text: str, key: str | None = None) -> list[Entity]:
    """TERM entities (canonical ``"2018-2023"``) for year pairs of terms and periods.

    The span covers the year pair only ("2018 - 2023"), not the keyword before it.
    A bare year pair counts when its length is plausible for a term (1–10 years); a
    school year ("năm học 2018 - 2019") is no term.

    >>> [e.canonical for e in find_terms("Nhiệm kỳ 2018 - 2023 và giai đoạn 2021–2025")]
    ['2018-2023', '2021-2025']
    >>> find_terms("Tổng kết năm học 2018 - 2019")
    []
    """
    key = match_key(text) if key is None else key
    out: list[Entity] = []
    for m in finditer_near(YEAR_PAIR_RE, key, YEAR_PAIR_ANCHOR):
        a, b = int(m["a"]), int(m["b"])
        if not _plausible_term(a, b) or _school_year(key, m.start(), a, b):
            continue
        rule = (
            "term_keyword" if TERM_CONTEXT_RE.search(key, max(0, m.start() - 60), m.start()) else "year_pair"
        )
        out.append(Entity("TERM", m.start(), m.end(), text[m.start() : m.end()], f"{a}-{b}", rule=rule))
    for m in YEAR_FROM_TO_RE.finditer(key):
        a, b = int(m["a"]), int(m["b"])
        if _plausible_term(a, b):
            out.append(
                Entity(
                    "TERM",
                    m.start("a"),
                    m.end("b"),
                    text[m.start("a") : m.end("b")],
                    f"{a}-{b}",
                    rule="from_to",
                )
            )
    return sorted(out, key=lambda e: e.start)


def parse_date(s: str) -> date | None:
    """The first full date in ``s`` (day first), or None: ``parse_date("ngày 27/8/2021")``."""
    key = match_key(s)
    found = sorted(_date_matches(key))
    return found[0][2] if found else None


def parse_datetime(s: str) -> datetime | None:
    """A dateline's date and (when given) time.

    >>> parse_datetime("Thứ bảy - 09/10/2021 22:48")
    datetime.datetime(2021, 10, 9, 22, 48)
    >>> parse_datetime("09:01 | 11/01/2019")
    datetime.datetime(2019, 1, 11, 9, 1)
    """
    key = match_key(s)
    found = sorted(_date_matches(key))
    if not found:
        return None
    start, end, day = found[0]
    times = list(TIME_RE.finditer(key))
    if times:
        # the time nearest to the date wins ("09:01 | 11/01/2019", "… 2022 - 10:17")
        best = min(times, key=lambda t: min(abs(t.start() - end), abs(start - t.end())))
        return datetime(day.year, day.month, day.day, int(best["hh"]), int(best["mi"]))
    return datetime(day.year, day.month, day.day)


def blocked_spans(entities: Iterable[Entity]) -> list[tuple[int, int]]:
    """Sorted, merged spans of DATE, TERM and DOCUMENT entities (numbers there are no figures)."""
    spans = sorted((e.start, e.end) for e in entities if e.type in ("DATE", "TERM", "DOCUMENT"))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged
