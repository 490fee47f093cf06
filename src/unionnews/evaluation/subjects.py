"""Compare figure subjects by body type, level and place (docs/annotation.md, "Subjects").

A subject is a union body's canonical name. Two names agree when they name the same
kind of body at the same level in the same place, however each is spelled:

>>> subject_parts("LĐLĐ tỉnh", "Cao Bằng") == subject_parts("Liên đoàn Lao động tỉnh Cao Bằng", None)
True
>>> subject_parts("Liên đoàn Lao động huyện Sơn Dương", "Tuyên Quang")
SubjectParts(kind='federation', level='district', place='son duong')
>>> subject_parts("Công đoàn ngành Giáo dục tỉnh Hải Dương", None)
SubjectParts(kind='sector:giao duc', level='province', place='hai duong')

Grassroots unions agree when the distinctive words of one unit name run inside the
other's, abbreviations of legal forms and school levels expanded and legal-form words
dropped, because papers shorten unit names freely: "Công đoàn Công ty CP May Hòa Thọ" and
"Công đoàn cơ sở Công ty cổ phần May Hòa Thọ" agree, so do "… Công ty May Hòa Thọ" and
"… Tổng công ty May Hòa Thọ"; a company and a school never do, and a unit named only by its
kind ("Công đoàn cơ sở Công ty") agrees with nothing (see :func:`unit_words`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unionnews.lexicon import find_province
from unionnews.nlp.normalize import match_key, strip_accents

#: Abbreviations expanded before a name is read (on the match key, lower case): "lđlđ tỉnh".
ABBREVIATION_RES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?<!\w){a}(?!\w)"), b)
    for a, b in (
        (r"tổng lđlđ(?: việt nam| vn)?|tlđ", "tổng liên đoàn lao động việt nam"),
        (r"lđlđ", "liên đoàn lao động"),
        (r"cđvc", "công đoàn viên chức"),
        (r"cđcs", "công đoàn cơ sở"),
        (r"cđn", "công đoàn ngành"),
        (r"cđ", "công đoàn"),
        (r"kcn", "khu công nghiệp"),
        (r"kkt", "khu kinh tế"),
        (r"tp\.?", "thành phố"),
    )
)
#: The national federation: "Tổng Liên đoàn Lao động Việt Nam", "Công đoàn Việt Nam".
NATIONAL_RE = re.compile(r"^(?:tổng liên đoàn lao động|công đoàn việt nam$)")
#: A federation of a province or district: "liên đoàn lao động huyện sơn dương".
FEDERATION_RE = re.compile(r"^liên đoàn lao động\s*(?P<rest>.*)$")
#: The civil servants' union: "công đoàn viên chức tỉnh lạng sơn".
CIVIL_SERVANTS_RE = re.compile(r"^công đoàn viên chức\s*(?P<rest>.*)$")
#: Unions of industrial or economic zones: "công đoàn các khu công nghiệp tỉnh bắc giang".
ZONES_RE = re.compile(
    r"^công đoàn (?:các )?khu (?:công nghiệp|kinh tế|chế xuất)[^,]*?(?P<rest>(?:tỉnh|thành phố)\s.*)?$"
)
#: A sector union: "công đoàn ngành giáo dục tỉnh hải dương", "công đoàn giáo dục huyện x".
SECTOR_RE = re.compile(
    r"^công đoàn (?:ngành\s+)?(?P<sector>giáo dục|y tế|công thương|nông nghiệp(?: và phát triển nông thôn)?|"
    r"giao thông(?: vận tải)?|xây dựng|cao su|điện lực|dệt may|ngân hàng|tài chính|thông tin|bưu điện|"
    r"du lịch|than(?: - khoáng sản)?|dầu khí|công an|quốc phòng|[^\s]+(?= tỉnh| thành phố))\s*(?P<rest>.*)$"
)
#: A grassroots union: "công đoàn cơ sở công ty tnhh hòa bình", "nghiệp đoàn nghề cá x",
#: "công đoàn công ty …", "công đoàn trường …".
GRASSROOTS_RE = re.compile(
    r"^(?:công đoàn cơ sở|nghiệp đoàn|công đoàn bộ phận|tổ công đoàn|"
    r"công đoàn(?= (?:công ty|trường|bệnh viện|xí nghiệp|nhà máy|tập đoàn|tổng công ty|chi nhánh|"
    r"ngân hàng|sở|ban|văn phòng|cơ quan|trung tâm|khách sạn|hợp tác xã|ủy ban|báo)))\s*(?P<rest>.*)$"
)
#: Abbreviations inside a grassroots unit's name (match key): legal forms and school levels,
#: "công ty cp may x", "trường thcs đại tâm", "công ty tnhh mtv cao su x".
UNIT_ABBREVIATION_RES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?<!\w){a}(?!\w)"), b)
    for a, b in (
        (r"ctcp", "công ty cổ phần"),
        (r"tnhh", "trách nhiệm hữu hạn"),
        (r"cp", "cổ phần"),
        (r"mtv", "một thành viên"),
        (r"dntn", "doanh nghiệp tư nhân"),
        (r"htx", "hợp tác xã"),
        (r"thcs", "trung học cơ sở"),
        (r"thpt", "trung học phổ thông"),
        (r"ptdtnt", "phổ thông dân tộc nội trú"),
        (r"ptdtbt", "phổ thông dân tộc bán trú"),
        (r"th", "tiểu học"),
        (r"mn", "mầm non"),
        (r"ttyt", "trung tâm y tế"),
        (r"bv", "bệnh viện"),
        (r"bvđk", "bệnh viện đa khoa"),
        (r"gd&đt|gd-đt|gdđt", "giáo dục và đào tạo"),
    )
)
#: Legal-form words of a unit (folded key), dropped before unit names are compared:
#: "cong ty trach nhiem huu han mot thanh vien x" reads "x".
LEGAL_FORM_RE = re.compile(
    r"(?<!\w)(?:trach nhiem huu han|co phan|mot thanh vien|hai thanh vien tro len|tu nhan|lien doanh|"
    r"von dau tu nuoc ngoai|100% von nuoc ngoai)(?!\w)"
)
#: The kind of a unit (folded key): what it is, not which one ("cong ty", "truong").
UNIT_KIND_RE = re.compile(
    r"(?<!\w)(?:tong cong ty|cong ty|doanh nghiep|nha may|xi nghiep|chi nhanh|tap doan|hop tac xa|truong|"
    r"benh vien|trung tam|van phong)(?!\w)"
)
#: Kinds that name one sort of unit: a corporation's "tổng công ty" is a company too.
KIND_GROUPS = {
    "tong cong ty": "cong ty",
    "doanh nghiep": "cong ty",
    "nha may": "cong ty",
    "xi nghiep": "cong ty",
    "chi nhanh": "cong ty",
    "tap doan": "cong ty",
}
#: The level word before a place: "tỉnh", "thành phố", "huyện", "quận", "thị xã".
LEVEL_RE = re.compile(r"^(?P<word>tỉnh|thành phố|huyện|quận|thị xã|xã|phường)\s+(?P<place>.+)$")


@dataclass(frozen=True, slots=True)
class SubjectParts:
    """What a subject name says: kind of body, level and place (keys, unaccented)."""

    kind: str
    level: str
    place: str


def _key(text: str) -> str:
    key = match_key(" ".join(text.split())).strip(" .,;:")
    for pattern, expansion in ABBREVIATION_RES:
        key = pattern.sub(expansion, key)
    return key


def _fold(text: str) -> str:
    return strip_accents(text).strip()


def _place(rest: str, province: str | None) -> tuple[str, str]:
    """(level, place) of the words after the body: "huyện sơn dương" -> district."""
    rest = rest.strip()
    m = LEVEL_RE.match(rest)
    if m is None:
        if rest and find_province(rest) is not None:
            return "province", _fold(match_key(find_province(rest).name))  # type: ignore[union-attr]
        return ("province", _fold(match_key(province))) if province and not rest else ("unknown", _fold(rest))
    word, place = m["word"], m["place"]
    prov = find_province(place)
    if word == "tỉnh" or (word == "thành phố" and prov is not None and prov.kind == "thành phố"):
        return "province", _fold(match_key(prov.name) if prov else place)
    return "district", _fold(place)


def _unqualified(rest: str, province: str | None) -> tuple[str, str]:
    """A level word with no place ("tỉnh") reads as the article's province."""
    if rest.strip() in ("tỉnh", "thành phố") and province:
        return "province", _fold(match_key(province))
    return _place(rest, province)


def subject_parts(name: str | None, province: str | None) -> SubjectParts | None:
    """The kind, level and place of a subject; ``province`` (the article's) fills a missing place."""
    if not name or not name.strip():
        return None
    key = _key(name)
    if NATIONAL_RE.match(key):
        return SubjectParts("national", "national", "viet nam")
    if (m := FEDERATION_RE.match(key)) is not None:
        return SubjectParts("federation", *_unqualified(m["rest"], province))
    if (m := CIVIL_SERVANTS_RE.match(key)) is not None:
        return SubjectParts("civil_servants", *_unqualified(m["rest"], province))
    if (m := ZONES_RE.match(key)) is not None:
        return SubjectParts("zones", *_unqualified(m["rest"] or "", province))
    if (m := GRASSROOTS_RE.match(key)) is not None:
        return SubjectParts("grassroots", "grassroots", _fold(_unit_key(m["rest"])))
    if (m := SECTOR_RE.match(key)) is not None:
        return SubjectParts("sector:" + _fold(m["sector"]), *_unqualified(m["rest"], province))
    return SubjectParts("other", "other", _fold(key))


def _unit_key(rest: str) -> str:
    """A grassroots unit name with its abbreviations expanded: "công ty cp may x" ->
    "công ty cổ phần may x" (on the match key, before accents are folded)."""
    for pattern, expansion in UNIT_ABBREVIATION_RES:
        rest = pattern.sub(expansion, rest)
    return " ".join(rest.split())


def unit_words(rest: str) -> tuple[str | None, tuple[str, ...]]:
    """(kind, distinctive words) of a grassroots unit name (match key, accents folded).

    >>> unit_words("cong ty co phan may hoa tho")
    ('cong ty', ('may', 'hoa', 'tho'))
    >>> unit_words("truong trung hoc co so dai tam")
    ('truong', ('trung', 'hoc', 'co', 'so', 'dai', 'tam'))
    """
    kind_match = UNIT_KIND_RE.search(rest)
    kind = KIND_GROUPS.get(kind_match.group(), kind_match.group()) if kind_match else None
    rest = LEGAL_FORM_RE.sub(" ", UNIT_KIND_RE.sub(" ", rest))
    return kind, tuple(rest.split())


def _same_unit(a: str, b: str) -> bool:
    """Do two grassroots unit names (folded keys) name one unit? Same kind when both state
    one, and the distinctive words of one (at least one word) run inside the other's."""
    (kind_a, words_a), (kind_b, words_b) = unit_words(a), unit_words(b)
    if kind_a and kind_b and kind_a != kind_b:
        return False
    short, long = sorted((words_a, words_b), key=len)
    if not short:
        return False
    return f" {' '.join(short)} " in f" {' '.join(long)} "


def same_subject(gold: str | None, pred: str | None, province: str | None) -> bool:
    """Do a gold and a predicted subject name the same body (kind, level, place)?"""
    g, p = subject_parts(gold, province), subject_parts(pred, province)
    if g is None or p is None:
        return g is None and p is None
    if g.kind != p.kind or g.level != p.level:
        return False
    if g.kind == "grassroots":
        return g.place == p.place or _same_unit(g.place, p.place)
    return g.place == p.place
