"""Run the whole extraction over many inputs: discover -> articles -> facts -> dataset.

Every input either becomes an article (with its facts) or an error row saying
why not; one bad file never stops the run. Work is spread over processes with
``workers > 1``; results come back in input order so output is deterministic.
"""

from __future__ import annotations

import logging
import sys
import tempfile
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unionnews.dataset import DatasetWriter, build_tables, lexicon_vocabulary
from unionnews.dataset.writers import DUCKDB_FILE, write_errors_beside
from unionnews.errors import InputNotFound
from unionnews.extraction.assemble import Collector, Staging, assemble
from unionnews.extraction.documents import (
    NOT_ARTICLE_ERRORS,
    Columns,
    Produced,
    SkippedPage,
    extract_document,
    process_document,
    read_unit,
)
from unionnews.extraction.engines import pool_results, serial_results
from unionnews.extraction.partitions import Item, Partition, Unit, plan_partitions
from unionnews.extraction.parts import PartResult, PartSettings, run_partition
from unionnews.inputs.discover import KINDS, MAX_BYTES, list_inputs
from unionnews.model import DocumentError
from unionnews.options import DEFAULT_TIME_BUDGET, ExtractOptions
from unionnews.pipeline import pipeline_for

if TYPE_CHECKING:
    import pandas as pd
    from tqdm import tqdm

logger = logging.getLogger(__name__)

#: ``ExtractOptions.dask`` for a Dask cluster started on this machine for the run.
LOCAL_CLUSTER = "local"

__all__ = [
    "NOT_ARTICLE_ERRORS",
    "RunSummary",
    "SkippedPage",
    "iter_path",
    "process_document",
    "run_extract",
]


@dataclass(slots=True)
class RunSummary:
    """What a run did: counts for the user; the tables too when nothing was written.

    ``out_dir`` is where a dataset was written (``None`` when none was). A run
    that extracted no article never replaces a dataset: ``kept_dataset`` is then
    the one left as it was in ``--out``, and ``errors_file`` the CSV beside it
    that holds the run's failures.
    """

    out_dir: Path | None
    tables: dict[str, pd.DataFrame] | None = None
    n_articles: int = 0
    n_figures: int = 0
    n_entities: int = 0
    n_duplicates: int = 0
    n_recaptures: int = 0  # the same URL read again (web-archive re-captures); kept once
    n_skipped: int = 0  # pages of WARC archives that are no articles (listings, home pages)
    n_known: int = 0  # documents already in the dataset (--update): not extracted again
    n_kept: int = 0  # documents of the earlier dataset kept as they were (--update)
    failures: list[DocumentError] = field(default_factory=list)
    inputs: tuple[str, ...] = ()  # the paths the run was given
    n_inputs: int = 0  # files and archives found under them
    kept_dataset: Path | None = None
    errors_file: Path | None = None

    @property
    def n_failed(self) -> int:
        return len(self.failures)

    @property
    def ok(self) -> bool:
        """Inputs were found, none failed, and no dataset had to be kept instead of replaced."""
        return not self.failures and self.n_inputs > 0 and self.kept_dataset is None

    def describe(self) -> str:
        if self.n_inputs == 0:
            kinds = ", ".join([*KINDS, ".warc", ".warc.gz", ".jsonl", ".json", ".csv", ".tsv", ".parquet"])
            return (
                f"no input files in {', '.join(self.inputs) or 'the inputs'}: unionnews reads {kinds} "
                "files (folders are walked; other files are skipped). Nothing was written."
            )
        where = f" -> {self.out_dir}" if self.out_dir else ""
        kept = ""
        if self.kept_dataset is not None:
            saved = f"; the failures and their reasons are in {self.errors_file}" if self.errors_file else ""
            kept = (
                f"\nNo article was extracted, so the existing dataset in {self.kept_dataset} "
                f"was kept as it was{saved}."
            )
        return (
            f"{self.n_articles} articles ({self.n_duplicates} duplicates"
            + (f", {self.n_recaptures} re-captures skipped" if self.n_recaptures else "")
            + (f", {self.n_skipped} archived pages that are no articles" if self.n_skipped else "")
            + "), "
            f"{self.n_figures} figures, {self.n_entities} entities, {self.n_failed} failed{where}" + kept
        )


def iter_path(
    item: Path | DocumentError,
    max_bytes: int = MAX_BYTES,
    metrics: str | None = None,
    columns: Columns = (),
    budget: float | None = DEFAULT_TIME_BUDGET,
) -> Iterator[Produced]:
    """Read one listed input (a file, every page of a WARC or ARC archive, every row of a table
    of articles) and extract it, lazily; each document inside its own guard (an exception is
    an error row and the next document is read).

    ``metrics`` is a user metric file merged over the packaged lexicon; ``columns`` maps
    fields to a table's columns (``ExtractOptions.columns``); ``budget`` is each article's
    time budget in seconds (``ExtractOptions.time_budget``).
    """
    pipeline = pipeline_for(metrics)
    unit = Unit(item, 0)
    for doc in read_unit(unit, max_bytes, columns):
        yield extract_document(doc, unit, pipeline, budget)


class _NoProgress:
    """The progress bar of a run that shows none: tqdm (and the multiprocessing lock it makes)
    is imported only when a bar is shown."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int = 1) -> None:
        """Nothing to show."""

    def set_postfix(self, **values: object) -> None:
        """Nothing to show."""


def _progress(total: int, show: bool) -> tqdm[Any] | _NoProgress:
    """A tqdm bar over ``total`` inputs on stderr, or :class:`_NoProgress` when ``show`` is false."""
    if not show:
        return _NoProgress()
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="extract", file=sys.stderr, dynamic_ncols=True)


def _check_inputs_exist(inputs: Sequence[str | Path]) -> None:
    """Raise :class:`InputNotFound` naming every input path that does not exist."""

    def exists(path: Path) -> bool:
        try:
            return path.exists() or path.is_symlink()  # a broken link is reported when read
        except OSError:  # e.g. a folder on the way that may not be searched: reading says so
            return True

    missing = tuple(str(p) for p in inputs if not _is_url(p) and not exists(Path(p)))
    if missing:
        relative = not all(Path(p).is_absolute() for p in missing)
        raise InputNotFound(missing, str(Path.cwd()) if relative else None)


def _is_url(raw: str | Path) -> bool:
    """An input named by a URL (``s3://…``, ``file:///…``), read through fsspec."""
    if not isinstance(raw, str):
        return False
    from unionnews.inputs.remote import is_remote

    return is_remote(raw)


def list_all(inputs: Sequence[str | Path]) -> list[Item]:
    """The files to read under ``inputs``, in the order given: local folders walked (see
    :func:`~unionnews.inputs.discover.list_inputs`), URLs listed through fsspec (an
    error row when one cannot be: a filesystem package missing, no such file)."""
    items: list[Item] = []
    for raw in inputs:
        if not _is_url(raw):
            items.extend(list_inputs([raw]))
            continue
        from unionnews.inputs.discover import error_row
        from unionnews.inputs.remote import RemoteInputError, display_url, list_remote

        url = str(raw)
        try:
            items.extend(list_remote(url))
        except RemoteInputError as exc:
            items.append(error_row(display_url(url), exc))
    return items


def run_extract(
    inputs: Sequence[str | Path],
    out_dir: str | Path | None,
    options: ExtractOptions | None = None,
) -> RunSummary:
    """Extract every article under ``inputs``; write the dataset to ``out_dir`` if given.

    The inputs are cut into partitions (:mod:`unionnews.extraction.partitions`), run in
    this process, a process pool (``workers``) or on a Dask cluster (``dask``); their rows
    wait on disk, then are assembled in input order with duplicates decided over all of them
    (:mod:`unionnews.extraction.assemble`), so every way of running gives the same tables.
    With ``update`` only documents not yet in the dataset at ``out_dir`` are extracted
    (:mod:`unionnews.extraction.merge`). Without ``out_dir`` the tables are returned in the
    summary.

    Safe output: an input path that does not exist raises :class:`InputNotFound`
    before anything is read or written; an existing dataset in ``out_dir`` is
    replaced only by a run that extracted at least one article (otherwise it is
    kept byte for byte, and the run's failures go to a CSV beside it); inputs
    holding no files to read write nothing.
    """
    opts = options or ExtractOptions()
    _check_inputs_exist(inputs)
    if opts.metrics is not None:
        pipeline_for(opts.metrics)  # a bad metrics file stops the run here, before any output
    summary = RunSummary(Path(out_dir) if out_dir is not None else None, inputs=tuple(map(str, inputs)))
    items = list_all(inputs)
    summary.n_inputs = len(items)
    run_at = datetime.now(UTC).isoformat(timespec="seconds")
    if not items:  # empty folders: nothing to extract, so nothing is written or replaced
        logger.info("no input files in %s; nothing written", ", ".join(summary.inputs))
        summary.out_dir = None
        summary.tables = build_tables([], run_at=run_at)
        return summary
    partitions = plan_partitions(items)
    previous = None
    if opts.update and out_dir is not None:
        from unionnews.extraction.merge import previous_for_update

        previous = previous_for_update(Path(out_dir), items)
        partitions = previous.with_known(partitions)
    settings = PartSettings(run_at, opts.max_bytes, opts.metrics, opts.columns, opts.time_budget)
    writer = (
        DatasetWriter(
            out_dir,
            formats=opts.formats,
            duckdb=opts.duckdb,
            # a user metric file's metrics are in the data package's vocabulary too
            vocabulary=lexicon_vocabulary(opts.metrics) if opts.metrics else None,
        )
        if out_dir is not None
        else nullcontext(None)
    )
    collector = Collector()
    bar = _progress(len(items), opts.progress)
    with bar, writer as sink, _staging_folder(sink) as folder:
        staging = Staging(folder)
        if _shares_disk(opts):  # workers write their rows where the run assembles them
            settings = replace(settings, staging=str(folder))
        results = _engine_results(partitions, partial(run_partition, settings=settings), opts)
        # a disk error while the workers write their rows ends in the writer's one clear error
        with closing(results), sink.guarded() if sink is not None else nullcontext():
            for result in results:
                part = result if isinstance(result, PartResult) else _failed_partition(result, partitions)
                staging.add(part)
                _count(summary, part)
                bar.update(part.n_inputs)
                bar.set_postfix(failed=summary.n_failed, refresh=False)
        target = sink if sink is not None else collector
        if previous is None:
            assembled = assemble(staging, target)
        else:
            assembled = previous.assemble(staging, target)
            summary.n_kept = previous.n_rows
            if sink is not None and previous.duckdb_edit is not None:
                # the DuckDB file of the dataset is edited, not written again
                sink.duckdb_update = (sink.target / DUCKDB_FILE, previous.duckdb_edit)
        staging.remove()
        summary.n_articles = assembled.n_articles
        summary.n_duplicates = assembled.n_copies
        summary.n_recaptures = assembled.n_recaptures
        rows = (
            sink.rows
            if sink is not None
            else {k: sum(t.num_rows for t in v) for k, v in collector.parts.items()}
        )
        summary.n_figures, summary.n_entities = rows.get("figures", 0), rows.get("entities", 0)
        if sink is not None and sink.replaces and summary.n_articles == 0:
            sink.cancel()  # only a run that extracted articles replaces a dataset
            summary.kept_dataset, summary.out_dir = summary.out_dir, None
    if summary.out_dir is None:
        summary.tables = (
            collector.frames() if collector.parts else build_tables([], summary.failures, run_at=run_at)
        )
    if summary.kept_dataset is not None and summary.tables is not None and summary.failures:
        summary.errors_file = write_errors_beside(summary.kept_dataset, summary.tables["errors"])
    if summary.kept_dataset is not None:
        logger.warning("no article extracted: the dataset in %s was kept as it was", summary.kept_dataset)
    return summary


def _shares_disk(opts: ExtractOptions) -> bool:
    """Do the workers see this machine's disk (a pool, a Dask cluster whose scheduler runs
    here)? Then they write their rows where the run assembles them; a remote cluster's
    workers send them back. One process writes its rows itself either way."""
    if opts.dask is None:
        return opts.workers > 1
    if opts.dask == LOCAL_CLUSTER:
        return True
    from urllib.parse import urlsplit

    scheduler = getattr(opts.dask, "scheduler", None)  # a distributed.Client
    address = opts.dask if isinstance(opts.dask, str) else getattr(scheduler, "address", None)
    if not isinstance(address, str):
        return False
    return address.startswith("inproc://") or urlsplit(address).hostname in ("127.0.0.1", "localhost", "::1")


def _engine_results(
    partitions: list[Partition], work: Callable[[Partition], PartResult], opts: ExtractOptions
) -> Generator[PartResult | Any, None, None]:
    """Each partition's result, from the engine the options ask for."""
    if opts.dask is not None:
        from unionnews.extraction.dask_engine import dask_results

        scheduler = None if opts.dask == LOCAL_CLUSTER else opts.dask
        # a local cluster has --workers worker processes, or one per core when not given
        workers = opts.workers if opts.workers > 1 else None
        yield from dask_results(partitions, work, scheduler=scheduler, n_workers=workers)
    elif opts.workers == 1:
        yield from serial_results(partitions, work)
    else:
        yield from pool_results(partitions, work, opts.workers)


def _failed_partition(failed: Any, partitions: list[Partition]) -> PartResult:
    """A partition whose task failed on the cluster: one error row per input it held, so the
    run goes on and says what was lost."""
    from unionnews.extraction.ledger import Ledger, doc_number
    from unionnews.extraction.parts import _tables

    partition = next(p for p in partitions if p.index == failed.index)
    errors: list[DocumentError] = []
    ledger = Ledger()
    numbers: list[int] = []
    for n, unit in enumerate(partition.units):
        message = f"the worker extracting this input failed ({failed.message}); run again to retry it"
        errors.append(DocumentError(unit.name, "extract", failed.error, message))
        numbers.append(doc_number(partition.index, n))
        ledger.add(
            input=unit.name,
            source=unit.name,
            outcome="error",
            ordinal=0,
            _range=unit.offset,
            _doc=numbers[-1],
            _position=unit.position,
        )
    tables = _tables([], errors, [], numbers, datetime.now(UTC).isoformat(timespec="seconds"))
    tables["ledger"] = ledger.table()
    return PartResult(partition.index, tables, errors, n_inputs=partition.n_inputs)


def _count(summary: RunSummary, part: PartResult) -> None:
    """Add what one partition reports to the run's summary."""
    summary.failures.extend(part.failures)
    for failure in part.failures:
        logger.warning("%s: %s: %s", failure.source, failure.error, failure.message)
    summary.n_skipped += part.n_skipped
    summary.n_known += part.n_known
    for name, articles, figures, failed, skipped in part.read:
        logger.info(
            "read %s: %d articles, %d figures, %d failed, %d pages skipped",
            name,
            articles,
            figures,
            failed,
            skipped,
        )
    logger.debug(
        "partition %d: %d documents already in the dataset; %.2f s", part.index, part.n_known, part.seconds
    )


@contextmanager
def _staging_folder(sink: DatasetWriter | None) -> Iterator[Path]:
    """Where partitions wait: inside the writer's temporary folder (removed with it), or a
    temporary folder of its own when nothing is written."""
    if sink is not None:
        folder = sink.tmp / "_partitions"
        yield folder
        return
    with tempfile.TemporaryDirectory(prefix="unionnews-parts-") as tmp:
        yield Path(tmp)
