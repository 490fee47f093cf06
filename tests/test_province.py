"""Province of an article: host slugs, weighted mentions, names and far-away places ignored."""

import pytest

from unionnews.articles.province import (
    BODY_BEFORE_RE,
    FAR_PLACE_BEFORE_RE,
    HISTORIC_AFTER_RE,
    HOST_IN_TEXT_RE,
    find_province,
    host_of,
    infer_province,
    localities,
    locality_mentions,
    locality_province,
    province_from_host,
    province_mentions,
)
from unionnews.lexicon import successor_2025
from unionnews.nlp.normalize import match_key


@pytest.mark.parametrize(
    ("host", "province"),
    [
        ("ldld.caobang.gov.vn", "Cao Bằng"),
        ("congdoantuyenquang.vn", "Tuyên Quang"),
        ("www.baohatinh.vn", "Hà Tĩnh"),
        ("laodongvinhphuc.vn", "Vĩnh Phúc"),
        ("congdoan.vn", None),
        ("laodong.vn", None),
        (None, None),
    ],
)
def test_province_from_host(host, province):
    found = province_from_host(host)
    assert (found.name if found else None) == province


def test_host_beats_mentions():
    text = "Đoàn công tác của tỉnh Nghệ An đến thăm và làm việc. Hai bên trao đổi kinh nghiệm."
    assert infer_province(title=None, text=text, host="ldld.hagiang.gov.vn") == "Hà Giang"


def test_weighted_mentions_pick_the_own_province():
    text = (
        "Ngày 5/3, Liên đoàn Lao động tỉnh Hải Dương tổ chức hội nghị. Đoàn đã học tập kinh nghiệm "
        "tại Hà Nội và Bắc Ninh, rồi trở về Hà Nội."
    )
    scores = province_mentions(text, title=None)
    assert scores["Hải Dương"] > scores["Hà Nội"]
    assert infer_province(title=None, text=text, host=None) == "Hải Dương"
    assert infer_province(title="Quảng Ninh: hội nghị công nhân", text=text, host=None) == "Quảng Ninh"


def test_fanpage_and_site_address_are_clues():
    text = "Trang fanpage Công đoàn Tuyên Quang có 25.000 người theo dõi; tin bài đăng tại Hà Nội."
    assert infer_province(title=None, text=text, host=None) == "Tuyên Quang"
    url = "Ghi rõ nguồn http://ldld.caobang.gov.vn khi đăng lại. Đoàn đến thăm Hà Nội."
    assert infer_province(title=None, text=url, host=None) == "Cao Bằng"


def test_names_history_and_far_places_do_not_count():
    text = (
        "Đồng chí Nguyễn Thái Bình, Chủ tịch CĐVC tỉnh Yên Bái, phát biểu. Kỷ niệm chiến thắng Điện Biên "
        "Phủ. Hướng về biển đảo Hoàng Sa (Đà Nẵng), Trường Sa (Khánh Hòa). Ông Lê Văn Hải Dương dự."
    )
    scores = province_mentions(text)
    assert set(scores) == {"Yên Bái"}


def test_no_clue_no_province():
    assert (
        infer_province(title="Hội nghị tổng kết", text="Công đoàn cơ sở tổ chức hội nghị.", host=None) is None
    )


def test_successor_2025():
    assert successor_2025("Vĩnh Phúc") == "Phú Thọ" and successor_2025("Cao Bằng") == "Cao Bằng"


def test_host_of():
    assert host_of("https://ldld.caobang.gov.vn/tin/1.html") == "ldld.caobang.gov.vn"
    assert host_of("file:///tmp/a.txt") is None and host_of(None) is None


def test_province_regexes():
    assert BODY_BEFORE_RE.search("liên đoàn lao động tỉnh ") and BODY_BEFORE_RE.search("báo ")
    assert HOST_IN_TEXT_RE.search("http://ldld.caobang.gov.vn/")["host"] == "ldld.caobang.gov.vn"
    assert HISTORIC_AFTER_RE.match(" phủ.") and not HISTORIC_AFTER_RE.match(" phát")
    assert FAR_PLACE_BEFORE_RE.search("hướng về biển đảo hoàng sa (") and not FAR_PLACE_BEFORE_RE.search(
        "tỉnh "
    )


@pytest.mark.parametrize(
    ("admin", "name", "province"),
    [
        ("huyện", "bát xát", "Lào Cai"),  # a district of one province
        ("thị trấn", "bát xát", "Lào Cai"),  # the district's seat bears its name
        ("quận", "hoàng mai", "Hà Nội"),  # one name, two kinds of unit: the word tells them apart
        ("thị xã", "hoàng mai", "Nghệ An"),
        ("thành phố", "tân uyên", "Bình Dương"),  # thị xã then thành phố: one kind
        ("thị xã", "tân uyên", "Bình Dương"),
        ("huyện", "tân uyên", "Lai Châu"),
        ("huyện", "hoài nhơn", "Bình Định"),  # a huyện since made a thị xã: the name alone
        ("huyện", "châu thành", None),  # a district name of many provinces
        ("huyện", "kỳ sơn", None),  # Nghệ An's, and Hòa Bình's until 2019
        ("huyện", "không có", None),
    ],
)
def test_locality_province(admin, name, province):
    assert locality_province(admin, name) == province


def test_locality_regex_and_mentions():
    _, pattern = localities()
    m = pattern.search(match_key("Địa chỉ: thị trấn Bát Xát, huyện Bát Xát"))
    assert (m["admin"], m["name"]) == ("thị trấn", "bát xát")
    # whole words, after a unit word
    assert not pattern.search("huyện bát xátx") and not pattern.search("bát xát")
    assert locality_mentions(match_key("quận Hoàng Mai và huyện Châu Thành")) == [("hoàng mai", "Hà Nội")]
    # a city named like its province is counted once, as a mention of the province
    assert province_mentions("Hội nghị tại thành phố Lào Cai.", title=None) == {"Lào Cai": 2}


def test_district_union_text_gives_its_province():
    text = "Chiều 22/12, LĐLĐ huyện Mường Khương tổ chức hội nghị; dự có đồng chí Phó Chủ tịch LĐLĐ tỉnh."
    assert infer_province(title="Tổng kết năm", text=text, host=None) == "Lào Cai"


def test_site_lines_name_the_province_when_the_text_does_not():
    text = "Công đoàn cơ sở Công ty trao 120 phần quà; LĐLĐ tỉnh tổ chức chuyến xe miễn phí."
    banner = ("CÔNG TY CỔ PHẦN CHẾ BIẾN THỰC PHẨM SÓC TRĂNG",)
    assert find_province(title=None, text=text, host=None, site_lines=banner) == ("Sóc Trăng", "site_name")
    address = ("Địa chỉ: Khu công nghiệp An Nghiệp, huyện Châu Thành, Sóc Trăng",)
    assert infer_province(title=None, text=text, host=None, site_lines=address) == "Sóc Trăng"
    # the text wins over the site's lines; the site's lines over nothing
    assert infer_province(title=None, text=text + " Đoàn về Bạc Liêu.", host=None, site_lines=banner) == (
        "Bạc Liêu"
    )
    assert find_province(title=None, text=text, host=None) == (None, None)


def test_a_national_sites_footer_gives_no_province():
    footer = ("Trụ sở: 51 Hàng Bồ, quận Hoàn Kiếm, Hà Nội",)
    text = "Công đoàn cơ sở trao quà cho công nhân."
    assert infer_province(title=None, text=text, host="laodong.vn", site_lines=footer) is None
    assert infer_province(title=None, text=text, host=None, site_lines=footer) == "Hà Nội"


def test_a_national_coverage_paper_gives_no_province_but_is_still_a_provincial_source():
    """Người Lao Động belongs to Hồ Chí Minh City's federation but reports on every
    province: its articles take their province from their text."""
    from unionnews.articles.province import province_from_site
    from unionnews.sources.registry import load_registry

    assert province_from_site("nld.com.vn") == (None, None)
    site = load_registry().lookup("nld.com.vn")
    assert site is not None and site.coverage == "national" and site.province == "Hồ Chí Minh"


def test_the_publishers_own_name_beats_the_provinces_its_article_helps():
    from unionnews.articles.province import find_province

    text = "LĐLĐ tỉnh trao hỗ trợ đoàn viên Yên Bái. Tại Yên Bái, đoàn đã thăm 12 gia đình ở Yên Bái."
    assert find_province(title="Hỗ trợ vùng lũ", text=text, host=None, site_name="Công đoàn Vĩnh Phúc") == (
        "Vĩnh Phúc",
        "site_name",
    )
    assert find_province(title="Hỗ trợ vùng lũ", text=text, host=None, site_name=None)[0] == "Yên Bái"
