"""Find input documents in files and folders; read them one at a time.

Listing is cheap (no reading), so the runner can show a progress bar with a
total and hold only one document's bytes at a time. Problems become
:class:`DocumentError` values, never exceptions: a missing path, an unreadable
file or one over the size limit is recorded and the run goes on.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from unionnews.model import DocumentError

logger = logging.getLogger(__name__)

#: Extensions read when walking a folder, and the kind of document they hold.
KINDS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".xhtml": "html"}
#: WARC archives are walked too: "crawl-1.warc", "x.warc.gz".
WARC_SUFFIX_RE = re.compile(r"\.warc(?:\.gz)?$", re.I)
#: Default size limit per document (bytes).
MAX_BYTES = 20_000_000


@dataclass(frozen=True, slots=True)
class InputDocument:
    path: str  # as given or found while walking
    url: str  # file:// URI of the absolute path
    data: bytes
    kind: str  # "txt" or "html"
    fetched_at: str | None = None  # capture time, for pages read from WARC archives
    charset: str | None = None  # the charset the server declared, when known


def list_inputs(paths: Iterable[str | Path]) -> list[Path | DocumentError]:
    """Files to read under ``paths`` (folders walked recursively, sorted); no file is opened."""
    found: list[Path | DocumentError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(_walk(path))
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            found.append(DocumentError(str(path), "read", "Unreadable", "no such file or folder"))
    return found


def _walk(folder: Path) -> Iterator[Path | DocumentError]:
    def on_error(exc: OSError) -> None:
        errors.append(DocumentError(str(exc.filename), "read", "Unreadable", exc.strerror or str(exc)))

    errors: list[DocumentError] = []
    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in KINDS or WARC_SUFFIX_RE.search(name):
                yield Path(root) / name
            else:
                logger.debug("skipping %s: not .txt/.html", Path(root) / name)
    yield from errors


def _kind(path: Path, data: bytes) -> str:
    kind = KINDS.get(path.suffix.lower())
    if kind:
        return kind
    head = data[:1024].lstrip().lower()
    return "html" if head.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<meta")) else "txt"


def read_input(path: Path, *, max_bytes: int = MAX_BYTES) -> InputDocument | DocumentError:
    """Read one file, or say why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return DocumentError(
                str(path),
                "read",
                "TooLarge",
                f"{size:,} bytes is over the {max_bytes:,}-byte limit; raise --max-bytes to read it",
            )
        data = path.read_bytes()
    except OSError as exc:
        return DocumentError(str(path), "read", "Unreadable", exc.strerror or str(exc))
    return InputDocument(str(path), path.resolve().as_uri(), data, _kind(path, data))


def iter_documents(
    paths: Iterable[str | Path], *, max_bytes: int = MAX_BYTES
) -> Iterator[InputDocument | DocumentError]:
    """Every input document under ``paths``, read lazily, or the error that stopped it."""
    for item in list_inputs(paths):
        yield item if isinstance(item, DocumentError) else read_input(item, max_bytes=max_bytes)
