"""``unionnews extract`` at scale: wall time, articles/s and peak memory at N = 2,000 and 20,000.

Usage: python bench/scale.py [--sizes 2000 20000] [--modes one workers2 dask2 update]
                             [--work DIR] [--json FILE] [--check-same] [--interval 0.2]

For each size N, writes N distinct articles made from the bundled sample corpus
(bench/variants.py: no duplicate shortcut applies) into ``--work`` (default a temporary
folder), in sub-folders of 1,000 files, then runs the CLI as a user does, one fresh process
per run (``python -m unionnews -q extract IN --out OUT ...``), in each mode asked:

* ``one``: ``--workers 1``; ``workers2``: ``--workers 2`` (a process pool);
* ``dask2``: ``--dask --workers 2`` (a local two-worker Dask cluster);
* ``update``: on the dataset of a full run on N (the ``one`` run's, copied, or a run of its
  own), adds 1 % new distinct variants to the input folder and runs ``--update``; then a full
  one-process run on the N + 1 % corpus, and the ratio of the two times. ``--check-same``
  compares the two datasets row for row (run-dependent columns left out).

Each run's peak RSS is sampled every ``--interval`` seconds over the CLI process and all its
descendants (on Linux the kernel's high-water mark is read too, so short peaks are not
missed). A mode that fails (an option not there yet, a crash) is reported with its exit code
and the end of its stderr; the other modes still run. Not a test: it prints, and writes the
figures as JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil
from variants import Source, load_sources, size_summary, write_variants

ROOT = Path(__file__).resolve().parent.parent
#: Extra arguments of each mode's CLI run (``update`` is :func:`run_update`).
MODE_ARGS: dict[str, tuple[str, ...]] = {
    "one": ("--workers", "1"),
    "workers2": ("--workers", "2"),
    "dask2": ("--dask", "--workers", "2"),
}
MODES = (*MODE_ARGS, "update")
#: Arguments of the update run, and of the full runs it is compared with.
UPDATE_ARGS = ("--workers", "1", "--update")
FULL_ARGS = ("--workers", "1")
#: Exit statuses of a run that wrote its dataset (1: some inputs failed, the rest was written).
WRITTEN_EXITS = (0, 1)
#: Share of N added as new articles before the update run.
UPDATE_SHARE = 0.01
#: Command-line fragments of the helper processes multiprocessing starts (not workers).
HELPER_MARKERS = ("resource_tracker", "semaphore_tracker", "forkserver")
#: The kernel's peak resident set size of a process, in /proc/<pid>/status (Linux).
VMHWM_RE = re.compile(r"^VmHWM:\s+(\d+)\s+kB", re.M)
#: Columns whose values depend on when a run happened, not on the input.
RUN_COLUMNS = frozenset({"fetched_at", "run_at"})
#: Tables compared by --check-same: the bookkeeping of which run read which input is not data.
BOOKKEEPING_TABLES = frozenset({"inputs"})
#: The column naming each row of a table, where one does: rows with the same key that differ
#: are reported column by column.
ROW_KEYS = {"articles": "article_id", "figures": "figure_id", "entities": "entity_id"}
#: Marker file of a work folder this bench made (and may therefore empty).
MARKER = ".unionnews-scale-bench"
#: Lines of a failing run's stderr shown.
STDERR_LINES = 12
MB = 1024 * 1024


@dataclass(slots=True)
class Measured:
    """One CLI process: exit code, wall seconds, peak RSS (bytes) of it and of each descendant."""

    exit_code: int
    wall_s: float
    main_peak: int
    worker_peaks: dict[int, int]
    helpers: int
    stderr_tail: str


@dataclass(slots=True)
class Counts:
    """What a dataset folder holds, from its manifest and articles table (None: unreadable)."""

    articles: int | None = None
    figures: int | None = None
    duplicates: int | None = None
    distinct_hashes: int | None = None


@dataclass(slots=True)
class RunRow:
    """One line of the final table."""

    size: int
    mode: str
    exit_code: int
    wall_s: float
    articles: int | None  # rows of the output's articles table
    extracted: int | None  # articles this run extracted (the new ones for an update)
    rate: float | None  # extracted / wall_s
    main_rss_mb: float
    worker_rss_mb: float | None  # the largest peak among worker processes
    workers: int
    duplicates: int | None
    distinct_hashes: int | None
    load1: float | None  # 1-minute load average when the run started
    note: str = ""
    stderr_tail: str = ""
    differences: list[str] = field(default_factory=list)


def load_average() -> float | None:
    """The 1-minute load average, where the platform has one."""
    if hasattr(os, "getloadavg"):
        return os.getloadavg()[0]
    return None


def high_water_mark(pid: int) -> int | None:
    """Peak RSS in bytes the kernel recorded for ``pid`` (Linux), else None."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
    except OSError:  # not Linux, or the process is gone: the sampled RSS stands
        return None
    found = VMHWM_RE.search(status)
    return int(found.group(1)) * 1024 if found else None


def process_kind(cmdline: Sequence[str]) -> str:
    """ "helper" for a multiprocessing helper (resource tracker, fork server), else "worker"."""
    text = " ".join(cmdline)
    return "helper" if any(marker in text for marker in HELPER_MARKERS) else "worker"


def sample(main: psutil.Process, peaks: dict[int, int], kinds: dict[int, str]) -> None:
    """Record the RSS of ``main`` and each of its descendants in ``peaks`` (keeping the max per
    pid), and each descendant's kind (:func:`process_kind`) in ``kinds``."""
    try:
        family = [main, *main.children(recursive=True)]
    except psutil.Error:  # the main process has just exited: its last samples stand
        return
    for proc in family:
        try:
            rss = proc.memory_info().rss
            if proc.pid not in kinds:
                kinds[proc.pid] = "main" if proc.pid == main.pid else process_kind(proc.cmdline())
        except psutil.Error:  # ended between the listing and the reading: its last sample stands
            continue
        peaks[proc.pid] = max(peaks.get(proc.pid, 0), rss, high_water_mark(proc.pid) or 0)


def run_cli(args: Sequence[str], interval: float = 0.2) -> Measured:
    """Run ``python -m unionnews -q extract ARGS`` with this interpreter, sampling memory."""
    cmd = [sys.executable, "-m", "unionnews", "-q", "extract", *args]
    peaks: dict[int, int] = {}
    kinds: dict[int, str] = {}
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
        watched = psutil.Process(proc.pid)
        while True:
            sample(watched, peaks, kinds)
            try:
                code = proc.wait(timeout=interval)
                break
            except subprocess.TimeoutExpired:
                continue
        wall = time.perf_counter() - started
        err.seek(0)
        tail = err.read().decode("utf-8", errors="replace").strip().splitlines()[-STDERR_LINES:]
    workers = {pid: peak for pid, peak in peaks.items() if kinds.get(pid) == "worker"}
    helpers = sum(1 for kind in kinds.values() if kind == "helper")
    return Measured(code, wall, peaks.get(proc.pid, 0), workers, helpers, "\n".join(tail))


def read_counts(out: Path) -> Counts:
    """Row counts from ``out``'s manifest.json; duplicates and distinct content hashes from its
    articles table. Missing parts stay None (a run that failed writes nothing)."""
    counts = Counts()
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return counts
    tables = manifest.get("tables", {})
    counts.articles = tables.get("articles", {}).get("rows")
    counts.figures = tables.get("figures", {}).get("rows")
    if (out / "articles.parquet").exists():
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        table = pq.read_table(out / "articles.parquet", columns=["duplicate_of", "content_hash"])
        counts.duplicates = table.num_rows - table["duplicate_of"].null_count
        counts.distinct_hashes = pc.count_distinct(table["content_hash"]).as_py()
    return counts


def make_row(size: int, mode: str, measured: Measured, counts: Counts, load1: float | None) -> RunRow:
    """The table line of one run (``extracted`` is the output's article count). A run that
    stopped before writing (exit status other than 0 or 1: 1 is "some inputs failed") is
    credited with no articles, whatever ``out`` held before it."""
    peaks = measured.worker_peaks
    if measured.exit_code not in WRITTEN_EXITS:
        counts = Counts()
    rate = counts.articles / measured.wall_s if counts.articles is not None and measured.wall_s else None
    note = f"{measured.helpers} helper process(es)" if measured.helpers else ""
    return RunRow(
        size=size,
        mode=mode,
        exit_code=measured.exit_code,
        wall_s=measured.wall_s,
        articles=counts.articles,
        extracted=counts.articles,
        rate=rate,
        main_rss_mb=measured.main_peak / MB,
        worker_rss_mb=max(peaks.values()) / MB if peaks else None,
        workers=len(peaks),
        duplicates=counts.duplicates,
        distinct_hashes=counts.distinct_hashes,
        load1=load1,
        note=note,
        stderr_tail=measured.stderr_tail if measured.exit_code else "",
    )


def run_mode(
    mode: str, size: int, corpus: Path, out: Path, args: Sequence[str] = (), interval: float = 0.2
) -> RunRow:
    """Run ``extract corpus --out out`` with ``mode``'s arguments (or ``args`` given) and
    measure it."""
    load1 = load_average()
    measured = run_cli([str(corpus), "--out", str(out), *(args or MODE_ARGS[mode])], interval)
    row = make_row(size, mode, measured, read_counts(out), load1)
    report_run(row)
    return row


def report_run(row: RunRow) -> None:
    """One line per run as it ends; a failed run's stderr after it."""
    rate = f"{row.rate:.1f}/s" if row.rate is not None else "-"
    workers = f", {row.workers} workers peak {row.worker_rss_mb:.0f} MB" if row.worker_rss_mb else ""
    print(
        f"  N={row.size} {row.mode}: exit {row.exit_code}, {row.wall_s:.1f} s, {row.articles} articles "
        f"({rate}), main {row.main_rss_mb:.0f} MB{workers}; duplicates {row.duplicates}, "
        f"distinct content_hash {row.distinct_hashes}",
        flush=True,
    )
    if row.exit_code:
        print("    stderr: " + (row.stderr_tail or "(empty)").replace("\n", "\n    stderr: "), flush=True)


def _cell(value: Any) -> Any:
    """A table cell in a form that compares and prints the same in both datasets."""
    if isinstance(value, dict):
        return {str(k): _cell(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple) or type(value).__name__ == "ndarray":
        return [_cell(v) for v in value]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if type(value).__name__ in {"NAType", "NaTType"}:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def compare_tables(name: str, left: Any, right: Any) -> list[str]:
    """The differences between two versions of table ``name`` (update vs full), as lines."""
    rows_left = Counter(json.dumps(r, ensure_ascii=False, default=str) for r in _plain_rows(left))
    rows_right = Counter(json.dumps(r, ensure_ascii=False, default=str) for r in _plain_rows(right))
    if rows_left == rows_right:
        return []
    only_left, only_right = rows_left - rows_right, rows_right - rows_left
    lines = [
        f"{name}: {len(left)} rows in the update, {len(right)} in the full run; "
        f"{sum(only_left.values())} only in the update, {sum(only_right.values())} only in the full run"
    ]
    key = ROW_KEYS.get(name)
    if key is not None:
        lines += _column_differences(key, only_left, only_right)
    for label, rows in (("update", only_left), ("full", only_right)):
        lines += [f"  only in {label}: {text[:300]}" for text in sorted(rows)[:2]]
    return lines


def _plain_rows(frame: Any) -> list[dict[str, Any]]:
    """``frame``'s rows as plain dicts, run-dependent columns left out."""
    columns = [c for c in frame.columns if c not in RUN_COLUMNS]
    return [
        dict(zip(columns, map(_cell, row), strict=True)) for row in frame[columns].itertuples(index=False)
    ]


def _column_differences(key: str, left: Counter[str], right: Counter[str]) -> list[str]:
    """For rows with the same ``key`` on both sides: how many differ in each column."""
    by_key_left = {row[key]: row for row in map(json.loads, left)}
    by_key_right = {row[key]: row for row in map(json.loads, right)}
    differing: Counter[str] = Counter()
    for k in by_key_left.keys() & by_key_right.keys():
        a, b = by_key_left[k], by_key_right[k]
        differing.update(c for c in a.keys() | b.keys() if a.get(c) != b.get(c))
    if not differing:
        return []
    columns = ", ".join(f"{c} ({n})" for c, n in differing.most_common())
    return [f"  same {key}, other values in: {columns}"]


def compare_datasets(update_out: Path, full_out: Path) -> list[str]:
    """The differences between the datasets in ``update_out`` and ``full_out`` (empty: SAME),
    every table but :data:`BOOKKEEPING_TABLES`, rows compared after sorting."""
    from unionnews.dataset import load

    left, right = load(update_out).tables(), load(full_out).tables()
    differences: list[str] = []
    for name in sorted((left.keys() | right.keys()) - BOOKKEEPING_TABLES):
        if name not in left or name not in right:
            differences.append(f"{name}: only in the {'update' if name in left else 'full run'}")
            continue
        differences += compare_tables(name, left[name], right[name])
    return differences


def _settle() -> None:
    """Flush written files to disk (where the platform can), so their write-back does not
    slow the next timed run."""
    sync = getattr(os, "sync", None)
    if sync is not None:
        sync()


def run_update(
    size: int,
    corpus: Path,
    work: Path,
    sources: Sequence[Source],
    base_out: Path | None,
    interval: float = 0.2,
    check_same: bool = False,
) -> list[RunRow]:
    """The ``update`` mode on N = ``size``: a dataset of the N articles in ``corpus`` (a copy of
    ``base_out`` when given, else a run of its own), 1 % new variants written into
    ``corpus``, ``--update``, then a full one-process run on the N + 1 % corpus."""
    rows: list[RunRow] = []
    out = work / "out-update"
    if base_out is not None and (base_out / "manifest.json").is_file():
        shutil.copytree(base_out, out)
        base_note = "base: the one run's dataset"
    else:
        rows.append(run_mode("update-base", size, corpus, out, FULL_ARGS, interval))
        base_note = "base: update-base"
    before = read_counts(out).articles
    if before is None:
        rows.append(_skipped(size, "update", "no base dataset (update-base failed)"))
        return rows
    added = max(1, round(size * UPDATE_SHARE))
    write_variants(sources, range(size, size + added), corpus)
    _settle()  # the copies and new files on disk before the clock starts
    update = run_mode("update", size, corpus, out, UPDATE_ARGS, interval)
    update.extracted = update.articles - before if update.articles is not None else None
    update.rate = update.extracted / update.wall_s if update.extracted is not None else None
    update.note = "; ".join(filter(None, [f"{added} new inputs", base_note, update.note]))
    rows.append(update)
    if update.exit_code not in WRITTEN_EXITS:
        update.note += "; full N+1% run skipped: the update failed"
        return rows
    full_out = work / "out-full"
    full = run_mode("full+1%", size + added, corpus, full_out, FULL_ARGS, interval)
    rows.append(full)
    if full.wall_s:
        update.note += f"; update/full = {update.wall_s / full.wall_s:.3f}"
        print(f"  N={size} update/full time ratio: {update.wall_s / full.wall_s:.3f}", flush=True)
    if check_same:
        update.differences = compare_datasets(out, full_out)
        update.note += "; SAME" if not update.differences else f"; {len(update.differences)} DIFFERENCES"
        print("  check-same: " + ("SAME" if not update.differences else "DIFFERENT"), flush=True)
        for line in update.differences:
            print("    " + line, flush=True)
    return rows


def _skipped(size: int, mode: str, why: str) -> RunRow:
    """A table line for a run that could not be made."""
    return RunRow(size, mode, -1, 0.0, None, None, None, 0.0, None, 0, None, None, load_average(), why)


def prepare(work: Path) -> None:
    """Make ``work`` an empty folder of this bench (refusing a non-empty one it did not make)."""
    if work.exists():
        if any(work.iterdir()) and not (work / MARKER).exists():
            raise SystemExit(f"{work} is not empty and was not made by this bench: choose another --work")
        shutil.rmtree(work)
    work.mkdir(parents=True)
    (work / MARKER).write_text("made by bench/scale.py; emptied on its next run\n", encoding="utf-8")


def run_size(
    size: int, modes: Sequence[str], work: Path, sources: Sequence[Source], interval: float, check_same: bool
) -> list[RunRow]:
    """Every mode asked on N = ``size`` distinct articles generated under ``work``."""
    prepare(work)
    corpus = work / "in"
    paths = write_variants(sources, range(size), corpus)
    sizes = size_summary([p.stat().st_size for p in paths])
    print(f"\nN={size}: {len(paths)} variants in {corpus} ({sizes})")
    rows: list[RunRow] = []
    one_out: Path | None = None
    for mode in (m for m in MODE_ARGS if m in modes):
        row = run_mode(mode, size, corpus, work / f"out-{mode}", interval=interval)
        rows.append(row)
        if mode == "one" and row.articles == size:
            one_out = work / "out-one"
    if "update" in modes:  # last: it adds files to the input folder
        rows += run_update(size, corpus, work, sources, one_out, interval, check_same)
    return rows


def _fmt(value: float | int | None, spec: str = "") -> str:
    return "-" if value is None else format(value, spec)


def markdown_table(rows: Sequence[RunRow]) -> str:
    """The figures of every run as a markdown table."""
    head = (
        "| N | mode | exit | wall s | articles | extracted/s | main RSS MB | worker RSS MB (max) "
        "| workers | duplicates | distinct hashes | load | note |"
    )
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for r in rows:
        cells = [
            str(r.size),
            r.mode,
            str(r.exit_code),
            _fmt(r.wall_s, ".1f"),
            _fmt(r.articles),
            _fmt(r.rate, ".1f"),
            _fmt(r.main_rss_mb, ".0f"),
            _fmt(r.worker_rss_mb, ".0f"),
            str(r.workers),
            _fmt(r.duplicates),
            _fmt(r.distinct_hashes),
            _fmt(r.load1, ".2f"),
            r.note.replace("|", "/"),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    """What the figures depend on: CPUs, load, memory, versions."""
    memory = psutil.virtual_memory()
    return {
        "cpu_count": os.cpu_count(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "memory_total_mb": round(memory.total / MB),
        "memory_available_mb": round(memory.available / MB),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def main(argv: Sequence[str] | None = None) -> list[RunRow]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--work", type=Path, default=None, help="folder for inputs and outputs (kept)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument("--check-same", action="store_true", help="update mode: compare with the full run")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="source articles")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between memory samples")
    args = parser.parse_args(argv)

    info = machine()
    print(
        f"cpu_count {info['cpu_count']}, load average {info['load_average']}, memory "
        f"{info['memory_available_mb']:,} MB available of {info['memory_total_mb']:,}, "
        f"Python {info['python']}"
    )
    sources = load_sources(args.corpus)
    print(f"sources: {len(sources)} files in {args.corpus} ({size_summary([s.size for s in sources])})")
    rows: list[RunRow] = []
    with tempfile.TemporaryDirectory(prefix="unionnews-scale-") as tmp:
        base = args.work if args.work is not None else Path(tmp)
        for size in args.sizes:
            rows += run_size(size, args.modes, base / f"n{size}", sources, args.interval, args.check_same)
    print("\n" + markdown_table(rows))
    if args.json is not None:
        args.json.write_text(
            json.dumps({"machine": info, "runs": [asdict(r) for r in rows]}, indent=1, ensure_ascii=False)
            + "\n",
            encoding="utf-8",
        )
        print(f"\nwrote {args.json}")
    return rows


if __name__ == "__main__":
    main()
