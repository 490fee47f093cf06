"""Datasets written before, joined with new rows: ``extract --update`` and ``unionnews merge``.

An earlier dataset joins as its ledger (the ``inputs`` table; made from its articles and
errors for a dataset written before there was one) and its tables, read in batches where
they lie (:mod:`unionnews.extraction.interleave`). The assembly
(:func:`~unionnews.extraction.assemble.assemble`) then decides duplicates again over every
document, old and new, so:

* ``--update``: the documents whose (source, digest) the dataset holds are not extracted
  again (but for re-captures, which are few: whether one is folded depends on what comes
  before it); a document read again with another digest replaces the old one's rows; rows
  of inputs no longer listed are kept (they come first). The tables equal a full run's on
  the same inputs.
* ``merge A B …``: the datasets' rows in that order, each row's ``inputs.dataset`` naming
  the dataset it came from, duplicates and re-captures decided across them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unionnews.articles.chrome import CONTENT_FARM_NOTE
from unionnews.dataset.duckdb_copy import DuckDBEdit, sql_literal
from unionnews.errors import DatasetError
from unionnews.extraction.assemble import Assembled, Staging, assemble
from unionnews.extraction.interleave import EarlierRows, Sink
from unionnews.extraction.ledger import ledger_schema, text_key
from unionnews.extraction.partitions import Item, Partition

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
    """article_id -> (url, aliases, site, title, content-farm flag) of a dataset's articles."""
    import pyarrow.parquet as pq

    names = ["article_id", "url", "aliases", "site", "title", "notes"]
    table = pq.ParquetFile(directory / "articles.parquet").read(columns=names)
    columns = [table.column(name).to_pylist() for name in names]
    out: dict[str, tuple[Any, ...]] = {}
    for article_id, url, aliases, site, title, held in zip(*columns, strict=True):
        farm = CONTENT_FARM_NOTE in (held if isinstance(held, list) else [held or ""])
        out[article_id] = (url, aliases if isinstance(aliases, list) else [], site, title, farm)
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
    """The ledger of the dataset in ``directory``, ready to join a run; a
    :class:`~unionnews.errors.DatasetError` naming the folder when its files cannot be read."""
    import pyarrow as pa

    try:
        return _read_earlier(directory, number)
    except (OSError, ValueError, KeyError, pa.ArrowException) as exc:
        raise DatasetError(
            f"cannot read the dataset in {directory} ({exc}); it is damaged or was written by another "
            "tool: extract again without --update (or leave it out of the merge)"
        ) from exc


def _read_earlier(directory: Path, number: int) -> Earlier:
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


def rows_of(earlier: Earlier, kept: pa.Table) -> EarlierRows:
    """The rows of ``earlier``'s tables that belong to ``kept`` (its ledger rows that stay)."""
    holders = {
        article_id: doc
        for article_id, doc, outcome in zip(
            kept.column("article_id").to_pylist(),
            kept.column("_doc").to_pylist(),
            kept.column("outcome").to_pylist(),
            strict=True,
        )
        if outcome in ("article", "copy")
    }
    # the k-th row of its errors table is the k-th error of its ledger
    ledger = earlier.ledger
    errors = [
        doc
        for doc, outcome in zip(
            ledger.column("_doc").to_pylist(), ledger.column("outcome").to_pylist(), strict=True
        )
        if outcome == "error"
    ]
    return EarlierRows(earlier.directory, holders, errors)


@dataclass(slots=True)
class PreviousRun:
    """An ``--update``: the dataset already in the output folder and what it holds."""

    earlier: Earlier | None
    listing: dict[str, int] = field(default_factory=dict)  # input name -> place in this run's listing
    n_rows: int = 0  # its documents kept as they were
    #: after :meth:`assemble`: what turns a copy of the dataset's DuckDB file into the new one
    duckdb_edit: DuckDBEdit | None = None

    def known(self) -> dict[str, set[tuple[str, str]]]:
        """input name -> (source, digest) of its documents in the dataset."""
        out: dict[str, set[tuple[str, str]]] = {}
        if self.earlier is None:
            return out
        led = self.earlier.ledger.select(["input", "source", "digest", "outcome"]).to_pylist()
        for row in led:
            # a re-capture is read again: the page it was folded into may have changed, or
            # come later in this run's order, and then the re-capture is the one kept
            if row["digest"] is not None and row["outcome"] != "recapture":
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
        import pyarrow as pa
        import pyarrow.compute as pc

        new = staging.ledger()
        if self.earlier is None:
            return assemble(staging, sink, ledger=new)
        again = pa.array(sorted(set(new.column("source").to_pylist())), pa.string())
        old = self.earlier.ledger
        kept = old.filter(pc.invert(pc.is_in(old.column("source"), value_set=again)))
        kept = _placed(kept, self.listing)
        self.n_rows = kept.num_rows
        ledger = pa.concat_tables([kept, new])
        rows = rows_of(self.earlier, kept)
        assembled = assemble(staging, sink, ledger=ledger, earlier=[rows])
        fresh = sorted(aid for doc, aid in assembled.articles.items() if doc >= 0)
        stayed = {aid for doc, aid in assembled.articles.items() if doc < 0}
        gone = _held_articles(self.earlier.ledger) - stayed
        self.duckdb_edit = partial(_edit_duckdb, fresh=fresh, stale=sorted(gone | set(fresh)))
        return assembled


def _held_articles(ledger: pa.Table) -> set[str]:
    """The ``article_id`` of every article a dataset holds: its ledger rows that are one."""
    ids, outcomes = ledger.column("article_id").to_pylist(), ledger.column("outcome").to_pylist()
    return {aid for aid, outcome in zip(ids, outcomes, strict=True) if outcome in ("article", "copy")}


def _edit_duckdb(
    con: duckdb.DuckDBPyConnection, files: Mapping[str, Path], *, fresh: Sequence[str], stale: Sequence[str]
) -> None:
    """Bring a copy of the updated dataset's DuckDB file up to date: the rows of articles that
    went (or are extracted again) deleted, those of new articles inserted from the new
    Parquet files, the duplicate columns of the articles that stayed set anew, and the
    small ``errors`` and ``inputs`` tables replaced. The rows are the Parquet files' rows;
    their order in a DuckDB table is not (use ORDER BY)."""
    import pyarrow as pa

    con.register("__fresh", pa.table({"article_id": pa.array(fresh, pa.string())}))
    con.register("__stale", pa.table({"article_id": pa.array(stale, pa.string())}))
    for table in ("articles", "figures", "entities", "dropped"):
        source = sql_literal(str(files[table]))
        con.execute(f'DELETE FROM "{table}" WHERE article_id IN (SELECT article_id FROM __stale)')
        con.execute(
            f'INSERT INTO "{table}" SELECT * FROM read_parquet({source}) '
            "WHERE article_id IN (SELECT article_id FROM __fresh)"
        )
    source = sql_literal(str(files["articles"]))
    con.execute(
        "UPDATE articles SET duplicate_of = n.duplicate_of, copy_kind = n.copy_kind, aliases = n.aliases "
        f"FROM read_parquet({source}) n WHERE articles.article_id = n.article_id AND ("
        "articles.duplicate_of IS DISTINCT FROM n.duplicate_of OR articles.copy_kind IS DISTINCT FROM "
        "n.copy_kind OR articles.aliases IS DISTINCT FROM n.aliases)"
    )
    for table in ("errors", "inputs"):
        con.execute(f'DELETE FROM "{table}"')
        con.execute(f'INSERT INTO "{table}" SELECT * FROM read_parquet({sql_literal(str(files[table]))})')


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

    import pyarrow as pa
    import pyarrow.compute as pc

    names = list(labels) if labels is not None else [str(d) for d in directories]
    ledgers, sources = [], []
    for number, directory in enumerate(directories):
        earlier = read_earlier(Path(directory), number)
        led = earlier.ledger
        here = pa.array([number] * led.num_rows, pa.int64())
        led = led.set_column(led.schema.get_field_index("_position"), "_position", here)
        dataset = pc.if_else(pc.is_null(led.column("dataset")), names[number], led.column("dataset"))
        led = led.set_column(led.schema.get_field_index("dataset"), "dataset", dataset)
        ledgers.append(led)
        sources.append(rows_of(earlier, led))
    with tempfile.TemporaryDirectory(prefix="unionnews-merge-") as tmp:
        return assemble(Staging(Path(tmp)), sink, ledger=pa.concat_tables(ledgers), earlier=sources)
