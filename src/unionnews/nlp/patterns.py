"""Facts about regular expressions that make matching cheaper, read from CPython's own parser of
regular expressions: the words a cue cannot match without (a cheap test before its pattern
runs), the longest label a pattern can match; and word lists written as tries, tested at word
starts after their first letter so that a search skips the places no word starts at."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from typing import Any

#: CPython's own regular-expression parser and its opcodes (a module of ``re`` without typing
#: stubs): they tell which words a pattern cannot match without and how long its matches are.
_PARSER: Any = importlib.import_module("re._parser")
_OPS: Any = importlib.import_module("re._constants")


def required_words(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Words one of which every match of ``pattern`` holds, or None when the pattern does not
    tell (it ignores case, or a part of it is made of classes only).

    >>> sorted(required_words(re.compile(r"(?<!\\w)(?:đã\\s+)?(?:kết nạp|giới thiệu)")))
    ['giới thiệu', 'kết nạp']
    >>> sorted(required_words(re.compile(r"\\d+\\s*%"))), required_words(re.compile(r"[ab]+c?"))
    (['%'], None)
    """
    if pattern.flags & re.IGNORECASE:
        return None
    return _required(_PARSER.parse(pattern.pattern, pattern.flags))


def _required(items: Iterable[tuple[Any, Any]]) -> frozenset[str] | None:
    """Words one of which a match of the parsed sequence ``items`` holds: a run of literal
    characters, or what a group, a repeat (at least once) or every branch of an alternation
    needs; of several such sets, the one whose shortest word is longest."""
    best: frozenset[str] | None = None

    def take(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is _OPS.LITERAL:
            run.append(chr(av))
            continue
        if run:
            take(frozenset(["".join(run)]))
            run = []
        if op is _OPS.SUBPATTERN and not av[1] & re.IGNORECASE:
            take(_required(av[3]))
        elif op is _OPS.BRANCH:
            branches = [_required(branch) for branch in av[1]]
            if all(branches):
                take(frozenset().union(*branches))  # type: ignore[arg-type]
        elif op in (_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, _OPS.POSSESSIVE_REPEAT) and av[0] >= 1:
            take(_required(av[2]))
        elif op is _OPS.ATOMIC_GROUP:
            take(_required(av))
    return best


def max_width(pattern: str) -> int:
    """The most characters a match of ``pattern`` can span (a very large number when unbounded).

    >>> max_width("thứ|lần thứ|(?<!tổng )số"), max_width(r"\\d+") > 10**6
    (7, True)
    """
    return int(_PARSER.parse(pattern).getwidth()[1])


def longest_first(words: Iterable[str]) -> str:
    """A pattern that matches what ``(?:w1|w2|…)`` with ``words`` sorted longest first matches,
    written as a trie: at a position the regex engine follows one branch per character
    instead of trying every word in turn. A longer word is tried before a shorter one it
    begins with, so that what follows the alternation can still make it back off.

    >>> pattern = longest_first(["đoàn viên", "đoàn", "đội"])
    >>> pattern
    'đ(?:oàn(?:\\\\ viên)?|ội)'
    >>> re.match(pattern + r"(?!\\w)", "đoàn vi").group()
    'đoàn'
    """
    root: dict[str, dict[str, Any]] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def branch(node: dict[str, Any]) -> str:
        alternatives = [re.escape(ch) + branch(child) for ch, child in node.items() if ch]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{body})?" if "" in node else body

    return branch(root)


#: Written right after a word's first character (never a line break): no word character stands
#: before that one. The test ``(?<!\w)`` makes before it, placed after it so that a search can
#: skip straight to the characters words start with: "h" + WORD_START_AFTER_FIRST + "à" finds
#: "hà" in "(hà", not in "xhà".
WORD_START_AFTER_FIRST = r"(?<!\w.)"


def word_start_alternation(patterns: Iterable[str]) -> str:
    r"""A pattern matching the first of ``patterns`` (each opening with a plain letter, none with
    a "|" outside brackets) that matches at a word start, as ``(?<!\w)(?:p1|p2|…)`` does, only
    faster: the patterns are grouped by their first letter and the word-start test follows it,
    so a search skips every position whose character opens no pattern.

    >>> re.findall(word_start_alternation(["ubnd", "tỉnh ủy", "thành ủy"]), "xubnd, thành ủy")
    ['thành ủy']
    """
    branches: dict[str, list[str]] = {}
    for pattern in patterns:
        branches.setdefault(pattern[0], []).append(pattern[1:])
    parts = [
        re.escape(first) + WORD_START_AFTER_FIRST + f"(?:{'|'.join(rests)})"
        for first, rests in branches.items()
    ]
    return "(?:" + "|".join(parts) + ")"


def word_alternation(words: Iterable[str]) -> str:
    r"""A pattern matching the longest of ``words`` found at a word start, as
    ``(?<!\w)(?:w1|w2|…)`` with the words longest first does (no word opens with a line break),
    only faster: the words are a trie and the word-start test follows the first character, so a
    search skips every position whose character starts no word.

    >>> re.findall(word_alternation(["hà nam", "hà nội", "hà"]), "xhà hà nội")
    ['hà nội']
    """
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    branches: dict[str, list[str]] = {}
    for word in ordered:
        branches.setdefault(word[0], []).append(word[1:])
    parts = [
        re.escape(first) + WORD_START_AFTER_FIRST + longest_first(rests) for first, rests in branches.items()
    ]
    return "(?:" + "|".join(parts) + ")"
