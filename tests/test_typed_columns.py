"""Typed columns: periods as dates with their granularity, the publication time timezone-aware,
lists and records as Arrow lists and structs; the data dictionary says the Arrow types the
files have; earlier datasets' text forms load as the typed ones."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

import unionnews
from unionnews.dataset import Dataset, load, write_dataset
from unionnews.dataset.conform import conform
from unionnews.dataset.schema import TABLES, TYPES, arrow_schema, columns
from unionnews.dataset.typed import (
    DATE_ONLY_RE,
    DOCUMENT_ATTRS,
    PERIOD_BOUND_RE,
    VIETNAM,
    attrs_mapping,
    document_attrs,
    granularity_of,
    period_bound,
    period_texts,
    published_values,
    split_list,
    typed_period,
)
from unionnews.dataset.writers import text_cells
from unionnews.model import PERIOD_GRANULARITIES

ROOT = Path(__file__).resolve().parents[1]
DATA_MD = ROOT / "docs" / "data.md"
#: A row of the column tables of docs/data.md: | `name` | `Arrow type` | `pandas dtype` | …
DOC_ROW_RE = re.compile(r"^\| `(?P<name>\w+)` \| `(?P<arrow>[^`]+)` \| `(?P<pandas>[^`]+)` \|")
#: A table heading of docs/data.md: ### `figures`
DOC_TABLE_RE = re.compile(r"^### `(?P<table>\w+)`$")


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("typed") / "out"
    unionnews.extract([ROOT / "corpus"], out=out, formats=("csv", "jsonl"))
    return out


# --- periods -------------------------------------------------------------------------------


def test_named_patterns() -> None:
    assert all(PERIOD_BOUND_RE.match(s) for s in ("2024", "2023-09", "2023-09-15"))
    assert not any(PERIOD_BOUND_RE.match(s) for s in ("24", "2023-9", "2023-09-15T10:00", "2018-2023"))
    assert DATE_ONLY_RE.match("2016-01-28") and not DATE_ONLY_RE.match("2016-01-28T10:00")


@pytest.mark.parametrize(
    ("start", "end", "first", "last", "granularity"),
    [
        ("2024", "2024", date(2024, 1, 1), date(2024, 12, 31), "year"),
        ("2024-02", "2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2023-06-30", "2023-06-30", date(2023, 6, 30), date(2023, 6, 30), "day"),
        ("2018", "2023", date(2018, 1, 1), date(2023, 12, 31), "term"),
        ("2019", "2023-09-15", date(2019, 1, 1), date(2023, 9, 15), "term"),  # "từ năm 2019 đến nay"
        ("2023", "2023-09-15", date(2023, 1, 1), date(2023, 9, 15), "term"),
        ("2019", None, date(2019, 1, 1), date(2019, 12, 31), "year"),
        (None, None, None, None, None),
    ],
)
def test_periods_are_dates_with_their_granularity_and_come_back_as_written(
    start: str | None, end: str | None, first: date | None, last: date | None, granularity: str | None
) -> None:
    assert typed_period(start, end) == (first, last, granularity)
    assert granularity in (*PERIOD_GRANULARITIES, None)
    assert period_texts(first, last, granularity) == (start or end, end or start)


def test_a_bound_that_is_no_iso_period_is_refused() -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        period_bound("15/9/2023")
    with pytest.raises(ValueError):
        period_bound("2023-13")


@pytest.mark.parametrize(
    ("first", "last", "granularity"),
    [
        (date(2024, 1, 1), date(2024, 12, 31), "year"),
        (date(2024, 4, 1), date(2024, 6, 30), "quarter"),
        (date(2024, 2, 1), date(2024, 2, 29), "month"),
        (date(2024, 2, 3), date(2024, 2, 3), "day"),
        (date(2018, 1, 1), date(2023, 12, 31), "term"),
        (date(2024, 1, 1), date(2024, 2, 29), "term"),
        (date(2024, 1, 5), date(2024, 12, 31), "term"),
    ],
)
def test_granularity_of_dates_alone(first: date, last: date, granularity: str) -> None:
    assert granularity_of(first, last) == granularity


# --- publication time, lists, records ------------------------------------------------------


def test_published_time_is_timezone_aware_and_a_date_alone_invents_no_time() -> None:
    at, day = published_values("2021-10-09T22:48")
    assert at == datetime(2021, 10, 9, 22, 48, tzinfo=VIETNAM) and at.utcoffset() == timedelta(hours=7)
    assert day == date(2021, 10, 9)
    assert published_values("2021-10-09") == (None, date(2021, 10, 9))
    assert published_values("2021-10-09T15:48:00+00:00")[0] == at
    assert published_values("09/10/2021") == (None, None)
    assert published_values(None) == (None, None)


def test_lists_and_records() -> None:
    assert split_list("Chủ tịch; Bí thư") == ["Chủ tịch", "Bí thư"]
    assert split_list("") == [] and split_list(None) is None
    record = document_attrs({"doc_type": "Kế hoạch", "date": "2023-03-20"})
    assert record == {"doc_type": "Kế hoạch", "issuer_code": None, "date": date(2023, 3, 20)}
    assert list(record) == list(DOCUMENT_ATTRS)
    assert attrs_mapping(record) == {"doc_type": "Kế hoạch", "date": "2023-03-20"}
    assert document_attrs({}) is None
    with pytest.raises(ValueError, match="abbr"):
        document_attrs({"abbr": "CĐVC"})


# --- the data dictionary -------------------------------------------------------------------


def _documented() -> dict[str, list[tuple[str, str, str]]]:
    found: dict[str, list[tuple[str, str, str]]] = {}
    table = None
    for line in DATA_MD.read_text(encoding="utf-8").splitlines():
        if m := DOC_TABLE_RE.match(line):
            table = m["table"]
            found[table] = []
        elif (m := DOC_ROW_RE.match(line)) and table is not None:
            found[table].append((m["name"], m["arrow"], m["pandas"]))
    return found


def test_the_data_dictionary_gives_every_column_its_arrow_type(corpus_out: Path) -> None:
    """docs/data.md, the schema and the Parquet files say the same types."""
    assert DOC_ROW_RE.match("| `period_start` | `date32[day]` | `datetime64[s]` | First day |")
    documented = _documented()
    assert list(documented) == list(TABLES)
    for table in TABLES:
        specs = columns(table)
        assert [(c.name, c.arrow_name, str(c.pandas_dtype)) for c in specs] == documented[table], table
        assert all(str(c.arrow_type) == c.arrow_name for c in specs)
        stored = pq.read_schema(corpus_out / f"{table}.parquet")
        assert [(f.name, str(f.type)) for f in stored] == [(c.name, c.arrow_name) for c in specs], table
    assert {c.dtype for spec in TABLES.values() for c in spec} == set(TYPES)


# --- the tables ----------------------------------------------------------------------------


def test_loaded_tables_have_typed_columns(corpus_out: Path) -> None:
    ds = load(corpus_out)
    figures, articles, entities = ds.figures, ds.articles, ds.entities
    assert pd.to_datetime(figures.period_start).notna().sum() == figures.period_start.notna().sum() > 0
    recent = figures[figures.period_start >= "2023-01-01"]
    assert len(recent) and (recent.period_start.dt.year >= 2023).all()
    dated = figures.dropna(subset=["period_start"])
    assert (dated.period_start <= dated.period_end).all() and dated.period_granularity.notna().all()
    assert set(figures.period_granularity.dropna()) <= set(PERIOD_GRANULARITIES)
    timed = articles.dropna(subset=["published_at"])
    assert len(timed) and all(t.utcoffset() == timedelta(hours=7) for t in timed.published_at)
    assert (timed.published_at.dt.strftime("%Y-%m-%dT%H:%M") == timed.published).all()
    assert (articles.published_date.notna() == articles.published.notna()).all()
    persons = entities[entities.type == "PERSON"].explode("role")
    assert persons.role.dropna().map(type).eq(str).all() and len(persons) > (entities.type == "PERSON").sum()
    documents = entities[entities.type == "DOCUMENT"]
    assert documents["attrs"].struct.field("doc_type").notna().any()  # ["attrs"]: .attrs is pandas'
    assert entities[entities.type != "DOCUMENT"]["attrs"].isna().all()


def test_plain_pandas_polars_and_duckdb_read_the_types(corpus_out: Path) -> None:
    figures = pd.read_parquet(corpus_out / "figures.parquet")
    assert str(pd.to_datetime(figures.period_start).dtype).startswith("datetime64")
    pl = pytest.importorskip("polars")
    assert str(pl.read_parquet(corpus_out / "figures.parquet").schema["period_start"]) == "Date"
    con = duckdb.connect(str(corpus_out / "unionnews.duckdb"), read_only=True)
    try:
        types = dict(
            con.sql(
                "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns"
            ).fetchall()
        )
    finally:
        con.close()
    assert types["figures.period_start"] == "DATE" and types["figures.cues"] == "VARCHAR[]"
    assert types["articles.published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["entities.attrs"].startswith("STRUCT(doc_type VARCHAR")


def test_csv_holds_iso_text_and_json_and_reads_back(corpus_out: Path) -> None:
    ds = load(corpus_out)
    figures = pd.read_csv(corpus_out / "figures.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    dated = figures[figures.period_start != ""]
    assert dated.period_start.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert [json.loads(c) for c in figures.cues] == [list(c) for c in ds.figures.cues]
    entities = pd.read_csv(
        corpus_out / "entities.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    documents = entities[entities["attrs"] != ""]
    assert all(set(json.loads(a)) <= set(DOCUMENT_ATTRS) for a in documents["attrs"])
    articles = pd.read_csv(
        corpus_out / "articles.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    timed = articles[articles.published_at != ""]
    assert timed.published_at.str.endswith("+07:00").all()
    back = conform("figures", pd.read_csv(corpus_out / "figures.csv", encoding="utf-8-sig"))
    assert back.period_start.equals(ds.figures.period_start)


def test_text_cells_leave_plain_columns_alone() -> None:
    frame = pd.DataFrame({"a": pd.Series(["x"], dtype="string"), "n": pd.Series([1], dtype="Int64")})
    assert text_cells(frame) is frame


def test_tables_in_the_text_forms_of_earlier_versions_load_typed(tmp_path: Path) -> None:
    articles = pd.DataFrame(
        {
            "article_id": ["a1"],
            "published": ["2023-09-15T15:40"],
            "notes": ['["spam phrase removed: kèo"]'],
            "aliases": ["[]"],
        }
    )
    figures = pd.DataFrame(
        {
            "figure_id": ["f1", "f2", "f3"],
            "article_id": ["a1"] * 3,
            "period_start": ["2018", "2023-09", None],
            "period_end": ["2023", "2023-09", None],
            "cues": ["before:có=default; list_previous=awards", "", ""],
        }
    )
    entities = pd.DataFrame(
        {
            "entity_id": ["e1", "e2"],
            "article_id": ["a1"] * 2,
            "type": ["PERSON", "DOCUMENT"],
            "role": ["Chủ tịch; Bí thư", None],
            "attrs": ["{}", '{"date": "2021-06-12", "doc_type": "Nghị quyết"}'],
        }
    )
    ds = Dataset.from_tables({"articles": articles, "figures": figures, "entities": entities})
    assert ds.articles.published_at[0] == pd.Timestamp("2023-09-15T15:40:00+07:00")
    assert list(ds.articles.notes[0]) == ["spam phrase removed: kèo"] and list(ds.articles.aliases[0]) == []
    assert list(ds.figures.period_granularity) == ["term", "month", pd.NA]
    assert ds.figures.period_end[1] == pd.Timestamp("2023-09-30")
    assert list(ds.figures.cues[0]) == ["before:có=default", "list_previous=awards"]
    assert list(ds.entities.role[0]) == ["Chủ tịch", "Bí thư"] and pd.isna(ds.entities.role[1])
    assert pd.isna(ds.entities["attrs"][0]) and ds.entities["attrs"][1]["date"] == date(2021, 6, 12)
    again = Dataset.from_tables(ds.tables())  # conforming typed tables changes nothing
    for name, frame in ds.tables().items():
        pd.testing.assert_frame_equal(getattr(again, name), frame)
    out = load(write_dataset(ds.tables(), tmp_path / "out"))
    pd.testing.assert_frame_equal(out.figures, ds.figures)


def test_dates_given_without_a_granularity_get_one() -> None:
    figures = pd.DataFrame(
        {
            "figure_id": ["f1", "f2"],
            "period_start": [date(2024, 1, 1), date(2024, 4, 1)],
            "period_end": [date(2024, 12, 31), date(2024, 6, 30)],
        }
    )
    assert list(conform("figures", figures).period_granularity) == ["year", "quarter"]


def test_an_in_memory_dataset_gives_duckdb_the_same_types(corpus_out: Path) -> None:
    con = Dataset.from_tables(load(corpus_out).tables()).duckdb()
    try:
        got = dict(con.sql("SELECT column_name, data_type FROM information_schema.columns").fetchall())
        assert got["period_start"] == "DATE" and got["role"] == "VARCHAR[]"
        n = con.sql("SELECT count(*) FROM figures WHERE period_start >= DATE '2023-01-01'").fetchall()
        assert n[0][0] > 0
    finally:
        con.close()


def test_arrow_schema_is_the_dictionarys() -> None:
    for table in TABLES:
        assert [str(f.type) for f in arrow_schema(table)] == [c.arrow_name for c in columns(table)]
