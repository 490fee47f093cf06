"""A second run of a finished crawl is an update, and ``--site-budget`` spreads a crawl over runs.

A re-run fetches again what lists new stories (the seeds, the section listings found before,
sitemaps, feeds) and fetches only the stories it has not stored; a run that reaches a host's
budget stops asking that host, reports it, and the next run goes on from where it stopped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from unionnews.cli import EXIT_OK, EXIT_UNFINISHED, main
from unionnews.crawl import CrawlOptions, crawl
from unionnews.crawl.state import REFRESHED_KINDS, UPDATED_KINDS
from unionnews.crawl.warcstore import stored_urls

from .fixture_sites import Site, article_page, html, listing, query

FAST = ["--delay", "0", "--timeout", "5", "--allow-private-addresses"]


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def story(i: int) -> str:
    return f"/tin-tuc/hoat-dong-cong-doan-{i}-{100 + i}.html"


def section_site(host: str, n: int) -> Site:
    """A home page linking one section; the section lists ``n`` stories (no sitemap, no feed:
    the section listing is the only way to the stories)."""
    site = Site(host).start()
    site.routes["/"] = html(listing(["/tin-tuc/"]))
    publish(site, n)
    return site


def publish(site: Site, n: int) -> None:
    """The section lists stories 1..n, newest first, and each story is served."""
    for i in range(1, n + 1):
        site.routes[story(i)] = html(article_page(i))
    site.routes["/tin-tuc/"] = html(listing([story(i) for i in range(n, 0, -1)]))


@pytest.fixture()
def stop_sites() -> Iterator[list[Site]]:
    sites: list[Site] = []
    yield sites
    for site in sites:
        site.stop()


def test_what_a_run_reads_again():
    assert set(REFRESHED_KINDS) == {"seed", "sitemap", "feed"}  # every run
    assert set(UPDATED_KINDS) == {"listing"}  # on hosts whose crawl finished
    assert "article" not in REFRESHED_KINDS + UPDATED_KINDS


def test_a_second_run_reads_the_listings_again_and_fetches_only_new_stories(stop_sites, tmp_path: Path):
    """Was: only seeds, sitemaps and feeds were read again, so a story listed in a section
    found by following a link was never found by a later run."""
    site = section_site("127.0.0.161", 3)
    stop_sites.append(site)
    corpus = tmp_path / "crawl"
    first = invoke("crawl", site.base + "/", "--out", str(corpus), *FAST)
    assert first.exit_code == EXIT_OK, first.output
    assert all(site.hits[story(i)] == 1 for i in (1, 2, 3))
    publish(site, 4)  # a new story, listed in the section only
    second = invoke("crawl", site.base + "/", "--out", str(corpus), *FAST)
    assert second.exit_code == EXIT_OK, second.output
    assert site.hits["/"] == 2 and site.hits["/tin-tuc/"] == 2  # the ways in, read again
    assert [site.hits[story(i)] for i in (1, 2, 3, 4)] == [1, 1, 1, 1]  # stored stories are not
    assert {site.base + story(i) for i in range(1, 5)} <= stored_urls(corpus / "warc")
    third = invoke("crawl", site.base + "/", "--out", str(corpus), *FAST)
    assert third.exit_code == EXIT_OK and sum(site.hits[story(i)] for i in range(1, 5)) == 4


def test_site_budget_stops_a_host_and_the_next_run_goes_on(stop_sites, tmp_path: Path):
    big, small = section_site("127.0.0.162", 9), section_site("127.0.0.163", 2)
    stop_sites.extend([big, small])
    corpus = tmp_path / "crawl"
    seeds = [big.base + "/", small.base + "/"]

    def asked(site: Site) -> int:  # pages asked, robots.txt left out
        return sum(1 for _, path in site.log if path != "/robots.txt")

    result = invoke("crawl", *seeds, "--out", str(corpus), "--site-budget", "5", *FAST)
    assert result.exit_code == EXIT_UNFINISHED, result.output
    assert asked(big) == 5 and asked(small) == 5  # home, section, /news/ (a 404), 2 stories
    assert "reached --site-budget" in result.output and "127.0.0.162" in result.output
    assert "127.0.0.163 (" not in result.output  # the small site finished within its budget
    runs = 1
    while result.exit_code == EXIT_UNFINISHED and runs < 6:
        before = asked(big)
        result = invoke("crawl", *seeds, "--out", str(corpus), "--site-budget", "5", *FAST)
        runs += 1
        assert asked(big) - before <= 5
    assert result.exit_code == EXIT_OK, result.output
    assert all(big.hits[story(i)] == 1 for i in range(1, 10))  # every story once over the runs
    # a host still working through its queue goes on with it; one that finished reads its section again
    assert big.hits["/tin-tuc/"] == 1 and small.hits["/tin-tuc/"] == runs
    assert runs >= 3
    done = query(corpus, "SELECT COUNT(*) FROM frontier WHERE state='done' AND kind='article'")
    assert done == [(11,)]


def test_site_budget_in_the_api_counts_pages_per_host(stop_sites, tmp_path: Path):
    site = section_site("127.0.0.164", 6)
    stop_sites.append(site)
    options = CrawlOptions(delay=0, progress=False, site_budget=3)
    options.limits = type(options.limits)(allow_private_addresses=True, max_seconds=5)
    summary = crawl([site.base + "/"], tmp_path / "crawl", options)
    assert summary.fetched == 3 and not summary.finished
    assert summary.over_budget == {"127.0.0.164": summary.queued}
