"""Vietnamese numbers: "1.742", "95,5 triệu", "1 tỷ 250 triệu", "2.719/2.726", "129,5%", "hai mươi lăm".

In Vietnamese writing "." groups thousands and "," is the decimal mark. Scale
words (nghìn/ngàn, vạn, triệu, tỷ/tỉ) multiply, and compounds add up ("1 tỷ 250
triệu" = 1 250 000 000). Leading zeros are common ("08 CĐCS"). All patterns
here run on :func:`~unionnews.nlp.normalize.match_key` output (lower case).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A Vietnamese numeral: "1.742", "62.000.000", "95,5", "08", "1.234,5".
NUMERAL = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
#: A scale word: "nghìn", "ngàn", "vạn", "triệu", "tỷ", "tỉ".
SCALE = r"nghìn|ngàn|vạn|triệu|tỷ|tỉ"
#: A numeral with an optional scale word: "95,5 triệu", "39 nghìn", "1.742".
SCALED = rf"(?:{NUMERAL})(?:\s*(?:{SCALE})(?!\w))?"
#: One or more scaled numerals added up: "1 tỷ 250 triệu", "2 triệu 500 nghìn".
COMPOUND = rf"{SCALED}(?:\s+(?:{NUMERAL})\s*(?:{SCALE})(?!\w))*"

#: A numeral alone (for parse_number): "1.742" -> 1742.
NUMERAL_RE = re.compile(rf"^(?:{NUMERAL})$")
#: English-style thousands with commas: "1,234,567".
EN_THOUSANDS_RE = re.compile(r"^\d{1,3}(?:,\d{3}){2,}$")
#: One "numeral scale" term of a compound: "250 triệu".
SCALED_TERM_RE = re.compile(rf"(?P<num>{NUMERAL})\s*(?P<scale>{SCALE})?(?!\w)")
#: A quantity in running text: compound number, optional "/total", optional percent sign.
#: "2.719/2.726", "58/58", "129,5%", "1 tỷ 250 triệu", "41 %", "60 phần trăm".
QUANTITY_RE = re.compile(
    rf"(?<![\w.,/:\-])(?P<value>{COMPOUND})"
    rf"(?:\s*/\s*(?P<total>{NUMERAL})(?![\w/]))?"
    rf"(?P<percent>\s*%|\s+phần\s+trăm)?"
    r"(?![\w/]|[.,]\d|:\d)"
)
#: What joins the two ends of a range: "50 đến 60", "50 - 60", "50 tới 60".
RANGE_JOIN_RE = re.compile(r"^\s*(?:-|đến|tới)\s*$")
#: A year: ranges of years are terms, not quantities.
YEAR_RE = re.compile(r"^(?:19|20)\d\d$")

#: Spelled-out digits and tens: "một", "hai", … "chín", "mười", "mươi".
_UNITS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
_MULTIPLIERS = {
    "nghìn": 1000,
    "ngàn": 1000,
    "vạn": 10_000,
    "triệu": 10**6,
    "tỷ": 10**9,
    "tỉ": 10**9,
}
#: A spelled-out number of two or more words: "hai mươi lăm", "một trăm linh năm", "ba trăm".
SPELLED_RE = re.compile(
    r"(?<!\w)(?:(?:một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười)"
    r"(?:\s+(?:mươi|mười|trăm|nghìn|ngàn|triệu|linh|lẻ|một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|"
    r"bẩy|tám|chín))+)(?!\w)"
)

SCALES = {"nghìn": 1e3, "ngàn": 1e3, "vạn": 1e4, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}


def parse_number(s: str) -> float | None:
    """Parse one Vietnamese numeral (no scale word).

    >>> parse_number("1.742"), parse_number("62.000.000"), parse_number("95,5")
    (1742.0, 62000000.0, 95.5)
    >>> parse_number("08"), parse_number("1.234,5"), parse_number("1,234,567")
    (8.0, 1234.5, 1234567.0)
    """
    s = s.strip()
    if EN_THOUSANDS_RE.match(s):
        return float(s.replace(",", ""))
    if not NUMERAL_RE.match(s):
        return None
    return float(s.replace(".", "").replace(",", "."))


def parse_compound(s: str) -> float | None:
    """Parse a numeral with scale words, adding compound terms.

    >>> parse_compound("1 tỷ 250 triệu"), parse_compound("95,5 triệu"), parse_compound("39 nghìn")
    (1250000000.0, 95500000.0, 39000.0)
    """
    total = 0.0
    found = False
    for m in SCALED_TERM_RE.finditer(s.lower()):
        value = parse_number(m["num"])
        if value is None:
            return None
        total += value * (SCALES[m["scale"]] if m["scale"] else 1)
        found = True
    return round(total, 6) if found else None


def parse_spelled(s: str) -> int | None:
    """Parse a spelled-out Vietnamese number.

    >>> parse_spelled("hai mươi lăm"), parse_spelled("một trăm linh năm"), parse_spelled("mười")
    (25, 105, 10)
    >>> parse_spelled("ba nghìn hai trăm"), parse_spelled("đoàn viên")
    (3200, None)
    """
    words = s.lower().split()
    if not words:
        return None
    total, group, current = 0, 0, 0
    for word in words:
        if word in _UNITS or word == "mười":
            group += current  # "mười lăm": the ten is kept, the five follows
            current = 10 if word == "mười" else _UNITS[word]
        elif word == "mươi":
            group += (current or 1) * 10
            current = 0
        elif word == "trăm":
            group += (current or 1) * 100
            current = 0
        elif word in ("linh", "lẻ"):
            continue
        elif word in _MULTIPLIERS:
            total += ((group + current) or 1) * _MULTIPLIERS[word]
            group, current = 0, 0
        else:
            return None
    return total + group + current


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in text: value (and total for x/y), whether it is a percent."""

    start: int
    end: int
    value: float
    total: float | None = None
    percent: bool = False
    scaled: bool = False  # a scale word was used ("triệu") — money or a rounded count
    spelled: bool = False
    high: float | None = None  # upper bound of a range: "từ 50 đến 60"


def find_quantities(key: str) -> list[Quantity]:
    """Every numeric expression in a match key, with offsets.

    >>> [(q.value, q.total, q.percent) for q in find_quantities("có 2.719/2.726 người, đạt 129,5%")]
    [(2719.0, 2726.0, False), (129.5, None, True)]
    """
    out: list[Quantity] = []
    for m in QUANTITY_RE.finditer(key):
        value = parse_compound(m["value"])
        if value is None:
            continue
        total = parse_number(m["total"]) if m["total"] else None
        scaled = any(w in m["value"] for w in SCALES)
        out.append(Quantity(m.start(), m.end(), value, total, bool(m["percent"]), scaled))
    for m in SPELLED_RE.finditer(key):
        spelled = parse_spelled(m.group())
        if spelled is not None:
            out.append(Quantity(m.start(), m.end(), float(spelled), spelled=True))
    return _merge_ranges(key, sorted(out, key=lambda q: q.start))


def _merge_ranges(key: str, quantities: list[Quantity]) -> list[Quantity]:
    """Join "50 đến 60" into one quantity (value 50, high 60); years are left alone."""
    merged: list[Quantity] = []
    for q in quantities:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.high is None
            and not prev.percent
            and prev.total is None
            and q.total is None
            and RANGE_JOIN_RE.match(key[prev.end : q.start])
            and not (YEAR_RE.match(key[prev.start : prev.end]) and YEAR_RE.match(key[q.start : q.end]))
            and q.value > prev.value
        ):
            merged[-1] = Quantity(
                prev.start, q.end, prev.value, None, q.percent, prev.scaled or q.scaled, high=q.value
            )
            continue
        merged.append(q)
    return merged
