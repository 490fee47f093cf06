"""URL canonicalisation, CMS adapters and link discovery (no network)."""

from __future__ import annotations

import gzip
from datetime import date

import pytest

from unionnews.crawl.crawler import host_status
from unionnews.crawl.robots import parse_robots
from unionnews.inputs.warc import REDIRECT_STATUS_RE
from unionnews.sources import cms
from unionnews.sources.cms import adapter, detect
from unionnews.sources.discover import (
    MAX_XML_BYTES,
    NOT_PAGE_RE,
    PAGER_PATH_RE,
    ROBOTS_SITEMAP_RE,
    Discovered,
    classify,
    extract_links,
    from_html,
    from_xml,
    is_recent,
    listing_base,
)
from unionnews.sources.urls import (
    CALENDAR_PARAM_RE,
    INDEX_FILE_RE,
    TRACKING_PARAM_RE,
    WEB_URL_RE,
    canonical_url,
    host_of,
    is_calendar_trap,
    same_site,
)

# --- urls ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://LDLD.vn/news/a-1.html#binh-luan", "http://ldld.vn/news/a-1.html"),
        ("http://ldld.vn/a-1.html?utm_source=zalo&utm_medium=x", "http://ldld.vn/a-1.html"),
        ("http://ldld.vn/a-1.html?fbclid=IwAR0", "http://ldld.vn/a-1.html"),
        ("http://ldld.vn/index.php?nv=news&op=a-1", "http://ldld.vn/?nv=news&op=a-1"),
        ("http://ldld.vn/?op=a-1&nv=news", "http://ldld.vn/?nv=news&op=a-1"),
        ("http://ldld.vn:80/a", "http://ldld.vn/a"),
        ("https://ldld.vn:443/a", "https://ldld.vn/a"),
        ("https://nld.com.vn/c%C3%B4ng-%C4%91o%C3%A0n", "https://nld.com.vn/công-đoàn"),
    ],
)
def test_variants_of_one_url_canonicalise_alike(a: str, b: str):
    assert canonical_url(a) == canonical_url(b)


def test_canonical_url_keeps_what_names_the_page():
    assert canonical_url("http://x.vn/Pages/tin.aspx?ItemID=12") != canonical_url(
        "http://x.vn/Pages/tin.aspx?ItemID=13"
    )
    assert canonical_url("http://x.vn/a?page=2") != canonical_url("http://x.vn/a?page=3")
    assert canonical_url("http://x.vn:8080/a").endswith(":8080/a")


@pytest.mark.parametrize(
    ("regex", "yes", "no"),
    [
        (TRACKING_PARAM_RE, ["utm_source", "fbclid", "zarsrc", "gclid"], ["id", "page", "utm"]),
        (CALENDAR_PARAM_RE, ["date", "month", "ngay", "nam"], ["id", "page", "dates"]),
        (INDEX_FILE_RE, ["/index.php", "/a/default.aspx", "/index.html"], ["/index.php/a", "/indexes.php"]),
        (WEB_URL_RE, ["http://a.vn", "HTTPS://a.vn"], ["file:///tmp/a.html", "ftp://a.vn"]),
        (REDIRECT_STATUS_RE, ["301", "302", "303", "307", "308"], ["300", "304", "200", "3010"]),
    ],
)
def test_url_regexes(regex, yes, no):
    assert all(regex.search(s) for s in yes), [s for s in yes if not regex.search(s)]
    assert not any(regex.search(s) for s in no), [s for s in no if regex.search(s)]


def test_hosts_and_calendar_traps():
    assert host_of("https://www.LDLD.vn/a") == "ldld.vn"
    assert same_site("http://www.ldld.vn/a", "https://ldld.vn/b")
    assert not same_site("http://ldld.vn/a", "http://evil.vn/a")
    assert is_calendar_trap("http://x.vn/lich?month=5&year=2031")
    assert not is_calendar_trap("http://x.vn/tin?page=2")


# --- CMS adapters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "url", "kind"),
    [
        ("nukeviet", "http://x.vn/news/tin-tuc/dai-hoi-cong-doan-1234.html", "article"),
        ("nukeviet", "http://x.vn/vi/news/thoi-su/hoi-nghi-77.html", "article"),
        ("nukeviet", "http://x.vn/news/tin-tuc/", "listing"),
        ("nukeviet", "http://x.vn/news/tin-tuc/page-3", "listing"),
        ("wordpress", "http://x.vn/2023/05/12/trao-qua-tet/", "article"),
        ("wordpress", "http://x.vn/?p=812", "article"),
        ("wordpress", "http://x.vn/category/tin-tuc/page/4/", "listing"),
        ("portal", "http://x.vn/index.php?option=com_content&view=article&id=12", "article"),
        ("portal", "http://x.vn/Pages/tin-tuc.aspx?ItemID=3456", "article"),
        ("portal", "http://x.vn/web/guest/-/hoi-nghi-tong-ket", "article"),
        ("portal", "http://x.vn/Pages/tin-tuc.aspx?Page=2", "listing"),
        ("newspaper", "https://laodong.vn/cong-doan/dai-hoi-1234567.ldo", "article"),
        ("newspaper", "https://baobacgiang.vn/bg/xa-hoi/tin-409120.bld", "article"),
        ("newspaper", "https://laodong.vn/cong-doan/", "listing"),
        ("newspaper", "https://laodong.vn/cong-doan/trang-3.htm", "listing"),
    ],
)
def test_adapters_classify_their_urls(family: str, url: str, kind: str):
    assert adapter(family).classify(url) == kind
    assert classify(url, adapter(family)) == kind


def test_generic_classification_and_files():
    assert classify("http://x.vn/news/tin-tuc/bai-1-99.html") == "article"
    assert classify("http://x.vn/tin?trang=3") == "listing"
    assert classify("http://x.vn/files/bao-cao.pdf") == "other"
    assert classify("http://x.vn/lich?date=2023-01-01") == "other"
    assert adapter("no-such-cms") is cms.GENERIC and adapter(None) is cms.GENERIC


@pytest.mark.parametrize(
    ("family", "url", "nxt"),
    [
        ("nukeviet", "http://x.vn/news/tin-tuc/", "http://x.vn/news/tin-tuc/page-2"),
        ("nukeviet", "http://x.vn/news/tin-tuc/page-9", "http://x.vn/news/tin-tuc/page-10"),
        ("nukeviet", "http://x.vn/news/page-2.html", "http://x.vn/news/page-3.html"),
        ("wordpress", "http://x.vn/category/x/", "http://x.vn/category/x/page/2/"),
        ("wordpress", "http://x.vn/category/x/page/7/", "http://x.vn/category/x/page/8/"),
        ("newspaper", "https://laodong.vn/cong-doan/trang-3.htm", "https://laodong.vn/cong-doan/trang-4.htm"),
        ("portal", "http://x.vn/Pages/tin.aspx?Page=3", "http://x.vn/Pages/tin.aspx?Page=4"),
        ("portal", "http://x.vn/Pages/tin.aspx", None),
        ("generic", "http://x.vn/tin?cat=2&trang=5", "http://x.vn/tin?cat=2&trang=6"),
    ],
)
def test_next_page(family: str, url: str, nxt: str | None):
    assert adapter(family).next_page(url) == nxt


def test_detect_cms_family_from_page_fingerprints():
    assert detect(b"<script src='/themes/default/js/main.js'></script>").name == "nukeviet"
    assert detect('<meta name="generator" content="Joomla! - Open Source">').name == "portal"
    assert detect("<a href='/Pages/tin-tuc.aspx'>Tin</a>").name == "portal"
    assert detect("<p>Tin công đoàn</p>") is None


@pytest.mark.parametrize(
    "regex_name",
    [name for name in dir(cms) if name.endswith("_RE")],
)
def test_every_cms_regex_is_documented_and_compiles(regex_name: str):
    import inspect

    source = inspect.getsource(cms)
    assert "#: " in source.split(f"{regex_name} = ")[0].rsplit("\n", 2)[-2]
    assert getattr(cms, regex_name).pattern


# --- discovery -----------------------------------------------------------------------------


def test_pager_and_file_regexes():
    assert PAGER_PATH_RE.search("/news/tin-tuc/page-3") and PAGER_PATH_RE.search("/cat/page/4/")
    assert PAGER_PATH_RE.search("/cong-doan/trang-2.htm") and not PAGER_PATH_RE.search("/page-3-loi.html")
    assert NOT_PAGE_RE.search("/files/a.PDF") and NOT_PAGE_RE.search("/img/a.jpg")
    assert not NOT_PAGE_RE.search("/news/pdf-reader-12.html")
    assert ROBOTS_SITEMAP_RE.findall("User-agent: *\nSitemap: http://a.vn/s.xml\nsitemap:/b.xml") == [
        "http://a.vn/s.xml",
        "/b.xml",
    ]
    # a fractional Crawl-delay is read (robots.txt is parsed by Protego, see tests/crawl/test_robots.py)
    assert parse_robots(("http", "a.vn", 80), "User-agent: *\nCrawl-delay: 0.5", "x").crawl_delay == 0.5


def test_listing_base_ignores_the_page_number():
    assert listing_base("http://x.vn/news/tin-tuc/page-3") == listing_base("http://x.vn/news/tin-tuc/")
    assert listing_base("http://x.vn/t?cat=2&page=4") == listing_base("http://x.vn/t?page=1&cat=2")
    assert listing_base("http://x.vn/t?cat=2") != listing_base("http://x.vn/t?cat=3")


LISTING = """<html><head><link rel="alternate" type="application/rss+xml" href="/rss/tin-tuc">
<meta name="generator" content="NukeViet v4.5"></head><body>
<ul><li><a href="/news/tin-tuc/dai-hoi-12.html?utm_source=fb">Đại hội</a>
<span>Thứ hai, 12/05/2023 08:00</span></li>
<li><a href="/news/tin-tuc/tap-huan-13.html">Tập huấn</a></li></ul>
<ul class="pagination"><li><a href="/news/tin-tuc/page-2">2</a></li>
<li><a href="/news/khac/">Khác</a></li></ul>
<a href="https://other.vn/news/tin-tuc/x-1.html">offsite</a><a href="mailto:a@b.vn">mail</a>
<a href="/files/a.pdf">pdf</a></body></html>""".encode()


def test_links_of_a_listing_page():
    found = {d.url: d for d in from_html("http://x.vn/news/tin-tuc/", LISTING, adapter("nukeviet"))}
    assert found["http://x.vn/news/tin-tuc/dai-hoi-12.html"] == Discovered(
        "http://x.vn/news/tin-tuc/dai-hoi-12.html", "article", "2023-05-12"
    )
    assert found["http://x.vn/news/tin-tuc/tap-huan-13.html"].published is None
    assert found["http://x.vn/news/tin-tuc/page-2"].kind == "page"
    assert found["http://x.vn/news/khac/"].kind == "listing"
    assert found["http://x.vn/rss/tin-tuc"].kind == "feed"
    assert found["http://x.vn/files/a.pdf"].kind == "other"
    assert not [u for u in found if "other.vn" in u or u.startswith("mailto")]


def test_broken_html_gives_no_links_not_an_error():
    assert from_html("http://x.vn/", b"") == []
    assert from_html("http://x.vn/", b"\x00\x01<a href=") == []


def test_sitemaps_feeds_and_robots():
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>http://x.vn/sitemap-1.xml</loc><lastmod>2023-02-01</lastmod></sitemap></sitemapindex>"""
    assert from_xml("http://x.vn/sitemap.xml", index) == [
        Discovered("http://x.vn/sitemap-1.xml", "sitemap", "2023-02-01")
    ]
    urlset = gzip.compress(
        b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>http://x.vn/a-1.html</loc><lastmod>2021-10-09T22:48:00+07:00</lastmod></url></urlset>"""
    )
    assert from_xml("http://x.vn/s.xml.gz", urlset) == [
        Discovered("http://x.vn/a-1.html", "article", "2021-10-09")
    ]
    rss = b"""<?xml version="1.0"?><rss><channel><item><title>T</title><link>http://x.vn/b-2.html</link>
    <pubDate>Wed, 09 Feb 2022 10:17:00 +0700</pubDate></item></channel></rss>"""
    assert from_xml("http://x.vn/rss", rss) == [Discovered("http://x.vn/b-2.html", "article", "2022-02-09")]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/c-3.html"/>
    <updated>2020-01-02T00:00:00Z</updated></entry></feed>"""
    assert from_xml("http://x.vn/atom", atom) == [Discovered("http://x.vn/c-3.html", "article", "2020-01-02")]
    robots = b"User-agent: *\nDisallow: /admin/\nSitemap: /sitemap.xml\n"
    assert extract_links("http://x.vn/robots.txt", "text/plain", robots) == [
        Discovered("http://x.vn/sitemap.xml", "sitemap")
    ]


def test_hostile_xml_is_refused_not_expanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><urlset>&b;</urlset>'
    )
    assert from_xml("http://x.vn/s.xml", bomb) == []
    assert from_xml("http://x.vn/s.xml", b"<urlset><url><loc>") == []  # truncated
    huge = gzip.compress(b"<urlset>" + b" " * (MAX_XML_BYTES + 10) + b"</urlset>")
    assert from_xml("http://x.vn/s.xml.gz", huge) == []


def test_is_recent_only_drops_dated_old_links():
    since = date(2020, 1, 1)
    assert is_recent(Discovered("u", "article", "2020-01-01"), since)
    assert not is_recent(Discovered("u", "article", "2019-12-31"), since)
    assert is_recent(Discovered("u", "article", None), since)
    assert is_recent(Discovered("u", "article", "2001-01-01"), None)


def test_progress_line_names_the_busiest_hosts():
    counts = {(f"h{i}.vn", "queued"): i for i in range(5)}
    line = host_status(counts)
    assert line.startswith("h4.vn 0 done 4 queued") and line.endswith("+2 hosts")
