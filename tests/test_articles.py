import unicodedata
from pathlib import Path

import pytest
from vi_encodings import to_cp1258

from unionnews.articles import extract_article
from unionnews.articles.byline import (
    AUTHOR_LABEL_RE,
    BYLINE_RE,
    CREDIT_LINE_RE,
    NAME_RE,
    NOT_A_NAME_RE,
    ROLE_LINE_RE,
)
from unionnews.articles.chrome import (
    BREADCRUMB_RE,
    CRUMB_SPLIT_RE,
    MENU_ITEM_RE,
    MULTISPACE_RE,
    PUNCT_GLUED_RE,
    SPACE_BEFORE_PUNCT_RE,
    cut_phrases,
    is_chrome_line,
    is_stop_line,
)
from unionnews.articles.dedup import WORD_RE, content_hash, near_duplicate_key
from unionnews.articles.html import CELL_SEP_RE, TABLE_ROW_RE, TITLE_SUFFIX_RE, parse_html_page
from unionnews.articles.province import (
    BODY_BEFORE_RE,
    HOST_IN_TEXT_RE,
    infer_province,
    province_from_host,
)
from unionnews.articles.text import TRAILING_COUNTER_RE, find_dateline, parse_text_page
from unionnews.errors import DecodeError, EmptyDocument, NotAnArticle, NotText
from unionnews.inputs.decode import (
    BINARY_MAGIC_RE,
    META_CHARSET_RE,
    VIETNAMESE_CHAR_RE,
    decode_bytes,
    sniff_declared_charset,
)
from unionnews.inputs.discover import list_inputs, read_input

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
BODY = (
    "Ngày 5/3/2023, Công đoàn ngành Y tế tỉnh Lào Cai tổ chức hội nghị tổng kết. Năm qua, "
    "công đoàn ngành kết nạp 312 đoàn viên mới, hỗ trợ 85 đoàn viên khó khăn với số tiền "
    "170 triệu đồng. Ban Chấp hành đã trao 40 suất quà cho con đoàn viên vượt khó học giỏi."
)


def page(body: str = BODY, extra_head: str = "", dateline: str = "Thứ ba - 07/03/2023 10:05") -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>Tổng kết năm - Công đoàn Lào Cai</title>{extra_head}"
        "</head><body><ul class='menu'><li>Trang chủ</li><li>Tin tức</li></ul>"
        f"<h1>Công đoàn ngành Y tế tổng kết năm 2022</h1><span>{dateline}</span>"
        f"<div class='bodytext'><p>{body}</p><p>Hoài Thu</p></div>"
        "<div>Ý kiến bạn đọc</div><footer>Điện thoại: 0214.3840.123</footer></body></html>"
    )


# --- decoding -----------------------------------------------------------------------------


def test_decode_utf8_nfd_and_bom():
    nfd = unicodedata.normalize("NFD", "Công đoàn Hòa Bình")
    assert decode_bytes(nfd.encode()).text == "Công đoàn Hòa Bình"
    assert decode_bytes("\ufeffĐoàn viên".encode("utf-8")).text == "Đoàn viên"


def test_decode_windows_1258_with_and_without_declaration():
    text = "Công đoàn Viên chức tỉnh hỗ trợ đoàn viên khó khăn"
    data = to_cp1258(text)
    undeclared = decode_bytes(data)
    assert undeclared.text == text and undeclared.encoding == "cp1258"
    html = b'<meta charset="windows-1258"><p>' + data + b"</p>"
    assert sniff_declared_charset(html) == "cp1258"
    assert text in decode_bytes(html).text


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyDocument),
        (b"   \n", EmptyDocument),
        (b"%PDF-1.4 ...", NotText),
        (b"\x89PNG\r\n\x1a\n", NotText),
        (bytes(range(128, 256)) * 30, DecodeError),
    ],
)
def test_decode_refusals(data, error):
    with pytest.raises(error):
        decode_bytes(data)


def test_decode_regexes():
    assert META_CHARSET_RE.search(b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">')
    assert BINARY_MAGIC_RE.match(b"PK\x03\x04")
    assert VIETNAMESE_CHAR_RE.search("đoàn") and not VIETNAMESE_CHAR_RE.search("union")


# --- discovery ----------------------------------------------------------------------------


def test_list_inputs_walks_sorted_and_skips_hidden_and_unknown(tmp_path):
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.html").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "photo.jpg").write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.htm").write_text("x")
    assert [p.name for p in list_inputs([tmp_path])] == ["a.html", "b.txt", "c.htm"]


def test_read_input_too_large_without_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(30_000_000)
    err = read_input(big, max_bytes=1000)
    assert err.error == "TooLarge" and "--max-bytes" in err.message


# --- text pages ---------------------------------------------------------------------------


def test_text_page_parts():
    raw = "\n".join(
        [
            "• Trang chủ",
            "• Tin tức",
            "Trang chủ > Tin tức",
            "Công đoàn ngành Y tế tổng kết năm 2022",
            "EmailPrintAa",
            "08:30 | 02/12/2022",
            BODY,
            "Hoài Thu",
            "Ý kiến bạn đọc",
            "Tin mới 12 đoàn viên",
        ]
    )
    parsed = parse_text_page(raw)
    assert parsed.title == "Công đoàn ngành Y tế tổng kết năm 2022"
    assert parsed.published == "2022-12-02T08:30"
    assert parsed.author == "Hoài Thu"
    assert parsed.text.endswith("Hoài Thu") and "Ý kiến" not in parsed.text
    assert parsed.full_text.startswith("08:30 | 02/12/2022\n")


def test_dateline_regexes():
    assert TRAILING_COUNTER_RE.search("2023-09-15 11:46    Số lần nhấp:61")
    assert find_dateline(["Tiêu đề bài viết dài", "Thứ Năm, ngày 5 tháng 1 năm 2023 - 15:20"]) == (
        1,
        "2023-01-05T15:20",
    )


def test_chrome_rules_and_spam_cut():
    assert is_stop_line("Những tin mới hơn") and is_stop_line("Tổng số: 175 | Trang: 1 trên tổng số 18 trang")
    assert is_chrome_line("EmailPrintAa") and is_chrome_line("Trang chủ | Tin tức | Liên hệ")
    assert not is_chrome_line("Công đoàn tỉnh có 12 CĐCS.")
    line, cut = cut_phrases("Qua đó,soi kèo bóng đá đã góp phần", ["soi kèo bóng đá"])
    assert line == "Qua đó, đã góp phần" and cut == ["soi kèo bóng đá"]
    assert MENU_ITEM_RE.match("• tuyển dụng")["item"] == "tuyển dụng"
    assert BREADCRUMB_RE.match("vị trí của bạn: a > b")["trail"] == " a > b"
    assert CRUMB_SPLIT_RE.split("a > b, c") == ["a", "b", "c"]
    assert SPACE_BEFORE_PUNCT_RE.sub(r"\1", "đó ,") == "đó,"
    assert PUNCT_GLUED_RE.sub(r"\1 ", "đó,đã") == "đó, đã"
    assert MULTISPACE_RE.sub(" ", "a   b") == "a b"


def test_content_farm_copy_is_cleaned_and_dedups():
    original = "\n".join(["Công đoàn ngành Y tế tổng kết năm 2022", "08:30 | 02/12/2022", BODY])
    farm = "\n".join(
        [
            " • soi kèo nhà cái",
            " • việc làm thêm",
            "vị trí của bạn:Kết quả bóng đá trực tiếp > việc làm thêm",
            "Công đoàn ngành Y tế tổng kết năm 2022",
            "ngày phát hành:2022-12-02 08:30",
            BODY.replace("Năm qua, ", "Năm qua,việc làm thêm "),
        ]
    )
    a = extract_article(original, path="a.txt")
    b = extract_article(farm, path="b.txt")
    assert "việc làm thêm" not in b.text and "content-farm copy" in b.notes
    assert near_duplicate_key(a.text) == near_duplicate_key(b.text)
    assert content_hash("Đoàn  viên") == content_hash("đoàn viên")
    assert WORD_RE.findall("a, b") == ["a", "b"]


# --- HTML pages ---------------------------------------------------------------------------


def test_html_visible_dateline_beats_edit_time_meta():
    meta = '<meta itemprop="datePublished" content="2023-03-09T08:00:00+07:00">'
    art = extract_article(page(extra_head=meta).encode(), url="https://ldld.laocai.gov.vn/tin/1.html")
    assert art.published == "2023-03-07T10:05"
    assert art.title == "Công đoàn ngành Y tế tổng kết năm 2022"
    assert art.province == "Lào Cai" and art.province_2025 == "Lào Cai"
    assert art.site == "ldld.laocai.gov.vn" and art.author == "Hoài Thu"
    assert "Ý kiến" not in art.text and "0214" not in art.text


def test_html_meta_fallback_and_layout_tables():
    meta = '<meta property="article:published_time" content="2023-03-08T09:00:00+07:00">'
    layout = (
        page(extra_head=meta, dateline="")
        .replace("<div class='bodytext'>", "<table><tr><td><div class='bodytext'>")
        .replace("<div>Ý kiến", "</td></tr></table><div>Ý kiến")
    )
    parsed = parse_html_page(layout)
    assert parsed.published == "2023-03-08T09:00"
    assert "|" not in parsed.text and "312 đoàn viên" in parsed.text
    assert TABLE_ROW_RE.match("| a | b |")["cells"] == "a | b"
    assert CELL_SEP_RE.split("a | b") == ["a", "b"]
    assert TITLE_SUFFIX_RE.sub("", "Tiêu đề bài - Công đoàn Lào Cai") == "Tiêu đề bài"


def test_not_an_article():
    with pytest.raises(NotAnArticle):
        extract_article("<html><body><h1>Liên hệ</h1><p>Điện thoại 0214</p></body></html>", kind="html")


# --- bylines and provinces ----------------------------------------------------------------


def test_byline_regexes():
    assert NAME_RE.fullmatch("Nguyễn Thị Thu Thủy")
    assert AUTHOR_LABEL_RE.match("Tác giả bài viết: ")
    assert BYLINE_RE.match("Trần Xuân Hoàng (Văn phòng Tỉnh ủy)")["unit"] == "Văn phòng Tỉnh ủy"
    assert ROLE_LINE_RE.match(" Chủ tịch Liên đoàn Lao động tỉnh")
    assert CREDIT_LINE_RE.match("Nguồn ảnh: Báo Hà Tĩnh")
    assert NOT_A_NAME_RE.search("Công đoàn Tỉnh")


def test_province_rules():
    assert province_from_host("ldld.caobang.gov.vn").name == "Cao Bằng"
    assert province_from_host("congdoantuyenquang.vn").name == "Tuyên Quang"
    assert province_from_host("example.com") is None
    assert HOST_IN_TEXT_RE.search("nguồn http://ldld.caobang.gov.vn là")["host"] == "ldld.caobang.gov.vn"
    assert BODY_BEFORE_RE.search("lđlđ tỉnh ")
    text = "Đoàn công tác thăm Hà Nội. Công đoàn tỉnh Sơn La đón đoàn; tỉnh Sơn La có 300 CĐCS."
    assert infer_province(title=None, text=text, host=None) == "Sơn La"
    assert infer_province(title=None, text="Học tập tư tưởng Hồ Chí Minh.", host=None) is None


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds not available")
def test_seed_metadata():
    expected = {
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
    for prefix, (title, day, province, author) in expected.items():
        path = next(SEEDS.glob(prefix + "_*.txt"))
        art = extract_article(path.read_bytes(), path=str(path))
        assert (art.published[:10], art.province, art.author) == (day, province, author), prefix
        if title:
            assert art.title == title
        for chrome in ("Số lần nhấp", "Tổng số: 175", "Ý kiến bạn đọc", "FANPAGE", "tuyển dụng nhân tài"):
            assert chrome not in art.text, (prefix, chrome)


def test_dateline_under_the_body():
    body = "Công đoàn Viên chức tỉnh Lạng Sơn tổ chức hội nghị với 120 đại biểu tham dự. " * 5
    parsed = parse_text_page(f"LĐLĐ tỉnh Lạng Sơn tổ chức hội nghị\n{body}\nMinh Hà\nNgày đăng: 12/03/2024")
    assert parsed.published == "2024-03-12" and parsed.author == "Minh Hà"
    assert parsed.title == "LĐLĐ tỉnh Lạng Sơn tổ chức hội nghị" and "120 đại biểu" in parsed.text


def test_byline_honorific_and_sentence_rules():
    from unionnews.articles.byline import HONORIFIC_RE, find_author

    assert HONORIFIC_RE.match("Ông Nguyễn Văn A")
    assert find_author(["Nội dung.", "Ông Lê Văn Nam, Chủ tịch phát biểu."]) is None


def test_dateline_before_the_title_and_author_on_the_dateline():
    body = "Công đoàn Viên chức tỉnh Lạng Sơn trao 30 suất quà cho đoàn viên khó khăn. " * 4
    first = parse_text_page(f"Thứ Hai, 12/03/2024\nCông đoàn Lạng Sơn tổng kết năm 2023\n{body}")
    assert first.title == "Công đoàn Lạng Sơn tổng kết năm 2023"
    assert first.text.startswith("Công đoàn Viên chức") and first.published == "2024-03-12"
    named = parse_text_page(f"Công đoàn Lạng Sơn tổng kết năm 2023\nMinh Hà - 12/03/2024 10:20\n{body}")
    assert named.author == "Minh Hà" and named.published == "2024-03-12T10:20"


def test_category_label_between_title_and_dateline():
    body = "Công đoàn Viên chức tỉnh Lạng Sơn trao 30 suất quà cho đoàn viên khó khăn. " * 4
    page = f"Công đoàn Lạng Sơn trao quà cho đoàn viên\nHoạt động công đoàn\n12/03/2024 10:20\n{body}"
    assert parse_text_page(page).title == "Công đoàn Lạng Sơn trao quà cho đoàn viên"
