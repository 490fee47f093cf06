"""Find figures: detect → unit → metric → period → status, over every number of a text."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from unionnews.model import Context, Figure
from unionnews.nlp.figures.clauses import last_boundary, mask_names
from unionnews.nlp.figures.guards import (
    FAMILY_HEADS,
    MULTIPLIER_BEFORE_RE,
    RELATED_LINE_RE,
    SIZE_CLASS_BEFORE_RE,
    WORKFORCE_HEADS,
    after_name,
    guard_spans,
    is_label,
    year_label,
)
from unionnews.nlp.figures.heads import (
    CLAUSE_END_AFTER_RE,
    COORDINATED_VERB_RE,
    CURRENCY_RE,
    FEW_BEFORE_RE,
    FOREIGN_CURRENCY_RE,
    HEAD_MODIFIER_RE,
    OVER_RATIO_RE,
    PLAN_AFTER_MARGIN_RE,
    RATE_SUFFIX_RE,
    RESULT_BEFORE_MARGIN_RE,
    SHARED_HEAD_GAP_RE,
    HeadMatch,
    antecedent,
    find_head,
)
from unionnews.nlp.figures.metric import (
    AFTER_STOP_RE,
    CONTEXT_AFTER,
    CONTEXT_BEFORE,
    MEMBERSHIP_METRICS,
    PARTY_STEP_METRICS,
    STOCK_METRICS,
    Decision,
    Found,
    carry_over,
    choose_metric,
    framing,
    inherit,
    members_of_groups,
    named_wholes,
    parts,
    party_context,
    set_evidence,
    subsets,
    without_trailing_qualifier,
)
from unionnews.nlp.figures.periods import period_of, reported_year
from unionnews.nlp.figures.rules import MetricRules, default_rules
from unionnews.nlp.figures.status import after_publication, status_of
from unionnews.nlp.normalize import match_key
from unionnews.nlp.numbers import QUALIFIER_AFTER_RE, Quantity, find_quantities
from unionnews.nlp.sentences import sentence_at, split_sentences
from unionnews.nlp.spans import SpanSet

logger = logging.getLogger(__name__)


def find_figures(
    text: str,
    ctx: Context,
    *,
    key: str | None = None,
    sentences: Sequence[tuple[int, int]] | None = None,
    blocked: Sequence[tuple[int, int]] = (),
    rules: MetricRules | None = None,
    title: str | None = None,
) -> list[Figure]:
    """Every figure in ``text`` with its metric, unit, qualifier, period and offsets.

    ``key`` is ``match_key(text)`` when the caller has it; ``sentences`` are
    sentence spans (split here when not given); numbers overlapping ``blocked``
    spans (dates, terms, document numbers found by other matchers) are skipped. ``title``
    (the headline) may frame the body's counts as growth.

    >>> from datetime import date
    >>> [(f.text, f.value, f.metric) for f in find_figures("Năm 2022 kết nạp 1.234 đoàn viên.", Context())]
    [('1.234 đoàn viên', 1234.0, 'new_union_members')]
    """
    key = match_key(text) if key is None else key
    if ctx.published is not None and ctx.reported_year is None:
        ctx.reported_year = reported_year(key, ctx.published)
    spans = list(sentences) if sentences is not None else split_sentences(text)
    rules = rules or default_rules()
    stop = SpanSet([*blocked, *guard_spans(key)])
    quantities = find_quantities(text, key)
    found: list[Found] = []
    periods: dict[tuple[int, int], list[tuple[int, str, str]]] = {}
    texts: dict[tuple[int, int], str] = {}
    for i, q in enumerate(quantities):
        if stop.overlaps(q.start, q.end):
            continue
        sentence = sentence_at(spans, q.start) or (q.start, q.end)
        if sentence[1] - sentence[0] < 300 and RELATED_LINE_RE.search(text, sentence[0], sentence[1]):
            continue
        if is_label(text, key, q):
            continue
        # the words before reach back to the previous number, a year excepted ("trao vốn vay
        # đợt I năm 2024 cho 126 đoàn viên": the cue "trao" is before the year)
        j = i - 1
        while j >= 0 and quantities[j].is_year and year_label(key, quantities[j]):
            j -= 1
        prev_end = quantities[j].end if j >= 0 else 0
        nxt = quantities[i + 1] if i + 1 < len(quantities) else None
        if (sentence_text := texts.get(sentence)) is None:
            sentence_text = texts[sentence] = text[sentence[0] : sentence[1]]  # one copy per sentence
        built = _build(text, key, q, prev_end, nxt, rules, sentence, sentence_text)
        if built is not None:
            built.sentence = sentence
            found.append(built)
    named_wholes(rules, found)
    party_context(key, found, spans)
    subsets(found)
    parts(rules, key, found)
    inherit(rules, key, found)
    carry_over(rules, found)
    members_of_groups(rules, key, found)
    framing(key, found, spans, match_key(title) if title else None)
    for built in found:
        set_evidence(built)
    for built in found:  # periods once the metrics are final: a stock and a flow date differently
        fig = built.figure
        stock = fig.metric in STOCK_METRICS
        fig.period_start, fig.period_end = period_of(
            key, built.sentence, fig.start, ctx, periods, stock=stock
        )
        if status_of(key, fig.start, built.sentence[0]) == "target" or after_publication(
            fig.period_start, ctx
        ):
            fig.status = "target"  # a goal word before it, or "đến năm 2028 … 55%" in a 2024 article
    return [f.figure for f in found]


def _build(
    text: str,
    key: str,
    q: Quantity,
    prev_end: int,
    nxt: Quantity | None,
    rules: MetricRules,
    sentence: tuple[int, int],
    sentence_text: str,
) -> Found | None:
    """The figure of one quantity, or None when it counts nothing."""
    lo = max(prev_end, sentence[0], q.start - CONTEXT_BEFORE)
    clause_start = last_boundary(key, lo, q.start)
    raw_before = mask_names(text, key, clause_start, q.start)  # office names carry no cue
    end, unit, metric, rule, from_cue, head_key = q.end, "", "", "", False, ""
    decision: Decision | None = None
    after_end = q.end
    if q.percent:
        unit, metric, rule = "percent", "percentage", "percent"
    elif (cur := CURRENCY_RE.match(key, q.end)) is not None:
        if q.value == 0:
            return None  # "gian hàng 0 đồng": a name, not an amount
        unit, metric, rule, end = "VND", "money", "money", cur.end()
    elif (foreign := FOREIGN_CURRENCY_RE.match(key, q.end)) is not None:
        unit, metric, rule, end = "other", "other_count", "foreign_money", foreign.end()
    else:
        found = find_head(rules, key, q.end)
        if found is None and nxt is not None and SHARED_HEAD_GAP_RE.match(key[q.end : nxt.start]):
            shared = find_head(rules, key, nxt.end)
            if shared is not None:
                found = HeadMatch(shared.head, q.end, q.end, q.end, shared.default_metric)
        if found is not None:
            if q.spelled and (q.value < 2 or found.head.key in FAMILY_HEADS):
                return None  # "hai con nhỏ": a family, told in words, is no figure
            if q.spelled and FEW_BEFORE_RE.search(key, max(0, q.start - 10), q.start):
                return None  # "kèm cặp một, hai quần chúng": a few, not a count
            if q.is_year and found.head.unit not in ("person", "org"):
                return None
            if found.head.key == "lần" and MULTIPLIER_BEFORE_RE.search(raw_before):
                return None  # "tăng hơn 2 lần": a multiplier, not a number of events
            if found.head.key in WORKFORCE_HEADS and SIZE_CLASS_BEFORE_RE.search(raw_before):
                return None  # "doanh nghiệp nhỏ, dưới 10 lao động": a size class, not a count
            before = without_trailing_qualifier(raw_before)
            stop = AFTER_STOP_RE.search(key, found.end, min(len(key), found.end + CONTEXT_AFTER))
            if stop is not None and COORDINATED_VERB_RE.match(key, stop.start()):
                # "402 đoàn viên được xem xét, giới thiệu …": one predicate, two verbs
                stop = AFTER_STOP_RE.search(key, stop.end(), min(len(key), found.end + CONTEXT_AFTER))
            limit = min(nxt.start if nxt else len(key), stop.start() if stop else found.end + CONTEXT_AFTER)
            after = key[found.end : max(found.end, limit)]
            unit, head_key = found.head.unit, found.head.key
            decision = choose_metric(rules, found, before, after, raw_before)
            if found.default_metric == "other_count" and (named := antecedent(rules, key, q, clause_start)):
                # "nâng tổng số đoàn viên là đảng viên lên 286 người": the phrase names what
                # a generic head ("người") counts
                ante, context_start, label_end = named
                raw = key[context_start : q.start]
                told = choose_metric(
                    rules, ante, without_trailing_qualifier(raw), key[ante.end : label_end], raw
                )
                if told.metric not in ("other_count", "default") and ante.head.unit == found.head.unit:
                    decision = told
            metric, from_cue = decision.metric, decision.from_cue
            if found.times and metric in MEMBERSHIP_METRICS:
                metric = "other_count"  # "2.000 lượt đoàn viên tham gia": attendances, not members
            elif found.times and metric in PARTY_STEP_METRICS:
                metric = "trainings"  # "lớp nhận thức về Đảng cho 1.032 lượt đoàn viên": attendances
            rule = "shared_head" if found.end == q.end else "head_noun"
            end = found.first_end if found.first_end > q.end else q.end
            after_end = found.end
        elif q.scaled and not q.spelled and (q.value >= 1e6 or rules.money_context_re.search(raw_before)):
            unit, metric, rule = "VND", "money", "money_scale"  # "trị giá 500 triệu"
        elif (named := antecedent(rules, key, q, clause_start)) is not None:
            ante, context_start, label_end = named
            raw = key[context_start : q.start]
            before = without_trailing_qualifier(raw)
            decision = choose_metric(rules, ante, before, key[ante.end : label_end], raw)
            metric, from_cue = decision.metric, decision.from_cue
            unit, rule, head_key = ante.head.unit, "antecedent", ante.head.key
        else:
            return None
    if q.is_year and rule in ("antecedent", "percent"):
        return None
    if rule in ("antecedent", "money_scale", "shared_head") or q.is_year:
        if after_name(text, q, sentence[0]) and not (rule == "money_scale" and q.value >= 1e6):
            return None  # "Chương trình 135" names; "qua LĐLĐ tỉnh Phú Thọ 350 triệu" is money
    qualifier = q.qualifier
    tail = max(end, after_end)
    between = RATE_SUFFIX_RE.match(key, tail) or HEAD_MODIFIER_RE.match(key, tail)  # "/người", "ưu tú"
    if QUALIFIER_AFTER_RE.match(key, tail) or (between and QUALIFIER_AFTER_RE.match(key, between.end())):
        qualifier = "over"
    if (
        qualifier == "over"
        and q.total is not None
        and OVER_RATIO_RE.search(key, max(0, q.start - 8), q.start)
    ):
        qualifier = "exact"  # "đạt và vượt 8/8 chỉ tiêu": the count itself is exact
    if (
        qualifier == "over"
        and q.percent
        and q.value < 100  # "vượt 129,5% chỉ tiêu" is the rate achieved, not a margin
        and OVER_RATIO_RE.search(key, max(0, q.start - 8), q.start)
        and (
            PLAN_AFTER_MARGIN_RE.match(key, end)
            or CLAUSE_END_AFTER_RE.match(key, end)
            or RESULT_BEFORE_MARGIN_RE.search(key, max(0, q.start - 60), q.start)
        )
    ):
        qualifier = "exact"  # "vượt 18% chỉ tiêu": the margin over a plan, stated exactly
    figure = Figure(
        start=q.start,
        end=end,
        text=text[q.start : end],
        value=q.value,
        unit=unit,
        metric=metric,
        qualifier=qualifier,
        total=q.total,
        value_high=q.high,
        sentence=sentence_text,
        rule=rule,
    )
    return Found(figure, from_cue, head_key, decision=decision)
