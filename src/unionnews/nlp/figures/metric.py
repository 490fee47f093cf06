"""Metric: what a figure counts, from its head, the cues around it and its neighbours in a list."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from unionnews.model import Figure
from unionnews.nlp.figures.heads import HeadMatch
from unionnews.nlp.figures.rules import Cue, MetricRules
from unionnews.nlp.normalize import match_key
from unionnews.nlp.sentences import sentence_at

#: Where the words after a head stop: a clause boundary or a comma: one of ";!?\n,(", a "."
#: or ":" not before a digit, or "trong đó" as a word. (Written as one character class first,
#: then what each character needs, so that the regex engine skips to those characters.)
AFTER_STOP_RE = re.compile(r"[;!?\n,(.:t](?:(?<=[;!?\n,(])|(?<=[.:])(?!\d)|(?<=t)(?<!\wt)rong đó(?!\w))")


#: Qualifier and range words (:data:`TRAILING_QUALIFIER_RE`).
QUALIFIER_WORDS = (
    "từ", "trên", "hơn", "gần", "khoảng", "dưới", "ít nhất", "tối thiểu", "xấp xỉ", "chừng", "tầm",
    "ước", "ước tính", "được", "là", "cho", "thêm", "mới", "vượt", "đạt", "tổng cộng", "chưa đến",
    "chưa tới", "không dưới", "ngoài", "lên", "lên đến", "lên tới",
)  # fmt: skip
#: Qualifier and range words at the end of the words before a number, dropped before cues
#: are matched ("thành lập từ 50 đến 60 CĐCS" reads like "thành lập 50 CĐCS").
TRAILING_QUALIFIER_RE = re.compile(r"(?:\s+(?:" + "|".join(QUALIFIER_WORDS) + r"))+\s*$")
#: How the words before a number end, whitespace aside, when :data:`TRAILING_QUALIFIER_RE`
#: matches them: with the last word of one of :data:`QUALIFIER_WORDS`.
QUALIFIER_TAILS = tuple(sorted({w.split()[-1] for w in QUALIFIER_WORDS}))


def without_trailing_qualifier(words: str) -> str:
    """``words`` without the qualifier and range words that end them (:data:`TRAILING_QUALIFIER_RE`).

    >>> without_trailing_qualifier("thành lập được từ"), without_trailing_qualifier("tặng quà cho")
    ('thành lập', 'tặng quà')
    """
    if not words.rstrip().endswith(QUALIFIER_TAILS):
        return words  # the pattern cannot match: a cheap test first
    return TRAILING_QUALIFIER_RE.sub("", words)


#: Heads that name a part of the count before them: "28.500 đoàn viên, trong đó 15.300 nữ".
SUBSET_HEADS = frozenset({"nữ"})


#: What may stand between two figures of one list: "23 tập thể, 47 cá nhân", "9 tập thể và".
LIST_GAP_RE = re.compile(r"^\s*(?:,|và|,\s*và|cùng|cùng với|,?\s*trong đó(?: có)?)?\s*$")


#: The gap of a repeated clause between two list members: ", Công đoàn Viên chức tỉnh có ".
PARALLEL_GAP_RE = re.compile(
    r"^[^,;\d]*(?:,|\svà)\s*[^,;\d]{1,60}?\s(?:có|là|đạt|với|tối thiểu|ít nhất|trên|hơn|khoảng|gần)\s*$"
)
#: What introduces a part of the count before it: "trong đó có", "bao gồm", "trong số đó".
PART_BEFORE_RE = re.compile(
    r"(?<!\w)(?:trong đó|trong số đó|bao gồm|gồm)(?:[^,;\d]{0,45}?\s(?=có|là))?(?:\s*(?:có|là))?"
    r"(?:\s+(?:trên|hơn|gần|khoảng|ít nhất|tối thiểu))?\s*$"
)
#: A deciding cue that admits without naming to what: "after:được kết nạp=new_union_members".
BARE_ADMISSION_RE = re.compile(r"^after:(?:(?:đã|vừa|đều)\s+)?(?:được\s+)?kết nạp(?:\s+được)?=")
#: A passive admission in the words before a figure: "đoàn viên được kết nạp, ".
PASSIVE_ADMISSION_RE = re.compile(r"(?<!\w)được\s+kết nạp(?!\s+(?:vào\s+)?(?:công đoàn|mới))")
#: The Party named nearby (not its organs in the union, "Đảng đoàn", "Đảng bộ", "Đảng ủy"):
#: "cho Đảng xem xét", "chi bộ", "đảng viên mới".
PARTY_CONTEXT_RE = re.compile(r"(?<!\w)(?:đảng(?!\s+(?:bộ|ủy|đoàn))|chi bộ)(?!\w)")
#: A paragraph or heading whose topic is growth: "Về công tác phát triển đoàn viên",
#: "2. Thành lập CĐCS mới", "kết nạp đoàn viên mới". Group ``kind``: members or unions.
FRAME_NEW_RE = re.compile(
    r"(?<!\w)(?:(?P<members>(?:phát triển|kết nạp)(?:\s+mới)?\s+(?:đoàn viên|công đoàn viên)|"
    r"đoàn viên mới|kết nạp mới)|"
    r"(?P<unions>(?:phát triển|thành lập)(?:\s+mới)?\s+(?:cđcs|công đoàn cơ sở|nghiệp đoàn)|cđcs mới|"
    r"xây dựng tổ chức công đoàn))(?!\w)"
)
#: Words that make a count in a growth paragraph a stock all the same: "hiện có", "tổng số",
#: "nâng tổng số … lên", "toàn tỉnh có", "đang sinh hoạt", "trực thuộc".
STOCK_WORDS_RE = re.compile(
    r"(?<!\w)(?:hiện có|hiện nay|hiện tại|tổng số|nâng tổng số|toàn (?:tỉnh|ngành|huyện|thành phố) có|"
    r"đang sinh hoạt|sinh hoạt tại|sinh hoạt ở|trực thuộc|quản lý|đến nay|tính đến|lũy kế|còn|nâng số|"
    r"(?<!thực )(?<!xuất )(?<!thể )(?<!phát )(?<!biểu )hiện)(?!\w)"
)
#: A body that has the count: "CĐCS công ty có 326 đoàn viên", "doanh nghiệp có 1.200 lao động".
HOLDER_HAS_RE = re.compile(
    r"(?<!\w)(?:cđcs|công đoàn cơ sở|công ty|doanh nghiệp|nhà máy|trường|bệnh viện)(?!\w)[^,;:]{0,50}?"
    r"\s(?:có|gồm|hiện có)(?:\s+(?:hơn|trên|gần|khoảng))?\s*$"
)
#: A sentence about losing members or bodies ("1.652 đoàn viên ra khỏi tổ chức", "giảm 3
#: CĐCS do doanh nghiệp giải thể"): not growth, whatever its paragraph is about.
DECREASE_RE = re.compile(r"(?<!\w)(?:giảm|ra khỏi|rời khỏi|thôi|nghỉ việc|giải thể|mất)(?!\w)")
#: A count that describes something else: "thành lập CĐCS … với 17 đoàn viên" (its size).
ATTRIBUTE_BEFORE_RE = re.compile(r"(?<!\w)(?:với|gồm|gồm có)(?:\s+(?:tổng số|hơn|trên|gần|khoảng))?\s*$")
#: A sentence that opens on a topic: "Về công tác …", "Công tác …", "Đối với …", "Kết quả …".
TOPIC_OPEN_RE = re.compile(r"[\s\-–•*+\d.)]*(?:về|công tác|đối với|trong công tác|kết quả)(?!\w)")
#: A numbered heading: "II.", "2.", "a)", "3.1".
NUMBERED_HEADING_RE = re.compile(r"(?:[ivxlc]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s")
#: A count described by its size, a stock: "1.108 CĐCS với 46.210 đoàn viên".
SIZE_AFTER_RE = re.compile(
    r"\s*(?:trực thuộc\s*)?(?:,\s*)?với\s+(?:tổng số\s+)?(?:hơn\s+|trên\s+|gần\s+|khoảng\s+)?\d"
)
#: A heading line: short, no sentence end ("II. Công tác phát triển đoàn viên", "Kết quả nổi bật:").
HEADING_LINE_MAX_WORDS = 15
#: The metric a framed growth paragraph gives a stock head's count.
FRAMED_METRICS = {
    "union_members": ("members", "new_union_members"),
    "grassroots_unions": ("unions", "new_grassroots_unions"),
}
#: A line break.
LINE_RE = re.compile(r"\n")
#: Metrics a list member inherits from the member before or after it.
INHERITED_METRICS = frozenset(
    {
        "awards",
        "trainings",
        "people_supported",
        "party_admissions",
        "party_referrals",
        "new_grassroots_unions",
        "new_union_members",
    }
)


#: Metrics that count what exists at a moment (a stock), not what happened over a period.
STOCK_METRICS = frozenset({"union_members", "union_members_female", "grassroots_unions", "party_members"})


#: Steps towards Party membership; "lượt" (person-times) before the head makes it class
#: attendances, not people referred or admitted.
PARTY_STEP_METRICS = frozenset({"party_referrals", "party_admissions"})


#: Metrics that are head counts of members; "lượt" (person-times) before the head cannot be.
MEMBERSHIP_METRICS = frozenset({"union_members", "union_members_female", "party_members"})


#: Units that can share a cue inside a list ("23 tập thể, 47 cá nhân").
LIST_UNITS = frozenset({"person", "org", "other"})


#: Bare classifiers that stand for the fuller head of a figure shortly before them: "14 vụ
#: ngừng việc …, giảm 6 vụ" counts work stoppages, while a bare "02 vụ" at court is a case.
ELLIPTIC_HEADS = frozenset({"vụ"})


#: How far back (characters) an earlier figure may explain a later one (ellipsis, restatement,
#: "Trong đó, …" after the sentence with the whole).
CARRY_WINDOW = 400


#: A sentence that details the count of the sentence before it: "Trong đó, 38 em là sinh viên".
DETAIL_SENTENCE_RE = re.compile(r"^[\s\-–•*+]*(?:trong đó|cụ thể|bao gồm|gồm)(?!\w)")
#: A sentence that ranks the bodies behind the count before it: "Dẫn đầu là LĐLĐ huyện X với
#: 1.287 đoàn viên", "Đơn vị làm tốt là …", "Tiêu biểu như …".
RANKING_SENTENCE_RE = re.compile(
    r"^[\s\-–•*+]*(?:dẫn đầu|đứng đầu|nổi bật|tiêu biểu|"
    r"(?:các\s+)?đơn vị làm tốt|(?:các\s+)?đơn vị dẫn đầu)(?!\w)"
)


#: A sentence that opens by naming the whole its counts are parts of: "Trong số đảng viên
#: mới, khối giáo dục có 112 đồng chí, khối y tế 41 đồng chí".
WHOLE_NAMED_RE = re.compile(
    r"^[\s\-–•*+]*(?:[^\W\d]+(?:\s+[^\W\d]+){0,3},\s*)?trong số\s+(?P<whole>[^,;:\d]{2,40}?)"
    r"(?:[,:]|\s+(?=có\s+\d|có\s+\w+\s+\d))"
)


#: How far back (characters) the words before a figure reach at most.
CONTEXT_BEFORE = 120


#: How far after the head the words after it reach at most.
CONTEXT_AFTER = 140


#: Metrics that say little: a cue for one of them never conflicts with a more specific cue.
GENERAL_METRICS = frozenset({"default", "other_count"})


@dataclass(slots=True)
class Decision:
    """A metric and the evidence for it.

    ``cues`` are the cues that matched, the deciding one first, each written
    ``where:words=metric`` ("after:được kết nạp vào đảng=party_admissions"); ``conflict``
    is True when a cue of the figure's own clause points to another specific metric.
    """

    metric: str
    from_cue: bool
    cues: list[str]
    conflict: bool = False


def _evidence(cue: Cue, m: re.Match[str]) -> str:
    return f"{cue.where}:{m.group().strip()}={cue.metric}"


Match = tuple[Cue, re.Match[str]]


def _rank(afters: list[Match], befores: list[Match]) -> list[Match]:
    """Cues in the order they decide: a cue after the head; else the cue before the number
    that ends nearest it (a neutral "có" there blocks farther cues), unless it is weak
    (``fallback``); weak cues only when nothing specific matched, an after-cue first.
    """
    strong_after = [a for a in afters if not a[0].fallback]
    weak_after = [a for a in afters if a[0].fallback]
    strong_before = [b for b in befores if not b[0].fallback]
    weak_before = [b for b in befores if b[0].fallback]
    if strong_after:
        first = strong_after[:1]
    elif strong_before and strong_before[0][0].metric != "default":
        first = strong_before[:1]
    elif weak_after:
        first = weak_after[:1]
    elif weak_before and not strong_before:
        first = weak_before[:1]
    else:
        first = strong_before[:1]
    ranked = [*strong_after, *strong_before, *weak_after, *weak_before]
    return first + [r for r in ranked if r is not first[0]] if first else ranked


def choose_metric(
    rules: MetricRules,
    found: HeadMatch,
    before: str,
    after: str,
    raw_before: str | None = None,
) -> Decision:
    """The metric of a head, from the words after it, then before it, with the evidence.

    After the head, a predicate beats a modifier ("đoàn viên ưu tú được kết nạp vào Đảng":
    the verb, not "ưu tú", says what happened), then the earliest match wins; before the
    number, the match ending nearest it, the longer (more specific) one on a tie ("trong
    đó đoàn viên nữ có" over "có"). ``before`` has its trailing qualifier and range
    words dropped; ``raw_before`` (the words as written, ``before`` when not given) is
    what ``raw`` cues are matched on.
    """
    raw_before = before if raw_before is None else raw_before
    head = found.head
    if not head.cues:
        return Decision(head.metric, False, [])
    after_cues, before_cues = rules.cues_for(head)
    afters: list[tuple[tuple[bool, int, int], Cue, re.Match[str]]] = []
    for cue in after_cues:
        if m := cue.search(after):
            afters.append(((cue.modifier, m.start(), cue.order), cue, m))
    befores: list[tuple[tuple[int, int, int], Cue, re.Match[str]]] = []
    for cue in before_cues:
        if (last := cue.last(raw_before if cue.raw else before)) is not None:
            befores.append(((-last.end(), -(last.end() - last.start()), cue.order), cue, last))
    afters.sort(key=lambda a: a[0])
    befores.sort(key=lambda b: b[0])
    if found.default_metric != "other_count" and len(befores) > 1:
        # a head that says what it counts ("156 đoàn viên nữ") keeps its metric when a neutral
        # word ends where a longer cue does ("trong tổng số đoàn viên có 156 đoàn viên nữ")
        end = befores[0][0][0]
        neutral = next((b for b in befores if b[0][0] == end and b[1].metric == "default"), None)
        if neutral is not None:
            befores.remove(neutral)
            befores.insert(0, neutral)
    ranked = _rank([(c, m) for _, c, m in afters], [(c, m) for _, c, m in befores])
    if not ranked:
        return Decision(found.default_metric, False, [])
    best = ranked[0][0]
    cues = [_evidence(c, m) for c, m in ranked]
    metric = found.default_metric if best.metric == "default" else best.metric
    conflict = best.metric not in GENERAL_METRICS and any(
        c.metric not in GENERAL_METRICS and c.metric != best.metric and not (c.modifier or c.fallback)
        for c, _ in ranked[1:]
    )
    return Decision(metric, best.metric != "default", cues, conflict)


@dataclass(slots=True)
class Found:
    """A figure being built, with what list inheritance needs to know."""

    figure: Figure
    from_cue: bool
    head_key: str = ""  # match key of the head noun ("" for money, percent)
    sentence: tuple[int, int] = (0, 0)  # span of the figure's sentence
    decision: Decision | None = None  # the cues that decided the metric (None: no head)
    passes: list[str] = field(default_factory=list)  # list passes that set the metric


def _passed(cur: Found, how: str) -> None:
    """Record that a list pass (not the figure's own cues) set the metric."""
    cur.passes.append(f"{how}={cur.figure.metric}")


@dataclass(slots=True)
class _Layout:
    """Lines and sentences of a text, indexed once for :func:`framing`."""

    lines: list[tuple[int, int]]
    line_starts: list[int]
    spans: list[tuple[int, int]]
    span_starts: list[int]

    @classmethod
    def of(cls, key: str, spans: Sequence[tuple[int, int]]) -> _Layout:
        lines, start = [], 0
        for m in LINE_RE.finditer(key):
            lines.append((start, m.start()))
            start = m.end()
        lines.append((start, len(key)))
        return cls(lines, [s for s, _ in lines], list(spans), [s for s, _ in spans])

    def sentence(self, at: int) -> tuple[int, int] | None:
        return sentence_at(self.spans, at)

    def first_sentence(self, line: tuple[int, int]) -> tuple[int, int] | None:
        i = bisect_left(self.span_starts, line[0])
        return self.spans[i] if i < len(self.spans) and self.spans[i][0] < line[1] else None


def _frames(key: str, start: int, end: int) -> dict[str, str]:
    """The growth topics named in ``key[start:end]``: kind ("members"/"unions") -> words."""
    found: dict[str, str] = {}
    for m in FRAME_NEW_RE.finditer(key, start, end):
        kind = "members" if m.group("members") else "unions"
        found.setdefault(kind, m.group())
    return found


def _frame_at(key: str, layout: _Layout, at: int) -> dict[str, str] | None:
    """The growth topics framing offset ``at``: named in the first sentence of its paragraph
    (before the figure when the figure is in it and the sentence opens on a topic: "Về phát
    triển đoàn viên, … được 3.905 đoàn viên"), else in the nearest heading line above it.
    ``{}``: a frame on another topic stops the search (the title does not apply); ``None``:
    no frame found."""
    i = bisect_right(layout.line_starts, at) - 1
    if i < 0:
        return None
    own = layout.sentence(at)
    if own is not None and TOPIC_OPEN_RE.match(key, own[0]):
        return _frames(key, own[0], at)  # the figure's own sentence opens a topic: it alone frames
    first = layout.first_sentence(layout.lines[i])
    if first is not None:
        opens_topic = TOPIC_OPEN_RE.match(key, first[0]) is not None
        end = first[1] if first[1] <= at else (at if opens_topic else first[0])
        if frames := _frames(key, first[0], end):
            return frames
        if opens_topic:
            return {}
    for j in range(i - 1, max(-1, i - 8), -1):
        s, e = layout.lines[j]
        line = key[s:e].strip()
        if not line:
            continue
        if len(line.split()) <= HEADING_LINE_MAX_WORDS and not line.endswith((".", ";", "!", "?")):
            if frames := _frames(key, s, e):
                return frames
            if NUMBERED_HEADING_RE.match(line) or TOPIC_OPEN_RE.match(line):
                return {}  # a heading on another topic
    return None


def framing(key: str, found: list[Found], spans: Sequence[tuple[int, int]], title: str | None = None) -> None:
    """A count of members or grassroots unions that no cue of its own makes new reads as new
    when its paragraph opens with, or sits under a heading on, growth ("Về phát triển đoàn
    viên: năm 2022, toàn ngành được 2.140 đoàn viên") — or, with no frame in the text, when
    the headline is about growth ("… vượt kế hoạch phát triển đoàn viên") — unless its
    sentence marks a stock."""
    layout: _Layout | None = None
    headline = _frames(title, 0, len(title)) if title else {}
    marked: dict[tuple[int, int], bool] = {}  # sentence -> marks a stock or a loss: once per sentence
    for cur in found:
        c = cur.figure
        framed = FRAMED_METRICS.get(c.metric)
        if framed is None or cur.from_cue or cur.passes or c.total is not None:
            continue
        layout = layout or _Layout.of(key, spans)
        span = layout.sentence(c.start)
        if span is None:
            continue
        if span not in marked:
            marked[span] = bool(STOCK_WORDS_RE.search(key, *span) or DECREASE_RE.search(key, *span))
        before = key[max(span[0], c.start - 80) : c.start]
        if marked[span] or ATTRIBUTE_BEFORE_RE.search(before):
            continue
        if HOLDER_HAS_RE.search(before) or SIZE_AFTER_RE.match(key, c.end):
            continue
        frames = _frame_at(key, layout, c.start)
        how = "frame"
        if frames is None:
            frames, how = headline, "headline"
        if framed[0] in frames:
            c.metric = framed[1]
            cur.from_cue = True
            _passed(cur, f"{how}:{frames[framed[0]]}")


#: Heads of groups whose members a following "với N người" counts: "4 tổ xung kích với 36
#: đoàn viên", "22 đội với 240 vận động viên".
GROUP_HEADS = frozenset({"tổ", "đội", "nhóm", "câu lạc bộ", "clb", "tổ tự quản", "tổ sản xuất"})
#: How far (characters) a group may stand before the count of its members.
GROUP_WINDOW = 60


def members_of_groups(rules: MetricRules, key: str, found: list[Found]) -> None:
    """People counted "với" right after a count of teams or groups are those groups'
    members, not the union's: "thành lập 4 tổ xung kích với 36 đoàn viên" (other_count)."""
    for prev, cur in pairwise(found):
        c, p = cur.figure, prev.figure
        if cur.from_cue or cur.passes or c.unit != "person" or prev.head_key not in GROUP_HEADS:
            continue
        if p.sentence != c.sentence or c.start - p.end > GROUP_WINDOW or ";" in key[p.end : c.start]:
            continue
        if ATTRIBUTE_BEFORE_RE.search(key, max(p.end, c.start - 30), c.start) is None:
            continue
        if c.metric in MEMBERSHIP_METRICS:
            c.metric = "other_count"
            cur.from_cue = True
            _passed(cur, "members_of_group")


def set_evidence(built: Found) -> None:
    """The figure's ``cues`` and ``confidence`` from how its metric was decided.

    Low confidence: cues of the figure's own clause point to different specific
    metrics (the rules chose by order, not by evidence).
    """
    fig = built.figure
    cues = list(built.decision.cues) if built.decision else []
    fig.cues = "; ".join([*built.passes, *cues])
    conflict = built.decision is not None and built.decision.conflict and not built.passes
    fig.confidence = "low" if conflict else "high"


def subsets(found: list[Found]) -> None:
    """A part named by a subset head takes the metric of the count before it in its
    sentence: "28.500 đoàn viên, trong đó 15.300 nữ" counts female members,
    "250 đại biểu, trong đó 120 nữ" female delegates (other_count)."""
    for prev, cur in pairwise(found):
        p, c = prev.figure, cur.figure
        if cur.head_key not in SUBSET_HEADS or cur.from_cue:
            continue
        if p.unit != "person" or p.sentence != c.sentence or c.start - p.end > CONTEXT_BEFORE:
            continue
        c.metric = "union_members_female" if p.metric in ("union_members", "new_union_members") else p.metric
        cur.from_cue = True  # decided: list inheritance leaves it alone
        _passed(cur, "part_of_previous")


#: The flow metric of a stock head: members gained, unions founded.
NEW_OF_STOCK = {"union_members": "new_union_members", "grassroots_unions": "new_grassroots_unions"}
#: The kind of growth a "new" metric speaks of, so a list "được 6.418 đoàn viên và 57 CĐCS"
#: gives each member the growth of its own kind.
GROWTH_METRICS = frozenset(NEW_OF_STOCK.values())


def carried(rules: MetricRules, metric: str, cur: Found) -> str:
    """The metric ``cur`` takes from a neighbour or whole of metric ``metric``: the same,
    except that growth passes to a member or union head as growth of its own kind."""
    own = rules.heads[cur.head_key].metric if cur.head_key in rules.heads else ""
    if metric in GROWTH_METRICS and own in NEW_OF_STOCK:
        return NEW_OF_STOCK[own]
    return metric


def inherit(rules: MetricRules, key: str, found: list[Found]) -> None:
    """Members of a list share the cue of a neighbour: "tặng Bằng khen 23 tập thể, 47 cá nhân".

    Forwards, a member whose metric is only its head's default takes the metric of
    the member before it; then backwards ("3 tập thể, 5 cá nhân được tặng Bằng khen").
    """
    for i in range(1, len(found)):
        cur, prev = found[i], found[i - 1]
        if linked(key, prev, cur):
            cur.figure.metric = carried(rules, prev.figure.metric, cur)
            cur.from_cue = True
            _passed(cur, "list_previous")
    for i in range(len(found) - 2, -1, -1):
        cur, nxt = found[i], found[i + 1]
        if linked(key, nxt, cur, backwards=True):
            cur.figure.metric = carried(rules, nxt.figure.metric, cur)
            cur.from_cue = True
            _passed(cur, "list_next")


def linked(key: str, donor: Found, cur: Found, *, backwards: bool = False) -> bool:
    d, c = donor.figure, cur.figure
    if cur.from_cue or not donor.from_cue or d.metric not in INHERITED_METRICS:
        return False
    if c.unit not in LIST_UNITS or d.unit not in LIST_UNITS or c.rule not in ("head_noun", "shared_head"):
        return False
    gap = key[c.end : d.start] if backwards else key[d.end : c.start]
    if LIST_GAP_RE.match(gap) is not None:
        return True
    # "A có 168 đoàn viên được kết nạp, B có 74 đoàn viên": one clause repeated for each body
    # backwards too: "X với 2.316 đoàn viên và Y với 1.874 đoàn viên được kết nạp"
    return (
        donor.head_key == cur.head_key and d.sentence == c.sentence and PARALLEL_GAP_RE.match(gap) is not None
    )


def parts(rules: MetricRules, key: str, found: list[Found]) -> None:
    """A generic count right after "trong đó (có)" in its sentence is a part of the count
    before it and takes its metric: "giới thiệu 500 đoàn viên ưu tú cho Đảng, trong đó có
    30 người là công nhân" counts referrals."""
    for i, cur in enumerate(found):
        c = cur.figure
        own = rules.heads[cur.head_key].metric if cur.head_key else ""
        if cur.from_cue or own not in ("other_count", *NEW_OF_STOCK):
            continue
        if not PART_BEFORE_RE.search(key, max(0, c.start - 80), c.start):
            continue
        donor = next(
            (
                d
                for d in reversed(found[max(0, i - 4) : i])
                if d.figure.sentence == c.sentence and d.figure.unit == c.unit
            ),
            None,
        )
        if donor is None or not donor.from_cue or donor.figure.metric in GENERAL_METRICS:
            continue
        if own in NEW_OF_STOCK and NEW_OF_STOCK[own] != donor.figure.metric:
            continue  # "2.100 đoàn viên, trong đó 640 CĐCS…": a stock part of another kind keeps its own
        c.metric = carried(rules, donor.figure.metric, cur)
        cur.from_cue = True
        _passed(cur, "part_of_previous")


def party_context(key: str, found: list[Found], spans: Sequence[tuple[int, int]]) -> None:
    """ "được kết nạp" without a body named is read in its context: with the Party named in
    the sentence or the one before it ("… 215 đoàn viên được giới thiệu, 23 công nhân được
    kết nạp"), it is an admission to the Party, not to the union."""
    starts = [s for s, _ in spans]
    for cur in found:
        c, decision = cur.figure, cur.decision
        whole = bool(cur.passes) and cur.passes[0].startswith("whole_named=")
        if c.metric != "new_union_members" or (cur.passes and not whole) or decision is None:
            continue
        first = decision.cues[0] if decision.cues else ""
        i = bisect_right(starts, c.start) - 1
        if whole or not BARE_ADMISSION_RE.match(first):
            # "Trong số đoàn viên được kết nạp, 298 người …": the admission is a passive before it,
            # in the whole it names or in the cue that decided
            if not (whole or first.startswith("before:kết nạp=")) or i < 0:
                continue
            if PASSIVE_ADMISSION_RE.search(key, spans[i][0], c.start) is None:
                continue
        lo = spans[i - 1][0] if i >= 1 else (spans[i][0] if i >= 0 else c.start)
        hi = spans[i][1] if i >= 0 else c.end
        if (party := PARTY_CONTEXT_RE.search(key, lo, hi)) is not None:
            c.metric = "party_admissions"
            _passed(cur, f"context:{party.group()}")


def carry_over(rules: MetricRules, found: list[Found]) -> None:
    """What an earlier figure says about a later one that says little itself.

    * a bare classifier repeats the fuller head before it ("14 vụ ngừng việc …, giảm 6
      vụ": work stoppages, unit and metric);
    * a count restated with the same head ("tặng Bằng khen cho 05 tập thể …: - 05 tập
      thể: …") is the same figure and takes its metric;
    * a generic count in a sentence that details the one before it ("… học bổng cho
      162 em. Trong đó, 38 em là sinh viên") is a part of that count and takes its metric.
    """
    for i, cur in enumerate(found):
        c = cur.figure
        if cur.from_cue or not cur.head_key:
            continue
        for donor in reversed(found[max(0, i - 8) : i]):
            d = donor.figure
            if c.start - d.end > CARRY_WINDOW:
                break
            if cur.head_key in ELLIPTIC_HEADS and donor.head_key.startswith(cur.head_key + " "):
                c.unit, c.metric = d.unit, d.metric
                _passed(cur, "ellipsis")
                break
            if not donor.from_cue or d.unit != c.unit or d.metric == c.metric:
                continue
            if donor.head_key == cur.head_key and d.value == c.value and d.total == c.total:
                c.metric = d.metric
                _passed(cur, "restated")
                break
            own = rules.heads[cur.head_key].metric
            if d.sentence != c.sentence and d.metric in INHERITED_METRICS:
                sentence_key = match_key(c.sentence)
                if own == "other_count" and DETAIL_SENTENCE_RE.match(sentence_key):
                    c.metric = d.metric
                    _passed(cur, "detail_of_previous")
                    break
                if NEW_OF_STOCK.get(own) == d.metric and RANKING_SENTENCE_RE.match(sentence_key):
                    c.metric = d.metric  # "Dẫn đầu là LĐLĐ huyện X với 1.287 đoàn viên": the growth ranked
                    _passed(cur, "ranking_of_previous")
                    break


def named_wholes(rules: MetricRules, found: list[Found]) -> None:
    """Generic counts in a sentence that opens by naming their whole take its metric:
    "Trong số đảng viên mới, khối giáo dục có 112 đồng chí" counts party admissions."""
    wholes: dict[str, tuple[str, str] | None] = {}
    for cur in found:
        c = cur.figure
        if cur.from_cue or not cur.head_key:
            continue
        if c.sentence not in wholes:
            wholes[c.sentence] = whole_metric(rules, c.sentence, c.unit)
        whole = wholes[c.sentence]
        generic = rules.heads[cur.head_key].metric == "other_count"
        if whole is not None and (generic or whole[1] == cur.head_key):
            c.metric = whole[0]  # a generic count, or the whole's own head ("Trong số CĐCS mới có 09 CĐCS")
            cur.from_cue = True
            _passed(cur, "whole_named")


def whole_metric(rules: MetricRules, sentence: str, unit: str) -> tuple[str, str] | None:
    """The metric and head of the whole a sentence opens with ("Trong số đảng viên mới, …":
    party admissions), when its head counts in ``unit`` and says more than other_count."""
    if "trong" not in sentence.lower():
        return None  # no "trong số" in the match key either (a test much cheaper than the key)
    m = WHOLE_NAMED_RE.match(match_key(sentence))
    if m is None:
        return None
    whole = m["whole"]
    head = rules.head_re.search(whole)
    if head is None or rules.heads[head.group()].unit != unit:
        return None
    h = rules.heads[head.group()]
    found = HeadMatch(h, head.start(), head.end(), head.end(), h.metric)
    metric = choose_metric(rules, found, whole[: head.start()], whole[head.end() :]).metric
    return None if metric == "other_count" else (metric, h.key)
