"""Province of an article: host slugs, weighted mentions, names and far-away places ignored."""

import pytest

from unionnews.articles.province import (
    BODY_BEFORE_RE,
    FAR_PLACE_BEFORE_RE,
    HISTORIC_AFTER_RE,
    HOST_IN_TEXT_RE,
    host_of,
    infer_province,
    province_from_host,
    province_mentions,
)
from unionnews.lexicon import successor_2025


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
