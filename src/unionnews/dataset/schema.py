"""Column specifications of the dataset tables, as data.

One :class:`Column` per column: its name, type, a one-line English description and, where
the data contract fixes one, its vocabulary. The writers derive the Arrow schema, the DuckDB
comments and ``datapackage.json`` from these specs, and the loaders use them to restore
dtypes, so there is a single source of truth. docs/data.md is the data dictionary made from
them (a test keeps the two equal).

Types (``Column.dtype``), each with its Arrow type (Parquet, DuckDB), pandas dtype and
Frictionless type; every pandas dtype is nullable, so a missing value is ``pd.NA`` or ``NaT``
whatever the column type, and an empty table keeps its types:

===========  ===============================  ===================================  ===========
dtype        Arrow                            pandas                               Frictionless
===========  ===============================  ===================================  ===========
string       string                           string                               string
Int64        int64                            Int64                                integer
Float64      double                           Float64                              number
boolean      bool                             boolean                              boolean
date         date32[day]                      datetime64[s]                        date
timestamp    timestamp[ms, tz=+07:00]         datetime64[ms, UTC+07:00]            datetime
list         list<element: string>            list<element: string>[pyarrow]       array
attrs        struct<doc_type, issuer_code,    struct<...>[pyarrow]                 object
             date>
===========  ===============================  ===================================  ===========

Dates are pandas ``datetime64[s]`` (midnight), so ``figures.period_start >= "2023-01-01"`` and
``pd.to_datetime(figures.period_start)`` work as they do on any pandas date column. CSV holds
dates and times as ISO 8601 text and lists and records as JSON text (the one place for JSON).

``conform`` also reads tables in the text forms of earlier versions (periods as "2024" or
"2023-09-15", lists as JSON or "; "-joined text) and makes them typed, so a dataset written
before the typed columns loads as a new one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from unionnews.dataset.typed import (
    DOCUMENT_ATTRS,
    VIETNAM,
    VIETNAM_OFFSET,
)
from unionnews.model import (
    CONFIDENCES,
    DROP_REASONS,
    ENTITY_TYPES,
    FIELDS,
    MEASURES,
    METRICS,
    PERIOD_GRANULARITIES,
    PROVINCE_SOURCES,
    QUALIFIERS,
    STATUSES,
    TITLE_SOURCES,
    UNITS,
)

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    from pandas.api.extensions import ExtensionDtype

    PandasDtype = ExtensionDtype | np.dtype[Any]


@dataclass(frozen=True, slots=True)
class ColumnType:
    """One type of column: how the data dictionary names its Arrow type, and its Frictionless
    type in a text file (CSV, JSONL) and in Parquet."""

    arrow: str  # str() of the Arrow type
    frictionless: str
    #: Frictionless reads a Parquet list cell as a numpy array, which its "array" type refuses:
    #: such columns are "any" in a Parquet resource (and "array" in CSV and JSONL).
    frictionless_parquet: str | None = None


#: The record of ``entities.attrs`` as the data dictionary writes it.
_ATTRS_ARROW = (
    "struct<"
    + ", ".join(
        f"{name}: {'date32[day]' if kind == 'date' else 'string'}" for name, kind in DOCUMENT_ATTRS.items()
    )
    + ">"
)

#: Column type name (``Column.dtype``) -> its description.
TYPES: Mapping[str, ColumnType] = {
    "string": ColumnType("string", "string"),
    "Int64": ColumnType("int64", "integer"),
    "Float64": ColumnType("double", "number"),
    "boolean": ColumnType("bool", "boolean"),
    "date": ColumnType("date32[day]", "date"),
    "timestamp": ColumnType(f"timestamp[ms, tz={VIETNAM_OFFSET}]", "datetime"),
    "list": ColumnType("list<element: string>", "array", "any"),
    "attrs": ColumnType(_ATTRS_ARROW, "object"),
}


# pandas and pyarrow are imported when a table is first built, written or read, so that
# importing the schema (``unionnews --help``) stays cheap, and a run that writes its tables
# from Arrow (``build_arrow_tables``) never imports pandas.


@cache
def _arrow_types() -> Mapping[str, pa.DataType]:
    """Column type name -> Arrow type."""
    import pyarrow as pa

    attrs = pa.struct(
        [(name, pa.date32() if kind == "date" else pa.string()) for name, kind in DOCUMENT_ATTRS.items()]
    )
    return {
        "string": pa.string(),
        "Int64": pa.int64(),
        "Float64": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "timestamp": pa.timestamp("ms", tz=VIETNAM_OFFSET),
        "list": pa.list_(pa.field("element", pa.string())),  # as Parquet names its items
        "attrs": attrs,
    }


@cache
def _pandas_dtypes() -> Mapping[str, PandasDtype]:
    """Column type name -> pandas dtype."""
    import numpy as np
    import pandas as pd

    arrow = _arrow_types()
    return {
        "string": pd.StringDtype(),
        "Int64": pd.Int64Dtype(),
        "Float64": pd.Float64Dtype(),
        "boolean": pd.BooleanDtype(),
        "date": np.dtype("datetime64[s]"),
        "timestamp": pd.DatetimeTZDtype("ms", VIETNAM),
        "list": pd.ArrowDtype(arrow["list"]),
        "attrs": pd.ArrowDtype(arrow["attrs"]),
    }


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a dataset table."""

    name: str
    dtype: str  # a key of TYPES
    description: str
    vocabulary: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.dtype not in TYPES:
            raise ValueError(f"column {self.name!r}: unknown dtype {self.dtype!r}; known: {list(TYPES)}")

    @property
    def pandas_dtype(self) -> PandasDtype:
        return _pandas_dtypes()[self.dtype]

    @property
    def arrow_type(self) -> pa.DataType:
        return _arrow_types()[self.dtype]

    @property
    def arrow_name(self) -> str:
        """The Arrow type as the data dictionary writes it (``str`` of :attr:`arrow_type`)."""
        return TYPES[self.dtype].arrow

    @property
    def frictionless_type(self) -> str:
        return TYPES[self.dtype].frictionless

    def frictionless_type_in(self, fmt: str) -> str:
        """The Frictionless type of the column in a file of format ``fmt`` (parquet, csv, jsonl)."""
        kind = TYPES[self.dtype]
        return kind.frictionless_parquet or kind.frictionless if fmt == "parquet" else kind.frictionless


def _s(name: str, description: str, vocabulary: tuple[str, ...] | None = None) -> Column:
    return Column(name, "string", description, vocabulary)


def _i(name: str, description: str) -> Column:
    return Column(name, "Int64", description)


def _f(name: str, description: str) -> Column:
    return Column(name, "Float64", description)


def _b(name: str, description: str) -> Column:
    return Column(name, "boolean", description)


def _d(name: str, description: str) -> Column:
    return Column(name, "date", description)


def _l(name: str, description: str) -> Column:
    return Column(name, "list", description)


ARTICLES: tuple[Column, ...] = (
    _s("article_id", "Stable identifier: short hash of the canonical URL or file path."),
    _s("url", "Canonical URL of the article; file:// URL for local files."),
    _s("site", "Host name of the publishing site, e.g. congdoanvinhphuc.vn."),
    _s("title", "Article title as published."),
    _s(
        "published",
        "Publication time as the source gives it, ISO 8601 in Vietnam's time: '2023-09-15T15:40', "
        "or '2023-09-15' when the source gives no time.",
    ),
    Column(
        "published_at",
        "timestamp",
        "Publication time, timezone-aware (UTC+07:00); null when the source gives only a date "
        "(then see published_date): no time is invented.",
    ),
    _d("published_date", "Publication date (in Vietnam); set whenever published is."),
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
    _l("notes", "Non-fatal remarks, e.g. removed spam phrases; an empty list when none."),
    _i("n_chars", "Length of text in characters."),
    _s("duplicate_of", "article_id of the first article with the same text; null if original."),
    _s(
        "copy_kind",
        "For duplicates: alias (same site, another URL) or copy (republished on another site).",
        ("alias", "copy"),
    ),
    _l("aliases", "Other URLs that served this page (redirects, re-captures, tracking); empty when none."),
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
    _s(
        "measure",
        "What a percentage is of (of_plan, of_members, of_workers, growth, other) or what an amount "
        "of money is (raised, given, paid, budget, value, other), read from the figure's clause; "
        "null for counts. Sum or compare only figures of one measure.",
        MEASURES,
    ),
    _s("qualifier", "Hedge in the wording: exact, over, under or approx.", QUALIFIERS),
    _s(
        "status",
        "reported (a result or state the article reports) or target (a goal or plan: "
        "'phấn đấu', 'mục tiêu', 'chỉ tiêu … giao', 'dự kiến', 'sẽ').",
        STATUSES,
    ),
    _d(
        "period_start",
        "First day of the period the figure covers ('năm 2024' -> 2024-01-01); null if unknown.",
    ),
    _d("period_end", "Last day of the period ('năm 2024' -> 2024-12-31; 'đến nay' -> the publication date)."),
    _s(
        "period_granularity",
        "How the period is given: day, month, quarter, year (one calendar year), or term (a span "
        "between two bounds: 'nhiệm kỳ 2018 - 2023', 'từ năm 2019 đến nay'); null if unknown.",
        PERIOD_GRANULARITIES,
    ),
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
        "part_of",
        "figure_id of the figure of the same metric this one is a part of ('09 CĐCS, trong đó 07 "
        "CĐCS…': the 07's is the 09's figure_id); null when it is no part. Sum only rows where it "
        "is null; compare never counts a part with its whole.",
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
    _l(
        "cues",
        "The evidence for the metric, deciding item first: list passes "
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
    _l("role", "PERSON only: the person's roles, each a title followed by its body; null when none."),
    _s("field", "The article field start/end point into: text, or title for a headline's entity.", FIELDS),
    _i("start", "Character offset of the span's start in articles.<field>."),
    _i("end", "Character offset just past the span's end in articles.<field>."),
    _s("rule", "Name of the extraction rule that produced the entity."),
    Column(
        "attrs",
        "attrs",
        "DOCUMENT only: doc_type ('Quyết định'), issuer_code ('LĐLĐ') and the date issued; null "
        "for other types.",
    ),
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

#: What a document read became (``inputs.outcome``).
OUTCOMES: tuple[str, ...] = ("article", "copy", "recapture", "error", "skipped")

INPUTS: tuple[Column, ...] = (
    _i(
        "seq",
        "Order of the document in the dataset: inputs in listing order, then documents in reading order.",
    ),
    _s("input", "The listed input the document was read from: a file path, or a URL for a remote input."),
    _s("source", "The document: the file, a WARC record (file#record-id) or a row of a table of articles."),
    _s(
        "digest",
        "sha256 of the document's bytes as read; `extract --update` reads again only documents whose "
        "source and digest are not here. Null when nothing could be read.",
    ),
    _s(
        "outcome",
        "What the document became: an article, a copy of an earlier article (articles.duplicate_of), "
        "a re-capture of a page kept once (article_id names it), an error (errors.source), or a "
        "skipped archive page that is no article.",
        OUTCOMES,
    ),
    _s("article_id", "The articles row that holds the document's text; null for errors and skipped pages."),
    _s("dataset", "In a merged dataset: the dataset the document came from, as given to merge; else null."),
    _s("declared_url", "The canonical URL the page declared (<link rel=canonical>), if any."),
    _s(
        "text_key",
        "sha1 of the text's near-duplicate key (its first words, normalised, spam cut): articles "
        "with equal keys are copies of one text.",
    ),
    _i("ordinal", "The document's place in its input (the n-th page of an archive, row of a table), from 0."),
)

#: Every table of a dataset, in writing order.
TABLES: Mapping[str, tuple[Column, ...]] = {
    "articles": ARTICLES,
    "figures": FIGURES,
    "entities": ENTITIES,
    "errors": ERRORS,
    "dropped": DROPPED,
    "inputs": INPUTS,
}

#: Short descriptions of the tables (datapackage.json, DuckDB comments).
TABLE_DESCRIPTIONS: Mapping[str, str] = {
    "articles": "One row per article: metadata and the normalised main text.",
    "figures": "One row per figure found in an article, with its span and sentence.",
    "entities": "One row per person, body, place, date, term or document reference.",
    "errors": "One row per input that could not be turned into an article, and why.",
    "dropped": "One row per line of an input that is in neither an article's text nor its title, and why.",
    "inputs": "One row per document read (file, WARC record, table row): its digest and what it became.",
}


#: The columns that identify a row of each table (datapackage.json ``primaryKey``).
PRIMARY_KEYS: Mapping[str, tuple[str, ...]] = {
    "articles": ("article_id",),
    "figures": ("figure_id",),
    "entities": ("entity_id",),
    "inputs": ("seq",),
}

#: (table, column) -> (table, column) it refers to (datapackage.json ``foreignKeys``): every
#: figure, entity and dropped line belongs to an article, and a copy points to its original.
FOREIGN_KEYS: Mapping[tuple[str, str], tuple[str, str]] = {
    ("articles", "duplicate_of"): ("articles", "article_id"),
    ("figures", "article_id"): ("articles", "article_id"),
    ("figures", "part_of"): ("figures", "figure_id"),
    ("entities", "article_id"): ("articles", "article_id"),
    ("dropped", "article_id"): ("articles", "article_id"),
    ("inputs", "article_id"): ("articles", "article_id"),
}

#: Columns whose vocabulary a run may extend: a user's metric file adds metrics and units.
EXTENSIBLE: frozenset[tuple[str, str]] = frozenset({("figures", "metric"), ("figures", "unit")})


def columns(table: str) -> tuple[Column, ...]:
    """The column specs of ``table``; ``KeyError`` naming the known tables otherwise."""
    try:
        return TABLES[table]
    except KeyError:
        raise KeyError(f"unknown table {table!r}; tables are {list(TABLES)}") from None


@cache
def pandas_types() -> Mapping[pa.DataType, ExtensionDtype]:
    """Arrow type -> the pandas dtype of the columns stored as it (a ``types_mapper`` for
    ``pa.Table.to_pandas``). Dates and times are left to pyarrow (dates as ``datetime.date``,
    times as ``datetime64[ms, tz]``): :func:`conform` makes them the schema's dtypes."""
    from pandas.api.extensions import ExtensionDtype

    return {
        _arrow_types()[name]: dtype
        for name, dtype in _pandas_dtypes().items()
        if name not in ("date", "timestamp") and isinstance(dtype, ExtensionDtype)
    }


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


#: Values a run adds to the vocabularies of :data:`EXTENSIBLE` columns: column -> values.
Extra = Mapping[str, Iterable[str]]


def vocabulary(table: str, column: str, extra: Extra | None = None) -> tuple[str, ...] | None:
    """The vocabulary of ``table.column`` (``None`` when it has none), with the values ``extra``
    adds to it when the column is :data:`EXTENSIBLE` (a user's metrics, in sorted order)."""
    spec = next((c for c in columns(table) if c.name == column), None)
    if spec is None or spec.vocabulary is None:
        return None
    added = (extra or {}).get(column, ()) if (table, column) in EXTENSIBLE else ()
    return spec.vocabulary + tuple(sorted(set(added) - set(spec.vocabulary)))


def vocabulary_problems(table: str, frame: pd.DataFrame, extra: Extra | None = None) -> list[str]:
    """Human-readable descriptions of values outside the vocabularies of ``table`` (extended
    by ``extra``, see :func:`vocabulary`)."""
    return _vocabulary_problems(table, frame.columns, lambda name: frame[name].dropna().unique(), extra)


def arrow_vocabulary_problems(table: str, arrow: pa.Table, extra: Extra | None = None) -> list[str]:
    """:func:`vocabulary_problems` of an Arrow table (read as Python values: pyarrow.compute
    takes longer to import than a batch takes to check)."""
    return _vocabulary_problems(
        table, arrow.column_names, lambda name: set(arrow.column(name).to_pylist()) - {None}, extra
    )


def _vocabulary_problems(
    table: str, names: Iterable[str], distinct: Callable[[str], Iterable[object]], extra: Extra | None
) -> list[str]:
    """The problems of the columns in ``names``; ``distinct(name)`` gives a column's distinct
    non-null values."""
    present = set(names)
    problems = []
    for c in columns(table):
        allowed_values = vocabulary(table, c.name, extra)
        if allowed_values is None or c.name not in present:
            continue
        allowed = set(allowed_values)
        bad = sorted({str(v) for v in distinct(c.name) if v not in allowed})
        if bad:
            problems.append(f"{table}.{c.name}: {bad} not in {list(allowed_values)}")
    return problems
