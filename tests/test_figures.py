from datetime import date
from pathlib import Path

import pytest

from unionnews.model import Context
from unionnews.nlp.figures import (
    CLAUSE_BOUNDARY_RE,
    CURRENCY_RE,
    FILLER_RE,
    LIST_GAP_RE,
    NOT_A_COUNT_BEFORE_RE,
    NOW_RE,
    PERIOD_IN_SENTENCE_RE,
    QUALIFIER_AFTER_RE,
    QUALIFIER_BEFORE_RE,
    THIS_YEAR_RE,
    YEAR_IN_SENTENCE_RE,
    find_figures,
    load_metric_rules,
)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
CTX = Context(province="Lào Cai", published=date(2023, 3, 14), term=(2018, 2023))


def figs(text, ctx=CTX):
    return [(f.value, f.unit, f.metric, f.qualifier) for f in find_figures(text, ctx)]


def test_regex_examples():
    assert CURRENCY_RE.match(" đồng") and not CURRENCY_RE.match(" đồng chí")
    assert FILLER_RE.match(" lượt đoàn viên").end() == 6
    assert QUALIFIER_BEFORE_RE.search("với tổng số tiền gần ")["under"]
    assert QUALIFIER_BEFORE_RE.search("ít nhất ")["over"]
    assert QUALIFIER_BEFORE_RE.search("xấp xỉ ")["approx"]
    assert QUALIFIER_AFTER_RE.match(" trở lên")
    assert NOT_A_COUNT_BEFORE_RE.search("lần thứ ") and NOT_A_COUNT_BEFORE_RE.search("covid-")
    assert CLAUSE_BOUNDARY_RE.search("a; b")
    assert YEAR_IN_SENTENCE_RE.search("trong năm 2021 đã")["y"] == "2021"
    assert PERIOD_IN_SENTENCE_RE.search("giai đoạn 2017 - 2022")["b"] == "2022"
    assert THIS_YEAR_RE.search("trong năm qua") and not THIS_YEAR_RE.search("trong 15 năm qua")
    assert NOW_RE.search("hiện có")
    assert LIST_GAP_RE.match(", ") and LIST_GAP_RE.match(", trong đó có ")


def test_money_percent_ratio_and_qualifiers():
    text = (
        "Công đoàn vận động được hơn 62.000.000 đồng, vượt 29,5% kế hoạch; "
        "58/58 CĐCS tham gia; hỗ trợ khoảng 1 tỷ 250 triệu đồng."
    )
    assert figs(text) == [
        (62_000_000, "VND", "money", "over"),
        (29.5, "percent", "percentage", "over"),
        (58, "org", "grassroots_unions", "exact"),
        (1_250_000_000, "VND", "money", "approx"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Đại hội lần thứ 12 diễn ra năm 2023.",
        "Ngày 10/10/2006 công đoàn được thành lập, nhiệm kỳ 2018 - 2023.",
        "Liên hệ điện thoại 0214 3840 123 để được tư vấn.",
        "Phòng chống dịch Covid-19 tại 15 năm qua.",
        "Thực hiện Quyết định 666/QĐ-LĐLĐ và Chương trình 135 của Chính phủ.",
        "Đồng chí trao quà cho 21 đồng chí là cán bộ hưu trí.",  # 21 đồng chí: people, not money
    ],
)
def test_non_figures(text):
    assert all(unit != "VND" for _, unit, _, _ in figs(text))
    assert not [v for v, *_ in figs(text) if v in (12, 2023, 2006, 2018, 10, 214, 19, 666, 135, 15)]


def test_metric_from_context():
    text = (
        "Năm 2022, toàn tỉnh kết nạp 3.200 đoàn viên mới, thành lập mới 14 CĐCS; "
        "412 đoàn viên ưu tú được giới thiệu cho Đảng, 230 người được kết nạp vào Đảng; "
        "tặng quà 1.500 đoàn viên khó khăn và trao 800 suất quà Tết; "
        "tập huấn cho 640 lượt cán bộ; tặng Giấy khen 30 tập thể, 42 cá nhân; "
        "hiện có 9.870 đoàn viên, trong đó 4.100 đoàn viên nữ."
    )
    assert [m for _, _, m, _ in figs(text)] == [
        "new_union_members",
        "new_grassroots_unions",
        "party_referrals",
        "party_admissions",
        "people_supported",
        "gifts",
        "trainings",
        "awards",
        "awards",
        "union_members",
        "union_members_female",
    ]


def test_periods():
    (f,) = find_figures("Trong năm 2021 kết nạp 120 đoàn viên.", CTX)
    assert (f.period_start, f.period_end) == ("2021", "2021")
    (f,) = find_figures("Hiện có 120 đoàn viên.", CTX)
    assert f.period_start == "2023-03-14"
    (f,) = find_figures("Công đoàn có 120 đoàn viên.", CTX)
    assert (f.period_start, f.period_end) == ("2018", "2023")


def test_user_lexicon_adds_heads(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text('[[head]]\nwords = ["bếp ăn"]\nunit = "item"\nmetric = "other_count"\n', "utf-8")
    rules = load_metric_rules(user)
    (f,) = find_figures("Công đoàn hỗ trợ 12 bếp ăn ca.", CTX, rules=rules)
    assert (f.value, f.unit) == (12, "item")
    assert find_figures("Công đoàn hỗ trợ 12 bếp ăn ca.", CTX) == []


def test_span_offsets():
    text = "Tổng số 1.204 CĐCS với 215.370 đoàn viên."
    for f in find_figures(text, CTX):
        assert text[f.start : f.end] == f.text
    assert [f.text for f in find_figures(text, CTX)] == ["1.204 CĐCS", "215.370 đoàn viên"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds not available")
def test_seed_key_figures():
    from unionnews.articles import extract_article
    from unionnews.pipeline import extract_facts

    def result(prefix):
        path = next(SEEDS.glob(prefix + "_*.txt"))
        return extract_facts(extract_article(path.read_bytes(), path=str(path)))

    r1 = result("001")
    assert any(f.value == 2719 and f.total == 2726 and f.unit == "person" for f in r1.figures)
    assert not [f for f in r1.figures if f.value in (2006, 2018, 2023, 2020, 2025, 15, 977)]
    r0 = result("000")
    assert any(f.value == 918e6 and f.unit == "VND" for f in r0.figures)
    assert any(f.value == 129.5 and f.qualifier == "over" for f in r0.figures)
    assert not [f for f in r0.figures if f.value in (61, 19)]  # click counter, Covid-19


def test_ranges_and_cues_after_a_list():
    text = (
        "Năm tới phấn đấu phát triển 2.000 đoàn viên, thành lập từ 15 đến 20 CĐCS. "
        "Dịp này, 3 tập thể, 5 cá nhân được tặng Bằng khen."
    )
    got = [(f.text, f.value, f.value_high, f.metric, f.qualifier) for f in find_figures(text, CTX)]
    assert got == [
        ("2.000 đoàn viên", 2000, None, "new_union_members", "exact"),
        ("15 đến 20 CĐCS", 15, 20, "new_grassroots_unions", "approx"),
        ("3 tập thể", 3, None, "awards", "exact"),
        ("5 cá nhân", 5, None, "awards", "exact"),
    ]


def test_year_pairs_are_not_ranges():
    assert find_figures("Giai đoạn 2020 - 2025 có nhiều đổi mới.", CTX) == []
