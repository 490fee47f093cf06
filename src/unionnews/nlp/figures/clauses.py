"""Clause boundaries: where the words that govern a number start."""

from __future__ import annotations

import re

#: Clause boundaries the words before a figure do not cross: ";", "!", "?", a line break, and
#: a "." not inside a number ("1.742"). A ":" is crossed: "Kết nạp mới: 1.234 đoàn viên".
#: (One character class first, then "not a '.', or no digit after it", so that the regex
#: engine skips to those characters.)
CLAUSE_BOUNDARY_RE = re.compile(r"[;!?\n.](?:(?<!\.)|(?!\d))")


def last_boundary(key: str, lo: int, pos: int, boundary: re.Pattern[str] = CLAUSE_BOUNDARY_RE) -> int:
    """Where the text after the last ``boundary`` in ``key[lo:pos]`` starts (``lo`` if none)."""
    last = lo
    for b in boundary.finditer(key, lo, pos):
        last = b.end()
    return last


#: The head of an office's name: "Sở Giáo dục và Đào tạo", "Bộ Lao động - Thương binh và Xã
#: hội", "Trung tâm Dịch vụ việc làm", "Trường Cao đẳng Nghề". Matched on the text as written.
OFFICE_HEAD_RE = re.compile(r"(?<!\w)(?:Sở|Bộ|Phòng|Trung tâm|Trường|Viện|Học viện|Ban)(?= [^\W\d_])")
#: One unit of a name after the head: a capitalised syllable with at most one lower-case
#: syllable after it ("Giáo dục", "Đào tạo", "Xã hội"), or a joiner ("và", "-").
NAME_UNIT_RE = re.compile(
    r" (?:(?:và|-|–) )?(?P<first>[^\W\d_])[^\s,;.:()]*(?: (?![^\W\d_]*[A-ZĐ])[a-zđà-ỹ][^\s,;.:()]*)?"
)


def mask_names(text: str, key: str, start: int, end: int) -> str:
    """``key[start:end]`` with the names of offices blanked out, so that words of a name
    are never read as cues: in "Phó Giám đốc Sở Giáo dục và Đào tạo cùng 142 đại biểu",
    "đào tạo" trains no one.

    >>> t = "Giám đốc Sở Giáo dục và Đào tạo cùng 142 đại biểu"
    >>> mask_names(t, t.lower(), 0, len(t))
    'giám đốc                        cùng 142 đại biểu'
    """
    out = key[start:end]
    if OFFICE_HEAD_RE.search(text, start, end) is None:
        return out
    chars = list(out)
    for head in OFFICE_HEAD_RE.finditer(text, start, end):
        pos, units = head.end(), 0
        while (unit := NAME_UNIT_RE.match(text, pos)) is not None and unit.end() <= end:
            if not unit["first"].isupper():
                break
            pos, units = unit.end(), units + 1
        if units:
            for i in range(head.start() - start, pos - start):
                chars[i] = " "
    return "".join(chars)
