"""Figures too large to be true: flagged, never dropped.

A mistyped or garbled number ("40 chữ số" of a member count, a phone number read
as money) would dominate any sum or comparison. Such a figure stays in the
dataset, with ``figures.flag`` saying why it is doubtful, so that a user can
look at it and ``compare`` can leave it out.
"""

from __future__ import annotations

from unionnews.model import Figure

#: Most persons a Vietnamese figure can count: the country's population, about 100 million.
MAX_PERSONS = 110_000_000
#: Most of anything else counted (bodies, houses, gifts, classes…) in one figure.
MAX_COUNT = 110_000_000
#: Most đồng in one figure: a million billion (10^15), about 40 billion US dollars.
MAX_VND = 1e15
#: Most per cent: rates of plan go past 100 % ("đạt 129,5% kế hoạch"), not past 10 000 %.
MAX_PERCENT = 10_000


def implausible(fig: Figure) -> str | None:
    """Why ``fig``'s value cannot be true, or None.

    >>> implausible(Figure(0, 1, "x", 2.5e40, "person", "union_members")) is not None
    True
    >>> implausible(Figure(0, 1, "x", 2719, "person", "union_members")) is None
    True
    """
    values = [v for v in (fig.value, fig.total, fig.value_high) if v is not None]
    if any(v < 0 for v in values):
        return "negative value"
    limit, what = (
        (MAX_VND, "đồng")
        if fig.unit == "VND"
        else (MAX_PERCENT, "per cent")
        if fig.unit == "percent"
        else (MAX_PERSONS, "persons")
        if fig.unit == "person"
        else (MAX_COUNT, fig.unit)
    )
    big = max(values, default=0.0)
    if big > limit:
        return f"implausible: {big:.4g} {what} is over {limit:.4g}"
    return None


def flag_implausible(figures: list[Figure]) -> None:
    """Set ``flag`` on each figure whose value cannot be true."""
    for fig in figures:
        fig.flag = implausible(fig) or fig.flag
        if fig.flag:
            fig.confidence = "low"  # a doubtful value is no confident fact either
