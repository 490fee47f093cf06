"""Roles of persons: the title written next to a name and the body it governs.

A role is the expanded title (``lexicon/roles.tsv``) followed by the expanded body
("Chủ tịch Liên đoàn Lao động tỉnh Nghệ An"). It attaches to the name it stands
beside in the clause:

* before the name, directly or across a dash pair, a bracket, ", ông", a colon or "là":
  "Chủ tịch LĐLĐ tỉnh Nguyễn Văn A", "Chủ tịch CĐCS – anh A –", "(ông A)", "… tỉnh: A";
* after the name, across a separator and an aside in brackets: "A - Chủ tịch …",
  "A, Chủ tịch …", "A (bìa trái), Giám đốc …", or after an election verb, also after the
  roles already listed ("A, Ủy viên BTV LĐLĐ tỉnh làm Chủ nhiệm");
* shared by coordinated names only when they are plural ("các Phó Chủ tịch … A và B",
  "các đồng chí A, B và C, Phó Chủ tịch …"), or with a dash or an election verb;
* one title per name in a list: a title whose body runs straight into the next name
  ("…; Phó Chủ tịch UBND tỉnh B") is B's, and a title that follows A is never B's too.

The body ends at punctuation, a line break, the next name, or a lower-case word that
starts a new clause ("trao quà", "động viên công nhân"); a department after "ban" is
kept whole ("Ban Công tác nữ").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import regex

from unionnews.lexicon import read_tsv
from unionnews.model import Context
from unionnews.nlp.names import (
    CAP_RUN_RE,
    MAX_NAME_WORDS,
    MIDDLE_NAMES,
    OWN_PROVINCE_END_RE,
    person_run_after_own_province,
    surnames,
)
from unionnews.nlp.normalize import match_key
from unionnews.nlp.orgs import expand_org, org_words, sector_end
from unionnews.nlp.places import province_mention_re, word_key

#: Honorifics between a title and the name it introduces (match key): "ông", "chị", "thầy".
GAP_HONORIFIC = r"(?:ông|bà|anh|chị|thầy|cô|đồng chí|đ/c)"
#: What may stand between a title (with its body) and the name it belongs to (match key):
#: ", ông ", an opening dash or bracket with or without an honorific (" – anh ", " (bà ",
#: " - "), or a colon or "là" that introduces the holders ("các Phó Chủ tịch LĐLĐ tỉnh: ",
#: "Chủ tịch Công đoàn là bà ").
TITLE_NAME_GAP_RE = re.compile(
    rf"\s*(?:,\s*{GAP_HONORIFIC}\s+|(?:[-–(:]|\slà(?=\s))\s*(?:{GAP_HONORIFIC}\s+)?)"
)
#: A plural word right before a title or a list of names, which makes the title shared by
#: the coordinated names (match key): "các Phó Chủ tịch … A và B", "các đồng chí A, B".
PLURAL_BEFORE_RE = re.compile(r"(?<!\w)(?:các|những|hai|ba)\s+(?:(?:đồng chí|ông|bà|anh|chị)\s+)?$")
#: Between two coordinated names (match key): ", ", " và ", " và bà ".
NAME_COORD_GAP_RE = re.compile(r"\s*(?:,|\svà)\s+(?:(?:đồng chí|đ/c|ông|bà|anh|chị)\s+)?")
#: A plural list of names ending right before a name (text): "các đồng chí Lò Văn A, " or
#: "Các ông Lê B và ". The names share the title after the last of them.
PLURAL_LIST_BEFORE_RE = regex.compile(
    r"(?<!\w)(?i:các|những)\s+(?:(?i:đồng chí|ông|bà|anh|chị)\s+)?"
    r"(?:\p{Lu}[\w']*(?:[ ]\p{Lu}[\w']*){1,4}\s*(?:,|\svà)\s+(?:(?:đồng chí|ông|bà|anh|chị)\s+)?)+$"
)
#: An aside in brackets between a name and its title: " (bìa phải), Phó …", " (đứng giữa) - …".
ASIDE_AFTER_NAME_RE = re.compile(r"\s*\([^()\n]{1,40}\)(?=\s*[-–,])")
#: A department after "Ban" that a body keeps whole, lower-case words included (match key):
#: "Ban Công tác nữ", "Ban Quan hệ lao động", "Ban Chính sách - Pháp luật".
DEPARTMENT_RE = re.compile(
    r"(?:công tác nữ(?: công)?|công tác công đoàn|nữ công|tuyên giáo|tổ chức|kiểm tra|dân vận|"
    r"chính sách(?:\s*-\s*|\s+)pháp luật|quan hệ lao động|kinh tế(?:\s*-\s*|\s+)xã hội|"
    r"văn hóa(?:\s*-\s*|\s+)xã hội|thi đua(?:\s*-\s*|\s+)khen thưởng|tài chính|đối ngoại|"
    r"pháp chế|tài chính(?:\s*-\s*|\s+)kế toán)(?!\w)"
)
#: A lower-case verb that starts the caption's or sentence's next clause, so a body ends before
#: it (match key): "… LĐLĐ tỉnh trao quà", "… LĐLĐ tỉnh động viên công nhân".
ACTION_START_RE = re.compile(
    r"(?:trao|tặng|thăm|động viên|khen thưởng|tuyên dương|chúc mừng|phát biểu|chủ trì|dự|tham dự|"
    r"cùng|hỗ trợ|kiểm tra|tổ chức|làm việc|trò chuyện|hỏi thăm|chỉ đạo|nhận|ký|cho biết|khẳng định|"
    r"nhấn mạnh|báo cáo|giới thiệu|trả lời|đón|gắn|đánh giá|bàn giao|khai mạc|bế mạc|chia sẻ|"
    r"đề nghị|yêu cầu|quán triệt|thường xuyên|đồng hành|học tập|bảo đảm|đảm bảo|đoàn kết)(?!\w)"
)
#: The dash before a title shared by coordinated names: "các đồng chí A, B - Phó Chủ tịch …".
SHARED_TITLE_SEP_RE = re.compile(r"\s*[-–]\s*")
#: Lower-case second syllables of body words: "Trung tâm Y tế", "Tòa án nhân dân".
BODY_SECOND_WORDS = {"trung": "tâm", "tòa": "án"}
#: Lower-case words ending a body's name and a comma ("… Hồi sức cấp cứu, "), taken only when
#: an election or appointment verb follows.
BODY_TAIL_RE = re.compile(r"(?:[ ][^\s,;.:()]+){1,6}\s*[,)]\s*,?\s*")
#: The term a body's office belongs to, after the body: " khóa III", " nhiệm kỳ 2018 - 2023".
TERM_AFTER_BODY_RE = re.compile(r"\s+(?:khóa\s+[ivxlcdm\d]+|nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4})(?!\w)")
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
#: Between two roles of one person: ", ", "; ", "), ".
ROLE_LIST_SEP_RE = re.compile(r"\s*\)?\s*[,;]\s*")
#: Where a body runs into a verb that gives the person one more office (match key): "A, Phó
#: Chủ tịch LĐLĐ tỉnh, được bầu …", "A, Ủy viên Ban Thường vụ LĐLĐ tỉnh làm Chủ nhiệm". The
#: verb and the title after it are read by :data:`ROLE_AFTER_VERB_RE`; a lower-case "làm" task
#: ("làm trưởng đoàn") is no office.
VERB_AFTER_BODY_RE = re.compile(r"\s*\)?\s+(?=giữ chức|được|đã được|làm\s)")
#: Further names coordinated with a name before a shared election verb: "các đồng chí A và B
#: được bầu làm Phó Chủ tịch", "X, Y và Z được bầu …".
COORDINATED_NAMES_RE = regex.compile(
    r"^(?:\s*(?:,|\svà)\s+(?:đồng chí\s+|ông\s+|bà\s+)?\p{Lu}[\w']*(?:[ ]\p{Lu}[\w']*){1,4})+"
)


@dataclass(frozen=True, slots=True)
class Title:
    title: str  # expanded, e.g. "Ủy viên Ban Chấp hành"
    key: str  # match key of the written form


@cache
def titles() -> tuple[Title, ...]:
    """Every written form of every role title, longest first."""
    found: list[Title] = []
    for row in read_tsv("roles.tsv"):
        for form in [row["title"], *row["variants"].split("|")]:
            if form:
                found.append(Title(row["title"], match_key(form)))
    return tuple(sorted(found, key=lambda t: len(t.key), reverse=True))


#: "Đoàn Chủ tịch" (match key) is a body, the presidium, not a person's title: "thừa ủy quyền
#: của Đoàn Chủ tịch Tổng LĐLĐ Việt Nam, đồng chí A trao …" does not make A its chair.
PRESIDIUM_BEFORE = r"(?<!đoàn )"
#: A title an envoy speaks for (match key): "thừa ủy quyền của Chủ tịch UBND tỉnh, ông A trao …",
#: "thay mặt Giám đốc Sở, bà B …". The name after the comma acts for the holder; it is not theirs.
PROXY_BEFORE_RE = re.compile(
    r"(?<!\w)(?:(?:thừa|được|theo|được sự)\s+ủy quyền|ủy quyền|thay mặt|thừa lệnh)(?:\s+(?:của|cho))?\s+$"
)


@cache
def _title_re() -> re.Pattern[str]:
    alternation = "|".join(re.escape(t.key) for t in titles())
    return re.compile(rf"(?<!\w){PRESIDIUM_BEFORE}(?:{alternation})(?!\w)")


@cache
def _title_by_key() -> dict[str, str]:
    """The expanded title of each written form (match key); the first listed wins."""
    table: dict[str, str] = {}
    for t in titles():
        table.setdefault(t.key, t.title)
    return table


def _title_for(key: str) -> str:
    title = _title_by_key().get(key)
    return title if title is not None else next(t.title for t in titles() if t.key == key)


#: One whitespace-delimited word.
WORD_RE = re.compile(r"\S+")
#: A body named after a title is never longer than this: look no further (linear time on
#: long articles).
MAX_BODY_CHARS = 600


def _body_end(text: str, start: int, *, after_ban: bool = False) -> int:
    """End of the body a title governs: "LĐLĐ tỉnh", "Ban Chấp hành Đảng bộ tỉnh", "CĐVC tỉnh X".

    Capitalised words and body words; stops at punctuation, a line break, at a lower-case
    word that is not a body word or that starts a new clause ("trao quà"), and before a
    capitalised run that starts with a family name after a province ("… tỉnh Tuyên Quang
    Võ Công Thành"). A department after "Ban" is taken whole ("Ban Công tác nữ");
    ``after_ban`` says the title itself ended with "ban" ("Trưởng ban").
    """
    allowed = org_words()
    end = start
    words = list(WORD_RE.finditer(text[start : start + MAX_BODY_CHARS]))
    skip_until = 0
    after_department = False
    for i, m in enumerate(words):
        if start + m.start() < skip_until:
            continue
        word = m.group()
        pos = start + m.start()
        if end > start and "\n" in text[end:pos]:
            break  # a caption or paragraph ends the body
        prev_key = word_key(words[i - 1].group()) if i else ("ban" if after_ban else "")
        if prev_key == "ban" and not text[end:pos].strip():
            department = DEPARTMENT_RE.match(match_key(text[pos : pos + 40]))
            if department is not None:
                end = skip_until = pos + department.end()  # "Ban Công tác nữ"
                after_department = True
                continue
        if after_department and word[:1].islower():
            break  # "Trưởng ban tổ chức hội thao": the department is all the body
        after_department = False
        if (
            word[:1].islower()
            and prev_key != "ban"
            and ACTION_START_RE.match(match_key(text[pos : pos + 30]))
        ):
            break  # "… LĐLĐ tỉnh động viên công nhân": the next clause
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
        bare_key = word_key(bare)
        city = bare_key == "thành" and word_key(nxt_word).startswith("phố")
        prev_word = word_key(words[i - 1].group()) if i else ""
        second = BODY_SECOND_WORDS.get(prev_word) == bare_key  # "Trung tâm", "Tòa án"
        if not (bare[0].isupper() or bare_key in allowed or city or second):
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
            if OWN_PROVINCE_END_RE.search(prev) and person_run_after_own_province(text, start + m.start()):
                break  # "… tỉnh Vũ Mạnh Cường": the person starts here
        end = start + m.start() + len(bare)
        if bare != word:
            break
    return end


def _role(text: str, title_start: int, title_end: int, ctx: Context) -> tuple[str, int]:
    """The role string of the title at ``[title_start, title_end)`` and where its body ends.

    A former office keeps its "nguyên": "nguyên Chủ tịch LĐLĐ thành phố".
    """
    title = _title_for(match_key(text[title_start:title_end]))
    if FORMER_BEFORE_RE.search(match_key(text[max(0, title_start - 8) : title_start])):
        title = f"nguyên {title}"
    body_start = title_end + 1 if text[title_end : title_end + 1] == " " else title_end
    body_end = _body_end(text, body_start, after_ban=title.endswith(("ban", "Ban")))
    body = text[body_start:body_end].strip()
    role = f"{title} {expand_org(body, ctx.province)}" if body else title
    return role, body_end


def _roles_after(
    text: str,
    key: str,
    end: int,
    ctx: Context,
    *,
    start: int | None = None,
    claimed: set[int] | None = None,
) -> list[str]:
    """Roles listed after a name: "- Ủy viên BCH …, Chủ tịch LĐLĐ tỉnh", "(Giám đốc …)", also
    across an aside in brackets ("A (bìa trái), Giám đốc …"); or after the names coordinated
    with it, when they share them ("A, B - Phó Chủ tịch …", "A và B được bầu làm Phó Chủ
    tịch", "các đồng chí A, B, Phó Chủ tịch …"). ``start`` is where the name starts (for the
    plural before it); the titles taken are added to ``claimed``."""
    sep = ROLE_AFTER_SEP_RE.match(text[end : end + 4]) or ROLE_AFTER_VERB_RE.match(key[end : end + 80])
    roles = _role_list(text, key, end + sep.end(), ctx, claimed) if sep else []
    if roles:
        return roles
    aside = ASIDE_AFTER_NAME_RE.match(text, end)
    if aside is not None:
        after_aside = ROLE_AFTER_SEP_RE.match(text[aside.end() : aside.end() + 4])
        if after_aside is not None:
            roles = _role_list(text, key, aside.end() + after_aside.end(), ctx, claimed)
            if roles:
                return roles  # "Ông A (bìa trái), Giám đốc Công ty …"
    others = COORDINATED_NAMES_RE.match(text[end : end + 160])
    if not others:
        return []
    after = end + others.end()  # the verb or dash and the roles after the last name are shared by all
    for comma in re.finditer(r",\s*", text[end:after]):
        if _title_re().match(key, end + comma.end()):
            after = end + comma.start()  # ", Phó Chủ tịch" is the title, not one more name
            break
    shared = ROLE_AFTER_VERB_RE.match(key[after : after + 80]) or SHARED_TITLE_SEP_RE.match(
        text[after : after + 4]
    )
    if shared is None and start is not None and _plural_names_at(text, key, start):
        shared = re.match(r"\s*,\s*", text[after : after + 4])  # "các ông A và B, Phó Chủ tịch …"
    return _role_list(text, key, after + shared.end(), ctx, claimed) if shared else []


def _plural_names_at(text: str, key: str, start: int) -> bool:
    """Does the name at ``start`` belong to a plural list ("các đồng chí A, B và C")?"""
    return bool(
        PLURAL_BEFORE_RE.search(key[max(0, start - 24) : start])
        or PLURAL_LIST_BEFORE_RE.search(text[max(0, start - 200) : start])
    )


def _runs_into_name(text: str, key: str, pos: int) -> bool:
    """Does a person's name follow the body ending at ``pos``, right after it or across
    ", ông" or a dash ("… UBND tỉnh Hoàng Minh Sơn", "… LĐLĐ tỉnh, ông Phạm B")?"""
    gap = TITLE_NAME_GAP_RE.match(key, pos)
    at = gap.end() if gap is not None else pos + 1 if text[pos : pos + 1] == " " else -1
    run = CAP_RUN_RE.match(text, at) if at >= 0 else None
    if run is None:
        return False
    words = run.group().split(" ")
    return 2 <= len(words) <= MAX_NAME_WORDS and words[0] in surnames()


def _role_list(text: str, key: str, pos: int, ctx: Context, claimed: set[int] | None = None) -> list[str]:
    """The titles (with their bodies) listed from ``pos`` on.

    A later title whose body runs into a name is that name's ("A, Chủ tịch LĐLĐ tỉnh; Phó
    Chủ tịch UBND tỉnh B", "…; Phó Chủ tịch LĐLĐ tỉnh, ông B"): the list ends before it.
    """
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
        role, body_end = _role(text, m.start(), m.end(), ctx)
        if roles and _runs_into_name(text, key, body_end):
            break  # the next person's title, written before their name
        pos = body_end
        roles.append(role)
        if claimed is not None:
            claimed.add(m.start())
        term = TERM_AFTER_BODY_RE.match(key, pos)
        if term is not None:
            pos = term.end()  # "Phó Chủ tịch Công đoàn KKT khóa III, được bầu …"
        nxt = ROLE_LIST_SEP_RE.match(text[pos : pos + 5]) or VERB_AFTER_BODY_RE.match(key[pos : pos + 14])
        if nxt:
            pos += nxt.end()
            continue
        # "Trưởng khoa Hồi sức cấp cứu, giữ chức …": the body's lower-case tail, then a verb
        tail = BODY_TAIL_RE.match(text, pos)
        if tail is None or not ROLE_AFTER_VERB_RE.match(key[tail.end() : tail.end() + 80]):
            break
        pos = tail.end()
    return roles


def roles_before(
    text: str, key: str, start: int, ctx: Context, claimed: set[int] | frozenset[int] = frozenset()
) -> tuple[list[str], bool]:
    """The role written right before a name, and whether its title is plural (shared by the
    names coordinated after it): "Chủ tịch CĐVC tỉnh Tuyên Quang Võ Công Thành", "Chủ tịch
    LĐLĐ tỉnh – ông A –", "các Phó Chủ tịch LĐLĐ tỉnh A và B". A title in ``claimed`` was
    already taken by the name before it and is not this name's."""
    lo = max(0, start - 90)
    best: list[str] = []
    plural = False
    for m in _title_re().finditer(key, lo, start):
        if m.start() in claimed:
            continue
        role, body_end = _role(text, m.start(), m.end(), ctx)
        adjacent = not text[body_end:start].strip()
        if adjacent or TITLE_NAME_GAP_RE.fullmatch(key[body_end:start]):
            if not adjacent and PROXY_BEFORE_RE.search(key[max(0, m.start() - 24) : m.start()]):
                continue  # "thừa ủy quyền của Chủ tịch …, ông A": A acts for the holder
            best = [role]  # "Chủ tịch LĐLĐ tỉnh Nguyễn Văn A", "Phó Chủ tịch LĐLĐ tỉnh, ông A"
            plural = bool(PLURAL_BEFORE_RE.search(key[max(0, m.start() - 24) : m.start()]))
    return best, plural


def _roles_before(text: str, key: str, start: int, ctx: Context) -> list[str]:
    """The role written right before a name (see :func:`roles_before`)."""
    return roles_before(text, key, start, ctx)[0]
