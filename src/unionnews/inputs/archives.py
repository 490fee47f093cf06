"""The records of WARC and ARC archives, read with bounded memory and past damage.

warcio parses the records; this module sets limits on it and recovers from damage:

* a header line is read up to :data:`MAX_LINE` bytes, and a gzip member may unpack to at
  most :data:`MAX_RATIO` times its compressed size (checked once it passed
  :data:`BOMB_FLOOR`): a gzip stream of zeros is refused after one block of it, never
  unpacked to its end (:class:`~unionnews.errors.DecompressionBomb`);
* corrupt gzip data raises :class:`~unionnews.errors.DamagedArchive` (warcio writes the
  error to stderr and reads on to the end of the file);
* a ``response`` record without ``WARC-Target-URI`` is a record like the others (warcio
  stops the whole archive on it with an ``AttributeError``);
* ARC files (the Internet Archive's format before WARC) are read as WARC records; their
  records have no ``WARC-Record-ID`` (warcio would invent a new one at every reading);
* after damage in a ``.gz`` archive written one record per gzip member (as every WARC and
  ARC writer does), reading resumes at the next member that opens a record; an
  uncompressed archive ends at the damage;
* blank lines (CR/LF padding) after the last record are no damage;
* a ``.gz`` archive compressed as one gzip stream (``gzip crawl.warc``) is read as it
  unpacks, without resuming after damage.

:func:`scan` calls a function on every record and yields what it returns, or a
:class:`Damage`; :func:`read_payload` reads the body of a record's HTTP response
(chunked transfer and gzip/deflate content encoding undone) up to a size limit.

:func:`scan` can also read only the records that start in a stretch of the archive
(``start``/``stop``, offsets of record starts in the file as stored): an uncompressed
archive, or a ``.gz`` archive written one record per gzip member, can be read from any
record's start, so one big archive can be split between workers. An archive may be
given as a local path or as a function that opens it (an fsspec file of a remote archive).
"""

from __future__ import annotations

import gzip
import logging
import re
import zlib
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar, cast

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException, DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ARC2WARCHeadersParser, ArcWarcRecord, ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser, StatusAndHeadersParserException

from unionnews.errors import BadRecord, DamagedArchive, DecompressionBomb, InputError, TooLarge, Unreadable

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: A function that opens an archive that is no local file (an fsspec file of a remote one):
#: a binary file object that can seek.
Opener = Callable[[], IO[bytes]]

#: Longest header line read (WARC, ARC and HTTP headers; a chunk-size line): longer is damage.
MAX_LINE = 1 << 20
#: A gzip member may unpack to this many times its compressed size (HTML: 4 to 10 times)…
MAX_RATIO = 100
#: …checked once it unpacked this many bytes (small members of headers pack tighter).
BOMB_FLOOR = 1 << 20
#: Compressed bytes unpacked at a time (warcio's block size): a block of zeros unpacks to 16 MB.
READ_BLOCK = 1 << 14
#: Bytes read at a time: body pieces, the scan for the next gzip member.
BLOCK = 1 << 16
#: Bytes of a body unpacked at a time (content encoding).
PIECE = 1 << 20

#: The magic bytes of a gzip member with the deflate method, where reading may resume.
GZIP_MEMBER_RE = re.compile(rb"\x1f\x8b\x08")
#: The first line of an archive record: "WARC/1.0", "WARC/1.1", or an ARC header line
#: "http://ldld.example.vn/tin/1.html 10.0.0.1 20040925001013 text/html 1406" (an ARC's
#: first record opens with "filedesc://…").
RECORD_START_RE = re.compile(rb"\A(?:WARC/\d\.\d+\r?\n|[a-z][a-z0-9+.-]*:\S* \S+ \d{14} \S+ \d+\r?\n)", re.I)
#: An ARC v1 header line: URL (spaces allowed, as old crawlers wrote them), IP address,
#: 14-digit date (12 in the oldest files), content type, length:
#: "http://ldld.example.vn/tin/1.html 10.0.0.1 20040925001013 text/html 1406".
ARC_HEADER_RE = re.compile(r"\A\S.* \S+ (?:\d{14}|\d{12}) \S+ \d+\s*\Z")
#: A chunk-size line of HTTP chunked transfer coding: "1c37\r\n", "0\r\n", "400;name=value\r\n".
CHUNK_SIZE_RE = re.compile(rb"\A([0-9A-Fa-f]{1,15})[ \t]*(?:;[^\r\n]*)?\r?\n\Z")
#: Content encodings undone, with the zlib window bits that read them.
INFLATE_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}

#: Errors that say the archive itself is damaged at the record being read (not the record's
#: page): reading goes on at the next gzip member, if any.
ARCHIVE_DAMAGE: tuple[type[BaseException], ...] = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    ChunkedDataException,
    DamagedArchive,
    DecompressionBomb,
    zlib.error,
    EOFError,
    OSError,
)


@dataclass(frozen=True, slots=True)
class Damage:
    """Where an archive could not be read, and why (the ``error`` names what was kept)."""

    offset: int
    error: InputError


class _BoundedReader(DecompressingBufferedReader):
    """warcio's reader with limits: lines of :data:`MAX_LINE` bytes at most, gzip members
    that unpack at most :data:`MAX_RATIO` times, and corrupt gzip data raised."""

    def _init_decomp(self, decomp_type: str | None) -> None:
        super()._init_decomp(decomp_type)  # at every new gzip member
        self.packed = 0
        self.unpacked = 0

    def _decompress(self, data: bytes) -> bytes:
        if not (self.decompressor and data):
            return data
        if self.num_block_read == 0:  # warcio reads a first block that does not unpack as it is
            out: bytes = super()._decompress(data)
        else:
            try:
                out = self.decompressor.decompress(data)
            except zlib.error as exc:
                raise DamagedArchive(f"corrupt gzip data ({exc})") from exc
        if self.decompressor is not None:
            self.packed += len(data)
            self.unpacked += len(out)
            if self.unpacked > BOMB_FLOOR and self.unpacked > MAX_RATIO * self.packed:
                raise DecompressionBomb(
                    f"a gzip member unpacks to over {MAX_RATIO} times its size ({self.packed:,} bytes "
                    f"gave {self.unpacked:,}): a decompression bomb or a stream of zeros, not an archive "
                    "written by a crawler; it is not unpacked further"
                )
        return out

    def readline(self, length: int | None = None) -> bytes:
        line: bytes = super().readline(MAX_LINE if length is None else min(length, MAX_LINE))
        return line


class _ArcParser(ARC2WARCHeadersParser):
    """warcio's ARC header parser, taking only ARC header lines: warcio takes any line of five
    words or more (a line of HTML), so that a file that is no archive reads as empty records."""

    def parse(self, stream: Any, headerline: Any = None) -> StatusAndHeaders:
        if headerline is None:
            headerline = stream.readline()
        line = StatusAndHeadersParser.decode_header(headerline)
        if line.strip() and not ARC_HEADER_RE.match(line.strip()):
            raise StatusAndHeadersParserException("not an ARC header line", line)
        headers: StatusAndHeaders = super().parse(stream, headerline)
        return headers


class _Loader(ArcWarcRecordLoader):
    """warcio's record loader, for records without ``WARC-Target-URI`` and for ARC records."""

    def __init__(self) -> None:
        super().__init__(verify_http=False, arc2warc=True)
        self.arc_parser = _ArcParser()

    def load_http_headers(
        self, rec_type: str, uri: str | None, stream: Any, length: int | None
    ) -> StatusAndHeaders | None:
        if uri is not None:
            return super().load_http_headers(rec_type, uri, stream, length)
        if length == 0 or rec_type != "response":
            return None
        try:  # a response without WARC-Target-URI: its HTTP headers still say what it holds
            headers: StatusAndHeaders = self.http_parser.parse(stream)
        except (StatusAndHeadersParserException, EOFError):
            return None
        return headers

    def _detect_type_load_headers(
        self, stream: Any, statusline: Any = None, known_format: str | None = None
    ) -> tuple[str, StatusAndHeaders]:
        the_format, headers = super()._detect_type_load_headers(stream, statusline, known_format)
        if the_format in ("arc", "arc2warc"):
            headers.remove_header("WARC-Record-ID")  # invented anew at every reading: no identity
        return the_format, headers


class _Archive(ArchiveIterator):
    """warcio's iterator over an archive's records, with :class:`_BoundedReader` and :class:`_Loader`."""

    def __init__(self, fh: IO[bytes]) -> None:
        super().__init__(fh, arc2warc=True, block_size=READ_BLOCK)
        self.reader = _BoundedReader(self.fh, block_size=READ_BLOCK)
        self.loader = _Loader()

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        """warcio's, without writing to stderr when a record is followed by more than blank lines."""
        empty_size = 0
        while True:
            line: bytes = self.reader.readline()
            if not line:
                return None, empty_size
            if line.strip():
                return line, empty_size
            empty_size += len(line)


def _brief(exc: BaseException) -> str:
    """An exception's message, short and printable (warcio puts whole lines of data in it)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if len(text) > 120:
        text = text[:120] + "…"
    return text.encode("ascii", "backslashreplace").decode("ascii")


def _damage(exc: BaseException, offset: int) -> InputError:
    """The error to record for ``exc`` raised while reading the record at ``offset``."""
    where = f"the record at offset {offset:,}"
    if isinstance(exc, DecompressionBomb):
        return DecompressionBomb(f"{where}: {exc}")
    if isinstance(exc, ArchiveLoadFailed | StatusAndHeadersParserException):
        return DamagedArchive(f"no WARC or ARC record starts at offset {offset:,} ({_brief(exc)})")
    if isinstance(exc, DamagedArchive):
        return DamagedArchive(f"{where}: {exc}")
    return DamagedArchive(f"{where} cannot be read ({type(exc).__name__}: {_brief(exc)})")


def _opens_record(fh: IO[bytes], offset: int) -> bool:
    """Whether a gzip member starts at ``offset`` and unpacks to the start of a record."""
    fh.seek(offset)
    try:
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(fh.read(BLOCK), 256)
    except zlib.error:
        return False
    return bool(RECORD_START_RE.match(head))


def next_member(fh: IO[bytes], after: int) -> int | None:
    """The offset of the first gzip member after ``after`` that opens a record, if any.

    The file is scanned a block at a time for the gzip magic bytes, and each candidate
    is checked by unpacking its first bytes.
    """
    pos = after + 1
    carry = b""
    while True:
        fh.seek(pos)
        block = fh.read(BLOCK)
        if not block:
            return None
        data = carry + block
        base = pos - len(carry)
        for match in GZIP_MEMBER_RE.finditer(data):
            if _opens_record(fh, base + match.start()):
                return base + match.start()
        carry = data[-2:]
        pos += len(block)


def _blank_tail(fh: IO[bytes], start: int) -> bool:
    """Whether the file holds only blank bytes (CR, LF, spaces, tabs) from ``start`` on."""
    fh.seek(start)
    while block := fh.read(BLOCK):
        if block.strip():
            return False
    return True


class _OneStream(Exception):
    """A ``.gz`` archive that is one gzip stream, not a member per record (``read``: the
    records read before warcio noticed)."""

    def __init__(self, read: int) -> None:
        super().__init__(read)
        self.read = read


class NotSplittable(Exception):
    """A ``.gz`` archive compressed as one gzip stream (``gzip crawl.warc``): its records
    cannot be read from their own offsets, only from the start of the file."""


def scan(
    source: Path | Opener,
    visit: Callable[[ArcWarcRecord, int], T],
    *,
    start: int = 0,
    stop: int | None = None,
    whole_stream: bool = True,
) -> Iterator[tuple[int, T] | Damage]:
    """``(offset, visit(record))`` for every whole record of the archive at ``source`` (a
    path, or a function that opens it), in order, and a :class:`Damage` wherever it cannot
    be read.

    ``visit(record, offset)`` sees the record before the rest of it is read; what it
    returns is yielded once the record proved whole (a record cut short is damage, and
    its result is dropped). An exception raised by ``visit`` is damage too (one not of
    :data:`ARCHIVE_DAMAGE` is logged with its traceback): ``visit`` catches what
    concerns the record alone.

    ``start`` and ``stop`` read only the records whose offset ``o`` satisfies
    ``start <= o < stop`` (``stop`` None: to the end of the file), and only the damage at
    such offsets: ``start`` must be 0 or the offset of a record an earlier scan of the whole
    file gave, and a record the scan meets at ``stop`` or after ends it (what lies there is
    left to the scan that starts there). ``whole_stream`` False raises
    :class:`NotSplittable` for a ``.gz`` archive that is one gzip stream, instead of reading
    it again from its start as it unpacks (its offsets would be offsets in the unpacked data).
    """
    try:
        fh = source.open("rb") if isinstance(source, Path) else source()
    except OSError as exc:
        yield Damage(start, Unreadable(_unopened(exc, start, stop)))
        return
    with fh:
        members = fh.read(2) == b"\x1f\x8b"
        at: int | None = start
        try:
            while at is not None and (stop is None or at < stop):
                at = yield from _scan_from(fh, at, visit, members=members, stop=stop)
        except _OneStream as one:
            if not whole_stream:
                raise NotSplittable("a .gz archive compressed as one gzip stream") from one
            fh.seek(0)
            with gzip.GzipFile(fileobj=fh, mode="rb") as stream:
                unpacked = cast(IO[bytes], stream)  # read as it unpacks; no resuming after damage
                yield from _scan_from(unpacked, 0, visit, members=False, skip=one.read, tail=False)


def _unopened(exc: OSError, start: int, stop: int | None) -> str:
    """Why an archive could not be opened, and which records that cost when only a stretch
    of it was to be read."""
    reason = f"cannot open the archive: {exc.strerror or exc}"
    if start == 0 and stop is None:
        return reason
    until = "its end" if stop is None else f"offset {stop:,}"
    return f"{reason} (its records from offset {start:,} to {until} were not read)"


def _scan_from(
    fh: IO[bytes],
    start: int,
    visit: Callable[[ArcWarcRecord, int], T],
    *,
    members: bool,
    skip: int = 0,
    tail: bool = True,
    stop: int | None = None,
) -> Generator[tuple[int, T] | Damage, None, int | None]:
    """Records from ``start`` (the first ``skip`` of them not visited) until one at ``stop``
    or after; return where to go on after damage (``members``: the file is a gzip member per
    record), or None at the end of the file or of the stretch."""
    fh.seek(start)
    records = _Archive(fh)
    end = start
    count = 0
    current: int | None = None  # the offset of the record being visited, once it is parsed
    try:
        for record in records:
            current = records.offset
            if stop is not None and current >= stop:
                return None  # the first record of the next stretch
            count += 1
            result = visit(record, current) if count > skip else None
            end = records.get_record_offset() + records.get_record_length()  # reads the rest
            if getattr(record.raw_stream, "limit", 0) > 0:
                raise DamagedArchive("it is cut short (fewer bytes than its Content-Length)")
            if count > skip:
                yield current, result  # type: ignore[misc]
            current = None
    except ArchiveLoadFailed as exc:
        if members and start == 0 and "non-chunked gzip" in str(exc):
            raise _OneStream(count) from exc
        return (yield from _damaged(fh, _where(records, current), exc, members, stop))
    except ARCHIVE_DAMAGE as exc:
        return (yield from _damaged(fh, _where(records, current), exc, members, stop))
    except Exception as exc:  # the per-archive guard: a fault in warcio must not stop the run
        where = _where(records, current)
        logger.exception("%s: cannot read the record at offset %s", getattr(fh, "name", "archive"), where)
        return (yield from _damaged(fh, where, exc, members, stop))
    if tail and not _blank_tail(fh, end):
        extra = DamagedArchive(f"bytes after the last whole record (offset {end:,}) are no record")
        return (yield from _damaged(fh, end, extra, members, stop))
    return None


def _where(records: _Archive, current: int | None) -> int:
    """The offset of the record being read: the one visited, else the one being parsed."""
    return current if current is not None else int(records.offset)


def _damaged(
    fh: IO[bytes], offset: int, exc: BaseException, members: bool, stop: int | None = None
) -> Generator[Damage, None, int | None]:
    """Yield the damage at ``offset``; return the offset of the next whole gzip member, if any.

    Damage at ``stop`` or after is not this stretch's: nothing is yielded, and None returned.
    """
    if stop is not None and offset >= stop:
        logger.debug("damage at offset %s is past the stretch read (to %s)", offset, stop)
        return None
    logger.debug("damage at offset %s: %r", offset, exc)
    error = _damage(exc, offset)
    again = next_member(fh, offset) if members else None
    kept = "the records before it were kept"
    if again is not None:
        kept += f", and reading resumed at the next whole gzip member (offset {again:,})"
    yield Damage(offset, type(error)(f"{error}; {kept}"))
    return again


# -- bodies ------------------------------------------------------------------------------------


def _blocks(stream: Any) -> Iterator[bytes]:
    while piece := stream.read(BLOCK):
        yield piece


def _dechunk(stream: Any) -> Iterator[bytes]:
    """The body of a chunked HTTP message, a piece at a time (a chunk is never held whole).

    Like browsers and warcio, a body that does not start with a chunk-size line is read as
    it is, and so is what follows a broken one.
    """
    while line := stream.readline(1024):
        size_line = CHUNK_SIZE_RE.match(line)
        if size_line is None:
            yield line
            yield from _blocks(stream)
            return
        size = int(size_line[1], 16)
        if size == 0:
            return
        while size > 0:
            piece = stream.read(min(size, BLOCK))
            if not piece:
                return  # cut short: what came is kept
            size -= len(piece)
            yield piece
        stream.readline(64)  # the CRLF that ends the chunk


def _inflate(pieces: Iterator[bytes], encoding: str) -> Iterator[bytes]:
    """Undo a gzip or deflate content encoding, :data:`PIECE` bytes of output at a time.

    A body that does not unpack from its first bytes was sent unencoded (as warcio
    and browsers assume); one that fails later raises :class:`BadRecord`.
    """
    wbits = INFLATE_WBITS[encoding]
    inflater = zlib.decompressobj(wbits)
    started = False
    for piece in pieces:
        data = piece
        while data and not inflater.eof:
            try:
                out = inflater.decompress(data, PIECE)
            except zlib.error as exc:
                if started:
                    raise BadRecord(
                        f"the body is declared {encoding}-encoded but breaks off ({exc})"
                    ) from exc
                if wbits == zlib.MAX_WBITS:  # "deflate" sent without its zlib header
                    wbits = -zlib.MAX_WBITS
                    inflater = zlib.decompressobj(wbits)
                    continue
                yield data
                yield from pieces
                return
            started = True
            data = inflater.unconsumed_tail
            yield out


def read_payload(record: ArcWarcRecord, max_bytes: int) -> bytes:
    """The body of a record's HTTP message, its transfer and content encodings undone.

    Raises :class:`TooLarge` for a body over ``max_bytes``: from its length when the
    record states it, else once ``max_bytes`` bytes were read (never more than that is
    held); :class:`BadRecord` for a body that cannot be unpacked.
    """
    headers = record.http_headers
    chunked = "chunked" in (headers.get_header("Transfer-Encoding") or "").lower()
    encoding = (headers.get_header("Content-Encoding") or "").strip().lower()
    if encoding not in INFLATE_WBITS:
        encoding = ""  # identity, or one we cannot undo (br): the bytes as they are
    if not chunked and not encoding and record.payload_length > max_bytes:
        raise TooLarge(f"a body of {record.payload_length:,} bytes is over the {max_bytes:,}-byte limit")
    pieces = _dechunk(record.raw_stream) if chunked else _blocks(record.raw_stream)
    if encoding:
        pieces = _inflate(pieces, encoding)
    body = bytearray()
    for piece in pieces:
        body += piece
        if len(body) > max_bytes:
            raise TooLarge(f"a body of over {max_bytes:,} bytes once unpacked is over the limit")
    return bytes(body)
