"""Put the partitions' rows together as one dataset, in input order, duplicates decided.

Partitions finish in any order (a pool, a cluster); each one's rows are kept on disk as
Parquet fragments (:class:`Staging`) until every partition is done. Then:

1. the ledgers (one row per document) are read and ordered: inputs in listing order, the
   documents of an input in reading order (``seq``);
2. duplicates are decided over all of them at once (:func:`~unionnews.extraction.duplicates.decide`);
3. DuckDB reads every fragment (and, for ``--update`` and ``merge``, the rows of datasets
   written before: :class:`Previous`), leaves out re-captures, sets ``duplicate_of``,
   ``copy_kind`` and ``aliases``, and streams each table in ``seq`` order to the
   :class:`~unionnews.dataset.DatasetWriter`, which writes the dataset atomically.

Memory stays bounded by DuckDB's limit whatever the number of articles; only the ledger (a
few hundred bytes per document) is held in Python.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from unionnews.extraction.duplicates import Decisions, DocKeys, decide
from unionnews.extraction.ledger import arrow_array
from unionnews.extraction.parts import CONTENT_TABLES, PartResult, write_fragments

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

logger = logging.getLogger(__name__)

#: Rows per Arrow batch streamed from DuckDB to the writer.
BATCH_ROWS = 20_000
#: DuckDB's memory while assembling (it spills to disk past it).
MEMORY_LIMIT = "1GB"


class Sink(Protocol):
    """Where assembled tables go: a :class:`~unionnews.dataset.DatasetWriter` or a collector."""

    def add(self, tables: Mapping[str, Any]) -> None: ...


class Staging:
    """The partitions' rows on disk until the dataset is assembled: ``<table>/<index>.parquet``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.indexes: list[int] = []
        #: (input's place, record range start) -> documents read in that range
        self.documents: dict[tuple[int, int], int] = {}

    def add(self, result: PartResult) -> None:
        """Keep one partition's tables (any order; a partition given twice is an error); a
        worker that shares this disk wrote them itself (``result.written``)."""
        if result.index in self.indexes:
            raise ValueError(f"partition {result.index} was given twice")
        if not result.written:
            write_fragments(self.folder, result.index, result.tables)
        self.indexes.append(result.index)
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
class Previous:
    """Rows of a dataset written before that join this one (``--update``, ``merge``).

    ``relations`` maps a content table to a DuckDB relation name registered on the
    connection, whose rows have the table's columns plus ``__doc`` (the ledger row they
    belong to) and ``__row`` (their order within it); :mod:`unionnews.extraction.merge`
    makes them. Its ledger rows are in the ledger given to :func:`assemble`.
    """

    relations: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Assembled:
    """What assembling found: counts for the run's summary."""

    n_articles: int = 0
    n_copies: int = 0
    n_recaptures: int = 0
    n_documents: int = 0


def ordered(ledger: pa.Table) -> pa.Table:
    """``ledger`` sorted in document order, with ``seq`` numbering it."""
    import pyarrow as pa

    keys = ("_position", "_rank", "ordinal", "_range")
    order = ledger.sort_by([(key, "ascending") for key in keys])
    return order.set_column(
        order.schema.get_field_index("seq"), "seq", arrow_array(list(range(order.num_rows)), pa.int64())
    )


def _keys(rows: Iterable[dict[str, Any]]) -> Iterable[DocKeys]:
    for row in rows:
        if row["outcome"] in ("article", "copy"):
            yield DocKeys(
                row["_doc"],
                row["article_id"],
                row["_url"],
                tuple(row["_aliases"] or ()),
                row["declared_url"],
                row["_site"],
                row["_title"],
                row["text_key"] or "",
                bool(row["_farm"]),
            )


def decided_ledger(ledger: pa.Table) -> tuple[pa.Table, Decisions]:
    """The ledger in document order with each row's final outcome and article, and the decisions."""
    import pyarrow as pa

    led = ordered(ledger)
    rows = led.select(
        [
            "_doc",
            "outcome",
            "article_id",
            "_url",
            "_aliases",
            "declared_url",
            "_site",
            "_title",
            "text_key",
            "_farm",
        ]
    ).to_pylist()
    decisions = decide(_keys(rows))
    id_of = {row["_doc"]: row["article_id"] for row in rows}
    # the article_id of a page folded now -> the article that holds it (for re-captures folded
    # into it by an earlier run)
    moved = {id_of[doc]: target for doc, target in decisions.folded.items() if id_of[doc] != target}
    outcomes, articles = [], []
    for row in rows:
        doc, outcome, article_id = row["_doc"], row["outcome"], row["article_id"]
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
    led = led.set_column(
        led.schema.get_field_index("article_id"), "article_id", arrow_array(articles, pa.string())
    )
    return led, decisions


def _decisions_table(led: pa.Table, decisions: Decisions) -> pa.Table:
    """One row per kept document: its ``seq`` and the article columns the decisions set."""
    import pyarrow as pa

    docs = led.column("_doc").to_pylist()
    seqs = led.column("seq").to_pylist()
    kept_docs, kept_seqs, dup, kind, aliases = [], [], [], [], []
    for doc, seq in zip(docs, seqs, strict=True):
        kept = decisions.kept.get(doc)
        if kept is None:
            continue
        kept_docs.append(doc)
        kept_seqs.append(seq)
        dup.append(kept.duplicate_of)
        kind.append(kept.copy_kind)
        aliases.append(list(kept.aliases))
    return pa.table(
        {
            "_doc": pa.array(kept_docs, pa.int64()),
            "seq": pa.array(kept_seqs, pa.int64()),
            "duplicate_of": pa.array(dup, pa.string()),
            "copy_kind": pa.array(kind, pa.string()),
            "aliases": pa.array(aliases, pa.list_(pa.string())),
        }
    )


def _errors_table(led: pa.Table) -> pa.Table:
    """One row per error document: its ``seq``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    errors = led.filter(pc.equal(led.column("outcome"), "error"))
    return pa.table({"_doc": errors.column("_doc"), "seq": errors.column("seq")})


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _fragment_relation(con: duckdb.DuckDBPyConnection, staging: Staging, table: str) -> str | None:
    """A view over the table's fragments with ``__doc`` and ``__row``; None when there are none."""
    files = staging.files(table)
    if not files:
        return None
    name = f"__new_{table}"
    listing = "[" + ", ".join(_literal(f) for f in files) + "]"
    con.execute(
        f'CREATE TEMP VIEW "{name}" AS SELECT * EXCLUDE (_doc, file_row_number), _doc AS __doc, '
        f"file_row_number AS __row FROM read_parquet({listing}, file_row_number = true)"
    )
    return name


def _select(table: str, relations: Sequence[str]) -> str:
    """The query giving ``table``'s rows in document order, re-captures left out."""
    from unionnews.dataset.schema import columns

    names = [c.name for c in columns(table)]
    union = " UNION ALL ".join(
        f'SELECT {", ".join(_q(n) for n in names)}, __doc, __row FROM "{r}"' for r in relations
    )
    if table == "errors":
        keep = "__errors"
        picked = ", ".join(f"s.{_q(n)}" for n in names)
    else:
        keep = "__kept"
        replaced = {"duplicate_of", "copy_kind", "aliases"} if table == "articles" else set()
        picked = ", ".join(f"d.{_q(n)} AS {_q(n)}" if n in replaced else f"s.{_q(n)}" for n in names)
    return f"SELECT {picked} FROM ({union}) s JOIN {keep} d ON s.__doc = d._doc ORDER BY d.seq, s.__row"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def assemble(
    staging: Staging,
    sink: Sink,
    *,
    ledger: pa.Table | None = None,
    previous: Previous | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> Assembled:
    """Write every table of the staged partitions (and ``previous`` rows) to ``sink``, in
    document order, duplicates decided; return the counts.

    ``ledger`` is the whole ledger when it is not only the staged one (``--update``,
    ``merge`` add the rows of earlier datasets); ``con`` the DuckDB connection their
    relations are registered on.
    """
    from unionnews.dataset.schema import arrow_schema

    led, decisions = decided_ledger(staging.ledger() if ledger is None else ledger)
    if previous is None:
        _stream_staged(staging, sink, decisions)
    else:
        _query_all(staging, sink, led, decisions, previous, con)
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
    )


def _stream_staged(staging: Staging, sink: Sink, decisions: Decisions) -> None:
    """The staged rows of a run with no earlier dataset: already in document order (partitions
    are planned in listing order and number their documents in reading order), so each
    fragment is filtered and written in turn, with no sort."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from unionnews.dataset.schema import arrow_schema

    kept_docs = sorted(decisions.kept)
    kept_array = arrow_array(kept_docs, pa.int64())
    chosen = [decisions.kept[d] for d in kept_docs]
    replaced = {
        "duplicate_of": arrow_array([k.duplicate_of for k in chosen], pa.string()),
        "copy_kind": arrow_array([k.copy_kind for k in chosen], pa.string()),
        "aliases": arrow_array([list(k.aliases) for k in chosen], pa.list_(pa.string())),
    }
    for table in CONTENT_TABLES:
        schema = arrow_schema(table)
        for fragment in staging.files(table):
            rows = pq.ParquetFile(fragment).read()  # not read_table: it loads pyarrow.dataset and pandas
            if table != "errors":
                rows = rows.filter(pc.is_in(rows.column("_doc"), value_set=kept_array))
            if table == "articles":
                where = pc.index_in(rows.column("_doc"), value_set=kept_array)
                for name, values in replaced.items():
                    rows = rows.set_column(rows.schema.get_field_index(name), name, values.take(where))
            if rows.num_rows:
                sink.add({table: rows.drop_columns(["_doc"]).cast(schema)})


def _query_all(
    staging: Staging,
    sink: Sink,
    led: pa.Table,
    decisions: Decisions,
    previous: Previous,
    con: duckdb.DuckDBPyConnection | None,
) -> None:
    """The staged rows and an earlier dataset's, interleaved in document order by DuckDB."""
    import duckdb
    import pyarrow as pa

    from unionnews.dataset.schema import arrow_schema

    own = con is None
    connection = duckdb.connect(":memory:") if con is None else con
    try:
        connection.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        connection.execute("SET preserve_insertion_order = true")
        connection.register("__kept", _decisions_table(led, decisions))
        connection.register("__errors", _errors_table(led))
        for table in CONTENT_TABLES:
            relations = [r for r in (_fragment_relation(connection, staging, table),) if r is not None]
            if table in previous.relations:
                relations.append(previous.relations[table])
            if not relations:
                continue
            schema = arrow_schema(table)
            reader = connection.sql(_select(table, relations)).to_arrow_reader(BATCH_ROWS)
            for batch in reader:
                sink.add({table: pa.Table.from_batches([batch]).cast(schema)})
    finally:
        if own:
            connection.close()


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

        from unionnews.dataset.schema import TABLES, arrow_schema, conform, empty_frame, pandas_types

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
