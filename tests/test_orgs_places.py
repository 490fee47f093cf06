from unionnews.model import Context
from unionnews.nlp.orgs import ORG_HEAD_RE, SCOPE_RE, expand_abbreviations, expand_org, find_orgs
from unionnews.nlp.places import ADMIN_BEFORE_RE, find_places, province_mentions

CTX = Context(province="Cao Bằng")


def orgs(text):
    return [(e.text, e.canonical) for e in find_orgs(text, CTX)]


def test_regex_examples():
    assert ORG_HEAD_RE.search("các cđcs trực thuộc")["head"] == "cđcs"
    assert SCOPE_RE.match(" tỉnh bắc giang")["scope"] == "tỉnh"
    assert ADMIN_BEFORE_RE.search("thành phố ")


def test_bare_tinh_means_the_articles_province():
    assert orgs("CĐVC tỉnh tổ chức hội nghị.") == [("CĐVC tỉnh", "Công đoàn Viên chức tỉnh Cao Bằng")]
    assert orgs("Đoàn công tác của LĐLĐ tỉnh Bắc Giang đến thăm.") == [
        ("LĐLĐ tỉnh Bắc Giang", "Liên đoàn Lao động tỉnh Bắc Giang")
    ]


def test_national_and_unit_bodies():
    got = dict(orgs("Tổng LĐLĐ Việt Nam tặng cờ cho Công đoàn cơ sở Văn phòng Tỉnh ủy đã có thành tích."))
    assert got["Tổng LĐLĐ Việt Nam"] == "Tổng Liên đoàn Lao động Việt Nam"
    assert got["Công đoàn cơ sở Văn phòng Tỉnh ủy"] == "Công đoàn cơ sở Văn phòng Tỉnh ủy Cao Bằng"


def test_lowercase_movement_is_not_a_body():
    assert orgs("hoạt động công đoàn ngày càng hiệu quả") == []


def test_expand():
    assert expand_abbreviations("UBND tỉnh và HĐND tỉnh") == "Ủy ban nhân dân tỉnh và Hội đồng nhân dân tỉnh"
    assert expand_org("CĐVC tỉnh", "Cao Bằng") == "Công đoàn Viên chức tỉnh Cao Bằng"


def test_places():
    text = "Đoàn đại biểu tỉnh Thanh Hoá, TP.HCM và Hà Tĩnh; học tập tư tưởng Hồ Chí Minh."
    assert [e.canonical for e in find_places(text)] == ["Thanh Hóa", "Hồ Chí Minh", "Hà Tĩnh"]
    assert province_mentions(text)["Hà Tĩnh"] == 1
