"""Typed cells: the dataset's dates, times, lists and records, made from what the extractor
gives, and the text forms they were made from.

The extractor gives a figure's period as ISO text at the precision the article wrote it
("2024", "2023-09", "2023-09-15"; a term as its two years "2018", "2023"), a publication time
as ISO text in Vietnam's time ("2023-09-15T15:40", or "2023-09-15" when the page gives no
time), a person's roles and a figure's cues joined with "; ", and a document's details as a
mapping. The tables store them typed:

* a period as its first and last day, with how it was given (``period_granularity``):

  ======================  ===========================  ===========
  as written              period_start .. period_end   granularity
  ======================  ===========================  ===========
  năm 2024                2024-01-01 .. 2024-12-31     year
  tháng 9/2023            2023-09-01 .. 2023-09-30     month
  30/6/2023, hiện nay     that day .. that day         day
  nhiệm kỳ 2018 - 2023    2018-01-01 .. 2023-12-31     term
  từ năm 2019 đến nay     2019-01-01 .. the article's  term
                          publication date
  ======================  ===========================  ===========

  A period with two different bounds is a ``term`` (a congress term, "giai đoạn 2021-2025",
  "năm học 2022-2023", a span up to now); ``quarter`` is in the vocabulary for "quý I/2024",
  which the extractor does not read yet.
* the publication time as a timezone-aware timestamp in UTC+07:00 (``published_at``), null
  when the source gives only a date, and the date itself (``published_date``), so that a time
  is never invented; ``published`` keeps the text as the source gave it;
* lists of strings (notes, aliases, roles, cues) as lists, and a document's details as a
  record of :data:`DOCUMENT_ATTRS`.

Each conversion has its inverse (:func:`period_texts`, ``"; ".join``, ``json.dumps``), so the
typed tables say what the text forms said: ``tests/dataset_snapshot.py`` shows it row by row.

>>> typed_period("2018", "2023")
(datetime.date(2018, 1, 1), datetime.date(2023, 12, 31), 'term')
>>> period_texts(*typed_period("2023-09", "2023-09"))
('2023-09', '2023-09')
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

#: Vietnam's time (UTC+07:00, no daylight saving): the time of ``published_at``. The Arrow type
#: of that column names the same offset (:data:`VIETNAM_OFFSET`).
VIETNAM = timezone(timedelta(hours=7))
VIETNAM_OFFSET = "+07:00"

#: A period bound as the extractor writes it: a year, a year-month or a date.
#: "2024", "2023-09", "2023-09-15".
PERIOD_BOUND_RE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")

#: A publication time that is a date only, without a time of day: "2023-09-15".
DATE_ONLY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: Separator of the items of a joined list: a person's roles, a figure's cues.
LIST_SEPARATOR = "; "

#: The fields of ``entities.attrs`` (a DOCUMENT's details) and their kind.
DOCUMENT_ATTRS: Mapping[str, str] = {
    "doc_type": "string",  # "Quyết định", "Nghị quyết"
    "issuer_code": "string",  # the code of the issuing body: "LĐLĐ", "TW"
    "date": "date",  # the day the document was issued
}

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def period_bound(text: str) -> tuple[date, date, str]:
    """First day, last day and precision (year, month, day) of one ISO period bound.

    >>> period_bound("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29), 'month')
    """
    m = PERIOD_BOUND_RE.match(text.strip())
    if m is None:
        raise ValueError(f"period bound {text!r} is not ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)")
    year = int(m["y"])
    if m["d"]:
        day = date(year, int(m["m"]), int(m["d"]))
        return day, day, "day"
    if m["m"]:
        month = int(m["m"])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"
    return date(year, 1, 1), date(year, 12, 31), "year"


def typed_period(start: str | None, end: str | None) -> tuple[date | None, date | None, str | None]:
    """(first day, last day, granularity) of a period given as the extractor gives it.

    A missing bound is taken to equal the other one; two equal bounds are a year, a month
    or a day; two different ones a term.

    >>> typed_period("2023", "2023-09-15")
    (datetime.date(2023, 1, 1), datetime.date(2023, 9, 15), 'term')
    >>> typed_period(None, None)
    (None, None, None)
    """
    start, end = start or end, end or start
    if start is None or end is None:
        return None, None, None
    first, _, precision = period_bound(start)
    _, last, _ = period_bound(end)
    return first, last, precision if start.strip() == end.strip() else "term"


def _year_or_day(day: date, edge: tuple[int, int]) -> str:
    """The year alone when ``day`` is its first or last day (``edge``: month, day), else the date."""
    return str(day.year) if (day.month, day.day) == edge else day.isoformat()


def period_texts(
    first: date | None, last: date | None, granularity: str | None
) -> tuple[str | None, str | None]:
    """The period as the extractor gave it: the inverse of :func:`typed_period`.

    >>> period_texts(date(2019, 1, 1), date(2023, 9, 15), "term")
    ('2019', '2023-09-15')
    >>> period_texts(date(2024, 1, 1), date(2024, 12, 31), "year")
    ('2024', '2024')
    """
    if first is None or last is None:
        return (None if first is None else first.isoformat()), (None if last is None else last.isoformat())
    if granularity == "year":
        return str(first.year), str(last.year)
    if granularity in ("month", "quarter"):
        return f"{first.year}-{first.month:02d}", f"{last.year}-{last.month:02d}"
    if granularity == "term":
        return _year_or_day(first, (1, 1)), _year_or_day(last, (12, 31))
    return first.isoformat(), last.isoformat()


def granularity_of(first: date | None, last: date | None) -> str | None:
    """The granularity of a period known only by its days (a table built by hand): the one
    day, month, quarter or calendar year it covers, else term.

    >>> granularity_of(date(2024, 4, 1), date(2024, 6, 30))
    'quarter'
    """
    if first is None or last is None:
        return None
    if first == last:
        return "day"
    if first.day != 1 or first.year != last.year or last.day != calendar.monthrange(last.year, last.month)[1]:
        return "term"
    if first.month == last.month:
        return "month"
    if first.month % 3 == 1 and last.month == first.month + 2:
        return "quarter"
    return "year" if (first.month, last.month) == (1, 12) else "term"


def published_values(text: str | None) -> tuple[datetime | None, date | None]:
    """(``published_at``, ``published_date``) of a publication time given as ISO text.

    A time without a zone is Vietnam's (the extractor gives local times); one with a zone is
    turned into Vietnam's. A date alone gives no time. Text that is no ISO 8601 gives neither.

    >>> at, day = published_values("2023-09-15T15:40")
    >>> at.isoformat(), day.isoformat()
    ('2023-09-15T15:40:00+07:00', '2023-09-15')
    >>> published_values("2023-09-15T08:40:00Z")[0].isoformat()
    '2023-09-15T15:40:00+07:00'
    >>> published_values("2016-01-28")
    (None, datetime.date(2016, 1, 28))
    """
    if not text:
        return None, None
    text = text.strip()
    try:
        if DATE_ONLY_RE.match(text):
            return None, date.fromisoformat(text)
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None, None
    stamp = stamp.replace(tzinfo=VIETNAM) if stamp.tzinfo is None else stamp.astimezone(VIETNAM)
    stamp = stamp.replace(microsecond=stamp.microsecond // 1000 * 1000)  # the column holds milliseconds
    return stamp, stamp.date()


def epoch_millis(stamp: datetime) -> int:
    """Milliseconds since 1970-01-01 UTC of a timezone-aware time (what Arrow stores)."""
    return (stamp - _EPOCH) // timedelta(milliseconds=1)


def split_list(text: str | None) -> list[str] | None:
    """A "; "-joined list as a list; ``None`` stays ``None`` (a person without a role).

    >>> split_list("Chủ tịch LĐLĐ tỉnh; Bí thư Đảng ủy"), split_list(None)
    (['Chủ tịch LĐLĐ tỉnh', 'Bí thư Đảng ủy'], None)
    """
    return None if text is None else text.split(LIST_SEPARATOR) if text else []


def document_attrs(attrs: Mapping[str, str]) -> dict[str, Any] | None:
    """An entity's ``attrs`` as the record of ``entities.attrs``: every field of
    :data:`DOCUMENT_ATTRS` (missing ones ``None``, the date a date); ``None`` when empty.

    >>> document_attrs({"doc_type": "Kế hoạch", "date": "2023-03-20"})
    {'doc_type': 'Kế hoạch', 'issuer_code': None, 'date': datetime.date(2023, 3, 20)}
    """
    if not attrs:
        return None
    unknown = sorted(set(attrs) - set(DOCUMENT_ATTRS))
    if unknown:
        raise ValueError(
            f"entity attrs {unknown} are not fields of entities.attrs {list(DOCUMENT_ATTRS)}; "
            "add them to unionnews.dataset.typed.DOCUMENT_ATTRS"
        )
    record: dict[str, Any] = {}
    for name, kind in DOCUMENT_ATTRS.items():
        value = attrs.get(name)
        record[name] = date.fromisoformat(value) if kind == "date" and isinstance(value, str) else value
    return record


def attrs_mapping(record: Mapping[str, Any] | None) -> dict[str, str]:
    """The inverse of :func:`document_attrs`: the fields that are set, dates as ISO text."""
    if not record:
        return {}
    return {
        name: value.isoformat() if isinstance(value, date) else str(value)
        for name, value in record.items()
        if value is not None
    }
