"""Small provincial-union sites served on loopback addresses, with the faults real sites have.

Each site is a real HTTP server (``http.server``) on its own 127.0.0.x address so
that politeness applies per host (or on ``::1``, the IPv6 loopback). Pages are
written for these tests.
"""

from __future__ import annotations

import itertools
import socket
import sqlite3
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from vi_encodings import to_cp1258

ARTICLE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head><body>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/news/">Tin tức</a></li></ul>
<h1>{title}</h1><span class="h5">Thứ hai - {day:02d}/03/2023 09:00</span>
<div id="news-bodyhtml"><p>Ngày {day}/3/2023, Công đoàn Viên chức tỉnh Lào Cai tổ chức hội nghị với
{n} đại biểu. Trong năm, các cấp công đoàn kết nạp {members} đoàn viên mới và thành lập mới {unions}
công đoàn cơ sở; trao {gifts} suất quà cho đoàn viên khó khăn với tổng trị giá {money} triệu đồng.</p>
<p>Đồng chí Lò Văn Pọm, Chủ tịch CĐVC tỉnh phát biểu chỉ đạo hội nghị.</p><p>Minh Châu</p></div>
</body></html>"""


def article_page(i: int, charset: str = "utf-8") -> str:
    return ARTICLE.format(
        charset=charset,
        title=f"Công đoàn Viên chức tỉnh Lào Cai hội nghị số {i}",
        day=1 + i % 27,
        n=100 + i,
        members=1000 + i,
        unions=10 + i,
        gifts=200 + i,
        money=50 + i,
    )


def listing(links: list[str], extra: str = "") -> str:
    items = "".join(f'<li><a href="{u}">Bài {u}</a></li>' for u in links)
    head = f"<meta charset='utf-8'><title>Tin tức</title>{extra}"
    return f"<html><head>{head}</head><body><ul>{items}</ul></body></html>"


@dataclass
class Site:
    """One fixture site: routes, an access log and per-path hit counters."""

    host: str
    routes: dict[str, object] = field(default_factory=dict)
    log: list[tuple[float, str]] = field(default_factory=list)
    hits: Counter[str] = field(default_factory=Counter)
    server: ThreadingHTTPServer | None = None
    #: Maps a request path to its route key, as a server that ignores parameter order would.
    route_key: Callable[[str], str] | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.server.server_address[1]}"

    def start(self) -> Site:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                return  # keep test output quiet; the access log is site.log

            def do_GET(self) -> None:
                key = site.route_key(self.path) if site.route_key else self.path
                site.log.append((time.monotonic(), self.path))
                site.hits[key] += 1
                route = site.routes.get(key)
                if route is None:
                    self._send(404, "text/html", b"<h1>404</h1>")
                    return
                result = route(self, site.hits[key]) if callable(route) else route
                if result is None:
                    return  # the route wrote (or dropped) the response itself
                status, ctype, body, headers = result
                self._send(status, ctype, body, headers)

            def _send(
                self, status: int, ctype: str, body: bytes, headers: dict[str, str] | None = None
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

        class QuietServer(ThreadingHTTPServer):
            address_family = socket.AF_INET6 if ":" in self.host else socket.AF_INET

            def handle_error(self, request: object, client_address: object) -> None:
                site.log.append((time.monotonic(), "!connection error"))  # resets are the point

        self.server = QuietServer((self.host, 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def gaps(self, prefix: str = "/") -> list[float]:
        """Seconds between consecutive requests (the politeness actually observed)."""
        times = [t for t, p in self.log if p.startswith(prefix)]
        return [b - a for a, b in itertools.pairwise(times)]


def html(body: str, status: int = 200) -> tuple[int, str, bytes, dict[str, str]]:
    return status, "text/html; charset=utf-8", body.encode("utf-8"), {}


def nukeviet_site(host: str = "127.0.0.2") -> Site:
    """A NukeViet-style site with sitemaps, pagination and most of the faults."""
    site = Site(host).start()
    base = site.base
    articles = [f"/news/tin-tuc/hoi-nghi-{i}.html" for i in range(1, 9)]
    r = site.routes
    r["/robots.txt"] = (
        200,
        "text/plain",
        (f"User-agent: *\nDisallow: /admin/\nCrawl-delay: 0.2\nSitemap: {base}/sitemap.xml\n").encode(),
        {},
    )
    r["/sitemap.xml"] = (
        200,
        "application/xml",
        (
            '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{base}/sitemap-news.xml</loc></sitemap>"
            f"<sitemap><loc>{base}/sitemap-bomb.xml</loc></sitemap></sitemapindex>"
        ).encode(),
        {},
    )
    r["/sitemap-news.xml"] = (
        200,
        "application/xml",
        (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(
                f"<url><loc>{base}{a}</loc><lastmod>2023-03-0{i}</lastmod></url>"
                for i, a in enumerate(articles[:3], start=1)
            )
            + "</urlset>"
        ).encode(),
        {},
    )
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "' + (f"&lol{i - 1};" if i > 1 else "&lol;") * 10 + '">' for i in range(1, 9)
    )
    r["/sitemap-bomb.xml"] = (
        200,
        "application/xml",
        (
            f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]><urlset><url><loc>&lol8;</loc></url></urlset>'
        ).encode(),
        {},
    )
    r["/news/"] = html(
        listing(
            [
                *articles[3:6],
                "/news/page-2",
                "/lich?date=2023-01-01",
                "/admin/secret.html",
                "/files/bao-cao.pdf",
                "/news/tin-tuc/qua-lon-99.html",
                "/news/tin-tuc/vong-lap-1.html",
                "/news/tin-tuc/loi-500.html",
                "/news/tin-tuc/cham-88.html",
                "/news/tin-tuc/ngat-77.html",
                "/news/tin-tuc/cp1258-31.html",
                "/news/tin-tuc/nfd-32.html",
                "https://example.org/khac-1.html",
            ]
        )
    )
    r["/news/page-2"] = html(listing([*articles[6:], "/lich?date=2023-01-02"]))
    for i, path in enumerate(articles, start=1):
        r[path] = html(article_page(i))
    # faults
    r[articles[4]] = lambda h, n: (
        (429, "text/html", b"busy", {"Retry-After": "1"}) if n == 1 else html(article_page(5))
    )
    r[articles[5]] = lambda h, n: (503, "text/html", b"down", {}) if n == 1 else html(article_page(6))
    r["/news/tin-tuc/loi-500.html"] = (500, "text/html", b"error", {})
    r["/lich?date=2023-01-01"] = html(listing(["/lich?date=2023-01-02"]))
    r["/admin/secret.html"] = html(article_page(99))
    r["/files/bao-cao.pdf"] = (200, "application/pdf", b"%PDF-1.4 bao cao", {})
    r["/news/tin-tuc/qua-lon-99.html"] = html("<p>" + "x" * 300_000 + "</p>")
    r["/news/tin-tuc/vong-lap-1.html"] = (
        302,
        "text/html",
        b"",
        {"Location": "/news/tin-tuc/vong-lap-2.html"},
    )
    r["/news/tin-tuc/vong-lap-2.html"] = (
        302,
        "text/html",
        b"",
        {"Location": "/news/tin-tuc/vong-lap-1.html"},
    )

    def trickle(h: BaseHTTPRequestHandler, n: int) -> None:
        body = (article_page(88) + "<!--" + "x" * 3000 + "-->").encode()
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        for i in range(0, len(body), 200):
            h.wfile.write(body[i : i + 200])
            h.wfile.flush()
            time.sleep(0.3)

    def reset(h: BaseHTTPRequestHandler, n: int) -> tuple[int, str, bytes, dict[str, str]] | None:
        if n == 1:
            h.close_connection = True
            h.connection.shutdown(2)  # drop the connection without a response
            return None
        return html(article_page(77))

    r["/news/tin-tuc/cham-88.html"] = trickle
    r["/news/tin-tuc/ngat-77.html"] = reset
    r["/news/tin-tuc/cp1258-31.html"] = (
        200,
        "text/html; charset=windows-1258",
        to_cp1258(article_page(31, "windows-1258")),
        {},
    )
    r["/news/tin-tuc/nfd-32.html"] = (
        200,
        "text/html; charset=utf-8",
        unicodedata.normalize("NFD", article_page(32)).encode(),
        {},
    )
    return site


def newspaper_site(host: str = "127.0.0.3") -> Site:
    """A newspaper-style site: no robots.txt, an RSS feed, ".ldo" article URLs."""
    site = Site(host).start()
    base = site.base
    arts = [f"/cong-doan/bai-{i}-10{i}.ldo" for i in (1, 2, 3)]
    site.routes["/"] = html(
        listing([arts[0]], extra=f'<link rel="alternate" type="application/rss+xml" href="{base}/rss.xml">')
    )
    site.routes["/rss.xml"] = (
        200,
        "application/rss+xml",
        (
            "<?xml version='1.0'?><rss version='2.0'><channel><title>Công đoàn</title>"
            + "".join(
                f"<item><title>Bài {i}</title><link>{base}{a}</link>"
                f"<pubDate>Mon, 0{i} May 2023 08:00:00 +0700</pubDate></item>"
                for i, a in enumerate(arts[1:], start=2)
            )
            + "<item><title>Cũ</title><link>"
            + base
            + "/cong-doan/cu-9-109.ldo</link><pubDate>Mon, 01 May 2017 08:00:00 +0700</pubDate></item>"
            + "</channel></rss>"
        ).encode(),
        {},
    )
    for i, a in enumerate(arts, start=1):
        site.routes[a] = (200, "text/html; charset=utf-8", article_page(40 + i).encode(), {})
    site.routes["/cong-doan/cu-9-109.ldo"] = html(article_page(49))
    return site


# --- sites for discovery: a deep NukeViet archive, a portal CMS, a content farm ------------

NUKEVIET_LISTING = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<meta name="generator" content="NukeViet v4.5"><title>Tin tức - Trang {page}</title></head>
<body><div id="header"><a href="/">Trang chủ</a> <a href="/news/">Tin tức</a></div>
<div class="col-md-18">{items}<div class="text-center"><ul class="pagination">{pager}</ul></div></div>
<div id="footer">Bản quyền thuộc Liên đoàn Lao động tỉnh. Đang truy cập: 27</div></body></html>"""

NUKEVIET_ITEM = """<div class="news_column panel panel-default"><div class="panel-body">
<h3><a href="{href}" title="{title}">{title}</a></h3><div class="text-muted"><ul class="list-inline">
<li><em class="fa fa-clock-o">&nbsp;</em> Thứ hai, {day:02d}/{month:02d}/{year} 08:{minute:02d}</li>
</ul></div><div class="text-justify">Tin từ các cấp công đoàn trong tỉnh.</div></div></div>"""


def archive_article(i: int, year: int) -> str:
    page = article_page(i)
    return page.replace("/03/2023", f"/03/{year}").replace("/3/2023", f"/3/{year}")


def archive_site(pages: int = 12, per_page: int = 3, host: str = "127.0.0.4") -> Site:
    """A NukeViet archive reachable only through its listing pages.

    The sitemap names the newest three articles; the pager shows a window of
    page numbers (the page before and two after), so the archive is deep; page
    ``p`` holds articles of year ``2025 - p``.
    """
    site = Site(host).start()
    base = site.base
    r = site.routes
    r["/robots.txt"] = (200, "text/plain", f"User-agent: *\nSitemap: {base}/sitemap.xml\n".encode(), {})
    newest = [f"/news/tin-tuc/bai-luu-tru-{p}-{k}-{p * 10 + k}.html" for p in (1,) for k in range(per_page)]
    r["/sitemap.xml"] = (
        200,
        "application/xml",
        (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>{base}{a}</loc></url>" for a in newest)
            + "</urlset>"
        ).encode(),
        {},
    )
    for p in range(1, pages + 1):
        year = 2025 - p
        items, hrefs = [], []
        for k in range(per_page):
            href = f"/news/tin-tuc/bai-luu-tru-{p}-{k}-{p * 10 + k}.html"
            hrefs.append(href)
            items.append(
                NUKEVIET_ITEM.format(
                    href=href,
                    title=f"Công đoàn hoạt động {year} số {k}",
                    day=10 + k,
                    month=5,
                    year=year,
                    minute=k,
                )
            )
            r[href] = html(archive_article(p * 10 + k, year))
        window = [q for q in range(p - 1, p + 3) if 1 <= q <= pages and q != p]
        pager = "".join(
            f'<li><a href="/news/tin-tuc/{"" if q == 1 else f"page-{q}"}">{q}</a></li>' for q in window
        )
        listing_page = html(NUKEVIET_LISTING.format(page=p, items="".join(items), pager=pager))
        r["/news/tin-tuc/" if p == 1 else f"/news/tin-tuc/page-{p}"] = listing_page
    r[f"/news/tin-tuc/page-{pages + 1}"] = (404, "text/html", "<h1>Không tìm thấy</h1>".encode(), {})
    return site


PORTAL_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/_layouts/15/portal.css"></head><body>
<div class="top-menu"><a href="/Pages/trang-chu.aspx">Trang chủ</a> |
<a href="/Pages/tin-tuc.aspx">Tin tức</a></div>
<div class="content">{body}</div><div class="footer">Cổng thông tin điện tử Liên đoàn Lao động tỉnh</div>
</body></html>"""


def _portal_key(path: str) -> str:
    """The portal answers whatever order its query parameters come in, and ignores tracking ones."""
    parts = urlsplit(path)
    query = sorted((k.lower(), v) for k, v in parse_qsl(parts.query) if not k.lower().startswith("utm_"))
    return parts.path + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")


def portal_site(host: str = "127.0.0.5") -> Site:
    """A government-portal style site: ".aspx" listings paged by "?Page=N", articles by "?ItemID=N".

    robots.txt answers 503 once (the crawler must wait, not crawl); listing links
    carry tracking parameters, fragments and parameters in other orders; an old
    URL redirects to an article already linked elsewhere.
    """
    site = Site(host, route_key=_portal_key).start()
    r = site.routes
    r["/robots.txt"] = lambda h, n: (
        (503, "text/plain", b"busy", {}) if n == 1 else (200, "text/plain", b"User-agent: *\nDisallow:\n", {})
    )
    r["/"] = (301, "text/html", b"", {"Location": "/Pages/trang-chu.aspx"})
    r["/Pages/trang-chu.aspx"] = html(
        PORTAL_PAGE.format(title="Trang chủ", body='<a href="/Pages/tin-tuc.aspx">Tin tức - Sự kiện</a>')
    )
    items = {1: (101, 102), 2: (103, 104), 3: (105,)}
    for page, ids in items.items():
        links = []
        for i in ids:
            links.append(f'<li><a href="/Pages/tin-tuc.aspx?ItemID={i}">Tin {i}</a> (0{page}/06/2022)</li>')
            links.append(
                f'<li><a href="/Pages/tin-tuc.aspx?ItemID={i}&utm_source=zalo#binh-luan">Chia sẻ</a></li>'
            )
        if page == 3:
            links.append('<li><a href="/tin-cu/bai-101.htm">Tin cũ</a></li>')
        pager = "".join(f'<a href="/Pages/tin-tuc.aspx?Page={q}">{q}</a> ' for q in items if q != page)
        key = "/Pages/tin-tuc.aspx" if page == 1 else f"/Pages/tin-tuc.aspx?page={page}"
        r[key] = html(PORTAL_PAGE.format(title="Tin tức", body="<ul>" + "".join(links) + "</ul>" + pager))
        for i in ids:
            r[f"/Pages/tin-tuc.aspx?itemid={i}"] = html(article_page(i))
    r["/Pages/tin-tuc.aspx?page=1"] = r["/Pages/tin-tuc.aspx"]
    r["/tin-cu/bai-101.htm"] = (301, "text/html", b"", {"Location": "/Pages/tin-tuc.aspx?ItemID=101"})
    return site


#: Phrases a content farm wraps around the pages it copies (all listed in lexicon/spam.txt).
FARM_SPAM = ("soi kèo bóng đá", "kết quả bóng đá trực tiếp")


def farm_site(source: Site, paths: list[str], host: str = "127.0.0.6") -> Site:
    """A content farm republishing ``source``'s pages with spam phrases injected."""
    site = Site(host).start()
    links = []
    for k, path in enumerate(paths):
        status, ctype, body, headers = source.routes[path]  # type: ignore[misc]
        text = body.decode("utf-8")
        text = text.replace("<p>Ngày", f"<p>{FARM_SPAM[0]} Ngày", 1).replace(
            "</div>\n</body>", f"<p>{FARM_SPAM[1]}</p></div>\n</body>"
        )
        site.routes[f"/tin-tong-hop/ban-sao-{k}-{900 + k}.html"] = (status, ctype, text.encode(), headers)
        links.append(f"/tin-tong-hop/ban-sao-{k}-{900 + k}.html")
    site.routes["/"] = html(listing(links))
    return site


def query(corpus: Path, sql: str, *args: object) -> list[tuple]:
    """Rows of a read-only query on a corpus's ``crawl.sqlite``."""
    db = sqlite3.connect(f"{(corpus / 'crawl.sqlite').resolve().as_uri()}?mode=ro", uri=True)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()
