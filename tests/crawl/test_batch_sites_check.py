"""`unionnews sites --check` asks each listed site's first seed, robots.txt obeyed; `unionnews sites`
shows each entry's status and how much evidence it rests on."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from unionnews.cli import main

from .batch_sites import Paper, build_paper, paper_a, registry_toml, union_story

LOOPBACK = ["--allow-private-addresses", "--timeout", "5"]


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def closed_port(address: str) -> int:
    """A port on ``address`` where nothing listens (bound, then released)."""
    with socket.socket() as sock:
        sock.bind((address, 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def papers() -> Iterator[list[Paper]]:
    good = paper_a("127.0.0.171")
    closed = build_paper(
        "dong-cua.test", "127.0.0.172", "Báo Đóng Cửa", [union_story(1, "cong-doan", "html")], ("cong-doan",)
    )
    closed.site.routes["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow: /\n", {})
    yield [good, closed]
    good.stop()
    closed.stop()


def registry(tmp_path: Path, papers: list[Paper]) -> tuple[Path, list[str]]:
    """A sites file: the papers (Nghệ An, the second unconfirmed) and a site where nothing
    listens (Hà Tĩnh); and the --resolve arguments that reach them."""
    port = closed_port("127.0.0.173")
    text = registry_toml(
        papers,
        {"bao-a.test": "Nghệ An", "dong-cua.test": "Nghệ An"},
        unconfirmed=frozenset({"dong-cua.test"}),
    )
    text += (
        '\n[[site]]\nhost = "vang-bong.test"\nname = "Báo Vắng Bóng"\nkind = "newspaper"\n'
        f'province = "Hà Tĩnh"\nentry_points = ["http://vang-bong.test:{port}/"]\n'
    )
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    resolve = [a for p in papers for a in ("--resolve", p.site.resolve)] + [
        "--resolve",
        "vang-bong.test=127.0.0.173",
    ]
    return path, resolve


def test_check_reports_each_site_and_fails_when_one_gives_no_page(papers, tmp_path: Path):
    sites, resolve = registry(tmp_path, papers)
    result = invoke("sites", "--sites", str(sites), "--sites-file-only", "--check", *resolve, *LOOPBACK)
    assert result.exit_code == 1, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines()[1:] if line.split()}
    assert rows.keys() >= {"bao-a.test", "dong-cua.test", "vang-bong.test"}
    assert rows["bao-a.test"].split()[1] == "200" and "/cong-doan/" in rows["bao-a.test"]
    assert "disallowed by robots.txt" in rows["dong-cua.test"]
    assert "connection refused" in rows["vang-bong.test"]
    good, closed = papers
    assert good.site.hits["/robots.txt"] == 1 and good.site.hits["/cong-doan/"] == 1  # one GET each
    assert closed.site.hits["/robots.txt"] == 1 and closed.site.hits["/cong-doan/"] == 0  # obeyed
    assert "1 of 3 sites answered" in result.output


def test_check_exits_0_when_every_listed_site_answers(papers, tmp_path: Path):
    sites, resolve = registry(tmp_path, papers)
    args = ["sites", "--sites", str(sites), "--sites-file-only", "--check", "--confirmed-only", *resolve]
    result = invoke(*args, "--province", "Nghệ An", *LOOPBACK)
    assert result.exit_code == 0, result.output
    assert "bao-a.test" in result.output and "dong-cua.test" not in result.output


def test_check_refuses_loopback_without_the_flag(papers, tmp_path: Path):
    sites, resolve = registry(tmp_path, papers)
    result = invoke("sites", "--sites", str(sites), "--sites-file-only", "--check", *resolve)
    assert result.exit_code == 1
    assert not papers[0].site.hits  # nothing asked of a private address
    assert "private" in result.output or "loopback" in result.output


def test_sites_shows_status_and_evidence_and_filters_unconfirmed(papers, tmp_path: Path):
    sites, _ = registry(tmp_path, papers)
    result = invoke("sites", "--sites", str(sites), "--sites-file-only")
    assert result.exit_code == 0, result.output
    header, *lines = result.output.splitlines()
    assert "status" in header.split() and "evidence" in header.split()
    rows = {line.split()[0]: line.split() for line in lines}
    assert set(rows) == {"bao-a.test", "dong-cua.test", "vang-bong.test"}
    assert rows["dong-cua.test"][-2:] == ["unconfirmed", "1"]  # status, evidence count
    assert rows["vang-bong.test"][-2:] == ["confirmed", "0"]
    confirmed = invoke("sites", "--sites", str(sites), "--sites-file-only", "--confirmed-only")
    assert "dong-cua.test" not in confirmed.output and "bao-a.test" in confirmed.output
    assert "ldld.caobang.gov.vn" in invoke("sites", "--confirmed-only").output  # the packaged registry


def test_resolve_must_name_an_address(tmp_path: Path):
    result = invoke("sites", "--check", "--resolve", "bao-a.test=not-an-address")
    assert result.exit_code == 2 and "NAME=ADDRESS" in result.output
