"""One fetch against a real loopback server: the time cap holds however slowly a page trickles in."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest
from requests import Session

from unionnews.crawl.fetch import Fetched, FetchLimits, fetch, new_session

from .fixture_sites import Site

#: ~200 KB, more than three 64 KiB reads; not one repeated byte, so any lost or doubled block shows.
BIG = b"".join(b"%06d<p>Tin c\xc3\xb4ng \xc4\x91o\xc3\xa0n</p>\n" % i for i in range(7_000))
#: Shorter than one 64 KiB read: iter_content(64 KiB) waited for all of it, however slow.
SMALL = b"<html><body>" + b"x" * 3000 + b"</body></html>"
#: Most seconds a capped fetch may run past its cap.
MARGIN = 0.5


def _head(h: BaseHTTPRequestHandler, headers: dict[str, str]) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    for k, v in headers.items():
        h.send_header(k, v)
    h.end_headers()


def _write_slowly(h: BaseHTTPRequestHandler, parts: list[bytes], pause: float) -> None:
    try:
        for part in parts:
            h.wfile.write(part)
            h.wfile.flush()
            time.sleep(pause)
    except OSError:
        pass  # the client gave up: that is the point


def trickle(h: BaseHTTPRequestHandler, n: int) -> None:
    """3 KB, 200 B every 0.3 s: the whole page would take 4.7 s."""
    _head(h, {"Content-Length": str(len(SMALL))})
    _write_slowly(h, [SMALL[i : i + 200] for i in range(0, len(SMALL), 200)], 0.3)


def stall(h: BaseHTTPRequestHandler, n: int) -> None:
    """500 bytes, then nothing for longer than the cap but shorter than the read timeout."""
    _head(h, {"Content-Length": str(len(SMALL))})
    _write_slowly(h, [SMALL[:500]], 20)


def no_headers(h: BaseHTTPRequestHandler, n: int) -> None:
    """Nothing at all for longer than the cap but shorter than the read timeout."""
    time.sleep(20)


def trickled_chunk_size(h: BaseHTTPRequestHandler, n: int) -> None:
    """A chunked body whose chunk-size line comes a byte every 0.2 s (http.client reads it whole)."""
    _head(h, {"Transfer-Encoding": "chunked"})
    line = b"5;" + b"e" * 40 + b"\r\n"
    _write_slowly(h, [b"5\r\nhello\r\n", *(line[i : i + 1] for i in range(len(line)))], 0.2)


#: Client (address, port) of each request to /plain: one port for many requests is keep-alive.
PLAIN_CLIENTS: list[tuple[str, int]] = []


def plain(h: BaseHTTPRequestHandler, n: int) -> None:
    PLAIN_CLIENTS.append(h.client_address)
    _head(h, {"Content-Length": str(len(BIG))})
    h.wfile.write(BIG)


def chunked(
    h: BaseHTTPRequestHandler, n: int, body: bytes = BIG, headers: dict[str, str] | None = None
) -> None:
    _head(h, {"Transfer-Encoding": "chunked", **(headers or {})})
    for i in range(0, len(body), 7_000):
        part = body[i : i + 7_000]
        h.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
    h.wfile.write(b"0\r\n\r\n")


def gzipped(h: BaseHTTPRequestHandler, n: int) -> None:
    body = gzip.compress(BIG)
    _head(h, {"Content-Length": str(len(body)), "Content-Encoding": "gzip"})
    h.wfile.write(body)


def gzipped_chunked(h: BaseHTTPRequestHandler, n: int) -> None:
    chunked(h, n, gzip.compress(BIG), {"Content-Encoding": "gzip"})


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    site = Site("127.0.0.9").start()
    for route in (trickle, stall, no_headers, trickled_chunk_size, plain, chunked, gzipped, gzipped_chunked):
        site.routes["/" + route.__name__] = route
    yield site
    site.stop()


def _timed_fetch(
    site: Site, path: str, max_seconds: float, max_bytes: int = 10_000_000, session: Session | None = None
) -> tuple[float, Fetched]:
    """Seconds taken and result; the read timeout (30 s) is far longer than any cap here."""
    limits = FetchLimits(max_bytes, max_seconds, read_timeout=30.0, allow_private_addresses=True)
    started = time.monotonic()
    fetched = fetch(session or new_session(), site.base + path, limits)
    return time.monotonic() - started, fetched


def test_trickled_small_page_is_cut_off_at_the_cap(site: Site):
    elapsed, fetched = _timed_fetch(site, "/trickle", max_seconds=1.5)
    assert fetched.outcome == "too_slow"
    assert 1.5 - 0.05 <= elapsed <= 1.5 + MARGIN  # was 4.7 s: the whole page, then too_slow
    assert fetched.reason == "took over 1.5 s"  # was "took over 2 s"


@pytest.mark.parametrize("path", ["/stall", "/no_headers", "/trickled_chunk_size"])
def test_cap_holds_when_the_server_stalls_or_the_framing_trickles(site: Site, path: str):
    elapsed, fetched = _timed_fetch(site, path, max_seconds=1.0)
    assert fetched.outcome == "too_slow", fetched.reason
    assert elapsed <= 1.0 + MARGIN  # was the 30 s read timeout, then "retry"
    assert fetched.reason == "took over 1 s"


@pytest.mark.parametrize("path", ["/plain", "/chunked", "/gzipped", "/gzipped_chunked"])
def test_fast_large_page_is_read_whole_and_unchanged(site: Site, path: str):
    elapsed, fetched = _timed_fetch(site, path, max_seconds=5)
    assert fetched.outcome == "ok", fetched.reason
    assert fetched.body == BIG
    assert elapsed < 2


def test_size_cap_still_cuts_off(site: Site):
    _, fetched = _timed_fetch(site, "/plain", max_seconds=5, max_bytes=100_000)
    assert fetched.outcome == "too_large"
    assert fetched.reason == "over 100,000 bytes"


def test_connection_is_reused_after_a_whole_body(site: Site):
    session = new_session()
    PLAIN_CLIENTS.clear()
    for _ in range(3):
        _, fetched = _timed_fetch(site, "/plain", max_seconds=5, session=session)
        assert fetched.outcome == "ok" and fetched.body == BIG
    assert len(PLAIN_CLIENTS) == 3 and len(set(PLAIN_CLIENTS)) == 1
