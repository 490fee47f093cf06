"""Figures: numbers that count something, with metric, unit, qualifier and period.

A quantity (:func:`unionnews.nlp.numbers.find_quantities`) becomes a figure only
when something says what it counts:

* a currency after it ("918 triệu đồng", "100.000đ") or a scale word alone
  ("trị giá 500 triệu") -> money, unit VND;
* a percent sign -> percentage;
* a head noun from ``lexicon/metrics.toml`` after it, possibly behind a filler
  ("2.445 lượt đoàn viên") -> the head's unit; lists of heads are read together
  ("2.719/2.726 cán bộ, công chức, viên chức");
* a head named just before ("nâng tổng số đoàn viên lên 45.678") or ending a report
  label ("Phát triển đoàn viên: 1.234", "(nữ: 9.870)").

Years, dates, times, terms, document numbers, phone numbers, URLs, "Covid-19",
ordinals ("lần thứ 2"), programme names ("Chương trình 135"), durations ("15
năm") and page-chrome counters ("Lượt xem: 1.234") are never figures: they have
no head noun, or a label right before them says what they are.

The metric comes from the head noun, changed by context cues (``[[cue]]`` in
the lexicon): words right after the head ("117 đoàn viên được kết nạp Đảng")
first, then the verb nearest before the number ("tặng quà 31 đoàn viên"). Members
of a list share a cue ("tặng Bằng khen 23 tập thể, 47 cá nhân").

The stages live in modules of their own: :mod:`.rules` (the lexicon), :mod:`.guards`
(numbers that count nothing), :mod:`.heads` (unit), :mod:`.metric` (cues and list passes),
:mod:`.periods`, :mod:`.status`, and :mod:`.find`, which runs them in that order.
"""

from unionnews.nlp.figures.clauses import (
    CLAUSE_BOUNDARY_RE,
    last_boundary,
)
from unionnews.nlp.figures.find import (
    find_figures,
)
from unionnews.nlp.figures.guards import (
    CHROME_BEFORE_RE,
    COPYRIGHT_BEFORE_RE,
    DISEASE_CODE_RE,
    EMAIL_RE,
    FAMILY_HEADS,
    FEE_NAME_BEFORE_RE,
    LABEL_BEFORE_RE,
    LABEL_WINDOW,
    MULTIPLIER_BEFORE_RE,
    PHONE_RE,
    PROGRAMME_BEFORE_RE,
    RATING_RE,
    RELATED_LINE_RE,
    SIZE_CLASS_BEFORE_RE,
    URL_RE,
    VERB_DOCUMENT_WORDS_RE,
    WORKFORCE_HEADS,
    YEAR_CONTEXT_BEFORE_RE,
    YEAR_PAIR_BEFORE_RE,
    after_name,
    guard_spans,
    is_label,
    previous_word,
    year_label,
)
from unionnews.nlp.figures.heads import (
    ANTECEDENT_RE,
    CURRENCY_RE,
    FOREIGN_CURRENCY_RE,
    HEAD_MODIFIER_RE,
    LABEL_ANTECEDENT_RE,
    LABEL_TAIL_RE,
    LIST_JOIN_RE,
    MAX_LIST,
    MIXED_LIST_UNITS,
    NOT_CURRENCY_DONG,
    OVER_RATIO_RE,
    RATE_SUFFIX_RE,
    SHARED_HEAD_GAP_RE,
    HeadMatch,
    antecedent,
    find_head,
)
from unionnews.nlp.figures.metric import (
    AFTER_STOP_RE,
    CARRY_WINDOW,
    CONTEXT_AFTER,
    CONTEXT_BEFORE,
    DETAIL_SENTENCE_RE,
    ELLIPTIC_HEADS,
    INHERITED_METRICS,
    LIST_GAP_RE,
    LIST_UNITS,
    MEMBERSHIP_METRICS,
    PARTY_STEP_METRICS,
    STOCK_METRICS,
    SUBSET_HEADS,
    TRAILING_QUALIFIER_RE,
    WHOLE_NAMED_RE,
    Found,
    carry_over,
    choose_metric,
    inherit,
    linked,
    named_wholes,
    subsets,
    whole_metric,
)
from unionnews.nlp.figures.periods import (
    DATE_IN_SENTENCE_RE,
    MONTH_IN_SENTENCE_RE,
    NOW_RE,
    PERIOD_IN_SENTENCE_RE,
    THIS_YEAR_RE,
    YEAR_IN_SENTENCE_RE,
    YEAR_SPAN_IN_SENTENCE_RE,
    period_of,
    reported_year,
    time_phrases,
)
from unionnews.nlp.figures.rules import (
    Cue,
    Head,
    MetricRules,
    default_rules,
    load_metric_rules,
)
from unionnews.nlp.figures.status import (
    GOAL_BOUNDARY_RE,
    GOAL_MET_BEFORE_RE,
    REPORTED_AFTER_TARGET_RE,
    TARGET_BEFORE_RE,
    TARGET_WINDOW,
    after_publication,
    status_of,
)

__all__ = [
    "AFTER_STOP_RE",
    "ANTECEDENT_RE",
    "CARRY_WINDOW",
    "CHROME_BEFORE_RE",
    "CLAUSE_BOUNDARY_RE",
    "CONTEXT_AFTER",
    "CONTEXT_BEFORE",
    "COPYRIGHT_BEFORE_RE",
    "CURRENCY_RE",
    "DATE_IN_SENTENCE_RE",
    "DETAIL_SENTENCE_RE",
    "DISEASE_CODE_RE",
    "ELLIPTIC_HEADS",
    "EMAIL_RE",
    "FAMILY_HEADS",
    "FEE_NAME_BEFORE_RE",
    "FOREIGN_CURRENCY_RE",
    "GOAL_BOUNDARY_RE",
    "GOAL_MET_BEFORE_RE",
    "HEAD_MODIFIER_RE",
    "INHERITED_METRICS",
    "LABEL_ANTECEDENT_RE",
    "LABEL_BEFORE_RE",
    "LABEL_TAIL_RE",
    "LABEL_WINDOW",
    "LIST_GAP_RE",
    "LIST_JOIN_RE",
    "LIST_UNITS",
    "MAX_LIST",
    "MEMBERSHIP_METRICS",
    "MIXED_LIST_UNITS",
    "MONTH_IN_SENTENCE_RE",
    "MULTIPLIER_BEFORE_RE",
    "NOT_CURRENCY_DONG",
    "NOW_RE",
    "OVER_RATIO_RE",
    "PARTY_STEP_METRICS",
    "PERIOD_IN_SENTENCE_RE",
    "PHONE_RE",
    "PROGRAMME_BEFORE_RE",
    "RATE_SUFFIX_RE",
    "RATING_RE",
    "RELATED_LINE_RE",
    "REPORTED_AFTER_TARGET_RE",
    "SHARED_HEAD_GAP_RE",
    "SIZE_CLASS_BEFORE_RE",
    "STOCK_METRICS",
    "SUBSET_HEADS",
    "TARGET_BEFORE_RE",
    "TARGET_WINDOW",
    "THIS_YEAR_RE",
    "TRAILING_QUALIFIER_RE",
    "URL_RE",
    "VERB_DOCUMENT_WORDS_RE",
    "WHOLE_NAMED_RE",
    "WORKFORCE_HEADS",
    "YEAR_CONTEXT_BEFORE_RE",
    "YEAR_IN_SENTENCE_RE",
    "YEAR_PAIR_BEFORE_RE",
    "YEAR_SPAN_IN_SENTENCE_RE",
    "Cue",
    "Found",
    "Head",
    "HeadMatch",
    "MetricRules",
    "after_name",
    "after_publication",
    "antecedent",
    "carry_over",
    "choose_metric",
    "default_rules",
    "find_figures",
    "find_head",
    "guard_spans",
    "inherit",
    "is_label",
    "last_boundary",
    "linked",
    "load_metric_rules",
    "named_wholes",
    "period_of",
    "previous_word",
    "reported_year",
    "status_of",
    "subsets",
    "time_phrases",
    "whole_metric",
    "year_label",
]
