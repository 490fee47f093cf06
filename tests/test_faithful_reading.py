"""Nothing lost between the page and the dataset, over every article we have.

Properties over every input (seeds, sample corpus, every held-out set):

* every non-blank line of a text input is in the title, the stored text, or the
  ``dropped`` list with a reason;
* no line dropped as page header or chrome reads as prose.

Metamorphic relations over every text article: the same article with its title
line removed, a caption inserted, its lead moved, in another encoding or NFD,
and rendered as a bare text, a text with a header, an HTML page, a JSONL row or a
WARC record gives the same body facts and loses no prose line.
"""

from __future__ import annotations

import io
import json
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from unionnews.articles import extract_article
from unionnews.articles.lines import GUARDED_REASONS, is_prose
from unionnews.errors import InputError
from unionnews.evaluation.forms import SourceArticle, render_html, render_row, render_txt, source_of
from unionnews.inputs.decode import decode_bytes
from unionnews.model import Article, ArticleResult
from unionnews.pipeline import extract_facts

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


def _all_inputs() -> list[Path]:
    folders = [ROOT / "corpus", *sorted(ROOT.glob("tests/heldout*/articles"))]
    if SEEDS.is_dir():
        folders.append(SEEDS)
    return sorted(p for folder in folders for p in folder.iterdir() if p.suffix in (".txt", ".html"))


INPUTS = _all_inputs()
TEXT_INPUTS = [p for p in INPUTS if p.suffix == ".txt"]


def _id(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.name}"


def _read(path: Path) -> Article:
    return extract_article(path.read_bytes(), path=str(path))


def _body_facts(result: ArticleResult) -> Counter[tuple[float, str, str]]:
    return Counter((f.value, f.unit, f.metric) for f in result.figures if f.field_name == "text")


def _all_facts(result: ArticleResult) -> set[tuple[float, str]]:
    return {(f.value, f.unit) for f in result.figures}


def _prose_lines(article: Article) -> list[str]:
    return [line for line in article.text.split("\n") if is_prose(line)]


def test_there_are_inputs_to_check() -> None:
    assert len(INPUTS) >= 60, "the corpus and the held-out sets should all be here"


@pytest.mark.parametrize("path", INPUTS, ids=_id)
def test_no_prose_line_is_dropped_as_header_or_chrome(path: Path) -> None:
    article = _read(path)
    bad = [d for d in article.dropped if d.reason in GUARDED_REASONS and d.prose]
    assert not bad, [(d.line, d.reason, d.text[:80]) for d in bad]
    assert all(d.prose == is_prose(d.text) for d in article.dropped if d.reason != "metadata")


@pytest.mark.parametrize("path", TEXT_INPUTS, ids=_id)
def test_every_line_of_a_text_input_is_kept_or_dropped_with_a_reason(path: Path) -> None:
    article = _read(path)
    page = decode_bytes(path.read_bytes()).text.split("\n")
    kept = {line.strip() for line in article.text.split("\n")} | {article.title or ""}
    dropped = {d.line for d in article.dropped}
    lost = [
        line.strip()
        for i, line in enumerate(page)
        if line.strip() and line.strip() not in kept and i + 1 not in dropped
    ]
    # a dateline loses its counter, a line with injected spam loses the spam: the rest is kept
    text_lines = article.text.split("\n")
    lost = [line[:80] for line in lost if not any(_mostly(line, kept_line) for kept_line in text_lines)]
    assert not lost


def _mostly(line: str, kept: str) -> bool:
    """Is ``kept`` what is left of ``line`` once a counter or injected phrases are cut?"""
    if not kept or not (line.startswith(kept[:12]) or kept.endswith(line[-12:])):
        return False
    return SequenceMatcher(None, line, kept, autojunk=False).ratio() > 0.6


# --- metamorphic relations over the text articles ----------------------------------------------


def _variant(path: Path, lines: list[str]) -> ArticleResult:
    return extract_facts(extract_article("\n".join(lines).encode("utf-8"), path=str(path)))


def _baseline(path: Path) -> tuple[ArticleResult, list[str]]:
    lines = decode_bytes(path.read_bytes()).text.split("\n")
    return extract_facts(_read(path)), lines


def _assert_same_body(before: ArticleResult, after: ArticleResult) -> None:
    missing = [line[:80] for line in _prose_lines(before.article) if line not in after.article.text]
    assert not missing, missing
    assert _body_facts(after) == _body_facts(before)


@pytest.mark.parametrize("path", TEXT_INPUTS, ids=_id)
def test_title_line_removed_loses_nothing_of_the_body(path: Path) -> None:
    before, lines = _baseline(path)
    title = before.article.title
    if not title:
        pytest.skip("no title line to remove")
    at = next((i for i, line in enumerate(lines) if line.strip() == title), None)
    if at is None:
        pytest.skip("the title came with the text as metadata")
    after = _variant(path, lines[:at] + lines[at + 1 :])
    _assert_same_body(before, after)
    assert after.article.title != before.article.title or lines.count(lines[at]) > 1


@pytest.mark.parametrize("path", TEXT_INPUTS, ids=_id)
def test_a_caption_inserted_is_kept_and_is_no_title(path: Path) -> None:
    before, lines = _baseline(path)
    second = before.article.text.split("\n")[2] if before.article.text.count("\n") > 2 else None
    if second is None:
        pytest.skip("too short")
    at = next((i for i, line in enumerate(lines) if line.strip() == second), None)
    if at is None:
        pytest.skip("that paragraph was cleaned of injected phrases")
    after = _variant(path, [*lines[: at + 1], "", "Toàn cảnh Hội nghị.", "", *lines[at + 1 :]])
    assert after.article.title == before.article.title
    assert "Toàn cảnh Hội nghị." in after.article.text.split("\n")
    _assert_same_body(before, after)


@pytest.mark.parametrize("path", TEXT_INPUTS, ids=_id)
def test_the_lead_moved_down_keeps_the_facts(path: Path) -> None:
    before, lines = _baseline(path)
    prose = _prose_lines(before.article)
    if len(prose) < 3:
        pytest.skip("too short")
    lead, third = prose[0], prose[2]
    at_lead = next((i for i, line in enumerate(lines) if line.strip() == lead), None)
    if at_lead is None:
        pytest.skip("the lead was cleaned of injected phrases")
    moved = lines[:at_lead] + lines[at_lead + 1 :]
    at_third = next((i for i, line in enumerate(moved) if line.strip() == third), None)
    if at_third is None:
        pytest.skip("that paragraph was cleaned of injected phrases")
    after = _variant(path, [*moved[: at_third + 1], "", lead, *moved[at_third + 1 :]])
    assert after.article.title == before.article.title
    assert {(f.value, f.unit) for f in after.figures if f.field_name == "text"} == {
        (f.value, f.unit) for f in before.figures if f.field_name == "text"
    }


@pytest.mark.parametrize("path", TEXT_INPUTS, ids=_id)
def test_other_encodings_give_the_same_article(path: Path) -> None:
    before = _read(path)
    text = decode_bytes(path.read_bytes()).text
    nfd = extract_article(unicodedata.normalize("NFD", text).encode("utf-8"), path=str(path))
    assert (nfd.title, nfd.text) == (before.title, before.text)
    try:
        legacy = text.encode("cp1258")
    except UnicodeEncodeError:
        pytest.skip("a character cp1258 cannot hold")
    again = extract_article(legacy, path=str(path))
    assert (again.title, again.text) == (before.title, before.text)


# --- the same article in every form -------------------------------------------------------------


def _form_results(src: SourceArticle, tmp_path: Path) -> dict[str, ArticleResult]:
    from unionnews.runner import iter_path

    out: dict[str, ArticleResult] = {}
    for name, text, suffix in (
        ("txt_plain", render_txt(src, title=False), ".txt"),
        ("txt_title", render_txt(src, title=True), ".txt"),
        ("txt_header", render_txt(src, title=False, header=True), ".txt"),
        ("html", render_html(src), ".html"),
    ):
        path = tmp_path / f"{name}{suffix}"
        path.write_text(text, encoding="utf-8")
        out[name] = extract_facts(extract_article(path.read_bytes(), path=str(path)))
    table = tmp_path / "rows.jsonl"
    table.write_text(json.dumps(render_row(src), ensure_ascii=False) + "\n", encoding="utf-8")
    rows = [r for r in iter_path(table) if isinstance(r, ArticleResult)]
    assert len(rows) == 1, "the JSONL row is read as one article"
    out["jsonl"] = rows[0]
    return out


@pytest.mark.parametrize("path", sorted(ROOT.glob("tests/heldout[89]/articles/*.txt")), ids=_id)
def test_every_form_gives_the_same_facts(path: Path, tmp_path: Path) -> None:
    src = source_of(path)
    results = _form_results(src, tmp_path)
    with_title = {name: r for name, r in results.items() if name != "txt_plain"}
    facts = {name: _all_facts(r) for name, r in with_title.items()}
    assert all(f == facts["html"] for f in facts.values()), facts
    titles = {name: r.article.title for name, r in with_title.items()}
    assert set(titles.values()) == {src.title}
    assert results["txt_plain"].article.title is None
    body = {
        name: {(f.value, f.unit) for f in r.figures if f.field_name == "text"} for name, r in results.items()
    }
    assert all(b == body["html"] for b in body.values())
    ids = {r.article.article_id for name, r in results.items() if name in ("txt_header", "html", "jsonl")}
    assert len(ids) == 1, "one URL, one article_id, whatever the form"
    provinces = {results[name].article.province for name in ("txt_header", "html", "jsonl")}
    assert len(provinces) == 1 and None not in provinces


def test_a_warc_record_reads_like_the_html_file(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from unionnews.runner import iter_path

    path = next(iter(sorted(ROOT.glob("tests/heldout9/articles/*.txt"))), None)
    if path is None:
        pytest.skip("no header-form set")
    src = source_of(path)
    page = render_html(src).encode("utf-8")
    warc = tmp_path / "one.warc.gz"
    with warc.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                src.url or "https://example.vn/a.html",
                "response",
                payload=io.BytesIO(page),
                http_headers=headers,
            )
        )
    from_warc = [r for r in iter_path(warc) if isinstance(r, ArticleResult)]
    html_file = tmp_path / "page.html"
    html_file.write_bytes(page)
    from_file = extract_facts(extract_article(page, path=str(html_file)))
    assert len(from_warc) == 1
    assert from_warc[0].article.text == from_file.article.text
    assert from_warc[0].article.article_id == from_file.article.article_id
    assert _all_facts(from_warc[0]) == _all_facts(from_file)


def test_headline_facts_are_extracted_with_their_field(tmp_path: Path) -> None:
    text = (
        "Thêm 18 công đoàn cơ sở được thành lập ở huyện miền núi\n\n"
        "12/03/2024 08:15\n\n"
        "Trong quý I, Liên đoàn Lao động huyện đã vận động người lao động ở các doanh nghiệp "
        "mới đi vào hoạt động tham gia tổ chức công đoàn, kết nạp 640 đoàn viên.\n\n"
        "Các công đoàn cơ sở mới được hướng dẫn xây dựng quy chế hoạt động và kế hoạch thu kinh phí.\n"
    )
    result = extract_facts(extract_article(text.encode("utf-8"), path=str(tmp_path / "a.txt")))
    title_figs = [f for f in result.figures if f.field_name == "title"]
    assert [(f.value, f.unit) for f in title_figs] == [(18.0, "org")]
    f = title_figs[0]
    assert result.article.title is not None and result.article.title[f.start : f.end] == f.text
    assert all(
        result.article.text[g.start : g.end] == g.text for g in result.figures if g.field_name == "text"
    )


def test_one_fact_in_title_and_body_shares_its_fact_id(tmp_path: Path) -> None:
    text = (
        "Kết nạp 659 đoàn viên công đoàn vào Đảng\n\n"
        "Năm 2023, các cấp công đoàn trong tỉnh đã giới thiệu cho Đảng xem xét và kết nạp "
        "659 đoàn viên công đoàn ưu tú, vượt chỉ tiêu Đại hội đề ra.\n\n"
        "Nhiều đoàn viên mới được kết nạp là công nhân trực tiếp sản xuất "
        "ở các doanh nghiệp ngoài nhà nước.\n"
    )
    result = extract_facts(extract_article(text.encode("utf-8"), path=str(tmp_path / "b.txt")))
    mentions = [f for f in result.figures if f.value == 659]
    assert {f.field_name for f in mentions} == {"title", "text"}
    assert len({f.fact_id for f in mentions}) == 1 or len({f.metric for f in mentions}) > 1


def test_a_text_without_title_line_keeps_its_lead(tmp_path: Path) -> None:
    text = (
        "Năm 2023, Liên đoàn Lao động tỉnh đã thành lập mới 61 CĐCS, kết nạp 2.719 đoàn viên, "
        "hoàn thành vượt chỉ tiêu được giao.\n\n"
        "Toàn cảnh Hội nghị.\n\n"
        "Hội nghị cũng biểu dương 25 tập thể và 40 cá nhân có thành tích xuất sắc trong phong trào thi đua.\n"
    )
    article = extract_article(text.encode("utf-8"), path=str(tmp_path / "c.txt"))
    assert article.title is None
    assert article.text.startswith("Năm 2023, Liên đoàn Lao động tỉnh")
    assert "Toàn cảnh Hội nghị." in article.text


def test_a_dropped_line_never_reads_as_prose_in_the_guarded_reasons() -> None:
    for path in INPUTS:
        try:
            article = _read(path)
        except InputError:
            continue
        for d in article.dropped:
            if d.reason in GUARDED_REASONS:
                assert not is_prose(d.text), (path.name, d.text)
