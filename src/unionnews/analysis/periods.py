"""Period keys: which row of a comparative table a figure's period belongs to.

The figures table holds a period as its first and last day with its granularity;
:func:`~unionnews.dataset.typed.period_texts` gives it back as ISO text at the precision
the article gave, which is what keys are made from: a year (``"2023"``), a month
(``"2023-06"``), a day (``"2023-06-15"``, usually "as of" a date), or a span of years (a
congress term ``"2018"``-``"2023"``). A comparative table needs one key per row:

* ``granularity="year"`` (the default): a period inside one calendar year is
  keyed by that year (``"2023"``); a period spanning several years by its
  first and last year (``"2018-2023"``, the TERM style of the entities table).
* ``granularity="exact"``: the period as written (``"2023-06-15"``, ``"2023"``,
  ``"2018/2023"`` for a start/end pair), for inspecting disagreements.

A figure with no period in its sentence is keyed by the publication year of
its article and marked ``kind="published"`` (or dropped, ``undated="drop"``).

>>> period_key("2023-06-15", "2023-06-15", None)
PeriodKey(label='2023', year=2023, kind='day', stated=True)
>>> period_key("2018", "2023", None)
PeriodKey(label='2018-2023', year=None, kind='range', stated=True)
>>> period_key(None, None, "2021-01-08T14:20")
PeriodKey(label='2021', year=2021, kind='published', stated=False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from unionnews.options import GRANULARITIES, UNDATED

Granularity = Literal["year", "exact"]
Undated = Literal["published", "drop"]

#: An ISO period bound as the pipeline writes it: year, year-month or date (a time part is ignored).
ISO_BOUND_RE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?")

#: How narrow each kind of period is; the comparative table prefers the narrower one
#: when two figures of the same article compete (see docs/compare.md, rule 3).
SPECIFICITY: dict[str, int] = {
    "day": 4,  # "30/6/2023", "hiện nay" (as of a date)
    "month": 3,  # "tháng 12/2022"
    "year": 2,  # "năm 2023", "trong năm"
    "part": 1,  # two different bounds inside one year ("từ đầu năm 2023 đến nay")
    "range": 1,  # several years ("nhiệm kỳ 2018 - 2023")
    "published": 0,  # nothing written: the article's publication year
}


@dataclass(frozen=True, slots=True)
class PeriodKey:
    """The comparative-table key of one figure's period.

    label: the key (``"2023"``, ``"2018-2023"``; as written with ``granularity="exact"``).
    year: the calendar year when the period lies inside one year, else ``None``.
    kind: day, month, year, part, range or published (see :data:`SPECIFICITY`).
    stated: ``True`` when the period was written in the article, ``False`` when inferred.
    """

    label: str
    year: int | None
    kind: str
    stated: bool

    @property
    def specificity(self) -> int:
        return SPECIFICITY[self.kind]


def _bound(text: str | None) -> tuple[int, str] | None:
    """(year, precision) of an ISO bound; ``None`` when missing or unreadable."""
    if not text:
        return None
    m = ISO_BOUND_RE.match(text.strip())
    if m is None:
        return None
    precision = "day" if m["d"] else "month" if m["m"] else "year"
    return int(m["y"]), precision


def period_key(
    start: str | None,
    end: str | None,
    published: str | None,
    *,
    granularity: Granularity = "year",
    undated: Undated = "published",
) -> PeriodKey | None:
    """The key of a figure's period; ``None`` when it has none and cannot be inferred.

    A missing bound is taken to equal the other one. Without either, the
    publication year is used (``stated=False``) unless ``undated="drop"``.

    >>> period_key("2023", "2023-09-15", None)
    PeriodKey(label='2023', year=2023, kind='part', stated=True)
    >>> period_key("2018", "2023", None, granularity="exact").label
    '2018/2023'
    >>> period_key(None, None, None) is None
    True
    """
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {list(GRANULARITIES)}, not {granularity!r}")
    if undated not in UNDATED:
        raise ValueError(f"undated must be one of {list(UNDATED)}, not {undated!r}")
    first, last = _bound(start), _bound(end)
    if first is None and last is None:
        issued = _bound(published)
        if issued is None or undated == "drop":
            return None
        return PeriodKey(str(issued[0]), issued[0], "published", stated=False)
    first = first or last
    last = last or first
    assert first is not None and last is not None  # one of them was given
    text_start = (start or end or "").strip()[:10]
    text_end = (end or start or "").strip()[:10]
    if first[0] == last[0]:
        kind = first[1] if text_start == text_end else "part"
        year: int | None = first[0]
        label = str(first[0])
    else:
        kind, year, label = "range", None, f"{first[0]}-{last[0]}"
    if granularity == "exact":
        label = text_start if text_start == text_end else f"{text_start}/{text_end}"
    return PeriodKey(label, year, kind, stated=True)
