from pathlib import Path

import pytest

from unionnews.nlp.documents import (
    DATE_AFTER_RE,
    DOC_NUMBER_RE,
    TYPE_BEFORE_RE,
    document_types,
    find_documents,
)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.parametrize(
    "s",
    [
        "666/QĐ-LĐLĐ",
        "02-NQ/TW",
        "30-QĐ/TU",
        "145/2020/NĐ-CP",
        "202/2025/QH15",
        "01/2023/TT-BLĐTBXH",
    ],
)
def test_doc_number_re_matches(s):
    assert DOC_NUMBER_RE.fullmatch(s)


@pytest.mark.parametrize("s", ["27/8/2021", "2.719/2.726", "44/45", "Covid-19", "58/58 CĐCS"])
def test_doc_number_re_rejects(s):
    assert not any(DOC_NUMBER_RE.finditer(s))


def test_type_and_date_re():
    assert TYPE_BEFORE_RE.search("theo quyết định số ")["type"] == "quyết định"
    assert DATE_AFTER_RE.match(" ngày 27/8")


def test_find_documents_attrs():
    text = "Thực hiện Kế hoạch số 140/KH-CĐVC ngày 3/3/2022 và văn bản 15/HD-TLĐ của Tổng LĐLĐ."
    docs = find_documents(text)
    assert [d.canonical for d in docs] == ["140/KH-CĐVC", "15/HD-TLĐ"]
    assert docs[0].attrs == {"doc_type": "Kế hoạch", "issuer_code": "CĐVC", "date": "2022-03-03"}
    assert docs[1].attrs["doc_type"] == "Hướng dẫn"  # inferred from the code
    assert text[docs[0].start : docs[0].end] == "140/KH-CĐVC"


def test_document_types_lexicon():
    assert document_types()["QĐ"] == "Quyết định"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds not available")
def test_seed_004_documents():
    text = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    assert {d.canonical for d in find_documents(text)} == {
        "666/QĐ-LĐLĐ",
        "140/KH-LĐLĐ",
        "02-ĐA/TU",
        "30-QĐ/TU",
        "03-QĐ/TU",
        "02-NQ/TW",
    }


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a spaced dash between codes belongs to the number; the canonical form has no spaces
        ("Thực hiện Kế hoạch số 47/KH - CĐGD ngày 3/9/2020 của", ("47/KH - CĐGD", "47/KH-CĐGD")),
        ("theo Công văn 88/CV – LĐLĐ về", ("88/CV – LĐLĐ", "88/CV-LĐLĐ")),
        # a letter after the serial
        ("Nghị quyết số 7b/NQ-BTV của Ban Thường vụ", ("7b/NQ-BTV", "7b/NQ-BTV")),
        # a spaced dash before a word that is no code ends the number
        ("Kế hoạch 47/KH - Công đoàn ngành triển khai", ("47/KH", "47/KH")),
    ],
)
def test_spaced_codes_and_lettered_serials(text, found):
    (doc,) = find_documents(text)
    assert (doc.text, doc.canonical) == found


def test_a_spaced_dash_after_a_bare_number_is_no_document():
    assert find_documents("nhiệm kỳ 2023 - KH mới; năm 2023 - UBND") == []
