"""Pages read from a WARC archive give the same articles and facts as the same pages as files."""

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import unionnews
from unionnews.inputs.warc import CHARSET_RE, HTML_TYPE_RE, iter_warc

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "https://ldld.nghean.gov.vn/news/tin-tuc/dai-hoi-19.html": ROOT
    / "corpus"
    / "nghean-nukeviet-daihoi.html",
    "https://baohagiang.vn/cong-doan/ban-giao-nha-mai-am.html": ROOT
    / "corpus"
    / "hagiang-newspaper-maiam.html",
}


def _record(writer: WARCWriter, url: str, status: str, ctype: str, body: bytes) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
    )


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    path = tmp_path / "crawl-1.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, file in PAGES.items():
            _record(writer, url, "200 OK", "text/html; charset=utf-8", file.read_bytes())
        _record(writer, "https://baohagiang.vn/anh.jpg", "200 OK", "image/jpeg", b"\xff\xd8\xff")
        _record(writer, "https://baohagiang.vn/cu.html", "404 Not Found", "text/html", b"<p>404</p>")
    return path


def test_regexes():
    assert HTML_TYPE_RE.match("text/html; charset=utf-8") and not HTML_TYPE_RE.match("image/png")
    assert CHARSET_RE.search("text/html; charset=windows-1258").group(1) == "windows-1258"


def test_only_html_pages_come_out(archive: Path):
    docs = list(iter_warc(archive, max_bytes=10_000_000))
    assert [d.url for d in docs] == list(PAGES)
    assert all(d.fetched_at and d.charset == "utf-8" for d in docs)


def test_same_facts_as_from_files(archive: Path):
    from_warc = unionnews.extract([archive])
    from_files = unionnews.extract(list(PAGES.values()))
    assert list(from_warc.articles.url) == list(PAGES)
    assert set(from_warc.articles.site) == {"ldld.nghean.gov.vn", "baohagiang.vn"}
    cols = ["value", "unit", "metric", "qualifier", "text"]
    assert (
        from_warc.figures[cols].reset_index(drop=True).equals(from_files.figures[cols].reset_index(drop=True))
    )
    assert from_warc.articles.fetched_at.notna().all()


def test_damaged_archive_keeps_what_was_read(archive: Path, tmp_path: Path):
    data = archive.read_bytes()
    assert gzip.decompress(data)  # the whole archive is readable
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.75)])  # a download that stopped early
    ds = unionnews.extract([cut])
    assert list(ds.errors.error) == ["DamagedArchive"]
    assert list(ds.articles.url) == [next(iter(PAGES))]  # the whole first page is kept
