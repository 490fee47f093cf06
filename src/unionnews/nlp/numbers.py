"""Vietnamese numbers: "1.742", "95,5 triệu", "1 tỷ 250 triệu", "2.719/2.726", "129,5%", "hai mươi lăm".

In Vietnamese writing "." groups thousands and "," is the decimal mark. Scale
words (nghìn/ngàn, vạn, triệu, tỷ/tỉ) multiply, and compounds add up ("1 tỷ 250
triệu" = 1 250 000 000). Leading zeros are common ("08 CĐCS"). Numbers may be
spelled out ("hai mươi lăm").

:func:`find_quantities` scans a text for every numeric expression and returns
:class:`Quantity` records with offsets. How the forms are stored:

* ``x/y`` ratios ("2.719/2.726", "58/58", "1.234/1.200" done/planned) and "x trên y"
  ("3 trên 10"): ``value`` = x, ``total`` = y.
* ranges ("từ 500 đến 600", "500-600", "từ 40 đến 60 triệu"): ``value`` = the
  lower end, ``high`` = the upper end, ``qualifier`` = ``"approx"``. A scale word
  written once applies to both ends ("40 đến 60 triệu" = 40e6 to 60e6).
* percentages ("129,5%", "41 %", "60 phần trăm"): ``percent`` is true.
* qualifier words right before the number ("trên", "gần", "khoảng"…) or right
  after it ("trở lên") set ``qualifier`` (exact, over, under, approx).

Clock times ("22:48", "8h30"), full dates ("10/10/2006"), month/year pairs
("12/2022"), day/month pairs read as "x/y" with x > y ("27/8") and codes glued to
letters or hyphens ("Covid-19", "F0", "H5N1") are not quantities. Whether a
quantity is a *figure* (it needs something it counts) is decided in
:mod:`unionnews.nlp.figures`. All patterns run on
:func:`~unionnews.nlp.normalize.match_key` output (lower case, dashes folded).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from unionnews.nlp.normalize import match_key
from unionnews.nlp.spans import finditer_near, word_start_anchor

# --- building blocks (pattern strings) ---------------------------------------------------

#: Dot-grouped thousands with an optional decimal part: "1.742", "62.000.000", "1.234,5".
GROUPED = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?"
#: English-style thousands (two or more comma groups): "1,234,567".
EN_GROUPED = r"\d{1,3}(?:,\d{3}){2,}"
#: A dot decimal that cannot be a thousands group (1–2 digits after): "1.5", "3.25".
DOT_DECIMAL = r"\d+\.\d{1,2}"
#: Plain digits with an optional comma decimal: "08", "95,5", "2719".
PLAIN = r"\d+(?:,\d+)?"
#: One Vietnamese numeral: "1.742", "62.000.000", "95,5", "08", "1.234,5", "1,234,567".
NUMERAL = rf"(?:{EN_GROUPED}|{GROUPED}|{DOT_DECIMAL}|{PLAIN})"
#: A scale word: "nghìn", "ngàn", "vạn", "triệu", "tỷ", "tỉ".
SCALE = r"(?:nghìn|ngàn|vạn|triệu|tỷ|tỉ)"
#: "rưỡi" after a scale word adds half of it: "2 triệu rưỡi".
HALF = r"(?:\s+rưỡi)"
#: A numeral with an optional scale word: "95,5 triệu", "39 nghìn", "1.742", "2 triệu rưỡi".
SCALED = rf"{NUMERAL}(?:\s*{SCALE}(?!\w){HALF}?(?!\w))?"
#: Scaled numerals added up, each with its own scale: "1 tỷ 250 triệu", "2 triệu 500 nghìn".
COMPOUND = rf"{SCALED}(?:\s+{NUMERAL}\s*{SCALE}(?!\w))*"
#: Characters that may not touch a number on its left: letters, digits, separators, hyphen.
#: Rejects "Covid-19", "F0", "12" in "22:12", "2006" in "10/10/2006".
LEFT_EDGE = r"(?<![\w.,/:\-])"
#: A currency written right after a number without a space: "100.000đ", "500.000vnđ".
GLUED_CURRENCY = r"(?:đồng|đ|vnđ|vnd)(?!\w)"
#: What may follow a quantity: not a digit group, clock minutes or a letter (except a glued
#: currency), and not "/" (dates, document numbers).
RIGHT_EDGE = rf"(?![.,:]\d)(?=$|[^\w/]|{GLUED_CURRENCY})"
#: Joins the two ends of a range: "-", "đến", "tới", "~"; the first end may repeat its unit
#: ("từ 500.000 đồng đến 2.000.000 đồng", "10% - 15%").
RANGE_JOIN = r"(?:\s*(?:đồng|đ|%))?\s*(?:-|~|đến|tới)\s*"
#: A percent sign or the words "phần trăm": "%", " %", " phần trăm".
PERCENT = r"(?:\s*%|\s+phần\s+trăm(?!\w))"

# --- compiled patterns -------------------------------------------------------------------

#: A numeral alone (for parse_number): "1.742", "95,5", "1.5".
NUMERAL_RE = re.compile(rf"^{NUMERAL}$")
#: English-style thousands with commas: "1,234,567".
EN_THOUSANDS_RE = re.compile(rf"^{EN_GROUPED}$")
#: A dot decimal, English style: "1.5".
DOT_DECIMAL_RE = re.compile(rf"^{DOT_DECIMAL}$")
#: One "numeral scale [rưỡi]" term of a compound: "250 triệu", "2 triệu rưỡi", "1.742".
SCALED_TERM_RE = re.compile(rf"(?P<num>{NUMERAL})\s*(?:(?P<scale>{SCALE})(?!\w)(?P<half>{HALF})?)?(?!\w)")
#: A single quantity in running text: "2.719/2.726", "58/58", "129,5%", "1 tỷ 250 triệu",
#: "41 %", "60 phần trăm", "100.000đ".
QUANTITY_RE = re.compile(
    rf"{LEFT_EDGE}(?P<value>{COMPOUND})"
    rf"(?:\s*/\s*(?P<total>{NUMERAL})(?![\w/]))?"
    rf"(?:(?P<percent>{PERCENT})|{RIGHT_EDGE})"
)
#: The second end of a range, right after a quantity: " đến 600", "-600", " - 15%",
#: " đồng đến 2.000.000" (after "500.000"), " tới 60 triệu".
RANGE_TAIL_RE = re.compile(rf"(?P<join>{RANGE_JOIN})(?P<high>{COMPOUND})(?P<percent>{PERCENT})?{RIGHT_EDGE}")
#: "trên" joining a part to its whole after a number: " trên 10", " trên tổng số 50" (in
#: "3 trên 10 doanh nghiệp", "đạt 45 trên tổng số 50 CĐCS").
RATIO_TREN_RE = re.compile(rf"\s+trên\s+(?:tổng\s+số\s+)?(?P<total>{NUMERAL}){RIGHT_EDGE}")
#: A digit not after a character of :data:`LEFT_EDGE`, where every :data:`QUANTITY_RE` match
#: starts (:func:`find_quantities` tries the pattern only there; the lookbehind comes after the
#: digit, so the regex engine skips to digits instead of trying it at every character).
QUANTITY_ANCHOR_RE = re.compile(r"\d(?<![\w.,/:\-]\d)")
#: A scale word anywhere in a quantity's text: "triệu" in "95,5 triệu", "tỷ" in "1 tỷ 250".
SCALE_WORD_RE = re.compile(SCALE)
#: A piece of a phone number: a leading zero and four or more digits, "0206", "02063".
PHONE_PIECE_RE = re.compile(r"^0\d{3,}")
#: A four-digit year 1900–2100: "2021". Years are quantities only with a counting noun.
YEAR_RE = re.compile(r"^(?:19\d\d|20\d\d|2100)$")

#: Spelled digits that may stand alone as a count before a noun: "hai", "ba", … "mười".
#: Not "một" (mostly "a/one of"), "năm" (also "year"), "tư"/"lăm"/"mốt" (only in compounds).
SPELLED_SINGLE = r"(?:hai|ba|bốn|sáu|bảy|bẩy|tám|chín|mười)"
#: Any spelled digit: "một" … "chín" with their variants "mốt", "tư", "lăm", "bẩy".
SPELLED_DIGIT = r"(?:không|một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|bẩy|tám|chín)"
#: Words that build spelled numbers: tens, hundreds, "linh"/"lẻ", "chục", scale words.
SPELLED_WORD = rf"(?:{SPELLED_DIGIT}|mươi|mười|trăm|linh|lẻ|chục|nghìn|ngàn|vạn|triệu|tỷ|tỉ|rưỡi)"
#: A spelled-out number: "hai mươi lăm", "một trăm linh năm", "ba trăm", "mười", "hai".
SPELLED_RE = re.compile(rf"(?<!\w)(?:(?:{SPELLED_DIGIT}|mười)(?:\s+{SPELLED_WORD})+|{SPELLED_SINGLE})(?!\w)")

#: A closing "năm" after a ten, a hundred or a scale word in a spelled run: the noun "year"
#: ("mười năm", "hai mươi năm", "một trăm năm"); five after a ten is written "lăm".
YEAR_WORD_AFTER_TENS_RE = re.compile(r"(?:mươi|mười|trăm|nghìn|ngàn|triệu|chục)(?P<year>\s+năm)$")

#: Qualifier words right before a number (group name = qualifier), longest first:
#: "gần 100 triệu", "trên 260", "khoảng 5,2 tỷ", "chưa đến 10", "không dưới 3.000". The "ước"
#: of "thỏa ước" (an agreement) is no estimate: "ký thỏa ước đạt 86,7%" is exact.
QUALIFIER_BEFORE_RE = re.compile(
    r"(?<!\w)(?:"
    r"(?P<over>không dưới|không ít hơn|không thấp hơn|ít nhất|tối thiểu|hơn|trên|vượt|ngoài|"
    r"vượt quá|vượt trên)|"
    r"(?P<under>chưa đến|chưa tới|chưa được|không đến|không tới|không quá|không vượt quá|"
    r"tối đa|dưới|gần|ít hơn|ngót nghét|ngót|chưa đầy|không đầy)|"
    r"(?P<approx>(?<!thỏa )(?<!thoả )(?:ước tính có|ước tính khoảng|ước tính|ước khoảng|ước đạt|ước có|ước)|"
    r"khoảng chừng|"
    r"khoảng|tầm|chừng|xấp xỉ|gần như|độ|cỡ|trên dưới|suýt soát|xuýt xoát)"
    r")\s+(?:là\s+|được\s+|bằng\s+|đạt\s+)?$"
)
#: Comparatives whose "hơn" compares rather than bounds: "cao hơn 5%", "tăng nhiều hơn".
COMPARATIVE_RE = re.compile(r"(?<!\w)(?<!không )(?:cao|thấp|nhiều|ít|lớn|nhỏ|sớm|muộn)\s+hơn\s+$")
#: Qualifier words right after a quantity or its noun: "50% trở lên", "hơn nữa", "có lẻ".
QUALIFIER_AFTER_RE = re.compile(r"\s*(?:trở lên|hơn nữa|có lẻ|có dư|trở ra)(?!\w)")

#: How far back (characters) qualifier words are looked for.
QUALIFIER_WINDOW = 24

_DIGITS = {
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
#: Multipliers of scale words.
SCALES: dict[str, float] = {"nghìn": 1e3, "ngàn": 1e3, "vạn": 1e4, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
#: A spelled digit or "mười" as a whole word, where every :data:`SPELLED_RE` match starts
#: (its anchor for :func:`~unionnews.nlp.spans.finditer_near`): "hai", "mười" in "hai mươi",
#: "mười lăm".
SPELLED_ANCHOR_RE = word_start_anchor([*_DIGITS, "mười"], whole=True)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in text, with offsets into it.

    ``value`` is the number (the lower end of a range), ``total`` the denominator of
    an "x/y" form, ``high`` the upper end of a range. ``percent`` marks "%"/"phần
    trăm", ``scaled`` a scale word ("triệu"), ``spelled`` a number written in words.
    ``qualifier`` comes from the words around it (exact, over, under, approx).
    """

    start: int
    end: int
    value: float
    total: float | None = None
    high: float | None = None
    percent: bool = False
    scaled: bool = False
    spelled: bool = False
    qualifier: str = "exact"

    @property
    def is_year(self) -> bool:
        """A plain four-digit integer 1900–2100 (a year unless a counting noun follows).

        Written without a thousands dot: "2.100 suất quà" is a count, never a year.
        """
        return (
            self.end - self.start == 4
            and not (self.scaled or self.percent or self.spelled)
            and self.total is None
            and self.high is None
            and self.value.is_integer()
            and 1900 <= self.value <= 2100
        )


def parse_number(s: str) -> float | None:
    """Parse one numeral written without a scale word.

    "." groups thousands and "," is the decimal mark; "1,234,567" (two or more comma
    groups) is English thousands and "1.5" (one dot, 1–2 digits after) an English
    decimal. A single comma is always decimal: "1,742" is 1.742.

    >>> parse_number("1.742"), parse_number("62.000.000"), parse_number("95,5")
    (1742.0, 62000000.0, 95.5)
    >>> parse_number("08"), parse_number("1.234,5"), parse_number("1,234,567")
    (8.0, 1234.5, 1234567.0)
    >>> parse_number("1.5"), parse_number("1,742"), parse_number("12.3456")
    (1.5, 1.742, None)
    """
    s = s.strip()
    if EN_THOUSANDS_RE.match(s):
        return float(s.replace(",", ""))
    if DOT_DECIMAL_RE.match(s):
        return float(s)
    if not NUMERAL_RE.match(s):
        return None
    return float(s.replace(".", "").replace(",", "."))


@lru_cache(maxsize=4096)
def parse_compound(s: str) -> float | None:
    """Parse a numeral with scale words; compound terms add up with falling scales.

    >>> parse_compound("1 tỷ 250 triệu"), parse_compound("95,5 triệu"), parse_compound("39 nghìn")
    (1250000000.0, 95500000.0, 39000.0)
    >>> parse_compound("2 triệu rưỡi"), parse_compound("5 triệu 3 tỷ")
    (2500000.0, None)
    """
    total = 0.0
    last_scale = float("inf")
    found = False
    for m in SCALED_TERM_RE.finditer(s.lower()):
        value = parse_number(m["num"])
        if value is None:
            return None
        scale = SCALES[m["scale"]] if m["scale"] else 1.0
        if found and scale >= last_scale:
            return None  # "5 triệu 3 tỷ" is two amounts, not one
        total += (value + (0.5 if m["half"] else 0.0)) * scale
        last_scale, found = scale, True
    return round(total, 6) if found else None


def parse_spelled(s: str) -> int | None:
    """Parse a number written in Vietnamese words.

    >>> parse_spelled("hai mươi lăm"), parse_spelled("một trăm linh năm"), parse_spelled("mười")
    (25, 105, 10)
    >>> parse_spelled("ba nghìn hai trăm"), parse_spelled("hai chục"), parse_spelled("đoàn viên")
    (3200, 20, None)
    >>> parse_spelled("hai ba") is None  # "two or three" is not a number
    True
    """
    words = match_key(s).split()
    if not words:
        return None
    total, group, current = 0, 0, -1  # current == -1: no digit pending
    prev = ""
    for word in words:
        if word in _DIGITS:
            if current >= 0:
                return None  # two digits in a row ("hai ba")
            if word in ("mốt", "tư", "lăm") and prev not in ("mươi", "mười"):
                return None  # "mốt", "tư", "lăm" only follow a ten ("hai mươi mốt")
            current = _DIGITS[word]
        elif word == "mười":
            if current >= 0:
                return None
            group += 10
        elif word in ("mươi", "chục"):
            if current < 0:
                return None
            group += current * 10
            current = -1
        elif word == "trăm":
            group += max(current, 1) * 100 if current != 0 else 0
            current = -1
        elif word in ("linh", "lẻ"):
            pass
        elif word == "rưỡi":
            return None if prev not in SCALES else total + group + max(current, 0) + _half(prev)
        elif word in SCALES:
            amount = group + max(current, 0)
            total += int((amount or 1) * SCALES[word])
            group, current = 0, -1
        else:
            return None
        prev = word
    return total + group + max(current, 0)


def _half(scale_word: str) -> int:
    return int(SCALES[scale_word] // 2)


def _scale_of(raw: str) -> float:
    """The smallest scale written in a compound ("1 tỷ 250 triệu" -> 1e6), 1 without one."""
    scales = [SCALES[m["scale"]] for m in SCALED_TERM_RE.finditer(raw) if m["scale"]]
    return min(scales) if scales else 1.0


def _qualifier(key: str, start: int, end: int) -> str:
    window = key[max(0, start - QUALIFIER_WINDOW) : start]
    m = QUALIFIER_BEFORE_RE.search(window)
    if m and not (m["over"] == "hơn" and COMPARATIVE_RE.search(window)):
        return "approx" if m["approx"] else "under" if m["under"] else "over"
    if QUALIFIER_AFTER_RE.match(key, end):
        return "over"
    return "exact"


def _range_end(q_raw: str, tail: re.Match[str]) -> float | None:
    """The upper end of a range, or None when the two numbers make no range."""
    high_raw = tail["high"]
    high = parse_compound(high_raw)
    if high is None or YEAR_RE.match(q_raw) or YEAR_RE.match(high_raw):
        return None  # "2018 - 2023" is a term, "50 đến 2023" no range
    if q_raw.startswith("0") and len(q_raw) >= 3:
        return None  # "0206 - 3852…": a phone number
    return high


def _is_date_like(total_raw: str, value: float, total: float) -> bool:
    """ "27/8" (day > month), "12/2022" (month/year) are dates, not ratios; "1.234/1.200"
    (done/planned, over 100 %) is a ratio."""
    if YEAR_RE.match(total_raw):
        return True
    return value > total and (value <= 31 or total <= 12)


def _numeric(key: str, m: re.Match[str]) -> tuple[Quantity, int] | None:
    """The quantity of one QUANTITY_RE match (joined with a range tail), and where it ends."""
    if PHONE_PIECE_RE.match(m["value"]):
        return None
    value = parse_compound(m["value"])
    if value is None:
        return None
    total: float | None = None
    if m["total"] is not None:
        total = parse_number(m["total"])
        if total is None or _is_date_like(m["total"], value, total):
            return None
    end, percent, high = m.end(), bool(m["percent"]), None
    if total is None and not percent and (tren := RATIO_TREN_RE.match(key, end)) is not None:
        whole = parse_number(tren["total"])
        if whole is not None and not YEAR_RE.match(tren["total"]) and value <= whole:
            total, end = whole, tren.end()
    tail = RANGE_TAIL_RE.match(key, m.end()) if total is None else None
    if tail is not None:
        high = _range_end(m["value"], tail)
        if high is not None:
            low, scale = value, _scale_of(tail["high"])
            if _scale_of(m["value"]) == 1.0 and scale > 1.0 and value * scale <= high:
                low = value * scale  # "40 đến 60 triệu": the scale covers both ends
            if high > low:
                value, end, percent = low, tail.end(), percent or bool(tail["percent"])
            else:
                high = None
    scaled = SCALE_WORD_RE.search(key, m.start(), end) is not None  # a word of SCALES in it
    qualifier = "approx" if high is not None else _qualifier(key, m.start(), end)
    return Quantity(m.start(), end, value, total, high, percent, scaled, False, qualifier), end


def _overlaps_numeric(numeric: list[Quantity], starts: list[int], start: int, end: int) -> bool:
    """Does ``[start, end)`` overlap one of the ``numeric`` quantities? They are in text
    order and do not overlap, so their ends rise too: only the last one starting before
    ``end`` can reach past ``start``."""
    i = bisect_left(starts, end)  # quantities starting before ``end``: numeric[:i]
    return i > 0 and numeric[i - 1].end > start


def find_quantities(text: str, key: str | None = None) -> list[Quantity]:
    """Every numeric expression in ``text``, with offsets, in text order.

    ``key`` is ``match_key(text)`` when the caller has it already.

    >>> [(q.value, q.total, q.percent) for q in find_quantities("có 2.719/2.726 người, đạt 129,5%")]
    [(2719.0, 2726.0, False), (129.5, None, True)]
    >>> [(q.value, q.high, q.qualifier) for q in find_quantities("Từ 40 đến 60 triệu")]
    [(40000000.0, 60000000.0, 'approx')]
    >>> [(q.value, q.qualifier) for q in find_quantities("gần hai mươi lăm người")]
    [(25.0, 'under')]
    """
    key = match_key(text) if key is None else key
    out: list[Quantity] = []
    pos = 0
    # every quantity starts at an anchor, one character long, so that none hides another: the
    # first match at an anchor from ``pos`` on is the one QUANTITY_RE.search(key, pos) finds
    for hit in QUANTITY_ANCHOR_RE.finditer(key):
        if hit.start() < pos or (m := QUANTITY_RE.match(key, hit.start())) is None:
            continue
        found = _numeric(key, m)
        pos = m.end()
        if found is not None:
            out.append(found[0])
            pos = found[1]
    numeric_starts = [q.start for q in out]  # text order, not overlapping
    for m in finditer_near(SPELLED_RE, key, SPELLED_ANCHOR_RE):
        end = m.end()
        if (year := YEAR_WORD_AFTER_TENS_RE.search(m.group())) is not None:
            end = m.start() + year.start("year")  # "mười năm": ten years, not fifteen
        spelled = parse_spelled(key[m.start() : end])
        if spelled is None or _overlaps_numeric(out, numeric_starts, m.start(), end):
            continue
        scaled = any(w in key[m.start() : end].split() for w in SCALES)
        out.append(
            Quantity(
                m.start(),
                end,
                float(spelled),
                scaled=scaled,
                spelled=True,
                qualifier=_qualifier(key, m.start(), end),
            )
        )
    out.sort(key=lambda q: q.start)
    return out
