"""Tables of articles (JSON Lines, JSON, CSV/TSV, Parquet) read as inputs, one row per article.

Every article and sentence here was written for these tests.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import unionnews
from unionnews import extract_article, extract_facts
from unionnews.cli import main
from unionnews.dataset.typed import period_texts
from unionnews.inputs import jsontables
from unionnews.inputs.columns import COLUMN_SEPARATOR_RE, FIELDS, parse_columns, plan_columns
from unionnews.inputs.discover import (
    DATASET_MARKERS,
    TABLE_SUFFIX_RE,
    InputDocument,
    iter_documents,
    list_inputs,
)
from unionnews.inputs.jsontables import JsonStream
from unionnews.inputs.rows import HTTP_URL_RE
from unionnews.inputs.tables import FIELD_LIMIT_RE, iter_table
from unionnews.model import DocumentError
from unionnews.options import ExtractOptions

CAOBANG = {
    "url": "https://ldld.caobang.gov.vn/tin-tuc/cdvc-tong-ket-2023.html",
    "title": "Công đoàn Viên chức tỉnh tổng kết hoạt động năm 2023",
    "published": "2024-01-12 16:35:00",
    "dateline": "Thứ Sáu - 12/01/2024 16:35",
    "paragraphs": [
        "Chiều 12/01/2024, Công đoàn Viên chức tỉnh tổ chức hội nghị tổng kết phong trào công nhân viên "
        "chức, lao động và hoạt động công đoàn năm 2023, bàn nhiệm vụ trọng tâm năm 2024.",
        "Trong năm, các công đoàn cơ sở trực thuộc đã kết nạp 412 đoàn viên mới và thành lập 05 công đoàn "
        "cơ sở, đưa tổng số đoàn viên lên 9.870 người, trong đó nữ chiếm 61,5%. Dịp Tết, các cấp công đoàn "
        "trao 1.250 suất quà với tổng trị giá hơn 620 triệu đồng cho đoàn viên khó khăn.",
        "Công đoàn Viên chức tỉnh cũng giới thiệu 36 đoàn viên ưu tú cho Đảng xem xét kết nạp và phối hợp "
        "xây dựng 04 Mái ấm Công đoàn cho đoàn viên chưa có nhà ở ổn định.",
        "Thu Trang",
    ],
}
NGHEAN = {
    "url": "https://ldld.nghean.gov.vn/news/tin-tuc/thang-cong-nhan-2024.html",
    "title": "Khai mạc Tháng Công nhân năm 2024 tại khu công nghiệp",
    "published": "2024-05-04 08:10:00",
    "dateline": "Thứ bảy - 04/05/2024 08:10",
    "paragraphs": [
        "Sáng 04/5/2024, Liên đoàn Lao động tỉnh phối hợp với Ban Quản lý khu kinh tế tổ chức lễ khai mạc "
        "Tháng Công nhân năm 2024 với chủ đề chăm lo đời sống vật chất và tinh thần cho người lao động.",
        "Tại buổi lễ, Liên đoàn Lao động tỉnh trao 150 phần quà cho công nhân có hoàn cảnh khó khăn, mỗi "
        "phần trị giá 500.000 đồng, và ký kết chương trình phúc lợi với 12 doanh nghiệp. Dịp này, 20 "
        "công đoàn cơ sở được tặng Bằng khen vì thành tích xuất sắc trong phong trào thi đua.",
        "Minh Khang",
    ],
}
ARTICLES = [CAOBANG, NGHEAN]
#: The line a page or a table puts before the body: "Thứ Sáu - 12/01/2024 16:35", "2024-01-12 16:35:00".
DATELINE_RE = re.compile(r"^.{0,30}\d{1,4}[-/]\d{1,2}[-/]\d{1,4}[\d: T+]{0,15}$")


def _text(article: dict[str, Any]) -> str:
    return "\n".join(article["paragraphs"])


def _html(article: dict[str, Any]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in article["paragraphs"])
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{article["title"]}</title></head>'
        f'<body><div class="menu"><a href="/">Trang chủ</a></div><article><h1>{article["title"]}</h1>'
        f'<div class="date">{article["dateline"]}</div><div class="content">{body}</div>'
        "</article></body></html>"
    ).encode()


def _row(article: dict[str, Any]) -> dict[str, str]:
    return {
        "url": article["url"],
        "title": article["title"],
        "published": article["published"],
        "text": _text(article),
    }


def _write(path: Path, rows: list[dict[str, Any]], **parquet: Any) -> Path:
    """``rows`` as the table format ``path``'s name says."""
    name = path.name.removesuffix(".gz")
    if name.endswith((".jsonl", ".ndjson")):
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
        path.write_bytes(gzip.compress(lines) if path.name.endswith(".gz") else lines)
    elif name.endswith(".json"):
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    elif name.endswith((".csv", ".tsv")):
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, list(rows[0]), delimiter="\t" if name.endswith(".tsv") else ",")
            writer.writeheader()
            writer.writerows(rows)
    else:
        pq.write_table(pa.Table.from_pylist(rows), path, **parquet)
    return path


FORMATS = ["jsonl", "ndjson", "jsonl.gz", "json", "csv", "tsv", "parquet"]


def _docs(path: Path, **kwargs: Any) -> list[InputDocument | DocumentError]:
    return list(iter_table(path, max_bytes=kwargs.pop("max_bytes", 1_000_000), **kwargs))


def test_regexes():
    assert all(
        TABLE_SUFFIX_RE.search(n) for n in ("a.jsonl", "b.NDJSON.gz", "c.json", "d.csv", "e.tsv", "f.parquet")
    )
    assert not any(TABLE_SUFFIX_RE.search(n) for n in ("a.parquet.gz", "b.json.txt", "c.warc.gz", "d.html"))
    assert HTTP_URL_RE.match("https://ldld.caobang.gov.vn/tin/a-12.html") and HTTP_URL_RE.match("http://x.vn")
    assert not any(
        HTTP_URL_RE.match(v) for v in ("VnExpress", "xem https://x.vn", "https:// x.vn", "ftp://x.vn")
    )
    assert COLUMN_SEPARATOR_RE.sub("_", "Published - At") == "Published_At"
    assert DATELINE_RE.match(CAOBANG["dateline"]) and DATELINE_RE.match(CAOBANG["published"])
    assert not DATELINE_RE.match(CAOBANG["paragraphs"][0])
    previous = csv.field_size_limit(5)
    try:
        with pytest.raises(csv.Error) as raised:
            next(csv.reader(["abcdefgh"]))
    finally:
        csv.field_size_limit(previous)
    assert FIELD_LIMIT_RE.search(str(raised.value))


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_gives_the_same_rows(tmp_path: Path, fmt: str):
    table = _write(tmp_path / f"bai-viet.{fmt}", [_row(a) for a in ARTICLES])
    docs = _docs(table)
    assert all(isinstance(d, InputDocument) for d in docs)
    assert [d.path for d in docs] == [f"{table}#1", f"{table}#2"]  # the row each article came from
    assert [d.url for d in docs] == [a["url"] for a in ARTICLES]
    assert [d.title for d in docs] == [a["title"] for a in ARTICLES]
    assert [d.published for d in docs] == [a["published"] for a in ARTICLES]
    assert [d.data.decode("utf-8") for d in docs] == [_text(a) for a in ARTICLES]
    assert {d.kind for d in docs} == {"txt"}


def _html_article(article: dict[str, Any]):
    return extract_article(_html(article), url=article["url"], kind="html")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_table_rows_are_the_html_pages_articles(tmp_path: Path, fmt: str):
    """URL, id, site and province (from the URL's host) as if the page itself had been read."""
    table = _write(tmp_path / f"bai-viet.{fmt}", [_row(a) for a in ARTICLES])
    got = unionnews.extract([table]).articles
    want = [_html_article(a) for a in ARTICLES]
    assert list(got.url) == [a.url for a in want]
    assert list(got.article_id) == [a.article_id for a in want]
    assert list(got.site) == ["ldld.caobang.gov.vn", "ldld.nghean.gov.vn"]
    assert list(got.province) == [a.province for a in want] == ["Cao Bằng", "Nghệ An"]
    assert list(got.source_path) == [f"{table}#1", f"{table}#2"]


def _metadata_is_used() -> bool:
    """Does extract_article take a title and a date given with the text (a table row's)?"""
    given = "Tiêu đề được cho kèm theo văn bản"
    art = extract_article(
        _text(CAOBANG).encode(), url=CAOBANG["url"], kind="txt", title=given, published=CAOBANG["published"]
    )
    return (
        art.title == given
        and (art.published or "").startswith("2024-01-12")
        and CAOBANG["paragraphs"][0] in art.text
    )


METADATA_PENDING = pytest.mark.xfail(
    not _metadata_is_used(),
    reason="PENDING: extract_article does not use title=/published= metadata yet (being wired in "
    "unionnews.articles by another change); the table readers pass them on",
    strict=True,
)


def _body(text: str) -> str:
    """The text without the dateline it opens with (a page's as written, a row's as given)."""
    first, _, rest = text.partition("\n")
    return rest if DATELINE_RE.match(first) else text


@METADATA_PENDING
@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "parquet"])
def test_table_rows_give_the_html_pages_title_date_text_and_figures(tmp_path: Path, fmt: str):
    table = _write(tmp_path / f"bai-viet.{fmt}", [_row(a) for a in ARTICLES])
    ds = unionnews.extract([table])
    assert ds.errors.empty, ds.errors.to_dict("records")
    cols = ["value", "unit", "metric", "qualifier", "total", "text", "period_start", "period_end", "subject"]
    for row, article in zip(ds.articles.itertuples(), ARTICLES, strict=True):
        page = _html_article(article)
        assert (row.title, row.published) == (page.title, page.published)
        assert _body(row.text) == _body(page.text)
        want = [{c: getattr(f, c) for c in cols} for f in extract_facts(page).figures]
        got = [
            {**r, "period_start": start, "period_end": end}
            for r, (start, end) in zip(
                ds.figures[ds.figures.article_id == row.article_id][cols].to_dict("records"),
                _periods_as_text(ds.figures[ds.figures.article_id == row.article_id]),
                strict=True,
            )
        ]
        assert got == want and len(want) >= 4


def _periods_as_text(figures: Any) -> list[tuple[str | None, str | None]]:
    """The dated periods of ``figures`` in the text form a Figure gives them ("2024", "2023-09-15")."""
    return [
        period_texts(None if pd.isna(a) else a.date(), None if pd.isna(b) else b.date(), g)
        for a, b, g in zip(figures.period_start, figures.period_end, figures.period_granularity, strict=True)
    ]


def test_news_please_columns(tmp_path: Path):
    lead = "Năm 2023, các cấp công đoàn trong tỉnh đã kết nạp 412 đoàn viên mới, vượt kế hoạch đề ra."
    record = {
        "authors": ["Thu Trang"],
        "date_download": "2024-01-13 02:00:11",
        "date_modify": None,
        "date_publish": "2024-01-12 16:35:00",
        "description": lead,
        "filename": "cdvc-tong-ket-2023.json",
        "image_url": None,
        "language": "vi",
        "localpath": None,
        "maintext": _text(CAOBANG),
        "source_domain": "ldld.caobang.gov.vn",
        "title": CAOBANG["title"],
        "title_page": None,
        "title_rss": None,
        "url": CAOBANG["url"],
    }
    page = tmp_path / "cdvc-tong-ket-2023.json"  # news-please writes one JSON object per article
    page.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (doc,) = _docs(page)
    assert isinstance(doc, InputDocument)
    assert (doc.url, doc.title, doc.published) == (CAOBANG["url"], CAOBANG["title"], "2024-01-12 16:35:00")
    assert doc.fetched_at == "2024-01-13 02:00:11"
    assert doc.data.decode() == f"{lead}\n{_text(CAOBANG)}"  # the lead the main text left out comes first
    record["maintext"] = f"{lead}\n{_text(CAOBANG)}"  # …and is not doubled when the text has it
    page.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert _docs(page)[0].data.decode() == record["maintext"]
    off = _docs(page, columns={"description": ""})[0]
    assert isinstance(off, InputDocument) and off.data.decode() == record["maintext"]


def test_trafilatura_columns(tmp_path: Path):
    records = [
        {
            "title": NGHEAN["title"],
            "author": "Minh Khang",
            "hostname": "ldld.nghean.gov.vn",
            "date": "2024-05-04",
            "fingerprint": "a1b2c3",
            "raw_text": _text(NGHEAN).replace("\n", " "),
            "text": _text(NGHEAN),
            "source": NGHEAN["url"],
            "source-hostname": "Liên đoàn Lao động tỉnh Nghệ An",
            "excerpt": None,
        },
        {"title": CAOBANG["title"], "text": _text(CAOBANG), "source": "Báo Cao Bằng", "date": "2024-01-12"},
    ]
    table = _write(tmp_path / "trafilatura.jsonl", records)
    first, second = _docs(table)
    assert isinstance(first, InputDocument) and isinstance(second, InputDocument)
    assert (first.url, first.published, first.data.decode()) == (NGHEAN["url"], "2024-05-04", _text(NGHEAN))
    # "source" is read as the URL only when it is one; else the row's own address stands in
    assert second.url == f"{table.resolve().as_uri()}#2" and second.path == f"{table}#2"


def test_html_column_is_read_as_a_page_when_there_is_no_text(tmp_path: Path):
    table = _write(
        tmp_path / "trang.jsonl",
        [
            {"url": CAOBANG["url"], "html": _html(CAOBANG).decode(), "text": ""},
            {"url": NGHEAN["url"], **_row(NGHEAN)},
        ],
    )
    first, second = _docs(table)
    assert isinstance(first, InputDocument) and isinstance(second, InputDocument)
    assert (first.kind, second.kind) == ("html", "txt")
    ds = unionnews.extract([table])
    page = _html_article(CAOBANG)
    art = ds.articles.iloc[0]
    assert (art.title, art.published, art.text) == (page.title, page.published, page.text)


VIETNAMESE_COLUMNS = ["link", "tieu_de", "ngay", "noi_dung"]


def _vietnamese_csv(path: Path) -> Path:
    rows = [
        dict(zip(VIETNAMESE_COLUMNS, (a["url"], a["title"], a["published"], _text(a)), strict=True))
        for a in ARTICLES
    ]
    return _write(path, rows)


def test_columns_mapping_on_the_command_line(tmp_path: Path):
    table = _vietnamese_csv(tmp_path / "bao-chi.csv")
    out = tmp_path / "out"
    args = ["-q", "extract", str(table), "--out", str(out), "--no-duckdb"]
    result = CliRunner().invoke(
        main, [*args, "--columns", "text=noi_dung,title=tieu_de", "--columns", "url=link"]
    )
    assert result.exit_code == 0, result.output
    articles = unionnews.load(out).articles
    assert list(articles.url) == [a["url"] for a in ARTICLES]
    assert list(articles.source_path) == [f"{table}#1", f"{table}#2"]

    unknown = CliRunner().invoke(main, [*args, "--columns", "noi_dung=text"])
    assert (
        unknown.exit_code == 2 and "unknown field 'noi_dung'" in unknown.output and "text" in unknown.output
    )
    malformed = CliRunner().invoke(main, [*args, "--columns", "text"])
    assert malformed.exit_code == 2 and "FIELD=COLUMN" in malformed.output

    missing = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "o2"), "--columns", "text=than_bai"])
    assert missing.exit_code == 1
    assert (
        "MissingColumn" in missing.output
        and "'than_bai'" in missing.output
        and "'noi_dung'" in missing.output
    )


def test_columns_mapping_reaches_worker_processes(tmp_path: Path):
    table = _vietnamese_csv(tmp_path / "bao-chi.csv")
    ds = unionnews.extract([table], workers=2, columns={"text": "noi_dung", "url": "link"})
    assert ds.errors.empty and list(ds.articles.url) == [a["url"] for a in ARTICLES]


def test_a_table_without_a_text_column_is_one_clear_error(tmp_path: Path):
    table = _write(tmp_path / "danh-sach.csv", [{"ma_so": "1", "don_vi": "CĐCS Trường THPT Hòa An"}])
    ds = unionnews.extract([table])
    (error,) = ds.errors.itertuples()
    assert error.source == str(table) and error.error == "MissingColumn"
    assert "'ma_so', 'don_vi'" in error.message and "--columns text=" in error.message


def test_a_malformed_json_line_is_one_error_and_the_rest_is_read(tmp_path: Path):
    table = tmp_path / "bai-viet.jsonl"
    rows = [json.dumps(_row(a), ensure_ascii=False) for a in ARTICLES]
    table.write_text(
        f'{rows[0]}\n{{"url": "https://x.vn/a", "text": "thiếu dấu đóng\n\n{rows[1]}\n', encoding="utf-8"
    )
    docs = _docs(table)
    assert [type(d).__name__ for d in docs] == ["InputDocument", "DocumentError", "InputDocument"]
    bad = docs[1]
    assert isinstance(bad, DocumentError) and bad.error == "BadRow"
    assert bad.source == f"{table}#2" and "line 2 is not JSON" in bad.message
    assert docs[2].path == f"{table}#4"  # numbered by line: the blank line 3 is no record


def test_a_file_that_is_not_json_lines_is_one_error(tmp_path: Path):
    table = tmp_path / "ghi-chu.jsonl"
    table.write_text("url,text\nhttps://x.vn/a,Một bài viết\nhttps://x.vn/b,Bài khác\n", encoding="utf-8")
    (error,) = _docs(table)
    assert (
        isinstance(error, DocumentError) and error.error == "NotATable" and "not JSON Lines" in error.message
    )
    assert error.source == str(table)


def test_a_csv_with_a_huge_field(tmp_path: Path):
    huge = 'Đoạn văn có "ngoặc kép", dấu phẩy và\nxuống dòng. ' * 200  # ~10 KB over many lines
    rows = [_row(CAOBANG), {**_row(NGHEAN), "text": huge}, _row(NGHEAN)]
    table = _write(tmp_path / "bai-viet.csv", rows)
    before = csv.field_size_limit()
    docs = _docs(table, max_bytes=3_000)
    assert csv.field_size_limit() == before  # csv's process-wide limit is given back
    assert [type(d).__name__ for d in docs] == ["InputDocument", "DocumentError", "InputDocument"]
    assert docs[1].error == "TooLarge" and "--max-bytes" in docs[1].message and docs[1].source == f"{table}#2"
    assert docs[2].path == f"{table}#3" and docs[2].data.decode() == _text(NGHEAN)  # read on after it
    assert all(isinstance(d, InputDocument) for d in _docs(table, max_bytes=50_000))


def test_rows_over_max_bytes_are_refused(tmp_path: Path):
    table = _write(tmp_path / "bai-viet.jsonl", [_row(a) for a in ARTICLES])
    limit = len(_text(CAOBANG).encode()) - 1
    docs = _docs(table, max_bytes=limit)
    assert (
        isinstance(docs[0], DocumentError) and docs[0].error == "TooLarge" and f"{limit:,}" in docs[0].message
    )
    assert isinstance(docs[1], InputDocument)


def test_a_parquet_file_with_several_row_groups(tmp_path: Path):
    rows = [{**_row(ARTICLES[i % 2]), "url": f"https://ldld.caobang.gov.vn/tin/{i}.html"} for i in range(7)]
    rows[3]["text"] = None
    table = _write(
        tmp_path / "bai-viet.parquet", [{**r, "anh": b"\x00" * 10_000} for r in rows], row_group_size=2
    )
    assert pq.ParquetFile(table).metadata.num_row_groups == 4
    reader = iter_table(table, max_bytes=1_000_000)
    first = next(reader)  # read lazily, batch by batch
    assert isinstance(first, InputDocument) and first.path == f"{table}#1"
    rest = list(reader)
    assert [d.path if isinstance(d, InputDocument) else d.source for d in rest] == [
        f"{table}#{n}" for n in range(2, 8)
    ]
    assert isinstance(rest[2], DocumentError) and rest[2].error == "EmptyDocument"
    assert [d.url for d in rest if isinstance(d, InputDocument)] == [
        r["url"] for i, r in enumerate(rows) if i not in (0, 3)
    ]


def test_parquet_dates_and_lists_of_paragraphs(tmp_path: Path):
    from datetime import datetime

    schema = pa.schema(
        [("url", pa.string()), ("published", pa.timestamp("s")), ("body", pa.list_(pa.string()))]
    )
    row = {"url": CAOBANG["url"], "published": datetime(2024, 1, 12, 16, 35), "body": CAOBANG["paragraphs"]}
    table = tmp_path / "bai-viet.parquet"
    pq.write_table(pa.Table.from_pylist([row], schema=schema), table)
    (doc,) = _docs(table)
    assert isinstance(doc, InputDocument)
    assert doc.published == "2024-01-12T16:35:00" and doc.data.decode() == _text(CAOBANG)


def test_values_of_the_wrong_type_are_row_errors(tmp_path: Path):
    rows = [
        {"url": "https://x.vn/1", "text": 2023},
        {"url": "https://x.vn/2", "text": _text(NGHEAN), "title": {"vi": "Tiêu đề"}},
        {"url": "https://x.vn/3", "text": _text(NGHEAN), "date": 1714784400},
        [_text(NGHEAN)],
    ]
    table = _write(tmp_path / "sai-kieu.json", rows)
    docs = _docs(table)
    assert all(isinstance(d, DocumentError) and d.error == "BadRow" for d in docs)
    assert [d.source for d in docs] == [f"{table}#{n}" for n in range(1, 5)]
    assert "column 'text' (text) holds a number (2023), not text" in docs[0].message
    assert "column 'title' (title) holds an object" in docs[1].message
    assert "--columns published=" in docs[2].message  # says how to read no date at all
    assert "record 4 holds a list, not a JSON object" in docs[3].message
    fixed = _docs(table, columns={"published": "", "title": ""})
    assert [type(d).__name__ for d in fixed] == [
        "DocumentError",
        "InputDocument",
        "InputDocument",
        "DocumentError",
    ]


def test_a_json_array_is_streamed_and_damage_keeps_the_records_before(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(jsontables, "JSON_CHUNK", 16)  # values cross many chunk boundaries
    rows = [_row(a) for a in ARTICLES]
    whole = _write(tmp_path / "bai-viet.json", rows)
    assert [d.url for d in _docs(whole)] == [a["url"] for a in ARTICLES]
    cut = tmp_path / "cat-ngang.json"
    cut.write_text(whole.read_text(encoding="utf-8")[:-200], encoding="utf-8")
    first, error = _docs(cut)
    assert isinstance(first, InputDocument) and first.url == CAOBANG["url"]
    assert (
        isinstance(error, DocumentError)
        and error.error == "NotATable"
        and "1 record(s) before" in error.message
    )


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ('[{"a": 1}, {"b": [1, 2]} ]', [{"a": 1}, {"b": [1, 2]}]),
        ('  {"a": "x"}\n', [{"a": "x"}]),
        ("[]", []),
        ("[1, 23456]", [1, 23456]),
    ],
)
def test_json_stream_values(text: str, values: list[Any]):
    import io

    assert list(JsonStream(io.StringIO(text), 1000).values()) == values


@pytest.mark.parametrize(
    "text", ['[{"a": 1},]', '[{"a": 1}', '{"a": 1} x', "", "tiêu đề", '[{"a": 1} {"b": 2}]']
)
def test_json_stream_damage(text: str):
    import io

    with pytest.raises(ValueError):
        list(JsonStream(io.StringIO(text), 1000).values())


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("hong.parquet", b"PAR1 not really"),
        ("nhi-phan.csv", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe\xfd"),
        ("rong.csv", b""),
    ],
)
def test_files_that_are_no_tables(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    (error,) = _docs(path)
    assert isinstance(error, DocumentError) and error.error == "NotATable" and error.source == str(path)


def test_semicolon_csv_and_case_blind_column_names(tmp_path: Path):
    table = tmp_path / "excel.csv"
    with table.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["URL", "Title", "Published At", "Content"])
        writer.writerow([CAOBANG["url"], CAOBANG["title"], "12/01/2024", _text(CAOBANG)])
    (doc,) = _docs(table)
    assert isinstance(doc, InputDocument) and (doc.url, doc.published) == (CAOBANG["url"], "12/01/2024")


def test_column_plan_and_parse_columns():
    plan = plan_columns(["Link", "maintext", "text", "source"], {})
    assert plan.candidates["text"] == ("text", "maintext") and plan.candidates["url"] == ("Link", "source")
    assert plan_columns(["noi_dung"], {"text": "NOI_DUNG"}).candidates["text"] == ("noi_dung",)
    assert parse_columns("text=a, title = b,") == {"text": "a", "title": "b"}
    with pytest.raises(ValueError, match="two columns"):
        parse_columns(["text=a", "text=b"])
    assert set(FIELDS) == {"url", "title", "published", "text", "html", "description", "fetched_at"}
    assert ExtractOptions(columns="title=b,text=a").columns == (("text", "a"), ("title", "b"))
    assert ExtractOptions.from_mapping({"columns": {"text": "a"}}).columns == (("text", "a"),)
    with pytest.raises(ValueError, match="unknown field"):
        ExtractOptions(columns={"noi_dung": "text"})


def test_folders_holding_tables_are_read_and_datasets_skipped(tmp_path: Path):
    _write(tmp_path / "a.jsonl", [_row(CAOBANG)])
    _write(tmp_path / "b.parquet", [_row(NGHEAN)])
    (tmp_path / "ghi-chu.md").write_text("không phải bài viết", encoding="utf-8")
    old = tmp_path / "out"
    old.mkdir()
    for name in DATASET_MARKERS:
        (old / name).write_text("{}")
    _write(old / "articles.jsonl", [_row(CAOBANG)])  # an earlier run's output is no input
    assert [p.name for p in list_inputs([tmp_path]) if isinstance(p, Path)] == ["a.jsonl", "b.parquet"]
    docs = list(iter_documents([tmp_path]))
    assert [d.path for d in docs if isinstance(d, InputDocument)] == [
        f"{tmp_path / 'a.jsonl'}#1",
        f"{tmp_path / 'b.parquet'}#1",
    ]


def test_exit_code_is_1_when_a_row_failed(tmp_path: Path):
    table = _write(tmp_path / "bai-viet.jsonl", [_row(CAOBANG), {"url": "https://x.vn/trong", "text": "   "}])
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["-q", "extract", str(table), "--out", str(out), "--no-duckdb"])
    assert result.exit_code == 1, result.output
    assert f"{table}#2" in result.output and "EmptyDocument" in result.output
    assert list(unionnews.load(out).articles.url) == [CAOBANG["url"]]


def test_docs_list_the_accepted_column_names():
    page = (Path(__file__).resolve().parents[1] / "docs" / "extract.md").read_text(encoding="utf-8")
    for field, names in FIELDS.items():
        row = next(line for line in page.splitlines() if line.startswith(f"| `{field}` |"))
        assert ", ".join(names) in row, field


def test_a_damaged_gzip_table_keeps_the_rows_before(tmp_path: Path):
    rows = [{**_row(ARTICLES[i % 2]), "url": f"https://ldld.caobang.gov.vn/tin/{i}.html"} for i in range(40)]
    whole = _write(tmp_path / "bai-viet.jsonl.gz", rows).read_bytes()
    cut = tmp_path / "cat.jsonl.gz"
    cut.write_bytes(whole[: len(whole) // 2])  # a download that stopped half-way
    docs = _docs(cut)
    assert isinstance(docs[0], InputDocument) and docs[0].path == f"{cut}#1"
    last = docs[-1]
    assert isinstance(last, DocumentError) and last.error == "NotATable" and last.source == str(cut)
    assert "the rows before were kept" in last.message
