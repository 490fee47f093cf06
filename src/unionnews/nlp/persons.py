"""Persons with their roles: "Chủ tịch CĐVC tỉnh Tuyên Quang Võ Công Thành", "Đ/c X - Ủy viên …".

General NER merges a province into the following name and misses most union
officials, so persons are found by rule: a capitalised run of syllables,
less a leading province name, that starts with a Vietnamese family name
(``lexicon/surnames.txt``); plus the article's byline, whatever its shape.
Roles come from the titles (``lexicon/roles.tsv``) written right before the name
("Chủ tịch LĐLĐ tỉnh Nguyễn Văn A"), after it ("X - Chủ tịch …, Ủy viên …",
"X, Chủ tịch …", "X (Giám đốc …)") or on the byline's next line. Each role is the
expanded title followed by the expanded body it governs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

import regex

from unionnews.articles.byline import (
    NAME_RE,
    NOT_A_NAME_RE,
    find_author,
    find_head_author,
    is_plausible_name,
    name_case,
)
from unionnews.lexicon import read_lines
from unionnews.model import Context, Entity
from unionnews.nlp.names import (
    CAP_RUN_MULTI_RE,
    CAP_RUN_RE,
    MAX_NAME_WORDS,
    MIDDLE_NAMES,
    OWN_PROVINCE_END_RE,
    has_name_shape,
    person_run_after_own_province,
    surnames,
)
from unionnews.nlp.normalize import match_key
from unionnews.nlp.places import province_mention_re, span_key
from unionnews.nlp.roles import (
    BODY_SECOND_WORDS,
    BODY_TAIL_RE,
    COORDINATED_NAMES_RE,
    FORMER_AT_RE,
    FORMER_BEFORE_RE,
    MAX_BODY_CHARS,
    NAME_COORD_GAP_RE,
    ROLE_AFTER_SEP_RE,
    ROLE_AFTER_VERB_RE,
    SHARED_TITLE_SEP_RE,
    TERM_AFTER_BODY_RE,
    TITLE_NAME_GAP_RE,
    _body_end,
    _role,
    _roles_after,
    _roles_before,
    _title_re,
    roles_before,
)

#: The public names, with the name and role helpers re-exported for older imports.
__all__ = [
    "BODY_SECOND_WORDS",
    "BODY_TAIL_RE",
    "CAP_RUN_RE",
    "COORDINATED_NAMES_RE",
    "FORMER_AT_RE",
    "FORMER_BEFORE_RE",
    "MAX_BODY_CHARS",
    "ROLE_AFTER_SEP_RE",
    "ROLE_AFTER_VERB_RE",
    "SHARED_TITLE_SEP_RE",
    "TERM_AFTER_BODY_RE",
    "TITLE_NAME_GAP_RE",
    "_body_end",
    "_roles_before",
    "find_byline",
    "find_persons",
]

#: Lower-case words right before a name that make it part of a place or institution name:
#: "đường Trần Phú", "trường THPT Lê Quý Đôn", "xã Hòa Bình", "giải thưởng Nguyễn Đức Cảnh".
NOT_PERSON_BEFORE_RE = re.compile(
    r"(?:đường|phố|trường|thpt|thcs|tiểu học|mầm non|trường chính trị|học viện|bệnh viện|xã|phường|"
    r"huyện|quận|thị xã|thị trấn|huyện ủy|tỉnh ủy|thành ủy|quận ủy|thị ủy|đảng ủy|"
    r"thành phố|tp\.?|tỉnh|thôn|bản|làng|giải thưởng|giải|quỹ|cầu|sông|núi|tư tưởng|tấm gương|"
    r"phong cách|đạo đức|lăng|bác|chủ nghĩa|khu|cụm|công ty|hợp tác xã|chùa|đền|xuân|tết|năm|"
    r"khu công nghiệp|kcn|cụm công nghiệp|khu kinh tế|khu chế xuất|(?:thpt|thcs|trường|phổ thông) chuyên)\s+$"
)
#: A street address before a name: "Địa chỉ: 25 Nguyễn Trãi", "số 12 Lê Lợi", "số nhà 7 Trần Phú".
ADDRESS_BEFORE_RE = re.compile(
    r"(?:địa chỉ\s*:?\s*(?:số\s+)?|(?<!\w)số(?: nhà)?\s+)\d+[a-z]?(?:/\d+[a-z]?)*\s+(?:\w+\s+)?$"
)
#: Inside a company's name: "Công ty TNHH Túi xách Hoàng Thịnh Phát", "Công ty CP May Việt Tiến".
COMPANY_NAME_BEFORE_RE = re.compile(
    r"(?:công ty|tập đoàn|xí nghiệp|nhà máy|hợp tác xã)"
    r"(?:\s+(?:tnhh|cổ phần|cp|mtv|một thành viên|liên doanh))*"
    r"(?:\s+[^\s,.;:()]+){0,3}\s+$"
)
#: A company word right before a name: "Công ty Hoàng Long" is a firm, but see _titled_full_name.
COMPANY_BEFORE_RE = re.compile(r"(?:công ty|doanh nghiệp|xí nghiệp)\s+$")
#: Words before a list of places: "ở Ninh Hòa, Cam Ranh và Diên Khánh".
LOCATIVE_BEFORE_RE = re.compile(r"(?<!\w)(?:ở|tại|về|đến|từ)\s+$")
#: What follows a place in a list of places: ", Cam Ranh", " và Diên Khánh".
PLACE_LIST_AFTER_RE = regex.compile(r"^\s*(?:,|và)\s+\p{Lu}")
#: A photo or video credit naming a person: "Ảnh: Minh Huyền", "(Ảnh: Đức Thịnh)", "Bài, ảnh: Lê
#: Nam". The name is two to four capitalised words, and the credit ends with it.
PHOTO_CREDIT_RE = regex.compile(
    r"(?<!\w)(?:Ảnh|Ảnh minh họa|Ảnh minh hoạ|Bài, ảnh|Bài và ảnh|Tin, ảnh|Tin và ảnh|Video|Clip)\s*:\s*"
    r"(?P<name>\p{Lu}\p{Ll}*(?:[ ]\p{Lu}\p{Ll}*){1,3}|\p{Lu}+(?:[ ]\p{Lu}+){1,3})(?=\s*[)\n.,;]|\s*$)"
)
#: The words every photo or video credit opens with: a text holding none has no credit.
PHOTO_CREDIT_LABELS = ("Ảnh", "Bài", "Tin", "Video", "Clip")
#: A list of places before a candidate: "các huyện Thanh Hà, Ninh Giang", "xã A, xã B và C".
PLACE_LIST_BEFORE_RE = re.compile(
    r"(?:huyện|xã|phường|quận|thị xã|thị trấn|tỉnh|thành phố|thôn|bản|khu công nghiệp|kcn)\s+"
    r"[^\s,.;:]+(?:\s[^\s,.;:]+){0,3}(?:\s*,\s*(?:(?:huyện|xã|phường|quận)\s+)?"
    r"[^\s,.;:]+(?:\s[^\s,.;:]+){0,3})*(?:\s*,|\s+và)\s+$"
)
#: A plural zone or place noun opening a list of their names, with a gloss between them: "các
#: khu công nghiệp ở khu vực Thái Bình (cũ) như Tiền Hải, Phúc Khánh", "các xã gồm: An Bình,
#: Tân Hòa và". Up to 60 characters may stand between the noun and "như"/"gồm"/":", then the
#: names before the candidate, each up to four words, joined by commas or "và".
PLACE_LIST_INTRO_RE = re.compile(
    r"(?:các|những)\s+(?:khu công nghiệp|kcn|cụm công nghiệp|ccn|khu kinh tế|khu chế xuất|xã|phường|"
    r"huyện|quận|thị xã|thị trấn|tỉnh|thành phố|địa phương|thôn|bản)(?!\w)[^.;!?\n]{0,60}?"
    r"(?:\s(?:như|gồm(?: có)?)\s*:?|\s*:)\s+"
    r"(?:[^\s,.;:]+(?:\s[^\s,.;:]+){0,3}(?:\s*,|\s+và)\s+)*$"
)
#: A place's administrative abbreviation written against its name: "TP.Phan Rang", "TX.Ninh
#: Hòa", "H.Phú Giáo", "Q.Bình Thạnh". (With a space, "TP. Vinh" is in NOT_PERSON_BEFORE_RE; a
#: spaced single letter is more often a person's initial.)
PLACE_ABBREV_BEFORE_RE = re.compile(r"(?<!\w)(?:(?:tp|tx|tt)\.\s?|[qhpx]\.)$")
#: Lower-case common nouns whose first syllable, capitalised in a body's name, is also a given
#: name, so a family-name run stops inside them: "Đoàn Thư ký", "Đoàn Thanh niên", "Đoàn Chủ
#: tịch" (a congress's secretariat, the youth union, the presidium), never "Đoàn Thư", "Đoàn Thanh".
COMPOUNDS_AFTER_NAME = frozenset(
    "thư ký|chủ tịch|chủ nhiệm|chủ trì|thanh niên|thanh tra|thanh toán|kiểm tra|giám sát|giám đốc|"
    "công tác|đại biểu|luật sư|thường trực|thường vụ|chấp hành|thi đua|tư vấn|văn phòng|hội đồng".split("|")
)
#: The lower-case word right after a name candidate (text): " ký" after "Đoàn Thư".
NEXT_LOWER_WORD_RE = regex.compile(r" (\p{Ll}+)(?!\w)")
#: Honorifics right before a name, also opening a list with a colon ("các đồng chí: Xa Văn
#: Đồng, …"); they mark the run as a person even with a rare surname.
HONORIFIC_BEFORE_RE = re.compile(
    r"(?:đồng chí|đ/c|ông|bà|anh|chị|thầy|cô|thầy giáo|cô giáo|pgs\.?\s*ts\.?|gs\.?\s*ts\.?|ts\.|ths\.|ns\.|"
    r"bs\.)\s*:?\s+$"
)


@cache
def non_person_names() -> frozenset[str]:
    """Match keys of capitalised phrases that look like names but are not persons."""
    return frozenset(match_key(n) for n in read_lines("not_persons.txt"))


def _split_candidate(text: str, key: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a capitalised run to the person name inside it, or None."""
    run_key = span_key(text, key, start, end)
    place = province_mention_re().match(run_key)
    if place:
        rest = run_key[place.end() :]
        if not rest.strip():
            return None
        start += place.end() + (len(rest) - len(rest.lstrip()))
    words = text[start:end].split(" ")
    family_names = surnames()
    # the name starts at the first family name in the run
    for i, word in enumerate(words):
        if (
            word in family_names
            or word.startswith(("H'", "Y'"))
            or has_name_shape(words[i : i + MAX_NAME_WORDS])  # "Xồng Thị Pa", "Xa Văn Đồng"
        ):
            first = start + sum(len(w) + 1 for w in words[:i])
            name_words = words[i : i + MAX_NAME_WORDS]
            if len(name_words) < 2:
                return None
            return first, first + len(" ".join(name_words))
        if i >= 1:
            break
    return None


#: Honorifics that open a sentence with a capital and so start the capitalised run.
SENTENCE_INITIAL_HONORIFICS = frozenset({"ông", "bà", "anh", "chị", "thầy", "cô"})
#: Name prefixes of the Central Highlands peoples (Ba Na, Xơ Đăng, Gia Rai, Ê Đê): "A Thuyên",
#: "Y Blăng". After an honorific they open a person's name without any family name.
HIGHLAND_NAME_PREFIXES = frozenset({"A", "Y"})
#: Characters of context on each side of a name candidate given to underthesea's NER.
NER_WINDOW = 40


@lru_cache(maxsize=4096)
def _ner_person_spans(window: str) -> tuple[tuple[int, int], ...]:
    """Character spans underthesea's NER tags PER in a short window of text."""
    import underthesea  # slow to import (~0.2 s) and needed only for the rare unlisted family name

    spans: list[tuple[int, int]] = []
    pos = 0
    for word, _pos, _chunk, tag in underthesea.ner(window):
        start = window.find(word, pos)
        if start < 0:
            continue
        pos = start + len(word)
        if tag.endswith("PER"):
            if tag.startswith("I-") and spans and spans[-1][1] >= start - 1:
                spans[-1] = (spans[-1][0], pos)
            else:
                spans.append((start, pos))
    return tuple(spans)


def _confirmed_by_ner(text: str, key: str, start: int, end: int) -> tuple[int, int] | None:
    """A name whose family name is not in our list ("ông Mùi Văn Lọ", "bà Nay Y Blang").

    Only after an honorific ("ông", "bà", "đồng chí"…), and only when underthesea's
    NER, run on a short window, tags the same words as a person: the gazetteer
    decides the common cases, the statistical model the rare ones.
    """
    first = key[start:end].split(" ", 1)[0]
    if first in SENTENCE_INITIAL_HONORIFICS and " " in key[start:end]:
        start += len(first) + 1  # "Bà Nay Y Blang" at the start of a sentence
    elif not HONORIFIC_BEFORE_RE.search(key, max(0, start - 16), start):
        return None
    words = text[start:end].split(" ")
    if not 2 <= len(words) <= MAX_NAME_WORDS or any(w.isupper() and len(w) > 1 for w in words):
        return None
    if words[0] in HIGHLAND_NAME_PREFIXES and len(words) <= 3:
        return start, end  # "thầy A Thuyên": no family name, no need to ask the model
    lo = max(0, start - NER_WINDOW)
    for s, e in _ner_person_spans(text[lo : end + NER_WINDOW]):
        if lo + s <= start and lo + e >= end:
            return start, end
    return None


def _is_person(text: str, key: str, start: int, end: int, *, after_person: bool = False) -> bool:
    """Is the name candidate at ``[start, end)`` a person? ``after_person`` says it is coordinated
    with a person named right before it ("… tỉnh Lê Thị Ngọc Diệp và Đàm Quốc Việt"), so the
    list is a list of people, not of places."""
    name_key = span_key(text, key, start, end)
    if name_key in non_person_names() or province_mention_re().fullmatch(name_key):
        return False
    if any(not w[0].isupper() or (w.isupper() and len(w) > 1) for w in text[start:end].split()):
        return False  # acronyms ("CĐVC") are not name syllables
    words = text[start:end].split()
    full_name = len(words) >= 3 and words[1] in MIDDLE_NAMES  # "Chu Thị Huệ" is never a place
    if _ends_inside_compound(text, end):
        return False  # "Đoàn Thư ký", "Đoàn Thanh niên"
    if PLACE_ABBREV_BEFORE_RE.search(key, max(0, start - 4), start):
        return False  # "TP.Phan Rang"
    if not (full_name or after_person) and _in_place_list(key, _run_start(text, start)):
        return False  # "các huyện Thanh Hà, Ninh Giang", "các KCN … như Tiền Hải, Liên Hà Thái"
    if ADDRESS_BEFORE_RE.search(key, max(0, start - 30), start):
        return False  # "Địa chỉ: 25 Nguyễn Trãi"
    words = text[start:end].split()
    if (
        len(words) == 2
        and LOCATIVE_BEFORE_RE.search(key, max(0, start - 8), start)
        and PLACE_LIST_AFTER_RE.match(text[end : end + 8])
    ):
        return False  # "ở Ninh Hòa, Cam Ranh và Diên Khánh": places
    if COMPANY_BEFORE_RE.search(key, max(0, start - 12), start) and _titled_full_name(text, key, start, end):
        return True  # "Chủ tịch CĐCS Công ty Đặng Thị Hồng Nhung": the chair, not a company
    if (
        COMPANY_NAME_BEFORE_RE.search(key, max(0, start - 60), start)
        and not HONORIFIC_BEFORE_RE.search(key, max(0, start - 16), start)
        and not set(words[1:2]) & MIDDLE_NAMES
    ):
        return False  # "Công ty TNHH Túi xách Hoàng Thịnh Phát"
    if NOT_PERSON_BEFORE_RE.search(key, max(0, start - 25), start):
        # "tỉnh Hà Giang" is a place, but "Chủ tịch … tỉnh Vũ Mạnh Cường" is the chair
        return bool(OWN_PROVINCE_END_RE.search(key[max(0, start - 12) : start].rstrip())) and (
            person_run_after_own_province(text, start)
            and _title_re().search(key, max(0, start - 90), start) is not None
        )
    return True


def _run_start(text: str, start: int) -> int:
    """Start of the capitalised run a candidate was cut from: "Liên Hà Thái" for "Hà Thái"."""
    while start >= 2 and text[start - 1] == " " and text[start - 2].isalpha():
        word_start = start - 1
        while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "'"):
            word_start -= 1
        if not text[word_start].isupper():
            break
        start = word_start
    return start


def _in_place_list(key: str, start: int) -> bool:
    """Does the run at ``start`` continue a list of places or zones? "các huyện Thanh Hà, Ninh
    Giang", "các khu công nghiệp … như Tiền Hải, Phúc Khánh, Nguyễn Đức Cảnh"."""
    window = max(0, start - 160)
    return bool(
        PLACE_LIST_BEFORE_RE.search(key, max(0, start - 80), start)
        or (
            PLACE_LIST_INTRO_RE.search(key, window, start)
            and not HONORIFIC_BEFORE_RE.search(key, window, start)
        )
    )


def _ends_inside_compound(text: str, end: int) -> bool:
    """Does the candidate's last syllable open a lower-case common noun ("Đoàn Thư| ký")?"""
    following = NEXT_LOWER_WORD_RE.match(text, end)
    if following is None:
        return False
    last = text[:end].rsplit(" ", 1)[-1]
    return match_key(f"{last} {following[1]}") in COMPOUNDS_AFTER_NAME


def _coordinated(key: str, mentions: list[tuple[int, int, str]], start: int) -> bool:
    """Is the candidate at ``start`` joined to the last person found by ", " or " và "?"""
    return bool(mentions) and NAME_COORD_GAP_RE.fullmatch(key[mentions[-1][1] : start]) is not None


def _titled_full_name(text: str, key: str, start: int, end: int) -> bool:
    """A three-to-five-word name with a middle name "Thị"/"Văn" and a role title before it."""
    words = text[start:end].split()
    return (
        3 <= len(words) <= MAX_NAME_WORDS
        and words[1] in MIDDLE_NAMES
        and _title_re().search(key, max(0, start - 90), start) is not None
    )


def find_persons(
    text: str,
    ctx: Context,
    *,
    key: str | None = None,
    sentences: Sequence[tuple[int, int]] | None = None,
) -> list[Entity]:
    """PERSON entities, one per mention; every mention carries all roles found for the name."""
    key = match_key(text) if key is None else key
    mentions: list[tuple[int, int, str]] = []
    by_ner: set[str] = set()
    roles: dict[str, list[str]] = {}
    claimed: set[int] = set()  # titles already taken by the name written before them
    shared: tuple[int, list[str]] | None = None  # (end of the last name, its plural title)
    for run in CAP_RUN_MULTI_RE.finditer(text):  # one word is never a name: neither test below takes it
        span = _split_candidate(text, key, run.start(), run.end())
        ner_span = None if span else _confirmed_by_ner(text, key, run.start(), run.end())
        span = span or ner_span
        if span is None or not _is_person(
            text, key, *span, after_person=_coordinated(key, mentions, span[0])
        ):
            continue
        name = " ".join(text[span[0] : span[1]].split())
        if ner_span:
            by_ner.add(name)
        mentions.append((span[0], span[1], name))
        before, plural = roles_before(text, key, span[0], ctx, claimed)
        if not before and shared is not None and NAME_COORD_GAP_RE.fullmatch(key[shared[0] : span[0]]):
            before, plural = shared[1], True  # "các Phó Chủ tịch … A và B": B's title too
        shared = (span[1], before) if plural and before else None
        found = before + _roles_after(text, key, span[1], ctx, start=span[0], claimed=claimed)
        bucket = roles.setdefault(name, [])
        bucket.extend(r for r in found if r not in bucket)
    _add_byline(text, ctx, mentions, roles)
    _add_photo_credits(text, mentions, roles)
    out = []
    for start, end, name in sorted(set(mentions)):
        role = "; ".join(roles.get(name, [])) or None
        rule = "name_ner" if name in by_ner else "name"
        out.append(Entity("PERSON", start, end, text[start:end], name, role=role, rule=rule))
    return out


def _add_photo_credits(text: str, mentions: list[tuple[int, int, str]], roles: dict[str, list[str]]) -> None:
    """Photographers and reporters credited in the text: "Ảnh: Minh Huyền", "(Ảnh: Đức Thịnh)"."""
    if not any(label in text for label in PHOTO_CREDIT_LABELS):
        return
    taken = {(s, e) for s, e, _ in mentions}
    for m in PHOTO_CREDIT_RE.finditer(text):
        start, end = m.span("name")
        name = " ".join(m["name"].split())  # capitalised words only: "Ảnh: TTXVN" never matches
        if name.isupper():
            if not is_plausible_name(name):
                continue  # "Ảnh: BÁO NGHỆ AN"
            name = name_case(name)
        if (start, end) in taken:
            continue
        key = match_key(name)
        if key in non_person_names() or province_mention_re().match(key) or NOT_A_NAME_RE.search(name):
            continue  # "Ảnh: Báo Hà Tĩnh", "Ảnh: Công đoàn ngành"
        mentions.append((start, end, name))
        roles.setdefault(name, [])


def _add_byline(
    text: str, ctx: Context, mentions: list[tuple[int, int, str]], roles: dict[str, list[str]]
) -> None:
    """The byline's author as a PERSON, with the role written beside it; also a byline printed
    above the lead ("PHƯƠNG NHI" under the dateline)."""
    lines = text.split("\n")
    head = find_head_author(lines)
    if head:
        head_start = sum(len(line) + 1 for line in lines[: head[1]]) + lines[head[1]].find(head[0])
        mentions.append((head_start, head_start + len(head[0]), name_case(head[0])))
        roles.setdefault(name_case(head[0]), [])
    found = find_author(lines)
    if not found:
        return
    name, role, index = found
    line_start = sum(len(line) + 1 for line in lines[:index])
    start = text.find(name, line_start)
    if start < 0:
        return
    name = name_case(name)  # "MAI ANH" -> "Mai Anh"; the span keeps the capitals
    mentions.append((start, start + len(name), name))
    bucket = roles.setdefault(name, [])
    if not role:
        return
    m = _title_re().match(match_key(role))
    if m:
        expanded, _ = _role(role, m.start(), m.end(), ctx)
        if expanded not in bucket:
            bucket.append(expanded)
    elif NAME_RE.fullmatch(role) and (not role.isupper() or is_plausible_name(role)):
        # two authors: "Hải Anh - Văn Tuấn", "ĐẶNG LINH - MINH KHUÊ"
        second = text.find(role, start + len(name))
        if second >= 0:
            mentions.append((second, second + len(role), name_case(role)))


def find_byline(text: str) -> tuple[str, list[str]] | None:
    """The author named at the end of ``text`` and the roles written beside the name."""
    found = find_author(text.split("\n"))
    if not found:
        return None
    name, role, _ = found
    return name, [role] if role else []
