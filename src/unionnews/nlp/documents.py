"""Document references: "Quyết định số 666/QĐ-LĐLĐ ngày 27/8/2021", "Nghị quyết 02-NQ/TW".

A DOCUMENT entity's span is the number only ("666/QĐ-LĐLĐ"), so the figure
matcher can skip exactly those digits; its canonical is the number without
spaces; ``attrs`` carry the type ("Quyết định"), the issuing-body code
("LĐLĐ") and the date when "ngày …" follows.
"""

from __future__ import annotations

import re
from functools import cache

from unionnews.lexicon import read_tsv
from unionnews.model import Entity
from unionnews.nlp.normalize import match_key
from unionnews.nlp.spans import finditer_near
from unionnews.nlp.temporal import parse_date

#: The serial part: "666", "02", "202/2025" (number/year of laws and decrees), "09c" (a
#: letter added to a serial: "09c/NQ-BCH").
_SERIAL = r"\d{1,5}[a-z]?(?:/(?:19|20)\d\d)?"
#: One code: "QĐ", "LĐLĐ", "QH15", "BLĐTBXH", "QĐi" — starts with a capital.
_CODE = r"[A-ZĐ][A-ZĐa-zđ]{0,11}\d{0,2}"
#: A later code written after a spaced dash or slash, in capitals only: " - CĐN" in
#: "125/KH - CĐN", " – LĐLĐ" (so "125/KH - Công đoàn" stops at "KH").
_SPACED_CODE = r"\s*[/\-–]\s*[A-ZĐ]{2,12}\d{0,2}"
#: A document number: "666/QĐ-LĐLĐ", "02-NQ/TW", "30-QĐ/TU", "145/2020/NĐ-CP", "123/CV-CĐVC",
#: "125/KH - CĐN", "6c/NQ-ĐCT".
DOC_NUMBER_RE = re.compile(rf"(?<![\w/.\-]){_SERIAL}[/\-]{_CODE}(?:[/\-]{_CODE}|{_SPACED_CODE})*(?![\w/])")
#: The separator and capital after the serial, "/Q" in "666/QĐ-LĐLĐ": every document number
#: has one at most :data:`SERIAL_MAX` characters after its start (the anchor of
#: :func:`~unionnews.nlp.spans.finditer_near`, found by a fast scan).
DOC_ANCHOR_RE = re.compile(r"[/\-][A-ZĐ]")
#: The longest serial: five digits, a letter, "/" and a year ("12345a/2020").
SERIAL_MAX = 11
#: A type word right before the number: "Quyết định số ", "Nghị quyết ", "Kế hoạch số ".
TYPE_BEFORE_RE = re.compile(
    r"(?P<type>quyết định|quy định|kế hoạch|nghị quyết|chỉ thị|chương trình|thông báo|"
    r"hướng dẫn|đề án|công văn|tờ trình|báo cáo|kết luận|nghị định|thông tư liên tịch|"
    r"thông tư|luật|quy chế|công điện)\s+(?:số\s*)?:?\s*$"
)
#: A date right after the number: " ngày 27/8/2021", ", ngày 9 tháng 2 năm 2022".
DATE_AFTER_RE = re.compile(r"^\s*,?\s*(?:ban hành\s+)?ngày\s+")


@cache
def document_types() -> dict[str, str]:
    """Code -> full type name from ``lexicon/document_types.tsv`` ("QĐ" -> "Quyết định")."""
    return {row["code"]: row["name"] for row in read_tsv("document_types.tsv")}


def canonical_number(number: str) -> str:
    """A document number without whitespace, dashes as "-": "125/KH – CĐN" -> "125/KH-CĐN"."""
    return "".join(number.split()).replace("–", "-")


def _codes(number: str) -> list[str]:
    return [p for p in re.split(r"[/\-–]", canonical_number(number)) if p and not p[:1].isdigit()]


def _infer_type(codes: list[str]) -> str | None:
    types = document_types()
    for code in codes:
        bare = code.rstrip("0123456789")
        if bare in types:
            return types[bare]
    return None


def find_documents(text: str, key: str | None = None) -> list[Entity]:
    """DOCUMENT entities for every document number in ``text``.

    >>> [(e.canonical, e.attrs["doc_type"], e.attrs.get("date"))
    ...  for e in find_documents("Quyết định số 666/QĐ-LĐLĐ ngày 27/8/2021 của LĐLĐ")]
    [('666/QĐ-LĐLĐ', 'Quyết định', '2021-08-27')]
    """
    key = match_key(text) if key is None else key
    out: list[Entity] = []
    for m in finditer_near(DOC_NUMBER_RE, text, DOC_ANCHOR_RE, SERIAL_MAX):
        number = m.group()
        codes = _codes(number)
        if not codes:
            continue
        attrs: dict[str, str] = {}
        before = TYPE_BEFORE_RE.search(key, max(0, m.start() - 30), m.start())
        if before:
            word = text[before.start("type") : before.end("type")]
            attrs["doc_type"] = word[0].upper() + word[1:]
        else:
            inferred = _infer_type(codes)
            if inferred:
                attrs["doc_type"] = inferred
        issuer = [c for c in codes if c.rstrip("0123456789") not in document_types()]
        if issuer:
            attrs["issuer_code"] = issuer[-1]
        after = DATE_AFTER_RE.match(key[m.end() : m.end() + 20])
        if after:
            day = parse_date(text[m.end() : m.end() + 60])
            if day:
                attrs["date"] = day.isoformat()
        out.append(
            Entity(
                "DOCUMENT",
                m.start(),
                m.end(),
                number,
                canonical_number(number),
                rule="doc_number",
                attrs=attrs,
            )
        )
    return out
