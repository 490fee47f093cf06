"""Vietnamese 8-bit font encodings Python has no codec for: TCVN3 (ABC) and VNI.

Pages typed in the 1990s–2000s with ".VnTime" (TCVN3) or "VNI-Times" (VNI)
fonts store Vietnamese letters in the Latin-1 range, so charset detectors call
them cp1257 or cp1250 and the text comes out as "C«ng ®oµn" or "Coâng ñoaøn".

* TCVN3 gives each lower-case toned letter one byte (0xA8–0xFE); upper case was
  shown with a second font (".VnTimeH") over the *same* bytes, so upper-case
  toned letters cannot be recovered and come out in lower case.
* VNI writes a base letter followed by a mark byte ("a" + "ø" = "à", "e" + "ä" =
  "ệ"); a few letters have a byte of their own ("ñ" = "đ", "ö" = "ư", "ô" = "ơ").

:func:`vietnamese_score` says how Vietnamese a decoded text looks (share of very
common Vietnamese words among the words with non-ASCII letters); the decoder
uses it to choose between windows-1258, TCVN3 and VNI readings of the same bytes.
"""

from __future__ import annotations

import re
import unicodedata

#: TCVN3 (TCVN 5712:1993, "ABC" fonts): byte -> letter. Bytes not listed are not used by it.
TCVN3_TABLE: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE = "\u0302", "\u0306"

#: VNI mark bytes (as cp1252 characters) -> the combining marks they add to the letter before.
VNI_MARKS: dict[str, str] = {
    "ø": _GRAVE, "ù": _ACUTE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRC, "à": _CIRC + _GRAVE, "á": _CIRC + _ACUTE, "å": _CIRC + _HOOK,
    "ã": _CIRC + _TILDE, "ä": _CIRC + _DOT,
    "ê": _BREVE, "è": _BREVE + _GRAVE, "é": _BREVE + _ACUTE, "ú": _BREVE + _HOOK,
    "ü": _BREVE + _TILDE, "ë": _BREVE + _DOT,
}  # fmt: skip
VNI_MARKS.update({k.upper(): v for k, v in list(VNI_MARKS.items())})
#: VNI letters with a byte of their own: "ñ" = đ, "ö" = ư, "ô" = ơ, "æ" = ỉ, "ó" = ĩ, "ò" = ị, "î" = ỵ.
VNI_LETTERS: dict[str, str] = {
    "ñ": "đ", "Ñ": "Đ", "ö": "ư", "Ö": "Ư", "ô": "ơ", "Ô": "Ơ",
    "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
}  # fmt: skip

#: A VNI letter-plus-mark pair: "aø" (à), "eä" (ệ), "ơù" (ớ, after "ô" became "ơ"), "Aâ" (Â).
VNI_PAIR_RE = re.compile("([aeiouyAEIOUYơưƠƯ])([" + "".join(VNI_MARKS) + "])")
#: A word for scoring: letters only.
WORD_RE = re.compile(r"[^\W\d_]+")
#: Font names that give a legacy page away: ".VnTime", ".VnArial", "VNI-Times", "VNI-Helve".
LEGACY_FONT_RE = re.compile(rb"(?P<tcvn3>\.Vn[A-Z][A-Za-z]+)|(?P<vni>VNI[- ][A-Z][a-z]+)")

#: Very common Vietnamese words that carry a non-ASCII letter (a decoding that yields
#: them is right; mojibake never does).
COMMON_WORDS = frozenset(
    """và của các được đã có là những với người năm công đoàn một này để về đến từ tại tỉnh
    động viên hội nhiều đồng chức cán bộ việc thực hiện đại sự quyền lợi ích ngày tháng hoạt
    phát triển xã số đơn vị cơ sở chủ tịch trên dưới không cũng đó sẽ như vào ra làm nước
    nhân dân thể tổ thành lập đạo lãnh tích kết quả nội dung hỗ trợ đời sống tốt tế kinh
    học giáo dục văn hóa hoá mới trường tác hành nghị quyết đảng ủy uỷ phong trào thi đua""".split()
)

#: A decoding is taken for Vietnamese when at least this share of its non-ASCII words are common.
MIN_SCORE = 0.12
#: …and it has at least this many common words (a tiny text is judged by the share alone).
MIN_HITS = 2


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 bytes to text; bytes TCVN3 does not use are read as cp1252.

    >>> decode_tcvn3(b"C\\xabng \\xaeo\\xb5n vi\\xaan ch\\xf8c")
    'Công đoàn viên chức'
    """
    out: list[str] = []
    for b in data:
        ch = TCVN3_TABLE.get(b)
        out.append(ch if ch is not None else bytes((b,)).decode("cp1252", errors="replace"))
    return "".join(out)


def _compose_vni(m: re.Match[str]) -> str:
    return unicodedata.normalize("NFC", m[1] + VNI_MARKS[m[2]])


def decode_vni(data: bytes) -> str:
    """VNI (VNI-Windows fonts) bytes to NFC text.

    >>> decode_vni("Coâng ñoaøn Vieät Nam".encode("cp1252"))
    'Công đoàn Việt Nam'
    """
    text = data.decode("cp1252", errors="replace")
    text = "".join(VNI_LETTERS.get(c, c) for c in text)
    return VNI_PAIR_RE.sub(_compose_vni, text)


def vietnamese_score(text: str, *, limit: int = 50_000) -> tuple[float, int]:
    """(share of common Vietnamese words among non-ASCII words, number of common words).

    >>> vietnamese_score("Công đoàn viên chức tỉnh đã tổ chức hội nghị")[0] > 0.5
    True
    >>> vietnamese_score("C«ng ®oµn vi\\u00aan ch\\u00f8c")[1]
    0
    """
    hits = non_ascii = 0
    for word in WORD_RE.findall(text[:limit].lower()):
        if word.isascii():
            continue
        non_ascii += 1
        if word in COMMON_WORDS:
            hits += 1
    return hits / max(non_ascii, 1), hits


def looks_vietnamese(text: str) -> bool:
    """Enough common Vietnamese words for a decoding to be believed."""
    score, hits = vietnamese_score(text)
    return score >= MIN_SCORE and hits >= MIN_HITS


def legacy_font_hint(data: bytes) -> str | None:
    """ "tcvn3" or "vni" when the page names a legacy Vietnamese font, else None."""
    m = LEGACY_FONT_RE.search(data[:200_000])
    if m is None:
        return None
    return "tcvn3" if m["tcvn3"] else "vni"
