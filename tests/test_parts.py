"""Parts of a whole (figures.part_of) and compare never counting a part with its whole."""

from __future__ import annotations

import pytest

from unionnews.analysis import compare
from unionnews.dataset import Dataset, build_tables
from unionnews.model import Article, Figure
from unionnews.nlp.parts import NOT_SIBLING_RE, PART_GAP_RE, SIBLING_GAP_RE, link_parts
from unionnews.pipeline import extract_facts


@pytest.mark.parametrize(
    ("gap", "matches"),
    [
        (" CĐCS, trong đó ", True),
        (", bao gồm ", True),
        (" đoàn viên, trong số đó ", True),
        (", gồm ", True),
        (" cđcs, gồm ", False),  # "gồm" right after the whole only
        (" đồng chí và ủy ban kiểm tra gồm ", False),  # "gồm" of another whole
        (" CĐCS, trong đó, khu vực ngoài nhà nước có ", True),
        (" CĐCS. trong đó ", True),  # the sentence break is before the word: a sentence's opener
        (" CĐCS, trong đó 12 đoàn viên và ", False),  # a number after the word: not right before
        (" CĐCS và ", False),
        (", bao gồmm ", False),
    ],
)
def test_part_gap(gap: str, matches: bool) -> None:
    assert (PART_GAP_RE.search(gap) is not None) is matches


@pytest.mark.parametrize(
    ("gap", "matches"),
    [
        (" cđcs khối doanh nghiệp và ", True),
        (" người, ", True),
        (" cđcs khối hành chính; ", True),
        (" cđcs khối doanh nghiệp ", False),
        (" cđcs. năm nay có ", False),
    ],
)
def test_sibling_gap(gap: str, matches: bool) -> None:
    assert (SIBLING_GAP_RE.match(gap) is not None) is matches


@pytest.mark.parametrize(
    ("gap", "matches"),
    [
        (" điều khoản có lợi hơn cho người lao động, tăng ", True),
        (" người, giảm ", True),
        (" cđcs so với ", True),
        (" cđcs khối doanh nghiệp và ", False),
        (" cđcs khối hành chính; ", False),
        (" người tăngg, ", False),
    ],
)
def test_not_sibling(gap: str, matches: bool) -> None:
    assert (NOT_SIBLING_RE.search(gap) is not None) is matches


def _figures(text: str) -> list[Figure]:
    return extract_facts(Article(article_id="a", url="https://example.vn/a", text=text, title="")).figures


def _of(figures: list[Figure], value: float) -> Figure:
    return next(f for f in figures if f.value == value)


def test_a_part_of_the_same_metric_points_to_its_whole() -> None:
    figs = _figures("Năm 2024, LĐLĐ huyện Mỹ Hòa thành lập mới 12 CĐCS, trong đó 08 CĐCS khu vực tư nhân.")
    whole, part = _of(figs, 12), _of(figs, 8)
    assert whole.metric == part.metric == "new_grassroots_unions"
    assert part.part_of == (whole.start, whole.end)
    assert whole.part_of is None


def test_a_part_of_another_metric_is_its_own_series() -> None:
    figs = _figures("Năm 2024, Công đoàn huyện Mỹ Hòa kết nạp 3.200 đoàn viên, trong đó 1.700 nữ.")
    assert _of(figs, 1700).metric != _of(figs, 3200).metric
    assert all(f.part_of is None for f in figs)


def _at(text: str, span: str, value: float, unit: str, metric: str) -> Figure:
    start = text.index(span)
    return Figure(start, start + len(span), span, value, unit, metric, sentence=text)


def test_every_part_of_a_list_after_the_whole() -> None:
    text = "Quỹ huyện Mỹ Hòa có 900 triệu đồng, bao gồm 600 triệu đồng tiền mặt và 300 triệu đồng hiện vật."
    whole = _at(text, "900 triệu đồng", 9e8, "VND", "money")
    first = _at(text, "600 triệu đồng", 6e8, "VND", "money")
    second = _at(text, "300 triệu đồng", 3e8, "VND", "money")
    link_parts([whole, first, second], text)
    assert first.part_of == second.part_of == (whole.start, whole.end)


def test_parts_never_add_up_past_their_whole_nor_link_rates() -> None:
    text = "Có 10 CĐCS, trong đó 7 CĐCS mới và 6 CĐCS cũ; tỷ lệ 90%, trong đó 40%."
    a = _at(text, "10 CĐCS", 10, "org", "grassroots_unions")
    b = _at(text, "7 CĐCS", 7, "org", "grassroots_unions")
    c = _at(text, "6 CĐCS", 6, "org", "grassroots_unions")
    d = _at(text, "90%", 90, "percent", "percentage")
    e = _at(text, "40%", 40, "percent", "percentage")
    link_parts([a, b, c, d, e], text)
    assert b.part_of == (a.start, a.end)
    assert c.part_of is None  # 7 + 6 is more than 10: not both parts of it
    assert e.part_of is None


def test_part_of_is_the_whole_figure_id_and_compare_does_not_add_the_part() -> None:
    texts = {
        ("a", "Bình Định"): "Năm 2024, LĐLĐ tỉnh thành lập mới 12 CĐCS, trong đó 08 CĐCS khu vực tư nhân.",
        ("b", "Phú Yên"): "Năm 2024, LĐLĐ tỉnh thành lập mới 5 CĐCS.",
    }
    results = [
        extract_facts(
            Article(
                article_id=aid,
                url=f"https://example.vn/{aid}",
                text=text,
                title="",
                published="2025-01-10",
                province=province,
            )
        )
        for (aid, province), text in texts.items()
    ]
    tables = build_tables(results)
    figures = tables["figures"]
    unions = figures[figures["metric"] == "new_grassroots_unions"]
    assert sorted(unions["value"]) == [5, 8, 12]
    part = unions[unions["value"] == 8].iloc[0]
    whole = unions[unions["value"] == 12].iloc[0]
    assert part["part_of"] == whole["figure_id"]
    assert unions["part_of"].isna().sum() == 2
    assert unions.loc[unions["part_of"].isna(), "value"].sum() == 17
    table = compare(Dataset.from_tables(tables), metrics=["new_grassroots_unions"], by_subject=False)
    assert sorted(table["value"]) == [5, 12]
    assert table["value"].sum() == 17  # 12 + 5, never 12 + 8 + 5
    assert whole["figure_id"] in set(table["figure_id"])
    assert part["figure_id"] not in "; ".join(table["figure_ids"])
