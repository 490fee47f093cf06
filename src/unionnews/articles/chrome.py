"""Page chrome and injected spam in saved article pages.

Chrome lines (menus, breadcrumbs, share buttons, counters, "Ý kiến bạn đọc")
are described in ``lexicon/chrome.txt``; spam phrases in ``lexicon/spam.txt``.
Content farms also inject the items of their *own* menu into body sentences;
:func:`injected_phrases` collects those items from the page's menu lines so
they can be cut out wherever they reappear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from unionnews.lexicon import read_lines
from unionnews.nlp.normalize import match_key

#: A menu bullet line: "• tuyển dụng nhân tài".
MENU_ITEM_RE = re.compile(r"^\s*[•·*]\s*(?P<item>.+?)\s*$")
#: A breadcrumb line: "vị trí của bạn: A > B > C" or "Trang chủ » Tin tức".
BREADCRUMB_RE = re.compile(r"^\s*(?:vị trí của bạn\s*:|trang chủ\s*[>»›])(?P<trail>.*)$")
#: Separators inside a breadcrumb trail: ">", "»", "›", ",".
CRUMB_SPLIT_RE = re.compile(r"\s*[>»›,]\s*")
#: Space left before punctuation or doubled after a phrase is cut: "đó , đã" -> "đó, đã".
SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+([,.;:!?])")
#: Punctuation glued to the next word after a cut: "đó,đã" -> "đó, đã".
PUNCT_GLUED_RE = re.compile(r"([,;:])(?=[^\s\d])")
#: Runs of spaces.
MULTISPACE_RE = re.compile(r"[ ]{2,}")


@dataclass(frozen=True, slots=True)
class ChromeRules:
    stop: tuple[re.Pattern[str], ...]
    skip: tuple[re.Pattern[str], ...]
    spam: tuple[str, ...]  # match keys of spam phrases


@cache
def chrome_rules() -> ChromeRules:
    stop, skip = [], []
    for line in read_lines("chrome.txt"):
        if line.startswith("stop "):
            stop.append(re.compile(line[5:]))
        else:
            skip.append(re.compile(line))
    spam = tuple(match_key(p) for p in read_lines("spam.txt"))
    return ChromeRules(tuple(stop), tuple(skip), spam)


def is_stop_line(line: str) -> bool:
    """Does this line end the article ("Ý kiến bạn đọc", "Những tin mới hơn" …)?"""
    key = match_key(line.strip())
    return any(p.search(key) for p in chrome_rules().stop)


def is_chrome_line(line: str) -> bool:
    """A single line of chrome: menu bullet, breadcrumb, share buttons, counter, separator."""
    key = match_key(line.strip())
    return bool(key) and any(p.search(key) for p in chrome_rules().skip)


def is_spam_line(line: str) -> bool:
    key = match_key(line)
    return any(s in key for s in chrome_rules().spam)


def injected_phrases(lines: list[str]) -> list[str]:
    """Menu items and breadcrumb parts of the page (≥ 2 words), as match keys."""
    phrases: set[str] = set()
    for line in lines:
        key = match_key(line)
        m = MENU_ITEM_RE.match(key)
        if m:
            phrases.add(m["item"])
            continue
        b = BREADCRUMB_RE.match(key)
        if b:
            phrases.update(p for p in CRUMB_SPLIT_RE.split(b["trail"]) if p)
    phrases.update(chrome_rules().spam)
    return sorted((p for p in phrases if len(p.split()) >= 2), key=len, reverse=True)


def cut_phrases(line: str, phrases: list[str]) -> tuple[str, list[str]]:
    """Remove every occurrence of ``phrases`` (match keys) from ``line``; return what was cut."""
    cut: list[str] = []
    for phrase in phrases:
        key = match_key(line)
        start = key.find(phrase)
        while start != -1:
            cut.append(line[start : start + len(phrase)])
            line = line[:start] + " " + line[start + len(phrase) :]
            key = match_key(line)
            start = key.find(phrase)
    if cut:
        line = SPACE_BEFORE_PUNCT_RE.sub(r"\1", line)
        line = PUNCT_GLUED_RE.sub(r"\1 ", line)
        line = MULTISPACE_RE.sub(" ", line)
    return line, cut
