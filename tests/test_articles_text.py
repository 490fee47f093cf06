"""Saved text pages: title, dateline, body and byline out of the page chrome; datelines; seeds."""

from pathlib import Path

import pytest

from unionnews.articles import extract_article
from unionnews.articles.byline import AUTHOR_LABEL_RE, BYLINE_RE, ROLE_LINE_RE, find_author
from unionnews.articles.dates import (
    COUNTER_RE,
    DMY_RE,
    ISO_RE,
    LABEL_RE,
    SEPARATORS_RE,
    TIME_RE,
    VERBAL_RE,
    WEEKDAY_RE,
    parse_date_value,
    parse_dateline,
)
from unionnews.articles.dedup import near_duplicate_key
from unionnews.articles.text import parse_text_page
from unionnews.errors import EmptyDocument, NotAnArticle

SEEDS = Path("/work/shared/seeds")
BODY = [
    "Sáng 14/3/2024, Công đoàn Viên chức tỉnh Điện Biên tổ chức hội nghị sơ kết quý I với sự tham gia "
    "của 65 chủ tịch công đoàn cơ sở trực thuộc.",
    "Trong quý, các cấp công đoàn đã kết nạp 87 đoàn viên mới, thăm hỏi 40 đoàn viên ốm đau với tổng "
    "số tiền 36 triệu đồng và trao 12 suất học bổng cho con đoàn viên.",
    "Đại biểu dự hội nghị chụp ảnh lưu niệm.",
]


def saved_page(
    dateline: str = "Thứ năm - 14/03/2024 16:40", byline: tuple[str, ...] = ("Lường Thị Mai",)
) -> str:
    return "\n".join(
        [
            " • Trang chủ",
            " • Tin tức - Sự kiện",
            "  vị trí của bạn: Trang chủ > Tin tức - Sự kiện",
            "Hoạt động công đoàn",
            "Công đoàn Viên chức tỉnh Điện Biên sơ kết hoạt động quý I năm 2024",
            "EmailPrintAa",
            dateline + "    Số lần nhấp:208",
            "Cỡ chữ: A+ A-",
            "",
            *BODY,
            *byline,
            "Chú ý: Việc đăng lại bài viết trên ở website khác phải ghi rõ nguồn",
            "Tổng số điểm của bài viết là: 0 trong 0 đánh giá",
            "  Ý kiến bạn đọc",
            "Những tin mới hơn",
            "Hội nghị tập huấn 200 cán bộ công đoàn (10/03/2024)",
            "Tổng số: 212 | Trang: 1 trên tổng số 22 trang",
            "17",
            "FANPAGE",
        ]
    )


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Thứ bảy - 09/10/2021 22:48", "2021-10-09T22:48"),
        ("09:01 | 11/01/2019", "2019-01-11T09:01"),
        ("15:55 18/04/2023", "2023-04-18T15:55"),
        ("Thứ Tư, ngày 9 tháng 2 năm 2022 - 10:17", "2022-02-09T10:17"),
        ("ngày phát hành:2023-09-15 11:46", "2023-09-15T11:46"),
        ("Cập nhật lúc 08:15 ngày 12/03/2024", "2024-03-12T08:15"),
        ("12/03/2024 08:15 (GMT+7)", "2024-03-12T08:15"),
        ("Ngày đăng: 05/06/2020", "2020-06-05"),
        ("Thứ Hai, 05/06/2023, 14:20", "2023-06-05T14:20"),
        ("Chủ nhật, 5-11-2023 | 7h05", "2023-11-05T07:05"),
        ("02/03/2024 09:30 CH", "2024-03-02T21:30"),
        ("Minh Hà - 12/03/2024 10:20 - Lượt xem: 1.204", "2024-03-12T10:20"),
    ],
)
def test_parse_dateline_forms(line, iso):
    assert parse_dateline(line) == iso


@pytest.mark.parametrize(
    "line",
    [
        "Ngày 10/1/2019, Công đoàn viên chức tỉnh tổ chức hội nghị tổng kết công tác năm",
        "31/02/2023",  # no such day
        "Quyết định số 12/2012/QH13",
        "Tổng số: 175 | Trang: 1 trên tổng số 18 trang",
        "",
        "x" * 200,
    ],
)
def test_parse_dateline_refuses_non_datelines(line):
    assert parse_dateline(line) is None


def test_dateline_regexes():
    assert DMY_RE.search("09/10/2021")["y"] == "2021" and not DMY_RE.search("12/2012/qh13")
    assert ISO_RE.search("2023-09-15t11:46")["m"] == "09"
    assert VERBAL_RE.search("ngày 9 tháng 2 năm 2022")["d"] == "9"
    assert TIME_RE.search("lúc 8 giờ 05")["mi"] == "05" and not TIME_RE.search("1.204")
    assert WEEKDAY_RE.search("thứ bảy") and WEEKDAY_RE.search("chủ nhật")
    assert LABEL_RE.search("cập nhật lúc") and LABEL_RE.search("(gmt+7)")
    assert COUNTER_RE.search("số lần nhấp:61") and COUNTER_RE.search("lượt xem: 1.204")
    assert SEPARATORS_RE.fullmatch(" | - ")
    assert parse_date_value("2021-10-09T22:48:00+07:00") == "2021-10-09T22:48"


def test_saved_page_parts():
    parsed = parse_text_page(saved_page())
    assert parsed.title == "Công đoàn Viên chức tỉnh Điện Biên sơ kết hoạt động quý I năm 2024"
    assert parsed.published == "2024-03-14T16:40"
    assert parsed.dateline == "Thứ năm - 14/03/2024 16:40"
    assert parsed.text.split("\n") == [*BODY, "Lường Thị Mai"]  # caption and byline kept
    assert parsed.author == "Lường Thị Mai"


def test_article_from_saved_page():
    art = extract_article(saved_page().encode(), path="dienbien.txt")
    assert art.text.startswith("Thứ năm - 14/03/2024 16:40\n")  # the dateline opens the text
    for chrome in ("Số lần nhấp", "Tổng số: 212", "Ý kiến bạn đọc", "FANPAGE", "Cỡ chữ", "EmailPrintAa"):
        assert chrome not in art.text
    assert art.province == "Điện Biên" and art.province_2025 == "Điện Biên"
    assert art.site == "local" and art.url.startswith("file://") and art.source_path == "dienbien.txt"
    assert len(art.article_id) == 16 and len(art.content_hash) == 40


def test_byline_forms():
    labelled = saved_page(byline=("Tác giả bài viết: Lường Thị Mai - Phó Chủ tịch CĐVC tỉnh",))
    assert parse_text_page(labelled).author == "Lường Thị Mai"
    unit = saved_page(byline=("Quàng Văn Tú (Văn phòng LĐLĐ tỉnh)",))
    assert parse_text_page(unit).author == "Quàng Văn Tú"
    role = saved_page(byline=("Lường Thị Mai", "Chủ tịch Công đoàn Viên chức tỉnh"))
    parsed = parse_text_page(role)
    assert parsed.author == "Lường Thị Mai" and parsed.text.endswith("Chủ tịch Công đoàn Viên chức tỉnh")
    assert parse_text_page(saved_page(byline=())).author is None  # a sentence is no byline


def test_byline_regexes():
    assert AUTHOR_LABEL_RE.match("Tác giả bài viết: X")
    assert BYLINE_RE.match("Trần Xuân Hoàng (Văn phòng Tỉnh ủy)")["unit"] == "Văn phòng Tỉnh ủy"
    assert ROLE_LINE_RE.match("Chủ tịch Liên đoàn Lao động tỉnh")
    assert find_author(["Nội dung bài.", "Ông Lê Văn Ba"]) is None


def test_no_dateline_takes_the_first_substantive_line_as_title():
    raw = "\n".join(["• Trang chủ", "Công đoàn Viên chức tỉnh Điện Biên sơ kết quý I", *BODY])
    parsed = parse_text_page(raw)
    assert parsed.title == "Công đoàn Viên chức tỉnh Điện Biên sơ kết quý I" and parsed.published is None
    assert parsed.text.startswith(BODY[0][:30])


def test_refusals_say_what_to_do():
    with pytest.raises(NotAnArticle, match="characters"):
        extract_article("Tiêu đề ngắn\nThứ hai - 01/01/2024 08:00\nMột câu ngắn.", kind="txt")
    with pytest.raises(EmptyDocument):
        extract_article(b"   \n  ")
    english = "Annual report of the committee\n" + "The committee met to review the budget. " * 20
    with pytest.raises(NotAnArticle, match=r"^not Vietnamese"):
        extract_article(english, kind="txt")


def test_near_duplicate_key_survives_dateline_chrome_and_injection():
    a = extract_article(saved_page(), path="a.txt")
    b = extract_article(
        saved_page(dateline="ngày phát hành:2024-03-14 16:40").replace(
            "Trong quý,", "Trong quý,soi kèo nhà cái"
        ),
        path="b.txt",
    )
    assert "soi kèo" not in b.text and "content-farm copy" in b.notes
    assert near_duplicate_key(a.text) == near_duplicate_key(b.text)
    other = extract_article(
        saved_page().replace("Sáng 14/3/2024, Công đoàn", "Chiều 15/3/2024, Ban"), path="c"
    )
    assert near_duplicate_key(other.text) != near_duplicate_key(a.text)


SEED_FACTS = {
    "000": ("Xây dựng Công đoàn Viên chức tỉnh vững mạnh", "2023-09-15", "Tuyên Quang", None),
    "001": (
        "Công đoàn Viên chức tỉnh Cao Bằng 15 năm xây dựng và phát triển",
        "2021-10-09",
        "Cao Bằng",
        "Ngọc Văn Phán",
    ),
    "002": (None, "2019-01-11", "Vĩnh Phúc", "Phương Loan"),
    "003": (None, "2023-04-18", "Hà Tĩnh", "Trần Xuân Hoàng"),
    "004": (None, "2022-02-09", "Tuyên Quang", "Nguyễn Thị Thu Thủy"),
}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not available")
@pytest.mark.parametrize("prefix", sorted(SEED_FACTS))
def test_seed_metadata(prefix):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    art = extract_article(path.read_bytes(), path=str(path))
    title, published, province, author = SEED_FACTS[prefix]
    if title:
        assert art.title == title
    assert art.title and len(art.title) > 20
    assert art.published and art.published[:10] == published
    assert art.province == province
    if author:
        assert art.author == author
    for chrome in ("Số lần nhấp", "Tổng số: 175", "Ý kiến bạn đọc", "FANPAGE", "tuyển dụng nhân tài"):
        assert chrome not in art.text


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not available")
def test_seed_bylines_stay_in_the_text():
    (p002,) = SEEDS.glob("002_*.txt")
    assert extract_article(p002.read_bytes(), path=str(p002)).text.endswith("\nPhương Loan")
    (p000,) = SEEDS.glob("000_*.txt")
    farm = extract_article(p000.read_bytes(), path=str(p000))
    assert "content-farm copy" in farm.notes and "Qua đó, đã góp phần" in farm.text
    assert any("tuyển dụng nhân tài" in n for n in farm.notes)


def test_a_related_box_in_the_middle_does_not_end_the_article():
    from unionnews.articles.text import RELATED_BOX_RE, body_lines

    assert RELATED_BOX_RE.match("tin liên quan") and RELATED_BOX_RE.match("xem thêm")
    long_para = "Phó Chủ tịch LĐLĐ tỉnh cho biết, trong nhiệm kỳ qua công đoàn các cấp đã giới thiệu " * 4
    lines = [
        "Đoạn mở đầu của bài viết về công tác phát triển đảng viên trong công nhân lao động.",
        "Tin liên quan",
        "Kết nạp 05 đảng viên mới là đoàn viên công đoàn",
        "Hơn 300 y, bác sĩ tham gia hiến máu tình nguyện",
        long_para,
        "Ý kiến bạn đọc",
        "Một bình luận",
    ]
    assert body_lines(lines, 0) == [lines[0], long_para.strip()]
    # a box at the end still ends the article
    assert body_lines(lines[:4], 0) == [lines[0]]


def test_a_top_bar_date_and_a_menu_bar_do_not_make_the_title():
    from unionnews.articles.text import parse_text_page

    page = "\n".join(
        [
            "BÁO ĐIỆN TỬ TỈNH",
            "Trang chủ   Chính trị   Kinh tế   Xã hội   Lao động - Công đoàn",
            "Tìm kiếm...",
            "Thứ Sáu, 12/01/2024",
            "",
            "Công đoàn Viên chức tỉnh tổng kết phong trào thi đua năm 2023",
            "",
            "10:25 | 12/01/2024",
            "Ngày 11/1, Công đoàn Viên chức tỉnh tổ chức hội nghị tổng kết với 200 đại biểu dự. " * 2,
        ]
    )
    parsed = parse_text_page(page)
    assert parsed.title == "Công đoàn Viên chức tỉnh tổng kết phong trào thi đua năm 2023"
    assert parsed.published == "2024-01-12T10:25"
    assert parsed.text.startswith("Ngày 11/1")
