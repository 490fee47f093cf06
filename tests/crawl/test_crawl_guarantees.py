"""What the crawler promises in README.md ("Crawling") and docs/crawl.md, checked against what
loopback servers actually received: files not followed, --max-pages and resuming, 429 and
Retry-After, 5xx retries, politeness and robots.txt across a kill -9, and XML bombs.

Every assertion reads observable behaviour: the servers' access logs (with their monotonic
timestamps), the WARC files and the ``frontier``/``fetches`` tables of ``crawl.sqlite``.
Several tests were first written as strict xfails documenting bugs (files listed in a sitemap
fetched, --max-pages overshot over several hosts, a robots.txt 429 or a Retry-After of 0
mishandled, the delay lost across a restart, entities expanded in feed attributes); they now
guard the fixes.
"""

from __future__ import annotations

import gzip
import itertools
import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from unionnews.cli import main
from unionnews.crawl import CrawlOptions, FetchLimits, crawl
from unionnews.crawl.crawler import MAX_ATTEMPTS, MAX_ROBOTS_ATTEMPTS
from unionnews.crawl.fetch import Fetched, retry_after_seconds
from unionnews.crawl.state import CrawlState
from unionnews.crawl.warcstore import WarcStore, stored_urls
from unionnews.inputs.warc import iter_warc
from unionnews.sources.discover import from_xml

from .fixture_sites import Site, article_page, html, listing, query
from .robots_check import assert_no_disallowed

#: Clock slack when comparing gaps between requests with a delay (both sides use time.monotonic()).
SLACK = 0.02
LIMITS = FetchLimits(
    max_bytes=200_000, max_seconds=3, read_timeout=3, max_retry_after=5, allow_private_addresses=True
)


def options(**kw) -> CrawlOptions:
    return CrawlOptions(
        delay=kw.pop("delay", 0.05),
        progress=False,
        limits=kw.pop("limits", LIMITS),
        backoff=kw.pop("backoff", 0.05),
        **kw,
    )


def invoke(*args: str, quiet: bool = True):
    """The CLI; ``quiet=False`` keeps the summaries that -q leaves out."""
    return CliRunner().invoke(main, ["-q", *args] if quiet else list(args), catch_exceptions=False)


def robots(text: str) -> tuple[int, str, bytes, dict[str, str]]:
    return 200, "text/plain", text.encode(), {}


ALLOW_ALL = "User-agent: *\nDisallow:\n"


def news_site(host: str, n_articles: int, robots_txt: str = ALLOW_ALL, prefix: str = "bai") -> Site:
    """A fault-free site: robots.txt, a listing at /news/ (and /, the articles' menu link) and articles.

    Every route answers 200, so every request the server logs is a page the crawler fetched.
    """
    site = Site(host).start()
    arts = [f"/news/tin-tuc/{prefix}-{i}.html" for i in range(1, n_articles + 1)]
    site.routes["/robots.txt"] = robots(robots_txt)
    site.routes["/news/"] = site.routes["/"] = html(listing(arts))
    for i, path in enumerate(arts, start=1):
        site.routes[path] = html(article_page(i))
    return site


def articles_of(site: Site, prefix: str = "bai") -> list[str]:
    return sorted(p for p in site.routes if p.startswith(f"/news/tin-tuc/{prefix}-"))


def requests(site: Site, after: float = float("-inf"), before: float = float("inf")) -> list[str]:
    """Paths the server was asked for between two monotonic times (connection errors left out)."""
    return [p for t, p in site.log if after < t < before and not p.startswith("!")]


def times(site: Site, path: str | None = None) -> list[float]:
    return [t for t, p in site.log if not p.startswith("!") and (path is None or p == path)]


def warc_responses(corpus: Path) -> Counter[str]:
    """Frontier URL -> number of 200 responses stored in the WARC files."""
    seen: Counter[str] = Counter()
    for path in sorted((corpus / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response" and rec.http_headers.get_statuscode() == "200":
                    seen[rec.rec_headers.get_header("WARC-Unionnews-Frontier-URI")] += 1
    return seen


def warc_statuses(corpus: Path) -> dict[str, list[str]]:
    """Frontier URL -> the HTTP status of each response stored for it, in order."""
    seen: dict[str, list[str]] = {}
    for path in sorted((corpus / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response" and rec.rec_headers.get_header("WARC-Unionnews-Frontier-URI"):
                    uri = rec.rec_headers.get_header("WARC-Unionnews-Frontier-URI")
                    seen.setdefault(uri, []).append(rec.http_headers.get_statuscode())
    return seen


@pytest.fixture()
def stop_sites() -> Iterator[list[Site]]:
    started: list[Site] = []
    yield started
    for site in started:
        site.stop()


# --- 1. files linked from articles are never requested -------------------------------------

FILE_LINKS = (
    "/files/bao-cao-{i}.pdf",
    "/files/quyet-dinh-{i}.PDF?download=1",
    "/uploads/anh-hoi-nghi-{i}.JPG",
    "/uploads/so-do-{i}.png#phong-to",
    "/tai-lieu/ke-hoach-{i}.docx",
    "/tai-lieu/bieu-mau-{i}.xlsx",
)


def test_files_linked_from_articles_are_never_requested(stop_sites, tmp_path: Path):
    site = news_site("127.0.0.31", 3)
    stop_sites.append(site)
    for i, path in enumerate(articles_of(site), start=1):
        links = [u.format(i=i) for u in FILE_LINKS]
        page = article_page(i).replace(
            "<p>Minh Châu</p>",
            "".join(f'<p><a href="{u}">Tải về {u}</a></p>' for u in links)
            + f'<img src="/uploads/anh-{i}.jpg"><p>Minh Châu</p>',
        )
        site.routes[path] = html(page)
        for u in links:  # served if asked for: a request would show in the log
            site.routes[u.split("#")[0]] = (200, "application/octet-stream", b"%PDF-1.4 or an image", {})
    listing_page = listing([*articles_of(site), "/files/tong-hop.pdf", "/uploads/banner.gif"])
    site.routes["/news/"] = site.routes["/"] = html(listing_page)

    corpus = tmp_path / "corpus"
    summary = crawl([site.base + "/news/"], corpus, options())

    asked = requests(site)
    files = [p for p in asked if p.startswith(("/files/", "/uploads/", "/tai-lieu/"))]
    assert files == [], files
    assert summary.ok
    articles = {site.base + p for p in articles_of(site)}
    assert articles <= stored_urls(corpus / "warc")
    assert all(warc_responses(corpus)[u] == 1 for u in articles)
    assert Counter(p for p in asked if p.startswith("/news/tin-tuc/")) == dict.fromkeys(articles_of(site), 1)
    # not even queued: the frontier holds no file URL
    frontier = [u for (u,) in query(corpus, "SELECT url FROM frontier")]
    assert not [u for u in frontier if "/files/" in u or "/uploads/" in u or "/tai-lieu/" in u]


def test_files_listed_in_a_sitemap_are_never_requested(stop_sites, tmp_path: Path):
    site = news_site("127.0.0.32", 1)
    stop_sites.append(site)
    site.routes["/robots.txt"] = robots(ALLOW_ALL + f"Sitemap: {site.base}/sitemap.xml\n")
    site.routes["/sitemap.xml"] = (
        200,
        "application/xml",
        (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{site.base}/news/tin-tuc/bai-1.html</loc></url>"
            f"<url><loc>{site.base}/files/bao-cao-nam.pdf</loc></url>"
            f"<url><loc>{site.base}/uploads/anh.jpg</loc></url></urlset>"
        ).encode(),
        {},
    )
    site.routes["/files/bao-cao-nam.pdf"] = (200, "application/pdf", b"%PDF-1.4", {})
    site.routes["/uploads/anh.jpg"] = (200, "image/jpeg", b"\xff\xd8\xff", {})
    crawl([site.base + "/news/"], tmp_path / "corpus", options())
    assert site.hits["/news/tin-tuc/bai-1.html"] == 1 and site.hits["/sitemap.xml"] == 1
    assert site.hits["/files/bao-cao-nam.pdf"] == 0
    assert site.hits["/uploads/anh.jpg"] == 0


def test_files_listed_in_a_feed_are_not_pages():
    rss = b"""<?xml version="1.0"?><rss><channel>
    <item><link>http://x.vn/news/tin-tuc/bai-1.html</link></item>
    <item><link>http://x.vn/files/quyet-dinh.PDF?download=1</link></item>
    <item><link>http://x.vn/lich?date=2023-01-01</link></item></channel></rss>"""
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/uploads/anh.JPG"/></entry>
    <entry><link href="/tai-lieu/ke-hoach.docx"/></entry><entry><link href="/bai-2.html"/></entry></feed>"""
    kinds = {d.url: d.kind for d in from_xml("http://x.vn/rss", rss) + from_xml("http://x.vn/atom", atom)}
    assert kinds == {
        "http://x.vn/news/tin-tuc/bai-1.html": "article",
        "http://x.vn/files/quyet-dinh.PDF?download=1": "other",
        "http://x.vn/lich?date=2023-01-01": "other",
        "http://x.vn/uploads/anh.JPG": "other",
        "http://x.vn/tai-lieu/ke-hoach.docx": "other",
        "http://x.vn/bai-2.html": "article",
    }


# --- 2. --max-pages: at most N pages per run, the next run goes on ------------------------


def test_max_pages_bounds_each_run_and_the_next_runs_go_on(stop_sites, tmp_path: Path):
    site = news_site("127.0.0.33", 9)
    stop_sites.append(site)
    corpus = tmp_path / "corpus"
    seed = site.base + "/news/"
    cli = [seed, "--out", str(corpus), "--delay", "0.02", "--timeout", "3", "--allow-private-addresses"]
    every = articles_of(site)

    runs: list[list[str]] = []
    for extra, status in ((["--max-pages", "5"], 3), (["--max-pages", "5"], 3), ([], 0)):
        mark = time.monotonic()
        result = invoke("crawl", *cli, *extra)
        assert result.exit_code == status, result.output  # 3: the budget stopped it, work is left
        runs.append(requests(site, after=mark))
    first, second, _ = runs
    # every route answers 200: each request is a page fetched, and the budget is 5
    assert len(first) == 5 and len(second) == 5, runs
    assert first[:2] == ["/robots.txt", "/news/"] and second[:2] == ["/robots.txt", "/news/"]
    # the budget went on pages not stored yet: each run brought new articles, none came twice
    arts = [[p for p in run if p in every] for run in runs]
    assert len(arts[0]) >= 2 and len(arts[1]) >= 2, runs
    assert sorted(arts[0] + arts[1] + arts[2]) == every  # the last run fetched the rest ...
    assert Counter(p for run in runs for p in run if p in every) == dict.fromkeys(every, 1)  # ... once
    # what a later run asks again is only what the docs say is read again: robots.txt and the seed
    repeated = Counter(p for run in runs for p in run)
    assert {p for p, n in repeated.items() if n > 1} == {"/robots.txt", "/news/"}
    assert repeated["/robots.txt"] == repeated["/news/"] == 3
    # and every response is in the WARC files as often as it was asked for, no more
    assert warc_responses(corpus) == Counter(site.base + p for p in repeated.elements())


def test_max_pages_bounds_a_run_over_several_hosts(stop_sites, tmp_path: Path):
    sites = [news_site(f"127.0.0.{h}", 3) for h in (34, 35, 36)]
    stop_sites.extend(sites)
    summary = crawl([s.base + "/news/" for s in sites], tmp_path / "corpus", options(max_pages=2))
    asked = sum(len(requests(s)) for s in sites)
    assert asked <= 2 and summary.fetched <= 2, (asked, summary.fetched)


# --- 3. 429 and Retry-After ----------------------------------------------------------------


def test_429_pauses_its_host_for_retry_after_and_only_that_host(stop_sites, tmp_path: Path):
    busy = news_site("127.0.0.37", 4)
    other = news_site("127.0.0.38", 12)
    stop_sites.extend([busy, other])
    limited = articles_of(busy)[1]
    busy.routes[limited] = lambda h, n: (
        (429, "text/html", b"busy", {"Retry-After": "1"}) if n == 1 else html(article_page(2))
    )
    corpus = tmp_path / "corpus"
    summary = crawl([busy.base + "/news/", other.base + "/news/"], corpus, options(delay=0.1))
    assert summary.ok
    t429 = times(busy, limited)[0]
    after = [t for t in times(busy) if t > t429]
    assert after, busy.log
    wait = after[0] - t429
    assert 1.0 - SLACK <= wait <= 1.0 + 0.6, wait  # Retry-After: 1 honoured, and no longer
    assert busy.hits[limited] == 2 and warc_responses(corpus)[busy.base + limited] == 1
    # the whole host waited, the other host went on meanwhile
    assert [t for t in times(other) if t429 < t < t429 + 1.0]
    assert min(busy.gaps()) >= 0.1 - SLACK and min(other.gaps()) >= 0.1 - SLACK


def test_huge_retry_after_is_capped_and_a_429_forever_gives_up(stop_sites, tmp_path: Path):
    # the cap is FetchLimits.max_retry_after: 300 s by default (the CLI uses the default)
    assert retry_after_seconds("100000", FetchLimits().max_retry_after) == 300.0
    assert retry_after_seconds("Wed, 21 Oct 2099 07:28:00 GMT", FetchLimits().max_retry_after) == 300.0
    site = news_site("127.0.0.39", 3)
    stop_sites.append(site)
    forever, dated = articles_of(site)[0], articles_of(site)[1]
    site.routes[forever] = (429, "text/html", b"busy", {"Retry-After": "100000"})
    site.routes[dated] = lambda h, n: (
        (429, "text/html", b"busy", {"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"})
        if n == 1
        else html(article_page(2))
    )
    cap = 0.3
    corpus = tmp_path / "corpus"
    started = time.monotonic()
    summary = crawl(
        [site.base + "/news/"],
        corpus,
        options(limits=FetchLimits(max_seconds=3, max_retry_after=cap, allow_private_addresses=True)),
    )
    assert time.monotonic() - started < 15  # not 100000 s, nor 60 s per 429
    # each 429 paused the host for the (capped) wait, then the host was asked again
    all_times = times(site)
    limited = [*times(site, forever), times(site, dated)[0]]
    for t in limited:
        nxt = [u for u in all_times if u > t]
        if nxt:
            assert cap - SLACK <= nxt[0] - t <= cap + 1.0, (t, nxt[0])
    # 429 again and again: given up after MAX_ATTEMPTS * 2 tries, as rate_limited, with its reason;
    # every attempt is logged (docs/crawl.md: one row per attempt that ended), the earlier ones as retry
    assert site.hits[forever] == MAX_ATTEMPTS * 2
    rows = query(
        corpus, "SELECT status, outcome, reason FROM fetches WHERE url=? ORDER BY rowid", site.base + forever
    )
    assert [(status, outcome) for status, outcome, _ in rows] == [(429, "retry")] * (MAX_ATTEMPTS * 2 - 1) + [
        (429, "rate_limited")
    ]
    # the reason gives what the server asked for and the wait the cap allowed
    assert all(
        r.startswith("429, Retry-After: 100000 (asked to wait 100000 s), waiting 0.3 s") for *_, r in rows
    )
    # the 429 pages are in the WARC files (lossless), yet the URL is not stored by them
    assert warc_statuses(corpus)[site.base + forever] == ["429"] * (MAX_ATTEMPTS * 2)
    assert site.base + forever not in stored_urls(corpus / "warc")
    assert query(corpus, "SELECT state FROM frontier WHERE url=?", site.base + forever) == [("failed",)]
    assert summary.outcomes["rate_limited"] == 1 and not summary.ok
    assert site.hits[dated] == 2 and warc_responses(corpus)[site.base + dated] == 1


def test_429_on_robots_txt_honours_retry_after(stop_sites, tmp_path: Path):
    site = news_site("127.0.0.40", 1)
    stop_sites.append(site)
    site.routes["/robots.txt"] = lambda h, n: (
        (429, "text/plain", b"busy", {"Retry-After": "1"}) if n == 1 else robots(ALLOW_ALL)
    )
    crawl([site.base + "/news/"], tmp_path / "corpus", options())
    first, second = times(site)[:2]
    assert second - first >= 1.0 - SLACK, second - first


def test_429s_on_robots_txt_are_not_robots_failures(stop_sites, tmp_path: Path):
    site = news_site("127.0.0.46", 1)
    stop_sites.append(site)
    busy = MAX_ROBOTS_ATTEMPTS + 1  # more 429s than the robots.txt failures that skip a host
    site.routes["/robots.txt"] = lambda h, n: (
        (429, "text/plain", b"busy", {"Retry-After": "0.1"}) if n <= busy else robots(ALLOW_ALL)
    )
    corpus = tmp_path / "corpus"
    summary = crawl([site.base + "/news/"], corpus, options())
    assert summary.ok and site.hits["/robots.txt"] == busy + 1
    assert site.hits["/news/tin-tuc/bai-1.html"] == 1  # the host was crawled, not skipped
    robots_txt = site.base + "/robots.txt"
    rows = query(corpus, "SELECT status, outcome FROM fetches WHERE url=? ORDER BY rowid", robots_txt)
    assert rows == [(429, "retry")] * busy + [(200, "ok")]
    gaps = [b - a for a, b in itertools.pairwise(times(site, "/robots.txt"))]
    assert min(gaps) >= 0.1 - SLACK, gaps  # each Retry-After honoured


def test_retry_after_zero_is_not_turned_into_a_minute(stop_sites, tmp_path: Path):
    site = news_site("127.0.0.45", 2)
    stop_sites.append(site)
    limited = articles_of(site)[0]
    site.routes[limited] = lambda h, n: (
        (429, "text/html", b"busy", {"Retry-After": "0"}) if n == 1 else html(article_page(1))
    )
    # in a process of its own, killed at the end: the bug makes it wait a minute
    script = textwrap.dedent(f"""
        from unionnews.crawl import CrawlOptions, FetchLimits, crawl
        crawl([{site.base + "/news/"!r}], {str(tmp_path / "corpus")!r}, CrawlOptions(delay=0.05,
              progress=False, backoff=0.05, limits=FetchLimits(max_seconds=3, max_retry_after=0.5,
              allow_private_addresses=True)))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not site.hits[limited] and proc.poll() is None:
            time.sleep(0.01)
        first = time.monotonic()
        while time.monotonic() < first + 3 and site.hits[limited] < 2 and proc.poll() is None:
            time.sleep(0.01)
    finally:
        proc.kill()
        proc.wait()
    tries = times(site, limited)
    assert len(tries) == 2, site.log  # asked again within the cap (0.5 s) + 2.5 s, not after 60 s
    assert tries[1] - tries[0] <= 0.5 + 1.0


# --- 4. 500 forever: the documented attempts, then failed with its reason, exit 1 ----------


def test_500_forever_is_tried_4_times_with_backoff_then_fails_and_exits_0(stop_sites, tmp_path: Path):
    site = news_site("127.0.0.41", 2)
    stop_sites.append(site)
    broken = "/news/tin-tuc/loi-500.html"
    site.routes[broken] = (500, "text/html", b"<h1>Internal Server Error</h1>", {})
    site.routes["/news/"] = site.routes["/"] = html(listing([*articles_of(site), broken]))
    corpus = tmp_path / "corpus"
    # the real CLI defaults: backoff 1 s doubled at each attempt
    result = invoke(
        "crawl",
        site.base + "/news/",
        "--out",
        str(corpus),
        "--delay",
        "0.05",
        "--allow-private-addresses",
        quiet=False,
    )
    assert result.exit_code == 0, result.output  # the site's fault: the crawl finished (1 with --strict)
    assert "retries_exhausted" in result.output and "URLs failed" in result.output
    assert MAX_ATTEMPTS == 4  # docs/crawl.md: "up to 4 attempts"
    tries = times(site, broken)
    assert len(tries) == 4
    # exponential backoff: 1, 2, 4 s between the attempts
    for gap, least in zip([b - a for a, b in itertools.pairwise(tries)], (1, 2, 4), strict=True):
        assert least - SLACK <= gap <= least + 1.0, (gap, least)
    url = site.base + broken
    rows = query(corpus, "SELECT status, outcome, reason FROM fetches WHERE url=?", url)
    assert rows[-1] == (500, "retries_exhausted", "server error 500")
    assert query(corpus, "SELECT state, attempts FROM frontier WHERE url=?", url) == [("failed", 4)]
    # the failure is this URL's alone: the articles are stored, and nothing else failed
    assert {site.base + p for p in articles_of(site)} <= stored_urls(corpus / "warc")
    failed = query(corpus, "SELECT url FROM frontier WHERE state='failed'")
    assert failed == [(url,)]


def test_a_5xx_is_kept_in_the_warc_but_does_not_store_the_page(stop_sites, tmp_path: Path):
    site = news_site("127.0.0.47", 2)
    stop_sites.append(site)
    flaky = articles_of(site)[0]
    error_page = b"<h1>503 Service Unavailable</h1>"
    site.routes[flaky] = lambda h, n: (503, "text/html", error_page, {}) if n == 1 else html(article_page(1))
    corpus = tmp_path / "corpus"
    summary = crawl([site.base + "/news/"], corpus, options())
    url = site.base + flaky
    assert summary.ok and site.hits[flaky] == 2
    # every attempt that ended is logged, and every response is in the WARC files, the 503 page too
    rows = query(corpus, "SELECT status, outcome, reason FROM fetches WHERE url=? ORDER BY rowid", url)
    assert [(status, outcome) for status, outcome, _ in rows] == [(503, "retry"), (200, "ok")]
    assert rows[0][2].startswith("server error 503; attempt 1 of 4"), rows
    assert warc_statuses(corpus)[url] == ["503", "200"]
    payloads = []
    for path in sorted((corpus / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            payloads += [
                r.content_stream().read()
                for r in ArchiveIterator(fh)
                if r.rec_type == "response" and r.http_headers.get_statuscode() == "503"
            ]
    assert payloads == [error_page]
    # the extraction reads the page once: the 200, not the error page
    docs = [
        d
        for path in sorted((corpus / "warc").glob("*.warc.gz"))
        for d in iter_warc(path, max_bytes=1_000_000)
        if getattr(d, "url", None) == url
    ]
    assert len(docs) == 1 and b"503" not in docs[0].data


def test_a_5xx_in_the_warc_is_fetched_again_after_a_kill(stop_sites, tmp_path: Path):
    """The crawler died after writing a 5xx answer to the WARC, before the state knew of it:
    the URL is still to be fetched (only a real response marks it done on resume)."""
    site = news_site("127.0.0.48", 1)
    stop_sites.append(site)
    corpus = tmp_path / "corpus"
    url = site.base + articles_of(site)[0]
    state = CrawlState(corpus)
    state.add([(url, "127.0.0.48", "article", 1, None, None)])
    state.close()
    store = WarcStore(corpus / "warc")
    store.write(Fetched(url, url, "retry", "server error 500", 500, [("Content-Type", "text/html")], b"x"))
    store.close()
    assert url not in stored_urls(corpus / "warc")
    summary = crawl([site.base + "/news/"], corpus, options())
    assert summary.ok and site.hits[articles_of(site)[0]] == 1
    assert query(corpus, "SELECT state FROM frontier WHERE url=?", url) == [("done",)]
    assert warc_statuses(corpus)[url] == ["500", "200"]


# --- 5. politeness and robots.txt across a kill -9 and the resume -------------------------

#: robots.txt Crawl-delay of the site killed and resumed (longer than --delay, so it rules).
KILL_DELAY = 0.25


def _killable_site(host: str) -> Site:
    """Allowed articles and robots-disallowed ones on two listing pages; the second page's are
    found only after the resume."""
    site = Site(host).start()
    r = site.routes
    r["/robots.txt"] = robots(f"User-agent: *\nDisallow: /news/noi-bo/\nCrawl-delay: {KILL_DELAY}\n")
    page1 = [f"/news/tin-tuc/bai-{i}.html" for i in range(1, 7)]
    page2 = [f"/news/tin-tuc/bai-{i}.html" for i in range(7, 11)]
    hidden1 = [f"/news/noi-bo/mat-{i}.html" for i in (1, 2, 3)]
    hidden2 = [f"/news/noi-bo/mat-{i}.html" for i in (4, 5)]
    r["/news/"] = r["/"] = html(listing([*page1, *hidden1, "/news/page-2"]))
    r["/news/page-2"] = html(listing([*page2, *hidden2]))
    for i, path in enumerate(page1 + page2, start=1):
        r[path] = html(article_page(i))
    for path in hidden1 + hidden2:
        r[path] = html(article_page(99))
    return site


@pytest.fixture(scope="module")
def killed_and_resumed(tmp_path_factory) -> Iterator[tuple[Site, Path, float, list[tuple]]]:
    """A crawl killed with SIGKILL after 3 articles, then the same crawl again in this process.

    Yields the site, the corpus, the monotonic time of the kill and the frontier at the kill.
    """
    site = _killable_site("127.0.0.42")
    corpus = tmp_path_factory.mktemp("killed") / "corpus"
    seed = site.base + "/news/"
    script = textwrap.dedent(f"""
        from unionnews.crawl import CrawlOptions, FetchLimits, crawl
        crawl([{seed!r}], {str(corpus)!r}, CrawlOptions(delay=0.05, progress=False, backoff=0.05,
              limits=FetchLimits(max_seconds=3, allow_private_addresses=True)))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 30
    while (
        time.monotonic() < deadline
        and proc.poll() is None
        and len([p for p in site.hits if p.startswith("/news/tin-tuc/")]) < 3
    ):
        time.sleep(0.002)
    os.kill(proc.pid, signal.SIGKILL)
    killed_at = time.monotonic()
    proc.wait()
    frontier = query(corpus, "SELECT url, state FROM frontier")
    crawl([seed], corpus, options(delay=0.05))  # the same crawl again
    yield site, corpus, killed_at, frontier
    site.stop()


def test_robots_txt_is_obeyed_and_delay_kept_after_a_kill_and_resume(killed_and_resumed):
    site, corpus, killed_at, frontier = killed_and_resumed
    base = site.base
    # the kill did interrupt the crawl, with disallowed URLs found but not yet decided
    assert 3 <= len([p for p in requests(site, before=killed_at) if p.startswith("/news/tin-tuc/")]) < 10
    assert "/news/page-2" not in requests(site, before=killed_at)
    queued_hidden = [u for u, st in frontier if "/noi-bo/" in u and st == "queued"]
    assert queued_hidden, frontier
    resumed = requests(site, after=killed_at)
    assert resumed[0] == "/robots.txt"  # read again before anything else
    # robots.txt obeyed over the whole run, before and after the kill, and for pages found after it
    assert not [p for p in requests(site) if p.startswith("/news/noi-bo/")]
    assert_no_disallowed(site)
    hidden = {base + f"/news/noi-bo/mat-{i}.html" for i in range(1, 6)}
    outcomes = dict(query(corpus, "SELECT url, outcome FROM fetches WHERE url LIKE '%/noi-bo/%'"))
    assert outcomes == dict.fromkeys(hidden, "robots_disallowed")
    # every allowed article stored exactly once
    wanted = {base + f"/news/tin-tuc/bai-{i}.html" for i in range(1, 11)}
    stored = warc_responses(corpus)
    assert {u: stored[u] for u in wanted} == dict.fromkeys(wanted, 1)
    # the host's Crawl-delay kept by each process
    for segment in (
        [t for t in times(site) if t < killed_at],
        [t for t in times(site) if t > killed_at],
    ):
        gaps = [b - a for a, b in itertools.pairwise(segment)]
        assert gaps and min(gaps) >= KILL_DELAY - SLACK, gaps


def test_delay_is_kept_across_the_restart_boundary(killed_and_resumed):
    site, _, killed_at, _ = killed_and_resumed
    last_before = max(t for t in times(site) if t < killed_at)
    first_after = min(t for t in times(site) if t > killed_at)
    assert first_after - last_before >= KILL_DELAY - SLACK, first_after - last_before


def test_the_last_request_and_a_429_pause_are_kept_for_the_next_run(tmp_path: Path):
    state = CrawlState(tmp_path / "corpus")
    try:
        assert state.host_free_at("a.vn", 0.5, 60) == 0.0  # never asked
        sent = time.time() - 0.1
        state.request_sent("a.vn", 0.5, sent)
        # in flight when the crawler died: it may have ended only now
        assert time.time() + 0.5 - 0.01 <= state.host_free_at("a.vn", 0.5, 60) <= time.time() + 0.5
        assert state.host_free_at("a.vn", 0.5, 0.05) == sent + 0.05 + 0.5  # it ended by the time cap
        state.request_ended("a.vn", 2.0, sent + 0.02)  # robots.txt asked for a Crawl-delay of 2 s
        assert state.host_free_at("a.vn", 0.5, 60) == sent + 0.02 + 2.0  # the longer delay then in force
        state.postpone_host("a.vn", 30)  # a 429 with Retry-After: 30
        assert state.host_free_at("a.vn", 0.5, 60) >= time.time() + 30 - 1
    finally:
        state.close()


# --- 6. XML bombs: refused, never expanded ------------------------------------------------

SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
#: Comments in the prolog, before the DOCTYPE: past the first 4 KiB that are searched for "<!ENTITY".
PADDING = "<!--" + "đệm " * 1500 + "-->"


def _xml(body: str, ctype: str = "application/xml") -> tuple[int, str, bytes, dict[str, str]]:
    return 200, ctype, body.encode("utf-8"), {}


def _bomb_site(host: str) -> tuple[Site, str, dict[str, str]]:
    """A site whose robots.txt names a control sitemap and bombs; each bomb, expanded, would give
    an article URL that nothing else links to. Returns the site, the control article and
    {bomb path: the article its expansion would give}."""
    site = Site(host).start()
    base = site.base
    r = site.routes
    secret = {
        name: f"/news/tin-tuc/bi-mat-{name}-{k}.html"
        for k, name in enumerate(("entity", "laughs", "padded", "gzip-entity", "gzip-huge"), start=1)
    }
    control = "/news/tin-tuc/cong-khai-1.html"
    for path in [control, *secret.values()]:
        r[path] = html(article_page(7))
    r["/news/"] = html(listing([]))
    bombs = {
        # an entity that is the URL of an article
        "/sitemap-entity.xml": (
            "entity",
            f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY bai "{base}{secret["entity"]}">]>'
            f"<urlset {SITEMAP_NS}><url><loc>&bai;</loc></url></urlset>",
        ),
        # billion laughs: 10^9 <url> elements, each the URL of an article
        "/sitemap-laughs.xml": (
            "laughs",
            '<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY l0 "<url><loc>'
            + base
            + secret["laughs"]
            + '</loc></url>">'
            + "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
            + f"]><urlset {SITEMAP_NS}>&l9;</urlset>",
        ),
        # the declarations past the first 4 KiB
        "/sitemap-padded.xml": (
            "padded",
            f'<?xml version="1.0"?>{PADDING}<!DOCTYPE urlset [<!ENTITY bai "{base}{secret["padded"]}">]>'
            f"<urlset {SITEMAP_NS}><url><loc>&bai;</loc></url></urlset>",
        ),
    }
    sitemaps = ["/sitemap-control.xml", *bombs, "/sitemap-entity.xml.gz", "/sitemap-huge.xml.gz"]
    r["/robots.txt"] = robots(ALLOW_ALL + "".join(f"Sitemap: {base}{p}\n" for p in sitemaps))
    r["/sitemap-control.xml"] = _xml(
        f'<?xml version="1.0"?><urlset {SITEMAP_NS}><url><loc>{base}{control}</loc></url></urlset>'
    )
    for path, (_, body) in bombs.items():
        r[path] = _xml(body)
    gz_entity = bombs["/sitemap-entity.xml"][1].replace(secret["entity"], secret["gzip-entity"])
    r["/sitemap-entity.xml.gz"] = (200, "application/x-gzip", gzip.compress(gz_entity.encode()), {})
    # a gzip bomb: 30 MB of whitespace (over the 20 MB cap), then the URL of an article
    huge = (
        f'<?xml version="1.0"?><urlset {SITEMAP_NS}>'.encode()
        + b" " * 30_000_000
        + f"<url><loc>{base}{secret['gzip-huge']}</loc></url></urlset>".encode()
    )
    r["/sitemap-huge.xml.gz"] = (200, "application/x-gzip", gzip.compress(huge, 9), {})
    where = {path: secret[name] for path, (name, _) in bombs.items()}
    where["/sitemap-entity.xml.gz"] = secret["gzip-entity"]
    where["/sitemap-huge.xml.gz"] = secret["gzip-huge"]
    return site, control, where


def test_sitemap_bombs_are_refused_not_expanded(stop_sites, tmp_path: Path):
    site, control, bombs = _bomb_site("127.0.0.43")
    stop_sites.append(site)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB, a high-water mark
    started = time.monotonic()
    summary = crawl([site.base + "/news/"], tmp_path / "corpus", options())
    elapsed = time.monotonic() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert site.hits[control] == 1  # a sitemap is followed: the bombs' URLs would be too
    assert all(site.hits[path] == 1 for path in bombs), site.hits  # each bomb read once
    asked = [p for p in bombs.values() if site.hits[p]]
    assert asked == [], asked  # refused, never expanded
    assert summary.ok
    assert elapsed < 10, elapsed
    assert grown_mb < 200, grown_mb  # 10^9 expanded URLs would take gigabytes


def _atom_bomb(base: str, secret: str, padded: bool) -> str:
    return (
        f'<?xml version="1.0" encoding="{"utf-8" if padded else "utf-16"}"?>{PADDING if padded else ""}'
        f'<!DOCTYPE feed [<!ENTITY bai "{base}{secret}">]><feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>Tin</title><entry><title>Bài</title><link href="&bai;"/></entry></feed>'
    )


def test_entities_in_feed_attributes_are_refused_not_expanded(stop_sites, tmp_path: Path):
    site = Site("127.0.0.44").start()
    stop_sites.append(site)
    base = site.base
    secrets = {
        "/feed-padded.xml": "/news/tin-tuc/bi-mat-atom-1.html",
        "/feed-utf16.xml": "/news/tin-tuc/bi-mat-atom-2.html",
    }
    site.routes["/robots.txt"] = robots(ALLOW_ALL + "".join(f"Sitemap: {base}{p}\n" for p in secrets))
    site.routes["/news/"] = html(listing([]))
    site.routes["/feed-padded.xml"] = _xml(_atom_bomb(base, secrets["/feed-padded.xml"], padded=True))
    utf16 = _atom_bomb(base, secrets["/feed-utf16.xml"], padded=False).encode("utf-16")
    site.routes["/feed-utf16.xml"] = (200, "application/atom+xml", utf16, {})
    for path in secrets.values():
        site.routes[path] = html(article_page(8))
    crawl([base + "/news/"], tmp_path / "corpus", options())
    assert all(site.hits[p] == 1 for p in secrets), site.hits  # both feeds were read
    asked = [p for p in secrets.values() if site.hits[p]]
    assert asked == [], asked


def test_entity_declarations_are_refused_in_any_encoding_and_plain_feeds_still_read():
    secret = "http://x.vn/news/tin-tuc/bi-mat-1.html"
    doc = (
        '<?xml version="1.0" encoding="{enc}"?><!DOCTYPE feed [<!ENTITY bai "' + secret + '">]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="&bai;"/></entry></feed>'
    )
    bodies = [
        doc.format(enc="utf-16").encode("utf-16-le"),  # no BOM
        doc.format(enc="utf-16").encode("utf-16-be"),
        doc.format(enc="utf-32").encode("utf-32"),
        doc.format(enc="utf-8").encode("utf-8-sig"),
        doc.format(enc="utf-7").encode("utf-7").replace(b"<!", b"<+ACE-"),  # "!" written as "+ACE-"
        gzip.compress(doc.format(enc="utf-16").encode("utf-16")),
        (doc.format(enc="utf-8").replace("<feed", PADDING * 4 + "<feed")).encode(),
    ]
    for body in bodies:
        assert from_xml("http://x.vn/atom", body) == [], body[:80]
    # an external DOCTYPE (old RSS 0.91 feeds) is not loaded, and the feed is read
    rss = (
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        b'"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel>'
        b"<item><link>http://x.vn/news/tin-tuc/bai-1.html</link></item></channel></rss>"
    )
    assert [d.url for d in from_xml("http://x.vn/rss", rss)] == ["http://x.vn/news/tin-tuc/bai-1.html"]
