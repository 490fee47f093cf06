"""Run one partition: read its units, extract every document, give its rows as Arrow tables.

What a partition gives (:class:`PartResult`) is plain data that pickles well: the dataset's
tables for its articles and errors, each row carrying the number of the document it came from
(``_doc``), and the partition's ledger (one row per document). Nothing in it depends on other
partitions: duplicates are decided when the dataset is assembled.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from unionnews.extraction.documents import Columns, SkippedPage, extract_document, read_unit
from unionnews.extraction.ledger import Ledger, arrow_array, digest_of, doc_number
from unionnews.extraction.partitions import Partition, Unit
from unionnews.inputs.discover import MAX_BYTES, InputDocument, display_path, read_bytes
from unionnews.inputs.tables import is_table
from unionnews.inputs.warc import is_warc
from unionnews.model import ArticleResult, DocumentError
from unionnews.options import DEFAULT_TIME_BUDGET
from unionnews.pipeline import pipeline_for

if TYPE_CHECKING:
    import pyarrow as pa

logger = logging.getLogger(__name__)

#: The dataset tables a partition gives (the ``inputs`` table is built from its ledger).
CONTENT_TABLES = ("articles", "figures", "entities", "errors", "dropped")


@dataclass(frozen=True, slots=True)
class PartSettings:
    """What every partition of a run is extracted with (picklable; sent to every worker)."""

    run_at: str
    max_bytes: int = MAX_BYTES
    metrics: str | None = None
    columns: Columns = ()
    budget: float | None = DEFAULT_TIME_BUDGET
    #: A folder the worker writes the partition's rows to (:func:`write_fragments`) when it
    #: shares the run's disk (this machine's processes, a local Dask cluster); None: the rows
    #: travel back with the result (a remote cluster)
    staging: str | None = None


@dataclass(slots=True)
class PartResult:
    """The rows of one partition and what the run reports about it."""

    index: int
    tables: dict[str, pa.Table]  # CONTENT_TABLES with a "_doc" column, and "ledger"
    failures: list[DocumentError] = field(default_factory=list)
    n_articles: int = 0
    n_figures: int = 0
    n_entities: int = 0
    n_skipped: int = 0
    n_known: int = 0  # documents already in the dataset (--update): not extracted again
    n_inputs: int = 0
    seconds: float = 0.0
    written: bool = False  # the tables are in the staging folder already (PartSettings.staging)
    #: (input, articles, figures, failed, skipped) per unit, for the run's log (worker
    #: processes do not log to the user's terminal; the run does, from these)
    read: list[tuple[str, int, int, int, int]] = field(default_factory=list)
    #: (input's place in the listing, start of its record range, documents read in it, those
    #: already in the dataset included): numbers a document within its whole input
    documents: list[tuple[int, int, int]] = field(default_factory=list)


def run_partition(partition: Partition, settings: PartSettings) -> PartResult:
    """Extract every document of ``partition``. Never raises for bad input (errors are rows).

    A document whose (source, digest) is in ``partition.known`` is in the dataset already
    (``--update``): it is counted, not extracted.
    """
    started = time.perf_counter()
    pipeline = pipeline_for(settings.metrics)
    results: list[ArticleResult] = []
    errors: list[DocumentError] = []
    ledger = Ledger()
    out = PartResult(partition.index, {}, n_inputs=partition.n_inputs)
    article_docs: list[int] = []
    error_docs: list[int] = []
    ordinal_in_partition = 0
    for unit in partition.units:
        if partition.known and _known_file(unit, partition.known, settings.max_bytes):
            out.n_known += 1  # an update: this file is in the dataset as it is
            out.documents.append((unit.position, unit.offset, 1))
            continue
        before = (out.n_articles, out.n_figures, len(errors), out.n_skipped)
        read = 0
        for ordinal, doc in enumerate(read_unit(unit, settings.max_bytes, settings.columns)):
            read = ordinal + 1
            digest = digest_of(doc.data) if isinstance(doc, InputDocument) else None
            source = doc.path if isinstance(doc, InputDocument) else doc.source
            if digest is not None and (source, digest) in partition.known:
                out.n_known += 1
                continue
            number = doc_number(partition.index, ordinal_in_partition)
            ordinal_in_partition += 1
            row = dict(
                input=unit.name,
                source=source,
                digest=digest,
                ordinal=ordinal,
                _range=unit.offset,
                _doc=number,
                _position=unit.position,
            )
            produced = extract_document(doc, unit, pipeline, settings.budget)
            if isinstance(produced, ArticleResult):
                art = produced.article
                art.fetched_at = art.fetched_at or settings.run_at
                results.append(produced)
                article_docs.append(number)
                ledger.add_article(produced, **row)
                out.n_articles += 1
                out.n_figures += len(produced.figures)
                out.n_entities += len(produced.entities)
            elif isinstance(produced, SkippedPage):
                ledger.add(**row, outcome="skipped")
                out.n_skipped += 1
                logger.debug("%s: skipped: %s", produced.source, produced.reason)
            else:
                errors.append(produced)
                error_docs.append(number)
                ledger.add(**row, outcome="error")
                logger.debug("%s: %s: %s", produced.source, produced.error, produced.message)
        out.documents.append((unit.position, unit.offset, read))
        now = (out.n_articles, out.n_figures, len(errors), out.n_skipped)
        out.read.append((unit.name, *(b - a for a, b in zip(before, now, strict=True))))  # type: ignore[arg-type]
    out.failures = errors
    out.tables = _tables(results, errors, article_docs, error_docs, settings.run_at)
    out.tables["ledger"] = ledger.table()
    if settings.staging is not None:
        write_fragments(Path(settings.staging), partition.index, out.tables)
        out.tables, out.written = {}, True
    out.seconds = time.perf_counter() - started
    return out


@cache
def _empty_tables() -> dict[str, pa.Table]:
    """The dataset tables with no row, each with its ``_doc`` column."""
    import pyarrow as pa

    from unionnews.dataset.schema import arrow_schema

    return {
        name: arrow_schema(name).append(pa.field("_doc", pa.int64())).empty_table() for name in CONTENT_TABLES
    }


def _known_file(unit: Unit, known: frozenset[tuple[str, str]], max_bytes: int) -> bool:
    """Is ``unit`` a plain file whose bytes the dataset holds (same source, same digest)?
    Checked on the bytes alone, before the file is read as a document; anything unusual (a
    special file, one over the size limit, an error) is left to the reader."""
    item = unit.item
    if not isinstance(item, Path) or is_table(item) or is_warc(item):
        return False
    data = read_bytes(item, max_bytes=max_bytes)  # the reader's checks; its error is left to the reader
    return isinstance(data, bytes) and (display_path(item), digest_of(data)) in known


def write_fragments(folder: Path, index: int, tables: dict[str, pa.Table]) -> None:
    """Write one partition's tables as ``<folder>/<table>/<index>.parquet`` (a file appears
    whole or not at all: written aside, then renamed)."""
    import pyarrow.parquet as pq

    for name, table in tables.items():
        if not table.num_rows:  # nothing to keep (an update's partition with nothing new)
            continue
        target = folder / name / f"{index:09d}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        aside = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        pq.write_table(table, aside, compression="lz4")
        os.replace(aside, target)


def _tables(
    results: list[ArticleResult],
    errors: list[DocumentError],
    article_docs: list[int],
    error_docs: list[int],
    run_at: str,
) -> dict[str, pa.Table]:
    """The partition's dataset tables, each row with the ``_doc`` of the document it came from."""
    import pyarrow as pa

    from unionnews.dataset import build_arrow_tables

    if not results and not errors:  # an update's partition with nothing new
        return dict(_empty_tables())
    built = build_arrow_tables(results, errors, run_at=run_at)
    per_article = {
        "articles": [1] * len(results),
        "figures": [len(r.figures) for r in results],
        "entities": [len(r.entities) for r in results],
        "dropped": [len(r.article.dropped) for r in results],
    }
    tables: dict[str, pa.Table] = {}
    for name in CONTENT_TABLES:
        if name == "errors":
            docs = error_docs
        else:
            docs = [d for d, n in zip(article_docs, per_article[name], strict=True) for _ in range(n)]
        table = built[name]
        if len(docs) != table.num_rows:
            raise AssertionError(f"{name}: {table.num_rows} rows for {len(docs)} document numbers")
        # from_arrays, not append_column: that one loads pandas to check its argument
        tables[name] = pa.Table.from_arrays(
            [*table.columns, arrow_array(docs, pa.int64())], names=[*table.column_names, "_doc"]
        )
    return tables
