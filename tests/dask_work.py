"""Partitions and work functions for tests/test_dask_engine.py, run by Dask worker processes.

A plain module, not a test file. Worker processes import it by name when they unpickle a
task: pytest puts tests/ on ``sys.path`` (its default "prepend" import mode, under xdist
too), and a LocalCluster's workers are started by multiprocessing's "spawn", which gives
each child its parent's ``sys.path``.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Part:
    """A test partition: ``action`` tells the work what to do with it."""

    index: int
    value: int = 0
    action: str = "ok"
    seconds: float = 0.0
    log: str = ""


def double(part: Part) -> tuple[int, int, int]:
    """The partition's index, twice its value, and the pid of the process that ran it.

    ``action`` makes it misbehave: ``"raise"`` raises a ValueError with a two-line message,
    ``"exit"`` ends the worker process at once, ``"unpicklable"`` returns a lock.
    """
    if part.seconds:
        time.sleep(part.seconds)
    if part.action == "raise":
        raise ValueError(f"value {part.value} is bad\nsecond line of the message")
    if part.action == "exit":
        os._exit(1)
    if part.action == "unpicklable":
        return threading.Lock()  # type: ignore[return-value]
    return part.index, part.value * 2, os.getpid()


def timed(part: Part) -> int:
    """Sleep ``seconds``, writing when it started and ended to a file under ``part.log``."""
    start = time.time()
    time.sleep(part.seconds)
    end = time.time()
    Path(part.log, f"{part.index}.txt").write_text(f"{start!r} {end!r}", encoding="utf-8")
    return part.index


def token(part: Part) -> str:
    """A value unique to each call, to tell two runs of one partition apart."""
    return uuid.uuid4().hex


def task_count(dask_scheduler: object) -> int:
    """Tasks the scheduler knows about (run on the scheduler with ``run_on_scheduler``)."""
    return len(dask_scheduler.tasks)  # type: ignore[attr-defined]
