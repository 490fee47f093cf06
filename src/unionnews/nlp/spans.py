"""Spans: sorted, merged character ranges with a fast overlap test, and fast scans for
patterns whose matches are rare in a long text."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence


class SpanSet:
    """Sorted, non-overlapping spans with a fast overlap test."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        self.starts = [s for s, _ in merged]
        self.spans = merged

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, end - 1) - 1
        return i >= 0 and self.spans[i][1] > start


class Literals:
    """An anchor for :func:`finditer_near` made of literal strings: it matches where one of
    them starts. ``str.find`` finds them much faster than the regex engine scans a text for
    any of several characters (an alternation or a character class)."""

    __slots__ = ("words",)

    def __init__(self, *words: str) -> None:
        self.words = words

    def positions(self, text: str, pos: int = 0, endpos: int | None = None) -> list[int]:
        """Where one of the words starts, each lying within ``text[pos:endpos]``, in order.

        >>> Literals("ab", "b").positions("abcab xb")
        [0, 1, 3, 4, 7]
        """
        end = len(text) if endpos is None else endpos
        found: list[int] = []
        for word in self.words:
            i = text.find(word, pos, end)
            while i >= 0:
                found.append(i)
                i = text.find(word, i + 1, end)
        found.sort()
        return found


def finditer_near(
    regex: re.Pattern[str],
    text: str,
    anchor: re.Pattern[str] | Literals,
    back: int = 0,
    pos: int = 0,
    endpos: int | None = None,
) -> Iterator[re.Match[str]]:
    """``regex.finditer(text, pos, endpos)``, trying ``regex`` only near matches of ``anchor``;
    ``regex`` never matches the empty string.

    A pattern that opens with a lookbehind or an optional part makes the regex engine
    try it at every position of the text; an anchor that opens with a literal or a
    character class, or :class:`Literals`, is found by a fast scan. The contract: every
    match of ``regex`` that starts at ``s`` has a position ``p``, ``s <= p <= s + back``,
    where ``anchor.match(text, p, endpos)`` succeeds (one of the literals starts, within
    ``text[:endpos]``). Then the matches are the same: the anchor positions are taken in
    turn, ``regex`` is tried at the untried positions from ``back`` before each up to it,
    in order, and after a match the search goes on from its end.

    >>> code = re.compile(r"(?<![\\w/])\\d{1,5}/[a-z]+")
    >>> [m.group() for m in finditer_near(code, "số 12/kh, 3/4, 56/qd", re.compile("/[a-z]"), back=5)]
    ['12/kh', '56/qd']
    >>> [m.group() for m in finditer_near(code, "số 12/kh, 3/4, 56/qd", Literals("/"), back=5)]
    ['12/kh', '56/qd']
    """
    end = len(text) if endpos is None else endpos
    if isinstance(anchor, Literals):
        hits = anchor.positions(text, pos, end)

        def next_hit(at: int) -> int | None:
            i = bisect_left(hits, at)
            return hits[i] if i < len(hits) else None

    else:

        def next_hit(at: int) -> int | None:
            hit = anchor.search(text, at, end)
            return None if hit is None else hit.start()

    at = pos  # the next match starts at ``at`` or after: the positions before it are done
    while (p := next_hit(at)) is not None:
        if back == 0:  # the common case, without a loop
            if (m := regex.match(text, p, end)) is not None:
                yield m
                at = m.end()
            else:
                at = p + 1
            continue
        for s in range(max(at, p - back), p + 1):
            if (m := regex.match(text, s, end)) is not None:
                yield m
                at = m.end()
                break
        else:
            at = p + 1


#: The lookbehinds a pattern opens with: "(?<!\w)", "(?<![\d/.,\-])", "(?<!nhiều )".
LEADING_LOOKBEHINDS_RE = re.compile(r"^(?:\(\?<[!=](?:\[[^\]]*\]|\\.|[^()\[\\])*\))+")


def lookbehind_free(regex: re.Pattern[str]) -> re.Pattern[str]:
    """``regex`` without the lookbehinds it opens with: it matches wherever ``regex`` does
    (one condition fewer), so it is an anchor (``back`` 0) for :func:`search_near`. When what
    follows opens with a literal, or alternatives that each open with one, the regex
    engine finds it by a fast scan.

    >>> lookbehind_free(re.compile(r"(?<!\\w)(?<!nhiều )(?:năm qua|năm nay)(?!\\w)")).pattern
    '(?:năm qua|năm nay)(?!\\\\w)'
    """
    return re.compile(LEADING_LOOKBEHINDS_RE.sub("", regex.pattern, count=1), regex.flags)


def word_start_anchor(words: Sequence[str], *, whole: bool = False) -> re.Pattern[str]:
    """An anchor (``back`` 0, :func:`finditer_near`) for a pattern whose every match opens with
    one of ``words`` (each starting with a letter) at the start of a word, and with ``whole``
    as a whole word (no letter or digit after it): the first letter of one, not after a
    letter or digit, then the rest of one. The lookbehind comes after the first letter, so
    the regex engine skips to the letters that open one of the words.

    >>> anchor = word_start_anchor(["hai", "ba"])
    >>> [m.start() for m in anchor.finditer("hai ba, bàn, thai, bao")]
    [0, 4, 19]
    """
    firsts = "".join(sorted({re.escape(w[0]) for w in words}))
    rests = "|".join(sorted({re.escape(w[1:]) for w in words}, key=len, reverse=True))
    return re.compile(rf"[{firsts}](?<!\w.)(?:{rests})" + (r"(?!\w)" if whole else ""))
