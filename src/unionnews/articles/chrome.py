"""Page chrome and injected spam in saved article pages.

Chrome lines (menus, breadcrumbs, share buttons, counters, "Ý kiến bạn đọc")
are described in ``lexicon/chrome.txt``; spam phrases in ``lexicon/spam.txt``.

Content farms republish articles and inject phrases into the body: known spam
(betting, lottery, casino — the lexicon) and the items of their *own* menu and
breadcrumb ("…chính đáng. Qua đó,tuyển dụng nhân tài đã góp phần…"). The rule:

* spam-lexicon phrases are cut wherever they appear; a short line that is
  mostly spam is dropped;
* on a page that shows spam anywhere (menu, breadcrumb, title, keywords,
  body), the page's menu/breadcrumb phrases of two words or more that
  reappear inside body sentences are injected and cut too — except phrases
  of the article's own subject (in its title, or about unions and workers),
  which a real sentence may well contain, unless they are glued onto the
  preceding punctuation (",tuyển dụng"), which no editor writes.

Every cut is reported in the notes, and the article is marked "content-farm copy".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from unionnews.lexicon import read_lines
from unionnews.nlp.normalize import match_key

#: A menu bullet line: "• tuyển dụng nhân tài".
MENU_ITEM_RE = re.compile(r"^\s*[•·*]\s*(?P<item>.+?)\s*$")
#: A breadcrumb line (match key, where "»" is folded to '"'): "vị trí của bạn: A > B > C",
#: "Trang chủ » Tin tức".
BREADCRUMB_RE = re.compile(r"^\s*(?:vị trí (?:của bạn|hiện tại)\s*:|trang chủ\s*[>»›\"/])(?P<trail>.*)$")
#: Separators inside a breadcrumb trail: ">", "»" (folded to '"'), "›", "/", ",".
CRUMB_SPLIT_RE = re.compile(r"\s*[>»›\"/,]\s*")
#: Space left before punctuation or doubled after a phrase is cut: "đó , đã" -> "đó, đã".
SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+([,.;:!?])")
#: Punctuation glued to the next word after a cut: "đó,đã" -> "đó, đã".
PUNCT_GLUED_RE = re.compile(r"([,;:])(?=[^\s\d])")
#: Punctuation doubled after a cut between two commas: "mạnh, , góp" -> "mạnh, góp".
DOUBLE_PUNCT_RE = re.compile(r"([,;:])(?:\s*[,;:])+")
#: Runs of spaces.
MULTISPACE_RE = re.compile(r"[ ]{2,}")
#: Words of the union/labour domain: a menu phrase containing one may be real text
#: ("hoạt động công đoàn", "chính sách pháp luật"), so it is cut only when glued.
DOMAIN_PHRASE_RE = re.compile(
    r"\b(?:công đoàn|đoàn viên|lao động|công nhân|viên chức|người lao động|pháp luật|chính sách|"
    r"thi đua|khen thưởng|hội nghị|đại hội|nữ công|tuyên giáo|tổ chức|kiểm tra|hoạt động|tin tức|"
    r"văn bản|đảng|chính trị|xã hội|kinh tế|an toàn|sự kiện)\b"
)
#: An occurrence glued to the punctuation before it: ",tuyển" (match key; the phrase starts after).
GLUED_BEFORE_RE = re.compile(r"[,.;:!?)]$")
#: A line of a list of links to other articles: a headline with its date in brackets,
#: "- Trao 150 suất quà Tết cho công nhân KCN Nhơn Hòa (25/01/2024)".
DATED_LINK_LINE_RE = re.compile(
    r"^\s*(?:[-–•*+]\s*)?\S.{8,200}\(\s*\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*\)\s*\.?\s*$"
)
#: Fewest such lines in a row taken for a list of links (one alone may be a sentence).
MIN_DATED_LINK_LINES = 2
#: The note an article gets when injected phrases were cut from it.
CONTENT_FARM_NOTE = "content-farm copy"
#: Chrome lines are short; longer lines are paragraphs and are not matched against the rules.
MAX_CHROME_LINE_CHARS = 300
#: A line with fewer words than this left once its spam is cut is dropped whole.
SPAM_LINE_MIN_WORDS_LEFT = 4


#: Distinct short lines whose chrome class is remembered (menus and footers repeat on every
#: page of a site; the cache is bounded).
LINE_CACHE_SIZE = 8192
#: A reference to a numbered or named group (joining patterns renumbers their groups):
#: "\1", "(?P=name)", "(?(1)a|b)".
BACKREFERENCE_RE = re.compile(r"\\\d|\(\?P=|\(\?\(")


@dataclass(frozen=True, slots=True)
class ChromeRules:
    stop: tuple[re.Pattern[str], ...]
    skip: tuple[re.Pattern[str], ...]
    spam: tuple[str, ...]  # match keys of spam phrases, longest first
    spam_re: re.Pattern[str]  # any spam phrase as whole words
    #: ``stop`` and ``skip`` as one test each (see :func:`any_search`).
    stop_any: Callable[[str], bool]
    skip_any: Callable[[str], bool]
    #: The spam phrases that hold no other one: one of them occurs in any text that holds a
    #: spam phrase (a quick test before :attr:`spam_re`).
    spam_cores: tuple[str, ...]

    def may_hold_spam(self, text: str) -> bool:
        """Can ``text`` (lower case) hold a spam phrase? False means :attr:`spam_re` finds none."""
        return any(core in text for core in self.spam_cores)


def _has_top_level_bar(pattern: str) -> bool:
    """Does ``pattern`` hold a "|" outside every group and character class ("^a|b")?"""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 1 + (pattern[i + 1 : i + 2] == "^")
            i += pattern[i : i + 1] == "]"  # a "]" first in a class is a character of it
            continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def _joinable(pattern: re.Pattern[str]) -> bool:
    """Is ``pattern`` anchored at the start as a whole, so that it can join others in one
    "^(?:…|…)"? ("^a" yes; "^a|b", a backreference, a flag of the whole pattern: no.)"""
    text = pattern.pattern
    return (
        text.startswith("^")
        and not _has_top_level_bar(text)
        and not BACKREFERENCE_RE.search(text)
        and pattern.flags == re.UNICODE
    )


def any_search(patterns: tuple[re.Pattern[str], ...]) -> Callable[[str], bool]:
    """A test equal to ``any(p.search(s) for p in patterns)``, in one regex call where it can.

    The patterns anchored at the start (:func:`_joinable`) are joined into one
    "^(?:…|…)", which matches where one of them matches: at the start. The others are
    searched one by one.

    >>> test = any_search((re.compile("^ab"), re.compile("^c$"), re.compile("^x|y")))
    >>> test("abc"), test("c"), test("zy"), test("zab")
    (True, True, True, False)
    """
    bodies = [p.pattern[1:] for p in patterns if _joinable(p)]
    joined = re.compile("^(?:" + "|".join(f"(?:{b})" for b in bodies) + ")") if bodies else None
    rest = tuple(p for p in patterns if not _joinable(p))

    def test(s: str) -> bool:
        return bool(joined is not None and joined.match(s)) or any(p.search(s) for p in rest)

    return test


def _cores(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """The phrases that contain no other phrase of ``phrases``."""
    return tuple(p for p in phrases if not any(q != p and q in p for q in phrases))


@cache
def chrome_rules() -> ChromeRules:
    stop, skip = [], []
    for line in read_lines("chrome.txt"):
        if line.startswith("stop "):
            stop.append(re.compile(line[5:]))
        else:
            skip.append(re.compile(line))
    spam = tuple(sorted({match_key(p) for p in read_lines("spam.txt")}, key=len, reverse=True))
    spam_re = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in spam) + r")(?!\w)")
    return ChromeRules(
        tuple(stop),
        tuple(skip),
        spam,
        spam_re,
        any_search(tuple(stop)),
        any_search(tuple(skip)),
        _cores(spam),
    )


@lru_cache(maxsize=LINE_CACHE_SIZE)
def _line_class(line: str) -> tuple[bool, str | None]:
    """(does it end the article, its match key when it is chrome) of a stripped line of at
    most :data:`MAX_CHROME_LINE_CHARS` characters, by the rules of :func:`chrome_rules`."""
    rules = chrome_rules()
    key = match_key(line)
    return rules.stop_any(key), (key if line and rules.skip_any(key) else None)


def is_stop_line(line: str) -> bool:
    """Does this line end the article ("Ý kiến bạn đọc", "Những tin mới hơn" …)?"""
    line = line.strip()
    if len(line) > MAX_CHROME_LINE_CHARS:
        return False  # a paragraph
    return _line_class(line)[0]


def _chrome_key(line: str) -> str | None:
    """The match key of ``line`` when it is a single line of chrome, else None."""
    line = line.strip()
    if not line or len(line) > MAX_CHROME_LINE_CHARS:
        return None
    return _line_class(line)[1]


def is_chrome_line(line: str) -> bool:
    """A single line of chrome: menu bullet, breadcrumb, share buttons, counter, separator."""
    return _chrome_key(line) is not None


def is_spam_line(line: str) -> bool:
    """Does the line contain a known spam phrase (``lexicon/spam.txt``) as whole words?

    Lines are NFC already; spam phrases hold no tone-placement variants (oa/oe/uy), so
    plain lower case stands in for the slower :func:`match_key` here.
    """
    return bool(chrome_rules().spam_re.search(line.lower()))


def page_shows_spam(lines: Iterable[str]) -> bool:
    """Does any line of the page (chrome, title, keywords or body) carry a spam phrase?

    The distinct lines are searched as one lower-cased text: no phrase holds a line break,
    and a line break is no word character, so a phrase matches there as in its own line.
    """
    rules = chrome_rules()
    text = "\n".join(dict.fromkeys(lines)).lower()
    return rules.may_hold_spam(text) and bool(rules.spam_re.search(text))


def injected_phrases(lines: list[str], extra: Iterable[str] = ()) -> list[str]:
    """Menu items and breadcrumb parts of the page (≥ 2 words), as match keys, longest first.

    ``extra`` adds phrases found elsewhere (the menu links of an HTML page).
    """
    phrases: set[str] = {match_key(" ".join(p.split())) for p in extra}
    for line in lines:
        key = match_key(line)
        m = MENU_ITEM_RE.match(key)
        if m:
            phrases.add(m["item"])
            continue
        b = BREADCRUMB_RE.match(key)
        if b:
            phrases.update(p.strip() for p in CRUMB_SPLIT_RE.split(b["trail"]) if p.strip())
    return sorted((p for p in phrases if len(p.split()) >= 2), key=len, reverse=True)


def _word_bounded(key: str, start: int, end: int) -> bool:
    before = key[start - 1] if start > 0 else " "
    after = key[end] if end < len(key) else " "
    return not before.isalnum() and not after.isalnum()


def _spans(key: str, phrases: list[str], keep: Callable[[str, str, int], bool] | None) -> list[list[int]]:
    """Merged [start, end) spans of the whole-word occurrences of ``phrases`` in ``key``."""
    spans: list[tuple[int, int]] = []
    for phrase in phrases:
        start = key.find(phrase)
        while start != -1:
            end = start + len(phrase)
            if _word_bounded(key, start, end) and not (keep is not None and keep(phrase, key, start)):
                spans.append((start, end))
            start = key.find(phrase, start + 1)
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1 and not key[merged[-1][1] : start].strip():
            merged[-1][1] = max(merged[-1][1], end)  # overlapping or adjacent: one cut
        else:
            merged.append([start, end])
    return merged


def cut_phrases(
    line: str,
    phrases: list[str],
    *,
    keep: Callable[[str, str, int], bool] | None = None,
    key: str | None = None,
) -> tuple[str, list[str]]:
    """Remove every whole-word occurrence of ``phrases`` (match keys) from ``line``.

    Overlapping occurrences ("soi kèo" + "kèo bóng đá") are cut as one.
    ``keep(phrase, key, start)`` may spare an occurrence. Returns the cleaned line and
    the cut texts; spacing and punctuation around a cut are repaired. ``key`` is the
    :func:`match_key` of ``line``, when the caller has it.

    >>> cut_phrases("Qua đó,soi kèo bóng đá đã góp phần", ["kèo bóng đá", "soi kèo"])
    ('Qua đó, đã góp phần', ['soi kèo bóng đá'])
    """
    spans = _spans(match_key(line) if key is None else key, phrases, keep)
    if not spans:
        return line, []
    cut = [line[s:e] for s, e in spans]
    for start, end in reversed(spans):
        line = line[:start] + " " + line[end:]
    line = SPACE_BEFORE_PUNCT_RE.sub(r"\1", line)
    line = DOUBLE_PUNCT_RE.sub(r"\1", line)
    line = PUNCT_GLUED_RE.sub(r"\1 ", line)
    line = MULTISPACE_RE.sub(" ", line)
    return line, cut


def clean_spam(
    lines: list[str],
    page_lines: list[str],
    *,
    extra_phrases: Iterable[str] = (),
    title: str | None = None,
) -> tuple[list[str], list[str]]:
    """Cut spam and injected chrome phrases from body ``lines``; return (lines, notes).

    ``page_lines`` is the whole page (menus, breadcrumb, title…), where the menu
    phrases and the spam evidence are looked for; ``extra_phrases`` are menu link
    texts found by other means (HTML navigation).
    """
    cleaned, notes = clean_spam_lines(lines, page_lines, extra_phrases=extra_phrases, title=title)
    return [line for line in cleaned if line is not None], notes


def clean_spam_lines(
    lines: list[str],
    page_lines: list[str],
    *,
    extra_phrases: Iterable[str] = (),
    title: str | None = None,
) -> tuple[list[str | None], list[str]]:
    """:func:`clean_spam`, one output per input line: None where the line was dropped
    (mostly spam, or nothing left once the phrases were cut)."""
    rules = chrome_rules()
    if not page_shows_spam([*page_lines, *lines]):
        return list(lines), []
    title_key = match_key(title or "")
    menu = [p for p in injected_phrases(page_lines, extra_phrases) if p not in rules.spam]

    def keep(phrase: str, key: str, start: int) -> bool:
        glued = bool(GLUED_BEFORE_RE.search(key[:start]))
        own_subject = phrase in title_key or bool(DOMAIN_PHRASE_RE.search(phrase))
        return own_subject and not glued

    notes = [CONTENT_FARM_NOTE]
    out: list[str | None] = []
    spam = list(rules.spam)
    for line in lines:
        key = match_key(line)
        cleaned, cut = cut_phrases(line, spam, key=key)
        if cut and len(cleaned.split()) < SPAM_LINE_MIN_WORDS_LEFT:
            notes.append(f"spam line dropped: {line[:60]}")
            out.append(None)
            continue
        cleaned, cut_menu = cut_phrases(cleaned, menu, keep=keep, key=None if cut else key)  # uncut: same key
        notes.extend(f"injected phrase removed: {c}" for c in [*cut, *cut_menu])
        out.append(cleaned.strip() or None)
    return out, notes


def dated_link_runs(lines: list[str]) -> set[int]:
    """Indices of the lines in runs of two or more dated headlines (see
    :func:`drop_dated_link_runs`)."""
    found: set[int] = set()
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        if DATED_LINK_LINE_RE.match(line):
            run.append(i)
            continue
        if len(run) >= MIN_DATED_LINK_LINES:
            found.update(run)
        run = []
    return found


def chrome_reason(line: str, *, key: str | None = None) -> str | None:
    """Why a single line is chrome: "menu", "breadcrumb" or "chrome"; None when it is not.

    ``key`` is the :func:`match_key` of ``line.strip()``, when the caller has it.

    >>> chrome_reason("• Tin tức"), chrome_reason("Trang chủ > Tin tức"), chrome_reason("Lượt xem: 12")
    ('menu', 'breadcrumb', 'chrome')
    """
    if key is None:
        key = _chrome_key(line)
    elif not (0 < len(line.strip()) <= MAX_CHROME_LINE_CHARS and chrome_rules().skip_any(key)):
        key = None  # as _chrome_key, with the key given
    if key is None:
        return None
    if MENU_ITEM_RE.match(key):
        return "menu"
    if BREADCRUMB_RE.match(key):
        return "breadcrumb"
    return "chrome"


def drop_dated_link_runs(lines: list[str]) -> tuple[list[str], int]:
    """Drop runs of two or more lines that are headlines with their date in brackets: a
    box of links to other articles inside or after the body, whatever its heading.

    Returns the kept lines and how many were dropped.

    >>> links = ["- Tin một về công đoàn (25/01/2024)", "- Tin hai về công đoàn (05/12/2023)"]
    >>> drop_dated_link_runs(["Bài.", *links, "Tiếp."])
    (['Bài.', 'Tiếp.'], 2)
    """
    kept: list[str] = []
    run: list[str] = []
    dropped = 0
    for line in [*lines, ""]:
        if DATED_LINK_LINE_RE.match(line):
            run.append(line)
            continue
        if len(run) >= MIN_DATED_LINK_LINES:
            dropped += len(run)
        else:
            kept.extend(run)
        run = []
        kept.append(line)
    return kept[:-1], dropped
