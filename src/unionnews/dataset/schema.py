"""Column specifications of the dataset tables, as data.

One :class:`Column` per column: its name, pandas dtype, a one-line English
description and, where the data contract fixes one, its vocabulary. The
writers derive the Arrow schema, the DuckDB comments and ``datapackage.json``
from these specs, and the loaders use them to restore dtypes, so there is a
single source of truth.

Dtype policy: every column uses a pandas *nullable* dtype, so a missing value
is always ``pd.NA`` whatever the column type and an empty table keeps its
types:

* text -> ``"string"`` (``pd.StringDtype``; Arrow ``string``);
* counts and offsets -> ``"Int64"`` (Arrow ``int64``);
* measured values -> ``"Float64"`` (Arrow ``float64``).

Timestamps (``published``, ``fetched_at``, ``run_at``) and periods are ISO
8601 *strings*, because sources give them at different precisions ("2019",
"2019-01-11", "2019-01-11T09:01:00") and a research dataset must not invent
the missing parts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from unionnews.model import (
    CONFIDENCES,
    DROP_REASONS,
    ENTITY_TYPES,
    FIELDS,
    METRICS,
    PROVINCE_SOURCES,
    QUALIFIERS,
    STATUSES,
    TITLE_SOURCES,
    UNITS,
)

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    from pandas.api.extensions import ExtensionDtype

#: pandas dtype name -> Frictionless field type.
_FRICTIONLESS: Mapping[str, str] = {
    "string": "string",
    "Int64": "integer",
    "Float64": "number",
    "boolean": "boolean",
}


# pandas and pyarrow are imported when a table is first built, written or read, so that
# importing the schema (``unionnews --help``) stays cheap, and a run that writes its tables
# from Arrow (``build_arrow_tables``) never imports pandas.


@cache
def _pandas_dtypes() -> Mapping[str, ExtensionDtype]:
    """pandas dtype name -> pandas dtype."""
    import pandas as pd

    return {
        "string": pd.StringDtype(),
        "Int64": pd.Int64Dtype(),
        "Float64": pd.Float64Dtype(),
        "boolean": pd.BooleanDtype(),
    }


@cache
def _arrow_types() -> Mapping[str, pa.DataType]:
    """pandas dtype name -> Arrow type."""
    import pyarrow as pa

    return {"string": pa.string(), "Int64": pa.int64(), "Float64": pa.float64(), "boolean": pa.bool_()}


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a dataset table."""

    name: str
    dtype: str  # a key of _FRICTIONLESS
    description: str
    vocabulary: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.dtype not in _FRICTIONLESS:
            raise ValueError(f"column {self.name!r}: unknown dtype {self.dtype!r}")

    @property
    def pandas_dtype(self) -> ExtensionDtype:
        return _pandas_dtypes()[self.dtype]

    @property
    def arrow_type(self) -> pa.DataType:
        return _arrow_types()[self.dtype]

    @property
    def frictionless_type(self) -> str:
        return _FRICTIONLESS[self.dtype]


def _s(name: str, description: str, vocabulary: tuple[str, ...] | None = None) -> Column:
    return Column(name, "string", description, vocabulary)


def _i(name: str, description: str) -> Column:
    return Column(name, "Int64", description)


def _f(name: str, description: str) -> Column:
    return Column(name, "Float64", description)


def _b(name: str, description: str) -> Column:
    return Column(name, "boolean", description)


ARTICLES: tuple[Column, ...] = (
    _s("article_id", "Stable identifier: short hash of the canonical URL or file path."),
    _s("url", "Canonical URL of the article; file:// URL for local files."),
    _s("site", "Host name of the publishing site, e.g. congdoanvinhphuc.vn."),
    _s("title", "Article title as published."),
    _s("published", "Publication time, ISO 8601 (date or date-time, as precise as the source)."),
    _s("author", "Byline (author or pen name) as printed; null when none."),
    _s("province", "Province at publication time (pre-July-2025 name), e.g. Vĩnh Phúc."),
    _s("province_2025", "Successor province after the July 2025 merger, e.g. Phú Thọ."),
    _s(
        "province_source",
        "How province was found: registry (a registered site), host (a province named in the "
        "host, e.g. hamyen.tuyenquang.gov.vn), text (the provinces the title and text name) or "
        "site_name (the publisher's name); null when not found.",
        PROVINCE_SOURCES,
    ),
    _s(
        "title_source",
        "Where title came from: page (the page's own headline) or metadata (given with the text: "
        "a table row, a Title: header); null when the input has no title.",
        TITLE_SOURCES,
    ),
    _s("text", "Main text, normalised (NFC, plain spaces); all offsets point into it."),
    _s("content_hash", "SHA-256 of the stored text, to detect changed or copied content."),
    _s("fetched_at", "When the page was fetched or the file read, ISO 8601 UTC."),
    _s("extractor_version", "Version of the article extractor that produced the row."),
    _s("source_path", "Input file or WARC record the article was read from."),
    _s("notes", "JSON list of non-fatal remarks, e.g. removed spam phrases."),
    _i("n_chars", "Length of text in characters."),
    _s("duplicate_of", "article_id of the first article with the same text; null if original."),
    _s(
        "copy_kind",
        "For duplicates: alias (same site, another URL) or copy (republished on another site).",
        ("alias", "copy"),
    ),
    _s("aliases", "JSON list of other URLs that served this page (redirects, re-captures, tracking)."),
    _i("n_dropped_lines", "Lines of the input in neither text nor title (see the dropped table)."),
    _i("n_dropped_chars", "Characters on those lines."),
    _i("n_dropped_prose", "Of those, lines that read as prose (dropped.prose): the ones worth a look."),
)

FIGURES: tuple[Column, ...] = (
    _s("figure_id", "Stable identifier: short hash of article_id, start, end and metric."),
    _s("article_id", "The article the figure was found in (articles.article_id)."),
    _s("metric", "What the figure counts or measures.", METRICS),
    _f("value", "The number; money in đồng (VND), percentages as 0-100."),
    _f("total", "Denominator of x/y forms such as 58/58 CĐCS; null otherwise."),
    _f("value_high", "Upper bound when the text gives a range ('từ 50 đến 60 CĐCS'); null otherwise."),
    _s("unit", "Unit of value.", UNITS),
    _s("qualifier", "Hedge in the wording: exact, over, under or approx.", QUALIFIERS),
    _s(
        "status",
        "reported (a result or state the article reports) or target (a goal or plan: "
        "'phấn đấu', 'mục tiêu', 'chỉ tiêu … giao', 'dự kiến', 'sẽ').",
        STATUSES,
    ),
    _s("period_start", "Start of the period covered (ISO date or year); null if unknown."),
    _s("period_end", "End of the period covered (ISO date or year); null if unknown."),
    _s("subject", "Canonical name of the body the figure is about."),
    _s("province", "Province the figure belongs to (pre-2025 name); defaults to the article's."),
    _s("province_2025", "Successor province of province after the July 2025 merger."),
    _s("sentence", "The sentence containing the figure."),
    _s("field", "The article field start/end point into: text, or title for a headline's figure.", FIELDS),
    _i("start", "Character offset of the span's start in articles.<field>."),
    _i("end", "Character offset just past the span's end in articles.<field>."),
    _s("text", "The exact span: articles.<field>[start:end]."),
    _s("rule", "Name of the extraction rule that produced the figure."),
    _s(
        "fact_id",
        "Mentions of one fact in an article share it (same metric, value, unit, total, status and "
        "period, e.g. a figure stated in the title and again in the body); count facts, not rows.",
    ),
    _s(
        "flag",
        "Why the value is doubtful, e.g. 'implausible: 2.5e+40 persons is over 1.1e+08'; null when "
        "it is not. Flagged figures are kept; compare leaves them out.",
    ),
    _s(
        "confidence",
        "How sure the metric is: high, or low when cues of the figure's own clause point to "
        "different specific metrics (or the value is flagged). compare uses high-confidence "
        "figures unless asked for all (--include-low-confidence).",
        CONFIDENCES,
    ),
    _s(
        "cues",
        "The evidence for the metric, '; '-joined, deciding item first: list passes "
        "('list_previous=awards'), then cues as where:words=metric "
        "('after:được kết nạp vào đảng=party_admissions'); empty when the head alone decides.",
    ),
)

ENTITIES: tuple[Column, ...] = (
    _s("entity_id", "Stable identifier: short hash of article_id, start, end and type."),
    _s("article_id", "The article the entity was found in (articles.article_id)."),
    _s("type", "Entity type.", ENTITY_TYPES),
    _s("text", "The exact span: articles.<field>[start:end]."),
    _s("canonical", "Normalised value: full name, expanded body, YYYY-MM-DD, YYYY-YYYY, number."),
    _s("role", "PERSON only: roles joined by '; ', each a title followed by its body."),
    _s("field", "The article field start/end point into: text, or title for a headline's entity.", FIELDS),
    _i("start", "Character offset of the span's start in articles.<field>."),
    _i("end", "Character offset just past the span's end in articles.<field>."),
    _s("rule", "Name of the extraction rule that produced the entity."),
    _s("attrs", "JSON object of extra fields (e.g. doc_type of a DOCUMENT)."),
)

ERRORS: tuple[Column, ...] = (
    _s("source", "Input (file path, URL or WARC record) that could not become an article."),
    _s("stage", "Stage that failed: read, decode, parse or extract."),
    _s("error", "Error class name, e.g. EmptyDocument or NotAnArticle."),
    _s("message", "What happened and what to do about it."),
    _s("run_at", "When the run that recorded the error happened, ISO 8601 UTC."),
)

DROPPED: tuple[Column, ...] = (
    _s("article_id", "The article the line was read with (articles.article_id)."),
    _i("line", "1-based line of the input: of the decoded file (text), of the page's visible text (HTML)."),
    _s("reason", "Why the line is in neither articles.text nor articles.title.", DROP_REASONS),
    _b("prose", "Does the line read as a sentence? Prose is never dropped as page header or chrome."),
    _s("text", "The line as read (whitespace collapsed for HTML)."),
)

#: Every table of a dataset, in writing order.
TABLES: Mapping[str, tuple[Column, ...]] = {
    "articles": ARTICLES,
    "figures": FIGURES,
    "entities": ENTITIES,
    "errors": ERRORS,
    "dropped": DROPPED,
}

#: Short descriptions of the tables (datapackage.json, DuckDB comments).
TABLE_DESCRIPTIONS: Mapping[str, str] = {
    "articles": "One row per article: metadata and the normalised main text.",
    "figures": "One row per figure found in an article, with its span and sentence.",
    "entities": "One row per person, body, place, date, term or document reference.",
    "errors": "One row per input that could not be turned into an article, and why.",
    "dropped": "One row per line of an input that is in neither an article's text nor its title, and why.",
}


def columns(table: str) -> tuple[Column, ...]:
    """The column specs of ``table``; ``KeyError`` naming the known tables otherwise."""
    try:
        return TABLES[table]
    except KeyError:
        raise KeyError(f"unknown table {table!r}; tables are {list(TABLES)}") from None


@cache
def pandas_types() -> Mapping[pa.DataType, ExtensionDtype]:
    """Arrow type -> the pandas dtype of the columns stored as it (a ``types_mapper`` for
    ``pa.Table.to_pandas``)."""
    return {_arrow_types()[name]: dtype for name, dtype in _pandas_dtypes().items()}


@cache
def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of ``table`` (used for Parquet, so empty tables keep their types)."""
    import pyarrow as pa

    return pa.schema([pa.field(c.name, c.arrow_type, nullable=True) for c in columns(table)])


def empty_frame(table: str) -> pd.DataFrame:
    """A zero-row frame with every column of ``table`` in its dtype."""
    import pandas as pd

    return pd.DataFrame({c.name: pd.Series([], dtype=c.pandas_dtype) for c in columns(table)})


def check_columns(table: str, names: Iterable[str]) -> None:
    """Raise ``ValueError`` naming the columns in ``names`` that the schema of ``table`` lacks:
    an undocumented column would break the data package."""
    known = {c.name for c in columns(table)}
    extra = [name for name in names if name not in known]
    if extra:
        raise ValueError(
            f"table {table!r} has column(s) {extra} that are not in its schema; "
            "add them to unionnews.dataset.schema with a description"
        )


def conform(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the columns of ``table`` in schema order and dtype.

    Missing columns are added as all-null. A column the schema does not know
    raises ``ValueError``: an undocumented column would break the data package.
    """
    specs = columns(table)
    check_columns(table, frame.columns)
    import pandas as pd

    n = len(frame)
    out = {}
    for c in specs:
        if c.name in frame.columns:
            out[c.name] = frame[c.name].astype(c.pandas_dtype).reset_index(drop=True)
        else:
            out[c.name] = pd.Series([pd.NA] * n, dtype=c.pandas_dtype)
    return pd.DataFrame(out)


def is_conformed(table: str, frame: pd.DataFrame) -> bool:
    """``frame`` already is what :func:`conform` makes of it: the columns of ``table`` in
    order and dtype, on a 0..n-1 index (a table from :func:`~unionnews.dataset.build_tables`)."""
    import pandas as pd

    specs = columns(table)
    index = frame.index
    return (
        list(frame.columns) == [c.name for c in specs]
        and list(frame.dtypes) == [c.pandas_dtype for c in specs]
        and isinstance(index, pd.RangeIndex)
        and index.start == 0
        and index.step == 1
    )


def vocabulary_problems(table: str, frame: pd.DataFrame) -> list[str]:
    """Human-readable descriptions of values outside the vocabularies of ``table``."""
    return _vocabulary_problems(table, frame.columns, lambda name: frame[name].dropna().unique())


def arrow_vocabulary_problems(table: str, arrow: pa.Table) -> list[str]:
    """:func:`vocabulary_problems` of an Arrow table (read as Python values: pyarrow.compute
    takes longer to import than a batch takes to check)."""
    return _vocabulary_problems(
        table, arrow.column_names, lambda name: set(arrow.column(name).to_pylist()) - {None}
    )


def _vocabulary_problems(
    table: str, names: Iterable[str], distinct: Callable[[str], Iterable[object]]
) -> list[str]:
    """The problems of the columns in ``names``; ``distinct(name)`` gives a column's distinct
    non-null values."""
    present = set(names)
    problems = []
    for c in columns(table):
        if c.vocabulary is None or c.name not in present:
            continue
        allowed = set(c.vocabulary)
        bad = sorted({str(v) for v in distinct(c.name) if v not in allowed})
        if bad:
            problems.append(f"{table}.{c.name}: {bad} not in {list(c.vocabulary)}")
    return problems
