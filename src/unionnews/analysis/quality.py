"""Data-quality views: what to check before trusting a comparison.

* :func:`article_quality` — per article: how many figures, how many of them
  unclassified (``other_count``), without a period, without a body; copies marked;
* :func:`quality_summary` — the same as shares over the whole dataset, plus
  the comparative table's conflicts and multi-valued cells.

>>> article_quality("out").sort_values("n_figures").tail()   # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from unionnews.analysis.compare import compare, open_dataset
from unionnews.dataset import Dataset

if TYPE_CHECKING:  # pandas is imported where a table is built
    import pandas as pd

#: The metric of figures no rule could classify more precisely.
UNCLASSIFIED = "other_count"


def article_quality(data: Dataset | str | Path) -> pd.DataFrame:
    """One row per article: figures found and how many lack a metric, a period or a body.

    Columns: article_id, title, province, published, duplicate_of, n_figures,
    n_unclassified (metric other_count), n_undated (no period_start/end),
    n_no_subject; sorted by province and publication time.
    """
    import pandas as pd

    ds = open_dataset(data)
    f = ds.figures
    flags = pd.DataFrame(
        {
            "article_id": f["article_id"],
            "n_figures": 1,
            "n_unclassified": (f["metric"] == UNCLASSIFIED).astype(int),
            "n_undated": (f["period_start"].isna() & f["period_end"].isna()).astype(int),
            "n_no_subject": f["subject"].isna().astype(int),
        }
    )
    counts = flags.groupby("article_id", as_index=False).sum()
    articles = ds.articles[["article_id", "title", "province", "published", "duplicate_of"]]
    out = articles.merge(counts, on="article_id", how="left")
    for name in ("n_figures", "n_unclassified", "n_undated", "n_no_subject"):
        out[name] = out[name].fillna(0).astype("Int64")
    return out.sort_values(["province", "published"], na_position="last").reset_index(drop=True)


def quality_summary(data: Dataset | str | Path, table: pd.DataFrame | None = None) -> pd.Series:
    """Headline numbers: articles, copies, errors, figures and the shares a reader should know.

    ``table`` is a comparative table already computed from the same data (else one is built).
    """
    import pandas as pd

    ds = open_dataset(data)
    f = ds.figures
    n = len(f)
    cells = compare(ds) if table is None else table

    def share(mask: pd.Series) -> float:
        return round(float(mask.sum()) / n, 3) if n else 0.0

    return pd.Series(
        {
            "articles": len(ds.articles),
            "copies": int(ds.articles["duplicate_of"].notna().sum()),
            "errors": len(ds.errors),
            "figures": n,
            "share_unclassified": share(f["metric"] == UNCLASSIFIED),
            "share_undated": share(f["period_start"].isna() & f["period_end"].isna()),
            "share_no_subject": share(f["subject"].isna()),
            "share_hedged": share(f["qualifier"] != "exact"),
            "comparative_rows": len(cells),
            "rows_with_conflict": int(cells["conflict"].fillna(False).sum()),
            "rows_with_several_values_in_one_article": int((cells["n_figures"] > cells["n_articles"]).sum()),
        },
        name="quality",
        dtype=object,
    )
