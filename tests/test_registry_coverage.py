"""The packaged site registry covers Vietnam: every province (63 before the July 2025 merger, 34
after) has its federation's site or its party newspaper, and every entry says what it rests on."""

from __future__ import annotations

from pathlib import Path

import pytest

from unionnews.lexicon import provinces
from unionnews.sources.registry import (
    ISO_DATE_RE,
    STATUSES,
    RegistryError,
    load_registry,
    normalize_host,
    packaged_sites,
)

CORE_KINDS = ("provincial_federation", "newspaper")


def test_every_province_has_its_federation_or_its_newspaper() -> None:
    registry = load_registry()
    names = sorted({p.name for p in provinces()})
    assert len(names) == 63
    missing = [n for n in names if not any(s.kind in CORE_KINDS for s in registry.by_province(n))]
    assert missing == [], f"provinces with neither a federation site nor a newspaper: {missing}"
    units = {p.province_2025 for p in provinces()}
    assert len(units) == 34
    covered = {s.province_2025 for s in registry if s.kind in CORE_KINDS}
    assert units <= covered


def test_every_entry_has_a_status_and_a_confirmed_one_has_evidence_on_its_own_host() -> None:
    for site in packaged_sites():
        assert site.status in STATUSES
        for item in site.evidence:
            assert ISO_DATE_RE.match(item.seen), (site.host, item.seen)
        if site.status == "confirmed":
            own = [e for e in site.evidence if normalize_host(e.url).endswith(site.host)]
            assert own, f"{site.host} is confirmed but no evidence URL is on it"


def test_hosts_are_unique_across_the_packaged_files() -> None:
    hosts = [s.host for s in packaged_sites()]
    assert len(hosts) == len(set(hosts))


@pytest.mark.parametrize(
    ("seen", "ok"),
    [
        ("2024-05-01", True),
        ("2022-10", True),
        ("2019", True),
        ("2024-13", False),
        ("05/2024", False),
        ("", False),
    ],
)
def test_the_date_evidence_carries_is_an_iso_date_or_its_year_and_month(seen: str, ok: bool) -> None:
    assert bool(ISO_DATE_RE.match(seen)) is ok


def _sites_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "my_sites.toml"
    path.write_text(
        '[[site]]\nhost = "congdoan.example.vn"\nname = "Công đoàn thử"\nkind = "sector_union"\n' + body,
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        ('status = "maybe"\n', "status", "is not one of confirmed, unconfirmed"),
        ('evidence = [{ url = "ftp://x.vn/a", seen = "2024-01-01" }]\n', "evidence", "not an http(s) URL"),
        ('evidence = [{ url = "https://x.vn/a", seen = "1/1/2024" }]\n', "evidence", "must be an ISO date"),
        (
            'evidence = [{ url = "https://x.vn/a", seen = "2024", where = "x" }]\n',
            "evidence",
            "unknown key 'where'",
        ),
        ('evidence = "https://x.vn/a"\n', "evidence", "must be a list of tables"),
        ('sections = ["https://other.vn/cong-doan"]\n', "sections", "is not on congdoan.example.vn"),
    ],
)
def test_a_user_file_with_a_wrong_new_field_names_it(
    tmp_path: Path, body: str, field: str, says: str
) -> None:
    with pytest.raises(RegistryError) as caught:
        load_registry(_sites_file(tmp_path, body))
    assert caught.value.field == field and says in str(caught.value)


def test_a_newspaper_with_union_sections_is_crawled_from_them(tmp_path: Path) -> None:
    body = (
        'status = "unconfirmed"\nsections = ["https://congdoan.example.vn/cong-doan"]\n'
        'entry_points = ["https://congdoan.example.vn/"]\n'
        'evidence = [{ url = "https://congdoan.example.vn/cong-doan/a-1.html", seen = "2024-05" }]\n'
    )
    path = _sites_file(tmp_path, body).read_text(encoding="utf-8").replace('"sector_union"', '"newspaper"')
    (tmp_path / "paper.toml").write_text(path, encoding="utf-8")
    site = load_registry(tmp_path / "paper.toml").lookup("congdoan.example.vn")
    assert site is not None and site.status == "unconfirmed" and site.evidence[0].seen == "2024-05"
    assert site.seeds == ("https://congdoan.example.vn/cong-doan",)  # not the home page
