"""Why URLs failed: short reasons, remote or not, and the failures table of crawl.sqlite.

A failure is *remote* when the other side is at fault (an HTTP error, a DNS failure,
a refused or reset connection, a timeout, a robots.txt that cannot be read, a page
over the caps, a redirect loop): a crawl that met only such failures finished, and
the command line exits 0 unless ``--strict``. The others (a malformed seed, a
private address refused without ``--allow-private-addresses``, a URL whose
processing raised) ask something of the user.

The reasons are read from the ``outcome`` and ``reason`` columns of ``fetches``, so
corpora written by older versions are reported the same way.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: Outcomes that mean a URL could not be crawled.
FAULT_OUTCOMES = frozenset(
    {
        "retries_exhausted",
        "rate_limited",
        "too_large",
        "too_slow",
        "redirect_loop",
        "robots_unavailable",
        "host_skipped",
        "private_address",
        "malformed_url",
        "malformed_redirect",
        "crawl_error",
    }
)
#: Fault outcomes that are the sites' doing, not the user's or the crawler's.
REMOTE_OUTCOMES = FAULT_OUTCOMES - {"private_address", "malformed_url", "crawl_error"}
#: Outcomes decided without sending a request (not counted as attempts).
_NO_REQUEST = ("robots_disallowed", "host_skipped", "malformed_link", "malformed_url")

#: What a network-level reason says, tried in order (the text of requests/urllib3 errors).
_CAUSES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("rate limited (429)", re.compile(r"^429\b|\(429", re.I)),
    (
        "DNS failure",
        re.compile(
            r"NameResolution|Failed to resolve|name or service not known|nodename nor servname|"
            r"getaddrinfo|No address associated",
            re.I,
        ),
    ),
    ("connection refused", re.compile(r"refused", re.I)),
    ("timeout", re.compile(r"timed? ?out|Timeout|took over", re.I)),
    (
        "connection reset",
        re.compile(
            r"reset|aborted|RemoteDisconnected|while reading|IncompleteRead|ChunkedEncoding|"
            r"ProtocolError|broken pipe",
            re.I,
        ),
    ),
)
_SERVER_ERROR = re.compile(r"server error (\d{3})")


def cause(reason: str) -> str:
    """The short cause a fetch reason names.

    >>> cause("server error 500"), cause("ConnectionError: ... Failed to resolve 'x.vn' ...")
    ('server error 500', 'DNS failure')
    >>> cause("ConnectionError: ('Connection aborted.', ConnectionResetError(104, ...))")
    'connection reset'
    """
    m = _SERVER_ERROR.search(reason)
    if m:
        return f"server error {m.group(1)}"
    return next((name for name, pattern in _CAUSES if pattern.search(reason)), "connection error")


def failure_reason(outcome: str, reason: str | None) -> str:
    """A short reason for a failed URL, the same for every URL that failed the same way.

    >>> failure_reason("retries_exhausted", "server error 503")
    'server error 503'
    >>> failure_reason("host_skipped", "robots.txt unavailable (server error 500); not crawled")
    'host not crawled: robots.txt unavailable (server error 500)'
    """
    text = reason or ""
    if outcome == "retries_exhausted":
        return cause(text)
    if outcome == "robots_unavailable":
        return f"robots.txt unavailable ({cause(text)})"
    if outcome == "host_skipped":
        return f"host not crawled: robots.txt unavailable ({cause(text)})"
    if outcome == "crawl_error":
        return f"crawl error ({text.split(':', 1)[0] or 'unknown'})"
    return {
        "rate_limited": "rate limited (429)",
        "too_large": "over --max-page-bytes",
        "too_slow": "over --timeout",
        "redirect_loop": "redirect loop",
        "malformed_redirect": "redirect to a malformed URL",
        "private_address": "private address refused (see --allow-private-addresses)",
        "malformed_url": "malformed URL",
    }.get(outcome, outcome)


@dataclass(frozen=True, slots=True)
class Failure:
    """A URL whose last fetch failed: its status, outcome, short reason, the reason as
    recorded, the requests sent for it, and when the last one ended."""

    url: str
    status: int | None
    outcome: str
    reason: str
    detail: str
    attempts: int
    last: str

    @property
    def remote(self) -> bool:
        return self.outcome in REMOTE_OUTCOMES


def failures(db: sqlite3.Connection, after: int = 0) -> list[Failure]:
    """URLs whose last fetch row failed, in the order they failed; only rows logged
    after row ``after`` of ``fetches`` (:func:`last_fetch_row`: one run's failures)."""
    faults = ",".join(f"'{o}'" for o in sorted(FAULT_OUTCOMES))
    quiet = ",".join(f"'{o}'" for o in _NO_REQUEST)
    rows = db.execute(
        f"WITH last AS (SELECT url, MAX(rowid) AS id, SUM(outcome NOT IN ({quiet})) AS tries "
        f"FROM fetches GROUP BY url) "
        f"SELECT f.url, f.status, f.outcome, f.reason, last.tries, f.fetched_at "
        f"FROM last JOIN fetches f ON f.rowid = last.id "
        f"WHERE f.outcome IN ({faults}) AND f.rowid > ? ORDER BY f.rowid",
        (after,),
    ).fetchall()
    return [
        Failure(url, status, outcome, failure_reason(outcome, reason), reason or "", int(tries or 0), at)
        for url, status, outcome, reason, tries, at in rows
    ]


def last_fetch_row(db: sqlite3.Connection) -> int:
    """The rowid of the last row of ``fetches`` (0 when empty)."""
    return int(db.execute("SELECT COALESCE(MAX(rowid), 0) FROM fetches").fetchone()[0])


def read_failures(path: Path) -> list[Failure]:
    """The failures recorded in the crawl.sqlite at ``path``, opened read-only (a crawl
    may be running on it)."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return failures(db)
    finally:
        db.close()


def by_reason(found: Iterable[Failure]) -> list[tuple[str, int, Failure]]:
    """(reason, count, first failure) for each reason, most frequent first."""
    counts: Counter[str] = Counter()
    first: dict[str, Failure] = {}
    for failure in found:
        counts[failure.reason] += 1
        first.setdefault(failure.reason, failure)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(reason, n, first[reason]) for reason, n in ranked]
