"""Arrow arrays of the dataset's columns, laid out from their buffers.

``pa.array(a_list)`` imports pandas, when it is installed, to ask whether the list is a
pandas object; pandas takes longer to import than a run over a few files takes to extract.
The dataset's columns hold only ``str``, ``int``, ``float``, ``bool`` and ``None``, whose
Arrow layout is simple: a validity bitmap, then the values (fixed-width numbers, bits, or
UTF-8 bytes with their offsets). :func:`column_array` builds that layout with numpy (which
pyarrow imports anyway) and gives the same array ``pa.array(values, type=...)`` gives.

>>> column_array(["a", None, "Đ"], "string").to_pylist()
['a', None, 'Đ']
>>> column_array([1.5, None, float("nan")], "Float64").null_count
2
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

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


#: Schema dtype (:class:`~unionnews.dataset.schema.Column`) -> builder of its arrays.
_BUILDERS: dict[str, Callable[[Any], pa.Array | None]] = {
    "string": _strings,
    "Int64": _int64s,
    "Float64": _float64s,
    "boolean": _bools,
}


def column_array(values: Sequence[Any], dtype: str) -> pa.Array | None:
    """``values`` (each of the dtype's Python type or ``None``) as an Arrow array of the
    schema ``dtype`` ("string", "Int64", "Float64", "boolean"); a float NaN is a null. ``None``
    for strings that are no valid UTF-8 or too long for one array: ``pa.array`` takes those."""
    if dtype == "Float64":
        values = [None if v is None or v != v else v for v in values]
    return _BUILDERS[dtype](values)
