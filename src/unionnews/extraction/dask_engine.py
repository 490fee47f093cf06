"""Run partitions on a Dask cluster, whatever the work is, and hand back each result.

:func:`dask_results` sends one task per partition to a Dask cluster and yields each
partition's result as soon as it is back, in completion order (the caller puts them in
order by their ``index``). It can be used in three ways:

* ``scheduler=None`` (the default): a ``LocalCluster`` of worker processes is started on
  this machine, listening on 127.0.0.1 only and without a dashboard, and it is closed when
  the results have all been taken, when the caller stops early, or on an error.
* ``scheduler="tcp://host:8786"``: connect to a scheduler already running (``dask
  scheduler`` and ``dask worker tcp://host:8786`` on the machines); the cluster is left
  running, only the connection made here is closed.
* ``scheduler=client``: from Python, use a ``distributed.Client`` the caller made and owns;
  it is neither closed nor made the default client.

Workers receive the work function and each partition by pickling, so the work function
must be a module-level function (not a lambda or a closure) of a module the workers can
import, and partitions and results must be picklable. On a remote cluster the workers need
the same unionnews installed. A task that fails (the work raised, its worker died, its
partition or result could not be pickled) yields a :class:`PartitionFailed` and the run
goes on; a cluster that cannot be started or reached raises :class:`DaskUnavailable`.

Dask is imported only when a run starts: importing this module costs nothing to those who
never use Dask.
"""

from __future__ import annotations

import logging
import os
import sys
import uuid
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from unionnews.errors import UnionNewsError

if TYPE_CHECKING:  # dask is imported lazily, when a run starts
    from dask.distributed import Client, Future, LocalCluster

#: Tries of a task that raised: one more after the first failure.
RETRIES = 1
#: Deaths of a worker running a task before the task is given up (KilledWorker), for the
#: LocalCluster made here: a partition that kills its worker (out of memory...) is tried
#: twice, like one that raises (dask's default is 3: four workers lost to one partition).
ALLOWED_FAILURES = 1
#: Seconds to wait for a scheduler given by its address before giving up.
CONNECT_TIMEOUT = 10.0
#: Seconds to wait for the LocalCluster made here to shut down.
CLOSE_TIMEOUT = 10.0
#: Tasks in flight per worker thread when ``max_in_flight`` is not given. One, not two: dask
#: blames a worker's death on every task sent to that worker, the one running and those
#: waiting behind it, so with two per thread a partition that kills its worker twice took
#: innocent partitions down with it (KilledWorker) in most runs. A worker waits for the
#: client between two partitions, a round trip, small beside a partition's work.
IN_FLIGHT_PER_THREAD = 1
#: Characters of an exception's message kept in a PartitionFailed.
MESSAGE_CHARS = 300

R = TypeVar("R")


class Indexed(Protocol):
    """A partition: anything with an ``index`` that orders it among the others."""

    @property
    def index(self) -> int:
        """The partition's place among all partitions."""
        ...


P = TypeVar("P", bound=Indexed)


@dataclass(frozen=True, slots=True)
class PartitionFailed:
    """A partition whose task failed on the cluster (its worker died, it could not be pickled...)."""

    index: int
    """The partition's index."""
    error: str
    """The exception's type name, e.g. ``"KilledWorker"``."""
    message: str
    """One line a user can act on."""


class DaskUnavailable(UnionNewsError, RuntimeError):
    """The Dask cluster could not be started or reached (or dask is not installed); the
    command line reports it in one line (status 1)."""


def dask_results(
    partitions: Sequence[P],
    work: Callable[[P], R],
    *,
    scheduler: str | Client | None = None,
    n_workers: int | None = None,
    memory_limit: str | None = None,
    max_in_flight: int | None = None,
    connect_timeout: float = CONNECT_TIMEOUT,
) -> Generator[R | PartitionFailed, None, None]:
    """Yield ``work(partition)`` for each partition once, in the order they complete.

    ``scheduler`` is None (start a LocalCluster of ``n_workers`` processes, by default one
    per core and no more than there are partitions, each limited to ``memory_limit`` such
    as ``"2GB"``, or dask's default share of the memory), a scheduler's address (waited
    for ``connect_timeout`` seconds), or a Client. At most ``max_in_flight`` tasks are
    submitted and not yet collected (default: one per worker thread), so the results
    waiting on the cluster stay few whatever the number of partitions. A failed task
    yields a :class:`PartitionFailed`; a cluster that cannot be started or reached raises
    :class:`DaskUnavailable` (at the first ``next()``, as the generator starts then).
    Closing the generator early cancels the tasks still out and closes what was opened.
    """
    if not partitions:
        return
    if max_in_flight is not None and max_in_flight < 1:
        raise ValueError(f"max_in_flight must be at least 1, not {max_in_flight}")
    client, cluster = _open(scheduler, n_workers, memory_limit, len(partitions), connect_timeout)
    try:
        limit = max_in_flight or IN_FLIGHT_PER_THREAD * _thread_count(client)
        yield from _run(client, partitions, work, limit)
    finally:
        if client is not scheduler:
            _close(client, cluster)


def worker_memory(client: Client, which: Literal["peak", "current"] = "peak") -> dict[str, int]:
    """Resident memory in bytes of each worker process of ``client``'s cluster, by address.

    Measured in the worker processes themselves with ``client.run``, not with distributed's
    metrics: ``"current"`` is psutil's RSS now; ``"peak"`` is the largest RSS since the
    worker process started: ``VmHWM`` of /proc/self/status on Linux, psutil's peak working
    set on Windows, and the current RSS elsewhere. (Not getrusage's ``ru_maxrss``: Linux
    keeps it across exec, so a worker spawned by a large process would report its parent's
    size.) A worker restarted by its nanny starts its peak afresh.
    """
    return dict(client.run(_process_memory, which == "peak"))


def _process_memory(peak: bool) -> int:
    """This process's peak (``peak``) or current resident memory in bytes; run on a worker."""
    import psutil

    info = psutil.Process().memory_info()
    if peak and sys.platform == "win32":
        return int(getattr(info, "peak_wset", info.rss))
    if peak and sys.platform.startswith("linux"):
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            high = status_peak(status.read())
        if high is not None:
            return high
    return int(info.rss)


def status_peak(status: str) -> int | None:
    """The peak resident memory in bytes a Linux /proc/<pid>/status text gives (VmHWM), if any."""
    for line in status.splitlines():
        name, _, value = line.partition(":")
        if name == "VmHWM":
            number, _, unit = value.strip().partition(" ")
            if number.isdigit() and unit.strip() == "kB":
                return int(number) * 1024
    return None


def local_workers(n_workers: int | None, n_partitions: int) -> int:
    """Worker processes of a LocalCluster: ``n_workers``, or one per usable core, never more
    than there are partitions, and at least one."""
    if n_workers is not None:
        if n_workers < 1:
            raise ValueError(f"n_workers must be at least 1, not {n_workers}")
        return min(n_workers, max(1, n_partitions))
    return max(1, min(_usable_cores(), n_partitions))


def _usable_cores() -> int:
    """Cores this process may run on (its CPU affinity where the platform tells it)."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        return len(affinity(0)) or 1
    return os.cpu_count() or 1


def _open(
    scheduler: str | Client | None,
    n_workers: int | None,
    memory_limit: str | None,
    n_partitions: int,
    connect_timeout: float,
) -> tuple[Client, LocalCluster | None]:
    """The client to submit to, and the LocalCluster made for it (None when not ours)."""
    try:
        from dask.distributed import Client
    except ImportError as error:
        raise DaskUnavailable(
            "the Dask engine needs dask.distributed: install it with pip install 'dask[distributed]'"
        ) from error
    if isinstance(scheduler, Client):
        if scheduler.status != "running":
            raise DaskUnavailable(
                f"the Dask client given is {scheduler.status}, not running: give a connected Client"
            )
        return scheduler, None
    if scheduler is not None:
        return _connect(scheduler, connect_timeout), None
    return _start_local(local_workers(n_workers, n_partitions), memory_limit)


def _connect(address: str, timeout: float) -> Client:
    """A client connected to the scheduler at ``address``."""
    from dask.distributed import Client

    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except Exception as error:
        raise DaskUnavailable(
            f"cannot reach the Dask scheduler at {address} within {timeout:g} s ({error}): "
            "start it (dask scheduler, then dask worker on each machine) or check the address"
        ) from error


def _start_local(n_workers: int, memory_limit: str | None) -> tuple[Client, LocalCluster]:
    """A LocalCluster of ``n_workers`` single-threaded processes on 127.0.0.1, and its client."""
    from dask.distributed import Client

    try:
        cluster = local_cluster(n_workers, memory_limit)
    except Exception as error:
        raise DaskUnavailable(
            f"cannot start a local Dask cluster of {n_workers} worker processes ({error}): check the "
            "memory limit; a script that starts one needs an if __name__ == '__main__' guard"
        ) from error
    try:
        client = Client(cluster, set_as_default=False)
    except Exception as error:
        cluster.close(timeout=CLOSE_TIMEOUT)
        raise DaskUnavailable(
            f"cannot connect to the local Dask cluster at {cluster.scheduler_address} ({error})"
        ) from error
    return client, cluster


def local_cluster(n_workers: int, memory_limit: str | None = None) -> LocalCluster:
    """The LocalCluster :func:`dask_results` starts: ``n_workers`` processes of one thread,
    each limited to ``memory_limit`` (dask's default share when None), all on 127.0.0.1.

    For a caller that runs several times on one cluster (a benchmark): it closes it itself.
    """
    from dask.distributed import LocalCluster

    options: dict[str, Any] = {} if memory_limit is None else {"memory_limit": memory_limit}
    return LocalCluster(
        n_workers=n_workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.WARNING,
        # The scheduler serves HTTP (health, metrics) even without a dashboard: on
        # 127.0.0.1 too, and on any free port rather than dask's usual 8787.
        scheduler_kwargs={
            "allowed_failures": ALLOWED_FAILURES,
            "dashboard": False,
            "dashboard_address": "127.0.0.1:0",
        },
        **options,
    )


def _close(client: Client, cluster: LocalCluster | None) -> None:
    """Close the client made here, then the LocalCluster made here if any."""
    try:
        client.close(timeout=CLOSE_TIMEOUT)
    finally:
        if cluster is not None:
            cluster.close(timeout=CLOSE_TIMEOUT)


def _thread_count(client: Client) -> int:
    """Worker threads of the cluster now (at least one, for a cluster still waiting for workers)."""
    return max(1, sum(client.nthreads().values()))


def _run(
    client: Client, partitions: Sequence[P], work: Callable[[P], R], limit: int
) -> Iterator[R | PartitionFailed]:
    """Submit partitions, never more than ``limit`` not yet collected, and yield each outcome.

    A future is released as soon as its outcome is taken, so its result leaves the cluster;
    the ones still out are cancelled if the caller stops early or an error stops the run.
    """
    from dask.distributed import as_completed

    waiting = iter(partitions)
    out: dict[Future, int] = {}
    completed = as_completed(loop=client.loop)
    try:
        failed = _submit_more(client, work, waiting, out, completed, limit)
        yield from failed
        while out:
            future = next(completed)
            outcome = _collect(future, out.pop(future))
            future.release()
            del future
            if isinstance(outcome, PartitionFailed):
                _check_connected(client)  # a lost scheduler cancels every task: not the partitions' fault
            failed = _submit_more(client, work, waiting, out, completed, limit)
            yield outcome
            yield from failed
    finally:
        if out and client.status == "running":
            client.cancel(list(out))


def _submit_more(
    client: Client,
    work: Callable[[P], R],
    waiting: Iterator[P],
    out: dict[Future, int],
    completed: Any,
    limit: int,
) -> list[PartitionFailed]:
    """Submit waiting partitions until ``limit`` are out; those that cannot be sent fail."""
    failed: list[PartitionFailed] = []
    while len(out) < limit:
        partition = next(waiting, None)
        if partition is None:
            break
        # A client that lost its scheduler takes tasks and never finishes them: stop instead.
        _check_connected(client)
        try:
            future = client.submit(
                work, partition, key=_task_key(work, partition), pure=False, retries=RETRIES
            )
        except Exception as error:  # the partition could not be pickled...
            _check_connected(client)
            failed.append(_failure(partition.index, error, sent=False))
            continue
        out[future] = partition.index
        completed.add(future)
    return failed


def _check_connected(client: Client) -> None:
    """Raise DaskUnavailable if ``client`` is no longer connected to its scheduler."""
    if client.status != "running":
        address = getattr(client.scheduler, "address", None) or "its address"
        raise DaskUnavailable(
            f"lost the Dask scheduler at {address} (client {client.status}), and the tasks it held: "
            "check that the scheduler still runs, then run again"
        )


def _task_key(work: Callable[..., Any], partition: Indexed) -> str:
    """A key unique to this task, naming the work and the partition (for dask's logs)."""
    name = getattr(work, "__name__", "work")
    return f"{name}-partition-{partition.index}-{uuid.uuid4().hex}"


def _collect(future: Future, index: int) -> Any:
    """The result of the done ``future`` of partition ``index``, or its PartitionFailed."""
    status = future.status
    try:
        if status == "finished":
            return future.result()
        if status == "error":
            raised = future.exception()
            if isinstance(raised, BaseException):
                return _failure(index, raised, sent=True)
    except Exception as error:  # the result could not be unpickled here, or was lost meanwhile
        return _failure(index, error, sent=True)
    return PartitionFailed(
        index=index,
        error="CancelledError",
        message=f"partition {index}: its task was {status} on the cluster: run it again",
    )


def _failure(index: int, error: BaseException, *, sent: bool) -> PartitionFailed:
    """What a user needs to know about partition ``index`` failing with ``error``."""
    kind = type(error).__name__
    if kind == "KilledWorker":
        text = (
            "its worker process died while running it, on every try: probably out of memory; "
            "give workers more memory or make partitions smaller, and see the worker's log"
        )
    elif not sent:
        text = (
            f"could not be sent to the cluster ({_one_line(error)}): "
            "the partition and the work function must be picklable"
        )
    else:
        text = f"{kind}: {_one_line(error)}"
    return PartitionFailed(index=index, error=kind, message=f"partition {index}: {text}")


def _one_line(error: BaseException) -> str:
    """``error``'s message on one line, cut to MESSAGE_CHARS (its type's name if it has none)."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "…"
