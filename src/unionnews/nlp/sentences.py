"""Sentence spans with offsets into the stored text.

Vietnamese news splits cleanly on ". ", "! ", "? " before a capital letter,
and on line breaks. What breaks naive splitters is the dot in numbers
("1.742"), in abbreviations ("TP. Hồ Chí Minh", "PGS.TS.", "Đ/c", "ThS.") and
in ellipses inside lists. Spans never include the surrounding whitespace.
underthesea's ``sent_tokenize`` returns strings without offsets, so this
splitter is ours; it is linear in the text length.
"""

from __future__ import annotations

import re

#: Abbreviations that end in a dot and never end a sentence: "TP. Vinh", "PGS.TS. Lê", "Th.S Hà".
ABBREVIATION_RE = re.compile(
    r"(?:\b(?:TP|Tp|tp|TX|TT|Q|P|PGS|GS|TS|ThS|Th\.S|BS|KS|CN|NXB|St|No|Mr|Mrs|Dr|v\.v)\.)$"
)
#: A sentence boundary candidate: end punctuation (optionally closing quote/bracket), then
#: space and the next word's first character (group 1), which must be upper case or a digit
#: (checked in code: a regex class cannot say "Vietnamese capital"):
#: "… năm 2021. Công đoàn …", "… tốt!” Ông …".
BOUNDARY_RE = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s+[\"“‘(\[\-–—•]?\s*(\w))")
#: A line break, optionally surrounded by spaces: paragraphs and list items end sentences.
LINE_BREAK_RE = re.compile(r"[ \t]*\n\s*")


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in BOUNDARY_RE.finditer(text, start, end):
        cut = match.end()
        nxt = match.group(1)
        if not (nxt.isupper() or nxt.isdigit()):
            continue
        if ABBREVIATION_RE.search(text, max(cursor, cut - 8), cut):
            continue
        span = _trim(text, cursor, cut)
        if span:
            spans.append(span)
        cursor = cut
    tail = _trim(text, cursor, end)
    if tail:
        spans.append(tail)
    return spans


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of ``text``.

    >>> t = "Công đoàn có 1.742 đoàn viên. TP. Vinh có 08 CĐCS!\\nTác giả"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Công đoàn có 1.742 đoàn viên.', 'TP. Vinh có 08 CĐCS!', 'Tác giả']
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for brk in LINE_BREAK_RE.finditer(text):
        spans.extend(_split_line(text, cursor, brk.start()))
        cursor = brk.end()
    spans.extend(_split_line(text, cursor, len(text)))
    return spans


def sentence_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    """The span containing ``offset`` (binary search over sorted spans)."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        s, e = spans[mid]
        if offset < s:
            hi = mid
        elif offset >= e:
            lo = mid + 1
        else:
            return spans[mid]
    return None
