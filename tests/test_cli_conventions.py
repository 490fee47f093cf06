"""The conventions every command keeps (issue 13, item 4).

* -q and -v go before or after the command's name; -q leaves out summaries (a run that
  fails still says why, errors still show, exit statuses do not change); -v and -vv open
  the package's info and debug logs.
* No input found is a warning and status 1, naming what is read.
* The help, the warning and the README list every kind of input that discovery reads.
* ``compare --format table|csv|json``: Vietnamese number format in the table only.
* ``export --format xlsx``: an Excel workbook, one sheet per table, read back here.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import logging
import re
import re._constants as sre_constants
import re._parser as sre_parser
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import click
import pandas as pd
import pytest
from click.testing import CliRunner, Result

import unionnews
from unionnews.analysis import compare
from unionnews.analysis.export import (
    XLSX_CELL_MAX,
    XLSX_COLUMNS_SHEET,
    XLSX_CUT_NOTE,
    XLSX_ILLEGAL_RE,
    XLSX_SHEET_NAME_RE,
    XLSX_WORKBOOK,
    export_dataset,
    export_table,
    plain_number,
    write_csv_for_excel,
    write_plain,
)
from unionnews.cli import PACKAGE_LOGGER, _configure_logging, main
from unionnews.dataset import TABLES, Dataset
from unionnews.inputs.discover import ARCHIVE_SUFFIX_RE, KINDS, TABLE_SUFFIX_RE, list_inputs
from unionnews.options import INPUT_KINDS, input_kinds

ROOT = Path(__file__).resolve().parents[1]
ONE_PAGE = ROOT / "corpus" / "quangnam-cdvc-tongket.txt"
#: A number as the terminal table prints it, with Vietnamese thousands dots: "183.420", "16.905".
VIETNAMESE_THOUSANDS_RE = re.compile(r"\b\d{1,3}(?:\.\d{3})+\b")
#: A plain number as csv and json give it: "183420", "-2.15".
PLAIN_NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?")


def test_the_number_patterns() -> None:
    assert VIETNAMESE_THOUSANDS_RE.findall("Nghệ An 183.420 và 16.905; 2023") == ["183.420", "16.905"]
    assert PLAIN_NUMBER_RE.fullmatch("183420") and PLAIN_NUMBER_RE.fullmatch("-2.15")
    assert not PLAIN_NUMBER_RE.fullmatch("183.420,5") and not PLAIN_NUMBER_RE.fullmatch("1e+16")


@pytest.fixture(autouse=True)
def _logging_restored() -> Iterator[None]:
    """The CLI configures logging for the process: put it back as it was after each test."""
    root = logging.getLogger()
    package = logging.getLogger(PACKAGE_LOGGER)
    handlers, level, package_level = root.handlers[:], root.level, package.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    package.setLevel(package_level)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return unionnews.extract([ROOT / "corpus"], out=tmp_path_factory.mktemp("corpus") / "out")


# --- -q and -v, before or after the command's name ----------------------------------------------


def _commands() -> list[tuple[str, click.Command]]:
    assert isinstance(main, click.Group)
    return sorted(main.commands.items())


@pytest.mark.parametrize(("name", "command"), _commands(), ids=[n for n, _ in _commands()])
def test_every_command_takes_quiet_and_verbose_after_its_name(name: str, command: click.Command) -> None:
    opts = {o for p in command.params for o in p.opts}
    assert {"-q", "--quiet", "-v", "--verbose"} <= opts, name
    shown = invoke(name, "--help").output
    assert "--quiet" in shown and "--verbose" in shown


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_before_or_after_extract_leaves_out_the_summary(tmp_path: Path, where: str) -> None:
    args = ["extract", str(ONE_PAGE), "--out", str(tmp_path / "o")]
    result = invoke(*(["-q", *args] if where == "before" else [*args, "-q"]))
    assert result.exit_code == 0, result.output
    assert result.stderr == "" and result.stdout == ""
    loud = invoke(*args)
    assert loud.exit_code == 0 and "1 articles" in loud.stderr


def test_quiet_still_says_what_failed_and_keeps_the_exit_status(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = invoke("extract", str(ONE_PAGE), str(empty), "--out", str(tmp_path / "o"), "-q")
    assert result.exit_code == 1
    assert "failed: " in result.stderr and "empty.txt" in result.stderr
    assert "articles (" not in result.stderr  # the summary is left out


def test_errors_show_under_quiet_with_their_usual_status(tmp_path: Path) -> None:
    missing = invoke("extract", str(tmp_path / "nothing"), "--out", str(tmp_path / "o"), "-q")
    assert missing.exit_code == 2 and "nothing" in missing.stderr
    report = invoke("crawl-report", str(tmp_path), "-q")
    assert report.exit_code == 2 and "no crawl.sqlite" in report.stderr


def test_quiet_after_sites_and_compare_leaves_out_their_notes(dataset: Dataset) -> None:
    none = ["sites", "--province", "Cao Bằng", "--cms", "wordpress"]
    assert invoke(*none, "-q").output == ""
    assert "no sites match" in invoke(*none).stderr
    quiet = invoke("compare", str(dataset.path), "--metric", "union_members", "-q")
    assert quiet.exit_code == 0 and quiet.stderr == "" and "Nghệ An" in quiet.stdout
    loud = invoke("compare", str(dataset.path), "--metric", "union_members")
    assert "rows, 0 with conflicts" in loud.stderr


def _folder_with_a_page_and_a_pdf(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bai.txt").write_bytes(ONE_PAGE.read_bytes())
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    return folder


def test_verbose_after_the_name_shows_info_and_twice_debug(tmp_path: Path) -> None:
    folder = _folder_with_a_page_and_a_pdf(tmp_path)
    plain = invoke("extract", str(folder), "--out", str(tmp_path / "o0"))
    assert "INFO " not in plain.stderr and "DEBUG " not in plain.stderr
    info = invoke("extract", str(folder), "--out", str(tmp_path / "o1"), "-v")
    assert info.exit_code == 0, info.output
    assert "INFO unionnews.dataset.writers: dataset written" in info.stderr
    assert "DEBUG " not in info.stderr
    debug = invoke("-v", "extract", str(folder), "--out", str(tmp_path / "o2"), "-v")  # counts add up
    assert "DEBUG unionnews.inputs.discover: skipping" in debug.stderr and "scan.pdf" in debug.stderr


def test_verbose_logs_each_input_and_twice_each_stage(tmp_path: Path) -> None:
    info = invoke("extract", str(ONE_PAGE), "--out", str(tmp_path / "o"), "-v")
    assert any("quangnam-cdvc-tongket.txt" in line for line in info.stderr.splitlines() if "INFO" in line)
    debug = invoke("extract", str(ONE_PAGE), "--out", str(tmp_path / "o2"), "-vv")
    assert any("figures" in line for line in debug.stderr.splitlines() if line.startswith("DEBUG"))


@pytest.mark.parametrize(
    ("verbose", "quiet", "root", "package"),
    [
        (0, False, logging.WARNING, logging.NOTSET),
        (1, False, logging.WARNING, logging.INFO),
        (2, False, logging.WARNING, logging.DEBUG),
        (3, False, logging.DEBUG, logging.DEBUG),
        (2, True, logging.ERROR, logging.NOTSET),
    ],
)
def test_verbosity_opens_the_package_logs_and_other_libraries_only_at_three(
    verbose: int, quiet: bool, root: int, package: int
) -> None:
    _configure_logging(verbose, quiet)
    assert logging.getLogger().level == root
    assert logging.getLogger(PACKAGE_LOGGER).level == package


# --- no input found ---------------------------------------------------------------------------


@pytest.mark.parametrize("content", [[], ["notes.pdf", "photo.jpg", ".hidden.txt"]])
@pytest.mark.parametrize("quiet", [[], ["-q"]])
def test_no_input_found_warns_with_what_is_read_and_exits_1(
    tmp_path: Path, content: list[str], quiet: list[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in content:
        (folder / name).write_bytes(b"x")
    result = invoke("extract", str(folder), "--out", str(tmp_path / "o"), *quiet)
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert f"no input files in {folder}" in said and input_kinds() in said
    assert not (tmp_path / "o").exists()


# --- every kind of input, in the help, the warning and the README ---------------------------------


def _strings(pattern: re.Pattern[str]) -> set[str]:
    """Every string a finite pattern matches, in lower case (anchors left out)."""

    def walk(items: Any) -> set[str]:
        found = {""}
        for op, arg in items:
            if op is sre_constants.AT:
                continue
            if op is sre_constants.LITERAL:
                options = {chr(arg).lower()}
            elif op is sre_constants.IN:
                assert all(kind is sre_constants.LITERAL for kind, _ in arg), arg
                options = {chr(c).lower() for _, c in arg}
            elif op is sre_constants.SUBPATTERN:
                options = walk(arg[-1])
            elif op is sre_constants.BRANCH:
                options = set().union(*(walk(b) for b in arg[1]))
            elif op is sre_constants.MAX_REPEAT:
                low, high, sub = arg
                assert high <= 2, "an unbounded repeat matches no finite set"
                once = walk(sub)
                options = {""} if low == 0 else set()
                options |= once if high >= 1 else set()
                options |= {a + b for a in once for b in once} if high == 2 else set()
            else:
                raise AssertionError(f"not a finite pattern: {op}")
            found = {f + o for f in found for o in options}
        return found

    return walk(sre_parser.parse(pattern.pattern, pattern.flags))


def test_strings_of_a_finite_pattern() -> None:
    assert _strings(re.compile(r"\.w?arc(?:\.gz)?$", re.I)) == {".arc", ".warc", ".arc.gz", ".warc.gz"}
    assert _strings(re.compile(r"^(?:ab|[cd])e$")) == {"abe", "ce", "de"}


LISTED = {suffix for _, suffixes in INPUT_KINDS for suffix in suffixes}


def test_the_listed_input_kinds_are_what_discovery_reads(tmp_path: Path) -> None:
    accepted = set(KINDS) | _strings(ARCHIVE_SUFFIX_RE) | _strings(TABLE_SUFFIX_RE)
    assert accepted == LISTED
    for i, suffix in enumerate(sorted(LISTED)):  # and a folder walk takes each, in any case
        (tmp_path / f"a{i}{suffix}").write_bytes(b"x")
        (tmp_path / f"b{i}{suffix.upper()}").write_bytes(b"x")
    for other in ("c.pdf", "d.xml", "e.gz", "f.html.gz", "g.xlsx", "h.warc.bz2", ".hidden.txt"):
        (tmp_path / other).write_bytes(b"x")
    found = list_inputs([tmp_path])
    assert len(found) == 2 * len(LISTED)
    assert all(isinstance(p, Path) and p.name[0] in "ab" for p in found)


def test_extract_help_lists_every_input_kind() -> None:
    shown = " ".join(invoke("extract", "--help").output.split())
    for kind, suffixes in INPUT_KINDS:
        assert f"{kind} ({', '.join(suffixes)})" in shown


def test_the_readme_lists_every_input_kind() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [suffix for suffix in sorted(LISTED) if f"`{suffix}`" not in readme]
    assert not missing


# --- compare --format table|csv|json --------------------------------------------------------------


def test_compare_prints_a_table_by_default_with_vietnamese_numbers(dataset: Dataset) -> None:
    bare = invoke("compare", str(dataset.path), "--metric", "union_members")
    table = invoke("compare", str(dataset.path), "--metric", "union_members", "--format", "table")
    assert bare.exit_code == 0 and bare.stdout == table.stdout
    assert "183.420" in bare.stdout and "> 470.000" in bare.stdout


def test_compare_csv_on_stdout_has_every_column_and_plain_numbers(dataset: Dataset) -> None:
    result = invoke("compare", str(dataset.path), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert not result.stdout.startswith("\ufeff")  # a BOM is for files Excel opens, not for pipes
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = compare(dataset)
    assert list(rows[0]) == list(expected.columns) and len(rows) == len(expected)
    for column in ("value", "value_high", "total", "year", "n_sources", "n_articles"):
        cells = [row[column] for row in rows if row[column]]
        assert all(PLAIN_NUMBER_RE.fullmatch(c) for c in cells), (column, cells)
    assert not any(VIETNAMESE_THOUSANDS_RE.search(row["values"]) for row in rows)
    members = [r for r in rows if r["province"] == "Nghệ An" and r["metric"] == "union_members"]
    assert {r["value"] for r in members} >= {"183420"}
    assert {r["conflict"] for r in rows} <= {"TRUE", "FALSE"}
    back = pd.read_csv(io.StringIO(result.stdout))
    assert back["value"].tolist() == pytest.approx(expected["value"].astype(float).tolist())


def test_compare_json_on_stdout_has_numbers_as_numbers(dataset: Dataset) -> None:
    result = invoke("compare", str(dataset.path), "--metric", "money", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and all(isinstance(r["value"], int | float) and isinstance(r["conflict"], bool) for r in rows)
    assert 85_000_000_000 in [r["value"] for r in rows]
    assert all(r["value_high"] is None or isinstance(r["value_high"], int | float) for r in rows)


def test_compare_machine_formats_of_an_empty_table(dataset: Dataset) -> None:
    args = ["compare", str(dataset.path), "--conflicts-only", "--metric", "awards"]
    assert json.loads(invoke(*args, "--format", "json").stdout) == []
    header = invoke(*args, "--format", "csv").stdout
    assert header.splitlines() == [",".join(compare(dataset).columns)]


def test_compare_format_and_out_do_not_go_together(dataset: Dataset, tmp_path: Path) -> None:
    result = invoke("compare", str(dataset.path), "--format", "csv", "--out", str(tmp_path / "c.csv"))
    assert result.exit_code == 2 and "give one of them" in result.stderr
    assert not (tmp_path / "c.csv").exists()


@pytest.mark.parametrize(
    ("value", "plain"),
    [
        (183420.0, "183420"),
        (2.15, "2.15"),
        (-1500.5, "-1500.5"),
        (85e9, "85000000000"),
        (1e16, "10000000000000000"),
        (1e-05, "0.00001"),
        (-0.0, "0"),
        (float("inf"), "inf"),
    ],
)
def test_plain_numbers(value: float, plain: str) -> None:
    assert plain_number(value) == plain


def _mixed_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "value": pd.array([183420.0, 2.15, None], dtype="Float64"),
            "n": pd.array([1, None, 3], dtype="Int64"),
            "ok": pd.array([True, False, None], dtype="boolean"),
            "text": ['Nghệ An, "LĐLĐ"', None, "=1+1"],
            "day": [date(2023, 6, 15), None, date(2024, 1, 1)],
            "roles": [["chủ tịch", "phó chủ tịch"], [], None],
        }
    )


def test_write_plain_csv_and_json() -> None:
    out = io.StringIO()
    write_plain(_mixed_frame(), out, "csv")
    assert out.getvalue().splitlines() == [
        "value,n,ok,text,day,roles",
        '183420,1,TRUE,"Nghệ An, ""LĐLĐ""",2023-06-15,"[""chủ tịch"", ""phó chủ tịch""]"',
        "2.15,,FALSE,,,[]",
        ",3,,=1+1,2024-01-01,",
    ]
    out = io.StringIO()
    write_plain(_mixed_frame(), out, "json")
    assert json.loads(out.getvalue()) == [
        {"value": 183420, "n": 1, "ok": True, "text": 'Nghệ An, "LĐLĐ"', "day": "2023-06-15",
         "roles": ["chủ tịch", "phó chủ tịch"]},
        {"value": 2.15, "n": None, "ok": False, "text": None, "day": None, "roles": []},
        {"value": None, "n": 3, "ok": None, "text": "=1+1", "day": "2024-01-01", "roles": None},
    ]  # fmt: skip
    assert len(out.getvalue().splitlines()) == 5  # one object a line, between the brackets
    with pytest.raises(ValueError, match="csv or json"):
        write_plain(_mixed_frame(), io.StringIO(), "table")


def test_the_csv_export_writes_plain_numbers_too(tmp_path: Path) -> None:
    frame = pd.DataFrame({"value": pd.array([85e9, 2.15, None], dtype="Float64")})
    text = write_csv_for_excel(frame, tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[:3] == ["value", "85000000000", "2.15"]


# --- export --format xlsx -------------------------------------------------------------------------


def test_the_xlsx_patterns() -> None:
    assert XLSX_ILLEGAL_RE.findall("a\x00b\x1fc\td\ne\ud800\uffff") == ["\x00", "\x1f", "\ud800", "\uffff"]
    assert XLSX_SHEET_NAME_RE.sub("_", "a/b[1]:c*?\\") == "a_b_1__c___"


def test_export_xlsx_writes_one_workbook_with_a_sheet_per_table(dataset: Dataset, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    written = export_dataset(dataset, tmp_path / "x", formats=("xlsx",))
    assert [p.name for p in written] == [XLSX_WORKBOOK, "datapackage.json"]
    book = load_workbook(tmp_path / "x" / XLSX_WORKBOOK, read_only=True)
    assert book.sheetnames == [*TABLES, "compare", XLSX_COLUMNS_SHEET]
    frames = {name: getattr(dataset, name) for name in TABLES} | {"compare": compare(dataset)}
    for name, frame in frames.items():
        rows = list(book[name].iter_rows(values_only=True))
        assert list(rows[0]) == list(frame.columns), name
        assert len(rows) == len(frame) + 1, name
    book.close()
    figures = pd.read_excel(tmp_path / "x" / XLSX_WORKBOOK, sheet_name="figures")
    assert figures["value"].tolist() == pytest.approx(
        dataset.figures["value"].astype(float).tolist(), nan_ok=True
    )
    assert figures["text"].tolist() == dataset.figures["text"].tolist()
    articles = pd.read_excel(tmp_path / "x" / XLSX_WORKBOOK, sheet_name="articles")
    assert articles["text"].tolist() == dataset.articles["text"].tolist()  # every text under Excel's limit
    columns = pd.read_excel(tmp_path / "x" / XLSX_WORKBOOK, sheet_name=XLSX_COLUMNS_SHEET)
    assert len(columns) == sum(len(f.columns) for f in frames.values())
    assert columns["description"].notna().all()
    package = json.loads((tmp_path / "x" / "datapackage.json").read_text(encoding="utf-8"))
    sheets = [(r["path"], r["dialect"]["excel"]["sheet"]) for r in package["resources"]]
    assert sheets == [(XLSX_WORKBOOK, name) for name in frames]


def test_an_export_in_every_format_is_a_valid_data_package(dataset: Dataset, tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    export_dataset(dataset, tmp_path / "x", formats=("xlsx", "csv", "parquet", "dta"))
    report = frictionless.validate(tmp_path / "x" / "datapackage.json")
    assert report.valid, report.flatten(["name", "type", "note"])[:5]


def test_every_xlsx_row_spans_the_header(tmp_path: Path) -> None:
    """The streaming writer leaves empty cells out: a row that ends in nulls still ends in a
    cell, so readers that go by the cells see every column."""
    from openpyxl import load_workbook

    frame = pd.DataFrame({"a": [1, None], "b": ["x", None], "c": [None, None]})
    sheet = load_workbook(export_table(frame, tmp_path / "t.xlsx"), read_only=True)["t"]
    assert list(sheet.iter_rows(values_only=True)) == [("a", "b", "c"), (1, "x", None), (None, None, None)]


def test_xlsx_cells_keep_what_they_are(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    vietnam = timezone(timedelta(hours=7))
    frame = pd.DataFrame(
        {
            "text": ["=SUM(A1:A2)", "#N/A", "a\x00b", "x" * (XLSX_CELL_MAX + 10), None],
            "when": [datetime(2024, 1, 2, 3, 4, 5, tzinfo=vietnam), None, None, None, None],
            "day": [date(2023, 6, 15), None, None, None, None],
            "roles": [["chủ tịch"], {"a": 1}, None, None, None],
            "value": pd.array([1.5, None, 3.0, float("inf"), 4.0], dtype="Float64"),
            "n": pd.array([1, None, 3, 4, 5], dtype="Int64"),
            "ok": pd.array([True, None, False, True, False], dtype="boolean"),
        }
    )
    path = export_table(frame, tmp_path / "t.xlsx")
    sheet = load_workbook(path)["t"]
    rows = list(sheet.iter_rows(min_row=2))
    assert [(c.value, c.data_type) for c in (rows[0][0], rows[1][0])] == [("=SUM(A1:A2)", "s"), ("#N/A", "s")]
    assert rows[2][0].value == "a\ufffdb"
    long = rows[3][0].value
    assert len(long) == XLSX_CELL_MAX and long.endswith(XLSX_CUT_NOTE)
    assert rows[0][1].value == "2024-01-02T03:04:05+07:00"  # Excel has no time zones: kept as text
    assert rows[0][2].value == datetime(2023, 6, 15)  # an Excel date
    assert [r[3].value for r in rows[:3]] == ['["chủ tịch"]', '{"a": 1}', None]
    assert [r[4].value for r in rows] == [1.5, None, 3, "inf", 4]
    assert [r[5].value for r in rows] == [1, None, 3, 4, 5]
    assert [r[6].value for r in rows] == [True, None, False, True, False]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert not list(tmp_path.glob(".*partial"))


def test_a_table_longer_than_a_sheet_is_refused_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importlib.import_module("unionnews.analysis.export"), "XLSX_MAX_ROWS", 3)
    with pytest.raises(ValueError, match="export it as csv or parquet"):
        export_table(pd.DataFrame({"a": range(3)}), tmp_path / "t.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_export_and_compare_write_xlsx_from_the_command_line(dataset: Dataset, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    result = invoke("export", str(dataset.path), "--out", str(tmp_path / "x"), "--format", "xlsx", "-q")
    assert result.exit_code == 0 and result.stderr == "", result.output
    assert load_workbook(tmp_path / "x" / XLSX_WORKBOOK, read_only=True).sheetnames[-2:] == [
        "compare",
        XLSX_COLUMNS_SHEET,
    ]
    result = invoke("compare", str(dataset.path), "--out", str(tmp_path / "c.xlsx"))
    assert result.exit_code == 0 and "rows -> " in result.stderr
    back = pd.read_excel(tmp_path / "c.xlsx", sheet_name="compare")
    assert len(back) == len(compare(dataset)) and 183420 in back["value"].tolist()


def test_an_aware_timestamp_column_goes_to_xlsx_as_text(tmp_path: Path) -> None:
    stamps = pd.Series(["2024-01-12T08:00:00+07:00", None])
    frame = pd.DataFrame({"published_at": pd.to_datetime(stamps, utc=True)})
    back = pd.read_excel(export_table(frame, tmp_path / "t.xlsx"), sheet_name="t")
    assert back["published_at"].tolist()[0] == datetime(2024, 1, 12, 1, 0, tzinfo=UTC).isoformat()


def _typed_frame() -> pd.DataFrame:
    """Columns as a typed dataset has them: Arrow dates and lists, an aware time, a record."""
    import pyarrow as pa

    vietnam = timezone(timedelta(hours=7))
    return pd.DataFrame(
        {
            "day": pd.array([date(2023, 6, 15), None], dtype=pd.ArrowDtype(pa.date32())),
            "published_at": pd.Series([datetime(2024, 1, 12, 8, tzinfo=vietnam), None]).astype(
                "datetime64[ns, UTC+07:00]"
            ),
            "roles": pd.array([["chủ tịch", "ủy viên"], None], dtype=pd.ArrowDtype(pa.list_(pa.string()))),
            "attrs": [{"issuer": None, "doc_type": "QĐ"}, None],
            "value": pd.array([183420.0, None], dtype="Float64"),
        }
    )


def test_typed_columns_go_to_csv_and_stata_as_iso_and_json_text(tmp_path: Path) -> None:
    expected = ["2023-06-15", "2024-01-12T08:00:00+07:00", '["chủ tịch", "ủy viên"]', '{"doc_type": "QĐ"}']
    back = pd.read_csv(export_table(_typed_frame(), tmp_path / "t.csv"), encoding="utf-8-sig", dtype=str)
    assert back.iloc[0, :4].tolist() == expected and back.iloc[0, 4] == "183420"
    assert back.iloc[1, :4].isna().all()
    with pd.io.stata.StataReader(export_table(_typed_frame(), tmp_path / "t.dta")) as reader:
        stata = reader.read()
    assert stata.iloc[0, :4].tolist() == expected and stata.iloc[1, :4].tolist() == [""] * 4
    out = io.StringIO()
    write_plain(_typed_frame(), out, "json")
    assert json.loads(out.getvalue())[0] == {
        "day": "2023-06-15",
        "published_at": "2024-01-12T08:00:00+07:00",
        "roles": ["chủ tịch", "ủy viên"],
        "attrs": {"doc_type": "QĐ"},
        "value": 183420,
    }


def test_typed_columns_go_to_xlsx_as_excel_dates_and_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(export_table(_typed_frame(), tmp_path / "t.xlsx"))["t"]
    first = [c.value for c in next(sheet.iter_rows(min_row=2))]
    assert first == [
        datetime(2023, 6, 15),
        "2024-01-12T08:00:00+07:00",
        '["chủ tịch", "ủy viên"]',
        '{"doc_type": "QĐ"}',
        183420,
    ]
    kinds = {
        r[1].value: r[2].value for r in load_workbook(tmp_path / "t.xlsx")["columns"].iter_rows(min_row=2)
    }
    assert kinds == {
        "day": "date",
        "published_at": "datetime",
        "roles": "array",
        "attrs": "object",
        "value": "number",
    }


@pytest.mark.parametrize(
    ("fmt", "types"),
    [
        ("parquet", ["date", "datetime", "any", "object", "number"]),
        ("csv", ["date", "datetime", "array", "object", "number"]),
        ("dta", ["string", "string", "string", "string", "number"]),
    ],
)
def test_the_data_dictionary_types_typed_columns_as_each_format_holds_them(
    fmt: str, types: list[str]
) -> None:
    from unionnews.analysis.export import _frictionless_type

    frame = _typed_frame()
    assert [_frictionless_type(frame[c], fmt) for c in frame.columns] == types
