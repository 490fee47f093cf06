"""The site registry: packaged data, user overrides, lookup, CLI-argument resolution and errors."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from importlib import resources
from pathlib import Path

import pytest

from unionnews.errors import UnionNewsError
from unionnews.lexicon import find_province, provinces
from unionnews.sources.registry import (
    CMS_FAMILIES,
    FRAME_COLUMNS,
    HOST_RE,
    HTTP_URL_RE,
    KINDS,
    LISTING_PATTERN_RE,
    URL_SCHEME_RE,
    WWW_PREFIX_RE,
    Registry,
    RegistryError,
    Site,
    load_registry,
    normalize_host,
)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Two Vĩnh Phúc sites for tests only; the ".example" hosts are reserved and exist nowhere.
VINH_PHUC_TOML = """
[[site]]
host = "congdoan.vinhphuc.example"
name = "Liên đoàn Lao động tỉnh Vĩnh Phúc (test)"
kind = "provincial_federation"
province = "Vĩnh Phúc"
cms = "nukeviet"
entry_points = ["https://congdoan.vinhphuc.example/news/tin-tuc/"]
listing_pattern = "/news/tin-tuc/page-{n}/"
rss = ["https://congdoan.vinhphuc.example/rss/"]

[[site]]
host = "cdvc.vinhphuc.example"
name = "Công đoàn Viên chức tỉnh Vĩnh Phúc (test)"
kind = "civil_servants_union"
province = "vinh phuc"
entry_points = ["https://cdvc.vinhphuc.example/", "https://cdvc.vinhphuc.example/tin-tuc"]
sitemaps = ["https://cdvc.vinhphuc.example/sitemap.xml"]
active_years = [2012]
"""


@pytest.fixture(scope="module")
def packaged() -> Registry:
    return load_registry()


@pytest.fixture()
def with_vinh_phuc(tmp_path: Path) -> Registry:
    path = tmp_path / "my_sites.toml"
    path.write_text(VINH_PHUC_TOML, encoding="utf-8")
    return load_registry(path)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    return path


def packaged_tables() -> list[dict[str, object]]:
    text = resources.files("unionnews.sources").joinpath("sites.toml").read_text(encoding="utf-8")
    tables = tomllib.loads(text)["site"]
    assert isinstance(tables, list)
    return tables


# --- The packaged data ----------------------------------------------------------------------------


def test_packaged_registry_has_established_entries(packaged: Registry) -> None:
    assert len(packaged) >= 15
    for site in packaged:
        assert site.kind in KINDS and site.cms in CMS_FAMILIES
        assert site.notes, f"{site.host}: say in notes how the entry was established"
        assert site.entry_points, f"{site.host}: at least one entry point"
        if site.kind in ("provincial_federation", "civil_servants_union"):
            assert site.province, site.host


def test_every_packaged_province_is_written_exactly_as_in_provinces_tsv() -> None:
    names = {p.name for p in provinces()}
    for table in packaged_tables():
        if "province" in table:
            assert table["province"] in names, table["host"]
        assert "province_2025" not in table or table["province_2025"] in {
            p.province_2025 for p in provinces()
        }


def test_packaged_province_2025_is_filled_from_the_lexicon(packaged: Registry) -> None:
    for site in packaged:
        if site.province is None:
            assert site.province_2025 is None
        else:
            prov = find_province(site.province)
            assert prov is not None and site.province_2025 == prov.province_2025
    caobang = packaged.lookup("ldld.caobang.gov.vn")
    assert caobang is not None and caobang.province_2025 == "Cao Bằng"
    quangnam = packaged.lookup("congdoanquangnam.org.vn")
    assert quangnam is not None and quangnam.province_2025 == "Đà Nẵng"


def test_every_packaged_url_is_on_its_own_host(packaged: Registry) -> None:
    for site in packaged:
        for url in (*site.entry_points, *site.sections, *site.rss, *site.sitemaps):
            host = normalize_host(url)
            assert host == site.host or host.endswith("." + site.host), url
        if site.listing_pattern:
            assert normalize_host(site.listing_url(2) or "") == site.host


def test_packaged_hosts_are_unique_and_bare() -> None:
    hosts = [str(t["host"]) for t in packaged_tables()]
    assert len(hosts) == len(set(hosts))
    for host in hosts:
        assert host == normalize_host(host) and HOST_RE.match(host), host


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")
def test_hosts_named_in_the_seed_articles_are_registered(packaged: Registry) -> None:
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS.glob("*.txt")))
    urls = set(re.findall(r"https?://[\w.-]+", text))
    assert urls, "the seeds name at least one source site"
    for url in urls:
        site = packaged.lookup(url)
        assert site is not None, f"{url} appears in a seed article but is not registered"
    caobang = packaged.lookup("http://ldld.caobang.gov.vn")
    assert caobang is not None and caobang.cms == "nukeviet" and "seed" in caobang.notes


# --- Lookup --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "ldld.caobang.gov.vn",
        "www.ldld.caobang.gov.vn",
        "LDLD.CaoBang.gov.vn.",
        "http://ldld.caobang.gov.vn/news/tin-tuc/hoi-nghi-12.html",
        "https://www.ldld.caobang.gov.vn:443/?a=1#top",
        "ldld.caobang.gov.vn/news/",
    ],
)
def test_lookup_ignores_www_case_port_and_path(packaged: Registry, query: str) -> None:
    site = packaged.lookup(query)
    assert site is not None and site.host == "ldld.caobang.gov.vn" and site.province == "Cao Bằng"


def test_lookup_falls_back_to_a_registered_parent_domain_only(packaged: Registry) -> None:
    laodong = packaged.lookup("laodong.vn")
    assert laodong is not None
    assert packaged.lookup("https://news.laodong.vn/cong-doan/x-1.ldo") is laodong
    assert packaged.lookup("https://congdoanvietnam.laodong.vn/cong-doan/x-746193.ldo") is laodong
    assert packaged.lookup("notlaodong.vn") is None  # a suffix that is not a label boundary
    assert packaged.lookup("laodong.vn.example") is None
    # congdoan.hagiang.gov.vn is registered, its parent hagiang.gov.vn is not
    assert packaged.lookup("hagiang.gov.vn") is None
    assert packaged.lookup("www.hagiang.gov.vn") is None
    assert packaged.lookup("") is None
    assert "http://www.congdoan.vn/" in packaged and "example.org" not in packaged


# --- Merging a user file -------------------------------------------------------------------------


def test_user_entries_override_packaged_ones_with_the_same_host(tmp_path: Path, packaged: Registry) -> None:
    path = write(
        tmp_path,
        """
[[site]]
host = "www.laodong.vn"
name = "Lao Động (my copy)"
kind = "newspaper"
cms = "generic"
entry_points = ["https://www.laodong.vn/cong-doan/"]

[[site]]
host = "congdoan.vinhphuc.example"
name = "Test site"
kind = "sector_union"
province = "VĨNH PHÚC"
entry_points = ["https://congdoan.vinhphuc.example/"]
""",
    )
    merged = load_registry(path)
    assert len(merged) == len(packaged) + 1
    laodong = merged.lookup("https://laodong.vn/x")
    assert laodong is not None and laodong.name == "Lao Động (my copy)" and laodong.cms == "generic"
    assert laodong.rss == ()  # the user's entry replaces the packaged one whole, not field by field
    # the override keeps the packaged position; new hosts come after the packaged ones
    assert [s.host for s in merged.sites].index("laodong.vn") == [s.host for s in packaged.sites].index(
        "laodong.vn"
    )
    assert merged.sites[-1].host == "congdoan.vinhphuc.example"
    assert merged.sites[-1].province == "Vĩnh Phúc" and merged.sites[-1].province_2025 == "Phú Thọ"
    assert load_registry().lookup("laodong.vn") == packaged.lookup("laodong.vn")  # packaged data untouched


def test_user_file_fields_are_parsed_into_typed_values(with_vinh_phuc: Registry) -> None:
    federation = with_vinh_phuc.lookup("congdoan.vinhphuc.example")
    cdvc = with_vinh_phuc.lookup("cdvc.vinhphuc.example")
    assert isinstance(federation, Site) and isinstance(cdvc, Site)
    assert federation.listing_url(3) == "https://congdoan.vinhphuc.example/news/tin-tuc/page-3/"
    assert federation.seeds == (
        "https://congdoan.vinhphuc.example/news/tin-tuc/",
        "https://congdoan.vinhphuc.example/rss/",
    )
    assert cdvc.province == "Vĩnh Phúc" and cdvc.cms == "generic" and cdvc.active_years == (2012, None)
    assert cdvc.listing_url(2) is None
    with pytest.raises(AttributeError):
        cdvc.name = "changed"  # type: ignore[misc]


def test_a_given_province_2025_is_kept_in_its_canonical_spelling(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[[site]]
host = "a.hue.example"
name = "A"
kind = "sector_union"
province = "TT-Huế"
province_2025 = "hue"
entry_points = ["https://a.hue.example/"]
active_years = [2015, 2025]
""",
    )
    site = load_registry(path).lookup("a.hue.example")
    assert site is not None and site.province == "Thừa Thiên Huế" and site.province_2025 == "Huế"
    assert site.active_years == (2015, 2025)


# --- Resolving CLI arguments ---------------------------------------------------------------------


def test_resolve_keeps_urls_as_they_are(packaged: Registry) -> None:
    url = "https://ldld.caobang.gov.vn/news/tin-tuc/hoi-nghi-12.html?x=1"
    assert packaged.resolve(url) == [url]
    assert packaged.resolve("file:///data/page.html") == ["file:///data/page.html"]
    assert packaged.resolve("  https://unregistered.example/a  ") == ["https://unregistered.example/a"]


def test_resolve_expands_a_host_to_entry_points_feeds_and_sitemaps(packaged: Registry) -> None:
    assert packaged.resolve("laodong.vn") == [
        "https://laodong.vn/cong-doan",
        "https://laodong.vn/rss/cong-doan.rss",
    ]
    assert packaged.resolve("www.laodong.vn") == packaged.resolve("laodong.vn")
    assert packaged.resolve("news.laodong.vn") == packaged.resolve("laodong.vn")


@pytest.mark.parametrize(
    "token",
    [
        "Vĩnh Phúc",
        "vinh phuc",
        "VĨNH PHÚC",
        "  Vĩnh   Phúc ",
        unicodedata.normalize("NFD", "Vĩnh Phúc"),
    ],
)
def test_resolve_expands_a_province_to_all_its_sites(with_vinh_phuc: Registry, token: str) -> None:
    assert with_vinh_phuc.resolve(token) == [
        "https://baovinhphuc.com.vn/",  # the packaged newspaper first, then the user's sites
        "https://congdoan.vinhphuc.example/news/tin-tuc/",
        "https://congdoan.vinhphuc.example/rss/",
        "https://cdvc.vinhphuc.example/",
        "https://cdvc.vinhphuc.example/tin-tuc",
        "https://cdvc.vinhphuc.example/sitemap.xml",
    ]


def test_resolve_a_packaged_province_and_tone_placement(packaged: Registry) -> None:
    assert packaged.resolve("cao bang") == ["http://ldld.caobang.gov.vn/", "https://baocaobang.vn/"]
    # old and new tone placement both name Thanh Hóa
    assert (
        packaged.resolve("Thanh Hoá")
        == packaged.resolve("thanh hoa")
        == ["http://congdoanthanhhoa.org.vn/", "https://baothanhhoa.vn/"]
    )
    hcm = packaged.resolve("TP.HCM")
    assert "https://nld.com.vn/cong-doan.rss" in hcm


def test_seed_urls_resolves_every_argument_once(with_vinh_phuc: Registry) -> None:
    urls = with_vinh_phuc.seed_urls(["vinh phuc", "cdvc.vinhphuc.example", "https://x.example/a"])
    assert urls[-1] == "https://x.example/a"
    assert len(urls) == len(set(urls)) == 7


def test_resolve_errors_say_what_to_do(packaged: Registry) -> None:
    with pytest.raises(RegistryError, match=r"https://unregistered\.example/"):
        packaged.resolve("unregistered.example")
    with pytest.raises(RegistryError, match=r"Did you mean: laodong\.vn"):
        packaged.resolve("laodong.vm")
    only_laodong = Registry([s for s in packaged if s.host == "laodong.vn"])
    with pytest.raises(RegistryError, match="No registered site for the province Vĩnh Phúc"):
        only_laodong.resolve("vinh phuc")
    with pytest.raises(RegistryError, match="Did you mean: Vĩnh Phúc"):
        packaged.resolve("vinh phuk")
    with pytest.raises(RegistryError, match="neither a URL"):
        packaged.resolve("no such thing")
    with pytest.raises(RegistryError, match="empty"):
        packaged.resolve("   ")
    assert issubclass(RegistryError, UnionNewsError)


# --- The table for `unionnews sites` -------------------------------------------------------------


def test_as_frame_lists_every_site(packaged: Registry) -> None:
    frame = packaged.as_frame()
    assert list(frame.columns) == list(FRAME_COLUMNS) and len(frame) == len(packaged)
    row = frame.set_index("host").loc["liendoanlaodong.langson.gov.vn"]
    assert row["province"] == "Lạng Sơn" and row["cms"] == "portal"
    assert row["entry_points"].split(" ") == list(packaged.resolve("liendoanlaodong.langson.gov.vn"))


def test_as_frame_filters_by_old_or_2025_province_and_cms(with_vinh_phuc: Registry) -> None:
    assert set(with_vinh_phuc.as_frame(province="vinh phuc").host) == {
        "baovinhphuc.com.vn",
        "congdoan.vinhphuc.example",
        "cdvc.vinhphuc.example",
    }
    # Phú Thọ is both a pre-2025 province and the 2025 successor of Vĩnh Phúc and Hòa Bình
    phu_tho = with_vinh_phuc.as_frame(province="Phú Thọ")
    assert {"congdoandatto.org.vn", "baophutho.vn", "baovinhphuc.com.vn"} <= set(phu_tho.host)
    assert {"congdoan.vinhphuc.example", "cdvc.vinhphuc.example"} <= set(phu_tho.host)
    assert set(phu_tho.province_2025) == {"Phú Thọ"}
    assert set(with_vinh_phuc.as_frame(province="Huế").host) == {"huengaynay.vn", "baothuathienhue.vn"}
    nukeviet = with_vinh_phuc.as_frame(cms="nukeviet")
    assert set(nukeviet.cms) == {"nukeviet"} and "ldld.caobang.gov.vn" in set(nukeviet.host)
    assert with_vinh_phuc.as_frame(province="vinh phuc", cms="nukeviet").host.tolist() == [
        "congdoan.vinhphuc.example"
    ]
    with pytest.raises(RegistryError, match="CMS family 'joomla'"):
        with_vinh_phuc.as_frame(cms="joomla")
    with pytest.raises(RegistryError, match="not a province"):
        with_vinh_phuc.as_frame(province="Atlantis")


def test_cms_by_host_leaves_generic_sites_to_detection(packaged: Registry) -> None:
    families = packaged.cms_by_host()
    assert families["ldld.caobang.gov.vn"] == "nukeviet" and families["laodong.vn"] == "newspaper"
    assert "ldld.angiang.gov.vn" not in families  # CMS not established: the crawler detects it
    assert set(families.values()) <= set(CMS_FAMILIES) - {"generic"}


# --- Errors in a sites file ----------------------------------------------------------------------

GOOD = """
host = "a.example"
name = "A"
kind = "national"
entry_points = ["https://a.example/"]
"""


@pytest.mark.parametrize(
    ("body", "field", "hint"),
    [
        (GOOD + 'homepage = "https://a.example/"', "homepage", "unknown field"),
        (GOOD.replace('host = "a.example"', ""), "host", "missing"),
        (GOOD.replace('host = "a.example"', 'host = "https://a.example/"'), "host", "bare host name"),
        (GOOD.replace('host = "a.example"', 'host = "not a host"'), "host", "not a valid host"),
        (GOOD.replace('name = "A"', ""), "name", "missing"),
        (GOOD.replace('kind = "national"', 'kind = "club"'), "kind", "'club' is not one of"),
        (GOOD.replace('kind = "national"', ""), "kind", "missing; use one of"),
        (GOOD + 'cms = "joomla"', "cms", "'joomla' is not one of nukeviet"),
        (GOOD + 'coverage = "global"', "coverage", "'global' is not one of province, national"),
        (GOOD + 'province = "Atlantis"', "province", "not a province"),
        (GOOD.replace("national", "provincial_federation"), "province", "belongs to a province"),
        (GOOD + 'province = "Vĩnh Phúc"\nprovince_2025 = "Atlantis"', "province_2025", "34 units"),
        (GOOD.replace("https://a.example/", "https://b.example/"), "entry_points", "not on a.example"),
        (GOOD.replace("https://a.example/", "ftp://a.example/"), "entry_points", "not an http(s) URL"),
        (GOOD + "rss = [1, 2]", "rss", "list of URLs"),
        (GOOD + 'sitemaps = ["https://other.example/sitemap.xml"]', "sitemaps", "not on a.example"),
        (GOOD + 'listing_pattern = "/news/page-2/"', "listing_pattern", "one {n}"),
        (GOOD + 'listing_pattern = "https://a.example/p-{n}"', "listing_pattern", "path on the site"),
        (GOOD + "active_years = [2025, 2015]", "active_years", "ends before it starts"),
        (GOOD + 'active_years = ["2015"]', "active_years", "[start] or [start, end]"),
        (GOOD + "active_years = [2010, 2015, 2020]", "active_years", "[start] or [start, end]"),
        (GOOD + "notes = 3", "notes", "must be a non-empty string"),
    ],
)
def test_file_errors_name_the_file_entry_and_field(tmp_path: Path, body: str, field: str, hint: str) -> None:
    path = write(
        tmp_path, GOOD.join(["[[site]]", "\n[[site]]\n"]).replace("a.example", "first.example") + body
    )
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    err = info.value
    message = str(err)
    assert str(path) in message and "[[site]] entry 2" in message and f"field '{field}'" in message
    assert hint in message
    assert (err.path, err.index, err.field) == (str(path), 2, field)


def test_duplicate_hosts_in_one_file_are_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "[[site]]" + GOOD + "\n[[site]]" + GOOD.replace('"a.example"', '"www.a.example"'))
    with pytest.raises(RegistryError, match=r"entry 2: host a\.example is already registered by entry 1"):
        load_registry(path)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("[[site]\nhost = 1", "not valid TOML"),
        ('title = "my sites"\n[[site]]' + GOOD, "unknown top-level key(s) title"),
        ('site = "x"', "array of tables"),
        ("site = [1]", "entry 1"),
    ],
)
def test_file_level_errors(tmp_path: Path, text: str, hint: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RegistryError, match=re.escape(hint)) as info:
        load_registry(path)
    assert str(path) in str(info.value)


def test_a_missing_user_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(RegistryError, match=re.escape(str(missing))):
        load_registry(missing)


def test_a_user_file_in_a_legacy_encoding_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "cp1258.toml"
    path.write_bytes(("[[site]]" + GOOD.replace('"A"', '"Công đoàn"')).encode("cp1258"))
    with pytest.raises(RegistryError, match="not UTF-8"):
        load_registry(path)


def test_an_empty_user_file_adds_nothing(tmp_path: Path, packaged: Registry) -> None:
    assert load_registry(write(tmp_path, "# no sites yet\n")).sites == packaged.sites


# --- Named regexes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regex", "matches", "rejects"),
    [
        (
            HOST_RE,
            ["ldld.caobang.gov.vn", "nld.com.vn", "xn--cngon-ksa.vn", "a-b.example"],
            ["localhost", "-a.vn", "a..vn", "a_b.vn", "LDLD.gov.vn", "ldld.caobang.gov.vn/", "1.2.3.4"],
        ),
        (WWW_PREFIX_RE, ["www.congdoan.vn", "www2.nld.com.vn"], ["wwwcongdoan.vn", "congdoan.www.vn"]),
        (
            HTTP_URL_RE,
            ["https://laodong.vn/cong-doan", "HTTP://ldld.caobang.gov.vn"],
            ["ftp://a.vn/", "https:///path", "laodong.vn/cong-doan", "file:///x"],
        ),
        (
            URL_SCHEME_RE,
            ["https://a.vn", "file:///tmp/x.html", "s3+x://b"],
            ["laodong.vn", "//a.vn", "1ab://x"],
        ),
        (
            LISTING_PATTERN_RE,
            ["/news/tin-tuc/page-{n}/", "/tin-tuc/cong-doan-co-so?page={n}", "/trang-{n}.htm"],
            ["news/page-{n}", "/news/page-2/", "/a {n}", "/a/{n}/{n}", "https://a.vn/p-{n}"],
        ),
    ],
)
def test_named_regexes(regex: re.Pattern[str], matches: list[str], rejects: list[str]) -> None:
    for text in matches:
        assert regex.match(text), text
    for text in rejects:
        assert not regex.match(text), text


def test_normalize_host() -> None:
    assert normalize_host("HTTPS://WWW.Laodong.VN:443/a") == "laodong.vn"
    assert normalize_host("www.congdoan.vn.") == "congdoan.vn"
    assert normalize_host("congdoan.bentre.gov.vn/tin-tuc?page=2") == "congdoan.bentre.gov.vn"
    assert normalize_host("") == ""


def test_listing_templates_keep_the_page_placeholder():
    from unionnews.crawl.crawler import _canonical_template
    from unionnews.sources.cms import pattern_next_page

    templates = load_registry().listing_templates()
    assert templates["laodong.vn"].endswith("{n}")
    template = _canonical_template(templates["laodong.vn"])
    assert pattern_next_page(template, template.replace("{n}", "7")) == template.replace("{n}", "8")
