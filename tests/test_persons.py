from pathlib import Path

import pytest

from unionnews.model import Context
from unionnews.nlp.persons import (
    CAP_RUN_RE,
    COORDINATED_NAMES_RE,
    HONORIFIC_BEFORE_RE,
    NOT_PERSON_BEFORE_RE,
    OWN_PROVINCE_END_RE,
    PLACE_ABBREV_BEFORE_RE,
    PLACE_LIST_BEFORE_RE,
    PLACE_LIST_INTRO_RE,
    ROLE_AFTER_SEP_RE,
    ROLE_AFTER_VERB_RE,
    find_byline,
    find_persons,
)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
CTX = Context(province="Nghệ An")


def people(text, ctx=CTX):
    out = {}
    for e in find_persons(text, ctx):
        out[e.canonical] = e.role
    return out


def test_regex_examples():
    assert CAP_RUN_RE.search("của tỉnh Tuyên Quang Võ Công Thành về").group() == "Tuyên Quang Võ Công Thành"
    assert NOT_PERSON_BEFORE_RE.search("tư tưởng ") and NOT_PERSON_BEFORE_RE.search("đường ")
    assert ROLE_AFTER_SEP_RE.match(" - Chủ") and ROLE_AFTER_SEP_RE.match(", Phó")
    assert ROLE_AFTER_VERB_RE.match(" tiếp tục được bầu giữ chức chủ tịch")
    assert HONORIFIC_BEFORE_RE.search("đồng chí ")


def test_province_before_name_is_split_off():
    text = "Phóng viên trò chuyện với Chủ tịch LĐLĐ tỉnh Nghệ An Kha Văn Tám về kết quả năm qua."
    assert people(text) == {"Kha Văn Tám": "Chủ tịch Liên đoàn Lao động tỉnh Nghệ An"}


def test_roles_after_dash_are_listed_and_expanded():
    text = "Đ/c Lò Văn Pọm - Ủy viên BCH Tổng LĐLĐ Việt Nam, Chủ tịch CĐVC tỉnh phát biểu tại hội nghị."
    assert people(text) == {
        "Lò Văn Pọm": "Ủy viên Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam; "
        "Chủ tịch Công đoàn Viên chức tỉnh Nghệ An"
    }


def test_role_after_comma_and_elected():
    text = (
        "Bà Sầm Thị Bằng, Phó Chủ tịch LĐLĐ tỉnh trao quà. Tại phiên họp, "
        "ông Đinh Văn Hùng được bầu làm Chủ tịch Công đoàn ngành Giáo dục."
    )
    got = people(text)
    assert got["Sầm Thị Bằng"] == "Phó Chủ tịch Liên đoàn Lao động tỉnh Nghệ An"
    assert got["Đinh Văn Hùng"].startswith("Chủ tịch Công đoàn ngành Giáo dục")


@pytest.mark.parametrize(
    "text",
    [
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
        "Đoàn công tác đến thăm tỉnh Hà Tĩnh và Hà Giang.",
        "Trường THPT Lê Quý Đôn nằm trên đường Trần Phú.",
        "Chương trình Tết Sum vầy - Xuân Giáp Thìn năm nay.",
        "Chủ quyền biển đảo Hoàng Sa, Trường Sa của Việt Nam.",
    ],
)
def test_not_persons(text):
    assert people(text) == {}


def test_roles_merged_on_every_mention():
    text = "Đồng chí Nguyễn Thị Lan, Chủ tịch LĐLĐ tỉnh dự. Sau đó Nguyễn Thị Lan tặng quà."
    ents = find_persons(text, CTX)
    assert len(ents) == 2 and {e.role for e in ents} == {"Chủ tịch Liên đoàn Lao động tỉnh Nghệ An"}
    for e in ents:
        assert text[e.start : e.end] == e.text


def test_bylines():
    assert find_byline("Bài viết.\nTác giả bài viết: Minh Anh - Chủ tịch CĐVC tỉnh") == (
        "Minh Anh",
        ["Chủ tịch CĐVC tỉnh"],
    )
    assert find_byline("Bài viết.\nĐức Huy\nChủ tịch Công đoàn ngành Y tế") == (
        "Đức Huy",
        ["Chủ tịch Công đoàn ngành Y tế"],
    )
    assert find_byline("Bài viết.\nTrần Minh (Văn phòng LĐLĐ)\nNguồn ảnh: Báo Nghệ An") == ("Trần Minh", [])
    assert find_byline("Bài viết kết thúc bằng một câu thường.") is None
    got = people("Công đoàn có 45 đoàn viên.\nHoài Thu")
    assert got == {"Hoài Thu": None}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds not available")
def test_seed_persons():
    from unionnews.articles import extract_article

    expected = {
        "000": {"Võ Công Thành"},
        "001": {"Đỗ Văn Thắng", "Ngọc Văn Phán"},
        "002": {"Phương Loan"},
        "003": {"Trần Xuân Hoàng"},
        "004": {"Nguyễn Thị Thu Thủy"},
    }
    for prefix, names in expected.items():
        path = next(SEEDS.glob(prefix + "_*.txt"))
        art = extract_article(path.read_bytes(), path=str(path))
        assert set(people(art.text, Context(province=art.province))) == names, prefix


def test_tay_nguyen_names():
    got = people("Bà H'Hen Niê và anh Y Phích Niê dự lễ trao nhà.")
    assert set(got) == {"H'Hen Niê", "Y Phích Niê"}


def test_two_authors_in_one_byline():
    assert people("Công đoàn có 45 đoàn viên.\nHải Anh - Văn Tuấn") == {"Hải Anh": None, "Văn Tuấn": None}


def test_rare_family_names_after_an_honorific_are_confirmed_by_ner():
    ents = find_persons("Phát biểu tại hội nghị, ông Mùi Đức Lọ cho biết kết quả.", CTX)
    assert [(e.canonical, e.rule) for e in ents] == [("Mùi Đức Lọ", "name_ner")]
    ents = find_persons("Phát biểu tại hội nghị, ông Mùi Văn Lọ cho biết kết quả.", CTX)
    assert [(e.canonical, e.rule) for e in ents] == [("Mùi Văn Lọ", "name")]  # "X Văn Y": its shape
    assert find_persons("Ông Trưởng Ban nói.", CTX) == []


def test_a_last_sentence_is_not_a_byline():
    got = people("Ông Nguyễn Văn An, Chủ tịch LĐLĐ tỉnh phát biểu.")
    assert got == {"Nguyễn Văn An": "Chủ tịch Liên đoàn Lao động tỉnh Nghệ An"}


def test_new_regexes():
    assert CAP_RUN_RE.search("Ông Park Jae-hyun, Tổng").group() == "Ông Park Jae-hyun"
    assert not CAP_RUN_RE.search("tỉnh Hà Nội-Hải Phòng").group().endswith("-Hải")
    assert COORDINATED_NAMES_RE.match(" và Tô Văn Nghĩa được bầu").group() == " và Tô Văn Nghĩa"
    assert (
        COORDINATED_NAMES_RE.match(", Lê An và đồng chí Hà Bình được").group()
        == ", Lê An và đồng chí Hà Bình"
    )
    assert not COORDINATED_NAMES_RE.match(" cho biết")
    assert ROLE_AFTER_VERB_RE.match(" tái đắc cử Chủ tịch") and ROLE_AFTER_VERB_RE.match(" trúng cử chức Chủ")
    assert OWN_PROVINCE_END_RE.search("công đoàn kkt tỉnh") and not OWN_PROVINCE_END_RE.search("tỉnh ủy")
    assert PLACE_LIST_BEFORE_RE.search("tại các huyện thanh hà, ") and PLACE_LIST_BEFORE_RE.search(
        "xã an bình và "
    )
    assert not PLACE_LIST_BEFORE_RE.search("đồng chí lê an và ")


def test_elected_roles_after_names_and_coordinated_names():
    found = people(
        "Tại hội nghị, đồng chí Dương Minh Khoa tái đắc cử Chủ tịch CĐVC tỉnh; các đồng chí Phạm Thị "
        "Bé Tư và Tô Văn Nghĩa được bầu làm Phó Chủ tịch.",
        Context(province="Cà Mau"),
    )
    assert found == {
        "Dương Minh Khoa": "Chủ tịch Công đoàn Viên chức tỉnh Cà Mau",
        "Phạm Thị Bé Tư": "Phó Chủ tịch",
        "Tô Văn Nghĩa": "Phó Chủ tịch",
    }


def test_name_right_after_a_bare_tinh_and_places_in_lists():
    found = people("Chủ tịch Công đoàn KKT tỉnh Vũ Mạnh Cường cho biết, năm nay có 12 CĐCS mới.")
    assert found["Vũ Mạnh Cường"].startswith("Chủ tịch Công đoàn Khu kinh tế tỉnh")
    assert people("Đoàn đến thăm giáo viên ở các huyện Thanh Hà, Ninh Giang và thị xã Kinh Môn.") == {}
    assert people("Phó Chủ tịch LĐLĐ tỉnh Cao Bằng Hoàng Thị Mai dự.") == {
        "Hoàng Thị Mai": "Phó Chủ tịch Liên đoàn Lao động tỉnh Cao Bằng"
    }
    assert "Hà Giang" not in people("Đoàn công tác của LĐLĐ tỉnh Hà Giang đến thăm.")


def test_foreign_hyphenated_names_after_an_honorific():
    assert people("Ông Park Jae-hyun, Tổng Giám đốc công ty cam kết tạo điều kiện.") == {
        "Park Jae-hyun": "Tổng Giám đốc công ty"
    }


def test_year_names_schools_and_presidium_are_not_persons():
    assert "Giáp Thìn" not in people("Trước thềm Tết Nguyên đán Giáp Thìn 2024, công đoàn tặng quà.")
    assert "Lê Duẩn" not in people("Lớp học tại Trường Chính trị Lê Duẩn tỉnh Quảng Trị.")
    assert "Vũ Quang" not in people("Cô giáo Phan Thị Nga (Trường Mầm non Vũ Quang) xúc động.")
    assert "Thái Thuỵ" not in people("đồng chí Đỗ Mạnh Cường, Phó Bí thư Huyện uỷ Thái Thuỵ")
    found = people("Đồng chí Phan Văn Lực, Ủy viên Đoàn Chủ tịch Tổng LĐLĐ Việt Nam dự đại hội.")
    assert list(found) == ["Phan Văn Lực"] and found["Phan Văn Lực"].startswith("Ủy viên Đoàn Chủ tịch")


# --- rules from the blind held-out set 3 -------------------------------------------------------


def test_former_offices_and_appointments_are_roles():
    from unionnews.nlp.persons import FORMER_AT_RE, FORMER_BEFORE_RE

    assert FORMER_BEFORE_RE.search("đồng chí võ thành hải, nguyên ")
    assert FORMER_AT_RE.match("nguyên chủ tịch")
    ctx = Context(province="Cần Thơ")
    found = people("Tin. Ông Võ Thành Hải, nguyên Chủ tịch LĐLĐ thành phố, nghỉ hưu.", ctx)
    assert found["Võ Thành Hải"].startswith("nguyên Chủ tịch Liên đoàn Lao động thành phố")
    found = people(
        "Tin. Ông Huỳnh Văn Tài, Trưởng Ban Tổ chức LĐLĐ thành phố, được bổ nhiệm giữ chức "
        "Chánh Văn phòng LĐLĐ thành phố; bầu đồng chí Trương Quốc Huy, Phó Chủ tịch Công đoàn "
        "ngành, giữ chức Chủ tịch Công đoàn ngành Giao thông vận tải thành phố.",
        ctx,
    )
    assert [r.split(" Liên đoàn")[0] for r in found["Huỳnh Văn Tài"].split("; ")] == [
        "Trưởng ban Tổ chức",
        "Chánh Văn phòng",
    ]
    assert found["Trương Quốc Huy"].split("; ") == [
        "Phó Chủ tịch Công đoàn ngành",
        "Chủ tịch Công đoàn ngành Giao thông vận tải thành phố Cần Thơ",
    ]
    assert ROLE_AFTER_VERB_RE.match("được điều động giữ chức trưởng ban")


def test_party_committee_membership_is_a_role_in_a_chain():
    found = people("Tin. Dự có ông Trần Đức Lâm, Thành ủy viên, Chủ tịch LĐLĐ thành phố Hải Phòng.")
    assert found["Trần Đức Lâm"].split("; ")[0] == "Thành ủy viên"
    assert found["Trần Đức Lâm"].split("; ")[1].startswith("Chủ tịch Liên đoàn Lao động")


def test_sector_names_belong_to_the_body_and_a_name_ends_it():
    from unionnews.nlp.orgs import sector_re

    assert sector_re().match("giao thông vận tải thành phố").group() == "giao thông vận tải"
    assert people("Tin. Chủ tịch Công đoàn ngành Y tế Lê An phát biểu.") == {
        "Lê An": "Chủ tịch Công đoàn ngành Y tế"
    }
    assert people("Tin. Chủ tịch CĐCS Công ty Đặng Thị Hồng Nhung cho biết.") == {
        "Đặng Thị Hồng Nhung": "Chủ tịch Công đoàn cơ sở Công ty"
    }
    assert people("Tin. Công nhân Công ty Hoàng Long được thưởng.") == {}


def test_zones_specialised_schools_and_addresses_are_not_persons():
    from unionnews.nlp.persons import ADDRESS_BEFORE_RE, COMPANY_BEFORE_RE

    assert ADDRESS_BEFORE_RE.search("địa chỉ: 25 ") and ADDRESS_BEFORE_RE.search("số 12/3 ")
    assert not ADDRESS_BEFORE_RE.search("tặng 25 ")
    assert COMPANY_BEFORE_RE.search("công ty ")
    assert NOT_PERSON_BEFORE_RE.search("khu công nghiệp ") and NOT_PERSON_BEFORE_RE.search("thpt chuyên ")
    text = (
        "Tin. Công nhân May Hòa Thịnh (Khu công nghiệp Lương Sơn) và em học sinh Trường THPT chuyên "
        "Nguyễn Thị Minh Khai. Địa chỉ: 25 Nguyễn Trãi, Quận 1."
    )
    assert people(text) == {}


def test_company_names_and_a_role_taken_with_lam():
    from unionnews.nlp.persons import COMPANY_NAME_BEFORE_RE

    assert COMPANY_NAME_BEFORE_RE.search("công ty tnhh túi xách ")
    assert people("Tin. Hơn 600 công nhân Công ty TNHH Túi xách Hoàng Thịnh Phát ngừng việc.") == {}
    assert people("Tin. Công ty trao thưởng cho anh Nguyễn Minh Tâm.") == {"Nguyễn Minh Tâm": None}
    assert people("Tin. Ủy ban Kiểm tra gồm 03 đồng chí, do bà Lương Thị Ngọc Hà làm Chủ nhiệm.") == {
        "Lương Thị Ngọc Hà": "Chủ nhiệm"
    }
    assert ROLE_AFTER_VERB_RE.match("làm chủ nhiệm")
    assert people("Tin. Chị Lê Thị Hoa làm việc tại Công ty May.") == {"Lê Thị Hoa": None}


def test_highland_names_after_a_teacher_and_terms_after_a_body():
    from unionnews.nlp.persons import HIGHLAND_NAME_PREFIXES, TERM_AFTER_BODY_RE

    assert "A" in HIGHLAND_NAME_PREFIXES and HONORIFIC_BEFORE_RE.search("thầy ")
    assert TERM_AFTER_BODY_RE.match(" khóa iii, được") and TERM_AFTER_BODY_RE.match(" nhiệm kỳ 2018 - 2023")
    found = people("Tin. Thầy A Thuyên, Hiệu trưởng, Bí thư Chi bộ Trường THCS Măng Bút chia sẻ.")
    assert found["A Thuyên"].split("; ")[0] == "Hiệu trưởng"
    found = people(
        "Tin. Ông Võ Thanh Tùng, Phó Chủ tịch Công đoàn KKT khóa III, được bầu giữ chức Chủ tịch với "
        "18/19 phiếu; bà Nguyễn Thị Phương Thảo, Trưởng Ban Tổ chức khóa III, trúng cử Phó Chủ tịch."
    )
    assert found["Võ Thanh Tùng"].split("; ")[1] == "Chủ tịch"
    assert found["Nguyễn Thị Phương Thảo"].split("; ")[1] == "Phó Chủ tịch"
    assert "Khu kinh tế" in found["Võ Thanh Tùng"]


def test_photo_credits_name_persons_but_not_agencies_or_papers():
    from unionnews.nlp.persons import PHOTO_CREDIT_RE

    assert PHOTO_CREDIT_RE.search("(Ảnh: Đức Thịnh)")["name"] == "Đức Thịnh"
    assert PHOTO_CREDIT_RE.search("Ảnh: Minh Huyền\n")["name"] == "Minh Huyền"
    assert PHOTO_CREDIT_RE.search("Ảnh: minh họa") is None
    text = "Tin. Bà Hằng trao quà (Ảnh: Đức Thịnh). Ảnh: TTXVN. Ảnh: Báo Hà Tĩnh. Ảnh: Hà Tĩnh.\nHết."
    assert people(text) == {"Đức Thịnh": None}


def test_appointments_after_a_comma_tails_of_bodies_and_places_in_lists():
    from unionnews.nlp.persons import BODY_SECOND_WORDS, BODY_TAIL_RE, LOCATIVE_BEFORE_RE

    assert BODY_SECOND_WORDS["trung"] == "tâm" and LOCATIVE_BEFORE_RE.search("việc làm ở ")
    assert BODY_TAIL_RE.match(" sức cấp cứu, giữ chức").group() == " sức cấp cứu, "
    found = people("Tin. Ông Phan Hữu Lộc, vừa được bổ nhiệm giữ chức Phó Giám đốc BHXH tỉnh, cho biết.")
    assert found["Phan Hữu Lộc"].startswith("Phó Giám đốc")
    found = people(
        "Tin. Đại hội bầu bà Nguyễn Thị Thuý Hằng, người vừa được bổ nhiệm giữ chức Phó Giám đốc Trung "
        "tâm, tái đắc cử Chủ tịch CĐCS. Ban Chấp hành bầu bác sĩ Lê Văn Hoà, Trưởng khoa Hồi sức cấp "
        "cứu, giữ chức Phó Chủ tịch."
    )
    assert found["Nguyễn Thị Thuý Hằng"].split("; ") == ["Phó Giám đốc Trung tâm", "Chủ tịch Công đoàn cơ sở"]
    assert found["Lê Văn Hoà"].split("; ")[1] == "Phó Chủ tịch"
    found = people("Tin. Đoàn do ông Nguyễn Thanh Phong, Phó Chủ tịch LĐLĐ tỉnh, làm trưởng đoàn đến thăm.")
    assert found["Nguyễn Thanh Phong"].count("; ") == 0  # "làm trưởng đoàn" is a task, not an office
    assert people("Tin. Luật gia Đặng Văn Bình, nguyên Phó Chánh án Tòa án nhân dân tỉnh, nói.")[
        "Đặng Văn Bình"
    ].startswith("nguyên Phó Chánh án Tòa án nhân dân")
    assert people("Tin. Phiên giao dịch việc làm ở Ninh Hòa, Cam Ranh và Diên Khánh.") == {}


def test_more_role_constructions():
    from unionnews.nlp.persons import SHARED_TITLE_SEP_RE, TITLE_NAME_GAP_RE

    assert TITLE_NAME_GAP_RE.fullmatch(", ông ") and SHARED_TITLE_SEP_RE.match(" - Phó")
    ctx = Context(province="Sơn La")
    assert people("Tin. Phó Chủ tịch Thường trực LĐLĐ tỉnh, ông Lò Văn Minh cho biết.", ctx)[
        "Lò Văn Minh"
    ].startswith("Phó Chủ tịch Thường trực")
    found = people(
        "Tin. Bà Quàng Thị Mai, nguyên Phó Giám đốc Sở Y tế, nay là Chủ tịch Hội Chữ thập đỏ.", ctx
    )
    assert [r.split(" ")[0] for r in found["Quàng Thị Mai"].split("; ")] == ["nguyên", "Chủ"]
    found = people("Tin. Các đồng chí Lò Văn A, Cầm Thị B - Phó Chủ tịch LĐLĐ tỉnh dự hội nghị.", ctx)
    assert found["Lò Văn A"] == found["Cầm Thị B"] == "Phó Chủ tịch Liên đoàn Lao động tỉnh Sơn La"
    assert people("Tin. Dự có ông Lò Văn A, Cầm Thị B và nhiều đại biểu.", ctx) == {
        "Lò Văn A": None,
        "Cầm Thị B": None,
    }


def test_parenthesised_role_then_election_and_more_non_persons():
    found = people(
        "Tin. Bà Lâm Thị Kim Thoa (Chủ tịch CĐCS Công ty TNHH Thủy sản Sông Hậu) được bầu làm Phó Chủ tịch."
    )
    assert found["Lâm Thị Kim Thoa"].split("; ")[-1] == "Phó Chủ tịch"
    assert people("Tin. Tiếp đoàn có đồng chí Lộc Văn Khánh - Chủ tịch LĐLĐ tỉnh Lạng Sơn.")["Lộc Văn Khánh"]
    assert people("Tin. Liên hệ trụ sở tại số 521 Kinh Dương Vương, phường An Lạc.") == {}
    assert people("Tin. Luật sư thuộc Đoàn Luật sư tỉnh tham gia.") == {}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Chủ tịch CĐCS Kim Ngọc Thủy nhận cờ thi đua.", "Kim Ngọc Thủy"),
        ("Chủ tịch CĐCS Danh Văn Sol trình bày tham luận.", "Danh Văn Sol"),
        ("Phó Chủ tịch LĐLĐ tỉnh Lành Văn Pảo dự họp.", "Lành Văn Pảo"),
        ("Chủ tịch CĐCS Ôn Thanh Hào phát biểu.", "Ôn Thanh Hào"),
        ("Giám đốc Âu Minh Triết trả lời.", "Âu Minh Triết"),
        ("Kế toán Lưu Hồng Vân nhận giấy khen.", "Lưu Hồng Vân"),
        ("Nữ công nhân Lục Thị Bích được tặng quà.", "Lục Thị Bích"),
    ],
)
def test_rare_family_names_keep_their_first_syllable(text, name):
    assert list(people(text)) == [name]


def test_unknown_family_name_before_thi_is_kept():
    assert list(people("Công nhân Xồng Thị Pa được tặng sổ tiết kiệm.")) == ["Xồng Thị Pa"]


@pytest.mark.parametrize(
    "text",
    [
        "Đoàn công tác đến huyện Kim Sơn và Kim Bôi khảo sát.",
        "Công nhân quê ở Kim Sơn, Ninh Bình.",
    ],
)
def test_places_starting_with_a_rare_family_name_are_not_persons(text):
    assert people(text) == {}


def test_name_shape_for_unknown_family_names():
    from unionnews.nlp.names import NOT_FAMILY_WORDS, NOT_GIVEN_AFTER_VAN, has_name_shape

    assert has_name_shape(["Xa", "Văn", "Đồng"]) and has_name_shape(["Xồng", "Thị", "Pa"])
    assert not has_name_shape(["Nhà", "Văn", "Hóa"]) and not has_name_shape(["Hội", "Văn", "Nghệ"])
    assert not has_name_shape(["Mùa", "Văn", "Phòng"])  # "Văn Phòng" is an office word
    assert not has_name_shape(["Xa", "Văn"])  # two words: no middle name to go by
    assert "Nhà" in NOT_FAMILY_WORDS and "Hóa" in NOT_GIVEN_AFTER_VAN


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Tới dự có các đồng chí: Pờ Văn Sinh, Phó Chủ tịch UBND tỉnh; Lê Hồng Anh, Trưởng ban.",
            "Pờ Văn Sinh",
            "Phó Chủ tịch Ủy ban nhân dân tỉnh Nghệ An",
        ),
        ("Ông Sồng Văn Páo, Tổ trưởng tổ công đoàn, nhận quà.", "Sồng Văn Páo", "Tổ trưởng"),
    ],
)
def test_unknown_family_name_before_van_and_after_a_colon(text, name, role):
    got = people(text)
    assert name in got and (got[name] or "").startswith(role)


@pytest.mark.parametrize(
    "text",
    [
        "Công nhân sinh hoạt tại Nhà Văn Hóa Lao Động tỉnh.",
        "Tác phẩm đoạt giải của Hội Văn Nghệ Dân gian được trưng bày.",
    ],
)
def test_culture_houses_with_van_are_not_persons(text):
    assert people(text) == {}


def test_second_of_two_names_after_a_plural_title_ending_in_tinh():
    got = people("Dự họp có các Phó Chủ tịch LĐLĐ tỉnh Hà Thị Mai và Tôn Quốc Huy, cùng 80 đại biểu.")
    assert got == {
        "Hà Thị Mai": "Phó Chủ tịch Liên đoàn Lao động tỉnh Nghệ An",
        "Tôn Quốc Huy": "Phó Chủ tịch Liên đoàn Lao động tỉnh Nghệ An",
    }
    assert people("Đoàn đến các huyện Quỳnh Lưu, Yên Thành và Đô Lương.") == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Phó Chủ tịch LĐLĐ huyện Đinh Thị Hoa trao quà.",
            {"Đinh Thị Hoa": "Phó Chủ tịch Liên đoàn Lao động huyện"},
        ),
        ("Chủ tịch LĐLĐ quận Tạ Minh Quân phát biểu.", {"Tạ Minh Quân": "Chủ tịch Liên đoàn Lao động quận"}),
        ("Chủ tịch LĐLĐ huyện Hoàng Su Phì cho biết kết quả.", {}),  # a listed district
        ("Chủ tịch LĐLĐ huyện Trần Văn Thời phát biểu.", {}),  # a district named after a hero
    ],
)
def test_name_right_after_a_bare_huyen(text, expected):
    assert people(text) == expected
    assert OWN_PROVINCE_END_RE.search("lđlđ huyện") and OWN_PROVINCE_END_RE.search("lđlđ thị xã")


# --- names of zones and places listed after a plural place noun -----------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a gloss ("ở vùng … (cũ) như") between the zone noun and the list
        "Các cụm công nghiệp ở vùng biển (cũ) như Thanh Lương, Trần Quang Khải, Liên Hà Thái có 40 đơn vị.",
        # the list right after the noun; "Liên Hà Thái" holds the family name "Hà"
        "Đoàn đã khảo sát các khu công nghiệp Đông Sơn, Lê Lợi, Liên Hà Thái trong tháng 3.",
        "Các xã gồm: Hưng Tân, Phạm Ngũ Lão và Mai Lâm được công nhận đạt chuẩn.",
        "Những KCN lớn như Bắc Vinh, Hoàng Mai đều có công đoàn cơ sở.",
    ],
)
def test_names_in_a_list_of_zones_or_places_are_not_persons(text):
    assert people(text) == {}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # no list: a person named after the sentence speaks of zones
        (
            "Sau chuyến thăm các khu công nghiệp, Chủ tịch LĐLĐ tỉnh Lê Quang Vinh chỉ đạo rà soát.",
            "Lê Quang Vinh",
        ),
        # a list of people after the zone noun, marked by honorifics
        ("Công đoàn các KCN gồm: ông Lê Đức Toàn, bà Hồ Thu Hà cùng tham dự.", "Hồ Thu Hà"),
        # the list ended by a semicolon before the name
        (
            "Đoàn đến các huyện như Yên Thành, Đô Lương; Phó Chủ tịch Trần Hữu Nghĩa cho biết thêm.",
            "Trần Hữu Nghĩa",
        ),
        # the list ended by a title: the name after it is the titled person
        (
            "Kiểm tra các xã như Diễn Kỷ, Diễn Hồng, Phó Chủ tịch Nguyễn Thị Lan đánh giá cao.",
            "Nguyễn Thị Lan",
        ),
        ("Tại các xã như Diễn Kỷ, Diễn Hồng, anh Trần Quốc Bảo làm tình nguyện viên.", "Trần Quốc Bảo"),
    ],
)
def test_persons_near_lists_of_places_are_kept(text, name):
    assert name in people(text)


def test_place_list_intro_regex_examples():
    assert PLACE_LIST_INTRO_RE.search("các khu công nghiệp ở vùng ven biển (cũ) như thanh lương, ")
    assert PLACE_LIST_INTRO_RE.search("các xã gồm: ")
    assert not PLACE_LIST_INTRO_RE.search("các khu công nghiệp; phó chủ tịch ")
    assert not PLACE_LIST_INTRO_RE.search("các đồng chí như ")


# --- a family-name run that stops inside a lower-case common noun ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Phiên trù bị bầu Đoàn Chủ tịch, Đoàn Thư ký và Ban Thẩm tra tư cách đại biểu.",
        "Công đoàn phối hợp với Đoàn Thanh niên xã tặng 50 suất quà.",
        "Đoàn Kiểm tra và Đoàn Giám sát làm việc tại Công ty.",
    ],
)
def test_a_body_opening_with_doan_is_not_a_person(text):
    assert people(text) == {}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Anh Đoàn Thư, công nhân tổ may, cho biết anh rất vui.", "Đoàn Thư"),
        ("Bà Đoàn Thanh Thủy thư ký hội nghị đọc biên bản.", "Đoàn Thanh Thủy"),
        ("Ông Đoàn Văn Thanh phát biểu tại buổi lễ.", "Đoàn Văn Thanh"),
    ],
)
def test_persons_named_doan_are_kept(text, name):
    assert name in people(text)


# --- a place written against its administrative abbreviation -------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ngày hội diễn ra tại phường Đô Vinh (TP.Phan Rang - Tháp Chàm).",
        "Nhiều công nhân ở TX.Hoàng Mai được hỗ trợ.",
        "Công ty đóng tại Q.Bình Thạnh và H.Phú Giáo.",
    ],
)
def test_a_place_after_a_glued_abbreviation_is_not_a_person(text):
    assert people(text) == {}


def test_a_person_near_a_glued_abbreviation_is_kept():
    got = people("Tại TP.Phan Rang, bà Phan Thị Hà, Chủ tịch CĐCS, trao quà.")
    assert list(got) == ["Phan Thị Hà"]
    assert PLACE_ABBREV_BEFORE_RE.search("tp.") and PLACE_ABBREV_BEFORE_RE.search("tx. ")
    assert not PLACE_ABBREV_BEFORE_RE.search("ts. ") and not PLACE_ABBREV_BEFORE_RE.search("p. ")
