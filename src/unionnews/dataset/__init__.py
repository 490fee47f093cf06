"""The dataset: typed tables from extraction results, atomic writers, loaders.

>>> tables = build_tables(results, errors)            # doctest: +SKIP
>>> write_dataset(tables, "out", formats=("csv",))    # doctest: +SKIP
>>> ds = load("out"); ds.figures.head()               # doctest: +SKIP
"""

from unionnews.dataset.load import Dataset, load, verify
from unionnews.dataset.package import datapackage, lexicon_vocabulary, validate_package
from unionnews.dataset.schema import TABLES, Column, arrow_schema, columns, empty_frame
from unionnews.dataset.tables import build_arrow_tables, build_tables, stable_id
from unionnews.dataset.writers import (
    FORMATS,
    DatasetWriter,
    check_out_dir,
    text_cells,
    write_dataset,
)

__all__ = [
    "FORMATS",
    "TABLES",
    "Column",
    "Dataset",
    "DatasetWriter",
    "arrow_schema",
    "build_arrow_tables",
    "build_tables",
    "check_out_dir",
    "columns",
    "datapackage",
    "empty_frame",
    "lexicon_vocabulary",
    "load",
    "stable_id",
    "text_cells",
    "validate_package",
    "verify",
    "write_dataset",
]
