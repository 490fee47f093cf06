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
from dataclasses import dataclass
from functools import cache, lru_cache

import regex
import underthesea

from unionnews.articles.byline import NAME_RE, NOT_A_NAME_RE, find_author
from unionnews.lexicon import read_lines, read_tsv
from unionnews.model import Context, Entity
from unionnews.nlp.normalize import match_key
from unionnews.nlp.orgs import expand_org, org_words, sector_end
from unionnews.nlp.places import province_mention_re

#: A run of capitalised words (the name candidate), e.g. "Tuyên Quang Võ Công Thành".
#: Words start with an upper-case letter (Unicode class Lu); "H'Hen" and "Jae-hyun" are one word.
CAP_RUN_RE = regex.compile(r"(?<![\w/])\p{Lu}[\w']*(?:-\p{Ll}+)?(?:[ ]\p{Lu}[\w']*(?:-\p{Ll}+)?)*")
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
#: Middle names that mark a run as a person's name ("Đặng Thị Hồng Nhung", "Lê Văn Nam").
MIDDLE_NAMES = frozenset({"Thị", "Văn"})
#: What may stand between a title (with its body) and the name it belongs to: ", ông ".
TITLE_NAME_GAP_RE = re.compile(r"\s*,\s*(?:ông|bà|đồng chí|đ/c)\s+")
#: The dash before a title shared by coordinated names: "các đồng chí A, B - Phó Chủ tịch …".
SHARED_TITLE_SEP_RE = re.compile(r"\s*[-–]\s*")
#: Lower-case second syllables of body words: "Trung tâm Y tế", "Tòa án nhân dân".
BODY_SECOND_WORDS = {"trung": "tâm", "tòa": "án"}
#: Words before a list of places: "ở Ninh Hòa, Cam Ranh và Diên Khánh".
LOCATIVE_BEFORE_RE = re.compile(r"(?<!\w)(?:ở|tại|về|đến|từ)\s+$")
#: What follows a place in a list of places: ", Cam Ranh", " và Diên Khánh".
PLACE_LIST_AFTER_RE = regex.compile(r"^\s*(?:,|và)\s+\p{Lu}")
#: Lower-case words ending a body's name and a comma ("… Hồi sức cấp cứu, "), taken only when
#: an election or appointment verb follows.
BODY_TAIL_RE = re.compile(r"(?:[ ][^\s,;.:()]+){1,6}\s*[,)]\s*,?\s*")
#: The term a body's office belongs to, after the body: " khóa III", " nhiệm kỳ 2018 - 2023".
TERM_AFTER_BODY_RE = re.compile(r"\s+(?:khóa\s+[ivxlcdm\d]+|nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4})(?!\w)")
#: A photo or video credit naming a person: "Ảnh: Minh Huyền", "(Ảnh: Đức Thịnh)", "Bài, ảnh: Lê
#: Nam". The name is two to four capitalised words, and the credit ends with it.
PHOTO_CREDIT_RE = regex.compile(
    r"(?<!\w)(?:Ảnh|Ảnh minh họa|Ảnh minh hoạ|Bài, ảnh|Bài và ảnh|Tin, ảnh|Tin và ảnh|Video|Clip)\s*:\s*"
    r"(?P<name>\p{Lu}\p{Ll}*(?:[ ]\p{Lu}\p{Ll}*){1,3})(?=\s*[)\n.,;]|\s*$)"
)
#: "nguyên" before a title: a former office ("nguyên Chủ tịch LĐLĐ thành phố").
FORMER_BEFORE_RE = re.compile(r"(?<!\w)nguyên\s+$")
#: "nguyên" opening the words after a name, before the title.
FORMER_AT_RE = re.compile(r"nguyên\s+")
#: A separator between a name and the roles after it: " - ", ", ", " – ".
ROLE_AFTER_SEP_RE = re.compile(r"^\s*(?:[-–,]\s*|\(\s*)")
#: Verbs between a name and the role it is elected or appointed to: "X tiếp tục được bầu giữ
#: chức Chủ tịch …", "X được bầu làm Chủ tịch …", "X được bổ nhiệm Giám đốc …".
ROLE_AFTER_VERB_RE = re.compile(
    r"^\s*(?:(?:người\s+|là người\s+)?(?:tiếp tục\s+|tái\s+)?(?:được|đã được|vừa được)\s+(?:tín nhiệm\s+)?"
    r"(?:bầu|bổ nhiệm|phân công|giao|điều động|luân chuyển|chỉ định|công nhận)|"
    r"(?:tiếp tục\s+)?(?:tái\s+)?(?:đắc cử|trúng cử)|giữ chức(?:\s+vụ)?|làm(?=\s)|nay là|hiện là)"
    r"(?:\s+(?:giữ|làm|giữ chức|chức|vụ|lại|giữ chức vụ|vào|vị trí))*\s+"
)
#: Further names coordinated with a name before a shared election verb: "các đồng chí A và B
#: được bầu làm Phó Chủ tịch", "X, Y và Z được bầu …".
COORDINATED_NAMES_RE = regex.compile(
    r"^(?:\s*(?:,|\svà)\s+(?:đồng chí\s+|ông\s+|bà\s+)?\p{Lu}[\w']*(?:[ ]\p{Lu}[\w']*){1,4})+"
)
#: A bare "tỉnh"/"thành phố" (the article's own province) ending a body before a name:
#: "Chủ tịch Công đoàn KKT tỉnh Vũ Mạnh Cường cho biết".
OWN_PROVINCE_END_RE = re.compile(r"(?:^|\s)(?:tỉnh|thành phố|tp\.?)$")
#: A list of places before a candidate: "các huyện Thanh Hà, Ninh Giang", "xã A, xã B và C".
PLACE_LIST_BEFORE_RE = re.compile(
    r"(?:huyện|xã|phường|quận|thị xã|thị trấn|tỉnh|thành phố|thôn|bản|khu công nghiệp|kcn)\s+"
    r"[^\s,.;:]+(?:\s[^\s,.;:]+){0,3}(?:\s*,\s*(?:(?:huyện|xã|phường|quận)\s+)?"
    r"[^\s,.;:]+(?:\s[^\s,.;:]+){0,3})*(?:\s*,|\s+và)\s+$"
)
#: Shortest run (in words) taken as a person right after a bare "tỉnh": two-word runs there
#: are district or commune names far more often than people.
MIN_WORDS_AFTER_OWN_PROVINCE = 3
#: Honorifics right before a name; they mark the run as a person even with a rare surname.
HONORIFIC_BEFORE_RE = re.compile(
    r"(?:đồng chí|đ/c|ông|bà|anh|chị|thầy|cô|thầy giáo|cô giáo|pgs\.?\s*ts\.?|gs\.?\s*ts\.?|ts\.|ths\.|ns\.|"
    r"bs\.)\s+$"
)
#: The longest name: family name + up to four more syllables.
MAX_NAME_WORDS = 5


@dataclass(frozen=True, slots=True)
class Title:
    title: str  # expanded, e.g. "Ủy viên Ban Chấp hành"
    key: str  # match key of the written form


@cache
def surnames() -> frozenset[str]:
    return frozenset(read_lines("surnames.txt"))


@cache
def non_person_names() -> frozenset[str]:
    """Match keys of capitalised phrases that look like names but are not persons."""
    return frozenset(match_key(n) for n in read_lines("not_persons.txt"))


@cache
def titles() -> tuple[Title, ...]:
    """Every written form of every role title, longest first."""
    found: list[Title] = []
    for row in read_tsv("roles.tsv"):
        for form in [row["title"], *row["variants"].split("|")]:
            if form:
                found.append(Title(row["title"], match_key(form)))
    return tuple(sorted(found, key=lambda t: len(t.key), reverse=True))


@cache
def _title_re() -> re.Pattern[str]:
    alternation = "|".join(re.escape(t.key) for t in titles())
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


def _title_for(key: str) -> str:
    return next(t.title for t in titles() if t.key == key)


#: One whitespace-delimited word.
WORD_RE = re.compile(r"\S+")
#: A body named after a title is never longer than this: look no further (linear time on
#: long articles).
MAX_BODY_CHARS = 600


def _body_end(text: str, start: int) -> int:
    """End of the body a title governs: "LĐLĐ tỉnh", "Ban Chấp hành Đảng bộ tỉnh", "CĐVC tỉnh X".

    Capitalised words and body words; stops at punctuation, at a lower-case word that
    is not a body word, and before a capitalised run that starts with a family name
    after a province ("… tỉnh Tuyên Quang Võ Công Thành").
    """
    allowed = org_words()
    end = start
    words = list(WORD_RE.finditer(text[start : start + MAX_BODY_CHARS]))
    skip_until = 0
    for i, m in enumerate(words):
        if start + m.start() < skip_until:
            continue
        word = m.group()
        if end > start and word[:1].isupper() and not text[end : start + m.start()].strip():
            sector = sector_end(text, start + m.start())
            if sector is not None:
                end = skip_until = sector  # "… ngành Giao thông vận tải"
                continue
        bare = word.rstrip(',.;:!?)"”')
        if not bare or text[end : start + m.start()].strip():
            break
        if bare in ("-", "–") and end > start:
            nxt = words[i + 1].group() if i + 1 < len(words) else ""
            if nxt[:1].isupper():
                end = start + m.end()  # "Ban Chính sách - Pháp luật"
                continue
            break
        nxt_word = words[i + 1].group() if i + 1 < len(words) else ""
        city = match_key(bare) == "thành" and match_key(nxt_word).startswith("phố")
        prev_word = match_key(words[i - 1].group()) if i else ""
        second = BODY_SECOND_WORDS.get(prev_word) == match_key(bare)  # "Trung tâm", "Tòa án"
        if not (bare[0].isupper() or match_key(bare) in allowed or city or second):
            break  # "thành" only as in "thành phố": "LĐLĐ tỉnh thành lập" ends at "tỉnh"
        if bare in surnames() and end > start:
            prev = match_key(text[start:end])
            run = CAP_RUN_RE.match(text, start + m.start())
            names = run.group().split(" ") if run is not None else []
            if 3 <= len(names) <= MAX_NAME_WORDS and names[1] in MIDDLE_NAMES:
                break  # "… Công ty Đặng Thị Hồng Nhung": a full name ends the body
            if end == skip_until and 2 <= len(names) <= MAX_NAME_WORDS:
                break  # "… ngành Y tế Lê Văn An": the person starts here
            if province_mention_re().search(prev):
                break  # a family name after the place: the person starts here
            if OWN_PROVINCE_END_RE.search(prev) and _person_run_after_own_province(text, start + m.start()):
                break  # "… tỉnh Vũ Mạnh Cường": the person starts here
        end = start + m.start() + len(bare)
        if bare != word:
            break
    return end


def _person_run_after_own_province(text: str, pos: int) -> bool:
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


def _role(text: str, title_start: int, title_end: int, ctx: Context) -> tuple[str, int]:
    """The role string of the title at ``[title_start, title_end)`` and where its body ends.

    A former office keeps its "nguyên": "nguyên Chủ tịch LĐLĐ thành phố".
    """
    title = _title_for(match_key(text[title_start:title_end]))
    if FORMER_BEFORE_RE.search(match_key(text[max(0, title_start - 8) : title_start])):
        title = f"nguyên {title}"
    body_start = title_end + 1 if text[title_end : title_end + 1] == " " else title_end
    body_end = _body_end(text, body_start)
    body = text[body_start:body_end].strip()
    role = f"{title} {expand_org(body, ctx.province)}" if body else title
    return role, body_end


def _roles_after(text: str, key: str, end: int, ctx: Context) -> list[str]:
    """Roles listed after a name: "- Ủy viên BCH …, Chủ tịch LĐLĐ tỉnh", "(Giám đốc …)"; or
    after the names coordinated with it, when they share them ("A, B - Phó Chủ tịch …",
    "A và B được bầu làm Phó Chủ tịch")."""
    sep = ROLE_AFTER_SEP_RE.match(text[end : end + 4]) or ROLE_AFTER_VERB_RE.match(key[end : end + 80])
    roles = _role_list(text, key, end + sep.end(), ctx) if sep else []
    if roles:
        return roles
    others = COORDINATED_NAMES_RE.match(text[end : end + 160])
    if not others:
        return []
    after = end + others.end()  # the verb or dash and the roles after the last name are shared by all
    shared = ROLE_AFTER_VERB_RE.match(key[after : after + 80]) or SHARED_TITLE_SEP_RE.match(
        text[after : after + 4]
    )
    return _role_list(text, key, after + shared.end(), ctx) if shared else []


def _role_list(text: str, key: str, pos: int, ctx: Context) -> list[str]:
    """The titles (with their bodies) listed from ``pos`` on."""
    roles: list[str] = []
    while True:
        former = FORMER_AT_RE.match(key, pos)
        m = _title_re().match(key, former.end() if former else pos)
        if not m:
            # "X, Trưởng ban Tổ chức, được bổ nhiệm giữ chức Chánh Văn phòng": the new office
            # too; "X, người vừa được bổ nhiệm giữ chức Phó Giám đốc"
            verb = ROLE_AFTER_VERB_RE.match(key[pos : pos + 80])
            m = _title_re().match(key, pos + verb.end()) if verb else None
            if m and verb and verb.group().strip().startswith("làm") and text[m.start()].islower():
                m = None  # "làm trưởng đoàn": a task for the day, not an office
        if not m:
            break
        role, pos = _role(text, m.start(), m.end(), ctx)
        roles.append(role)
        term = TERM_AFTER_BODY_RE.match(key, pos)
        if term is not None:
            pos = term.end()  # "Phó Chủ tịch Công đoàn KKT khóa III, được bầu …"
        nxt = re.match(r"\s*\)?\s*[,;]\s*", text[pos : pos + 5]) or re.match(
            r"\s*\)?\s+(?=giữ chức|được|đã được)", key[pos : pos + 14]
        )
        if nxt:
            pos += nxt.end()
            continue
        # "Trưởng khoa Hồi sức cấp cứu, giữ chức …": the body's lower-case tail, then a verb
        tail = BODY_TAIL_RE.match(text, pos)
        if tail is None or not ROLE_AFTER_VERB_RE.match(key[tail.end() : tail.end() + 80]):
            break
        pos = tail.end()
    return roles


def _roles_before(text: str, key: str, start: int, ctx: Context) -> list[str]:
    """The role written right before a name: "Chủ tịch CĐVC tỉnh Tuyên Quang Võ Công Thành"."""
    lo = max(0, start - 90)
    best: list[str] = []
    for m in _title_re().finditer(key, lo, start):
        role, body_end = _role(text, m.start(), m.end(), ctx)
        if not text[body_end:start].strip() or TITLE_NAME_GAP_RE.fullmatch(key[body_end:start]):
            best = [role]  # "Chủ tịch LĐLĐ tỉnh Nguyễn Văn A", "Phó Chủ tịch LĐLĐ tỉnh, ông A"
    return best


def _split_candidate(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a capitalised run to the person name inside it, or None."""
    run_key = match_key(text[start:end])
    place = province_mention_re().match(run_key)
    if place:
        rest = run_key[place.end() :]
        if not rest.strip():
            return None
        start += place.end() + (len(rest) - len(rest.lstrip()))
    words = text[start:end].split(" ")
    # the name starts at the first family name in the run
    for i, word in enumerate(words):
        if word in surnames() or word.startswith(("H'", "Y'")):
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


def _is_person(text: str, key: str, start: int, end: int) -> bool:
    name_key = match_key(text[start:end])
    if name_key in non_person_names() or province_mention_re().fullmatch(name_key):
        return False
    if any(not w[0].isupper() or (w.isupper() and len(w) > 1) for w in text[start:end].split()):
        return False  # acronyms ("CĐVC") are not name syllables
    if PLACE_LIST_BEFORE_RE.search(key, max(0, start - 80), start):
        return False  # "các huyện Thanh Hà, Ninh Giang"
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
            _person_run_after_own_province(text, start)
            and _title_re().search(key, max(0, start - 90), start) is not None
        )
    return True


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
    for run in CAP_RUN_RE.finditer(text):
        span = _split_candidate(text, run.start(), run.end())
        ner_span = None if span else _confirmed_by_ner(text, key, run.start(), run.end())
        span = span or ner_span
        if span is None or not _is_person(text, key, *span):
            continue
        name = " ".join(text[span[0] : span[1]].split())
        if ner_span:
            by_ner.add(name)
        mentions.append((span[0], span[1], name))
        found = _roles_before(text, key, span[0], ctx) + _roles_after(text, key, span[1], ctx)
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
    taken = {(s, e) for s, e, _ in mentions}
    for m in PHOTO_CREDIT_RE.finditer(text):
        start, end = m.span("name")
        name = " ".join(m["name"].split())  # capitalised words only: "Ảnh: TTXVN" never matches
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
    """The byline's author as a PERSON, with the role written beside it."""
    lines = text.split("\n")
    found = find_author(lines)
    if not found:
        return
    name, role, index = found
    line_start = sum(len(line) + 1 for line in lines[:index])
    start = text.find(name, line_start)
    if start < 0:
        return
    mentions.append((start, start + len(name), name))
    bucket = roles.setdefault(name, [])
    if not role:
        return
    m = _title_re().match(match_key(role))
    if m:
        expanded, _ = _role(role, m.start(), m.end(), ctx)
        if expanded not in bucket:
            bucket.append(expanded)
    elif NAME_RE.fullmatch(role):
        # two authors: "Hải Anh - Văn Tuấn"
        second = text.find(role, start + len(name))
        if second >= 0:
            mentions.append((second, second + len(role), role))


def find_byline(text: str) -> tuple[str, list[str]] | None:
    """The author named at the end of ``text`` and the roles written beside the name."""
    found = find_author(text.split("\n"))
    if not found:
        return None
    name, role, _ = found
    return name, [role] if role else []
