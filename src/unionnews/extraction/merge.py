"""Datasets written before, joined with new rows: ``extract --update`` and ``unionnews merge``.

An earlier dataset joins as its ledger (the ``inputs`` table; made from its articles and
errors for a dataset written before there was one) and its tables, read by DuckDB where
they lie. The assembly (:func:`~unionnews.extraction.assemble.assemble`) then decides
duplicates again over every document, old and new, so:

* ``--update``: the documents whose (source, digest) the dataset holds are not extracted
  again; a document read again with another digest replaces the old one's rows; rows of
  inputs no longer listed are kept (they come first). The tables equal a full run's on the
  same inputs.
* ``merge A B …``: the datasets' rows in that order, each row's ``inputs.dataset`` naming
  the dataset it came from, duplicates and re-captures decided across them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unionnews.articles.chrome import CONTENT_FARM_NOTE
from unionnews.extraction.assemble import Assembled, Previous, Sink, Staging, assemble
from unionnews.extraction.ledger import ledger_schema, text_key
from unionnews.extraction.partitions import Item, Partition
from unionnews.extraction.parts import CONTENT_TABLES

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

logger = logging.getLogger(__name__)

#: ``_doc`` numbers of an earlier dataset's rows: negative, a block of this size per dataset.
EARLIER_BLOCK = 1 << 40
#: ``_position`` of rows of inputs an update no longer lists: before every listed input.
UNLISTED = -(1 << 40)


@dataclass(slots=True)
class Earlier:
    """One dataset written before: its folder and its ledger with the hidden columns filled."""

    directory: Path
    ledger: pa.Table
    number: int  # its place among the earlier datasets of this run (names its relations)


def _articles_keys(directory: Path) -> dict[str, tuple[Any, ...]]:
    """article_id -> (url, aliases, site, title key, content-farm flag) of a dataset's articles."""
    import pyarrow.parquet as pq

    table = pq.read_table(
        directory / "articles.parquet", columns=["article_id", "url", "aliases", "site", "title", "notes"]
    )
    out: dict[str, tuple[Any, ...]] = {}
    for row in table.to_pylist():
        notes = row["notes"]
        farm = CONTENT_FARM_NOTE in (notes if isinstance(notes, list) else [notes or ""])
        aliases = row["aliases"]
        aliases = aliases if isinstance(aliases, list) else []
        out[row["article_id"]] = (row["url"], aliases, row["site"], row["title"], farm)
    return out


def _synthesised_ledger(directory: Path) -> pa.Table:
    """The ledger of a dataset written before the ``inputs`` table existed: its articles in
    order, then its errors; no digests (an update reads every document again)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from unionnews.dataset.schema import arrow_schema

    arts = pq.read_table(
        directory / "articles.parquet", columns=["article_id", "source_path", "text", "duplicate_of"]
    )
    errs = pq.read_table(directory / "errors.parquet", columns=["source"])
    rows: list[dict[str, Any]] = []
    for row in arts.to_pylist():
        rows.append(
            {
                "input": row["source_path"],
                "source": row["source_path"],
                "outcome": "copy" if row["duplicate_of"] else "article",
                "article_id": row["article_id"],
                "text_key": text_key(row["text"] or ""),
            }
        )
    rows.extend({"input": r["source"], "source": r["source"], "outcome": "error"} for r in errs.to_pylist())
    for seq, row in enumerate(rows):
        row.update(seq=seq, ordinal=0)
    return pa.Table.from_pylist(rows, schema=arrow_schema("inputs"))


def read_earlier(directory: Path, number: int) -> Earlier:
    """The ledger of the dataset in ``directory``, ready to join a run."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from unionnews.dataset.schema import arrow_schema

    path = directory / "inputs.parquet"
    stored = pq.read_table(path).cast(arrow_schema("inputs")) if path.is_file() else None
    base = stored if stored is not None and stored.num_rows else _synthesised_ledger(directory)
    base = base.sort_by("seq")
    keys = _articles_keys(directory)
    n = base.num_rows
    docs = [-(number + 1) * EARLIER_BLOCK + k for k in range(n)]
    hidden: dict[str, list[Any]] = {"_url": [], "_aliases": [], "_site": [], "_title": [], "_farm": []}
    for outcome, article_id in zip(
        base.column("outcome").to_pylist(), base.column("article_id").to_pylist(), strict=True
    ):
        found = keys.get(article_id) if outcome in ("article", "copy") else None
        url, aliases, site, title, farm = found if found is not None else (None, None, None, None, None)
        for name, value in zip(hidden, (url, aliases, site, title, farm), strict=True):
            hidden[name].append(value)
    schema = ledger_schema()
    columns = {name: base.column(name) for name in base.schema.names}
    columns["_doc"] = pa.array(docs, pa.int64())
    columns["_position"] = pa.array([0] * n, pa.int64())
    columns["_range"] = pa.array([0] * n, pa.int64())
    columns["_rank"] = base.column("seq")
    for name, values in hidden.items():
        columns[name] = pa.array(values, schema.field(name).type)
    return Earlier(directory, pa.table([columns[f.name] for f in schema], schema=schema), number)


def _current(directory: Path, table: str) -> bool:
    """Is ``table`` stored with this version's Arrow types (else it is converted on load)?"""
    import pyarrow.parquet as pq

    from unionnews.dataset.schema import arrow_schema

    stored = pq.read_schema(directory / f"{table}.parquet")
    return stored.remove_metadata().equals(arrow_schema(table))


def register(con: duckdb.DuckDBPyConnection, earlier: Earlier, kept: pa.Table) -> dict[str, str]:
    """Views over ``earlier``'s tables with ``__doc`` and ``__row``, for the rows of ``kept``
    (its ledger rows that stay); return table -> view name."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from unionnews.dataset.load import load
    from unionnews.dataset.schema import arrow_schema

    holders = kept.filter(pc.is_in(kept.column("outcome"), pa.array(["article", "copy"])))
    errors = earlier.ledger.filter(pc.equal(earlier.ledger.column("outcome"), "error"))
    tag = f"__earlier{earlier.number}"
    con.register(
        f"{tag}_holdermap",
        pa.table({"article_id": holders.column("article_id"), "_doc": holders.column("_doc")}),
    )
    con.register(
        f"{tag}_errmap",
        pa.table({"k": pa.array(range(errors.num_rows), pa.int64()), "_doc": errors.column("_doc")}),
    )
    converted: dict[str, Any] | None = None
    views: dict[str, str] = {}
    for table in CONTENT_TABLES:
        path = earlier.directory / f"{table}.parquet"
        if not path.is_file():
            continue
        source = f"{tag}_{table}_rows"
        if _current(earlier.directory, table):
            literal = "'" + str(path).replace("'", "''") + "'"
            con.execute(
                f'CREATE TEMP VIEW "{source}" AS SELECT * EXCLUDE (file_row_number), '
                f"file_row_number AS __row FROM read_parquet({literal}, file_row_number = true)"
            )
        else:  # written by an earlier version: its columns converted as load() does
            if converted is None:
                converted = load(earlier.directory).tables()
            arrow = pa.Table.from_pandas(converted[table], schema=arrow_schema(table), preserve_index=False)
            arrow = arrow.append_column("__row", pa.array(range(arrow.num_rows), pa.int64()))
            con.register(source, arrow.replace_schema_metadata(None))
        name = f"{tag}_{table}"
        if table == "errors":
            join = f'JOIN "{tag}_errmap" m ON s.__row = m.k'
        else:
            join = f'JOIN "{tag}_holdermap" m ON s.article_id = m.article_id'
        con.execute(f'CREATE TEMP VIEW "{name}" AS SELECT s.*, m._doc AS __doc FROM "{source}" s {join}')
        views[table] = name
    return views


@dataclass(slots=True)
class PreviousRun:
    """An ``--update``: the dataset already in the output folder and what it holds."""

    earlier: Earlier | None
    listing: dict[str, int] = field(default_factory=dict)  # input name -> place in this run's listing
    n_rows: int = 0  # its documents kept as they were

    def known(self) -> dict[str, set[tuple[str, str]]]:
        """input name -> (source, digest) of its documents in the dataset."""
        out: dict[str, set[tuple[str, str]]] = {}
        if self.earlier is None:
            return out
        led = self.earlier.ledger.select(["input", "source", "digest"]).to_pylist()
        for row in led:
            if row["digest"] is not None:
                out.setdefault(row["input"], set()).add((row["source"], row["digest"]))
        return out

    def with_known(self, partitions: Sequence[Partition]) -> list[Partition]:
        """``partitions`` told which of their documents are in the dataset already."""
        from dataclasses import replace

        known = self.known()
        out = []
        for partition in partitions:
            found = frozenset().union(*(known.get(u.name, set()) for u in partition.units))
            out.append(replace(partition, known=found) if found else partition)
        return out

    def assemble(self, staging: Staging, sink: Sink) -> Assembled:
        """Assemble the run's partitions with the rows of the dataset that stay."""
        import duckdb
        import pyarrow as pa
        import pyarrow.compute as pc

        new = staging.ledger()
        if self.earlier is None:
            return assemble(staging, sink, ledger=new)
        again = pa.array(sorted(set(new.column("source").to_pylist())), pa.string())
        old = self.earlier.ledger
        kept = old.filter(pc.invert(pc.is_in(old.column("source"), again)))
        kept = _placed(kept, self.listing)
        self.n_rows = kept.num_rows
        con = duckdb.connect(":memory:")
        try:
            views = register(con, self.earlier, kept)
            ledger = pa.concat_tables([kept, new])
            return assemble(staging, sink, ledger=ledger, previous=Previous(views), con=con)
        finally:
            con.close()


def _placed(kept: pa.Table, listing: dict[str, int]) -> pa.Table:
    """``kept`` (an earlier dataset's ledger rows) placed in this run's listing: a row of a
    listed input at the input's place, rows of inputs no longer listed first, in their order."""
    import pyarrow as pa

    positions = [listing.get(name, UNLISTED) for name in kept.column("input").to_pylist()]
    # a listed input's documents are ordered by their ordinal in it, among the new ones;
    # those of inputs no longer listed keep the order they had
    ranks = [
        rank if position == UNLISTED else 0
        for position, rank in zip(positions, kept.column("_rank").to_pylist(), strict=True)
    ]
    kept = kept.set_column(kept.schema.get_field_index("_rank"), "_rank", pa.array(ranks, pa.int64()))
    return kept.set_column(
        kept.schema.get_field_index("_position"), "_position", pa.array(positions, pa.int64())
    )


def previous_for_update(out_dir: Path, items: Sequence[Item]) -> PreviousRun:
    """What an ``--update`` into ``out_dir`` starts from (nothing when there is no dataset yet)."""
    from unionnews.dataset.manifest import read_manifest
    from unionnews.extraction.partitions import Unit

    listing = {Unit(item, n).name: n for n, item in enumerate(items)}
    if read_manifest(out_dir) is None:
        logger.info("--update: no dataset in %s yet; every input is extracted", out_dir)
        return PreviousRun(None, listing)
    return PreviousRun(read_earlier(out_dir, 0), listing)


def merge_into(directories: Sequence[Path], sink: Sink, labels: Sequence[str] | None = None) -> Assembled:
    """Assemble the datasets in ``directories``, in that order, into ``sink``: duplicates
    decided across them, each document's ``inputs.dataset`` naming where it came from
    (``labels``, default the folders as given; a row merged before keeps its own)."""
    import tempfile

    import duckdb
    import pyarrow as pa
    import pyarrow.compute as pc

    names = list(labels) if labels is not None else [str(d) for d in directories]
    con = duckdb.connect(":memory:")
    try:
        ledgers, views = [], []
        for number, directory in enumerate(directories):
            earlier = read_earlier(Path(directory), number)
            led = earlier.ledger
            led = led.set_column(
                led.schema.get_field_index("_position"),
                "_position",
                pa.array([number] * led.num_rows, pa.int64()),
            )
            dataset = pc.if_else(pc.is_null(led.column("dataset")), names[number], led.column("dataset"))
            led = led.set_column(led.schema.get_field_index("dataset"), "dataset", dataset)
            ledgers.append(led)
            views.append(register(con, earlier, led))
        relations = _union_views(con, views)
        with tempfile.TemporaryDirectory(prefix="unionnews-merge-") as tmp:
            staging = Staging(Path(tmp))
            return assemble(
                staging, sink, ledger=pa.concat_tables(ledgers), previous=Previous(relations), con=con
            )
    finally:
        con.close()


def _union_views(con: duckdb.DuckDBPyConnection, views: list[dict[str, str]]) -> dict[str, str]:
    """One view per table over the datasets' views of it."""
    from unionnews.dataset.schema import columns

    out: dict[str, str] = {}
    for table in CONTENT_TABLES:
        names = [v[table] for v in views if table in v]
        if not names:
            continue
        cols = ", ".join('"' + c.name + '"' for c in columns(table))
        union = " UNION ALL ".join(f'SELECT {cols}, __doc, __row FROM "{n}"' for n in names)
        con.execute(f'CREATE TEMP VIEW "__merged_{table}" AS {union}')
        out[table] = f"__merged_{table}"
    return out
