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

import errno
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from datetime import time as dt_time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unionnews import __version__
from unionnews._processes import machine, pid_alive, process_start
from unionnews.dataset.package import DATAPACKAGE, datapackage
from unionnews.dataset.schema import (
    EXTENSIBLE,
    TABLE_DESCRIPTIONS,
    TABLES,
    Extra,
    arrow_schema,
    arrow_vocabulary_problems,
    columns,
    conform,
    is_conformed,
    is_missing,
    pandas_types,
    vocabulary_problems,
)
from unionnews.errors import DatasetError, OutputNotWritable, OutputWriteFailed

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

# pandas, pyarrow and duckdb are imported where they are used: `unionnews --help` imports this
# module without them, and a run that writes no DuckDB file never loads duckdb.

logger = logging.getLogger(__name__)

#: Table formats ``write_dataset`` understands; Parquet is always written.
FORMATS: tuple[str, ...] = ("parquet", "csv", "jsonl")
MANIFEST = "manifest.json"
DUCKDB_FILE = "unionnews.duckdb"
#: Memory DuckDB may use while copying the Parquet tables into its file.
DUCKDB_MEMORY_LIMIT = "256MB"
#: Marker stored in manifest.json so a directory can be recognised as ours.
MANIFEST_KIND = "unionnews-dataset"
#: In a temporary directory until the swap: which process is writing it.
OWNER_FILE = ".unionnews-owner.json"
#: A temporary directory whose owner cannot be checked (another machine, an older
#: unionnews) is removed once nothing in it changed for this many seconds.
STALE_AFTER = 24 * 3600
#: ... and one with nothing in it (not even a complete owner file) after this many.
_UNBORN_AFTER = 60
_TMP_SUFFIX = re.compile(r"[0-9a-f]{8}")
#: How a checked file is recognised later: size, modification time (ns), inode.
_Signature = tuple[int, int, int]

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
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False)
    pq.write_table(arrow, path, compression="zstd")


def _plain_value(value: Any) -> Any:
    """A cell as JSON holds it: dates and times as ISO 8601 text, lists as lists, a record as an
    object of its fields that are set (keys sorted), nulls as ``None``."""
    if isinstance(value, Mapping):
        return {k: _plain_value(v) for k, v in sorted(value.items()) if not is_missing(v)}
    if isinstance(value, list | tuple) or type(value).__name__ == "ndarray":
        return [_plain_value(v) for v in value]
    if is_missing(value):
        return None
    if isinstance(value, datetime):  # pandas Timestamps too
        if value.tzinfo is None and value.time() == dt_time(0):
            return value.date().isoformat()  # a date column (datetime64 at midnight)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _is_typed(dtype: Any) -> bool:
    """Is a column of ``dtype`` one that CSV cannot hold as it is (dates, times, lists, records)?"""
    import pandas as pd

    typed = isinstance(dtype, pd.ArrowDtype | pd.DatetimeTZDtype)
    return typed or pd.api.types.is_datetime64_any_dtype(dtype)


def text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its typed columns as text, as CSV (or a spreadsheet) holds them: dates and
    times ISO 8601 ("2024-01-01", "2023-09-15T15:40:00+07:00"), lists and records JSON
    (``["a", "b"]``, ``{"doc_type": "Kế hoạch"}``); nulls stay nulls (empty cells). Other
    columns are unchanged.
    """
    import pandas as pd

    typed = [name for name in frame.columns if _is_typed(frame[name].dtype)]
    if not typed:
        return frame
    out = frame.copy()
    for name in typed:
        values = [_plain_value(v) for v in frame[name].to_numpy(dtype=object)]
        cells = [v if v is None or isinstance(v, str) else _JSON.encode(v) for v in values]
        out[name] = pd.Series(cells, index=frame.index, dtype="string")
    return out


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as JSON objects: dates and times ISO 8601 text, lists as arrays,
    records as objects, nulls ``None``."""
    names = [str(name) for name in frame.columns]
    arrays = [frame[name].to_numpy(dtype=object) for name in frame.columns]
    rows = zip(*arrays, strict=True)
    return [{name: _plain_value(v) for name, v in zip(names, row, strict=True)} for row in rows]


#: JSON for list and record cells: non-ASCII kept readable, keys sorted.
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 *with BOM* so Excel shows Vietnamese correctly; nulls are empty cells; dates and
    times as ISO 8601 text, lists and records as JSON text (:func:`text_cells`)."""
    text_cells(frame).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def write_jsonl(frame: pd.DataFrame, path: Path) -> None:
    """One JSON object per line, UTF-8, non-ASCII kept readable; nulls are ``null``."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for record in json_records(frame):
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
    """Copy each Parquet table into a DuckDB file, with table and column comments.

    The tables and comments are made in one transaction: committed once, not once per
    statement (each commit costs a write of DuckDB's log).
    """
    import duckdb

    con = duckdb.connect(str(path))
    try:
        # DuckDB caches what it reads up to its memory limit (80% of RAM by default);
        # a fixed limit keeps a large import bounded and makes it spill to disk instead.
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        con.execute("BEGIN TRANSACTION")
        for table, file in parquet_files.items():
            con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM read_parquet({_sql_literal(str(file))})')
            con.execute(f'COMMENT ON TABLE "{table}" IS {_sql_literal(TABLE_DESCRIPTIONS[table])}')
            for col in columns(table):
                con.execute(f'COMMENT ON COLUMN "{table}"."{col.name}" IS {_sql_literal(col.description)}')
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()


# --- metadata ------------------------------------------------------------------------------


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
    unionnews dataset holding only the files its manifest lists, unchanged
    (same size and SHA-256). Call it before a long run so a typo fails in a
    second, not after the extraction.
    """
    _dataset_files(Path(out_dir).expanduser())


def _signature(stat: os.stat_result) -> _Signature:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _is_listed_copy(entry: os.DirEntry[str], info: object) -> bool:
    """``entry`` is a regular file with the size and SHA-256 that ``info`` (a manifest row) gives."""
    if not isinstance(info, dict) or not entry.is_file(follow_symlinks=False):
        return False
    size = info.get("bytes")
    if size is not None and entry.stat(follow_symlinks=False).st_size != size:
        return False
    return sha256_of(Path(entry.path)) == info.get("sha256")


def _dataset_files(out: Path) -> dict[str, _Signature]:
    """The files of the dataset in ``out`` (name -> signature), each checked against its
    manifest; :class:`DatasetError` when ``out`` holds anything else.

    Only names read from the directory itself are ever matched against the manifest,
    so a manifest listing ``../x`` or ``/home/x`` names nothing a run could delete.
    """
    if not out.exists():
        return {}
    if not out.is_dir():
        raise DatasetError(f"{out} exists and is not a directory; choose another --out path")
    with os.scandir(out) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    if not entries:
        return {}
    manifest = read_manifest(out)
    if manifest is None:
        raise DatasetError(
            f"{out} is not empty and is not a unionnews dataset (no {MANIFEST}); refusing to "
            "replace it. Choose a new or empty --out directory."
        )
    listed = manifest.get("files")
    if not isinstance(listed, dict):
        listed = {}
    files: dict[str, _Signature] = {}
    foreign: list[str] = []
    changed: list[str] = []
    for entry in entries:
        if entry.name == MANIFEST and entry.is_file(follow_symlinks=False):
            pass
        elif entry.name not in listed:
            foreign.append(entry.name)
            continue
        elif not _is_listed_copy(entry, listed[entry.name]):
            changed.append(entry.name)
            continue
        files[entry.name] = _signature(entry.stat(follow_symlinks=False))
    if foreign or changed:
        held = []
        if foreign:
            held.append(f"files that unionnews did not write: {foreign[:5]}")
        if changed:
            held.append(
                f"files that changed since unionnews wrote them (not as {MANIFEST} lists them): {changed[:5]}"
            )
        raise DatasetError(
            f"{out} holds {' and '.join(held)}; writing a new dataset there would delete them. "
            "Move them out of the directory first, or choose another --out directory."
        )
    return files


# --- temporary directories of killed runs -------------------------------------------------


def _owner_record() -> dict[str, Any]:
    pid = os.getpid()
    return {
        "pid": pid,
        **machine(),
        "process_start": process_start(pid),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "unionnews_version": __version__,
    }


def _read_owner(tmp: Path) -> dict[str, Any] | None:
    try:
        owner = json.loads((tmp / OWNER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # none yet, none any more, or an older unionnews
        logger.debug("no owner in %s: %s", tmp, exc)
        return None
    return owner if isinstance(owner, dict) else None


def _last_change(folder: Path) -> float:
    """The newest modification time of ``folder`` and the files in it (seconds since the epoch)."""
    newest = folder.lstat().st_mtime
    with os.scandir(folder) as scan:
        for entry in scan:
            newest = max(newest, entry.stat(follow_symlinks=False).st_mtime)
    return newest


def _stale(tmp: Path) -> str | None:
    """Why ``tmp`` belongs to no running process, or ``None`` if it may (then it is kept)."""
    owner = _read_owner(tmp)
    here = machine()
    if owner is not None and owner.get("host") == here["host"] and isinstance(owner.get("pid"), int):
        pid: int = owner["pid"]
        if owner.get("boot") != here["boot"] and None not in (owner.get("boot"), here["boot"]):
            return f"a run (pid {pid}) before this machine last started"
        if owner.get("pid_namespace") == here["pid_namespace"]:  # else: another container's pid
            if not pid_alive(pid):
                return f"a run (pid {pid}) that no longer runs"
            recorded, now = owner.get("process_start"), process_start(pid)
            if recorded is not None and now is not None:
                return None if recorded == now else f"a run (pid {pid}, since reused) that no longer runs"
    idle = time.time() - _last_change(tmp)
    if idle > STALE_AFTER:
        return f"a run that stopped writing {idle / 3600:.0f} hours ago"
    if owner is None and idle > _UNBORN_AFTER and {p.name for p in tmp.iterdir()} <= {OWNER_FILE}:
        return "a run stopped before it wrote anything"  # a live run fills it within milliseconds
    return None


def remove_stale_temporaries(out: str | Path) -> list[Path]:
    """Remove the temporary directories of ``out`` that killed runs left; return them.

    ``.<name>.tmp-<hex>`` beside ``out`` is removed when the run that made it is gone:
    its owner file names a process of this machine that no longer runs (on Linux, also
    one whose pid another process now has, or one from before the last boot); or, when
    the owner cannot be checked (another machine or container, a directory of an older
    unionnews), nothing in it changed for :data:`STALE_AFTER` seconds. The directory of
    a run that is still writing is kept.
    """
    out = Path(out)
    prefix = f".{out.name}.tmp-"
    try:
        candidates = sorted(
            p
            for p in out.parent.iterdir()
            if p.name.startswith(prefix) and _TMP_SUFFIX.fullmatch(p.name[len(prefix) :])
        )
    except OSError as exc:  # no parent yet, or one we may not list: nothing to clean
        logger.debug("cannot look for temporary directories of %s: %s", out, exc)
        return []
    removed = []
    for tmp in candidates:
        try:
            if tmp.is_symlink() or not tmp.is_dir():
                continue
            why = _stale(tmp)
        except OSError as exc:  # removed by its owner meanwhile, or unreadable
            logger.debug("skipping %s: %s", tmp, exc)
            continue
        if why is None:
            continue
        _remove_tree(tmp)
        if not os.path.lexists(tmp):
            logger.info("removed %s, the temporary directory of %s", tmp, why)
            removed.append(tmp)
    return removed


# --- failures of the operating system -------------------------------------------------------

_NO_SPACE = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_NO_ACCESS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
#: How DuckDB words a failure of the file system (it raises its own classes, not OSError:
#: a full disk surfaces as a TransactionException "Could not write file …: No space left").
_DUCKDB_DISK = re.compile(
    r"No space left|Disk quota|Permission denied|Read-only file system|Could not write file"
)


def _is_disk_error(exc: BaseException) -> bool:
    """``exc`` is the file system refusing: an ``OSError``, or an error of DuckDB that says so."""
    if isinstance(exc, OSError):
        return True
    duckdb = sys.modules.get("duckdb")  # not imported yet: then ``exc`` cannot be one of its errors
    if duckdb is None or not isinstance(exc, duckdb.Error):
        return False
    return isinstance(exc, duckdb.IOException | duckdb.PermissionException) or bool(
        _DUCKDB_DISK.search(str(exc))
    )


def output_error(
    exc: BaseException, out: Path, *, kept: bool, folder: Path | None = None, tmp: Path | None = None
) -> DatasetError:
    """One clear error for a failed write of the dataset for ``out`` (``exc`` from the OS,
    Arrow or DuckDB): which folder, what happened, what to do, and what became of ``out``."""
    if isinstance(exc, DatasetError):
        return exc
    error = _classify(exc, out, kept=kept, folder=folder or out.parent, tmp=tmp)
    error.errno = getattr(exc, "errno", None)
    return error


def _classify(
    exc: BaseException, out: Path, *, kept: bool, folder: Path, tmp: Path | None
) -> OutputNotWritable | OutputWriteFailed:
    code = getattr(exc, "errno", None)
    text = str(exc)
    outcome = f"the dataset in {out} was left as it was" if kept else f"nothing was written to {out}"
    if code in _NO_SPACE or "No space left" in text or "quota exceeded" in text.lower():
        return OutputWriteFailed(
            f"no space left on the disk that holds {folder} (writing the dataset for {out}): free "
            f"some space there, or choose an --out on another disk, and run again; {outcome}."
        )
    read_only = code == errno.EROFS or "Read-only file system" in text
    if read_only or code in _NO_ACCESS or "Permission denied" in text:
        place = folder
        filename = getattr(exc, "filename", None)
        if filename:  # the folder in which a file or directory could not be made
            parent = Path(os.fsdecode(filename)).parent
            if tmp is None or (parent != tmp and tmp not in parent.parents):
                place = parent
        why = "a read-only file system" if read_only else "permission denied"
        return OutputNotWritable(
            f"cannot write to {place} ({why}): choose an --out directory you can write to, or get "
            f"write access to {place}; {outcome}."
        )
    return OutputWriteFailed(
        f"could not write the dataset for {out} ({text}): check the disk that holds {folder} and "
        f"run again; {outcome}."
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
            write_duckdb({t: self.tmp / f"{t}.parquet" for t in TABLES}, self.tmp / DUCKDB_FILE)
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


def _swap_in(tmp: Path, out: Path, files: Mapping[str, _Signature] | None = None) -> None:
    """Replace ``out`` by ``tmp`` with two renames; restore ``out`` if the second fails.

    Of the replaced directory, only ``files`` (its dataset's files as checked before the
    run, unchanged since) are deleted; anything else stays in its ``.old-`` directory.
    """
    old: Path | None = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(out, old)
    try:
        os.replace(tmp, out)
    except BaseException:  # an OSError, or an interrupt between the two renames
        if old is not None:
            os.replace(old, out)
        raise
    _fsync_dir(out.parent)
    if old is not None:
        _remove_replaced(old, files or {})


def _remove_replaced(old: Path, files: Mapping[str, _Signature]) -> None:
    """Delete the replaced dataset's files from ``old``, then ``old`` unless something else is there."""
    kept: list[str] = []
    with os.scandir(old) as scan:
        for entry in scan:
            expected = files.get(entry.name)
            try:
                if (
                    expected is not None
                    and entry.is_file(follow_symlinks=False)
                    and _signature(entry.stat(follow_symlinks=False)) == expected
                ):
                    os.unlink(entry.path)
                    continue
            except OSError as exc:
                logger.warning("could not remove %s (%s); delete it by hand", entry.path, exc)
            kept.append(entry.name)
    if kept:
        logger.warning(
            "the replaced dataset's folder held files its manifest did not list, or that changed "
            "during the run: %s; they were kept in %s",
            sorted(kept)[:5],
            old,
        )
        return
    try:
        os.rmdir(old)
    except OSError as exc:
        logger.warning("could not remove %s (%s); delete it by hand", old, exc)


def _remove_tree(path: Path) -> None:
    """Remove a temporary directory of ours, logging (not raising) if that fails too."""

    def report(_fn: Callable[..., Any], name: str, exc_info: Any) -> None:
        logger.warning("could not remove %s (%s); delete it by hand", name, exc_info[1])

    if os.path.lexists(path):
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
