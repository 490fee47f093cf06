"""Bylines in capitals, with a source or a credit label, and capitals that are page chrome.
Lines written for these tests."""

import pytest

from unionnews.articles.byline import find_author, is_plausible_name, name_case
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
