"""Bylines in capitals, with a source or a credit label, and capitals that are page chrome.
Lines written for these tests."""

import pytest

from unionnews.articles.byline import DATELINE_RE, find_author, find_head_author, is_plausible_name, name_case
from unionnews.model import Context
from unionnews.nlp.persons import find_persons

CTX = Context(province="Nghệ An")
BODY = "Công đoàn tỉnh tổ chức hội nghị tổng kết năm."


def names(text: str) -> list[tuple[str, str]]:
    return [(e.text, e.canonical) for e in find_persons(text, CTX)]


def test_name_case():
    assert name_case("TRẦN THU HÀ") == "Trần Thu Hà"
    assert name_case("H'HEN NIÊ") == "H'Hen Niê"
    assert name_case("Lê Văn An") == "Lê Văn An"


@pytest.mark.parametrize("name", ["THU HƯƠNG", "ĐỖ QUANG MINH", "HẢI YẾN", "Ngọc Anh"])
def test_plausible_names(name):
    assert is_plausible_name(name)


@pytest.mark.parametrize(
    "words",
    ["LIÊN KẾT WEB", "TIN MỚI NHẤT", "VĂN BẢN MỚI", "THỐNG KÊ TRUY CẬP", "XEM NHIỀU NHẤT", "VIDEO CLIP"],
)
def test_chrome_in_capitals_is_not_a_name(words):
    assert not is_plausible_name(words)
    assert find_author([BODY, words]) is None
    assert names(f"{BODY}\n{words}") == []


@pytest.mark.parametrize(
    ("line", "span", "canonical"),
    [
        ("Theo: HỒNG NHUNG (Báo Nghệ An)", "HỒNG NHUNG", "Hồng Nhung"),
        ("Theo: Hồng Nhung (Báo Nghệ An)", "Hồng Nhung", "Hồng Nhung"),
        ("Bài, ảnh: THU TRANG", "THU TRANG", "Thu Trang"),
        ("Bài và ảnh: QUỲNH ANH", "QUỲNH ANH", "Quỳnh Anh"),
        ("VIỆT HÀ", "VIỆT HÀ", "Việt Hà"),
    ],
)
def test_byline_in_capitals(line, span, canonical):
    assert names(f"{BODY}\n{line}") == [(span, canonical)]


def test_two_authors_in_capitals():
    assert names(f"{BODY}\nĐẶNG LINH - MINH KHUÊ") == [("ĐẶNG LINH", "Đặng Linh"), ("MINH KHUÊ", "Minh Khuê")]


@pytest.mark.parametrize("line", ["Theo Lao Động", "Theo: Báo Nghệ An", "Nguồn: Cổng Thông Tin"])
def test_a_source_alone_is_not_a_person(line):
    assert names(f"{BODY}\n{line}") == []


def test_photo_credit_in_capitals():
    text = f"{BODY} (Ảnh: MINH QUÂN)\nĐoàn viên nhận quà."
    assert names(text) == [("MINH QUÂN", "Minh Quân")]


def test_footer_lines_after_the_byline_are_skipped():
    from unionnews.articles.byline import FOOTER_LINE_RE

    assert FOOTER_LINE_RE.search("LĐLĐ huyện Yên Thành – Địa chỉ: khối 3 – Điện thoại: 0238 3861 000")
    assert FOOTER_LINE_RE.search("© Bản quyền thuộc Công đoàn tỉnh") and not FOOTER_LINE_RE.search("Hải Yến")
    assert FOOTER_LINE_RE.search("Từ khóa: đoàn viên, công nhân") and FOOTER_LINE_RE.search("Lượt xem: 215")
    assert not FOOTER_LINE_RE.search("Chia sẻ kinh nghiệm, bà Hà cho biết")  # a sentence
    assert find_author([BODY, "Minh Châu", "Tags: Tết Sum vầy"]) == ("Minh Châu", None, 1)
    lines = [
        BODY,
        "Hải Yến (LĐLĐ huyện Yên Thành)",
        "Công đoàn huyện – Địa chỉ: khối 3, thị trấn – Email: a@b.vn",
    ]
    assert find_author(lines) == ("Hải Yến", None, 1)


def test_a_labelled_repeat_takes_the_role_written_under_the_name():
    lines = [
        BODY,
        "Đỗ Thị Hằng",
        "Phó Trưởng Ban Tuyên giáo LĐLĐ tỉnh",
        "Tác giả: Đỗ Thị Hằng",
        "Nguồn tin: Ban Tuyên giáo",
    ]
    assert find_author(lines) == ("Đỗ Thị Hằng", "Phó Trưởng Ban Tuyên giáo LĐLĐ tỉnh", 3)


# --- a byline printed above the lead, under the title and dateline ------------------------


@pytest.mark.parametrize(
    ("head", "span", "canonical"),
    [
        (
            ["Khánh Hòa: Công nhân đón Tết", "Thứ ba, 03/02/2015 08:10", "LÊ MINH HÀ"],
            "LÊ MINH HÀ",
            "Lê Minh Hà",
        ),
        (["05/09/2022 - 14:20", "THU TRANG"], "THU TRANG", "Thu Trang"),
        (["Hội nghị tổng kết", "Thứ hai, 11/11/2019", "Ngọc Anh"], "Ngọc Anh", "Ngọc Anh"),
    ],
)
def test_byline_above_the_lead(head, span, canonical):
    text = "\n".join([*head, BODY, "Hội nghị đề ra nhiệm vụ năm tới."])
    assert find_head_author(text.split("\n")) is not None
    assert (span, canonical) in names(text)


@pytest.mark.parametrize(
    "head",
    [
        ["Thứ hai, 11/11/2019", "TIN MỚI NHẤT"],  # chrome in capitals
        ["Hội nghị tổng kết", "Ngọc Anh"],  # title case, but not under a dateline
        ["Thứ hai, 11/11/2019", "Công đoàn"],  # a section label
        ["Thứ hai, 11/11/2019", "Ông Lê Minh Hà"],  # a sentence's start, not a byline
    ],
)
def test_lines_above_the_lead_that_are_not_bylines(head):
    text = "\n".join([*head, BODY, "Hội nghị đề ra nhiệm vụ năm tới.", "Các đơn vị báo cáo kết quả."])
    assert find_head_author(text.split("\n")) is None


def test_a_name_deep_in_the_body_is_not_a_head_byline():
    lines = ["Tiêu đề", "12/03/2020", BODY, "Hội nghị đề ra nhiệm vụ.", "MINH ANH", "Các đơn vị báo cáo."]
    assert find_head_author(lines) is None


def test_dateline_regex_examples():
    assert DATELINE_RE.search("Thứ sáu, 14/06/2019 10:45 (GMT+7)")
    assert DATELINE_RE.search("20-01-2024 - 11:05")
    assert not DATELINE_RE.search("Nghị quyết số 12/2019")
