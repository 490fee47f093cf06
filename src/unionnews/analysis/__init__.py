"""From facts to findings: comparative tables, plots and exports.

>>> import unionnews
>>> table = unionnews.compare("out")                        # doctest: +SKIP
>>> fig = unionnews.plot.series(table, "union_members")      # doctest: +SKIP
>>> unionnews.export(table, "compare.dta")                   # doctest: +SKIP

* :mod:`~unionnews.analysis.periods` — the period key of a figure (a year or a span of years);
* :mod:`~unionnews.analysis.agreement` — when two rounded, hedged figures say the same;
* :mod:`~unionnews.analysis.compare` — one chosen value per province × body × metric × period;
* :mod:`~unionnews.analysis.quality` — figures per article, unclassified and undated shares;
* :mod:`~unionnews.analysis.plots` — figures for papers, with Vietnamese labels (needs matplotlib);
* :mod:`~unionnews.analysis.export` — CSV for Excel, Stata ``.dta``, Parquet for R.
"""

from unionnews.analysis.agreement import Agreement
from unionnews.analysis.compare import COMPARE_COLUMNS, CompareOptions, compare
from unionnews.analysis.export import export, export_dataset, export_table
from unionnews.analysis.periods import PeriodKey, period_key
from unionnews.analysis.quality import article_quality, quality_summary

__all__ = [
    "COMPARE_COLUMNS",
    "Agreement",
    "CompareOptions",
    "PeriodKey",
    "article_quality",
    "compare",
    "export",
    "export_dataset",
    "export_table",
    "period_key",
    "quality_summary",
]
