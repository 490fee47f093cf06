"""Raw responses, losslessly, in WARC files written with warcio.

Each response is written with its request as gzip members, then flushed and
fsynced before the crawl state records it. A crawl killed mid-record leaves a
torn tail: :func:`repair` cuts each file back to its last whole record on the
next start, and :func:`stored_urls` tells the state which pages are already kept.

Error pages are kept too, 5xx and 429 answers included: the archive is lossless.
Those are answers to be asked again later, so they never make a URL stored; the
extraction reads only status-200 records (:mod:`unionnews.inputs.warc`).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from http.client import responses as HTTP_REASONS
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from unionnews.crawl.fetch import Fetched
from unionnews.crawl.filtering import Judged
from unionnews.inputs.warc import (
    FRONTIER_HEADER,
    LISTED_DATE_HEADER,
    LISTED_IN_HEADER,
    REDIRECT_STATUS_RE,
    RELEVANCE_HEADER,
    RELEVANT_HEADER,
)

#: Headers that describe the transfer, not the stored bytes (the body is kept decoded).
_TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
#: An answer that asks to be tried again later (429, 5xx): kept, but the URL is not stored by it.
RETRY_STATUS_RE = re.compile(r"^(?:429|5\d\d)$")
#: Start a new WARC file past this size.
MAX_WARC_BYTES = 100_000_000
#: Longest value of a header of ours (the reasons of a verdict).
MAX_HEADER_CHARS = 500
#: Line breaks and other control characters, which a header value cannot hold.
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]+")


def _header_value(text: str) -> str:
    """``text`` as one header line: control characters as spaces, at most MAX_HEADER_CHARS.

    >>> _header_value("score 0.10;\\nno union words")
    'score 0.10; no union words'
    """
    return CONTROL_RE.sub(" ", text).strip()[:MAX_HEADER_CHARS]


def _records(path: Path) -> Iterator[tuple[int, int, str | None, str]]:
    """(offset, end, target URI, record type) of every whole record of a WARC file.

    Redirect responses have the type "redirect", 429 and 5xx ones the type "retry":
    they do not make a page stored.
    """
    with path.open("rb") as fh:
        records = ArchiveIterator(fh)
        for record in records:
            record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0) > 0:
                return  # a torn record: stop before it
            offset = records.get_record_offset()
            uri = record.rec_headers.get_header(FRONTIER_HEADER) or record.rec_headers.get_header(
                "WARC-Target-URI"
            )
            rtype = record.rec_type
            if rtype == "response" and record.http_headers is not None:
                status = record.http_headers.get_statuscode() or ""
                if REDIRECT_STATUS_RE.match(status):
                    rtype = "redirect"
                elif RETRY_STATUS_RE.match(status):
                    rtype = "retry"
            yield offset, offset + records.get_record_length(), uri, rtype


def repair(warc_dir: Path) -> list[str]:
    """Cut every WARC file back to its last whole record; return what was cut, for the log."""
    cut: list[str] = []
    for path in sorted(warc_dir.glob("*.warc.gz")):
        end = 0
        for _offset, record_end, _uri, _type in _records(path):
            end = record_end
        size = path.stat().st_size
        if end < size:
            with path.open("r+b") as fh:
                fh.truncate(end)
                os.fsync(fh.fileno())
            cut.append(f"{path.name}: {size - end} bytes of a torn record removed")
    return cut


def stored_urls(warc_dir: Path, after: tuple[str, int] | None = None) -> set[str]:
    """URLs whose response is in the WARC files (redirects, 429 and 5xx answers left out).

    With ``after`` = (file name, offset) only records written later are read: the
    crawl state already knows everything up to its last logged record, so a
    restart reads the tail of the corpus, not all of it.
    """
    urls: set[str] = set()
    for path in sorted(warc_dir.glob("*.warc.gz")):
        if after is not None and path.name < after[0]:
            continue
        for offset, _end, uri, rtype in _records(path):
            if after is not None and path.name == after[0] and offset <= after[1]:
                continue
            if rtype == "response" and uri:
                urls.add(uri)
    return urls


class WarcStore:
    """Appends request/response pairs to ``<corpus>/warc/crawl-<start>-<n>.warc.gz``."""

    def __init__(self, warc_dir: Path) -> None:
        warc_dir.mkdir(parents=True, exist_ok=True)
        self.dir = warc_dir
        self.stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self.n = 0
        self._fh: io.BufferedWriter | None = None
        self._open_next()

    def _open_next(self) -> None:
        if self._fh is not None:
            self._fh.close()
        self.n += 1
        self.path = self.dir / f"crawl-{self.stamp}-{self.n:05d}.warc.gz"
        self._fh = self.path.open("ab")
        self._writer = WARCWriter(self._fh, gzip=True)

    def write(
        self, fetched: Fetched, listed: tuple[str, str] | None = None, judged: Judged | None = None
    ) -> tuple[str, int]:
        """Store one fetch; return (file name, offset of the response record).

        ``listed`` is the (date, source kind) a sitemap, feed or listing gave the URL: kept in
        the response record's ``WARC-Unionnews-Listed-Date`` and ``-Listed-In`` headers.
        ``judged`` is the crawl's verdict on a newspaper's page: ``WARC-Unionnews-Relevant``
        ("yes" or "no") and ``WARC-Unionnews-Relevance`` (score and reasons)."""
        assert self._fh is not None
        if self._fh.tell() > MAX_WARC_BYTES:
            self._open_next()
        for hop_url, hop_status, hop_headers in fetched.redirects:  # lossless: the hops too
            hop = self._writer.create_warc_record(
                hop_url,
                "response",
                payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(
                    str(hop_status),
                    [(k, v) for k, v in hop_headers if k.lower() not in _TRANSFER_HEADERS],
                    protocol="HTTP/1.1",
                ),
            )
            self._writer.write_record(hop)
        status = f"{fetched.status} {HTTP_REASONS.get(fetched.status or 0, '')}".strip()
        headers = [(k, v) for k, v in fetched.headers if k.lower() not in _TRANSFER_HEADERS]
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        response = self._writer.create_warc_record(
            fetched.final_url, "response", payload=io.BytesIO(fetched.body), http_headers=http
        )
        response.rec_headers.add_header(FRONTIER_HEADER, fetched.url)
        if listed is not None:
            response.rec_headers.add_header(LISTED_DATE_HEADER, listed[0])
            response.rec_headers.add_header(LISTED_IN_HEADER, listed[1])
        if judged is not None:
            response.rec_headers.add_header(RELEVANT_HEADER, "yes" if judged.relevant else "no")
            why = f"score {judged.score:.2f}" + (f"; {judged.why}" if judged.why else "")
            response.rec_headers.add_header(RELEVANCE_HEADER, _header_value(why))
        if fetched.truncated:  # an error page cut off by the caps
            response.rec_headers.add_header("WARC-Truncated", fetched.truncated)
        offset = self._fh.tell()
        self._writer.write_record(response)
        if fetched.request_headers:
            req = StatusAndHeaders(
                f"GET {fetched.final_url} HTTP/1.1", fetched.request_headers, is_http_request=True
            )
            request = self._writer.create_warc_record(fetched.final_url, "request", http_headers=req)
            request.rec_headers.add_header(
                "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
            )
            self._writer.write_record(request)
        self._fh.flush()
        os.fsync(self._fh.fileno())
        return self.path.name, offset

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
