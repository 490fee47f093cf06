"""Dataset tables, atomic writers, DuckDB, datapackage.json and loaders."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pandas.testing as pdt
import pytest

from unionnews import __version__
from unionnews.dataset import (
    Dataset,
    build_tables,
    check_out_dir,
    empty_frame,
    load,
    write_dataset,
)
from unionnews.dataset import writers as writers_mod
from unionnews.dataset.conform import conform
from unionnews.dataset.schema import TABLES, vocabulary_problems
from unionnews.dataset.tables import stable_id
from unionnews.errors import DatasetError
from unionnews.model import (
    ENTITY_TYPES,
    METRICS,
    QUALIFIERS,
    UNITS,
    Article,
    ArticleResult,
    DocumentError,
    Entity,
    Figure,
)

TEXT = (
    "Công đoàn Viên chức tỉnh Vĩnh Phúc có 84 công đoàn cơ sở với 4.609 đoàn viên. "
    "Đồng chí Nguyễn Văn An, Chủ tịch CĐVC tỉnh, trao 95,5 triệu đồng cho Mái ấm công đoàn. "
    "Thực hiện Kế hoạch 05/KH-LĐLĐ ngày 20/3/2023."
)

#: Columns the data contract (DESIGN.md) requires, by table.
CONTRACT = {
    "articles": [
        "article_id",
        "url",
        "site",
        "title",
        "published",
        "author",
        "province",
        "province_2025",
        "text",
        "content_hash",
        "fetched_at",
        "extractor_version",
    ],
    "figures": [
        "figure_id",
        "article_id",
        "metric",
        "value",
        "total",
        "unit",
        "qualifier",
        "period_start",
        "period_end",
        "subject",
        "province",
        "sentence",
        "field",
        "start",
        "end",
        "text",
        "fact_id",
    ],
    "entities": ["article_id", "type", "text", "canonical", "role", "field", "start", "end"],
    "errors": ["source", "stage", "error", "message"],
    "dropped": ["article_id", "line", "reason", "prose", "text"],
}


def _span(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def _figure(needle: str, value: float, unit: str, metric: str, **kw: object) -> Figure:
    start, end = _span(needle)
    return Figure(start, end, needle, value, unit, metric, **kw)  # type: ignore[arg-type]


@pytest.fixture
def result() -> ArticleResult:
    article = Article(
        article_id="vp-2019",
        url="file:///corpus/vinhphuc.txt",
        text=TEXT,
        title="Hội nghị tổng kết công tác Công đoàn năm 2018",
        published="2019-01-11T09:01:00",
        author="Phương Loan",
        site="congdoanvinhphuc.vn",
        province="Vĩnh Phúc",
        province_2025="Phú Thọ",
        content_hash="abc",
        fetched_at="2025-01-01T00:00:00+00:00",
        extractor_version="0.1.0",
        source_path="corpus/vinhphuc.txt",
        notes=["spam phrase removed: “xem thêm”"],
    )
    figures = [
        _figure(
            "84 công đoàn cơ sở",
            84,
            "org",
            "grassroots_unions",
            sentence=TEXT[:78],
            period_start="2018",
            period_end="2023",
            cues="before:có=default",
        ),
        _figure(
            "4.609 đoàn viên", 4609, "person", "union_members", qualifier="exact", period_start="2019-01-11"
        ),
        # a figure about another province: its 2025 successor must be looked up
        _figure("95,5 triệu đồng", 95_500_000, "VND", "money", province="Hà Giang"),
    ]
    start, end = _span("Nguyễn Văn An")
    entities = [
        Entity("PERSON", start, end, "Nguyễn Văn An", "Nguyễn Văn An", role="Chủ tịch CĐVC; Đảng ủy viên"),
        Entity("ORG", 0, 34, TEXT[:34], "Công đoàn Viên chức tỉnh Vĩnh Phúc"),
        Entity(
            "DOCUMENT",
            *_span("05/KH-LĐLĐ"),
            "05/KH-LĐLĐ",
            "05/KH-LĐLĐ",
            attrs={"doc_type": "Kế hoạch", "issuer_code": "LĐLĐ", "date": "2023-03-20"},
        ),
    ]
    return ArticleResult(article, figures, entities)


@pytest.fixture
def tables(result: ArticleResult) -> dict[str, pd.DataFrame]:
    errors = [DocumentError("pages/rỗng.html", "parse", "EmptyDocument", "Tệp rỗng; bỏ qua.")]
    return build_tables([result], errors, run_at="2025-01-01T00:00:00+00:00")


def _expected_dtypes(table: str) -> dict[str, str]:
    return {c.name: str(c.pandas_dtype) for c in TABLES[table]}


# --- build_tables --------------------------------------------------------------------------


def test_build_tables_has_contract_columns_with_schema_dtypes(tables: dict[str, pd.DataFrame]):
    assert list(tables) == ["articles", "figures", "entities", "errors", "dropped", "inputs"]
    for name, frame in tables.items():
        assert set(CONTRACT.get(name, ())) <= set(frame.columns), name
        assert {c: str(t) for c, t in frame.dtypes.items()} == _expected_dtypes(name)


def test_empty_tables_keep_columns_and_dtypes():
    tables = build_tables([])
    for name, frame in tables.items():
        assert len(frame) == 0
        assert {c: str(t) for c, t in frame.dtypes.items()} == _expected_dtypes(name)


def test_figure_rows_take_article_id_and_province(tables: dict[str, pd.DataFrame]):
    figures = tables["figures"].set_index("text")
    assert (figures["article_id"] == "vp-2019").all()
    # defaults to the article's province and successor
    assert figures.loc["84 công đoàn cơ sở", "province"] == "Vĩnh Phúc"
    assert figures.loc["84 công đoàn cơ sở", "province_2025"] == "Phú Thọ"
    # a figure's own province gets its own successor, not the article's
    assert figures.loc["95,5 triệu đồng", "province"] == "Hà Giang"
    assert figures.loc["95,5 triệu đồng", "province_2025"] == "Tuyên Quang"
    assert figures.loc["95,5 triệu đồng", "value"] == 95_500_000
    assert pd.isna(figures.loc["84 công đoàn cơ sở", "total"])


def test_offsets_point_into_article_text(tables: dict[str, pd.DataFrame]):
    text = tables["articles"].loc[0, "text"]
    for name in ("figures", "entities"):
        for row in tables[name].itertuples():
            assert text[row.start : row.end] == row.text


def test_ids_are_stable_and_unique(result: ArticleResult):
    first = build_tables([result])["figures"]["figure_id"].tolist()
    again = build_tables([result])["figures"]["figure_id"].tolist()
    assert first == again
    assert len(set(first)) == len(first)
    twin = Figure(0, 2, "84", 84, "org", "grassroots_unions")
    result.figures = [twin, twin]
    ids = build_tables([result])["figures"]["figure_id"].tolist()
    assert len(set(ids)) == 2
    assert ids[0] == stable_id("vp-2019", 0, 2, "grassroots_unions")


def test_list_record_and_date_columns_and_empty_strings(tables: dict[str, pd.DataFrame]):
    art = tables["articles"].iloc[0]
    assert list(art["notes"]) == ["spam phrase removed: “xem thêm”"] and list(art["aliases"]) == []
    assert art["n_chars"] == len(TEXT)
    assert art["published_at"] == pd.Timestamp("2019-01-11T09:01:00+07:00")
    entities = tables["entities"].set_index("type")
    assert entities.loc["DOCUMENT", "attrs"] == {
        "doc_type": "Kế hoạch",
        "issuer_code": "LĐLĐ",
        "date": date(2023, 3, 20),
    }
    assert pd.isna(entities.loc["ORG", "attrs"]) and pd.isna(entities.loc["ORG", "role"])
    assert list(entities.loc["PERSON", "role"]) == ["Chủ tịch CĐVC", "Đảng ủy viên"]
    figures = tables["figures"].set_index("text")
    term = figures.loc["84 công đoàn cơ sở"]
    assert (term["period_start"], term["period_end"], term["period_granularity"]) == (
        pd.Timestamp("2018-01-01"),
        pd.Timestamp("2023-12-31"),
        "term",
    )
    assert list(term["cues"]) == ["before:có=default"]
    assert figures.loc["4.609 đoàn viên", "period_granularity"] == "day"
    assert pd.isna(figures.loc["95,5 triệu đồng", "period_start"])
    # Figure.rule defaults to "" ("unknown"): stored as null, not as an empty string
    assert tables["figures"]["rule"].isna().all()


def test_conform_rejects_unknown_columns_and_fills_missing():
    frame = pd.DataFrame({"source": ["a"], "stage": ["read"]})
    out = conform("errors", frame)
    assert list(out.columns) == [c.name for c in TABLES["errors"]]
    assert out["message"].isna().all()
    with pytest.raises(ValueError, match="colour"):
        conform("errors", frame.assign(colour=["red"]))


def test_vocabulary_problems_name_the_column(tables: dict[str, pd.DataFrame]):
    assert vocabulary_problems("figures", tables["figures"]) == []
    bad = tables["figures"].assign(metric="members")
    problems = vocabulary_problems("figures", bad)
    assert len(problems) == 1 and "figures.metric" in problems[0]


# --- write_dataset / load ------------------------------------------------------------------


def test_round_trip_keeps_frames_dtypes_and_vietnamese(tables: dict[str, pd.DataFrame], tmp_path: Path):
    out = write_dataset(tables, tmp_path / "out", formats=("csv", "jsonl"))
    ds = load(out)
    for name, frame in tables.items():
        pdt.assert_frame_equal(getattr(ds, name), frame, check_exact=True)
    assert ds.articles.loc[0, "text"] == TEXT
    assert ds.path == out
    assert ds.manifest["tables"]["figures"]["rows"] == 3


def test_round_trip_of_empty_tables(tmp_path: Path):
    write_dataset(build_tables([]), tmp_path / "out", formats=("csv", "jsonl"))
    ds = load(tmp_path / "out")
    for name in TABLES:
        pdt.assert_frame_equal(getattr(ds, name), empty_frame(name))


def test_manifest_lists_every_file_with_its_sha256(tables: dict[str, pd.DataFrame], tmp_path: Path):
    out = write_dataset(tables, tmp_path / "out", formats=("csv",))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    on_disk = {p.name for p in out.iterdir()} - {"manifest.json"}
    assert set(manifest["files"]) == on_disk
    for name, info in manifest["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == info["sha256"]
    assert manifest["tables"]["errors"]["rows"] == 1


def test_csv_is_utf8_with_bom(tables: dict[str, pd.DataFrame], tmp_path: Path):
    out = write_dataset(tables, tmp_path / "out", formats=("csv",))
    raw = (out / "articles.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(out / "articles.csv", encoding="utf-8-sig")
    assert back.loc[0, "title"] == "Hội nghị tổng kết công tác Công đoàn năm 2018"
    assert back.columns[0] == "article_id"  # the BOM is not glued to the first name


def test_jsonl_has_one_object_per_row_with_nulls(tables: dict[str, pd.DataFrame], tmp_path: Path):
    out = write_dataset(tables, tmp_path / "out", formats=("jsonl",))
    lines = (out / "figures.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 3
    assert rows[0]["total"] is None
    assert "công đoàn cơ sở" in lines[0]  # not \\u-escaped


def test_only_requested_formats_are_written(tables: dict[str, pd.DataFrame], tmp_path: Path):
    out = write_dataset(tables, tmp_path / "out", duckdb=False)
    names = {p.name for p in out.iterdir()}
    assert names == {f"{t}.parquet" for t in TABLES} | {"datapackage.json", "manifest.json"}
    with pytest.raises(ValueError, match="xlsx"):
        write_dataset(tables, tmp_path / "other", formats=("xlsx",))


def test_datapackage_describes_every_column_with_enums(tables: dict[str, pd.DataFrame], tmp_path: Path):
    out = write_dataset(tables, tmp_path / "out", formats=("csv",))
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["unionnews_version"] == __version__
    assert package["created"]
    paths = {r["path"] for r in package["resources"]}
    assert paths == {f"{t}.{fmt}" for t in TABLES for fmt in ("parquet", "csv")}
    for resource in package["resources"]:
        assert (out / resource["path"]).is_file()
        table = resource["path"].split(".")[0]
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == list(tables[table].columns)
        assert all(f["description"] and f["type"] for f in fields)
    fields = {(r["path"], f["name"]): f for r in package["resources"] for f in r["schema"]["fields"]}
    assert fields[("figures.parquet", "metric")]["constraints"]["enum"] == list(METRICS)
    assert fields[("figures.parquet", "unit")]["constraints"]["enum"] == list(UNITS)
    assert fields[("figures.parquet", "qualifier")]["constraints"]["enum"] == list(QUALIFIERS)
    assert fields[("entities.parquet", "type")]["constraints"]["enum"] == list(ENTITY_TYPES)
    assert fields[("figures.parquet", "value")]["type"] == "number"
    assert fields[("figures.parquet", "start")]["type"] == "integer"


def test_duckdb_file_is_queryable_read_only_and_self_contained(
    tables: dict[str, pd.DataFrame], tmp_path: Path
):
    out = write_dataset(tables, tmp_path / "out")
    for name in TABLES:
        (out / f"{name}.parquet").unlink()  # the DuckDB copy must not need them
    con = load_duckdb_only(out)
    try:
        total = con.sql("SELECT sum(value) FROM figures WHERE unit = 'VND'").fetchall()
        assert total == [(95_500_000.0,)]
        names = con.sql("SELECT canonical FROM entities WHERE type = 'PERSON'").fetchall()
        assert names == [("Nguyễn Văn An",)]
        comment = con.sql(
            "SELECT comment FROM duckdb_columns() WHERE table_name = 'figures' AND column_name = 'value'"
        ).fetchall()
        assert "đồng" in comment[0][0]
        with pytest.raises(duckdb.Error):
            con.execute("DELETE FROM figures")
    finally:
        con.close()


def load_duckdb_only(out: Path) -> duckdb.DuckDBPyConnection:
    ds = Dataset.from_tables({}, path=out)
    return ds.duckdb()


def test_dataset_duckdb_falls_back_to_parquet_views(tables: dict[str, pd.DataFrame], tmp_path: Path):
    ds = load(write_dataset(tables, tmp_path / "out", duckdb=False))
    con = ds.duckdb()
    try:
        assert con.sql("SELECT count(*) FROM figures").fetchall() == [(3,)]
    finally:
        con.close()


def test_overwriting_a_dataset_replaces_it_and_leaves_no_debris(
    tables: dict[str, pd.DataFrame], tmp_path: Path
):
    out = tmp_path / "out"
    write_dataset(tables, out, formats=("csv",))
    write_dataset(build_tables([]), out)
    assert not (out / "articles.csv").exists()  # the old dataset's files are gone
    assert len(load(out).articles) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_empty_existing_directory_is_accepted(tables: dict[str, pd.DataFrame], tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    write_dataset(tables, out)
    assert len(load(out).figures) == 3


def test_refuses_to_replace_a_directory_that_is_not_a_dataset(
    tables: dict[str, pd.DataFrame], tmp_path: Path
):
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.docx").write_text("do not delete", encoding="utf-8")
    with pytest.raises(DatasetError, match="not a unionnews dataset"):
        write_dataset(tables, out)
    assert (out / "chapter1.docx").read_text(encoding="utf-8") == "do not delete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis"]


def test_refuses_when_a_dataset_directory_holds_foreign_files(
    tables: dict[str, pd.DataFrame], tmp_path: Path
):
    out = write_dataset(tables, tmp_path / "out")
    (out / "analysis.ipynb").write_text("{}", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"analysis\.ipynb"):
        write_dataset(tables, out)
    assert (out / "analysis.ipynb").exists()


def test_refuses_a_file_as_target(tables: dict[str, pd.DataFrame], tmp_path: Path):
    target = tmp_path / "out"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(DatasetError, match="not a directory"):
        write_dataset(tables, target)


def test_failure_mid_write_keeps_previous_dataset(
    tables: dict[str, pd.DataFrame], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = write_dataset(tables, tmp_path / "out", formats=("csv",))
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(writers_mod, "write_duckdb", broken)  # after Parquet/CSV are written
    with pytest.raises(RuntimeError, match="disk full"):
        write_dataset(build_tables([]), out, formats=("csv",))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary directory left
    assert len(load(out).figures) == 3


def test_failed_swap_restores_previous_dataset(
    tables: dict[str, pd.DataFrame], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = write_dataset(tables, tmp_path / "out")
    real_replace = writers_mod.os.replace
    calls: list[str] = []

    def flaky_replace(src: Path, dst: Path) -> None:
        calls.append(Path(src).name)
        if len(calls) == 2:  # moving the new dataset in
            raise OSError("rename failed")
        real_replace(src, dst)

    monkeypatch.setattr(writers_mod.os, "replace", flaky_replace)
    with pytest.raises(OSError, match="rename failed"):
        write_dataset(build_tables([]), out)
    monkeypatch.undo()
    assert len(load(out).figures) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_load_missing_or_incomplete_directory_says_what_to_do(tmp_path: Path):
    with pytest.raises(DatasetError, match="unionnews extract"):
        load(tmp_path / "nowhere")
    half = tmp_path / "half"
    half.mkdir()
    (half / "articles.parquet").write_bytes(b"")
    with pytest.raises(DatasetError, match=r"manifest\.json.*unionnews extract"):
        load(half)


def test_load_detects_a_missing_table_file(tables: dict[str, pd.DataFrame], tmp_path: Path):
    out = write_dataset(tables, tmp_path / "out")
    (out / "entities.parquet").unlink()
    with pytest.raises(DatasetError, match=r"entities\.parquet is missing"):
        load(out)


def test_out_of_vocabulary_values_are_logged(
    tables: dict[str, pd.DataFrame], tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    tables["figures"].loc[0, "unit"] = "households"
    with caplog.at_level(logging.WARNING, logger="unionnews.dataset.writers"):
        write_dataset(tables, tmp_path / "out")
    assert any("figures.unit" in r.getMessage() for r in caplog.records)


def test_dataset_from_tables_fills_missing_tables(tables: dict[str, pd.DataFrame]):
    ds = Dataset.from_tables({"figures": tables["figures"]})
    assert len(ds.figures) == 3 and len(ds.articles) == 0
    assert str(ds.articles["n_chars"].dtype) == "Int64"


def test_check_detects_a_changed_file(tables: dict[str, pd.DataFrame], tmp_path: Path):
    out = write_dataset(tables, tmp_path / "out", formats=("csv",))
    assert len(load(out, check=True).figures) == 3
    with open(out / "figures.csv", "a", encoding="utf-8") as fh:
        fh.write("tampered\n")
    load(out)  # without check the Parquet tables still load
    with pytest.raises(DatasetError, match=r"figures\.csv changed"):
        load(out, check=True)


def test_load_points_at_a_dataset_left_aside_by_a_killed_write(
    tables: dict[str, pd.DataFrame], tmp_path: Path
):
    out = write_dataset(tables, tmp_path / "out")
    aside = tmp_path / ".out.old-1234abcd"
    out.rename(aside)  # what a crash between the two renames leaves behind
    with pytest.raises(DatasetError, match=r"\.out\.old-1234abcd.*rename it to out"):
        load(out)


def test_check_out_dir_can_be_called_before_a_run(tables: dict[str, pd.DataFrame], tmp_path: Path):
    check_out_dir(tmp_path / "new")  # does not exist yet: fine
    check_out_dir(write_dataset(tables, tmp_path / "out"))  # a previous dataset: fine
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(DatasetError, match="refusing to replace"):
        check_out_dir(tmp_path / "docs")


def test_copy_kind_is_alias_only_for_another_url_of_the_same_known_site():
    from unionnews.articles import LOCAL_SITE
    from unionnews.extraction.duplicates import DocKeys, _copy_kind

    def art(site, farm=False):
        return DocKeys(1, "b", "u", (), None, site, None, "k", farm)

    assert _copy_kind("ldld.laichau.gov.vn", art("ldld.laichau.gov.vn")) == "alias"
    assert _copy_kind("ldld.laichau.gov.vn", art("baolaichau.vn")) == "copy"
    assert _copy_kind(LOCAL_SITE, art(LOCAL_SITE)) == "copy"  # two files: the site is unknown
    assert _copy_kind("x.vn", art("x.vn", farm=True)) == "copy"
