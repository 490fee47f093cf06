"""Every article once, and only articles (issue 10): loopback sites of three CMS shapes.

Each site has listing pages and their ``?page=N`` copies, a sitemap index whose child
alone lists one article, links with tracking parameters, a redirect from an old URL, a
print or AMP copy that declares its canonical URL, a page that answers 500 forever and a
link to another site. The crawl and the extraction run as a user runs them (``unionnews
crawl`` then ``unionnews extract``); the test checks the ``articles`` table.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape

import pandas as pd
import pytest

from unionnews.articles.html import (
    ITEM_DATE_RE,
    LISTING_ADDRESS_RE,
    PAGER_LINK_RE,
    is_listing,
    parse_html_page,
)
from unionnews.sources.discover import XML_START_RE, extract_links, looks_xml
from unionnews.sources.urls import (
    LANGUAGE_PREFIX_RE,
    NUKEVIET_ARTICLE_OP_RE,
    PAGE_SUFFIX_RE,
    PRINT_PATH_RE,
    canonical_url,
    is_print_copy,
    nukeviet_rewrite,
    page_key,
)

from .fixture_sites import Site

CLI = [sys.executable, "-m", "unionnews"]
FAST = ["--delay", "0.01", "--timeout", "3", "--allow-private-addresses"]

# --- pages -------------------------------------------------------------------------------

ARTICLE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>
{head}</head><body>
<div class="top">{top}</div>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="{section}">Tin tức</a></li></ul>
<h1>{title}</h1>{dateline}
<div class="detail-content">
<p>{opening} Hội nghị diễn ra tại hội trường Liên đoàn Lao động tỉnh với sự tham dự của đông đảo
cán bộ công đoàn chuyên trách và đoàn viên tiêu biểu đến từ các công đoàn cơ sở trong toàn tỉnh.</p>
<p>Năm qua, các cấp công đoàn đã kết nạp {members} đoàn viên mới, thành lập {unions} công đoàn cơ sở
và chăm lo cho người lao động có hoàn cảnh khó khăn bằng nhiều hình thức thiết thực.</p>
<p>Phát biểu kết luận, đồng chí Chủ tịch Liên đoàn Lao động tỉnh đề nghị các đơn vị tiếp tục đổi mới
nội dung hoạt động, hướng mạnh về cơ sở và bảo vệ quyền lợi hợp pháp của đoàn viên.</p>
{extra}</div>
<div class="sidebar">{side}</div></body></html>"""

#: title, dateline day (dd/mm/yyyy), opening sentence, members, unions
NUKE_ARTICLES = {
    "/news/tin-tuc/hoi-nghi-ban-chap-hanh-101.html": (
        "Hội nghị Ban Chấp hành Liên đoàn Lao động tỉnh lần thứ năm",
        "09/10/2021",
        "Sáng nay, Ban Chấp hành Liên đoàn Lao động tỉnh họp phiên thường kỳ lần thứ năm.",
    ),
    "/news/tin-tuc/tap-huan-nghiep-vu-102.html": (
        "Tập huấn nghiệp vụ cho cán bộ công đoàn cơ sở năm 2021",
        "15/10/2021",
        "Hơn một trăm cán bộ công đoàn cơ sở được bồi dưỡng kỹ năng thương lượng tập thể.",
    ),
    "/news/tin-tuc/trao-qua-cong-nhan-103.html": (
        "Trao quà cho công nhân có hoàn cảnh khó khăn dịp cuối năm",
        "20/11/2021",
        "Đoàn công tác đã đến thăm hỏi và tặng quà công nhân lao động tại khu công nghiệp.",
    ),
    "/news/luu-tru/ky-niem-thanh-lap-104.html": (
        "Kỷ niệm ngày thành lập Công đoàn Việt Nam tại các khu nhà trọ",
        "28/07/2021",
        "Tối qua, công nhân ở các khu nhà trọ cùng nhau ôn lại truyền thống của tổ chức công đoàn.",
    ),
}
WP_ARTICLES = {
    "/2023/05/12/dai-hoi-cong-doan-co-so/": (
        "Đại hội Công đoàn cơ sở trường tiểu học nhiệm kỳ mới",
        "12/05/2023",
        "Đại hội đã bầu Ban Chấp hành mới gồm bảy đồng chí có uy tín với đoàn viên.",
    ),
    "/2023/06/02/tap-huan-an-toan-lao-dong/": (
        "Tập huấn an toàn vệ sinh lao động cho đoàn viên ngành xây dựng",
        "02/06/2023",
        "Người lao động được hướng dẫn cách phòng tránh tai nạn khi làm việc trên cao.",
    ),
    "/2023/07/20/nha-mai-am-cong-doan/": (
        "Bàn giao Mái ấm Công đoàn cho đoàn viên ở xã vùng cao",
        "20/07/2023",
        "Căn nhà mới được xây dựng bằng nguồn quỹ xã hội do đoàn viên trong tỉnh đóng góp.",
    ),
}
PAPER_ARTICLES = {
    "/cong-doan/tong-ket-nam-301.ldo": (
        "Tổng kết công tác công đoàn năm và triển khai nhiệm vụ năm mới",
        "05/01/2024",
        "Ban Thường vụ đã đánh giá kết quả nổi bật của phong trào công nhân trong năm.",
    ),
    "/cong-doan/mit-tinh-thang-cong-nhan-302.ldo": (
        "Mít tinh hưởng ứng Tháng Công nhân tại khu kinh tế",
        "03/05/2024",
        "Hàng nghìn công nhân đã tham gia lễ mít tinh với nhiều hoạt động văn hóa sôi nổi.",
    ),
    "/cong-doan/doi-thoai-nguoi-lao-dong-303.ldo": (
        "Đối thoại giữa lãnh đạo tỉnh với người lao động về nhà ở",
        "18/06/2024",
        "Nhiều kiến nghị về nhà ở xã hội và trường học cho con công nhân đã được giải đáp.",
    ),
}


def article(
    path: str,
    info: tuple[str, str, str],
    section: str,
    *,
    head: str = "",
    extra: str = "",
    top: str = "",
    side: str = "",
    dateline: str | None = None,
) -> tuple[int, str, bytes, dict[str, str]]:
    title, day, opening = info
    seed = sum(map(ord, path)) % 97
    page = ARTICLE.format(
        title=title,
        head=head,
        top=top,
        section=section,
        dateline=f'<div class="time">Thứ hai - {day} 08:30</div>' if dateline is None else dateline,
        opening=opening,
        members=1200 + seed,
        unions=12 + seed,
        extra=extra,
        side=side,
    )
    return 200, "text/html; charset=utf-8", page.encode(), {}


def page(body: str, title: str = "Tin tức", head: str = "") -> tuple[int, str, bytes, dict[str, str]]:
    html = (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        f'<body><div class="menu"><a href="/">Trang chủ</a></div>{body}</body></html>'
    )
    return 200, "text/html; charset=utf-8", html.encode(), {}


#: Teaser texts of listing items: a long lead each, as news sections print them.
LEADS = (
    "Các cấp công đoàn trong tỉnh tiếp tục triển khai nhiều hoạt động chăm lo thiết thực cho đoàn viên",
    "Ban Thường vụ đề nghị các công đoàn cơ sở chủ động nắm bắt tâm tư của người lao động",
    "Nhiều doanh nghiệp đã phối hợp tốt với tổ chức công đoàn trong việc cải thiện điều kiện làm việc",
    "Phong trào thi đua lao động giỏi được phát động rộng khắp tại các khu công nghiệp",
)


def teasers(items: list[tuple[str, str, str]], first_tag: str = "h2") -> str:
    """Listing items: (href, title, dd/mm/yyyy); the first title in ``first_tag``, each with a
    lead long enough that the links are a small share of the page's text."""
    out = []
    for k, (href, title, day) in enumerate(items):
        tag = first_tag if k == 0 else "h3"
        lead = f"{LEADS[k % len(LEADS)]}, theo tin từ {title.lower()}. " * 3
        out.append(
            f'<div class="item"><{tag} class="title"><a href="{href}">{title}</a></{tag}>'
            f'<span class="date">{day}</span><p>{lead}</p></div>'
        )
    return "".join(out)


def xml(body: str, ctype: str = "application/xml") -> tuple[int, str, bytes, dict[str, str]]:
    return 200, ctype, ('<?xml version="1.0" encoding="UTF-8"?>' + body).encode(), {}


def urlset(base: str, entries: list[tuple[str, str]]) -> str:
    urls = "".join(f"<url><loc>{base}{p}</loc><lastmod>{d}</lastmod></url>" for p, d in entries)
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def index(base: str, children: list[str]) -> str:
    items = "".join(f"<sitemap><loc>{escape(base + c)}</loc></sitemap>" for c in children)
    return f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'


def routed(path: str) -> str:
    """The route of a request, as a server that ignores tracking parameters and parameter
    order and serves ``index.php`` at ``/`` answers it."""
    return canonical_url("http://h" + path).removeprefix("http://h")


def iso(day: str) -> str:
    d, m, y = day.split("/")
    return f"{y}-{m}-{d}"


# --- sites -------------------------------------------------------------------------------

OFFSITE = "https://example.org/bai-khac-1.html"
SERVER_ERROR = (500, "text/html", b"<h1>500</h1>", {})


def nukeviet(host: str = "127.0.0.21") -> Site:
    """NukeViet: rewritten paths and their ``index.php?language=vi&nv=news&op=…`` forms."""
    site = Site(host, route_key=routed).start()
    base, r = site.base, site.routes
    a = list(NUKE_ARTICLES)
    info = NUKE_ARTICLES
    r["/robots.txt"] = (200, "text/plain", f"User-agent: *\nSitemap: {base}/sitemap.xml\n".encode(), {})
    r["/sitemap.xml"] = xml(index(base, ["/sitemap-news.xml", "/sitemap-luu-tru.xml"]))
    r["/sitemap-news.xml"] = xml(urlset(base, [(a[0], "2021-10-09"), (a[2], "2021-11-20")]))
    r["/sitemap-luu-tru.xml"] = xml(urlset(base, [(a[3], "2021-07-28")]), "text/plain")  # only here
    op_form = "/index.php?language=vi&nv=news&op=tin-tuc/tap-huan-nghiep-vu-102"
    first = teasers(
        [
            (a[0] + "?utm_source=zalo&fbclid=IwAR0x", info[a[0]][0], info[a[0]][1]),
            (op_form, info[a[1]][0], info[a[1]][1]),
            ("/news/cu/bai-cu-55.html", "Bài viết cũ đã chuyển địa chỉ", "01/10/2021"),
        ]
    )
    pager = (
        '<ul class="pagination"><li><a href="/news/tin-tuc/page-2">2</a></li>'
        '<li><a href="/news/tin-tuc/?page=1">Đầu</a></li>'
        '<li><a href="/news/tin-tuc/?page=2">Sau</a></li></ul>'
        f'<a href="{OFFSITE}">Liên kết khác</a> <a href="/news/tin-tuc/loi-he-thong-999.html">Lỗi</a>'
    )
    front = page(first + pager)
    r["/news/tin-tuc/"] = r["/news/tin-tuc/?page=1"] = front
    second = page(
        teasers(
            [
                (a[1], info[a[1]][0], info[a[1]][1]),
                (a[2] + "?fbclid=abc", info[a[2]][0], info[a[2]][1]),
                (a[0], info[a[0]][0], info[a[0]][1]),
            ]
        )
        + '<ul class="pagination"><li><a href="/news/tin-tuc/">1</a></li></ul>'
    )
    r["/news/tin-tuc/page-2"] = r["/news/tin-tuc/?page=2"] = second
    for path, item in info.items():
        r[path] = article(
            path, item, "/news/tin-tuc/", head='<meta name="generator" content="NukeViet v4.5">'
        )
    r[routed(op_form)] = r[a[1]]
    r["/news/cu/bai-cu-55.html"] = (301, "text/html", b"", {"Location": a[0]})
    r["/news/tin-tuc/loi-he-thong-999.html"] = SERVER_ERROR
    return site


def wordpress(host: str = "127.0.0.22") -> Site:
    """WordPress: ``?p=N`` redirecting to pretty permalinks, AMP copies, a sidebar date."""
    site = Site(host, route_key=routed).start()
    base, r = site.base, site.routes
    a = list(WP_ARTICLES)
    info = WP_ARTICLES
    r["/robots.txt"] = (200, "text/plain", f"User-agent: *\nSitemap: {base}/sitemap_index.xml\n".encode(), {})
    r["/sitemap_index.xml"] = xml(index(base, ["/post-sitemap.xml", "/?sitemap=post&paged=2"]))
    r["/post-sitemap.xml"] = xml(urlset(base, [(a[0], "2023-05-12")]))
    r[routed("/?sitemap=post&paged=2")] = xml(urlset(base, [(a[2], "2023-07-20")]), "text/html")
    front = page(
        teasers(
            [
                ("/?p=201", info[a[0]][0], info[a[0]][1]),
                (a[1] + "?utm_medium=social&utm_source=facebook", info[a[1]][0], info[a[1]][1]),
            ],
            first_tag="h1",
        )
        + '<div class="nav-links"><a class="page-numbers" href="/category/tin-tuc/page/2/">2</a>'
        '<a href="/category/tin-tuc/?page=2">Trang sau</a></div>'
        f'<a href="{OFFSITE}">Đối tác</a> <a href="/2023/01/01/loi-may-chu/">Lỗi</a>',
        title="Tin tức – Công đoàn",
        head='<link rel="stylesheet" href="/wp-content/themes/congdoan/style.css">',
    )
    r["/category/tin-tuc/"] = r["/category/tin-tuc/?page=1"] = front
    second = page(
        teasers([(a[0], info[a[0]][0], info[a[0]][1]), ("/?p=202", info[a[1]][0], info[a[1]][1])])
        + '<div class="nav-links"><a class="page-numbers" href="/category/tin-tuc/">1</a></div>',
        title="Tin tức – Trang 2",
    )
    r["/category/tin-tuc/page/2/"] = r["/category/tin-tuc/?page=2"] = second
    wp = '<link rel="stylesheet" href="/wp-content/themes/congdoan/style.css">'
    r[a[0]] = article(
        a[0],
        info[a[0]],
        "/category/tin-tuc/",
        head=wp + f'<link rel="amphtml" href="{base}{a[0]}amp/">',
        extra=f'<p><a href="{a[0]}amp/">Xem bản rút gọn trên điện thoại</a></p>',
    )
    r[a[0] + "amp/"] = article(
        a[0] + "amp/", info[a[0]], "/category/tin-tuc/", head=f'<link rel="canonical" href="{base}{a[0]}">'
    )
    # the page's date only in its metadata; a sidebar above the headline shows another date
    r[a[1]] = article(
        a[1],
        info[a[1]],
        "/category/tin-tuc/",
        head=wp + '<meta property="article:published_time" content="2023-06-02T07:45:00+07:00">',
        top='<div class="lich">Lịch công tác</div><div class="today">Thứ năm, 15/02/2024</div>',
        dateline="",
    )
    r[a[2]] = article(a[2], info[a[2]], "/category/tin-tuc/", head=wp)
    r["/?p=201"] = (301, "text/html", b"", {"Location": a[0]})
    r["/?p=202"] = (301, "text/html", b"", {"Location": a[1]})
    r["/2023/01/01/loi-may-chu/"] = SERVER_ERROR
    return site


def newspaper(host: str = "127.0.0.23") -> Site:
    """A newspaper: ``.ldo`` articles, print copies, an old address that declares its canonical,
    an RSS feed whose date for one article is weeks off."""
    site = Site(host, route_key=routed).start()
    base, r = site.base, site.routes
    a = list(PAPER_ARTICLES)
    info = PAPER_ARTICLES
    r["/robots.txt"] = (
        200,
        "text/plain",
        f"User-agent: *\nSitemap: {base}/sitemaps/index.xml\n".encode(),
        {},
    )
    r["/sitemaps/index.xml"] = xml(index(base, ["/sitemaps/2024-01.xml", "/sitemaps/2024-05.xml"]))
    r["/sitemaps/2024-01.xml"] = xml(urlset(base, [(a[0], "2024-01-05")]))
    r["/sitemaps/2024-05.xml"] = xml(urlset(base, [(a[1], "2024-05-03")]))
    feed = (
        "<rss version='2.0'><channel><title>Công đoàn</title>"
        f"<item><title>{info[a[2]][0]}</title><link>{base}{a[2]}</link>"
        "<pubDate>Mon, 29 Jul 2024 08:00:00 +0700</pubDate></item></channel></rss>"
    )
    r["/rss/cong-doan.rss"] = xml(feed, "application/rss+xml")
    rss = f'<link rel="alternate" type="application/rss+xml" href="{base}/rss/cong-doan.rss">'
    front = page(
        teasers(
            [
                (a[0] + "?utm_campaign=tet", info[a[0]][0], info[a[0]][1]),
                ("/print" + a[1], info[a[1]][0] + " (bản in)", info[a[1]][1]),
                ("/tin-cu/mit-tinh-302.html", info[a[1]][0], info[a[1]][1]),
            ],
            first_tag="h1",
        )
        + '<div class="paging"><a href="/cong-doan/trang-2.htm">2</a> <a href="/cong-doan.htm?page=2">›</a>'
        f' <a href="/cong-doan.htm?page=1">1</a></div><a href="{OFFSITE}">Báo bạn</a>'
        ' <a href="/cong-doan/loi-may-chu-399.ldo">Lỗi</a>',
        title="Công đoàn - Báo Lao động tỉnh",
        head=rss,
    )
    r["/cong-doan.htm"] = r["/cong-doan.htm?page=1"] = front
    second = page(
        teasers([(a[2], info[a[2]][0], info[a[2]][1]), (a[1], info[a[1]][0], info[a[1]][1])])
        + '<div class="paging"><a href="/cong-doan.htm">1</a></div>',
        title="Công đoàn - Trang 2",
    )
    r["/cong-doan/trang-2.htm"] = r["/cong-doan.htm?page=2"] = second
    canonical = '<link rel="canonical" href="{}">'
    for path, item in info.items():
        r[path] = article(
            path, item, "/cong-doan.htm", extra=f'<p><a href="{path}?print=1">In bài viết</a></p>'
        )
        r[routed(path + "?print=1")] = article(
            path, item, "/cong-doan.htm", head=canonical.format(base + path)
        )
    r["/print" + a[1]] = article(a[1], info[a[1]], "/cong-doan.htm", head=canonical.format(base + a[1]))
    r["/tin-cu/mit-tinh-302.html"] = article(
        a[1], info[a[1]], "/cong-doan.htm", head=canonical.format(base + a[1])
    )
    r["/cong-doan/loi-may-chu-399.ldo"] = SERVER_ERROR
    return site


SEEDS = {"nukeviet": "/news/tin-tuc/", "wordpress": "/category/tin-tuc/", "newspaper": "/cong-doan.htm"}
EXPECTED = {
    "nukeviet": NUKE_ARTICLES,
    "wordpress": WP_ARTICLES,
    "newspaper": PAPER_ARTICLES,
}


@pytest.fixture()
def sites():
    made = {"nukeviet": nukeviet(), "wordpress": wordpress(), "newspaper": newspaper()}
    yield made
    for site in made.values():
        site.stop()


def run(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, "-q", *args], capture_output=True, text=True, timeout=timeout)


def crawl_and_extract(sites: dict[str, Site], corpus: Path, out: Path) -> pd.DataFrame:
    seeds = [sites[name].base + SEEDS[name] for name in sites]
    crawled = run("crawl", *seeds, "--out", str(corpus), *FAST)
    assert crawled.returncode in (0, 1), crawled.stderr  # exit codes are being reworked elsewhere
    extracted = run("extract", str(corpus), "--out", str(out), "--workers", "1")
    assert extracted.returncode in (0, 1), extracted.stderr
    return pd.read_parquet(out / "articles.parquet")


def check_articles(articles: pd.DataFrame) -> None:
    expected = {title: iso(day) for infos in EXPECTED.values() for title, day, _ in infos.values()}
    counts = articles.title.value_counts().to_dict()
    assert counts == dict.fromkeys(expected, 1), counts  # every article once; no listing row
    published = {row.title: str(row.published)[:10] for row in articles.itertuples()}
    assert published == expected


# --- the crawl as a user runs it -----------------------------------------------------------


def test_every_article_once_and_no_listing(sites, tmp_path: Path):
    articles = crawl_and_extract(sites, tmp_path / "crawl", tmp_path / "out")
    check_articles(articles)
    by_title = articles.set_index("title")
    # the redirect source and the canonical-declaring old address are aliases of their article
    nuke_first = by_title.loc[NUKE_ARTICLES["/news/tin-tuc/hoi-nghi-ban-chap-hanh-101.html"][0]]
    assert any(a.endswith("/news/cu/bai-cu-55.html") for a in nuke_first.aliases)
    meeting = by_title.loc[PAPER_ARTICLES["/cong-doan/mit-tinh-thang-cong-nhan-302.ldo"][0]]
    assert meeting.url.endswith("/cong-doan/mit-tinh-thang-cong-nhan-302.ldo")
    assert any("/tin-cu/mit-tinh-302.html" in a or "/print/" in a for a in meeting.aliases)
    # the feed dated one article six weeks after its page: noted, the page's date kept
    talk = by_title.loc[PAPER_ARTICLES["/cong-doan/doi-thoai-nguoi-lao-dong-303.ldo"][0]]
    assert any("its feed 2024-07-29" in n for n in talk.notes)
    assert str(talk.published).startswith("2024-06-18")
    # print and AMP copies, tracking variants and NukeViet's index.php form were not fetched twice
    nv, wp, paper = sites["nukeviet"], sites["wordpress"], sites["newspaper"]
    assert (
        nv.hits["/news/tin-tuc/tap-huan-nghiep-vu-102.html"]
        + nv.hits[routed("/index.php?language=vi&nv=news&op=tin-tuc/tap-huan-nghiep-vu-102")]
        == 1
    )
    assert nv.hits["/news/tin-tuc/hoi-nghi-ban-chap-hanh-101.html"] == 1
    assert nv.hits["/news/luu-tru/ky-niem-thanh-lap-104.html"] == 1  # only in a child sitemap
    assert wp.hits["/2023/05/12/dai-hoi-cong-doan-co-so/amp/"] == 0
    assert wp.hits["/2023/07/20/nha-mai-am-cong-doan/"] == 1  # only in a child sitemap
    assert not [p for p in paper.hits if "print=1" in p]
    assert paper.hits["/cong-doan.htm?page=1"] == 0 and nv.hits["/news/tin-tuc/?page=1"] == 0
    assert all(not s.hits.get("/bai-khac-1.html") for s in sites.values())


def test_killed_crawl_resumed_gives_the_same_articles(sites, tmp_path: Path):
    corpus = tmp_path / "crawl"
    seeds = [sites[name].base + SEEDS[name] for name in sites]
    served = lambda: sum(len(s.log) for s in sites.values())  # noqa: E731
    proc = subprocess.Popen([*CLI, "-q", "crawl", *seeds, "--out", str(corpus), *FAST])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and served() < 14 and proc.poll() is None:
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (corpus / "crawl.sqlite").is_file()
    articles = crawl_and_extract(sites, corpus, tmp_path / "out")
    check_articles(articles)


# --- the parts -------------------------------------------------------------------------------


def test_page_key_folds_the_forms_of_one_page():
    nv = "http://x.vn/index.php?language=vi&nv=news&op=tin-tuc/hop-12&utm_source=zalo"
    assert page_key(nv) == page_key("http://x.vn/news/tin-tuc/hop-12.html?fbclid=1")
    assert page_key("http://x.vn/vi/news/tin-tuc/hop-12.html") == page_key(nv)
    assert page_key("http://x.vn/a/hop-12.ldo?print=1") == page_key("http://x.vn/a/hop-12.ldo")
    assert page_key("http://x.vn/amp/a/hop-12.html") == page_key("http://x.vn/a/hop-12.html/amp")
    assert page_key("http://x.vn/tin?page=1") == page_key("http://x.vn/tin")
    assert page_key("http://x.vn/tin?page=2") != page_key("http://x.vn/tin")
    assert page_key("http://x.vn/?p=12") != page_key("http://x.vn/?p=13")  # WordPress ids stay
    assert page_key("http://x.vn/index.php?nv=news&op=a-1") != page_key(
        "http://x.vn/index.php?nv=news&op=a-2"
    )


def test_canonical_url_keeps_the_parameters_vietnamese_sites_need():
    # courlan's strict normalize_url (and w3lib's canonicalize_url with a tracking list)
    # keep only known parameters: NukeViet's nv/op and search words would be lost
    assert canonical_url("http://x.vn/index.php?language=vi&nv=news&op=tin-tuc/a-1") == (
        "http://x.vn/?language=vi&nv=news&op=tin-tuc%2Fa-1"
    )
    assert "q=c%C3%B4ng" in canonical_url("http://x.vn/tim-kiem?q=công+đoàn&gidzl=abc&zarsrc=30")
    assert "gidzl" not in canonical_url("http://x.vn/a-1.html?gidzl=abc&utm_source=zalo")


def test_url_regexes_on_examples():
    assert NUKEVIET_ARTICLE_OP_RE.search("tin-tuc/hop-12") and not NUKEVIET_ARTICLE_OP_RE.search(
        "tin-tuc/page-2"
    )
    assert nukeviet_rewrite("http://x.vn/index.php?nv=news&op=tin-tuc") == "http://x.vn/news/tin-tuc/"
    assert PRINT_PATH_RE.search("/a/hop-12.amp.html") and not PRINT_PATH_RE.search("/ampere/a-1.html")
    assert (
        PAGE_SUFFIX_RE.sub("", "/a/b.html") == "/a/b" and LANGUAGE_PREFIX_RE.sub("", "/vi/news/") == "/news/"
    )
    assert is_print_copy("http://x.vn/a-1.html?view=print") and not is_print_copy(
        "http://x.vn/a-1.html?view=list"
    )
    assert (
        XML_START_RE.match(b"\n <urlset>")
        and looks_xml(b"\x1f\x8b\x08")
        and not looks_xml(b"<!DOCTYPE html>")
    )
    assert PAGER_LINK_RE.search("/tin?page=3") and PAGER_LINK_RE.search("/cong-doan/trang-2.htm")
    assert not PAGER_LINK_RE.search("/?p=12") and not PAGER_LINK_RE.search("/tin?page=3x")
    assert LISTING_ADDRESS_RE.search("/tag/cong-doan/") and LISTING_ADDRESS_RE.search("/tim-kiem?q=a")
    assert not LISTING_ADDRESS_RE.search("/tin-tuc/tagline-dep-12.html")
    assert ITEM_DATE_RE.findall("Tin (12/05/2023) và 1/6/2023, không phải 112/05/20234") == [
        "12/05/2023",
        "1/6/2023",
    ]


def test_a_child_sitemap_served_with_another_type_is_read():
    body = b'<?xml version="1.0"?>' + urlset("http://x.vn", [("/a-1.html", "2023-01-02")]).encode()
    found = extract_links("http://x.vn/?sitemap=post", "text/html", body, kind="sitemap")
    assert [(f.url, f.kind, f.published) for f in found] == [
        ("http://x.vn/a-1.html", "article", "2023-01-02")
    ]


def test_a_section_front_page_and_its_numbered_copies_are_listings():
    items = [
        (f"/tin/bai-{k}-{k}00.html", f"Tiêu đề bài viết thứ {k} về công đoàn", f"0{k}/03/2023")
        for k in range(1, 5)
    ]
    body = teasers(items, first_tag="h1")
    html = page(body + '<ul class="pagination"><a href="/tin?page=2">2</a></ul>', title=items[0][1])[
        2
    ].decode()
    for url in ("http://x.vn/tin", "http://x.vn/tin?page=1", "http://x.vn/tin?page=2"):
        parsed = parse_html_page(html, url=url)
        assert is_listing(parsed.listing_signs), (url, parsed.listing_signs)
    assert "numbered_page" in parse_html_page(html, url="http://x.vn/tin?page=2").listing_signs


def test_an_article_with_related_dated_links_is_no_listing():
    info = NUKE_ARTICLES["/news/tin-tuc/hoi-nghi-ban-chap-hanh-101.html"]
    related = teasers(
        [
            (f"/news/tin-tuc/khac-{k}-{k}0.html", f"Tin khác số {k} của công đoàn tỉnh", "01/01/2021")
            for k in range(4)
        ]
    )
    html = article("/news/tin-tuc/hoi-nghi-ban-chap-hanh-101.html", info, "/news/", extra=related)[2].decode()
    parsed = parse_html_page(html, url="http://x.vn/news/tin-tuc/hoi-nghi-ban-chap-hanh-101.html")
    assert not is_listing(parsed.listing_signs), parsed.listing_signs
    assert parsed.published and parsed.published.startswith("2021-10-09")


def test_a_date_above_the_headline_does_not_beat_the_page_metadata():
    info = WP_ARTICLES["/2023/06/02/tap-huan-an-toan-lao-dong/"]
    html = article(
        "/x/",
        info,
        "/",
        head='<meta property="article:published_time" content="2023-06-02T07:45:00+07:00">',
        top='<div class="today">Thứ năm, 15/02/2024</div>',
        dateline="",
    )[2].decode()
    assert parse_html_page(html).published.startswith("2023-06-02")


def test_route_helper_matches_the_crawler():
    assert routed("/index.php?op=a&nv=news&utm_source=x") == "/?nv=news&op=a"
    assert dict(parse_qsl(urlsplit(routed("/?b=2&a=1")).query)) == {"a": "1", "b": "2"}
