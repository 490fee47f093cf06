"""The read stage's speed work (issue 12) keeps every answer: each quicker form is checked
against the form it replaced, on the bundled pages and on made-up edge cases; and reading a
text file never imports trafilatura."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml.html import HtmlElement

from unionnews.articles import captions, chrome, listing
from unionnews.articles.byline import FOOTER_LINE_RE
from unionnews.articles.captions import collapsed_key, collapsed_keys, has_key, restore_captions
from unionnews.articles.chrome import (
    BACKREFERENCE_RE,
    _has_top_level_bar,
    any_search,
    chrome_reason,
    chrome_rules,
    cut_phrases,
    is_chrome_line,
    is_spam_line,
    is_stop_line,
    page_shows_spam,
)
from unionnews.articles.dates import ASCII_DIGIT_RE, parse_dateline
from unionnews.articles.html import (
    _AUTHOR_XPATH,
    _CHROME_LINKS_XPATH,
    _SITE_FOOTER_XPATH,
    _SITE_HEADER_XPATH,
    LEAD_CHARS,
    LEAD_CLASS_RE,
    _parse_tree,
    account_lines,
    block_lines,
    find_lead,
)
from unionnews.articles.lines import HEADLINE_BAD_END_RE, SENTENCE_END_RE
from unionnews.articles.listing import _PAGER_XPATH, drop_related_links, link_title_lines, page_links
from unionnews.articles.meta_tags import meta_content, meta_contents
from unionnews.inputs.decode import decode_bytes
from unionnews.nlp.normalize import clean_text, match_key

ROOT = Path(__file__).resolve().parent.parent
HTML_PAGES = sorted([*ROOT.glob("corpus/*.html"), *ROOT.glob("tests/heldout*/articles/*.html")])
TEXT_PAGES = sorted([*ROOT.glob("corpus/*.txt"), *ROOT.glob("tests/heldout*/articles/*.txt")])


def _html(path: Path) -> str:
    return decode_bytes(path.read_bytes()).text


def _page_lines() -> list[str]:
    lines: list[str] = []
    for path in TEXT_PAGES[:40]:
        lines.extend(decode_bytes(path.read_bytes()).text.split("\n"))
    return lines


# -- start-up ---------------------------------------------------------------------------------

#: Reads the text article argv[1], then the HTML page argv[2], printing which heavy modules
#: were loaded after each.
_IMPORTS_SCRIPT = """
import sys
from unionnews.articles import extract_article
extract_article(open(sys.argv[1], "rb").read(), path=sys.argv[1])
print("trafilatura" in sys.modules, "charset_normalizer" in sys.modules)
article = extract_article(open(sys.argv[2], "rb").read(), path=sys.argv[2])
print("trafilatura" in sys.modules, bool(article.text))
"""


def test_reading_a_text_file_leaves_trafilatura_unloaded() -> None:
    text = ROOT / "corpus" / "quangnam-cdvc-tongket.txt"
    page = ROOT / "corpus" / "nghean-nukeviet-daihoi.html"
    res = subprocess.run(
        [sys.executable, "-c", _IMPORTS_SCRIPT, str(text), str(page)],
        capture_output=True,
        text=True,
        check=True,
    )
    after_text, after_html = res.stdout.split("\n")[:2]
    assert after_text == "False False"  # neither trafilatura nor charset-normalizer for UTF-8 text
    assert after_html == "True True"  # an HTML page still gets its main text


# -- chrome rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "bar"),
    [
        ("^a|b", True),
        ("^(?:a|b)", False),
        ("^[|]x", False),
        (r"^\|x", False),
        ("^[]|]x", False),
        ("^[^]|]x", False),
        ("^(a)(b)|c", True),
    ],
)
def test_top_level_bar(pattern: str, bar: bool) -> None:
    assert _has_top_level_bar(pattern) is bar


def test_backreference_re() -> None:
    assert BACKREFERENCE_RE.search(r"^(a)\1") and BACKREFERENCE_RE.search("^(?P<x>a)(?P=x)")
    assert BACKREFERENCE_RE.search("^(a)?(?(1)b|c)") and not BACKREFERENCE_RE.search(r"^\d+\s*\(\d\)")


def test_joined_patterns_find_what_each_pattern_finds() -> None:
    patterns = (
        re.compile("^ab"),
        re.compile("^c$"),
        re.compile("^x|y"),  # a top-level bar: searched alone
        re.compile(r"^(z)\1"),  # a backreference: searched alone
        re.compile("(?i)^q"),  # a flag of the whole pattern: searched alone
        re.compile("mid"),  # not anchored: searched alone
    )
    test = any_search(patterns)
    for s in ["abc", "c", "cc", "zy", "zz", "Qx", "a mid b", "xab", "", "z"]:
        assert test(s) == any(p.search(s) for p in patterns), s


def test_chrome_tests_match_the_rules_one_by_one() -> None:
    rules = chrome_rules()
    lines = [*_page_lines(), "", "  ", "• Tin tức", "Trang chủ > Tin tức", "Lượt xem: 12", "Ý kiến bạn đọc"]
    for line in lines:
        stripped = line.strip()
        short = len(stripped) <= chrome.MAX_CHROME_LINE_CHARS
        key = match_key(stripped)
        assert is_stop_line(line) == (short and any(p.search(key) for p in rules.stop)), line
        chrome_line = bool(stripped) and short and any(p.search(key) for p in rules.skip)
        assert is_chrome_line(line) == chrome_line, line
        assert chrome_reason(line, key=key) == chrome_reason(line), line


def test_page_spam_is_any_line_with_spam() -> None:
    rng = random.Random(12)
    lines = _page_lines()
    extra = ["Soi kèo nhà cái", "ĐÁ GÀ trực tiếp", "Xổ số kiến thiết", "ΑΣ đá gà", "tài xỉu", "xỉu"]
    for _ in range(300):
        page = rng.sample(lines, 6) + rng.sample(extra, rng.randint(0, 1))
        assert page_shows_spam(page) == any(is_spam_line(line) for line in page)
    spam = chrome_rules().spam
    cores = chrome_rules().spam_cores
    assert all(any(core in phrase for core in cores) for phrase in spam)


def test_cutting_with_the_key_given_or_not() -> None:
    spam = list(chrome_rules().spam)
    lines = [*_page_lines()[:300], "Qua đó,soi kèo bóng đá đã góp phần", "Thuỷ lợi, đá gà trực tiếp hôm nay"]
    for line in lines:
        assert cut_phrases(line, spam) == cut_phrases(line, spam, key=match_key(line)), line


# -- line shapes ------------------------------------------------------------------------------

#: FOOTER_LINE_RE as it was before the speed work (no lookahead of first letters).
_OLD_FOOTER_RE = re.compile(
    r"(?<!\w)(?:địa chỉ|điện thoại|đt|email|e-mail|fax|hotline)\s*:|©|bản quyền thuộc"
    r"|giấy phép(?: số)?\s*:?\s*\d"
    r"|^\s*(?:từ khóa|từ khoá|tags?|lượt xem)\s*:|^\s*(?:chia sẻ|in bài|bình luận)\s*:?\s*$",
    re.I,
)
#: SENTENCE_END_RE and HEADLINE_BAD_END_RE as they were (with a redundant "..." branch).
_OLD_SENTENCE_END_RE = re.compile(r"(?:[.!?…]|\.\.\.)[\"'”’»)\]]*\s*$")
_OLD_HEADLINE_BAD_END_RE = re.compile(r"(?:[.;,…]|\.\.\.)[\"'”’»)\]]*\s*$")


def _fuzz(tokens: list[str], n: int, seed: int) -> list[str]:
    """``n`` strings of up to 12 of ``tokens`` (words, spaces, punctuation) in random order."""
    rng = random.Random(seed)
    return ["".join(rng.choice(tokens) for _ in range(rng.randint(0, 12))) for _ in range(n)]


def test_footer_line_re_as_before() -> None:
    words = "địa chỉ|điện thoại|đt|email|e-mail|EMAİL|emaıl|fax|hotline|©|bản quyền thuộc"
    words += "|giấy phép|GIẤY PHÉP|số|từ khóa|khoá|tags|tag|lượt xem|chia sẻ|in bài|bình luận|ĐỊA CHỈ|12|x|Hà"
    tokens = [*words.split("|"), " ", " ", ":", " : ", "\t", "\n", ".", "-"]
    for s in [*_fuzz(tokens, 30000, 1), *_page_lines()]:
        assert bool(FOOTER_LINE_RE.search(s)) == bool(_OLD_FOOTER_RE.search(s)), s


def test_line_ends_as_before() -> None:
    tokens = [*".!?…;,\"'”’»)] \n\tab", "...", "đoàn viên"]
    for s in [*_fuzz(tokens, 20000, 2), *_page_lines()]:
        assert bool(SENTENCE_END_RE.search(s)) == bool(_OLD_SENTENCE_END_RE.search(s)), s
        assert bool(HEADLINE_BAD_END_RE.search(s)) == bool(_OLD_HEADLINE_BAD_END_RE.search(s)), s


def test_a_line_without_an_ascii_digit_is_no_dateline() -> None:
    assert ASCII_DIGIT_RE.search("Thứ bảy - 09/10/2021") and not ASCII_DIGIT_RE.search("Thứ bảy, ngày")
    assert parse_dateline("٠٩/١٠/٢٠٢١") is None  # Arabic-Indic digits never made a date
    assert parse_dateline("Ngày đăng: 05/06/2020") == "2020-06-05"


# -- keys of lines ----------------------------------------------------------------------------


def test_collapsed_keys_are_the_keys_one_by_one() -> None:
    cases = [
        [],
        [""],
        ["Công  đoàn HOÀ", "", " Mái ấm "],
        ["Thuỷ\tlợi", "khoẻ", "quý"],
        ["ΟΔΟΣ", "Σ", "AΣ b"],  # final sigma at the end of a line
        ["İstanbul", "ΟΔΟΣ"],  # a two-character lower case: keyed one by one
        ["a\nb", "c"],  # a line break inside a text: keyed one by one
    ]
    cases.append(_page_lines()[:400])
    for texts in cases:
        assert collapsed_keys(texts) == [collapsed_key(t) for t in texts], texts
        joined = " ".join(k for k in collapsed_keys(texts) if k)
        if len(" ".join(texts).lower()) == len(" ".join(texts)):
            assert joined == collapsed_key(" ".join(texts))


def test_has_key() -> None:
    for text in ["Hoà Bình", "HOÀ BÌNH", "İ", "", "Thuỷ"]:
        for other in ["hòa bình", "hoà bình", "i̇", "", "thủy"]:
            assert has_key(text, other) == (match_key(text) == other)


def test_page_keys_given_or_not_give_the_same_accounts() -> None:
    for path in HTML_PAGES[:12]:
        tree = _parse_tree(_html(path))
        visible = block_lines(tree)
        kept = visible[len(visible) // 3 : len(visible) // 2]
        keys = collapsed_keys(visible)
        assert account_lines(visible, kept, {}) == account_lines(visible, kept, {}, visible_keys=keys)
        body_a, body_b = list(kept[::2]), list(kept[::2])
        n_a = restore_captions(body_a, visible, kept[1::2])
        n_b = restore_captions(body_b, visible, kept[1::2], line_keys=keys)
        assert (n_a, body_a) == (n_b, body_b)


# -- HTML pages -------------------------------------------------------------------------------


def _old_meta(tree: HtmlElement, name: str) -> str | None:
    """meta_content as it was: three XPath queries."""
    for attr in ("property", "name", "itemprop"):
        values = tree.xpath(f"//meta[@{attr}=$n]/@content", n=name)
        if values and str(values[0]).strip():
            return " ".join(clean_text(str(values[0])).split())
    return None


def test_meta_contents_as_before() -> None:
    page = (
        "<html><head><meta name='author' content='  '><meta property='author' content='Lê An'>"
        "<meta itemprop='author' content='X'><meta name='keywords'><meta name='keywords' content='a, b'>"
        "<meta property='og:title' content=' '><meta name='og:title' content='Tiêu  đề'>"
        "</head><body><p>x</p><meta itemprop='datePublished' content='2024-01-02'></body></html>"
    )
    trees = [_parse_tree(page), *(_parse_tree(_html(p)) for p in HTML_PAGES[:15])]
    names = ("author", "keywords", "og:title", "datePublished", "og:site_name", "description", "nothing")
    for tree in trees:
        both = meta_contents(tree, names)
        for name in names:
            assert meta_content(tree, name) == both[name] == _old_meta(tree, name), name


#: The XPaths as they were, before "[@class or @id]" passed over bare elements.
_OLD_XPATHS = {
    _CHROME_LINKS_XPATH: (
        "//nav//a|//*[contains(@class,'menu') or contains(@id,'menu') or contains(@class,'breadcrumb')"
        " or contains(@class,'nav')]//a"
    ),
    _AUTHOR_XPATH: "//*[@itemprop='author' or contains(@class,'author') or contains(@class,'byline')]",
    _SITE_HEADER_XPATH: (
        "//header[not(ancestor::article or ancestor::main)]"
        "|//*[(contains(@id,'header') or contains(@class,'header') or contains(@class,'banner') or "
        "contains(@id,'banner') or contains(@class,'logo') or contains(@id,'logo')) "
        "and not(ancestor::article or ancestor::main or ancestor-or-self::*[contains(@class,'entry')])]"
    ),
    _SITE_FOOTER_XPATH: "//footer|//*[contains(@id,'footer') or contains(@class,'footer')]",
    _PAGER_XPATH: "//*[contains(@class,'pagination')]//a",
}


def test_xpaths_find_what_they_found() -> None:
    extra = (
        "<html><body><nav><a>Một</a></nav><div id='main-menu'><ul><li class='nav-item'><a>Hai</a></li></ul>"
        "</div><div class='pagination'><a href='?page=2'>2</a></div><span itemprop='author'>Lê An</span>"
        "<div id='header'><p>LĐLĐ</p></div><article><div class='logo'>x</div></article>"
        "<div class='footer-bottom'>Địa chỉ: 1 Lê Lợi</div><footer>f</footer></body></html>"
    )
    trees = [_parse_tree(extra), *(_parse_tree(_html(p)) for p in HTML_PAGES)]
    for new, old in _OLD_XPATHS.items():
        for tree in trees:
            assert tree.xpath(new) == tree.xpath(old)


def _old_find_lead(tree: HtmlElement) -> str | None:
    """find_lead as it was: a walk over every node."""
    for node in tree.iter():
        cls = node.get("class") if isinstance(node.tag, str) else None
        if not cls or not LEAD_CLASS_RE.search(cls):
            continue
        text = " ".join(node.text_content().split())
        links = " ".join(" ".join(a.text_content().split()) for a in node.iter("a"))
        if LEAD_CHARS[0] <= len(text) <= LEAD_CHARS[1] and len(links) < len(text) / 2:
            return text
    return None


def _old_find_captions(tree: HtmlElement) -> list[str]:
    """find_captions as it was: a walk over every node."""
    found: list[str] = []
    seen: set[str] = set()
    for node in tree.iter():
        if not isinstance(node.tag, str):
            continue
        cls = node.get("class") or ""
        if node.tag != "figcaption" and not captions.CAPTION_CLASS_RE.search(cls):
            continue
        text = " ".join(node.text_content().split())
        key = collapsed_key(text)
        if captions.MIN_CAPTION_CHARS <= len(text) <= captions.MAX_CAPTION_CHARS and key not in seen:
            seen.add(key)
            found.append(text)
    return found


def test_lead_and_captions_as_a_walk_over_every_node() -> None:
    page = (
        "<html><body><!-- a comment --><div class='sapo'>"
        + "Lời dẫn của bài viết về công đoàn. " * 3
        + "</div><figure><figcaption>Ông A trao quà cho công nhân</figcaption></figure>"
        "<p class='wp-caption-text'>Toàn cảnh hội nghị tổng kết</p></body></html>"
    )
    for tree in [_parse_tree(page), *(_parse_tree(_html(p)) for p in HTML_PAGES)]:
        assert find_lead(tree) == _old_find_lead(tree)
        assert captions.find_captions(tree) == _old_find_captions(tree)


def test_link_evidence_with_the_links_given_or_not() -> None:
    for path in HTML_PAGES[:20]:
        tree = _parse_tree(_html(path))
        body = block_lines(tree)[-12:]
        links = page_links(tree)
        assert link_title_lines(tree, body) == link_title_lines(tree, body, links=links)
        assert drop_related_links(tree, body) == drop_related_links(tree, body, links=links)
        url = "https://example.vn/tin/bai-1.html"
        given = listing.listing_signs(tree, "Tiêu đề", url, None, 0, links=links)
        assert listing.listing_signs(tree, "Tiêu đề", url, None, 0) == given
