"""The speed work on the temporal, figures and subjects stages (issue 12) changes no result.

Every pattern that is now tried only near an anchor (``spans.finditer_near``) finds exactly
what a plain ``finditer`` finds, on the repository's articles and on random texts made of
the words the patterns look for; rewritten patterns match what their old form matched; every
cheap test run before a pattern (a word it needs, where a label must end) lets through each
text the pattern matches.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from unionnews.nlp import documents, numbers, subjects, temporal
from unionnews.nlp.figures import guards, heads, metric, periods, status
from unionnews.nlp.figures.clauses import CLAUSE_BOUNDARY_RE
from unionnews.nlp.figures.rules import default_rules
from unionnews.nlp.normalize import match_key
from unionnews.nlp.patterns import longest_first, max_width, required_words
from unionnews.nlp.sentences import split_sentences
from unionnews.nlp.spans import Literals, finditer_near, lookbehind_free, word_start_anchor

ROOT = Path(__file__).resolve().parent.parent

#: Pieces the random texts are made of: the words, numbers and marks the patterns look for.
PIECES = (
    " ", " ", " ", "  ", "\n", ",", ".", ":", ";", "-", "/", "(", ")", "+", "x", "đ", "a", "0", "8", "12",
    "2023", "1.200", "09", "31", "84", "1990", "2019 - 2022", "20", "19", "9/10/2021", "27-8-2021",
    "27.8.2021", "2023-09-15", "ngày", "ngày ", "từ ", "đến ", "sáng ", "chiều ", "tối", "hôm ",
    "tháng ", "tháng", "năm ", "năm", "nhiệm kỳ ", "năm học ", "hiện nay", "trong năm", "năm qua",
    "nhiều ", "sinh ", "Tháng ", "0912 345 678", "(0206) 385 2384", "+84 ", "covid-19", "sars-cov-2",
    "http://x.vn", "www.", "a@b.vn", "bình chọn: 4/5 (9 phiếu)", "hai", "ba", "mười", "năm", "lăm",
    "trăm", "mươi", "một", "bốn", "ban", "bao", "khai", "666/QĐ-LĐLĐ", "02-NQ/TW", "125/KH - CĐN",
    "quyết định số ", "công đoàn", "cđcs", "lđlđ", "liên đoàn lao động", "ban chấp hành ", "bch ",
    "công ty", "doanh nghiệp", "chủ ", "nơi ", "khu", "phấn đấu", "sẽ ", "chỉ tiêu ", "giao",
    "trong đó", "trong số ", "đoàn viên", "người", "số", "tổng ", "lượt xem", "trang", "©",
    "chương trình ", "là", "lên", "được", "từ", "hơn", "ít nhất", "tổng cộng",
)  # fmt: skip


def _articles() -> list[str]:
    """The texts of the bundled corpus and of the blind sets' articles, as match keys."""
    paths = sorted([*ROOT.glob("corpus/*.txt"), *ROOT.glob("tests/heldout*/articles/*.txt")])
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


ARTICLES = _articles()
KEYS = [match_key(t) for t in ARTICLES]


def _random_texts(n: int, seed: int = 12) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 30))) for _ in range(n)]


RANDOM = _random_texts(3000)


def _windows(text: str, rnd: random.Random) -> Iterator[tuple[int, int]]:
    """The whole text and a few random windows of it."""
    yield 0, len(text)
    for _ in range(3):
        a = rnd.randint(0, len(text))
        yield a, rnd.randint(a, len(text))


def _spans(matches: Iterator[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]


#: (name, pattern, anchor, back, on the text as written) of every pattern tried near an anchor.
ANCHORED: list[tuple[str, re.Pattern[str], re.Pattern[str] | Literals, int]] = [
    ("dmy", temporal.DATE_DMY_RE, temporal.DMY_ANCHOR, 5),
    ("iso", temporal.DATE_ISO_RE, temporal.ISO_ANCHOR, 4),
    ("month word", temporal.DATE_MONTH_WORD_RE, temporal.MONTH_WORD_ANCHOR_RE, 1),
    ("day month", temporal.DATE_DM_RE, temporal.DM_ANCHOR, 0),
    ("day range", temporal.DATE_DAY_RANGE_RE, temporal.DAY_RANGE_ANCHOR, 0),
    ("year pair", temporal.YEAR_PAIR_RE, temporal.YEAR_PAIR_ANCHOR, 0),
    ("quantity", numbers.QUANTITY_RE, numbers.QUANTITY_ANCHOR_RE, 0),
    ("spelled", numbers.SPELLED_RE, numbers.SPELLED_ANCHOR_RE, 0),
    ("phone", guards.PHONE_RE, guards.PHONE_ANCHOR_RE, 0),
    ("url", guards.URL_RE, guards.URL_ANCHOR, 0),
    ("rating", guards.RATING_RE, guards.RATING_ANCHOR, 0),
    ("disease", guards.DISEASE_CODE_RE, guards.DISEASE_CODE_ANCHOR, 0),
    ("date in sentence", periods.DATE_IN_SENTENCE_RE, periods.DATE_IN_SENTENCE_ANCHOR_RE, 1),
    ("month in sentence", periods.MONTH_IN_SENTENCE_RE, periods.MONTH_IN_SENTENCE_ANCHOR_RE, 0),
    ("period in sentence", periods.PERIOD_IN_SENTENCE_RE, temporal.YEAR_PAIR_ANCHOR, 0),
    ("year span", periods.YEAR_SPAN_IN_SENTENCE_RE, periods.YEAR_SPAN_IN_SENTENCE_ANCHOR_RE, 0),
    ("year in sentence", periods.YEAR_IN_SENTENCE_RE, periods.YEAR_IN_SENTENCE_ANCHOR_RE, 0),
    ("now", periods.NOW_RE, periods.NOW_ANCHOR_RE, 0),
    ("this year", periods.THIS_YEAR_RE, periods.THIS_YEAR_ANCHOR_RE, 0),
    ("target", status.TARGET_BEFORE_RE, status.TARGET_ANCHOR_RE, 0),
    ("union mark", subjects.UNION_MARK_RE, subjects.UNION_MARK_ANCHOR, 0),
    ("bare grassroots", subjects.BARE_GRASSROOTS_RE, subjects.BARE_GRASSROOTS_ANCHOR, 0),
    ("enterprise", subjects.ENTERPRISE_RE, subjects.ENTERPRISE_ANCHOR_RE, 0),
]


@pytest.mark.parametrize(("name", "regex", "anchor", "back"), ANCHORED, ids=[a[0] for a in ANCHORED])
def test_anchored_scans_find_what_finditer_finds(
    name: str, regex: re.Pattern[str], anchor: re.Pattern[str] | Literals, back: int
) -> None:
    rnd = random.Random(name)
    for text in [*KEYS, *RANDOM, *[match_key(t) for t in RANDOM]]:
        for pos, end in _windows(text, rnd):
            want = _spans(regex.finditer(text, pos, end))
            assert _spans(finditer_near(regex, text, anchor, back, pos, end)) == want, (name, text, pos)


def test_document_numbers_are_found_near_their_anchor_on_the_text_as_written() -> None:
    for text in [*ARTICLES, *RANDOM]:
        want = _spans(documents.DOC_NUMBER_RE.finditer(text))
        got = finditer_near(documents.DOC_NUMBER_RE, text, documents.DOC_ANCHOR_RE, documents.SERIAL_MAX)
        assert _spans(got) == want, text


def test_the_anchors_match_where_their_patterns_start() -> None:
    assert temporal.DMY_ANCHOR.positions("ngày 9/10/2021") == [9]
    assert temporal.ISO_ANCHOR.positions("2023-09-15") == [4, 7]
    assert temporal.MONTH_WORD_ANCHOR_RE.search("29 tháng 1, 2024").start() == 1  # type: ignore[union-attr]
    assert temporal.YEAR_PAIR_ANCHOR.positions("2018 - 2023") == [0, 7]
    assert numbers.QUANTITY_ANCHOR_RE.findall("có 1.742 người, F0, x12") == ["1"]
    assert [m.group() for m in numbers.SPELLED_ANCHOR_RE.finditer("hai mươi, ban, bao, mười")] == [
        "hai",
        "mười",
    ]
    assert guards.PHONE_ANCHOR_RE.findall("gọi 0912 345 678 hay (0206) 385, +84, 10.080") == list("0(0+8")
    assert documents.DOC_ANCHOR_RE.findall("số 666/QĐ-LĐLĐ, 3/4, x-y") == ["/Q", "-L"]
    assert periods.DATE_IN_SENTENCE_ANCHOR_RE.findall("30/6/2023 và 9 tháng 2") == ["0/", "6/", "9 tháng "]
    assert status.TARGET_ANCHOR_RE.search("năm nay phấn đấu kết nạp") is not None
    assert subjects.ENTERPRISE_ANCHOR_RE.findall("các doanh nghiệp, công tyx") == ["doanh nghiệp"]


def test_the_literal_anchors_name_the_words_their_patterns_open_with() -> None:
    assert subjects.UNION_MARK_RE.pattern == r"(?<!\w)(?:công đoàn|cđcs|lđlđ|liên đoàn lao động)(?!\w)"
    assert temporal.DATE_DM_RE.pattern.startswith("(?:ngày|sáng|chiều|tối|trưa|đêm|hôm)\\s+")
    spelled_words = re.search(r"\(\?:([^()]+)\)", numbers.SPELLED_DIGIT)
    assert spelled_words is not None and spelled_words.group(1).split("|") == list(numbers._DIGITS)


def test_lookbehind_free_drops_only_the_opening_lookbehinds() -> None:
    assert lookbehind_free(re.compile(r"(?<![\d/.,\-])(?<!x )ab(?<!c)")).pattern == "ab(?<!c)"
    assert lookbehind_free(re.compile(r"ab")).pattern == "ab"
    assert lookbehind_free(re.compile(r"(?i)(?<!\w)ab")).flags & re.IGNORECASE


def test_word_start_anchor() -> None:
    anchor = word_start_anchor(["hai", "ba"], whole=True)
    assert [m.start() for m in anchor.finditer("hai ba, bao, thai, ba")] == [0, 4, 19]


def test_literal_positions_stay_inside_the_window() -> None:
    assert Literals("ab").positions("abab", 1) == [2]
    assert Literals("ab").positions("abab", 0, 3) == [0]
    assert Literals("a", "aa").positions("aaa") == [0, 0, 1, 1, 2]


#: The old forms of the patterns rewritten to open with one character class.
OLD_FORMS = [
    (CLAUSE_BOUNDARY_RE, re.compile(r"[;!?\n]|\.(?!\d)")),
    (status.GOAL_BOUNDARY_RE, re.compile(r"[!?\n]|\.(?!\d)")),
    (metric.AFTER_STOP_RE, re.compile(r"[;!?\n,(]|[.:](?!\d)|(?<!\w)trong đó(?!\w)")),
]


@pytest.mark.parametrize(("new", "old"), OLD_FORMS, ids=["clause", "goal", "after stop"])
def test_rewritten_patterns_match_as_before(new: re.Pattern[str], old: re.Pattern[str]) -> None:
    rnd = random.Random(new.pattern)
    for text in [*KEYS, *RANDOM, "trong đó", "xtrong đó", "trong đóa", "1.2", "a.b", ":3"]:
        for pos, end in _windows(text, rnd):
            assert _spans(new.finditer(text, pos, end)) == _spans(old.finditer(text, pos, end)), text


def _ends_before(key: str) -> Iterator[str]:
    """The words before each number of ``key`` (as far as the figure matcher looks)."""
    for m in re.finditer(r"\d", key):
        yield key[max(0, m.start() - metric.CONTEXT_BEFORE) : m.start()]


BEFORE_WORDS = [w for key in KEYS for w in _ends_before(key)] + RANDOM


def test_without_trailing_qualifier_is_the_pattern_substitution() -> None:
    for words in [*BEFORE_WORDS, "thành lập được từ", "tặng quà cho hơn  ", "đạt\n", "lên tới"]:
        assert metric.without_trailing_qualifier(words) == metric.TRAILING_QUALIFIER_RE.sub("", words)


def test_antecedent_patterns_need_the_tails_tested_first() -> None:
    for words in [*BEFORE_WORDS, "tổng số đoàn viên lên đến ", "số cđcs: ", "(nữ: "]:
        tail = words.rstrip()
        if heads.ANTECEDENT_RE.search(words):
            assert tail.endswith(heads.ANTECEDENT_TAILS), words
        if heads.LABEL_ANTECEDENT_RE.search(words):
            assert tail.endswith(":"), words


def test_labels_are_searched_from_where_they_must_end() -> None:
    for labels in (guards.LABELS, guards.CHROME_LABELS):  # no label ends with a space or ":", ".", "-"
        assert not [w for w in labels.split("|") if w[-1:].isspace() or w.endswith((":", ".", "-"))]
    assert guards.LABEL_MAX == max_width(guards.LABELS) == len("quảng trường")
    cases = ["tháng 12 - ", "lượt xem : ", "tổng số:", "số :.", "năm học", "trang:\n", "-", ""]
    for words in [*BEFORE_WORDS, *cases]:
        before = words[-guards.LABEL_WINDOW :]
        end = guards.label_end(before)
        for regex, longest in (
            (guards.LABEL_BEFORE_RE, guards.LABEL_MAX),
            (guards.CHROME_BEFORE_RE, guards.CHROME_MAX),
        ):
            want = regex.search(before)
            got = regex.search(before, max(0, end - longest))
            assert (got and got.span()) == (want and want.span()), before


def test_a_whole_named_needs_trong_in_the_sentence() -> None:
    sentences = [t[s:e] for t in ARTICLES for s, e in split_sentences(t)]
    for sentence in [
        *sentences,
        "TRONG SỐ đảng viên mới, khối giáo dục có 112 đồng chí",
        "Trong\u00a0số x, 3",
    ]:
        if metric.WHOLE_NAMED_RE.match(match_key(sentence)):
            assert "trong" in sentence.lower()


def test_a_full_date_in_a_sentence_has_a_slash_or_a_month_word() -> None:
    for text in [*KEYS, *RANDOM]:
        if periods.DATE_IN_SENTENCE_RE.search(text):
            assert "/" in text or "tháng" in text


def test_required_words() -> None:
    assert required_words(re.compile(r"(?:được\s+)?kết nạp")) == frozenset({"kết nạp"})
    assert required_words(re.compile(r"ab|cd+|(?:ef){2}")) == frozenset({"ab", "c", "ef"})
    assert required_words(re.compile(r"(?i)kết nạp")) is None
    assert required_words(re.compile(r"(?i:abc)d?")) is None
    assert required_words(re.compile(r"a?|b")) is None
    assert required_words(re.compile(r"(?=abc)\w+")) is None  # a lookahead proves nothing


def test_cues_find_what_their_patterns_find() -> None:
    cues = default_rules().cues
    assert sum(c.needs is not None for c in cues) > len(cues) // 2  # most cues have words to test
    texts = [*BEFORE_WORDS[:3000], *RANDOM]
    for cue in cues:
        for text in texts:
            want, got = cue.pattern.search(text), cue.search(text)
            assert (got and got.span()) == (want and want.span()), (cue.pattern.pattern, text)
            last = None
            for m in cue.pattern.finditer(text):
                last = m
            got_last = cue.last(text)
            assert (got_last and got_last.span()) == (last and last.span()), (cue.pattern.pattern, text)


def test_longest_first_matches_like_an_alternation_sorted_longest_first() -> None:
    words = sorted(default_rules().heads, key=len, reverse=True)
    flat = re.compile("(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    trie = default_rules().head_re
    for key in [*KEYS, *[match_key(t) for t in RANDOM]]:
        for pos in range(len(key)):
            a, b = flat.match(key, pos), trie.match(key, pos)
            assert (a and a.span()) == (b and b.span()), (key[pos : pos + 30], pos)
    small = re.compile(longest_first(["ab", "abc", "b", "a.c"]) + r"(?!\w)")
    assert [m.group() for m in small.finditer("abc ab abd a.c axc b")] == ["abc", "ab", "a.c", "b"]


CACHED: list[tuple[str, Callable[..., object], tuple[object, ...]]] = [
    ("is_subject_name", subjects.is_subject_name, ("Liên đoàn Lao động huyện Sơn Dương",)),
    ("is_outside", subjects.is_outside, ("Liên đoàn Lao động tỉnh Yên Bái", "An Giang")),
    ("is_grassroots_name", subjects.is_grassroots_name, ("CĐCS Công ty May 10", "Hà Nội")),
    ("parse_compound", numbers.parse_compound, ("1 tỷ 250 triệu",)),
]


@pytest.mark.parametrize(("name", "fn", "args"), CACHED, ids=[c[0] for c in CACHED])
def test_cached_functions_answer_as_before(
    name: str, fn: Callable[..., object], args: tuple[object, ...]
) -> None:
    first = fn(*args)
    assert fn(*args) == first
    assert fn.__wrapped__(*args) == first  # type: ignore[attr-defined]
