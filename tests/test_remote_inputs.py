"""Inputs named by fsspec URLs read as the same inputs on disk are read, named by their URL.

Only in-process filesystems are used (``file://``, ``memory://``); a socket that would leave
the machine fails the test.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import fsspec
import pytest
from test_warc_ranges import ARCHIVES, SIZES, URLS, page

import unionnews.inputs.remote as remote
from unionnews.inputs.discover import InputDocument, display_path, list_inputs, read_input
from unionnews.inputs.remote import (
    REMOTE_URL_RE,
    URL_USERINFO_RE,
    MissingFilesystem,
    RemoteNotFound,
    display_url,
    fetch_remote,
    is_remote,
    list_remote,
    plan_remote_warc,
    remote_documents,
)
from unionnews.inputs.tables import iter_table
from unionnews.inputs.warc import WarcRange, iter_warc, plan_warc
from unionnews.model import DocumentError

MAX_BYTES = 20_000

TEXT = (
    "Công đoàn Khu kinh tế tỉnh Quảng Ngãi trao 120 suất quà cho công nhân\n\n"
    "Ngày 20/1/2024, Công đoàn Khu kinh tế tỉnh trao 120 suất quà, mỗi suất 1 triệu đồng, cho "
    "công nhân có hoàn cảnh khó khăn đang làm việc tại Khu kinh tế Dung Quất.\n"
)
CSV = (
    "tieu_de,noi_dung\n"
    '"Hội thi an toàn vệ sinh viên giỏi","Có 48 thí sinh của 16 công đoàn cơ sở tham gia hội thi."\n'
    '"Tập huấn nghiệp vụ","Hơn 200 cán bộ công đoàn cơ sở được tập huấn kỹ năng thương lượng."\n'
)

#: The tree of inputs: relative path -> bytes (hidden files, an unknown extension and a dataset
#: folder are there to be skipped, as local discovery skips them).
TREE = {
    "a.txt": TEXT.encode(),
    "b.html": page(URLS[0]),
    "crawl.warc.gz": ARCHIVES["redirects.warc.gz"],
    "damaged.warc.gz": ARCHIVES["junk-between.warc.gz"],
    "rows.csv": CSV.encode(),
    "notes.md": b"# not an input\n",
    ".hidden.txt": TEXT.encode(),
    ".cache/d.txt": TEXT.encode(),
    "sub/c.txt": TEXT.encode(),
    "sub/deeper/e.htm": page(URLS[1]),
    "out/manifest.json": b"{}",
    "out/datapackage.json": b"{}",
    "out/articles.csv": CSV.encode(),
    "z.txt": TEXT.encode(),
}


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection but to this machine fails the test."""
    real = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "::1", "localhost") and not isinstance(address, str | bytes):
            raise AssertionError(f"a test tried the network: {address!r}")
        return real(self, address)

    def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a test tried to resolve {host!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", resolve)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    for name, data in TREE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


@pytest.fixture()
def memory() -> Iterator[str]:
    """The same tree in fsspec's in-memory filesystem; its URL."""
    fs = fsspec.filesystem("memory")
    root = f"/unionnews-test-{uuid.uuid4().hex}"
    for name, data in TREE.items():
        fs.pipe(f"{root}/{name}", data)
    yield f"memory://{root}"
    fs.rm(root, recursive=True)


def _file_url(path: Path) -> str:
    return path.resolve().as_uri()


def _relative(found: list[str], base: str) -> list[str]:
    assert all(url.startswith(base + "/") for url in found)
    return [url[len(base) + 1 :] for url in found]


# -- the regexes ---------------------------------------------------------------------------------


def test_remote_url_re() -> None:
    for url in (
        "s3://bucket/crawl/",
        "gs://b/a.warc.gz",
        "https://x.vn/a.jsonl",
        "file:///data/in",
        "memory://x",
    ):
        assert REMOTE_URL_RE.match(url) and is_remote(url), url
    assert REMOTE_URL_RE.match("GCS://b/x")["scheme"] == "GCS"  # type: ignore[index]
    for path in (
        "C:\\data\\crawl.warc",
        "C:/data/in",
        "c://odd/but/a/drive",
        "data/in",
        "/srv/in",
        "tin: a.txt",
    ):
        assert not REMOTE_URL_RE.match(path) and not is_remote(path), path


def test_url_userinfo_re() -> None:
    assert URL_USERINFO_RE.sub(r"\1***@", "https://an:pw@host.vn/a.txt") == "https://***@host.vn/a.txt"
    assert display_url("s3://bucket/a@b.txt") == "s3://bucket/a@b.txt"  # an @ in the path is no password
    assert display_url("https://host.vn/?to=a@b.vn") == "https://host.vn/?to=a@b.vn"


# -- listing -------------------------------------------------------------------------------------


def test_listing_a_file_url_folder_is_local_discovery(folder: Path) -> None:
    local = list_inputs([folder])
    assert all(isinstance(p, Path) for p in local)
    expected = [p.relative_to(folder).as_posix() for p in local if isinstance(p, Path)]
    assert (
        "sub/deeper/e.htm" in expected and "notes.md" not in expected and "out/articles.csv" not in expected
    )
    base = _file_url(folder)
    assert _relative(list_remote(base), base) == expected
    assert _relative(list_remote(base + "/"), base) == expected


def test_listing_memory_is_local_discovery(folder: Path, memory: str) -> None:
    expected = [p.relative_to(folder).as_posix() for p in list_inputs([folder]) if isinstance(p, Path)]
    assert _relative(list_remote(memory), memory) == expected


def test_a_file_url_lists_itself_whatever_its_name(folder: Path) -> None:
    url = _file_url(folder / "notes.md")
    assert list_remote(url) == [url]


def test_a_missing_url_is_a_clear_error(tmp_path: Path) -> None:
    url = _file_url(tmp_path / "khong-co" / "crawl.warc.gz")
    with pytest.raises(RemoteNotFound, match="no such file or folder") as caught:
        list_remote(url)
    assert url in str(caught.value)
    (row,) = remote_documents(url)
    assert isinstance(row, DocumentError) and row.error == "RemoteNotFound" and row.source == url


# -- filesystems that are not installed ----------------------------------------------------------


@pytest.mark.skipif(importlib.util.find_spec("gcsfs") is not None, reason="gcsfs is installed")
def test_a_missing_filesystem_names_its_package() -> None:
    with pytest.raises(MissingFilesystem, match="pip install gcsfs"):
        list_remote("gcs://bucket/crawl/")
    (row,) = remote_documents("gs://bucket/crawl/a.warc.gz")
    assert isinstance(row, DocumentError) and row.error == "MissingFilesystem" and "gcsfs" in row.message
    assert row.source == "gs://bucket/crawl/a.warc.gz"


def test_https_without_aiohttp_names_aiohttp() -> None:
    """Decided from fsspec's ImportError, whether or not aiohttp is installed here."""
    error = remote._missing("https://data.example.vn/crawl.warc.gz", ImportError("no module named aiohttp"))
    assert isinstance(error, MissingFilesystem)
    assert "pip install aiohttp" in str(error) and "https://data.example.vn/crawl.warc.gz" in str(error)
    if importlib.util.find_spec("aiohttp") is None:
        with pytest.raises(MissingFilesystem, match="aiohttp"):
            list_remote("https://data.example.vn/crawl/")


def test_an_unknown_scheme_is_a_clear_error() -> None:
    with pytest.raises(MissingFilesystem, match="no filesystem is known for khong-ro://"):
        list_remote("khong-ro://x/y.txt")


def test_a_password_in_a_url_is_never_shown() -> None:
    with pytest.raises(MissingFilesystem) as caught:
        remote.filesystem("khong-ro://an:matkhau@x/y.txt")
    assert "matkhau" not in str(caught.value) and "khong-ro://***@x/y.txt" in str(caught.value)


# -- documents -----------------------------------------------------------------------------------


def _expected(local: Path, url: str) -> list[InputDocument | DocumentError]:
    """What the local readers give for ``local``, named by ``url`` (written out here, not by
    the code under test)."""
    if local.name.endswith(".warc.gz"):
        items = list(iter_warc(local, max_bytes=MAX_BYTES))
    elif local.name.endswith(".csv"):
        items = list(iter_table(local, max_bytes=MAX_BYTES))
    else:
        items = [read_input(local, max_bytes=MAX_BYTES)]
    prefix, uri = display_path(local), local.resolve().as_uri()
    out: list[InputDocument | DocumentError] = []
    for item in items:
        if isinstance(item, DocumentError):
            assert item.source.startswith(prefix)
            out.append(replace(item, source=url + item.source[len(prefix) :]))
            continue
        assert item.path.startswith(prefix)
        link = url + item.url[len(uri) :] if item.url.startswith(uri) else item.url
        out.append(replace(item, path=url + item.path[len(prefix) :], url=link, abspath=None))
    return out


def test_documents_are_the_local_readers_named_by_the_url(folder: Path, tmp_path: Path) -> None:
    base = _file_url(folder)
    work = tmp_path / "work"
    work.mkdir()
    for url in list_remote(base):
        local = folder / url[len(base) + 1 :]
        got = list(remote_documents(url, max_bytes=MAX_BYTES, folder=work))
        assert got == _expected(local, url), url
        assert got and list(work.iterdir()) == []  # the copy is gone
    text = next(remote_documents(base + "/a.txt", folder=work))
    assert isinstance(text, InputDocument) and (text.path, text.url, text.abspath) == (
        base + "/a.txt",
    ) * 2 + (None,)


def test_memory_documents_match_too(folder: Path, memory: str) -> None:
    for name in ("a.txt", "b.html", "crawl.warc.gz", "damaged.warc.gz", "rows.csv"):
        url = f"{memory}/{name}"
        assert list(remote_documents(url, max_bytes=MAX_BYTES)) == _expected(folder / name, url), name


def test_a_text_over_the_limit_is_refused_without_a_copy(folder: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    url = _file_url(folder / "a.txt")
    (row,) = remote_documents(url, max_bytes=100, folder=work)
    local = read_input(folder / "a.txt", max_bytes=100)
    assert isinstance(row, DocumentError) and isinstance(local, DocumentError)
    assert (row.source, row.error, row.message) == (url, local.error, local.message)


def test_the_copy_is_removed_when_reading_stops_or_fails(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    url = _file_url(folder / "crawl.warc.gz")
    docs = remote_documents(url, max_bytes=MAX_BYTES, folder=work)
    next(docs)
    assert len(list(work.iterdir())) == 1  # the copy, while it is read
    docs.close()
    assert list(work.iterdir()) == []

    def broken(*args: Any) -> Iterator[InputDocument]:
        yield from ()
        raise RuntimeError("a reader that breaks")

    monkeypatch.setattr(remote, "_local_documents", broken)
    with pytest.raises(RuntimeError, match="breaks"):
        list(remote_documents(url, folder=work))
    assert list(work.iterdir()) == []


def test_fetch_keeps_the_name_and_never_overwrites(folder: Path, tmp_path: Path) -> None:
    url = _file_url(folder / "sub" / "c.txt")
    first = fetch_remote(url, tmp_path)
    second = fetch_remote(url, tmp_path)
    assert first == tmp_path / "c.txt" and second != first and second.name == "c.txt"
    assert first.read_bytes() == second.read_bytes() == TREE["sub/c.txt"]
    with pytest.raises(RemoteNotFound, match="no such file"):
        fetch_remote(_file_url(folder / "khong-co.txt"), tmp_path)
    assert not (tmp_path / "khong-co.txt").exists()


# -- remote archives read in ranges --------------------------------------------------------------


@pytest.mark.parametrize("name", ["crawl.warc.gz", "damaged.warc.gz"])
@pytest.mark.parametrize("size", SIZES)
def test_remote_ranges_give_what_the_whole_gives(
    folder: Path, memory: str, tmp_path: Path, name: str, size: int
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    for url in (_file_url(folder / name), f"{memory}/{name}"):
        plan = plan_remote_warc(url, size)
        assert plan == plan_warc(folder / name, size)
        parts = []
        for span in plan.ranges:
            for item in remote_documents(
                url, max_bytes=MAX_BYTES, span=span, redirects=plan.redirects, folder=work
            ):
                if span.stop is not None:
                    assert list(work.iterdir()) == []  # a range is read in place, not copied
                parts.append(item)
        assert parts == list(remote_documents(url, max_bytes=MAX_BYTES)) == _expected(folder / name, url)


def test_a_range_of_a_missing_archive_is_an_unreadable_row(tmp_path: Path) -> None:
    url = _file_url(tmp_path / "gone.warc.gz")
    (row,) = remote_documents(url, span=WarcRange(100, 900), redirects={})
    assert isinstance(row, DocumentError) and row.error == "Unreadable" and row.source == url


def test_a_range_is_for_archives_only(folder: Path) -> None:
    with pytest.raises(ValueError, match="web archives"):
        list(remote_documents(_file_url(folder / "a.txt"), span=WarcRange(0, 10)))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_url_is_refused_unopened(tmp_path: Path) -> None:
    pipe = tmp_path / "tin.txt"
    os.mkfifo(pipe)
    url = _file_url(pipe)
    assert list_remote(url) == [url]
    (row,) = remote_documents(url)  # opening it would wait for a writer forever
    assert isinstance(row, DocumentError) and row.error == "NotARegularFile" and row.source == url
