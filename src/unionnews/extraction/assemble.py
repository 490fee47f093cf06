"""Put the partitions' rows together as one dataset, in input order, duplicates decided.

Partitions finish in any order (a pool, a cluster); each one's rows are kept on disk as
Parquet fragments (:class:`Staging`) until every partition is done. Then:

1. the ledgers (one row per document) are read and ordered: inputs in listing order, the
   documents of an input in reading order (``seq``);
2. duplicates are decided over all of them at once (:func:`~unionnews.extraction.duplicates.decide`);
3. every fragment is read in turn (the partitions were planned in input order, so their
   rows are in it), re-captures are left out, ``duplicate_of``, ``copy_kind`` and
   ``aliases`` set, and each table is streamed to the
   :class:`~unionnews.dataset.DatasetWriter`, which writes the dataset atomically. For
   ``--update`` and ``merge`` the rows of datasets written before are merged in as streams
   (:mod:`unionnews.extraction.interleave`).

Memory holds one fragment (or batch) at a time whatever the number of articles, and the
ledger (a few hundred bytes per document).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unionnews.extraction.duplicates import Decisions, DocKeys, decide
from unionnews.extraction.interleave import EarlierRows, Kept, Sink, in_order, placed_rows, write_interleaved
from unionnews.extraction.ledger import arrow_array
from unionnews.extraction.parts import CONTENT_TABLES, PartResult, write_fragments

if TYPE_CHECKING:
    import pyarrow as pa

logger = logging.getLogger(__name__)

#: Rows of the ``inputs`` table given to the writer at a time.
BATCH_ROWS = 20_000


class Staging:
    """The partitions' rows on disk until the dataset is assembled: ``<table>/<index>.parquet``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.indexes: set[int] = set()
        #: (input's place, record range start) -> documents read in that range
        self.documents: dict[tuple[int, int], int] = {}

    def add(self, result: PartResult) -> None:
        """Keep one partition's tables (any order; a partition given twice is an error); a
        worker that shares this disk wrote them itself (``result.written``)."""
        if result.index in self.indexes:
            raise ValueError(f"partition {result.index} was given twice")
        if not result.written:
            write_fragments(self.folder, result.index, result.tables)
        self.indexes.add(result.index)
        for position, start, read in result.documents:
            self.documents[position, start] = read

    def files(self, table: str) -> list[Path]:
        """The fragments of ``table``, in partition order."""
        folder = self.folder / table
        return sorted(folder.glob("*.parquet")) if folder.is_dir() else []

    def ledger(self) -> pa.Table:
        """Every partition's ledger, one table."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        from unionnews.extraction.ledger import ledger_schema

        files = self.files("ledger")
        if not files:
            return ledger_schema().empty_table()
        ledger = pa.concat_tables([pq.ParquetFile(f).read().cast(ledger_schema()) for f in files])
        return self._numbered(ledger)

    def _numbered(self, ledger: pa.Table) -> pa.Table:
        """``ledger`` with each ``ordinal`` counted from its input's start, not its range's:
        the same numbers however the input was cut."""
        import pyarrow as pa

        before: dict[tuple[int, int], int] = {}
        counted: dict[int, int] = {}
        for position, start in sorted(self.documents):
            before[position, start] = counted.get(position, 0)
            counted[position] = counted.get(position, 0) + self.documents[position, start]
        if all(n == 0 for n in before.values()):
            return ledger
        keys = zip(ledger.column("_position").to_pylist(), ledger.column("_range").to_pylist(), strict=True)
        ordinals = [
            ordinal + before.get(key, 0)
            for key, ordinal in zip(keys, ledger.column("ordinal").to_pylist(), strict=True)
        ]
        index = ledger.schema.get_field_index("ordinal")
        return ledger.set_column(index, "ordinal", arrow_array(ordinals, pa.int64()))

    def remove(self) -> None:
        """Delete the fragments."""
        shutil.rmtree(self.folder, ignore_errors=False)


@dataclass(slots=True)
class Assembled:
    """What assembling found: counts for the run's summary."""

    n_articles: int = 0
    n_copies: int = 0
    n_recaptures: int = 0
    n_documents: int = 0
    #: ``_doc`` -> ``article_id`` of every article written (negative ``_doc``: a row of an
    #: earlier dataset)
    articles: dict[int, str] = field(default_factory=dict)


def ordered(ledger: pa.Table) -> pa.Table:
    """``ledger`` sorted in document order, with ``seq`` numbering it."""
    import pyarrow as pa

    keys = ("_position", "_rank", "ordinal", "_range")
    order = ledger.sort_by([(key, "ascending") for key in keys])
    return order.set_column(
        order.schema.get_field_index("seq"), "seq", arrow_array(list(range(order.num_rows)), pa.int64())
    )


#: The ledger columns the duplicate decisions read, in :class:`DocKeys` order.
_KEY_COLUMNS = (
    "_doc",
    "article_id",
    "_url",
    "_aliases",
    "declared_url",
    "_site",
    "_title",
    "text_key",
    "_farm",
)


def _keys(led: pa.Table, outcomes: list[str]) -> Iterable[DocKeys]:
    """The keys of the ledger rows that hold an article, in ledger order."""
    columns = [led.column(name).to_pylist() for name in _KEY_COLUMNS]
    for outcome, (doc, article_id, url, aliases, declared, site, title, text, farm) in zip(
        outcomes, zip(*columns, strict=True), strict=True
    ):
        if outcome in ("article", "copy"):
            yield DocKeys(
                doc, article_id, url, tuple(aliases or ()), declared, site, title, text or "", bool(farm)
            )


def decided_ledger(ledger: pa.Table) -> tuple[pa.Table, Decisions]:
    """The ledger in document order with each row's final outcome and article, and the decisions."""
    import pyarrow as pa

    led = ordered(ledger)
    docs = led.column("_doc").to_pylist()
    given = led.column("outcome").to_pylist()
    ids = led.column("article_id").to_pylist()
    decisions = decide(_keys(led, given))
    id_of = dict(zip(docs, ids, strict=True))
    # the article_id of a page folded now -> the article that holds it (for re-captures folded
    # into it by an earlier run)
    moved = {id_of[doc]: target for doc, target in decisions.folded.items() if id_of[doc] != target}
    outcomes, articles = [], []
    for doc, outcome, article_id in zip(docs, given, ids, strict=True):
        if doc in decisions.kept:
            kept = decisions.kept[doc]
            outcome, article_id = ("copy" if kept.duplicate_of else "article"), kept.article_id
        elif doc in decisions.folded:
            outcome, article_id = "recapture", decisions.folded[doc]
        elif outcome == "recapture" and article_id in moved:
            article_id = moved[article_id]
        outcomes.append(outcome)
        articles.append(article_id)
    led = led.set_column(led.schema.get_field_index("outcome"), "outcome", arrow_array(outcomes, pa.string()))
    index = led.schema.get_field_index("article_id")
    return led.set_column(index, "article_id", arrow_array(articles, pa.string())), decisions


def assemble(
    staging: Staging,
    sink: Sink,
    *,
    ledger: pa.Table | None = None,
    earlier: Sequence[EarlierRows] = (),
) -> Assembled:
    """Write every table of the staged partitions (and the rows of ``earlier`` datasets) to
    ``sink``, in document order, duplicates decided; return the counts.

    ``ledger`` is the whole ledger when it is not only the staged one (``--update`` and
    ``merge`` add the ledger rows of earlier datasets).
    """
    from unionnews.dataset.schema import arrow_schema

    led, decisions = decided_ledger(staging.ledger() if ledger is None else ledger)
    kept = _kept(led, decisions)
    if not earlier:
        _stream_staged(staging, sink, kept)
    else:
        ordered_already = in_order(earlier, kept)
        for table in CONTENT_TABLES:
            write_interleaved(table, staging.files(table), earlier, kept, sink, ordered_already)
    inputs_schema = arrow_schema("inputs")
    inputs = led.select(inputs_schema.names).cast(inputs_schema)
    for start in range(0, inputs.num_rows, BATCH_ROWS):
        sink.add({"inputs": inputs.slice(start, BATCH_ROWS)})
    outcomes = led.column("outcome").to_pylist()
    return Assembled(
        n_articles=len(decisions.kept),
        n_copies=decisions.n_copies,
        n_recaptures=outcomes.count("recapture"),
        n_documents=led.num_rows,
        articles={doc: kept.article_id for doc, kept in decisions.kept.items()},
    )


def _kept(led: pa.Table, decisions: Decisions) -> Kept:
    """What is written, as arrays: the kept documents with their ``seq`` and decided article
    columns, and the error documents with theirs."""
    import pyarrow as pa

    all_docs, all_seqs = led.column("_doc").to_pylist(), led.column("seq").to_pylist()
    seq_of = dict(zip(all_docs, all_seqs, strict=True))
    docs = sorted(decisions.kept)
    chosen = [decisions.kept[d] for d in docs]
    outcomes = led.column("outcome").to_pylist()
    errors = [(doc, seq) for doc, seq, o in zip(all_docs, all_seqs, outcomes, strict=True) if o == "error"]
    return Kept(
        docs=arrow_array(docs, pa.int64()),
        seqs=arrow_array([seq_of[d] for d in docs], pa.int64()),
        decided={
            "duplicate_of": arrow_array([k.duplicate_of for k in chosen], pa.string()),
            "copy_kind": arrow_array([k.copy_kind for k in chosen], pa.string()),
            "aliases": arrow_array([list(k.aliases) for k in chosen], pa.list_(pa.string())),
        },
        error_docs=arrow_array([d for d, _ in errors], pa.int64()),
        error_seqs=arrow_array([q for _, q in errors], pa.int64()),
    )


def _stream_staged(staging: Staging, sink: Sink, kept: Kept) -> None:
    """The staged rows of a run with no earlier dataset: already in document order (partitions
    are planned in listing order and number their documents in reading order), so each
    fragment is filtered and written in turn, with no sort."""
    import pyarrow.parquet as pq

    from unionnews.dataset.schema import arrow_schema

    for table in CONTENT_TABLES:
        schema = arrow_schema(table)
        for fragment in staging.files(table):
            rows = pq.ParquetFile(fragment).read()  # not read_table: it loads pyarrow.dataset and pandas
            placed, _ = placed_rows(table, rows.drop_columns(["_doc"]), rows.column("_doc"), kept)
            if placed.num_rows:
                sink.add({table: placed.cast(schema)})


class Collector:
    """A sink that keeps the tables in memory (a run without ``--out``)."""

    def __init__(self) -> None:
        self.parts: dict[str, list[pa.Table]] = {}

    def add(self, tables: Mapping[str, Any]) -> None:
        for name, table in tables.items():
            self.parts.setdefault(name, []).append(table)

    def frames(self) -> dict[str, Any]:
        """The tables as pandas DataFrames with the schema's dtypes (empty ones too)."""
        import pyarrow as pa

        from unionnews.dataset.conform import conform
        from unionnews.dataset.schema import TABLES, arrow_schema, empty_frame, pandas_types

        frames = {}
        for name in TABLES:
            parts = self.parts.get(name)
            if not parts:
                frames[name] = empty_frame(name)
                continue
            table = pa.concat_tables(parts).cast(arrow_schema(name))
            frame = table.to_pandas(types_mapper=pandas_types().get, date_as_object=False)
            frames[name] = conform(name, frame)
        return frames
