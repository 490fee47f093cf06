"""Start-up: what ``import unionnews``, ``unionnews --help`` and a small extract import, and
the Arrow tables a run writes without pandas.

The import checks run in a fresh interpreter each (``sys.modules`` of this one is full), with
the CLI's ``main()`` called under ``sys.argv`` and its ``SystemExit`` caught.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pytest

import unionnews
from unionnews.dataset import DatasetWriter, build_arrow_tables, build_tables
from unionnews.dataset.arrow import column_array
from unionnews.dataset.schema import TABLES, arrow_schema
from unionnews.dataset.tables import _PENDING
from unionnews.dataset.typed import VIETNAM
from unionnews.model import Article, ArticleResult, DocumentError, DroppedLine, Entity, Figure

ROOT = Path(__file__).resolve().parent.parent
#: Libraries that take long to import and that neither the help nor the package itself need.
HEAVY = ("pandas", "pyarrow", "duckdb", "trafilatura", "underthesea", "matplotlib")
#: Prints, as JSON, which of the modules named in argv[1] (comma-separated) were imported by
#: running the CLI with the arguments after it.
CLI_SCRIPT = """
import json, sys
watched = sys.argv[1].split(",")
sys.argv = ["unionnews", *sys.argv[2:]]
from unionnews.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in watched if m in sys.modules)))
"""


def imported_by_cli(*args: str, watched: tuple[str, ...] = HEAVY, cwd: Path = ROOT) -> list[str]:
    """Which of ``watched`` a fresh interpreter imports to run ``unionnews ARGS``."""
    done = subprocess.run(
        [sys.executable, "-c", CLI_SCRIPT, ",".join(watched), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_import_unionnews_loads_no_heavy_library() -> None:
    code = "import json, sys, unionnews; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules = set(json.loads(done.stdout))
    assert not modules & set(HEAVY)
    # nor the extractor: the public names are imported when first used
    assert not {"unionnews.pipeline", "unionnews.runner", "unionnews.analysis"} & modules


@pytest.mark.parametrize(
    "command",
    ["", "extract", "compare", "export", "evaluate", "sites", "crawl-report", "crawl", "run"],
)
def test_help_loads_no_heavy_library(command: str) -> None:
    assert imported_by_cli(*command.split(), "--help") == []


def test_help_of_main_and_extract_loads_neither_the_crawl_nor_the_extractor() -> None:
    watched = ("unionnews.crawl", "unionnews.runner", "unionnews.pipeline", "requests", "tqdm")
    assert imported_by_cli("--help", watched=watched) == []
    assert imported_by_cli("extract", "--help", watched=watched) == []


def test_text_extract_loads_neither_matplotlib_nor_trafilatura_nor_pandas(tmp_path: Path) -> None:
    """A .txt file needs no HTML reader (trafilatura), no plots, and its tables are written
    from Arrow (no pandas); without a DuckDB file, no duckdb."""
    source = ROOT / "corpus" / "quangnam-cdvc-tongket.txt"
    out = tmp_path / "out"
    watched = ("matplotlib", "trafilatura", "pandas", "duckdb", "unionnews.analysis")
    found = imported_by_cli("-q", "extract", str(source), "--out", str(out), "--no-duckdb", watched=watched)
    assert found == []
    assert (out / "manifest.json").is_file()
    assert not (out / "unionnews.duckdb").exists()


def test_public_names_resolve_lazily() -> None:
    from unionnews import compare, extract_facts

    assert compare is sys.modules["unionnews.analysis.compare"].compare
    assert extract_facts is sys.modules["unionnews.pipeline"].extract_facts
    assert unionnews.load is sys.modules["unionnews.dataset.load"].load  # the function, not its module
    assert set(unionnews.__all__) <= set(dir(unionnews))
    assert unionnews.__version__ == "0.1.0"
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = unionnews.nothing


# --- Arrow tables without pandas -------------------------------------------------------------


def _article(i: int, **changes: object) -> Article:
    art = Article(
        article_id=f"a{i}",
        url=f"https://ldld.example.gov.vn/tin/{i}.html",
        text="Công đoàn có 84 CĐCS với 4.609 đoàn viên.",
        title="Đại hội",
        province="Vĩnh Phúc",
        province_2025="Phú Thọ",
        notes=["charset guessed: cp1258"] if i % 2 else [],
        aliases=[f"https://ldld.example.gov.vn/?p={i}"] if i % 3 == 1 else [],
        published=("2024-01-12T10:20", "2016-01-28", None)[i % 3],
        dropped=[DroppedLine(1, "Trang chủ > Tin tức", "breadcrumb", prose=bool(i % 3))],
    )
    for name, value in changes.items():
        setattr(art, name, value)
    return art


def _figure(i: int, **changes: object) -> Figure:
    fig = Figure(i, i + 2, "84", 84.0 + i, "org", "grassroots_unions", total=None if i % 2 else 90.0)
    fig.period_start, fig.period_end = (
        ("2024", "2024"),
        ("2018", "2023"),
        ("2023-09", "2023-09"),
        (None, None),
    )[i % 4]
    fig.cues = "before:có=default; list_previous=awards" if i % 2 else ""
    for name, value in changes.items():
        setattr(fig, name, value)
    return fig


def _results(n_figures: int = 3, figure_changes: Mapping[str, object] | None = None) -> list[ArticleResult]:
    entity = Entity(
        "DOCUMENT", 0, 9, "666/QĐ-LĐLĐ", "666/QĐ-LĐLĐ", attrs={"doc_type": "QĐ", "date": "2024-01-02"}
    )
    plain = Entity("LOC", 10, 14, "Huế", "Huế")
    person = Entity("PERSON", 15, 20, "Lê An", "Lê An", role="Chủ tịch LĐLĐ; Bí thư Chi bộ")
    return [
        ArticleResult(
            _article(i),
            [_figure(j, **(figure_changes or {})) for j in range(n_figures)],
            [entity, plain, person],
        )
        for i in range(3)
    ]


def _assert_same_tables(results: list[ArticleResult], errors: Sequence[DocumentError] = ()) -> None:
    """build_arrow_tables gives what pa.Table.from_pandas of build_tables gives."""
    frames = build_tables(results, errors, run_at="2026-01-01T00:00:00+00:00")
    arrows = build_arrow_tables(results, errors, run_at="2026-01-01T00:00:00+00:00")
    for table in TABLES:
        expected = pa.Table.from_pandas(frames[table], schema=arrow_schema(table), preserve_index=False)
        assert arrows[table].schema.equals(arrow_schema(table)), table
        assert arrows[table].equals(expected), table


def test_arrow_tables_equal_the_pandas_ones() -> None:
    errors = [DocumentError("a.txt", "read", "Unreadable", "gone")]
    _assert_same_tables(_results(), errors)
    _assert_same_tables([])


def test_arrow_tables_equal_the_pandas_ones_past_the_pending_rows() -> None:
    _assert_same_tables(_results(n_figures=_PENDING + 7))


@pytest.mark.parametrize(
    "changes",
    [
        {"value": float("nan")},  # a null in nullable Float64
        {"value": 7},  # an int in a float column: read as 7.0
        {"value": 2**60},  # too large for float64 to hold exactly: pandas converts
        {"start": 2**60},  # an offset past 2**53: pandas converts
        {"subject": 12},  # not a string: pandas turns it into "12"
        {"value_high": math.inf, "period_start": None, "fact_id": None},
    ],
)
def test_unusual_values_convert_as_pandas_converts_them(changes: dict[str, object]) -> None:
    _assert_same_tables(_results(figure_changes=changes))


@pytest.mark.parametrize(
    ("values", "dtype", "arrow_type"),
    [
        (["a", None, "", "Đồng chí", None], "string", pa.string()),
        (["a", "b"], "string", pa.string()),
        ([], "string", pa.string()),
        ([1, None, -(2**53), 0], "Int64", pa.int64()),
        ([None, None], "Int64", pa.int64()),
        ([1.5, None, -0.0, math.inf], "Float64", pa.float64()),
        ([True, None, False] * 5, "boolean", pa.bool_()),
        ([False] * 9, "boolean", pa.bool_()),
        ([date(2024, 1, 1), None, date(1969, 12, 31)], "date", pa.date32()),
        ([datetime(2023, 9, 15, 15, 40, tzinfo=VIETNAM), None], "timestamp", pa.timestamp("ms", tz="+07:00")),
        ([["Chủ tịch", "Bí thư"], None, [], ["Đ"]], "list", pa.list_(pa.field("element", pa.string()))),
        ([], "list", pa.list_(pa.field("element", pa.string()))),
        (
            [{"doc_type": "Kế hoạch", "issuer_code": None, "date": date(2023, 3, 20)}, None],
            "attrs",
            arrow_schema("entities").field("attrs").type,
        ),
    ],
)
def test_column_arrays_equal_pyarrows(values: list[object], dtype: str, arrow_type: pa.DataType) -> None:
    built = column_array(values, dtype)
    assert built is not None
    assert built.type == arrow_type
    assert built.equals(pa.array(values, type=arrow_type))
    assert built.null_count == values.count(None)


def test_column_array_leaves_what_it_cannot_lay_out_to_pyarrow() -> None:
    assert column_array(["ok", "lone \udcf4 surrogate"], "string") is None
    assert column_array([datetime(2023, 9, 15, 15, 40)], "timestamp") is None  # no zone
    assert column_array([["a", 1]], "list") is None
    assert column_array([{"doc_type": "QĐ"}], "attrs") is None  # not every field
    assert column_array([float("nan"), 1.0], "Float64").to_pylist() == [None, 1.0]  # type: ignore[union-attr]


def test_writer_writes_the_same_files_from_arrow_and_from_pandas(tmp_path: Path) -> None:
    results = _results(n_figures=40)
    stamp = "2026-01-01T00:00:00+00:00"
    for name, build in (("pandas", build_tables), ("arrow", build_arrow_tables)):
        with DatasetWriter(tmp_path / name, formats=("csv", "jsonl"), duckdb=False) as writer:
            writer.add(build(results, run_at=stamp))
    for table in TABLES:
        for fmt in ("parquet", "csv", "jsonl"):
            file = f"{table}.{fmt}"
            assert (tmp_path / "arrow" / file).read_bytes() == (tmp_path / "pandas" / file).read_bytes(), file


def test_writer_refuses_an_arrow_table_of_another_schema(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="does not have the schema"), DatasetWriter(tmp_path / "out") as w:
        w.add({"errors": pa.table({"source": ["a.txt"]})})
    assert not (tmp_path / "out").exists()
