"""Worker processes that never outlive the run that started them, and who owns a pid.

A ``ProcessPoolExecutor`` worker waits for work on a pipe that its siblings also hold
open, so when the parent is killed (SIGKILL, SIGTERM, a closed terminal) the worker
never learns it and waits forever, holding its memory. :func:`worker_pool` gives each
worker a watcher thread that exits the worker as soon as its parent is gone (POSIX:
the parent pid changes, because an orphan is adopted by another process; Windows: the
parent's process handle is signalled), and on Linux also asks the kernel to kill it
with its parent (``PR_SET_PDEATHSIG``), which works even while the worker holds the
GIL. Workers ignore Ctrl-C: the parent receives it too and stops them
(:func:`stop_pool`), so a Ctrl-C prints one message, not one traceback per worker.

Only the standard library is used, and every POSIX- or Linux-only call is behind a
platform check: this module is on the main path on Windows too.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # multiprocessing is imported when a pool is made: one worker needs none
    import multiprocessing.process
    from concurrent.futures import ProcessPoolExecutor

logger = logging.getLogger(__name__)

#: Seconds between two checks of a worker's parent.
PARENT_POLL = 0.2
#: Exit status of a worker whose parent died.
ORPHAN_EXIT = 3


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process and ignore Ctrl-C."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(os.getpid(),))


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop ``pool`` now: cancel queued work and terminate the workers, without waiting
    for the work in hand (a stopped run has no use for it)."""
    # A 3.11 pool names its workers, result queue and manager thread only in private
    # attributes (3.14 adds terminate_workers()); shutdown() forgets them, so read them first.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    results = getattr(pool, "_result_queue", None)
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    # Before Python 3.12 a pool broken while it still lists cancelled futures prints an
    # InvalidStateError traceback from its manager thread. shutdown() woke the manager to
    # drop them; it clears ``_cancel_pending_futures`` once it has: wait for that.
    deadline = time.monotonic() + 2
    while (
        getattr(pool, "_cancel_pending_futures", False)
        and isinstance(manager, threading.Thread)
        and manager.is_alive()
        and time.monotonic() < deadline
    ):
        time.sleep(0.005)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)
    # A worker ended while sending its result leaves half a message in the result pipe, and
    # the pool's manager thread waits for the rest forever, so the interpreter never exits.
    # With every worker gone, closing our own copy of the pipe's write end ends that wait.
    writer = getattr(results, "_writer", None)
    if writer is not None:
        try:
            writer.close()
        except OSError as exc:
            logger.debug("closing the result pipe of a stopped pool: %s", exc)
    if isinstance(manager, threading.Thread):
        manager.join(timeout=5)
        if manager.is_alive():
            logger.debug("the stopped pool's manager thread is still running")


def _init_worker(parent_pid: int) -> None:
    """Run in each worker before any work: leave stop signals to the parent, watch it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops us
    if hasattr(signal, "SIGTERM"):  # a fork copies the parent's handler; stop() must end us
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        _die_with_parent_linux()
    if sys.platform == "win32":
        import multiprocessing

        parent = multiprocessing.parent_process()
        if parent is None:
            return
        watch = threading.Thread(target=_wait_for_parent, args=(parent,), daemon=True)
    else:
        ppid = os.getppid()
        if ppid != parent_pid and not pid_alive(parent_pid):
            os._exit(ORPHAN_EXIT)  # the parent died before this worker started
        watch = threading.Thread(target=_poll_parent, args=(ppid,), daemon=True)
    watch.name = "unionnews-parent-watch"
    watch.start()


def _poll_parent(ppid: int) -> None:
    """POSIX: an orphan is adopted (its parent pid changes), so a changed pid means the parent died.

    With the ``fork`` start method ``ppid`` is the run itself; with ``forkserver`` it is
    the fork server, which exits when the run does.
    """
    stop = threading.Event()
    while not stop.wait(PARENT_POLL):
        if os.getppid() != ppid:
            os._exit(ORPHAN_EXIT)


def _wait_for_parent(parent: multiprocessing.process.BaseProcess) -> None:
    """Windows: the parent's process handle is signalled when it ends (spawned workers hold
    no copies of each other's pipes, so this is reliable there)."""
    parent.join()
    os._exit(ORPHAN_EXIT)


def _die_with_parent_linux() -> None:
    """Linux: have the kernel SIGKILL this process when its parent ends (even mid-C-call)."""
    import ctypes  # only here: a Linux extra

    pr_set_pdeathsig = 1
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0) != 0:
            logger.debug("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
    except (OSError, AttributeError) as exc:  # no libc prctl (e.g. musl builds without it)
        logger.debug("prctl(PR_SET_PDEATHSIG) unavailable: %s", exc)


# --- is a process alive? -------------------------------------------------------------------


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists on this machine (it may be another program
    if the pid was reused: compare :func:`process_start` to tell)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)  # signal 0: a check, nothing is sent (never do this on Windows)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, and belongs to another user
    except OSError as exc:
        logger.debug("cannot tell whether pid %d is alive: %s", pid, exc)
        return True
    return True


def process_start(pid: int) -> str | None:
    """When process ``pid`` started, as an opaque token, or ``None`` where unknown.

    Linux only (``/proc/<pid>/stat``: clock ticks since boot): with the pid, it names
    one process for good, so a reused pid is not taken for the process that is gone.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()  # the name in parentheses may hold spaces
    return fields[19] if len(fields) > 19 else None  # field 22 of the file: starttime


def machine() -> dict[str, str | None]:
    """Where a pid means something: the host name and, on Linux, the boot and the pid
    namespace (containers sharing a host name and a folder do not share pids)."""
    identity: dict[str, str | None] = {"host": socket.gethostname(), "boot": None, "pid_namespace": None}
    if sys.platform.startswith("linux"):
        try:
            identity["boot"] = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
            identity["pid_namespace"] = os.readlink("/proc/self/ns/pid")
        except OSError as exc:
            logger.debug("cannot read the boot id or pid namespace: %s", exc)
    return identity


def _pid_alive_windows(pid: int) -> bool:
    if sys.platform == "win32":  # repeated so type checkers on other systems skip this block
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        process_query_limited_information, still_active, error_access_denied = 0x1000, 259, 5
        handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
        if not handle:
            return ctypes.get_last_error() == error_access_denied  # exists, not ours to query
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == still_active
        finally:
            kernel32.CloseHandle(handle)
    return True
