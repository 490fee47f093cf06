"""Tables out to the tools researchers use: Excel, Stata, R.

* ``csv``: UTF-8 *with BOM* so Excel opens Vietnamese text correctly; nulls
  are empty cells; booleans are ``TRUE``/``FALSE`` (read as logical by Excel
  and by R's ``readr::read_csv``); dates and times ISO 8601, lists and records JSON.
* ``dta``: Stata 14+ format (version 118, Unicode). Every variable carries a
  label (its description, cut to Stata's 80 characters); strings longer than
  Stata's 2045-byte limit become ``strL``; text nulls become empty strings
  (Stata has no missing string), numeric nulls Stata's ``.``; booleans 0/1;
  dates, times, lists and records text as in CSV; names Stata reserves get a trailing
  underscore (``end`` -> ``end_``).
* ``parquet``: typed columns with real nulls, for ``arrow::read_parquet`` in R
  or pandas/DuckDB in Python; a dataset table with the dataset's own Arrow schema.
* ``xlsx``: an Excel workbook written by openpyxl, one sheet per table (a dataset's
  tables all go into ``unionnews.xlsx``) and a ``columns`` sheet describing every column;
  text stays text (a cell starting with "=" is no formula), text over Excel's
  32,767 characters per cell is cut and says so, characters XML cannot hold become U+FFFD.

Numbers in CSV (and in ``unionnews compare --format csv|json``, :func:`write_plain`) are
plain: digits and a ``.`` decimal mark, no thousands separator, no exponent, whole numbers
without ``.0`` (:func:`plain_number`); only the terminal table uses the Vietnamese format.

:func:`export` writes one table to one file, or a whole dataset (its tables and, by
default, the comparative table) to a folder with a ``datapackage.json`` describing
every exported file, column and vocabulary.

>>> export(unionnews.compare("out"), "compare.dta")                  # doctest: +SKIP
>>> export("out", "for-stata", formats=("dta",))                      # doctest: +SKIP
"""

from __future__ import annotations

import csv
import json
import logging
import math
import os
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from unionnews import __version__
from unionnews.analysis.compare import COMPARE_COLUMNS, compare, open_dataset
from unionnews.dataset import TABLES, Dataset, columns
from unionnews.dataset.plain import plain_value
from unionnews.dataset.schema import TABLE_DESCRIPTIONS, arrow_schema
from unionnews.dataset.writers import write_csv
from unionnews.model import MEASURES, METRICS, QUALIFIERS, UNITS
from unionnews.options import EXPORT_FORMATS

if TYPE_CHECKING:  # pandas is imported where a table is written: `unionnews --help` needs none
    import pandas as pd

logger = logging.getLogger(__name__)

#: Stata limits (Stata 14+, format 118).
STATA_LABEL_MAX = 80
STATA_STR_MAX_BYTES = 2045
STATA_NAME_MAX = 32
#: Names Stata or Mata reserve (pandas refuses them too); we append "_".
STATA_RESERVED = frozenset(
    """_all _b _coef _cons _n _N _pi _pred _rc _se _skip aggregate array boolean break byte case catch
    class colvector complex const continue default delegate delete do double else eltypedef end enum
    explicit export external float for friend function global goto if in inline int local long NULL
    pragma protected quad rowvector short strL typedef typename using virtual with""".split()
)

#: Excel's limits: characters in one cell, rows in one sheet (the header included), and
#: characters in a sheet's name.
XLSX_CELL_MAX = 32_767
XLSX_MAX_ROWS = 1_048_576
XLSX_SHEET_NAME_MAX = 31
#: The workbook ``export --format xlsx`` writes a dataset's tables to, one sheet each.
XLSX_WORKBOOK = "unionnews.xlsx"
#: The sheet of an exported workbook that describes every column of the others.
XLSX_COLUMNS_SHEET = "columns"
#: Put at the end of a text cut to :data:`XLSX_CELL_MAX` characters.
XLSX_CUT_NOTE = " … [cut: an Excel cell holds 32,767 characters; the Parquet and CSV files have it whole]"
#: Characters an .xlsx file (XML 1.0) cannot hold: C0 controls other than tab, line feed
#: and carriage return, lone surrogates, U+FFFE and U+FFFF. "a\x00b\x1fc" -> 2 matches.
XLSX_ILLEGAL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Characters that Excel's sheet names cannot hold: "a/b" -> "a_b".
XLSX_SHEET_NAME_RE = re.compile(r"[\[\]:*?/\\]")

_COMPARE_DESCRIPTION = "One chosen value per province x union body x metric x period, with its sources."
_VOCABULARIES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "compare": {"metric": METRICS, "unit": UNITS, "measure": MEASURES, "qualifier": QUALIFIERS},
}


def _descriptions(table: str | None) -> dict[str, str]:
    if table == "compare":
        return {name: text for name, _, text in COMPARE_COLUMNS}
    if table is not None and table in TABLES:
        return {c.name: c.description for c in columns(table)}
    return {}


def _short_label(text: str, limit: int = STATA_LABEL_MAX) -> str:
    """``text`` cut at a word boundary to ``limit`` characters (Stata's variable-label limit)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:(")
    return cut + "…"


def stata_name(name: str) -> str:
    """A valid Stata variable name for column ``name`` (reserved words get a trailing ``_``).

    >>> stata_name("end"), stata_name("figure_id")
    ('end_', 'figure_id')
    """
    clean = "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in name)
    if not clean or clean[0].isdigit():
        clean = "_" + clean
    if clean in STATA_RESERVED:
        clean += "_"
    return clean[:STATA_NAME_MAX]


def _stata_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """``frame`` in types Stata stores, and the columns that need ``strL``."""
    import pandas as pd

    out: dict[str, pd.Series] = {}
    strl: list[str] = []
    for name in frame.columns:
        col = frame[name]
        target = stata_name(str(name))
        if target in out:
            raise ValueError(f"two columns map to the Stata name {target!r}; rename one before exporting")
        if pd.api.types.is_bool_dtype(col.dtype):
            out[target] = col.astype("Float64").astype(float) if col.isna().any() else col.astype("int8")
        elif pd.api.types.is_integer_dtype(col.dtype):
            fits = col.dropna().between(-2_147_483_647, 2_147_483_620).all()
            out[target] = col.astype("int32") if fits and not col.isna().any() else col.astype(float)
        elif pd.api.types.is_float_dtype(col.dtype):
            out[target] = col.astype(float)
        else:
            text = (col if _is_text_column(col) else _as_text(col)).astype("string").fillna("").astype(object)
            out[target] = text
            longest = max((len(s.encode("utf-8")) for s in text), default=0)
            if longest > STATA_STR_MAX_BYTES:
                strl.append(target)
    return pd.DataFrame(out, index=frame.index), strl


def write_stata(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    labels: Mapping[str, str] | None = None,
    data_label: str | None = None,
) -> Path:
    """Write ``frame`` as a Stata 14+ ``.dta`` file with variable labels (see module docs)."""
    path = Path(path)
    data, strl = _stata_frame(frame)
    names = dict(zip(frame.columns, data.columns, strict=True))
    variable_labels = {
        names[col]: _short_label(text) for col, text in (labels or {}).items() if col in names and text
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a silent rename or cast would break the codebook
        data.to_stata(
            path,
            write_index=False,
            version=118,
            variable_labels=variable_labels,
            data_label=_short_label(data_label) if data_label else None,
            convert_strl=strl or None,
        )
    return path


def plain_number(value: float) -> str:
    """``value`` as programs read it: digits and a ``.`` decimal mark, no thousands separator,
    no exponent; a whole number without ``.0``.

    >>> plain_number(183420.0), plain_number(2.15), plain_number(1e16), plain_number(-1e-05)
    ('183420', '2.15', '10000000000000000', '-0.00001')
    """
    if not math.isfinite(value):
        return str(value)  # inf, -inf, nan
    if value == int(value):
        return str(int(value))
    return format(Decimal(repr(float(value))), "f")


def _is_text_column(col: pd.Series) -> bool:
    """Does ``col`` hold text only (nulls aside), so that CSV and Stata write it as it is?"""
    import pandas as pd

    return pd.api.types.is_string_dtype(col) and not isinstance(col.dtype, pd.ArrowDtype)


def _as_text(col: pd.Series) -> pd.Series:
    """``col`` (dates, times, lists, records, mixed objects) as text cells: ISO 8601, JSON, plain
    numbers (:func:`_csv_cell`); nulls stay nulls."""
    import pandas as pd

    cells = [plain_value(v, strict=True) for v in col.to_numpy(dtype=object)]
    return pd.Series([None if c is None else _csv_cell(c) for c in cells], index=col.index, dtype="string")


def _csv_cell(value: object) -> str:
    """A :func:`~unionnews.dataset.plain.plain_value` cell in CSV: empty for a null, TRUE/FALSE,
    :func:`plain_number`, JSON text for arrays and records."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return plain_number(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _plain_rows(frame: pd.DataFrame) -> Iterable[list[object]]:
    for row in frame.itertuples(index=False, name=None):
        yield [plain_value(v, strict=True) for v in row]


def write_plain(frame: pd.DataFrame, stream: TextIO, fmt: str) -> None:
    """``frame`` on ``stream`` for other programs: ``csv`` (a header line, no BOM) or ``json``
    (an array of objects, one per line), with plain numbers (:func:`plain_number`)."""
    names = [str(c) for c in frame.columns]
    if fmt == "csv":
        out = csv.writer(stream, lineterminator="\n")
        out.writerow(names)
        out.writerows([_csv_cell(v) for v in row] for row in _plain_rows(frame))
    elif fmt == "json":
        stream.write("[")
        for i, row in enumerate(_plain_rows(frame)):
            record = json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False)
            stream.write(("," if i else "") + "\n" + record)
        stream.write("\n]\n" if len(frame) else "]\n")
    else:
        raise ValueError(f"plain output is csv or json, not {fmt!r}")


def write_csv_for_excel(frame: pd.DataFrame, path: str | Path) -> Path:
    """The dataset's CSV (UTF-8 with BOM, empty cells for nulls), with TRUE/FALSE for booleans
    and plain numbers (:func:`plain_number`: ``183420``, not ``183420.0`` or ``1.8342e+05``)."""
    import pandas as pd

    path = Path(path)
    out = frame.copy()
    for name in out.columns:
        col = out[name]
        if pd.api.types.is_bool_dtype(col.dtype):
            out[name] = col.map({True: "TRUE", False: "FALSE"}, na_action="ignore")
        elif pd.api.types.is_float_dtype(col.dtype):
            out[name] = col.astype(object).map(plain_number, na_action="ignore")
        elif not pd.api.types.is_integer_dtype(col.dtype) and not _is_text_column(col):
            out[name] = _as_text(col)  # dates and times ISO 8601, lists and records JSON
    write_csv(out, path)
    return path


def _write_parquet(frame: pd.DataFrame, path: Path, table: str | None) -> Path:
    """A dataset table as the dataset's own file has it: its Arrow schema (dates stay dates,
    lists lists), Arrow's types only (pandas' metadata would name its extension dtypes,
    "list<element: string>[pyarrow]", which other readers such as frictionless's do not
    know). Any other table as pandas writes it, its nullable dtypes named for pandas."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if table not in TABLES or list(frame.columns) != arrow_schema(table).names:
        frame.to_parquet(path, index=False)
        return path
    arrow = pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False)
    pq.write_table(arrow.replace_schema_metadata(None), path, compression="zstd")
    return path


def _sheet_name(name: str) -> str:
    """``name`` as an Excel sheet's: without the characters Excel refuses, at most 31 long."""
    return XLSX_SHEET_NAME_RE.sub("_", name)[:XLSX_SHEET_NAME_MAX] or "table"


def _xlsx_text(text: str) -> str:
    """``text`` as an Excel cell holds it: characters XML cannot hold replaced by U+FFFD (so
    offsets into it stay right), cut to :data:`XLSX_CELL_MAX` characters with a note."""
    text = XLSX_ILLEGAL_RE.sub("\ufffd", text)
    if len(text) > XLSX_CELL_MAX:
        text = text[: XLSX_CELL_MAX - len(XLSX_CUT_NOTE)] + XLSX_CUT_NOTE
    return text


def _xlsx_cell(value: object) -> object:
    """A cell as openpyxl writes it: numbers, booleans, dates and times without a time zone as
    Excel's own; a time with a zone, arrays and records as text (ISO 8601, JSON)."""
    import numpy as np
    import pandas as pd

    if isinstance(value, datetime | pd.Timestamp):
        if pd.isna(value):
            return None
        if value.tzinfo is None:  # Excel has no time zones: the offset is kept in the text
            return value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
        return value.isoformat()
    if isinstance(value, date):
        return value
    if isinstance(value, float | np.floating) and not pd.isna(value) and not math.isfinite(value):
        return str(float(value))  # Excel has no infinity
    plain = plain_value(value, strict=True)
    if isinstance(plain, list | dict):
        return _xlsx_text(json.dumps(plain, ensure_ascii=False))
    if isinstance(plain, str):
        return _xlsx_text(plain)
    return plain


def _dictionary(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The ``columns`` sheet: table, column, type and description of every exported column."""
    import pandas as pd

    rows = [
        (table, str(name), _frictionless_type(frame[name], "xlsx"), _descriptions(table).get(str(name), ""))
        for table, frame in frames.items()
        for name in frame.columns
    ]
    return pd.DataFrame(rows, columns=["table", "column", "type", "description"])


def write_xlsx(frames: Mapping[str, pd.DataFrame], path: str | Path, *, dictionary: bool = True) -> Path:
    """Write each table of ``frames`` to a sheet of its name in one Excel workbook (openpyxl),
    a bold, frozen header above its rows; with ``dictionary``, a last sheet ``columns``
    describes every column. Written to a temporary file first: a failure leaves no workbook.

    Raises ValueError, before writing, for a table longer than an Excel sheet.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.styles import Alignment, Font

    path = Path(path)
    sheets = {_sheet_name(name): frame for name, frame in frames.items()}
    if dictionary and XLSX_COLUMNS_SHEET not in sheets:
        sheets[XLSX_COLUMNS_SHEET] = _dictionary(frames)
    for name, frame in sheets.items():
        if len(frame) >= XLSX_MAX_ROWS:
            raise ValueError(
                f"{name} has {len(frame):,} rows; an Excel sheet holds {XLSX_MAX_ROWS - 1:,} below its "
                "header: export it as csv or parquet"
            )
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    # Excel's own vertical alignment: it only makes an empty cell exist. The streaming writer
    # records no sheet size and leaves empty cells out, so a row ending in nulls would look
    # shorter than the header to readers that trust the cells (frictionless, openpyxl's own).
    unchanged = Alignment(vertical="bottom")

    def cell(sheet: Any, value: object, header: bool = False) -> object:
        if not header and not (isinstance(value, str) and value[:1] in ("=", "#")):
            return value
        made = WriteOnlyCell(sheet, value=value)
        if header:
            made.font = bold
        if isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
            made.data_type = "s"  # text, never a formula or an error value
        return made

    for name, frame in sheets.items():
        sheet = book.create_sheet(title=name)
        sheet.freeze_panes = "A2"
        sheet.append([cell(sheet, str(c), header=True) for c in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            cells = [cell(sheet, _xlsx_cell(v)) for v in row]
            if cells and cells[-1] is None:
                cells[-1] = last = WriteOnlyCell(sheet, value=None)
                last.alignment = unchanged
            sheet.append(cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        book.save(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def _format_of(path: Path, fmt: str | None) -> str:
    if fmt is None:
        fmt = path.suffix.lstrip(".").lower()
    if fmt not in EXPORT_FORMATS:
        raise ValueError(
            f"cannot tell the export format of {path.name!r}; use a .csv, .dta, .parquet or .xlsx "
            f"name or pass format= one of {list(EXPORT_FORMATS)}"
        )
    return fmt


def export_table(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    format: str | None = None,
    table: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> Path:
    """Write one table to ``path`` as csv, dta, parquet or xlsx (from the suffix unless ``format``).

    ``table`` names a dataset table ("figures"…) or "compare" so that Stata
    variable labels come from its column descriptions (and an Excel workbook's
    sheet its name and its ``columns`` sheet the descriptions); ``labels`` adds or
    overrides Stata's.
    """
    path = Path(path)
    fmt = _format_of(path, format)
    path.parent.mkdir(parents=True, exist_ok=True)
    if table is None and set(frame.columns) == {name for name, _, _ in COMPARE_COLUMNS}:
        table = "compare"
    if fmt == "csv":
        return write_csv_for_excel(frame, path)
    if fmt == "parquet":
        return _write_parquet(frame, path, table)
    if fmt == "xlsx":
        return write_xlsx({table or path.stem: frame}, path)
    description = _COMPARE_DESCRIPTION if table == "compare" else TABLE_DESCRIPTIONS.get(table or "")
    return write_stata(frame, path, labels={**_descriptions(table), **(labels or {})}, data_label=description)


def _resource(table: str, frame: pd.DataFrame, fmt: str, file: Path) -> dict[str, Any]:
    described = _descriptions(table)
    vocabularies = dict(_VOCABULARIES.get(table, {}))
    if table in TABLES:
        vocabularies = {c.name: c.vocabulary for c in columns(table) if c.vocabulary is not None}
    fields = []
    for name in frame.columns:
        field: dict[str, Any] = {
            "name": stata_name(str(name)) if fmt == "dta" else str(name),
            "type": _frictionless_type(frame[name], fmt),
            "description": described.get(str(name), ""),
        }
        if name in vocabularies:
            field["constraints"] = {"enum": list(vocabularies[str(name)])}
        fields.append(field)
    resource: dict[str, Any] = {
        "name": table if fmt == "parquet" else f"{table}-{fmt}",
        "path": file.name,
        "format": fmt,
        "description": _COMPARE_DESCRIPTION if table == "compare" else TABLE_DESCRIPTIONS[table],
        "schema": {"fields": fields},
    }
    if fmt == "csv":
        resource["encoding"] = "utf-8-sig"
    if fmt == "xlsx":  # one workbook, a sheet per table (Frictionless' Excel dialect names it)
        resource["dialect"] = {"excel": {"sheet": _sheet_name(table)}}
    return resource


def _frictionless_type(col: pd.Series, fmt: str = "parquet") -> str:
    """The Frictionless type of ``col`` as ``fmt`` holds it: Stata keeps dates, times, lists
    and records as text ("string"); the other formats as dates, times, arrays and objects."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(col.dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(col.dtype):
        return "integer"
    if pd.api.types.is_float_dtype(col.dtype):
        return "number"
    if fmt == "dta" or _is_text_column(col):
        return "string"
    first = next((v for v in col.to_numpy(dtype=object) if plain_value(v, strict=True) is not None), None)
    plain = plain_value(first, strict=True)
    if isinstance(first, datetime):
        return "date" if isinstance(plain, str) and len(plain) == len("2023-06-15") else "datetime"
    if isinstance(first, date):
        return "date"
    if isinstance(plain, list):  # frictionless reads a Parquet list as a numpy array, not an "array"
        return "any" if fmt == "parquet" else "array"
    if isinstance(plain, dict):
        return "object"
    return "string"


def export_dataset(
    data: Dataset | str | Path,
    out_dir: str | Path,
    *,
    formats: Sequence[str] = ("csv",),
    tables: Sequence[str] | None = None,
    include_compare: bool = True,
) -> list[Path]:
    """Write a dataset's tables (and its comparative table) to ``out_dir`` in ``formats``:
    a file per table, or for ``xlsx`` one workbook (:data:`XLSX_WORKBOOK`) with a sheet
    per table.

    Returns the files written, ``datapackage.json`` last. ``tables`` limits the
    dataset tables (default: every table).
    """
    unknown = [f for f in formats if f not in EXPORT_FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown format(s) {unknown}; choose from {list(EXPORT_FORMATS)}")
    chosen = list(TABLES) if tables is None else list(tables)
    bad = [t for t in chosen if t not in TABLES]
    if bad:
        raise ValueError(f"unknown table(s) {bad}; tables are {list(TABLES)}")
    ds = open_dataset(data)
    frames: dict[str, pd.DataFrame] = {name: getattr(ds, name) for name in chosen}
    if include_compare:
        frames["compare"] = compare(ds)
    out = Path(out_dir)
    if ds.path is not None and out.resolve() == ds.path.resolve():
        raise ValueError(
            f"{out} is the dataset itself; export to another folder (its files are checksummed "
            "in manifest.json and must not change)"
        )
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    resources: list[dict[str, Any]] = []
    for fmt in dict.fromkeys(formats):
        if fmt == "xlsx":  # one workbook: a sheet per table
            file = write_xlsx(frames, out / XLSX_WORKBOOK)
            logger.info("wrote %s (%s)", file, ", ".join(f"{n}: {len(f)} rows" for n, f in frames.items()))
            written.append(file)
            resources.extend(_resource(name, frame, fmt, file) for name, frame in frames.items())
            continue
        for name, frame in frames.items():
            file = export_table(frame, out / f"{name}.{fmt}", format=fmt, table=name)
            logger.info("wrote %s (%d rows)", file, len(frame))
            written.append(file)
            resources.append(_resource(name, frame, fmt, file))
    package = {
        "name": "unionnews-export",
        "title": "Tables exported from a unionnews dataset",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "unionnews_version": __version__,
        "source": str(ds.path) if ds.path is not None else None,
        "resources": resources,
    }
    descriptor = out / "datapackage.json"
    descriptor.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written.append(descriptor)
    return written


def export(
    data: pd.DataFrame | Dataset | str | Path,
    path: str | Path,
    *,
    format: str | None = None,
    formats: Sequence[str] | None = None,
    **options: Any,
) -> list[Path]:
    """Export a table to a file, or a dataset to a folder.

    * a DataFrame (e.g. from :func:`unionnews.compare`) -> one file; the format
      comes from the suffix (``.csv``, ``.dta``, ``.parquet``, ``.xlsx``) unless ``format``;
    * a :class:`~unionnews.Dataset` or dataset directory -> a folder with every
      table (and the comparative table) in ``formats`` (default csv) and a
      ``datapackage.json``; options as in :func:`export_dataset`.

    Returns the paths written.
    """
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        if formats is not None:
            raise TypeError("a single table takes format= (or a file suffix), not formats=")
        return [export_table(data, path, format=format, **options)]
    if format is not None:
        raise TypeError("a dataset takes formats=(...), not format=")
    return export_dataset(data, path, formats=formats or ("csv",), **options)
