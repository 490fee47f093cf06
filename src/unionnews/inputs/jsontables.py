"""Tables of articles in JSON: JSON Lines (one object per line) and JSON (an array of objects,
or one object, as news-please writes one per article).

JSON Lines are read line by line: a malformed line is one error row and the lines
after it are read. A JSON array is read value by value (:class:`JsonStream`), so a
large file is never held whole; damage in it cannot be skipped and ends the file
with one error after the records before it. The first object's keys stand for the
table's header.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Any

from unionnews.errors import BadRow, InputError, MissingColumn, NotATable, TooLarge
from unionnews.inputs.columns import ColumnPlan, plan_columns
from unionnews.inputs.discover import InputDocument
from unionnews.inputs.rows import TableFile, describe_value, row_document
from unionnews.model import DocumentError

Read = Iterator[InputDocument | DocumentError]

#: A record (a JSON line, a JSON value) may hold this many times ``max_bytes``: its text,
#: its HTML and JSON escapes ("\u1ec7" is six bytes for three). Longer ones are refused unread.
RECORD_FACTOR = 8
#: Characters read at a time from a JSON file.
JSON_CHUNK = 1 << 16
#: Malformed lines before any good record that make a .jsonl file "not JSON Lines".
MAX_LEADING_BAD = 3


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
            yield table.error(BadRow(f"{where} holds {describe_value(value)}, not a JSON object"), number)
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


# -- JSON Lines -------------------------------------------------------------------------------


def read_jsonl(table: TableFile, max_bytes: int, mapping: Mapping[str, str]) -> Read:
    return _records(table, _jsonl_items(table, RECORD_FACTOR * max_bytes), max_bytes, mapping)


def _jsonl_items(table: TableFile, limit: int) -> Iterator[Item]:
    """One item per non-blank line, numbered by line.

    Bad lines before the first good one are held: :data:`MAX_LEADING_BAD` of them (or
    a file of nothing else) make the file "not JSON Lines", one error for the file.
    """
    held: list[Problem] = []
    good = False
    with table.open_binary() as fh:
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


def read_json(table: TableFile, max_bytes: int, mapping: Mapping[str, str]) -> Read:
    return _records(table, _json_items(table, RECORD_FACTOR * max_bytes), max_bytes, mapping)


def _json_items(table: TableFile, limit: int) -> Iterator[Item]:
    """The values of a top-level array (numbered from 1), or the one top-level object.

    Damage cannot be skipped in a JSON document: it ends the file with one error
    after the records before it.
    """
    number = 0
    try:
        with table.open_text() as fh:
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
