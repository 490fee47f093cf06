"""Articles from web archives: WARC (ours, a web archive's, Common Crawl's) and the older ARC.

Every ``response`` record holding an HTML page with HTTP status 200 becomes an
:class:`InputDocument` with the page's URL, the capture time and the charset
the server declared; other records (requests, metadata, revisits, images, PDFs,
errors) are skipped. Redirect responses (3xx) anywhere in the same archive (a quick
first pass reads them), and the URL our crawler asked for (its
``WARC-Unionnews-Frontier-URI`` header), become the page's ``aliases``.

Records are read by :mod:`unionnews.inputs.archives` with bounded memory: a page
over ``max_bytes`` is refused from its length, or after ``max_bytes`` bytes of it.
Each record is read inside its own guard: a record that cannot be used (a response
without ``WARC-Target-URI``, a body that does not unpack) is one ``errors`` row and
the next record is read. Damage to the archive itself is one row too, after the
records before it; in a ``.gz`` archive reading resumes at the next whole gzip member.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from unionnews.errors import BadRecord, DecompressionBomb, InputError, TooLarge
from unionnews.inputs.discover import ARCHIVE_SUFFIX_RE, InputDocument, display_path, error_row, special_file
from unionnews.model import DocumentError
from unionnews.sources.urls import canonical_url

if TYPE_CHECKING:  # the archive reader (warcio) is imported when an archive is read
    from warcio.recordloader import ArcWarcRecord

logger = logging.getLogger(__name__)

#: HTML media types in a Content-Type header: "text/html; charset=utf-8", "application/xhtml+xml".
HTML_TYPE_RE = re.compile(r"^\s*(?:text/html|application/xhtml\+xml)\b", re.I)
#: The charset parameter of a Content-Type header: "text/html; charset=windows-1258".
CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([\w\-:.]+)", re.I)


def is_warc(path: Path) -> bool:
    """A web archive by its name: .warc, .warc.gz, .arc, .arc.gz."""
    return bool(ARCHIVE_SUFFIX_RE.search(path.name))


def iter_warc(path: Path, *, max_bytes: int) -> Iterator[InputDocument | DocumentError]:
    """The HTML pages in one WARC or ARC file, in archive order, and an error for every
    record that cannot be used and every stretch of the archive that cannot be read.

    A record is checked against its Content-Length (warcio stops quietly at a truncated
    record), and what follows the last record against the file size (blank lines are
    padding, anything else is damage).
    """
    from unionnews.inputs.archives import Damage, scan

    special = special_file(path)
    if special is not None:
        yield error_row(path, special)
        return
    redirects = _redirects(path)  # target URL -> URLs that redirected to it
    for item in scan(path, partial(_visit, path, max_bytes, redirects)):
        if isinstance(item, Damage):
            yield error_row(path, item.error)
        elif item[1] is not None:
            yield item[1]


def _source(path: Path, record: ArcWarcRecord, offset: int) -> str:
    """Where a record is: ``crawl.warc.gz#<urn:uuid:…>``, or ``old.arc#offset=1234`` (ARC
    records have no identifier)."""
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    return f"{display_path(path)}#{record_id}" if record_id else f"{display_path(path)}#offset={offset}"


def _visit(
    path: Path, max_bytes: int, redirects: dict[str, set[str]], record: ArcWarcRecord, offset: int
) -> InputDocument | DocumentError | None:
    """The page in one record, the error that keeps it out, or None for a record that holds no page.

    The per-record guard: any exception but damage to the archive becomes this record's row.
    """
    from unionnews.inputs.archives import ARCHIVE_DAMAGE

    source = _source(path, record, offset)
    try:
        return _document(source, record, max_bytes, redirects)
    except ARCHIVE_DAMAGE:
        raise
    except InputError as exc:
        return error_row(source, exc)
    except Exception as exc:  # a fault of ours or of warcio's on one record must not stop the archive
        logger.exception("%s: cannot read this record", source)
        return DocumentError(
            source,
            "read",
            type(exc).__name__,
            f"cannot read this record ({exc}); the other records were read. This is a bug in "
            "unionnews: please report it with the archive",
        )


#: Our crawler's header naming the URL it asked for when the response came after redirects.
FRONTIER_HEADER = "WARC-Unionnews-Frontier-URI"
#: Our crawler's headers giving the date a sitemap ``<lastmod>``, a feed ``<pubDate>`` or a
#: listing item gave the page's URL, and the kind of document it came from ("sitemap", "feed").
LISTED_DATE_HEADER = "WARC-Unionnews-Listed-Date"
LISTED_IN_HEADER = "WARC-Unionnews-Listed-In"
#: A redirect status: 301, 302, 303, 307, 308.
REDIRECT_STATUS_RE = re.compile(r"^30[12378]$")


def _redirect(record: ArcWarcRecord, offset: int) -> tuple[str, str] | None:
    """(target, source) of a 3xx response record, canonical target; None for any other record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if not REDIRECT_STATUS_RE.match(record.http_headers.get_statuscode() or ""):
        return None
    source = record.rec_headers.get_header("WARC-Target-URI") or ""
    location = record.http_headers.get_header("Location")
    if not (source and location):
        return None
    try:
        return canonical_url(urljoin(source, location)), source
    except ValueError:  # "http://[::1" and other URLs urllib cannot parse
        logger.debug("offset %s: unreadable redirect %r -> %r", offset, source, location)
        return None


def _redirects(path: Path) -> dict[str, set[str]]:
    """ "A redirected to B" from every whole 3xx response record of the archive, as B -> {A}.

    Damage is not reported here: the main pass reports it.
    """
    from unionnews.inputs.archives import Damage, scan

    redirects: dict[str, set[str]] = {}
    for item in scan(path, _redirect):
        if isinstance(item, Damage):
            logger.debug("%s: redirect pass: %s", path, item.error)
        elif item[1] is not None:
            target, source = item[1]
            redirects.setdefault(target, set()).add(source)
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
    source: str, record: ArcWarcRecord, max_bytes: int, redirects: dict[str, set[str]]
) -> InputDocument | None:
    """The page in one record, or None for a record that holds no HTML page with status 200.

    Raises :class:`BadRecord` for a page without a URL, :class:`TooLarge` for one over
    ``max_bytes`` (read no further than that).
    """
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode()
    content_type = record.http_headers.get_header("Content-Type") or ""
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if status != "200" or not HTML_TYPE_RE.match(content_type):
        logger.debug("skipping %s (%s, %s)", url or source, status, content_type)
        return None
    if not url.strip():
        raise BadRecord(
            "an HTML response record without WARC-Target-URI (the page's address): a page that "
            "cannot be traced to its URL is not read; the other records of the archive were read"
        )
    from unionnews.inputs.archives import read_payload

    try:
        data = read_payload(record, max_bytes)
    except DecompressionBomb:
        raise
    except TooLarge as exc:
        raise TooLarge(f"{url}: {exc}; raise --max-bytes to read it") from exc
    charset = CHARSET_RE.search(content_type)
    return InputDocument(
        path=source,
        url=url,
        data=data,
        kind="html",
        fetched_at=record.rec_headers.get_header("WARC-Date"),
        charset=charset.group(1) if charset else None,
        aliases=_aliases(url, record, redirects),
        listed=_listed(record),
    )


def _listed(record: ArcWarcRecord) -> tuple[str, str] | None:
    """(date, source kind) our crawler recorded for the page, if any."""
    when = record.rec_headers.get_header(LISTED_DATE_HEADER)
    if not when:
        return None
    return when, record.rec_headers.get_header(LISTED_IN_HEADER) or "unknown"
