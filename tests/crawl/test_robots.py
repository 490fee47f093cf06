"""Issue 10: robots.txt by RFC 9309, one rule set per origin.

A conformance table (RFC 9309 and Google's robots.txt specification, each case written
here as robots.txt text, a path and the answer the standard gives), then crawls of
loopback servers whose request logs are checked, request by request, against an
independent matcher (``robots_check``): two origins on one host, 4xx and 5xx answers,
redirected robots.txt, rules changed between two runs and within one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import unionnews.crawl.robots as robots_module
from unionnews.crawl import CrawlOptions, FetchLimits, crawl
from unionnews.crawl.robots import (
    PRODUCT_TOKEN_RE,
    allow_all,
    origin_of,
    parse_robots,
    product_token,
    robots_url,
    rules_for_answer,
)

from .fixture_sites import Site, article_page, html, listing, query
from .robots_check import LINE_RE, allowed, disallowed_requests

LIMITS = FetchLimits(max_seconds=3, read_timeout=3, max_retry_after=2, allow_private_addresses=True)
ORIGIN = ("http", "h.vn", 80)

# --- the conformance table ------------------------------------------------------------------

#: RFC 9309 section 5.1 (the "simple example").
RFC_EXAMPLE = """User-Agent: *
Disallow: *.gif$
Disallow: /example/
Allow: /publications/

User-Agent: foobot
Disallow:/
Allow:/example/page.html
Allow:/example/allowed.gif

User-Agent: barbot
User-Agent: bazbot
Disallow: /example/page.html

User-Agent: quxbot

EOF
"""
#: RFC 9309 section 5.2 (longest match).
RFC_LONGEST = "User-Agent: foobot\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n"
#: Google's specification, "Order of precedence for user agents": three groups.
GOOGLE_GROUPS = (
    "user-agent: googlebot-news\ndisallow: /g1\n\n"
    "user-agent: *\ndisallow: /g2\n\n"
    "user-agent: googlebot\ndisallow: /g3\n"
)
#: Google's specification: groups for one user agent are combined.
GOOGLE_MERGED = (
    "user-agent: googlebot-news\ndisallow: /fish\n\n"
    "user-agent: *\ndisallow: /carrots\n\n"
    "user-agent: googlebot-news\ndisallow: /shrimp\n"
)


def only(rule: str) -> str:
    return f"User-agent: *\n{rule}\n"


#: (robots.txt, user agent, path with query, allowed?)
CASES: list[tuple[str, str, str, bool]] = [
    # RFC 9309 5.1: "*" group for an unnamed bot; foobot; barbot/bazbot share a group; quxbot empty
    (RFC_EXAMPLE, "unionnews", "/example/page.html", False),
    (RFC_EXAMPLE, "unionnews", "/publications/a.gif", True),  # "/publications/" is longer than "*.gif$"
    (RFC_EXAMPLE, "unionnews", "/publications/a.html", True),
    (RFC_EXAMPLE, "unionnews", "/a.gif", False),
    (RFC_EXAMPLE, "unionnews", "/a.gif?x=1", True),  # "$" ends the path: a query follows
    (RFC_EXAMPLE, "foobot", "/example/page.html", True),
    (RFC_EXAMPLE, "foobot", "/example/allowed.gif", True),
    (RFC_EXAMPLE, "foobot", "/other.html", False),
    (RFC_EXAMPLE, "barbot", "/example/page.html", False),
    (RFC_EXAMPLE, "bazbot", "/example/page.html", False),
    (RFC_EXAMPLE, "bazbot", "/example/other.gif", True),  # its own group only, not "*"
    (RFC_EXAMPLE, "quxbot", "/example/page.html", True),  # a group without rules allows all
    # RFC 9309 5.2: the longest match wins
    (RFC_LONGEST, "foobot", "/example/page/", True),
    (RFC_LONGEST, "foobot", "/example/page/disallowed.gif", False),
    # RFC 9309 2.2.2: user-agent matched case-insensitively; no matching group and no "*": all allowed
    ("User-agent: UnionNews\nDisallow: /a\n", "unionnews", "/a", False),
    ("User-agent: otherbot\nDisallow: /\n", "unionnews", "/a", True),
    # RFC 9309 2.2.2: "Disallow:" with no path disallows nothing; comments are not part of a path
    (only("Disallow:"), "unionnews", "/a", True),
    (only("Disallow: /path/ # comment"), "unionnews", "/path/x", False),
    # RFC 9309 2.2.2: percent-encoding — a UTF-8 path and its encoded form are one path
    (only("Disallow: /foo/bar/ツ"), "unionnews", "/foo/bar/%E3%83%84", False),
    (only("Disallow: /foo/bar/%E3%83%84"), "unionnews", "/foo/bar/ツ", False),
    (only("Disallow: /tin-tuc/đại-hội"), "unionnews", "/tin-tuc/%C4%91%E1%BA%A1i-h%E1%BB%99i.htm", False),
    # RFC 9309 2.2.3: "%24" in a pattern is a literal "$", "%2A" a literal "*"
    (only("Disallow: /path/foo-%24"), "unionnews", "/path/foo-$", False),
    (only("Disallow: /path/file-with-a-%2A.html"), "unionnews", "/path/file-with-a-*.html", False),
    # RFC 9309 2.2.2 and 2.2.3: "*" matches any characters, "$" the end
    (only("Disallow: /*?print="), "unionnews", "/tin-tuc/a.html?print=1", False),
    (only("Disallow: /*?print="), "unionnews", "/tin-tuc/a.html", True),
    (only("Disallow: /tin-tuc/abc*"), "unionnews", "/tin-tuc/abcdef.html", False),
    (only("Disallow: /tin-tuc/abc*"), "unionnews", "/tin-tuc/ab.html", True),
    # Google, URL matching by path: "/fish"
    (only("Disallow: /fish"), "unionnews", "/fish", False),
    (only("Disallow: /fish"), "unionnews", "/fish.html", False),
    (only("Disallow: /fish"), "unionnews", "/fish/salmon.html", False),
    (only("Disallow: /fish"), "unionnews", "/fishheads/yummy.html", False),
    (only("Disallow: /fish"), "unionnews", "/fish.php?id=anything", False),
    (only("Disallow: /fish"), "unionnews", "/Fish.asp", True),
    (only("Disallow: /fish"), "unionnews", "/catfish", True),
    (only("Disallow: /fish"), "unionnews", "/?id=fish", True),
    (only("Disallow: /fish"), "unionnews", "/desert/fish", True),
    # "/fish*" is "/fish"
    (only("Disallow: /fish*"), "unionnews", "/fishheads", False),
    (only("Disallow: /fish*"), "unionnews", "/catfish", True),
    # "/fish/"
    (only("Disallow: /fish/"), "unionnews", "/fish/", False),
    (only("Disallow: /fish/"), "unionnews", "/fish/?id=anything", False),
    (only("Disallow: /fish/"), "unionnews", "/fish/salmon.htm", False),
    (only("Disallow: /fish/"), "unionnews", "/fish", True),
    (only("Disallow: /fish/"), "unionnews", "/fish.html", True),
    (only("Disallow: /fish/"), "unionnews", "/animals/fish/", True),
    (only("Disallow: /fish/"), "unionnews", "/Fish/Salmon.asp", True),
    # "/*.php"
    (only("Disallow: /*.php"), "unionnews", "/index.php", False),
    (only("Disallow: /*.php"), "unionnews", "/folder/filename.php?parameters", False),
    (only("Disallow: /*.php"), "unionnews", "/folder/any.php.file.html", False),
    (only("Disallow: /*.php"), "unionnews", "/filename.php/", False),
    (only("Disallow: /*.php"), "unionnews", "/", True),
    (only("Disallow: /*.php"), "unionnews", "/windows.PHP", True),
    # "/*.php$"
    (only("Disallow: /*.php$"), "unionnews", "/filename.php", False),
    (only("Disallow: /*.php$"), "unionnews", "/folder/filename.php", False),
    (only("Disallow: /*.php$"), "unionnews", "/filename.php?parameters", True),
    (only("Disallow: /*.php$"), "unionnews", "/filename.php/", True),
    (only("Disallow: /*.php$"), "unionnews", "/filename.php5", True),
    (only("Disallow: /*.php$"), "unionnews", "/windows.PHP", True),
    # "/fish*.php"
    (only("Disallow: /fish*.php"), "unionnews", "/fish.php", False),
    (only("Disallow: /fish*.php"), "unionnews", "/fishheads/catfish.php?parameters", False),
    (only("Disallow: /fish*.php"), "unionnews", "/Fish.PHP", True),
    # Google, order of precedence for rules: the longest match; a tie goes to Allow
    (only("Allow: /p\nDisallow: /"), "unionnews", "/page", True),
    (only("Allow: /folder\nDisallow: /folder"), "unionnews", "/folder/page", True),
    (only("Disallow: /folder\nAllow: /folder"), "unionnews", "/folder/page", True),
    (only("Allow: /page\nDisallow: /*.htm"), "unionnews", "/page.htm", False),
    (only("Allow: /page\nDisallow: /*.ph"), "unionnews", "/page.php5", True),
    (only("Allow: /$\nDisallow: /"), "unionnews", "/", True),
    (only("Allow: /$\nDisallow: /"), "unionnews", "/page.htm", False),
    # Google, order of precedence for user agents: the most specific group, else "*"
    (GOOGLE_GROUPS, "googlebot-news", "/g1", False),
    (GOOGLE_GROUPS, "googlebot-news", "/g3", True),
    (GOOGLE_GROUPS, "googlebot", "/g3", False),
    (GOOGLE_GROUPS, "googlebot", "/g1", True),
    (GOOGLE_GROUPS, "otherbot", "/g2", False),
    (GOOGLE_GROUPS, "otherbot", "/g3", True),
    # Google: groups naming the same user agent are combined
    (GOOGLE_MERGED, "googlebot-news", "/fish", False),
    (GOOGLE_MERGED, "googlebot-news", "/shrimp", False),
    (GOOGLE_MERGED, "googlebot-news", "/carrots", True),
    (GOOGLE_MERGED, "otherbot", "/carrots", False),
    # our product token from our User-Agent, then "*"
    ("User-agent: unionnews\nDisallow: /u\n\nUser-agent: *\nDisallow: /\n", "unionnews/1 (x)", "/a", True),
    ("User-agent: unionnews\nDisallow: /u\n\nUser-agent: *\nDisallow: /\n", "unionnews/1 (x)", "/u", False),
]


@pytest.mark.parametrize(("robots_txt", "agent", "path", "expected"), CASES)
def test_conformance_table(robots_txt: str, agent: str, path: str, expected: bool):
    rules = parse_robots(ORIGIN, robots_txt.encode(), agent)
    assert rules.allowed("http://h.vn" + path) is expected
    # the independent matcher of the log checks agrees, so the checks judge by the standard too
    assert allowed(robots_txt, path, product_token(agent)) is expected


def test_regexes_and_names():
    assert PRODUCT_TOKEN_RE.match("unionnews/0.3").group(0) == "unionnews"  # type: ignore[union-attr]
    assert product_token("Mozilla/5.0 (compatible)") == "mozilla" and product_token("") == "*"
    assert LINE_RE.match("Disallow : /a ").groups() == ("Disallow", "/a")  # type: ignore[union-attr]
    assert LINE_RE.match("no field here") is None


def test_origins_are_scheme_host_and_port():
    assert origin_of("https://h.vn/a") != origin_of("http://h.vn/a")
    assert robots_url("https://h.vn/a") == "https://h.vn/robots.txt" != robots_url("http://h.vn/a")
    assert origin_of("http://h.vn:80/a") == origin_of("http://H.vn/b") == ("http", "h.vn", 80)
    assert origin_of("http://h.vn:8080/") == ("http", "h.vn", 8080) != origin_of("http://h.vn/")
    assert origin_of("https://h.vn:443/") == origin_of("https://h.vn/")
    assert robots_url("http://h.vn:8080/x?y=1") == "http://h.vn:8080/robots.txt"


def test_answers_4xx_allow_all_5xx_none_and_crawl_delay():
    assert rules_for_answer(ORIGIN, 404, b"<h1>404</h1>", "unionnews").allowed("http://h.vn/x")  # type: ignore[union-attr]
    assert rules_for_answer(ORIGIN, 403, b"", "unionnews").allowed("http://h.vn/x")  # type: ignore[union-attr]
    assert rules_for_answer(ORIGIN, 500, b"", "unionnews") is None
    assert rules_for_answer(ORIGIN, None, b"", "unionnews") is None
    delayed = "User-agent: *\nCrawl-delay: 0.5\n\nUser-agent: unionnews\nCrawl-delay: 2\n"
    assert parse_robots(ORIGIN, delayed, "unionnews/1").crawl_delay == 2.0
    assert parse_robots(ORIGIN, delayed, "otherbot").crawl_delay == 0.5
    assert allow_all(ORIGIN, "unionnews").crawl_delay is None


def test_rules_go_stale_after_24_hours():
    rules = parse_robots(ORIGIN, "User-agent: *\nDisallow: /a\n", "x", read_at=1000.0)
    assert not rules.stale(now=1000.0 + 23 * 3600)
    assert rules.stale(now=1000.0 + 24 * 3600)
    assert robots_module.MAX_AGE == 24 * 3600


# --- crawls of loopback servers ----------------------------------------------------------------


def options(**kw) -> CrawlOptions:
    kw.setdefault("delay", 0.02)
    return CrawlOptions(progress=False, limits=LIMITS, backoff=kw.pop("backoff", 0.05), **kw)


def requested(site: Site, since: int = 0) -> list[str]:
    return [p for _, p in site.log[since:] if not p.startswith("!")]


def plain(text: str) -> tuple[int, str, bytes, dict[str, str]]:
    return 200, "text/plain", text.encode(), {}


def news_site(host: str, paths: list[str], robots_txt: str | None) -> Site:
    """A listing at /news/ linking ``paths``, each an article."""
    site = Site(host).start()
    if robots_txt is not None:
        site.routes["/robots.txt"] = plain(robots_txt)
    site.routes["/news/"] = html(listing(paths))
    for i, path in enumerate(paths):
        site.routes[path] = html(article_page(i))
    return site


@pytest.fixture
def sites() -> Iterator[list[Site]]:
    started: list[Site] = []
    yield started
    for site in started:
        site.stop()


PATHS = ["/a-mat/1.html", "/b-mat/1.html", "/tin/1.html", "/tin/1.html?ban=in", "/tin/2.html"]


def test_two_origins_on_one_host_each_obey_their_own_robots_txt(sites: list[Site], tmp_path: Path):
    """Was: rules were kept per host name, the last robots.txt read won, disallowed paths were fetched."""
    a_rules = "User-agent: *\nDisallow: /a-mat/\n"
    b_rules = "User-agent: *\nDisallow: /b-mat/\nDisallow: /*?ban=\n"
    a = news_site("127.0.0.90", PATHS, a_rules)
    b = news_site("127.0.0.90", PATHS, b_rules)
    sites += [a, b]
    summary = crawl([a.base + "/news/", b.base + "/news/"], tmp_path / "c", options())
    assert disallowed_requests(a) == [] and disallowed_requests(b) == []
    # each origin's own rules, not the other's nor both: what one forbids, the other fetched
    assert {"/b-mat/1.html", "/tin/1.html?ban=in"} <= set(requested(a))
    assert "/a-mat/1.html" in requested(b)
    assert summary.outcomes["robots_disallowed"] == 3


def test_a_4xx_robots_txt_allows_everything(sites: list[Site], tmp_path: Path):
    missing = news_site("127.0.0.91", ["/admin/1.html", "/tin/1.html"], None)  # 404
    forbidden = news_site("127.0.0.92", ["/admin/1.html", "/tin/1.html"], None)
    forbidden.routes["/robots.txt"] = (403, "text/plain", b"no", {})
    sites += [missing, forbidden]
    summary = crawl([missing.base + "/news/", forbidden.base + "/news/"], tmp_path / "c", options())
    for site in (missing, forbidden):
        assert {"/robots.txt", "/news/", "/admin/1.html", "/tin/1.html"} <= set(requested(site))
    assert summary.outcomes["no_robots"] == 2


def test_a_5xx_robots_txt_means_nothing_until_it_is_read(sites: list[Site], tmp_path: Path):
    """robots.txt answers 500 twice, then rules: nothing else is asked before the rules came,
    and they are obeyed after; another origin on the same host, always 500, is not crawled."""
    rules = "User-agent: *\nDisallow: /noi-bo/\n"
    served: list[str] = []

    def flaky(h: object, n: int) -> tuple[int, str, bytes, dict[str, str]]:
        served.append("500" if n <= 2 else "rules")
        return (500, "text/plain", b"down", {}) if n <= 2 else plain(rules)

    site = news_site("127.0.0.93", ["/noi-bo/1.html", "/tin/1.html"], None)
    site.routes["/robots.txt"] = flaky
    down = news_site("127.0.0.93", ["/tin/1.html"], None)
    down.routes["/robots.txt"] = (503, "text/plain", b"down", {})
    sites += [site, down]
    summary = crawl([site.base + "/news/", down.base + "/news/"], tmp_path / "c", options())
    log = requested(site)
    assert log[:3] == ["/robots.txt"] * 3 and served == ["500", "500", "rules"]
    assert {"/news/", "/tin/1.html"} <= set(log[3:]) and "/robots.txt" not in log[3:]
    assert disallowed_requests(site, rules) == []
    assert set(requested(down)) == {"/robots.txt"}  # three 503s, then the origin is given up
    assert summary.outcomes["robots_unavailable"] == 1
    skipped = query(tmp_path / "c", "SELECT url, reason FROM fetches WHERE outcome='host_skipped'")
    assert [u for u, _ in skipped] == [down.base + "/news/"]
    assert "robots.txt of " + down.base in skipped[0][1]


def test_a_redirected_robots_txt_is_followed_to_another_path_and_port(sites: list[Site], tmp_path: Path):
    rules = "User-agent: *\nDisallow: /bi-mat/\n"
    elsewhere = Site("127.0.0.94").start()
    elsewhere.routes["/rules/robots.txt"] = plain(rules)
    moved = news_site("127.0.0.94", ["/bi-mat/1.html", "/tin/1.html"], None)
    moved.routes["/robots.txt"] = (301, "text/html", b"", {"Location": "/robots-moi.txt"})
    moved.routes["/robots-moi.txt"] = (
        302,
        "text/html",
        b"",
        {"Location": elsewhere.base + "/rules/robots.txt"},
    )
    sites += [elsewhere, moved]
    summary = crawl([moved.base + "/news/"], tmp_path / "c", options())
    assert requested(elsewhere) == ["/rules/robots.txt"]  # only the rules were read there
    assert requested(moved)[:2] == ["/robots.txt", "/robots-moi.txt"]
    assert "/tin/1.html" in requested(moved)
    assert disallowed_requests(moved, rules) == []
    assert summary.outcomes["robots_disallowed"] == 1


@pytest.mark.robots_changes
def test_robots_txt_is_read_again_on_resume(sites: list[Site], tmp_path: Path):
    """The second run obeys the robots.txt of its own time, for pages found in it."""
    first_rules, second_rules = "User-agent: *\nDisallow: /hai/\n", "User-agent: *\nDisallow: /mot/\n"
    site = news_site("127.0.0.95", ["/mot/1.html", "/hai/1.html"], first_rules)
    sites.append(site)
    corpus = tmp_path / "c"
    crawl([site.base + "/news/"], corpus, options())
    assert disallowed_requests(site, first_rules) == [] and "/mot/1.html" in requested(site)
    mark = len(site.log)
    site.routes["/robots.txt"] = plain(second_rules)
    site.routes["/news/"] = html(listing(["/mot/1.html", "/hai/1.html", "/mot/2.html", "/hai/2.html"]))
    site.routes["/mot/2.html"] = html(article_page(2))
    site.routes["/hai/2.html"] = html(article_page(3))
    crawl([site.base + "/news/"], corpus, options())
    second = requested(site, mark)
    assert second[0] == "/robots.txt"
    assert disallowed_requests(site, second_rules, since=mark) == []
    assert "/hai/2.html" in second and "/mot/2.html" not in second


def test_robots_txt_is_read_again_once_its_rules_are_old(
    sites: list[Site], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Within one crawl, rules past their age (24 h; 0.3 s here) are read again before
    anything more is fetched, and every request obeys the rules in force when it was sent."""
    monkeypatch.setattr(robots_module, "MAX_AGE", 0.3)
    versions = ["User-agent: *\nDisallow: /hai/\n", "User-agent: *\nDisallow: /mot/\n"]
    served: list[str] = []

    def changing(h: object, n: int) -> tuple[int, str, bytes, dict[str, str]]:
        served.append(versions[min(n, 2) - 1])
        return plain(served[-1])

    paths = [f"/{d}/{i}.html" for i in range(4) for d in ("mot", "hai")]
    site = news_site("127.0.0.96", paths, None)
    site.routes["/robots.txt"] = changing
    sites.append(site)
    crawl([site.base + "/news/"], tmp_path / "c", options(delay=0.1))
    assert len(served) >= 2
    in_force: str | None = None
    reads = iter(served)
    for path in requested(site):
        if path == "/robots.txt":
            in_force = next(reads)
            continue
        assert in_force is not None and allowed(in_force, path), path
