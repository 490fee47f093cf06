"""One options object shared by the Python API and the CLI, validated on construction; and the
choices of the analysis options, which the CLI lists without importing :mod:`unionnews.analysis`."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Any

from unionnews.inputs.columns import columns_option

FORMATS = ("parquet", "csv", "jsonl")
#: ``compare`` by the province as published or by its successor after the 2025 merger.
BY_PROVINCE: tuple[str, ...] = ("province", "province_2025")
#: ``compare``'s period key: the calendar year, or the period as written.
GRANULARITIES: tuple[str, ...] = ("year", "exact")
#: ``compare``'s figures without a period: keyed by the publication year, or dropped.
UNDATED: tuple[str, ...] = ("published", "drop")
#: ``export`` formats: CSV for Excel, Stata ``.dta``, Parquet, an Excel workbook (one sheet per table).
EXPORT_FORMATS: tuple[str, ...] = ("csv", "dta", "parquet", "xlsx")
#: What ``compare`` prints on stdout: an aligned table for people (Vietnamese number format),
#: or every column as CSV or JSON for programs (plain numbers: digits and a ``.`` decimal mark).
COMPARE_OUTPUTS: tuple[str, ...] = ("table", "csv", "json")
#: What ``unionnews extract`` reads, by kind: the suffixes of the files it takes when it walks
#: a folder (case-blind). Its help and its "no input found" warning list these;
#: tests/test_cli_conventions.py holds them to what :mod:`unionnews.inputs.discover` accepts.
INPUT_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("text", (".txt", ".text")),
    ("HTML pages", (".html", ".htm", ".xhtml")),
    ("web archives", (".warc", ".warc.gz", ".arc", ".arc.gz")),
    (
        "tables of articles",
        (
            ".jsonl",
            ".jsonl.gz",
            ".ndjson",
            ".ndjson.gz",
            ".json",
            ".json.gz",
            ".csv",
            ".csv.gz",
            ".tsv",
            ".tsv.gz",
            ".parquet",
        ),
    ),
)
#: Seconds one article's facts may take by default. Measured (bench/sizes.py, 2 cores): a
#: 20 MB text article, the largest --max-bytes lets in by default, takes about 60 s; a
#: typical article 35 ms. Five times the largest leaves room for slower machines.
DEFAULT_TIME_BUDGET = 300.0


def input_kinds() -> str:
    """:data:`INPUT_KINDS` as a sentence part, for help texts and messages.

    >>> input_kinds().split("; ")[0]
    'text (.txt, .text)'
    """
    return "; ".join(f"{kind} ({', '.join(suffixes)})" for kind, suffixes in INPUT_KINDS)


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How ``unionnews extract`` runs.

    workers: processes used for extraction (1 = in this process).
    formats: table formats written besides Parquet ("csv" is UTF-8 with BOM for Excel).
    max_bytes: inputs larger than this are recorded as ``TooLarge`` errors, not read.
    progress: show a progress bar (on stderr) while documents are processed.
    duckdb: also write ``unionnews.duckdb`` with one table per Parquet table.
    metrics: a TOML file of metric heads and cues merged over the packaged lexicon
        (format at the top of ``lexicon/metrics.toml``; see docs/metrics.md).
    time_budget: the most seconds extracting one article's facts may take; an article over
        it becomes a ``TimeBudgetExceeded`` error row (None: no limit).
    columns: which column of a table of articles holds each field, over the accepted
        names: ``{"text": "noi_dung", "title": "tieu_de"}`` or ``"text=noi_dung,title=tieu_de"``
        (fields in :data:`unionnews.inputs.columns.FIELDS`); kept as sorted pairs.
    update: extract only the documents (files, WARC records, table rows) whose source and
        digest are not yet in the dataset at the output folder, and assemble them with its
        rows (duplicates decided again over all of them): the same tables as a full run.
    dask: run the partitions on a Dask cluster: "local" for one started on this machine
        for the run (``workers`` worker processes; one per core when ``workers`` is 1), a
        scheduler address such as ``tcp://10.0.0.5:8786``, or a ``distributed.Client``.
        None: this machine's processes (``workers``).
    """

    workers: int = 1
    formats: tuple[str, ...] = ("parquet",)
    max_bytes: int = 20_000_000
    progress: bool = True
    duckdb: bool = True
    metrics: str | None = None
    columns: tuple[tuple[str, str], ...] = ()
    time_budget: float | None = DEFAULT_TIME_BUDGET
    update: bool = False
    dask: Any = None  # "local", a scheduler address, or a distributed.Client

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", columns_option(self.columns))
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, got {self.workers}")
        cpus = os.cpu_count() or 1
        if self.workers > 4 * cpus:
            raise ValueError(f"workers={self.workers} is more than 4× the {cpus} CPUs here")
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown:
            raise ValueError(f"unknown format(s) {unknown}; choose from {list(FORMATS)}")
        if "parquet" not in self.formats:
            object.__setattr__(self, "formats", ("parquet", *self.formats))
        if self.max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {self.max_bytes}")
        if self.dask is not None and not isinstance(self.dask, str) and not hasattr(self.dask, "submit"):
            raise ValueError(f"dask must be 'local', a scheduler address or a Client, not {self.dask!r}")
        if self.time_budget is not None and self.time_budget <= 0:
            raise ValueError(f"time_budget must be positive seconds, got {self.time_budget}")

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> ExtractOptions:
        """Build from CLI flags or keyword arguments, ignoring ``None`` (= not given)."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise TypeError(f"unknown option(s) {unknown}; known: {sorted(names)}")
        given = {k: v for k, v in values.items() if v is not None}
        if "formats" in given:
            given["formats"] = tuple(given["formats"])
        return cls(**given)
