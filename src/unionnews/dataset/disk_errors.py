"""Failures of the operating system while writing a dataset, as one clear error."""

from __future__ import annotations

import errno
import os
import re
import sys
from pathlib import Path

from unionnews.errors import DatasetError, OutputNotWritable, OutputWriteFailed

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
