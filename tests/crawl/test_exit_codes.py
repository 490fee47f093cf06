"""Exit statuses of `unionnews crawl` and `run`, failures made visible (-v, `crawl-report`), and
the command line without ``fcntl`` (Windows).

Every site is served on loopback. The off-site host that does not resolve is answered by a
patched resolver: no DNS query leaves the machine.
"""

from __future__ import annotations

import csv
import errno
import io
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

from unionnews import cli, cli_crawl
from unionnews.crawl import CrawlOptions
from unionnews.crawl.state import CrawlState
from unionnews.crawl.warcstore import WarcStore

from .fixture_sites import Site, article_page, html, listing

FAST = ["--delay", "0.02", "--timeout", "3", "--allow-private-addresses"]
#: A host name no resolver knows (the test's resolver says so; nothing is sent).
GONE = "ldld.tinh-khong-ton-tai.example"
BROKEN = "/news/tin-tuc/loi-500.html"


def invoke(*args: str, quiet: bool = True):
    return CliRunner().invoke(cli.main, ["-q", *args] if quiet else list(args), catch_exceptions=False)


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries 0.02 s apart instead of 1, 2, 4 s (the schedule itself is tested elsewhere)."""
    monkeypatch.setattr(cli_crawl, "CrawlOptions", partial(CrawlOptions, backoff=0.02))


@pytest.fixture()
def no_such_host(monkeypatch: pytest.MonkeyPatch) -> None:
    """``GONE`` does not resolve; every other name resolves as usual (only loopback is used)."""
    real = socket.getaddrinfo

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if isinstance(host, str) and host.strip("[]").lower() == GONE:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def faulty_site(host: str, n_articles: int = 3) -> Site:
    """Articles, one page that answers 500 forever, and a link to a host that does not resolve."""
    site = Site(host).start()
    arts = [f"/news/tin-tuc/bai-{i}.html" for i in range(1, n_articles + 1)]
    site.routes["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow:\n", {})
    page = listing([*arts, BROKEN, f"http://{GONE}/news/tin-tuc/bai-da-mat.html"])
    site.routes["/news/"] = site.routes["/"] = html(page)
    for i, path in enumerate(arts, start=1):
        site.routes[path] = html(article_page(i))
    site.routes[BROKEN] = (500, "text/html", b"<h1>Internal Server Error</h1>", {})
    return site


@pytest.fixture()
def site() -> Iterator[Site]:
    s = faulty_site("127.0.0.61")
    yield s
    s.stop()


def seeds(site: Site) -> list[str]:
    """The site, and a seed on the host that does not resolve (its robots.txt fails on DNS)."""
    return [site.base + "/news/", f"http://{GONE}/news/"]


def summary_lines(output: str) -> list[str]:
    """The per-reason lines of the crawl summary."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if "URLs failed in this run" in line)
    return [line for line in lines[start + 1 :] if line.startswith("  ")]


def test_remote_failures_exit_0_with_one_line_per_reason(site, no_such_host, tmp_path: Path):
    result = invoke("crawl", *seeds(site), "--out", str(tmp_path / "c"), *FAST, quiet=False)
    assert result.exit_code == 0, result.output
    lines = summary_lines(result.output)
    assert any("server error 500" in line and BROKEN in line for line in lines), lines
    assert any("DNS failure" in line and GONE in line for line in lines), lines
    assert all("[remote]" in line for line in lines), lines
    reasons = [line.split("[")[0].split(maxsplit=1)[1].strip() for line in lines]
    assert len(reasons) == len(set(reasons)), lines  # one line per reason, with its count
    assert lines[0].split()[0].isdigit()
    assert "Traceback" not in result.output


def test_strict_makes_any_failure_status_1(site, no_such_host, tmp_path: Path):
    result = invoke("crawl", *seeds(site), "--out", str(tmp_path / "c"), *FAST, "--strict")
    assert result.exit_code == 1, result.output
    assert "server error 500" in result.output


def test_verbose_logs_each_failed_url_with_its_reason(site, no_such_host, tmp_path: Path):
    result = invoke("-v", "crawl", *seeds(site), "--out", str(tmp_path / "c"), *FAST, quiet=False)
    assert result.exit_code == 0, result.output
    failed = [line for line in result.output.splitlines() if line.startswith("INFO") and "failed: " in line]
    assert any(site.base + BROKEN in line and "server error 500" in line for line in failed), failed
    assert any(GONE in line and "DNS failure" in line for line in failed), failed


def test_max_pages_reached_with_work_left_is_status_3(site, tmp_path: Path):
    corpus = str(tmp_path / "c")
    result = invoke("crawl", site.base + "/news/", "--out", corpus, *FAST, "--max-pages", "2", quiet=False)
    assert result.exit_code == 3, result.output
    assert "URLs queued; run the same command again" in result.output
    result = invoke("crawl", site.base + "/news/", "--out", corpus, *FAST)
    assert result.exit_code == 0, result.output  # the rest, and the 500 page: the site's fault


@pytest.mark.parametrize("where", ["warc", "state"])
def test_a_full_disk_stops_the_crawl_with_status_4_and_one_line(
    site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
):
    def full(*args: object, **kwargs: object) -> object:
        raise OSError(errno.ENOSPC, "No space left on device")

    target = (WarcStore, "write") if where == "warc" else (CrawlState, "finish")
    corpus = str(tmp_path / "c")
    with monkeypatch.context() as patch:
        patch.setattr(*target, full)
        result = invoke("crawl", site.base + "/news/", "--out", corpus, *FAST)
    assert result.exit_code == 4, result.output
    errors = [line for line in result.output.splitlines() if "No space left on device" in line]
    assert len(errors) == 1 and errors[0].startswith("Error: crawl stopped: "), result.output
    assert "run the same command again" in errors[0] and "Traceback" not in result.output
    # the lock was released and what was stored is kept: the same command goes on
    result = invoke("crawl", site.base + "/news/", "--out", corpus, *FAST)
    assert result.exit_code == 0, result.output


def test_a_corpus_another_crawl_holds_is_status_4(site, tmp_path: Path):
    holder = CrawlState(tmp_path / "c")
    try:
        result = invoke("crawl", site.base + "/news/", "--out", str(tmp_path / "c"), *FAST)
    finally:
        holder.close()
    assert result.exit_code == 4 and "another unionnews crawl is running" in result.output
    assert not site.hits


def test_run_keeps_the_crawl_status_then_the_extraction_status(site, no_such_host, tmp_path: Path):
    out = tmp_path / "r"
    result = invoke("run", *seeds(site), "--out", str(out), *FAST)
    assert result.exit_code == 0, result.output  # remote failures only, every article extracted
    result = invoke("run", *seeds(site), "--out", str(out), *FAST, "--strict")
    assert result.exit_code == 0, result.output  # nothing failed in this run: all stored already
    result = invoke("run", site.base + "/", "--out", str(tmp_path / "r2"), *FAST, "--max-pages", "2")
    assert result.exit_code == 3, result.output
    assert (tmp_path / "r2" / "dataset").is_dir()  # what was crawled is extracted all the same


def test_crawl_report_lists_failures_by_reason_then_by_url(site, no_such_host, tmp_path: Path):
    corpus = tmp_path / "c"
    assert invoke("crawl", *seeds(site), "--out", str(corpus), *FAST).exit_code == 0
    result = invoke("crawl-report", str(corpus))
    assert result.exit_code == 0, result.output
    head, table = result.output.split("\n\n", 1)
    assert "failed URLs, by reason" in head
    assert any("server error 500" in line and line.split()[0] == "1" for line in head.splitlines())
    rows = table.splitlines()
    assert rows[0].split()[:4] == ["url", "status", "attempts", "last"]
    broken = next(line for line in rows if site.base + BROKEN in line)
    assert broken.split()[1:3] == ["500", "4"] and "server error 500" in broken
    assert any(GONE in line and "DNS failure" in line for line in rows[1:])

    result = invoke("crawl-report", str(corpus), "--csv")
    found = list(csv.DictReader(io.StringIO(result.output)))
    assert {"url", "status", "reason", "outcome", "attempts", "last_attempt", "detail"} <= set(found[0])
    by_url = {row["url"]: row for row in found}
    assert by_url[site.base + BROKEN]["status"] == "500"
    assert by_url[site.base + BROKEN]["outcome"] == "retries_exhausted"
    assert by_url[site.base + BROKEN]["attempts"] == "4" and by_url[site.base + BROKEN]["last_attempt"]
    assert any(row["reason"].startswith("robots.txt unavailable (DNS failure)") for row in found)

    only = invoke("crawl-report", str(corpus), "--csv", "--reason", "server error")
    assert [row["url"] for row in csv.DictReader(io.StringIO(only.output))] == [site.base + BROKEN]
    none = invoke("crawl-report", str(corpus), "--reason", "redirect loop", quiet=False)
    assert none.exit_code == 0 and "no failed URLs" in none.output


def test_crawl_report_of_a_folder_without_a_crawl_is_a_usage_error(tmp_path: Path):
    result = invoke("crawl-report", str(tmp_path))
    assert result.exit_code == 2 and "no crawl.sqlite" in result.output


# --- without fcntl (Windows) ----------------------------------------------------------------

NO_FCNTL = textwrap.dedent("""
    import sys
    sys.modules["fcntl"] = None  # what Windows has: no fcntl module
    import warnings
    warnings.simplefilter("ignore")  # filelock says it falls back to a lock file
    from click.testing import CliRunner
    import unionnews.cli
    from unionnews.crawl.state import CrawlState
    from pathlib import Path

    seed, corpus = sys.argv[1], Path(sys.argv[2])
    cli = ["-q", "crawl", seed, "--out", str(corpus), "--delay", "0.02", "--timeout", "3",
           "--allow-private-addresses"]
    holder = CrawlState(corpus)  # a crawl is working on the corpus
    busy = CliRunner().invoke(unionnews.cli.main, cli)
    holder.close()
    done = CliRunner().invoke(unionnews.cli.main, cli)
    print(busy.exit_code, done.exit_code, "fcntl" in sys.modules and sys.modules["fcntl"] is None)
    print(busy.output.strip().splitlines()[-1])
""")


def test_the_command_line_works_without_fcntl(tmp_path: Path):
    clean = faulty_site("127.0.0.62")
    del clean.routes[BROKEN]  # a site without faults: the crawl must succeed
    clean.routes["/news/"] = html(listing(["/news/tin-tuc/bai-1.html", "/news/tin-tuc/bai-2.html"]))
    try:
        proc = subprocess.run(
            [sys.executable, "-c", NO_FCNTL, clean.base + "/news/", str(tmp_path / "c")],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        clean.stop()
    assert proc.returncode == 0, proc.stderr
    status, message = proc.stdout.strip().splitlines()
    assert status == "4 0 True", proc.stdout + proc.stderr  # refused while held, then crawled
    assert "another unionnews crawl is running" in message
    assert clean.hits["/news/tin-tuc/bai-1.html"] == 1 and clean.hits["/news/tin-tuc/bai-2.html"] == 1
