"""Tables in the schema's dtypes from any form a dataset was written in: typed Arrow columns,
or the text forms of earlier versions (periods as "2024" or "2023-09", lists as JSON or
"; "-joined text, records as JSON). :func:`conform` is what :func:`unionnews.load` and the
writers use; the column specs are in :mod:`unionnews.dataset.schema`."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from unionnews.dataset.schema import Column, check_columns, columns
from unionnews.dataset.typed import (
    DOCUMENT_ATTRS,
    VIETNAM,
    document_attrs,
    granularity_of,
    published_values,
    split_list,
    typed_period,
)

if TYPE_CHECKING:
    import pandas as pd


#: How earlier versions wrote a list column as text: a JSON list, or items joined by "; ".
_LIST_TEXT: Mapping[str, str] = {"notes": "json", "aliases": "json", "role": "joined", "cues": "joined"}


def is_missing(value: object) -> bool:
    """A cell that holds no value: ``None``, ``pd.NA``, ``NaT`` or a float NaN (never a list)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    import pandas as pd

    return value is pd.NA or value is pd.NaT


def _as_list(value: object, text_form: str) -> list[str] | None:
    if is_missing(value):
        return None
    if isinstance(value, str):
        if text_form == "joined":
            return split_list(value)
        loaded = json.loads(value) if value.strip() else []
        if not isinstance(loaded, list):
            raise ValueError(f"expected a JSON list, not {value[:60]!r}")
        return [str(v) for v in loaded]
    if isinstance(value, Iterable):
        return [str(v) for v in value]
    raise ValueError(f"expected a list of strings, not {value!r}")


def _as_attrs(value: object) -> dict[str, Any] | None:
    if is_missing(value):
        return None
    if isinstance(value, str):
        value = json.loads(value) if value.strip() else {}
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a record of {list(DOCUMENT_ATTRS)}, not {value!r}")
    given = {k: v for k, v in value.items() if not is_missing(v)}
    return document_attrs({k: v.isoformat() if isinstance(v, date) else str(v) for k, v in given.items()})


def _as_timestamp(value: object) -> datetime | None:
    if is_missing(value):
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=VIETNAM) if value.tzinfo is None else value.astimezone(VIETNAM)
    if isinstance(value, date):
        return None  # a date alone says no time
    return published_values(str(value))[0]


def _convert(column: Column, series: pd.Series, name: str) -> pd.Series:
    """``series`` in the dtype of ``column``, from its dtype or from an earlier text form."""
    import pandas as pd

    dtype = column.pandas_dtype
    if series.dtype == dtype:
        return series.reset_index(drop=True)
    kind = column.dtype
    if kind == "date":
        return pd.to_datetime(series.reset_index(drop=True)).astype(dtype)
    if kind == "timestamp":
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            return series.dt.tz_convert(VIETNAM).astype(dtype).reset_index(drop=True)
        stamps = pd.Series([_as_timestamp(v) for v in series], dtype=object)
        return pd.to_datetime(stamps, utc=True).dt.tz_convert(VIETNAM).astype(dtype)
    if kind == "list":
        return pd.Series([_as_list(v, _LIST_TEXT.get(name, "json")) for v in series], dtype=dtype)
    if kind == "attrs":
        return pd.Series([_as_attrs(v) for v in series], dtype=dtype)
    return series.astype(dtype).reset_index(drop=True)


def _holds_text(series: pd.Series) -> bool:
    """Does the column hold strings (a period written by an earlier version)?"""
    import pandas as pd

    return isinstance(series.dtype, pd.StringDtype) or (
        series.dtype == object and any(isinstance(v, str) for v in series)
    )


def _typed_periods(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (figures) with dated periods and their granularity, from any form: the text of
    earlier versions ("2024", "2023-09-15") or dates without a granularity."""
    import pandas as pd

    given = [name for name in ("period_start", "period_end") if name in frame.columns]
    if not given:
        return frame
    as_text = any(_holds_text(frame[name]) for name in given)
    if not as_text and "period_granularity" in frame.columns:
        dated = frame[given].notna().any(axis=1)
        if not (dated & frame["period_granularity"].isna()).any():
            return frame  # typed, each dated period with its granularity: the usual case
    frame = frame.copy()
    nulls = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    starts = frame["period_start"] if "period_start" in frame.columns else nulls
    ends = frame["period_end"] if "period_end" in frame.columns else nulls
    if as_text:
        typed = [
            typed_period(None if is_missing(a) else str(a), None if is_missing(b) else str(b))
            for a, b in zip(starts, ends, strict=True)
        ]
        frame["period_start"] = [t[0] for t in typed]
        frame["period_end"] = [t[1] for t in typed]
        granularity = [t[2] for t in typed]
    else:
        first, last = pd.to_datetime(starts), pd.to_datetime(ends)
        granularity = [
            None
            if is_missing(a) and is_missing(b)
            else granularity_of((b if is_missing(a) else a).date(), (a if is_missing(b) else b).date())
            for a, b in zip(first, last, strict=True)
        ]
    if "period_granularity" in frame.columns:
        kept = frame["period_granularity"]
        granularity = [g if is_missing(k) else k for g, k in zip(granularity, kept, strict=True)]
    frame["period_granularity"] = pd.Series(granularity, index=frame.index, dtype=object)
    return frame


def _published_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (articles) with ``published_at`` and ``published_date`` made from
    ``published`` where they are missing (a table of an earlier version, or built by hand)."""
    missing = [name for name in ("published_at", "published_date") if name not in frame.columns]
    if "published" not in frame.columns or not missing:
        return frame
    frame = frame.copy()
    values = [published_values(None if is_missing(v) else str(v)) for v in frame["published"]]
    for name in missing:
        frame[name] = [v[0] if name == "published_at" else v[1] for v in values]
    return frame


def conform(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the columns of ``table`` in schema order and dtype.

    Missing columns are added as all-null. A column the schema does not know raises
    ``ValueError``: an undocumented column would break the data package. Columns in the text
    forms of earlier versions (periods as ISO text, lists as JSON or "; "-joined text, a
    publication time without ``published_at``) are made typed.
    """
    specs = columns(table)
    check_columns(table, frame.columns)
    import pandas as pd

    if table == "figures":
        frame = _typed_periods(frame)
    elif table == "articles":
        frame = _published_columns(frame)
    n = len(frame)
    out = {}
    for c in specs:
        if c.name in frame.columns:
            out[c.name] = _convert(c, frame[c.name], c.name)
        else:
            out[c.name] = pd.Series([None] * n, dtype=c.pandas_dtype)
    return pd.DataFrame(out)


def is_conformed(table: str, frame: pd.DataFrame) -> bool:
    """``frame`` already is what :func:`conform` makes of it: the columns of ``table`` in
    order and dtype, on a 0..n-1 index (a table from :func:`~unionnews.dataset.build_tables`)."""
    import pandas as pd

    specs = columns(table)
    index = frame.index
    return (
        list(frame.columns) == [c.name for c in specs]
        and list(frame.dtypes) == [c.pandas_dtype for c in specs]
        and isinstance(index, pd.RangeIndex)
        and index.start == 0
        and index.step == 1
    )
