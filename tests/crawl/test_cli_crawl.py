"""`unionnews crawl`, `run` and `sites` from the command line, against loopback sites."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from unionnews.cli import main

from .fixture_sites import archive_site, nukeviet_site, portal_site

FAST = ["--delay", "0.02", "--timeout", "3", "--allow-private-addresses"]


def invoke(*args: str, quiet: bool = True):
    """The CLI; ``quiet=False`` keeps the summaries that -q leaves out."""
    return CliRunner().invoke(main, ["-q", *args] if quiet else list(args), catch_exceptions=False)


@pytest.fixture()
def archive():
    site = archive_site(pages=2)
    yield site
    site.stop()


def test_crawl_then_extract_the_corpus_folder(archive, tmp_path: Path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    result = invoke("crawl", archive.base + "/news/tin-tuc/", "--out", str(corpus), *FAST, quiet=False)
    assert result.exit_code == 0, result.output
    assert "pages fetched" in result.output and "127.0.0.4" in result.output
    result = invoke("extract", str(corpus), "--out", str(out), quiet=False)
    assert result.exit_code == 0, result.output  # listing pages are skipped, not failures
    articles = pd.read_parquet(out / "articles.parquet")
    assert len(articles) == 6 and articles.url.str.startswith(archive.base).all()
    assert "archived pages that are no articles" in result.output


def test_crawl_exits_0_when_only_the_sites_failed_and_1_with_strict(tmp_path: Path):
    site = nukeviet_site()
    cli = ["crawl", site.base + "/news/", *FAST, "--max-page-bytes", "200000"]
    try:
        result = invoke(*cli, "--out", str(tmp_path / "c"), quiet=False)
        strict = invoke(*cli, "--out", str(tmp_path / "s"), "--strict")
    finally:
        site.stop()
    assert result.exit_code == 0, result.output  # a site's 5xx and resets are no failure of the crawl
    assert "retries_exhausted" in result.output and "URLs failed" in result.output
    assert strict.exit_code == 1, strict.output


def test_private_addresses_need_the_flag(archive, tmp_path: Path):
    result = invoke("crawl", archive.base + "/news/tin-tuc/", "--out", str(tmp_path / "c"), "--delay", "0")
    assert result.exit_code == 1 and "private_address" in result.output
    assert not archive.hits


def test_run_crawls_and_extracts(tmp_path: Path):
    site = portal_site()
    try:
        result = invoke("run", site.base + "/", "--out", str(tmp_path / "r"), *FAST, "--format", "csv")
    finally:
        site.stop()
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r" / "corpus" / "crawl.sqlite").is_file()
    articles = pd.read_parquet(tmp_path / "r" / "dataset" / "articles.parquet")
    assert len(articles) == 5
    assert (tmp_path / "r" / "dataset" / "figures.csv").is_file()


def test_unknown_seed_is_a_clear_error(tmp_path: Path):
    result = invoke("crawl", "Atlantis", "--out", str(tmp_path / "c"))
    assert result.exit_code != 0 and "Atlantis" in result.output


def test_sites_lists_and_filters_the_registry(tmp_path: Path):
    result = invoke("sites")
    assert result.exit_code == 0 and "ldld.caobang.gov.vn" in result.output
    result = invoke("sites", "--province", "cao bang", "--csv")
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("host,") and len(lines) >= 2
    assert all("Cao Bằng" in line for line in lines[1:])
    own = tmp_path / "mine.toml"
    own.write_text(
        '[[site]]\nhost = "congdoan.example.vn"\nname = "Công đoàn thử"\nkind = "sector_union"\n'
        'province = "Vĩnh Phúc"\ncms = "wordpress"\nentry_points = ["https://congdoan.example.vn/tin/"]\n',
        encoding="utf-8",
    )
    result = invoke("sites", "--sites", str(own), "--cms", "wordpress")
    assert "congdoan.example.vn" in result.output and "Phú Thọ" in result.output


def test_user_agent_is_sent_and_matched_against_robots(tmp_path: Path):
    site = archive_site(pages=1, host="127.0.0.8")
    site.routes["/robots.txt"] = (
        200,
        "text/plain",
        b"User-agent: thesisbot\nDisallow: /news/tin-tuc/bai-luu-tru-1-0\n\nUser-agent: *\nDisallow:\n",
        {},
    )
    agents: list[str] = []
    page = site.routes["/news/tin-tuc/"]
    site.routes["/news/tin-tuc/"] = lambda h, n: (agents.append(h.headers["User-Agent"]), page)[1]
    try:
        result = invoke(
            "crawl",
            site.base + "/news/tin-tuc/",
            "--out",
            str(tmp_path / "c"),
            *FAST,
            "--user-agent",
            "thesisbot/1.0 (me@example.edu)",
        )
    finally:
        site.stop()
    assert result.exit_code == 0, result.output
    assert agents == ["thesisbot/1.0 (me@example.edu)"]
    assert not [p for p in site.hits if p.startswith("/news/tin-tuc/bai-luu-tru-1-0")]  # its group obeyed
    assert site.hits["/news/tin-tuc/bai-luu-tru-1-1-11.html"] == 1
