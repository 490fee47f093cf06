"""Open a dataset directory written by :func:`unionnews.dataset.write_dataset`."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unionnews.dataset.conform import conform
from unionnews.dataset.schema import TABLES, arrow_schema, empty_frame, pandas_types
from unionnews.dataset.writers import DUCKDB_FILE, MANIFEST, read_manifest, sha256_of
from unionnews.errors import DatasetError

if TYPE_CHECKING:  # pandas and duckdb are imported when a dataset is read
    import duckdb as _duckdb
    import pandas as pd

logger = logging.getLogger(__name__)

_HOW_TO_MAKE = "run `unionnews extract INPUT --out DIR` to create it"


@dataclass(slots=True)
class Dataset:
    """The tables of a dataset, as pandas DataFrames with the schema's dtypes.

    ``path`` is the dataset directory (``None`` for an in-memory dataset built
    with :meth:`from_tables`); ``manifest`` is the content of ``manifest.json``.
    """

    articles: pd.DataFrame
    figures: pd.DataFrame
    entities: pd.DataFrame
    errors: pd.DataFrame
    dropped: pd.DataFrame = field(default_factory=lambda: empty_frame("dropped"))
    inputs: pd.DataFrame = field(default_factory=lambda: empty_frame("inputs"))
    path: Path | None = None
    manifest: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_tables(cls, tables: dict[str, pd.DataFrame], path: Path | None = None) -> Dataset:
        """Wrap tables from :func:`build_tables` (missing ones become empty) without writing."""
        frames = {
            name: conform(name, tables[name]) if name in tables else empty_frame(name) for name in TABLES
        }
        return cls(
            frames["articles"],
            frames["figures"],
            frames["entities"],
            frames["errors"],
            frames["dropped"],
            frames["inputs"],
            path,
        )

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, in schema order."""
        return {name: getattr(self, name) for name in TABLES}

    def duckdb(self) -> _duckdb.DuckDBPyConnection:
        """A DuckDB connection with one table (or view) per dataset table.

        Opens ``unionnews.duckdb`` read-only when the dataset has one; otherwise
        (written with ``duckdb=False``, or in memory) an in-memory connection
        whose views read the Parquet files or the DataFrames. Close it when done.
        """
        import duckdb
        import pyarrow as pa

        if self.path is not None and (self.path / DUCKDB_FILE).is_file():
            return duckdb.connect(str(self.path / DUCKDB_FILE), read_only=True)
        con = duckdb.connect(":memory:")
        for name, frame in self.tables().items():
            parquet = self.path / f"{name}.parquet" if self.path is not None else None
            if parquet is not None and parquet.is_file():
                literal = "'" + str(parquet).replace("'", "''") + "'"
                con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM read_parquet({literal})')
            else:  # as Arrow with the schema's types: dates as DATE, lists as VARCHAR[]
                arrow = pa.Table.from_pandas(
                    conform(name, frame), schema=arrow_schema(name), preserve_index=False
                )
                con.register(name, arrow.replace_schema_metadata(None))
        return con


#: Tables that datasets written by earlier versions lack; they load as empty tables.
ADDED_TABLES = frozenset({"dropped", "inputs"})


def _read_table(directory: Path, table: str) -> pd.DataFrame:
    path = directory / f"{table}.parquet"
    if not path.is_file() and table in ADDED_TABLES:
        return empty_frame(table)
    if not path.is_file():
        raise DatasetError(
            f"{path} is missing although {directory / MANIFEST} exists; the dataset is "
            f"damaged: {_HOW_TO_MAKE} again"
        )
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        stored = pq.read_table(path)
        frame = stored.to_pandas(types_mapper=pandas_types().get, ignore_metadata=True, date_as_object=False)
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise DatasetError(f"cannot read {path} ({exc}); {_HOW_TO_MAKE} again") from exc
    try:
        return conform(table, frame)
    except (ValueError, TypeError) as exc:
        raise DatasetError(
            f"{path} does not match the schema of table {table!r} ({exc}); it was written by "
            f"another tool or version: {_HOW_TO_MAKE} again"
        ) from exc


def _leftover_hint(directory: Path) -> str:
    """Point at a previous dataset left aside by a write that was killed mid-swap."""
    parent = directory.absolute().parent
    aside = sorted(parent.glob(f".{directory.name}.old-*")) if parent.is_dir() else []
    complete = [p for p in aside if (p / MANIFEST).is_file()]
    if not complete:
        return ""
    return (
        f" A previous dataset was left at {complete[-1]} by an interrupted write; "
        f"rename it to {directory.name} to use it."
    )


def verify(directory: str | Path) -> None:
    """Check every file listed in the manifest against its size and sha256.

    Raises :class:`DatasetError` naming the first file that is missing or changed.
    """
    root = Path(directory)
    manifest = read_manifest(root)
    if manifest is None:
        raise DatasetError(f"{root} has no {MANIFEST}; {_HOW_TO_MAKE}")
    for name, info in manifest.get("files", {}).items():
        path = root / name
        if not path.is_file():
            raise DatasetError(f"{path} is listed in {MANIFEST} but missing; {_HOW_TO_MAKE} again")
        if path.stat().st_size != info.get("bytes") or sha256_of(path) != info.get("sha256"):
            raise DatasetError(
                f"{path} changed since the dataset was written (checksum differs); {_HOW_TO_MAKE} again"
            )


def load(out_dir: str | Path | Sequence[str | Path], *, check: bool = False) -> Dataset:
    """Load the dataset in ``out_dir`` as pandas DataFrames with the schema's dtypes.

    Raises :class:`DatasetError` if the directory is missing or incomplete (no
    ``manifest.json``, which is written last). ``check=True`` also verifies
    every file's checksum against the manifest (reads each file once more).

    Several directories (a list) load as one dataset, as ``unionnews merge`` would write
    it: their rows in that order, duplicates and re-captures decided across them, and
    ``inputs.dataset`` naming the directory each document came from.
    """
    if not isinstance(out_dir, str | Path):
        return _load_many([Path(d).expanduser() for d in out_dir], check=check)
    directory = Path(out_dir).expanduser()
    manifest = load_checked(directory, check=check)
    frames = {name: _read_table(directory, name) for name in TABLES}
    return Dataset(
        frames["articles"],
        frames["figures"],
        frames["entities"],
        frames["errors"],
        frames["dropped"],
        frames["inputs"],
        path=directory,
        manifest=manifest,
    )


def _load_many(directories: list[Path], *, check: bool) -> Dataset:
    """:func:`load` of several datasets: merged in memory (nothing is written)."""
    from unionnews.extraction.assemble import Collector
    from unionnews.extraction.merge import merge_into

    if not directories:
        raise DatasetError("no dataset given: pass one directory or a list of them")
    for directory in directories:
        load_checked(directory, check=check)
    collector = Collector()
    merge_into(directories, collector)
    return Dataset.from_tables(collector.frames())


def load_checked(directory: Path, *, check: bool = False) -> dict[str, Any]:
    """The manifest of the complete dataset in ``directory``; :class:`DatasetError` when the
    directory is missing or incomplete (no ``manifest.json``, which is written last), or, with
    ``check``, a file differs from the manifest."""
    if not directory.is_dir():
        raise DatasetError(
            f"no dataset at {directory} (no such directory); {_HOW_TO_MAKE}." + _leftover_hint(directory)
        )
    manifest = read_manifest(directory)
    if manifest is None:
        raise DatasetError(f"{directory} is not a complete unionnews dataset (no {MANIFEST}); {_HOW_TO_MAKE}")
    if check:
        verify(directory)
    return manifest
