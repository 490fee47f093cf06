"""Subjects of figures (src/unionnews/nlp/subjects.py; docs/annotation.md, "Subjects").

Every sentence here is written for these tests.
"""

from __future__ import annotations

import pytest

from unionnews.model import Article, Context
from unionnews.nlp.orgs import find_orgs
from unionnews.nlp.subjects import (
    AGENT_AFTER_RE,
    AGENT_BEFORE_RE,
    AGENT_OF_EARLIER_RE,
    BARE_GRASSROOTS_RE,
    BARE_LEVEL_RE,
    CONTINUATION_RE,
    DOCUMENT_OWNER_RE,
    ECONOMY_AFTER_RE,
    ENTERPRISE_COUNT_RE,
    ENTERPRISE_RE,
    FRAGMENT_RE,
    GRANTOR_AFTER_RE,
    GUEST_LIST_RE,
    JOINED_RE,
    MEMBERS_SUBJECT_RE,
    NATIONAL_RE,
    NOT_ACTOR_BEFORE_RE,
    NOT_GIVER_AFTER_RE,
    OBJECT_BEFORE_RE,
    OPENER_AFTER_RE,
    OPENER_BEFORE_RE,
    OWN_RECEIVERS_RE,
    OWNER_AFTER_RE,
    PART_END_RE,
    PASSIVE_AFTER_RE,
    PROVINCIAL_FEDERATION_RE,
    RECEIVER_AFTER_RE,
    RECEIVER_BEFORE_RE,
    RECIPIENT_BEFORE_RE,
    SPEECH_AFTER_RE,
    SUBJECT_HEAD_RE,
    UNION_MARK_RE,
    is_outside,
    is_subject_name,
    rank,
)
from unionnews.pipeline import extract_facts


def _subjects(text: str, province: str = "Ninh Bình", title: str | None = None) -> dict[str, str | None]:
    article = Article(
        article_id="t", url="file:///t.txt", source_path="t.txt", text=text, province=province, title=title
    )
    return {f.text: f.subject for f in extract_facts(article).figures if f.field_name == "text"}


# --- the named regexes ---------------------------------------------------------------------


def test_named_regexes_match_their_examples():
    assert FRAGMENT_RE.match("Công đoàn Lần") and FRAGMENT_RE.match("Công đoàn cơ sở Trung")
    assert FRAGMENT_RE.match("Công đoàn cơ sở Công ty")
    assert not FRAGMENT_RE.match("Công đoàn cơ sở Công ty May Tân Phát")
    assert BARE_LEVEL_RE.search("Liên đoàn Lao động huyện")
    assert not BARE_LEVEL_RE.search("Liên đoàn Lao động huyện Kim Sơn")
    assert GRANTOR_AFTER_RE.match(" tặng Bằng khen") and GRANTOR_AFTER_RE.match(" đã trao tặng")
    assert NATIONAL_RE.match("Tổng Liên đoàn Lao động Việt Nam")
    assert NATIONAL_RE.match("Công đoàn Y tế Việt Nam")
    assert not NATIONAL_RE.match("Công đoàn ngành Y tế tỉnh Ninh Bình")
    assert RECEIVER_BEFORE_RE.search("cho 4 tập thể thuộc ")
    assert PASSIVE_AFTER_RE.match(" năm nay vinh dự được Tổng")
    assert RECIPIENT_BEFORE_RE.search("hỗ trợ công nhân ở ")
    assert not RECIPIENT_BEFORE_RE.search("đến nay, ")


def test_subject_names_are_union_bodies_named_in_full():
    assert is_subject_name("Liên đoàn Lao động huyện Kim Sơn")
    assert is_subject_name("Công đoàn cơ sở Trung tâm Y tế huyện Kim Sơn")
    for name in (
        "Ủy ban nhân dân huyện Kim Sơn",  # a state office
        "Huyện ủy Kim Sơn",  # a party committee
        "Liên đoàn Lao động huyện",  # which district?
        "Công đoàn Lần",  # "lần thứ" cut off
        "Công đoàn cơ sở Trung",  # "Trung tâm" cut off
        "Công đoàn cơ sở",  # what is counted, not a body
    ):
        assert not is_subject_name(name), name


# --- who gives, who receives ---------------------------------------------------------------


def test_help_goes_to_the_body_that_gives_it_not_to_the_recipients():
    got = _subjects(
        "LĐLĐ thành phố Đà Nẵng dành 360 triệu đồng giúp đoàn viên ở LĐLĐ tỉnh Quảng Nam và "
        "LĐLĐ tỉnh Quảng Ngãi bị thiệt hại do lũ.",
        province="Đà Nẵng",
    )
    assert got["360 triệu đồng"] == "Liên đoàn Lao động thành phố Đà Nẵng"
    got = _subjects(
        "LĐLĐ tỉnh Ninh Bình tổng kết năm. Dịp này, LĐLĐ tỉnh trao quà cho công nhân ở LĐLĐ huyện "
        "Kim Sơn, tổng cộng 85 suất quà."
    )
    assert got["85 suất quà"] == "Liên đoàn Lao động tỉnh Ninh Bình"


def test_awards_go_to_the_body_whose_units_receive_them():
    got = _subjects(
        "Tổng LĐLĐ Việt Nam tặng Bằng khen cho 6 tập thể thuộc LĐLĐ tỉnh Ninh Bình vì thành tích chăm lo Tết."
    )
    assert got["6 tập thể"] == "Liên đoàn Lao động tỉnh Ninh Bình"
    got = _subjects(
        "LĐLĐ tỉnh Ninh Bình sơ kết 6 tháng. Năm nay, Tổng LĐLĐ Việt Nam trao Cờ thi đua cho 03 "
        "tập thể có thành tích xuất sắc."
    )
    assert got["03 tập thể"] == "Liên đoàn Lao động tỉnh Ninh Bình"  # the article's units


def test_a_passive_receiver_keeps_its_award():
    got = _subjects(
        "Công đoàn ngành Y tế tỉnh Ninh Bình tổ chức đại hội. Nhiệm kỳ qua, Công đoàn ngành Y tế "
        "tỉnh được Công đoàn Y tế Việt Nam tặng 04 Bằng khen."
    )
    assert got["04 Bằng khen"] == "Công đoàn ngành Y tế tỉnh Ninh Bình"


def test_a_grantor_rewards_its_own_units_and_a_higher_one_the_articles():
    got = _subjects("LĐLĐ tỉnh Ninh Bình tổng kết năm. LĐLĐ tỉnh cũng tặng Giấy khen cho 9 cá nhân.")
    assert got["9 cá nhân"] == "Liên đoàn Lao động tỉnh Ninh Bình"
    # at a district's conference the province's federation rewards the district's units
    got = _subjects(
        "LĐLĐ huyện Kim Sơn tổng kết năm. Tại hội nghị, LĐLĐ tỉnh Ninh Bình tặng Bằng khen cho 9 cá nhân."
    )
    assert got["9 cá nhân"] == "Liên đoàn Lao động huyện Kim Sơn"
    # a list of awards names the receivers' body by kind: the article's sector union
    got = _subjects(
        "Công đoàn ngành Y tế tỉnh Ninh Bình tổng kết năm. Tổng LĐLĐ Việt Nam tặng Bằng khen cho 3 "
        "cá nhân thuộc Công đoàn ngành; LĐLĐ tỉnh tặng Cờ thi đua cho 2 CĐCS xuất sắc."
    )
    assert got["2 CĐCS"] == "Công đoàn ngành Y tế tỉnh Ninh Bình"


def test_a_grassroots_union_acting_is_the_subject():
    got = _subjects(
        "LĐLĐ tỉnh Ninh Bình tổng kết năm. Công đoàn cơ sở Công ty May Tân Phát tặng 140 suất quà "
        "cho công nhân."
    )
    assert got["140 suất quà"] == "Công đoàn cơ sở Công ty May Tân Phát"


def test_a_sector_union_is_not_the_federation():
    got = _subjects("Công đoàn ngành Giáo dục tỉnh Ninh Bình hiện có 312 CĐCS với 14.200 đoàn viên.")
    assert got["312 CĐCS"] == "Công đoàn ngành Giáo dục tỉnh Ninh Bình"
    got = _subjects(
        "LĐLĐ tỉnh Ninh Bình tổng kết năm. Công đoàn ngành Y tế có 58 đoàn viên được kết nạp Đảng."
    )
    assert got["58 đoàn viên"].startswith("Công đoàn ngành Y tế")


# --- never a non-union body, a congress or a fragment ---------------------------------------


def test_a_peoples_committee_is_never_the_subject():
    got = _subjects(
        "LĐLĐ huyện Kim Sơn bàn giao Mái ấm Công đoàn. UBND huyện Kim Sơn hỗ trợ thêm 15 triệu đồng."
    )
    assert got["15 triệu đồng"] == "Liên đoàn Lao động huyện Kim Sơn"


def test_only_non_union_bodies_give_no_subject_of_theirs():
    got = _subjects("UBND tỉnh Ninh Bình khen thưởng; Huyện ủy Kim Sơn có 45 tổ chức cơ sở đảng.")
    assert all(s is None or s.startswith(("Liên đoàn", "Công đoàn")) for s in got.values()), got


def test_a_congress_is_no_body_and_its_union_is():
    got = _subjects(
        "Đại hội Công đoàn Lần thứ V của Công đoàn cơ sở Trường Tiểu học Kim Đông có 42 đoàn viên tham dự."
    )
    assert got["42 đoàn viên"] == "Công đoàn cơ sở Trường Tiểu học Kim Đông"


def test_a_district_body_without_a_name_is_no_subject_and_the_title_one_takes_the_text_district():
    got = _subjects(
        "Sáng 3/4, LĐLĐ huyện Kim Sơn khám sức khỏe cho công nhân. Mỗi người được tặng 300.000 đồng.",
        title="LĐLĐ huyện khám sức khỏe cho 90 công nhân",
    )
    assert got["300.000 đồng"] == "Liên đoàn Lao động huyện Kim Sơn"


def test_a_bare_district_takes_the_one_named_just_before():
    got = _subjects(
        "LĐLĐ tỉnh Ninh Bình có nhiều cách làm hay ở huyện Yên Mô và huyện Yên Mô.\n"
        "Tại huyện Kim Sơn, LĐLĐ huyện đã thành lập 2 CĐCS mới."
    )
    assert got["2 CĐCS"] == "Liên đoàn Lao động huyện Kim Sơn"


# --- orgs: a name ends at its real end ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        # a lower-case clause word or a label ends the name
        ("Đại hội Công đoàn Lần thứ VI diễn ra", None),
        ("LĐLĐ HUYỆN KIM SƠN TỔ CHỨC HỘI NGHỊ", "Liên đoàn Lao động huyện Kim Sơn"),
        # an institution noun is not cut in the middle
        (
            "Công đoàn cơ sở Trung tâm Y tế huyện Kim Sơn trao quà",
            "Công đoàn cơ sở Trung tâm Y tế huyện Kim Sơn",
        ),
        ("Công đoàn Bệnh viện Đa khoa tỉnh Ninh Bình tổ chức", "Công đoàn Bệnh viện Đa khoa tỉnh Ninh Bình"),
        # a person's name glued after the level word is not a place
        ("Chủ tịch LĐLĐ thành phố Trần Văn Bình phát biểu", "Liên đoàn Lao động thành phố"),
        # an abbreviation in brackets does not hide the scope
        ("Liên đoàn Lao động (LĐLĐ) huyện Kim Sơn trao quà", "Liên đoàn Lao động huyện Kim Sơn"),
        ("Công đoàn các Khu công nghiệp (KCN) tỉnh phối hợp", "Công đoàn các Khu công nghiệp tỉnh Ninh Bình"),
        ("Công đoàn các KCN Bắc Ninh tổ chức", "Công đoàn các Khu công nghiệp tỉnh Bắc Ninh"),
    ],
)
def test_org_names_end_where_the_name_ends(text: str, canonical: str | None):
    orgs = find_orgs(text, Context(province="Ninh Bình"))
    assert (orgs[0].canonical if orgs else None) == canonical, [o.canonical for o in orgs]


# --- actors inside the sentence -------------------------------------------------------------


def test_new_named_regexes_match_their_examples():
    assert NOT_ACTOR_BEFORE_RE.search("trao 200 triệu đồng qua ")
    assert NOT_ACTOR_BEFORE_RE.search("hưởng ứng lời kêu gọi của ")
    assert not NOT_ACTOR_BEFORE_RE.search("năm qua ")
    assert GUEST_LIST_RE.match("tham dự buổi lễ có ông lê hải, phó chủ tịch ")  # on the match key
    assert not GUEST_LIST_RE.match("dự kiến năm nay có ")
    assert AGENT_AFTER_RE.match(" suất quà do ") and not AGENT_AFTER_RE.match(" suất quà; 30 suất do ")
    assert AGENT_BEFORE_RE.search("80 suất do ")
    assert NOT_GIVER_AFTER_RE.match(" giao cho huyện")
    assert DOCUMENT_OWNER_RE.search("theo nghị quyết 01 của đoàn chủ tịch ")  # on the match key
    assert OWN_RECEIVERS_RE.search("cho 3 cá nhân thuộc công đoàn ngành;")
    assert not OWN_RECEIVERS_RE.search("thuộc công đoàn ngành giáo dục")
    assert BARE_GRASSROOTS_RE.fullmatch("cđcs công ty")
    assert BARE_GRASSROOTS_RE.fullmatch("ban chấp hành công đoàn")
    assert not BARE_GRASSROOTS_RE.match("công đoàn cấp trên")
    assert UNION_MARK_RE.search("năm nay công đoàn đã")
    assert ENTERPRISE_RE.search("nhiều doanh nghiệp đã giảm") and ENTERPRISE_RE.search("nơi có 200 công nhân")
    assert ENTERPRISE_RE.search("các khu, cụm công nghiệp thu hút")
    assert ENTERPRISE_RE.search("được ban giám đốc công ty đồng ý").group() == "ban giám đốc công ty"
    assert not ENTERPRISE_RE.search("phó chủ tịch") and not ENTERPRISE_RE.search("nơi tổ chức")
    assert OBJECT_BEFORE_RE.search("phối hợp với chính quyền, ") and OBJECT_BEFORE_RE.search("vận động 15 ")
    assert not OBJECT_BEFORE_RE.search("đến nay, nhiều ")
    assert AGENT_OF_EARLIER_RE.match(" người được ")
    assert SPEECH_AFTER_RE.match(" (huyện Kim Sơn) cho biết")
    assert PROVINCIAL_FEDERATION_RE.match("Liên đoàn Lao động tỉnh Ninh Bình")
    assert (rank("Tổng Liên đoàn Lao động Việt Nam"), rank("Liên đoàn Lao động tỉnh Ninh Bình")) == (0, 1)
    assert rank("Liên đoàn Lao động huyện Kim Sơn") == 2 and rank(None) == 2


def test_the_agent_after_a_count_gives_it_and_not_the_next_one():
    got = _subjects(
        "Công đoàn cơ sở Công ty May Tân Phát trao 300 suất quà. Trong đó, 180 suất trích từ quỹ "
        "CĐCS, 80 suất do LĐLĐ huyện Kim Sơn hỗ trợ, 40 suất do Ban Giám đốc tài trợ."
    )
    assert got["80 suất"] == "Liên đoàn Lao động huyện Kim Sơn"
    assert got["40 suất"] == "Công đoàn cơ sở Công ty May Tân Phát"
    assert got["180 suất"] == "Công đoàn cơ sở Công ty May Tân Phát"


def test_a_quota_setter_after_do_is_no_agent():
    got = _subjects("LĐLĐ huyện Kim Sơn tổng kết năm. LĐLĐ huyện hoàn thành 9/9 chỉ tiêu do LĐLĐ tỉnh giao.")
    assert got["9/9 chỉ tiêu"] == "Liên đoàn Lao động huyện Kim Sơn"


def test_a_channel_a_caller_and_guests_do_not_give():
    got = _subjects(
        "Công đoàn ngành Y tế tỉnh Ninh Bình tổng kết năm. Hưởng ứng lời kêu gọi của LĐLĐ tỉnh, đoàn "
        "viên toàn ngành góp 210 triệu đồng, trong đó gửi 90 triệu đồng qua LĐLĐ tỉnh Hà Nam để hỗ "
        "trợ 30 đoàn viên."
    )
    assert got["210 triệu đồng"] == "Công đoàn ngành Y tế tỉnh Ninh Bình"
    assert got["90 triệu đồng"] == "Công đoàn ngành Y tế tỉnh Ninh Bình"
    assert got["30 đoàn viên"] == "Công đoàn ngành Y tế tỉnh Ninh Bình"
    got = _subjects(
        "Công đoàn ngành Y tế tỉnh Ninh Bình tổng kết năm. Dự hội nghị có ông Lê Hải, Phó Chủ tịch "
        "LĐLĐ tỉnh cùng 95 đại biểu là chủ tịch CĐCS."
    )
    assert got["95 đại biểu"] == "Công đoàn ngành Y tế tỉnh Ninh Bình"


def test_a_grassroots_chair_speaks_for_his_union():
    got = _subjects(
        "LĐLĐ tỉnh Ninh Bình tổng kết năm. Ông Lê Hải, Chủ tịch Công đoàn Công ty cổ phần Giày Hoa "
        "Lư cho biết, CĐCS hiện có 210 đoàn viên."
    )
    assert got["210 đoàn viên"] == "Công đoàn cơ sở Công ty cổ phần Giày Hoa Lư"


def test_a_bare_grassroots_union_is_the_one_its_paragraph_names():
    got = _subjects(
        "LĐLĐ tỉnh Ninh Bình tổng kết năm.\nTại Công ty TNHH Gốm Kim Sơn, doanh nghiệp có 900 lao "
        "động, CĐCS hiện có 870 đoàn viên. Năm nay, công đoàn đã đề nghị công ty tăng lương 6%."
    )
    assert got["870 đoàn viên"] == "Công đoàn cơ sở Công ty TNHH Gốm Kim Sơn"
    assert got["6%"] == "Công đoàn cơ sở Công ty TNHH Gốm Kim Sơn"
    assert got["900 lao động"] is None  # the company's workforce


# --- figures about no union body ------------------------------------------------------------


def test_an_enterprises_clause_has_no_union_subject():
    got = _subjects(
        "LĐLĐ tỉnh Ninh Bình tổ chức phiên giao dịch việc làm. Nhiều doanh nghiệp trả lương từ 7 "
        "triệu đồng/tháng. Năm qua, các doanh nghiệp trong tỉnh đã cắt giảm 3.100 lao động. LĐLĐ tỉnh "
        "đã vận động 14 doanh nghiệp tài trợ 45 triệu đồng."
    )
    assert got["7 triệu đồng"] is None
    assert got["3.100 lao động"] is None
    assert got["45 triệu đồng"] == "Liên đoàn Lao động tỉnh Ninh Bình"  # the enterprises are its object


def test_an_enterprises_clause_keeps_union_counts_and_counted_enterprises():
    got = _subjects(
        "LĐLĐ tỉnh Ninh Bình tổng kết năm. Công ty hiện có 640 lao động, trong đó 600 người là đoàn "
        "viên công đoàn. Toàn tỉnh có 120 doanh nghiệp ký thỏa ước lao động tập thể, đạt 70%."
    )
    assert got["640 lao động"] is None
    assert got["600 người là đoàn viên công đoàn"] == "Liên đoàn Lao động tỉnh Ninh Bình"
    assert got["70%"] == "Liên đoàn Lao động tỉnh Ninh Bình"


# --- the article's body, receivers, owners and openers ---------------------------------------


def test_regexes_for_receivers_owners_openers_and_members():
    assert RECEIVER_AFTER_RE.match(" mỗi đơn vị nhận 200 triệu") and RECEIVER_AFTER_RE.match(" đã nhận")
    assert not RECEIVER_AFTER_RE.match(" ghi nhận") and not RECEIVER_AFTER_RE.match(" nhận thấy")
    assert JOINED_RE.fullmatch(" và ") and OWNER_AFTER_RE.match(" Tết của ")
    assert not OWNER_AFTER_RE.match(" cho công nhân của ")
    assert OPENER_BEFORE_RE.match("tại ") and OPENER_AFTER_RE.match(" (huyện Kim Sơn),")
    assert not OPENER_BEFORE_RE.match("năm nay, lđlđ tỉnh trao quà tại ")
    assert MEMBERS_SUBJECT_RE.match(" trong đó đoàn viên nữ chiếm")
    assert MEMBERS_SUBJECT_RE.match("số đoàn viên")
    assert not MEMBERS_SUBJECT_RE.match(" lao động nữ chiếm")
    assert SUBJECT_HEAD_RE.search("năm qua, các ") and not SUBJECT_HEAD_RE.search("số đoàn viên khu vực ")
    assert ECONOMY_AFTER_RE.match(" đang hoạt động") and ENTERPRISE_COUNT_RE.search("1.200 doanh nghiệp")
    assert CONTINUATION_RE.match(" cao hơn năm trước") and not CONTINUATION_RE.match(" công ty chi")
    assert PART_END_RE.search("6,2 triệu, ") and not PART_END_RE.search("6,2 triệu")
    assert is_outside("Tổng Liên đoàn Lao động Việt Nam", "Ninh Bình")
    assert is_outside("Liên đoàn Lao động tỉnh Hà Nam", "Ninh Bình")
    assert not is_outside("Liên đoàn Lao động tỉnh Ninh Bình", "Ninh Bình")


def test_a_national_body_in_the_title_does_not_take_the_provinces_report():
    got = _subjects(
        "Sáng 4/8, LĐLĐ tỉnh sơ kết công tác 6 tháng. LĐLĐ tỉnh cho biết các cấp công đoàn đã kết "
        "nạp 870 đoàn viên mới. Toàn tỉnh có 39.100 đoàn viên.",
        title="Tổng LĐLĐ Việt Nam khen thưởng 5 tập thể công đoàn tỉnh Ninh Bình",
    )
    assert got["870 đoàn viên"] == "Liên đoàn Lao động tỉnh Ninh Bình"
    assert got["39.100 đoàn viên"] == "Liên đoàn Lao động tỉnh Ninh Bình"


def test_a_national_body_is_the_main_one_when_no_own_body_is_named():
    got = _subjects(
        "Tổng LĐLĐ Việt Nam tổ chức chương trình. Dịp này, Tổng LĐLĐ Việt Nam trao 600 suất quà.",
        title="Tổng LĐLĐ Việt Nam chăm lo Tết",
    )
    assert got["600 suất quà"] == "Tổng Liên đoàn Lao động Việt Nam"


def test_bodies_that_receive_money_do_not_give_it():
    got = _subjects(
        "LĐLĐ tỉnh Ninh Bình gửi 900 triệu đồng hỗ trợ ba tỉnh bị lũ. Cụ thể, LĐLĐ tỉnh Hà Nam và "
        "LĐLĐ tỉnh Nam Định mỗi đơn vị nhận 300 triệu đồng."
    )
    assert got["300 triệu đồng"] == "Liên đoàn Lao động tỉnh Ninh Bình"


def test_the_owner_of_gifts_after_them_gives_them():
    got = _subjects(
        "LĐLĐ huyện Kim Sơn trao 210 suất quà cho công nhân. Dịp này, Chủ tịch LĐLĐ huyện trao thêm "
        "40 suất quà của Tổng LĐLĐ Việt Nam cho công nhân nghèo."
    )
    assert got["40 suất quà"] == "Tổng Liên đoàn Lao động Việt Nam"
    assert got["210 suất quà"] == "Liên đoàn Lao động huyện Kim Sơn"


def test_a_body_in_an_opener_is_the_subject_of_its_sentence():
    got = _subjects(
        "Công đoàn Viên chức tỉnh Ninh Bình tổng kết năm. Tại CĐCS Sở Giao thông vận tải, trong năm có "
        "7 đoàn viên được kết nạp Đảng."
    )
    assert got["7 đoàn viên"] == "Công đoàn cơ sở Sở Giao thông vận tải"


def test_shares_and_deeds_of_union_members_are_the_unions_not_the_enterprises():
    got = _subjects(
        "LĐLĐ tỉnh Ninh Bình tổng kết năm. Toàn tỉnh có 52.000 đoàn viên, trong đó đoàn viên khu vực "
        "doanh nghiệp chiếm 58%. Phong trào thi đua được nhiều doanh nghiệp hưởng ứng, trồng mới 4.300 "
        "cây xanh. Tại Công ty May Tân Phát, đoàn viên công ty đã góp 35 ngày công."
    )
    assert got["58%"] == "Liên đoàn Lao động tỉnh Ninh Bình"
    assert got["4.300 cây xanh"] == "Liên đoàn Lao động tỉnh Ninh Bình"
    assert got["35 ngày công"] is not None


def test_enterprises_of_the_economy_and_what_they_pay_have_no_union_subject():
    got = _subjects(
        "LĐLĐ tỉnh Ninh Bình tổ chức hội nghị. Toàn tỉnh có khoảng 2.400 doanh nghiệp đang hoạt động, "
        "sử dụng 96.000 lao động. Mức lương các doanh nghiệp trả từ 5 triệu đồng/tháng. Công đoàn đề "
        "xuất và được Ban Giám đốc đồng ý chi thưởng 3,5 triệu đồng/người, cao hơn năm trước 400.000 đồng."
    )
    assert got["2.400 doanh nghiệp"] is None
    assert got["96.000 lao động"] is None
    assert got["5 triệu đồng"] is None
    assert got["400.000 đồng"] is None
