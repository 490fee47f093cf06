"""The subject of each figure: the union body it credits (docs/annotation.md, "Subjects").

The subject is the body acting in the figure's clause (the nearest body before it in
its sentence that acts there), else the article's main union body.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

from unionnews.model import Context, Entity, Figure
from unionnews.nlp.orgs import expand_org, find_orgs
from unionnews.nlp.sentences import sentence_at
from unionnews.nlp.spans import SpanSet

#: Canonical names of union bodies start so (party and state bodies do not).
UNION_BODY_PREFIXES = ("Công đoàn", "Liên đoàn Lao động", "Tổng Liên đoàn", "Nghiệp đoàn")
#: Bodies too generic to be a figure's subject ("CĐCS" in "1.204 CĐCS" is what is counted).
GENERIC_BODIES = frozenset({"Công đoàn cơ sở", "Công đoàn", "Liên đoàn Lao động", "Công đoàn ngành"})

#: Words before a body that make it no actor of the clause: the body that set a quota ("chỉ
#: tiêu Tổng Liên đoàn giao"), a partner ("phối hợp với UBND các xã"), the one a power comes
#: from ("thừa ủy quyền của Tổng LĐLĐ"), a congress attended ("đi dự Đại hội XIII Công đoàn
#: Việt Nam").
NOT_ACTOR_BEFORE_RE = re.compile(
    r"(?:chỉ tiêu|phối hợp với|phối hợp cùng|kết hợp với|cùng với|ủy quyền của|"
    r"(?:dự|tham dự)\s+đại hội(?:\s+(?:đại biểu\s+)?(?:lần thứ\s+)?[ivxlcdm\d]+)?)\s+(?:các\s+)?$"
)
#: A body right before "giao": it set the quota ("chỉ tiêu Tổng Liên đoàn giao").
NOT_ACTOR_AFTER_RE = re.compile(r"\s+giao(?!\w)")
#: A body that issued a document named earlier in the clause: "Đề án … của UBND huyện",
#: "Nghị quyết 02-NQ/TW … của Bộ Chính trị về … của Công đoàn Việt Nam".
DOCUMENT_OWNER_RE = re.compile(
    r"(?<!\w)(?:nghị quyết|quyết định|kế hoạch|đề án|chỉ thị|hướng dẫn|công văn|thông tư|nghị định|"
    r"chương trình|quy định|luật|kết luận)(?!\w)[^;.]*(?<!\w)của\s+$"
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


def main_org(orgs: Sequence[Entity], title: str | None, ctx: Context) -> str | None:
    """The body the article is mostly about: the union body its title names, else the
    most mentioned union body (first on ties); a non-union body never.

    "Công đoàn cơ sở Văn phòng Tỉnh ủy: Dấu ấn một nhiệm kỳ" is about the grassroots
    union, however often the text names the party committee it serves. A title's "LĐLĐ
    huyện" is the district federation the text names.
    """
    unions = [o for o in orgs if is_subject_name(expand_org(o.canonical, ctx.province))]
    for o in find_orgs(title or "", ctx):
        name = expand_org(o.canonical, ctx.province)
        if is_subject_name(name):
            return o.canonical
        if BARE_LEVEL_RE.search(name) and name.startswith(UNION_BODY_PREFIXES):
            named = Counter(u.canonical for u in unions if u.canonical.startswith(name + " "))
            if named:
                return named.most_common(1)[0][0]
    if not unions:
        return None
    counts = Counter(o.canonical for o in unions)
    return max(counts, key=lambda c: (counts[c], -min(o.start for o in unions if o.canonical == c)))


def is_actor(key: str, org: Entity, lo: int) -> bool:
    """Can ``org`` be the body a figure after it in its sentence is about?"""
    before = key[max(lo, org.start - 160) : org.start]
    if NOT_ACTOR_BEFORE_RE.search(before) or NOT_ACTOR_AFTER_RE.match(key, org.end):
        return False
    if RECIPIENT_BEFORE_RE.search(before):
        return False
    return DOCUMENT_OWNER_RE.search(before) is None


def award_receiver(
    key: str, fig: Figure, window: Sequence[Entity], after: Sequence[Entity], lo: int
) -> Entity | None:
    """The body whose units receive an award: named after the receivers ("cho 5 tập thể
    thuộc LĐLĐ tỉnh Ninh Bình"), or as the passive subject ("… được Tổng LĐLĐ tặng"), or
    the body that grants when it is not a national one (it rewards its own units)."""
    for org in after:
        if RECEIVER_BEFORE_RE.search(key[fig.end : org.start]):
            return org
    for org in window:
        if PASSIVE_AFTER_RE.match(key, org.end) and org.end <= fig.start:
            return org
    for org in reversed(window):
        if org.end <= fig.start and is_actor(key, org, lo):
            return None if NATIONAL_RE.match(org.canonical) else org
    return None


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

    The acting body is the nearest union body before the figure in its sentence that acts in
    it: not a partner, a quota setter, a congress attended, a document's issuer or a
    recipient (see :func:`is_actor`). Awards go to the receivers' body
    (:func:`award_receiver`). Non-union bodies and fragments are never subjects. The
    figure's province is the article's unless it has one.
    """
    figure_spans = SpanSet([(f.start, f.end) for f in figures])
    orgs = sorted(
        (
            o
            for o in entities
            if o.type == "ORG"
            and is_subject_name(expand_org(o.canonical, ctx.province))
            and not figure_spans.overlaps(o.start, o.end)
        ),
        key=lambda e: e.start,
    )
    starts = [o.start for o in orgs]
    default = main_org(orgs, title, ctx)
    for fig in figures:
        span = sentence_at(sentences, fig.start)
        lo, hi = span if span else (max(0, fig.start - 300), fig.end)
        # the nearest acting body before the figure in its sentence (bisect: long articles)
        window = orgs[bisect_left(starts, lo) : bisect_right(starts, fig.start)]
        if fig.metric in AWARD_METRICS:
            after = orgs[bisect_left(starts, fig.end) : bisect_left(starts, hi)]
            actor = award_receiver(key, fig, window, after, lo)
        else:
            actor = next((o for o in reversed(window) if o.end <= fig.start and is_actor(key, o, lo)), None)
        subject = actor.canonical if actor else default
        fig.subject = expand_org(subject, ctx.province) if subject else None
        fig.province = fig.province or ctx.province
