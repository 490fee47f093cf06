"""One polite HTTP fetch: redirects checked by hand, size and time caps, private addresses refused.

Every decision is an outcome with a reason on the returned :class:`Fetched`, never
an exception that stops the crawl: ``ok``, ``http_error``, ``retry`` (5xx, resets,
timeouts: try again later), ``rate_limited`` (429, with the wait asked for,
capped at ``FetchLimits.max_retry_after``), ``too_large``, ``too_slow``,
``redirect_loop``, ``offsite_redirect``, ``malformed_redirect``, ``malformed_url``,
``private_address``. The body of a 5xx or 429 answer is read too (within the same
caps), so the error page can be stored.

**The address checked is the address connected to.** Requests go through a
:class:`PinnedAdapter`: each new connection resolves its host once, judges every
address DNS gave (:func:`address_refusal`) and connects to an address it has
judged, never to a name that could resolve again to something else (DNS
rebinding). The Host header and TLS (SNI, certificate) keep the host name. Every
redirect hop is a request of its own, so it is judged the same way. Proxy
settings from the environment are not used: through a proxy the crawler could not
know which address it reaches. ``FetchLimits.resolve`` names hosts to be connected to at a
given address instead of the one DNS gives (as curl's ``--resolve``: local mirrors and tests
under real host names); that address is judged like any other.

**The time cap is total.** From the first byte sent to the last byte read (the TLS
handshake, the status line, the headers and the body, each however slowly it
trickles) a fetch takes at most ``FetchLimits.max_seconds``: past that, the sockets
it uses are shut down.
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import logging
import math
import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import allowed_gai_family

from unionnews import __version__
from unionnews.errors import UnionNewsError
from unionnews.sources.urls import MalformedURL, check_url, same_site

logger = logging.getLogger(__name__)

#: How the crawler names itself; add a way to reach you with ``--user-agent`` on real crawls.
USER_AGENT = f"unionnews/{__version__} (research crawler)"
#: Seconds a 429 without a readable Retry-After pauses its host (capped like any other wait).
DEFAULT_RETRY_AFTER = 60.0
#: Default cap of a 429's Retry-After (seconds): ``--max-retry-after``.
MAX_RETRY_AFTER = 300.0


@dataclass(frozen=True, slots=True)
class FetchLimits:
    max_bytes: int = 10_000_000
    max_seconds: float = 60.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_redirects: int = 5
    #: Longest pause a 429's Retry-After can impose on a host (seconds).
    max_retry_after: float = MAX_RETRY_AFTER
    allow_private_addresses: bool = False
    #: (host name, IP address) pairs: connect to that address instead of asking DNS.
    resolve: tuple[tuple[str, str], ...] = ()


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
    #: set on a 5xx or 429 whose error page was cut off by the caps, and on a body cut at
    #: ``truncate_at`` (robots.txt).
    truncated: str | None = None

    @property
    def content_type(self) -> str:
        return next((v for k, v in self.headers if k.lower() == "content-type"), "")


# --- which addresses may be connected to ---------------------------------------------------

_IP = ipaddress.IPv4Address | ipaddress.IPv6Address
#: Shared address space (carrier-grade NAT, cloud metadata such as 100.100.100.200).
_SHARED = ipaddress.IPv4Network("100.64.0.0/10")
#: NAT64 prefixes: their last 32 bits are an IPv4 address.
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
#: What makes an address no place to crawl, in the order a reason names it.
_KINDS: tuple[tuple[str, Callable[[_IP], bool]], ...] = (
    ("loopback", lambda ip: ip.is_loopback),
    ("unspecified", lambda ip: ip.is_unspecified),
    ("link-local", lambda ip: ip.is_link_local),
    ("multicast", lambda ip: ip.is_multicast),
    ("shared (100.64.0.0/10)", lambda ip: isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED),
    ("reserved", lambda ip: ip.is_reserved),
    ("private", lambda ip: ip.is_private),
    ("site-local", lambda ip: isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local),
    ("non-global", lambda ip: not ip.is_global),
)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries: mapped, 6to4, Teredo, NAT64."""
    inner = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    if any(ip in net for net in _NAT64):
        inner.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [a for a in inner if a is not None]


def address_refusal(address: str | _IP) -> str | None:
    """Why an address is no place to crawl (without ``--allow-private-addresses``), or None.

    Every address that :mod:`ipaddress` does not call global is refused (loopback,
    private, link-local, shared 100.64.0.0/10, reserved…), and multicast, reserved and
    site-local ones although it calls some of them global. An IPv6 address that
    carries an IPv4 address (mapped, 6to4, Teredo, NAT64) is judged by that one too.

    >>> address_refusal("127.0.0.1"), address_refusal("100.100.100.200"), address_refusal("224.0.0.1")
    ('loopback', 'shared (100.64.0.0/10)', 'multicast')
    >>> address_refusal("::ffff:10.0.0.1"), address_refusal("93.184.215.14")
    ('private (carries 10.0.0.1)', None)
    """
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        for inner in _embedded_ipv4(ip):
            why = address_refusal(inner)
            if why is not None:
                return f"{why} (carries {inner})"
    return next((kind for kind, test in _KINDS if test(ip)), None)


class AddressRefused(UnionNewsError):
    """No address of a host may be connected to: each is loopback, private, link-local…"""

    def __init__(self, host: str, refused: list[tuple[str, str]]) -> None:
        if [address for address, _ in refused] == [host]:
            what = f"{host} is a {refused[0][1]} address"
        else:
            listed = ", ".join(f"{address} ({why})" for address, why in refused) or "no address"
            what = f"{host} resolves to {listed}"
        super().__init__(f"{what}; pass --allow-private-addresses to crawl it")
        self.host = host


# --- the time cap: a deadline that shuts the fetch's sockets down ---------------------------


class _Deadline:
    """Shuts down every socket of one fetch ``seconds`` from now, unless stopped first.

    A socket timeout bounds each receive, but a server that sends the status line,
    the headers or a chunk-size line a byte at a time never lets one expire, and
    http.client reads such lines with as many receives as they take. Shutting the
    socket down ends any read waiting on it at once. New connections are watched
    through a duplicate of their socket (the TLS layer replaces the socket object
    during the handshake; a duplicate shuts the same connection down), reused ones
    through the socket they hold.
    """

    def __init__(self, seconds: float) -> None:
        self._lock = threading.Lock()
        self._socks: list[socket.socket] = []
        self._owned: list[socket.socket] = []
        self._stopped = False
        self.fired = False
        #: time.monotonic() at which the sockets are shut down
        self.end = time.monotonic() + max(seconds, 0.0)
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket, owned: bool = False) -> None:
        """Shut ``sock`` down when the time is up (at once if it is up); ``owned`` sockets
        (duplicates) are closed when the fetch no longer needs them."""
        with self._lock:
            if self._stopped:
                if owned:
                    sock.close()
                return
            (self._owned if owned else self._socks).append(sock)
            if self.fired:
                _shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            if self._stopped:
                return
            self.fired = True
            for sock in self._socks + self._owned:
                _shutdown(sock)

    def release(self) -> None:
        """Forget the sockets watched so far (their connection is closed or given back)."""
        with self._lock:
            self._socks.clear()
            for sock in self._owned:
                sock.close()
            self._owned.clear()

    def stop(self) -> None:
        """After this returns no socket is shut down, and ``fired`` no longer changes."""
        self.release()
        with self._lock:
            self._stopped = True
        self._timer.cancel()


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        # socket.socket's own shutdown, also for an SSLSocket: shut the TCP connection
        # down under the TLS layer, which another thread is reading
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


#: The deadline of the fetch running in this thread (connections register their sockets with it).
_DEADLINE: contextvars.ContextVar[_Deadline | None] = contextvars.ContextVar("_DEADLINE", default=None)


# --- connections to checked addresses only -------------------------------------------------


def _connect_checked(
    conn: HTTPConnection, allow_private: bool, resolve: Mapping[str, str] | None = None
) -> socket.socket:
    """Resolve ``conn``'s host once (``resolve`` first: host -> address), judge each address,
    connect to one that passed.

    The addresses tried share the fetch's time: a name with many addresses that never
    answer does not hold a fetch past its cap.
    """
    host = str(getattr(conn, "_dns_host", conn.host)).strip("[]")
    host = (resolve or {}).get(host.lower().rstrip("."), host)
    try:
        infos = socket.getaddrinfo(host, conn.port, allowed_gai_family(), socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise NameResolutionError(conn.host, conn, exc) from exc
    deadline = _DEADLINE.get()
    refused: list[tuple[str, str]] = []
    error: OSError | None = None
    for family, kind, proto, _, sockaddr in infos:
        address = str(sockaddr[0])
        why = None if allow_private else address_refusal(address.split("%", 1)[0])
        if why is not None:
            refused.append((address, why))
            continue
        timeout = conn.timeout if isinstance(conn.timeout, int | float) else None
        if deadline is not None:
            left = deadline.end - time.monotonic()
            if left <= 0:
                error = TimeoutError("the time cap passed before an address answered")
                break
            timeout = left if timeout is None else min(timeout, left)
        sock = socket.socket(family, kind, proto)
        try:
            for option in conn.socket_options or ():
                sock.setsockopt(*option)
            sock.settimeout(timeout)
            if conn.source_address:
                sock.bind(conn.source_address)
            sock.connect(sockaddr)
        except OSError as exc:
            sock.close()
            error = exc
            continue
        if deadline is not None:
            deadline.watch(sock.dup(), owned=True)
        sys.audit("http.client.connect", conn, conn.host, conn.port)
        return sock
    if error is None:
        raise AddressRefused(conn.host, refused)
    if isinstance(error, TimeoutError):
        raise ConnectTimeoutError(conn, f"Connection to {conn.host} timed out") from error
    raise NewConnectionError(conn, f"Failed to establish a new connection: {error}") from error


class _CheckedHTTPConnection(HTTPConnection):
    """Connects only to an address it has judged; its socket answers to the fetch's deadline."""

    allow_private = False
    resolve: Mapping[str, str] = {}

    def _new_conn(self) -> socket.socket:
        return _connect_checked(self, self.allow_private, self.resolve)

    def request(self, *args: Any, **kwargs: Any) -> None:
        deadline = _DEADLINE.get()
        if deadline is not None and isinstance(self.sock, socket.socket):
            deadline.watch(self.sock)  # a reused connection: its socket is this fetch's now
        super().request(*args, **kwargs)


class _CheckedHTTPSConnection(_CheckedHTTPConnection, HTTPSConnection):
    """The same over TLS: HTTPSConnection.connect wraps the socket ``_new_conn`` returns,
    with the host name for SNI and the certificate check."""


def _pool_classes(
    allow_private: bool, resolve: tuple[tuple[str, str], ...] = ()
) -> dict[str, type[HTTPConnectionPool]]:
    attrs = {"allow_private": allow_private, "resolve": resolve_map(resolve)}
    http = type("CheckedHTTPConnection", (_CheckedHTTPConnection,), attrs)
    https = type("CheckedHTTPSConnection", (_CheckedHTTPSConnection,), attrs)
    return {
        "http": type("CheckedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
        "https": type("CheckedHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": https}),
    }


class PinnedAdapter(HTTPAdapter):
    """A requests adapter whose connections go only to addresses it has judged.

    Each new connection resolves its host once and connects to one of the addresses
    that resolution gave, after :func:`address_refusal` passed it (every address
    passes with ``allow_private_addresses``); the Host header and TLS keep the name.
    ``resolve`` pairs (host, address) are used instead of DNS for those hosts.
    Proxies are never used.
    """

    def __init__(
        self, allow_private_addresses: bool = False, resolve: tuple[tuple[str, str], ...] = ()
    ) -> None:
        self.allow_private_addresses = allow_private_addresses
        self.resolve = resolve
        super().__init__(max_retries=0)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = _pool_classes(self.allow_private_addresses, self.resolve)

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        return super().send(request, stream, timeout, verify, cert, proxies=None)


_MOUNT_LOCK = threading.Lock()


def resolve_map(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """(host, address) pairs as host -> address, hosts in lower case without a final dot.

    >>> resolve_map((("Bao.Test.", "127.0.0.9"),))
    {'bao.test': '127.0.0.9'}
    """
    return {name.lower().rstrip("."): address for name, address in pairs}


def _pin(session: requests.Session, allow_private: bool, resolve: tuple[tuple[str, str], ...] = ()) -> None:
    """Make ``session`` connect through a :class:`PinnedAdapter` of this policy."""
    with _MOUNT_LOCK:
        for prefix in ("http://", "https://"):
            adapter = session.adapters.get(prefix)
            if (
                isinstance(adapter, PinnedAdapter)
                and adapter.allow_private_addresses == allow_private
                and adapter.resolve == resolve
            ):
                continue
            session.mount(prefix, PinnedAdapter(allow_private, resolve))
            if adapter is not None:
                adapter.close()


def new_session(
    user_agent: str = USER_AGENT,
    allow_private_addresses: bool = False,
    resolve: tuple[tuple[str, str], ...] = (),
) -> requests.Session:
    """A session for :func:`fetch`: it connects only to addresses it has judged."""
    session = requests.Session()
    session.headers["User-Agent"] = user_agent
    session.headers["Accept-Encoding"] = "gzip, deflate"
    _pin(session, allow_private_addresses, resolve)
    return session


# --- Retry-After ---------------------------------------------------------------------------


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


# --- the fetch -----------------------------------------------------------------------------


def fetch(
    session: requests.Session,
    url: str,
    limits: FetchLimits,
    hop_delay: float = 0.0,
    known: Callable[[str], bool] | None = None,
    truncate_at: int | None = None,
    any_site: bool = False,
) -> Fetched:
    """GET ``url`` following at most ``max_redirects`` same-site redirects (with ``any_site``,
    redirects to other sites too: a robots.txt's, RFC 9309; each hop's address is still judged).

    ``hop_delay`` seconds pass between redirect hops: each hop is a request to the
    host. The redirect responses passed on the way are kept in ``redirects``. When
    a redirect points to a URL that ``known`` says is already stored, it is not
    followed (outcome "redirect_known"): the page is not fetched or stored twice.
    With ``truncate_at``, a longer body is cut there and still read as whole
    (``truncated`` is "length"): robots.txt is parsed up to its cap, never dropped.
    ``session`` is made to connect through a :class:`PinnedAdapter` of the limits' policy.
    """
    try:
        check_url(url)
    except MalformedURL as exc:
        return Fetched(url, url, "malformed_url", exc.why)
    _pin(session, limits.allow_private_addresses, limits.resolve)
    started = time.monotonic()
    deadline = _Deadline(limits.max_seconds + CUT_OFF_GRACE)
    token = _DEADLINE.set(deadline)
    hops: list[tuple[str, int, list[tuple[str, str]]]] = []
    try:
        fetch_ = _Fetch(session, url, limits, known, truncate_at, started, deadline, any_site)
        fetched = fetch_.run(hop_delay, hops)
    finally:
        _DEADLINE.reset(token)
        deadline.stop()
    fetched.redirects = hops
    return fetched


#: The WARC-Truncated value for each way a body read is cut off.
_TRUNCATED = {"too_large": "length", "truncated": "length", "too_slow": "time", "retry": "disconnect"}
#: Most bytes asked for in one read; a read returns what has arrived, up to this much.
READ_SIZE = 64 * 1024
#: Seconds past the time cap after which a read still waiting has its socket shut down.
CUT_OFF_GRACE = 0.25


def _too_slow(limits: FetchLimits) -> str:
    return f"took over {limits.max_seconds:g} s"


@dataclass(slots=True)
class _Fetch:
    """The hops of one :func:`fetch`."""

    session: requests.Session
    url: str
    limits: FetchLimits
    known: Callable[[str], bool] | None
    truncate_at: int | None
    started: float
    deadline: _Deadline
    any_site: bool = False

    @property
    def _end(self) -> float:
        return self.started + self.limits.max_seconds

    def _out_of_time(self) -> bool:
        return self.deadline.fired or time.monotonic() >= self._end

    def run(self, hop_delay: float, hops: list[tuple[str, int, list[tuple[str, str]]]]) -> Fetched:
        current, seen = self.url, {self.url}
        for hop in range(self.limits.max_redirects + 1):
            if hop:
                time.sleep(hop_delay)
            left = self._end - time.monotonic()
            if left <= 0:
                return Fetched(self.url, current, "too_slow", _too_slow(self.limits))
            try:
                resp = self.session.get(
                    current,
                    stream=True,
                    allow_redirects=False,
                    # each receive waits at most the time left; the deadline bounds them all
                    timeout=(min(self.limits.connect_timeout, left), min(self.limits.read_timeout, left)),
                )
            except AddressRefused as exc:
                return Fetched(self.url, current, "private_address", str(exc))
            except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                if self._out_of_time():
                    return Fetched(self.url, current, "too_slow", _too_slow(self.limits))
                return Fetched(self.url, current, "retry", f"{type(exc).__name__}: {exc}")
            with resp:
                if self._out_of_time():  # the headers ended because their socket was shut down
                    return Fetched(self.url, current, "too_slow", _too_slow(self.limits))
                target = self._redirect(resp, current, seen) if resp.is_redirect else None
                if target is None:
                    return self._response(resp, current)
                if isinstance(target, Fetched):
                    return target
                hops.append((current, resp.status_code, _headers(resp)))
                seen.add(target)
                current = target
            self.deadline.release()  # that hop's connection is closed or back in its pool
        return Fetched(self.url, current, "redirect_loop", f"more than {self.limits.max_redirects} redirects")

    def _redirect(self, resp: requests.Response, current: str, seen: set[str]) -> str | Fetched:
        """The next hop of a redirect, or the Fetched that ends the fetch there."""
        location = resp.headers.get("Location", "")
        headers = _headers(resp)

        def stop(outcome: str, reason: str) -> Fetched:
            return Fetched(self.url, current, outcome, reason, resp.status_code, headers)

        try:
            target = check_url(urljoin(current, location))
        except (MalformedURL, ValueError) as exc:
            return stop("malformed_redirect", f"redirects to a malformed URL ({exc})")
        if target in seen:
            return stop("redirect_loop", f"redirects back to {target}")
        if not self.any_site and not same_site(self.url, target):
            return stop("offsite_redirect", f"redirects off the site to {target}")
        if self.known is not None and self.known(target):
            return stop("redirect_known", f"redirects to {target}, already stored")
        return target

    def _response(self, resp: requests.Response, current: str) -> Fetched:
        headers = _headers(resp)
        req_headers = list(resp.request.headers.items())
        url, status = self.url, resp.status_code
        body, cut, why = _read_body(resp, self.limits, self._end, self.deadline, self.truncate_at)
        if status == 429 or status >= 500:  # the error page is read too, within the caps, to be stored
            truncated = _TRUNCATED.get(cut) if cut else None
            if status == 429:
                value = resp.headers.get("Retry-After")
                asked = asked_seconds(value)
                if asked is not None and asked > self.limits.max_retry_after:
                    logger.warning(
                        "%s: 429 asks to wait %s; waiting %s (--max-retry-after)",
                        current,
                        _seconds(asked),
                        _seconds(self.limits.max_retry_after),
                    )
                wait = retry_after_seconds(value, self.limits.max_retry_after)
                reason = rate_limit_reason(value, self.limits.max_retry_after)
                return Fetched(
                    url,
                    current,
                    "rate_limited",
                    reason,
                    429,
                    headers,
                    body,
                    wait,
                    req_headers,
                    truncated=truncated,
                )
            reason = f"server error {status}"
            return Fetched(
                url, current, "retry", reason, status, headers, body, None, req_headers, truncated=truncated
            )
        if cut == "truncated":
            return Fetched(
                url, current, "ok", why, status, headers, body, None, req_headers, truncated="length"
            )
        if cut:
            return Fetched(url, current, cut, why, status, headers)
        outcome = "ok" if status < 400 else "http_error"
        reason = "" if outcome == "ok" else f"HTTP {status}"
        return Fetched(url, current, outcome, reason, status, headers, body, request_headers=req_headers)


def _headers(resp: requests.Response) -> list[tuple[str, str]]:
    if resp.raw is not None:
        return [(k, v) for k, v in resp.raw.headers.items()]
    return list(resp.headers.items())


def _read_body(
    resp: requests.Response,
    limits: FetchLimits,
    end: float,
    deadline: _Deadline,
    truncate_at: int | None = None,
) -> tuple[bytes, str, str]:
    """The decoded body of ``resp``, read by ``end`` (a ``time.monotonic()`` value).

    Returns (body, "", "") when the body was read whole, else (partial body,
    outcome, reason) with outcome "too_large", "too_slow" or "retry", or "truncated"
    when the body was cut at ``truncate_at`` bytes (and is to be used).

    ``iter_content(n)`` blocks until ``n`` bytes or the end of the body have come,
    so a page trickled a few bytes at a time was read to its end, however long that
    took, before the time was checked. Here each read takes whatever bytes have
    arrived (``read1``: one receive from the socket), and the socket waits for them
    no longer than the time left, so the cap holds whatever the trickle rate; the
    fetch's deadline shuts the socket down if a read still waits past it.
    """
    raw = resp.raw
    body = bytearray()
    cap = limits.max_bytes if truncate_at is None else truncate_at
    try:
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return bytes(body), "too_slow", _too_slow(limits)
            _set_read_timeout(raw, min(limits.read_timeout, left))
            chunk = raw.read1(READ_SIZE, decode_content=True)
            if not chunk:
                break
            body += chunk
            if len(body) > cap:
                if truncate_at is not None:
                    return bytes(body[:cap]), "truncated", f"cut at {cap:,} bytes"
                return bytes(body), "too_large", f"over {limits.max_bytes:,} bytes"
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        if deadline.fired or time.monotonic() >= end:
            return bytes(body), "too_slow", _too_slow(limits)
        return bytes(body), "retry", f"{type(exc).__name__} while reading: {exc}"
    finally:
        with contextlib.suppress(OSError):
            _set_read_timeout(raw, limits.read_timeout)
    # stop the deadline before the connection goes back to its pool (another fetch may take it)
    deadline.stop()
    if deadline.fired:  # the body ended because its socket was shut down: it may be cut short
        return bytes(body), "too_slow", _too_slow(limits)
    raw.release_conn()  # the whole body is read: the connection can be used again
    return bytes(body), "", ""


def _set_read_timeout(raw: urllib3.HTTPResponse, seconds: float) -> None:
    """Make the socket under ``raw`` wait at most ``seconds`` for bytes, while ``raw`` holds it.

    Once the body is read, urllib3 puts the connection back in the pool
    (``raw.connection`` is then None) and another request may be using it.
    """
    sock = getattr(raw.connection, "sock", None)
    if sock is not None:
        sock.settimeout(seconds)
