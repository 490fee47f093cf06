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

Importing the package is cheap: each name is imported from its module the first time it
is used (:func:`__getattr__`), so ``unionnews --help`` and a run that never compares or
plots load neither pandas' analysis code nor matplotlib.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from unionnews.analysis import plots as plot
    from unionnews.analysis.compare import compare
    from unionnews.analysis.export import export
    from unionnews.articles import extract_article
    from unionnews.dataset.load import Dataset, load
    from unionnews.dataset.tables import build_tables as build_tables
    from unionnews.model import Article, ArticleResult, Entity, Figure
    from unionnews.options import ExtractOptions
    from unionnews.pipeline import Pipeline, extract_facts
    from unionnews.runner import run_extract as run_extract

#: Public name -> the module it is imported from the first time it is asked for.
_LAZY: dict[str, str] = {
    "Article": "unionnews.model",
    "ArticleResult": "unionnews.model",
    "Dataset": "unionnews.dataset",
    "Entity": "unionnews.model",
    "ExtractOptions": "unionnews.options",
    "Figure": "unionnews.model",
    "Pipeline": "unionnews.pipeline",
    "build_tables": "unionnews.dataset",
    "compare": "unionnews.analysis.compare",
    "export": "unionnews.analysis.export",
    "extract_article": "unionnews.articles",
    "extract_facts": "unionnews.pipeline",
    "load": "unionnews.dataset",
    "run_extract": "unionnews.runner",
}


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
    from unionnews.dataset import Dataset, build_tables, load
    from unionnews.options import ExtractOptions
    from unionnews.runner import run_extract

    paths = [inputs] if isinstance(inputs, str | Path) else list(inputs)
    opts = ExtractOptions.from_mapping({"progress": False, **options})
    summary = run_extract(paths, out, opts)
    if summary.out_dir is not None:
        return load(summary.out_dir)
    return Dataset.from_tables(summary.tables or build_tables([]))


def __getattr__(name: str) -> Any:
    """The public names, imported on first use and then kept in the module (PEP 562)."""
    if name == "plot":
        # matplotlib is slow to import and the CLI and pipeline never need it.
        try:
            value: Any = import_module("unionnews.analysis.plots")
        except ModuleNotFoundError as exc:
            raise ImportError(f"unionnews.plot needs matplotlib ({exc}): pip install matplotlib") from exc
    elif name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'unionnews' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, "plot"})


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
