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


def test_bare_district_scope_means_the_district_the_article_names():
    from unionnews.nlp.orgs import DISTRICT_SCOPES, place_name_end

    assert "huyện" in DISTRICT_SCOPES
    text = "Sáng 25/5, LĐLĐ huyện Lương Sơn tổ chức trao quà. LĐLĐ huyện đã vận động 6 Mái ấm."
    assert place_name_end(text, text.index("Lương")) == text.index(" tổ chức")
    got = [(e.text, e.canonical) for e in find_orgs(text, Context(province="Hòa Bình"))]
    assert got == [
        ("LĐLĐ huyện Lương Sơn", "Liên đoàn Lao động huyện Lương Sơn"),
        ("LĐLĐ huyện", "Liên đoàn Lao động huyện Lương Sơn"),
    ]
    # no district named: the bare scope stays bare
    assert orgs("LĐLĐ huyện đã vận động 6 Mái ấm.") == [("LĐLĐ huyện", "Liên đoàn Lao động huyện")]


def test_person_after_tinh_sector_names_and_city_scope():
    from unionnews.nlp.orgs import PLACE_NAME_RE, SECTOR_LEAD_WORDS, province_scope, sector_re

    assert PLACE_NAME_RE.match("Bà Rịa - Vũng Tàu có").group() == "Bà Rịa - Vũng Tàu"
    assert "sở" in SECTOR_LEAD_WORDS and sector_re().match("giáo dục và đào tạo tỉnh")
    assert province_scope("Đà Nẵng") == "thành phố" and province_scope(None) == "tỉnh"
    assert orgs("Ông Đặng Văn Hải, Trưởng ban Tài chính LĐLĐ tỉnh Đặng Văn Hải cho biết.") == [
        ("LĐLĐ tỉnh", "Liên đoàn Lao động tỉnh Cao Bằng")
    ]
    assert (
        orgs("Công đoàn ngành Giao thông vận tải có 28 CĐCS.")[0][1] == "Công đoàn ngành Giao thông vận tải"
    )
    assert (
        orgs("CĐCS Sở Giáo dục và Đào tạo có 62 đoàn viên.")[0][1] == "Công đoàn cơ sở Sở Giáo dục và Đào tạo"
    )
    assert orgs("Chủ tịch CĐCS Công ty Đặng Thị Hồng Nhung phát biểu.")[0][1] == "Công đoàn cơ sở Công ty"
    got = find_orgs("CĐVC có 15 CĐCS trực thuộc.", Context(province="Đà Nẵng"))
    assert got[0].canonical == "Công đoàn Viên chức thành phố Đà Nẵng"


def test_a_unit_named_by_its_kind_refers_back():
    from unionnews.nlp.orgs import BACK_REFERENCE_RE

    assert BACK_REFERENCE_RE.fullmatch("Công đoàn cơ sở Công ty")
    text = "Công đoàn cơ sở Công ty TNHH May Việt Tiến ký thỏa ước. CĐCS Công ty có 3.000 đoàn viên."
    assert [c for _, c in orgs(text)] == ["Công đoàn cơ sở Công ty TNHH May Việt Tiến"] * 2
    assert orgs("CĐCS Công ty có 3.000 đoàn viên.")[0][1] == "Công đoàn cơ sở Công ty"


def test_bodies_do_not_overlap():
    text = "Công đoàn cơ sở Văn phòng Tỉnh ủy hiện có 45 đoàn viên; Tỉnh ủy chỉ đạo sát sao."
    assert orgs(text) == [
        ("Công đoàn cơ sở Văn phòng Tỉnh ủy", "Công đoàn cơ sở Văn phòng Tỉnh ủy Cao Bằng"),
        ("Tỉnh ủy", "Tỉnh ủy Cao Bằng"),
    ]


def test_a_company_with_its_legal_form_in_lower_case_is_named_in_full():
    assert orgs("Chủ tịch Công đoàn Công ty cổ phần Chè Hà Quảng cho biết") == [
        ("Công đoàn Công ty cổ phần Chè Hà Quảng", "Công đoàn Công ty cổ phần Chè Hà Quảng")
    ]


def test_a_person_after_a_sector_union_is_no_unit_name():
    assert orgs("Phó Chủ tịch Công đoàn ngành Lý Văn Hòa trình bày báo cáo.") == []


def test_a_bare_cdcs_at_a_clause_head_is_the_paragraphs_company_union():
    got = orgs("Ở Công ty TNHH Gạch Trà Lĩnh, doanh nghiệp có 300 lao động, CĐCS có 280 đoàn viên.")
    assert got[-1] == ("CĐCS", "Công đoàn cơ sở Công ty TNHH Gạch Trà Lĩnh")
    # what is counted stays a kind: "12 CĐCS"; a paragraph that names no unit leaves it so
    assert orgs("Toàn tỉnh có 12 CĐCS.")[-1][1] == "Công đoàn cơ sở"
    assert orgs("Năm nay, CĐCS đã tổ chức hội nghị.")[-1][1] == "Công đoàn cơ sở"
