"""Name primitives shared by persons and roles: capitalised runs, the family-name and
given-name lexicons, and the shape of a name in capitals.

A name is a capitalised run that starts with a family name (``lexicon/surnames.txt``);
a byline in capitals ("MAI ANH") is a name only when every word is a known family name
or given-name syllable (``lexicon/given_names.txt``), which page chrome in capitals
("LIÊN KẾT WEB", "TIN MỚI NHẤT") never is.
"""

from __future__ import annotations

import re
from functools import cache

import regex

from unionnews.lexicon import read_lines, read_tsv
from unionnews.nlp.normalize import match_key
from unionnews.nlp.places import province_mention_re

#: A run of capitalised words (the name candidate), e.g. "Tuyên Quang Võ Công Thành".
#: Words start with an upper-case letter (Unicode class Lu); "H'Hen" and "Jae-hyun" are one word.
CAP_RUN_RE = regex.compile(r"(?<![\w/])\p{Lu}[\w']*(?:-\p{Ll}+)?(?:[ ]\p{Lu}[\w']*(?:-\p{Ll}+)?)*")
#: The runs of CAP_RUN_RE that hold two words or more, and only those (a run is the longest
#: one from where it starts, and a run from inside a word of it ends where it ends):
#: "Tuyên Quang Võ Công Thành", not "Sáng".
CAP_RUN_MULTI_RE = regex.compile(r"(?<![\w/])\p{Lu}[\w']*(?:-\p{Ll}+)?(?:[ ]\p{Lu}[\w']*(?:-\p{Ll}+)?)+")
#: Middle names that mark a run as a person's name ("Đặng Thị Hồng Nhung", "Lê Văn Nam").
MIDDLE_NAMES = frozenset({"Thị", "Văn"})
#: Capitalised head nouns that open the name of a body, place or title ("Nhà Văn Hóa", "Hội Văn
#: Nghệ", "Phòng Văn Thư"): before "Văn" they are never an unknown family name.
NOT_FAMILY_WORDS = frozenset(
    "Nhà Hội Sở Phòng Ban Trung Trường Đại Học Khu Cụm Bảo Viện Cục Vụ Tổng Công Liên Đoàn Ủy Uỷ "
    "Làng Xóm Thôn Bản Đền Chùa Miếu Lễ Ngày Tết Giải Quỹ Tạp Báo Tòa Toà Thư Gia Đình Nếp Sống "
    "Câu Lạc Bộ Tủ Sách Góc Phố Đường Cầu Chợ Nghĩa Tượng Bia Tác Phẩm Cuộc Thi Giờ Tiết Môn "
    "Ty Phần Hoan".split()
)
#: Syllables after "Văn" that make a word of culture or office, not a given name: "Văn Hóa",
#: "Văn Nghệ", "Văn Phòng", "Văn Bản".
NOT_GIVEN_AFTER_VAN = frozenset(
    "Hóa Hoá Nghệ Học Phòng Thư Bản Kiện Miếu Hiến Thánh Chương Xuôi Tự Thể Mẫu Nghiệp".split()
)
#: A bare "tỉnh"/"thành phố" (the article's own province) or "huyện"/"quận"/"thị xã" (its own
#: district) ending a body before a name: "Chủ tịch Công đoàn KKT tỉnh Vũ Mạnh Cường cho biết",
#: "Phó Chủ tịch LĐLĐ huyện Đinh Thị Hoa trao quà".
OWN_PROVINCE_END_RE = re.compile(r"(?:^|\s)(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã)$")
#: Shortest run (in words) taken as a person right after a bare "tỉnh": two-word runs there
#: are district or commune names far more often than people.
MIN_WORDS_AFTER_OWN_PROVINCE = 3
#: The longest name: family name + up to four more syllables.
MAX_NAME_WORDS = 5


@cache
def surnames() -> frozenset[str]:
    return frozenset(read_lines("surnames.txt"))


@cache
def locality_names() -> frozenset[str]:
    """Match keys of listed cities and districts (``lexicon/localities.tsv``): "huyện Hoàng Su
    Phì" and "huyện Trần Văn Thời" name places, not people."""
    return frozenset(match_key(row["name"]) for row in read_tsv("localities.tsv"))


def has_name_shape(words: list[str]) -> bool:
    """Is a run of capitalised words a full name by its shape alone, whatever its family name?

    "X Thị Y" and "X Văn Y" (3–5 words) are names even when X is a family name we do not
    list ("Xồng Thị Pa", "Xa Văn Đồng"); "Nhà Văn Hóa", "Hội Văn Nghệ" are not.

    >>> has_name_shape(["Xa", "Văn", "Đồng"]), has_name_shape(["Nhà", "Văn", "Hóa"])
    (True, False)
    """
    if not 3 <= len(words) <= MAX_NAME_WORDS or words[1] not in MIDDLE_NAMES:
        return False
    if words[0] in NOT_FAMILY_WORDS or words[0] in MIDDLE_NAMES or not words[0][1:].islower():
        return False
    return words[1] == "Thị" or words[2] not in NOT_GIVEN_AFTER_VAN


def person_run_after_own_province(text: str, pos: int) -> bool:
    """Is the capitalised run at ``pos`` (right after a bare "tỉnh" or "huyện") a person's
    full name, not a listed place ("Hoàng Su Phì")?"""
    run = CAP_RUN_RE.match(text, pos)
    if run is None:
        return False
    words = run.group().split(" ")
    key = match_key(run.group())
    return (
        MIN_WORDS_AFTER_OWN_PROVINCE <= len(words) <= MAX_NAME_WORDS
        and (words[0] in surnames() or has_name_shape(words))
        and not province_mention_re().match(key)
        and not any(key.startswith(place) for place in _multiword(locality_names()))
    )


@cache
def _multiword(names: frozenset[str]) -> tuple[str, ...]:
    return tuple(n for n in names if " " in n)
