"""Tables of articles as inputs: JSON Lines, JSON, CSV/TSV and Parquet, one row per article.

news-please output, trafilatura's JSON, Common Crawl News extracts and one's own
scrapes hold articles as rows. Each row becomes an :class:`InputDocument` whose
``path`` is ``<table>#<n>`` (``n`` is the 1-based record number: the line of a
JSON Lines file, the data row of a CSV file, the row of a Parquet file or JSON
array), so every article points back to its row. Which column holds what is
decided by :mod:`unionnews.inputs.columns`; a row becomes a document in
:mod:`unionnews.inputs.rows`.

Files are streamed (JSON Lines and CSV line by line, a JSON array value by value,
Parquet in row batches of only the columns used), so memory stays flat however
large the table. Every problem is a :class:`DocumentError`, never an exception:
a malformed line or row is one error and the other rows are read; a file that
is no table, or has no column for the text, is one error for the file.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import IO, Any, cast

import pyarrow as pa
import pyarrow.parquet as pq

from unionnews.errors import BadRow, InputError, MissingColumn, NotATable, TooLarge, Unreadable
from unionnews.inputs.columns import ColumnPlan, plan_columns
from unionnews.inputs.discover import MAX_BYTES, TABLE_SUFFIX_RE, InputDocument
from unionnews.inputs.rows import TableFile, row_document
from unionnews.model import DocumentError

Read = Iterator[InputDocument | DocumentError]

#: A record (a JSON line, a JSON value) may hold this many times ``max_bytes``: its text,
#: its HTML and JSON escapes ("\u1ec7" is six bytes for three). Longer ones are refused unread.
RECORD_FACTOR = 8
#: Characters read at a time from a JSON file.
JSON_CHUNK = 1 << 16
#: Rows per Parquet batch: a few MB of articles.
PARQUET_BATCH_ROWS = 64
#: Malformed lines before any good record that make a .jsonl file "not JSON Lines".
MAX_LEADING_BAD = 3
#: Delimiters a .csv file may use (Excel writes ";" where "," is the decimal mark).
CSV_DELIMITERS = (",", ";", "\t")
#: The largest field limit csv takes everywhere (a C long is 32 bits on Windows).
MAX_FIELD_LIMIT = 2**31 - 1
#: The message of csv's error for a field over ``csv.field_size_limit()``.
FIELD_LIMIT_RE = re.compile(r"field larger than field limit")
#: Byte order marks of UTF-16 text (Excel's "Unicode text").
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


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
    mapping = dict(columns or {})
    readers = {"jsonl": _jsonl, "json": _json, "csv": _csv, "tsv": _csv, "parquet": _parquet}
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


@contextmanager
def _open_binary(path: Path) -> Iterator[IO[bytes]]:
    gzipped = path.name.lower().endswith(".gz")
    with cast(IO[bytes], gzip.open(path, "rb") if gzipped else path.open("rb")) as fh:
        yield fh


@contextmanager
def _open_text(path: Path) -> Iterator[IO[str]]:
    """The file as text: UTF-16 when it starts with its byte order mark, else UTF-8 (BOM skipped)."""
    with _open_binary(path) as probe:
        encoding = "utf-16" if probe.read(2) in UTF16_BOMS else "utf-8-sig"
    if path.name.lower().endswith(".gz"):
        with gzip.open(path, "rt", encoding=encoding, newline="") as fh:
            yield fh
    else:
        with path.open(encoding=encoding, newline="") as fh:
            yield fh


@dataclass(frozen=True, slots=True)
class Problem:
    """A row that could not be read (``number``), or the end of a file that cannot be read on
    (``number`` None: one error for the file)."""

    error: InputError
    number: int | None = None


#: What a reader of JSON gives: (number, where, value) per record, or a problem.
Item = tuple[int, str, Any] | Problem


@lru_cache(maxsize=64)
def _plan(keys: tuple[str, ...], mapping: tuple[tuple[str, str], ...], holder: str) -> ColumnPlan:
    """The plan for a JSON record's keys (the records of a file mostly share them)."""
    return plan_columns(keys, dict(mapping), holder=holder)


def _records(table: TableFile, items: Iterator[Item], max_bytes: int, mapping: Mapping[str, str]) -> Read:
    """JSON records to documents. The first object's keys serve as the table's header: a
    mapped column missing there, or no text column, is one error for the file."""
    frozen = tuple(sorted(mapping.items()))
    first = True
    for item in items:
        if isinstance(item, Problem):
            yield table.error(item.error, item.number)
            continue
        number, where, value = item
        if not isinstance(value, dict):
            yield table.error(BadRow(f"{where} holds {_described(value)}, not a JSON object"), number)
            continue
        try:
            plan = _plan(tuple(value), frozen, "table's first record" if first else "record")
        except MissingColumn as exc:
            if first:
                yield table.error(exc)
                return
            yield table.error(MissingColumn(f"{where}: {exc}"), number)
            continue
        first = False
        yield row_document(value, plan, table, number, where, max_bytes)


def _described(value: Any) -> str:
    names = {list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), f"a {type(value).__name__}")


# -- JSON Lines -------------------------------------------------------------------------------


def _jsonl(table: TableFile, max_bytes: int, mapping: Mapping[str, str]) -> Read:
    return _records(table, _jsonl_items(table.path, RECORD_FACTOR * max_bytes), max_bytes, mapping)


def _jsonl_items(path: Path, limit: int) -> Iterator[Item]:
    """One item per non-blank line, numbered by line.

    Bad lines before the first good one are held: :data:`MAX_LEADING_BAD` of them (or
    a file of nothing else) make the file "not JSON Lines", one error for the file.
    """
    held: list[Problem] = []
    good = False
    with _open_binary(path) as fh:
        for number, line in enumerate(_lines(fh, limit), start=1):
            item = _jsonl_item(number, line, limit)
            if item is None:
                continue
            if isinstance(item, Problem) and not good:
                held.append(item)
                if len(held) == MAX_LEADING_BAD:
                    break
                continue
            if not good:
                yield from held
                good = True
            yield item
    if held and not good:
        yield Problem(
            NotATable(
                f"not JSON Lines (one JSON object per line): {held[0].error}; "
                "a JSON array belongs in a .json file"
            )
        )


def _jsonl_item(number: int, line: bytes | None, limit: int) -> Item | None:
    """The object on one line, a problem, or None for a blank line."""
    where = f"line {number}"
    if line is None:
        return Problem(TooLarge(f"{where} is over {limit:,} bytes; raise --max-bytes to read it"), number)
    try:
        text = line.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        return Problem(BadRow(f"{where} is not UTF-8 text; save the file as UTF-8"), number)
    if not text.strip():
        return None
    try:
        return number, where, json.loads(text)
    except json.JSONDecodeError as exc:
        return Problem(BadRow(f"{where} is not JSON: {exc.msg} (column {exc.colno})"), number)


def _lines(fh: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """The file's lines; ``None`` for a line over ``limit`` bytes (skipped, never held whole)."""
    while line := fh.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = fh.readline(JSON_CHUNK)
            yield None
        else:
            yield line


# -- JSON: an array of objects, or one object --------------------------------------------------


def _json(table: TableFile, max_bytes: int, mapping: Mapping[str, str]) -> Read:
    return _records(table, _json_items(table.path, RECORD_FACTOR * max_bytes), max_bytes, mapping)


def _json_items(path: Path, limit: int) -> Iterator[Item]:
    """The values of a top-level array (numbered from 1), or the one top-level object.

    Damage cannot be skipped in a JSON document: it ends the file with one error
    after the records before it.
    """
    number = 0
    try:
        with _open_text(path) as fh:
            stream = JsonStream(fh, limit)
            for number, value in enumerate(stream.values(), start=1):
                yield number, f"record {number}", value
    except UnicodeDecodeError:
        yield Problem(NotATable(f"not UTF-8 text after record {number}; save the file as UTF-8"))
    except ValueError as exc:  # JsonStream's: malformed, not an array or object, a value too long
        kept = f"; the {number:,} record(s) before it were read" if number else ""
        yield Problem(NotATable(f"{exc}{kept}"))


class JsonStream:
    """The top-level values of a JSON text read in chunks (an array's items, or one object)."""

    def __init__(self, fh: IO[str], limit: int) -> None:
        self.fh = fh
        self.limit = limit  # most characters one value may have
        self.buf = ""
        self.pos = 0
        self.offset = 0  # characters dropped from the front of ``buf``
        self.eof = False
        self.decoder = json.JSONDecoder()

    def _more(self) -> bool:
        """Read more (as much again as is pending, so a long value costs linear time)."""
        chunk = self.fh.read(max(JSON_CHUNK, len(self.buf) - self.pos))
        self.offset += self.pos
        self.buf, self.pos = self.buf[self.pos :] + chunk, 0
        self.eof = not chunk
        return not self.eof

    def _peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if self.eof or not self._more():
                return ""

    def _value(self) -> Any:
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
                if end < len(self.buf) or self.eof:  # a value at the buffer's end may be cut short
                    self.pos = end
                    return value
            except json.JSONDecodeError as exc:
                if self.eof:
                    at = self.offset + exc.pos
                    raise ValueError(f"not valid JSON: {exc.msg} at character {at:,}") from exc
            if len(self.buf) - self.pos > self.limit:
                at = self.offset + self.pos
                raise ValueError(
                    f"a record over {self.limit:,} characters at character {at:,}; raise --max-bytes"
                )
            self._more()

    def values(self) -> Iterator[Any]:
        opening = self._peek()
        if opening == "{":
            yield self._value()
        elif opening == "[":
            self.pos += 1
            after = self._peek()
            while after != "]":
                yield self._value()
                after = self._peek()
                if after not in (",", "]"):
                    at = self.offset + self.pos
                    raise ValueError(f"the JSON array is broken or cut short at character {at:,}")
                if after == ",":
                    self.pos += 1
                    self._peek()
            self.pos += 1  # the closing "]"
        else:
            what = "an empty file" if opening == "" else f"it starts with {opening!r}"
            raise ValueError(f"not a JSON array of objects nor a JSON object ({what})")
        if self._peek():
            raise ValueError(f"more text after the JSON value, at character {self.offset + self.pos:,}")


# -- CSV and TSV -------------------------------------------------------------------------------


def _csv(table: TableFile, max_bytes: int, mapping: Mapping[str, str]) -> Read:
    """Rows of a CSV (or TSV) file with a header line, numbered from 1 after the header.

    csv's field limit is set to ``max_bytes`` while the file is read: a longer field
    is refused (its row is skipped to its end) without the whole field being held.
    """
    previous = csv.field_size_limit(min(max_bytes, MAX_FIELD_LIMIT))
    try:
        with _open_text(table.path) as fh:
            yield from _csv_rows(table, fh, max_bytes, mapping)
    except UnicodeDecodeError:
        yield table.error(NotATable("not UTF-8 text; save the table as 'CSV UTF-8' (Excel) and try again"))
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
