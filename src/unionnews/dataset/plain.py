"""Table values as JSON holds them: the one conversion the dataset writers and exports share."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime
from datetime import time as dt_time
from typing import Any

from unionnews.dataset.conform import is_missing


def plain_value(value: Any, *, strict: bool = False) -> Any:
    """A cell as JSON holds it: dates and times as ISO 8601 text (a time of midnight without a
    zone is a date, as in a date column), lists as lists, a record as an object of its fields
    that are set (keys sorted), nulls as ``None``; numpy scalars as Python values.

    ``strict`` (the exports of :mod:`unionnews.analysis.export`): record keys as text, any null
    pandas knows as ``None``, whole floats as ``int``, and anything not a number, bool or text
    as text.
    """
    if isinstance(value, Mapping):
        if strict:
            fields = {str(k): plain_value(v, strict=True) for k, v in value.items()}
            return {k: fields[k] for k in sorted(fields) if fields[k] is not None}
        return {k: plain_value(v) for k, v in sorted(value.items()) if not is_missing(v)}
    if isinstance(value, list | tuple) or _is_array(value, strict):
        return [plain_value(v, strict=strict) for v in value]
    if _is_null(value) if strict else is_missing(value):
        return None
    if strict and not isinstance(value, datetime | date):
        return _strict_scalar(value)
    if isinstance(value, datetime):  # pandas Timestamps too
        if value.tzinfo is None and value.time() == dt_time(0):
            return value.date().isoformat()  # a date column (datetime64 at midnight)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _is_array(value: Any, strict: bool) -> bool:
    if not strict:
        return type(value).__name__ == "ndarray"  # numpy need not be loaded
    import numpy as np

    return isinstance(value, np.ndarray)


def _is_null(value: Any) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def _strict_scalar(value: Any) -> Any:
    """A value that is neither null, list, record, date nor time, as the exports write it."""
    import numpy as np

    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return int(number) if math.isfinite(number) and number == int(number) else number
    return value if isinstance(value, str) else str(value)
