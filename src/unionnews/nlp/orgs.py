"""Union, party and state bodies (ORG entities) with abbreviations expanded and the province filled in.

"CĐVC tỉnh" on a Cao Bằng site is "Công đoàn Viên chức tỉnh Cao Bằng": a bare
"tỉnh" means the article's own province. A body is an organisation head
("Liên đoàn Lao động", "LĐLĐ", "Công đoàn cơ sở", "Tỉnh ủy", "UBND"…) followed by
its scope ("tỉnh", "huyện X", a province name, "Việt Nam") or, for grassroots
unions, the unit's name ("Công đoàn cơ sở Văn phòng Tỉnh ủy").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from functools import cache, lru_cache

from unionnews.lexicon import find_province, read_lines, read_tsv
from unionnews.model import Context, Entity
from unionnews.nlp.normalize import match_key
from unionnews.nlp.patterns import word_start_alternation
from unionnews.nlp.places import province_mention_re, span_key, word_key

#: The organisation heads (match key), in the order they are tried: longest first. Expanded
#: via ``abbreviations.tsv``.
ORG_HEADS = (
    "tổng liên đoàn lao động việt nam", "tổng lđlđ việt nam", "tổng lđlđ vn", "tổng lđlđ", "tổng liên đoàn",
    "liên đoàn lao động", "lđlđ", "công đoàn viên chức", "cđvc",
    "công đoàn (?:các )?(?:khu công nghiệp|kcn)(?: và khu kinh tế)?",
    "cđ (?:các )?(?:khu công nghiệp|kcn)(?: và khu kinh tế)?",
    "công đoàn cơ sở", "cđcs", "công đoàn ngành", "công đoàn khối", "công đoàn giáo dục", "công đoàn y tế",
    "công đoàn", "tỉnh ủy", "thành ủy", "huyện ủy", "ủy ban nhân dân", "ubnd", "hội đồng nhân dân", "hđnd",
    "đảng ủy khối", "mặt trận tổ quốc việt nam", "mặt trận tổ quốc", "mttq", "bộ chính trị",
    "ban thường vụ tỉnh ủy", "báo",
)  # fmt: skip
#: An organisation head as a whole word (on the match key): "lđlđ", "công đoàn cơ sở", "ubnd".
ORG_HEAD_RE = re.compile(rf"(?P<head>{word_start_alternation(ORG_HEADS)})(?!\w)")
#: The scope word after a head: "tỉnh", "thành phố", "TP.", "huyện", "quận", "thị xã".
SCOPE_RE = re.compile(r"\s+(?P<scope>tỉnh|thành phố|tp\.?|huyện|quận|thị xã)(?!\w)")

#: The canonical name of the union of a province's industrial zones; every spelling of its
#: head ("Công đoàn các KCN", "CĐ các Khu công nghiệp") maps to it.
ZONES_HEAD = "Công đoàn các Khu công nghiệp"
ZONES_KEY = "công đoàn các khu công nghiệp"
#: The heads ORG_HEAD_RE finds for that union: "công đoàn các kcn", "cđ khu công nghiệp".
ZONES_HEAD_RE = re.compile(r"(?:công đoàn|cđ) (?:các )?(?:khu công nghiệp|kcn)(?: và khu kinh tế)?")
#: An abbreviation in brackets after a head, skipped before its scope: "Liên đoàn Lao động
#: (LĐLĐ) huyện", "Công đoàn các Khu công nghiệp (KCN) tỉnh".
BRACKETED_ABBREVIATION_RE = re.compile(r" ?\([^\W\d_a-zđ][\w-]{0,9}\)")
#: Words that open a clause or a label, never part of a unit name (on the match key, so also
#: in capitals): "Công đoàn Lần thứ XIX", "huyện PHONG ĐIỀN TỔ CHỨC", "… Nhiệm kỳ 2023 - 2028".
CLAUSE_WORD_RE = re.compile(
    r"(?:lần thứ|nhiệm kỳ|khóa [ivxlcdm\d]|tổ chức|tổng kết|sơ kết|đại hội|hội nghị|trao|tặng|hỗ trợ|"
    r"kết nạp|thành lập|phát động|khai mạc|triển khai|thăm|phối hợp|ra mắt|bàn giao)(?!\w)"
)
#: Second syllables of institution nouns, in lower case after their first: "Bệnh viện",
#: "Trung tâm", "Học viện", "Nhà máy", "Xí nghiệp", "Đa khoa".
INSTITUTION_SECOND_SYLLABLE = {
    "bệnh": "viện", "học": "viện", "trung": "tâm", "nhà": "máy", "xí": "nghiệp", "đa": "khoa", "hợp": "tác",
}  # fmt: skip
#: Middle names that, after a family name, mark a capitalised run as a person ("Lê Văn Đại",
#: "Đặng Thị Hồng Nhung").
SURNAME_MIDDLE_NAMES = frozenset({"Thị", "Văn"})
#: Heads that name a body only together with a scope or a unit name ("Công đoàn" alone
#: is the movement, not a body).
_NEEDS_SCOPE = {"công đoàn", "báo", "công đoàn ngành", "công đoàn khối"}
#: Heads that are a national body by themselves.
_NATIONAL = {
    "tổng liên đoàn lao động việt nam": "Tổng Liên đoàn Lao động Việt Nam",
    "tổng lđlđ việt nam": "Tổng Liên đoàn Lao động Việt Nam",
    "tổng lđlđ vn": "Tổng Liên đoàn Lao động Việt Nam",
    "tổng lđlđ": "Tổng Liên đoàn Lao động Việt Nam",
    "tổng liên đoàn": "Tổng Liên đoàn Lao động Việt Nam",
    "bộ chính trị": "Bộ Chính trị",
    "mặt trận tổ quốc việt nam": "Mặt trận Tổ quốc Việt Nam",
}
#: Heads whose scope is implicitly the province ("Tỉnh ủy" is the provincial party committee).
_PROVINCIAL = {"tỉnh ủy": "Tỉnh ủy", "ban thường vụ tỉnh ủy": "Ban Thường vụ Tỉnh ủy"}
_HEAD_NAMES = {
    "liên đoàn lao động": "Liên đoàn Lao động",
    "lđlđ": "Liên đoàn Lao động",
    "công đoàn viên chức": "Công đoàn Viên chức",
    "cđvc": "Công đoàn Viên chức",
    "công đoàn cơ sở": "Công đoàn cơ sở",
    "cđcs": "Công đoàn cơ sở",
    ZONES_KEY: ZONES_HEAD,
    "công đoàn ngành": "Công đoàn ngành",
    "công đoàn khối": "Công đoàn Khối",
    "công đoàn giáo dục": "Công đoàn Giáo dục",
    "công đoàn y tế": "Công đoàn Y tế",
    "công đoàn": "Công đoàn",
    "thành ủy": "Thành ủy",
    "huyện ủy": "Huyện ủy",
    "ủy ban nhân dân": "Ủy ban nhân dân",
    "ubnd": "Ủy ban nhân dân",
    "hội đồng nhân dân": "Hội đồng nhân dân",
    "hđnd": "Hội đồng nhân dân",
    "đảng ủy khối": "Đảng ủy Khối",
    "mặt trận tổ quốc": "Mặt trận Tổ quốc",
    "mttq": "Mặt trận Tổ quốc",
    "báo": "Báo",
}
#: Heads that, written alone in a provincial article, mean the province's own body.
_PROVINCE_LEVEL = {"liên đoàn lao động", "lđlđ", "công đoàn viên chức", "cđvc", ZONES_KEY}
#: The longest unit name taken after a head, in words.
MAX_UNIT_WORDS = 7
#: Words of a unit name after which a sector name may follow in lower case: "Sở Giáo dục và
#: Đào tạo", "Công đoàn ngành Giao thông vận tải", "Phòng Lao động - Thương binh và Xã hội".
SECTOR_LEAD_WORDS = frozenset({"sở", "bộ", "phòng", "ngành", "ban", "ủy ban", "trung tâm", "viện"})
#: Middle names that mark a capitalised run as a person ("Đặng Thị Hồng Nhung"): no place
#: is called so, so a body's unit name ends before such a run.
PERSON_MIDDLE_NAMES = frozenset({"Thị"})
#: A body named only by the kind of its unit, a back-reference: "CĐCS Công ty", "Công đoàn
#: cơ sở Trường", "Công đoàn Bệnh viện".
BACK_REFERENCE_RE = re.compile(
    r"(?:Công đoàn cơ sở|Công đoàn) (?:Công ty|Trường|Bệnh viện|Nhà máy|Xí nghiệp|Tổng công ty|Tập đoàn)"
)
#: The head of a clause, before a union named by its kind (match key): a clause mark, or
#: "do" (an agent): "Năm 2019, CĐCS công ty giới thiệu", "do CĐCS giới thiệu".
CLAUSE_HEAD_RE = re.compile(r"(?:^|[,;:.(\n]|(?<!\w)do)\s*$")
#: A grassroots union named in full: "Công đoàn cơ sở Công ty TNHH X", "Công đoàn Trường Y".
GRASSROOTS_NAMED_RE = re.compile(
    r"^(?:Công đoàn cơ sở|Công đoàn) (?:Công ty|Tổng công ty|Trường|Bệnh viện|Nhà máy|Xí nghiệp|Trung tâm)"
    r" \S"
)
#: A company written out: "Công ty TNHH Túi xách Thiên Phúc Long", "Công ty CP May 10", its
#: legal form also spelled out in lower case: "Công ty cổ phần Du lịch Hồ Xanh".
COMPANY_RE = re.compile(
    r"(?P<head>Công ty|Tổng công ty|Nhà máy|Xí nghiệp)"
    r"(?P<rest>(?: (?:TNHH|CP|MTV|[Cc]ổ phần|[Tt]rách nhiệm hữu hạn|[Mm]ột thành viên))*"
    r"(?: [^\W\d_a-zđ][\w'&-]*)"
    r"(?: (?!(?:và|của|với|tại|cho|ở|đã|đang|là|được|có|Công ty)(?!\w))[^\W\d_][\w'&-]*| \d+(?!\w)){0,7})"
)
#: A place name: capitalised words, with " - " inside ("Bà Rịa - Vũng Tàu").
PLACE_NAME_RE = re.compile(r"[^\W\d_a-zđ][\w']*(?:(?: | - )[^\W\d_a-zđ][\w']*)*")
#: The scopes whose bare use means the article's own district: "LĐLĐ huyện" after "huyện
#: Lương Sơn" was named.
DISTRICT_SCOPES = ("huyện", "quận", "thị xã")


@cache
def sector_re() -> re.Pattern[str]:
    """Sector names (``lexicon/sectors.txt``) as match keys, longest first, whole words."""
    names = sorted({match_key(n) for n in read_lines("sectors.txt")}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


#: How far a sector name is looked for: the longest (35 characters) with room to spare.
SECTOR_WINDOW = 60


def sector_end(text: str, pos: int, key: str | None = None) -> int | None:
    """End of the sector name (``lexicon/sectors.txt``) starting at ``pos``, or None:
    "Giao thông vận tải" in "Công đoàn ngành Giao thông vận tải thành phố".

    ``key``, the match key of ``text``, is read in place of the window's own key when ``pos``
    starts a word: the two differ at most in the window's last two letters (an "oa/uy"
    syllable cut at its end), which no sector name reaches."""
    if key is not None and (pos == 0 or not key[pos - 1].isalpha()):
        found = sector_re().match(key, pos, pos + SECTOR_WINDOW)
        return found.end() if found else None
    m = sector_re().match(match_key(text[pos : pos + SECTOR_WINDOW]))
    return pos + m.end() if m else None


def province_scope(province: str | None) -> str:
    """ "thành phố" for the five centrally-run cities, "tỉnh" for the other provinces.

    >>> province_scope("Đà Nẵng"), province_scope("Cao Bằng")
    ('thành phố', 'tỉnh')
    """
    prov = find_province(province) if province else None
    return prov.kind if prov is not None else "tỉnh"


@cache
def org_words() -> frozenset[str]:
    """Lower-case words allowed inside a body's name (``lexicon/org_words.txt``)."""
    return frozenset(read_lines("org_words.txt"))


@cache
def abbreviations() -> dict[str, str]:
    """Abbreviation -> expansion (``lexicon/abbreviations.tsv``), longest first."""
    rows = {r["abbr"]: r["expansion"] for r in read_tsv("abbreviations.tsv")}
    return dict(sorted(rows.items(), key=lambda kv: len(kv[0]), reverse=True))


@cache
def _abbreviation_re() -> re.Pattern[str]:
    alternation = "|".join(re.escape(a) for a in abbreviations())
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


def expand_abbreviations(text: str) -> str:
    """Replace abbreviations by their expansions: "LĐLĐ tỉnh" -> "Liên đoàn Lao động tỉnh"."""
    table = abbreviations()
    return _abbreviation_re().sub(lambda m: table[m.group()], text)


#: One whitespace-delimited word.
WORD_RE = re.compile(r"\S+")
#: Two to five words from a position: a possible full name.
NAME_RUN_RE = re.compile(r"\S+(?: \S+){1,4}")
#: A unit or place name is never longer than this: look no further (linear time).
MAX_UNIT_CHARS = 600


def unit_name_end(text: str, start: int, key: str | None = None) -> int:
    """End of a unit/place name starting at ``start``: capitalised words and body words.

    "Văn phòng Tỉnh ủy đã …" -> end after "ủy"; stops at punctuation and at lower-case
    words that are not body words ("đã", "tổ chức"). ``key`` is the match key of ``text``.
    """
    key = match_key(text) if key is None else key
    end = start
    pos = start
    words = 0
    allowed = org_words()
    skip_until = 0
    previous = ""
    for m in WORD_RE.finditer(text, start, start + MAX_UNIT_CHARS):
        at = m.start()
        if at < skip_until:
            continue
        word = m.group()
        bare = word.rstrip(',.;:!?)"”')
        if not bare:
            break
        before = text[max(0, at - 12) : at].split()
        if before and word_key(before[-1]) in SECTOR_LEAD_WORDS:
            sector = sector_end(text, at, key)
            if sector is not None and (not words or not text[pos:at].strip()):
                words += len(text[at:sector].split())
                end = pos = skip_until = sector  # "Sở Giáo dục và Đào tạo"
                if words >= MAX_UNIT_WORDS or text[end : end + 1] in ",.;:!?)":
                    break
                continue
        if CLAUSE_WORD_RE.match(key, at):
            break  # "Công đoàn Lần thứ XIX", "huyện PHONG ĐIỀN TỔ CHỨC": a label or a verb
        is_cap = bare[0].isupper()
        if words and is_cap and starts_person(text, at):
            break  # "… Công ty Đặng Thị Hồng Nhung": a person ends the unit
        if not is_cap:
            bare_key = word_key(bare)
            second = INSTITUTION_SECOND_SYLLABLE.get(word_key(previous)) if words else None
            if bare_key != second and (bare_key not in allowed or words == 0):
                break
            if bare_key == "tổ" and text.startswith(" chức", m.end()):
                break  # "CĐCS Sở Giáo dục và Đào tạo tổ chức đại hội": the verb, not a body word
        if words and text[pos:at].strip():
            break
        end = at + len(bare)
        pos = end
        words += 1
        previous = bare
        if bare != word or words >= MAX_UNIT_WORDS:
            break
    if end == start:
        return end  # no word taken
    # a name that starts with a province ends with it: "tỉnh Tuyên Quang Võ Công Thành"
    place = province_mention_re().match(span_key(text, key, start, end))
    return start + place.end() if place else end


@cache
def surnames() -> frozenset[str]:
    """Vietnamese family names (``lexicon/surnames.txt``)."""
    return frozenset(read_lines("surnames.txt"))


def starts_person(text: str, pos: int) -> bool:
    """Does a person's name start at ``pos``? Three to five capitalised words whose second
    is a middle name: "Đặng Thị Hồng Nhung", or "Lê Văn Đại" after a family name.

    >>> starts_person("thành phố Lê Văn Đại phát biểu", 10), starts_person("Lê Thủy", 0)
    (True, False)
    """
    run = NAME_RUN_RE.match(text, pos)
    names = run.group().split(" ", 3)[:3] if run else []
    if len(names) < 3 or not all(w[:1].isupper() for w in names):
        return False  # fewer than three capitalised words
    return names[1] == "Thị" or (names[1] in SURNAME_MIDDLE_NAMES and names[0] in surnames())


def place_name_end(text: str, start: int, key: str | None = None) -> int:
    """End of a place name starting at ``start``: capitalised words only ("Lương Sơn" in
    "huyện Lương Sơn tổ chức …"), with " - " inside ("Bà Rịa - Vũng Tàu"). ``key`` is the
    match key of ``text``."""
    m = PLACE_NAME_RE.match(text, start)
    if m is None:
        return start
    key = match_key(text) if key is None else key
    for w in WORD_RE.finditer(text, start, m.end()):
        if w.start() > start and (CLAUSE_WORD_RE.match(key, w.start()) or starts_person(text, w.start())):
            stop = w.start()
            while stop > 0 and text[stop - 1] in " -":
                stop -= 1
            return stop
    return m.end()


@lru_cache(maxsize=4096)
def _province_in(unit: str) -> str | None:
    """The province ``unit`` names, when it is all of it: "tỉnh Bắc Giang", "Thái Nguyên"."""
    m = province_mention_re().match(match_key(unit))
    if m and m.end() == len(unit.rstrip()):
        prov = find_province(m.group())
        return prov.name if prov else None
    return None


@lru_cache(maxsize=8192)
def expand_org(name: str, province: str | None) -> str:
    """Canonical name of a body: abbreviations expanded, a bare "tỉnh" given its province.

    >>> expand_org("CĐVC tỉnh", "Cao Bằng")
    'Công đoàn Viên chức tỉnh Cao Bằng'
    >>> expand_org("LĐLĐ tỉnh Bắc Giang", "Cao Bằng")
    'Liên đoàn Lao động tỉnh Bắc Giang'
    """
    expanded = " ".join(expand_abbreviations(name).split())
    key = match_key(expanded)
    city = province_scope(province) == "thành phố"  # a bare "thành phố" elsewhere is a district's city
    if province and (key.endswith(" tỉnh") or (city and key.endswith(" thành phố")) or key == "tỉnh ủy"):
        return f"{expanded} {province}"
    if province and key.endswith(" tỉnh ủy"):
        return f"{expanded} {province}"
    return expanded


def _main_district(text: str, key: str) -> str | None:
    """The district the article is about: the most named "huyện/quận/thị xã X"."""
    names: Counter[str] = Counter()
    for m in SCOPE_RE.finditer(key):
        if m["scope"] not in DISTRICT_SCOPES:
            continue
        unit_start = m.end() + 1
        unit = text[unit_start : place_name_end(text, unit_start, key)] if unit_start < len(text) else ""
        if unit and unit[0].isupper() and _province_in(unit) is None:
            names[f"{m['scope']} {unit}"] += 1
    return names.most_common(1)[0][0] if names else None


@cache
def _district_names() -> tuple[dict[str, str], re.Pattern[str]]:
    """Districts and towns of ``lexicon/localities.tsv`` (match key -> province) and a pattern
    finding any of them (on match keys)."""
    table = {match_key(row["name"]): row["province"] for row in read_tsv("localities.tsv")}
    names = "|".join(re.escape(n) for n in sorted(table, key=len, reverse=True))
    return table, re.compile(rf"(?<!\w)(?:{names})(?!\w)")


def title_locality(title: str | None, province: str | None) -> str | None:
    """A district or town the headline names on its own ("Kim Bảng: Phát triển đoàn viên …"),
    of the article's province: the place a bare "LĐLĐ huyện" in the text belongs to.

    >>> title_locality("Kim Bảng: Phát triển đoàn viên vượt kế hoạch", "Hà Nam")
    'Kim Bảng'
    >>> title_locality("Kim Bảng: Phát triển đoàn viên", "Cao Bằng") is None
    True
    """
    if not title:
        return None
    table, pattern = _district_names()
    for m in pattern.finditer(match_key(title)):
        if province is None or table.get(m.group()) == province:
            return title[m.start() : m.end()]
    return None


def _district_before(text: str, key: str, pos: int, scope_word: str) -> str | None:
    """The last "huyện X" named before ``pos`` in the same paragraph: "Tại huyện Bảo Lạc, …
    LĐLĐ huyện đã thành lập …" is Bảo Lạc's federation, whatever district the article names most."""
    lo = text.rfind("\n", 0, pos) + 1
    found = None
    for m in SCOPE_RE.finditer(key, lo, pos):
        unit_start = m.end() + 1
        if m["scope"] != scope_word or unit_start >= pos:
            continue
        unit = text[unit_start : place_name_end(text, unit_start, key)]
        if unit and unit[0].isupper() and _province_in(unit) is None:
            found = f"{scope_word} {unit.title() if unit.isupper() else unit}"
    return found


def company_names(text: str) -> list[str]:
    """Company names written out: "Công ty TNHH Túi xách Thiên Phúc Long" (lower-case words
    inside are kept when a capitalised one follows them)."""
    return [text[m.start() : end] for m in COMPANY_RE.finditer(text) if (end := _company_end(text, m)) > 0]


def company_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each company name written out in ``text[start:end]``."""
    out = []
    for m in COMPANY_RE.finditer(text, start, len(text) if end is None else end):
        stop = _company_end(text, m)
        if stop > 0:
            out.append((m.start(), stop))
    return out


def _company_end(text: str, m: re.Match[str]) -> int:
    """End of a company name matched by COMPANY_RE, trailing lower-case words dropped; 0
    when nothing capitalised is left."""
    words = list(re.finditer(r"\S+", m["rest"]))
    rest_start = m.start("rest")
    for i in range(1, len(words)):
        at = rest_start + words[i].start()
        if CLAUSE_WORD_RE.match(match_key(text[at : at + 12])):
            words = words[:i]  # "Công ty May Tân Phát tặng 140 suất quà": the verb ends the name
            break
    for i in range(1, len(words)):
        if words[i].group() in PERSON_MIDDLE_NAMES:
            words = words[: i - 1]  # "Công ty Đặng Thị Hồng Nhung": a person follows the word "Công ty"
            break
    while words and not words[-1].group()[:1].isupper() and not words[-1].group()[:1].isdigit():
        words.pop()
    return m.start("rest") + words[-1].end() if words else 0


@cache
def _head_key(head: str) -> str:
    """The key of a head ORG_HEAD_RE found in the tables above: every spelling of the zones'
    union ("công đoàn các kcn", "cđ khu công nghiệp") is ZONES_KEY."""
    return ZONES_KEY if ZONES_HEAD_RE.fullmatch(head) else head


def find_orgs(text: str, ctx: Context, *, key: str | None = None, title: str | None = None) -> list[Entity]:
    """ORG entities for union, party and state bodies.

    A bare "tỉnh"/"thành phố" is the article's province; a bare "huyện"/"quận"/"thị xã"
    is the district the article names most ("LĐLĐ huyện" after "huyện Lương Sơn"); a
    "CĐCS Công ty" is that of the one company the article (or its ``title``) names.
    """
    key = match_key(text) if key is None else key
    out: list[Entity] = []
    district: str | None = None
    district_done = False
    for m in ORG_HEAD_RE.finditer(key):
        start = m.start()
        if out and start < out[-1].end:
            continue  # "Tỉnh ủy" inside "Công đoàn cơ sở Văn phòng Tỉnh ủy" is no body of its own
        head = _head_key(m["head"])
        if not text[start].isupper() and head not in ("tỉnh ủy",):
            if head in _NEEDS_SCOPE or head == "báo":
                continue  # "công đoàn" in lower case is the movement, "báo" the verb
        end = m.end()
        bracket = BRACKETED_ABBREVIATION_RE.match(text, end)
        scope = SCOPE_RE.match(key, bracket.end() if bracket else end)
        canonical: str | None = None
        if head in _NATIONAL:
            canonical = _NATIONAL[head]
        elif head in _PROVINCIAL:
            canonical = f"{_PROVINCIAL[head]} {ctx.province}" if ctx.province else _PROVINCIAL[head]
        head_name = _HEAD_NAMES.get(head) or text[start : m.end()]
        if canonical is None and scope:
            end = scope.end()
            scope_word = text[scope.start("scope") : scope.end("scope")].lower()
            scope_word = "thành phố" if scope_word.startswith("tp") else scope_word
            unit_start = end + 1 if end < len(text) and text[end] == " " else end
            unit_end = unit_name_end(text, unit_start, key)
            if scope_word != "thành phố" or _province_in(text[unit_start:unit_end]) is None:
                unit_end = min(unit_end, place_name_end(text, unit_start, key))  # "huyện X tổ chức"
            unit = text[unit_start:unit_end]
            place = _province_in(unit) if unit else None
            if (
                unit
                and unit[0].isupper()
                and place is None
                and (scope_word == "tỉnh" or starts_person(unit, 0))
            ):
                unit = ""  # "Trưởng ban Tài chính LĐLĐ tỉnh Đặng Văn Hải": a person, not a place
            unit = unit.title() if unit.isupper() and len(unit) > 1 else unit  # "huyện PHONG ĐIỀN"
            if unit and unit[0].isupper():
                end = unit_end
                canonical = f"{head_name} {scope_word} {place or unit}"
            elif ctx.province and (scope_word == "tỉnh" or scope_word == province_scope(ctx.province)):
                canonical = f"{head_name} {scope_word} {ctx.province}"
            elif scope_word in DISTRICT_SCOPES:
                if not district_done:
                    district, district_done = _main_district(text, key), True
                own = _district_before(text, key, start, scope_word) or (
                    district if district and district.startswith(scope_word + " ") else None
                )
                if own is None and district is None and (named := title_locality(title, ctx.province)):
                    own = f"{scope_word} {named}"  # "Kim Bảng: …" in the title, "LĐLĐ huyện" in the text
                canonical = f"{head_name} {own}" if own else f"{head_name} {scope_word}"
            else:
                canonical = f"{head_name} {scope_word}"
            if head == "công đoàn":  # "Công đoàn huyện Tuy An" is the district federation
                canonical = canonical.replace("Công đoàn", "Liên đoàn Lao động", 1)
        elif canonical is None:
            unit_start = end + 1 if end < len(text) and text[end] == " " else end
            unit_end = unit_name_end(text, unit_start, key) if unit_start < len(text) else unit_start
            company = COMPANY_RE.match(text, unit_start)
            if company is not None:  # "CĐCS Công ty TNHH Linh kiện điện tử Daeho Vina"
                unit_end = max(unit_end, _company_end(text, company))
            unit = text[unit_start:unit_end]
            if unit and starts_person(unit, 0):
                unit = ""  # "Phó Chủ tịch Công đoàn ngành Lê Văn Hòa": the person, not a unit
            if unit and unit[0].isupper():
                end = unit_end
                place = _province_in(unit)
                canonical = f"{head_name} {unit}"
                if head in ("công đoàn", "liên đoàn lao động", "lđlđ") and place:
                    canonical = f"Liên đoàn Lao động tỉnh {place}" if head != "báo" else canonical
                elif head == ZONES_KEY and place:  # "Công đoàn các KCN Thái Nguyên"
                    canonical = f"{head_name} {province_scope(place)} {place}"
                unit_key = span_key(text, key, unit_start, unit_end)
                bare_scope = next((w for w in DISTRICT_SCOPES if unit_key.endswith(" " + w)), None)
                if bare_scope is not None:  # "Công đoàn ngành Giáo dục huyện": the district named nearby
                    if not district_done:
                        district, district_done = _main_district(text, key), True
                    own = _district_before(text, key, start, bare_scope) or (
                        district if district and district.startswith(bare_scope + " ") else None
                    )
                    canonical = f"{canonical.removesuffix(bare_scope).rstrip()} {own}" if own else canonical
                if unit_key.endswith("tỉnh ủy") and ctx.province:
                    canonical = f"{canonical} {ctx.province}"
            elif head in _NEEDS_SCOPE:
                continue
            elif head in _PROVINCE_LEVEL and ctx.province:
                # "CĐVC" alone: the province's ("thành phố Đà Nẵng" for a city)
                canonical = f"{head_name} {province_scope(ctx.province)} {ctx.province}"
            else:
                canonical = head_name
        out.append(Entity("ORG", start, end, text[start:end], canonical, rule="org_head"))
    _resolve_back_references(out, lambda: {*company_names(title or ""), *company_names(text)})
    _resolve_bare_grassroots(out, text, key)
    return out


def _resolve_bare_grassroots(orgs: list[Entity], text: str, key: str) -> None:
    """ "CĐCS" alone at the head of a clause is the grassroots union last named in its
    paragraph, or that of the company last named there: "Ở Công ty TNHH X, doanh nghiệp có
    …, CĐCS hiện có 4.715 đoàn viên" is "Công đoàn cơ sở Công ty TNHH X". Not "các CĐCS",
    "1.204 CĐCS" (what is counted), nor a mention whose paragraph names no unit.

    ``orgs`` are in text order, so the named unions of a paragraph are the mentions from the
    paragraph's first one up to the current one."""
    starts = [o.start for o in orgs]
    for i, org in enumerate(orgs):
        if org.canonical != "Công đoàn cơ sở" or not CLAUSE_HEAD_RE.search(
            key, max(0, org.start - 12), org.start
        ):
            continue
        paragraph = key.rfind("\n", 0, org.start) + 1
        best: tuple[int, str] | None = None
        for earlier in reversed(orgs[bisect_left(starts, paragraph, 0, i) : i]):
            if GRASSROOTS_NAMED_RE.match(earlier.canonical):
                best = (earlier.start, earlier.canonical)  # the last one named before it
                break
        for start, end in company_spans(text, paragraph, org.start):
            if best is None or start > best[0]:
                best = (start, f"Công đoàn cơ sở {text[start:end]}")
        if best is not None:
            org.canonical = best[1]


def _resolve_back_references(orgs: list[Entity], companies: Callable[[], set[str]]) -> None:
    """ "CĐCS Công ty" after "CĐCS Công ty TNHH May Việt Tiến" is that union: a unit named
    only by its kind takes the canonical name of the last full mention of that kind, else
    that of the only company of that kind the article names (``companies``, read only when
    needed)."""
    named_companies: set[str] | None = None
    for i, org in enumerate(orgs):
        if BACK_REFERENCE_RE.fullmatch(org.canonical) is None:
            continue
        prefix = org.canonical + " "
        for earlier in reversed(orgs[:i]):
            if earlier.canonical.startswith(prefix):
                org.canonical = earlier.canonical
                break
        else:
            kind = org.canonical.removeprefix("Công đoàn cơ sở ")
            if kind == org.canonical:
                continue  # "Công đoàn Bệnh viện": no grassroots union of a company
            if named_companies is None:
                named_companies = companies()
            named = {c for c in named_companies if c.startswith(kind + " ")}
            if len(named) == 1:  # the only company the article names
                org.canonical = f"Công đoàn cơ sở {named.pop()}"
