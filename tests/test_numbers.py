import pytest

from unionnews.nlp.normalize import match_key
from unionnews.nlp.numbers import (
    EN_THOUSANDS_RE,
    NUMERAL_RE,
    QUANTITY_RE,
    RANGE_JOIN_RE,
    SCALED_TERM_RE,
    SPELLED_RE,
    find_quantities,
    parse_compound,
    parse_number,
    parse_spelled,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.742", 1742),
        ("62.000.000", 62_000_000),
        ("95,5", 95.5),
        ("04", 4),
        ("2,1", 2.1),
        ("1.234,5", 1234.5),
        ("1,234,567", 1_234_567),
        ("0,59", 0.59),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["1.74", "abc", "12.3456", ""])
def test_parse_number_rejects(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("95,5 triệu", 95_500_000),
        ("2,1 tỷ", 2_100_000_000),
        ("1 tỷ 250 triệu", 1_250_000_000),
        ("39 nghìn", 39_000),
        ("5 ngàn", 5_000),
        ("3 tỉ", 3e9),
        ("2 triệu 500 nghìn", 2_500_000),
    ],
)
def test_parse_compound(text, value):
    assert parse_compound(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("hai mươi lăm", 25),
        ("một trăm linh năm", 105),
        ("mười", 10),
        ("mười lăm", 15),
        ("hai mươi mốt", 21),
        ("ba nghìn hai trăm", 3200),
        ("bốn mươi tư", 44),
    ],
)
def test_parse_spelled(text, value):
    assert parse_spelled(text) == value


def test_regex_building_blocks():
    assert NUMERAL_RE.match("2.719") and not NUMERAL_RE.match("2.71")
    assert EN_THOUSANDS_RE.match("1,234,567") and not EN_THOUSANDS_RE.match("1,234")
    assert SCALED_TERM_RE.match("250 triệu")["scale"] == "triệu"
    assert RANGE_JOIN_RE.match(" đến ") and RANGE_JOIN_RE.match(" - ")
    assert SPELLED_RE.search("giới thiệu hai mươi lăm đoàn viên").group() == "hai mươi lăm"
    assert not SPELLED_RE.search("một số đoàn viên")  # a single word is not taken


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("có 2.719/2.726 người", "2.719/2.726"),
        ("đạt 129,5%", "129,5%"),
        ("1 tỷ 250 triệu đồng", "1 tỷ 250 triệu"),
        ("60 phần trăm", "60 phần trăm"),
    ],
)
def test_quantity_re_spans(text, span):
    m = QUANTITY_RE.search(match_key(text))
    assert text[m.start() : m.end()] == span


@pytest.mark.parametrize("text", ["Covid-19", "lúc 22:48", "0206.3852.123", "ngày 10/10/2006"])
def test_quantity_re_skips_codes_times_and_dates(text):
    assert find_quantities(match_key(text)) == []


def test_find_quantities_ratio_and_percent():
    qs = find_quantities(match_key("58/58 CĐCS; tăng 41 %"))
    assert [(q.value, q.total, q.percent) for q in qs] == [(58, 58, False), (41, None, True)]


def test_ranges_merge_but_year_pairs_do_not():
    (q,) = find_quantities(match_key("từ 50 đến 60 CĐCS"))
    assert (q.value, q.high) == (50, 60)
    assert len(find_quantities(match_key("2020 - 2025"))) == 2
    assert find_quantities(match_key("60 - 50"))[0].high is None  # not an increasing range
