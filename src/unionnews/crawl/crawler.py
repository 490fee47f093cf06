"""The crawl loop: many hosts in parallel, one request at a time per host, resumable.

The main thread owns the state and the WARC files; a small thread pool runs the
fetches. A host is asked again only when its delay (``--delay`` or its
robots.txt Crawl-delay, whichever is longer) has passed since its last request
finished, and never while a request to it is in flight. The time of each host's
last request is kept in crawl.sqlite, so the delay also holds across a restart.
``--max-pages`` counts the fetches in flight: a run never fetches more pages.

No URL stops the crawl: a malformed link is recorded (outcome ``malformed_link``)
and dropped, a malformed seed or queued URL fails (``malformed_url``), and a URL
whose processing raised fails with the error as its reason (``crawl_error``), so
a resume never meets it again. Only problems of the corpus directory itself (disk,
database) stop a crawl.

A batch over many sites (``unionnews crawl --all``) gives each host a budget of pages per run
(``site_budget``): a host that reaches it stops for this run, its queue kept for the next.
Every run reads the entry points again (seeds, sitemaps and feeds; on hosts whose crawl
finished, also the section listings found before: see ``REFRESHED_KINDS`` and ``UPDATED_KINDS``
of :mod:`unionnews.crawl.state`) and fetches only the articles it has not stored. On the
sites of general publishers (newspapers, broadcasters) ``union_filter`` follows only links
judged union news and marks stored pages judged otherwise (:mod:`unionnews.crawl.filtering`).
"""

from __future__ import annotations

import logging
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import UTC, datetime
from pathlib import Path

import requests
from tqdm import tqdm

from unionnews.crawl.fetch import (
    DEFAULT_RETRY_AFTER,
    Fetched,
    FetchLimits,
    fetch,
    new_session,
)
from unionnews.crawl.filtering import NOT_ARTICLES, Judged
from unionnews.crawl.pages import HostPages
from unionnews.crawl.robots import Origin, RobotsRules, origin_of, origin_text, robots_url, rules_for_answer
from unionnews.crawl.settings import (
    BACKOFF_SECONDS,
    MAX_ATTEMPTS,
    MAX_CRAWL_DELAY,
    MAX_PARALLEL_HOSTS,
    MAX_ROBOTS_ATTEMPTS,
    MAX_ROBOTS_BYTES,
    STATUS_EVERY,
    STORED_OUTCOMES,
    CrawlOptions,
    CrawlSummary,
    host_status,
)
from unionnews.crawl.state import REFRESHED_KINDS, UPDATED_KINDS, CorpusError, CrawlState
from unionnews.crawl.warcstore import WarcStore, repair, stored_urls
from unionnews.sources.cms import GENERIC, CmsAdapter, adapter, detect, pattern_next_page
from unionnews.sources.discover import XML_KINDS, Discovered, classify, extract_links, is_recent
from unionnews.sources.urls import MalformedURL, canonical_url, check_url, host_of, same_site, shown

logger = logging.getLogger(__name__)

#: Names the settings module holds, imported from here by earlier code.
__all__ = [
    "BACKOFF_SECONDS",
    "MAX_ATTEMPTS",
    "MAX_CRAWL_DELAY",
    "MAX_PARALLEL_HOSTS",
    "MAX_ROBOTS_ATTEMPTS",
    "MAX_ROBOTS_BYTES",
    "STATUS_EVERY",
    "STORED_OUTCOMES",
    "CrawlOptions",
    "CrawlSummary",
    "crawl",
    "host_status",
]


class _Host:
    def __init__(self, name: str, delay: float, cms: str | None, next_at: float = 0.0) -> None:
        self.name = name
        self.delay = delay
        #: time.monotonic() from which the host may be asked again
        self.next_at = next_at
        self.busy = False
        #: page keys and sitemap counts, loaded from the frontier when first needed
        self.pages: HostPages | None = None
        #: robots.txt rules of each origin (scheme, host, port) of this host read in this run
        self.robots: dict[Origin, RobotsRules] = {}
        #: robots.txt attempts that failed (5xx, resets, timeouts) in this run, per origin
        self.robots_failures: Counter[Origin] = Counter()
        #: the delay before any Crawl-delay (``--delay``); ``delay`` is the longest in force
        self.base_delay = delay
        #: each origin's Crawl-delay (capped): the host waits the longest of them
        self.crawl_delays: dict[Origin, float] = {}
        self.cms: CmsAdapter | None = adapter(cms) if cms else None


def _new_host(state: CrawlState, name: str, opts: CrawlOptions) -> _Host:
    """A host as this run starts with it: not asked before its delay has passed since the
    last request an earlier run sent it (kept in crawl.sqlite), nor during a 429 pause."""
    free_at = state.host_free_at(
        name,
        opts.delay,
        opts.limits.max_seconds + opts.limits.connect_timeout,
        max_delay=max(opts.delay, opts.max_crawl_delay),  # a delay an older run left uncapped
        max_pause=opts.limits.max_retry_after,
    )
    next_at = time.monotonic() + (free_at - time.time()) if free_at else 0.0
    return _Host(name, opts.delay, opts.cms.get(name), next_at)


def crawl(seeds: Sequence[str], out_dir: str | Path, options: CrawlOptions | None = None) -> CrawlSummary:
    """Crawl the sites of ``seeds`` into ``out_dir`` (WARC files + crawl.sqlite); resumable.

    A URL that fails is recorded and the crawl goes on (``CrawlSummary.failures``); only
    the corpus directory itself failing (a full disk, a broken crawl.sqlite) stops it, with
    :class:`~unionnews.crawl.state.CorpusError`. Another crawl on the same directory raises
    :class:`~unionnews.crawl.state.CrawlerBusy`.
    """
    opts = options or CrawlOptions()
    corpus = Path(out_dir)
    try:
        return _crawl(seeds, corpus, opts)
    except (OSError, sqlite3.Error) as exc:
        raise CorpusError(_corpus_problem(corpus, exc)) from exc


def _corpus_problem(corpus: Path, exc: OSError | sqlite3.Error) -> str:
    """One line on what went wrong with the corpus directory, and what to do."""
    if isinstance(exc, sqlite3.Error):
        what = f"{corpus / 'crawl.sqlite'} could not be read or written ({type(exc).__name__}: {exc})"
    else:
        what = f"{corpus} could not be written ({exc})"
    return f"crawl stopped: {what}; what was stored is kept: fix this, then run the same command again"


def _crawl(seeds: Sequence[str], corpus: Path, opts: CrawlOptions) -> CrawlSummary:
    state = CrawlState(corpus)
    summary = CrawlSummary(corpus)
    started = time.monotonic()
    store: WarcStore | None = None
    first_row = state.last_fetch_row()
    try:
        if (corpus / "warc").is_dir():
            # a kill may fall between writing a response and logging it: cut torn records,
            # then mark what the WARC tail holds as done, so nothing is fetched or stored twice
            summary.repaired = repair(corpus / "warc")
            state.mark_stored(stored_urls(corpus / "warc", after=state.last_record()))
        store = WarcStore(corpus / "warc")
        seeds = _seed_urls(state, seeds)
        state.add((s, host_of(s), "seed", 0, None, None) for s in seeds)
        state.add((robots_url(s), host_of(s), "robots", 0, None, None) for s in seeds)
        if opts.refresh:
            # a re-crawl reads its entry points again: they list what was published since; and,
            # on hosts whose crawl finished, the section listings it found
            state.refresh_finished_hosts(UPDATED_KINDS)
            state.refresh_kinds(REFRESHED_KINDS)
        state.requeue_robots()  # rules may have changed since the last run; read them again
        _loop(state, store, seeds, opts, summary)
        store.close()
        summary.seconds = time.monotonic() - started
        for (host, st), n in state.counts().items():
            summary.per_host.setdefault(host, Counter())[st] = n
        summary.queued = sum(c["queued"] for c in summary.per_host.values())
        for (host, what), n in state.not_relevant_counts().items():
            summary.not_relevant.setdefault(host, Counter())[what] = n
        left = {h: summary.per_host.get(h, Counter())["queued"] for h in summary.over_budget}
        summary.over_budget = {h: n for h, n in left.items() if n}
        summary.outcomes = Counter(state.outcomes())
        summary.failures = state.failures(after=first_row)
    finally:
        try:
            if store is not None:
                store.close()  # again after an error: closing twice is harmless
        finally:
            state.close()
    return summary


def _seed_urls(state: CrawlState, seeds: Sequence[str]) -> list[str]:
    """The seeds in canonical form; a malformed one is logged and recorded (``malformed_url``)."""
    urls = []
    for seed in seeds:
        try:
            urls.append(check_url(canonical_url(seed)))
        except MalformedURL as exc:
            logger.warning("seed %s not crawled: %s", shown(seed), exc.why)
            state.log(_row(shown(seed), None, "malformed_url", f"seed: {exc.why}"))
    return urls


def _budget_left(opts: CrawlOptions, summary: CrawlSummary, in_flight: int) -> bool:
    """May one more page be fetched? The fetches in flight count: each may bring a page."""
    return opts.max_pages is None or summary.fetched + in_flight < opts.max_pages


def _within_site_budget(opts: CrawlOptions, sent: Counter[str], host: str) -> bool:
    """May ``host`` be asked for one more page in this run (``site_budget``)?"""
    return opts.site_budget is None or sent[host] < opts.site_budget


def _fetch_job(
    session: requests.Session,
    url: str,
    limits: FetchLimits,
    hop_delay: float,
    known: Callable[[str], bool] | None,
    truncate_at: int | None,
    any_site: bool,
    judge: Callable[[str, str, bytes], Judged | None] | None,
) -> tuple[Fetched, Judged | None]:
    """One fetch (in a worker thread), and the verdict on the page when ``judge`` is given
    and the page came whole with status 200 (read here, off the main thread)."""
    fetched = fetch(session, url, limits, hop_delay, known, truncate_at, any_site)
    if judge is None or fetched.outcome != "ok" or fetched.status != 200 or fetched.truncated:
        return fetched, None
    return fetched, judge(fetched.final_url, fetched.content_type, fetched.body)


def _page_judge(
    opts: CrawlOptions, host: str, kind: str
) -> Callable[[str, str, bytes], Judged | None] | None:
    """How a page of ``kind`` on ``host`` is judged, or None when it is not (see filtering)."""
    gate = opts.union_filter
    if gate is None or kind in NOT_ARTICLES or not gate.applies(host):
        return None
    return gate.judge_page


def _loop(
    state: CrawlState, store: WarcStore, seeds: list[str], opts: CrawlOptions, summary: CrawlSummary
) -> None:
    hosts: dict[str, _Host] = {}
    session = new_session(opts.user_agent, opts.limits.allow_private_addresses, opts.limits.resolve)
    inflight: dict[Future[tuple[Fetched, Judged | None]], tuple[_Host, str, str, int]] = {}
    sent: Counter[str] = Counter()  # pages asked of each host in this run (robots.txt not counted)
    bar = tqdm(desc="crawl", unit="page", disable=not opts.progress, file=sys.stderr, dynamic_ncols=True)
    last_status = 0.0
    with ThreadPoolExecutor(max_workers=MAX_PARALLEL_HOSTS) as pool, bar:
        while True:
            now = time.time()
            working = [h for h in state.hosts_with_work() if _within_site_budget(opts, sent, h)]
            for name in working:
                if not _budget_left(opts, summary, len(inflight)):
                    break
                if len(inflight) >= MAX_PARALLEL_HOSTS:
                    break
                if not _within_site_budget(opts, sent, name):
                    continue
                host = hosts.get(name) or hosts.setdefault(name, _new_host(state, name, opts))
                if host.busy or host.next_at > time.monotonic():
                    continue
                job = state.ready(name, now)
                if job is None:
                    continue
                url, kind, depth = job
                if not _may_fetch(state, host, url, kind, opts):
                    continue
                host.busy = True
                state.request_sent(name, host.delay, time.time())  # kept for the next run
                args: tuple[Callable[[str], bool] | None, int | None, bool] = (_known(state), None, False)
                if kind == "robots":  # its redirects are followed to any origin (RFC 9309), never skipped
                    args = (None, MAX_ROBOTS_BYTES, True)
                else:
                    sent[name] += 1
                    if not _within_site_budget(opts, sent, name):
                        summary.over_budget[name] = 0  # its queue is counted at the end
                judge = _page_judge(opts, name, kind)
                future = pool.submit(_fetch_job, session, url, opts.limits, host.delay, *args, judge)
                inflight[future] = (host, url, kind, depth)
            if not inflight:
                if not _budget_left(opts, summary, 0) or not working:
                    break
                time.sleep(min(0.05, opts.delay))
                continue
            done, _ = wait(inflight, timeout=0.05, return_when=FIRST_COMPLETED)
            for future in done:
                host, url, kind, depth = inflight.pop(future)
                host.busy = False
                finished = time.monotonic()
                _settle(state, store, host, (url, kind, depth), future, opts, summary)
                host.next_at = max(host.next_at, finished + host.delay)  # delay as robots.txt set it
                state.request_ended(host.name, host.delay, time.time() - (time.monotonic() - finished))
                bar.update(1)
            if time.monotonic() - last_status > STATUS_EVERY:
                last_status = time.monotonic()
                bar.set_postfix_str(host_status(state.counts()), refresh=False)
    session.close()


def _may_fetch(state: CrawlState, host: _Host, url: str, kind: str, opts: CrawlOptions) -> bool:
    """May ``url`` be sent now? The robots.txt of its origin comes first and is obeyed; a URL
    that cannot be judged (a malformed URL left queued by an older version) fails with its reason."""
    if kind == "robots":
        return True
    try:
        rules = _robots_rules(state, host, url)
        if rules is None:
            return False  # robots.txt first
        allowed = rules.allowed(url)
    except Exception as exc:  # one URL never stops the crawl: it fails, with the error as reason
        _crawl_error(state, url, exc)
        return False
    if not allowed:
        state.finish(url, "skipped", _row(url, None, "robots_disallowed", "disallowed by robots.txt"))
    return allowed


def _robots_rules(state: CrawlState, host: _Host, url: str) -> RobotsRules | None:
    """The rules of ``url``'s origin, or None while its robots.txt is to be read: first
    in each run, and again once the rules are ``robots.MAX_AGE`` old. When that robots.txt
    could not be read in this run, ``url`` is skipped (``host_skipped``)."""
    origin = origin_of(url)
    rules = host.robots.get(origin)
    if rules is not None and not rules.stale():
        return rules
    host.robots.pop(origin, None)  # nothing more from this origin until robots.txt is read again
    was = state.queue_robots(robots_url(url), host.name)
    if was in ("failed", "skipped"):
        why = f"robots.txt of {origin_text(origin)} unavailable; not crawled"
        state.finish(url, "skipped", _row(url, None, "host_skipped", why))
    return None


def _settle(
    state: CrawlState,
    store: WarcStore,
    host: _Host,
    job: tuple[str, str, int],
    future: Future[tuple[Fetched, Judged | None]],
    opts: CrawlOptions,
    summary: CrawlSummary,
) -> None:
    """Record what a fetch brought. An error raised while doing so fails that URL alone, with
    the error as its reason; errors of the corpus directory itself (disk, database) stop the crawl."""
    url, kind, depth = job
    try:
        fetched, judged = future.result()
    except Exception as exc:  # fetch itself decides by outcomes; this would be a bug in it
        _crawl_error(state, url, exc)
        return
    try:
        _handle(state, store, host, url, kind, depth, fetched, opts, summary, judged)
    except (OSError, sqlite3.Error):
        raise
    except Exception as exc:
        _crawl_error(state, url, exc)


def _crawl_error(state: CrawlState, url: str, exc: Exception) -> None:
    """``url`` failed because processing it raised: logged with its traceback, recorded, not queued."""
    logger.error("%s failed: %s: %s", shown(url), type(exc).__name__, exc, exc_info=exc)
    state.finish(url, "failed", _row(url, None, "crawl_error", f"{type(exc).__name__}: {exc}"))


def _canonical_template(template: str) -> str:
    """A listing URL template in canonical form, its "{n}" kept."""
    marker = "9876543210"
    return canonical_url(template.replace("{n}", marker)).replace(marker, "{n}")


def _known(state: CrawlState) -> Callable[[str], bool]:
    return lambda target: state.is_done(canonical_url(target))


def _row(
    url: str, fetched: Fetched | None, outcome: str, reason: str, warc: tuple[str, int] | None = None
) -> tuple[object, ...]:
    return (
        url,
        fetched.final_url if fetched else None,
        fetched.status if fetched else None,
        fetched.content_type if fetched else None,
        len(fetched.body) if fetched else None,
        warc[0] if warc else None,
        warc[1] if warc else None,
        datetime.now(UTC).isoformat(timespec="seconds"),
        outcome,
        reason,
    )


def _handle(
    state: CrawlState,
    store: WarcStore,
    host: _Host,
    url: str,
    kind: str,
    depth: int,
    fetched: Fetched,
    opts: CrawlOptions,
    summary: CrawlSummary,
    judged: Judged | None = None,
) -> None:
    if fetched.outcome in ("retry", "rate_limited") or (kind == "robots" and fetched.outcome == "too_slow"):
        # a robots.txt that times out means "not yet", like one that answers 5xx
        _retry_later(state, store, host, url, kind, fetched, opts)
        return
    if kind == "robots" and not _read_robots(state, store, host, url, fetched, opts):
        return
    warc = None
    if fetched.status is not None and fetched.outcome in STORED_OUTCOMES:
        # lossless: every response, errors and redirects included, with the date a sitemap,
        # feed or listing gave the URL (the extraction cross-checks the page's date with it)
        warc = store.write(fetched, listed=_listed(state, url), judged=judged)
    if fetched.outcome == "redirect_known":
        state.finish(url, "done", _row(url, fetched, fetched.outcome, fetched.reason, warc))
        return
    if kind == "robots" and fetched.outcome == "http_error":
        state.finish(url, "done", _row(url, fetched, "no_robots", fetched.reason, warc))  # allow all
        return
    if fetched.outcome != "ok":
        state.finish(url, "failed", _row(url, fetched, fetched.outcome, fetched.reason, warc))
        return
    summary.fetched += 1
    final = canonical_url(fetched.final_url)
    if final != url:
        state.mark_redirect_target(final, host_of(final), depth, url)
    if host.cms is None and "html" in fetched.content_type.lower():
        host.cms = detect(fetched.body)
    _follow(state, host, url, kind, depth, fetched, opts)
    state.finish(url, "done", _row(url, fetched, "ok", fetched.reason, warc))
    if judged is not None and not judged.relevant:  # stored, marked: extract skips it
        state.not_relevant([(url, host.name, "page", None, judged.score, judged.why)])


def _listed(state: CrawlState, url: str) -> tuple[str, str] | None:
    """(date, kind of the document that gave it: sitemap, feed, listing…) of ``url`` in the frontier."""
    row = state.db.execute(
        "SELECT f.published, s.kind FROM frontier f LEFT JOIN frontier s ON s.url = f.discovered_from "
        "WHERE f.url = ? AND f.published IS NOT NULL",
        (url,),
    ).fetchone()
    return (str(row[0]), str(row[1] or "unknown")) if row else None


def _read_robots(
    state: CrawlState, store: WarcStore, host: _Host, url: str, fetched: Fetched, opts: CrawlOptions
) -> bool:
    """Keep the rules a robots.txt answer gives the origin it was asked of (wherever its
    redirects led). An answer that gives none (more redirects than allowed, a private
    address) is no answer: the origin is not crawled, the robots.txt failing with that
    outcome (``redirect_loop``, ``private_address``…); False then."""
    origin = origin_of(url)
    readable = fetched.outcome in ("ok", "http_error")
    rules = rules_for_answer(origin, fetched.status if readable else None, fetched.body, opts.user_agent)
    if rules is None:
        warc = None
        if fetched.status is not None and fetched.outcome in STORED_OUTCOMES:
            warc = store.write(fetched)
        _robots_unavailable(state, host, url, fetched, warc, fetched.outcome)
        return False
    host.robots[origin] = rules
    host.robots_failures.pop(origin, None)
    _set_crawl_delay(host, origin, fetched, opts)
    return True


def _set_crawl_delay(host: _Host, origin: Origin, fetched: Fetched, opts: CrawlOptions) -> None:
    """The origin's robots.txt Crawl-delay (for our group), capped at ``opts.max_crawl_delay``
    (a longer one is logged, and noted in the reason of the robots.txt fetch). The host waits
    the longest delay of its origins (they share a server), and at least ``--delay``."""
    asked = host.robots[origin].crawl_delay
    if asked is None:
        host.crawl_delays.pop(origin, None)
    else:
        delay = asked
        if delay > opts.max_crawl_delay:
            note = (
                f"Crawl-delay: {asked:g} asks for {delay:g} s between requests; "
                f"waiting {opts.max_crawl_delay:g} s (the cap, --max-crawl-delay)"
            )
            logger.warning("%s: %s", origin_text(origin), note)
            fetched.reason = f"{fetched.reason}; {note}" if fetched.reason else note
            delay = opts.max_crawl_delay
        host.crawl_delays[origin] = delay
    host.delay = max([host.base_delay, *host.crawl_delays.values()])


def _rate_limit_wait(fetched: Fetched, limits: FetchLimits) -> float:
    """Seconds a 429 pauses its host: its Retry-After (0 included), capped."""
    asked = fetched.retry_after if fetched.retry_after is not None else DEFAULT_RETRY_AFTER
    return min(max(asked, 0.0), limits.max_retry_after)


def _retry_later(
    state: CrawlState,
    store: WarcStore,
    host: _Host,
    url: str,
    kind: str,
    fetched: Fetched,
    opts: CrawlOptions,
) -> None:
    """A 5xx, reset, timeout or 429: ask again later, or give up when the attempts are used.

    Each attempt is logged in ``fetches`` (outcome "retry" while attempts are left), and
    a 5xx or 429 error page is written to the WARC files; neither makes the URL done.
    A 429 pauses the whole host for its Retry-After (capped), robots.txt included, and
    is not one of the robots.txt failures after which a host is not crawled.
    """
    warc = None
    if fetched.status is not None and (fetched.status == 429 or fetched.status >= 500):
        warc = store.write(fetched)  # lossless: the error page too (never read as an article)
    tries = _attempts(state, url) + 1
    if fetched.outcome == "rate_limited":
        wait = _rate_limit_wait(fetched, opts.limits)
        state.postpone_host(host.name, wait)
        host.next_at = max(host.next_at, time.monotonic() + wait)
        budget = MAX_ATTEMPTS * 2
        retry = _row(url, fetched, "retry", f"{fetched.reason}; try {tries} of {budget}", warc)
        if state.postpone(url, wait, budget, retry):
            return
        if kind == "robots":
            _robots_unavailable(state, host, url, fetched, warc)
        else:
            state.finish(url, "failed", _row(url, fetched, "rate_limited", fetched.reason, warc))
        return
    if kind == "robots":
        origin = origin_of(url)
        host.robots_failures[origin] += 1
        failures = host.robots_failures[origin]
        delay = opts.backoff * 4
        retry = _row(
            url,
            fetched,
            "retry",
            f"{fetched.reason}; failure {failures} of {MAX_ROBOTS_ATTEMPTS}, next try in {delay:g} s",
            warc,
        )
        more = failures < MAX_ROBOTS_ATTEMPTS
        if state.postpone(url, delay, MAX_ATTEMPTS * 2, retry if more else None) and more:
            return  # robots.txt unavailable: do not crawl this host yet
        _robots_unavailable(state, host, url, fetched, warc)
        return
    delay = opts.backoff * 2 ** (tries - 1)
    retry = _row(
        url,
        fetched,
        "retry",
        f"{fetched.reason}; attempt {tries} of {MAX_ATTEMPTS}, next in {delay:g} s",
        warc,
    )
    if not state.postpone(url, delay, MAX_ATTEMPTS, retry):
        state.finish(url, "failed", _row(url, fetched, "retries_exhausted", fetched.reason, warc))


def _robots_unavailable(
    state: CrawlState,
    host: _Host,
    url: str,
    fetched: Fetched,
    warc: tuple[str, int] | None,
    outcome: str = "robots_unavailable",
) -> None:
    """The robots.txt ``url`` cannot be read: its origin's queued URLs are skipped, recorded."""
    origin = origin_of(url)
    host.robots.pop(origin, None)
    state.finish(url, "failed", _row(url, fetched, outcome, fetched.reason, warc))
    reason = f"robots.txt of {origin_text(origin)} unavailable ({fetched.reason}); not crawled"
    state.skip_host(host.name, reason, prefix=origin_text(origin) + "/")


def _follow(
    state: CrawlState, host: _Host, url: str, kind: str, depth: int, fetched: Fetched, opts: CrawlOptions
) -> None:
    """Queue what a fetched page links to; page on through listings while they bring news.

    A link to a page already queued or stored under another URL (see :mod:`.pages`) is not
    queued; sitemaps found in a sitemap index keep its depth, within the per-host caps."""
    found = extract_links(fetched.final_url, fetched.content_type, fetched.body, host.cms, kind)
    _record_malformed(state, host, url, depth, [link for link in found if link.kind == "malformed"])
    if host.pages is None:
        host.pages = HostPages.load(state.db, host.name)
    pages = host.pages
    pages.add(url)
    pages.add(fetched.final_url)
    for link in found:
        if link.kind == "alias" and same_site(url, link.url):
            pages.add(link.url)  # the page's own AMP copy: the same page, not fetched
    links = [
        link
        for link in found
        if link.kind not in ("other", "malformed", "alias") and same_site(url, link.url)
    ]
    dated = [link for link in links if link.kind == "article" and link.published]
    all_old = bool(dated) and not any(is_recent(link, opts.since) for link in dated)
    hop = depth + 1
    rows = []
    capped: Counter[str] = Counter()
    gate = opts.union_filter if opts.union_filter and opts.union_filter.applies(host.name) else None
    left_out: list[tuple[str, str, str, str | None, float, str]] = []
    judged_in: list[str] = []
    for link in links:
        # the next pages of a listing, and the sitemaps of an index, are the same hop
        same_hop = link.kind == "page" or (kind == "sitemap" and link.kind == "sitemap")
        if not (same_hop or hop <= opts.max_depth) or not is_recent(link, opts.since):
            continue
        if (link.kind == "page" and all_old) or pages.known(link.url):
            continue  # a whole page older than --since: stop paging; or the same page again
        verdict = gate.judge_link(link) if gate is not None else None
        if verdict is not None:
            if not verdict.relevant:  # no union news by its URL and words: counted, not fetched
                left_out.append((link.url, host.name, "link", url, verdict.score, verdict.why))
                continue
            judged_in.append(link.url)
        if kind in XML_KINDS:
            allowed, why = pages.within_caps(link.kind)
            if not allowed:
                capped[why] += 1
                continue
        pages.add(link.url)
        rows.append((link.url, host_of(link.url), link.kind, depth if same_hop else hop, url, link.published))
    for why, n in capped.items():
        note = f"{n} links not queued: {why}"
        logger.warning("%s: %s", shown(url), note)
        fetched.reason = f"{fetched.reason}; {note}" if fetched.reason else note
    new = state.add(rows)
    if left_out:
        state.not_relevant(left_out)
    if judged_in:
        state.followed(judged_in)
    listing = kind in ("seed", "listing", "page") and classify(url, host.cms) in ("listing", "page")
    if listing and new and not all_old:
        template = opts.listings.get(host.name)
        nxt = (template and pattern_next_page(_canonical_template(template), url)) or (
            host.cms or GENERIC
        ).next_page(url)
        if nxt is not None:  # the pager may show only a window of page numbers
            pages.add(nxt)
            if not state.add([(canonical_url(nxt), host.name, "page", depth, url, None)]):
                state.refresh([canonical_url(nxt)])  # read before, but this page brought news


def _record_malformed(
    state: CrawlState, host: _Host, url: str, depth: int, malformed: list[Discovered]
) -> None:
    """Links of ``url`` that cannot be read: dropped, each recorded once (``malformed_link``)."""
    if not malformed:
        return
    rows = [(link.url, host.name, depth + 1, url, link.reason) for link in malformed]
    for link, reason in state.skip_malformed(rows):
        logger.warning("malformed link on %s dropped: %s (%s)", shown(url), link, reason)


def _attempts(state: CrawlState, url: str) -> int:
    row = state.db.execute("SELECT attempts FROM frontier WHERE url=?", (url,)).fetchone()
    return int(row[0]) if row else 0
