"""Discovery against loopback sites: deep NukeViet archives, a portal CMS, content farms."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import unionnews
from unionnews.crawl import CrawlOptions, FetchLimits, crawl
from unionnews.crawl.warcstore import stored_urls

from .fixture_sites import Site, archive_site, farm_site, html, portal_site

ROOT = Path(__file__).resolve().parents[2]
LIMITS = FetchLimits(max_bytes=500_000, max_seconds=3, read_timeout=3, allow_private_addresses=True)


def options(**kw) -> CrawlOptions:
    return CrawlOptions(delay=kw.pop("delay", 0.02), progress=False, limits=LIMITS, backoff=0.05, **kw)


@pytest.fixture()
def archive():
    site = archive_site()
    yield site
    site.stop()


@pytest.fixture()
def portal():
    site = portal_site()
    yield site
    site.stop()


def _article_paths(site: Site) -> set[str]:
    return {p for p in site.routes if p.startswith("/news/tin-tuc/bai-")}


def test_windowed_pager_reaches_the_whole_archive_and_a_rerun_fetches_nothing(archive, tmp_path: Path):
    corpus = tmp_path / "corpus"
    # two hops from the seed: the pager shows only nearby pages, so the archive is reached
    # because the next pages of a listing do not count as hops
    summary = crawl([archive.base + "/news/tin-tuc/"], corpus, options(max_depth=2))
    stored = {u.removeprefix(archive.base) for u in stored_urls(corpus / "warc")}
    assert _article_paths(archive) <= stored
    assert len(_article_paths(archive)) == 36
    assert summary.per_host["127.0.0.4"]["done"] >= 36 + 12
    assert archive.hits["/news/tin-tuc/page-13"] <= 1  # the end of the archive, asked once at most
    # the same call again in the same process (a notebook re-running its cell): the entry
    # points are read again for news, no article is fetched twice
    hits_before = sum(archive.hits.values())
    again = crawl([archive.base + "/news/tin-tuc/"], corpus, options(max_depth=2))
    assert again.fetched <= 3 and sum(archive.hits.values()) - hits_before <= 4  # robots, seed, sitemap
    assert all(archive.hits[p] == 1 for p in _article_paths(archive))
    # a new article on the first listing page is found by the re-crawl, and only it is fetched
    fresh = "/news/tin-tuc/bai-moi-99-999.html"
    archive.routes[fresh] = archive.routes["/news/tin-tuc/bai-luu-tru-1-0-10.html"]
    listing = archive.routes["/news/tin-tuc/"]
    archive.routes["/news/tin-tuc/"] = (
        listing[0],
        listing[1],
        listing[2].replace(b"<h3>", f'<h3><a href="{fresh}">Tin mới</a>'.encode(), 1),
        listing[3],
    )
    third = crawl([archive.base + "/news/tin-tuc/"], corpus, options(max_depth=2))
    assert archive.hits[fresh] == 1 and third.fetched <= 5
    assert all(archive.hits[p] == 1 for p in _article_paths(archive))


def test_since_stops_paging_once_a_whole_listing_page_is_older(archive, tmp_path: Path):
    crawl([archive.base + "/news/tin-tuc/"], tmp_path / "c", options(since=date(2019, 1, 1)))
    fetched_articles = {p for p in _article_paths(archive) if archive.hits[p]}
    # page p lists articles of year 2025 - p: pages 1..6 are 2019 or later
    wanted = {p for p in _article_paths(archive) if int(p.split("-")[4]) <= 6}
    assert fetched_articles == wanted
    assert archive.hits["/news/tin-tuc/page-7"] == 1  # read, found all older than --since
    assert not [p for p in archive.hits if p.startswith("/news/tin-tuc/page-") and int(p[19:]) > 8]


def test_portal_waits_for_robots_and_fetches_each_article_once(portal, tmp_path: Path):
    corpus = tmp_path / "corpus"
    crawl([portal.base + "/"], corpus, options())
    robots_times = [t for t, p in portal.log if p == "/robots.txt"]
    # "!connection error" is no request: the server saw the client drop a connection
    other_times = [t for t, p in portal.log if p != "/robots.txt" and not p.startswith("!")]
    assert len(robots_times) == 2  # 503, then read again before anything else
    assert min(other_times) > robots_times[1]
    articles = {k: n for k, n in portal.hits.items() if "itemid=" in k}
    assert sorted(articles) == [f"/Pages/tin-tuc.aspx?itemid={i}" for i in range(101, 106)]
    assert set(articles.values()) == {1}, articles  # tracking variants and fragments fetched once
    assert portal.hits["/tin-cu/bai-101.htm"] == 1  # the redirect is read and kept, not followed again

    ds = unionnews.extract([corpus / "warc"])
    arts = ds.articles.set_index("url")
    assert len(arts) == 5 and arts.index.is_unique
    first = arts.loc[portal.base + "/Pages/tin-tuc.aspx?ItemID=101"]
    assert portal.base + "/tin-cu/bai-101.htm" in list(first.aliases)
    assert arts.duplicate_of.isna().all()


def test_content_farm_copies_count_once_and_are_flagged(portal, tmp_path: Path):
    corpus = tmp_path / "corpus"
    crawl([portal.base + "/"], corpus, options())
    source_paths = ["/Pages/tin-tuc.aspx?itemid=102", "/Pages/tin-tuc.aspx?itemid=103"]
    farm = farm_site(portal, source_paths)
    try:
        crawl([farm.base + "/"], corpus, options())
    finally:
        farm.stop()
    ds = unionnews.extract([corpus / "warc"])
    arts = ds.articles
    copies = arts[arts.site == "127.0.0.6"]
    assert len(copies) == 2 and set(copies.copy_kind) == {"copy"}
    originals = arts.set_index("article_id").loc[list(copies.duplicate_of)]
    assert set(originals.site) == {"127.0.0.5"}
    assert not copies.text.str.contains("soi kèo").any()  # the injected spam is cut
    # the copy's figures equal the original's: one fact, two sources
    figs = ds.figures.merge(arts[["article_id", "site", "duplicate_of"]], on="article_id")
    per_site = figs.groupby("site").apply(lambda f: sorted(zip(f.metric, f.value, strict=True)))
    assert per_site["127.0.0.6"] == sorted(
        zip(
            *[figs[figs.article_id.isin(copies.duplicate_of)][c] for c in ("metric", "value")],
            strict=True,
        )
    )


def _serve_corpus(host: str) -> tuple[Site, list[Path]]:
    pages = sorted((ROOT / "corpus").glob("*.html"))
    site = Site(host).start()
    links = []
    for k, page in enumerate(pages):
        path = f"/news/mau/{page.stem}-{100 + k}.html"
        site.routes[path] = (200, "text/html", page.read_bytes(), {})  # charset left to the page
        links.append(f'<li><a href="{path}">{page.stem}</a></li>')
    site.routes["/news/"] = html("<html><body><ul>" + "".join(links) + "</ul></body></html>")
    return site, pages


def test_corpus_crawled_extracts_like_the_same_files(tmp_path: Path):
    site, pages = _serve_corpus("127.0.0.7")
    try:
        crawl([site.base + "/news/"], tmp_path / "c", options())
    finally:
        site.stop()
    from_warc = unionnews.extract([tmp_path / "c" / "warc"])
    from_files = unionnews.extract(pages)

    def facts(ds: unionnews.Dataset) -> dict[str, list[tuple]]:
        titles = ds.articles.set_index("article_id").title
        out: dict[str, list[tuple]] = {}
        for aid, f in ds.figures.groupby("article_id"):
            out[titles[aid]] = sorted(zip(f.metric, f.value, f.unit, f.qualifier, f.text, strict=True))
        return out

    assert len(from_warc.articles) == len(pages) == len(from_files.articles)
    assert facts(from_warc) == facts(from_files)
    assert sorted(from_warc.articles.province) == sorted(from_files.articles.province)
    assert sorted(from_warc.articles.published) == sorted(from_files.articles.published)


def _responses(corpus: Path) -> dict[str, int]:
    from warcio.archiveiterator import ArchiveIterator

    seen: dict[str, int] = {}
    for path in sorted((corpus / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response" and rec.http_headers.get_statuscode() == "200":
                    url = rec.rec_headers.get_header("WARC-Target-URI")
                    seen[url] = seen.get(url, 0) + 1
    return seen


def test_killed_three_times_then_finished_has_every_article_once(archive, tmp_path: Path):
    import os
    import signal
    import subprocess
    import sys
    import textwrap
    import time

    corpus = tmp_path / "corpus"
    script = textwrap.dedent(f"""
        from unionnews.crawl import CrawlOptions, FetchLimits, crawl
        crawl([{archive.base + "/news/tin-tuc/"!r}], {str(corpus)!r}, CrawlOptions(delay=0.01,
              progress=False, limits=FetchLimits(allow_private_addresses=True)))
    """)
    for stop_after in (4, 15, 30):  # requests served before the kill, at different stages
        proc = subprocess.Popen([sys.executable, "-c", script])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(archive.log) < stop_after and proc.poll() is None:
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    before = [u for u in _responses(corpus) if "/bai-luu-tru-" in u]
    assert 0 < len(before) < 36  # the kills did interrupt the crawl
    crawl([archive.base + "/news/tin-tuc/"], corpus, options())
    responses = _responses(corpus)
    articles = {u: n for u, n in responses.items() if "/bai-luu-tru-" in u}
    assert len(articles) == 36
    assert set(articles.values()) == {1}, {u: n for u, n in articles.items() if n != 1}
    ds = unionnews.extract([corpus])
    assert len(ds.articles) == 36 and ds.articles.url.is_unique
