"""When do two reported figures say the same thing?

News rounds and hedges: one article writes "hơn 180.000 đoàn viên", another
"183.420 đoàn viên", a third "khoảng 180 nghìn". These agree. "5.412" and
"6.100" do not. Each figure is read as the interval of true values its wording
allows, and two figures *agree* when their intervals overlap:

* exact ``v``: ``v`` ± its rounding tolerance. A round number is taken as
  rounded to its last non-zero digit (180.000 → ±5.000; 2,1 tỷ → ±50 triệu),
  but never by more than ``rounding`` (2.5 %) of the value; a number with no
  trailing zero is taken as written (5.412 agrees only with 5.412). Percentages: a whole number may be
  rounded to the unit (96 % → ±0.5), a decimal one to the written decimal
  (96,4 % → ±0.05).
* approx (khoảng, ước…): ``v`` ± ``approx`` (10 %), widened by the rounding tolerance.
* over (hơn, trên, vượt…): from ``v`` (minus the rounding tolerance) up to
  ``v`` + ``bound`` (20 %) or one unit of its last non-zero digit, whichever is larger.
* under (gần, dưới, chưa đến…): the mirror image, down to ``v`` − that margin.
* a range ("từ 50 đến 60") spans ``value`` to ``value_high``.

>>> rules = Agreement()
>>> rules.agree(183420, "exact", 180000, "over")
True
>>> rules.agree(180000, "exact", 183420, "exact")     # 180.000 rounds 183.420
True
>>> rules.agree(5412, "exact", 6100, "exact")
False
>>> rules.agree(100, "exact", 98, "exact", unit="percent")
False
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: How precisely a qualifier pins the value down: exact first, approximate last
#: ("exact over approximate" in docs/compare.md).
PRECISION: dict[str, int] = {"exact": 3, "over": 2, "under": 2, "approx": 1}


def _unit_of_last_digit(value: float) -> float:
    """10**k for the k trailing zeros of a whole number (180000 → 10000); 1 otherwise.

    >>> _unit_of_last_digit(2_100_000_000), _unit_of_last_digit(5412), _unit_of_last_digit(95.5)
    (100000000.0, 1.0, 1.0)
    """
    if not math.isfinite(value) or value != int(value) or value == 0:
        return 1.0
    n, unit = abs(int(value)), 1
    while n % 10 == 0:
        n //= 10
        unit *= 10
    return float(unit)


@dataclass(frozen=True, slots=True)
class Agreement:
    """Tolerances that decide whether two figures agree (documented in docs/compare.md).

    rounding: largest share of a round number that rounding may hide (0.025 = 2.5 %).
    approx: half-width of an approximate figure's interval, as a share of it.
    bound: how far above "hơn v" (below "gần v") the true value may lie, as a share of v.
    """

    rounding: float = 0.025
    approx: float = 0.10
    bound: float = 0.20

    def __post_init__(self) -> None:
        for name in ("rounding", "approx", "bound"):
            share = getattr(self, name)
            if not 0 <= share < 1:
                raise ValueError(f"{name} must be a share between 0 and 1, got {share}")

    def tolerance(self, value: float, unit: str | None = None) -> float:
        """Half the width rounding may hide in ``value`` as written."""
        if unit == "percent":
            return 0.5 if value == int(value) else 0.05
        unit_of_digit = _unit_of_last_digit(value)
        if unit_of_digit == 1:  # 5.412, 95,5: as precise as written
            return 0.0
        return min(unit_of_digit / 2, self.rounding * abs(value))

    def interval(
        self,
        value: float,
        qualifier: str | None = "exact",
        value_high: float | None = None,
        unit: str | None = None,
    ) -> tuple[float, float]:
        """The values the wording allows, as a closed interval (low, high)."""
        tol = self.tolerance(value, unit)
        if value_high is not None and not _missing(value_high) and value_high > value:
            return value - tol, value_high + self.tolerance(value_high, unit)
        margin = max(self.bound * abs(value), _unit_of_last_digit(value))
        if qualifier == "approx":
            spread = self.approx * abs(value) + tol
            return value - spread, value + spread
        if qualifier == "over":
            return value - tol, value + margin
        if qualifier == "under":
            return value - margin, value + tol
        return value - tol, value + tol

    def agree(
        self,
        a: float,
        qualifier_a: str | None,
        b: float,
        qualifier_b: str | None,
        *,
        unit: str | None = None,
        high_a: float | None = None,
        high_b: float | None = None,
    ) -> bool:
        """``True`` when the two figures can describe the same true value."""
        low_a, up_a = self.interval(a, qualifier_a, high_a, unit)
        low_b, up_b = self.interval(b, qualifier_b, high_b, unit)
        return low_a <= up_b and low_b <= up_a


def _missing(value: object) -> bool:
    try:
        return value is None or bool(value != value)  # NaN and pd.NA
    except TypeError:  # pd.NA in a boolean context
        return True
