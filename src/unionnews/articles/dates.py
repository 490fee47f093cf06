"""Publication datelines of Vietnamese news pages: day first, always.

A dateline is a short line that is (almost) only a date, perhaps a time, a
weekday, a label ("Ngày đăng:", "Cập nhật lúc") and a visit counter::

    Thứ bảy - 09/10/2021 22:48          09:01 | 11/01/2019
    Thứ Tư, ngày 9 tháng 2 năm 2022 - 10:17
    ngày phát hành:2023-09-15 11:46     12/03/2024 08:15 (GMT+7)

:func:`parse_dateline` turns one into ISO 8601 ("2021-10-09T22:48", or
"2019-01-11" without a time) and refuses sentences that merely contain a date
("Ngày 10/1/2019, Công đoàn … tổ chức hội nghị"). Body dates are the business
of :mod:`unionnews.nlp.temporal`; this module only reads datelines, quickly:
precompiled regular expressions on :func:`match_key` text, no dateparser.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from unionnews.nlp.normalize import match_key

# --- building blocks (matched on match_key text: lower case, dashes folded) -------------

#: Day of month, 1–31 with an optional leading zero: "9", "09", "31".
#: Vietnam's time zone (no daylight saving).
VIETNAM_TZ = timezone(timedelta(hours=7))
DAY = r"(?P<d>0?[1-9]|[12]\d|3[01])"
#: Month number: "2", "02", "12".
MONTH = r"(?P<m>0?[1-9]|1[0-2])"
#: Four-digit year 1990–2099: "2021".
YEAR = r"(?P<y>(?:199\d|20\d\d))"

#: Numeric day/month/year: "09/10/2021", "9-2-2022", "15.06.2023", "11 / 01 / 2019".
DMY_RE = re.compile(rf"(?<![\d/.\-]){DAY}\s*(?P<sep>[/.\-])\s*{MONTH}\s*(?P=sep)\s*{YEAR}(?![\d/])")
#: ISO year-month-day, optionally glued to a time: "2023-09-15", "2023-09-15T11:46:00+07:00".
ISO_RE = re.compile(
    r"(?<![\d/\-])(?P<y>(?:199\d|20\d\d))-(?P<m>0?[1-9]|1[0-2])-(?P<d>0?[1-9]|[12]\d|3[01])(?!\d)"
)
#: Spelled-out date: "ngày 9 tháng 2 năm 2022", "9 tháng 02, 2022", "ngày 09 tháng 2, năm 2022".
VERBAL_RE = re.compile(rf"(?:ngày\s+)?{DAY}\s+tháng\s+{MONTH}\s*(?:,\s*)?(?:năm\s+)?{YEAR}(?!\d)")
#: Clock time: "22:48", "22:48:13", "08h15", "8 giờ 15", "10:17 pm", "10:17 ch" (chiều).
TIME_RE = re.compile(
    r"(?<![\d:])(?P<hh>[01]?\d|2[0-3])\s*(?::|h|giờ)\s*(?P<mi>[0-5]\d)(?:\s*(?::|phút)\s*[0-5]\d)?"
    r"(?:\s*(?P<ampm>am|pm|sa|ch)\b)?(?![\d:])"
)
#: A weekday: "thứ bảy", "thứ 7", "chủ nhật", "cn", "t2".
WEEKDAY_RE = re.compile(r"\b(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|cn|t[2-7])\b")
#: Labels that introduce or qualify a dateline: "ngày đăng:", "cập nhật lúc", "ngày phát hành",
#: "đăng lúc", "thời gian", "(gmt+7)", "posted on".
LABEL_RE = re.compile(
    r"\b(?:ngày\s+(?:đăng|phát\s+hành|xuất\s+bản|cập\s+nhật|đưa\s+tin|gửi)|đăng\s+(?:ngày|lúc|tải)|"
    r"(?:cập\s+nhật|đăng|xuất\s+bản|phát\s+hành)(?:\s+(?:lúc|ngày|vào))?|thời\s+gian(?:\s+đăng)?|"
    r"lúc|ngày|vào|posted(?:\s+on)?|published|updated|date|gmt\s*\+\s*7|utc\s*\+\s*7|gmt|ict)\b"
)
#: A visit or rating counter that shares the dateline's line: "số lần nhấp:61", "lượt xem: 1.204".
COUNTER_RE = re.compile(r"(?:số\s+lần\s+nhấp|lượt\s+(?:xem|đọc|truy\s+cập)|views?)\s*:?\s*[\d.,]+")
#: What may remain of a dateline once its parts are removed: separators and punctuation.
SEPARATORS_RE = re.compile(r"[\s|/\\,;:.()\[\]\-+•·–—]+")

#: An ASCII digit: every date form above holds one (its day starts with one), so a line without
#: one is no dateline: "12", "2022".
ASCII_DIGIT_RE = re.compile(r"[0-9]")

#: A dateline may carry an author's name, but no more than this many words besides its parts.
MAX_RESIDUE_WORDS = 4
#: Longer strings are sentences, not datelines.
MAX_DATELINE_CHARS = 120


def _valid(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _first_date(key: str) -> tuple[int, int, date] | None:
    """(start, end, date) of the leftmost valid date in ``key``."""
    best: tuple[int, int, date] | None = None
    for regex in (DMY_RE, ISO_RE, VERBAL_RE):
        for m in regex.finditer(key):
            found = _valid(m["y"], m["m"], m["d"])
            if found is None:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), m.end(), found)
            break
    return best


def _time_near(key: str, start: int, end: int) -> tuple[int, int, int, int] | None:
    """(start, end, hour, minute) of the clock time nearest to the date span."""
    best: tuple[int, int, int, int] | None = None
    best_gap = 10**6
    for m in TIME_RE.finditer(key):
        if start <= m.start() < end:
            continue  # inside the date itself ("2023-09-15" has no time in it, but be safe)
        gap = m.start() - end if m.start() >= end else start - m.end()
        if gap < best_gap:
            hour = int(m["hh"])
            if m["ampm"] in ("pm", "ch") and hour < 12:
                hour += 12
            elif m["ampm"] in ("am", "sa") and hour == 12:
                hour = 0
            best, best_gap = (m.start(), m.end(), hour, int(m["mi"])), gap
    return best


def _residue_words(key: str, spans: list[tuple[int, int]]) -> int:
    """Words left in ``key`` once the date, time, weekday, labels and counters are removed."""
    chars = list(key)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    rest = "".join(chars)
    for regex in (COUNTER_RE, WEEKDAY_RE, LABEL_RE):
        rest = regex.sub(" ", rest)
    return len([w for w in SEPARATORS_RE.split(rest) if w])


def parse_dateline(s: str) -> str | None:
    """ISO 8601 publication time of a dateline, or None when ``s`` is not a dateline.

    >>> parse_dateline("Thứ bảy - 09/10/2021 22:48")
    '2021-10-09T22:48'
    >>> parse_dateline("09:01 | 11/01/2019")
    '2019-01-11T09:01'
    >>> parse_dateline("Thứ Tư, ngày 9 tháng 2 năm 2022 - 10:17")
    '2022-02-09T10:17'
    >>> parse_dateline("ngày phát hành:2023-09-15 11:46    Số lần nhấp:61")
    '2023-09-15T11:46'
    >>> parse_dateline("Ngày đăng: 05/06/2020")
    '2020-06-05'
    >>> parse_dateline("Ngày 10/1/2019, Công đoàn viên chức tỉnh tổ chức hội nghị tổng kết") is None
    True
    """
    stripped = s.strip()
    if not stripped or len(stripped) > MAX_DATELINE_CHARS or not ASCII_DIGIT_RE.search(stripped):
        return None  # match_key neither makes nor removes digits
    key = match_key(stripped)
    found = _first_date(key)
    if found is None:
        return None
    start, end, day = found
    spans = [(start, end)]
    when = _time_near(key, start, end)
    if when is not None:
        spans.append((when[0], when[1]))
    if _residue_words(key, spans) > MAX_RESIDUE_WORDS:
        return None
    if when is None:
        return day.isoformat()
    return f"{day.isoformat()}T{when[2]:02d}:{when[3]:02d}"


def parse_date_value(s: str) -> str | None:
    """ISO time of a machine-written value (a meta tag), without the dateline shape check.

    A value with a time zone is given in Vietnam's time (UTC+7), as the page shows it:
    WordPress writes ``article:published_time`` in UTC.

    >>> parse_date_value("2021-10-09T22:48:00+07:00")
    '2021-10-09T22:48'
    >>> parse_date_value("2023-08-24T20:05:12+00:00")
    '2023-08-25T03:05'
    >>> parse_date_value("not a date") is None
    True
    """
    try:
        stamp = datetime.fromisoformat(s.strip())
    except ValueError:
        stamp = None
    if stamp is not None and stamp.tzinfo is not None:
        return stamp.astimezone(VIETNAM_TZ).strftime("%Y-%m-%dT%H:%M")
    key = match_key(s.strip())[:MAX_DATELINE_CHARS]
    found = _first_date(key)
    if found is None:
        return None
    when = _time_near(key, found[0], found[1])
    if when is None:
        return found[2].isoformat()
    return f"{found[2].isoformat()}T{when[2]:02d}:{when[3]:02d}"
