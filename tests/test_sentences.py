from unionnews.nlp.sentences import (
    ABBREVIATION_RE,
    BOUNDARY_RE,
    LINE_BREAK_RE,
    sentence_at,
    split_sentences,
)


def _texts(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_split_keeps_thousands_dots_and_abbreviations():
    text = "Năm qua kết nạp 1.234 đoàn viên. PGS.TS. Lê Văn An dự. TP. Vinh có 12 CĐCS."
    assert _texts(text) == [
        "Năm qua kết nạp 1.234 đoàn viên.",
        "PGS.TS. Lê Văn An dự.",
        "TP. Vinh có 12 CĐCS.",
    ]


def test_split_on_lines_and_quotes():
    text = "Phong trào “Lao động giỏi”.\n\n  Đoàn viên hưởng ứng! Ai cũng vui?  Có.\nMinh An"
    assert _texts(text) == [
        "Phong trào “Lao động giỏi”.",
        "Đoàn viên hưởng ứng!",
        "Ai cũng vui?",
        "Có.",
        "Minh An",
    ]


def test_offsets_point_into_text():
    text = " Câu một.  Câu hai. "
    for s, e in split_sentences(text):
        assert not text[s].isspace() and not text[e - 1].isspace()


def test_lowercase_after_dot_does_not_split():
    assert _texts("Tổng số 2.5 tr. đồng được trao.") == ["Tổng số 2.5 tr. đồng được trao."]


def test_boundary_re_examples():
    assert BOUNDARY_RE.search("năm 2021. Công đoàn")
    assert BOUNDARY_RE.search("tốt!” Ông")
    assert not BOUNDARY_RE.search("1.742 đoàn viên")


def test_abbreviation_re_examples():
    assert ABBREVIATION_RE.search("TP.")
    assert ABBREVIATION_RE.search("PGS.TS.")
    assert not ABBREVIATION_RE.search("đoàn viên.")


def test_line_break_re():
    assert LINE_BREAK_RE.sub("|", "a \n\n b") == "a|b"


def test_sentence_at():
    text = "Một. Hai. Ba."
    spans = split_sentences(text)
    assert text[slice(*sentence_at(spans, text.index("Hai")))] == "Hai."
    assert sentence_at(spans, 4) is None  # the space between sentences
