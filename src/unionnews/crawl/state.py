"""Crawl state in SQLite (WAL): the frontier, every fetch, and the lock that keeps one crawler per corpus.

The frontier survives a ``kill -9``: a URL is ``queued`` until its fetch has been
written to the WARC and recorded here, in one transaction after the WARC fsync.
On start, URLs whose response is already in a WARC but not marked done (the
process died between the two writes) are marked done from the WARC, so no page
is stored twice.

The ``hosts`` table keeps, per host, when the last request was sent and ended,
the delay then in force and any 429 pause, written before each request is sent:
a crawl restarted after a kill waits out the delay since the killed process's
last request (robots.txt included) instead of asking the host at once.

The ``not_relevant`` table counts, per host of a general publisher, the links not followed
because they were judged no union news, and the pages stored but marked so
(:mod:`unionnews.crawl.filtering`): one row per URL, whatever the runs that met it.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from unionnews._processes import pid_alive, process_start
from unionnews.crawl.failures import Failure, failure_reason, failures, last_fetch_row
from unionnews.errors import UnionNewsError

logger = logging.getLogger(__name__)

#: Failures logged with :meth:`CrawlState.log` (no frontier row): a malformed seed.
FAILED_WITHOUT_FRONTIER = frozenset({"malformed_url"})

SCHEMA = """
CREATE TABLE IF NOT EXISTS frontier (
    url TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    kind TEXT NOT NULL,                       -- robots, seed, sitemap, feed, listing, page, article,
                                              -- malformed (a link that cannot be read: skipped)
    depth INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'queued',     -- queued | done | failed | skipped
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try REAL NOT NULL DEFAULT 0,
    discovered_from TEXT,
    published TEXT
);
CREATE INDEX IF NOT EXISTS frontier_ready ON frontier(state, host, next_try);
CREATE TABLE IF NOT EXISTS fetches (
    url TEXT NOT NULL,
    final_url TEXT,
    status INTEGER,
    content_type TEXT,
    bytes INTEGER,
    warc_file TEXT,
    warc_offset INTEGER,
    fetched_at TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT
);
CREATE TABLE IF NOT EXISTS hosts (
    host TEXT PRIMARY KEY,
    delay REAL NOT NULL,                  -- seconds between requests, as in force at the last one
    request_sent REAL NOT NULL,           -- time.time() when the last request was sent
    request_ended REAL,                   -- when it ended; NULL while in flight (or if the crawler died)
    paused_until REAL NOT NULL DEFAULT 0  -- a 429's Retry-After pause (time.time())
);
CREATE TABLE IF NOT EXISTS not_relevant (
    url TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    what TEXT NOT NULL,                   -- link (not followed) | page (stored, marked not relevant)
    found_on TEXT,                        -- the page, sitemap or feed that gave the link
    score REAL,
    reasons TEXT,
    judged_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS not_relevant_host ON not_relevant(host, what);
"""

#: Frontier kinds read again by every run: they list what was published since (articles are
#: never fetched again).
REFRESHED_KINDS = ("seed", "sitemap", "feed")
#: Kinds read again by a run on the hosts whose earlier crawl finished (nothing left queued):
#: the section listings found by following links. A host still working through its queue
#: (``--max-pages``, ``--site-budget``) goes on with it first.
UPDATED_KINDS = ("listing",)


class CrawlerBusy(UnionNewsError):
    """Another crawler is working on the same corpus directory."""


class CorpusError(UnionNewsError):
    """The corpus directory itself failed: a full disk, a directory that cannot be written,
    a crawl.sqlite that cannot be read or written. The crawl stopped; what is stored is kept."""


def _log_failure(fetch_row: tuple[object, ...]) -> None:
    """Log a failed URL with its reason as it happens (shown with ``-v``)."""
    url, status, outcome, reason = fetch_row[0], fetch_row[2], str(fetch_row[8]), str(fetch_row[9] or "")
    shown = f"HTTP {status}, " if status is not None else ""
    logger.info("failed: %s: %s (%s%s: %s)", url, failure_reason(outcome, reason), shown, outcome, reason)


#: Who holds a corpus's lock: {"pid": …, "start": …}, written after the lock is taken.
OWNER_FILE = "crawl.lock.owner"


def _owner_gone(owner: Path) -> bool:
    """Is the process recorded in ``owner`` gone (so its lock is stale)? False when unsure."""
    try:
        record = json.loads(owner.read_text(encoding="utf-8"))
        pid = int(record["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return False  # no record we can read: treat the lock as held
    if not pid_alive(pid):
        return True
    start = record.get("start")
    return start is not None and process_start(pid) not in (None, start)  # the pid was reused


class CrawlState:
    """The frontier and fetch log of one corpus directory, held under an exclusive lock."""

    def __init__(self, corpus: Path) -> None:
        corpus.mkdir(parents=True, exist_ok=True)
        # filelock: flock where the platform has it, msvcrt on Windows, a lock file elsewhere
        self._lock = FileLock(corpus / "crawl.lock")
        try:
            self._acquire(corpus)
            self._open(corpus)
        except BaseException:
            if self._lock.is_locked:
                self._lock.release()
            raise

    def _acquire(self, corpus: Path) -> None:
        """Take the corpus lock, or raise :class:`CrawlerBusy`.

        Where only a plain lock file is possible (no flock, no msvcrt), a crawl killed
        with SIGKILL leaves the file behind: our own owner record (pid and start time)
        next to it tells a dead owner from a live one, and a dead owner's lock is taken over.
        """
        owner = corpus / OWNER_FILE
        try:
            self._lock.acquire(timeout=0)
        except Timeout as exc:
            if not _owner_gone(owner):
                raise CrawlerBusy(
                    f"another unionnews crawl is running on {corpus}; wait for it to finish or stop it"
                ) from exc
            logger.warning("%s: the crawl that held this corpus is gone; taking over its lock", corpus)
            Path(self._lock.lock_file).unlink(missing_ok=True)
            try:
                self._lock.acquire(timeout=0)
            except Timeout as again:
                raise CrawlerBusy(f"another unionnews crawl is running on {corpus}") from again
        pid = os.getpid()
        owner.write_text(json.dumps({"pid": pid, "start": process_start(pid)}), encoding="utf-8")

    def _open(self, corpus: Path) -> None:
        self.path = corpus / "crawl.sqlite"
        self._readers = threading.local()
        self._reader_conns: list[sqlite3.Connection] = []
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

    def is_done(self, url: str) -> bool:
        """Is ``url`` already fetched and stored? Safe to call from fetch threads
        (each thread reads through its own connection; WAL lets readers run beside the writer)."""
        conn = getattr(self._readers, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
            self._readers.conn = conn
            self._reader_conns.append(conn)
        row = conn.execute("SELECT 1 FROM frontier WHERE url=? AND state='done'", (url,)).fetchone()
        return row is not None

    def close(self) -> None:
        try:
            for conn in self._reader_conns:
                conn.close()
            self.db.close()
        finally:
            self._lock.release()

    def add(self, items: Iterable[tuple[str, str, str, int, str | None, str | None]]) -> int:
        """Queue (url, host, kind, depth, discovered_from, published) rows not seen before."""
        with self.db:
            cur = self.db.executemany(
                "INSERT OR IGNORE INTO frontier(url, host, kind, depth, discovered_from, published) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                list(items),
            )
        return cur.rowcount

    def ready(self, host: str, now: float) -> tuple[str, str, int] | None:
        """The next queued (url, kind, depth) of ``host`` due by ``now``: sitemaps, feeds
        and listings first so articles are discovered early, then articles in the order
        found, and the next pages of listings last (the archive is read page by page)."""
        return self.db.execute(
            "SELECT url, kind, depth FROM frontier WHERE state='queued' AND host=? AND next_try<=? "
            "ORDER BY CASE kind WHEN 'robots' THEN 0 WHEN 'sitemap' THEN 1 WHEN 'feed' THEN 2 "
            "WHEN 'seed' THEN 3 WHEN 'listing' THEN 4 WHEN 'page' THEN 6 ELSE 5 END, rowid LIMIT 1",
            (host, now),
        ).fetchone()

    def hosts_with_work(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT host FROM frontier WHERE state='queued'")]

    def earliest_try(self) -> float | None:
        row = self.db.execute("SELECT MIN(next_try) FROM frontier WHERE state='queued'").fetchone()
        return row[0]

    def finish(self, url: str, state: str, fetch_row: tuple[object, ...] | None) -> None:
        """Mark ``url`` done/failed/skipped and log its fetch, in one transaction."""
        with self.db:
            self.db.execute("UPDATE frontier SET state=? WHERE url=?", (state, url))
            if fetch_row is not None:
                self.db.execute("INSERT INTO fetches VALUES (?,?,?,?,?,?,?,?,?,?)", fetch_row)
        if state == "failed" and fetch_row is not None:
            _log_failure(fetch_row)

    def log(self, fetch_row: tuple[object, ...]) -> None:
        """Log a decision about a URL that has no place in the frontier (a malformed seed)."""
        with self.db:
            self.db.execute("INSERT INTO fetches VALUES (?,?,?,?,?,?,?,?,?,?)", fetch_row)
        if fetch_row[8] in FAILED_WITHOUT_FRONTIER:
            _log_failure(fetch_row)

    def skip_malformed(self, items: Iterable[tuple[str, str, int, str, str]]) -> list[tuple[str, str]]:
        """Record (link, host, depth, found on, reason) rows of links that cannot be read.

        Each link is recorded once: in the frontier as ``skipped`` (kind ``malformed``),
        never fetched, and in ``fetches`` with outcome ``malformed_link`` and its reason.
        Returns (link, reason) of the links not seen before.
        """
        new = []
        at = datetime.now(UTC).isoformat(timespec="seconds")
        with self.db:
            for url, host, depth, source, reason in items:
                cur = self.db.execute(
                    "INSERT OR IGNORE INTO frontier(url, host, kind, depth, discovered_from, state) "
                    "VALUES (?, ?, 'malformed', ?, ?, 'skipped')",
                    (url, host, depth, source),
                )
                if cur.rowcount:
                    new.append((url, reason))
                    self.db.execute(
                        "INSERT INTO fetches(url, fetched_at, outcome, reason) "
                        "VALUES (?, ?, 'malformed_link', ?)",
                        (url, at, f"{reason}; found on {source}"),
                    )
        return new

    def postpone(
        self, url: str, delay: float, max_attempts: int, fetch_row: tuple[object, ...] | None = None
    ) -> bool:
        """Try ``url`` again after ``delay`` seconds; False when its attempts are used up.

        While attempts are left, ``fetch_row`` (the attempt that ended) is logged in the
        same transaction; otherwise the caller logs the final outcome with :meth:`finish`.
        """
        with self.db:
            attempts = self.db.execute(
                "UPDATE frontier SET attempts=attempts+1, next_try=? WHERE url=? RETURNING attempts",
                (time.time() + delay, url),
            ).fetchone()[0]
            more = bool(attempts < max_attempts)
            if more and fetch_row is not None:
                self.db.execute("INSERT INTO fetches VALUES (?,?,?,?,?,?,?,?,?,?)", fetch_row)
        if more and fetch_row is not None:
            logger.debug("retry later: %s: %s", fetch_row[0], fetch_row[9])
        return more

    def postpone_host(self, host: str, delay: float) -> None:
        """Ask ``host`` nothing for ``delay`` seconds (a 429), also after a restart."""
        until = time.time() + delay
        with self.db:
            self.db.execute(
                "UPDATE frontier SET next_try=MAX(next_try, ?) WHERE host=? AND state='queued'",
                (until, host),
            )
            self.db.execute("UPDATE hosts SET paused_until=MAX(paused_until, ?) WHERE host=?", (until, host))

    def request_sent(self, host: str, delay: float, at: float) -> None:
        """A request to ``host`` is about to be sent at ``at`` (time.time()), under ``delay``.

        Committed before the request goes out: if the crawler dies with it in flight,
        the next run still knows the host was asked.
        """
        with self.db:
            self.db.execute(
                "INSERT INTO hosts(host, delay, request_sent, request_ended) VALUES (?, ?, ?, NULL) "
                "ON CONFLICT(host) DO UPDATE SET delay=excluded.delay, "
                "request_sent=excluded.request_sent, request_ended=NULL",
                (host, delay, at),
            )

    def request_ended(self, host: str, delay: float, at: float) -> None:
        """The request to ``host`` ended at ``at``; ``delay`` is now in force (a Crawl-delay)."""
        with self.db:
            self.db.execute("UPDATE hosts SET request_ended=?, delay=? WHERE host=?", (at, delay, host))

    def host_free_at(
        self,
        host: str,
        delay: float,
        longest_request: float,
        max_delay: float = float("inf"),
        max_pause: float = float("inf"),
    ) -> float:
        """The time.time() from which an earlier run lets ``host`` be asked again (0 when none did).

        That is ``delay`` (or the longer delay then in force, at most ``max_delay``) after
        the last request ended, and not before a 429 pause is over (at most ``max_pause``
        seconds from now). A request still in flight when its crawler died ended at the
        latest ``longest_request`` seconds after it was sent, and at the latest now.
        """
        row = self.db.execute(
            "SELECT delay, request_sent, request_ended, paused_until FROM hosts WHERE host=?", (host,)
        ).fetchone()
        if row is None:
            return 0.0
        then_delay, sent, ended, paused_until = row
        now = time.time()
        if ended is None:
            ended = min(now, sent + longest_request)
        waited = max(min(float(then_delay), max_delay), delay)
        return max(float(ended) + waited, min(float(paused_until), now + max_pause))

    def requeue_robots(self) -> None:
        """Queue every host's robots.txt again (at the start of each run)."""
        with self.db:
            self.db.execute(
                "UPDATE frontier SET state='queued', attempts=0, next_try=0 WHERE kind='robots' "
                "AND host IN (SELECT host FROM frontier WHERE state='queued')"
            )

    def queue_robots(self, url: str, host: str) -> str:
        """Have the robots.txt ``url`` read (again); returns the state it was in ("new" if none).

        A new or done one is queued (as kind ``robots``: a link to it may have queued it
        as a page); a failed or skipped one stays so: its origin is not crawled in this run.
        """
        with self.db:
            row = self.db.execute("SELECT state FROM frontier WHERE url=?", (url,)).fetchone()
            if row is None:
                self.db.execute(
                    "INSERT INTO frontier(url, host, kind, depth) VALUES (?, ?, 'robots', 0)", (url, host)
                )
                return "new"
            if row[0] == "done":
                self.db.execute(
                    "UPDATE frontier SET kind='robots', state='queued', attempts=0, next_try=0 WHERE url=?",
                    (url,),
                )
            elif row[0] == "queued":
                self.db.execute("UPDATE frontier SET kind='robots' WHERE url=? AND kind!='robots'", (url,))
            return str(row[0])

    def refresh(self, urls: Iterable[str]) -> int:
        """Queue again pages that were read in an earlier run (seeds, sitemaps, feeds): they
        change as new articles are published. Articles are never fetched again."""
        with self.db:
            cur = self.db.executemany(
                "UPDATE frontier SET state='queued', attempts=0, next_try=0 "
                "WHERE url=? AND state='done' AND kind IN ('seed', 'sitemap', 'feed', 'listing', 'page')",
                [(u,) for u in urls],
            )
        return cur.rowcount

    def refresh_kinds(self, kinds: tuple[str, ...]) -> int:
        """Queue again every done URL of these kinds (the entry points of a re-crawl)."""
        marks = ",".join("?" for _ in kinds)
        with self.db:
            cur = self.db.execute(
                f"UPDATE frontier SET state='queued', attempts=0, next_try=0 "
                f"WHERE state='done' AND kind IN ({marks})",
                kinds,
            )
        return cur.rowcount

    def refresh_finished_hosts(self, kinds: tuple[str, ...]) -> int:
        """Queue again every done URL of these kinds on hosts that have nothing queued (their
        crawl finished): call it before anything else is queued in this run."""
        marks = ",".join("?" for _ in kinds)
        with self.db:
            cur = self.db.execute(
                f"UPDATE frontier SET state='queued', attempts=0, next_try=0 "
                f"WHERE state='done' AND kind IN ({marks}) "
                f"AND host NOT IN (SELECT host FROM frontier WHERE state='queued')",
                kinds,
            )
        return cur.rowcount

    def skip_host(self, host: str, reason: str, prefix: str = "") -> None:
        """Give up every queued URL of ``host`` (only those starting with ``prefix``: one
        origin's, "http://h:8080/"), recording why."""
        with self.db:
            urls = [
                r[0]
                for r in self.db.execute(
                    "SELECT url FROM frontier WHERE host=? AND state='queued' AND substr(url, 1, ?)=?",
                    (host, len(prefix), prefix),
                )
            ]
            self.db.executemany("UPDATE frontier SET state='skipped' WHERE url=?", [(u,) for u in urls])
            self.db.executemany(
                "INSERT INTO fetches(url, fetched_at, outcome, reason) VALUES (?, ?, 'host_skipped', ?)",
                [(u, datetime.now(UTC).isoformat(timespec="seconds"), reason) for u in urls],
            )
        for url in urls:
            short = failure_reason("host_skipped", reason)
            logger.info("failed: %s: %s (host_skipped: %s)", url, short, reason)

    def mark_stored(self, urls: Iterable[str]) -> int:
        """Mark URLs already present in the WARC files as done (repair after a kill)."""
        with self.db:
            cur = self.db.executemany(
                "UPDATE frontier SET state='done' WHERE url=? AND state='queued'", [(u,) for u in urls]
            )
        return cur.rowcount

    def last_record(self) -> tuple[str, int] | None:
        """(WARC file, offset) of the last response the fetch log knows about."""
        row = self.db.execute(
            "SELECT warc_file, warc_offset FROM fetches WHERE warc_file IS NOT NULL "
            "ORDER BY warc_file DESC, warc_offset DESC LIMIT 1"
        ).fetchone()
        return (str(row[0]), int(row[1])) if row else None

    def mark_redirect_target(self, url: str, host: str, depth: int, source: str) -> None:
        """A page reached through a redirect is done: do not fetch it again under its own URL."""
        with self.db:
            self.db.execute(
                "INSERT OR IGNORE INTO frontier(url, host, kind, depth, discovered_from, state) "
                "VALUES (?, ?, 'article', ?, ?, 'done')",
                (url, host, depth, source),
            )
            self.db.execute("UPDATE frontier SET state='done' WHERE url=? AND state='queued'", (url,))

    def counts(self) -> dict[tuple[str, str], int]:
        """(host, state) -> number of URLs."""
        rows = self.db.execute("SELECT host, state, COUNT(*) FROM frontier GROUP BY host, state")
        return {(h, s): n for h, s, n in rows}

    def outcomes(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT outcome, COUNT(*) FROM fetches GROUP BY outcome").fetchall())

    def last_fetch_row(self) -> int:
        """The rowid of the last fetch logged (0 when none): where this run's rows begin."""
        return last_fetch_row(self.db)

    def failures(self, after: int = 0) -> list[Failure]:
        """URLs whose last fetch failed, logged after row ``after`` of ``fetches``."""
        return failures(self.db, after)

    def not_relevant(self, rows: Iterable[tuple[str, str, str, str | None, float, str]]) -> None:
        """Record (url, host, what, found on, score, reasons) judged no union news.

        A link ("link") is recorded once, the first time it is judged; a stored page
        ("page") replaces what was known of its URL (a link followed from elsewhere)."""
        at = datetime.now(UTC).isoformat(timespec="seconds")
        with self.db:
            for url, host, what, found_on, score, reasons in rows:
                verb = "REPLACE" if what == "page" else "IGNORE"
                self.db.execute(
                    f"INSERT OR {verb} INTO not_relevant"
                    "(url, host, what, found_on, score, reasons, judged_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (url, host, what, found_on, score, reasons, at),
                )

    def followed(self, urls: Iterable[str]) -> None:
        """Links queued after all (judged union news on another page): no longer counted as left out."""
        with self.db:
            self.db.executemany("DELETE FROM not_relevant WHERE url=? AND what='link'", [(u,) for u in urls])

    def not_relevant_counts(self) -> dict[tuple[str, str], int]:
        """(host, what) -> URLs judged no union news: links left out, pages marked."""
        return not_relevant_counts(self.db)

    def fetched_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM fetches WHERE outcome='ok'").fetchone()[0]


def read_not_relevant(path: Path) -> dict[tuple[str, str], int]:
    """:func:`not_relevant_counts` of the crawl.sqlite at ``path``, opened read-only."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return not_relevant_counts(db)
    finally:
        db.close()


def not_relevant_counts(db: sqlite3.Connection) -> dict[tuple[str, str], int]:
    """(host, what) -> URLs of ``not_relevant`` (none for a corpus written before the table)."""
    has = db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='not_relevant'").fetchone()
    if has is None:
        return {}
    rows = db.execute("SELECT host, what, COUNT(*) FROM not_relevant GROUP BY host, what")
    return {(str(h), str(w)): int(n) for h, w, n in rows}
