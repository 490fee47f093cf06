"""The parts of batch crawls: link words, choosing sites, the filter, --resolve, the counts kept."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from vi_encodings import to_cp1258

from unionnews.cli import RESOLVE_RE, _resolve_pairs, main
from unionnews.crawl import CrawlSummary
from unionnews.crawl.batch import choose_sites, file_hosts, seeds_of, short_reason, sites_of_province
from unionnews.crawl.fetch import FetchLimits, fetch, new_session
from unionnews.crawl.filtering import UnionFilter
from unionnews.crawl.state import CrawlState, not_relevant_counts
from unionnews.crawl.warcstore import CONTROL_RE, _header_value
from unionnews.sources.discover import (
    _SPACES_RE,
    CHARSET_RE,
    Discovered,
    extract_links,
    from_html,
    from_xml,
    link_text,
)
from unionnews.sources.registry import Registry, RegistryError, Site

from .fixture_sites import Site as FixtureSite
from .fixture_sites import article_page, html

# --- the words of a link ---------------------------------------------------------------------

LISTING = """<html><body><ul>
<li><a href="/cong-doan/trao-qua-101.html"><img src="/a.jpg" alt=""></a>
<h3><a href="/cong-doan/trao-qua-101.html">Công đoàn   trao quà
  Tết</a></h3></li>
<li><a href="/the-thao/tran-dau-102.html" title="Trận đấu mở màn"><img src="/b.jpg"></a></li>
<li><a href="/xa-hoi/nha-o-103.html"><img src="/c.jpg" alt="Nhà ở cho công nhân"></a></li>
</ul></body></html>""".encode()


def test_links_keep_their_words_whichever_anchor_carries_them():
    found = {d.url.rsplit("/", 1)[1]: d for d in from_html("http://bao.vn/cong-doan/", LISTING)}
    assert found["trao-qua-101.html"].text == "Công đoàn trao quà Tết"  # the title after the thumbnail
    assert found["tran-dau-102.html"].text == "Trận đấu mở màn"  # the title attribute
    assert found["nha-o-103.html"].text == "Nhà ở cho công nhân"  # an image's alt
    # the words are no part of a link's identity
    assert found["trao-qua-101.html"] == Discovered("http://bao.vn/cong-doan/trao-qua-101.html", "article")


def test_feed_items_and_news_sitemaps_give_their_titles():
    rss = """<?xml version="1.0"?><rss><channel><item><title>Đại hội Công đoàn cơ sở</title>
    <link>http://bao.vn/cong-doan/dai-hoi-5.html</link></item></channel></rss>""".encode()
    assert [d.text for d in from_xml("http://bao.vn/rss", rss)] == ["Đại hội Công đoàn cơ sở"]
    news = """<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
    xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
    xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"><url><loc>http://bao.vn/a-1.html</loc>
    <image:image><image:title>Ảnh minh họa</image:title></image:image>
    <news:news><news:title>Thỏa ước lao động tập thể</news:title></news:news></url>
    <url><loc>http://bao.vn/b-2.html</loc></url></urlset>""".encode()
    assert [d.text for d in from_xml("http://bao.vn/s.xml", news)] == ["Thỏa ước lao động tập thể", ""]


def test_link_words_are_read_in_the_charset_the_server_declared():
    page = '<html><body><a href="/cong-doan/dai-hoi-101.html">Đại hội Công đoàn</a></body></html>'
    for body, ctype in ((page.encode(), "text/html"), (to_cp1258(page), "text/html; charset=windows-1258")):
        found = extract_links("http://bao.vn/", ctype, body)
        assert unicodedata.normalize("NFC", found[0].text) == "Đại hội Công đoàn", ctype
    assert CHARSET_RE.search('text/html; charset="UTF-8"').group(1) == "UTF-8"
    assert CHARSET_RE.search("text/html") is None


def test_spaces_re_and_link_text():
    assert _SPACES_RE.sub(" ", "a \t\n b") == "a b"
    assert link_text("x" * 400) == "x" * 300


# --- choosing the sites of a batch -----------------------------------------------------------


def registry() -> Registry:
    return Registry(
        [
            Site("ldld.a.vn", "LĐLĐ A", "provincial_federation", "Vĩnh Phúc", "Phú Thọ"),
            Site("bao.b.vn", "Báo B", "newspaper", "Phú Thọ", "Phú Thọ", sections=("https://bao.b.vn/cd/",)),
            Site("bao.c.vn", "Báo C", "newspaper", "Nghệ An", "Nghệ An", status="unconfirmed"),
            Site("cd.d.vn", "CĐ D", "sector_union", None, None, entry_points=("https://cd.d.vn/",)),
        ]
    )


def test_a_province_is_named_before_or_after_the_merger():
    assert [s.host for s in sites_of_province(registry(), "vinh phuc")] == ["ldld.a.vn"]
    assert [s.host for s in sites_of_province(registry(), "Phú Thọ")] == ["ldld.a.vn", "bao.b.vn"]
    with pytest.raises(RegistryError, match="not a province"):
        sites_of_province(registry(), "Atlantis")


def test_choose_sites_by_province_all_status_and_file():
    reg = registry()
    assert [s.host for s in choose_sites(reg, every=True)] == ["ldld.a.vn", "bao.b.vn", "bao.c.vn", "cd.d.vn"]
    assert "bao.c.vn" not in [s.host for s in choose_sites(reg, every=True, confirmed_only=True)]
    picked = choose_sites(reg, ["Nghệ An", "vinh phuc", "Nghệ An"])
    assert [s.host for s in picked] == ["ldld.a.vn", "bao.c.vn"]  # registry order, each once
    with pytest.raises(RegistryError, match="No registered confirmed site for the province Nghệ An"):
        choose_sites(reg, ["Nghệ An"], confirmed_only=True)
    assert [s.host for s in choose_sites(reg, every=True, among=frozenset({"cd.d.vn"}))] == ["cd.d.vn"]
    assert seeds_of(choose_sites(reg, ["Phú Thọ"])) == ["https://bao.b.vn/cd/"]


def test_file_hosts_reads_the_hosts_of_a_sites_file(tmp_path: Path):
    path = tmp_path / "s.toml"
    path.write_text('[[site]]\nhost = "WWW.Bao.Test"\n\n[[site]]\nhost = "x.test"\n', encoding="utf-8")
    assert file_hosts(path) == {"bao.test", "x.test"}


# --- the filter --------------------------------------------------------------------------------


def test_the_filter_applies_to_general_publishers_only():
    gate = UnionFilter.of_sites(registry())
    assert gate.applies("bao.b.vn") and gate.applies("m.bao.b.vn")
    assert not gate.applies("ldld.a.vn") and not gate.applies("cd.d.vn") and not gate.applies("127.0.0.1")
    for kind in ("page", "sitemap", "feed"):  # ways to stories, followed unjudged
        assert gate.judge_link(Discovered("https://bao.b.vn/the-thao/trang-2", kind)) is None
    sport = gate.judge_link(
        Discovered("https://bao.b.vn/the-thao/tran-dau-2024.html", "article", text="Bóng đá")
    )
    union = gate.judge_link(
        Discovered("https://bao.b.vn/x/tin-20241.html", "article", text="Đại hội Công đoàn")
    )
    assert sport is not None and not sport.relevant and union is not None and union.relevant


def test_pages_that_are_no_articles_are_not_judged():
    gate = UnionFilter({"bao.b.vn": "newspaper"})
    assert gate.judge_page("https://bao.b.vn/a.pdf", "application/pdf", b"%PDF") is None
    listing = "<html><body>" + "".join(
        f'<p><a href="/a-{i}.html">Tin {i} về công đoàn</a></p>' for i in range(9)
    )
    assert gate.judge_page("https://bao.b.vn/cd/", "text/html", listing.encode()) is None
    union = gate.judge_page(
        "https://bao.b.vn/cd/hoi-nghi-1.html", "text/html; charset=utf-8", article_page(1).encode()
    )
    assert union is not None and union.relevant and union.reasons


# --- --resolve -------------------------------------------------------------------------------


def test_resolve_re_and_pairs():
    assert RESOLVE_RE.match("bao-a.test=127.0.0.5") and RESOLVE_RE.match("bao.test=[::1]")
    assert not RESOLVE_RE.match("bao.test") and not RESOLVE_RE.match("=127.0.0.1")
    assert _resolve_pairs(None, None, ("Bao.Test.=127.0.0.5", "v6.test=[::1]")) == (
        ("bao.test", "127.0.0.5"),
        ("v6.test", "::1"),
    )


def test_resolve_connects_to_the_address_given_and_still_judges_it():
    site = FixtureSite("127.0.0.191").start()
    site.routes["/"] = html("<p>xin chào</p>")
    try:
        url = f"http://bao-resolve.test:{site.server.server_address[1]}/"
        pinned = (("bao-resolve.test", "127.0.0.191"),)
        ok = fetch(
            new_session(), url, FetchLimits(resolve=pinned, allow_private_addresses=True, max_seconds=5)
        )
        refused = fetch(new_session(), url, FetchLimits(resolve=pinned, max_seconds=5))
    finally:
        site.stop()
    assert (ok.outcome, ok.status) == ("ok", 200) and site.hits["/"] == 1
    assert refused.outcome == "private_address" and "loopback" in refused.reason


# --- what is kept and shown ------------------------------------------------------------------


def test_not_relevant_rows_count_each_url_once(tmp_path: Path):
    state = CrawlState(tmp_path)
    try:
        rows = [("http://b.vn/x-1.html", "b.vn", "link", "http://b.vn/", -1.0, "-url:the-thao")] * 2
        state.not_relevant(rows)
        state.not_relevant([("http://b.vn/y-2.html", "b.vn", "link", "http://b.vn/", 0.0, "")])
        state.followed(["http://b.vn/y-2.html"])  # judged union news on another page after all
        state.not_relevant([("http://b.vn/z-3.html", "b.vn", "page", None, 0.5, "")])
        assert state.not_relevant_counts() == {("b.vn", "link"): 1, ("b.vn", "page"): 1}
    finally:
        state.close()
    old = sqlite3.connect(tmp_path / "old.sqlite")  # a corpus written before the table existed
    assert not_relevant_counts(old) == {}
    old.close()


def test_summary_shows_the_filter_and_the_budget(tmp_path: Path):
    summary = CrawlSummary(tmp_path, per_host={"bao.vn": Counter(done=5, queued=3)})
    summary.not_relevant = {"bao.vn": Counter(link=7, page=2)}
    summary.over_budget = {"bao.vn": 3}
    text = summary.describe()
    row = next(line for line in text.splitlines() if line.startswith("bao.vn"))
    assert row.split() == ["bao.vn", "5", "3", "0", "0", "7", "2"]
    assert "1 hosts reached --site-budget: bao.vn (3 queued)" in text


def test_header_values_hold_one_line():
    assert CONTROL_RE.sub(" ", "a\r\nb\x00c") == "a b c"
    assert _header_value("x" * 900) == "x" * 500


def test_short_reasons():
    assert short_reason("retry", "ReadTimeout: timed out") == "timeout"
    assert short_reason("robots_disallowed", "disallowed by robots.txt") == "disallowed by robots.txt"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ([], "give SEEDS, --province NAME or --all"),
        (["--confirmed-only", "https://x.vn/"], "--confirmed-only chooses among"),
        (["--sites-file-only", "--all"], "--sites-file-only needs --sites FILE"),
        (["--province", "Atlantis"], "not a province name"),
    ],
)
def test_crawl_command_line_mistakes(args: list[str], says: str, tmp_path: Path):
    result = CliRunner().invoke(main, ["crawl", "--out", str(tmp_path / "c"), *args])
    assert result.exit_code in (1, 2) and says in result.output, result.output
    assert not (tmp_path / "c" / "crawl.sqlite").exists()
