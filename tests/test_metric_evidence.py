"""The metric decided by evidence (issue 11): predicates over modifiers, weak cues last,
parts and repeated clauses, admissions read in context, and the confidence and cues a
figure carries. Sentences written for these tests."""

from datetime import date

import pandas as pd
import pytest

from unionnews.analysis.compare import CompareOptions, compare
from unionnews.dataset import Dataset
from unionnews.model import CONFIDENCES, Context
from unionnews.nlp.figures import (
    BARE_ADMISSION_RE,
    PARALLEL_GAP_RE,
    PART_BEFORE_RE,
    PARTY_CONTEXT_RE,
    find_figures,
)


def metrics(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.metric) for f in find_figures(text, Context(published=date(2024, 12, 20)))]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a predicate after the head outranks the modifier "ưu tú"
        (
            "Trong năm, 64 đoàn viên ưu tú được kết nạp vào hàng ngũ của Đảng.",
            [("64 đoàn viên", "party_admissions")],
        ),
        ("Năm qua có 58 đoàn viên ưu tú được giới thiệu cho chi bộ.", [("58 đoàn viên", "party_referrals")]),
        # "ưu tú" alone still marks a referral
        ("Công đoàn đã giới thiệu 37 đoàn viên ưu tú.", [("37 đoàn viên", "party_referrals")]),
        # "được kết nạp" is read in its context: the Party named nearby, or not
        (
            "Công đoàn giới thiệu 60 quần chúng cho chi bộ. Có 41 đoàn viên đã được kết nạp.",
            [("60 quần chúng", "party_referrals"), ("41 đoàn viên", "party_admissions")],
        ),
        ("Có 41 đoàn viên đã được kết nạp, vượt kế hoạch.", [("41 đoàn viên", "new_union_members")]),
        (
            "Toàn ngành có 19 đoàn viên công đoàn vinh dự được kết nạp vào Đảng.",
            [("19 đoàn viên công đoàn", "party_admissions")],
        ),
        # ... but workers admitted to the union stay new union members
        (
            "Năm 2024 có 230 người lao động được kết nạp vào công đoàn.",
            [("230 người lao động", "new_union_members")],
        ),
        # active "kết nạp N đoàn viên" is the union admitting them
        ("Năm 2024 kết nạp 1.150 đoàn viên.", [("1.150 đoàn viên", "new_union_members")]),
        # participants are counted, not members
        ("Hội thao có 420 đoàn viên tham gia tranh tài.", [("420 đoàn viên", "other_count")]),
        # ... unless the event is a class
        (
            "Công đoàn mở 6 lớp tập huấn với 510 lượt cán bộ công đoàn tham dự.",
            [("6 lớp tập huấn", "trainings"), ("510 lượt cán bộ công đoàn", "trainings")],
        ),
        # the people an action was for, after "cho", when nothing else says more
        ("Công đoàn lo bữa ăn, chỗ nghỉ cho 650 công nhân.", [("650 công nhân", "people_supported")]),
        # ... but not the people a delegate speaks for, nor an audience of talks
        (
            "Dự Đại hội có 120 đại biểu, thay mặt cho 9.400 đoàn viên.",
            [("120 đại biểu", "other_count"), ("9.400 đoàn viên", "union_members")],
        ),
        ("Tổ chức hội thảo nâng cao nhận thức cho 300 công nhân.", [("300 công nhân", "other_count")]),
    ],
)
def test_metric_from_the_clause(text, want):
    assert metrics(text) == want


def test_a_part_after_trong_do_takes_the_metric_of_its_whole():
    got = metrics("Năm nay giới thiệu 260 đoàn viên ưu tú cho Đảng, trong đó có 45 người là công nhân.")
    assert got == [("260 đoàn viên", "party_referrals"), ("45 người là công nhân", "party_referrals")]


def test_a_part_with_a_specific_head_keeps_its_own_metric():
    got = metrics("Đơn vị có 2.100 đoàn viên, trong đó có 640 đảng viên.")
    assert got == [("2.100 đoàn viên", "union_members"), ("640 đảng viên", "party_members")]


def test_a_repeated_clause_takes_the_metric_of_its_first_member():
    got = metrics(
        "Năm nay, các chi bộ kết nạp nhiều đảng viên là đoàn viên công đoàn. "
        "Công đoàn ngành Y tế có 32 đoàn viên được kết nạp, Công đoàn Viên chức tỉnh có 27 đoàn viên, "
        "Công đoàn ngành Giáo dục có 40 đoàn viên."
    )
    assert [m for _, m in got] == ["party_admissions"] * 3


def test_a_bare_admission_reads_its_context():
    text = "Năm qua có 90 quần chúng được giới thiệu cho Đảng. Có 35 công nhân, lao động được kết nạp."
    assert metrics(text)[-1] == ("35 công nhân", "party_admissions")
    union = "Năm qua thành lập 8 CĐCS. Có 35 công nhân, lao động được kết nạp."
    assert metrics(union)[-1] == ("35 công nhân", "new_union_members")


def test_an_active_admission_is_not_reread_by_party_context():
    text = "Năm 2024 kết nạp 900 đoàn viên, giới thiệu 120 đoàn viên ưu tú cho Đảng."
    assert metrics(text) == [("900 đoàn viên", "new_union_members"), ("120 đoàn viên", "party_referrals")]


def test_every_figure_carries_its_evidence_and_a_confidence():
    figs = find_figures("Năm 2024, 76 đoàn viên ưu tú được kết nạp vào Đảng; tặng 300 suất quà.", Context())
    assert [f.confidence for f in figs] == ["high", "high"]
    assert all(f.confidence in CONFIDENCES for f in figs)
    party, gifts = figs
    assert party.cues.startswith("after:") and "=party_admissions" in party.cues.split("; ")[0]
    assert gifts.cues == ""  # "suất quà" decides alone


def test_conflicting_cues_give_low_confidence():
    # a training class before the number, an award after the head: the rules pick one
    figs = find_figures("Sau lớp bồi dưỡng, 25 cán bộ được tặng Giấy khen.", Context())
    (fig,) = figs
    assert fig.metric == "awards" and fig.confidence == "low"
    said = [c.rsplit("=", 1)[1] for c in fig.cues.split("; ")]
    assert said[0] == "awards" and "trainings" in said


def test_named_regexes():
    assert PARALLEL_GAP_RE.match(" được kết nạp, Công đoàn Viên chức tỉnh có ")
    assert not PARALLEL_GAP_RE.match(", tặng quà ")
    assert PART_BEFORE_RE.search("cho Đảng, trong đó có trên ")
    assert not PART_BEFORE_RE.search("trong năm có ")
    assert BARE_ADMISSION_RE.match("after:đã được kết nạp=new_union_members")
    assert not BARE_ADMISSION_RE.match("before:kết nạp=new_union_members")
    assert PARTY_CONTEXT_RE.search("giới thiệu cho đảng xem xét") and PARTY_CONTEXT_RE.search("chi bộ")
    assert not PARTY_CONTEXT_RE.search("đảng bộ tỉnh") and not PARTY_CONTEXT_RE.search("đảng đoàn")


def _dataset(confidences: list[str]) -> Dataset:
    articles = pd.DataFrame(
        {
            "article_id": ["a1"],
            "published": ["2024-12-20"],
            "url": ["http://ldld.example.vn/tin/1"],
            "province_2025": ["Phú Thọ"],
            "duplicate_of": [None],
            "copy_kind": [None],
        }
    )
    n = len(confidences)
    figures = pd.DataFrame(
        {
            "figure_id": [f"f{i}" for i in range(n)],
            "fact_id": [f"x{i}" for i in range(n)],
            "flag": [None] * n,
            "article_id": ["a1"] * n,
            "metric": ["party_admissions"] * n,
            "value": [76.0 + i for i in range(n)],
            "value_high": [None] * n,
            "total": [None] * n,
            "unit": ["person"] * n,
            "qualifier": ["exact"] * n,
            "period_start": ["2024"] * n,
            "period_end": ["2024"] * n,
            "subject": [f"Liên đoàn Lao động tỉnh {p}" for p in ("Vĩnh Phúc", "Hòa Bình")[:n]],
            "province": ["Vĩnh Phúc", "Hòa Bình"][:n],
            "province_2025": ["Phú Thọ"] * n,
            "text": ["x"] * n,
            "sentence": ["x"] * n,
            "status": ["reported"] * n,
            "confidence": confidences,
        }
    )
    return Dataset(articles=articles, figures=figures, entities=pd.DataFrame(), errors=pd.DataFrame())


def test_compare_uses_confident_figures_unless_asked():
    data = _dataset(["high", "low"])
    default = compare(data)
    everything = compare(data, CompareOptions(include_low_confidence=True))
    assert sorted(default["province"]) == ["Vĩnh Phúc"]
    assert sorted(everything["province"]) == ["Hòa Bình", "Vĩnh Phúc"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Kết nạp 1.286 đoàn viên, vượt 18% chỉ tiêu năm.", [("1.286 đoàn viên", "exact"), ("18%", "exact")]),
        ("Thu kinh phí đạt 112% kế hoạch, vượt 12%.", [("112%", "exact"), ("12%", "exact")]),
        ("Tỷ lệ tham gia vượt 50% số đoàn viên.", [("50%", "over")]),
        ("Năm nay kết nạp vượt 500 đoàn viên.", [("500 đoàn viên", "over")]),
    ],
)
def test_a_margin_over_a_plan_is_exact(text, want):
    assert [(f.text, f.qualifier) for f in find_figures(text, Context())] == want


def test_margin_regexes():
    from unionnews.nlp.figures import PLAN_AFTER_MARGIN_RE, RESULT_BEFORE_MARGIN_RE

    assert PLAN_AFTER_MARGIN_RE.match(" so với kế hoạch") and PLAN_AFTER_MARGIN_RE.match(" chỉ tiêu năm")
    assert not PLAN_AFTER_MARGIN_RE.match(" số đoàn viên")
    assert RESULT_BEFORE_MARGIN_RE.search("đạt 112% kế hoạch, vượt ")
    assert not RESULT_BEFORE_MARGIN_RE.search("tỷ lệ tham gia vượt ")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the paragraph opens on growth: a later count with no cue of its own is new
        (
            "Về công tác phát triển đoàn viên: năm 2022, toàn ngành được 2.140 đoàn viên. "
            "Riêng khu vực ngoài nhà nước có 870 đoàn viên.",
            ["new_union_members", "new_union_members"],
        ),
        # a heading on growth frames the paragraphs under it, for members and for unions
        (
            "2. Công tác phát triển đoàn viên, thành lập CĐCS\n"
            "Năm 2023, các cấp công đoàn đã có 1.450 đoàn viên, 12 CĐCS.\n"
            "Toàn tỉnh hiện có 52.000 đoàn viên.",
            ["new_union_members", "new_grassroots_unions", "union_members"],
        ),
        # without a frame a count is a stock
        ("Năm 2023, toàn tỉnh có 52.000 đoàn viên, 700 CĐCS.", ["union_members", "grassroots_unions"]),
        # a loss or a size is no growth, whatever the paragraph is about
        (
            "Về phát triển đoàn viên, kết quả còn hạn chế. Có 310 đoàn viên ra khỏi tổ chức do nghỉ việc.",
            ["union_members"],
        ),
        (
            "Về phát triển đoàn viên, huyện làm tốt. "
            "LĐLĐ huyện thành lập CĐCS tại hợp tác xã với 23 đoàn viên.",
            ["union_members"],
        ),
    ],
)
def test_growth_framing(text, want):
    assert [m for _, m in metrics(text)] == want


def test_framing_regexes():
    from unionnews.nlp.figures import ATTRIBUTE_BEFORE_RE, DECREASE_RE, FRAME_NEW_RE, STOCK_WORDS_RE

    assert FRAME_NEW_RE.search("công tác phát triển đoàn viên")["members"]
    assert FRAME_NEW_RE.search("thành lập mới cđcs")["unions"]
    assert not FRAME_NEW_RE.search("tổng số đoàn viên")
    assert STOCK_WORDS_RE.search("toàn tỉnh hiện có") and STOCK_WORDS_RE.search("nâng tổng số")
    assert DECREASE_RE.search("ra khỏi tổ chức") and not DECREASE_RE.search("tăng thêm")
    assert ATTRIBUTE_BEFORE_RE.search("tại hợp tác xã với ") and not ATTRIBUTE_BEFORE_RE.search("đã có ")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a body or area that "được" members or unions gained them; the list shares the growth
        (
            "Năm 2021, toàn tỉnh được 1.940 đoàn viên và 17 CĐCS.",
            [("1.940 đoàn viên", "new_union_members"), ("17 CĐCS", "new_grassroots_unions")],
        ),
        (
            "Quý II, LĐLĐ huyện được thêm 130 đoàn viên, 3 CĐCS.",
            [("130 đoàn viên", "new_union_members"), ("3 CĐCS", "new_grassroots_unions")],
        ),
        # a part of new unions is new too
        (
            "Năm qua thành lập 31 CĐCS, trong đó 22 CĐCS ở doanh nghiệp tư nhân.",
            [("31 CĐCS", "new_grassroots_unions"), ("22 CĐCS", "new_grassroots_unions")],
        ),
        # an opener before "trong số" still names the whole
        (
            "Đáng chú ý, trong số đảng viên mới có 18 người là công nhân.",
            [("18 người là công nhân", "party_admissions")],
        ),
        # a head that says what it counts keeps it against a longer neutral cue
        (
            "Trong tổng số đoàn viên có 640 đoàn viên nữ.",
            [("640 đoàn viên nữ", "union_members_female")],
        ),
        # ... while a generic head takes the longer specific cue
        ("Trong đó đoàn viên nữ có 3.120 người.", [("3.120 người", "union_members_female")]),
        ("Số đoàn viên là đảng viên có 2.210 người.", [("2.210 người", "party_members")]),
        # an event draws participants
        ("Chương trình thu hút khoảng 700 đoàn viên đến tham gia.", [("700 đoàn viên", "other_count")]),
        # an agent between "được" and the verb
        ("Có 64 trường hợp được bác sĩ tư vấn miễn phí.", [("64 trường hợp", "people_supported")]),
        ("Có 210 lao động được doanh nghiệp nhận vào làm việc.", [("210 lao động", "people_supported")]),
        # "năm học" is a time, not a class
        ("Trong năm học qua, toàn ngành có 5.400 đoàn viên.", [("5.400 đoàn viên", "union_members")]),
        # a name of an office carries no cue
        (
            "Dự có Phó Giám đốc Sở Giáo dục và Đào tạo cùng 95 đại biểu.",
            [("95 đại biểu", "other_count")],
        ),
    ],
)
def test_clause_cues(text, want):
    assert metrics(text) == want


def test_a_growth_headline_frames_counts_without_a_frame_of_their_own():
    body = "Theo báo cáo, năm 2024 LĐLĐ tỉnh đạt 2.650 đoàn viên và 14 CĐCS, vượt kế hoạch."
    figs = find_figures(body, Context(), title="Vượt kế hoạch phát triển đoàn viên, thành lập CĐCS")
    assert [f.metric for f in figs] == ["new_union_members", "new_grassroots_unions"]
    assert figs[0].cues.startswith("headline:")
    plain = find_figures(body, Context(), title="Hội nghị tổng kết năm 2024")
    assert [f.metric for f in plain] == ["union_members", "grassroots_unions"]


def test_a_paragraph_on_another_topic_is_not_framed_by_the_headline():
    body = "Về công tác nữ công, toàn tỉnh có 1.300 đoàn viên nữ. Các cấp có 9.800 đoàn viên."
    figs = find_figures(body, Context(), title="Phát triển đoàn viên mới")
    assert [f.metric for f in figs] == ["union_members_female", "union_members"]


def test_a_body_that_has_a_count_holds_a_stock():
    body = "Về phát triển đoàn viên: CĐCS công ty có 326 đoàn viên."
    assert metrics(body) == [("326 đoàn viên", "union_members")]


def test_mask_names():
    from unionnews.nlp.figures.clauses import NAME_UNIT_RE, OFFICE_HEAD_RE, mask_names

    t = "bà Lê Thị An, Phó Giám đốc Sở Lao động - Thương binh và Xã hội cùng"
    masked = mask_names(t, t.lower(), 0, len(t))
    assert "thương binh" not in masked and masked.endswith(" cùng") and masked.startswith("bà lê thị an")
    assert OFFICE_HEAD_RE.search("Trung tâm Dịch vụ việc làm") and not OFFICE_HEAD_RE.search("ban tổ chức")
    assert NAME_UNIT_RE.match(" Giáo dục")["first"] == "G"


def test_a_ranking_sentence_ranks_the_growth_before_it():
    got = metrics(
        "Năm 2023, toàn tỉnh kết nạp 5.600 đoàn viên. "
        "Dẫn đầu là LĐLĐ huyện Mỹ Lâm với 840 đoàn viên, tiếp đến là LĐLĐ thị xã Tân An với 610 đoàn viên."
    )
    assert [m for _, m in got] == ["new_union_members"] * 3


def test_a_repeated_clause_links_backwards_across_va():
    got = metrics(
        "Đơn vị làm tốt là LĐLĐ huyện A với 410 đoàn viên và LĐLĐ huyện B với 380 đoàn viên được kết nạp mới."
    )
    assert [m for _, m in got] == ["new_union_members", "new_union_members"]


def test_a_whole_admitted_in_a_party_paragraph_is_a_party_admission():
    got = metrics(
        "Năm qua chi bộ các doanh nghiệp kết nạp nhiều đảng viên. "
        "Trong số đoàn viên được kết nạp, 120 người là công nhân."
    )
    assert got[-1] == ("120 người là công nhân", "party_admissions")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Có 80 người khác được giới thiệu học nghề.", [("80 người", "people_supported")]),
        ("Số tiền còn lại được chuyển đến 45 đoàn viên vùng lũ.", [("45 đoàn viên", "people_supported")]),
        (
            "Luật sư công đoàn đã bảo vệ thành công quyền lợi của 21 công nhân.",
            [("21 công nhân", "people_supported")],
        ),
        (
            "Việc nợ bảo hiểm ảnh hưởng đến quyền lợi của 4.300 người lao động.",
            [("4.300 người lao động", "other_count")],
        ),
        (
            "Có 7 sáng kiến được Tổng LĐLĐ Việt Nam tặng Bằng Lao động sáng tạo.",
            [("7 sáng kiến", "awards")],
        ),
        ("Toàn tỉnh có 1.240 sáng kiến được công nhận.", [("1.240 sáng kiến", "initiatives")]),
    ],
)
def test_beneficiaries_and_awarded_initiatives(text, want):
    assert metrics(text) == want


def test_a_body_described_by_its_size_is_a_stock_in_a_growth_paragraph():
    got = metrics(
        "Về thành lập CĐCS, năm qua được 14 CĐCS. Riêng Công đoàn ngành Y tế có 96 CĐCS với 3.100 đoàn viên."
    )
    assert [m for _, m in got] == ["new_grassroots_unions", "grassroots_unions", "union_members"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Đơn vị phấn đấu có thêm ít nhất 900 đoàn viên.", [("900 đoàn viên", "new_union_members")]),
        (
            "Công đoàn vận động được 640 công nhân gia nhập tổ chức công đoàn.",
            [("640 công nhân", "new_union_members")],
        ),
        (
            "Đưa tổng số đoàn viên kết nạp mới cả năm lên trên 5.100 đoàn viên.",
            [("5.100 đoàn viên", "new_union_members")],
        ),
        (
            "Có 52 lao động được hướng dẫn thủ tục hưởng bảo hiểm thất nghiệp.",
            [("52 lao động", "people_supported")],
        ),
        ("Công đoàn trao 800 phiếu mua hàng cho đoàn viên.", [("800 phiếu mua hàng", "gifts")]),
        ("Các doanh nghiệp cần tuyển hơn 1.900 vị trí việc làm.", [("1.900 vị trí việc làm", "other_count")]),
        ("Toàn tỉnh có 640 ban nữ công.", [("640 ban nữ công", "other_count")]),
        (
            "Mỗi năm kết nạp mới ít nhất 3.000 đoàn viên, cả nhiệm kỳ tối thiểu 16.000 đoàn viên.",
            [("3.000 đoàn viên", "new_union_members"), ("16.000 đoàn viên", "new_union_members")],
        ),
    ],
)
def test_heads_and_cues_of_growth_and_help(text, want):
    assert metrics(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Kết quả, cả năm được 4.120 đoàn viên và 17 CĐCS.",
            [("4.120 đoàn viên", "new_union_members"), ("17 CĐCS", "new_grassroots_unions")],
        ),
        ("Công đoàn vận động được 86 công nhân gia nhập tổ chức.", [("86 công nhân", "new_union_members")]),
        (
            "Năm qua có 230 đoàn viên được xem xét, giới thiệu cho chi bộ.",
            [("230 đoàn viên", "party_referrals")],
        ),
        (
            "Công đoàn lập 3 tổ xung kích với 24 đoàn viên trẻ.",
            [("3 tổ", "other_count"), ("24 đoàn viên", "other_count")],
        ),
        ("Hội nghị kết nối 96 điểm cầu.", [("96 điểm cầu", "other_count")]),
        ("Mỗi tổ trưởng kèm cặp một, hai quần chúng.", []),
        (
            "Nâng tổng số đoàn viên là đảng viên của đơn vị lên 312 người.",
            [("312 người", "party_members")],
        ),
    ],
)
def test_clause_cues_after_the_last_blind_sets(text, want):
    assert metrics(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Thu kinh phí bằng 106% dự toán, vượt 6%; chi đúng quy định.", [("106%", "exact"), ("6%", "exact")]),
        ("Kết nạp 2.100 đoàn viên, vượt 9,5%.", [("2.100 đoàn viên", "exact"), ("9,5%", "exact")]),
    ],
)
def test_a_margin_that_ends_its_clause_is_exact(text, want):
    assert [(f.text, f.qualifier) for f in find_figures(text, Context())] == want


def test_named_regexes_of_clauses():
    from unionnews.nlp.figures import CLAUSE_END_AFTER_RE, COORDINATED_VERB_RE, FEW_BEFORE_RE, GROUP_HEADS

    assert COORDINATED_VERB_RE.search("được xem xét, giới thiệu") and not COORDINATED_VERB_RE.search(
        "17 đoàn viên, giới thiệu"
    )
    assert FEW_BEFORE_RE.search("kèm cặp một, ") and not FEW_BEFORE_RE.search("có ")
    assert CLAUSE_END_AFTER_RE.match("; chi") and not CLAUSE_END_AFTER_RE.match(" số đoàn viên")
    assert "tổ" in GROUP_HEADS and "cđcs" not in GROUP_HEADS


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Năm nay, toàn huyện được 190 đoàn viên; 3 CĐCS doanh nghiệp được thành lập.",
            [("190 đoàn viên", "new_union_members"), ("3 CĐCS", "new_grassroots_unions")],
        ),
        ("Có 40/40 CĐCS đã thành lập tổ an toàn vệ sinh.", [("40/40 CĐCS", "grassroots_unions")]),
        (
            "Đáng chú ý, 640 người trong số đảng viên mới là công nhân.",
            [("640 người", "party_admissions")],
        ),
        (
            "Có 150 đoàn viên được kết nạp vào Đảng; trong đó khối doanh nghiệp có 31 người.",
            [("150 đoàn viên", "party_admissions"), ("31 người", "party_admissions")],
        ),
        (
            "LĐLĐ tỉnh tặng Giấy khen cho 6 cá nhân có thành tích trong công tác giới thiệu đoàn viên ưu tú.",
            [("6 cá nhân", "awards")],
        ),
        (
            "Có 7 đoàn viên khác được Công đoàn xem xét, giới thiệu để Chi bộ bồi dưỡng.",
            [("7 đoàn viên", "party_referrals")],
        ),
        ("Tiền hỗ trợ trao qua LĐLĐ tỉnh Phú Thọ 280 triệu.", [("280 triệu", "money")]),
    ],
)
def test_clause_cues_after_the_fourth_round(text, want):
    assert metrics(text) == want


def test_the_ưoc_of_an_agreement_is_no_estimate():
    (fig,) = find_figures("Tỷ lệ doanh nghiệp ký thỏa ước đạt 86,7%.", Context())
    assert fig.qualifier == "exact"
    (fig,) = find_figures("Ước đạt 95% kế hoạch.", Context())
    assert fig.qualifier == "approx"


def test_members_living_in_unions_are_a_stock_under_a_growth_heading():
    text = (
        "2. Xây dựng tổ chức công đoàn\n"
        "Công đoàn ngành Y tế là đơn vị lớn với 9.100 đoàn viên sinh hoạt tại 140 CĐCS."
    )
    assert [m for _, m in metrics(text)] == ["union_members", "grassroots_unions"]
