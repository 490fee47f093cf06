"""Human-readable names for metrics and units (Vietnamese and English), Vietnamese
number formatting and alphabetical order, for tables and plots.

>>> metric_label("new_grassroots_unions")
'Công đoàn cơ sở thành lập mới'
>>> metric_label("new_grassroots_unions", lang="en")
'New grassroots unions'
>>> format_number(183420), format_number(2.15), format_number(-1500.5)
('183.420', '2,15', '-1.500,5')
>>> sorted(["Bình Dương", "Bắc Kạn", "Đà Nẵng", "Điện Biên", "Anh", "An Giang"], key=vietnamese_sort_key)
['An Giang', 'Anh', 'Bắc Kạn', 'Bình Dương', 'Đà Nẵng', 'Điện Biên']
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

LANGS: tuple[str, ...] = ("vi", "en")

#: metric -> (Vietnamese, English) label. A metric added in a user's lexicon falls back
#: to its own name.
METRIC_LABELS: Mapping[str, tuple[str, str]] = {
    "union_members": ("Số đoàn viên công đoàn", "Union members"),
    "union_members_female": ("Số nữ đoàn viên", "Female union members"),
    "new_union_members": ("Đoàn viên kết nạp mới", "New union members"),
    "grassroots_unions": ("Số công đoàn cơ sở", "Grassroots unions"),
    "new_grassroots_unions": ("Công đoàn cơ sở thành lập mới", "New grassroots unions"),
    "party_members": ("Số đảng viên", "Party members"),
    "party_admissions": ("Kết nạp Đảng", "Party admissions"),
    "party_referrals": ("Giới thiệu đoàn viên ưu tú cho Đảng", "Referrals to the Party"),
    "money": ("Số tiền", "Amount of money"),
    "percentage": ("Tỷ lệ", "Percentage"),
    "people_supported": ("Số người được hỗ trợ", "People supported"),
    "gifts": ("Số suất quà", "Gifts"),
    "houses": ("Số nhà được xây, sửa", "Houses built or repaired"),
    "awards": ("Khen thưởng", "Awards"),
    "initiatives": ("Sáng kiến, đề tài", "Initiatives"),
    "trainings": ("Tập huấn, bồi dưỡng", "Trainings"),
    "targets": ("Chỉ tiêu", "Targets"),
    "events": ("Hội nghị, sự kiện", "Events"),
    "documents_issued": ("Văn bản ban hành", "Documents issued"),
    "other_count": ("Số lượng khác", "Other counts"),
}

#: unit -> (Vietnamese, English) label, as written after a number on an axis.
UNIT_LABELS: Mapping[str, tuple[str, str]] = {
    "VND": ("đồng", "VND"),
    "percent": ("%", "%"),
    "person": ("người", "persons"),
    "org": ("đơn vị", "bodies"),
    "house": ("nhà", "houses"),
    "gift": ("suất", "gifts"),
    "item": ("mục", "items"),
    "event": ("sự kiện", "events"),
    "class": ("lớp", "classes"),
    "tree": ("cây", "trees"),
    "document": ("văn bản", "documents"),
    "project": ("công trình", "projects"),
    "other": ("đơn vị khác", "other units"),
}

#: Scales for VND axes: (factor, Vietnamese, English).
MONEY_SCALES: tuple[tuple[float, str, str], ...] = (
    (1e9, "tỷ đồng", "billion VND"),
    (1e6, "triệu đồng", "million VND"),
    (1.0, "đồng", "VND"),
)

#: Marks written before a hedged value in tables and plots ("> 470.000", "~ 15").
QUALIFIER_MARKS: Mapping[str, str] = {"exact": "", "over": ">", "under": "<", "approx": "~"}


def marked(value: float, qualifier: str | None) -> str:
    """``value`` in Vietnamese format behind its qualifier's mark.

    >>> marked(470000, "over"), marked(5412, "exact")
    ('> 470.000', '5.412')
    """
    mark = QUALIFIER_MARKS.get(qualifier or "exact", "")
    return (mark + " " if mark else "") + format_number(value)


#: Words used on plots: key -> (Vietnamese, English).
WORDS: Mapping[str, tuple[str, str]] = {
    "year": ("Năm", "Year"),
    "province": ("Tỉnh, thành phố", "Province"),
    "hedged": ("Số ước lượng (hơn, gần, khoảng…)", "Hedged figure (over, under, about…)"),
    "conflict": ("Các bài báo đưa số khác nhau", "Articles disagree"),
    "source": ("Nguồn: bài báo công đoàn, unionnews", "Source: trade-union news, unionnews"),
    "exact": ("Số chính xác", "Exact figure"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {list(LANGS)}, not {lang!r}")
    return pair[LANGS.index(lang)]


def metric_label(metric: str, lang: str = "vi") -> str:
    """The label of ``metric`` in ``lang`` ("vi" or "en"); the metric itself when unknown."""
    pair = METRIC_LABELS.get(metric)
    return _pick(pair, lang) if pair else metric


def unit_label(unit: str, lang: str = "vi") -> str:
    """The label of ``unit`` in ``lang``; the unit itself when unknown."""
    pair = UNIT_LABELS.get(unit)
    return _pick(pair, lang) if pair else unit


def word(key: str, lang: str = "vi") -> str:
    """A fixed plot word (:data:`WORDS`) in ``lang``."""
    return _pick(WORDS[key], lang)


def format_number(value: float, decimals: int = 2) -> str:
    """Vietnamese number format: ``.`` groups thousands, ``,`` marks decimals; no trailing zeros."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


# --- alphabetical order ----------------------------------------------------------------------

#: The Vietnamese alphabet; a letter with a breve, circumflex or horn is a letter of its own.
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
#: Combining marks that make a new letter (they stay with the base letter).
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
#: Tone marks in dictionary order: (none), huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese_sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sort key in Vietnamese dictionary order: letters first, tones to break ties.

    Python's default order puts "Bình" before "Bắc" (by code point); this key
    puts "Bắc" first, and "Đ" after every "D".
    """
    letters: list[int] = []
    tones: list[int] = []
    decomposed = unicodedata.normalize("NFD", text.casefold())
    i = 0
    while i < len(decomposed):
        base = decomposed[i]
        i += 1
        tone = 0
        while i < len(decomposed) and unicodedata.combining(decomposed[i]):
            mark = decomposed[i]
            if mark in _LETTER_MARKS:
                base = unicodedata.normalize("NFC", base + mark)
            else:
                tone = _TONE_RANK.get(mark, tone)
            i += 1
        rank = _LETTER_RANK.get(base)
        # spaces, digits and punctuation sort before letters ("An Giang" before "Anh")
        letters.append(rank if rank is not None else ord(base) - 0x110000)
        tones.append(tone)
    return tuple(letters), tuple(tones)
