"""One polite HTTP fetch: redirects checked by hand, size and time caps, private hosts refused.

Every decision is an outcome with a reason on the returned :class:`Fetched`, never
an exception that stops the crawl: ``ok``, ``http_error``, ``retry`` (5xx, resets,
timeouts: try again later), ``rate_limited`` (429, with the wait asked for,
capped at ``FetchLimits.max_retry_after``), ``too_large``, ``too_slow``,
``redirect_loop``, ``offsite_redirect``, ``private_address``. The body of a 5xx or
429 answer is read too (within the same caps), so the error page can be stored.
"""

from __future__ import annotations

import contextlib
import ipaddress
import math
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from unionnews import __version__
from unionnews.sources.urls import same_site

#: How the crawler names itself; add a way to reach you with ``--user-agent`` on real crawls.
USER_AGENT = f"unionnews/{__version__} (research crawler)"
#: Seconds a 429 without a readable Retry-After pauses its host (capped like any other wait).
DEFAULT_RETRY_AFTER = 60.0


@dataclass(frozen=True, slots=True)
class FetchLimits:
    max_bytes: int = 10_000_000
    max_seconds: float = 60.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_redirects: int = 5
    #: Longest pause a 429's Retry-After can impose on a host (seconds).
    max_retry_after: float = 300.0
    allow_private_addresses: bool = False


@dataclass(slots=True)
class Fetched:
    url: str
    final_url: str
    outcome: str
    reason: str = ""
    status: int | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    retry_after: float | None = None
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    #: Redirect responses on the way: (URL, status, headers), in order.
    redirects: list[tuple[str, int, list[tuple[str, str]]]] = field(default_factory=list)
    #: Why the body is incomplete, as a WARC-Truncated value ("length", "time", "disconnect"):
    #: set only on a 5xx or 429 whose error page was cut off by the caps.
    truncated: str | None = None

    @property
    def content_type(self) -> str:
        return next((v for k, v in self.headers if k.lower() == "content-type"), "")


def is_private_host(host: str) -> bool:
    """Does ``host`` resolve to a loopback, private, link-local or reserved address?"""
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return False  # unresolvable: the fetch itself will fail with a clear error
    for info in infos:
        addr = ipaddress.ip_address(info[4][0])
        if addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved:
            return True
    return False


def asked_seconds(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (seconds or an HTTP date), uncapped;
    None when there is no header or it cannot be read."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, OverflowError):
            return None
    return None if math.isnan(seconds) else max(seconds, 0.0)


def retry_after_seconds(value: str | None, cap: float) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), capped;
    ``DEFAULT_RETRY_AFTER`` (capped too) when there is none."""
    asked = asked_seconds(value)
    return min(DEFAULT_RETRY_AFTER if asked is None else asked, cap)


def _seconds(value: float) -> str:
    return f"{value:.0f} s" if value >= 10 else f"{value:.3g} s"


def rate_limit_reason(value: str | None, cap: float) -> str:
    """The reason logged for a 429: what the server asked for and the (capped) wait.

    >>> rate_limit_reason("100000", 300)
    '429, Retry-After: 100000 (asked to wait 100000 s), waiting 300 s (the cap)'
    >>> rate_limit_reason(None, 300)
    '429 without Retry-After, waiting 60 s'
    """
    asked = asked_seconds(value)
    wait = retry_after_seconds(value, cap)
    capped = " (the cap)" if wait == cap and (asked is None or asked > cap) else ""
    if asked is None:
        said = f", unreadable Retry-After: {value}," if value else " without Retry-After,"
        return f"429{said} waiting {_seconds(wait)}{capped}"
    return f"429, Retry-After: {value} (asked to wait {_seconds(asked)}), waiting {_seconds(wait)}{capped}"


def fetch(
    session: requests.Session,
    url: str,
    limits: FetchLimits,
    hop_delay: float = 0.0,
    known: Callable[[str], bool] | None = None,
) -> Fetched:
    """GET ``url`` following at most ``max_redirects`` same-site redirects.

    ``hop_delay`` seconds pass between redirect hops: each hop is a request to the
    host. The redirect responses passed on the way are kept in ``redirects``. When
    a redirect points to a URL that ``known`` says is already stored, it is not
    followed (outcome "redirect_known"): the page is not fetched or stored twice.
    """
    hops: list[tuple[str, int, list[tuple[str, str]]]] = []
    fetched = _fetch(session, url, limits, hop_delay, hops, known)
    fetched.redirects = hops
    return fetched


def _fetch(
    session: requests.Session,
    url: str,
    limits: FetchLimits,
    hop_delay: float,
    hops: list[tuple[str, int, list[tuple[str, str]]]],
    known: Callable[[str], bool] | None,
) -> Fetched:
    started = time.monotonic()
    current, seen = url, {url}
    for hop in range(limits.max_redirects + 1):
        if hop:
            time.sleep(hop_delay)
        host = urlsplit(current).hostname or ""
        if not limits.allow_private_addresses and is_private_host(host):
            return Fetched(
                url,
                current,
                "private_address",
                f"{host} is a private or loopback address; pass --allow-private-addresses to crawl it",
            )
        left = started + limits.max_seconds - time.monotonic()
        if left <= 0:
            return Fetched(url, current, "too_slow", _too_slow(limits))
        try:
            resp = session.get(
                current,
                stream=True,
                allow_redirects=False,
                # waiting for the headers counts against the time cap too
                timeout=(limits.connect_timeout, min(limits.read_timeout, left)),
            )
        except requests.ReadTimeout as exc:
            if time.monotonic() - started >= limits.max_seconds:
                return Fetched(url, current, "too_slow", _too_slow(limits))
            return Fetched(url, current, "retry", f"{type(exc).__name__}: {exc}")
        except requests.RequestException as exc:
            return Fetched(url, current, "retry", f"{type(exc).__name__}: {exc}")
        with resp:
            headers = (
                [(k, v) for k, v in resp.raw.headers.items()]
                if resp.raw is not None
                else list(resp.headers.items())
            )
            req_headers = list(resp.request.headers.items())
            if resp.is_redirect:
                target = urljoin(current, resp.headers.get("Location", ""))
                if target in seen:
                    return Fetched(
                        url,
                        current,
                        "redirect_loop",
                        f"redirects back to {target}",
                        resp.status_code,
                        headers,
                    )
                if not same_site(url, target):
                    return Fetched(
                        url,
                        current,
                        "offsite_redirect",
                        f"redirects off the site to {target}",
                        resp.status_code,
                        headers,
                    )
                if known is not None and known(target):
                    return Fetched(
                        url,
                        current,
                        "redirect_known",
                        f"redirects to {target}, already stored",
                        resp.status_code,
                        headers,
                    )
                seen.add(target)
                hops.append((current, resp.status_code, headers))
                current = target
                continue
            if resp.status_code == 429 or resp.status_code >= 500:
                # the error page is read too, within the caps, so that it can be stored
                body, cut, _ = _read_body(resp, limits, started + limits.max_seconds)
                truncated = _TRUNCATED.get(cut) if cut else None
                if resp.status_code == 429:
                    value = resp.headers.get("Retry-After")
                    return Fetched(
                        url,
                        current,
                        "rate_limited",
                        rate_limit_reason(value, limits.max_retry_after),
                        429,
                        headers,
                        body,
                        retry_after=retry_after_seconds(value, limits.max_retry_after),
                        request_headers=req_headers,
                        truncated=truncated,
                    )
                return Fetched(
                    url,
                    current,
                    "retry",
                    f"server error {resp.status_code}",
                    resp.status_code,
                    headers,
                    body,
                    request_headers=req_headers,
                    truncated=truncated,
                )
            body, cut, why = _read_body(resp, limits, started + limits.max_seconds)
            if cut:
                return Fetched(url, current, cut, why, resp.status_code, headers)
            outcome = "ok" if resp.status_code < 400 else "http_error"
            return Fetched(
                url,
                current,
                outcome,
                "" if outcome == "ok" else f"HTTP {resp.status_code}",
                resp.status_code,
                headers,
                body,
                request_headers=req_headers,
            )
    return Fetched(url, current, "redirect_loop", f"more than {limits.max_redirects} redirects")


#: The WARC-Truncated value for each way a body read is cut off.
_TRUNCATED = {"too_large": "length", "too_slow": "time", "retry": "disconnect"}
#: Most bytes asked for in one read; a read returns what has arrived, up to this much.
READ_SIZE = 64 * 1024
#: Seconds past the time cap after which a read still waiting has its socket shut down.
CUT_OFF_GRACE = 0.25


def _too_slow(limits: FetchLimits) -> str:
    return f"took over {limits.max_seconds:g} s"


def _read_body(resp: requests.Response, limits: FetchLimits, deadline: float) -> tuple[bytes, str, str]:
    """The decoded body of ``resp``, read by ``deadline`` (a ``time.monotonic()`` value).

    Returns (body, "", "") when the body was read whole, else (partial body,
    outcome, reason) with outcome "too_large", "too_slow" or "retry".

    ``iter_content(n)`` blocks until ``n`` bytes or the end of the body have come,
    so a page trickled a few bytes at a time was read to its end, however long that
    took, before the time was checked. Here each read takes whatever bytes have
    arrived (``read1``: one receive from the socket), and the socket waits for them
    no longer than the time left, so the cap holds whatever the trickle rate.
    """
    raw = resp.raw
    body = bytearray()
    cut_off = _CutOff(raw, deadline - time.monotonic() + CUT_OFF_GRACE)
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return bytes(body), "too_slow", _too_slow(limits)
            _set_read_timeout(raw, min(limits.read_timeout, left))
            chunk = raw.read1(READ_SIZE, decode_content=True)
            if not chunk:
                break
            body += chunk
            if len(body) > limits.max_bytes:
                return bytes(body), "too_large", f"over {limits.max_bytes:,} bytes"
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        if time.monotonic() >= deadline:
            return bytes(body), "too_slow", _too_slow(limits)
        return bytes(body), "retry", f"{type(exc).__name__} while reading: {exc}"
    finally:
        cut_off.stop()
        with contextlib.suppress(OSError):
            _set_read_timeout(raw, limits.read_timeout)
    if cut_off.fired:  # the body ended because its socket was shut down: it may be cut short
        return bytes(body), "too_slow", _too_slow(limits)
    raw.release_conn()  # the whole body is read: the connection can be used again
    return bytes(body), "", ""


class _CutOff:
    """Shuts the socket under ``raw`` down after ``seconds``, unless stopped first.

    The socket timeout bounds each receive, but http.client reads a chunk-size line
    or a trailer with as many receives as it takes: trickled a byte at a time, these
    would hold a fetch past the time cap. Shutting the socket down ends any read
    waiting on it at once.
    """

    def __init__(self, raw: urllib3.HTTPResponse, seconds: float) -> None:
        sock = getattr(raw.connection, "sock", None)
        self._sock = sock if isinstance(sock, socket.socket) else None
        self._lock = threading.Lock()
        self.fired = False
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        if self._sock is not None:
            self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            if self._sock is None:
                return
            self.fired = True
            with contextlib.suppress(OSError):
                # socket.socket's own shutdown, also for an SSLSocket: shut the TCP
                # connection down under the TLS layer, which another thread is reading
                socket.socket.shutdown(self._sock, socket.SHUT_RDWR)

    def stop(self) -> None:
        """After this returns the socket is left alone, and ``fired`` no longer changes."""
        with self._lock:
            self._sock = None
        self._timer.cancel()


def _set_read_timeout(raw: urllib3.HTTPResponse, seconds: float) -> None:
    """Make the socket under ``raw`` wait at most ``seconds`` for bytes, while ``raw`` holds it.

    Once the body is read, urllib3 puts the connection back in the pool
    (``raw.connection`` is then None) and another request may be using it.
    """
    sock = getattr(raw.connection, "sock", None)
    if sock is not None:
        sock.settimeout(seconds)


def new_session(user_agent: str = USER_AGENT) -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = user_agent
    session.headers["Accept-Encoding"] = "gzip, deflate"
    return session
