"""Plan the work of a run: the listed inputs grouped into partitions, in listing order.

A partition is the unit a worker (a process of the pool, a Dask worker) takes at once. Plain
files are grouped :data:`FILES_PER_PARTITION` at a time; a web archive is cut into ranges of
:data:`RECORDS_PER_RANGE` records when it can be (one partition per range), so one large
archive spreads over workers; a table of articles is one partition.

Every document keeps its place: ``Unit.position`` is the input's place in the listing and
``Unit.offset`` the start of its record range, so the rows of partitions finished in any
order are put back in input order (:mod:`unionnews.extraction.assemble`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unionnews.model import DocumentError

logger = logging.getLogger(__name__)

#: Plain files (.txt, .html) a partition holds: few enough that workers share the work
#: evenly, many enough that a partition's files on disk stay few.
FILES_PER_PARTITION = 64
#: Records of a web archive a partition reads (a range may hold fewer pages: requests,
#: redirects and metadata records count too).
RECORDS_PER_RANGE = 256

#: A listed input: a local file, a remote file's URL, or the error that lists it unreadable.
Item = Path | str | DocumentError


@dataclass(frozen=True, slots=True)
class Unit:
    """One listed input, or one record range of a web archive.

    ``span`` is the archive's :class:`~unionnews.inputs.warc.WarcRange` (None: the whole
    input); ``redirects`` the archive's redirect map, computed once when planning.
    """

    item: Item
    position: int
    span: Any = None
    redirects: Any = None

    @property
    def offset(self) -> int:
        """Where the unit starts in its input (a record range's first byte; else 0)."""
        return 0 if self.span is None else int(self.span.start)

    @property
    def name(self) -> str:
        """The input as the tables name it."""
        from unionnews.inputs.discover import display_path

        item = self.item
        if isinstance(item, DocumentError):
            return item.source
        if isinstance(item, str):
            from unionnews.inputs.remote import display_url

            return display_url(item)
        return display_path(item)


@dataclass(frozen=True, slots=True)
class Partition:
    """Consecutive units of work, taken by one worker at once; ``index`` orders partitions."""

    index: int
    units: tuple[Unit, ...]
    #: (source, digest) of its documents already in the dataset (``--update``): not extracted
    known: frozenset[tuple[str, str]] = frozenset()

    @property
    def n_inputs(self) -> int:
        """Listed inputs whose work ends in this partition (for a progress bar over inputs)."""
        return sum(1 for u in self.units if u.span is None or u.span.stop is None)


def _archive_units(item: Path | str, position: int, records_per_range: int) -> list[Unit]:
    """The record ranges of one web archive (the whole file when it cannot be cut), each
    with the archive's redirect map, found in the same pass."""
    if records_per_range <= 0:
        return [Unit(item, position)]
    try:
        if isinstance(item, str):
            from unionnews.inputs.remote import plan_remote_warc

            plan = plan_remote_warc(item, records_per_range)
        else:
            from unionnews.inputs.warc import plan_warc

            plan = plan_warc(item, records_per_range)
    except Exception:  # planning is an optimisation: reading the whole input reports any fault
        logger.exception("%s: cannot plan record ranges; read as one unit", item)
        return [Unit(item, position)]
    if len(plan.ranges) <= 1:
        return [Unit(item, position)]
    return [Unit(item, position, span, plan.redirects) for span in plan.ranges]


def plan_partitions(
    items: Sequence[Item],
    *,
    files_per_partition: int | None = None,
    records_per_range: int | None = None,
) -> list[Partition]:
    """``items`` (as :func:`~unionnews.inputs.discover.list_inputs` lists them) as partitions,
    in listing order (sizes default to :data:`FILES_PER_PARTITION` and :data:`RECORDS_PER_RANGE`).

    >>> from pathlib import Path
    >>> parts = plan_partitions([Path(f"{i}.txt") for i in range(5)], files_per_partition=2)
    >>> [[u.position for u in p.units] for p in parts]
    [[0, 1], [2, 3], [4]]
    """
    files = FILES_PER_PARTITION if files_per_partition is None else files_per_partition
    records = RECORDS_PER_RANGE if records_per_range is None else records_per_range
    return list(_partitions(items, files, records))


def _partitions(items: Sequence[Item], per_partition: int, records_per_range: int) -> Iterator[Partition]:
    index = 0
    group: list[Unit] = []
    for position, item in enumerate(items):
        kind = _kind(item)
        if kind == "file":
            group.append(Unit(item, position))
            if len(group) >= per_partition:
                yield Partition(index, tuple(group))
                index, group = index + 1, []
            continue
        if group:
            yield Partition(index, tuple(group))
            index, group = index + 1, []
        assert not isinstance(item, DocumentError)
        alone = (
            _archive_units(item, position, records_per_range) if kind == "archive" else [Unit(item, position)]
        )
        for unit in alone:
            yield Partition(index, (unit,))
            index += 1
    if group:
        yield Partition(index, tuple(group))


def _kind(item: Item) -> str:
    """ "archive" (a web archive: cut in record ranges), "table" (a table of articles: one
    partition) or "file" (one document, or an error row: grouped with its neighbours)."""
    from unionnews.inputs.discover import ARCHIVE_SUFFIX_RE, TABLE_SUFFIX_RE

    if isinstance(item, DocumentError):
        return "file"
    name = item.rsplit("/", 1)[-1] if isinstance(item, str) else item.name
    if ARCHIVE_SUFFIX_RE.search(name):
        return "archive"
    return "table" if TABLE_SUFFIX_RE.search(name) else "file"
