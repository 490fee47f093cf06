"""Work linear in the size of an article: the scans that made a long article quadratic look
at a bounded window, and give the same answers as before on ordinary text.

(Speed itself is measured by ``python bench/sizes.py``, not tested here.)
"""

from __future__ import annotations

import random

from unionnews.articles.html import account_lines
from unionnews.nlp.numbers import Quantity, _overlaps_numeric, find_quantities
from unionnews.nlp.orgs import MAX_UNIT_CHARS, unit_name_end
from unionnews.nlp.persons import MAX_BODY_CHARS, _body_end


def test_a_body_after_a_title_is_read_in_a_bounded_window() -> None:
    endless = "Liên đoàn Lao động " + "Tỉnh " * 20000  # capitalised words without an end
    assert _body_end(endless, 0) <= MAX_BODY_CHARS
    text = "Liên đoàn Lao động tỉnh Cao Bằng, ông Nông Văn Hòa phát biểu."
    assert text[: _body_end(text, 0)] == "Liên đoàn Lao động tỉnh Cao Bằng"


def test_a_unit_name_is_read_in_a_bounded_window() -> None:
    endless = "Văn phòng " + "Tỉnh " * 20000
    assert unit_name_end(endless, 0) <= MAX_UNIT_CHARS
    text = "Văn phòng Tỉnh ủy đã trao quà."
    assert text[: unit_name_end(text, 0)] == "Văn phòng Tỉnh ủy"


def test_spelled_numbers_are_checked_against_numeric_spans_by_bisect() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        spans, pos = [], 0
        for _ in range(rng.randint(0, 8)):
            pos += rng.randint(0, 5)
            end = pos + rng.randint(1, 5)
            spans.append(Quantity(pos, end, 1.0))
            pos = end
        starts = [q.start for q in spans]
        a = rng.randint(0, pos + 5)
        b = a + rng.randint(1, 6)
        brute = any(q.start < b and a < q.end for q in spans)
        assert _overlaps_numeric(spans, starts, a, b) == brute


def test_spelled_and_numeric_figures_still_found() -> None:
    found = find_quantities("trao hai mươi lăm suất quà và 1.742 phần quà, gần ba trăm người")
    assert [q.value for q in found] == [25.0, 1742.0, 300.0]


def test_visible_lines_are_matched_to_the_kept_text_in_page_order() -> None:
    kept = ["Tiêu đề bài", "Đoạn một có 61 CĐCS.", "Đoạn hai có 2.719 đoàn viên."]
    visible = ["Trang chủ", "Tiêu đề bài", "Đoạn một có 61 CĐCS.", "Quảng cáo bên lề", "Đoạn hai có 2.719"]
    drops = account_lines(visible, kept, {})
    assert [(d.line, d.text) for d in drops] == [(1, "Trang chủ"), (4, "Quảng cáo bên lề")]
