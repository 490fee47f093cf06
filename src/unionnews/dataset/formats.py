"""The per-format table writers: Parquet, CSV (UTF-8 with BOM, typed cells as text), JSONL."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unionnews.dataset.plain import plain_value
from unionnews.dataset.schema import arrow_schema

if TYPE_CHECKING:
    import pandas as pd

#: Table formats ``write_dataset`` understands; Parquet is always written.
FORMATS: tuple[str, ...] = ("parquet", "csv", "jsonl")


def write_parquet(frame: pd.DataFrame, table: str, path: Path) -> None:
    """Write ``frame`` with the Arrow schema of ``table`` (keeps types when empty)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False)
    pq.write_table(arrow, path, compression="zstd")


def _is_typed(dtype: Any) -> bool:
    """Is a column of ``dtype`` one that CSV cannot hold as it is (dates, times, lists, records)?"""
    import pandas as pd

    typed = isinstance(dtype, pd.ArrowDtype | pd.DatetimeTZDtype)
    return typed or pd.api.types.is_datetime64_any_dtype(dtype)


def text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its typed columns as text, as CSV (or a spreadsheet) holds them: dates and
    times ISO 8601 ("2024-01-01", "2023-09-15T15:40:00+07:00"), lists and records JSON
    (``["a", "b"]``, ``{"doc_type": "Kế hoạch"}``); nulls stay nulls (empty cells). Other
    columns are unchanged.
    """
    import pandas as pd

    typed = [name for name in frame.columns if _is_typed(frame[name].dtype)]
    if not typed:
        return frame
    out = frame.copy()
    for name in typed:
        values = [plain_value(v) for v in frame[name].to_numpy(dtype=object)]
        cells = [v if v is None or isinstance(v, str) else _JSON.encode(v) for v in values]
        out[name] = pd.Series(cells, index=frame.index, dtype="string")
    return out


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as JSON objects: dates and times ISO 8601 text, lists as arrays,
    records as objects, nulls ``None``."""
    names = [str(name) for name in frame.columns]
    arrays = [frame[name].to_numpy(dtype=object) for name in frame.columns]
    rows = zip(*arrays, strict=True)
    return [{name: plain_value(v) for name, v in zip(names, row, strict=True)} for row in rows]


#: JSON for list and record cells: non-ASCII kept readable, keys sorted.
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 *with BOM* so Excel shows Vietnamese correctly; nulls are empty cells; dates and
    times as ISO 8601 text, lists and records as JSON text (:func:`text_cells`)."""
    text_cells(frame).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def write_jsonl(frame: pd.DataFrame, path: Path) -> None:
    """One JSON object per line, UTF-8, non-ASCII kept readable; nulls are ``null``."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for record in json_records(frame):
            fh.write(json.dumps(record, ensure_ascii=False))
            fh.write("\n")


_WRITERS: Mapping[str, Callable[[pd.DataFrame, str, Path], None]] = {
    "parquet": write_parquet,
    "csv": lambda frame, _table, path: write_csv(frame, path),
    "jsonl": lambda frame, _table, path: write_jsonl(frame, path),
}
