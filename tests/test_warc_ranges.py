"""One archive read in parts (record ranges) gives exactly what it gives read whole.

Every archive here is built by the test with warcio's WARCWriter (damage added byte by byte
afterwards), holding pages written for this test.
"""

from __future__ import annotations

import gzip
import io
import itertools
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from unionnews.inputs.archives import Damage, scan
from unionnews.inputs.discover import InputDocument
from unionnews.inputs.warc import (
    WHOLE,
    WarcPlan,
    WarcRange,
    iter_warc,
    plan_warc,
    plan_warc_ranges,
    warc_redirects,
)
from unionnews.model import DocumentError

#: Small enough that the big page below is refused, large enough for every other page.
MAX_BYTES = 20_000
#: The sizes of range tried on every archive.
SIZES = (1, 2, 3, 7, 1000)

# -- pages written for these tests ---------------------------------------------------------------

ARTICLES = {
    "https://ldld.tuyenquang.gov.vn/tin-tuc/hoi-nghi-bch-2024.html": (
        "Tuyên Quang: Hội nghị Ban Chấp hành Liên đoàn Lao động tỉnh lần thứ 5",
        [
            "Ngày 8/3/2024, Liên đoàn Lao động tỉnh Tuyên Quang tổ chức hội nghị Ban Chấp hành lần "
            "thứ 5, khóa XVII, đánh giá kết quả công tác quý I.",
            "Trong quý, các cấp công đoàn kết nạp 412 đoàn viên, thành lập mới 6 công đoàn cơ sở.",
        ],
    ),
    "https://ldld.tuyenquang.gov.vn/tin-tuc/tham-cong-nhan.html": (
        "Thăm hỏi công nhân bị tai nạn lao động tại Khu công nghiệp Long Bình An",
        [
            "Chủ tịch Liên đoàn Lao động tỉnh đã đến thăm và trao 15 triệu đồng hỗ trợ 3 công nhân "
            "bị tai nạn lao động đang điều trị tại bệnh viện.",
        ],
    ),
    "https://congdoan.yenbai.gov.vn/bai-viet/mai-am-2024.html": (
        "Yên Bái: khởi công 4 nhà Mái ấm công đoàn",
        [
            "Mỗi nhà được hỗ trợ 50 triệu đồng từ Quỹ Xã hội công đoàn tỉnh.",
            "Năm 2024, Liên đoàn Lao động tỉnh phấn đấu hỗ trợ xây mới 20 nhà cho đoàn viên khó khăn.",
        ],
    ),
    "https://congdoan.yenbai.gov.vn/bai-viet/thang-cong-nhan.html": (
        "Phát động Tháng Công nhân năm 2024 với chủ đề an toàn lao động",
        ["Hơn 1.500 đoàn viên, người lao động tham dự lễ phát động tại thành phố Yên Bái."],
    ),
    "https://ldld.hatinh.gov.vn/tin/tet-doan-vien.html": (
        "Hà Tĩnh: 2.300 suất quà Tết Sum vầy cho đoàn viên",
        [
            "Tổng kinh phí chăm lo Tết cho đoàn viên, người lao động năm nay là 3,2 tỷ đồng, tăng 12% "
            "so với năm trước.",
        ],
    ),
    "https://ldld.hatinh.gov.vn/tin/dai-hoi-cdcs-truong.html": (
        "Đại hội Công đoàn cơ sở Trường Tiểu học Thạch Trung nhiệm kỳ 2023 - 2028",
        ["Đại hội bầu Ban Chấp hành 3 đồng chí; 100% đoàn viên tham gia bỏ phiếu."],
    ),
}
URLS = list(ARTICLES)


def page(url: str) -> bytes:
    """The page of one article, as a provincial portal would serve it."""
    title, paragraphs = ARTICLES[url]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


# -- records, each written alone by WARCWriter ---------------------------------------------------


def _written(build: Callable[[WARCWriter], None]) -> bytes:
    buffer = io.BytesIO()
    build(WARCWriter(buffer, gzip=False))
    return buffer.getvalue()


def response(
    url: str,
    body: bytes | None = None,
    *,
    status: str = "200 OK",
    ctype: str = "text/html; charset=utf-8",
    headers: Iterable[tuple[str, str]] = (),
) -> bytes:
    """A response record (the article's page unless ``body`` is given)."""
    http = StatusAndHeaders(status, [("Content-Type", ctype), *headers], protocol="HTTP/1.1")
    data = page(url) if body is None else body

    def build(writer: WARCWriter) -> None:
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(data), http_headers=http)
        writer.write_record(record)

    return _written(build)


def redirect(source: str, target: str, status: str = "301 Moved Permanently") -> bytes:
    return response(source, b"", status=status, headers=[("Location", target)])


def request(url: str) -> bytes:
    host = url.split("/")[2]
    http = StatusAndHeaders(f"GET /{url.split('/', 3)[3]} HTTP/1.1", [("Host", host)], is_http_request=True)

    def build(writer: WARCWriter) -> None:
        writer.write_record(
            writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http)
        )

    return _written(build)


def other(rec_type: str, url: str, block: bytes, ctype: str) -> bytes:
    """A warcinfo, metadata, resource or revisit record."""

    def build(writer: WARCWriter) -> None:
        record = writer.create_warc_record(url, rec_type, payload=io.BytesIO(block), warc_content_type=ctype)
        writer.write_record(record)

    return _written(build)


def warcinfo() -> bytes:
    def build(writer: WARCWriter) -> None:
        writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "unionnews-test/1"}))

    return _written(build)


def nameless(url: str) -> bytes:
    """A response without WARC-Target-URI (one BadRecord row)."""
    record = response(url)
    line = f"WARC-Target-URI: {url}\r\n".encode()
    assert line in record
    return record.replace(line, b"", 1)


def members(records: Iterable[bytes]) -> bytes:
    return b"".join(gzip.compress(r, mtime=0) for r in records)


def crawl() -> list[bytes]:
    """A crawl as our crawler and others write it: pages with their requests and metadata,
    an image, a 404, a revisit, and a resource record."""
    out = [warcinfo()]
    for i, url in enumerate(URLS):
        out += [request(url), response(url)]
        if i == 1:
            out.append(
                response(
                    "https://ldld.tuyenquang.gov.vn/anh/hoi-nghi.jpg", b"\xff\xd8\xff", ctype="image/jpeg"
                )
            )
        if i == 2:
            out.append(
                response("https://congdoan.yenbai.gov.vn/cu.html", b"<p>404</p>", status="404 Not Found")
            )
        if i == 3:
            out.append(other("revisit", url, b"", "application/http; msgtype=response"))
        out.append(other("metadata", url, b"via: https://example.vn/\r\n", "application/warc-fields"))
    out.append(other("resource", "urn:pageinfo:x", b'{"pages": 6}', "application/json"))
    return out


def with_redirects() -> list[bytes]:
    """Redirects before and after their targets, and a chain (an alias can come from a
    record of another range)."""
    old = [u.replace(".html", "-cu.html") for u in URLS]
    return [
        redirect(old[0], URLS[0]),
        response(URLS[0]),
        response(URLS[1]),
        response(URLS[2]),
        redirect(old[2], URLS[2], "302 Found"),
        redirect(old[4], old[3]),  # a chain: old 4 -> old 3 -> page 3
        response(URLS[3]),
        response(URLS[4]),
        redirect(old[3], URLS[3]),
        response(URLS[5]),
    ]


def arc_file(urls: Iterable[str]) -> list[bytes]:
    """ARC v1 records: a filedesc record, then one per page."""
    version = b"1 0 unionnews-test\nURL IP-address Archive-date Content-type Archive-length\n"
    records = [b"filedesc://test.arc 0.0.0.0 20050101000000 text/plain %d\n" % len(version) + version + b"\n"]
    for i, url in enumerate(urls):
        body = page(url)
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body
        line = f"{url} 10.0.0.{i + 1} 200501010{i}0000 text/html {len(http)}\n".encode()
        records.append(line + http + b"\n")
    return records


def _corrupt(member: bytes) -> bytes:
    bad = bytearray(member)
    bad[len(bad) // 2 : len(bad) // 2 + 8] = b"\xff" * 8
    return bytes(bad)


def _short_length(record: bytes) -> bytes:
    """A record whose WARC Content-Length is 40 bytes short (the rest reads as no record)."""
    head, _, rest = record.partition(b"Content-Length: ")
    number, _, tail = rest.partition(b"\r\n")
    return head + b"Content-Length: " + str(int(number) - 40).encode() + b"\r\n" + tail


def _big() -> bytes:
    body = page(URLS[0]).replace(b"</article>", b"<p>" + "Công đoàn ".encode() * 3000 + b"</p></article>")
    return response("https://ldld.tuyenquang.gov.vn/tin-tuc/bai-dai.html", body)


def archives() -> dict[str, bytes]:
    """Archive file name -> bytes, valid and damaged."""
    pages = crawl()
    page_members = [gzip.compress(r, mtime=0) for r in pages]
    middle = next(i for i, r in enumerate(pages) if b"WARC-Type: response" in r and URLS[2].encode() in r)
    return {
        "plain.warc": b"".join(pages),
        "members.warc.gz": members(pages),
        "redirects.warc.gz": members(with_redirects()),
        "redirects.warc": b"".join(with_redirects()),
        "non-response.warc.gz": members(
            [warcinfo(), request(URLS[0]), other("metadata", URLS[0], b"a: b\r\n", "application/warc-fields")]
        ),
        "one-record.warc.gz": members([response(URLS[0])]),
        "one-record.warc": response(URLS[1]),
        "empty.warc": b"",
        "empty.warc.gz": b"",
        "padding.warc": b"".join(pages) + b"\r\n" * 4,
        "corrupt-member.warc.gz": b"".join(
            [*page_members[:middle], _corrupt(page_members[middle]), *page_members[middle + 1 :]]
        ),
        "junk-between.warc.gz": b"".join(
            [*page_members[:middle], b"<html>no record</html>\n" * 30, *page_members[middle:]]
        ),
        "junk-first.warc.gz": gzip.compress(b"not an archive\n" * 10, mtime=0) + b"".join(page_members),
        "truncated.warc.gz": b"".join(page_members)[:-150],
        "short-length.warc": b"".join([*pages[:middle], _short_length(pages[middle]), *pages[middle + 1 :]]),
        "cut.warc": b"".join(pages)[: len(b"".join(pages)) * 2 // 3],
        "tail-junk.warc": b"".join(pages) + b"this is no record at all\n",
        "nameless.warc.gz": members(
            [response(URLS[0]), nameless(URLS[1]), response(URLS[2]), nameless(URLS[3]), response(URLS[4])]
        ),
        "nameless.warc": b"".join([response(URLS[0]), nameless(URLS[1]), response(URLS[2])]),
        "too-large.warc.gz": members([response(URLS[0]), _big(), response(URLS[1]), response(URLS[2])]),
        "old.arc": b"".join(arc_file(URLS)),
        "old.arc.gz": members(arc_file(URLS)),
        "not-an-archive.warc": page(URLS[0]),
    }


ARCHIVES = archives()
#: Archives that must really be split with one response per range (so the property is not
#: met by one range alone).
SPLIT = {name for name in ARCHIVES if not name.startswith(("empty", "one-record", "non-response", "not-an"))}


@pytest.fixture(params=sorted(ARCHIVES))
def archive(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / request.param
    path.write_bytes(ARCHIVES[request.param])
    return path


def _parts(path: Path, plan: WarcPlan) -> list[InputDocument | DocumentError]:
    return [
        item
        for span in plan.ranges
        for item in iter_warc(path, max_bytes=MAX_BYTES, span=span, redirects=plan.redirects)
    ]


def _responses(path: Path) -> list[int]:
    """The offsets of the whole response records of an archive."""
    found = scan(path, lambda record, offset: record.rec_type)
    return [item[0] for item in found if not isinstance(item, Damage) and item[1] == "response"]


# -- the key property ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_the_parts_give_what_the_whole_gives(archive: Path, size: int) -> None:
    whole = list(iter_warc(archive, max_bytes=MAX_BYTES))
    plan = plan_warc(archive, size)
    assert _parts(archive, plan) == whole
    if archive.name in SPLIT and size == 1:
        assert len(plan.ranges) == len(_responses(archive)) > 1


def test_the_archives_are_what_they_claim(tmp_path: Path) -> None:
    """The property is checked on pages, errors of records and damage of each kind."""

    def kinds(name: str) -> list[str]:
        path = tmp_path / name
        path.write_bytes(ARCHIVES[name])
        return [
            type(d).__name__ if isinstance(d, InputDocument) else d.error
            for d in iter_warc(path, max_bytes=MAX_BYTES)
        ]

    assert kinds("members.warc.gz") == ["InputDocument"] * 6
    assert kinds("corrupt-member.warc.gz").count("DamagedArchive") == 1
    assert kinds("corrupt-member.warc.gz").count("InputDocument") == 5
    assert kinds("junk-between.warc.gz") == ["InputDocument"] * 2 + ["DamagedArchive"] + ["InputDocument"] * 4
    assert kinds("junk-first.warc.gz") == ["DamagedArchive"] + ["InputDocument"] * 6
    assert (
        kinds("short-length.warc")[-1] == "DamagedArchive"
        and 0 < kinds("short-length.warc").count("InputDocument") < 6
    )
    assert kinds("nameless.warc.gz") == [
        "InputDocument",
        "BadRecord",
        "InputDocument",
        "BadRecord",
        "InputDocument",
    ]
    assert kinds("too-large.warc.gz") == ["InputDocument", "TooLarge", "InputDocument", "InputDocument"]
    assert kinds("old.arc.gz") == ["InputDocument"] * 6
    assert kinds("tail-junk.warc")[-1] == "DamagedArchive"
    assert kinds("empty.warc") == [] and kinds("padding.warc") == ["InputDocument"] * 6


def test_aliases_come_from_redirects_in_other_ranges(tmp_path: Path) -> None:
    path = tmp_path / "redirects.warc.gz"
    path.write_bytes(ARCHIVES[path.name])
    plan = plan_warc(path, 1)
    by_url = {d.url: d.aliases for d in _parts(path, plan) if isinstance(d, InputDocument)}
    old = [u.replace(".html", "-cu.html") for u in URLS]
    assert by_url[URLS[0]] == (old[0],)
    assert by_url[URLS[2]] == (old[2],)  # the redirect comes after the page, in another range
    assert by_url[URLS[3]] == tuple(sorted([old[3], old[4]]))  # a chain
    assert plan.redirects == warc_redirects(path)


# -- the plan ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_ranges_are_consecutive_and_hold_at_most_size_responses(archive: Path, size: int) -> None:
    ranges = plan_warc_ranges(archive, size)
    assert ranges[0].start == 0 and ranges[-1].stop is None
    assert all(a.stop == b.start for a, b in itertools.pairwise(ranges))
    assert all(r.stop is None or r.start < r.stop for r in ranges)
    offsets = _responses(archive)
    for r in ranges:
        held = [o for o in offsets if r.start <= o and (r.stop is None or o < r.stop)]
        assert 0 < len(held) <= size or (len(ranges) == 1 and not held)
    assert len(ranges) == max(1, -(-len(offsets) // size))  # as few ranges as the size allows


def test_one_gzip_stream_is_one_range(tmp_path: Path) -> None:
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(b"".join(crawl()), mtime=0))
    plan = plan_warc(path, 1)
    assert plan == WarcPlan((WHOLE,), None)
    docs = list(iter_warc(path, max_bytes=MAX_BYTES, span=plan.ranges[0], redirects=plan.redirects))
    assert [d.url for d in docs if isinstance(d, InputDocument)] == URLS


def test_a_missing_file_is_one_range_and_one_error(tmp_path: Path) -> None:
    path = tmp_path / "gone.warc.gz"
    assert plan_warc_ranges(path, 2) == [WHOLE]
    (error,) = iter_warc(path, max_bytes=MAX_BYTES, span=WHOLE)
    assert isinstance(error, DocumentError) and error.error == "Unreadable"
    assert error.message.startswith("cannot open the archive") and "were not read" not in error.message


def test_a_range_that_cannot_be_opened_says_which_records_it_lost(tmp_path: Path) -> None:
    (error,) = iter_warc(
        tmp_path / "gone.warc", max_bytes=MAX_BYTES, span=WarcRange(1200, 5000), redirects={}
    )
    assert isinstance(error, DocumentError) and error.error == "Unreadable"
    assert "from offset 1,200 to offset 5,000 were not read" in error.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_one_range_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "pipe.warc"
    os.mkfifo(path)
    assert plan_warc_ranges(path, 1) == [WHOLE]  # never opened (that would wait for a writer)
    assert [e.error for e in iter_warc(path, max_bytes=MAX_BYTES, span=WHOLE)] == ["NotARegularFile"]  # type: ignore[union-attr]
    assert list(iter_warc(path, max_bytes=MAX_BYTES, span=WarcRange(10, None))) == []


def test_a_range_size_below_one_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        plan_warc(tmp_path / "a.warc", 0)


def test_a_plan_travels_to_worker_processes(tmp_path: Path) -> None:
    path = tmp_path / "redirects.warc"
    path.write_bytes(ARCHIVES[path.name])
    plan = plan_warc(path, 2)
    again = pickle.loads(pickle.dumps(plan))
    assert again == plan and len(again.ranges) == 5 and again.redirects  # 10 responses
    assert all(isinstance(origins, frozenset) for origins in again.redirects.values())


def test_a_range_without_redirects_reads_them_itself(tmp_path: Path) -> None:
    path = tmp_path / "redirects.warc.gz"
    path.write_bytes(ARCHIVES[path.name])
    plan = plan_warc(path, 1)
    with_plan = [
        d for r in plan.ranges for d in iter_warc(path, max_bytes=MAX_BYTES, span=r, redirects=plan.redirects)
    ]
    alone = [d for r in plan.ranges for d in iter_warc(path, max_bytes=MAX_BYTES, span=r)]
    assert alone == with_plan


def test_damage_is_reported_by_the_range_that_holds_it(tmp_path: Path) -> None:
    path = tmp_path / "junk-between.warc.gz"
    path.write_bytes(ARCHIVES[path.name])
    plan = plan_warc(path, 1)
    reported = [
        [
            d.message
            for d in iter_warc(path, max_bytes=MAX_BYTES, span=r, redirects=plan.redirects)
            if isinstance(d, DocumentError)
        ]
        for r in plan.ranges
    ]
    holding = [i for i, messages in enumerate(reported) if messages]
    assert len(holding) == 1 and len(reported[holding[0]]) == 1
    span = plan.ranges[holding[0]]
    offset = int(reported[holding[0]][0].split("offset ")[1].split(" ")[0].replace(",", ""))
    assert span.start <= offset and (span.stop is None or offset < span.stop)


def test_damage_at_the_stop_is_left_to_the_next_stretch(tmp_path: Path) -> None:
    """A stretch ends before damage that starts where it stops, even where no record starts."""
    path = tmp_path / "junk-between.warc.gz"
    path.write_bytes(ARCHIVES[path.name])
    (damage,) = [item for item in scan(path, lambda record, offset: None) if isinstance(item, Damage)]
    before = list(scan(path, lambda record, offset: None, stop=damage.offset))
    assert before and not any(isinstance(item, Damage) for item in before)
    through = list(scan(path, lambda record, offset: None, stop=damage.offset + 1))
    (again,) = [item for item in through if isinstance(item, Damage)]
    assert (again.offset, str(again.error)) == (damage.offset, str(damage.error))
