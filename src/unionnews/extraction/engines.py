"""Run partitions in this process or in a pool of processes on this machine.

Both give each partition's :class:`~unionnews.extraction.parts.PartResult` once; the pool
in completion order, with at most a few partitions done and not yet taken, so memory stays
bounded however many partitions there are. Dask is :mod:`unionnews.extraction.dask_engine`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from typing import TypeVar

from unionnews._processes import stop_pool, worker_pool
from unionnews.extraction.partitions import Partition

logger = logging.getLogger(__name__)

R = TypeVar("R")

#: Partitions handed to the pool and not yet taken back, per worker.
IN_FLIGHT_PER_WORKER = 2


def serial_results(partitions: Sequence[Partition], work: Callable[[Partition], R]) -> Iterator[R]:
    """Each partition's result, in order, computed in this process."""
    for partition in partitions:
        yield work(partition)


def pool_results(
    partitions: Sequence[Partition], work: Callable[[Partition], R], workers: int
) -> Iterator[R]:
    """Each partition's result, as the pool's ``workers`` processes finish them.

    The workers die with this process (even when it is killed); a run that stops early
    (Ctrl-C, an error, the generator closed) terminates them at once.
    """
    pool = worker_pool(workers)
    pending: set[Future[R]] = set()
    todo = iter(partitions)
    limit = max(1, workers * IN_FLIGHT_PER_WORKER)
    try:
        for partition in todo:
            pending.add(pool.submit(work, partition))
            if len(pending) < limit:
                continue
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
    except BaseException:  # GeneratorExit and KeyboardInterrupt included: stop, then re-raise
        stop_pool(pool)
        raise
    pool.shutdown()
