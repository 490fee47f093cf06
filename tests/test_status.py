"""Goals and plans ("phấn đấu", "mục tiêu", "dự kiến", "sẽ") are figures of status target,
and comparative tables never mix them with the results articles report."""

import dataclasses

import pytest

import unionnews
from unionnews.analysis.compare import CompareOptions
from unionnews.model import STATUSES, Context
from unionnews.nlp.figures import (
    GOAL_MET_BEFORE_RE,
    REPORTED_AFTER_TARGET_RE,
    TARGET_BEFORE_RE,
    find_figures,
)


def statuses(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.status) for f in find_figures(text, Context())]


def test_goal_words():
    for phrase in ("phấn đấu", "mục tiêu", "dự kiến", "sẽ", "chỉ tiêu tổng liên đoàn giao", "đề ra"):
        assert TARGET_BEFORE_RE.search(f"năm 2024 {phrase} kết nạp"), phrase
    assert not TARGET_BEFORE_RE.search("sẽn")  # whole words only
    assert REPORTED_AFTER_TARGET_RE.search("mục tiêu đề ra, đã kết nạp")
    assert GOAL_MET_BEFORE_RE.search("thực hiện ")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Năm 2024, phấn đấu kết nạp 1.000 đoàn viên, thành lập 10 CĐCS.", ["target", "target"]),
        ("Mục tiêu đến năm 2025 có 90% CĐCS đạt vững mạnh.", ["target"]),
        ("Dự kiến dịp Tết, công đoàn các cấp trao khoảng 41.500 suất quà.", ["target"]),
        ("LĐLĐ tỉnh sẽ trao 300 suất quà cho công nhân.", ["target"]),
        # results, although a goal is named
        ("Năm 2023 đã kết nạp 1.126 đoàn viên, đạt 112% chỉ tiêu Tổng Liên đoàn giao.", ["reported"] * 2),
        ("Thực hiện chỉ tiêu Tổng Liên đoàn giao, năm 2023 thành lập 09 CĐCS.", ["reported"]),
        ("Vượt mục tiêu đề ra, đã kết nạp 500 đoàn viên.", ["reported"]),
        # the goal of one clause does not reach the next sentence
        (
            "Năm 2024 phấn đấu kết nạp 1.000 đoàn viên. Năm 2023 kết nạp 950 đoàn viên.",
            ["target", "reported"],
        ),
    ],
)
def test_status_of_figures(text, expected):
    assert [s for _, s in statuses(text)] == expected


def test_compare_keeps_results_and_goals_apart(tmp_path):
    body = (
        "Năm 2023, Liên đoàn Lao động tỉnh Lai Châu kết nạp 950 đoàn viên mới, thành lập thêm "
        "nhiều công đoàn cơ sở trong các doanh nghiệp ngoài nhà nước trên địa bàn tỉnh.\n"
        "Năm 2023, theo nghị quyết, Liên đoàn Lao động tỉnh phấn đấu kết nạp 1.000 đoàn viên mới; "
        "kết quả còn thấp hơn chỉ tiêu, các cấp công đoàn cần rút kinh nghiệm trong năm tới.\n"
    )
    path = tmp_path / "a.txt"
    path.write_text("LĐLĐ tỉnh Lai Châu tổng kết công tác năm 2023\nNgày đăng: 20/12/2023\n" + body * 2)
    ds = unionnews.extract([path])
    assert set(ds.figures["status"]) == set(STATUSES)
    reported = unionnews.compare(ds, metrics=["new_union_members"])
    assert list(reported["value"]) == [950.0] and not reported["conflict"].any()
    goals = unionnews.compare(ds, metrics=["new_union_members"], status="target")
    assert list(goals["value"]) == [1000.0]
    # a dataset written before the column existed counts as reported: goal and result mix
    old = dataclasses.replace(ds, figures=ds.figures.drop(columns=["status"]))
    mixed = unionnews.compare(old, metrics=["new_union_members"])["figure_ids"].iloc[0].split("; ")
    assert len(mixed) == 2 * len(reported["figure_ids"].iloc[0].split("; "))
    with pytest.raises(ValueError, match="status must be one of"):
        CompareOptions(status="plan")


def test_a_list_of_goals_goes_on_across_semicolons_and_future_periods_are_plans():
    from datetime import date

    from unionnews.nlp.figures import GOAL_BOUNDARY_RE
    from unionnews.nlp.figures import after_publication as _after_publication

    assert not GOAL_BOUNDARY_RE.search("phấn đấu kết nạp 60 đoàn viên; giới thiệu")
    text = "Công đoàn phấn đấu kết nạp 60 đoàn viên; giới thiệu 20 đoàn viên ưu tú; 100% CĐCS đạt chuẩn."
    assert [s for _, s in statuses(text)] == ["target"] * 3
    met = "Toàn tỉnh đã kết nạp 1.126 đoàn viên, đạt 112,6% chỉ tiêu Tổng Liên đoàn giao; thành lập 09 CĐCS."
    assert [s for _, s in statuses(met)] == ["reported"] * 3
    ctx = Context(published=date(2024, 3, 1))
    found = find_figures("Đến năm 2028 nâng tỷ lệ đảng viên lên khoảng 55%.", ctx)
    assert [f.status for f in found] == ["target"]
    assert not _after_publication("2024", ctx) and _after_publication("2025-01", ctx)


def test_plans_by_kế_hoạch_and_lists_of_congress_targets():
    assert [s for _, s in statuses("Theo kế hoạch, tháng 8 LĐLĐ tiếp tục tổ chức 02 lớp tập huấn.")] == [
        "target"
    ]
    assert [s for _, s in statuses("Năm 2023, LĐLĐ tỉnh đặt kế hoạch tập huấn cho 1.200 lượt cán bộ.")] == [
        "target"
    ]
    held = "Hội thao tổ chức theo Kế hoạch số 18/KH-CĐKCN của Công đoàn, thu hút 1.100 vận động viên."
    assert [s for _, s in statuses(held)] == ["reported"]  # a document named, not a plan announced
    text = (
        "Đại hội thống nhất 8 chỉ tiêu chủ yếu, trong đó: hằng năm có 85% đoàn viên đạt Lao động tiên tiến."
    )
    assert [s for _, s in statuses(text)] == ["reported", "target"]  # the targets' count is a fact
