"""Find input documents in files and folders; read them one at a time.

Listing is cheap (no reading), so the runner can show a progress bar with a
total and hold only one document's bytes at a time. Problems become
:class:`DocumentError` values, never exceptions: a missing path, an unreadable
file or one over the size limit is recorded and the run goes on. Only regular
files are read: a named pipe, a socket, a device (or a link to one) is refused
from its ``stat`` without being opened. A file name whose bytes are not UTF-8 is
shown with ``\\xNN`` escapes (:func:`display_path`), so it can be written anywhere.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from unionnews.errors import InputError, NotARegularFile, TooLarge, Unreadable
from unionnews.model import DocumentError

logger = logging.getLogger(__name__)

#: Extensions read when walking a folder, and the kind of document they hold.
KINDS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".xhtml": "html"}
#: Web archives are walked too, WARC and the older ARC: "crawl-1.warc", "x.warc.gz",
#: "IA-2004.arc", "IA-2004.arc.gz".
ARCHIVE_SUFFIX_RE = re.compile(r"\.w?arc(?:\.gz)?$", re.I)
#: Tables of articles are read row by row: "a.jsonl", "b.ndjson.gz", "c.json", "d.csv", "e.tsv",
#: "f.parquet" (see :mod:`unionnews.inputs.tables`).
TABLE_SUFFIX_RE = re.compile(r"\.(?:(?:jsonl|ndjson|json|csv|tsv)(?:\.gz)?|parquet)$", re.I)
#: Files that make a folder a unionnews dataset (an earlier run's output), not input.
DATASET_MARKERS = ("manifest.json", "datapackage.json")
#: Default size limit per document (bytes).
MAX_BYTES = 20_000_000


#: The start of a markup document, for files with an unknown extension: "<!DOCTYPE html>",
#: "<html", "<?xml", "<!-- saved from url -->", "<div class=...>".
MARKUP_START_RE = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<(?:!doctype|!--|\?xml|[a-z][a-z0-9]*[\s>/])", re.I)


@dataclass(frozen=True, slots=True)
class InputDocument:
    """One input read into memory: a file (or a page of a WARC archive) and what it holds."""

    path: str  # as given or found while walking
    url: str  # file:// URI of the absolute path (the page URL for WARC records)
    data: bytes
    kind: str  # "txt" or "html"
    fetched_at: str | None = None  # capture time, for pages read from WARC archives
    charset: str | None = None  # the charset the server declared, when known
    abspath: str | None = None  # absolute path of the file read (None for WARC records)
    aliases: tuple[str, ...] = ()  # other URLs that led to this page (redirect sources)
    #: Metadata that came with the document (a row of a table of articles, a ``Title:``
    #: header of a text file): used as an HTML page's own title and date would be.
    title: str | None = None
    published: str | None = None  # as given: ISO 8601 or any dateline form
    #: Remarks about how the document was read, added to ``Article.notes``.
    notes: tuple[str, ...] = ()
    #: (ISO date, source kind) a sitemap, feed or listing gave the page (our crawler's WARC
    #: headers): a cross-check of the page's own date.
    listed: tuple[str, str] | None = None


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as text that can be written to any table: bytes of a file name that are not
    UTF-8 (which Python keeps as lone surrogates) are shown as ``\\xNN``.

    >>> display_path("tin-c\\udcf4ng.txt")
    'tin-c\\\\xf4ng.txt'
    >>> display_path("tin-công.txt")
    'tin-công.txt'
    """
    text = os.fspath(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a lone surrogate that stands for no byte (a Windows name)
            return text.encode("utf-8", "backslashreplace").decode("utf-8")


def name_notes(path: Path) -> tuple[str, ...]:
    """A note for ``Article.notes`` when the file's name is shown with escapes."""
    if display_path(path) == str(path):
        return ()
    return ("the file name is not valid UTF-8: its bytes are shown as \\xNN in source_path",)


def error_row(source: str | os.PathLike[str], exc: InputError) -> DocumentError:
    """The ``errors`` row for ``exc`` about ``source``: its stage, class name and message."""
    return DocumentError(display_path(source), exc.stage, type(exc).__name__, str(exc))


#: What a path that is no regular file is, by the type bits of its ``stat``.
_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def special_file(path: Path) -> NotARegularFile | None:
    """Why ``path`` (links followed) is not read when it is no regular file or folder, from
    its ``stat`` alone: it is never opened (opening a named pipe waits for a writer; a
    device never ends). None for a regular file, a folder, or a path ``stat`` fails on
    (reading it says why)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    what = next((name for test, name in _SPECIAL_KINDS if test(mode)), "not a regular file")
    link = ""
    if path.is_symlink():
        link = f" (a symbolic link to {display_path(os.path.realpath(path))})"
    return NotARegularFile(
        f"{what}{link}, not a file: only regular files are read; copy the page to a file to read it"
    )


def list_inputs(paths: Iterable[str | Path]) -> list[Path | DocumentError]:
    """Files to read under ``paths`` (folders walked recursively, sorted); no file is opened."""
    found: list[Path | DocumentError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(_walk(path))
        elif path.exists() or path.is_symlink():
            special = special_file(path)  # a broken symlink is reported when it is read
            found.append(path if special is None else error_row(path, special))
        else:
            found.append(error_row(raw, Unreadable("no such file or folder; check the path")))
    return found


def _walk(folder: Path) -> Iterator[Path | DocumentError]:
    def on_error(exc: OSError) -> None:
        reason = exc.strerror or str(exc)
        errors.append(error_row(str(exc.filename), Unreadable(f"cannot list this folder: {reason}")))

    errors: list[DocumentError] = []
    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if all(marker in files for marker in DATASET_MARKERS):
            logger.info("skipping %s: a unionnews dataset, not input (name its files to read them)", root)
            dirs.clear()
            continue
        for name in sorted(files):
            if name.startswith("."):
                continue
            if (
                Path(name).suffix.lower() in KINDS
                or ARCHIVE_SUFFIX_RE.search(name)
                or TABLE_SUFFIX_RE.search(name)
            ):
                path = Path(root) / name
                special = special_file(path)
                yield path if special is None else error_row(path, special)
            else:
                logger.debug("skipping %s: not .txt/.html, an archive or a table", Path(root) / name)
    yield from errors


def sniff_kind(path: Path, data: bytes) -> str:
    """ "html" or "txt": by extension, else HTML when the bytes start with markup."""
    kind = KINDS.get(path.suffix.lower())
    if kind:
        return kind
    return "html" if MARKUP_START_RE.match(data[:1024]) else "txt"


def _reason(path: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError) and path.is_symlink():
        return f"broken symbolic link (its target {os.readlink(path)!r} does not exist)"
    if isinstance(exc, IsADirectoryError):
        return "a folder where a file was expected"
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError):
        return f"{reason}; give read permission to the user running unionnews"
    return reason


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes | DocumentError:
    """The bytes of one regular file, or the row that says why they cannot be read (a special
    file is never opened; a file over ``max_bytes`` is not read)."""
    special = special_file(path)
    if special is not None:
        return error_row(path, special)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            too_large = f"{size:,} bytes is over the {max_bytes:,}-byte limit; raise --max-bytes to read it"
            return error_row(path, TooLarge(too_large))
        return path.read_bytes()
    except OSError as exc:
        return error_row(path, Unreadable(_reason(path, exc)))


def read_input(path: Path, *, max_bytes: int = MAX_BYTES) -> InputDocument | DocumentError:
    """Read one regular file, or say why it cannot be read (see :func:`read_bytes`)."""
    data = read_bytes(path, max_bytes=max_bytes)
    if isinstance(data, DocumentError):
        return data
    absolute = path.resolve()
    return InputDocument(
        display_path(path),
        absolute.as_uri(),
        data,
        sniff_kind(path, data),
        abspath=display_path(absolute),
        notes=name_notes(path),
    )


def iter_documents(
    paths: Iterable[str | Path], *, max_bytes: int = MAX_BYTES, columns: Mapping[str, str] | None = None
) -> Iterator[InputDocument | DocumentError]:
    """Every input document under ``paths``, read lazily, or the error that stopped it.

    Folders are walked recursively in sorted order (hidden files and unknown extensions
    skipped); a file named explicitly is read whatever its extension. A file over
    ``max_bytes`` is refused from its size alone, without being read. WARC and ARC
    archives give their pages and tables of articles their rows (a row over
    ``max_bytes`` is refused); ``columns`` maps fields to a table's columns
    (``{"text": "noi_dung"}``).
    """
    from unionnews.inputs.tables import iter_table  # tables and warc import this module
    from unionnews.inputs.warc import iter_warc

    for item in list_inputs(paths):
        if isinstance(item, DocumentError):
            yield item
        elif ARCHIVE_SUFFIX_RE.search(item.name):
            yield from iter_warc(item, max_bytes=max_bytes)
        elif TABLE_SUFFIX_RE.search(item.name):
            yield from iter_table(item, max_bytes=max_bytes, columns=columns)
        else:
            yield read_input(item, max_bytes=max_bytes)
