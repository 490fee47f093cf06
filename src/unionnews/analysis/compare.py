"""Comparative tables: one chosen value per province × union body × metric × period.

Articles report the same quantity many times, rounded, hedged, dated
differently, republished. :func:`compare` gathers the figures of a dataset into
*cells* and picks one value per cell, keeping every source it saw.

A cell is (province, subject, metric, unit, measure, period): ``province`` as at
publication (or ``province_2025`` with ``by="province_2025"``), ``subject`` the
union body the figure is about, ``measure`` what a percentage is of or what money is
(``figures.measure``, so "% of plan" and "% of workers" never share a cell), ``period`` the key from
:func:`unionnews.analysis.periods.period_key` (the calendar year by default).

Articles with ``duplicate_of`` set are copies: their figures never count as
support (``n_copies`` says how many copies repeated the cell).

Selection rules, applied in this order to the figures of a cell:

1. a period written in the article beats one inferred from the publication date;
2. the latest article (publication date) wins;
3. then the most specific period (a day over a month over a year over a span);
4. then the largest value (one article usually states a total before its parts);
5. then the smallest figure_id, so the choice is reproducible.

Exact over approximate: a hedged figure ("hơn 180.000", "khoảng 2 tỷ") never
replaces a more precise one that agrees with it. When the figure picked by
rules 1-5 is hedged and another figure for the same stated period agrees with
it but is more precise (exact before over/under before approx), that one is
chosen: it is the same fact, told precisely.

Agreement is decided by :class:`~unionnews.analysis.agreement.Agreement`
(rounding, hedges). A cell is flagged ``conflict`` when two *different*
original articles give the same stated period (identical ``period_start`` and
``period_end``) values that do not agree. Figures whose period was inferred
never conflict: their periods are not known to be the same. Several values
from one article (a total and its parts) are not a conflict either; ``values``
lists every distinct value seen in the cell.

A part of a whole in the same cell (``figures.part_of``: "09 CĐCS, trong đó 07
CĐCS khu vực ngoài nhà nước") is left out of the cell: it is not another
reading of the whole, and never counts with it.

The rules are documented with examples in docs/compare.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from unionnews.analysis.agreement import PRECISION, Agreement
from unionnews.analysis.labels import QUALIFIER_MARKS, vietnamese_sort_key
from unionnews.analysis.periods import GRANULARITIES, UNDATED, Granularity, PeriodKey, Undated, period_key
from unionnews.dataset import Dataset, load
from unionnews.dataset.conform import conform, is_conformed, is_missing
from unionnews.dataset.typed import period_texts
from unionnews.lexicon import successor_2025
from unionnews.model import METRICS, STATUSES
from unionnews.options import BY_PROVINCE

if TYPE_CHECKING:  # pandas is imported where a table is built: `unionnews --help` needs none
    import pandas as pd

ByProvince = Literal["province", "province_2025"]

#: Columns of the comparative table: (name, pandas dtype, description).
COMPARE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("province", "string", "Province at publication (pre-2025 name); '; '-joined when grouped by 2025 name."),
    ("province_2025", "string", "Successor province after the July 2025 merger."),
    ("subject", "string", "Union body the figures are about (canonical name); empty when unknown."),
    ("metric", "string", "What is counted (figures.metric vocabulary)."),
    ("unit", "string", "Unit of value (figures.unit vocabulary)."),
    (
        "measure",
        "string",
        "What a percentage is of or what money is (figures.measure vocabulary); null for counts.",
    ),
    ("period", "string", "Period key: a year ('2023') or a span of years ('2018-2023')."),
    ("year", "Int64", "Calendar year of the period; null for spans of several years."),
    ("period_kind", "string", "day, month, year, part, range, or published (inferred from the article)."),
    ("value", "Float64", "The chosen value (VND in dong, percent as 0-100)."),
    ("value_high", "Float64", "Upper bound when the chosen figure is a range; else null."),
    ("total", "Float64", "Denominator when the chosen figure is written x/y; else null."),
    ("qualifier", "string", "Hedge of the chosen figure: exact, over, under or approx."),
    (
        "period_start",
        "string",
        "Start of the chosen figure's period as the article gave it: '2023', '2023-06' or "
        "'2023-06-15' (null if inferred).",
    ),
    ("period_end", "string", "End of the chosen figure's period as the article gave it (null if inferred)."),
    ("n_sources", "Int64", "Original articles whose figure agrees with the chosen value."),
    ("n_articles", "Int64", "Original articles with any figure in this cell."),
    ("n_figures", "Int64", "Figures in this cell, copies excluded."),
    ("n_copies", "Int64", "Duplicate articles (duplicate_of set) repeating this cell; never counted."),
    ("conflict", "boolean", "Two original articles give disagreeing values for the same stated period."),
    ("values", "string", "Every distinct value in the cell; ~ approx, > over, < under."),
    ("figure_id", "string", "figures.figure_id of the chosen figure."),
    ("article_id", "string", "articles.article_id of the chosen figure's article."),
    ("url", "string", "URL of the chosen figure's article."),
    ("published", "string", "Publication time of the chosen figure's article."),
    ("text", "string", "The chosen figure's span as written."),
    ("sentence", "string", "The sentence the chosen figure was read from."),
    ("figure_ids", "string", "All figure_ids of the cell, '; '-joined: chosen, agreeing, others."),
    ("urls", "string", "URLs of the cell's original articles, '; '-joined, in the same order."),
)


@dataclass(frozen=True, slots=True)
class CompareOptions:
    """How :func:`compare` builds its cells; validated on construction.

    metrics: keep only these metrics (``None`` = all).
    by: ``"province"`` (as at publication) or ``"province_2025"`` (after the merger).
    by_subject: one cell per union body (``False`` merges the bodies of a province;
        then the LĐLĐ's and the CĐVC's member counts would look like a conflict).
    granularity: ``"year"`` (periods inside a year share its key) or ``"exact"``.
    undated: ``"published"`` keys a figure without a period by its article's
        publication year; ``"drop"`` leaves it out.
    agreement: tolerances for rounding and hedges.
    status: ``"reported"`` (default) compares the results and states the articles
        report; ``"target"`` compares their goals and plans instead (``figures.status``:
        "phấn đấu kết nạp 1.000 đoàn viên"). The two are never mixed in one table, so a
        goal is never taken for a result nor flagged as conflicting with one.
    include_low_confidence: also use figures whose metric is uncertain
        (``figures.confidence == "low"``: cues of their clause disagree); by default a
        comparative table is built from confident figures only.
    """

    metrics: tuple[str, ...] | None = None
    by: ByProvince = "province"
    by_subject: bool = True
    granularity: Granularity = "year"
    undated: Undated = "published"
    agreement: Agreement = field(default_factory=Agreement)
    status: str = "reported"
    include_low_confidence: bool = False

    def __post_init__(self) -> None:
        if self.by not in BY_PROVINCE:
            raise ValueError(f"by must be one of {list(BY_PROVINCE)}, not {self.by!r}")
        if self.granularity not in GRANULARITIES:
            raise ValueError(f"granularity must be one of {list(GRANULARITIES)}, not {self.granularity!r}")
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {list(STATUSES)}, not {self.status!r}")
        if self.undated not in UNDATED:
            raise ValueError(f"undated must be one of {list(UNDATED)}, not {self.undated!r}")
        if self.metrics is not None:
            if isinstance(self.metrics, str):
                object.__setattr__(self, "metrics", (self.metrics,))
            else:
                object.__setattr__(self, "metrics", tuple(self.metrics))

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> CompareOptions:
        """Build from CLI flags or keyword arguments, ignoring ``None`` (= not given)."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise TypeError(f"unknown option(s) {unknown}; known: {sorted(names)}")
        given = {k: v for k, v in values.items() if v is not None}
        if "metrics" in given and not given["metrics"]:
            del given["metrics"]
        return cls(**given)


@dataclass(slots=True, eq=False)
class _Candidate:
    """One figure competing for a cell, with what the rules look at."""

    figure_id: str
    root: str  # article_id of the original article (itself unless a copy whose original is absent)
    value: float
    value_high: float | None
    total: float | None
    qualifier: str
    unit: str
    period_start: str | None
    period_end: str | None
    period: PeriodKey
    published: str
    url: str | None
    text: str | None
    sentence: str | None
    province: str | None
    low: float = 0.0  # the interval of values the wording allows (Agreement.interval)
    high: float = 0.0

    def rank(self) -> tuple[bool, str, int, float]:
        """Sort key of rules 1-4 (higher is better)."""
        return (self.period.stated, self.published, self.period.specificity, self.value)

    @property
    def exact_period(self) -> tuple[str | None, str | None]:
        return self.period_start, self.period_end


def open_dataset(data: Dataset | str | Path | Sequence[str | Path]) -> Dataset:
    """``data`` itself when it is a Dataset, else the dataset loaded from that directory (or
    those directories, merged: :func:`~unionnews.dataset.load`)."""
    if isinstance(data, Dataset):
        return data
    if isinstance(data, str | Path):
        return load(data)
    if isinstance(data, list | tuple) and data and all(isinstance(d, str | Path) for d in data):
        return load(list(data))
    raise TypeError(f"expected a Dataset or dataset directories, not {type(data).__name__}")


def _roots(articles: pd.DataFrame) -> tuple[dict[str, str], set[str]]:
    """article_id -> id of its original, and the ids of copies whose original is present."""
    import pandas as pd

    parent = {
        str(a): (None if pd.isna(d) else str(d))
        for a, d in zip(articles["article_id"], articles["duplicate_of"], strict=True)
    }
    roots: dict[str, str] = {}
    copies: set[str] = set()
    for article in parent:
        node, seen = article, {article}
        while (up := parent.get(node)) is not None and up in parent and up not in seen:
            node = up
            seen.add(up)
        roots[article] = node
        if node != article:
            copies.add(article)
    return roots, copies


def _text(value: object) -> str | None:
    import pandas as pd

    return None if value is None or pd.isna(value) else str(value)  # type: ignore[call-overload]


def _period_text(figure: dict[str, Any]) -> tuple[str | None, str | None]:
    """A figure's period in the text form the article gave it ("2023", "2023-06-15"; a term
    by its years), from its dates and granularity; the cells keep periods of one precision apart."""
    first, last = _day(figure["period_start"]), _day(figure["period_end"])
    return period_texts(first, last, _text(figure["period_granularity"]))


def _day(value: object) -> date | None:
    """A date cell (a pandas Timestamp at midnight, a ``datetime.date``) as a date."""
    if is_missing(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date, not {value!r}")


def _float(value: object) -> float | None:
    import pandas as pd

    return None if value is None or pd.isna(value) else float(value)  # type: ignore[call-overload,arg-type]


def _format_value(value: float, qualifier: str) -> str:
    number = format(value, ".15g") if value != int(value) else str(int(value))
    return QUALIFIER_MARKS.get(qualifier, "") + number


def _choose(cands: list[_Candidate]) -> tuple[_Candidate, list[_Candidate]]:
    """The chosen candidate and the candidates ranked by the rules (see the module docstring)."""
    ranked = sorted(cands, key=lambda c: c.figure_id)
    ranked.sort(key=_Candidate.rank, reverse=True)  # stable: figure_id breaks ties (rule 5)
    best = ranked[0]
    if best.period.stated:  # exact over approximate, among figures that agree
        for other in ranked[1:]:
            if (
                other.period.stated
                and other.exact_period == best.exact_period
                and PRECISION.get(other.qualifier, 0) > PRECISION.get(best.qualifier, 0)
                and _agree(best, other)
            ):
                best = other
                break
    return best, ranked


def _agree(a: _Candidate, b: _Candidate) -> bool:
    """The two figures' intervals overlap (see :class:`Agreement`)."""
    return a.low <= b.high and b.low <= a.high


def _conflict(cands: Sequence[_Candidate]) -> bool:
    """Two original articles disagree about the same stated period.

    Two intervals disagree when one ends below the other's start, so it is enough
    to compare each interval with the highest start among the other articles'
    intervals: linear in the number of figures.
    """
    by_period: dict[tuple[str | None, str | None], list[_Candidate]] = defaultdict(list)
    for c in cands:
        if c.period.stated:
            by_period[c.exact_period].append(c)
    for group in by_period.values():
        if len({c.root for c in group}) < 2:
            continue
        # the highest start, and the highest start of another article than that one's
        first = max(group, key=lambda c: c.low)
        others = [c.low for c in group if c.root != first.root]
        second = max(others)
        for c in group:
            highest_elsewhere = second if c.root == first.root else first.low
            if c.high < highest_elsewhere:
                return True
    return False


def _cell_row(
    key: tuple[str, ...],
    cands: list[_Candidate],
    n_copies: int,
    options: CompareOptions,
) -> dict[str, Any]:
    province_key, subject, metric, unit, measure, _label = key
    best, ranked = _choose(cands)
    agreeing = [c for c in ranked if c is best or _agree(best, c)]
    agreeing_ids = {id(c) for c in agreeing}
    order = [best] + [c for c in agreeing if c is not best] + [c for c in ranked if id(c) not in agreeing_ids]
    urls: list[str] = []
    for c in order:
        if c.url and c.url not in urls:
            urls.append(c.url)
    distinct = sorted({(c.value, c.qualifier) for c in cands})
    if options.by == "province_2025":
        provinces = sorted({c.province for c in cands if c.province})
        province, province_2025 = "; ".join(provinces) or None, province_key or None
    else:
        province, province_2025 = province_key or None, successor_2025(province_key) if province_key else None
    return {
        "province": province,
        "province_2025": province_2025,
        "subject": subject or None,
        "metric": metric,
        "unit": unit,
        "measure": measure or None,
        "period": best.period.label,
        "year": best.period.year,
        "period_kind": best.period.kind,
        "value": best.value,
        "value_high": best.value_high,
        "total": best.total,
        "qualifier": best.qualifier,
        "period_start": best.period_start,
        "period_end": best.period_end,
        "n_sources": len({c.root for c in agreeing}),
        "n_articles": len({c.root for c in cands}),
        "n_figures": len(cands),
        "n_copies": n_copies,
        "conflict": _conflict(cands),
        "values": "; ".join(_format_value(v, q) for v, q in distinct),
        "figure_id": best.figure_id,
        "article_id": best.root,
        "url": best.url,
        "published": best.published or None,
        "text": best.text,
        "sentence": best.sentence,
        "figure_ids": "; ".join(c.figure_id for c in order),
        "urls": "; ".join(urls),
    }


def empty_compare_table() -> pd.DataFrame:
    """A zero-row comparative table with every column in its dtype."""
    import pandas as pd

    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype, _ in COMPARE_COLUMNS})


_FIGURE_COLUMNS = (
    "figure_id",
    "fact_id",
    "flag",
    "article_id",
    "metric",
    "value",
    "value_high",
    "total",
    "unit",
    "qualifier",
    "period_start",
    "period_end",
    "period_granularity",
    "subject",
    "province",
    "province_2025",
    "text",
    "sentence",
)


def _records(frame: pd.DataFrame, names: Sequence[str]) -> Iterator[dict[str, Any]]:
    """Rows as dicts (much faster than ``to_dict`` on Arrow strings); nulls stay ``pd.NA``/NaN."""
    arrays = [frame[name].to_numpy(dtype=object) for name in names]
    for values in zip(*arrays, strict=True):
        yield dict(zip(names, values, strict=True))


def _rows(
    figures: pd.DataFrame,
    articles: pd.DataFrame,
    options: CompareOptions,
) -> Iterable[dict[str, Any]]:
    roots, copies = _roots(articles)
    meta = {
        str(r["article_id"]): (_text(r["published"]) or "", _text(r["url"]), _text(r["province_2025"]))
        for r in _records(articles, ("article_id", "published", "url", "province_2025"))
    }
    keys: dict[tuple[str | None, str | None, str | None], PeriodKey | None] = {}
    cells: dict[tuple[str, ...], list[_Candidate]] = defaultdict(list)
    copied: dict[tuple[str, ...], set[str]] = defaultdict(set)
    seen_facts: set[str] = set()
    optional = tuple(name for name in ("confidence", "part_of", "measure") if name in figures.columns)
    names = (*_FIGURE_COLUMNS, *optional)
    parts: dict[str, tuple[tuple[str, ...], str]] = {}  # part's figure_id -> (its cell, its whole)
    for f in _records(figures, names):
        value = _float(f["value"])
        if value is None:
            continue
        if _text(f["flag"]) is not None:
            continue  # a doubtful value ("implausible: …") stays in figures, out of comparisons
        if _text(f.get("confidence")) == "low" and not options.include_low_confidence:
            continue  # an uncertain metric would put the number in the wrong series
        fact = _text(f["fact_id"])
        if fact is not None:
            if fact in seen_facts:
                continue  # another mention of a fact already taken (the title's, the lead's)
            seen_facts.add(fact)
        article = str(f["article_id"])
        root = roots.get(article, article)
        published, _, article_2025 = meta.get(article, ("", None, None))
        start, end = _period_text(f)
        pkey = (start, end, published)
        if pkey not in keys:
            keys[pkey] = period_key(
                start, end, published or None, granularity=options.granularity, undated=options.undated
            )
        period = keys[pkey]
        if period is None:
            continue
        province = _text(f["province"])
        if options.by == "province_2025":
            province_key = _text(f["province_2025"]) or successor_2025(province) or article_2025 or ""
        else:
            province_key = province or ""
        subject = (_text(f["subject"]) or "") if options.by_subject else ""
        unit = _text(f["unit"]) or ""
        measure = _text(f.get("measure")) or ""
        key: tuple[str, ...] = (province_key, subject, str(f["metric"]), unit, measure, period.label)
        if article in copies:
            copied[key].add(article)
            continue
        whole = _text(f.get("part_of"))
        if whole is not None:
            parts[str(f["figure_id"])] = (key, whole)
        root_published, root_url, _ = meta.get(root, (published, None, None))
        qualifier = _text(f["qualifier"]) or "exact"
        value_high = _float(f["value_high"])
        low, high = options.agreement.interval(value, qualifier, value_high, unit)
        cells[key].append(
            _Candidate(
                figure_id=str(f["figure_id"]),
                root=root,
                value=value,
                value_high=value_high,
                total=_float(f["total"]),
                qualifier=qualifier,
                unit=unit,
                period_start=start,
                period_end=end,
                period=period,
                published=root_published,
                url=root_url,
                text=_text(f["text"]),
                sentence=_text(f["sentence"]),
                province=province,
                low=low,
                high=high,
            )
        )
    for key, cands in cells.items():
        yield _cell_row(key, _without_parts(key, cands, parts), len(copied.get(key, ())), options)


def _without_parts(
    key: tuple[str, ...], cands: list[_Candidate], parts: dict[str, tuple[tuple[str, ...], str]]
) -> list[_Candidate]:
    """The candidates of the cell ``key`` less the parts whose whole is in the cell too: "09
    CĐCS, trong đó 07 CĐCS" is one value, 9, never 9 and 7 (nor 16)."""
    if not parts:
        return cands
    ids = {c.figure_id for c in cands}
    return [
        c for c in cands if (part := parts.get(c.figure_id)) is None or part[0] != key or part[1] not in ids
    ]


def compare(
    data: Dataset | str | Path | Sequence[str | Path],
    options: CompareOptions | None = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """A comparative table: one row per province × body × metric × unit × measure × period.

    ``data`` is a :class:`~unionnews.Dataset`, a dataset directory written by
    ``unionnews extract``, or a list of them (merged as ``unionnews merge`` does: a copy
    in one of another's original counts once). Keyword arguments are those of :class:`CompareOptions`
    (``metrics``, ``by``, ``by_subject``, ``granularity``, ``undated``, ``agreement``).

    Each row holds the chosen value with its unit, qualifier and period, how many
    original articles support it (``n_sources``; copies never count), whether
    articles disagree about it (``conflict``), every value seen (``values``), and
    links back to the sources (``figure_id``/``url`` of the chosen figure;
    ``figure_ids``/``urls`` of all). Selection rules, in order: a stated period
    over one inferred from the publication date; the latest article; the most
    specific period; the largest value; the smallest figure_id. Then exact over
    approximate: a hedged choice gives way to a more precise figure for the same
    stated period that agrees with it. See docs/compare.md.

    >>> import unionnews
    >>> table = unionnews.compare("out", metrics=["union_members"])   # doctest: +SKIP
    >>> table[["province", "year", "value", "qualifier", "n_sources", "conflict"]]  # doctest: +SKIP
    """
    import pandas as pd

    if options is None:
        options = CompareOptions.from_mapping(kwargs)
    elif kwargs:
        raise TypeError("pass either options or keyword arguments, not both")
    ds = open_dataset(data)
    figures = ds.figures
    if not is_conformed("figures", figures):  # a Dataset made by hand, periods as text
        figures = conform("figures", figures)
    if "status" in figures.columns:  # datasets written before the column count as reported
        figures = figures[figures["status"].fillna("reported") == options.status]
    if options.metrics is not None:
        known = set(METRICS) | set(figures["metric"].dropna())
        unknown = [m for m in options.metrics if m not in known]
        if unknown:
            raise ValueError(f"unknown metric(s) {unknown}; metrics are {list(METRICS)} (docs/metrics.md)")
        figures = figures[figures["metric"].isin(options.metrics)]
    rows = list(_rows(figures, ds.articles, options))
    if not rows:
        return empty_compare_table()
    place = "province_2025" if options.by == "province_2025" else "province"
    rows.sort(key=lambda r: _row_order(r, place))
    table = pd.DataFrame(rows, columns=[name for name, _, _ in COMPARE_COLUMNS])
    return table.astype({name: dtype for name, dtype, _ in COMPARE_COLUMNS})


def _row_order(row: dict[str, Any], place: str) -> tuple[Any, ...]:
    """Provinces and bodies in Vietnamese alphabetical order, then metric, unit, period."""
    year = row["year"]
    return (
        vietnamese_sort_key(row[place] or ""),
        vietnamese_sort_key(row["subject"] or ""),
        row["metric"],
        row["unit"],
        row["measure"] or "",
        year is None,
        year or 0,
        row["period"],
    )
