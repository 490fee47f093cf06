"""Figures: numbers that count something, with metric, unit, qualifier and period.

A number becomes a figure only when a head noun (``lexicon/metrics.toml``), a
currency word or a percent sign says what it counts; years, dates, terms,
document numbers, ordinals, phone numbers and "Covid-19" are never figures.
The metric comes from the head noun, refined by context cues in the clause
("117 đoàn viên được kết nạp Đảng" is a party admission, not a member count).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from unionnews.lexicon import LEXICON_DIR
from unionnews.model import Context, Figure
from unionnews.nlp.normalize import match_key
from unionnews.nlp.numbers import Quantity, find_quantities
from unionnews.nlp.sentences import sentence_at, split_sentences

#: Currency right after an amount: "đồng", "đ", "VNĐ", "VND" (also "đồng/người"),
#: but not "đồng chí", "đồng bào", "đồng nghiệp" (comrades, compatriots, colleagues).
CURRENCY_RE = re.compile(r"[ ]*(?:đồng(?!\s+(?:chí|bào|nghiệp|hương|đội|thời))|vnđ|vnd|đ)(?!\w)")
#: Filler between a number and its head noun: "lượt" in "2.445 lượt đoàn viên".
FILLER_RE = re.compile(r"[ ]*(?:lượt|người là|vị|em là)?[ ]*")
#: Qualifier words right before a number (on the match key), longest first.
QUALIFIER_BEFORE_RE = re.compile(
    r"(?:(?P<approx>ước tính khoảng|ước tính|ước khoảng|khoảng chừng|khoảng|tầm|chừng|ước|"
    r"xấp xỉ|gần như)|(?P<under>chưa đến|chưa tới|không quá|tối đa|dưới|gần)|"
    r"(?P<over>không dưới|ít nhất|tối thiểu|hơn|trên|vượt|ngoài))\s+$"
)
#: Qualifier words after the head: "từ 50 đoàn viên trở lên".
QUALIFIER_AFTER_RE = re.compile(r"^\s*(?:trở lên|có lẻ)")
#: Words before a number that make it a label, an ordinal, a year or a name part, not a count:
#: "lần thứ 2", "năm 2021", "khóa 12", "số 140", "Covid-19", "điện thoại 0206…", "Chương trình 135".
NOT_A_COUNT_BEFORE_RE = re.compile(
    r"(?:thứ|năm|khóa|khoá|covid|covid-|sars-cov-|điện thoại|đt|tel|fax|hotline|"
    r"(?:chương trình|dự án|vay vốn|quyết định|nghị quyết|kế hoạch|chỉ thị|công văn|thông báo|"
    r"hướng dẫn|đề án|văn bản|luật|nghị định|thông tư)(?:\s+số)?|tháng|quý|ngày|lúc|"
    r"tuổi|đường|km|quốc lộ|tổ|phòng|điểm|top)[\s:.\-]*$"
)
#: Qualifier words at the end of a figure's left context, dropped before cues are matched
#: so "thành lập từ 50 đến 60 CĐCS" reads like "thành lập 50 CĐCS".
TRAILING_QUALIFIER_RE = re.compile(
    r"\s+(?:từ|trên|hơn|gần|khoảng|dưới|ít nhất|tối thiểu|xấp xỉ|chừng|tầm|ước)\s*$"
)
#: Clause boundaries: a figure's context does not reach across them.
CLAUSE_BOUNDARY_RE = re.compile(r"[.;:!?\n]")
#: "trong năm 2021", "năm 2018", "năm học 2020-2021": a stated year in the sentence.
YEAR_IN_SENTENCE_RE = re.compile(r"(?:năm|trong năm|cuối năm|đầu năm)\s+(?P<y>(?:19|20)\d\d)(?!\d)")
#: A year pair in the sentence: "giai đoạn 2017 - 2022", "nhiệm kỳ 2018-2023".
PERIOD_IN_SENTENCE_RE = re.compile(r"(?P<a>(?:19|20)\d\d)\s*-\s*(?P<b>(?:19|20)\d\d)(?!\d)")
#: "Trong năm", "năm qua" without a year: the year of publication.
THIS_YEAR_RE = re.compile(r"(?<!\d )(?:trong năm qua|trong năm|năm qua)(?!\s*(?:19|20)\d\d)")
#: "hiện nay", "hiện có", "đến nay": the state at publication.
NOW_RE = re.compile(r"hiện nay|hiện có|đến nay|hiện tại|tính đến nay")

#: What may stand between two figures of one list: "23 lượt tập thể, 47 cá nhân", "9 tập thể và".
LIST_GAP_RE = re.compile(r"^\s*(?:,|và|,\s*và|,?\s*trong đó(?: có)?)\s*$")
#: Metrics a list member inherits from the figure before it when its own context is silent.
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
#: How far back (characters) the context of a figure reaches at most.
CONTEXT_BEFORE = 120
#: How far after the head the context reaches at most.
CONTEXT_AFTER = 70
#: Years in this range without a head noun are never counts.
YEAR_RANGE = (1900, 2100)


@dataclass(frozen=True, slots=True)
class Head:
    key: str  # match key of the written form
    unit: str
    metric: str
    cues: bool


@dataclass(frozen=True, slots=True)
class Cue:
    pattern: re.Pattern[str]
    metric: str
    units: frozenset[str]
    heads: frozenset[str]  # match keys; empty = any head
    where: str = "both"  # "before", "after" or "both"


@dataclass(frozen=True, slots=True)
class MetricRules:
    heads: tuple[Head, ...]  # longest first
    cues: tuple[Cue, ...]
    head_re: re.Pattern[str]

    def head(self, key: str) -> Head:
        return next(h for h in self.heads if h.key == key)


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _parse_rules(data: dict[str, Any]) -> tuple[list[Head], list[Cue]]:
    heads = [
        Head(match_key(word), str(h["unit"]), str(h["metric"]), bool(h.get("cues", False)))
        for h in data.get("head", [])
        for word in _strings(h.get("words"))
    ]
    cues = [
        Cue(
            re.compile(str(c["pattern"])),
            str(c["metric"]),
            frozenset(_strings(c.get("units"))),
            frozenset(match_key(w) for w in _strings(c.get("heads"))),
            str(c.get("where", "both")),
        )
        for c in data.get("cue", [])
    ]
    return heads, cues


def load_metric_rules(path: str | Path | None = None) -> MetricRules:
    """The packaged metric lexicon, with the user's file (if given) taking precedence."""
    with (LEXICON_DIR / "metrics.toml").open("rb") as fh:
        heads, cues = _parse_rules(tomllib.load(fh))
    if path is not None:
        with Path(path).open("rb") as fh:
            user_heads, user_cues = _parse_rules(tomllib.load(fh))
        known = {h.key for h in user_heads}
        heads = user_heads + [h for h in heads if h.key not in known]
        cues = user_cues + cues
    heads.sort(key=lambda h: len(h.key), reverse=True)
    alternation = "|".join(re.escape(h.key) for h in heads)
    return MetricRules(tuple(heads), tuple(cues), re.compile(rf"(?:{alternation})(?!\w)"))


@cache
def default_rules() -> MetricRules:
    return load_metric_rules()


def _qualifier(key: str, q: Quantity, head_end: int) -> str:
    if q.high is not None:
        return "approx"  # "từ 50 đến 60 CĐCS": somewhere in the range
    m = QUALIFIER_BEFORE_RE.search(key, max(0, q.start - 20), q.start)
    if QUALIFIER_AFTER_RE.match(key[head_end : head_end + 12]):
        return "over"
    if not m:
        return "exact"
    if q.total is not None and m["over"]:
        return "exact"  # "đạt và vượt 8/8 chỉ tiêu": the count itself is exact
    return "approx" if m["approx"] else "under" if m["under"] else "over"


def _metric(rules: MetricRules, head: Head, before: str, after: str) -> str:
    if not head.cues:
        return head.metric
    for side, window in (("after", after), ("before", before)):
        for cue in rules.cues:
            if head.unit not in cue.units or (cue.heads and head.key not in cue.heads):
                continue
            if cue.where not in ("both", side):
                continue
            if cue.pattern.search(window):
                return cue.metric
    return head.metric


def _period(key: str, sentence: tuple[int, int], at: int, ctx: Context) -> tuple[str | None, str | None]:
    """The period a figure at offset ``at`` covers, from the time phrase nearest before it.

    Candidates in the sentence: a year ("năm 2021"), a year pair ("giai đoạn 2017 -
    2022"), "hiện nay"/"đến nay" (publication date), "trong năm" (publication year).
    The last one before the figure wins, else the first after it; without any,
    the article's term.
    """
    s, e = sentence
    found: list[tuple[int, str | None, str | None]] = []
    for m in YEAR_IN_SENTENCE_RE.finditer(key, s, e):
        found.append((m.start(), m["y"], m["y"]))
    for m in PERIOD_IN_SENTENCE_RE.finditer(key, s, e):
        found.append((m.start(), m["a"], m["b"]))
    if ctx.published:
        today, year = ctx.published.isoformat(), str(ctx.published.year)
        found += [(m.start(), today, today) for m in NOW_RE.finditer(key, s, e)]
        found += [(m.start(), year, year) for m in THIS_YEAR_RE.finditer(key, s, e)]
    if found:
        before = [f for f in found if f[0] < at]
        _, start, end = max(before) if before else min(found)
        return start, end
    if ctx.term:
        return str(ctx.term[0]), str(ctx.term[1])
    return None, None


def _overlaps(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _is_label(key: str, q: Quantity) -> bool:
    before = key[max(0, q.start - 14) : q.start]
    if NOT_A_COUNT_BEFORE_RE.search(before):
        return True
    if re.search(r"(?:19|20)\d\d\s*-\s*$", before):
        return True  # the second year of a pair: "2017 - 2022 Công đoàn …"
    year_like = YEAR_RANGE[0] <= q.value <= YEAR_RANGE[1] and q.value.is_integer()
    return (
        year_like
        and not q.scaled
        and q.total is None
        and not q.percent
        and key[q.start : q.end].isdigit()
        and len(key[q.start : q.end]) == 4
        and re.search(r"(?:năm|từ|đến|cuối|đầu|giai đoạn)\s*$", before) is not None
    )


def find_figures(
    text: str,
    ctx: Context,
    *,
    key: str | None = None,
    sentences: Sequence[tuple[int, int]] | None = None,
    blocked: Sequence[tuple[int, int]] = (),
    rules: MetricRules | None = None,
) -> list[Figure]:
    """Every figure in ``text`` with its metric, unit, qualifier, period and offsets."""
    key = match_key(text) if key is None else key
    spans = list(sentences) if sentences is not None else split_sentences(text)
    rules = rules or default_rules()
    quantities = find_quantities(key)
    figures: list[Figure] = []
    defaults: list[bool] = []  # per figure: is its metric just its head noun's default?
    for i, q in enumerate(quantities):
        if _overlaps(blocked, q.start, q.end) or _is_label(key, q):
            continue
        value, unit, metric, head_end, head_start = q.value, "", "", q.end, q.end
        default_metric = False
        if q.percent:
            unit, metric = "percent", "percentage"
        elif cur := CURRENCY_RE.match(key, q.end):
            if q.value == 0:
                continue  # "gian hàng 0 đồng", "siêu thị 0 đồng": a name, not an amount
            unit, metric, head_end = "VND", "money", cur.end()
        else:
            filler = FILLER_RE.match(key, q.end)
            pos = filler.end() if filler else q.end
            m = rules.head_re.match(key, pos)
            if not m or (q.spelled and q.value < 2):
                continue
            head = rules.head(m.group())
            head_start, head_end = m.start(), m.end()
            prev_end = quantities[i - 1].end if i else 0
            next_start = quantities[i + 1].start if i + 1 < len(quantities) else len(key)
            clause_start = max(prev_end, _last_boundary(key, q.start))
            after_end = min(next_start, head_end + CONTEXT_AFTER)
            boundary = CLAUSE_BOUNDARY_RE.search(key, head_end, after_end)
            after = key[head_start : boundary.start() if boundary else after_end]
            before = TRAILING_QUALIFIER_RE.sub("", key[clause_start : q.start])
            unit, metric = head.unit, _metric(rules, head, before, after)
            default_metric = head.cues and metric == head.metric
            prev = figures[-1] if figures else None
            if (
                default_metric
                and prev is not None
                and prev.metric in INHERITED_METRICS
                and (prev.unit == unit or {prev.unit, unit} <= {"person", "org"})
                and LIST_GAP_RE.match(key[prev.end : q.start])
            ):
                metric = prev.metric  # "tặng Bằng khen 23 lượt tập thể, 47 cá nhân"
                default_metric = False
        sentence = sentence_at(spans, q.start) or (q.start, head_end)
        period_start, period_end = _period(key, sentence, q.start, ctx)
        figures.append(
            Figure(
                start=q.start,
                end=head_end,
                text=text[q.start : head_end],
                value=value,
                unit=unit,
                metric=metric,
                qualifier=_qualifier(key, q, head_end),
                total=q.total,
                value_high=q.high,
                period_start=period_start,
                period_end=period_end,
                sentence=text[sentence[0] : sentence[1]],
                rule="percent" if q.percent else "money" if unit == "VND" else "head_noun",
            )
        )
        defaults.append(default_metric)
    _propagate_back(key, figures, defaults)
    return figures


def _propagate_back(key: str, figures: list[Figure], defaults: list[bool]) -> None:
    """A list's cue can come after it: "3 tập thể, 5 cá nhân được tặng Bằng khen".

    Walking backwards, a list member of people or bodies whose metric is only its
    head noun's default takes the metric of the member right after it.
    """
    for i in range(len(figures) - 2, -1, -1):
        cur, nxt = figures[i], figures[i + 1]
        if (
            defaults[i]
            and nxt.metric in INHERITED_METRICS
            and cur.unit in ("person", "org")
            and nxt.unit in ("person", "org")
            and LIST_GAP_RE.match(key[cur.end : nxt.start])
        ):
            cur.metric = nxt.metric


def _last_boundary(key: str, pos: int) -> int:
    lo = max(0, pos - CONTEXT_BEFORE)
    found = [b.end() for b in CLAUSE_BOUNDARY_RE.finditer(key, lo, pos)]
    return found[-1] if found else lo
