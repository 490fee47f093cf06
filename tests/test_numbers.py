import re

import pytest

from unionnews.nlp.normalize import match_key
from unionnews.nlp.numbers import (
    COMPARATIVE_RE,
    DOT_DECIMAL_RE,
    EN_THOUSANDS_RE,
    NUMERAL_RE,
    PHONE_PIECE_RE,
    QUALIFIER_AFTER_RE,
    QUALIFIER_BEFORE_RE,
    QUANTITY_RE,
    RANGE_TAIL_RE,
    RATIO_TREN_RE,
    SCALED_TERM_RE,
    SPELLED_RE,
    YEAR_RE,
    YEAR_WORD_AFTER_TENS_RE,
    Quantity,
    find_quantities,
    parse_compound,
    parse_number,
    parse_spelled,
)

# --- parse_number ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.742", 1742),
        ("62.000.000", 62_000_000),
        ("95,5", 95.5),
        ("04", 4),
        ("08", 8),
        ("2,1", 2.1),
        ("1.234,5", 1234.5),
        ("1,234,567", 1_234_567),
        ("0,59", 0.59),
        ("129,5", 129.5),
        ("2.719", 2719),
        ("1,742", 1.742),  # a single comma is the decimal mark
        ("1.5", 1.5),  # one dot with 1-2 digits after cannot group thousands
        ("100", 100),
        (" 45 ", 45),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["1.7421", "abc", "12.3456", "", "1.2.3", "5 triệu"])
def test_parse_number_rejects(text):
    assert parse_number(text) is None


# --- parse_compound ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("95,5 triệu", 95_500_000),
        ("2,1 tỷ", 2_100_000_000),
        ("3,5 tỷ", 3_500_000_000),
        ("1 tỷ 250 triệu", 1_250_000_000),
        ("39 nghìn", 39_000),
        ("5 ngàn", 5_000),
        ("3 tỉ", 3e9),
        ("2 vạn", 20_000),
        ("2 triệu 500 nghìn", 2_500_000),
        ("918 triệu", 918_000_000),
        ("2 triệu rưỡi", 2_500_000),
        ("1.742", 1742),
        ("Một tỷ", None),  # words are parse_spelled's job
    ],
)
def test_parse_compound(text, value):
    assert parse_compound(text) == value


def test_parse_compound_needs_falling_scales():
    assert parse_compound("5 triệu 3 tỷ") is None
    assert parse_compound("2 triệu 3 triệu") is None


# --- parse_spelled -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("hai mươi lăm", 25),
        ("một trăm linh năm", 105),
        ("một trăm lẻ năm", 105),
        ("mười", 10),
        ("mười lăm", 15),
        ("mười hai", 12),
        ("hai mươi mốt", 21),
        ("ba nghìn hai trăm", 3200),
        ("bốn mươi tư", 44),
        ("ba trăm", 300),
        ("hai chục", 20),
        ("năm mươi", 50),
        ("hai nghìn không trăm hai mươi", 2020),
        ("Hai Mươi", 20),
        ("một nghìn", 1000),
        ("ba triệu", 3_000_000),
        ("hai", 2),
        ("chín trăm chín mươi chín", 999),
        ("hai triệu rưỡi", 2_500_000),
    ],
)
def test_parse_spelled(text, value):
    assert parse_spelled(text) == value


@pytest.mark.parametrize("text", ["đoàn viên", "hai ba", "lăm", "mốt", "", "mươi", "hai rưỡi"])
def test_parse_spelled_rejects(text):
    assert parse_spelled(text) is None


# --- each regex on its own ---------------------------------------------------------------------


def test_numeral_re():
    assert NUMERAL_RE.match("2.719") and NUMERAL_RE.match("95,5") and NUMERAL_RE.match("1.234,5")
    assert not NUMERAL_RE.match("2.7190") and not NUMERAL_RE.match("1.2.3")


def test_en_thousands_re():
    assert EN_THOUSANDS_RE.match("1,234,567") and not EN_THOUSANDS_RE.match("1,234")


def test_dot_decimal_re():
    assert DOT_DECIMAL_RE.match("1.5") and DOT_DECIMAL_RE.match("12.25")
    assert not DOT_DECIMAL_RE.match("1.500")


def test_scaled_term_re():
    m = SCALED_TERM_RE.match("250 triệu")
    assert m and m["num"] == "250" and m["scale"] == "triệu"
    m = SCALED_TERM_RE.match("2 triệu rưỡi")
    assert m and m["half"]
    assert SCALED_TERM_RE.match("3 tỷ")["scale"] == "tỷ"


def test_quantity_re():
    m = QUANTITY_RE.search("có 2.719/2.726 người")
    assert m and (m["value"], m["total"]) == ("2.719", "2.726")
    m = QUANTITY_RE.search("đạt 60 phần trăm")
    assert m and m["percent"]
    assert QUANTITY_RE.search("giá 100.000đ")["value"] == "100.000"
    assert not QUANTITY_RE.search("covid-19")
    assert not QUANTITY_RE.search("lúc 22:48")
    m = QUANTITY_RE.search("tăng bình quân 6,5%/năm")
    assert m and m["percent"] and m.group() == "6,5%"  # a rate per year is still a percent


def test_year_word_after_tens_re():
    assert YEAR_WORD_AFTER_TENS_RE.search("hai mươi năm")
    assert YEAR_WORD_AFTER_TENS_RE.search("một trăm năm")
    assert not YEAR_WORD_AFTER_TENS_RE.search("năm mươi")
    assert not YEAR_WORD_AFTER_TENS_RE.search("hai mươi lăm")


@pytest.mark.parametrize(
    ("text", "value", "end"),
    [
        ("mười năm gắn bó", 10, 4),  # ten years
        ("hơn hai mươi năm công tác", 20, 12),
        ("hai trăm năm mươi đoàn viên", 250, 17),  # "năm" before "mươi" is a digit
        ("mười lăm người", 15, 8),
    ],
)
def test_spelled_runs_stop_before_the_word_year(text, value, end):
    (q,) = find_quantities(text)
    assert (q.value, q.end) == (value, end)


def test_ratio_tren_re():
    assert RATIO_TREN_RE.match(" trên 10 doanh nghiệp")["total"] == "10"
    assert RATIO_TREN_RE.match(" trên tổng số 1.250 đoàn viên")["total"] == "1.250"
    assert not RATIO_TREN_RE.match(" trên địa bàn")
    assert not RATIO_TREN_RE.match(" trên 10/2022")


@pytest.mark.parametrize(
    ("text", "value", "total"),
    [
        ("chỉ 3 trên 10 doanh nghiệp", 3, 10),  # part of a whole
        ("đạt 45 trên tổng số 50 cơ sở", 45, 50),
        ("thực hiện 1.234/1.200, vượt kế hoạch", 1234, 1200),  # done/planned over 100 %
        ("tăng 12 trên 10 năm", 12, None),  # "trên" no whole: the part is larger
        ("giao 45/30 người", 45, 30),  # too large for a day/month
    ],
)
def test_ratio_forms(text, value, total):
    (q,) = [q for q in find_quantities(text) if q.value == value]
    assert q.total == total


@pytest.mark.parametrize("text", ["hôm 27/8 có", "ngày 15/3 và", "tới 31/12 thì", "tháng 12/2022"])
def test_day_month_pairs_are_no_ratios(text):
    assert all(q.total is None for q in find_quantities(text))


def test_range_tail_re():
    assert RANGE_TAIL_RE.match(" đến 600")["high"] == "600"
    assert RANGE_TAIL_RE.match("-15%")["percent"] == "%"
    assert RANGE_TAIL_RE.match(" đồng đến 2.000.000")["high"] == "2.000.000"
    assert not RANGE_TAIL_RE.match(" và 600")


def test_year_re():
    assert YEAR_RE.match("2021") and YEAR_RE.match("1945")
    assert not YEAR_RE.match("2719") and not YEAR_RE.match("202")


def test_phone_piece_re():
    assert PHONE_PIECE_RE.match("0206") and PHONE_PIECE_RE.match("02063")
    assert not PHONE_PIECE_RE.match("08") and not PHONE_PIECE_RE.match("045")


def test_spelled_re():
    assert SPELLED_RE.search("giới thiệu hai mươi lăm đoàn viên").group() == "hai mươi lăm"
    assert SPELLED_RE.search("xây hai mái ấm").group() == "hai"
    assert not SPELLED_RE.search("một số đoàn viên")  # "một" alone is not counted
    assert not SPELLED_RE.search("năm nay")  # nor "năm" alone


def test_qualifier_before_re():
    assert QUALIFIER_BEFORE_RE.search("trị giá gần ")["under"]
    assert QUALIFIER_BEFORE_RE.search("ít nhất ")["over"]
    assert QUALIFIER_BEFORE_RE.search("xấp xỉ ")["approx"]
    assert QUALIFIER_BEFORE_RE.search("chưa đến ")["under"]
    assert QUALIFIER_BEFORE_RE.search("với số tiền là hơn ")["over"]
    assert not QUALIFIER_BEFORE_RE.search("phía trên bàn ")
    assert QUALIFIER_BEFORE_RE.search("có trên dưới ")["approx"]  # not "dưới" (under)
    assert QUALIFIER_BEFORE_RE.search("ước tính có ")["approx"]
    assert QUALIFIER_BEFORE_RE.search("ngót nghét ")["under"]
    assert QUALIFIER_BEFORE_RE.search("chưa đầy ")["under"]


def test_comparative_re():
    assert COMPARATIVE_RE.search("cao hơn ") and not COMPARATIVE_RE.search("không thấp hơn ")


def test_qualifier_after_re():
    assert QUALIFIER_AFTER_RE.match(" trở lên") and QUALIFIER_AFTER_RE.match(" hơn nữa")
    assert not QUALIFIER_AFTER_RE.match(" trở về")


# --- find_quantities ---------------------------------------------------------------------------


def qs(text: str) -> list[tuple[str, float, float | None, float | None, bool, str]]:
    return [
        (text[q.start : q.end], q.value, q.total, q.high, q.percent, q.qualifier)
        for q in find_quantities(text)
    ]


def test_ratio_and_percent():
    assert qs("58/58 CĐCS; tăng 41 %") == [
        ("58/58", 58, 58, None, False, "exact"),
        ("41 %", 41, None, None, True, "exact"),
    ]


def test_money_compounds_keep_their_span():
    assert qs("ủng hộ hơn 2 triệu 500 nghìn đồng") == [
        ("2 triệu 500 nghìn", 2_500_000, None, None, False, "over")
    ]


@pytest.mark.parametrize(
    ("text", "span", "value", "high"),
    [
        ("từ 50 đến 60 CĐCS", "50 đến 60", 50, 60),
        ("khoảng 500-600 người", "500-600", 500, 600),
        ("từ 40 đến 60 triệu đồng", "40 đến 60 triệu", 40e6, 60e6),
        ("từ 500.000 đồng đến 2.000.000 đồng", "500.000 đồng đến 2.000.000", 500_000, 2_000_000),
        ("tăng 10 - 15%", "10 - 15%", 10, 15),
        ("từ 1,5 tới 2 tỷ", "1,5 tới 2 tỷ", 1.5e9, 2e9),
    ],
)
def test_ranges(text, span, value, high):
    (q,) = find_quantities(text)
    assert (text[q.start : q.end], q.value, q.high, q.qualifier) == (span, value, high, "approx")


def test_not_ranges():
    assert [q.high for q in find_quantities("nhiệm kỳ 2018 - 2023")] == [None, None]
    assert [q.value for q in find_quantities("60 - 50 người")] == [60, 50]  # falling: two numbers


@pytest.mark.parametrize(
    "text",
    ["Covid-19", "lúc 22:48", "ngày 10/10/2006", "ngày 27/8", "tháng 12/2022", "F0", "H5N1", "8h30", "0206"],
)
def test_codes_times_and_dates_are_not_quantities(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("trên 260 cây", "over"),
        ("hơn 130 suất quà", "over"),
        ("vượt 41% chỉ tiêu", "over"),
        ("ngoài 20 suất", "over"),
        ("gần 100 triệu", "under"),
        ("dưới 10 người", "under"),
        ("chưa đến 5%", "under"),
        ("khoảng 5,2 tỷ", "approx"),
        ("ước tính 3.000 người", "approx"),
        ("xấp xỉ 90%", "approx"),
        ("tầm 200 người", "approx"),
        ("có 45 đoàn viên", "exact"),
        ("cao hơn 5% so với", "exact"),
        ("50% trở lên", "over"),
        ("không thấp hơn 3.000 đoàn viên", "over"),
    ],
)
def test_qualifiers(text, qualifier):
    assert find_quantities(text)[0].qualifier == qualifier


def test_spelled_quantities_and_offsets():
    text = "Xây mới Hai Mái ấm và trao hai mươi lăm suất quà"
    found = find_quantities(text)
    assert [(text[q.start : q.end], q.value, q.spelled) for q in found] == [
        ("Hai", 2, True),
        ("hai mươi lăm", 25, True),
    ]


def test_key_may_be_passed_and_offsets_hold_for_nfd_text():
    text = "Thuở đầu có 1.742 đoàn viên"
    found = find_quantities(text, match_key(text))
    assert [text[q.start : q.end] for q in found] == ["1.742"]


def test_is_year():
    assert Quantity(0, 4, 2021.0).is_year
    assert not Quantity(0, 4, 2021.0, percent=True).is_year
    assert not Quantity(0, 4, 2719.0).is_year


def test_dot_decimal_with_scale():
    assert [q.value for q in find_quantities("hỗ trợ 3.5 triệu đồng")] == [3_500_000]


def test_regex_constants_are_compiled():
    import unionnews.nlp.numbers as numbers

    names = [n for n in dir(numbers) if n.endswith("_RE")]
    assert names and all(isinstance(getattr(numbers, n), re.Pattern) for n in names)
