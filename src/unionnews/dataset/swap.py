"""The atomic folder swap, and the cleanup of temporary folders that killed runs left."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from unionnews import __version__
from unionnews._processes import machine, pid_alive, process_start
from unionnews.dataset.files import _fsync_dir
from unionnews.dataset.manifest import _Signature, _signature

# Logged under the name of the module these functions came from, which users' log settings name.
logger = logging.getLogger("unionnews.dataset.writers")

#: In a temporary directory until the swap: which process is writing it.
OWNER_FILE = ".unionnews-owner.json"
#: A temporary directory whose owner cannot be checked (another machine, an older
#: unionnews) is removed once nothing in it changed for this many seconds.
STALE_AFTER = 24 * 3600
#: ... and one with nothing in it (not even a complete owner file) after this many.
_UNBORN_AFTER = 60
_TMP_SUFFIX = re.compile(r"[0-9a-f]{8}")

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


# --- the swap ------------------------------------------------------------------------------


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
