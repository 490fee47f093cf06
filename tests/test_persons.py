from pathlib import Path

import pytest

from unionnews.model import Context
from unionnews.nlp.persons import (
    CAP_RUN_RE,
    HONORIFIC_BEFORE_RE,
    NOT_PERSON_BEFORE_RE,
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
    ents = find_persons("Phát biểu tại hội nghị, ông Mùi Văn Lọ cho biết kết quả.", CTX)
    assert [(e.canonical, e.rule) for e in ents] == [("Mùi Văn Lọ", "name_ner")]
    assert find_persons("Ông Trưởng Ban nói.", CTX) == []


def test_a_last_sentence_is_not_a_byline():
    got = people("Ông Nguyễn Văn An, Chủ tịch LĐLĐ tỉnh phát biểu.")
    assert got == {"Nguyễn Văn An": "Chủ tịch Liên đoàn Lao động tỉnh Nghệ An"}
