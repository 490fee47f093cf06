"""What a percentage is of and what money is (figures.measure); compare keeps them apart."""

from __future__ import annotations

import pytest

from unionnews.analysis import compare
from unionnews.dataset import Dataset, build_tables
from unionnews.dataset.schema import columns
from unionnews.model import MEASURES, MONEY_MEASURES, PERCENT_MEASURES, Article
from unionnews.nlp.measures import (
    CLAUSE_END_RE,
    GROWTH_AFTER_RE,
    GROWTH_BEFORE_RE,
    MONEY_CUE_RE,
    PLAN_AFTER_RE,
    PLAN_BEFORE_RE,
    SHARE_OF_AFTER_RE,
    SHARE_OF_BEFORE_RE,
    money_measure,
    percent_measure,
)
from unionnews.pipeline import extract_facts


def test_the_vocabulary_is_the_schema_enum() -> None:
    spec = next(c for c in columns("figures") if c.name == "measure")
    assert spec.vocabulary == MEASURES
    assert set(MEASURES) == set(PERCENT_MEASURES) | set(MONEY_MEASURES)


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        (CLAUSE_END_RE, "xong; tiếp", True),
        (CLAUSE_END_RE, "năm 2024. Tháng", True),
        (CLAUSE_END_RE, "đạt 1.200, tăng", False),
        (GROWTH_BEFORE_RE, "doanh thu tăng ", True),
        (GROWTH_BEFORE_RE, "giảm hơn ", True),
        (GROWTH_BEFORE_RE, "tăng cường ", False),
        (PLAN_BEFORE_RE, "hoàn thành kế hoạch với ", True),
        (PLAN_BEFORE_RE, "kế hoạch 2024 đạt ", False),
        (MONEY_CUE_RE, "đã quyên góp được ", True),
        (MONEY_CUE_RE, "chiến dịch ", False),
    ],
)
def test_searched_patterns(pattern, text: str, found: bool) -> None:
    assert (pattern.search(text) is not None) is found


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        (GROWTH_AFTER_RE, " so với cùng kỳ", True),
        (GROWTH_AFTER_RE, " doanh nghiệp", False),
        (PLAN_AFTER_RE, " kế hoạch năm", True),
        (PLAN_AFTER_RE, " và 98,5% chỉ tiêu", True),
        (PLAN_AFTER_RE, " doanh nghiệp có kế hoạch", False),
        (SHARE_OF_AFTER_RE, " tổng số đoàn viên", True),
        (SHARE_OF_AFTER_RE, " người lao động", True),
        (SHARE_OF_AFTER_RE, " doanh nghiệp ký thỏa ước lao động", False),
    ],
)
def test_anchored_patterns(pattern, text: str, found: bool) -> None:
    assert (pattern.match(text) is not None) is found


def test_a_share_named_before() -> None:
    assert SHARE_OF_BEFORE_RE.search("đoàn viên nữ chiếm ") is not None
    assert SHARE_OF_BEFORE_RE.search("công nhân lao động là ") is not None
    assert SHARE_OF_BEFORE_RE.search("đoàn viên mới. năm nay đạt ") is not None
    assert SHARE_OF_BEFORE_RE.search("doanh nghiệp chiếm ") is None


@pytest.mark.parametrize(
    ("before", "after", "measure"),
    [
        ("đạt ", " kế hoạch tỉnh giao", "of_plan"),
        ("vượt ", " chỉ tiêu nghị quyết", "of_plan"),
        ("thu nhập tăng ", "", "growth"),
        ("đạt ", " so với cùng kỳ", "growth"),
        ("có ", " đoàn viên tham gia", "of_members"),
        ("đoàn viên nữ chiếm ", "", "of_members"),
        ("có ", " người lao động được khám", "of_workers"),
        ("có ", " cđcs xếp loại tốt", "other"),
    ],
)
def test_percent_measure(before: str, after: str, measure: str) -> None:
    assert percent_measure(before, after) == measure


@pytest.mark.parametrize(
    ("before", "measure"),
    [
        ("cán bộ đã ủng hộ ", "raised"),
        ("vận động doanh nghiệp được ", "raised"),
        ("ban giám đốc tặng ", "given"),
        ("lđlđ huyện chi hỗ trợ ", "given"),
        ("thu đoàn phí ", "paid"),
        ("tổng dự toán ", "budget"),
        ("mỗi phần quà trị giá ", "value"),
        ("lương tối thiểu vùng là ", "other"),
        ("cho vay ", "other"),  # a loan is not given
        ("đã quyên góp, sau đó trao ", "given"),  # the nearest cue decides
    ],
)
def test_money_measure(before: str, measure: str) -> None:
    assert money_measure(before) == measure


def _article(aid: str, text: str) -> Article:
    return Article(
        article_id=aid,
        url=f"https://example.vn/{aid}",
        text=text,
        title="",
        published="2025-01-10",
        province="Quảng Trị",
    )


def test_figures_carry_their_measure_and_counts_none() -> None:
    text = (
        "Năm 2024, LĐLĐ tỉnh kết nạp 1.150 đoàn viên, đạt 115% kế hoạch; đoàn viên nữ chiếm 48%. "
        "Cán bộ, đoàn viên quyên góp 320 triệu đồng; LĐLĐ tỉnh trao 150 suất quà, "
        "mỗi suất trị giá 600.000 đồng."
    )
    figures = {f.text: f for f in extract_facts(_article("m", text)).figures}
    assert figures["1.150 đoàn viên"].measure is None
    assert figures["115%"].measure == "of_plan"
    assert figures["48%"].measure == "of_members"
    assert figures["320 triệu đồng"].measure == "raised"
    assert figures["600.000 đồng"].measure == "value"


def test_compare_keeps_unlike_measures_apart() -> None:
    texts = {
        "p": "Năm 2024, LĐLĐ tỉnh kết nạp 1.150 đoàn viên, đạt 115% kế hoạch.",
        "q": "Năm 2024, tỷ lệ đoàn viên nữ chiếm 48%.",
    }
    tables = build_tables([extract_facts(_article(aid, text)) for aid, text in texts.items()])
    table = compare(Dataset.from_tables(tables), metrics=["percentage"], by_subject=False)
    assert sorted(zip(table["measure"], table["value"], strict=True)) == [
        ("of_members", 48),
        ("of_plan", 115),
    ]
    assert not table["conflict"].any()
