"""Turn extraction results (dataclasses) into the dataset's tables: pandas DataFrames, or the
Arrow tables the writer stores.

Compute, then write: the matchers return :class:`~unionnews.model.Figure` and
:class:`~unionnews.model.Entity` records; this module only lays them out as
rows, adds identifiers and provenance, and fixes dtypes via
:mod:`unionnews.dataset.schema`.

:func:`build_tables` gives DataFrames; :func:`build_arrow_tables` gives the same tables as
Arrow tables, without pandas, for a run that only writes them (pandas takes longer to import
than a small run takes to extract). Both give what ``pa.Table.from_pandas`` of the DataFrames
gives, so the files written are the same bytes either way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from unionnews.dataset.arrow import column_array
from unionnews.dataset.conform import conform
from unionnews.dataset.schema import TABLES, arrow_schema, check_columns, empty_frame
from unionnews.dataset.typed import document_attrs, published_values, split_list, typed_period
from unionnews.lexicon import successor_2025
from unionnews.model import Article, ArticleResult, DocumentError, Entity, Figure

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

#: Hex digits kept from the SHA-1 of an identifier's parts (64 bits).
ID_LENGTH = 16


def stable_id(*parts: object) -> str:
    """A short hex digest of ``parts``; the same parts always give the same id.

    >>> stable_id("a1", 10, 14, "money") == stable_id("a1", 10, 14, "money")
    True
    """
    raw = "\x1f".join(["" if p is None else str(p) for p in parts])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:ID_LENGTH]


class _IdMinter:
    """Stable ids that stay unique when two records share the hashed parts."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def __call__(self, *parts: object) -> str:
        ident = stable_id(*parts)
        n = 1
        while ident in self._seen:
            ident = stable_id(*parts, n)
            n += 1
        self._seen.add(ident)
        return ident


def _in_field(name: str) -> tuple[str, ...]:
    """The field as an id part: none for "text", so ids of body spans stay as they were."""
    return () if name == "text" else (name,)


def _or_none(text: str | None) -> str | None:
    """Empty strings (the dataclasses' "unknown") become nulls in the tables."""
    return text or None


def article_row(article: Article) -> dict[str, Any]:
    """The ``articles`` row of one article; the publication time also typed (see
    :func:`~unionnews.dataset.typed.published_values`)."""
    published_at, published_date = published_values(article.published)
    return {
        "article_id": article.article_id,
        "url": article.url,
        "site": article.site,
        "title": article.title,
        "published": article.published,
        "published_at": published_at,
        "published_date": published_date,
        "author": article.author,
        "province": article.province,
        "province_2025": article.province_2025,
        "text": article.text,
        "content_hash": _or_none(article.content_hash),
        "fetched_at": article.fetched_at,
        "extractor_version": _or_none(article.extractor_version),
        "source_path": article.source_path,
        "notes": list(article.notes),
        "n_chars": len(article.text),
        "duplicate_of": article.duplicate_of,
        "copy_kind": article.copy_kind,
        "aliases": list(article.aliases),
        "province_source": article.province_source,
        "title_source": article.title_source,
        "n_dropped_lines": len(article.dropped),
        "n_dropped_chars": sum(len(d.text) for d in article.dropped),
        "n_dropped_prose": sum(d.prose for d in article.dropped),
    }


def figure_row(
    figure: Figure, article: Article, figure_id: str, part_of: str | None = None
) -> dict[str, Any]:
    """The ``figures`` row of one figure; province defaults to the article's, the period is
    dated (see :func:`~unionnews.dataset.typed.typed_period`); ``part_of`` is the
    ``figure_id`` of the whole the figure is a part of."""
    province: str | None
    province_2025: str | None
    if figure.province and figure.province != article.province:
        province, province_2025 = figure.province, successor_2025(figure.province)
    else:
        province, province_2025 = article.province, article.province_2025
    period_start, period_end, granularity = typed_period(figure.period_start, figure.period_end)
    return {
        "figure_id": figure_id,
        "article_id": article.article_id,
        "metric": figure.metric,
        "value": figure.value,
        "total": figure.total,
        "value_high": figure.value_high,
        "unit": figure.unit,
        "measure": figure.measure,
        "qualifier": figure.qualifier,
        "status": figure.status,
        "period_start": period_start,
        "period_end": period_end,
        "period_granularity": granularity,
        "subject": figure.subject,
        "province": province,
        "province_2025": province_2025,
        "sentence": _or_none(figure.sentence),
        "field": figure.field_name,
        "start": figure.start,
        "end": figure.end,
        "text": figure.text,
        "rule": _or_none(figure.rule),
        "fact_id": figure.fact_id,
        "part_of": part_of,
        "flag": figure.flag,
        "confidence": figure.confidence,
        "cues": split_list(figure.cues),
    }


def entity_row(entity: Entity, article: Article, entity_id: str) -> dict[str, Any]:
    """The ``entities`` row of one entity: its roles a list, ``attrs`` a record (or null)."""
    return {
        "entity_id": entity_id,
        "article_id": article.article_id,
        "type": entity.type,
        "text": entity.text,
        "canonical": entity.canonical,
        "role": split_list(entity.role),
        "field": entity.field_name,
        "start": entity.start,
        "end": entity.end,
        "rule": _or_none(entity.rule),
        "attrs": document_attrs(entity.attrs),
    }


def dropped_rows(article: Article) -> list[dict[str, Any]]:
    """The ``dropped`` rows of one article: the input lines in neither its text nor its title."""
    return [
        {
            "article_id": article.article_id,
            "line": d.line,
            "reason": d.reason,
            "prose": d.prose,
            "text": d.text,
        }
        for d in article.dropped
    ]


def error_row(error: DocumentError, run_at: str) -> dict[str, Any]:
    """The ``errors`` row of one failed input."""
    return {
        "source": error.source,
        "stage": error.stage,
        "error": error.error,
        "message": error.message,
        "run_at": run_at,
    }


#: Rows a table holds as tuples before they are moved into its columns.
_PENDING = 1024


class _Columns:
    """Rows gathered column by column: a long article's hundred thousand figures cost one
    list slot per value, not one dict per row.

    The rows of a table come from one of the ``*_row`` functions above, so they all have
    the same keys in the same order: the first row names the columns. Rows wait as tuples
    until :data:`_PENDING` of them are moved into the columns at once.
    """

    def __init__(self) -> None:
        self._columns: dict[str, list[Any]] = {}
        self._pending: list[tuple[Any, ...]] = []
        self.n = 0

    def append(self, row: dict[str, Any]) -> None:
        if not self._columns:
            self._columns = {name: [] for name in row}
        self._pending.append(tuple(row.values()))
        self.n += 1
        if len(self._pending) >= _PENDING:
            self._move()

    def extend(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.append(row)

    def _move(self) -> None:
        for values, column in zip(zip(*self._pending, strict=True), self._columns.values(), strict=True):
            column.extend(values)
        self._pending.clear()

    @property
    def columns(self) -> dict[str, list[Any]]:
        """Column name -> its values, one per row."""
        if self._pending:
            self._move()
        return self._columns

    def take(self) -> dict[str, list[Any]]:
        """The columns, handed over: the lists are the caller's now."""
        columns = self.columns
        self._columns = {}
        return columns


def _frame(table: str, rows: _Columns) -> pd.DataFrame:
    if not rows.n:
        return empty_frame(table)
    import pandas as pd

    return conform(table, pd.DataFrame(rows.take()))


#: The largest integer a float64 holds exactly: pandas passes an integer column with nulls
#: through float64, so only integers up to this size are certain to convert alike.
_EXACT_INT = 2**53
#: The Python types each dtype's values may have for :func:`_arrow_column` to convert them
#: itself; any other value leaves the table to pandas (:func:`_arrow`).
_PLAIN_TYPES: dict[str, frozenset[type]] = {
    "string": frozenset({str, type(None)}),
    "Int64": frozenset({int, type(None)}),
    "Float64": frozenset({float, int, type(None)}),
    "boolean": frozenset({bool, type(None)}),
    "date": frozenset({date, type(None)}),
    "timestamp": frozenset({datetime, type(None)}),
    "list": frozenset({list, type(None)}),
    "attrs": frozenset({dict, type(None)}),
}


def _arrow_column(values: list[Any], dtype: str) -> pa.Array | None:
    """``values`` as an Arrow array of the schema ``dtype``, converted as pandas would convert
    them (``pd.DataFrame``, then ``astype(dtype)``, then ``pa.Table.from_pandas``); ``None``
    when a value is of a type or size for which that is not certain."""
    types = set(map(type, values))
    if not types <= _PLAIN_TYPES[dtype]:
        return None
    if int in types:
        ints = [v for v in values if type(v) is int] if len(types) > 1 else values
        if min(ints) < -_EXACT_INT or max(ints) > _EXACT_INT:
            return None
        if dtype == "Float64":  # pandas reads a mix of ints and floats as float64
            values = [float(v) if type(v) is int else v for v in values]
    return column_array(values, dtype)


def _arrow(table: str, rows: _Columns) -> pa.Table:
    """The rows as an Arrow table with the schema of ``table`` (see :func:`_arrow_column`)."""
    import pyarrow as pa

    schema = arrow_schema(table)
    columns = rows.columns
    check_columns(table, columns)
    arrays = []
    for spec in TABLES[table]:
        values = columns.get(spec.name)
        array = [None] * rows.n if values is None else values
        converted = _arrow_column(array, spec.dtype)
        if converted is None:  # an unusual value: let pandas convert the table, as it always did
            return pa.Table.from_pandas(_frame(table, rows), schema=schema, preserve_index=False)
        arrays.append(converted)
    rows.take()
    return pa.Table.from_arrays(arrays, schema=schema)


def _columns(
    results: Iterable[ArticleResult], errors: Iterable[DocumentError], run_at: str | None
) -> dict[str, _Columns]:
    """The rows of every table, gathered column by column (see :func:`build_tables`)."""
    stamp = run_at or datetime.now(UTC).isoformat(timespec="seconds")
    articles, figures, entities, dropped, error_rows = (
        _Columns(),
        _Columns(),
        _Columns(),
        _Columns(),
        _Columns(),
    )
    figure_ids, entity_ids = _IdMinter(), _IdMinter()
    for result in results:
        art = result.article
        articles.append(article_row(art))
        dropped.extend(dropped_rows(art))
        # (field, start, end, metric) -> figure_id: a whole comes before its parts
        minted: dict[tuple[str, int, int, str], str] = {}
        for fig in result.figures:
            fid = figure_ids(art.article_id, *_in_field(fig.field_name), fig.start, fig.end, fig.metric)
            minted[fig.field_name, fig.start, fig.end, fig.metric] = fid
            whole = None if fig.part_of is None else minted.get((fig.field_name, *fig.part_of, fig.metric))
            figures.append(figure_row(fig, art, fid, whole))
        for ent in result.entities:
            eid = entity_ids(art.article_id, *_in_field(ent.field_name), ent.start, ent.end, ent.type)
            entities.append(entity_row(ent, art, eid))
    error_rows.extend(error_row(e, stamp) for e in errors)
    return {
        "articles": articles,
        "figures": figures,
        "entities": entities,
        "errors": error_rows,
        "dropped": dropped,
        "inputs": _Columns(),  # written by the run (unionnews.extraction.ledger), not from the records
    }


def build_tables(
    results: Iterable[ArticleResult],
    errors: Iterable[DocumentError] = (),
    *,
    run_at: str | None = None,
) -> dict[str, pd.DataFrame]:
    """The dataset tables (articles, figures, entities, errors, dropped) as typed DataFrames.

    ``figure_id``/``entity_id`` are short hashes of (article_id, start, end,
    metric/type), so re-running on the same input gives the same ids; in the
    rare case of two records with identical parts a counter is hashed in too.
    ``run_at`` (ISO 8601) stamps the error rows; it defaults to now (UTC).
    Columns use pandas nullable dtypes (see :mod:`unionnews.dataset.schema`),
    also when a table is empty.
    """
    by_name = _columns(results, errors, run_at)
    return {name: _frame(name, by_name[name]) for name in TABLES}


def build_arrow_tables(
    results: Iterable[ArticleResult],
    errors: Iterable[DocumentError] = (),
    *,
    run_at: str | None = None,
) -> dict[str, pa.Table]:
    """The tables of :func:`build_tables` as Arrow tables with the schema's Arrow types
    (:func:`~unionnews.dataset.schema.arrow_schema`), for :meth:`DatasetWriter.add
    <unionnews.dataset.writers.DatasetWriter.add>`; pandas is imported only for a value
    of an unusual type."""
    by_name = _columns(results, errors, run_at)
    return {name: _arrow(name, by_name[name]) for name in TABLES}
