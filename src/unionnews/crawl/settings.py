"""What a crawl is asked to do (:class:`CrawlOptions`), what it did (:class:`CrawlSummary`), and
the limits the crawl loop (:mod:`unionnews.crawl.crawler`) holds to."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from unionnews.crawl.failures import Failure, by_reason
from unionnews.crawl.fetch import (
    USER_AGENT,
    FetchLimits,
)
from unionnews.crawl.filtering import UnionFilter

#: Attempts per URL before it is given up (5xx, resets, timeouts).
MAX_ATTEMPTS = 4
#: Failed attempts (5xx, resets, timeouts) at a host's robots.txt before the host is given up;
#: a 429 is no failure (the host is paused for its Retry-After), up to MAX_ATTEMPTS * 2 tries in all.
MAX_ROBOTS_ATTEMPTS = 3
#: First retry delay; doubled at each attempt.
BACKOFF_SECONDS = 1.0
#: Seconds between updates of the per-host counts on the progress bar.
STATUS_EVERY = 1.0
#: Parallel fetches (different hosts).
MAX_PARALLEL_HOSTS = 8
#: Default cap of a robots.txt Crawl-delay (seconds): ``--max-crawl-delay``.
MAX_CRAWL_DELAY = 60.0
#: Bytes of a robots.txt that are read and parsed; the rest is ignored (RFC 9309: at least 500 KiB).
MAX_ROBOTS_BYTES = 500 * 1024


#: Fetch outcomes whose response is written to the WARC files (and 5xx/429 answers, which are
#: tried again: see _retry_later).
STORED_OUTCOMES = frozenset(
    {"ok", "http_error", "redirect_known", "redirect_loop", "offsite_redirect", "malformed_redirect"}
)


@dataclass(slots=True)
class CrawlOptions:
    """How to crawl. ``delay`` is the least time between two requests to one host
    (a longer robots.txt Crawl-delay wins); ``max_pages`` bounds the pages fetched
    in this run; ``since`` skips articles dated earlier (by sitemap, feed or listing
    date) and stops paging through a listing once a whole page is older;
    ``max_depth`` bounds link hops from the seeds (the next pages of a listing do
    not count as hops); ``cms`` maps hosts to a CMS family (see
    :mod:`unionnews.sources.cms`); hosts not in it are recognised from their pages;
    ``listings`` gives hosts' listing URL templates ("…?page={n}") from the registry;
    ``max_crawl_delay`` caps a robots.txt Crawl-delay (a longer one is logged)."""

    delay: float = 2.0
    max_pages: int | None = None
    since: date | None = None
    max_depth: int = 6
    progress: bool = True
    limits: FetchLimits = field(default_factory=FetchLimits)
    backoff: float = BACKOFF_SECONDS
    cms: Mapping[str, str] = field(default_factory=dict)
    #: host -> listing URL template with "{n}" for the page number (from the site registry)
    listings: Mapping[str, str] = field(default_factory=dict)
    #: The User-Agent sent and matched against robots.txt groups.
    user_agent: str = USER_AGENT
    #: Read the seeds, sitemaps and feeds of earlier runs again (new articles since then),
    #: and the next page of a listing whenever a page brings articles not seen before.
    refresh: bool = True
    #: Longest robots.txt Crawl-delay obeyed (seconds); a longer one is capped with a warning.
    max_crawl_delay: float = MAX_CRAWL_DELAY
    #: Most pages asked of one host in this run (robots.txt not counted); None: no limit. A host
    #: that reaches it keeps its queue for the next run.
    site_budget: int | None = None
    #: Union news only on general publishers' sites (None: every link followed, nothing marked).
    union_filter: UnionFilter | None = None


@dataclass(slots=True)
class CrawlSummary:
    out_dir: Path
    fetched: int = 0
    seconds: float = 0.0
    outcomes: Counter[str] = field(default_factory=Counter)
    per_host: dict[str, Counter[str]] = field(default_factory=dict)
    repaired: list[str] = field(default_factory=list)
    #: URLs that failed in this run, in order (``outcomes`` counts every run's fetches).
    failures: list[Failure] = field(default_factory=list)
    #: URLs still queued when the run stopped (``max_pages`` reached): run again to go on.
    queued: int = 0
    #: host -> {"link": links not followed, "page": pages stored but marked}, judged no union news
    not_relevant: dict[str, Counter[str]] = field(default_factory=dict)
    #: hosts that reached ``site_budget`` in this run -> URLs they still have queued
    over_budget: dict[str, int] = field(default_factory=dict)

    @property
    def pages_per_second(self) -> float:
        return self.fetched / self.seconds if self.seconds else 0.0

    @property
    def faults(self) -> int:
        """URLs of this run given up on (server errors, caps, loops, no robots.txt, bad seeds)."""
        return len(self.failures)

    @property
    def ok(self) -> bool:
        """No URL failed in this run."""
        return not self.failures

    @property
    def finished(self) -> bool:
        """Nothing is left to fetch (False when ``max_pages`` stopped the run first)."""
        return self.queued == 0

    @property
    def only_remote_failures(self) -> bool:
        """Every failure of this run is the sites' doing (HTTP errors, DNS, resets, timeouts,
        robots.txt unavailable, caps): none asks anything of the user."""
        return all(f.remote for f in self.failures)

    def describe_failures(self) -> list[str]:
        """One line per reason of this run's failures: count, reason, an example URL."""
        lines = []
        for reason, n, first in by_reason(self.failures):
            kind = "remote" if first.remote else "check"
            lines.append(f"  {n:>6}  {reason} [{kind}], e.g. {first.url}")
        return lines

    def describe(self) -> str:
        """A summary table for the end of a crawl."""
        lines = [
            f"{self.fetched} pages fetched in {self.seconds:.1f} s ({self.pages_per_second:.2f} pages/s)"
            f" -> {self.out_dir}",
            f"{'host':<32} {'done':>7} {'queued':>7} {'failed':>7} {'skipped':>7} {'off-links':>9} "
            f"{'off-pages':>9}",
        ]
        for host in sorted(set(self.per_host) | set(self.not_relevant)):
            c, off = self.per_host.get(host, Counter()), self.not_relevant.get(host, Counter())
            lines.append(
                f"{host:<32} {c['done']:>7} {c['queued']:>7} {c['failed']:>7} {c['skipped']:>7} "
                f"{off['link']:>9} {off['page']:>9}"
            )
        if self.not_relevant:
            lines.append(
                "off-links: links judged no union news, not followed; off-pages: pages stored but "
                "marked no union news (skipped by `unionnews extract`)"
            )
        lines.append("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items())))
        if self.over_budget:
            hosts = ", ".join(f"{h} ({n} queued)" for h, n in sorted(self.over_budget.items()))
            lines.append(f"{len(self.over_budget)} hosts reached --site-budget: {hosts}")
        if self.repaired:
            lines.append("repaired: " + "; ".join(self.repaired))
        if self.faults:
            lines.append(
                f"{self.faults} URLs failed in this run; `unionnews crawl-report {self.out_dir}` lists them "
                f"(table fetches of {self.out_dir / 'crawl.sqlite'}):"
            )
            lines.extend(self.describe_failures())
        if not self.finished:
            lines.append(f"stopped with {self.queued} URLs queued; run the same command again to go on")
        return "\n".join(lines)


def host_status(counts: Mapping[tuple[str, str], int], limit: int = 3) -> str:
    """Per-host pages done / queued / failed for the progress bar, busiest hosts first.

    >>> host_status({("a.vn", "done"): 5, ("a.vn", "queued"): 2, ("b.vn", "failed"): 1})
    'a.vn 5 done 2 queued 0 failed | b.vn 0 done 0 queued 1 failed'
    """
    per: dict[str, Counter[str]] = {}
    for (host, st), n in counts.items():
        per.setdefault(host, Counter())[st] = n
    ranked = sorted(per.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    parts = [f"{h} {c['done']} done {c['queued']} queued {c['failed']} failed" for h, c in ranked[:limit]]
    if len(ranked) > limit:
        parts.append(f"+{len(ranked) - limit} hosts")
    return " | ".join(parts)
