"""Rows of earlier datasets and a run's new rows, written together in document order.

``--update`` and ``merge`` put rows already written (an earlier dataset's tables, read where
they lie in batches) together with the staged rows of a run. Each source is in document
order already, so the sources are merged as streams: every row gets the ``seq`` of the
document it belongs to (through its ``article_id``, or its place among the errors), rows of
documents no longer kept are left out, and the few new rows are slipped in between the old
ones where their ``seq`` falls. Memory holds one batch of old rows and the new rows of one
table. Should an earlier dataset's rows not be in the new order (inputs listed in another
order than before), its table is sorted in memory instead (a stable sort, so the rows of
one document keep their order).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from unionnews.extraction.ledger import arrow_array

if TYPE_CHECKING:
    import pyarrow as pa

logger = logging.getLogger(__name__)

#: Rows of an earlier table read at a time.
BATCH_ROWS = 20_000
#: Articles columns the duplicate decisions set.
DECIDED = ("duplicate_of", "copy_kind", "aliases")


class Sink(Protocol):
    """Where assembled tables go: a :class:`~unionnews.dataset.DatasetWriter` or a collector."""

    def add(self, tables: Mapping[str, Any]) -> None: ...


@dataclass(slots=True)
class EarlierRows:
    """The rows of a dataset written before, and which ledger row (``_doc``) each belongs to.

    ``holders`` maps the ``article_id`` of each article that stays to its ledger row;
    ``error_docs[k]`` is the ledger row of the k-th row of its ``errors`` table.
    """

    directory: Path
    holders: dict[str, int]
    error_docs: list[int]
    _converted: dict[str, Any] | None = None
    _holder_arrays: tuple[pa.Array, pa.Array] | None = None

    def batches(self, table: str) -> Iterator[pa.Table]:
        """``table``'s rows in batches, with this version's Arrow types."""
        import pyarrow.parquet as pq

        from unionnews.dataset.schema import arrow_schema

        path = self.directory / f"{table}.parquet"
        if not path.is_file():
            return
        schema = arrow_schema(table)
        stored = pq.ParquetFile(path)
        if stored.schema_arrow.remove_metadata().equals(schema):
            for batch in stored.iter_batches(batch_size=BATCH_ROWS):
                yield _table_of(batch)
            return
        yield self._converted_table(table)  # written by an earlier version: converted as load() does

    def _converted_table(self, table: str) -> pa.Table:
        import pyarrow as pa

        from unionnews.dataset.load import load
        from unionnews.dataset.schema import arrow_schema

        if self._converted is None:
            self._converted = load(self.directory).tables()
        frame = self._converted[table]
        return pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False)

    def docs(self, table: str, rows: pa.Table, first_row: int) -> pa.Array:
        """The ledger row of each of ``rows`` (null: its article is not kept)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if table == "errors":
            return arrow_array(self.error_docs[first_row : first_row + rows.num_rows], pa.int64())
        if self._holder_arrays is None:
            self._holder_arrays = (
                arrow_array(list(self.holders), pa.string()),
                arrow_array(list(self.holders.values()), pa.int64()),
            )
        ids, docs = self._holder_arrays
        return docs.take(pc.index_in(rows.column("article_id"), value_set=ids))


def _table_of(batch: pa.RecordBatch) -> pa.Table:
    import pyarrow as pa

    return pa.Table.from_batches([batch])


@dataclass(slots=True)
class Kept:
    """The documents whose rows are written, as arrays: their ``_doc`` (sorted), ``seq`` and,
    for articles, the decided columns."""

    docs: pa.Array
    seqs: pa.Array
    decided: dict[str, pa.Array]
    error_docs: pa.Array
    error_seqs: pa.Array

    def seq_of(self, table: str, docs: pa.Array) -> pa.Array:
        """The ``seq`` of each of ``docs`` (null: not written)."""
        import pyarrow.compute as pc

        if table == "errors":
            return self.error_seqs.take(pc.index_in(docs, value_set=self.error_docs))
        return self.seqs.take(pc.index_in(docs, value_set=self.docs))

    def decide(self, rows: pa.Table, docs: pa.Array) -> pa.Table:
        """Articles ``rows`` with the decided columns of their documents."""
        import pyarrow.compute as pc

        where = pc.index_in(docs, value_set=self.docs)
        for name, values in self.decided.items():
            rows = rows.set_column(rows.schema.get_field_index(name), name, values.take(where))
        return rows


def placed_rows(table: str, rows: pa.Table, docs: pa.Array, kept: Kept) -> tuple[pa.Table, pa.Array]:
    """``rows`` of documents that are written, articles with their decided columns, and their ``seq``."""
    import pyarrow.compute as pc

    seqs = kept.seq_of(table, docs)
    mask = pc.is_valid(seqs)
    rows, docs, seqs = rows.filter(mask), docs.filter(mask), seqs.filter(mask)
    if table == "articles":
        rows = kept.decide(rows, docs)
    return rows, seqs


def _new_rows(table: str, fragments: Sequence[Path], kept: Kept) -> tuple[pa.Table | None, list[int]]:
    """The staged rows of ``table`` that are written, in document order, and their ``seq``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    parts, seqs = [], []
    for fragment in fragments:
        rows = pq.ParquetFile(fragment).read()
        placed, order = placed_rows(table, rows.drop_columns(["_doc"]), rows.column("_doc"), kept)
        if placed.num_rows:
            parts.append(placed)
            seqs.extend(order.to_pylist())
    return (pa.concat_tables(parts) if parts else None), seqs


def _old_rows(table: str, earlier: Sequence[EarlierRows], kept: Kept) -> Iterator[tuple[pa.Table, list[int]]]:
    """The rows of the earlier datasets that are written, batch by batch, with their ``seq``."""
    for source in earlier:
        first = 0
        for batch in source.batches(table):
            docs = source.docs(table, batch, first)
            first += batch.num_rows
            placed, seqs = placed_rows(table, batch, docs, kept)
            if placed.num_rows:
                yield placed, seqs.to_pylist()


def in_order(earlier: Sequence[EarlierRows], kept: Kept) -> bool:
    """Are the earlier datasets' rows, read in turn, in the new ``seq`` order? (Not when an
    update lists the inputs in another order than the run that wrote the dataset.)"""
    import pyarrow as pa
    import pyarrow.compute as pc

    for table, docs in (
        ("articles", [d for source in earlier for d in source.holders.values()]),
        ("errors", [d for source in earlier for d in source.error_docs]),
    ):
        seqs = kept.seq_of(table, arrow_array(docs, pa.int64())).drop_null()
        if len(seqs) > 1 and not pc.all(pc.greater(seqs.slice(1), seqs.slice(0, len(seqs) - 1))).as_py():
            return False
    return True


def write_interleaved(
    table: str,
    fragments: Sequence[Path],
    earlier: Sequence[EarlierRows],
    kept: Kept,
    sink: Sink,
    ordered: bool,
) -> None:
    """Write ``table``'s rows of the earlier datasets and of the staged fragments to ``sink``,
    in ``seq`` order; ``ordered`` is :func:`in_order` (else the rows are sorted in memory)."""
    import bisect

    from unionnews.dataset.schema import arrow_schema

    schema = arrow_schema(table)
    new, new_seqs = _new_rows(table, fragments, kept)
    if not ordered:
        logger.info("%s: the earlier rows are not in the new order; sorting them in memory", table)
        _write_sorted(table, list(_old_rows(table, earlier, kept)), new, new_seqs, sink)
        return
    taken = 0  # new rows written so far
    for rows, seqs in _old_rows(table, earlier, kept):
        for piece_start, piece_end, new_end in _cuts(seqs, new_seqs, taken, bisect):
            if new is not None and new_end > taken:
                sink.add({table: new.slice(taken, new_end - taken).cast(schema)})
                taken = new_end
            if piece_end > piece_start:
                sink.add({table: rows.slice(piece_start, piece_end - piece_start).cast(schema)})
    if new is not None and taken < new.num_rows:
        sink.add({table: new.slice(taken).cast(schema)})


def _cuts(seqs: list[int], new_seqs: list[int], taken: int, bisect: Any) -> Iterator[tuple[int, int, int]]:
    """Where new rows go among a batch of old rows (both in ``seq`` order): (start, end) of
    each piece of the batch, and how many new rows are written before it (in all)."""
    start = 0
    while start < len(seqs):
        # new rows whose document comes before the old row at ``start``
        upto = bisect.bisect_left(new_seqs, seqs[start], lo=taken)
        # the old rows before the next new row
        end = bisect.bisect_left(seqs, new_seqs[upto], lo=start) if upto < len(new_seqs) else len(seqs)
        yield start, end, upto
        taken, start = upto, end


def _write_sorted(
    table: str, held: list[tuple[pa.Table, list[int]]], new: pa.Table | None, new_seqs: list[int], sink: Sink
) -> None:
    """Every row, sorted by ``seq`` (stable) and written."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from unionnews.dataset.schema import arrow_schema

    parts = [rows for rows, _ in held]
    seqs = [s for _, batch in held for s in batch]
    if new is not None:
        parts.append(new)
        seqs.extend(new_seqs)
    if not parts:
        return
    rows = pa.concat_tables(parts)
    order = pc.sort_indices(arrow_array(seqs, pa.int64()))  # stable
    sorted_rows = rows.take(order).cast(arrow_schema(table))
    for start in range(0, sorted_rows.num_rows, BATCH_ROWS):
        sink.add({table: sorted_rows.slice(start, BATCH_ROWS)})
