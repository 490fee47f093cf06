"""The crawler against real HTTP servers on loopback addresses, faults included."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

import unionnews
from unionnews.crawl import CrawlerBusy, CrawlOptions, FetchLimits, crawl
from unionnews.crawl.state import CrawlState
from unionnews.crawl.warcstore import stored_urls

from .fixture_sites import newspaper_site, nukeviet_site
from .robots_check import assert_no_disallowed

LIMITS = FetchLimits(
    max_bytes=200_000, max_seconds=1.5, read_timeout=2, max_retry_after=1, allow_private_addresses=True
)


def options(**kw) -> CrawlOptions:
    return CrawlOptions(
        delay=kw.pop("delay", 0.05), progress=False, limits=kw.pop("limits", LIMITS), backoff=0.05, **kw
    )


@pytest.fixture()
def sites():
    a, b = nukeviet_site(), newspaper_site()
    yield a, b
    a.stop()
    b.stop()


def _outcomes(corpus: Path) -> dict[str, str]:
    state = CrawlState(corpus)
    try:
        rows = state.db.execute("SELECT url, outcome FROM fetches").fetchall()
    finally:
        state.close()
    return {url: outcome for url, outcome in rows}


def test_crawl_two_sites_politely_with_faults(sites, tmp_path: Path):
    nuke, paper = sites
    corpus = tmp_path / "corpus"
    summary = crawl([nuke.base + "/news/", paper.base + "/"], corpus, options(since=date(2020, 1, 1)))
    stored = stored_urls(corpus / "warc")
    expected = {nuke.base + f"/news/tin-tuc/hoi-nghi-{i}.html" for i in range(1, 9)}
    expected |= {nuke.base + f"/news/tin-tuc/{p}" for p in ("cp1258-31.html", "nfd-32.html", "ngat-77.html")}
    expected |= {paper.base + f"/cong-doan/bai-{i}-10{i}.ldo" for i in (1, 2, 3)}
    assert expected <= stored
    # robots.txt obeyed, calendar traps and other sites not followed, old feed items skipped
    assert "/admin/secret.html" not in nuke.hits
    assert_no_disallowed(nuke, paper)  # every request checked against robots.txt
    assert not [p for p in nuke.hits if p.startswith("/lich")]
    assert "/cong-doan/cu-9-109.ldo" not in paper.hits
    # never faster than the host's delay (Crawl-delay 0.2 s on the NukeViet site), small clock slack
    assert min(nuke.gaps()) >= 0.2 - 0.02
    assert min(paper.gaps()) >= 0.05 - 0.02
    outcomes = _outcomes(corpus)
    assert outcomes[nuke.base + "/news/tin-tuc/loi-500.html"] == "retries_exhausted"
    assert outcomes[nuke.base + "/news/tin-tuc/vong-lap-1.html"] == "redirect_loop"
    assert outcomes[nuke.base + "/news/tin-tuc/qua-lon-99.html"] == "too_large"
    assert outcomes[nuke.base + "/news/tin-tuc/cham-88.html"] == "too_slow"
    assert outcomes[nuke.base + "/admin/secret.html"] == "robots_disallowed"
    assert nuke.hits["/news/tin-tuc/hoi-nghi-5.html"] == 2  # 429 then success
    assert nuke.hits["/news/tin-tuc/hoi-nghi-6.html"] == 2  # 503 then success
    assert nuke.hits["/sitemap-bomb.xml"] == 1  # fetched, not expanded, nothing followed from it
    assert summary.fetched >= len(expected) and summary.pages_per_second > 0
    # each article once, and the corpus extracts like files do
    ds = unionnews.extract([corpus / "warc"])
    urls = list(ds.articles.url)
    assert len(urls) == len(set(urls))
    cp = ds.articles[ds.articles.url.str.endswith("cp1258-31.html")].iloc[0]
    assert "Công đoàn Viên chức tỉnh Lào Cai" in cp.text and cp.province == "Lào Cai"
    nfd = ds.articles[ds.articles.url.str.endswith("nfd-32.html")].iloc[0]
    assert "Công đoàn Viên chức" in nfd.text


def test_second_crawler_is_refused(sites, tmp_path: Path):
    corpus = tmp_path / "corpus"
    holder = CrawlState(corpus)
    try:
        with pytest.raises(CrawlerBusy, match="another unionnews crawl"):
            crawl([sites[1].base + "/"], corpus, options())
    finally:
        holder.close()


def test_private_addresses_refused_by_default(sites, tmp_path: Path):
    summary = crawl([sites[1].base + "/"], tmp_path / "c", options(limits=FetchLimits()))
    assert summary.fetched == 0 and summary.outcomes["private_address"] >= 1
    assert not sites[1].hits


def test_max_pages_and_resume_after_sigkill(sites, tmp_path: Path):
    nuke, _ = sites
    corpus = tmp_path / "corpus"
    script = textwrap.dedent(f"""
        from unionnews.crawl import CrawlOptions, FetchLimits, crawl
        crawl([{nuke.base + "/news/"!r}], {str(corpus)!r}, CrawlOptions(delay=0.05, progress=False,
              backoff=0.05, limits=FetchLimits(max_bytes=200_000, max_seconds=1.5, max_retry_after=1,
              allow_private_addresses=True)))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len([p for p in nuke.hits if "hoi-nghi" in p]) < 3:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    crawl([nuke.base + "/news/"], corpus, options())  # the same command again
    responses: dict[str, int] = {}
    from warcio.archiveiterator import ArchiveIterator

    for path in sorted((corpus / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response" and rec.http_headers.get_statuscode() == "200":
                    url = rec.rec_headers.get_header("WARC-Unionnews-Frontier-URI")
                    responses[url] = responses.get(url, 0) + 1
    articles = [u for u in responses if "hoi-nghi" in u]
    assert len(articles) == 8
    assert all(responses[u] == 1 for u in articles), responses
