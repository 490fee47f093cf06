"""Tables out to the tools researchers use: Excel, Stata, R.

* ``csv``: UTF-8 *with BOM* so Excel opens Vietnamese text correctly; nulls
  are empty cells; booleans are ``TRUE``/``FALSE`` (read as logical by Excel
  and by R's ``readr::read_csv``).
* ``dta``: Stata 14+ format (version 118, Unicode). Every variable carries a
  label (its description, cut to Stata's 80 characters); strings longer than
  Stata's 2045-byte limit become ``strL``; text nulls become empty strings
  (Stata has no missing string), numeric nulls Stata's ``.``; booleans 0/1;
  names Stata reserves get a trailing underscore (``end`` -> ``end_``).
* ``parquet``: typed columns with real nulls, for ``arrow::read_parquet`` in R
  or pandas/DuckDB in Python.

:func:`export` writes one table to one file, or a whole dataset (its four
tables and, by default, the comparative table) to a folder with a
``datapackage.json`` describing every exported file, column and vocabulary.

>>> export(unionnews.compare("out"), "compare.dta")                  # doctest: +SKIP
>>> export("out", "for-stata", formats=("dta",))                      # doctest: +SKIP
"""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unionnews import __version__
from unionnews.analysis.compare import COMPARE_COLUMNS, compare, open_dataset
from unionnews.dataset import TABLES, Dataset, columns
from unionnews.dataset.schema import TABLE_DESCRIPTIONS
from unionnews.dataset.writers import write_csv
from unionnews.model import METRICS, QUALIFIERS, UNITS
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

_COMPARE_DESCRIPTION = "One chosen value per province x union body x metric x period, with its sources."
_VOCABULARIES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "compare": {"metric": METRICS, "unit": UNITS, "qualifier": QUALIFIERS},
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
            text = col.astype("string").fillna("").astype(object)
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


def write_csv_for_excel(frame: pd.DataFrame, path: str | Path) -> Path:
    """The dataset's CSV (UTF-8 with BOM, empty cells for nulls), with TRUE/FALSE for booleans."""
    import pandas as pd

    path = Path(path)
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_bool_dtype(out[name].dtype):
            out[name] = out[name].map({True: "TRUE", False: "FALSE"}, na_action="ignore")
    write_csv(out, path)
    return path


def _format_of(path: Path, fmt: str | None) -> str:
    if fmt is None:
        fmt = path.suffix.lstrip(".").lower()
    if fmt not in EXPORT_FORMATS:
        raise ValueError(
            f"cannot tell the export format of {path.name!r}; use a .csv, .dta or .parquet name "
            f"or pass format= one of {list(EXPORT_FORMATS)}"
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
    """Write one table to ``path`` as csv, dta or parquet (from the suffix unless ``format``).

    ``table`` names a dataset table ("figures"…) or "compare" so that Stata
    variable labels come from its column descriptions; ``labels`` adds or overrides them.
    """
    path = Path(path)
    fmt = _format_of(path, format)
    path.parent.mkdir(parents=True, exist_ok=True)
    if table is None and set(frame.columns) == {name for name, _, _ in COMPARE_COLUMNS}:
        table = "compare"
    if fmt == "csv":
        return write_csv_for_excel(frame, path)
    if fmt == "parquet":
        frame.to_parquet(path, index=False)
        return path
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
            "type": _frictionless_type(frame[name]),
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
    return resource


def _frictionless_type(col: pd.Series) -> str:
    import pandas as pd

    if pd.api.types.is_bool_dtype(col.dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(col.dtype):
        return "integer"
    if pd.api.types.is_float_dtype(col.dtype):
        return "number"
    return "string"


def export_dataset(
    data: Dataset | str | Path,
    out_dir: str | Path,
    *,
    formats: Sequence[str] = ("csv",),
    tables: Sequence[str] | None = None,
    include_compare: bool = True,
) -> list[Path]:
    """Write a dataset's tables (and its comparative table) to ``out_dir`` in ``formats``.

    Returns the files written, ``datapackage.json`` last. ``tables`` limits the
    dataset tables (default: all four).
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
      comes from the suffix (``.csv``, ``.dta``, ``.parquet``) unless ``format``;
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
