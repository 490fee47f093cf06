"""One bad input never costs the run (issue 9, reading side).

Every input (a file, a record of a web archive, a row of a table) is read, decoded and
extracted inside its own guard: whatever goes wrong becomes one ``errors`` row with the
source, the stage and a message, and the run goes on. Inputs that would block or exhaust
the reader (a named pipe, a link to ``/dev/zero``, a gzip stream of zeros) are refused
before they can; runs that could hang on the code before this change run in a child
process with a timeout (and, on POSIX, a memory limit), so they fail instead of hanging.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from vi_encodings import to_cp1258

import unionnews
from unionnews.inputs.decode import decode_bytes
from unionnews.model import DocumentError

from .test_archives import (
    URLS,
    arc_records,
    gz_members,
    http_response,
    page,
    warc_record,
    warcio_example_warc,
)

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
POSIX = os.name == "posix"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")

#: Runs the extraction in a child process; prints what came out as JSON.
CHILD = r"""
import json, resource_probe, sys
args = json.loads(sys.argv[1])
import unionnews
if args.get("warm"):
    unionnews.extract([args["warm"]])  # load everything an extraction loads, for the baseline
before = resource_probe.peak_mb()
ds = unionnews.extract(args["inputs"], out=args.get("out"))
print(json.dumps({
    "errors": ds.errors[["source", "stage", "error", "message"]].to_dict("records"),
    "sources": [str(s) for s in ds.articles.source_path],
    "growth_mb": resource_probe.peak_mb() - before,
}))
"""
#: Peak memory of the process in MB (0 where ``resource`` is missing: Windows).
PROBE = """
def peak_mb():
    try:
        import resource
    except ImportError:
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""
#: The child's address space limit (POSIX): an extraction needs under 2 GB of it.
CHILD_MEMORY = 4 << 30


def _limit_memory() -> None:  # runs in the child, POSIX only
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))
    except (ValueError, OSError):  # macOS refuses RLIMIT_AS: the timeout alone guards the run
        return


def _child_env(tmp: Path) -> dict[str, str]:
    (tmp / "resource_probe.py").write_text(PROBE)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tmp), env.get("PYTHONPATH")]))
    return env


def run_child(args: dict, tmp: Path, timeout: float) -> dict:
    """Extract in a child process; fail (not hang) when it takes over ``timeout`` seconds."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, json.dumps(args)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=_child_env(tmp),
            preexec_fn=_limit_memory if POSIX else None,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the extraction did not finish within {timeout} s")
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def bad_name(folder: Path, raw: bytes, data: bytes) -> Path:
    """A file whose name holds bytes that are not UTF-8 (a name from an old zip or FTP)."""
    if os.name == "nt":
        pytest.skip("file names are Unicode on Windows")
    name = os.fsencode(folder) + b"/" + raw
    try:
        with open(name, "wb") as fh:
            fh.write(data)
    except OSError as exc:  # macOS and some file systems refuse such names
        pytest.skip(f"this file system refuses names that are not UTF-8: {exc}")
    return Path(os.fsdecode(name))


# -- 1. inputs that stopped the whole run ------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_read_and_written(tmp_path: Path, caplog):
    """c04602f: the article was read, then writing the dataset failed (UnicodeEncodeError:
    surrogates not allowed) and nothing was written.

    Its failure report must hold no such name either: pytest-xdist cannot send it.
    """
    caplog.set_level(logging.ERROR)
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPUS / "vinhphuc-text-daihoicdcs.txt", folder / "good.txt")
    bad_name(folder, b"tin-c\xf4ng-\xf0o\xe0n.txt", (CORPUS / "quangnam-cdvc-tongket.txt").read_bytes())
    bad_name(folder, b"r\xf4ng.txt", b"")
    try:
        ds = unionnews.extract([folder], out=tmp_path / "out")
    except Exception as exc:
        pytest.fail(ascii(f"the run stopped: {type(exc).__name__}: {exc}"), pytrace=False)
    assert (tmp_path / "out" / "articles.parquet").exists()
    named = ds.articles[ds.articles.source_path.str.contains("\\xf4", regex=False)]
    assert len(ds.articles) == 2 and len(named) == 1
    assert named.source_path.iloc[0].endswith(r"tin-c\xf4ng-\xf0o\xe0n.txt")
    assert any("not valid UTF-8" in n for n in named.notes.iloc[0])
    assert named.url.iloc[0].endswith("tin-c%F4ng-%F0o%E0n.txt")  # the file URI keeps the bytes
    assert list(ds.errors.error) == ["EmptyDocument"]
    assert ds.errors.source.iloc[0].endswith(r"r\xf4ng.txt")


def test_a_response_without_target_uri_costs_one_row(tmp_path: Path):
    """c04602f: warcio's AttributeError stopped the run."""
    nameless = warc_record("response", http_response(page(URLS[1])))
    good = warc_record("response", http_response(page(URLS[0])), uri=URLS[0])
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gz_members([nameless, good]))
    ds = unionnews.extract([path, CORPUS / "vinhphuc-text-daihoicdcs.txt"])
    assert list(ds.errors.error) == ["BadRecord"] and ds.errors.stage[0] == "read"
    assert len(ds.articles) == 2


def zeros_gz(path: Path, size: int = 1 << 30) -> Path:
    """A gzip stream of ``size`` zero bytes (about 1 MB for 1 GB): one 1 MB deflate block
    (full flush, so it can be repeated), written ``size / 1 MB`` times, with a valid trailer."""
    mb = 1 << 20
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = packer.compress(bytes(mb)) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    zeros = bytes(mb)
    for _ in range(size // mb):
        crc = zlib.crc32(zeros, crc)
    end = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()
    with path.open("wb") as fh:
        fh.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff")
        for _ in range(size // mb):
            fh.write(block)
        fh.write(end + crc.to_bytes(4, "little") + (size & 0xFFFFFFFF).to_bytes(4, "little"))
    return path


def test_zeros_gz_is_really_a_gigabyte(tmp_path: Path):
    path = zeros_gz(tmp_path / "z.gz", size=8 << 20)
    assert zlib.decompress(path.read_bytes(), 16 + zlib.MAX_WBITS) == bytes(8 << 20)


@pytest.mark.slow
def test_a_gigabyte_of_zeros_is_one_row_in_bounded_memory(tmp_path: Path):
    """c04602f: warcio read the stream as one header line (MemoryError, or hours)."""
    zeros = zeros_gz(tmp_path / "zeros.warc.gz")
    assert zeros.stat().st_size < 2 << 20
    good = CORPUS / "vinhphuc-text-daihoicdcs.txt"
    out = run_child({"inputs": [str(zeros), str(good)], "warm": str(good)}, tmp_path, timeout=60)
    assert [(e["error"], e["stage"]) for e in out["errors"]] == [("DecompressionBomb", "read")]
    assert out["errors"][0]["source"] == str(zeros)
    assert len(out["sources"]) == 1
    assert out["growth_mb"] < 150, out["growth_mb"]


# -- special files: refused unopened -----------------------------------------------------------

SPECIAL = {
    "fifo.html": "a named pipe (FIFO)",
    "fifo.warc.gz": "a named pipe (FIFO)",
    "fifo.jsonl": "a named pipe (FIFO)",
    "zero.txt": "a character device (a symbolic link to /dev/zero)",
    "null.html": "a character device (a symbolic link to /dev/null)",
    "socket.html": "a socket",
    "explicit-fifo.htm": "a named pipe (FIFO)",
}


@pytest.fixture(scope="module")
def special_run(tmp_path_factory) -> dict:
    """One run over a folder of special files next to a good article (and one named pipe given
    by name). c04602f blocked on opening the first pipe, and read /dev/zero until memory ran out."""
    if not (POSIX and hasattr(os, "mkfifo") and os.path.exists("/dev/zero")):
        pytest.skip("named pipes and /dev/zero are POSIX")
    tmp = tmp_path_factory.mktemp("special")
    folder = tmp / "in"
    folder.mkdir()
    shutil.copy(CORPUS / "vinhphuc-text-daihoicdcs.txt", folder / "good.txt")
    for name in ("fifo.html", "fifo.warc.gz", "fifo.jsonl"):
        os.mkfifo(folder / name)
    os.mkfifo(tmp / "explicit-fifo.htm")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "null.html").symlink_to("/dev/null")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(folder / "socket.html"))
    except OSError:
        del SPECIAL["socket.html"]  # a path too long for a socket address
    finally:
        server.close()
    return run_child({"inputs": [str(folder), str(tmp / "explicit-fifo.htm")]}, tmp, timeout=60)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SPECIAL))
def test_special_files_are_refused_without_being_opened(special_run: dict, name: str):
    if name not in SPECIAL:
        pytest.skip("no socket here")
    rows = [e for e in special_run["errors"] if Path(e["source"]).name == name]
    assert [(e["error"], e["stage"]) for e in rows] == [("NotARegularFile", "read")]
    assert rows[0]["message"].startswith(SPECIAL[name] + ", not a file")


@pytest.mark.slow
def test_special_files_leave_the_good_article(special_run: dict):
    assert [Path(s).name for s in special_run["sources"]] == ["good.txt"]
    assert len(special_run["errors"]) == len(SPECIAL)


def test_a_regular_file_behind_a_symlink_is_read(tmp_path: Path):
    """The check follows links: a link to a file is a file (passes on c04602f too)."""
    try:
        (tmp_path / "link.txt").symlink_to(CORPUS / "vinhphuc-text-daihoicdcs.txt")
    except OSError as exc:  # Windows without the right to make links
        pytest.skip(f"cannot make a symbolic link: {exc}")
    ds = unionnews.extract([tmp_path])
    assert len(ds.articles) == 1 and ds.errors.empty


# -- the guards: an exception anywhere is one row ----------------------------------------------


def test_an_exception_while_parsing_one_document_is_one_row(tmp_path: Path, monkeypatch):
    """c04602f caught only InputError around extract_article: a MemoryError, a RecursionError
    or a bug stopped the run."""
    import unionnews.extraction.documents as runner

    real = runner.extract_article

    def failing(data, **kw):
        if kw["path"].endswith("bad.txt"):
            raise MemoryError()
        return real(data, **kw)

    monkeypatch.setattr(runner, "extract_article", failing)
    for name in ("a.txt", "bad.txt", "b.txt"):
        shutil.copy(CORPUS / "vinhphuc-text-daihoicdcs.txt", tmp_path / name)
    ds = unionnews.extract([tmp_path])
    assert len(ds.articles) == 2
    assert [
        (Path(s).name, st, e)
        for s, st, e in zip(ds.errors.source, ds.errors.stage, ds.errors.error, strict=True)
    ] == [("bad.txt", "parse", "MemoryError")]


def test_an_exception_on_one_archive_record_is_one_row(tmp_path: Path, monkeypatch):
    """c04602f: a fault on one record (here forced) stopped the run."""
    import unionnews.inputs.warc as warc

    real = warc._document
    calls = []

    def failing(*args, **kw):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("forced fault")
        return real(*args, **kw)

    monkeypatch.setattr(warc, "_document", failing)
    records = [warc_record("response", http_response(page(u)), uri=u) for u in URLS[:3]]
    path = tmp_path / "a.warc.gz"
    path.write_bytes(gz_members(records))
    ds = unionnews.extract([path])
    assert list(ds.articles.url) == [URLS[0], URLS[2]]
    assert list(ds.errors.error) == ["RuntimeError"] and "forced fault" in ds.errors.message[0]


def test_an_exception_on_one_table_row_is_one_row(tmp_path: Path, monkeypatch):
    """c04602f: row_document caught only InputError."""
    import unionnews.inputs.rows as rows

    real = rows._document

    def failing(record, *args):
        if "hỏng" in str(record.get("title")):
            raise RecursionError("forced")
        return real(record, *args)

    monkeypatch.setattr(rows, "_document", failing)
    text = (CORPUS / "vinhphuc-text-daihoicdcs.txt").read_text(encoding="utf-8")
    lines = [
        {"title": t, "text": text.replace("Vĩnh Phúc", p)}
        for t, p in [("một", "Phú Thọ"), ("hỏng", "x"), ("ba", "Hà Nam")]
    ]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    ds = unionnews.extract([path])
    assert len(ds.articles) == 2
    assert list(ds.errors.source) == [f"{path}#2"] and list(ds.errors.error) == ["RecursionError"]


def test_a_reader_that_breaks_is_one_row_after_what_it_gave(tmp_path: Path, monkeypatch):
    """c04602f: an exception out of a reader (here a table reader) stopped the run."""
    import unionnews.extraction.documents as runner

    real = runner.iter_table

    def breaking(path, **kw):
        yield next(iter(real(path, **kw)))
        raise MemoryError()

    monkeypatch.setattr(runner, "iter_table", breaking)
    text = (CORPUS / "vinhphuc-text-daihoicdcs.txt").read_text(encoding="utf-8")
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.copy(CORPUS / "quangnam-cdvc-tongket.txt", tmp_path / "z.txt")
    ds = unionnews.extract([tmp_path])
    assert len(ds.articles) == 2
    assert list(ds.errors.error) == ["MemoryError"] and ds.errors.source[0] == str(path)


# -- 4. decoding: never silently garbled -------------------------------------------------------

PARAS = [
    "Năm 2023, Liên đoàn Lao động tỉnh Bắc Kạn kết nạp 1.215 đoàn viên mới, thành lập 12 công đoàn cơ sở.",
    "Các cấp công đoàn đã thăm hỏi, hỗ trợ 320 đoàn viên gặp khó khăn với tổng số tiền 480 triệu đồng.",
    "Hội nghị tổng kết đã biểu dương 15 tập thể và 32 cá nhân tiêu biểu trong phong trào thi đua.",
    "Ban Chấp hành Công đoàn tỉnh đề ra chỉ tiêu phát triển thêm 1.000 đoàn viên trong năm 2024.",
]


def test_decoding_regexes():
    from unionnews.inputs.decode import UTF8_VIETNAMESE_RE, WORD_SPLIT_RE

    assert all(UTF8_VIETNAMESE_RE.search(w.encode()) for w in ("ô", "đ", "ũ", "ơ", "ư", "ệ", "o\u0301"))
    assert not UTF8_VIETNAMESE_RE.search(to_cp1258("Công đoàn hỗ trợ")) and not UTF8_VIETNAMESE_RE.search(
        b"abc"
    )
    assert not UTF8_VIETNAMESE_RE.search("Ж ǩ —".encode())
    assert WORD_SPLIT_RE.split(b"<p>a b</p>") == [b"", b"<p>", b"a", b" ", b"b", b"</p>", b""]


def test_mixed_utf8_and_windows_1258_lines_are_each_decoded(tmp_path: Path):
    """An article whose later paragraphs were pasted from a windows-1258 page (c04602f: all
    of it read as windows-1258, the UTF-8 lines mojibake, with only "charset guessed")."""
    data = b"\n".join([PARAS[0].encode(), to_cp1258(PARAS[1]), PARAS[2].encode(), to_cp1258(PARAS[3])])
    decoded = decode_bytes(data)
    assert decoded.text == "\n".join(PARAS)
    assert decoded.notes == ["mixed encodings: 2 line(s) read as windows-1258, the rest as UTF-8"]
    path = tmp_path / "bac-kan.txt"
    path.write_bytes("Liên đoàn Lao động tỉnh Bắc Kạn\n\n".encode() + data)
    ds = unionnews.extract([path])
    (text,) = ds.articles.text
    assert all(p in text for p in PARAS) and "Ã" not in text
    assert any("mixed encodings" in n for n in ds.articles.notes[0])


def test_mixed_encodings_within_one_line_are_decoded_word_by_word():
    """Minified HTML is one line: its words are decoded one by one (c04602f: mojibake)."""
    data = b"<p>" + PARAS[0].encode() + b"</p><p>" + to_cp1258(PARAS[1]) + b"</p>"
    decoded = decode_bytes(data)
    assert decoded.text == f"<p>{PARAS[0]}</p><p>{PARAS[1]}</p>"
    assert decoded.notes[0].startswith("mixed encodings: ") and "word(s)" in decoded.notes[0]


def test_utf8_with_bytes_of_no_known_encoding_is_never_garbled():
    """The other segments read as no Vietnamese encoding: a few bad bytes are replaced with a
    note, more are an error (passes on c04602f too: the lenient UTF-8 path)."""
    few = decode_bytes((PARAS[0] * 20).encode() + b"\x8f\x90" + (PARAS[2] * 20).encode())
    assert few.encoding == "utf-8" and few.notes == ["2 invalid UTF-8 byte(s) replaced"]
    from unionnews.errors import DecodeError

    with pytest.raises(DecodeError):
        decode_bytes((PARAS[0] + "\n").encode() * 3 + bytes(range(0x80, 0x100)) * 2)


def test_a_few_nul_bytes_are_removed_with_a_note(tmp_path: Path):
    """c04602f: one NUL in the first 8 KB made a whole article "binary" (NotText)."""
    text = (CORPUS / "vinhphuc-text-daihoicdcs.txt").read_bytes()
    data = text[:300] + b"\x00" + text[300:900] + b"\x00\x00" + text[900:] + b"\x00" * 4096
    path = tmp_path / "nul.txt"
    path.write_bytes(data)
    ds = unionnews.extract([path])
    assert ds.errors.empty and len(ds.articles) == 1
    assert any("4099 NUL byte(s) removed" in n for n in ds.articles.notes[0])
    assert "\x00" not in ds.articles.text[0]


@pytest.mark.parametrize(
    "data",
    [
        "Công đoàn".encode("utf-16-le") * 200,  # UTF-16 without its byte-order mark
        b"\x00" * 5000,  # a file that was never written
        bytes(range(0, 32)) * 40 + "Công đoàn".encode() * 10,  # control bytes everywhere
    ],
)
def test_a_real_share_of_nul_or_control_bytes_is_binary(data: bytes):
    """Regression guard (passes on c04602f too)."""
    from unionnews.errors import NotText

    with pytest.raises(NotText):
        decode_bytes(data)


# -- 5. everything at once ---------------------------------------------------------------------


@pytest.mark.slow
def test_mixed_run_writes_every_good_article_and_one_row_per_bad_input(tmp_path: Path):
    """All the bad inputs above next to the sample corpus in one ``unionnews extract``: a
    dataset with every good article and exactly one errors row per bad input, exit status 1."""
    bad = tmp_path / "bad"
    bad.mkdir()
    expected: dict[str, str] = {}  # bad input -> its one error
    # archives: one with a nameless response, one with a corrupt member, a gigabyte of zeros
    good_records = [warc_record("response", http_response(page(u)), uri=u) for u in URLS]
    nameless = warc_record("response", http_response(page(URLS[3])))
    (bad / "nameless.warc.gz").write_bytes(gz_members([good_records[0], nameless]))
    expected["nameless.warc.gz"] = "BadRecord"
    members = [gz_members([r]) for r in good_records[1:3]]
    corrupt = bytearray(gz_members([good_records[0]]))
    corrupt[len(corrupt) // 2 : len(corrupt) // 2 + 8] = b"\xff" * 8
    (bad / "damaged.warc.gz").write_bytes(members[0] + bytes(corrupt) + members[1])
    expected["damaged.warc.gz"] = "DamagedArchive"
    zeros_gz(bad / "zeros.warc.gz")
    expected["zeros.warc.gz"] = "DecompressionBomb"
    (bad / "report.html").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    expected["report.html"] = "NotText"
    # good inputs in shapes that failed before: padding, ARC, NUL bytes, mixed encodings
    (bad / "example.warc").write_bytes(warcio_example_warc())
    (bad / "IA-2004.arc").write_bytes(b"".join(arc_records(URLS[3:])))
    corpus_text = (CORPUS / "quangnam-cdvc-tongket.txt").read_bytes()
    (bad / "nul.txt").write_bytes(corpus_text[:500] + b"\x00" + corpus_text[500:])
    mixed = b"\n".join([PARAS[0].encode(), to_cp1258(PARAS[1]), PARAS[2].encode(), to_cp1258(PARAS[3])])
    (bad / "mixed.txt").write_bytes("Liên đoàn Lao động tỉnh Bắc Kạn\n\n".encode() + mixed)
    good_extra = ["nul.txt", "mixed.txt"]
    if POSIX and hasattr(os, "mkfifo"):
        os.mkfifo(bad / "pipe.html")
        expected["pipe.html"] = "NotARegularFile"
        (bad / "zero.txt").symlink_to("/dev/zero")
        expected["zero.txt"] = "NotARegularFile"
        bad_name(bad, b"c\xf4ng-\xf0o\xe0n.txt", corpus_text.replace("Quảng Nam".encode(), "Hà Nam".encode()))
        good_extra.append(r"c\xf4ng-\xf0o\xe0n.txt")
        bad_name(bad, b"r\xf4ng.txt", b"")
        expected[r"r\xf4ng.txt"] = "EmptyDocument"
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "unionnews", "-q", "extract", str(CORPUS), str(bad), "--out", str(out)]
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=120, preexec_fn=_limit_memory if POSIX else None
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the run did not finish within 120 s")
    assert done.returncode == 1, done.stderr[-3000:]
    ds = unionnews.load(out)
    sources = [str(s) for s in ds.articles.source_path]
    corpus_files = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".txt", ".html"))
    assert len(corpus_files) == 10
    assert sorted(Path(s).name for s in sources if s.startswith(str(CORPUS))) == corpus_files
    assert {Path(s).name for s in sources} >= set(good_extra)
    assert set(URLS) <= set(ds.articles.url)  # every page of every archive, whatever was damaged
    errors = sorted(
        (Path(s.split("#")[0]).name, e) for s, e in zip(ds.errors.source, ds.errors.error, strict=True)
    )
    assert errors == sorted(expected.items())
    assert all(isinstance(m, str) and len(m) > 30 for m in ds.errors.message)


def test_document_error_rows_are_plain_text():
    """A row's source is always encodable (the writers need it)."""
    from unionnews.errors import Unreadable
    from unionnews.inputs.discover import display_path, error_row

    row = error_row("dir/t\udcf4n.txt", Unreadable("gone"))
    assert isinstance(row, DocumentError) and row.source == r"dir/t\xf4n.txt"
    row.source.encode("utf-8")
    assert display_path("dir/tên.txt") == "dir/tên.txt"
