"""Roles attached across asides, shared by coordinated names, kept apart in lists, whole
and without the caption that follows them. Sentences written for these tests."""

import pytest

from unionnews.model import Context
from unionnews.nlp.persons import find_persons
from unionnews.nlp.roles import (
    ACTION_START_RE,
    ASIDE_AFTER_NAME_RE,
    DEPARTMENT_RE,
    PLURAL_BEFORE_RE,
    ROLE_LIST_SEP_RE,
    TITLE_NAME_GAP_RE,
    VERB_AFTER_BODY_RE,
)

CTX = Context(province="Nghệ An")
LDLD = "Liên đoàn Lao động tỉnh Nghệ An"


def people(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in find_persons(text, CTX):
        out[e.canonical] = e.role.split("; ") if e.role else []
    return out


def test_regex_examples():
    assert ASIDE_AFTER_NAME_RE.match(" (bìa phải), Phó")
    assert ASIDE_AFTER_NAME_RE.match(" (đứng giữa) - Chủ")
    assert not ASIDE_AFTER_NAME_RE.match(" (Giám đốc Sở Y tế)")  # a role, not an aside
    assert TITLE_NAME_GAP_RE.fullmatch(" – ông ") and TITLE_NAME_GAP_RE.fullmatch(" (bà ")
    assert TITLE_NAME_GAP_RE.fullmatch(", đồng chí ") and TITLE_NAME_GAP_RE.fullmatch(" - ")
    assert PLURAL_BEFORE_RE.search("có các ") and PLURAL_BEFORE_RE.search("các đồng chí ")
    assert DEPARTMENT_RE.match("công tác nữ") and DEPARTMENT_RE.match("quan hệ lao động")
    assert ACTION_START_RE.match("động viên công nhân") and ACTION_START_RE.match("trao quà")
    assert not ACTION_START_RE.match("công nhân")


@pytest.mark.parametrize(
    ("text", "name", "roles"),
    [
        # a dash pair around the name, the title before it
        (
            "Trưởng ban Tổ chức LĐLĐ tỉnh – ông Cao Xuân Lộc – nhấn mạnh yêu cầu mới.",
            "Cao Xuân Lộc",
            [f"Trưởng ban Tổ chức {LDLD}"],
        ),
        (
            "Phó Chủ tịch LĐLĐ tỉnh - bà Võ Thị Hằng - trao đổi với đoàn viên.",
            "Võ Thị Hằng",
            [f"Phó Chủ tịch {LDLD}"],
        ),
        # the name in brackets after the title
        (
            "Chủ tịch LĐLĐ tỉnh (ông Đinh Công Thắng) chủ trì buổi làm việc.",
            "Đinh Công Thắng",
            [f"Chủ tịch {LDLD}"],
        ),
        # a photo aside in brackets between the name and its title
        (
            "Ông Tạ Quang Huy (bìa phải), Phó Giám đốc Sở Y tế tặng hoa.",
            "Tạ Quang Huy",
            ["Phó Giám đốc Sở Y tế"],
        ),
        (
            "Bà Hồ Thị Sương (thứ ba từ trái sang), Chủ tịch Công đoàn ngành Giáo dục tặng quà.",
            "Hồ Thị Sương",
            ["Chủ tịch Công đoàn ngành Giáo dục"],
        ),
        (
            "Đồng chí Lương Văn Tú (đứng giữa) - Phó Chủ tịch LĐLĐ tỉnh nói chuyện với công nhân.",
            "Lương Văn Tú",
            [f"Phó Chủ tịch {LDLD}"],
        ),
    ],
)
def test_role_across_an_aside(text, name, roles):
    assert people(text)[name] == roles


def test_plural_title_is_shared_by_coordinated_names():
    text = "Cùng đi có các Phó Chủ tịch LĐLĐ tỉnh Bùi Văn Tâm và Chu Thị Huệ."
    assert people(text) == {
        "Bùi Văn Tâm": [f"Phó Chủ tịch {LDLD}"],
        "Chu Thị Huệ": [f"Phó Chủ tịch {LDLD}"],
    }


def test_plural_names_share_the_title_after_them():
    text = "Các đồng chí Vũ Đình Nam, Thái Thị Yến và Quách Văn Lực, Phó Chủ tịch LĐLĐ tỉnh dự họp."
    role = [f"Phó Chủ tịch {LDLD}"]
    assert people(text) == {"Vũ Đình Nam": role, "Thái Thị Yến": role, "Quách Văn Lực": role}


def test_singular_title_before_two_names_stays_with_the_first():
    text = "Phó Chủ tịch LĐLĐ tỉnh Bùi Văn Tâm và nữ công nhân Chu Thị Huệ cùng trò chuyện."
    assert people(text) == {"Bùi Văn Tâm": [f"Phó Chủ tịch {LDLD}"], "Chu Thị Huệ": []}


def test_title_after_two_honorific_names_is_the_nearest_ones():
    text = "Ông Phan Đức Hậu và ông Lê Hữu Tình, Phó Chủ tịch LĐLĐ tỉnh cùng dự."
    assert people(text) == {"Phan Đức Hậu": [], "Lê Hữu Tình": [f"Phó Chủ tịch {LDLD}"]}


def test_list_with_semicolons_keeps_each_title_with_its_name():
    text = (
        "Dự hội nghị có ông Trịnh Văn Quang, Chủ tịch LĐLĐ tỉnh; bà Lê Thị Ngân, Phó Giám đốc "
        "Sở Y tế; Phó Chủ tịch UBND tỉnh Hoàng Minh Sơn."
    )
    assert people(text) == {
        "Trịnh Văn Quang": [f"Chủ tịch {LDLD}"],
        "Lê Thị Ngân": ["Phó Giám đốc Sở Y tế"],
        "Hoàng Minh Sơn": ["Phó Chủ tịch Ủy ban nhân dân tỉnh Nghệ An"],
    }


def test_list_with_commas_keeps_each_title_with_its_name():
    text = "Tới dự có ông Trịnh Văn Quang, Chủ tịch LĐLĐ tỉnh, bà Lê Thị Ngân, Phó Giám đốc Sở Y tế."
    assert people(text) == {
        "Trịnh Văn Quang": [f"Chủ tịch {LDLD}"],
        "Lê Thị Ngân": ["Phó Giám đốc Sở Y tế"],
    }


def test_two_titles_of_one_person_are_still_listed():
    text = "Bà Nông Thị Hiền, Ủy viên BCH Tổng LĐLĐ Việt Nam, Chủ tịch LĐLĐ tỉnh phát biểu."
    assert people(text) == {
        "Nông Thị Hiền": [
            "Ủy viên Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam",
            f"Chủ tịch {LDLD}",
        ]
    }


@pytest.mark.parametrize(
    ("text", "name", "roles"),
    [
        (
            "Bà Mạc Thị Xuân, Trưởng ban Công tác nữ LĐLĐ tỉnh báo cáo.",
            "Mạc Thị Xuân",
            [f"Trưởng ban Công tác nữ {LDLD}"],
        ),
        (
            "Ông Khúc Văn Bình, Phó Trưởng ban Quan hệ lao động LĐLĐ tỉnh trả lời.",
            "Khúc Văn Bình",
            [f"Phó Trưởng ban Quan hệ lao động {LDLD}"],
        ),
        (
            "Bà Doãn Thị Lệ, Trưởng ban Tuyên giáo LĐLĐ tỉnh giới thiệu.",
            "Doãn Thị Lệ",
            [f"Trưởng ban Tuyên giáo {LDLD}"],
        ),
    ],
)
def test_department_names_are_whole(text, name, roles):
    assert people(text)[name] == roles


@pytest.mark.parametrize(
    "text",
    [
        "Ông Đỗ Mạnh Cường, Chủ tịch LĐLĐ tỉnh trao quà cho công nhân khó khăn.",
        "Ông Đỗ Mạnh Cường, Chủ tịch LĐLĐ tỉnh động viên công nhân khó khăn.",
        "Ông Đỗ Mạnh Cường, Chủ tịch LĐLĐ tỉnh khen thưởng các tập thể.",
        "Ông Đỗ Mạnh Cường, Chủ tịch LĐLĐ tỉnh\nTrao quà cho công nhân khó khăn.",
    ],
)
def test_caption_clause_is_not_part_of_the_role(text):
    assert people(text) == {"Đỗ Mạnh Cường": [f"Chủ tịch {LDLD}"]}


def test_lower_case_department_after_ban_is_kept():
    text = "Ông Ninh Văn Khoa, Trưởng ban tổ chức hội thao, phát biểu khai mạc."
    assert people(text) == {"Ninh Văn Khoa": ["Trưởng ban tổ chức"]}


def test_title_before_comma_and_honorific_in_a_list_is_the_next_persons():
    text = (
        "Tới dự có bà Lê Thị Ngân, Phó Giám đốc Sở Y tế; Phó Chủ tịch Thường trực LĐLĐ tỉnh, "
        "ông Trịnh Văn Quang; bà Mai Thị Hoa, Phó Chủ tịch LĐLĐ tỉnh."
    )
    assert people(text) == {
        "Lê Thị Ngân": ["Phó Giám đốc Sở Y tế"],
        "Trịnh Văn Quang": [f"Phó Chủ tịch Thường trực {LDLD}"],
        "Mai Thị Hoa": [f"Phó Chủ tịch {LDLD}"],
    }


def test_presidium_and_proxies_lend_no_title():
    from unionnews.nlp.roles import PROXY_BEFORE_RE

    assert PROXY_BEFORE_RE.search("thừa ủy quyền của ") and PROXY_BEFORE_RE.search("thay mặt ")
    assert not PROXY_BEFORE_RE.search("đồng chí ")
    got = people("Được ủy quyền của Đoàn Chủ tịch Tổng LĐLĐ Việt Nam, đồng chí Mai Xuân Thu trao cờ.")
    assert got == {"Mai Xuân Thu": []}
    got = people("Thay mặt Chủ tịch UBND tỉnh, bà Cao Thị Yến, Giám đốc Sở Nội vụ trao Bằng khen.")
    assert got == {"Cao Thị Yến": ["Giám đốc Sở Nội vụ"]}
    assert people("Chủ tịch UBND tỉnh, ông Lý Văn Kha trao cờ.") == {
        "Lý Văn Kha": ["Chủ tịch Ủy ban nhân dân tỉnh Nghệ An"]
    }
    got = people("Ông Quan Đức Tâm, Ủy viên Đoàn Chủ tịch Tổng LĐLĐ Việt Nam dự họp.")
    assert got == {"Quan Đức Tâm": ["Ủy viên Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam"]}


def test_gap_and_verb_regex_examples():
    assert TITLE_NAME_GAP_RE.fullmatch(" – anh ") and TITLE_NAME_GAP_RE.fullmatch(", chị ")
    assert TITLE_NAME_GAP_RE.fullmatch(": ") and TITLE_NAME_GAP_RE.fullmatch(": bà ")
    assert TITLE_NAME_GAP_RE.fullmatch(" là ") and TITLE_NAME_GAP_RE.fullmatch(" là thầy ")
    assert not TITLE_NAME_GAP_RE.fullmatch(" trao quà cho anh ")
    assert not TITLE_NAME_GAP_RE.fullmatch(" lào ") and not TITLE_NAME_GAP_RE.fullmatch(", ")
    assert VERB_AFTER_BODY_RE.match(" làm chủ nhiệm") and VERB_AFTER_BODY_RE.match(" được bầu")
    assert not VERB_AFTER_BODY_RE.match(" trao quà") and not VERB_AFTER_BODY_RE.match(" làm")
    assert ROLE_LIST_SEP_RE.match(", Chủ") and ROLE_LIST_SEP_RE.match("); Phó")
    assert not ROLE_LIST_SEP_RE.match(" - Phó")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a younger or teaching honorific inside the dash pair or after the comma
        (
            "Chủ tịch CĐCS Công ty May Hòa Bình – anh Sùng Văn Páo – kể lại.",
            {"Sùng Văn Páo": ["Chủ tịch Công đoàn cơ sở Công ty May Hòa Bình"]},
        ),
        (
            "Phó Chủ tịch CĐCS - chị Kiều Thị Lan - giới thiệu mô hình.",
            {"Kiều Thị Lan": ["Phó Chủ tịch Công đoàn cơ sở"]},
        ),
        (
            "Hiệu trưởng Trường Tiểu học Kim Liên, thầy Vàng Văn Sinh đón đoàn.",
            {"Vàng Văn Sinh": ["Hiệu trưởng Trường Tiểu học Kim Liên"]},
        ),
        # a family name we do not list, known by its shape
        (
            "Chủ tịch CĐCS Sở Xây dựng – anh Xòm Văn Tư – phát biểu.",
            {"Xòm Văn Tư": ["Chủ tịch Công đoàn cơ sở Sở Xây dựng"]},
        ),
        # not the title's holder: the name is an object of the clause
        (
            "Chủ tịch CĐCS trao quà cho anh Sùng Văn Páo.",
            {"Sùng Văn Páo": []},
        ),
        (
            "Thay mặt Chủ tịch LĐLĐ tỉnh, chị Kiều Thị Lan trao quà.",
            {"Kiều Thị Lan": []},
        ),
    ],
)
def test_title_before_a_name_with_anh_chi_thay(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Đến dự có các Phó Chủ tịch LĐLĐ tỉnh: Mạc Văn Hải, Tòng Thị Phương.",
        "Đến dự có các đồng chí Phó Chủ tịch LĐLĐ tỉnh: Mạc Văn Hải và Tòng Thị Phương.",
        "Đến dự có hai Phó Chủ tịch LĐLĐ tỉnh là Mạc Văn Hải và Tòng Thị Phương.",
        "Đến dự có các đồng chí Mạc Văn Hải, Tòng Thị Phương – Phó Chủ tịch LĐLĐ tỉnh.",
    ],
)
def test_plural_title_with_a_colon_or_la_is_shared(text):
    role = [f"Phó Chủ tịch {LDLD}"]
    assert people(text) == {"Mạc Văn Hải": role, "Tòng Thị Phương": role}


def test_singular_title_with_a_colon_stays_with_the_first_name():
    got = people("Phó Chủ tịch LĐLĐ tỉnh: Mạc Văn Hải, đoàn viên Tòng Thị Phương cùng dự.")
    assert got == {"Mạc Văn Hải": [f"Phó Chủ tịch {LDLD}"], "Tòng Thị Phương": []}
    # a colon after a verb opens a quotation, not the title's holders
    got = people("Chủ tịch LĐLĐ tỉnh nhấn mạnh: Mạc Văn Hải là tấm gương.")
    assert got == {"Mạc Văn Hải": []}


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        (
            "Ban Kiểm tra gồm 5 người, do ông Giáp Văn Hưng, Ủy viên BCH LĐLĐ tỉnh làm Trưởng ban.",
            [f"Ủy viên Ban Chấp hành {LDLD}", "Trưởng ban"],
        ),
        (
            "Ủy ban Kiểm tra do bà Giáp Thị Hà, Phó Chủ tịch LĐLĐ tỉnh làm Chủ nhiệm.",
            [f"Phó Chủ tịch {LDLD}", "Chủ nhiệm"],
        ),
        # a lower-case task for the day, or "làm việc", is no office
        ("Ông Giáp Văn Hưng, Chủ tịch LĐLĐ tỉnh làm trưởng đoàn.", [f"Chủ tịch {LDLD}"]),
        ("Ông Giáp Văn Hưng, Chủ tịch LĐLĐ tỉnh làm việc với Công ty.", [f"Chủ tịch {LDLD}"]),
    ],
)
def test_office_taken_with_lam_after_a_role(text, roles):
    assert next(iter(people(text).values())) == roles
