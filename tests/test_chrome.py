"""Chrome lines, end-of-article markers, spam lexicon and injected menu phrases."""

import pytest

from unionnews.articles.chrome import (
    BREADCRUMB_RE,
    CRUMB_SPLIT_RE,
    DOMAIN_PHRASE_RE,
    DOUBLE_PUNCT_RE,
    GLUED_BEFORE_RE,
    MENU_ITEM_RE,
    MULTISPACE_RE,
    PUNCT_GLUED_RE,
    SPACE_BEFORE_PUNCT_RE,
    chrome_rules,
    clean_spam,
    cut_phrases,
    injected_phrases,
    is_chrome_line,
    is_spam_line,
    is_stop_line,
)


@pytest.mark.parametrize(
    "line",
    [
        "  Ý kiến bạn đọc",
        "Những tin mới hơn",
        "Các tin khác",
        "Tổng số: 175 | Trang: 1 trên tổng số 18 trang",
        "Xem tin theo ngày:   / /",
        "Chú ý: Việc đăng lại bài viết trên ở website khác",
        "Tổng số điểm của bài viết là: 0 trong 0 đánh giá",
        "Click để đánh giá bài viết",
        "FANPAGE",
        "LIÊN KẾT",
        "THỐNG KÊ TRUY CẬP",
        "© 2024 Liên đoàn Lao động tỉnh",
    ],
)
def test_stop_lines(line):
    assert is_stop_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "EmailPrintAa",
        "Cỡ chữ: A+ A-",
        "Số lần nhấp:61",
        "Lượt xem: 1.204",
        "  vị trí của bạn: Trang chủ > Tin tức",
        "Trang chủ » Hoạt động",
        " • Tin tức",
        "11",
        "Đang truy cập16",
        "Hôm nay2,946",
        "Chia sẻ",
        "Trang chủ | Tin tức | Liên hệ",
        "Từ khóa: công đoàn, đoàn viên",
        "Trang chủ   Thời sự   Kinh tế   Lao động - Công đoàn   Bạn đọc",
        "In bài  Gửi email  Chia sẻ  Lưu",
        "Tìm kiếm...",
        "- Giới thiệu chung",
        "* Tin tức",
    ],
)
def test_chrome_lines(line):
    assert is_chrome_line(line) and not is_stop_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Công đoàn tỉnh có 12 CĐCS.",
        "Hôm nay, 300 công nhân được khám bệnh miễn phí.",
        "Đồng chí Võ Văn Ba.",
        "Chia sẻ kinh nghiệm tổ chức đại hội công đoàn cơ sở.",
        "Bình luận của đoàn viên về dự thảo luật được gửi về Tổng Liên đoàn.",
        "Năm 2022   Năm 2023   Tăng",
        "Tìm kiếm việc làm cho 200 lao động mất việc",
        "- Giới thiệu đoàn viên ưu tú cho Đảng: 38 đồng chí, trong đó 21 đồng chí đã được kết nạp;",
    ],
)
def test_body_lines_are_not_chrome(line):
    assert not is_chrome_line(line) and not is_stop_line(line)


def test_spam_lexicon_is_whole_words_and_specific():
    assert is_spam_line("Kết quả bóng đá trực tiếp,Thống kê giải bóng đá quốc tế")
    assert is_spam_line("Soi kèo nhà cái hôm nay")
    assert not is_spam_line("Công đoàn Công ty Xổ số kiến thiết tỉnh trao quà cho đoàn viên")
    assert not is_spam_line("Tuyên truyền phòng chống cá độ bóng đá trong công nhân")
    assert "soi kèo" in chrome_rules().spam


def test_cut_phrases_repairs_spacing_and_merges_overlaps():
    line, cut = cut_phrases("Qua đó,soi kèo bóng đá đã góp phần", ["kèo bóng đá", "soi kèo"])
    assert line == "Qua đó, đã góp phần" and cut == ["soi kèo bóng đá"]
    line, cut = cut_phrases("vững mạnh, tỷ lệ kèo, góp phần", ["tỷ lệ kèo"])
    assert line == "vững mạnh, góp phần"
    line, cut = cut_phrases("nhà cái gì đó", ["nhà"])  # whole words only: "nhà" then kept? no: cut
    assert cut == ["nhà"]
    assert cut_phrases("nhàcái", ["nhà"]) == ("nhàcái", [])  # not a whole word


def test_injected_menu_phrase_is_cut_only_on_a_spam_page():
    page = [
        " • trang đầu",
        " • tuyển dụng nhân tài",
        " • trung tâm tin tức",
        "vị trí của bạn:Kết quả bóng đá trực tiếp > tuyển dụng nhân tài > Tiêu đề",
    ]
    body = [
        "Các CĐCS quyên góp cho quỹ vì người nghèo. Qua đó,tuyển dụng nhân tài đã góp phần "
        "khơi dậy tình thương.",
        "Trung tâm tin tức của tỉnh đưa tin về hội nghị.",  # domain phrase, not glued: kept
    ]
    cleaned, notes = clean_spam(body, page, title="Tiêu đề")
    assert (
        cleaned[0] == "Các CĐCS quyên góp cho quỹ vì người nghèo. Qua đó, đã góp phần khơi dậy tình thương."
    )
    assert cleaned[1] == body[1]
    assert notes == ["content-farm copy", "injected phrase removed: tuyển dụng nhân tài"]
    # the same menu on a page without spam: nothing is touched
    clean_page = [line for line in page if "bóng đá" not in line]
    assert clean_spam(body, clean_page) == (body, [])


def test_spam_only_line_is_dropped_and_menu_links_count():
    body = ["Soi kèo nhà cái uy tín", "Năm nay công đoàn kết nạp 40 đoàn viên, việc làm thêm cho công nhân."]
    cleaned, notes = clean_spam(body, ["tỷ số trực tuyến"], extra_phrases=["việc làm thêm"])
    assert cleaned == ["Năm nay công đoàn kết nạp 40 đoàn viên, cho công nhân."]
    assert "spam line dropped: Soi kèo nhà cái uy tín" in notes


def test_menu_and_breadcrumb_phrases():
    phrases = injected_phrases(
        [" • hồ sơ công ty", " • tin", "vị trí của bạn: a b > c d, e f"], ["Liên Hệ Ngay"]
    )
    assert phrases[0] == "hồ sơ công ty" and {"a b", "c d", "e f", "liên hệ ngay"} <= set(phrases)
    assert "tin" not in phrases  # single words are too common to cut


def test_chrome_regexes():
    assert MENU_ITEM_RE.match("• tuyển dụng")["item"] == "tuyển dụng"
    assert BREADCRUMB_RE.match("vị trí của bạn: a > b")["trail"] == " a > b"
    assert CRUMB_SPLIT_RE.split("a > b, c") == ["a", "b", "c"]
    assert SPACE_BEFORE_PUNCT_RE.sub(r"\1", "đó ,") == "đó,"
    assert PUNCT_GLUED_RE.sub(r"\1 ", "đó,đã") == "đó, đã"
    assert DOUBLE_PUNCT_RE.sub(r"\1", "mạnh, , góp") == "mạnh, góp"
    assert MULTISPACE_RE.sub(" ", "a   b") == "a b"
    assert GLUED_BEFORE_RE.search("qua đó,") and not GLUED_BEFORE_RE.search("qua đó, ")
    assert DOMAIN_PHRASE_RE.search("hoạt động công đoàn") and not DOMAIN_PHRASE_RE.search(
        "tuyển dụng nhân tài"
    )


def test_comment_counters_and_hotline_footers_end_the_article():
    from unionnews.articles.text import parse_text_page

    page = parse_text_page(
        "Hội nghị tổng kết\n20/12/2023 15:40\n"
        + "Công đoàn các cấp kết nạp 8.950 đoàn viên mới trong năm, vượt kế hoạch đề ra. " * 4
        + "\nThanh Nga\nBình luận (0)\nĐường dây nóng: 0238.3598.888\n"
    )
    assert page.text.rstrip().endswith("Thanh Nga") and page.author == "Thanh Nga"


def test_lists_of_earlier_news_end_the_article():
    assert is_stop_line("Các tin đã đưa:") and is_stop_line("Những tin đã đăng")
    assert not is_stop_line("Các tin nhắn hỗ trợ được gửi tới 300 đoàn viên.")


def test_previous_and_next_article_links_end_the_article():
    assert is_stop_line("Bài viết trước: Tỷ lệ kèo châu Âu trực tuyến hôm nay")
    assert is_stop_line("Tin tiếp theo: Công đoàn Viên chức tỉnh triển khai Tháng Công nhân")
    assert not is_stop_line("Bài viết trước đó của phóng viên đã nêu 12 trường hợp.")
