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

What a run may delete: only the previous dataset's own files, that is the files
directly in ``out`` that its ``manifest.json`` lists and whose size and SHA-256
match it. Anything else in ``out`` (a notebook, a file edited since, a folder, a
link, a name like ``../x`` in a forged manifest) makes the run refuse before it
starts; what appears there during the run is kept aside in ``.out.old-*``.

Killed runs: the temporary directory holds an owner file (pid, host, process start
time) until the swap; the next write to the same ``out`` removes temporary
directories whose owner no longer runs, or, owner unknown, that nothing touched for
:data:`STALE_AFTER` seconds (:func:`remove_stale_temporaries`). A symbolic link
``out`` stays a link: the folder it points to is the one replaced.

Failures of the operating system (no permission, a read-only or full disk) raise
:class:`~unionnews.errors.OutputNotWritable` or
:class:`~unionnews.errors.OutputWriteFailed`, whose one-line message names the
folder and what to do.

The DuckDB file is a self-contained copy: its tables are loaded from the
Parquet files at write time and do not reference them, so the ``.duckdb``
file can be copied alone.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unionnews import __version__
from unionnews.dataset.conform import conform, is_conformed
from unionnews.dataset.disk_errors import _is_disk_error, output_error
from unionnews.dataset.duckdb_copy import (
    DUCKDB_FILE,
    DUCKDB_MEMORY_LIMIT,
    DuckDBEdit,
    update_duckdb,
    write_duckdb,
)
from unionnews.dataset.files import _fsync_dir, _fsync_file, _write_json, sha256_of
from unionnews.dataset.formats import (
    FORMATS,
    json_records,
    text_cells,
    write_csv,
    write_jsonl,
    write_parquet,
)
from unionnews.dataset.manifest import MANIFEST, MANIFEST_KIND, _dataset_files, check_out_dir, read_manifest
from unionnews.dataset.package import DATAPACKAGE, datapackage
from unionnews.dataset.schema import (
    EXTENSIBLE,
    TABLES,
    Extra,
    arrow_schema,
    arrow_vocabulary_problems,
    columns,
    pandas_types,
    vocabulary_problems,
)
from unionnews.dataset.swap import (
    OWNER_FILE,
    STALE_AFTER,
    _owner_record,
    _remove_tree,
    _swap_in,
    remove_stale_temporaries,
)
from unionnews.errors import DatasetError

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

# pandas, pyarrow and duckdb are imported where they are used: `unionnews --help` imports this
# module without them, and a run that writes no DuckDB file never loads duckdb.

#: What other code imports from here; each stage lives in its own module (see the imports).
__all__ = [
    "DUCKDB_FILE",
    "DUCKDB_MEMORY_LIMIT",
    "FORMATS",
    "MANIFEST",
    "MANIFEST_KIND",
    "OWNER_FILE",
    "STALE_AFTER",
    "DatasetWriter",
    "check_out_dir",
    "json_records",
    "output_error",
    "read_manifest",
    "remove_stale_temporaries",
    "sha256_of",
    "text_cells",
    "write_csv",
    "write_dataset",
    "write_duckdb",
    "write_errors_beside",
    "write_jsonl",
    "write_parquet",
]

logger = logging.getLogger(__name__)


# --- the public writer ---------------------------------------------------------------------


class DatasetWriter:
    """Write a dataset in batches with flat memory; atomic like :func:`write_dataset`.

    Use as a context manager: every :meth:`add` appends rows to the Parquet (and
    CSV/JSONL) files in a hidden temporary directory; leaving the block normally
    writes DuckDB, ``datapackage.json`` and ``manifest.json`` and swaps the
    directory into place; leaving it with an exception removes the temporary
    directory and leaves the previous dataset untouched, as does leaving it after
    :meth:`cancel`. ``replaces`` says whether ``out`` holds a dataset now.

    Entering the block first removes temporary directories that killed runs left
    beside ``out`` (:func:`remove_stale_temporaries`). When ``out`` is a symbolic
    link, ``target`` (the folder it points to) is what is replaced; the link stays.
    Failures of the disk raise :class:`~unionnews.errors.OutputNotWritable` or
    :class:`~unionnews.errors.OutputWriteFailed`.

    ``vocabulary`` extends the vocabularies a run may extend (``metric``, ``unit``): the
    run's lexicon with a user's metric file, from
    :func:`~unionnews.dataset.package.lexicon_vocabulary`. ``datapackage.json`` lists them,
    and the values the tables hold, so a dataset with the user's own metrics stays valid.

    >>> with DatasetWriter("out", formats=("csv",)) as writer:   # doctest: +SKIP
    ...     for batch in batches:
    ...         writer.add(build_tables(batch))
    """

    def __init__(
        self,
        out_dir: str | Path,
        *,
        formats: Sequence[str] = ("parquet",),
        duckdb: bool = True,
        vocabulary: Extra | None = None,
    ) -> None:
        self.formats = _normalise_formats(formats)
        self.duckdb = duckdb
        self.vocabulary: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in (vocabulary or {}).items()}
        #: Values of the extensible columns seen in the rows, and the publishing sites.
        self._held: dict[str, set[str]] = {column: set() for _, column in EXTENSIBLE}
        self._sites: set[str] = set()
        self.out = Path(out_dir).expanduser().absolute()
        #: The directory that is replaced: ``out``, or the one it points to if it is a link.
        self.target = Path(os.path.realpath(self.out))
        self._folder = self.target.parent if self.out.is_symlink() else self.out.parent
        #: The previous dataset's own files, checked; only these are ever deleted.
        self._existing = _dataset_files(self.out)
        #: ``out`` holds a unionnews dataset that leaving the block would replace.
        self.replaces = MANIFEST in self._existing
        self._cancelled = False
        self._made = False  # the temporary directory is ours to remove
        self.tmp = self.target.with_name(f".{self.target.name}.tmp-{uuid.uuid4().hex[:8]}")
        with self._writing():
            self.target.parent.mkdir(parents=True, exist_ok=True)
        self.rows: dict[str, int] = dict.fromkeys(TABLES, 0)
        #: (the DuckDB file of the dataset being updated, the edit that brings a copy of it up
        #: to date): set by ``extract --update`` so that few changed rows cost little
        self.duckdb_update: tuple[Path, DuckDBEdit] | None = None
        self._parquet: dict[str, pq.ParquetWriter] = {}
        self._text: dict[tuple[str, str], Any] = {}

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Turn the system's refusals (no permission, disk full) into one clear error."""
        try:
            yield
        except DatasetError:
            raise
        except Exception as exc:
            if not _is_disk_error(exc):
                raise  # a bug, not the disk: its own message and traceback
            raise output_error(exc, self.out, kept=self.replaces, folder=self._folder, tmp=self.tmp) from exc

    def guarded(self) -> contextlib.AbstractContextManager[None]:
        """A block whose disk errors (no permission, disk full) end in the writer's one clear
        error, as its own writes do: for files a run keeps in its temporary folder."""
        return self._writing()

    def __enter__(self) -> DatasetWriter:
        import pyarrow.parquet as pq

        remove_stale_temporaries(self.target)
        try:
            with self._writing():
                self.tmp.mkdir()
                self._made = True
                _write_json(_owner_record(), self.tmp / OWNER_FILE)
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

    def add(self, tables: Mapping[str, pd.DataFrame | pa.Table]) -> None:
        """Append one batch of tables: DataFrames as :func:`build_tables` returns them, or Arrow
        tables as :func:`~unionnews.dataset.tables.build_arrow_tables` does (with the schema's
        Arrow types; the same rows are written either way, and pandas is only needed for CSV
        and JSONL)."""
        import pyarrow as pa

        unknown = [name for name in tables if name not in TABLES]
        if unknown:
            raise ValueError(f"unknown table(s) {unknown}; a dataset has {list(TABLES)}")
        for table in TABLES:
            if table not in tables:
                continue
            given = tables[table]
            if isinstance(given, pa.Table):
                if not given.num_rows:
                    continue
                if not given.schema.equals(arrow_schema(table)):
                    raise ValueError(
                        f"the Arrow table {table!r} does not have the schema of the dataset: "
                        f"{given.schema} is not {arrow_schema(table)}"
                    )
                arrow, frame = given, None
                problems = arrow_vocabulary_problems(table, arrow, self.vocabulary)
            else:
                if given.empty:
                    continue
                frame = given if is_conformed(table, given) else conform(table, given)
                problems = vocabulary_problems(table, frame, self.vocabulary)
                arrow = pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False)
                arrow = arrow.replace_schema_metadata(None)  # pandas cannot read its own for lists
            for problem in problems:
                logger.warning("value outside the data contract: %s", problem)
            self._hold(table, arrow)
            with self._writing():
                self._parquet[table].write_table(arrow)
                for fmt in self.formats[1:]:
                    if frame is None:
                        types = pandas_types().get
                        frame = conform(table, arrow.to_pandas(types_mapper=types, date_as_object=False))
                    fh = self._text[(table, fmt)]
                    if fmt == "csv":
                        text_cells(frame).to_csv(fh, index=False, header=False, lineterminator="\n")
                    else:
                        for record in json_records(frame):
                            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.rows[table] += arrow.num_rows

    def _hold(self, table: str, arrow: pa.Table) -> None:
        """Remember the values of the extensible columns and the sites, for datapackage.json."""
        for source, column in EXTENSIBLE:
            if source == table:
                self._held[column].update(v for v in arrow.column(column).to_pylist() if v is not None)
        if table == "articles":
            self._sites.update(v for v in arrow.column("site").to_pylist() if v is not None)

    def package_vocabulary(self) -> dict[str, tuple[str, ...]]:
        """The extensible vocabularies as datapackage.json lists them: the run's lexicon
        (``vocabulary``) and the values the tables hold."""
        return {
            column: (*self.vocabulary.get(column, ()), *sorted(held)) for column, held in self._held.items()
        }

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
        """Close what is open and remove the temporary directory (after a failure, or cancelled)."""
        for handle in [*self._parquet.values(), *self._text.values()]:
            try:
                handle.close()
            except Exception as exc:  # e.g. the full disk that failed the run: the files go anyway
                logger.debug("closing a file of %s failed: %s", self.tmp, exc)
        self._parquet.clear()
        self._text.clear()
        if self._made:
            _remove_tree(self.tmp)

    def _finish(self) -> None:
        self._close_files()
        created = datetime.now(UTC).isoformat(timespec="seconds")
        files = [self.tmp / f"{t}.{fmt}" for t in TABLES for fmt in self.formats]
        if self.duckdb:
            parquet = {t: self.tmp / f"{t}.parquet" for t in TABLES}
            base, edit = self.duckdb_update or (None, None)
            if base is None or edit is None or not update_duckdb(base, parquet, self.tmp / DUCKDB_FILE, edit):
                write_duckdb(parquet, self.tmp / DUCKDB_FILE)
            files.append(self.tmp / DUCKDB_FILE)
        package = datapackage(
            self.formats,
            created,
            vocabulary=self.package_vocabulary(),
            sites=self._sites,
            empty=[name for name, n in self.rows.items() if not n],
        )
        _write_json(package, self.tmp / DATAPACKAGE)
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
        (self.tmp / OWNER_FILE).unlink()  # not part of the dataset
        _fsync_dir(self.tmp)
        _swap_in(self.tmp, self.target, self._existing)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None or self._cancelled:
            self._discard()
            if exc_type is None:
                logger.info("nothing written; %s left as it was", self.out)
            return
        try:
            with self._writing():
                self._finish()
        except BaseException:
            self._discard()
            raise
        counts = ", ".join(f"{n} {name}" for name, n in self.rows.items())
        logger.info("dataset written to %s (%s)", self.out, counts)


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
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, DatasetError):
            raise output_error(exc, out, kept=True) from exc
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
    vocabulary: Extra | None = None,
) -> Path:
    """Write ``tables`` (from :func:`build_tables`) to ``out_dir`` atomically; return its path.

    Parquet is always written; ``formats`` may add ``"csv"`` (UTF-8 with BOM)
    and ``"jsonl"``. ``duckdb=True`` also writes ``unionnews.duckdb``, a
    self-contained copy of the tables. An existing dataset in ``out_dir`` is
    replaced; a non-empty directory that is not a unionnews dataset is never
    touched (:class:`DatasetError`). Missing tables are written empty; values
    outside the vocabularies are logged as warnings; ``vocabulary`` extends them (see
    :class:`DatasetWriter`).
    """
    with DatasetWriter(out_dir, formats=formats, duckdb=duckdb, vocabulary=vocabulary) as writer:
        writer.add(tables)
    return writer.out
