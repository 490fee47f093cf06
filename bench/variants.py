"""Distinct article files made from the bundled sample corpus, for benchmarks at scale.

Variant ``i`` is made from source ``i mod k`` (``k`` the corpus's .txt and .html files, read
at run time, so a fresh clone can run the benchmarks) and differs from every other variant in
its first words and in its figures:

* a short sentence of ours, naming a place and a date that no other variant below
  :func:`distinct_limit` shares, opens the first body paragraph;
* every count (digits with ``.`` thousands groups) is raised by ``i``; years, dates, times,
  percentages, codes ("02-NQ/TW") and phone numbers stay, and ``.`` grouping stays valid
  (``1.742`` -> ``1.749`` for ``i`` = 7);
* each province the text names becomes another real province (from the package's
  ``lexicon/provinces.tsv``), chosen by ``i``;
* in a text file, the body paragraphs after the first are rotated by ``i``.

An HTML page stays the same page: only its text nodes change (tags, attributes, scripts and
comments are kept byte for byte). Each file keeps its source's encoding and Unicode form
(windows-1258 with separate tone marks, NFD text), so variants are read the way their
source is, and file sizes follow the corpus's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

#: Source files taken from the sample corpus.
SOURCE_SUFFIXES = (".txt", ".html")
#: Variant files per sub-folder of a generated corpus.
FILES_PER_FOLDER = 1000
#: A count: digits, ``.`` thousands groups, an optional ``,`` decimal part. Not a piece of a
#: date ("14/6"), time ("09:30"), code ("02-NQ"), phone number ("0238.3598.888"), HTML entity
#: ("&#8211;"), word, or percentage ("112,6%").
COUNT_RE = re.compile(r"(?<![\w.,/:#&-])(\d+)((?:\.\d{3})*)(,\d+)?(?![\w/:%-]|[.,]\d|\s*%)")
#: The word just before a position (given the text up to it): a count after "tháng" is a month.
PRECEDING_WORD_RE = re.compile(r"(\w+)\W{0,2}$")
#: The word just after a position: a number before "tháng" is a duration ("6 tháng đầu năm").
FOLLOWING_WORD_RE = re.compile(r"\W{0,2}(\w+)")
#: Words next to which a number is a calendar value or a duration, not a count.
CALENDAR_WORDS = frozenset({"tháng", "ngày", "quý", "năm", "giờ", "lúc", "tuần"})
#: A word, for counting the words of a paragraph.
WORD_RE = re.compile(r"\w+")
#: A blank line (spaces, tabs and no-break spaces allowed on it): paragraphs of a text file.
BLANK_LINE_RE = re.compile(r"(\n[ \t\u00a0]*\n)")
#: Markup of an HTML page that is not a text node: script and style blocks, comments, tags.
MARKUP_RE = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)
#: An opening ``<p>`` tag: the text node after it is where a body paragraph starts.
P_TAG_RE = re.compile(r"<p\b[^>]*>", re.I)
#: The charset a page declares in its ``<meta>``.
CHARSET_RE = re.compile(rb"""charset=["']?([\w-]+)""", re.I)
#: Vietnamese tone marks as combining characters (windows-1258 stores them apart).
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
#: Provinces not swapped: the name of a person as much as of a city.
NOT_SWAPPED = frozenset({"Hồ Chí Minh"})
#: Years left alone when written without grouping dots.
YEARS = range(1945, 2101)
#: Words a paragraph needs to count as a body paragraph.
BODY_WORDS = 15


@dataclass(frozen=True, slots=True)
class Source:
    """A file of the sample corpus: its text (NFC) and how to write a variant like it."""

    name: str
    suffix: str
    text: str
    encoding: str  # "utf-8", or what the page declares (windows-1258)
    form: str  # "NFC", "NFD", or "bytes" for a legacy encoding's own mix
    size: int


def province_names() -> list[str]:
    """The 63 pre-2025 provinces of the package's lexicon, less :data:`NOT_SWAPPED`."""
    table = resources.files("unionnews.lexicon").joinpath("provinces.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in table.splitlines() if line and not line.startswith("#")]
    return [row[0] for row in rows[1:] if row[0] not in NOT_SWAPPED]


def _unicode_form(text: str) -> str:
    """ "NFC" or "NFD": the form writing a variant of ``text`` restores (NFC when mixed)."""
    if not unicodedata.is_normalized("NFC", text) and unicodedata.is_normalized("NFD", text):
        return "NFD"
    return "NFC"


def read_source(path: Path) -> Source:
    """``path`` decoded (UTF-8, else the charset the page declares, else windows-1258)."""
    data = path.read_bytes()
    try:
        raw, encoding = data.decode("utf-8"), "utf-8"
        form = _unicode_form(raw)
    except UnicodeDecodeError:
        declared = CHARSET_RE.search(data)
        encoding = declared.group(1).decode("ascii").lower() if declared else "windows-1258"
        raw, form = data.decode(encoding, errors="replace"), "bytes"
    text = unicodedata.normalize("NFC", raw)
    return Source(path.name, path.suffix.lower(), text, encoding, form, len(data))


def load_sources(folder: Path) -> list[Source]:
    """Every .txt and .html file of ``folder``, in name order."""
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in SOURCE_SUFFIXES and p.is_file())
    if not paths:
        raise FileNotFoundError(f"no .txt or .html files in {folder}")
    return [read_source(p) for p in paths]


def encode_windows_1258(text: str) -> bytes:
    """NFC ``text`` in windows-1258 the way Vietnamese pages store it: a letter the code page
    lacks is written as its base letter (â, ơ, ư…) followed by its tone mark."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        if not tones or not base:
            out += char.encode("cp1258", errors="xmlcharrefreplace")
            continue
        out += base.encode("cp1258", errors="xmlcharrefreplace") + tones.encode("cp1258")
    return bytes(out)


def encode_like(text: str, source: Source) -> bytes:
    """NFC ``text`` in the encoding and Unicode form of ``source``."""
    if source.form == "bytes":
        if source.encoding in {"windows-1258", "cp1258"}:
            return encode_windows_1258(text)
        return text.encode(source.encoding, errors="xmlcharrefreplace")
    form: Literal["NFC", "NFD"] = "NFD" if source.form == "NFD" else "NFC"
    return unicodedata.normalize(form, text).encode(source.encoding)


def format_count(value: int, digits: str, grouped: bool) -> str:
    """``value`` written like a count: ``.`` groups from 1.000 up, or zero-padded to the width
    of ``digits`` when the original was ("03" -> "05")."""
    if value >= 1000:
        return f"{value:,}".replace(",", ".")
    if not grouped and digits.startswith("0") and len(digits) > 1:
        return f"{value:0{len(digits)}d}"
    return str(value)


def shift_counts(text: str, shift: int) -> str:
    """``text`` with every count raised by ``shift`` (see :data:`COUNT_RE`); zero, years written
    without dots and numbers next to a calendar word ("tháng 10", "6 tháng") stay."""

    def shifted(m: re.Match[str]) -> str:
        digits, groups, decimals = m.group(1), m.group(2), m.group(3) or ""
        value = int(digits + groups.replace(".", ""))
        if value == 0 or (not groups and len(digits) == 4 and value in YEARS):
            return m.group()
        before = PRECEDING_WORD_RE.search(text, max(0, m.start() - 12), m.start())
        after = FOLLOWING_WORD_RE.match(text, m.end())
        if any(w and w.group(1).lower() in CALENDAR_WORDS for w in (before, after)):
            return m.group()
        return format_count(value + shift, digits, bool(groups)) + decimals

    return COUNT_RE.sub(shifted, text) if shift else text


def province_pattern(provinces: Sequence[str]) -> re.Pattern[str]:
    """A pattern for any of ``provinces`` as whole words, longest names first."""
    names = sorted(provinces, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")


def swap_provinces(texts: list[str], i: int, provinces: Sequence[str], pattern: re.Pattern[str]) -> list[str]:
    """``texts`` (the pieces of one article) with each province named replaced by another
    chosen by ``i``: the same name gets the same replacement in every piece."""
    found: dict[str, str] = {}
    for text in texts:
        for m in pattern.finditer(text):
            if m.group() not in found:
                k = (i * 7 + len(found) * 13) % len(provinces)
                if provinces[k] == m.group():
                    k = (k + 1) % len(provinces)
                found[m.group()] = provinces[k]
    if not found:
        return texts
    return [pattern.sub(lambda m: found[m.group()], t) for t in texts]


def distinct_limit(provinces: Sequence[str]) -> int:
    """How many variants get pairwise different opening sentences (place, day, month, year)."""
    return len(provinces) * 28 * 12 * 20


def opening_sentence(i: int, provinces: Sequence[str]) -> str:
    """Our sentence for variant ``i``: place and date differ for every ``i`` below
    :func:`distinct_limit` (mixed-radix digits of ``i``)."""
    place = provinces[i % len(provinces)]
    rest = i // len(provinces)
    day, rest = 1 + rest % 28, rest // 28
    month, rest = 1 + rest % 12, rest // 12
    year = 2005 + rest % 20
    return f"Cộng tác viên tại {place} ghi nhận ngày {day}/{month}/{year}."


def _is_body(paragraph: str) -> bool:
    """A paragraph of running text: enough words, ending a sentence."""
    return len(WORD_RE.findall(paragraph)) >= BODY_WORDS and paragraph.rstrip().endswith(".")


def _prefix(paragraph: str, sentence: str) -> str:
    """``sentence`` put before ``paragraph``'s text, after its leading whitespace."""
    body = paragraph.lstrip()
    return paragraph[: len(paragraph) - len(body)] + sentence + " " + body


def text_variant(text: str, i: int, provinces: Sequence[str], pattern: re.Pattern[str]) -> str:
    """Variant ``i`` of a text file: counts shifted, provinces swapped, body paragraphs after
    the first rotated, our sentence before the first (or before the text when none is found)."""
    parts = BLANK_LINE_RE.split(shift_counts(text, i))  # paragraphs at even places, blank lines between
    parts = swap_provinces(parts, i, provinces, pattern)
    body = [k for k in range(0, len(parts), 2) if _is_body(parts[k])]
    sentence = opening_sentence(i, provinces)
    if not body:
        return sentence + "\n\n" + "".join(parts)
    rest = body[1:]
    if len(rest) >= 2:
        turn = i % len(rest)
        moved = [parts[k] for k in rest[turn:] + rest[:turn]]
        for k, paragraph in zip(rest, moved, strict=True):
            parts[k] = paragraph
    parts[body[0]] = _prefix(parts[body[0]], sentence)
    return "".join(parts)


def html_variant(page: str, i: int, provinces: Sequence[str], pattern: re.Pattern[str]) -> str:
    """Variant ``i`` of an HTML page: its text nodes changed (counts, provinces, our sentence
    before the first ``<p>`` paragraph), its markup kept as it is."""
    pieces: list[str] = []  # text nodes at even places, markup at odd places
    last = 0
    for m in MARKUP_RE.finditer(page):
        pieces += [page[last : m.start()], m.group()]
        last = m.end()
    pieces.append(page[last:])
    texts = swap_provinces(
        [shift_counts(pieces[k], i) for k in range(0, len(pieces), 2)], i, provinces, pattern
    )
    pieces[::2] = texts
    sentence = opening_sentence(i, provinces)
    for k in range(2, len(pieces), 2):
        if P_TAG_RE.fullmatch(pieces[k - 1]) and len(WORD_RE.findall(pieces[k])) >= BODY_WORDS:
            pieces[k] = _prefix(pieces[k], sentence)
            break
    else:
        raise ValueError("no <p> paragraph of running text to open in this page")
    return "".join(pieces)


def make_variant(source: Source, i: int, provinces: Sequence[str], pattern: re.Pattern[str]) -> bytes:
    """The bytes of variant ``i`` of ``source``."""
    if source.suffix == ".html":
        text = html_variant(source.text, i, provinces, pattern)
    else:
        text = text_variant(source.text, i, provinces, pattern)
    return encode_like(text, source)


def variant_path(folder: Path, i: int, source: Source) -> Path:
    """Where variant ``i`` goes: a sub-folder per :data:`FILES_PER_FOLDER` variants."""
    return folder / f"part-{i // FILES_PER_FOLDER:03d}" / f"v{i:06d}-{source.name}"


def write_variants(sources: Sequence[Source], indices: Iterable[int], folder: Path) -> list[Path]:
    """Write the variants numbered ``indices`` (variant ``i`` from source ``i mod k``) under
    ``folder``; return their paths."""
    provinces = province_names()
    pattern = province_pattern(provinces)
    written = []
    for i in indices:
        source = sources[i % len(sources)]
        path = variant_path(folder, i, source)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make_variant(source, i, provinces, pattern))
        written.append(path)
    return written


def size_summary(sizes: Sequence[int]) -> str:
    """ "mean M, median D, min A, max B bytes" of ``sizes``."""
    ordered = sorted(sizes)
    mean = sum(ordered) / len(ordered)
    middle = ordered[len(ordered) // 2]
    return f"mean {mean:,.0f}, median {middle:,}, min {ordered[0]:,}, max {ordered[-1]:,} bytes"
