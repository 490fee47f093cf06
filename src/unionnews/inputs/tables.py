"""Tables of articles as inputs: JSON Lines, JSON, CSV/TSV and Parquet, one row per article.

news-please output, trafilatura's JSON, Common Crawl News extracts and one's own
scrapes hold articles as rows. Each row becomes an :class:`InputDocument` whose
``path`` is ``<table>#<n>`` (``n`` is the 1-based record number: the line of a
JSON Lines file, the data row of a CSV file, the row of a Parquet file or JSON
array), so every article points back to its row. Which column holds what is
decided by :mod:`unionnews.inputs.columns`; a row becomes a document in
:mod:`unionnews.inputs.rows`. JSON and JSON Lines are read in
:mod:`unionnews.inputs.jsontables`, CSV and Parquet here.

Files are streamed (JSON Lines and CSV line by line, a JSON array value by value,
Parquet in row batches of only the columns used), so memory stays flat however
large the table. Every problem is a :class:`DocumentError`, never an exception:
a malformed line or row is one error and the other rows are read; a file that
is no table, or has no column for the text, is one error for the file.
"""

from __future__ import annotations

import csv
import re
import zlib
from collections.abc import Iterator, Mapping
from itertools import chain
from pathlib import Path
from typing import IO

from unionnews.errors import BadRow, MissingColumn, NotATable, TooLarge, Unreadable
from unionnews.inputs.columns import plan_columns
from unionnews.inputs.discover import MAX_BYTES, TABLE_SUFFIX_RE, InputDocument, special_file
from unionnews.inputs.jsontables import read_json, read_jsonl
from unionnews.inputs.rows import TableFile, row_document
from unionnews.model import DocumentError

Read = Iterator[InputDocument | DocumentError]

#: Rows per Parquet batch: a few MB of articles.
PARQUET_BATCH_ROWS = 64
#: Delimiters a .csv file may use (Excel writes ";" where "," is the decimal mark).
CSV_DELIMITERS = (",", ";", "\t")
#: The largest field limit csv takes everywhere (a C long is 32 bits on Windows).
MAX_FIELD_LIMIT = 2**31 - 1
#: The message of csv's error for a field over ``csv.field_size_limit()``.
FIELD_LIMIT_RE = re.compile(r"field larger than field limit")


def is_table(path: Path) -> bool:
    """A table of articles by its name: .jsonl, .ndjson, .json, .csv, .tsv (each maybe .gz), .parquet."""
    return bool(TABLE_SUFFIX_RE.search(path.name))


def _format(path: Path) -> str:
    """ "jsonl", "json", "csv", "tsv" or "parquet"."""
    name = path.name.lower().removesuffix(".gz")
    suffix = name.rsplit(".", 1)[-1]
    return "jsonl" if suffix == "ndjson" else suffix


def iter_table(path: Path, *, max_bytes: int = MAX_BYTES, columns: Mapping[str, str] | None = None) -> Read:
    """Every row of one table as a document, or the error that stopped it (lazily).

    ``columns`` maps fields to column names (``{"text": "noi_dung"}``; see
    :func:`~unionnews.inputs.columns.parse_columns`). A row over ``max_bytes`` of
    text is refused like a big file; the table as a whole has no size limit.
    """
    table = TableFile.of(path)
    special = special_file(path)  # a named pipe called "x.jsonl" would block the run when opened
    if special is not None:
        yield table.error(special)
        return
    mapping = dict(columns or {})
    readers = {"jsonl": read_jsonl, "json": read_json, "csv": _csv, "tsv": _csv, "parquet": _parquet}
    reader = readers.get(_format(path))
    if reader is None:
        yield table.error(NotATable(f"not a table of articles by its name ({path.suffix})"))
        return
    done = 0
    try:
        for doc in reader(table, max_bytes, mapping):
            done += 1
            yield doc
    except (OSError, EOFError, zlib.error) as exc:  # unreadable, or a damaged .gz: keep the rows before
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        if done:
            yield table.error(NotATable(f"cannot read further ({reason}); the rows before were kept"))
        else:
            yield table.error(Unreadable(f"cannot read this table: {reason}"))


# -- CSV and TSV -------------------------------------------------------------------------------


def _csv(table: TableFile, max_bytes: int, mapping: Mapping[str, str]) -> Read:
    """Rows of a CSV (or TSV) file with a header line, numbered from 1 after the header.

    csv's field limit is set to ``max_bytes`` while the file is read: a longer field
    is refused (its row is skipped to its end) without the whole field being held.
    """
    previous = csv.field_size_limit(min(max_bytes, MAX_FIELD_LIMIT))
    done = 0
    try:
        with table.open_text() as fh:
            for doc in _csv_rows(table, fh, max_bytes, mapping):
                done += 1
                yield doc
    except UnicodeDecodeError:
        kept = f" after {done:,} row(s), which were kept" if done else ""
        why = f"not UTF-8 text{kept}; save the table as 'CSV UTF-8' (in Excel) and read it again"
        yield table.error(NotATable(why))
    finally:
        csv.field_size_limit(previous)


def _csv_rows(table: TableFile, fh: IO[str], max_bytes: int, mapping: Mapping[str, str]) -> Read:
    first = fh.readline()
    delimiter = "\t" if _format(table.path) == "tsv" else _delimiter(first)
    lines = CsvLines(chain([first], fh))
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        yield table.error(NotATable(f"no header line of column names ({exc or 'an empty file'})"))
        return
    if not any(name.strip() for name in header):
        yield table.error(NotATable("the first line is empty; a CSV table starts with its column names"))
        return
    try:
        plan = plan_columns(header, mapping)
    except MissingColumn as exc:
        yield table.error(exc)
        return
    index = {name: header.index(name) for name in plan.needed}
    number = 0
    while True:
        start = lines.start_record()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            lines.skip_rest_of_record()
            where = f"row {number} (line {start})"
            if FIELD_LIMIT_RE.search(str(exc)):
                too_long = f"{where}: a field over {max_bytes:,} characters; raise --max-bytes to read it"
                yield table.error(TooLarge(too_long), number)
            else:
                yield table.error(BadRow(f"{where}: {exc}"), number)
            continue
        if not row:
            continue  # a blank line
        number += 1
        where = f"row {number} (line {start})"
        if len(row) != len(header):
            problem = f"{where} has {len(row)} fields where the header has {len(header)} (a quote left open?)"
            yield table.error(BadRow(problem), number)
            continue
        yield row_document({name: row[i] for name, i in index.items()}, plan, table, number, where, max_bytes)


def _delimiter(header: str) -> str:
    """The delimiter of a .csv file: the one its header line uses most ("," when none)."""
    counts = {d: header.count(d) for d in CSV_DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class CsvLines:
    """A CSV file's lines for csv.reader, counted, with the quotes of the current record.

    After a broken record (a field over the limit) csv.reader stops in the middle of
    it; :meth:`skip_rest_of_record` reads on to the line that closes its open quote,
    so reading resumes at the next record instead of inside the broken one.
    """

    def __init__(self, lines: Iterator[str], quote: str = '"') -> None:
        self.lines = lines
        self.quote = quote
        self.number = 0  # lines read so far
        self.quotes = 0  # quote characters read in the current record

    def __iter__(self) -> CsvLines:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.number += 1
        self.quotes += line.count(self.quote)
        return line

    def start_record(self) -> int:
        """Start counting a new record; return the number of its first line."""
        self.quotes = 0
        return self.number + 1

    def skip_rest_of_record(self) -> None:
        while self.quotes % 2:  # inside a quoted field: read to its closing quote
            try:
                next(self)
            except StopIteration:
                return


# -- Parquet -----------------------------------------------------------------------------------


def _parquet(table: TableFile, max_bytes: int, mapping: Mapping[str, str]) -> Read:
    """Rows of a Parquet file, read in batches of only the columns used."""
    import pyarrow as pa  # here: a run without Parquet inputs need not load it to read
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(table.path)
    except (pa.ArrowException, OSError) as exc:
        yield table.error(NotATable(f"not a Parquet file ({exc})"))
        return
    number = 0
    with parquet:
        try:
            plan = plan_columns(parquet.schema_arrow.names, mapping)
        except MissingColumn as exc:
            yield table.error(exc)
            return
        try:
            for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=plan.needed):
                for record in batch.to_pylist():
                    number += 1
                    yield row_document(record, plan, table, number, f"row {number}", max_bytes)
        except (pa.ArrowException, OSError) as exc:
            yield table.error(NotATable(f"cannot read past row {number} ({exc}); the rows before were kept"))
