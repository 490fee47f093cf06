"""Turn extraction results (dataclasses) into the dataset's pandas tables.

Compute, then write: the matchers return :class:`~unionnews.model.Figure` and
:class:`~unionnews.model.Entity` records; this module only lays them out as
rows, adds identifiers and provenance, and fixes dtypes via
:mod:`unionnews.dataset.schema`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from unionnews.dataset.schema import TABLES, conform, empty_frame
from unionnews.lexicon import successor_2025
from unionnews.model import Article, ArticleResult, DocumentError, Entity, Figure

#: Hex digits kept from the SHA-1 of an identifier's parts (64 bits).
ID_LENGTH = 16


def stable_id(*parts: object) -> str:
    """A short hex digest of ``parts``; the same parts always give the same id.

    >>> stable_id("a1", 10, 14, "money") == stable_id("a1", 10, 14, "money")
    True
    """
    raw = "\x1f".join("" if p is None else str(p) for p in parts)
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


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def article_row(article: Article) -> dict[str, Any]:
    """The ``articles`` row of one article."""
    return {
        "article_id": article.article_id,
        "url": article.url,
        "site": article.site,
        "title": article.title,
        "published": article.published,
        "author": article.author,
        "province": article.province,
        "province_2025": article.province_2025,
        "text": article.text,
        "content_hash": _or_none(article.content_hash),
        "fetched_at": article.fetched_at,
        "extractor_version": _or_none(article.extractor_version),
        "source_path": article.source_path,
        "notes": _json(list(article.notes)),
        "n_chars": len(article.text),
        "duplicate_of": article.duplicate_of,
        "copy_kind": article.copy_kind,
        "aliases": _json(list(article.aliases)),
        "province_source": article.province_source,
        "title_source": article.title_source,
        "n_dropped_lines": len(article.dropped),
        "n_dropped_chars": sum(len(d.text) for d in article.dropped),
        "n_dropped_prose": sum(d.prose for d in article.dropped),
    }


def figure_row(figure: Figure, article: Article, figure_id: str) -> dict[str, Any]:
    """The ``figures`` row of one figure; province defaults to the article's."""
    province: str | None
    province_2025: str | None
    if figure.province and figure.province != article.province:
        province, province_2025 = figure.province, successor_2025(figure.province)
    else:
        province, province_2025 = article.province, article.province_2025
    return {
        "figure_id": figure_id,
        "article_id": article.article_id,
        "metric": figure.metric,
        "value": figure.value,
        "total": figure.total,
        "value_high": figure.value_high,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "status": figure.status,
        "period_start": figure.period_start,
        "period_end": figure.period_end,
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
        "flag": figure.flag,
        "confidence": figure.confidence,
        "cues": figure.cues,
    }


def entity_row(entity: Entity, article: Article, entity_id: str) -> dict[str, Any]:
    """The ``entities`` row of one entity; ``attrs`` becomes a JSON object string."""
    return {
        "entity_id": entity_id,
        "article_id": article.article_id,
        "type": entity.type,
        "text": entity.text,
        "canonical": entity.canonical,
        "role": entity.role,
        "field": entity.field_name,
        "start": entity.start,
        "end": entity.end,
        "rule": _or_none(entity.rule),
        "attrs": _json(dict(entity.attrs)),
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


class _Columns:
    """Rows gathered column by column: a long article's hundred thousand figures cost one
    list slot per value, not one dict per row."""

    def __init__(self) -> None:
        self.columns: dict[str, list[Any]] = {}
        self.n = 0

    def append(self, row: dict[str, Any]) -> None:
        if not self.columns:
            self.columns = {name: [] for name in row}
        for name, values in self.columns.items():
            values.append(row[name])
        self.n += 1

    def extend(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.append(row)


def _frame(table: str, rows: _Columns) -> pd.DataFrame:
    if not rows.n:
        return empty_frame(table)
    frame = pd.DataFrame(rows.columns)
    rows.columns = {}  # the lists are in the frame now
    return conform(table, frame)


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
        for fig in result.figures:
            fid = figure_ids(art.article_id, *_in_field(fig.field_name), fig.start, fig.end, fig.metric)
            figures.append(figure_row(fig, art, fid))
        for ent in result.entities:
            eid = entity_ids(art.article_id, *_in_field(ent.field_name), ent.start, ent.end, ent.type)
            entities.append(entity_row(ent, art, eid))
    error_rows.extend(error_row(e, stamp) for e in errors)
    by_name = {
        "articles": articles,
        "figures": figures,
        "entities": entities,
        "errors": error_rows,
        "dropped": dropped,
    }
    return {name: _frame(name, by_name[name]) for name in TABLES}
