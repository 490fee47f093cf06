"""One row of a table of articles to an :class:`InputDocument`, or the reason it is none.

The row's fields are taken from the columns a :class:`ColumnPlan` names, best
first: the first column with a value wins. Its text (or, when only an HTML
column has content, its HTML) becomes the document's bytes; its URL, title and
dates are used as an HTML page's own would be. A wrong-typed value, an empty
text or a text over the size limit is a :class:`DocumentError` for that row.
"""

from __future__ import annotations

import gzip
import logging
import math
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, cast

from unionnews.errors import BadRow, EmptyDocument, InputError, TooLarge
from unionnews.inputs.columns import CONTENT_FIELDS, ColumnPlan
from unionnews.inputs.discover import InputDocument, display_path
from unionnews.model import DocumentError
from unionnews.nlp.normalize import match_key

logger = logging.getLogger(__name__)

#: Byte order marks of UTF-16 text (Excel's "Unicode text").
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: A cell that is one web address and nothing else: "https://ldld.caobang.gov.vn/tin/a-12.html"
#: (not a site name such as "VnExpress", not "xem https://…").
HTTP_URL_RE = re.compile(r"^https?://[^\s/?#]+\S*$", re.I)
#: A description (the lead paragraph) is put before the text only within these lengths…
DESCRIPTION_CHARS = (40, 800)
#: …and when the text does not already hold its first this many characters.
DESCRIPTION_PROBE = 60


@dataclass(frozen=True, slots=True)
class TableFile:
    """A table being read: its path as given and the file URI of rows without a web URL."""

    path: Path
    uri: str

    @classmethod
    def of(cls, path: Path) -> TableFile:
        return cls(path, path.resolve().as_uri())

    def source(self, number: int) -> str:
        """The ``source_path`` of a row: ``articles.jsonl#12``."""
        return f"{display_path(self.path)}#{number}"

    def error(self, exc: InputError, number: int | None = None) -> DocumentError:
        """An errors-table row for the whole table (``number`` None) or for one row."""
        where = display_path(self.path) if number is None else self.source(number)
        return DocumentError(where, exc.stage, type(exc).__name__, str(exc))

    @property
    def gzipped(self) -> bool:
        return self.path.name.lower().endswith(".gz")

    @contextmanager
    def open_binary(self) -> Iterator[IO[bytes]]:
        """The table's bytes (decompressed when its name ends in .gz)."""
        with cast(IO[bytes], gzip.open(self.path, "rb") if self.gzipped else self.path.open("rb")) as fh:
            yield fh

    @contextmanager
    def open_text(self) -> Iterator[IO[str]]:
        """The table as text: UTF-16 when it starts with its byte order mark, else UTF-8 (a BOM
        skipped); line ends kept as they are, as csv wants them."""
        with self.open_binary() as probe:
            encoding = "utf-16" if probe.read(2) in UTF16_BOMS else "utf-8-sig"
        opened = (
            gzip.open(self.path, "rt", encoding=encoding, newline="")
            if self.gzipped
            else self.path.open(encoding=encoding, newline="")
        )
        with opened as fh:
            yield fh


def row_document(
    record: Mapping[str, Any], plan: ColumnPlan, table: TableFile, number: int, where: str, max_bytes: int
) -> InputDocument | DocumentError:
    """Row ``number`` (1-based; ``where`` says where it is, for messages) as a document.

    The per-row guard: any exception becomes this row's error and the next row is read.
    """
    try:
        return _document(record, plan, table, number, where, max_bytes)
    except InputError as exc:
        return table.error(exc, number)
    except Exception as exc:  # one row that breaks the reader must not cost the table
        logger.exception("%s: cannot read this row", table.source(number))
        return DocumentError(
            table.source(number),
            "read",
            type(exc).__name__,
            f"{where}: {str(exc) or type(exc).__name__}; the other rows were read (this is a bug "
            "in unionnews; please report it with the table)",
        )


def _document(
    record: Mapping[str, Any], plan: ColumnPlan, table: TableFile, number: int, where: str, max_bytes: int
) -> InputDocument:
    def first(field: str, read: Callable[[Any, str, str, str], Any]) -> Any:
        for column in plan.candidates.get(field, ()):
            value = read(record.get(column), field, column, where)
            if value is not None:
                return value
        return None

    text: str | bytes | None = first("text", _content)
    if isinstance(text, str):
        text = _with_description(text, first("description", _string))
    content: str | bytes | None = text if text is not None else first("html", _content)
    if content is None:
        columns = [c for f in CONTENT_FIELDS for c in plan.candidates.get(f, ())]
        raise EmptyDocument(f"{where}: no article text ({', '.join(map(repr, columns))} empty)")
    data = content.encode("utf-8") if isinstance(content, str) else content
    if len(data) > max_bytes:
        raise TooLarge(
            f"{where}: {'text' if text is not None else 'HTML'} of {len(data):,} bytes is over "
            f"the {max_bytes:,}-byte limit; raise --max-bytes to read it"
        )
    return InputDocument(
        path=table.source(number),
        url=first("url", _url) or f"{table.uri}#{number}",
        data=data,
        kind="txt" if text is not None else "html",
        fetched_at=first("fetched_at", _date),
        title=first("title", _string),
        published=first("published", _date),
    )


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):  # a missing value in a pandas-written table
        return True
    return isinstance(value, str | bytes) and not value.strip()


def describe_value(value: Any) -> str:
    """What kind of value a cell holds, for messages: "a number (2023)", "a list", "an object"."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def _wrong_type(value: Any, field: str, column: str, where: str, wanted: str) -> BadRow:
    off = "" if field in CONTENT_FIELDS else f", or read none with --columns {field}="
    return BadRow(
        f"{where}: column {column!r} ({field}) holds {describe_value(value)}, not {wanted}; "
        f"name another column with --columns {field}=COLUMN{off}"
    )


def _content(value: Any, field: str, column: str, where: str) -> str | bytes | None:
    """Text or HTML: a string, bytes (a binary column), or a list of paragraphs."""
    if _is_empty(value):
        return None
    if isinstance(value, str | bytes):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        joined = "\n".join(v.strip() for v in value if v.strip())
        return joined or None
    raise _wrong_type(value, field, column, where, "text")


def _string(value: Any, field: str, column: str, where: str) -> str | None:
    if _is_empty(value):
        return None
    if isinstance(value, str):
        return value.strip()
    raise _wrong_type(value, field, column, where, "text")


def _date(value: Any, field: str, column: str, where: str) -> str | None:
    """A date as given ("2024-01-12 16:35:00", "12/01/2024"), or a date/time cell as ISO 8601."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if _is_empty(value):
        return None
    if isinstance(value, str):
        return value.strip()
    raise _wrong_type(value, field, column, where, "a date")


def _url(value: Any, field: str, column: str, where: str) -> str | None:
    """A web URL, or None: any other value (a site name, a number) is no URL, not an error."""
    if isinstance(value, str) and HTTP_URL_RE.match(value.strip()):
        return value.strip()
    return None


def _with_description(text: str, description: str | None) -> str:
    """The text, led by the description when that is a lead paragraph the text left out.

    >>> _with_description("Thân bài viết.", "Đoạn mở đầu của bài viết, tóm tắt nội dung chính.")
    'Đoạn mở đầu của bài viết, tóm tắt nội dung chính.\\nThân bài viết.'
    >>> _with_description("Đoạn mở đầu của bài viết, tóm tắt nội dung chính. Thân bài.",
    ...                   "Đoạn mở đầu của bài viết, tóm tắt nội dung chính.")
    'Đoạn mở đầu của bài viết, tóm tắt nội dung chính. Thân bài.'
    """
    if not description or not DESCRIPTION_CHARS[0] <= len(description) <= DESCRIPTION_CHARS[1]:
        return text
    probe = match_key(" ".join(description.split())[:DESCRIPTION_PROBE])
    if probe in match_key(" ".join(text.split())):
        return text
    return f"{description}\n{text}"
