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

from unionnews.lexicon import read_lines
from unionnews.nlp.normalize import match_key
from unionnews.nlp.places import province_mention_re

#: A run of capitalised words (the name candidate), e.g. "Tuyên Quang Võ Công Thành".
#: Words start with an upper-case letter (Unicode class Lu); "H'Hen" and "Jae-hyun" are one word.
CAP_RUN_RE = regex.compile(r"(?<![\w/])\p{Lu}[\w']*(?:-\p{Ll}+)?(?:[ ]\p{Lu}[\w']*(?:-\p{Ll}+)?)*")
#: Middle names that mark a run as a person's name ("Đặng Thị Hồng Nhung", "Lê Văn Nam").
MIDDLE_NAMES = frozenset({"Thị", "Văn"})
#: A bare "tỉnh"/"thành phố" (the article's own province) ending a body before a name:
#: "Chủ tịch Công đoàn KKT tỉnh Vũ Mạnh Cường cho biết".
OWN_PROVINCE_END_RE = re.compile(r"(?:^|\s)(?:tỉnh|thành phố|tp\.?)$")
#: Shortest run (in words) taken as a person right after a bare "tỉnh": two-word runs there
#: are district or commune names far more often than people.
MIN_WORDS_AFTER_OWN_PROVINCE = 3
#: The longest name: family name + up to four more syllables.
MAX_NAME_WORDS = 5


@cache
def surnames() -> frozenset[str]:
    return frozenset(read_lines("surnames.txt"))


def person_run_after_own_province(text: str, pos: int) -> bool:
    """Is the capitalised run at ``pos`` (right after a bare "tỉnh") a person's full name?"""
    run = CAP_RUN_RE.match(text, pos)
    if run is None:
        return False
    words = run.group().split(" ")
    return (
        MIN_WORDS_AFTER_OWN_PROVINCE <= len(words) <= MAX_NAME_WORDS
        and words[0] in surnames()
        and not province_mention_re().match(match_key(run.group()))
    )
