"""The DuckDB copy of a dataset: its Parquet tables loaded into one self-contained file."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from unionnews.dataset.schema import TABLE_DESCRIPTIONS, columns

if TYPE_CHECKING:
    import duckdb

logger = logging.getLogger(__name__)

DUCKDB_FILE = "unionnews.duckdb"
#: Memory DuckDB may use while copying the Parquet tables into its file.
DUCKDB_MEMORY_LIMIT = "256MB"


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_duckdb(parquet_files: Mapping[str, Path], path: Path) -> None:
    """Copy each Parquet table into a DuckDB file, with table and column comments.

    The tables and comments are made in one transaction: committed once, not once per
    statement (each commit costs a write of DuckDB's log).
    """
    import duckdb

    con = duckdb.connect(str(path))
    try:
        # DuckDB caches what it reads up to its memory limit (80% of RAM by default);
        # a fixed limit keeps a large import bounded and makes it spill to disk instead.
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        con.execute("BEGIN TRANSACTION")
        for table, file in parquet_files.items():
            con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM read_parquet({sql_literal(str(file))})')
            con.execute(f'COMMENT ON TABLE "{table}" IS {sql_literal(TABLE_DESCRIPTIONS[table])}')
            for col in columns(table):
                con.execute(f'COMMENT ON COLUMN "{table}"."{col.name}" IS {sql_literal(col.description)}')
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()


#: Edits that bring a copied DuckDB file up to date with the new Parquet tables (``update_duckdb``).
DuckDBEdit = Callable[["duckdb.DuckDBPyConnection", Mapping[str, Path]], None]


def update_duckdb(base: Path, parquet_files: Mapping[str, Path], path: Path, edit: DuckDBEdit) -> bool:
    """Make ``path`` from the DuckDB file ``base`` of the dataset being updated: copied, then
    changed by ``edit`` (delete the rows that went, insert those that came, from the new
    Parquet files) in one transaction. Cheaper than :func:`write_duckdb` when few rows
    change. Returns False, leaving nothing at ``path``, when ``base`` cannot serve (missing,
    written with other columns, an edit that fails): then write it whole.
    """
    import duckdb

    if not base.is_file():
        return False
    shutil.copyfile(base, path)
    try:
        con = duckdb.connect(str(path))
        try:
            con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
            for table in parquet_files:
                held = [row[0] for row in con.execute(f'DESCRIBE "{table}"').fetchall()]
                if held != [c.name for c in columns(table)]:
                    raise ValueError(f"{table} has other columns in {base}")
            con.execute("BEGIN TRANSACTION")
            edit(con, parquet_files)
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
    except (duckdb.Error, ValueError, OSError) as exc:
        logger.info("the DuckDB file of the dataset could not be updated (%s); it is written whole", exc)
        path.unlink(missing_ok=True)
        return False
    return True
