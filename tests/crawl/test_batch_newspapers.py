"""A batch crawl over a loopback registry of newspapers fetches union news, not the rest (issue 15).

Three fixture newspapers and a federation's site (``batch_sites``) are registered in a
``--sites`` file under host names, reached with ``--resolve``; the crawl runs as a user runs
it (``unionnews crawl --province … --province …``). The pages fetched are counted from
crawl.sqlite: at least 95 % of the union stories, at most 10 % of the others; with
``--everything``, all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from unionnews.cli import main

from .batch_sites import Paper, federation, paper_a, paper_b, paper_c, registry_toml
from .fixture_sites import query

FAST = ["--delay", "0", "--timeout", "5", "--allow-private-addresses"]
PROVINCES = {
    "bao-a.test": "Nghệ An",
    "bao-b.test": "Hà Tĩnh",
    "bao-c.test": "Nghệ An",
    "ldld-thu.test": "Nghệ An",
}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture()
def papers() -> Iterator[list[Paper]]:
    sites = [paper_a(), paper_b(), paper_c(), federation()]
    yield sites
    for site in sites:
        site.stop()


def batch(papers: list[Paper], tmp_path: Path, corpus: Path, *extra: str) -> Result:
    """``unionnews crawl --province "Nghệ An" --province "Hà Tĩnh"`` over the fixture registry."""
    registry = tmp_path / "sites.toml"
    registry.write_text(registry_toml(papers, PROVINCES), encoding="utf-8")
    resolve = [arg for p in papers for arg in ("--resolve", p.site.resolve)]
    return invoke(
        "crawl",
        "--province",
        "Nghệ An",
        "--province",
        "ha tinh",
        "--sites",
        str(registry),
        "--sites-file-only",  # not the packaged registry's sites: nothing leaves 127.0.0.x
        "--out",
        str(corpus),
        "--since",
        "2024-01-01",
        *resolve,
        *FAST,
        *extra,
    )


def fetched_paths(corpus: Path, paper: Paper) -> set[str]:
    """Paths of ``paper`` fetched with status 200, from crawl.sqlite's fetch log."""
    base = paper.site.base
    rows = query(corpus, "SELECT url FROM fetches WHERE outcome='ok' AND url LIKE ?", base + "/%")
    return {url[len(base) :] for (url,) in rows}


def shares(corpus: Path, papers: list[Paper]) -> tuple[float, float, list[str], list[str]]:
    """(share of union stories fetched, share of other stories fetched, union stories missed,
    other stories fetched) over ``papers``."""
    missed, stray, n_union, n_other = [], [], 0, 0
    for paper in papers:
        got = fetched_paths(corpus, paper)
        n_union += len(paper.union)
        n_other += len(paper.other)
        missed += [paper.url(s.path) for s in paper.union if s.path not in got]
        stray += [paper.url(s.path) for s in paper.other if s.path in got]
    return 1 - len(missed) / n_union, len(stray) / n_other, missed, stray


def test_fixture_newspapers_hold_enough_stories(papers):
    news = papers[:3]
    assert sum(len(p.union) for p in news) >= 40 and sum(len(p.other) for p in news) >= 80
    for paper in news:  # union stories outside the union section: the filter has to find them
        assert [s for s in paper.union if s.section not in ("cong-doan", "lao-dong-viec-lam")]


def test_batch_crawl_fetches_union_news_and_little_else(papers, tmp_path: Path):
    corpus = tmp_path / "crawl"
    result = batch(papers, tmp_path, corpus)
    assert result.exit_code == 0, result.output
    news, fed = papers[:3], papers[3]
    hosts = {h for (h,) in query(corpus, "SELECT DISTINCT host FROM frontier")}
    assert hosts == {p.site.name for p in papers}
    union, other, missed, stray = shares(corpus, news)
    message = f"union stories fetched {union:.1%}, other stories fetched {other:.1%}"
    print(message)
    assert union >= 0.95, f"{message}; missed: {missed}"
    assert other <= 0.10, f"{message}; fetched: {stray}"
    # a union body's own site is crawled whole, whatever its stories are about
    assert {s.path for s in fed.stories} <= fetched_paths(corpus, fed)
    counts = dict(
        ((h, w), n)
        for h, w, n in query(corpus, "SELECT host, what, COUNT(*) FROM not_relevant GROUP BY 1, 2")
    )
    for paper in news:
        assert counts.get((paper.site.name, "link"), 0) > 0, counts
    assert not [key for key in counts if key[0] == fed.site.name]
    assert "off-links" in result.output and "bao-a.test" in result.output
    report = invoke("crawl-report", str(corpus))
    assert "links not followed" in report.output
    line = next(row for row in report.output.splitlines() if row.startswith("bao-c.test"))
    assert line.split()[1] == str(counts[("bao-c.test", "link")])


def test_everything_fetches_every_story(papers, tmp_path: Path):
    corpus = tmp_path / "crawl"
    result = batch(papers, tmp_path, corpus, "--everything")
    assert result.exit_code == 0, result.output
    union, other, missed, _ = shares(corpus, papers[:3])
    print(f"--everything: union stories fetched {union:.1%}, other stories fetched {other:.1%}")
    assert (union, other) == (1.0, 1.0), missed
    assert query(corpus, "SELECT COUNT(*) FROM not_relevant") == [(0,)]
