"""unionnews: Vietnamese trade-union news in, a traceable research dataset out.

The public surface is a handful of verbs:

>>> import unionnews
>>> ds = unionnews.extract(["corpus"], out="out")          # doctest: +SKIP
>>> ds = unionnews.load("out")                              # doctest: +SKIP
>>> ds.figures.query("metric == 'union_members'")           # doctest: +SKIP

* :func:`extract` — files/folders in, a :class:`Dataset` of pandas DataFrames out
  (and written to ``out`` when given);
* :func:`load` — read a dataset directory written by :func:`extract`;
* :func:`extract_article` — one HTML/text document to an :class:`Article`;
* :func:`extract_facts` — one :class:`Article` to its figures and entities;
* :func:`compare` — province × body × metric × period table with sources and conflicts;
* :func:`export` — tables to CSV for Excel, Stata ``.dta`` or Parquet;
* :mod:`plot` — ``plot.series`` and ``plot.provinces`` figures (needs matplotlib).
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from types import ModuleType  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

from unionnews.analysis.compare import compare  # noqa: E402
from unionnews.analysis.export import export  # noqa: E402
from unionnews.articles import extract_article  # noqa: E402
from unionnews.dataset import Dataset, build_tables, load  # noqa: E402
from unionnews.model import Article, ArticleResult, Entity, Figure  # noqa: E402
from unionnews.options import ExtractOptions  # noqa: E402
from unionnews.pipeline import Pipeline, extract_facts  # noqa: E402
from unionnews.runner import run_extract  # noqa: E402

if TYPE_CHECKING:
    from unionnews.analysis import plots as plot


def extract(
    inputs: str | Path | Sequence[str | Path],
    out: str | Path | None = None,
    **options: Any,
) -> Dataset:
    """Extract every article under ``inputs`` (files or folders of .txt/.html, WARC/ARC
    archives, tables of articles).

    Returns a :class:`Dataset` with ``articles``, ``figures``, ``entities``, ``errors``
    and ``dropped`` DataFrames; when ``out`` is given the dataset is also written there
    (Parquet, DuckDB, datapackage.json). Keyword options are those of
    :class:`ExtractOptions` (``workers``, ``formats``, ``max_bytes``, ``progress``,
    ``time_budget``, ``columns``). Inputs that fail are rows of ``errors``; only an input
    path that does not exist raises (:class:`~unionnews.errors.InputNotFound`), before
    anything is read or written.
    """
    paths = [inputs] if isinstance(inputs, str | Path) else list(inputs)
    opts = ExtractOptions.from_mapping({"progress": False, **options})
    summary = run_extract(paths, out, opts)
    if summary.out_dir is not None:
        return load(summary.out_dir)
    return Dataset.from_tables(summary.tables or build_tables([]))


def __getattr__(name: str) -> ModuleType:
    # matplotlib is imported only when plots are asked for: it is slow to import and the
    # CLI and pipeline never need it.
    if name == "plot":
        try:
            from unionnews.analysis import plots
        except ModuleNotFoundError as exc:
            raise ImportError(f"unionnews.plot needs matplotlib ({exc}): pip install matplotlib") from exc
        return plots
    raise AttributeError(f"module 'unionnews' has no attribute {name!r}")


__all__ = [
    "Article",
    "ArticleResult",
    "Dataset",
    "Entity",
    "ExtractOptions",
    "Figure",
    "Pipeline",
    "__version__",
    "compare",
    "export",
    "extract",
    "extract_article",
    "extract_facts",
    "load",
    "plot",
]
