"""Articles from WARC archives: ours, a web archive's or Common Crawl's.

Every ``response`` record holding an HTML page with HTTP status 200 becomes an
:class:`InputDocument` with the page's URL, the capture time and the charset
the server declared; other records (requests, metadata, images, PDFs, errors)
are skipped. Redirect responses (3xx) anywhere in the same archive (a quick
first pass reads them), and the URL our crawler asked for (its
``WARC-Unionnews-Frontier-URI`` header), become the page's ``aliases``. A
damaged archive is reported as one ``DocumentError`` after the records that
could be read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from unionnews.inputs.discover import WARC_SUFFIX_RE, InputDocument
from unionnews.model import DocumentError
from unionnews.sources.urls import canonical_url

logger = logging.getLogger(__name__)

#: HTML media types in a Content-Type header: "text/html; charset=utf-8", "application/xhtml+xml".
HTML_TYPE_RE = re.compile(r"^\s*(?:text/html|application/xhtml\+xml)\b", re.I)
#: The charset parameter of a Content-Type header: "text/html; charset=windows-1258".
CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([\w\-:.]+)", re.I)


def is_warc(path: Path) -> bool:
    return bool(WARC_SUFFIX_RE.search(path.name))


def iter_warc(path: Path, *, max_bytes: int) -> Iterator[InputDocument | DocumentError]:
    """The HTML pages in one WARC file, in archive order; then an error if it is damaged.

    warcio stops quietly at a truncated or corrupt record, so each record's bytes are
    checked against its Content-Length, and the end of the last record read against
    the file size: a short record or bytes left over mean damage.
    """
    size = path.stat().st_size
    end = 0
    redirects = _redirects(path)  # target URL -> URLs that redirected to it
    try:
        with path.open("rb") as fh:
            records = ArchiveIterator(fh)
            for record in records:
                doc = _document(path, record, max_bytes, redirects)
                record.content_stream().read()  # consume the rest so the length is known
                if getattr(record.raw_stream, "limit", 0) > 0:
                    # fewer bytes than the record's Content-Length: the archive is cut here
                    yield _damaged(path, f"record at offset {records.get_record_offset():,} is truncated")
                    return
                end = records.get_record_offset() + records.get_record_length()
                if doc is not None:
                    yield doc
    except (ArchiveLoadFailed, OSError, ValueError) as exc:
        yield _damaged(path, f"{type(exc).__name__}: {exc}")
        return
    if end < size:
        yield _damaged(path, f"{size - end:,} bytes after the last whole record at offset {end:,}")


def _damaged(path: Path, why: str) -> DocumentError:
    return DocumentError(
        str(path),
        "read",
        "DamagedArchive",
        f"cannot read further in the WARC archive ({why}); the pages before that point were kept",
    )


#: Our crawler's header naming the URL it asked for when the response came after redirects.
FRONTIER_HEADER = "WARC-Unionnews-Frontier-URI"
#: A redirect status: 301, 302, 303, 307, 308.
REDIRECT_STATUS_RE = re.compile(r"^30[12378]$")


def _redirects(path: Path) -> dict[str, set[str]]:
    """"A redirected to B" from every whole 3xx response record of the archive, as B -> {A}.

    Damage is not reported here: the main pass reports it.
    """
    redirects: dict[str, set[str]] = {}
    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                if not REDIRECT_STATUS_RE.match(record.http_headers.get_statuscode() or ""):
                    continue
                source = record.rec_headers.get_header("WARC-Target-URI") or ""
                location = record.http_headers.get_header("Location")
                if source and location:
                    target = canonical_url(urljoin(source, location))
                    redirects.setdefault(target, set()).add(source)
    except (ArchiveLoadFailed, OSError, ValueError) as exc:
        logger.debug("%s: redirect pass stopped: %s", path, exc)
    return redirects


def _aliases(url: str, record: ArcWarcRecord, redirects: dict[str, set[str]]) -> tuple[str, ...]:
    """Every URL that led to ``url`` through the redirects seen so far (chains included)."""
    found: set[str] = set()
    asked = record.rec_headers.get_header(FRONTIER_HEADER)
    todo = [canonical_url(url)] + ([canonical_url(asked)] if asked else [])
    found.update(todo[1:])
    while todo:
        for source in redirects.get(todo.pop(), ()):
            key = canonical_url(source)
            if key not in found:
                found.add(key)
                todo.append(key)
    found.discard(canonical_url(url))
    return tuple(sorted(found))


def _document(
    path: Path, record: ArcWarcRecord, max_bytes: int, redirects: dict[str, set[str]]
) -> InputDocument | DocumentError | None:
    """The page in one record, an error for an oversized page, or None for anything else."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode()
    content_type = record.http_headers.get_header("Content-Type") or ""
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if status != "200" or not HTML_TYPE_RE.match(content_type):
        logger.debug("skipping %s (%s, %s)", url, status, content_type)
        return None
    source = f"{path}#{record.rec_headers.get_header('WARC-Record-ID')}"
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return DocumentError(
            source, "read", "TooLarge", f"{url}: page over the {max_bytes:,}-byte limit; raise --max-bytes"
        )
    charset = CHARSET_RE.search(content_type)
    return InputDocument(
        path=source,
        url=url,
        data=data,
        kind="html",
        fetched_at=record.rec_headers.get_header("WARC-Date"),
        charset=charset.group(1) if charset else None,
        aliases=_aliases(url, record, redirects),
    )
