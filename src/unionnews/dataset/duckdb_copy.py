"""The DuckDB copy of a dataset: its Parquet tables loaded into one self-contained file."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from unionnews.dataset.schema import TABLE_DESCRIPTIONS, columns

DUCKDB_FILE = "unionnews.duckdb"
#: Memory DuckDB may use while copying the Parquet tables into its file.
DUCKDB_MEMORY_LIMIT = "256MB"


def _sql_literal(text: str) -> str:
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
            con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM read_parquet({_sql_literal(str(file))})')
            con.execute(f'COMMENT ON TABLE "{table}" IS {_sql_literal(TABLE_DESCRIPTIONS[table])}')
            for col in columns(table):
                con.execute(f'COMMENT ON COLUMN "{table}"."{col.name}" IS {_sql_literal(col.description)}')
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()
