from unionnews.lexicon import find_province, provinces, successor_2025


def test_63_provinces_34_successors():
    provs = provinces()
    assert len(provs) == 63
    assert len({p.province_2025 for p in provs}) == 34
    # every successor is itself one of the old names (the merged units kept one name),
    # except Huế, which was Thừa Thiên Huế before becoming a city
    names = {p.name for p in provs}
    assert {p.province_2025 for p in provs} - names == {"Huế"}


def test_merger_successors():
    assert successor_2025("Vĩnh Phúc") == "Phú Thọ"
    assert successor_2025("Hà Giang") == "Tuyên Quang"
    assert successor_2025("Bình Dương") == "Hồ Chí Minh"
    assert successor_2025("Cao Bằng") == "Cao Bằng"
    assert successor_2025(None) is None
    assert successor_2025("Atlantis") is None


def test_lookup_by_variant_spellings():
    assert find_province("Thanh Hoá").name == "Thanh Hóa"
    assert find_province("TP.HCM").name == "Hồ Chí Minh"
    assert find_province("Đắc Lắc").name == "Đắk Lắk"
    assert find_province("cao  bang").name == "Cao Bằng"
