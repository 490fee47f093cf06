"""Articles from web archives: WARC (ours, a web archive's, Common Crawl's) and the older ARC.

Every ``response`` record holding an HTML page with HTTP status 200 becomes an
:class:`InputDocument` with the page's URL, the capture time and the charset
the server declared; other records (requests, metadata, revisits, images, PDFs,
errors) are skipped. Redirect responses (3xx) anywhere in the same archive (a quick
first pass reads them), and the URL our crawler asked for (its
``WARC-Unionnews-Frontier-URI`` header), become the page's ``aliases``. A page our crawler
marked as no union news (``WARC-Unionnews-Relevant: no``, a newspaper's page outside its union
news) is not read: it becomes a ``NotUnionNews`` row, counted as a skipped page.

Records are read by :mod:`unionnews.inputs.archives` with bounded memory: a page
over ``max_bytes`` is refused from its length, or after ``max_bytes`` bytes of it.
Each record is read inside its own guard: a record that cannot be used (a response
without ``WARC-Target-URI``, a body that does not unpack) is one ``errors`` row and
the next record is read. Damage to the archive itself is one row too, after the
records before it; in a ``.gz`` archive reading resumes at the next whole gzip member.

One big archive can be read in parts (by several workers): :func:`plan_warc` reads the
archive once (record headers parsed, bodies passed over, as the redirect pass always did)
and gives consecutive :class:`WarcRange` stretches of the file that cover it, each with at
most ``records_per_range`` ``response`` records (the only records that can hold a page;
requests, metadata and the like go with the range they fall in), together with the
archive's redirects. The caller computes the plan once and gives each part its range and
the plan's redirects: ``iter_warc(path, max_bytes=…, span=r, redirects=plan.redirects)``.
The parts, in order, give exactly what the whole archive gives; damage is reported by the
part whose stretch holds it. An archive that cannot be read from its records' offsets (a
``.gz`` archive compressed as one gzip stream, a special file) is one range,
``WarcRange(0, None)``, and ``plan.redirects`` is then None (the one
reader computes them, as for a whole archive).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping, Set
from dataclasses import dataclass
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

    from unionnews.inputs.archives import Opener

logger = logging.getLogger(__name__)

#: HTML media types in a Content-Type header: "text/html; charset=utf-8", "application/xhtml+xml".
HTML_TYPE_RE = re.compile(r"^\s*(?:text/html|application/xhtml\+xml)\b", re.I)
#: The charset parameter of a Content-Type header: "text/html; charset=windows-1258".
CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([\w\-:.]+)", re.I)


def is_warc(path: Path) -> bool:
    """A web archive by its name: .warc, .warc.gz, .arc, .arc.gz."""
    return bool(ARCHIVE_SUFFIX_RE.search(path.name))


#: An archive's redirects: canonical target URL -> the URLs that redirected to it.
Redirects = Mapping[str, Set[str]]


@dataclass(frozen=True, slots=True)
class WarcRange:
    """A stretch of an archive: the records whose start offset ``o`` (in the file as stored,
    compressed for a ``.gz`` archive) satisfies ``start <= o < stop`` (``stop`` None: to the
    end of the file), and the damage found there."""

    start: int
    stop: int | None


#: The whole archive as one range.
WHOLE = WarcRange(0, None)


@dataclass(frozen=True, slots=True)
class WarcPlan:
    """How to read one archive in parts: its ranges, in order, and its redirects (None when
    the archive is one range that computes them itself). Picklable, for worker processes."""

    ranges: tuple[WarcRange, ...]
    redirects: dict[str, frozenset[str]] | None


def iter_warc(
    path: Path,
    *,
    max_bytes: int,
    span: WarcRange | None = None,
    redirects: Redirects | None = None,
) -> Iterator[InputDocument | DocumentError]:
    """The HTML pages in one WARC or ARC file, in archive order, and an error for every
    record that cannot be used and every stretch of the archive that cannot be read.

    A record is checked against its Content-Length (warcio stops quietly at a truncated
    record), and what follows the last record against the file size (blank lines are
    padding, anything else is damage).

    ``span`` reads only the records of one range of :func:`plan_warc` (None: all of them);
    ``redirects`` are the archive's redirects (:attr:`WarcPlan.redirects` or
    :func:`warc_redirects`); None reads them from the whole archive first, so give them
    when reading the parts of an archive.
    """
    special = special_file(path)
    if special is not None:
        if span is None or span.start == 0:  # reported once, by the first range
            yield error_row(path, special)
        return
    yield from read_archive(display_path(path), path, max_bytes=max_bytes, span=span, redirects=redirects)


def read_archive(
    name: str,
    source: Path | Opener,
    *,
    max_bytes: int,
    span: WarcRange | None = None,
    redirects: Redirects | None = None,
) -> Iterator[InputDocument | DocumentError]:
    """:func:`iter_warc` for an archive given by how to open it (a function that opens a
    remote archive) and the ``name`` its records' sources start with (its URL)."""
    from unionnews.inputs.archives import Damage, scan

    if redirects is None:
        redirects = warc_redirects(source)  # target URL -> URLs that redirected to it
    span = span or WHOLE
    visit = partial(_visit, name, max_bytes, redirects)
    for item in scan(source, visit, start=span.start, stop=span.stop):
        if isinstance(item, Damage):
            yield error_row(name, item.error)
        elif item[1] is not None:
            yield item[1]


def plan_warc(source: Path | Opener, records_per_range: int) -> WarcPlan:
    """Ranges of one archive holding at most ``records_per_range`` ``response`` records
    each, consecutive and covering the whole file (the first starts at 0, the last ends at
    None), and its redirects, from one pass over the archive.

    Damage does not stop the plan: the ranges start at whole records, and the range whose
    stretch holds the damage reports it. An archive that cannot be split is one range.
    """
    from unionnews.inputs.archives import Damage, NotSplittable, scan

    if records_per_range < 1:
        raise ValueError(f"records_per_range must be at least 1, not {records_per_range}")
    if isinstance(source, Path) and special_file(source) is not None:
        return WarcPlan((WHOLE,), None)
    starts = [0]
    held = 0  # response records in the last range so far
    redirects: dict[str, set[str]] = {}
    try:
        for item in scan(source, _plan_visit, whole_stream=False):
            if isinstance(item, Damage):
                logger.debug("%s: planning: %s", source, item.error)
                continue
            offset, (response, redirect) = item
            if response and held == records_per_range:
                starts.append(offset)
                held = 0
            held += 1 if response else 0
            if redirect is not None:
                redirects.setdefault(redirect[0], set()).add(redirect[1])
    except NotSplittable:
        logger.debug("%s: one gzip stream: read as one range", source)
        return WarcPlan((WHOLE,), None)
    stops: list[int | None] = [*starts[1:], None]
    return WarcPlan(tuple(map(WarcRange, starts, stops)), _frozen(redirects))


def plan_warc_ranges(path: Path, records_per_range: int) -> list[WarcRange]:
    """The ranges of :func:`plan_warc` (which gives the archive's redirects too)."""
    return list(plan_warc(path, records_per_range).ranges)


def _plan_visit(record: ArcWarcRecord, offset: int) -> tuple[bool, tuple[str, str] | None]:
    """Whether a record counts towards a range's size (a ``response``), and its redirect."""
    return record.rec_type == "response", _redirect(record, offset)


def _source(name: str, record: ArcWarcRecord, offset: int) -> str:
    """Where a record is: ``crawl.warc.gz#<urn:uuid:…>``, or ``old.arc#offset=1234`` (ARC
    records have no identifier)."""
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    return f"{name}#{record_id}" if record_id else f"{name}#offset={offset}"


def _visit(
    name: str, max_bytes: int, redirects: Redirects, record: ArcWarcRecord, offset: int
) -> InputDocument | DocumentError | None:
    """The page in one record, the error that keeps it out, or None for a record that holds no page.

    The per-record guard: any exception but damage to the archive becomes this record's row.
    """
    from unionnews.inputs.archives import ARCHIVE_DAMAGE

    source = _source(name, record, offset)
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
#: Our crawler's verdict on a page of a newspaper or broadcaster: "yes" (union news) or "no"
#: (stored, but read as a skipped page, error "NotUnionNews"), and the score and reasons.
RELEVANT_HEADER = "WARC-Unionnews-Relevant"
RELEVANCE_HEADER = "WARC-Unionnews-Relevance"
#: The error of a page our crawler marked as no union news.
NOT_UNION_NEWS = "NotUnionNews"
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


def warc_redirects(source: Path | Opener) -> dict[str, frozenset[str]]:
    """ "A redirected to B" from every whole 3xx response record of the archive, as B -> {A}
    (what :func:`plan_warc` gives too, from the same reading).

    Damage is not reported here: the main pass reports it.
    """
    from unionnews.inputs.archives import Damage, scan

    redirects: dict[str, set[str]] = {}
    for item in scan(source, _redirect):
        if isinstance(item, Damage):
            logger.debug("%s: redirect pass: %s", source, item.error)
        elif item[1] is not None:
            target, origin = item[1]
            redirects.setdefault(target, set()).add(origin)
    return _frozen(redirects)


def _frozen(redirects: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """The redirects with each set frozen (what travels to workers stays as it was)."""
    return {target: frozenset(origins) for target, origins in redirects.items()}


def _aliases(url: str, record: ArcWarcRecord, redirects: Redirects) -> tuple[str, ...]:
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
    source: str, record: ArcWarcRecord, max_bytes: int, redirects: Redirects
) -> InputDocument | DocumentError | None:
    """The page in one record, or None for a record that holds no HTML page with status 200;
    a :data:`NOT_UNION_NEWS` error for a page our crawler marked as no union news (not read).

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
    if (record.rec_headers.get_header(RELEVANT_HEADER) or "").strip().lower() == "no":
        why = record.rec_headers.get_header(RELEVANCE_HEADER) or "no reason recorded"
        return DocumentError(
            source,
            "read",
            NOT_UNION_NEWS,
            f"{url}: the crawl judged this page no union news ({why}); kept in the archive, not read",
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
