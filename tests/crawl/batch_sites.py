"""Loopback newspapers (and one union federation) for batch crawls, written for these tests.

Each newspaper is a real HTTP server on its own 127.0.0.x address, registered under a
host *name* (``bao-a.test``): the site registry takes names only, and the crawl connects
with ``--resolve bao-a.test=127.0.0.151``. A newspaper has a home page linking every
section and its newest stories, sections with paginated listings ("/cong-doan/",
"/cong-doan/trang-2"), an RSS feed per section, a sitemap index listing every story,
and stories with a "same section" box. Every story is labelled union news or not
(``Story.union``); some union stories are listed only on the home page, or only in the
"Xã hội" section among other news, so that a crawl that starts from the union section
still needs the sitemap and the link filter to find them.

Titles and texts are built from templates written for these tests (no real article).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from xml.sax.saxutils import escape

from .fixture_sites import Site, html

#: Section slugs and their names as a Vietnamese newspaper shows them.
SECTIONS = {
    "cong-doan": "Công đoàn",
    "lao-dong-viec-lam": "Lao động - Việc làm",
    "xa-hoi": "Xã hội",
    "the-thao": "Thể thao",
    "giao-thong": "Giao thông",
    "kinh-te": "Kinh tế",
    "van-hoa": "Văn hóa",
    "thoi-su": "Thời sự",
}
#: Stories per listing page.
PER_PAGE = 5

# --- words ---------------------------------------------------------------------------------

ORGS = (
    "Công ty Dệt may Hòa Phong",
    "Nhà máy Giày da Minh Tiến",
    "Công ty Chế biến gỗ Trường Xuân",
    "Trường Tiểu học Tân Lập",
    "Bệnh viện Đa khoa Phú Lâm",
    "Công ty Điện tử Nam Việt",
    "Xí nghiệp Thủy sản Bãi Ngang",
)
PLACES = ("huyện Yên Hòa", "thị xã Cửa Đông", "huyện Sơn Lâm", "thành phố Bến Thủy", "huyện Đồng Lộc")

UNION_TITLES = (
    "Công đoàn {org} trao {n} suất quà cho đoàn viên có hoàn cảnh khó khăn",
    "Liên đoàn Lao động {place} tổng kết phong trào thi đua của công nhân lao động",
    "Đại hội Công đoàn cơ sở {org} bầu ban chấp hành nhiệm kỳ mới",
    "Cán bộ công đoàn {place} tập huấn kỹ năng thương lượng tập thể",
    "Công đoàn {org} ký thỏa ước lao động tập thể với người sử dụng lao động",
    "Bàn giao Mái ấm Công đoàn cho đoàn viên ở {place}",
    "Công nhân {org} nhận hỗ trợ từ quỹ xã hội của công đoàn",
    "Tháng Công nhân: công đoàn {place} thăm hỏi {n} người lao động",
    "Công đoàn {org} đối thoại với người lao động về tiền lương",
    "Kết nạp {n} đoàn viên công đoàn mới tại doanh nghiệp ở {place}",
)
UNION_PARAGRAPHS = (
    "Sáng {day}, Công đoàn {org} tổ chức chương trình với sự tham dự của {n} đoàn viên, người lao "
    "động và đại diện Liên đoàn Lao động {place}.",
    "Theo báo cáo của ban chấp hành công đoàn cơ sở, trong năm qua đơn vị đã kết nạp {m} đoàn viên "
    "mới, thăm hỏi {k} công nhân ốm đau và hỗ trợ {k} gia đình đoàn viên gặp hoạn nạn.",
    "Phát biểu tại buổi lễ, Chủ tịch Liên đoàn Lao động {place} đề nghị các cấp công đoàn tiếp tục "
    "chăm lo đời sống, bảo vệ quyền và lợi ích hợp pháp của đoàn viên, người lao động.",
    "Dịp này, {m} suất quà trị giá tổng cộng {money} triệu đồng từ quỹ công đoàn đã được trao tận "
    "tay những công nhân có hoàn cảnh khó khăn.",
)

OTHER_TITLES = {
    "the-thao": (
        "Câu lạc bộ bóng đá {team} thắng {a}-{b} trên sân nhà",
        "Vận động viên điền kinh {place} giành huy chương vàng giải trẻ",
        "Giải bơi thiếu niên {place} thu hút {n} kình ngư nhí",
        "Đội bóng chuyền nữ {team} vào chung kết giải hạng A",
    ),
    "giao-thong": (
        "Thông xe cây cầu mới bắc qua sông ở {place}",
        "Quốc lộ {n} được mở rộng thành bốn làn xe",
        "Phân luồng phương tiện quanh bến xe {place} dịp nghỉ lễ",
        "Lắp thêm {n} đèn tín hiệu tại các nút giao {place}",
    ),
    "kinh-te": (
        "Giá lúa tại {place} tăng thêm {n} đồng mỗi kilôgam",
        "Kim ngạch xuất khẩu cà phê đạt {n} triệu USD",
        "Ngân hàng giảm lãi suất cho vay mua nhà ở {place}",
        "Chợ đầu mối nông sản {place} tấp nập sau mùa mưa",
    ),
    "van-hoa": (
        "Lễ hội đền làng ở {place} thu hút hàng nghìn du khách",
        "Triển lãm ảnh di sản {place} mở cửa miễn phí",
        "Nghệ nhân {place} dạy hát dân ca cho học sinh",
        "Thư viện {place} đón {n} đầu sách mới",
    ),
    "xa-hoi": (
        "Học sinh {place} được tặng {n} chiếc xe đạp đến trường",
        "Miền Bắc đón đợt không khí lạnh, {place} có mưa rét",
        "Tiêm chủng mở rộng cho {n} trẻ nhỏ tại {place}",
        "Khu dân cư {place} ra quân dọn vệ sinh môi trường",
    ),
    "lao-dong-viec-lam": (
        "Ngày hội tuyển sinh học nghề thu hút {n} học sinh {place}",
        "Trung tâm dịch vụ hướng nghiệp {place} mở lớp tin học miễn phí",
    ),
}
OTHER_PARAGRAPHS = {
    "the-thao": (
        "Trận đấu diễn ra sôi nổi ngay từ những phút đầu, khán đài kín chỗ với hơn {n} cổ động viên.",
        "Huấn luyện viên trưởng cho biết các cầu thủ đã tập luyện chăm chỉ suốt {k} tuần trước giải.",
        "Ban tổ chức trao cúp và tiền thưởng {money} triệu đồng cho đội vô địch sau lễ bế mạc.",
    ),
    "giao-thong": (
        "Công trình có tổng mức đầu tư {money} tỷ đồng, rút ngắn thời gian đi lại cho người dân {place}.",
        "Lực lượng cảnh sát giao thông bố trí {k} tổ tuần tra để hướng dẫn phương tiện đi đúng làn.",
        "Các xe khách tuyến dài được khuyến cáo khởi hành sớm để tránh ùn tắc vào buổi chiều.",
    ),
    "kinh-te": (
        "Theo các thương lái, sản lượng năm nay tăng khoảng {k} phần trăm so với cùng kỳ.",
        "Giá bán lẻ trên thị trường dao động quanh mức {money} nghìn đồng, nhu cầu mua vẫn ổn định.",
        "Ngành nông nghiệp {place} khuyến cáo nông dân theo dõi thời tiết và giữ chất lượng hàng hóa.",
    ),
    "van-hoa": (
        "Chương trình gồm nhiều tiết mục múa hát, trò chơi dân gian và trưng bày sản vật địa phương.",
        "Ban quản lý di tích cho biết đã đón khoảng {n} lượt khách tham quan trong {k} ngày đầu.",
        "Các bạn trẻ hào hứng tìm hiểu lịch sử làng quê qua {k} bức ảnh tư liệu được phục dựng.",
    ),
    "xa-hoi": (
        "Chương trình do chính quyền địa phương phối hợp với nhà hảo tâm thực hiện tại {place}.",
        "Cơ quan khí tượng dự báo nhiệt độ thấp nhất có nơi dưới {k} độ, người dân cần giữ ấm.",
        "Hơn {n} hộ gia đình đã tham gia, thu gom nhiều rác thải tại các tuyến đường trong khu phố.",
    ),
    "lao-dong-viec-lam": (
        "Các trường cao đẳng giới thiệu {k} ngành học như điện dân dụng, nấu ăn và sửa chữa ô tô.",
        "Học viên được học miễn phí trong {k} tháng và nhận chứng chỉ khi hoàn thành khóa học.",
        "Ban tổ chức cho biết năm nay có khoảng {n} học sinh lớp chín đăng ký tham gia.",
    ),
}
TEAMS = ("Sông Lam", "Hồng Lĩnh", "Núi Hồng", "Bến Thủy")


def slugify(text: str) -> str:
    """A URL slug as Vietnamese newspapers make them: no accents, words joined by "-"."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def fill(template: str, i: int) -> str:
    """A template filled with values that vary with ``i``."""
    return template.format(
        org=ORGS[i % len(ORGS)],
        place=PLACES[i % len(PLACES)],
        team=TEAMS[i % len(TEAMS)],
        n=20 + 7 * i,
        m=5 + i,
        k=2 + i % 9,
        a=1 + i % 4,
        b=i % 3,
        money=10 + 3 * i,
        day=f"{1 + i % 28}/{1 + i % 12}",
    )


# --- stories and sites -----------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    """One article of a fixture newspaper, labelled union news or not."""

    path: str
    title: str
    section: str
    union: bool
    day: date
    paragraphs: tuple[str, ...]
    #: listed in its section's listing (False: on the home page and in the sitemap only)
    listed: bool = True


def union_story(i: int, section: str, ext: str, listed: bool = True) -> Story:
    title = fill(UNION_TITLES[i % len(UNION_TITLES)], i)
    paragraphs = tuple(fill(p, i) for p in UNION_PARAGRAPHS)
    return Story(
        f"/{section}/{slugify(title)}-{10000 + i}.{ext}",
        title,
        section,
        True,
        date(2024, 12, 20) - timedelta(days=(3 * i) % 300),
        paragraphs,
        listed,
    )


def other_story(i: int, section: str, ext: str) -> Story:
    titles = OTHER_TITLES[section]
    title = fill(titles[i % len(titles)], i) + f" (kỳ {i})"
    paragraphs = tuple(fill(p, i) for p in OTHER_PARAGRAPHS[section])
    return Story(
        f"/{section}/{slugify(title)}-{20000 + i}.{ext}",
        title,
        section,
        False,
        date(2024, 12, 21) - timedelta(days=(2 * i + 1) % 300),
        paragraphs,
    )


PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title} - {paper}</title>
{head}</head><body>
<div class="header"><a href="/" class="logo">{paper}</a><ul class="menu">{menu}</ul></div>
<div class="main">{main}</div>
<div class="footer">Giấy phép hoạt động báo chí điện tử. Tòa soạn: số 1 đường Thử Nghiệm.</div>
</body></html>"""

STORY = """<div class="breadcrumb"><a href="{section_path}">{section_name}</a></div>
<h1 class="title">{title}</h1><div class="time">{day:%d/%m/%Y} 08:30</div>
<div class="detail-content">{paragraphs}<p><strong>Phóng viên</strong></p></div>
<div class="related"><h3>Tin cùng chuyên mục</h3><ul>{related}</ul></div>"""

ITEM = """<li class="item"><a href="{path}" class="thumb"><img src="/anh/{n}.jpg" alt=""></a>
<h3><a href="{path}">{title}</a></h3><span class="time">{day:%d/%m/%Y}</span>
<p class="sapo">{lead}</p></li>"""


@dataclass
class NamedSite(Site):
    """A fixture site on a loopback address, addressed by a host name (``--resolve``)."""

    name: str = ""

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://{self.name}:{self.server.server_address[1]}"

    @property
    def resolve(self) -> str:
        """The ``--resolve`` value that leads the crawler to this site."""
        return f"{self.name}={self.host}"


@dataclass
class Paper:
    """A fixture newspaper: its server and stories."""

    site: NamedSite
    title: str
    stories: list[Story]
    union_sections: tuple[str, ...]
    kind: str = "newspaper"
    sections: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.site.base + path

    @property
    def union(self) -> list[Story]:
        return [s for s in self.stories if s.union]

    @property
    def other(self) -> list[Story]:
        return [s for s in self.stories if not s.union]

    def stop(self) -> None:
        self.site.stop()


def _menu(sections: list[str]) -> str:
    return "".join(f'<li><a href="/{s}/">{SECTIONS[s]}</a></li>' for s in sections if s != "thoi-su")


def _items(stories: list[Story], lead: bool = True) -> str:
    """Listing items: a thumbnail and a title linking to the story, its date, and (on section
    pages) the start of its text."""
    return "".join(
        ITEM.format(
            path=s.path,
            title=escape(s.title),
            day=s.day,
            lead=escape(s.paragraphs[0][:120]) if lead else "",
            n=i,
        )
        for i, s in enumerate(stories)
    )


def _page(paper: str, sections: list[str], title: str, main: str, feed: str | None = None) -> tuple:
    head = f'<link rel="alternate" type="application/rss+xml" href="{feed}">' if feed else ""
    return html(PAGE.format(title=escape(title), paper=paper, head=head, menu=_menu(sections), main=main))


def _story_page(paper: Paper, story: Story) -> tuple:
    same = [s for s in paper.stories if s.section == story.section and s.listed and s is not story][:3]
    related = "".join(f'<li><a href="{s.path}">{escape(s.title)}</a></li>' for s in same)
    main = STORY.format(
        section_path=f"/{story.section}/" if story.listed else "/",
        section_name=SECTIONS[story.section],
        title=escape(story.title),
        day=story.day,
        paragraphs="".join(f"<p>{escape(p)}</p>" for p in story.paragraphs),
        related=related,
    )
    feed = f"/rss/{story.section}.rss" if story.listed else None
    return _page(paper.title, paper.sections, story.title, main, feed)


def _newest_first(stories: Iterable[Story]) -> list[Story]:
    return sorted(stories, key=lambda s: s.day, reverse=True)


def _listing_pages(paper: Paper, section: str) -> dict[str, tuple]:
    stories = _newest_first(s for s in paper.stories if s.section == section and s.listed)
    pages = max(1, -(-len(stories) // PER_PAGE))
    routes = {}
    for p in range(1, pages + 2):  # one page past the last: an empty listing, as real sites answer
        chunk = stories[(p - 1) * PER_PAGE : p * PER_PAGE]
        pager = "".join(
            f'<a href="/{section}/{"" if q == 1 else f"trang-{q}"}">{q}</a> '
            for q in range(1, pages + 1)
            if q != p
        )
        main = f'<h2>{SECTIONS[section]}</h2><ul class="list">{_items(chunk)}</ul>'
        main += f'<div class="pager">{pager}</div>'
        key = f"/{section}/" if p == 1 else f"/{section}/trang-{p}"
        routes[key] = _page(paper.title, paper.sections, SECTIONS[section], main, f"/rss/{section}.rss")
    return routes


def _feed(paper: Paper, section: str) -> tuple:
    stories = _newest_first(s for s in paper.stories if s.section == section and s.listed)
    items = "".join(
        f"<item><title>{escape(s.title)}</title><link>{paper.url(s.path)}</link>"
        f"<pubDate>{s.day:%a, %d %b %Y} 08:30:00 +0700</pubDate></item>"
        for s in stories[:PER_PAGE]
    )
    body = "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'>"
    body += f"<channel><title>{SECTIONS[section]}</title>"
    return 200, "application/rss+xml", (body + items + "</channel></rss>").encode(), {}


def _sitemap(paper: Paper, news_titles: bool) -> tuple:
    def entry(s: Story) -> str:
        news = (
            f"<news:news><news:publication_date>{s.day:%Y-%m-%d}</news:publication_date>"
            f"<news:title>{escape(s.title)}</news:title></news:news>"
            if news_titles
            else ""
        )
        return f"<url><loc>{paper.url(s.path)}</loc><lastmod>{s.day:%Y-%m-%d}</lastmod>{news}</url>"

    body = (
        '<?xml version="1.0" encoding="utf-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        + "".join(entry(s) for s in paper.stories)
        + "</urlset>"
    )
    return 200, "application/xml", body.encode(), {}


def build_paper(
    name: str,
    address: str,
    title: str,
    stories: list[Story],
    union_sections: tuple[str, ...],
    news_titles: bool = True,
    kind: str = "newspaper",
) -> Paper:
    """Start a newspaper serving ``stories``; see the module's text for its shape."""
    site = NamedSite(address, name=name).start()
    sections = list(dict.fromkeys(s.section for s in stories))
    paper = Paper(site, title, stories, union_sections, kind, sections)
    r = site.routes
    r["/robots.txt"] = (
        200,
        "text/plain",
        f"User-agent: *\nDisallow: /quan-tri/\nSitemap: {site.base}/sitemap.xml\n".encode(),
        {},
    )
    r["/sitemap.xml"] = (
        200,
        "application/xml",
        (
            '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{site.base}/sitemap-news.xml</loc></sitemap></sitemapindex>"
        ).encode(),
        {},
    )
    r["/sitemap-news.xml"] = _sitemap(paper, news_titles)
    newest = _newest_first(s for s in stories if s.listed)[:8]
    featured = [s for s in stories if not s.listed]
    main = (
        f'<div class="featured"><ul>{_items(featured, lead=False)}</ul></div>'
        f'<div class="latest"><h2>Tin mới</h2><ul>{_items(newest, lead=False)}</ul></div>'
        '<a href="/quan-tri/dang-nhap">Đăng nhập</a>'
    )
    r["/"] = _page(title, sections, "Trang chủ", main)
    for section in sections:
        if section != "thoi-su":
            r.update(_listing_pages(paper, section))
            r[f"/rss/{section}.rss"] = _feed(paper, section)
    for story in stories:
        r[story.path] = _story_page(paper, story)
    return paper


def paper_a(address: str = "127.0.0.151") -> Paper:
    """Sections "Công đoàn" (16 union stories), "Xã hội" (2 union among 7 others), 4 other
    sections of 7 stories, 2 union stories on the home page only; news titles in its sitemap."""
    stories = [union_story(i, "cong-doan", "html") for i in range(16)]
    stories += [union_story(i, "xa-hoi", "html") for i in (16, 17)]
    stories += [union_story(i, "thoi-su", "html", listed=False) for i in (18, 19)]
    for k, section in enumerate(("the-thao", "giao-thong", "kinh-te", "van-hoa", "xa-hoi")):
        stories += [other_story(10 * k + j, section, "html") for j in range(7)]
    return build_paper("bao-a.test", address, "Báo Thử A", stories, ("cong-doan",))


def paper_b(address: str = "127.0.0.152") -> Paper:
    """Section "Lao động - Việc làm" (12 union stories and 2 on vocational schools), "Xã hội"
    (2 union among 6 others), 4 other sections of 6, 1 union story on the home page only;
    a sitemap without titles (links judged by their URL)."""
    stories = [union_story(20 + i, "lao-dong-viec-lam", "ldo") for i in range(12)]
    stories += [other_story(60 + j, "lao-dong-viec-lam", "ldo") for j in range(2)]
    stories += [union_story(i, "xa-hoi", "ldo") for i in (32, 33)]
    stories += [union_story(34, "thoi-su", "ldo", listed=False)]
    for k, section in enumerate(("the-thao", "giao-thong", "kinh-te", "van-hoa", "xa-hoi")):
        stories += [other_story(100 + 10 * k + j, section, "ldo") for j in range(6)]
    return build_paper("bao-b.test", address, "Báo Thử B", stories, ("lao-dong-viec-lam",), news_titles=False)


def paper_c(address: str = "127.0.0.153") -> Paper:
    """Registered without sections: its home page and sitemap are the way in. "Công đoàn"
    (10 union), "Xã hội" (3 union among 6 others), 4 other sections of 6, 2 union stories
    on the home page only."""
    stories = [union_story(40 + i, "cong-doan", "html") for i in range(10)]
    stories += [union_story(i, "xa-hoi", "html") for i in (50, 51, 52)]
    stories += [union_story(i, "thoi-su", "html", listed=False) for i in (53, 54)]
    for k, section in enumerate(("the-thao", "giao-thong", "kinh-te", "van-hoa", "xa-hoi")):
        stories += [other_story(200 + 10 * k + j, section, "html") for j in range(6)]
    return build_paper("bao-c.test", address, "Báo Thử C", stories, ())


def federation(address: str = "127.0.0.154") -> Paper:
    """A provincial federation's own site: 4 union stories and 2 others in one "Xã hội"-style
    section; a union body's site is crawled whole, whatever its stories are about."""
    stories = [union_story(60 + i, "xa-hoi", "html") for i in range(4)]
    stories += [other_story(300 + j, "xa-hoi", "html") for j in range(2)]
    return build_paper(
        "ldld-thu.test", address, "Liên đoàn Lao động Thử", stories, (), kind="provincial_federation"
    )


def registry_toml(
    papers: list[Paper], provinces: dict[str, str], unconfirmed: frozenset[str] = frozenset()
) -> str:
    """A sites TOML registering ``papers`` (host -> province in ``provinces``): a paper with
    union sections as a newspaper with sections and its union feed; one without, by its home
    page and sitemap."""
    out = []
    for paper in papers:
        host = paper.site.name
        lines = [
            "[[site]]",
            f'host = "{host}"',
            f'name = "{paper.title}"',
            f'kind = "{paper.kind}"',
            f'province = "{provinces[host]}"',
            'cms = "newspaper"' if paper.kind == "newspaper" else 'cms = "generic"',
            f'status = "{"unconfirmed" if host in unconfirmed else "confirmed"}"',
            f'entry_points = ["{paper.url("/")}"]',
        ]
        if paper.union_sections:
            sections = ", ".join(f'"{paper.url(f"/{s}/")}"' for s in paper.union_sections)
            feeds = ", ".join(f'"{paper.url(f"/rss/{s}.rss")}"' for s in paper.union_sections)
            lines += [f"sections = [{sections}]", f"rss = [{feeds}]"]
        else:
            lines.append(f'sitemaps = ["{paper.url("/sitemap.xml")}"]')
        lines.append(f'evidence = [{{ url = "{paper.url("/")}", seen = "2024-12-01", how = "fixture" }}]')
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"
