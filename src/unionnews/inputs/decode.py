"""Bytes to text for Vietnamese pages: declared charset, UTF-8, windows-1258, then a detector.

Old Vietnamese sites still serve windows-1258 (whose tone marks are combining
characters) and pages converted from NFD editors; everything leaves here as
:func:`clean_text` output (NFC). Binary files are refused with :class:`NotText`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

from unionnews.errors import DecodeError, EmptyDocument, NotText
from unionnews.nlp.normalize import clean_text

#: ``<meta charset="windows-1258">`` or ``content="text/html; charset=utf-8"`` in the first 4 KB.
META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
#: Magic numbers of binary formats people save next to articles: PDF, PNG, JPEG, GIF, ZIP/DOCX.
BINARY_MAGIC_RE = re.compile(rb"\A(?:%PDF-|\x89PNG|\xff\xd8\xff|GIF8[79]a|PK\x03\x04|\x7fELF)")
#: Letters only Vietnamese uses (ă â đ ê ô ơ ư and tone-marked vowels), to check a decoding.
VIETNAMESE_CHAR_RE = re.compile(
    r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]"
)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Share of U+FFFD replacement characters tolerated in a lenient UTF-8 decode.
MAX_REPLACEMENT_RATIO = 0.001


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def sniff_declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB, normalised by Python's codec registry."""
    m = META_CHARSET_RE.search(data[:4096])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii", "replace")).name
    except LookupError:
        return None


def _looks_binary(data: bytes) -> bool:
    if BINARY_MAGIC_RE.match(data):
        return True
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.01


def _vietnamese_ratio(text: str) -> float:
    letters = sum(1 for c in text[:20000] if c.isalpha())
    return len(VIETNAMESE_CHAR_RE.findall(text[:20000].lower())) / max(letters, 1)


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data``; raise EmptyDocument, NotText or DecodeError when it cannot be read."""
    if not data.strip():
        raise EmptyDocument("the file is empty (0 bytes of text); re-save or re-download it")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return Decoded(clean_text(data.decode(enc)), enc)
    if _looks_binary(data):
        raise NotText("binary content (PDF, image, archive or other non-text); not an article")
    candidates = [c for c in (declared, sniff_declared_charset(data)) if c]
    for enc in candidates:
        try:
            return Decoded(clean_text(data.decode(enc)), enc)
        except (UnicodeDecodeError, LookupError):
            continue  # the declaration is wrong; fall through to our own checks
    try:
        return Decoded(clean_text(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass  # not UTF-8: old Vietnamese sites use windows-1258, tried next
    cp1258 = data.decode("cp1258", errors="replace")
    if "\ufffd" not in cp1258 and _vietnamese_ratio(clean_text(cp1258)) > 0.05:
        return Decoded(clean_text(cp1258), "cp1258", ["charset guessed: windows-1258"])
    lenient = data.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= len(lenient) * MAX_REPLACEMENT_RATIO:
        n = lenient.count("\ufffd")
        return Decoded(clean_text(lenient), "utf-8", [f"{n} invalid UTF-8 byte(s) replaced"])
    best = from_bytes(data).best()
    if best is not None:
        text = clean_text(str(best))
        if _vietnamese_ratio(text) > 0.05:
            return Decoded(text, best.encoding, [f"charset guessed: {best.encoding}"])
    raise DecodeError(
        "cannot tell the text encoding (not UTF-8 or windows-1258, and no charset declared); "
        "re-save the page as UTF-8"
    )
