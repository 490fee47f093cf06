"""Arrow arrays of the dataset's columns, laid out from their buffers.

``pa.array(a_list)`` imports pandas, when it is installed, to ask whether the list is a
pandas object; pandas takes longer to import than a run over a few files takes to extract.
The dataset's columns hold ``str``, ``int``, ``float``, ``bool``, dates, timezone-aware times,
lists of strings, a record (a document's details) and ``None``, whose Arrow layout is simple: a
validity bitmap, then the values (fixed-width numbers, bits, UTF-8 bytes with their offsets), or
for a list its offsets into one array of all items, for a record one array per field.
:func:`column_array` builds that layout with numpy (which pyarrow imports anyway) and gives the
same array ``pa.array(values, type=...)`` gives.

>>> column_array(["a", None, "Đ"], "string").to_pylist()
['a', None, 'Đ']
>>> column_array([1.5, None, float("nan")], "Float64").null_count
2
>>> column_array([["Chủ tịch"], None, []], "list").to_pylist()
[['Chủ tịch'], None, []]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from unionnews.dataset.typed import DOCUMENT_ATTRS, VIETNAM_OFFSET, epoch_millis

if TYPE_CHECKING:
    import pyarrow as pa

#: Bytes the 32-bit offsets of an Arrow ``string`` array can address.
MAX_STRING_BYTES = 2**31 - 1


def _validity(valid: list[bool]) -> tuple[pa.Buffer | None, int]:
    """The validity bitmap (bit i set: value i is not null) and the null count; no bitmap when
    nothing is null, as pyarrow does."""
    import numpy as np
    import pyarrow as pa

    nulls = len(valid) - sum(valid)
    if not nulls:
        return None, 0
    return pa.py_buffer(np.packbits(np.array(valid, dtype=bool), bitorder="little")), nulls


def _strings(values: Sequence[str | None]) -> pa.Array | None:
    import numpy as np
    import pyarrow as pa

    try:
        encoded = [b"" if v is None else v.encode("utf-8") for v in values]
    except UnicodeEncodeError:  # a lone surrogate: not valid UTF-8, left to pyarrow to refuse
        return None
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    if offsets[-1] > MAX_STRING_BYTES:  # pyarrow splits such a column into chunks
        return None
    validity, nulls = _validity([v is not None for v in values])
    buffers = [validity, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(b"".join(encoded))]
    return pa.Array.from_buffers(pa.string(), len(values), buffers, null_count=nulls)


def _numbers(values: Sequence[Any], arrow_type: pa.DataType, numpy_type: str, fill: Any) -> pa.Array:
    import numpy as np
    import pyarrow as pa

    validity, nulls = _validity([v is not None for v in values])
    data = np.array([fill if v is None else v for v in values], dtype=numpy_type)
    return pa.Array.from_buffers(arrow_type, len(values), [validity, pa.py_buffer(data)], null_count=nulls)


def _int64s(values: Sequence[int | None]) -> pa.Array:
    import pyarrow as pa

    return _numbers(values, pa.int64(), "int64", 0)


def _float64s(values: Sequence[float | None]) -> pa.Array:
    import pyarrow as pa

    return _numbers(values, pa.float64(), "float64", 0.0)


def _bools(values: Sequence[bool | None]) -> pa.Array:
    import numpy as np
    import pyarrow as pa

    validity, nulls = _validity([v is not None for v in values])
    bits = np.packbits(np.array([v is True for v in values], dtype=bool), bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(values), [validity, pa.py_buffer(bits)], null_count=nulls)


#: Days from 0001-01-01 (``date.toordinal``) to 1970-01-01, where Arrow's dates count from.
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def _dates(values: Sequence[date | None]) -> pa.Array | None:
    import pyarrow as pa

    if any(type(v) not in (date, type(None)) for v in values):
        return None  # a datetime or a string: left to pandas
    days = [None if v is None else v.toordinal() - _EPOCH_ORDINAL for v in values]
    return _numbers(days, pa.date32(), "int32", 0)


def _timestamps(values: Sequence[datetime | None]) -> pa.Array | None:
    import pyarrow as pa

    if any(v is not None and (type(v) is not datetime or v.tzinfo is None) for v in values):
        return None  # a time without a zone: left to pandas
    millis = [None if v is None else epoch_millis(v) for v in values]
    return _numbers(millis, pa.timestamp("ms", tz=VIETNAM_OFFSET), "int64", 0)


def _lists(values: Sequence[list[str] | None]) -> pa.Array | None:
    """A ``list<string>`` array: the offsets of each row's items into one string array."""
    import numpy as np
    import pyarrow as pa

    if any(v is not None and (type(v) is not list or any(type(i) is not str for i in v)) for v in values):
        return None
    items = _strings([i for v in values if v is not None for i in v])
    if items is None:
        return None
    offsets = np.zeros(len(values) + 1, dtype=np.int32)
    np.cumsum([0 if v is None else len(v) for v in values], out=offsets[1:])
    validity, nulls = _validity([v is not None for v in values])
    return pa.Array.from_buffers(
        pa.list_(pa.field("element", pa.string())),  # the schema's type: Parquet's name for items
        len(values),
        [validity, pa.py_buffer(offsets)],
        null_count=nulls,
        children=[items],
    )


def _attrs(values: Sequence[dict[str, Any] | None]) -> pa.Array | None:
    """The record of ``entities.attrs``: one array per field, null where the row is."""
    import pyarrow as pa

    names = list(DOCUMENT_ATTRS)
    if any(v is not None and (type(v) is not dict or list(v) != names) for v in values):
        return None
    children: list[pa.Array | None] = []
    for name, kind in DOCUMENT_ATTRS.items():
        field_values = [None if v is None else v[name] for v in values]
        children.append(_dates(field_values) if kind == "date" else _strings(field_values))
    if any(child is None for child in children):
        return None
    fields = [pa.field(n, pa.date32() if k == "date" else pa.string()) for n, k in DOCUMENT_ATTRS.items()]
    validity, nulls = _validity([v is not None for v in values])
    return pa.Array.from_buffers(
        pa.struct(fields), len(values), [validity], null_count=nulls, children=children
    )


#: Schema dtype (:class:`~unionnews.dataset.schema.Column`) -> builder of its arrays.
_BUILDERS: dict[str, Callable[[Any], pa.Array | None]] = {
    "string": _strings,
    "Int64": _int64s,
    "Float64": _float64s,
    "boolean": _bools,
    "date": _dates,
    "timestamp": _timestamps,
    "list": _lists,
    "attrs": _attrs,
}


def column_array(values: Sequence[Any], dtype: str) -> pa.Array | None:
    """``values`` (each of the dtype's Python type or ``None``) as an Arrow array of the
    schema ``dtype`` (a key of :data:`~unionnews.dataset.schema.TYPES`); a float NaN is a null.
    ``None`` for values it cannot lay out as pyarrow would (strings that are no valid UTF-8 or
    too long for one array, a time without a zone, a list of non-strings): ``pa.array`` takes
    those."""
    if dtype == "Float64":
        values = [None if v is None or v != v else v for v in values]
    return _BUILDERS[dtype](values)
