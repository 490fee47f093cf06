"""Web archives as other tools write them, read as a user would (issue 9, reading side).

Every archive here is written by the test itself, byte by byte, with articles written for
this project; each builder's docstring says which writer's output it mimics (their shapes
were learnt from warcio's test files and from the WARC and ARC specifications, none of
their bytes is copied). Damage is one ``errors`` row and the records after it are read
where the format allows it (one gzip member per record); trailing padding is no damage.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import tracemalloc
import zlib
from collections.abc import Iterable
from pathlib import Path

import pytest

import unionnews
from unionnews.inputs.discover import list_inputs
from unionnews.inputs.warc import iter_warc
from unionnews.model import DocumentError

# -- articles written for these tests ----------------------------------------------------------

ARTICLES = {
    "https://ldld.laocai.gov.vn/tin-tuc/tong-ket-2023.html": (
        "Công đoàn Viên chức tỉnh Lào Cai tổng kết công tác năm 2023",
        "Thứ sáu - 12/01/2024 09:15",
        [
            "Ngày 11/01/2024, Công đoàn Viên chức tỉnh Lào Cai tổ chức hội nghị tổng kết công tác "
            "công đoàn năm 2023 và triển khai nhiệm vụ năm 2024.",
            "Trong năm, toàn ngành kết nạp 214 đoàn viên mới, nâng tổng số lên 6.130 đoàn viên sinh "
            "hoạt tại 149 công đoàn cơ sở; các cấp công đoàn đã thăm hỏi 318 đoàn viên ốm đau với "
            "số tiền 472 triệu đồng.",
            "Hội nghị đã khen thưởng 12 tập thể và 26 cá nhân có thành tích xuất sắc trong phong trào "
            "thi đua lao động giỏi.",
        ],
    ),
    "https://ldld.caobang.gov.vn/tin-tuc/mai-am-cong-doan.html": (
        "Cao Bằng: bàn giao 5 nhà Mái ấm công đoàn cho đoàn viên khó khăn",
        "Thứ ba - 05/12/2023 14:30",
        [
            "Ngày 04/12/2023, Liên đoàn Lao động tỉnh Cao Bằng phối hợp với Ủy ban nhân dân huyện "
            "Bảo Lạc bàn giao 5 nhà Mái ấm công đoàn cho đoàn viên có hoàn cảnh khó khăn về nhà ở.",
            "Mỗi căn nhà được hỗ trợ 60 triệu đồng từ Quỹ Mái ấm công đoàn của tỉnh; từ đầu năm đến "
            "nay toàn tỉnh đã xây mới và sửa chữa 37 nhà với tổng kinh phí hơn 2 tỷ đồng.",
            "Phát biểu tại buổi lễ, đại diện Liên đoàn Lao động tỉnh đề nghị các gia đình giữ gìn "
            "và sử dụng hiệu quả ngôi nhà mới.",
        ],
    ),
    "https://congdoan.thaibinh.gov.vn/tin/dai-hoi-cdcs.html": (
        "Thái Bình: Đại hội Công đoàn cơ sở Trường THPT Nguyễn Du nhiệm kỳ 2023 - 2028",
        "09:01 | 20/06/2023",
        [
            "Sáng 19/6/2023, Công đoàn cơ sở Trường THPT Nguyễn Du tổ chức đại hội nhiệm kỳ "
            "2023 - 2028 với sự tham dự của 86 đoàn viên.",
            "Nhiệm kỳ qua, công đoàn trường đã giới thiệu 7 đoàn viên ưu tú cho chi bộ xem xét kết "
            "nạp Đảng; 100% đoàn viên được tham gia các lớp bồi dưỡng chuyên môn.",
            "Đại hội đã bầu Ban Chấp hành gồm 5 đồng chí và thông qua nghị quyết với các chỉ tiêu "
            "trọng tâm cho nhiệm kỳ mới.",
        ],
    ),
    "https://ldld.kontum.gov.vn/tin-tuc/tet-sum-vay.html": (
        "Kon Tum: Chương trình Tết sum vầy năm 2024 trao 1.200 suất quà",
        "15:55 18/01/2024",
        [
            "Ngày 17/01/2024, Liên đoàn Lao động tỉnh Kon Tum tổ chức Chương trình Tết sum vầy năm "
            "2024 cho công nhân, viên chức, lao động trên địa bàn.",
            "Dịp này, các cấp công đoàn trong tỉnh trao 1.200 suất quà, mỗi suất trị giá 500.000 đồng, "
            "và tổ chức gian hàng phục vụ đoàn viên với hơn 3.000 lượt người tham gia.",
            "Đại diện lãnh đạo tỉnh ghi nhận sự đồng hành của tổ chức công đoàn với người lao động "
            "trong những ngày giáp Tết.",
        ],
    ),
}
URLS = list(ARTICLES)


def page(url: str) -> bytes:
    """An article page in the plain markup of a provincial portal (UTF-8)."""
    title, dateline, paragraphs = ARTICLES[url]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head>'
        f'<body><article><h1>{title}</h1><div class="date">{dateline}</div>{body}</article></body></html>'
    ).encode()


# -- record builders ---------------------------------------------------------------------------

CRLF = b"\r\n"


def http_response(
    body: bytes,
    *,
    status: str = "200 OK",
    ctype: str = "text/html; charset=utf-8",
    extra: Iterable[tuple[str, str]] = (),
) -> bytes:
    headers = [f"HTTP/1.1 {status}", f"Content-Type: {ctype}", *(f"{k}: {v}" for k, v in extra)]
    if not any(k.lower() == "transfer-encoding" for k, _ in extra):
        headers.append(f"Content-Length: {len(body)}")
    return "\r\n".join(headers).encode() + CRLF + CRLF + body


def http_request(url: str) -> bytes:
    host = url.split("/")[2]
    path = "/" + url.split("/", 3)[3]
    return f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: test\r\nAccept: */*\r\n\r\n".encode()


def chunked(body: bytes, size: int = 700) -> bytes:
    """HTTP chunked transfer coding with lower-case hex sizes and one chunk extension."""
    out = b""
    for i in range(0, len(body), size):
        piece = body[i : i + size]
        ext = ";note=1" if i == 0 else ""
        out += f"{len(piece):04x}{ext}".encode() + CRLF + piece + CRLF
    return out + b"0" + CRLF + CRLF


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def warc_record(
    rec_type: str,
    block: bytes,
    headers: Iterable[tuple[str, str]] = (),
    *,
    uri: str | None = None,
    version: str = "1.0",
    record_id: str | None = None,
    date: str = "2024-01-20T08:00:00Z",
    ctype: str | None = None,
) -> bytes:
    """One WARC record, its block followed by the two CRLF every writer puts after it."""
    rid = (
        record_id
        or f"<urn:uuid:{hashlib.md5(block + rec_type.encode()).hexdigest()[:8]}-0000-4000-8000-000000000000>"
    )
    lines = [f"WARC/{version}", f"WARC-Type: {rec_type}", f"WARC-Record-ID: {rid}", f"WARC-Date: {date}"]
    if uri is not None:
        lines.append(f"WARC-Target-URI: {uri}")
    lines += [f"{k}: {v}" for k, v in headers]
    if ctype is None:
        http = {"response": "response", "revisit": "response", "request": "request"}
        ctype = (
            f"application/http; msgtype={http[rec_type]}" if rec_type in http else "application/warc-fields"
        )
    lines += [f"Content-Type: {ctype}", f"Content-Length: {len(block)}"]
    return "\r\n".join(lines).encode() + CRLF + CRLF + block + CRLF + CRLF


def gz_members(records: Iterable[bytes]) -> bytes:
    """One gzip member per record, as every WARC writer compresses."""
    return b"".join(gzip.compress(r, mtime=0) for r in records)


def warcinfo(software: str, version: str = "1.0") -> bytes:
    fields = f"software: {software}\r\nformat: WARC File Format {version}\r\nhostname: crawler-01\r\n"
    return warc_record("warcinfo", fields.encode(), [("WARC-Filename", "crawl.warc")], version=version)


# -- archives in the shapes of real writers ----------------------------------------------------


def warcio_example_warc() -> bytes:
    """Mimics warcio's ``example.warc``: uncompressed; warcinfo, a response, its request, a
    revisit of the same page (identical payload digest) and a second request; the file
    ends with extra CRLF padding after the last record."""
    url = URLS[0]
    body = page(url)
    response = http_response(body)
    digest = sha1_b32(body)
    return (
        warcinfo("warcio.js/2.0")
        + warc_record("response", response, [("WARC-Payload-Digest", digest)], uri=url)
        + warc_record("request", http_request(url), uri=url)
        + warc_record(
            "revisit",
            http_response(b"").split(CRLF + CRLF)[0] + CRLF + CRLF,
            [
                ("WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"),
                ("WARC-Refers-To-Target-URI", url),
                ("WARC-Refers-To-Date", "2024-01-20T08:00:00Z"),
                ("WARC-Payload-Digest", digest),
            ],
            uri=url,
            date="2024-01-21T08:00:00Z",
        )
        + warc_record("request", http_request(url), uri=url, date="2024-01-21T08:00:00Z")
        + CRLF * 2
    )


def warcio_chunked_warc() -> bytes:
    """Mimics warcio's ``example-iana.org-chunked.warc`` (written by warcprox): uncompressed;
    a warcinfo, then a response kept as it came over the wire with ``Transfer-Encoding:
    chunked`` and block and payload digests, then its request; extra CRLF at the end."""
    url = URLS[1]
    wire = http_response(chunked(page(url)), extra=[("Transfer-Encoding", "chunked"), ("Server", "Apache")])
    return (
        warcinfo("warcprox 2.4")
        + warc_record(
            "response",
            wire,
            [("WARC-IP-Address", "203.162.10.5"), ("WARC-Block-Digest", sha1_b32(wire))],
            uri=url,
        )
        + warc_record("request", http_request(url), uri=url)
        + CRLF * 2
    )


def wget_warc_gz() -> bytes:
    """Mimics ``wget --warc-file``: one gzip member per record; a warcinfo naming Wget,
    request/response pairs whose ``WARC-Target-URI`` sits in angle brackets (as Wget 1.19
    to 1.20 wrote it), a 301 redirect before the page, and at the end a ``metadata`` record
    with the manifest and ``resource`` records holding the arguments and the log."""
    url = URLS[2]
    old = url.replace("/tin/", "/tin-cu/")
    records = [
        warcinfo("Wget/1.20.3 (linux-gnu)"),
        warc_record("request", http_request(old), uri=f"<{old}>"),
        warc_record(
            "response",
            http_response(b"", status="301 Moved Permanently", extra=[("Location", url)]),
            uri=f"<{old}>",
        ),
        warc_record("request", http_request(url), uri=f"<{url}>"),
        warc_record(
            "response", http_response(page(url)), [("WARC-IP-Address", "14.225.0.9")], uri=f"<{url}>"
        ),
        warc_record(
            "metadata",
            b"<urn:uuid:0001> wget_arguments.txt\n<urn:uuid:0002> wget.log\n",
            uri="metadata://gnu.org/software/wget/warc/MANIFEST.txt",
            ctype="text/plain",
        ),
        warc_record(
            "resource",
            b'"--warc-file=crawl" "' + url.encode() + b'"\n',
            uri="metadata://gnu.org/software/wget/warc/wget_arguments.txt",
            ctype="text/plain",
        ),
        warc_record(
            "resource",
            b"--2024-01-20 08:00:00--  " + url.encode() + b"\nSaving to: 'dai-hoi-cdcs.html'\n",
            uri="metadata://gnu.org/software/wget/warc/wget.log",
            ctype="text/plain",
        ),
    ]
    return gz_members(records)


def heritrix_warc_gz() -> bytes:
    """Mimics Heritrix 3: one gzip member per record; a warcinfo, a ``dns:`` response
    (``text/dns``), the page's response recorded raw off the wire (``Transfer-Encoding:
    chunked`` over ``Content-Encoding: gzip``), its request, and a ``metadata`` record of
    ``application/warc-fields`` (via, hopsFromSeed, outlinks) after each capture."""
    url = URLS[3]
    host = url.split("/")[2]
    body = chunked(gzip.compress(page(url), mtime=0), size=512)
    wire = http_response(body, extra=[("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")])
    fields = f"via: https://{host}/\r\nhopsFromSeed: L\r\noutlink: https://{host}/tin-tuc/ L a/@href\r\n"
    records = [
        warcinfo("Heritrix/3.4.0-20220727 http://crawler.archive.org"),
        warc_record(
            "response",
            f"20240120080000\n{host}.\t300\tIN\tA\t14.225.0.10\n".encode(),
            uri=f"dns:{host}",
            ctype="text/dns",
        ),
        warc_record("response", wire, [("WARC-Payload-Digest", sha1_b32(page(url)))], uri=url),
        warc_record("request", http_request(url), uri=url),
        warc_record("metadata", fields.encode(), uri=url),
    ]
    return gz_members(records)


def browsertrix_warc_gz() -> bytes:
    """Mimics Browsertrix Crawler: WARC/1.1, one gzip member per record; the page's response
    with ``WARC-Page-ID``, a ``resource`` record of ``urn:pageinfo:`` JSON, and a second
    capture stored as a ``revisit`` (identical-payload-digest profile) holding only the HTTP
    headers."""
    url = URLS[0]
    body = page(url)
    digest = sha1_b32(body)
    headers_only = http_response(body).split(CRLF + CRLF)[0] + CRLF + CRLF
    records = [
        warcinfo("Browsertrix-Crawler 1.0.4 (with warcio.js 2.2.1)", version="1.1"),
        warc_record(
            "response",
            http_response(body),
            [("WARC-Page-ID", "p1"), ("WARC-Payload-Digest", digest)],
            uri=url,
            version="1.1",
        ),
        warc_record(
            "resource",
            b'{"pageid": "p1", "urls": {}}',
            uri=f"urn:pageinfo:{url}",
            version="1.1",
            ctype="application/json",
        ),
        warc_record(
            "revisit",
            headers_only,
            [
                ("WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"),
                ("WARC-Refers-To-Target-URI", url),
                ("WARC-Refers-To-Date", "2024-01-20T08:00:00Z"),
                ("WARC-Payload-Digest", digest),
            ],
            uri=url,
            version="1.1",
            date="2024-01-22T08:00:00Z",
        ),
    ]
    return gz_members(records)


ARC_VERSION_BLOCK = b"1 0 InternetArchive\nURL IP-address Archive-date Content-type Archive-length\n"


def arc_records(urls: Iterable[str]) -> list[bytes]:
    """Mimics an Internet Archive ARC v1 file (Heritrix 1 / Alexa crawls): a ``filedesc://``
    record whose version block names the five fields of a URL record, then one URL record per
    page ("URL IP-address Archive-date Content-type Archive-length", then the raw HTTP
    response), each followed by a newline."""
    records = [
        b"filedesc://IA-20040925-00001.arc 0.0.0.0 20040925000741 text/plain "
        + str(len(ARC_VERSION_BLOCK)).encode()
        + b"\n"
        + ARC_VERSION_BLOCK
        + b"\n"
    ]
    for i, url in enumerate(urls):
        response = http_response(page(url), ctype="text/html")
        line = f"{url} 203.162.0.{i + 1} 2004092500{i:02d}13 text/html {len(response)}\n"
        records.append(line.encode() + response + b"\n")
    return records


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def urls_read(path: Path, max_bytes: int = 5_000_000) -> tuple[list[str], list[DocumentError]]:
    docs = list(iter_warc(path, max_bytes=max_bytes))
    return [d.url for d in docs if not isinstance(d, DocumentError)], [
        d for d in docs if isinstance(d, DocumentError)
    ]


# -- the regexes -------------------------------------------------------------------------------


def test_regexes():
    from unionnews.inputs.archives import ARC_HEADER_RE, CHUNK_SIZE_RE, GZIP_MEMBER_RE, RECORD_START_RE
    from unionnews.inputs.discover import ARCHIVE_SUFFIX_RE

    assert all(ARCHIVE_SUFFIX_RE.search(n) for n in ("a.warc", "b.WARC.GZ", "c.arc", "d.arc.gz"))
    assert not any(ARCHIVE_SUFFIX_RE.search(n) for n in ("e.warc.zst", "f.arc.txt", "g.parc", "h.gz"))
    assert RECORD_START_RE.match(b"WARC/1.1\r\nWARC-Type: response")
    assert RECORD_START_RE.match(b"http://ldld.x.vn/a.html 10.0.0.1 20040925001013 text/html 1406\n")
    assert RECORD_START_RE.match(b"filedesc://IA-1.arc 0.0.0.0 20040925000741 text/plain 76\n")
    assert not RECORD_START_RE.match(b"<!doctype html>") and not RECORD_START_RE.match(b"\x00" * 40)
    assert ARC_HEADER_RE.match("http://x.vn/a b.html 10.0.0.1 20040925001013 text/html 1406")
    assert ARC_HEADER_RE.match("filedesc://IA-1.arc 0.0.0.0 200409250007 text/plain 76")
    assert not ARC_HEADER_RE.match('<p class="a">Năm 2023 có 1.200 suất quà 500 đồng</p>')
    assert CHUNK_SIZE_RE.match(b"1c37\r\n") and CHUNK_SIZE_RE.match(b"0400;name=value\r\n")
    assert not CHUNK_SIZE_RE.match(b"<!doctype html>\r\n") and not CHUNK_SIZE_RE.match(b"12 34\r\n")
    assert [m.start() for m in GZIP_MEMBER_RE.finditer(b"ab\x1f\x8b\x08cd\x1f\x8b\x00")] == [2]


# -- trailing padding, chunked bodies: valid archives are read whole ---------------------------


def test_uncompressed_warc_with_trailing_crlf_is_not_damaged(tmp_path: Path):
    """warcio's example.warc shape: extra CRLF after the last record is padding (c04602f:
    DamagedArchive, exit status 1)."""
    path = write(tmp_path, "example.warc", warcio_example_warc())
    ds = unionnews.extract([path])
    assert list(ds.errors.error) == []
    assert list(ds.articles.url) == [URLS[0]]  # the revisit and the requests are no pages


def test_chunked_response_in_an_uncompressed_warc(tmp_path: Path):
    """warcio's example-iana.org-chunked.warc shape (c04602f: DamagedArchive)."""
    path = write(tmp_path, "iana-chunked.warc", warcio_chunked_warc())
    ds = unionnews.extract([path])
    assert list(ds.errors.error) == []
    (text,) = ds.articles.text
    assert "Bảo Lạc" in text and "0400" not in text  # chunk sizes are no text


def test_uncompressed_warc_cut_short_is_damaged(tmp_path: Path):
    """The padding rule does not hide a truncated uncompressed archive (passes on c04602f too)."""
    data = warcio_chunked_warc()
    path = write(tmp_path, "cut.warc", data[: len(data) // 2])
    urls, errors = urls_read(path)
    assert urls == [] and [e.error for e in errors] == ["DamagedArchive"]
    assert "offset" in errors[0].message


@pytest.mark.parametrize(
    ("name", "build", "expected"),
    [
        ("wget.warc.gz", wget_warc_gz, [URLS[2]]),
        ("heritrix.warc.gz", heritrix_warc_gz, [URLS[3]]),
        ("browsertrix.warc.gz", browsertrix_warc_gz, [URLS[0]]),
    ],
)
def test_archives_of_other_crawlers(tmp_path: Path, name, build, expected):
    """wget, Heritrix and Browsertrix shapes: their pages, nothing else, no error."""
    path = write(tmp_path, name, build())
    urls, errors = urls_read(path)
    assert urls == expected and errors == []


def test_wget_redirect_becomes_an_alias(tmp_path: Path):
    path = write(tmp_path, "wget.warc.gz", wget_warc_gz())
    (doc,) = iter_warc(path, max_bytes=5_000_000)
    assert doc.aliases == (URLS[2].replace("/tin/", "/tin-cu/"),)


def test_heritrix_raw_body_is_dechunked_and_gunzipped(tmp_path: Path):
    path = write(tmp_path, "heritrix.warc.gz", heritrix_warc_gz())
    (doc,) = iter_warc(path, max_bytes=5_000_000)
    assert doc.data == page(URLS[3])


# -- ARC ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["IA-2004.arc", "IA-2004.arc.gz"])
def test_arc_files_are_read_like_warc(tmp_path: Path, name):
    """ARC v1 (c04602f: an .arc named on the command line was "not Vietnamese" or binary,
    and a folder's .arc files were not listed)."""
    records = arc_records(URLS[:2])
    data = gz_members(records) if name.endswith(".gz") else b"".join(records)
    folder = tmp_path / "in"
    folder.mkdir()
    path = write(folder, name, data)
    assert list_inputs([folder]) == [path]
    ds = unionnews.extract([folder])
    assert list(ds.errors.error) == []
    assert list(ds.articles.url) == URLS[:2]
    assert list(ds.articles.fetched_at) == ["2004-09-25T00:00:13Z", "2004-09-25T00:01:13Z"]
    assert all("#offset=" in s for s in ds.articles.source_path)  # ARC records have no id


# -- damage: one row, and the records after it where the format allows -------------------------


def _three_pages_gz() -> list[bytes]:
    return [gzip.compress(warc_record("response", http_response(page(u)), uri=u), mtime=0) for u in URLS[:3]]


def test_corrupt_member_is_one_error_and_the_next_members_are_read(tmp_path: Path):
    """A gzip member with corrupt deflate data (c04602f: the archive stopped there)."""
    members = _three_pages_gz()
    bad = bytearray(members[1])
    bad[len(bad) // 2 : len(bad) // 2 + 8] = b"\xff" * 8
    path = write(tmp_path, "damaged.warc.gz", members[0] + bytes(bad) + members[2])
    urls, errors = urls_read(path)
    assert urls == [URLS[0], URLS[2]]
    assert [e.error for e in errors] == ["DamagedArchive"]
    assert f"offset {len(members[0]):,}" in errors[0].message and "resumed" in errors[0].message


def test_junk_between_members_is_one_error(tmp_path: Path):
    """Bytes that are no gzip member between two records (c04602f: stopped there)."""
    members = _three_pages_gz()
    path = write(
        tmp_path, "junk.warc.gz", members[0] + b"<html>not a record</html>\n" * 20 + members[1] + members[2]
    )
    urls, errors = urls_read(path)
    assert urls == URLS[:3] and [e.error for e in errors] == ["DamagedArchive"]
    assert "no WARC or ARC record starts" in errors[0].message


def test_a_response_without_target_uri_is_one_row(tmp_path: Path):
    """warcio raised AttributeError on it and the whole run stopped (c04602f)."""
    members = _three_pages_gz()
    nameless = warc_record("response", http_response(page(URLS[3])))  # no WARC-Target-URI
    for name, data in [
        ("nameless.warc.gz", members[0] + gzip.compress(nameless, mtime=0) + members[1]),
        ("nameless.warc", gzip.decompress(members[0]) + nameless + gzip.decompress(members[1])),
    ]:
        ds = unionnews.extract([write(tmp_path, name, data)])
        assert list(ds.articles.url) == URLS[:2], name
        assert list(ds.errors.error) == ["BadRecord"], name
        assert "WARC-Target-URI" in ds.errors.message[0]


def test_next_member_skips_false_magic(tmp_path: Path):
    from unionnews.inputs.archives import next_member

    members = _three_pages_gz()
    data = members[0] + b"\x1f\x8b\x08 not a member" + members[1]
    path = write(tmp_path, "a.warc.gz", data)
    with path.open("rb") as fh:
        assert next_member(fh, 0) == len(members[0]) + len(b"\x1f\x8b\x08 not a member")
        assert next_member(fh, len(data) - len(members[1])) is None


def test_whole_file_gzip_is_read(tmp_path: Path):
    """``gzip crawl.warc``: one gzip stream, not a member per record (c04602f: DamagedArchive
    after the first record, warcio's "non-chunked gzip")."""
    data = gzip.compress(b"".join(gzip.decompress(m) for m in _three_pages_gz()), mtime=0)
    urls, errors = urls_read(write(tmp_path, "whole.warc.gz", data))
    assert urls == URLS[:3] and errors == []


def test_truncated_gz_archive_keeps_the_whole_records(tmp_path: Path):
    """A download that stopped (passes on c04602f too)."""
    members = _three_pages_gz()
    data = members[0] + members[1][: len(members[1]) // 2]
    urls, errors = urls_read(write(tmp_path, "cut.warc.gz", data))
    assert urls == [URLS[0]] and [e.error for e in errors] == ["DamagedArchive"]


def test_not_an_archive_at_all(tmp_path: Path):
    urls, errors = urls_read(write(tmp_path, "page.warc", page(URLS[0])))
    assert urls == [] and [e.error for e in errors] == ["DamagedArchive"]
    assert "offset 0" in errors[0].message


# -- bounded memory per record -----------------------------------------------------------------

MB = 1 << 20


def _big_archives(tmp_path: Path) -> dict[str, Path]:
    """Three 60 MB pages against a 20 MB limit: stated by Content-Length, in one 60 MB chunk
    (length unknown until read), and gzip-encoded zeros (a bomb in the HTTP body)."""
    filler = b"<p>" + "Công đoàn ".encode() * 100 + b"</p>\n"
    big = b"<html><body>" + filler * (60 * MB // len(filler)) + b"</body></html>"
    out = {}
    head = http_response(b"").split(CRLF + CRLF)[0].replace(b"Content-Length: 0", b"")
    plain = http_response(big)
    out["length"] = write(tmp_path, "length.warc", warc_record("response", plain, uri=URLS[0]))
    one_chunk = f"{len(big):x}".encode() + CRLF + big + CRLF + b"0" + CRLF + CRLF
    wire = head + b"Transfer-Encoding: chunked" + CRLF + CRLF + one_chunk
    out["chunk"] = write(tmp_path, "chunk.warc", warc_record("response", wire, uri=URLS[1]))
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"".join(packer.compress(bytes(MB)) for _ in range(200)) + packer.flush()
    wire = (
        head
        + b"Content-Encoding: gzip"
        + CRLF
        + f"Content-Length: {len(zeros)}".encode()
        + CRLF
        + CRLF
        + zeros
    )
    out["bomb"] = write(tmp_path, "bomb.warc", warc_record("response", wire, uri=URLS[2]))
    return out


@pytest.mark.slow
def test_records_over_max_bytes_are_refused_with_bounded_memory(tmp_path: Path):
    """A 60 MB page against max_bytes=20 MB holds no more than the limit in memory
    (c04602f read the rest of every record whole: about 3 times the record)."""
    archives = _big_archives(tmp_path)
    limit = 20_000_000
    for kind, path in archives.items():
        tracemalloc.start()
        try:
            docs = list(iter_warc(path, max_bytes=limit))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 2.5 * limit, f"{kind}: peak {peak / MB:.0f} MB"
        assert [(type(d).__name__, d.error) for d in docs] == [("DocumentError", "TooLarge")], kind
        assert "raise --max-bytes" in docs[0].message
    tracemalloc.start()
    try:
        list(iter_warc(archives["length"], max_bytes=limit))
        assert tracemalloc.get_traced_memory()[1] < 4 * MB  # refused from its length, unread
    finally:
        tracemalloc.stop()
