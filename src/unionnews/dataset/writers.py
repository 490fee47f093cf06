"""Write a dataset directory atomically: Parquet (+CSV/JSONL), DuckDB, datapackage.json.

Layout of a dataset directory::

    out/
      articles.parquet  figures.parquet  entities.parquet  errors.parquet
      *.csv / *.jsonl          (only when requested)
      unionnews.duckdb         (unless duckdb=False)
      datapackage.json         (Frictionless Data Package describing every column)
      manifest.json            (row counts + sha256 of every file; written last)

Atomicity: everything is written into a hidden temporary sibling directory
(``.out.tmp-<random>``), each file is fsynced, ``manifest.json`` is written
last, then the directory is swapped in: the old dataset is renamed aside
(``.out.old-<random>``), the new one renamed to ``out``, and the old one
removed. A reader therefore sees either the previous complete dataset or the
new complete one; a failure while writing removes the temporary directory and
leaves the previous dataset untouched. (A hard crash between the two renames
leaves the previous dataset intact under ``.out.old-*``.) A writer that is
cancelled (:meth:`DatasetWriter.cancel`: the run extracted no article) also
removes its temporary directory and leaves ``out`` as it was, byte for byte;
:func:`write_errors_beside` then keeps that run's errors next to it.

The DuckDB file is a self-contained copy: its tables are loaded from the
Parquet files at write time and do not reference them, so the ``.duckdb``
file can be copied alone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb as _duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from unionnews import __version__
from unionnews.dataset.schema import (
    TABLE_DESCRIPTIONS,
    TABLES,
    arrow_schema,
    columns,
    conform,
    vocabulary_problems,
)
from unionnews.errors import DatasetError

logger = logging.getLogger(__name__)

#: Table formats ``write_dataset`` understands; Parquet is always written.
FORMATS: tuple[str, ...] = ("parquet", "csv", "jsonl")
MANIFEST = "manifest.json"
DATAPACKAGE = "datapackage.json"
DUCKDB_FILE = "unionnews.duckdb"
#: Memory DuckDB may use while copying the Parquet tables into its file.
DUCKDB_MEMORY_LIMIT = "256MB"
#: Marker stored in manifest.json so a directory can be recognised as ours.
MANIFEST_KIND = "unionnews-dataset"

_MEDIA_TYPES: Mapping[str, str] = {
    "parquet": "application/vnd.apache.parquet",
    "csv": "text/csv",
    "jsonl": "application/jsonl",
}


# --- single files --------------------------------------------------------------------------


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    """Make a directory's entries (renames, new files) durable; a no-op where unsupported."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:  # e.g. Windows cannot open directories
        logger.debug("cannot fsync directory %s: %s", path, exc)
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        logger.debug("cannot fsync directory %s: %s", path, exc)
    finally:
        os.close(fd)


def write_parquet(frame: pd.DataFrame, table: str, path: Path) -> None:
    """Write ``frame`` with the Arrow schema of ``table`` (keeps types when empty)."""
    arrow = pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False)
    pq.write_table(arrow, path, compression="zstd")


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 *with BOM* so Excel shows Vietnamese correctly; nulls are empty cells."""
    frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def write_jsonl(frame: pd.DataFrame, path: Path) -> None:
    """One JSON object per line, UTF-8, non-ASCII kept readable; nulls are ``null``."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for record in frame.astype(object).where(frame.notna(), None).to_dict("records"):
            fh.write(json.dumps(record, ensure_ascii=False))
            fh.write("\n")


_WRITERS: Mapping[str, Callable[[pd.DataFrame, str, Path], None]] = {
    "parquet": write_parquet,
    "csv": lambda frame, _table, path: write_csv(frame, path),
    "jsonl": lambda frame, _table, path: write_jsonl(frame, path),
}


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_duckdb(parquet_files: Mapping[str, Path], path: Path) -> None:
    """Copy each Parquet table into a DuckDB file, with table and column comments."""
    con = _duckdb.connect(str(path))
    try:
        # DuckDB caches what it reads up to its memory limit (80% of RAM by default);
        # a fixed limit keeps a large import bounded and makes it spill to disk instead.
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        for table, file in parquet_files.items():
            con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM read_parquet({_sql_literal(str(file))})')
            con.execute(f'COMMENT ON TABLE "{table}" IS {_sql_literal(TABLE_DESCRIPTIONS[table])}')
            for col in columns(table):
                con.execute(f'COMMENT ON COLUMN "{table}"."{col.name}" IS {_sql_literal(col.description)}')
        con.execute("CHECKPOINT")
    finally:
        con.close()


# --- metadata ------------------------------------------------------------------------------


def datapackage(formats: Sequence[str], created: str) -> dict[str, Any]:
    """The Frictionless Data Package descriptor: one resource per table and format."""
    resources = []
    for table in TABLES:
        fields = []
        for col in columns(table):
            field: dict[str, Any] = {
                "name": col.name,
                "type": col.frictionless_type,
                "description": col.description,
            }
            if col.vocabulary is not None:
                field["constraints"] = {"enum": list(col.vocabulary)}
            fields.append(field)
        for fmt in formats:
            resource: dict[str, Any] = {
                "name": table if fmt == "parquet" else f"{table}-{fmt}",
                "path": f"{table}.{fmt}",
                "format": fmt,
                "mediatype": _MEDIA_TYPES[fmt],
                "description": TABLE_DESCRIPTIONS[table],
                "schema": {"fields": fields},
            }
            if fmt == "csv":
                resource["encoding"] = "utf-8-sig"
            else:
                resource["encoding"] = "utf-8"
            resources.append(resource)
    return {
        "name": "unionnews-dataset",
        "title": "Figures, terms, dates, documents, persons and bodies from trade-union news",
        "created": created,
        "unionnews_version": __version__,
        "resources": resources,
    }


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_json(obj: Mapping[str, Any], path: Path) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# --- target directory checks ---------------------------------------------------------------


def read_manifest(directory: Path) -> dict[str, Any] | None:
    """The manifest of a dataset directory, or ``None`` when there is none."""
    path = directory / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DatasetError(
            f"{path} exists but cannot be read ({exc}); the dataset in {directory} is damaged: "
            "re-run `unionnews extract INPUT --out DIR`"
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("kind") != MANIFEST_KIND:
        raise DatasetError(
            f"{path} is not a unionnews manifest; {directory} does not look like a unionnews "
            "dataset. Choose another --out directory."
        )
    return manifest


def check_out_dir(out_dir: str | Path) -> None:
    """Raise :class:`DatasetError` unless ``write_dataset`` may write to ``out_dir``.

    Allowed: a path that does not exist, an empty directory, or a previous
    unionnews dataset holding only the files its manifest lists. Call it
    before a long run so a typo fails in a second, not after the extraction.
    """
    out = Path(out_dir).expanduser()
    if not out.exists():
        return
    if not out.is_dir():
        raise DatasetError(f"{out} exists and is not a directory; choose another --out path")
    entries = sorted(p.name for p in out.iterdir())
    if not entries:
        return
    manifest = read_manifest(out)
    if manifest is None:
        raise DatasetError(
            f"{out} is not empty and is not a unionnews dataset (no {MANIFEST}); refusing to "
            "replace it. Choose a new or empty --out directory."
        )
    ours = set(manifest.get("files", {})) | {MANIFEST}
    foreign = [name for name in entries if name not in ours]
    if foreign:
        raise DatasetError(
            f"{out} holds files that unionnews did not write: {foreign[:5]}; writing a new "
            "dataset there would delete them. Move them out of the directory first."
        )


# --- the public writer ---------------------------------------------------------------------


class DatasetWriter:
    """Write a dataset in batches with flat memory; atomic like :func:`write_dataset`.

    Use as a context manager: every :meth:`add` appends rows to the Parquet (and
    CSV/JSONL) files in a hidden temporary directory; leaving the block normally
    writes DuckDB, ``datapackage.json`` and ``manifest.json`` and swaps the
    directory into place; leaving it with an exception removes the temporary
    directory and leaves the previous dataset untouched, as does leaving it after
    :meth:`cancel`. ``replaces`` says whether ``out`` holds a dataset now.

    >>> with DatasetWriter("out", formats=("csv",)) as writer:   # doctest: +SKIP
    ...     for batch in batches:
    ...         writer.add(build_tables(batch))
    """

    def __init__(
        self, out_dir: str | Path, *, formats: Sequence[str] = ("parquet",), duckdb: bool = True
    ) -> None:
        self.formats = _normalise_formats(formats)
        self.duckdb = duckdb
        self.out = Path(out_dir).expanduser().absolute()
        check_out_dir(self.out)
        #: ``out`` holds a unionnews dataset that leaving the block would replace.
        self.replaces = self.out.is_dir() and read_manifest(self.out) is not None
        self._cancelled = False
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.out.with_name(f".{self.out.name}.tmp-{uuid.uuid4().hex[:8]}")
        self.rows: dict[str, int] = dict.fromkeys(TABLES, 0)
        self._parquet: dict[str, pq.ParquetWriter] = {}
        self._text: dict[tuple[str, str], Any] = {}

    def __enter__(self) -> DatasetWriter:
        self.tmp.mkdir()
        try:
            for table in TABLES:
                self._parquet[table] = pq.ParquetWriter(
                    self.tmp / f"{table}.parquet", arrow_schema(table), compression="zstd"
                )
                for fmt in self.formats[1:]:
                    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
                    fh = open(self.tmp / f"{table}.{fmt}", "w", encoding=encoding, newline="\n")
                    self._text[(table, fmt)] = fh
                    if fmt == "csv":
                        fh.write(",".join(c.name for c in columns(table)) + "\n")
        except BaseException:
            self._discard()
            raise
        return self

    def add(self, tables: Mapping[str, pd.DataFrame]) -> None:
        """Append one batch of tables (as returned by :func:`build_tables`)."""
        unknown = [name for name in tables if name not in TABLES]
        if unknown:
            raise ValueError(f"unknown table(s) {unknown}; a dataset has {list(TABLES)}")
        for table in TABLES:
            if table not in tables or tables[table].empty:
                continue
            frame = conform(table, tables[table])
            for problem in vocabulary_problems(table, frame):
                logger.warning("value outside the data contract: %s", problem)
            arrow = pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False)
            self._parquet[table].write_table(arrow)
            for fmt in self.formats[1:]:
                fh = self._text[(table, fmt)]
                if fmt == "csv":
                    frame.to_csv(fh, index=False, header=False, lineterminator="\n")
                else:
                    for record in frame.astype(object).where(frame.notna(), None).to_dict("records"):
                        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.rows[table] += len(frame)

    def cancel(self) -> None:
        """Write nothing: leaving the block removes the temporary directory; ``out`` stays as it is."""
        self._cancelled = True

    def _close_files(self) -> None:
        for writer in self._parquet.values():
            writer.close()
        for fh in self._text.values():
            fh.close()
        self._parquet.clear()
        self._text.clear()

    def _discard(self) -> None:
        try:
            self._close_files()
        finally:
            _remove_tree(self.tmp)

    def _finish(self) -> None:
        self._close_files()
        created = datetime.now(UTC).isoformat(timespec="seconds")
        files = [self.tmp / f"{t}.{fmt}" for t in TABLES for fmt in self.formats]
        if self.duckdb:
            write_duckdb({t: self.tmp / f"{t}.parquet" for t in TABLES}, self.tmp / DUCKDB_FILE)
            files.append(self.tmp / DUCKDB_FILE)
        _write_json(datapackage(self.formats, created), self.tmp / DATAPACKAGE)
        files.append(self.tmp / DATAPACKAGE)
        for path in files:
            _fsync_file(path)
        manifest = {
            "kind": MANIFEST_KIND,
            "unionnews_version": __version__,
            "created": created,
            "formats": list(self.formats),
            "duckdb": self.duckdb,
            "tables": {name: {"rows": n} for name, n in self.rows.items()},
            "files": {p.name: {"sha256": sha256_of(p), "bytes": p.stat().st_size} for p in files},
        }
        _write_json(manifest, self.tmp / MANIFEST)
        _fsync_file(self.tmp / MANIFEST)
        _fsync_dir(self.tmp)
        _swap_in(self.tmp, self.out)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None or self._cancelled:
            self._discard()
            if exc_type is None:
                logger.info("nothing written; %s left as it was", self.out)
            return
        try:
            self._finish()
        except BaseException:
            self._discard()
            raise
        counts = ", ".join(f"{n} {name}" for name, n in self.rows.items())
        logger.info("dataset written to %s (%s)", self.out, counts)


def _swap_in(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp`` with two renames; restore ``out`` if the second fails."""
    old: Path | None = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(out, old)
    try:
        os.replace(tmp, out)
    except OSError:
        if old is not None:
            os.replace(old, out)
        raise
    _fsync_dir(out.parent)
    if old is not None:
        _remove_tree(old)


def _remove_tree(path: Path) -> None:
    """Remove a temporary directory after a failure, logging (not raising) if that fails too."""

    def report(_fn: Callable[..., Any], name: str, exc_info: Any) -> None:
        logger.warning("could not remove %s (%s); delete it by hand", name, exc_info[1])

    shutil.rmtree(path, onerror=report)


def write_errors_beside(out_dir: str | Path, errors: pd.DataFrame, *, when: datetime | None = None) -> Path:
    """Write a run's ``errors`` table as CSV next to ``out_dir``, not into it; return its path.

    For a run that wrote no dataset because it extracted no article and ``out_dir``
    holds one to keep: ``<out>.errors-<UTC time>.csv`` (``out.errors-20250611T101500Z.csv``),
    UTF-8 with BOM like the dataset's CSV tables, renamed into place once complete.
    The time keeps the files of successive runs apart and sorts them in order.
    """
    out = Path(out_dir).expanduser().absolute()
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    path = out.with_name(f"{out.name}.errors-{stamp}.csv")
    n = 1
    while path.exists():  # two runs in one second: keep both
        n += 1
        path = out.with_name(f"{out.name}.errors-{stamp}-{n}.csv")
    tmp = out.with_name(f".{path.name}.tmp-{uuid.uuid4().hex[:8]}")
    try:
        write_csv(conform("errors", errors), tmp)
        _fsync_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _normalise_formats(formats: Sequence[str]) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = (formats,)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format(s) {unknown}; choose from {list(FORMATS)}")
    return ("parquet", *dict.fromkeys(f for f in formats if f != "parquet"))


def write_dataset(
    tables: Mapping[str, pd.DataFrame],
    out_dir: str | Path,
    *,
    formats: Sequence[str] = ("parquet",),
    duckdb: bool = True,
) -> Path:
    """Write ``tables`` (from :func:`build_tables`) to ``out_dir`` atomically; return its path.

    Parquet is always written; ``formats`` may add ``"csv"`` (UTF-8 with BOM)
    and ``"jsonl"``. ``duckdb=True`` also writes ``unionnews.duckdb``, a
    self-contained copy of the tables. An existing dataset in ``out_dir`` is
    replaced; a non-empty directory that is not a unionnews dataset is never
    touched (:class:`DatasetError`). Missing tables are written empty; values
    outside the vocabularies are logged as warnings.
    """
    with DatasetWriter(out_dir, formats=formats, duckdb=duckdb) as writer:
        writer.add(tables)
    return writer.out
