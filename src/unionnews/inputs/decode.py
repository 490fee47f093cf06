"""Bytes to text for Vietnamese pages.

Order of trust: a byte-order mark; the charset declared by the server or the
page (``<meta charset>`` / ``http-equiv``); strict UTF-8; the legacy Vietnamese
8-bit encodings (windows-1258, whose tone marks are combining characters, and
the font encodings TCVN3 and VNI, which Python has no codec for — see
:mod:`unionnews.inputs.legacy`), chosen by how Vietnamese the result reads;
UTF-8 with a few bad bytes replaced; and charset-normalizer as a last resort,
believed only when its answer reads as Vietnamese.

Files that mix UTF-8 with a legacy encoding (a page saved in UTF-8 whose older
paragraphs were pasted in windows-1258) are decoded segment by segment: a line
that is valid UTF-8 stays UTF-8, the others are read in the legacy encoding that
reads them best (lines holding both are cut into words); ``notes`` says how many
were read so. When the other segments read as no legacy encoding, a few bad bytes
are replaced (with a note) and more raise :class:`DecodeError`: text is never
silently garbled. A few NUL bytes are removed with a note; only a real share of
NUL or control bytes makes a file binary.

Everything leaves as :func:`~unionnews.nlp.normalize.clean_text` output (NFC).
Binary files raise :class:`NotText`, empty ones :class:`EmptyDocument`, and
undecidable ones :class:`DecodeError`.

:func:`decode_bytes` returns a :class:`Decoded` (text, encoding, notes); it also
unpacks as a pair: ``text, encoding = decode_bytes(data)``.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from unionnews.errors import DecodeError, EmptyDocument, NotText
from unionnews.inputs.legacy import (
    decode_tcvn3,
    decode_vni,
    legacy_font_hint,
    looks_vietnamese,
    vietnamese_score,
)
from unionnews.nlp.normalize import clean_text

logger = logging.getLogger(__name__)

#: A charset declared in a <meta> tag: ``<meta charset="windows-1258">`` or
#: ``<meta http-equiv="Content-Type" content="text/html; charset=utf-8">``.
META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
#: Magic numbers of binary formats saved next to articles: PDF, PNG, JPEG, GIF, ZIP/DOCX/XLSX,
#: ELF, gzip, OLE2 (old .doc/.xls), RAR, 7z: "%PDF-1.7", "\x89PNG", "PK\x03\x04".
BINARY_MAGIC_RE = re.compile(
    rb"\A(?:%PDF-|\x89PNG|\xff\xd8\xff|GIF8[79]a|PK\x03\x04|\x7fELF|\x1f\x8b|"
    rb"\xd0\xcf\x11\xe0|Rar!|7z\xbc\xaf)"
)
#: Letters only Vietnamese uses (ă â đ ê ô ơ ư and tone-marked vowels): "đoàn".
VIETNAMESE_CHAR_RE = re.compile(
    r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]"
)
#: Control bytes that text files do not contain (tab, LF, VT, FF, CR and ESC excepted): "\x01".
CONTROL_BYTES_RE = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
#: The same bytes, but NUL, as a table for ``bytes.translate`` (counted at C speed).
_CONTROL_TABLE = bytes(b for b in range(1, 32) if CONTROL_BYTES_RE.match(bytes((b,))))
#: A Vietnamese letter in UTF-8: Latin-1 and Latin Extended-A letters ("ô" C3 B4, "đ" C4 91,
#: "ũ" C5 A9), "ơ"/"ư" (C6 A1, C6 B0), Latin Extended Additional ("ệ" E1 BB 87) and the
#: combining tone marks of NFD text (U+0301 CC 81). Legacy 8-bit text almost never holds one.
UTF8_VIETNAMESE_RE = re.compile(
    rb"[\xc3-\xc5][\x80-\xbf]|\xc6[\xa0\xa1\xaf\xb0]|\xe1[\xba\xbb][\x80-\xbf]|\xcc[\x80\x81\x83\x89\xa3]"
)
#: Where a line that mixes encodings is cut into words: runs of ASCII white space and markup
#: tags, both kept ("<p>Công đoàn</p><p>…" is one line of a minified page).
WORD_SPLIT_RE = re.compile(rb"(\s+|<[^<>]*>)")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Share of U+FFFD replacement characters tolerated in a lenient UTF-8 decode.
MAX_REPLACEMENT_RATIO = 0.001
#: Share of control bytes (NUL aside) above which the data is binary.
MAX_CONTROL_RATIO = 0.01
#: Share of NUL bytes (trailing NUL padding aside) above which the data is binary; fewer
#: are removed with a note.
MAX_NUL_RATIO = 0.05
#: Bytes inspected for binary signs and declarations.
HEAD_BYTES = 8192
#: Single-byte Western charsets that legacy Vietnamese pages wrongly declare (their bytes
#: are really TCVN3 or VNI): Python codec names.
WESTERN_SINGLE_BYTE = frozenset(
    codecs.lookup(label).name
    for label in ("cp1252", "latin-1", "iso-8859-15", "cp1250", "cp1257", "iso-8859-2", "ascii")
)


@dataclass(slots=True)
class Decoded:
    """Decoded text (NFC, :func:`clean_text`), the encoding used, and remarks for ``Article.notes``."""

    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[str]:
        """Unpack as ``(text, encoding)``."""
        return iter((self.text, self.encoding))


def _codec_name(label: str) -> str | None:
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None


def sniff_declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag of its first 8 KB, as a Python codec name.

    >>> sniff_declared_charset(b'<meta charset="windows-1258">')
    'cp1258'
    >>> sniff_declared_charset(b"<p>no declaration</p>") is None
    True
    """
    m = META_CHARSET_RE.search(data[:HEAD_BYTES])
    if not m:
        return None
    return _codec_name(m.group(1).decode("ascii", "replace"))


def _looks_binary(data: bytes) -> bool:
    """A binary format's magic number, or NUL or control bytes making a real share of the data
    (NUL bytes that pad the end of a file aside)."""
    if BINARY_MAGIC_RE.match(data):
        return True
    body = data.rstrip(b"\x00")
    if not body:
        return True  # nothing but NUL bytes
    nuls = body.count(b"\x00")
    controls = len(body) - len(body.translate(None, _CONTROL_TABLE))
    return nuls > len(body) * MAX_NUL_RATIO or controls > len(body) * MAX_CONTROL_RATIO


def _legacy(data: bytes) -> Decoded | None:
    """The most Vietnamese-looking reading among windows-1258, TCVN3 and VNI, if any convinces."""
    candidates: list[tuple[float, Decoded]] = []
    try:
        cp1258 = clean_text(data.decode("cp1258"))
        candidates.append(
            (vietnamese_score(cp1258)[0], Decoded(cp1258, "cp1258", ["charset guessed: windows-1258"]))
        )
    except UnicodeDecodeError:
        logger.debug("not windows-1258: undefined bytes")
    hint = legacy_font_hint(data)
    for name, decoder in (("tcvn3", decode_tcvn3), ("vni", decode_vni)):
        text = clean_text(decoder(data))
        score = vietnamese_score(text)[0] + (0.05 if hint == name else 0.0)
        candidates.append((score, Decoded(text, name, [f"legacy encoding converted: {name}"])))
    score, best = max(candidates, key=lambda c: c[0])
    if best.encoding == "tcvn3":
        best.notes.append("TCVN3 has no upper-case toned letters: some capitals may be lower case")
    return best if looks_vietnamese(best.text) else None


def _declared(data: bytes, declared: str | None) -> Decoded | None:
    for label in (declared, sniff_declared_charset(data)):
        enc = _codec_name(label) if label else None
        if enc is None:
            continue
        try:
            text = clean_text(data.decode(enc))
        except UnicodeDecodeError:
            logger.debug("declared charset %s does not fit the bytes; ignoring it", enc)
            continue
        if enc in WESTERN_SINGLE_BYTE and not data.isascii() and not looks_vietnamese(text):
            legacy = _legacy(data)  # a TCVN3/VNI page declared as Latin-1
            if legacy is not None:
                legacy.notes.insert(0, f"declared charset {enc} ignored")
                return legacy
        return Decoded(text, enc)
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data`` (``declared``: the HTTP charset, if any) into clean NFC text.

    Raises :class:`EmptyDocument` (no text), :class:`NotText` (binary) or
    :class:`DecodeError` (no encoding reads as Vietnamese).

    >>> decode_bytes("Công đoàn".encode("utf-8"))
    Decoded(text='Công đoàn', encoding='utf-8', notes=[])
    """
    if not data.strip():
        raise EmptyDocument("the file is empty (no text at all); re-save or re-download the page")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(clean_text(data.decode(enc)), enc.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"the file starts with a {enc} byte-order mark but is not valid {enc} ({exc.reason}); "
                    "re-save it as UTF-8"
                ) from exc
    if _looks_binary(data):
        raise NotText("binary content (PDF, image, archive or other non-text file); not an article")
    nuls = data.count(b"\x00")
    decoded = _decode(data.replace(b"\x00", b"") if nuls else data, declared)
    if nuls:
        decoded.notes.insert(0, f"{nuls} NUL byte(s) removed (they are no text)")
    return decoded


def _decode(data: bytes, declared: str | None) -> Decoded:
    """:func:`decode_bytes` for text bytes (no byte-order mark, nothing binary, no NUL)."""
    utf8: str | None = None
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        mixed = _mixed(data)  # UTF-8 lines next to legacy ones: each read in its own encoding
        if mixed is not None:
            return mixed
    found = _declared(data, declared)
    if found is not None:
        return found
    if utf8 is not None:
        return Decoded(clean_text(utf8), "utf-8")
    logger.debug("not UTF-8; trying the legacy Vietnamese encodings")
    legacy = _legacy(data)
    if legacy is not None:
        return legacy
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    if bad <= len(lenient) * MAX_REPLACEMENT_RATIO:
        return Decoded(clean_text(lenient), "utf-8", [f"{bad} invalid UTF-8 byte(s) replaced"])
    from charset_normalizer import from_bytes  # the last resort: imported only when it is needed

    best = from_bytes(data[:1_000_000]).best()
    if best is not None and best.encoding:
        try:
            text = clean_text(data.decode(best.encoding))
        except (UnicodeDecodeError, LookupError):
            text = ""
        if text and looks_vietnamese(text):
            return Decoded(text, best.encoding, [f"charset guessed: {best.encoding}"])
    raise DecodeError(
        "cannot tell the text encoding: not UTF-8, windows-1258, TCVN3 or VNI, and no declared "
        "charset fits; re-save the page as UTF-8 or pass its charset"
    )


# -- text in two encodings ---------------------------------------------------------------------


def _is_utf8_text(chunk: bytes) -> bool:
    """Valid UTF-8 that reads as such: it holds a Vietnamese letter, or no letter beyond ASCII
    (quotes, dashes). Legacy bytes that happen to be valid UTF-8 make other letters ("ǩ")."""
    try:
        text = chunk.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if UTF8_VIETNAMESE_RE.search(chunk):
        return True
    return not any(c.isalpha() for c in text if not c.isascii())


#: A piece of text for decoding: its bytes, whether they are UTF-8, whether they are a whole line.
Segment = tuple[bytes, bool, bool]


def _segments(data: bytes) -> list[Segment]:
    """The data as segments: lines, and the words of lines that hold both encodings."""
    segments: list[Segment] = []
    for line in data.splitlines(keepends=True):
        if line.isascii() or _is_utf8_text(line):
            segments.append((line, True, True))
        elif UTF8_VIETNAMESE_RE.search(line):
            words = (w for w in WORD_SPLIT_RE.split(line) if w)
            segments.extend((w, w.isascii() or _is_utf8_text(w), False) for w in words)
        else:
            segments.append((line, False, True))
    return segments


#: The legacy encodings a segment may be in: name, label for notes, decoder.
_LEGACY_DECODERS: tuple[tuple[str, str, Callable[[bytes], str]], ...] = (
    ("cp1258", "windows-1258", lambda b: b.decode("cp1258")),
    ("tcvn3", "TCVN3", decode_tcvn3),
    ("vni", "VNI", decode_vni),
)


def _vietnamese_letters(text: str) -> float:
    """Share of the letters beyond ASCII that are Vietnamese ones (0 when there are none)."""
    letters = [c for c in text.lower() if c.isalpha() and not c.isascii()]
    return sum(1 for c in letters if VIETNAMESE_CHAR_RE.match(c)) / len(letters) if letters else 0.0


def _segment_encoding(blob: bytes) -> tuple[str, str, Callable[[bytes], str]] | None:
    """The legacy encoding that reads ``blob`` (the non-UTF-8 segments) as Vietnamese, if any:
    the one with most common words, then most Vietnamese letters; believed when the text
    looks Vietnamese, or (a few words) when every letter it makes is a Vietnamese one."""
    best: tuple[tuple[float, float], tuple[str, str, Callable[[bytes], str]], str] | None = None
    for option in _LEGACY_DECODERS:
        try:
            text = clean_text(option[2](blob))
        except UnicodeDecodeError:
            logger.debug("the non-UTF-8 segments are not %s", option[1])
            continue
        fit = (vietnamese_score(text)[0], _vietnamese_letters(text))
        if best is None or fit > best[0]:
            best = (fit, option, text)
    if best is None or not (looks_vietnamese(best[2]) or best[0][1] == 1.0):
        return None
    return best[1]


def _mixed(data: bytes) -> Decoded | None:
    """Data that is not UTF-8 as a whole but holds UTF-8 Vietnamese, read segment by segment.

    None when no segment is UTF-8 Vietnamese (a legacy page: the caller reads it whole).
    When the other segments read as no legacy encoding, a few bad bytes are replaced with
    a note and more raise :class:`DecodeError`, rather than reading everything in one
    encoding, which would garble the rest.
    """
    segments = _segments(data)
    if not any(ok and UTF8_VIETNAMESE_RE.search(seg) for seg, ok, _ in segments):
        return None
    legacy = [seg for seg, ok, _ in segments if not ok]
    encoding = _segment_encoding(b"\n".join(legacy))
    if encoding is None:
        lenient = data.decode("utf-8", errors="replace")
        bad = lenient.count("\ufffd")
        if bad <= len(lenient) * MAX_REPLACEMENT_RATIO:
            return Decoded(clean_text(lenient), "utf-8", [f"{bad} invalid UTF-8 byte(s) replaced"])
        raise DecodeError(
            f"mixed encodings: part of the text is UTF-8 and {len(legacy)} line(s) or word(s) are in "
            "no encoding we know (not windows-1258, TCVN3 or VNI); re-save the page as UTF-8"
        )
    name, label, decode = encoding
    text = "".join(seg.decode("utf-8") if ok else decode(seg) for seg, ok, _ in segments)
    lines = sum(1 for _, ok, whole in segments if whole and not ok)
    parts = [f"{lines} line(s)"] if lines else []
    if len(legacy) > lines:
        parts.append(f"{len(legacy) - lines} word(s) of lines holding both")
    notes = [f"mixed encodings: {' and '.join(parts)} read as {label}, the rest as UTF-8"]
    if name == "tcvn3":
        notes.append("TCVN3 has no upper-case toned letters: some capitals may be lower case")
    return Decoded(clean_text(text), f"utf-8+{name}", notes)
