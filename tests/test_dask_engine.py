"""The Dask engine: every partition's result once, failures as records, bounded work in flight.

All clusters listen on 127.0.0.1. Most tests share one LocalCluster of two worker processes;
those about the engine's own LocalCluster (a worker killed, closing early) start their own.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import dask_work
import psutil
import pytest
from dask_work import Part

from unionnews.extraction import dask_engine
from unionnews.extraction.dask_engine import (
    DaskUnavailable,
    PartitionFailed,
    dask_results,
    local_cluster,
    local_workers,
    status_peak,
    worker_memory,
)

distributed = pytest.importorskip("dask.distributed")

#: What the command line of multiprocessing's resource tracker process contains.
_RESOURCE_TRACKER = "multiprocessing.resource_tracker"

T = TypeVar("T")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A Client of a LocalCluster of two single-threaded worker processes, shared by the module."""
    cluster = local_cluster(2)
    client = distributed.Client(cluster, set_as_default=False)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _split(results: Iterable[T | PartitionFailed]) -> tuple[list[T], list[PartitionFailed]]:
    """The results of a run, and its failures."""
    done: list[T] = []
    failed: list[PartitionFailed] = []
    for result in results:
        if isinstance(result, PartitionFailed):
            failed.append(result)
        else:
            done.append(result)
    return done, failed


def _new_children(before: set[int]) -> list[psutil.Process]:
    """Processes started by this process since ``before`` and still running, after a short wait."""
    deadline = time.monotonic() + 5
    while True:
        alive = [child for child in _running_children() if child.pid not in before]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def _children() -> set[int]:
    """Pids of this process's running descendants now."""
    return {child.pid for child in _running_children()}


def _running_children() -> list[psutil.Process]:
    """This process's running descendants, but multiprocessing's resource tracker: spawning
    the first worker process starts it, and it lives as long as this process, by design."""
    alive = []
    for child in psutil.Process().children(recursive=True):
        try:
            if child.status() == psutil.STATUS_ZOMBIE or _RESOURCE_TRACKER in " ".join(child.cmdline()):
                continue
        except psutil.NoSuchProcess:
            continue
        alive.append(child)
    return alive


def test_importing_the_engine_does_not_import_dask() -> None:
    code = (
        "import sys, unionnews.extraction.dask_engine\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_every_result_comes_once_from_the_workers(client: Any) -> None:
    parts = [Part(index, value=index + 100) for index in range(20)]
    done, failed = _split(dask_results(parts, dask_work.double, scheduler=client))
    assert not failed
    assert sorted((index, value) for index, value, _ in done) == [(i, 2 * (i + 100)) for i in range(20)]
    assert os.getpid() not in {pid for _, _, pid in done}


def test_identical_partitions_are_two_tasks(client: Any) -> None:
    part = Part(0)
    results = list(dask_results([part, part], dask_work.token, scheduler=client))
    assert len(results) == 2
    assert results[0] != results[1]


def test_a_task_that_raises_fails_alone(client: Any) -> None:
    parts = [Part(index, value=index, action="raise" if index == 3 else "ok") for index in range(6)]
    done, failed = _split(dask_results(parts, dask_work.double, scheduler=client))
    message = "partition 3: ValueError: value 3 is bad second line of the message"
    assert failed == [PartitionFailed(3, "ValueError", message)]
    assert sorted(index for index, _, _ in done) == [0, 1, 2, 4, 5]


def test_results_and_partitions_that_do_not_pickle_fail_alone(client: Any) -> None:
    parts: list[Any] = [Part(0), Part(1, action="unpicklable"), Part(2)]
    parts.append(_Unpicklable(3))
    done, failures = _split(dask_results(parts, dask_work.double, scheduler=client))
    failed = {failure.index: failure for failure in failures}
    assert set(failed) == {1, 3}
    assert "\n" not in failed[1].message and failed[1].message.startswith("partition 1: ")
    assert "picklable" in failed[3].message
    assert sorted(index for index, _, _ in done) == [0, 2]


class _Unpicklable:
    """A partition that cannot be pickled (it holds a generator)."""

    def __init__(self, index: int) -> None:
        self.index = index
        self.generator = (n for n in range(1))


def test_no_more_tasks_in_flight_than_asked(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    held: set[str] = set()
    most = 0
    submit = client.submit
    release = distributed.Future.release

    def counting_submit(*args: Any, **kwargs: Any) -> Any:
        nonlocal most
        future = submit(*args, **kwargs)
        held.add(future.key)
        most = max(most, len(held))
        return future

    def counting_release(future: Any) -> None:
        held.discard(future.key)
        release(future)

    monkeypatch.setattr(client, "submit", counting_submit)
    monkeypatch.setattr(distributed.Future, "release", counting_release)
    parts = [Part(index, value=index) for index in range(12)]
    results = list(dask_results(parts, dask_work.double, scheduler=client, max_in_flight=3))
    assert len(results) == 12
    assert most == 3
    assert not held  # every future was released once its result was taken


def test_one_task_in_flight_runs_tasks_one_after_another(client: Any, tmp_path: Path) -> None:
    parts = [Part(index, seconds=0.05, log=str(tmp_path)) for index in range(6)]
    done, failed = _split(dask_results(parts, dask_work.timed, scheduler=client, max_in_flight=1))
    assert sorted(done) == list(range(6)) and not failed
    spans = sorted(
        tuple(float(time) for time in path.read_text(encoding="utf-8").split())
        for path in tmp_path.glob("*.txt")
    )
    assert len(spans) == 6
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start  # two workers, but never two tasks at once


def test_closing_early_cancels_the_tasks_left(client: Any) -> None:
    parts = [Part(0)] + [Part(index, seconds=0.3) for index in range(1, 20)]
    results = dask_results(parts, dask_work.double, scheduler=client, max_in_flight=4)
    next(results)
    results.close()
    deadline = time.monotonic() + 5
    while client.run_on_scheduler(dask_work.task_count) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert client.run_on_scheduler(dask_work.task_count) == 0


def test_a_client_given_is_left_open(client: Any) -> None:
    done, _ = _split(dask_results([Part(0, value=1)], dask_work.double, scheduler=client))
    assert [(index, value) for index, value, _ in done] == [(0, 2)]
    assert client.status == "running"
    assert client.submit(sum, [1, 2]).result() == 3


def test_worker_memory_is_measured_in_each_worker(client: Any) -> None:
    current = worker_memory(client, "current")
    peak = worker_memory(client)  # after: the peak is at least what was current before
    assert set(peak) == set(current) == set(client.nthreads())
    assert len(peak) == 2
    for address, size in peak.items():
        assert 10_000_000 < current[address] <= size < 100_000_000_000


def test_the_peak_is_read_from_a_linux_status_text() -> None:
    status = "Name:\tpython\nVmPeak:\t  900000 kB\nVmHWM:\t   63368 kB\nVmRSS:\t   60000 kB\n"
    assert status_peak(status) == 63368 * 1024
    assert status_peak("Name:\tpython\nVmRSS:\t 60000 kB\n") is None
    assert status_peak("VmHWM:\t 12 MB\n") is None


def test_a_killed_worker_fails_its_partition_and_the_run_goes_on() -> None:
    before = _children()
    parts = [Part(index, value=index, action="exit" if index == 2 else "ok") for index in range(8)]
    done, failed = _split(dask_results(parts, dask_work.double, n_workers=2))
    assert [(failure.index, failure.error) for failure in failed] == [(2, "KilledWorker")]
    assert "memory" in failed[0].message
    assert sorted(index for index, _, _ in done) == [0, 1, 3, 4, 5, 6, 7]
    assert not _new_children(before)


def test_closing_early_stops_the_local_cluster() -> None:
    before = _children()
    parts = [Part(0)] + [Part(index, seconds=60) for index in range(1, 6)]
    results = dask_results(parts, dask_work.double, n_workers=2)
    first = next(results)
    assert not isinstance(first, PartitionFailed) and first[0] == 0
    assert len(_children() - before) == 2  # the cluster's two worker processes
    started = time.monotonic()
    results.close()
    assert not _new_children(before)
    assert time.monotonic() - started < 20  # the tasks sleeping a minute were not awaited


def test_an_unreachable_scheduler_raises_quickly() -> None:
    started = time.monotonic()
    with pytest.raises(DaskUnavailable, match=r"tcp://127\.0\.0\.1:1\b.*check the address"):
        next(dask_results([Part(0)], dask_work.double, scheduler="tcp://127.0.0.1:1", connect_timeout=1))
    assert time.monotonic() - started < 10


def test_no_partitions_start_no_cluster() -> None:
    before = _children()
    assert list(dask_results([], dask_work.double)) == []
    assert _children() == before


def test_bad_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="max_in_flight"):
        next(dask_results([Part(0)], dask_work.double, max_in_flight=0))
    with pytest.raises(ValueError, match="n_workers"):
        local_workers(0, 3)


def test_local_workers_are_capped_by_the_partitions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_engine, "_usable_cores", lambda: 8)
    assert local_workers(None, 3) == 3
    assert local_workers(None, 100) == 8
    assert local_workers(4, 2) == 2
    assert local_workers(4, 10) == 4
    assert local_workers(None, 0) == 1


def test_a_failure_message_is_one_short_line() -> None:
    failure = dask_engine._failure(5, RuntimeError("\n  first\nsecond "), sent=True)
    assert failure == PartitionFailed(5, "RuntimeError", "partition 5: RuntimeError: first second")
    long = dask_engine._failure(6, RuntimeError("x" * 1000), sent=True).message
    assert long.endswith("x…") and len(long) < dask_engine.MESSAGE_CHARS + 40
    assert dask_engine._failure(7, RuntimeError(), sent=True).message == (
        "partition 7: RuntimeError: RuntimeError"
    )


def test_a_lost_scheduler_stops_the_run() -> None:
    cluster = local_cluster(1)
    client = distributed.Client(cluster, set_as_default=False)
    try:
        parts = [Part(0)] + [Part(index, seconds=0.5) for index in range(1, 6)]
        results = dask_results(parts, dask_work.double, scheduler=client)
        next(results)
        cluster.close()
        started = time.monotonic()
        with pytest.raises(DaskUnavailable, match="lost the Dask scheduler"):
            list(results)
        assert time.monotonic() - started < 20
    finally:
        client.close()
        cluster.close()
