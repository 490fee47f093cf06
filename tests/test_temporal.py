from datetime import date, datetime
from pathlib import Path

import pytest

from unionnews.model import Entity
from unionnews.nlp.normalize import match_key
from unionnews.nlp.temporal import (
    DATE_DMY_RE,
    DATE_ISO_RE,
    DATE_VERBAL_RE,
    SCHOOL_YEAR_BEFORE_RE,
    TERM_CONTEXT_RE,
    TIME_RE,
    YEAR_FROM_TO_RE,
    YEAR_PAIR_RE,
    blocked_spans,
    find_dates,
    find_terms,
    parse_date,
    parse_datetime,
)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def canon(entities):
    return [e.canonical for e in entities]


@pytest.mark.parametrize("s", ["10/10/2006", "27-8-2021", "27.8.2021", "1/2/2022"])
def test_date_dmy_re_matches(s):
    assert DATE_DMY_RE.fullmatch(s)


@pytest.mark.parametrize("s", ["2.719/2.726", "12/2012/QH13", "44/45", "1.742"])
def test_date_dmy_re_rejects_numbers(s):
    assert not DATE_DMY_RE.search(s)


def test_date_iso_and_verbal_re():
    assert DATE_ISO_RE.search("phát hành:2023-09-15 11:46")
    assert DATE_VERBAL_RE.search("ngày 9 tháng 2 năm 2022")
    assert TIME_RE.search("lúc 22:48")["hh"] == "22"


def test_find_dates_day_first_and_valid_only():
    text = "Ngày 09/10/2021 họp; ngày 31/02/2021 sai; Ngày 3 tháng 12 năm 2020 khai mạc."
    assert canon(find_dates(text)) == ["2021-10-09", "2020-12-03"]


def test_find_dates_offsets_point_into_text():
    text = "Từ NGÀY 5/6/2020 đến nay"
    (ent,) = find_dates(text)
    assert text[ent.start : ent.end] == ent.text == "5/6/2020"


def test_month_year_is_not_a_date():
    assert find_dates("tháng 12/2021 và năm 2022") == []


def test_year_pair_and_context_re():
    assert YEAR_PAIR_RE.search("2018 - 2023")
    assert not YEAR_PAIR_RE.search("1.2018-2023.5")
    assert TERM_CONTEXT_RE.search("đại hội nhiệm kỳ ")
    assert YEAR_FROM_TO_RE.search("từ năm 2018 đến năm 2023")


def test_find_terms_forms():
    text = (
        "Nhiệm kỳ 2018 – 2023 đạt; giai đoạn 2021-2025 tiếp; khóa XII (2016-2021); "
        "từ năm 2010 đến năm 2015; chiến tranh 1945-1975; năm 2023-2021."
    )
    assert canon(find_terms(text)) == ["2018-2023", "2021-2025", "2016-2021", "2010-2015"]


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Tổng kết năm học 2018 - 2019, triển khai năm học 2019–2020", []),
        ("Chào mừng năm học mới 2024-2025", []),
        ("Năm học: 2022 - 2023", []),
        # not a school year: a span of more than one year, or another word before it
        ("các năm học 2018 - 2020", ["2018-2020"]),
        ("giai đoạn 2018 - 2019", ["2018-2019"]),
        ("nhiệm kỳ 2018 - 2023, năm học 2018 - 2019", ["2018-2023"]),
    ],
)
def test_a_school_year_is_no_term(text, terms):
    assert SCHOOL_YEAR_BEFORE_RE.search(match_key("năm học mới "))
    assert not SCHOOL_YEAR_BEFORE_RE.search("năm ")
    assert canon(find_terms(text)) == terms


def test_term_span_is_the_year_pair():
    text = "nhiệm kỳ 2023 - 2028"
    (t,) = find_terms(text)
    assert t.text == "2023 - 2028" and t.rule == "term_keyword"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thứ bảy - 09/10/2021 22:48", datetime(2021, 10, 9, 22, 48)),
        ("09:01 | 11/01/2019", datetime(2019, 1, 11, 9, 1)),
        ("15:55 18/04/2023", datetime(2023, 4, 18, 15, 55)),
        ("Thứ Tư, ngày 9 tháng 2 năm 2022 - 10:17", datetime(2022, 2, 9, 10, 17)),
        ("ngày phát hành:2023-09-15 11:46", datetime(2023, 9, 15, 11, 46)),
        ("Cập nhật: 08:15 12/03/2024", datetime(2024, 3, 12, 8, 15)),
        ("12/03/2024 08:15 (GMT+7)", datetime(2024, 3, 12, 8, 15)),
        ("Ngày đăng: 05/06/2020", datetime(2020, 6, 5)),
    ],
)
def test_parse_datetime_datelines(line, expected):
    assert parse_datetime(line) == expected


def test_parse_date_none():
    assert parse_date("không có ngày") is None
    assert parse_date("ngày 27/8/2021") == date(2021, 8, 27)


def test_blocked_spans_merges():
    ents = [
        Entity("DATE", 5, 10, "", ""),
        Entity("TERM", 8, 15, "", ""),
        Entity("PERSON", 20, 30, "", ""),
        Entity("DOCUMENT", 40, 50, "", ""),
    ]
    assert blocked_spans(ents) == [(5, 15), (40, 50)]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds not available")
def test_seed_terms_and_dates():
    def read(prefix):
        return next(SEEDS.glob(prefix + "_*.txt")).read_text(encoding="utf-8")

    assert set(canon(find_terms(read("000")))) == {"2018-2023", "2020-2025", "2023-2028"}
    assert set(canon(find_dates(read("001")))) == {"2006-10-10", "2021-10-09"}
    assert find_terms(read("002")) == []
    assert set(canon(find_dates(read("004")))) == {
        "2021-05-23",
        "2021-08-27",
        "2020-05-20",
        "2021-09-10",
        "2021-06-12",
        "2022-02-09",
    }
    assert set(canon(find_terms(read("003")))) == {"2017-2022", "2021-2025", "2023-2028"}


def test_day_month_dates_take_the_publication_year():
    published = date(2023, 1, 5)
    text = "Chiều 28/12, công đoàn họp; sáng 3/1 trao quà; tháng 12/2022 tổng kết."
    assert [e.canonical for e in find_dates(text, published=published)] == ["2022-12-28", "2023-01-03"]
    assert find_dates("Chiều 28/12, công đoàn họp") == []  # no publication date: no guess


def test_day_ranges_in_one_month():
    from datetime import date

    from unionnews.nlp.temporal import DATE_DAY_RANGE_RE, find_dates

    assert DATE_DAY_RANGE_RE.search("từ ngày 9 đến 14/1/2023")
    assert DATE_DAY_RANGE_RE.search("trong 2 ngày 28 - 30/6/2022")
    assert not DATE_DAY_RANGE_RE.search("từ 50 đến 60/100 đoàn viên")
    found = [(e.text, e.canonical) for e in find_dates("Từ ngày 9 đến 14/1/2023, công đoàn thăm hỏi")]
    assert found == [("9", "2023-01-09"), ("14/1/2023", "2023-01-14")]
    assert [e.canonical for e in find_dates("ngày 9-14/1", published=date(2023, 2, 1))] == [
        "2023-01-09",
        "2023-01-14",
    ]
    assert [e.canonical for e in find_dates("ngày 20 đến 3/2/2023")] == ["2023-02-03"]  # not a range


def test_wordpress_month_word_dates():
    from unionnews.nlp.temporal import DATE_MONTH_WORD_RE, find_dates

    assert DATE_MONTH_WORD_RE.search("29 tháng 1, 2024") and not DATE_MONTH_WORD_RE.search("3 tháng 12 năm")
    assert [e.canonical for e in find_dates("29 Tháng 1, 2024\nTrước thềm Tết")] == ["2024-01-29"]


def test_joomla_month_word_dates_without_a_comma():
    from unionnews.nlp.temporal import DATE_MONTH_WORD_RE, find_dates

    assert DATE_MONTH_WORD_RE.search("28 tháng 12 2018")
    assert not DATE_MONTH_WORD_RE.search("3 tháng 12 năm 2018")  # the verbal form has its own rule
    assert [e.canonical for e in find_dates("Được đăng: Thứ sáu, 28 Tháng 12 2018 10:12")] == ["2018-12-28"]
    assert [e.canonical for e in find_dates("ngày 9 tháng 2 năm 2022")] == ["2022-02-09"]
