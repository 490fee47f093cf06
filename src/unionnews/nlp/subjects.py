"""The subject of each figure: the union body it credits (docs/annotation.md, "Subjects").

The subject is the body acting in the figure's clause (the nearest body before it in
its sentence that acts there), else the article's main union body.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from unionnews.lexicon import find_province
from unionnews.model import Context, Entity, Figure
from unionnews.nlp.orgs import CLAUSE_HEAD_RE, expand_org, find_orgs
from unionnews.nlp.sentences import sentence_at
from unionnews.nlp.spans import Literals, SpanSet, finditer_near, word_start_anchor

#: Canonical names of union bodies start so (party and state bodies do not).
UNION_BODY_PREFIXES = ("Công đoàn", "Liên đoàn Lao động", "Tổng Liên đoàn", "Nghiệp đoàn")
#: Bodies too generic to be a figure's subject ("CĐCS" in "1.204 CĐCS" is what is counted).
GENERIC_BODIES = frozenset({"Công đoàn cơ sở", "Công đoàn", "Liên đoàn Lao động", "Công đoàn ngành"})

#: Words before a body that make it no actor of the clause: the body that set a quota ("chỉ
#: tiêu Tổng Liên đoàn giao"), a partner ("phối hợp với UBND các xã"), the one a power comes
#: from ("thừa ủy quyền của Tổng LĐLĐ"), a congress attended ("đi dự Đại hội XIII Công đoàn
#: Việt Nam").
#: Also a channel ("trao 300 triệu đồng qua LĐLĐ tỉnh Lào Cai") and a caller ("hưởng ứng lời
#: kêu gọi của LĐLĐ tỉnh, đoàn viên toàn ngành quyên góp"): neither gives.
NOT_ACTOR_BEFORE_RE = re.compile(
    r"(?:chỉ tiêu|phối hợp với|phối hợp cùng|kết hợp với|cùng với|ủy quyền của|"
    r"(?<!\w)(?<!năm )(?<!gian )(?<!tháng )(?<!tuần )(?<!kỳ )(?<!vừa )(?:thông\s+)?qua|"
    r"kêu gọi của|hưởng ứng|chỉ đạo của|"
    r"(?:dự|tham dự)\s+đại hội(?:\s+(?:đại biểu\s+)?(?:lần thứ\s+)?[ivxlcdm\d]+)?)\s+(?:các\s+)?$"
)
#: A sentence that lists the guests of a meeting: the bodies its guests come from do not act
#: in it ("Dự hội nghị có bà X, Phó Chủ tịch LĐLĐ tỉnh; … cùng 112 đại biểu"); "dự kiến",
#: "dự án" are other words.
GUEST_LIST_RE = re.compile(
    r"^[\W\d]*(?:(?:đến|tới|về)\s+)?(?:tham\s+)?dự(?!\w)(?!\s+(?:kiến|báo|toán|án|thảo|trữ|thi|phòng)(?!\w))"
    r"[^,;:.]{0,60}?\s+có(?!\w)"
)
#: The agent of a count, right after it in its clause: "120 suất do LĐLĐ huyện X hỗ trợ",
#: "12 công nhân được đi xe miễn phí do LĐLĐ tỉnh tổ chức" (the text between figure and body).
AGENT_AFTER_RE = re.compile(r"^[^;.:]{0,100}?(?<!\w)do\s+(?:các\s+)?$")
#: An agent after "do": it belongs to the figure before it, not to the ones after
#: ("…, 120 suất do LĐLĐ huyện hỗ trợ, 50 suất do Ban Giám đốc tài trợ").
AGENT_BEFORE_RE = re.compile(r"(?<!\w)do\s+(?:các\s+)?$")
#: A body right before "giao": it set the quota ("chỉ tiêu Tổng Liên đoàn giao").
NOT_ACTOR_AFTER_RE = re.compile(r"\s+giao(?!\w)")
#: A body that issued a document named earlier in the clause: "Đề án … của UBND huyện",
#: "Nghị quyết 02-NQ/TW … của Bộ Chính trị về … của Công đoàn Việt Nam".
DOCUMENT_OWNER_RE = re.compile(
    r"(?<!\w)(?:nghị quyết|quyết định|kế hoạch|đề án|chỉ thị|hướng dẫn|công văn|thông tư|nghị định|"
    r"chương trình|quy định|luật|kết luận)(?!\w)[^;.]*(?<!\w)của\s+"
    r"(?:(?:đoàn chủ tịch|ban chấp hành|ban thường vụ|thường trực|ban chỉ đạo)\s+)?$"
)


#: A name cut short or a body named only by its kind: "Công đoàn Lần" (from "lần thứ"),
#: "Công đoàn cơ sở Trung" (from "Trung tâm"), "Công đoàn cơ sở Công ty" (no company named).
FRAGMENT_RE = re.compile(
    r"^(?:Công đoàn cơ sở|Công đoàn|Nghiệp đoàn|Liên đoàn Lao động)(?: (?:Công ty|Trường|Bệnh viện|Nhà máy|"
    r"Xí nghiệp|Tổng công ty|Tập đoàn|Trung tâm|Bệnh|Trung|Công|Lần|Khóa|Nhiệm))?$"
)
#: A level word with no place after it: "Liên đoàn Lao động huyện" (which district?).
BARE_LEVEL_RE = re.compile(r" (?:huyện|quận|thị xã|thành phố|tỉnh|xã|phường)$")
#: Award figures: their subject is the body whose units receive them.
AWARD_METRICS = frozenset({"awards"})
#: A province's federation: "Liên đoàn Lao động tỉnh Lào Cai", "… thành phố Đà Nẵng".
PROVINCIAL_FEDERATION_RE = re.compile(r"^Liên đoàn Lao động (?P<scope>tỉnh|thành phố) (?P<place>.+)$")
#: A body that grants, right before its verb: "Tổng LĐLĐ Việt Nam tặng Cờ thi đua".
GRANTOR_AFTER_RE = re.compile(r"\s+(?:đã\s+|cũng\s+)?(?:trao tặng|tặng|trao|khen thưởng)(?!\w)")
#: A national body: it grants awards to the article's units, it does not receive them.
NATIONAL_RE = re.compile(r"^(?:Tổng Liên đoàn|Công đoàn [^,]* Việt Nam$)")
#: The body an award's receivers belong to, after them: "cho 5 tập thể thuộc LĐLĐ tỉnh Ninh Bình".
RECEIVER_BEFORE_RE = re.compile(r"(?<!\w)(?:thuộc|của)\s+(?:các\s+)?$")
#: A body that receives in the passive, before "được": "Công đoàn ngành Giáo dục tỉnh được
#: Tổng LĐLĐ Việt Nam tặng 01 Cờ thi đua".
PASSIVE_AFTER_RE = re.compile(r"(?:\s+[^\s.;]+){0,6}?\s+(?:vinh dự\s+)?được(?!\w)")
#: A body named as a recipient or a place, not an actor: "hỗ trợ công nhân ở LĐLĐ tỉnh Quảng
#: Nam", "trao quà cho đoàn viên Công đoàn ngành Y tế".
RECIPIENT_BEFORE_RE = re.compile(r"(?<!\w)(?:cho|tới|tại|ở)\s+(?:[^\s,;]+\s+){0,4}$")

#: The sentence's list of awards names its receivers' body by kind only: "cho 4 cá nhân
#: thuộc Công đoàn ngành", "thuộc ngành" (the article's own body).
OWN_RECEIVERS_RE = re.compile(
    r"(?<!\w)thuộc\s+(?:công đoàn\s+)?ngành(?!\s+(?:giáo|y|công|nông|giao|xây))(?!\w)"
)
#: A grassroots union named by its kind only: "CĐCS", "công đoàn", "CĐCS công ty", "Ban Chấp
#: hành công đoàn" (not "công đoàn cấp trên", "công đoàn các cấp", "công đoàn ngành").
BARE_GRASSROOTS_RE = re.compile(
    r"(?<!\w)(?:(?:ban chấp hành|bch)\s+)?(?:cđcs|công đoàn cơ sở|công đoàn)"
    r"(?:\s+(?:công ty|doanh nghiệp|nhà máy|trường|đơn vị))?(?!\w)(?!\s+(?:cấp|các|ngành|viên|khối)(?!\w))"
)
#: The words a :data:`BARE_GRASSROOTS_RE` match opens with (its anchor for
#: :func:`~unionnews.nlp.spans.finditer_near`, found by a fast scan).
BARE_GRASSROOTS_ANCHOR = Literals("ban chấp hành", "bch", "cđcs", "công đoàn")
#: A grassroots union's canonical name: "Công đoàn cơ sở X", "Công đoàn Công ty X".
GRASSROOTS_NAME_RE = re.compile(
    r"^(?:Công đoàn cơ sở|Nghiệp đoàn|Công đoàn (?=Công ty|Trường|Bệnh viện|Nhà máy|Xí nghiệp|Tổng công ty))"
)
#: The ways :data:`UNION_MARK_RE` names a union.
UNION_MARK_WORDS = ("công đoàn", "cđcs", "lđlđ", "liên đoàn lao động")
#: A union named in lower case or by its kind (match key): "công đoàn", "CĐCS", "LĐLĐ".
UNION_MARK_RE = re.compile(r"(?<!\w)(?:" + "|".join(UNION_MARK_WORDS) + r")(?!\w)")
#: Where a :data:`UNION_MARK_RE` match starts (the anchor of
#: :func:`~unionnews.nlp.spans.finditer_near`, found by a fast scan).
UNION_MARK_ANCHOR = Literals(*UNION_MARK_WORDS)
#: Metrics that count a union's own members, bodies and party work: never an enterprise's.
UNION_STRUCTURE_METRICS = frozenset(
    {
        "union_members",
        "union_members_female",
        "new_union_members",
        "grassroots_unions",
        "new_grassroots_unions",
        "party_members",
        "party_admissions",
        "party_referrals",
    }
)
#: An enterprise, or a place of work, as the subject of a clause (match key): "Công ty hiện
#: có", "nhiều doanh nghiệp đã cắt giảm", "được Ban Giám đốc đồng ý chi", "các khu, cụm
#: công nghiệp thu hút", "nơi có 3.450 công nhân".
ENTERPRISE_RE = re.compile(
    r"(?<!\w)(?:(?:chủ|lãnh đạo)\s+(?:công ty|doanh nghiệp|nhà máy)|ban giám đốc(?:\s+(?:công ty|nhà máy))?|"
    r"công ty|doanh nghiệp|nhà máy|xí nghiệp|người sử dụng lao động|nhà tuyển dụng|"
    r"khu(?:,\s*cụm)? công nghiệp|cụm công nghiệp|nơi(?=\s+(?:hiện\s+|đang\s+)?có(?!\w)))(?!\w)"
)
#: The words an :data:`ENTERPRISE_RE` match opens with, as whole words (its anchor for
#: :func:`~unionnews.nlp.spans.finditer_near`, found by a fast scan).
ENTERPRISE_ANCHOR_RE = word_start_anchor(
    [
        "chủ", "lãnh đạo", "ban giám đốc", "công ty", "doanh nghiệp", "nhà máy", "xí nghiệp",
        "người sử dụng lao động", "nhà tuyển dụng", "khu", "cụm công nghiệp", "nơi",
    ],
    whole=True,
)  # fmt: skip
#: Words that make an enterprise an object, not the clause's subject: "đề nghị công ty tăng
#: lương", "vận động 12 doanh nghiệp", "ở khu vực doanh nghiệp", "ở Công ty X", and a list
#: after "với": "phối hợp với chính quyền, chủ doanh nghiệp".
OBJECT_BEFORE_RE = re.compile(
    r"(?<!\w)(?:(?:cho|với|của|tại|ở|thuộc|vào|trong|giữa|đề nghị|đề xuất|kiến nghị|vận động|giám sát|"
    r"kiểm tra|khảo sát|thăm|đến|tới|cùng|và|các cấp|chi bộ|đảng ủy)|với\s+[^,;.]{1,30},)\s+"
    r"(?:(?:các|nhiều|những|khu vực|số|[\d.,]+)\s+)?$"
)
#: An enterprise that is the agent of a figure before it: "312 người được doanh nghiệp nhận
#: vào làm" (the text between that figure and the enterprise).
AGENT_OF_EARLIER_RE = re.compile(r"^[^,;]{0,40}(?<!\w)(?:được|do|bị)\s+(?:các\s+)?$")
#: A speech verb after a body (and its bracketed place): "Chủ tịch CĐCS Công ty X (huyện Y) cho
#: biết, …".
SPEECH_AFTER_RE = re.compile(
    r"\s*(?:\([^)]{0,60}\))?\s*,?\s*(?:cho biết|chia sẻ|phát biểu|thông tin|khẳng định|nói)(?!\w)"
)
#: The head of a clause's subject noun phrase, right before an enterprise word (match key): a
#: clause mark or an opener, then a quantifier: "Năm qua, các doanh nghiệp", "; nhiều công ty",
#: "trong đó các khu, cụm công nghiệp". Not "số đoàn viên khu vực doanh nghiệp" (the enterprise
#: qualifies another noun) nor "được các doanh nghiệp hưởng ứng" (a passive agent).
SUBJECT_HEAD_RE = re.compile(
    r"(?:^|[,;:(\n]|(?<!\w)(?:trong đó|hiện nay|hiện|riêng|còn))\s*"
    r"(?:(?:các|nhiều|những|một số|hầu hết|toàn bộ|phần lớn|đa số|số)\s+)?$"
)
#: Union members as the subject of a clause or of its last comma part (match key): "số đoàn
#: viên khu vực doanh nghiệp chiếm 71,4%", "trong đó đoàn viên khu vực doanh nghiệp chiếm",
#: "đoàn viên công ty đã quyên góp": a share or a deed of the union's members, never an
#: enterprise's.
MEMBERS_SUBJECT_RE = re.compile(
    r"^\s*(?:(?:trong đó|trong số đó|riêng|còn)\s*,?\s*)?"
    r"(?:(?:các|nhiều|những|mỗi|số|tổng số)\s+)?(?:cán bộ,\s*)?đoàn viên(?!\w)"
)
#: What enterprises counted by a figure do, right after it: they are the clause's subject
#: ("5.600 doanh nghiệp đang hoạt động, sử dụng 198.000 lao động", "214 doanh nghiệp giải thể").
ECONOMY_AFTER_RE = re.compile(
    r"\s+(?:đang\s+|đã\s+|bị\s+)?(?:hoạt động|giải thể|tạm ngừng|ngừng hoạt động|phá sản|sử dụng)(?!\w)"
)
#: A mark that ends a comma part of a clause (not the comma of "6,2 triệu").
PART_END_RE = re.compile(r"[,;:](?!\d)")
#: A comma part with no subject of its own, continuing the one before: ", cao hơn năm trước
#: 800.000 đồng", ", tăng 12%", ", chiếm 30%" (match key).
CONTINUATION_RE = re.compile(
    r"\s*(?:cao hơn|thấp hơn|nhiều hơn|ít hơn|tăng|giảm|bằng|chiếm|tương đương|tương ứng)(?!\w)"
)
#: A figure whose head is an enterprise word (on the figure's text, match key): "5.600 doanh
#: nghiệp", "12 công ty".
ENTERPRISE_COUNT_RE = re.compile(r"(?<!\w)(?:doanh nghiệp|công ty|nhà máy|xí nghiệp)$")
#: A body that receives, right after it (or after its partners): "LĐLĐ tỉnh Lạng Sơn mỗi đơn
#: vị nhận 350 triệu", "LĐLĐ tỉnh Hà Nam đã nhận"; it is no giver.
RECEIVER_AFTER_RE = re.compile(
    r"\s*,?\s*(?:mỗi\s+(?:đơn vị|nơi|tỉnh|huyện|đơn vị được)\s+)?(?:đã\s+|được\s+|sẽ\s+)*"
    r"(?:tiếp\s+)?nhận(?!\w)(?!\s+(?:thấy|định|xét|diện|thức))"
)
#: Two bodies joined by "và" or a comma: "LĐLĐ tỉnh Yên Bái và LĐLĐ tỉnh Lạng Sơn".
JOINED_RE = re.compile(r"\s*(?:,|và|cùng)\s*")
#: A body after a gift or money: the owner that gives it ("trao 50 suất quà của Tổng LĐLĐ
#: Việt Nam"; the text between figure and body).
OWNER_AFTER_RE = re.compile(r"^(?:\s+[^\s,;.()]+){0,2}?\s+của\s+$")
#: Metrics whose owner after "của" is their giver (not the body of people helped).
OWNED_METRICS = frozenset({"gifts", "money", "houses"})
#: A "Tại <body>," opener (the text from the sentence's start to the body): the body the
#: clause reports on ("Tại CĐCS Sở Y tế, trong năm có 9 đoàn viên …").
OPENER_BEFORE_RE = re.compile(r"^[\W\d]*(?:(?:riêng|còn)\s+)?(?:tại|ở)\s+$")
#: The comma closing an opener after its body, maybe after a bracket: "Tại CĐCS Sở Y tế (Sở Y tế),".
OPENER_AFTER_RE = re.compile(r"\s*(?:\([^)]{0,60}\))?\s*,")

#: Verbs after a body that make it no giver: it set a quota, launched a movement, issued a rule
#: ("10/10 chỉ tiêu do LĐLĐ tỉnh giao").
NOT_GIVER_AFTER_RE = re.compile(r"\s+(?:đã\s+)?(?:giao|phát động|ban hành|chỉ đạo|đề ra|quy định)(?!\w)")


@lru_cache(maxsize=4096)
def is_subject_name(name: str) -> bool:
    """Can ``name`` (expanded) be a subject? A union body, named in full.

    >>> is_subject_name("Liên đoàn Lao động huyện Sơn Dương"), is_subject_name("Liên đoàn Lao động huyện")
    (True, False)
    >>> is_subject_name("Công đoàn cơ sở Trung"), is_subject_name("Ủy ban nhân dân huyện Yên Minh")
    (False, False)
    """
    if not name.startswith(UNION_BODY_PREFIXES) or name in GENERIC_BODIES:
        return False
    return FRAGMENT_RE.match(name) is None and BARE_LEVEL_RE.search(name) is None


#: A body's place after its level word: "… tỉnh Yên Bái", "… thành phố Đà Nẵng".
PLACE_OF_BODY_RE = re.compile(r" (?:tỉnh|thành phố) (?P<place>[^,]+)$")


@lru_cache(maxsize=4096)
def is_outside(name: str, province: str | None) -> bool:
    """Is the body above or outside the article's province: national, or another province's?

    >>> is_outside("Tổng Liên đoàn Lao động Việt Nam", "Vĩnh Long")
    True
    >>> is_outside("Liên đoàn Lao động tỉnh Yên Bái", "An Giang")
    True
    >>> is_outside("Liên đoàn Lao động huyện Long Hồ", "Vĩnh Long")
    False
    """
    own = find_province(province) if province else None
    if own is None:
        return False
    if NATIONAL_RE.match(name):
        return True
    m = PLACE_OF_BODY_RE.search(name)
    place = find_province(m["place"]) if m else None
    return place is not None and place.name != own.name


def _title_bodies(unions: Sequence[Entity], title: str | None, ctx: Context) -> list[str]:
    """The union bodies the title names, in order (canonical names). A title's "LĐLĐ
    huyện" is the district federation the text names most."""
    out = []
    for o in find_orgs(title or "", ctx):
        name = expand_org(o.canonical, ctx.province)
        if is_subject_name(name):
            out.append(o.canonical)
        elif BARE_LEVEL_RE.search(name) and name.startswith(UNION_BODY_PREFIXES):
            named = Counter(u.canonical for u in unions if u.canonical.startswith(name + " "))
            if named:
                out.append(named.most_common(1)[0][0])
    return out


def main_org(orgs: Sequence[Entity], title: str | None, ctx: Context) -> str | None:
    """The body the article is mostly about: the union body its title names, else the
    most mentioned union body (first on ties); a non-union body never.

    "Công đoàn cơ sở Văn phòng Tỉnh ủy: Dấu ấn một nhiệm kỳ" is about the grassroots
    union, however often the text names the party committee it serves. A national or
    another province's body (:func:`is_outside`) is the main one only when the text names
    no body of the article's province: "Tổng LĐLĐ Việt Nam tặng Bằng khen cho … công đoàn
    tỉnh Vĩnh Long" over a report on the province's federation is about that federation.
    """
    unions = [o for o in orgs if is_subject_name(expand_org(o.canonical, ctx.province))]
    own = [o for o in unions if not is_outside(expand_org(o.canonical, ctx.province), ctx.province)]
    titled = _title_bodies(unions, title, ctx)
    for name in titled:
        if not own or not is_outside(expand_org(name, ctx.province), ctx.province):
            return name
    pool = own or unions
    if not pool:
        return None
    counts = Counter(o.canonical for o in pool)
    return max(counts, key=lambda c: (counts[c], -min(o.start for o in pool if o.canonical == c)))


def is_actor(key: str, org: Entity, lo: int, figure_ends: Sequence[int] = ()) -> bool:
    """Can ``org`` be the body a figure after it in its sentence is about?

    Not a partner, a quota setter, a channel, a caller, a congress attended, a document's
    issuer, a recipient, a guest's body in a guest list, or the agent of an earlier figure
    ("120 suất do LĐLĐ huyện hỗ trợ"; ``figure_ends``: sorted ends of the figures). A body
    named in a "Tại <body>," opener is the one its sentence reports on.
    """
    before = key[max(lo, org.start - 160) : org.start]
    if OPENER_BEFORE_RE.match(key[lo : org.start]) and OPENER_AFTER_RE.match(key, org.end):
        return True  # "Tại CĐCS Sở Y tế, trong năm có 9 đoàn viên …": the body the clause is about
    if NOT_ACTOR_BEFORE_RE.search(before) or NOT_ACTOR_AFTER_RE.match(key, org.end):
        return False
    if RECIPIENT_BEFORE_RE.search(before) or GUEST_LIST_RE.match(key[lo : org.start]):
        return False
    if AGENT_BEFORE_RE.search(before) and bisect_left(figure_ends, lo) < bisect_right(figure_ends, org.start):
        return False
    return DOCUMENT_OWNER_RE.search(before) is None


def rank(name: str | None) -> int:
    """How high a union body stands: 0 national, 1 a province's federation, 2 any other.

    >>> rank("Tổng Liên đoàn Lao động Việt Nam"), rank("Liên đoàn Lao động tỉnh Lào Cai")
    (0, 1)
    >>> rank("Liên đoàn Lao động huyện Bát Xát"), rank("Liên đoàn Lao động thành phố Đà Nẵng")
    (2, 1)
    """
    if not name:
        return 2
    if NATIONAL_RE.match(name):
        return 0
    m = PROVINCIAL_FEDERATION_RE.match(name)
    if m is None:
        return 2
    prov = find_province(m["place"])
    return 1 if prov is not None and (m["scope"] == "tỉnh" or prov.kind == "thành phố") else 2


def award_receiver(
    key: str, fig: Figure, window: Sequence[Entity], after: Sequence[Entity], lo: int, main: str | None = None
) -> Entity | None:
    """The body whose units receive an award: named after the receivers ("cho 5 tập thể
    thuộc LĐLĐ tỉnh Ninh Bình"), or as the passive subject ("… được Tổng LĐLĐ tặng"), or
    the body that grants when it stands no higher than ``main``, the article's body (it
    rewards its own units; a province's federation at a district's conference rewards the
    district's). None
    (the article's body) when the sentence's list of awards names the receivers' body only
    by its kind ("… cho 4 cá nhân thuộc Công đoàn ngành; LĐLĐ tỉnh tặng Cờ cho 3 CĐCS")."""
    for org in after:
        if RECEIVER_BEFORE_RE.search(key[fig.end : org.start]):
            return org
    for org in window:
        if PASSIVE_AFTER_RE.match(key, org.end) and org.end <= fig.start:
            return org
    if OWN_RECEIVERS_RE.search(key, lo, fig.start):
        return None
    for org in reversed(window):
        if org.end <= fig.start and is_actor(key, org, lo):
            higher = rank(org.canonical) < rank(main) or NATIONAL_RE.match(org.canonical)
            return None if higher else org
    return None


def agent_after(
    key: str, fig: Figure, after: Sequence[Entity], figure_starts: Sequence[int]
) -> Entity | None:
    """The union body named as the agent right after a figure, before the next figure:
    "120 suất do LĐLĐ huyện X hỗ trợ"; or the owner of gifts, money or houses: "trao 50
    suất quà của Tổng LĐLĐ Việt Nam" (the gifts are its, it gives them)."""
    for org in after:
        if bisect_left(figure_starts, fig.end) < bisect_left(figure_starts, org.start):
            return None  # another figure comes first: the agent is its own
        between = key[fig.end : org.start]
        if AGENT_AFTER_RE.match(between) and not NOT_GIVER_AFTER_RE.match(key, org.end):
            return org
        if fig.metric in OWNED_METRICS and OWNER_AFTER_RE.match(between):
            return org
    return None


def receivers(key: str, orgs: Sequence[Entity]) -> set[int]:
    """Starts of the bodies that receive (``orgs`` sorted by start): "LĐLĐ tỉnh Yên Bái và
    LĐLĐ tỉnh Lạng Sơn mỗi đơn vị nhận 350 triệu" (both); they give nothing."""
    out: set[int] = set()
    for i in range(len(orgs) - 1, -1, -1):
        org = orgs[i]
        nxt = orgs[i + 1] if i + 1 < len(orgs) else None
        joined = nxt is not None and nxt.start in out and JOINED_RE.fullmatch(key, org.end, nxt.start)
        if RECEIVER_AFTER_RE.match(key, org.end) or joined:
            out.add(org.start)
    return out


def grassroots_back_references(
    key: str, orgs: Sequence[Entity], ctx: Context, figure_spans: SpanSet
) -> list[Entity]:
    """Grassroots unions named only by their kind at the head of a clause ("công đoàn đã đề
    nghị …", "Ban Chấp hành công đoàn …"), each given the name of the grassroots union last
    named in its paragraph ("Chủ tịch CĐCS Công ty Y cho biết … Năm 2022, công đoàn đã …").
    A mention whose paragraph names none is left out."""
    named = SpanSet([(o.start, o.end) for o in orgs])
    grassroots = [o for o in orgs if is_grassroots_name(o.canonical, ctx.province)]
    out: list[Entity] = []
    for m in finditer_near(BARE_GRASSROOTS_RE, key, BARE_GRASSROOTS_ANCHOR):
        if named.overlaps(m.start(), m.end()) or figure_spans.overlaps(m.start(), m.end()):
            continue
        if not CLAUSE_HEAD_RE.search(key, max(0, m.start() - 12), m.start()):
            continue
        paragraph = key.rfind("\n", 0, m.start()) + 1
        earlier = [o for o in grassroots if paragraph <= o.start < m.start()]
        if earlier:
            name = max(earlier, key=lambda o: o.start).canonical
            out.append(Entity("ORG", m.start(), m.end(), m.group(), name, rule="back_reference"))
    return out


@lru_cache(maxsize=4096)
def is_grassroots_name(name: str, province: str | None) -> bool:
    """Does the body called ``name`` (expanded with ``province``) name a grassroots union?

    >>> is_grassroots_name("CĐCS Công ty May 10", "Hà Nội"), is_grassroots_name("LĐLĐ tỉnh", "Hà Nam")
    (True, False)
    """
    return GRASSROOTS_NAME_RE.match(expand_org(name, province)) is not None


def _last_union_end(spans: Sequence[tuple[int, int]], lo: int, hi: int) -> int:
    """The end of the last union body mention that starts in [lo, hi), else -1 (``spans``
    sorted by start)."""
    i = bisect_left(spans, (hi, -1))
    return spans[i - 1][1] if i and spans[i - 1][0] >= lo else -1


def no_union_clause(
    key: str,
    fig: Figure,
    lo: int,
    union_spans: Sequence[tuple[int, int]],
    figures: FigureSpans,
    speakers: Sequence[Entity] = (),
) -> bool:
    """Is the figure's clause about an enterprise or the economy, not a union body? The
    nearest subject noun before the figure in its clause (";" ends a clause) is an
    enterprise at the head of its clause's subject ("Công ty hiện có 1.460 lao động",
    "nhiều doanh nghiệp đã cắt giảm 12.000 lao động", "nơi có 3.450 công nhân", enterprises
    counted "đang hoạt động"), not a union body, and the figure counts no union members,
    bodies or party admissions, nor is it a share or a deed of union members
    (:func:`_members_subject`). An enterprise that qualifies another noun ("số đoàn viên
    khu vực doanh nghiệp") or is a passive agent ("được các doanh nghiệp hưởng ứng") is not
    the clause's subject. What a grassroots union's officer states of the
    company (``speakers``: the grassroots unions named before the figure in its sentence) is
    about the union's own unit."""
    if fig.metric in UNION_STRUCTURE_METRICS:
        return False
    if any(SPEECH_AFTER_RE.match(key, o.end) for o in speakers):
        return False  # "Chủ tịch CĐCS Công ty X chia sẻ, công ty có 1.860 lao động": its own unit
    clause = max(lo, key.rfind(";", lo, fig.start) + 1)
    if _members_subject(key, clause, fig):
        return False
    if ENTERPRISE_COUNT_RE.search(key, fig.start, fig.end) and ECONOMY_AFTER_RE.match(key, fig.end):
        return True  # "hơn 5.600 doanh nghiệp đang hoạt động": the economy's
    reach = _part_start(key, clause, fig.start, skip_continuations=True)
    found = _enterprise_subject(key, clause, fig.start, union_spans, figures, reach)
    if found is None and clause > lo:  # "…; nhiều vị trí có mức lương từ 6 triệu đồng": the sentence's
        found = _enterprise_subject(key, lo, clause, union_spans, figures, reach)
    return bool(found)


def _part_start(key: str, lo: int, pos: int, *, skip_continuations: bool = False) -> int:
    """Start of the comma part of key[lo:pos] that ends at ``pos``; with
    ``skip_continuations``, parts with no subject of their own (:data:`CONTINUATION_RE`)
    join the one before: in "chi 6,2 triệu đồng, cao hơn 800.000 đồng" the second figure's
    part starts at "chi"."""
    while True:
        ends = [m.end() for m in PART_END_RE.finditer(key, lo, pos)]
        start = ends[-1] if ends else lo
        if not (skip_continuations and ends and CONTINUATION_RE.match(key, start)):
            return start
        pos = start - 1


def _members_subject(key: str, clause: int, fig: Figure) -> bool:
    """Are union members the subject of the figure's comma part ("…, đoàn viên trong phân
    xưởng góp 55 ngày công"), or, for a percentage, of its clause ("; số đoàn viên kết nạp ở
    các khu kinh tế, khu công nghiệp chiếm trên 40%")?"""
    part = _part_start(key, clause, fig.start)
    if MEMBERS_SUBJECT_RE.match(key[part : fig.start]):
        return True
    return fig.unit == "percent" and MEMBERS_SUBJECT_RE.match(key[clause : fig.start]) is not None


def _enterprise_subject(
    key: str, lo: int, hi: int, union_spans: Sequence[tuple[int, int]], figures: FigureSpans, part: int
) -> bool | None:
    """Is the nearest subject noun in key[lo:hi] an enterprise (True) or a union (False)?
    None when there is neither. An enterprise counts when it heads its comma part ("Năm
    qua, các doanh nghiệp đã cắt giảm …") or acts in the figure's own comma part ("Mức lương
    các doanh nghiệp đưa ra từ 6 triệu đồng", "được Ban Giám đốc đồng ý chi 6 triệu đồng");
    not when it qualifies a noun of an earlier part ("được các doanh nghiệp hưởng ứng, trồng
    mới 5.000 cây": the movement's)."""
    union_end = _last_union_end(union_spans, lo, hi)
    for m in reversed(list(finditer_near(ENTERPRISE_RE, key, ENTERPRISE_ANCHOR_RE, 0, lo, hi))):
        if m.start() <= union_end + 1:
            return False  # a union body is nearer, or the enterprise is part of its name
        earlier = figures.before(m.start())
        if earlier is not None and earlier[1] > m.start():
            if ECONOMY_AFTER_RE.match(key, m.end()):
                return True  # "5.600 doanh nghiệp đang hoạt động, sử dụng 198.000 lao động"
            continue  # a counted group: "235 doanh nghiệp ký kết thỏa ước" is no actor
        agent_of_earlier = earlier is not None and AGENT_OF_EARLIER_RE.match(key[earlier[1] : m.start()])
        if earlier is not None and earlier[1] >= lo and agent_of_earlier:
            return False  # "312 người được doanh nghiệp nhận vào làm, 58 người …"
        if OBJECT_BEFORE_RE.search(key, lo, m.start()):
            continue
        heads = SUBJECT_HEAD_RE.search(key[max(lo, m.start() - 40) : m.start()]) or _at_start(
            key, lo, m.start()
        )
        if not heads and m.end() < part and PART_END_RE.search(key, m.end(), part):
            continue  # "được các doanh nghiệp hưởng ứng, trồng mới …": not the subject of the figure's part
        return True
    return False if union_end >= 0 else None


def _at_start(key: str, lo: int, pos: int) -> bool:
    """Does ``pos`` open the text from ``lo`` (a quantifier aside): "Nhiều doanh nghiệp …"?"""
    return SUBJECT_HEAD_RE.fullmatch(key[lo:pos]) is not None or not key[lo:pos].strip()


class FigureSpans:
    """The figures' spans sorted by start, for "which figure comes last before here"."""

    def __init__(self, figures: Sequence[Figure]) -> None:
        self.spans = sorted((f.start, f.end) for f in figures)
        self.starts = [s for s, _ in self.spans]
        self.ends = sorted(e for _, e in self.spans)

    def before(self, pos: int) -> tuple[int, int] | None:
        """The last figure span starting before ``pos``."""
        i = bisect_left(self.starts, pos)
        return self.spans[i - 1] if i else None


def assign_subjects(
    figures: Sequence[Figure],
    entities: Sequence[Entity],
    *,
    key: str,
    sentences: list[tuple[int, int]],
    ctx: Context,
    title: str | None = None,
) -> None:
    """Subject = the union body acting in the figure's clause, else the article's main body.

    The acting body is the agent named right after the figure ("120 suất do LĐLĐ huyện X hỗ
    trợ", :func:`agent_after`), else the nearest union body before the figure in its
    sentence that acts in it (:func:`is_actor`); a grassroots union named by its kind counts
    as the one its paragraph names (:func:`grassroots_back_references`). Awards go to the
    receivers' body (:func:`award_receiver`). A figure of a clause about an enterprise has
    none (:func:`no_union_clause`). Non-union bodies and fragments are never subjects. The
    figure's province is the article's unless it has one.
    """
    figure_spans = SpanSet([(f.start, f.end) for f in figures])
    all_orgs = [o for o in entities if o.type == "ORG" and not figure_spans.overlaps(o.start, o.end)]
    named = [o for o in all_orgs if is_subject_name(expand_org(o.canonical, ctx.province))]
    default = main_org(named, title, ctx)
    main = expand_org(default, ctx.province) if default else None
    named += grassroots_back_references(key, named, ctx, figure_spans)
    union_spans = sorted(
        {(o.start, o.end) for o in [*all_orgs, *named] if o.canonical.startswith(UNION_BODY_PREFIXES)}
        | {(m.start(), m.end()) for m in finditer_near(UNION_MARK_RE, key, UNION_MARK_ANCHOR)}
    )
    orgs = sorted(named, key=lambda e: e.start)
    starts = [o.start for o in orgs]
    grassroots = [is_grassroots_name(o.canonical, ctx.province) for o in orgs]
    receiving = receivers(key, orgs)
    spans = FigureSpans(figures)
    acting: dict[tuple[int, int], bool] = {}  # (org, sentence start) -> is_actor: once per sentence

    def acts(org: Entity, lo: int) -> bool:
        if (found := acting.get((id(org), lo))) is None:
            found = acting[(id(org), lo)] = is_actor(key, org, lo, spans.ends)
        return found

    for fig in figures:
        span = sentence_at(sentences, fig.start)
        lo, hi = span if span else (max(0, fig.start - 300), fig.end)
        # the bodies named before and after the figure in its sentence (bisect: long articles)
        first, last = bisect_left(starts, lo), bisect_right(starts, fig.start)
        window = orgs[first:last]
        after = orgs[bisect_left(starts, fig.end) : bisect_left(starts, hi)]
        fig.province = fig.province or ctx.province
        if fig.metric in AWARD_METRICS:
            actor = award_receiver(key, fig, window, after, lo, main)
        else:
            actor = agent_after(key, fig, after, spans.starts)
            speakers = [
                o for o, is_grassroots in zip(window, grassroots[first:last], strict=True) if is_grassroots
            ]
            if actor is None and no_union_clause(key, fig, lo, union_spans, spans, speakers):
                fig.subject = None
                continue
            if actor is None:
                before = (o for o in reversed(window) if o.end <= fig.start)
                actor = next((o for o in before if o.start not in receiving and acts(o, lo)), None)
        subject = actor.canonical if actor else default
        fig.subject = expand_org(subject, ctx.province) if subject else None
