"""Clause boundaries: where the words that govern a number start."""

from __future__ import annotations

import re

#: Clause boundaries the words before a figure do not cross: ";", "!", "?", a line break, and
#: a "." not inside a number ("1.742"). A ":" is crossed: "Kết nạp mới: 1.234 đoàn viên".
CLAUSE_BOUNDARY_RE = re.compile(r"[;!?\n]|\.(?!\d)")


def last_boundary(key: str, lo: int, pos: int, boundary: re.Pattern[str] = CLAUSE_BOUNDARY_RE) -> int:
    """Where the text after the last ``boundary`` in ``key[lo:pos]`` starts (``lo`` if none)."""
    last = lo
    for b in boundary.finditer(key, lo, pos):
        last = b.end()
    return last
