"""HTML pages: NukeViet, newspaper and WordPress templates, broken markup, fallbacks, refusals."""

from pathlib import Path

import pytest

from unionnews.articles import extract_article
from unionnews.articles.html import (
    AUTHOR_PREFIX_RE,
    CELL_SEP_RE,
    SITE_NAME_RE,
    TABLE_ROW_RE,
    TITLE_SUFFIX_RE,
    _parse_tree,
    chrome_phrases,
    find_title,
    longest_block,
    parse_html_page,
)
from unionnews.errors import NotAnArticle

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
PARAGRAPH = (
    "Năm 2023, Công đoàn Viên chức tỉnh Kon Tum kết nạp 214 đoàn viên mới, thăm hỏi 58 đoàn viên "
    "ốm đau và trao 30 suất quà cho con đoàn viên vượt khó học giỏi với tổng kinh phí 45 triệu đồng."
)


def load(name: str, url: str | None = None):
    path = FIXTURES / name
    return extract_article(path.read_bytes(), path=str(path), url=url)


def test_nukeviet_page():
    art = load("nukeviet-laichau.html", url="https://ldld.laichau.gov.vn/tin-hoat-dong/trao-qua-123.html")
    # the site-name <h1> in the header is not the title; the visible dateline beats datePublished
    assert art.title == "Công đoàn ngành Giáo dục Lai Châu trao 150 suất quà cho giáo viên vùng khó"
    assert art.published == "2024-03-13T09:20"
    assert art.text.startswith("Thứ tư - 13/03/2024 09:20\nMỗi suất quà")  # lead text kept
    assert "Đại diện Công đoàn ngành trao quà" in art.text  # photo caption kept
    assert art.text.endswith("Tác giả bài viết: Lò Văn Dũng") and art.author == "Lò Văn Dũng"
    for chrome in ("Chú ý", "Tổng số điểm", "Những tin mới hơn", "0213.3876.111", "Giới thiệu"):
        assert chrome not in art.text
    assert art.site == "ldld.laichau.gov.vn" and art.province == "Lai Châu"
    assert art.url.startswith("https://") and art.notes == []


def test_newspaper_page():
    art = load("newspaper-soctrang.html")
    assert art.title == "Sóc Trăng: Hơn 2.300 đoàn viên được khám sức khỏe miễn phí"
    assert art.published == "2024-03-12T08:15"  # "(GMT+7)" is not 1 January
    lines = art.text.split("\n")
    assert lines[0] == "12/03/2024 08:15 (GMT+7)" and lines[1].startswith("Chương trình chăm sóc")
    assert art.author == "Thạch Sô Phol" and lines[-1] == "Thạch Sô Phol"
    assert "Tin liên quan" not in art.text and "Giấy phép" not in art.text
    assert art.province == "Sóc Trăng" and art.province_2025 == "Cần Thơ"


def test_wordpress_content_farm_page():
    art = load("wordpress-contentfarm.html")
    assert art.title == "Công đoàn Viên chức tỉnh Gia Lai tập huấn nghiệp vụ cho 120 cán bộ cơ sở"
    assert art.published == "2023-10-05T07:45"  # visible day, time from the meta tag
    assert "content-farm copy" in art.notes
    assert "dịch vụ văn phòng" not in art.text and "soi kèo" not in art.text
    assert "Sau khóa học, mỗi học viên" in art.text and "vững mạnh, góp phần" in art.text
    assert art.author == "Rơ Châm H'Linh" and "admin" not in art.text


def test_meta_time_when_no_visible_dateline():
    page = (
        "<html><head><title>Kon Tum kết nạp 214 đoàn viên mới - Công đoàn Kon Tum</title>"
        "<meta property='article:published_time' content='2024-01-08T10:00:00+07:00'></head>"
        f"<body><h1>Kon Tum kết nạp 214 đoàn viên mới</h1><div><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div>"
        "</body></html>"
    )
    art = extract_article(page, kind="html")
    assert art.published == "2024-01-08T10:00" and art.text.startswith("Năm 2023")


def test_htmldate_guess_only_when_the_date_is_on_the_page():
    body = f"<div><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div>"
    visible = f"<html><body><h1>Kon Tum kết nạp đoàn viên</h1><p>Đăng 08/01/2024</p>{body}</body></html>"
    art = extract_article(visible.replace("Đăng 08/01/2024", "cập nhật hôm 08/01/2024 bởi ban biên tập"))
    assert art.published is None or art.published.startswith("2024-01-08")
    gmt = f"<html><body><h1>Kon Tum kết nạp đoàn viên</h1><p>Cập nhật (GMT+7)</p>{body}</body></html>"
    assert extract_article(gmt).published is None


def test_broken_html_still_works():
    broken = (
        "<html><head><title>Tin công đoàn</title><body><div><h1>Công đoàn Viên chức tỉnh Kon Tum tổng kết"
        f"<p>Thứ hai - 08/01/2024 08:00<p>{PARAGRAPH}<div><span>{PARAGRAPH}"
    )
    art = extract_article(broken.encode())
    assert art.published == "2024-01-08T08:00" and "214 đoàn viên mới" in art.text
    assert art.title.startswith("Công đoàn Viên chức tỉnh Kon Tum")


def test_layout_tables_are_unwrapped():
    page = (
        "<html><body><table><tr><td><ul><li>Trang chủ</li></ul></td><td><h1>Kon Tum tổng kết năm 2023</h1>"
        f"<p>Thứ sáu - 05/01/2024 15:00</p><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>"
        "</td></tr></table></body></html>"
    )
    parsed = parse_html_page(page)
    assert "|" not in parsed.text and parsed.text.count("214 đoàn viên") == 2


def test_not_an_article():
    with pytest.raises(NotAnArticle, match="characters"):
        extract_article("<html><body><h1>Liên hệ</h1><p>Điện thoại 0260</p></body></html>", kind="html")
    english = (
        "<html><head><title>Quarterly report</title></head><body><h1>Quarterly report</h1>"
        + "<p>The committee met on Monday to review the budget and the schedule of meetings.</p>" * 6
        + "</body></html>"
    )
    with pytest.raises(NotAnArticle, match=r"^not Vietnamese"):
        extract_article(english.encode())


def test_title_rules():
    tree = _parse_tree(
        "<html><head><title>Hội nghị tổng kết năm 2023 - Tin tức - LĐLĐ tỉnh Kon Tum</title></head>"
        "<body><div class='logo'><h1>LĐLĐ tỉnh Kon Tum</h1></div><p>x</p></body></html>"
    )
    assert find_title(tree) == "Hội nghị tổng kết năm 2023"
    keep_dash = _parse_tree("<title>Đổi mới - Dân chủ - Đoàn kết - Phát triển</title>")
    assert find_title(keep_dash) == "Đổi mới - Dân chủ - Đoàn kết - Phát triển"


def test_html_regexes_and_helpers():
    assert TITLE_SUFFIX_RE.sub("", "Tiêu đề bài - Công đoàn Lào Cai") == "Tiêu đề bài"
    assert SITE_NAME_RE.search("báo hà tĩnh điện tử") and not SITE_NAME_RE.search("phát triển")
    assert TABLE_ROW_RE.match("| a | b |")["cells"] == "a | b"
    assert CELL_SEP_RE.split("a | b") == ["a", "b"]
    assert AUTHOR_PREFIX_RE.sub("", "bởi Lê An") == "Lê An"
    tree = _parse_tree(
        "<html><body><nav><a>Trang chủ</a><a>việc làm thêm</a></nav>"
        f"<div id='a'><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div><div>ngắn</div></body></html>"
    )
    assert chrome_phrases(tree) == ["Trang chủ", "việc làm thêm"]
    assert longest_block(tree) == [PARAGRAPH, PARAGRAPH]


def test_a_listing_of_teasers_is_not_an_article():
    from unionnews.articles import extract_article
    from unionnews.errors import NotAnArticle

    items = "".join(
        f'<div class="item"><h3><a href="/news/tin-tuc/bai-{i}-{i}.html">Công đoàn cơ sở số {i} tổ chức '
        f"đại hội nhiệm kỳ 2023 - 2028</a></h3><p>Thứ hai, 0{i}/05/2023</p></div>"
        for i in range(1, 7)
    )
    page = f"<html><head><title>Tin tức</title></head><body><div id='main'>{items}</div></body></html>"
    with pytest.raises(NotAnArticle, match="listing page"):
        extract_article(page.encode(), url="http://ldld.example.vn/news/tin-tuc/")


def test_an_article_ending_with_related_links_is_still_an_article():
    from unionnews.articles import extract_article

    body = "".join(
        f"<p>Đoạn {i}: Liên đoàn Lao động tỉnh tổ chức thăm hỏi, tặng quà cho đoàn viên có hoàn cảnh khó "
        f"khăn tại các khu công nghiệp, tổng trị giá {i} trăm triệu đồng.</p>"
        for i in range(1, 6)
    )
    related = "".join(
        f'<li><a href="/news/tin-tuc/lien-quan-{i}-{i}.html">'
        f"Công đoàn ngành giáo dục tổng kết năm học {i}</a></li>"
        for i in range(1, 5)
    )
    page = (
        "<html><head><title>Tặng quà đoàn viên</title></head><body><article><h1>Tặng quà đoàn viên</h1>"
        f"{body}<h4>Tin liên quan</h4><ul>{related}</ul></article></body></html>"
    )
    article = extract_article(page.encode(), url="http://ldld.example.vn/news/tin-tuc/tang-qua-9.html")
    assert "Đoạn 5" in article.text


def test_byline_element_and_related_list_of_a_news_page():
    from unionnews.articles import extract_article
    from unionnews.articles.html import BULLET_RE, RELATED_HEADING_RE

    assert BULLET_RE.match("- Ra mắt") and BULLET_RE.match("• Tin") and not BULLET_RE.match("-5 độ")
    assert RELATED_HEADING_RE.match("Tin liên quan") and RELATED_HEADING_RE.match("Các tin khác:")
    assert not RELATED_HEADING_RE.match("Tin vui cho đoàn viên")
    body = "".join(
        f"<p>Đoạn {i}: Công đoàn Khu kinh tế tổ chức ra mắt công đoàn cơ sở tại doanh nghiệp có vốn đầu "
        f"tư nước ngoài, kết nạp {i}0 đoàn viên mới trong tháng này.</p>"
        for i in range(1, 5)
    )
    related = "".join(
        f'<li><a href="/tin/{i}">Hội nghị tổng kết công tác công đoàn năm 202{i}</a>'
        f" <i>(1{i}/01/2023)</i></li>"
        for i in range(1, 4)
    )
    page = (
        "<html><head><title>Ra mắt công đoàn cơ sở</title></head><body><article>"
        f"<h1>Ra mắt công đoàn cơ sở</h1>{body}<p class='author'>Bài và ảnh: Hải Yến</p>"
        f"<h4>Tin liên quan</h4><ul>{related}</ul></article></body></html>"
    )
    article = extract_article(page.encode(), url="http://ldld.example.vn/tin/ra-mat-99")
    assert article.text.rstrip().endswith("Hải Yến") and article.author == "Hải Yến"
    assert "Hội nghị tổng kết" not in article.text
    # the dates of the related list are no dateline of the article (htmldate may still guess one,
    # and says so in the notes)
    assert article.text.startswith("Đoạn 1")
    assert article.published is None or "published date guessed by htmldate" in article.notes


def test_drop_related_links_cuts_only_a_trailing_list():
    from lxml import html as lxml_html

    from unionnews.articles.html import drop_related_links

    tree = lxml_html.fromstring(
        "<div><a href='/1'>Ra mắt CĐCS Công ty TNHH Linh kiện với 215 đoàn viên</a>"
        "<a href='/2'>Công đoàn KKT tổng kết công tác năm 2022</a></div>"
    )
    body = [
        "Ngày 13/3, Công đoàn KKT trao quyết định công nhận CĐCS cho 07 đồng chí.",
        "Hoàng Nga",
        "Tin liên quan",
        "- Ra mắt CĐCS Công ty TNHH Linh kiện với 215 đoàn viên (28/02/2023)",
        "- Công đoàn KKT tổng kết công tác năm 2022 (12/01/2023)",
    ]
    assert drop_related_links(tree, body) == (body[:2], 3)
    assert drop_related_links(tree, body[:4]) == (body[:4], 0)  # one link line is no list
    assert drop_related_links(tree, body[3:]) == (body[3:], 0)  # nothing before it: not an article tail


def test_lead_paragraph_dropped_by_the_extractor_is_restored():
    from unionnews.articles import extract_article
    from unionnews.articles.html import LEAD_CLASS_RE

    assert LEAD_CLASS_RE.search("detail-sapo") and LEAD_CLASS_RE.search("hometext m-bottom")
    assert LEAD_CLASS_RE.search("nd-summary") and not LEAD_CLASS_RE.search("leaderboard")
    body = "".join(
        f"<p>Đoạn {i}: các vận động viên tranh tài sôi nổi ở nội dung kéo co, cầu lông và chạy tiếp sức, "
        "thể hiện tinh thần đoàn kết của công nhân lao động trong khu công nghiệp.</p>"
        for i in range(1, 5)
    )
    page = (
        "<html><head><title>Hội thao công nhân</title></head><body><h1>Hội thao công nhân</h1>"
        "<div class='nd-summary'>Sáng 21/4, Công đoàn các KCN tỉnh khai mạc hội thao với hơn "
        "1.100 vận động viên.</div>"
        f"<div class='nd-content'>{body}</div></body></html>"
    )
    article = extract_article(page.encode(), url="http://congdoan.example.vn/tin/hoi-thao-5.html")
    assert "hơn 1.100 vận động viên" in article.text.split("\n")[0] or "hơn 1.100" in article.text
    assert article.text.count("Sáng 21/4") == 1


def test_dated_link_boxes_and_the_site_name():
    from unionnews.articles.chrome import DATED_LINK_LINE_RE, MIN_DATED_LINK_LINES
    from unionnews.articles.html import TITLE_SUFFIX_RE, parse_html_page
    from unionnews.articles.province import infer_province

    assert MIN_DATED_LINK_LINES == 2 and DATED_LINK_LINE_RE.match("- Trao 150 suất quà Tết (25/01/2024)")
    assert TITLE_SUFFIX_RE.search("Tiêu đề | Báo Bình Định điện tử")["site"] == "Báo Bình Định điện tử"
    para = "LĐLĐ tỉnh trao quà Tết cho đoàn viên có hoàn cảnh khó khăn tại các khu công nghiệp. " * 4
    page = (
        "<html><head><title>Trao quà Tết cho đoàn viên | Báo Bình Định điện tử</title>"
        '<meta property="og:site_name" content="Báo Bình Định"></head><body><article>'
        "<h1>Trao quà Tết cho đoàn viên</h1>"
        f"<p>{para}</p><ul><li>Trao 150 suất quà cho công nhân (25/01/2024)</li>"
        "<li>Hơn 46.000 đoàn viên được chăm lo Tết (18/01/2023)</li></ul>"
        f"<p>{para}</p></article></body></html>"
    )
    parsed = parse_html_page(page)
    assert "(25/01/2024)" not in parsed.text and parsed.text.count("LĐLĐ tỉnh") == 8
    assert parsed.site_name == "Báo Bình Định"
    assert infer_province(title=parsed.title, text=parsed.text, host=None, site_name=parsed.site_name) == (
        "Bình Định"
    )


def test_wordpress_time_element_and_utc_meta():
    from unionnews.articles.dates import VIETNAM_TZ, parse_date_value
    from unionnews.articles.html import parse_html_page
    from unionnews.articles.province import infer_province, localities

    assert VIETNAM_TZ.utcoffset(None).total_seconds() == 7 * 3600
    assert parse_date_value("2023-08-24T20:05:12+00:00") == "2023-08-25T03:05"  # Vietnam's day
    para = "Liên đoàn Lao động thành phố Gia Nghĩa trao Mái ấm công đoàn cho đoàn viên khó khăn. " * 4
    page = (
        '<html><head><meta property="article:published_time" content="2023-08-24T16:05:12+00:00">'
        "<title>Trao Mái ấm công đoàn</title></head><body><article><h1>Trao Mái ấm công đoàn</h1>"
        '<div><time class="entry-date published" datetime="2023-08-24T23:05:12+07:00">24/08/2023</time>'
        '<time class="updated" datetime="2023-08-26T09:41:37+07:00">26/08/2023</time></div>'
        f"<p>{para}</p><p>{para}</p></article></body></html>"
    )
    parsed = parse_html_page(page)
    assert parsed.published == "2023-08-24T23:05" and parsed.full_text.startswith("24/08/2023\n")
    table, _ = localities()
    assert table["gia nghĩa"] == "Đắk Nông"
    assert infer_province(title=parsed.title, text=parsed.text, host=None) == "Đắk Nông"


def test_old_portal_headline_in_a_title_cell():
    from unionnews.articles.html import _parse_tree, find_title

    page = (
        "<html><head><title>Liên đoàn Lao động tỉnh Sơn La - Tin tức - Sự kiện</title></head><body>"
        '<table><tr><td class="boxtitle">Tin mới</td></tr>'
        '<tr><td class="title"><font><b>LĐLĐ tỉnh Sơn La tổng kết công tác năm 2022</b></font></td></tr>'
        "</table></body></html>"
    )
    assert find_title(_parse_tree(page)) == "LĐLĐ tỉnh Sơn La tổng kết công tác năm 2022"


def test_site_name_before_the_headline_in_the_title():
    from unionnews.articles.html import TITLE_PREFIX_RE, _strip_site_prefix, find_site_name

    assert TITLE_PREFIX_RE.match("BÁO AN GIANG | Trao quà")["site"] == "BÁO AN GIANG"
    assert TITLE_PREFIX_RE.match("Báo An Giang: Trao quà")["site"] == "Báo An Giang"
    assert not TITLE_PREFIX_RE.match("Trao quà Tết cho công nhân")
    # a segment in capitals before a headline that is not, or one the page names as its site
    assert _strip_site_prefix("CÔNG ĐOÀN NGÀNH Y TẾ NAM ĐỊNH – Khám bệnh cho 300 đoàn viên") == (
        "Khám bệnh cho 300 đoàn viên"
    )
    assert _strip_site_prefix("Báo Lạng Sơn - Trao 200 suất quà", ["Báo Lạng Sơn"]) == "Trao 200 suất quà"
    # headlines with a dash or a colon of their own, a one-word capital label, all capitals
    for kept in (
        "Công đoàn ngành Y tế tổng kết năm 2018 - 2019",
        "Tháng Công nhân năm 2022: Chăm lo hơn 8.600 đoàn viên",
        "TP.HCM: Trao 500 suất quà Tết",
        "HỘI NGHỊ TỔNG KẾT - NĂM 2023",
        "BẢN TIN - Số 5",
    ):
        assert _strip_site_prefix(kept) == kept
    page = (
        "<html><head><title>CÔNG ĐOÀN NGÀNH Y TẾ NAM ĐỊNH - Khám bệnh miễn phí cho 300 đoàn viên"
        "</title></head><body><div class='banner'>CÔNG ĐOÀN NGÀNH Y TẾ NAM ĐỊNH</div>"
        f"<div class='tieude'>Khám bệnh miễn phí cho 300 đoàn viên</div><p>{PARAGRAPH}</p></body></html>"
    )
    tree = _parse_tree(page)
    assert find_title(tree) == "Khám bệnh miễn phí cho 300 đoàn viên"
    assert find_site_name(tree) == "CÔNG ĐOÀN NGÀNH Y TẾ NAM ĐỊNH"


def test_site_lines_header_and_footer_address():
    from unionnews.articles.html import ADDRESS_LINE_RE, find_site_lines

    assert ADDRESS_LINE_RE.search("Địa chỉ: 22 Lê Lợi") and ADDRESS_LINE_RE.search("Trụ sở chính: số 9")
    assert not ADDRESS_LINE_RE.search("Điện thoại: 0234.3823.771")
    page = (
        "<html><head><title>Trao quà Tết</title></head><body>"
        "<header id='header'><div class='logo'><span>CÔNG TY CỔ PHẦN MAY</span><span>HẬU GIANG</span>"
        "<img alt='Logo công ty' src='l.png'></div><ul class='nav'><li>Tin tức</li></ul></header>"
        "<article><header class='entry-header'><h1>Trao quà Tết cho công nhân ở Bạc Liêu</h1></header>"
        f"<p>{PARAGRAPH}</p></article>"
        "<footer><p>CÔNG TY CỔ PHẦN MAY</p><p>Địa chỉ: Khu công nghiệp Tân Phú Thạnh, huyện Châu Thành A"
        "</p><p>Điện thoại: 0293 3 955 111</p></footer></body></html>"
    )
    lines = find_site_lines(_parse_tree(page))
    assert "CÔNG TY CỔ PHẦN MAY HẬU GIANG" in lines and "Logo công ty" in lines and "Tin tức" in lines
    assert "Địa chỉ: Khu công nghiệp Tân Phú Thạnh, huyện Châu Thành A" in lines
    assert not any("Bạc Liêu" in line or "Điện thoại" in line for line in lines)  # the article's, the phone


def test_a_company_page_gets_its_province_from_its_footer_address():
    body = (
        "Chiều 5/2, Công đoàn cơ sở Công ty tổ chức trao 200 phần quà Tết cho công nhân có hoàn cảnh khó "
        "khăn, mỗi phần trị giá 500.000 đồng; LĐLĐ tỉnh hỗ trợ thêm 20 suất quà cho đoàn viên nữ."
    )
    page = (
        "<html><head><title>Công đoàn Công ty trao quà Tết – Thủy sản Minh Phát</title>"
        '<meta property="og:site_name" content="Thủy sản Minh Phát"></head><body>'
        "<article><h1>Công đoàn Công ty trao quà Tết</h1><p>Đăng ngày 06/02/2018</p>"
        f"<p>{body}</p><p>{PARAGRAPH.replace('tỉnh Kon Tum', 'tỉnh')}</p></article>"
        "<footer><p>Địa chỉ: Khu công nghiệp Khánh An, huyện U Minh</p></footer></body></html>"
    )
    art = extract_article(page, path="/tmp/minhphat.html")
    assert (art.province, art.province_source) == ("Cà Mau", "site_name")


def test_photo_captions_inside_the_article_are_kept_in_its_text():
    """Captions name people and roles and state figures: they are part of the article
    (docs/annotation.md), in the place the page shows them, while a caption in a sidebar
    gallery stays out."""
    from unionnews.articles import extract_article

    page = """<html><head><title>Trao 200 suất quà cho công nhân</title></head><body>
    <nav><a href="/">Trang chủ</a> <a href="/tin">Tin tức</a></nav>
    <article><h1>Trao 200 suất quà cho công nhân</h1>
    <p class="date">Thứ Hai, 12/02/2024 09:30</p>
    <p>Sáng 11/2, Liên đoàn Lao động huyện Mỹ Lâm tổ chức trao 200 suất quà Tết cho công nhân
    có hoàn cảnh khó khăn đang làm việc tại các doanh nghiệp trên địa bàn huyện.</p>
    <figure><img src="a.jpg" alt=""><figcaption>Bà Kim Thị Hạnh (bìa trái), Chủ tịch LĐLĐ
    huyện Mỹ Lâm trao quà cho công nhân.</figcaption></figure>
    <p>Mỗi suất quà trị giá 500.000 đồng, gồm tiền mặt và nhu yếu phẩm. Tổng kinh phí chương
    trình là 100 triệu đồng, do công đoàn các cấp và doanh nghiệp cùng đóng góp.</p>
    <div class="wp-caption"><img src="b.jpg"><p class="wp-caption-text">Công nhân nhận quà
    tại hội trường UBND huyện.</p></div>
    <p>Dịp này, LĐLĐ huyện cũng tặng 20 suất học bổng cho con đoàn viên học giỏi.</p>
    </article>
    <aside><div class="gallery"><figure><img src="c.jpg"><figcaption>Ảnh hoạt động tháng
    trước của công đoàn tỉnh</figcaption></figure></div></aside>
    </body></html>"""
    art = extract_article(page.encode("utf-8"), url="http://ldld.example.vn/tin/qua-tet-2024", kind="html")
    lines = art.text.split("\n")
    caption = next(i for i, line in enumerate(lines) if line.startswith("Bà Kim Thị Hạnh (bìa trái)"))
    assert "trao 200 suất quà" in lines[caption - 1] and lines[caption + 1].startswith("Mỗi suất quà")
    assert any(line.startswith("Công nhân nhận quà tại hội trường") for line in lines)
    assert "tháng trước của công đoàn tỉnh" not in art.text


def test_navigation_and_widget_headings_are_never_the_headline():
    """A theme's hidden "Điều hướng bài viết" heading in the post navigation, a sidebar's
    "Bài viết mới" and the site's own name are not headlines: the <title> is."""
    from unionnews.articles import extract_article

    page = """<html><head>
    <title>Công đoàn nhà máy tặng quà 8/3 cho nữ công nhân | Nhà máy Gạch Sông Lam</title>
    <meta property="article:published_time" content="2016-03-07T09:00:00+07:00"></head><body>
    <header><h1 class="site-title"><a href="/">Nhà máy Gạch Sông Lam</a></h1></header>
    <div class="entry-content"><p>Nhân ngày Quốc tế Phụ nữ, Công đoàn cơ sở nhà máy đã tặng 150 suất quà cho
    nữ công nhân đang làm việc tại các tổ sản xuất, mỗi suất trị giá 300.000 đồng.</p>
    <p>Ban Chấp hành công đoàn cũng tổ chức buổi gặp mặt, biểu dương 12 nữ công nhân tiêu biểu.</p></div>
    <nav class="navigation post-navigation"><h1 class="screen-reader-text">Điều hướng bài viết</h1>
    <a href="/a">Bài trước</a></nav>
    <aside class="widget"><h1 class="widget-title">Bài viết mới nhất trên trang</h1>
    <ul><li><a href="/b">Họp mặt cuối năm</a> <span>01/03/2016</span></li></ul></aside>
    </body></html>"""
    art = extract_article(page.encode("utf-8"), kind="html", path="nha-may.html")
    assert art.title == "Công đoàn nhà máy tặng quà 8/3 cho nữ công nhân"
    assert art.published_date is not None and art.published_date.isoformat() == "2016-03-07"


def test_a_byline_the_page_prints_in_capitals_is_restored_as_printed():
    """The meta author says "Hà Minh Thu"; the page prints "HÀ MINH THU" in a paragraph the
    main-text extractor drops: the byline comes back, as the page writes it."""
    from unionnews.articles import extract_article

    page = """<html><head><title>Kết nạp 120 đoàn viên ưu tú vào Đảng</title>
    <meta name="author" content="Hà Minh Thu"></head><body>
    <h1>Kết nạp 120 đoàn viên ưu tú vào Đảng</h1><p>Thứ Hai, 08/11/2021 10:00</p>
    <div class="content"><p>Năm 2021, các chi bộ trong khối doanh nghiệp của tỉnh đã kết nạp 120 đoàn
    viên công đoàn ưu tú vào Đảng, tăng 30 người so với năm trước.</p>
    <p>Nhiều đảng viên mới là công nhân trực tiếp sản xuất, có tay nghề cao và uy tín trong tập thể.</p></div>
    <p class="author"><strong>HÀ MINH THU</strong></p></body></html>"""
    art = extract_article(page.encode("utf-8"), kind="html", path="byline.html")
    assert art.text.split("\n")[-1] == "HÀ MINH THU"
