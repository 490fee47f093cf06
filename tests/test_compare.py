"""Comparative tables: period keys, agreement, selection rules, conflicts, copies, exports, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import unionnews
from unionnews.analysis import COMPARE_COLUMNS, Agreement, CompareOptions, compare, period_key
from unionnews.analysis.export import export_dataset, export_table, stata_name
from unionnews.cli_analysis import compare_command, export_command
from unionnews.dataset import Dataset
from unionnews.lexicon import successor_2025

ROOT = Path(__file__).resolve().parents[1]
LDLD = "Liên đoàn Lao động tỉnh Nghệ An"


# --- a hand-built dataset ----------------------------------------------------------------------


def _article(aid: str, published: str | None, province: str = "Nghệ An", duplicate_of: str | None = None):
    return {
        "article_id": aid,
        "url": f"https://example.vn/{aid}",
        "published": published,
        "province": province,
        "province_2025": successor_2025(province),
        "duplicate_of": duplicate_of,
        "text": "…",
    }


def _figure(
    fid: str,
    aid: str,
    value: float,
    *,
    metric: str = "union_members",
    unit: str = "person",
    qualifier: str = "exact",
    start: str | None = "2023",
    end: str | None = "2023",
    subject: str = LDLD,
    province: str = "Nghệ An",
    value_high: float | None = None,
):
    return {
        "figure_id": fid,
        "article_id": aid,
        "metric": metric,
        "value": value,
        "value_high": value_high,
        "unit": unit,
        "qualifier": qualifier,
        "period_start": start,
        "period_end": end,
        "subject": subject,
        "province": province,
        "province_2025": successor_2025(province),
        "text": f"{value:g} đoàn viên",
        "sentence": f"Toàn tỉnh có {value:g} đoàn viên.",
        "start": 0,
        "end": 1,
    }


def _dataset(articles: list[dict], figures: list[dict]) -> Dataset:
    return Dataset.from_tables({"articles": pd.DataFrame(articles), "figures": pd.DataFrame(figures)})


def _one(table: pd.DataFrame, **where: object) -> pd.Series:
    rows = table
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# --- period keys -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "label", "year", "kind"),
    [
        ("2023", "2023", "2023", 2023, "year"),
        ("2023-06-15", "2023-06-15", "2023", 2023, "day"),
        ("2022-12", "2022-12", "2022", 2022, "month"),
        ("2023", "2023-09-15", "2023", 2023, "part"),
        ("2018", "2023", "2018-2023", None, "range"),
        ("2019", None, "2019", 2019, "year"),
    ],
)
def test_period_key_by_year(start, end, label, year, kind):
    key = period_key(start, end, "2024-01-01")
    assert key is not None
    assert (key.label, key.year, key.kind, key.stated) == (label, year, kind, True)


def test_period_key_without_a_period_uses_the_publication_year_or_drops():
    key = period_key(None, None, "2021-01-08T14:20")
    assert key is not None and (key.label, key.kind, key.stated) == ("2021", "published", False)
    assert period_key(None, None, "2021-01-08", undated="drop") is None
    assert period_key(None, None, None) is None


def test_period_key_exact_granularity_keeps_the_written_period():
    assert period_key("2023-06-15", "2023-06-15", None, granularity="exact").label == "2023-06-15"
    assert period_key("2018", "2023", None, granularity="exact").label == "2018/2023"
    with pytest.raises(ValueError, match="granularity"):
        period_key("2023", "2023", None, granularity="month")  # type: ignore[arg-type]


# --- agreement ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "qa", "b", "qb", "unit", "agree"),
    [
        (183420, "exact", 180000, "over", "person", True),  # "hơn 180.000"
        (180000, "exact", 183420, "exact", "person", True),  # a round number rounds
        (183420, "exact", 180000, "approx", "person", True),  # "khoảng 180 nghìn"
        (5412, "exact", 5413, "exact", "person", False),  # neither is round: they differ
        (5412, "exact", 6100, "exact", "person", False),
        (2_100_000_000, "exact", 2_150_000_000, "exact", "VND", True),  # 2,1 tỷ
        (250_000, "over", 183_420, "exact", "person", False),  # "hơn 250.000" is not 183.420
        (9500, "under", 9300, "exact", "person", True),  # "gần 9.500"
        (9500, "under", 9612, "exact", "person", False),
        (100, "exact", 98, "exact", "percent", False),
        (96, "exact", 96.4, "exact", "percent", True),
        (10, "exact", 11, "exact", "org", False),  # small round numbers are not blurred
    ],
)
def test_agreement_of_rounded_and_hedged_figures(a, qa, b, qb, unit, agree):
    rules = Agreement()
    assert rules.agree(a, qa, b, qb, unit=unit) is agree
    assert rules.agree(b, qb, a, qa, unit=unit) is agree


def test_a_range_agrees_with_values_inside_it():
    rules = Agreement()
    assert rules.agree(50, "approx", 57, "exact", unit="org", high_a=60)
    assert not rules.agree(50, "approx", 75, "exact", unit="org", high_a=60)


def test_agreement_rejects_shares_outside_zero_one():
    with pytest.raises(ValueError, match="rounding"):
        Agreement(rounding=2)


# --- conflicts ---------------------------------------------------------------------------------


def test_two_articles_with_different_values_for_one_period_conflict():
    ds = _dataset(
        [_article("a", "2023-06-01"), _article("b", "2023-12-20")],
        [_figure("f1", "a", 5412), _figure("f2", "b", 6100)],
    )
    row = _one(compare(ds), metric="union_members", period="2023")
    assert bool(row.conflict)
    assert row.value == 6100 and row.article_id == "b"  # the latest article wins
    assert (row.n_articles, row.n_sources, row.n_figures) == (2, 1, 2)
    assert row["values"] == "5412; 6100"
    assert row.figure_ids.split("; ") == ["f2", "f1"]
    assert row.urls.split("; ") == ["https://example.vn/b", "https://example.vn/a"]


def test_rounded_and_hedged_values_support_each_other_and_exact_wins():
    ds = _dataset(
        [_article("a", "2023-06-01"), _article("b", "2023-12-20"), _article("c", "2023-09-01")],
        [
            _figure("f1", "a", 183420),
            _figure("f2", "b", 180000, qualifier="over"),  # later, but vaguer
            _figure("f3", "c", 180000, qualifier="approx"),
        ],
    )
    row = _one(compare(ds), metric="union_members")
    assert not bool(row.conflict)
    assert row.value == 183420 and row.qualifier == "exact" and row.article_id == "a"
    assert row.n_sources == 3


def test_different_as_of_dates_are_growth_not_conflict():
    ds = _dataset(
        [_article("a", "2023-06-15"), _article("b", "2023-09-15")],
        [
            _figure("f1", "a", 183420, start="2023-06-15", end="2023-06-15"),
            _figure("f2", "b", 190100, start="2023-09-15", end="2023-09-15"),
        ],
    )
    row = _one(compare(ds), metric="union_members", period="2023")
    assert not bool(row.conflict) and row.value == 190100 and row.period_kind == "day"


def test_figures_without_a_stated_period_never_conflict():
    ds = _dataset(
        [_article("a", "2023-03-01"), _article("b", "2023-10-01")],
        [_figure("f1", "a", 500, start=None, end=None), _figure("f2", "b", 900, start=None, end=None)],
    )
    row = _one(compare(ds), metric="union_members")
    assert not bool(row.conflict) and row.period_kind == "published" and row.value == 900


def test_several_values_in_one_article_are_parts_not_a_conflict():
    ds = _dataset(
        [_article("a", "2022-11-22")],
        [
            _figure("f1", "a", 11, metric="houses", unit="house"),
            _figure("f2", "a", 37, metric="houses", unit="house"),
        ],
    )
    row = _one(compare(ds), metric="houses")
    assert not bool(row.conflict) and row.value == 37 and row["values"] == "11; 37"


# --- selection rules ---------------------------------------------------------------------------


def test_a_stated_period_beats_a_later_article_without_one():
    ds = _dataset(
        [_article("a", "2023-03-01"), _article("b", "2023-12-01")],
        [_figure("f1", "a", 1126, start="2023", end="2023"), _figure("f2", "b", 1500, start=None, end=None)],
    )
    row = _one(compare(ds), metric="union_members")
    assert row.value == 1126 and row.period_kind == "year"


def test_latest_article_then_most_specific_period_then_largest_value():
    ds = _dataset(
        [_article("old", "2023-01-10"), _article("new", "2023-11-10")],
        [
            _figure("f1", "old", 999, start="2023-01-10", end="2023-01-10"),  # specific, but older
            _figure("f2", "new", 700, start="2023", end="2023"),
            _figure("f3", "new", 800, start="2023-11-01", end="2023-11-01"),  # same article, a day
            _figure("f4", "new", 750, start="2023-11-01", end="2023-11-01"),  # same day, smaller
        ],
    )
    row = _one(compare(ds), metric="union_members")
    assert row.figure_id == "f3"
    assert row.figure_ids.split("; ")[0] == "f3"


def test_ties_are_broken_by_figure_id_so_the_choice_is_reproducible():
    ds = _dataset([_article("a", "2023-01-10")], [_figure("z9", "a", 5), _figure("a1", "a", 5)])
    assert _one(compare(ds), metric="union_members").figure_id == "a1"


# --- copies ------------------------------------------------------------------------------------


def test_copies_never_count_as_support_or_conflict():
    ds = _dataset(
        [
            _article("orig", "2021-01-08"),
            _article("copy", "2021-01-09", duplicate_of="orig"),
            _article("copy2", "2021-02-01", duplicate_of="copy"),  # a copy of a copy
        ],
        [
            _figure("f1", "orig", 5412, start="2021", end="2021"),
            _figure("f2", "copy", 5412, start="2021", end="2021"),
            _figure("f3", "copy2", 9999, start="2021", end="2021"),  # spam-edited copy
        ],
    )
    row = _one(compare(ds), metric="union_members")
    assert (row.n_sources, row.n_articles, row.n_figures, row.n_copies) == (1, 1, 1, 2)
    assert not bool(row.conflict) and row.figure_ids == "f1" and row.value == 5412


def test_a_copy_whose_original_is_not_in_the_dataset_stands_for_it():
    ds = _dataset([_article("copy", "2021-01-09", duplicate_of="gone")], [_figure("f1", "copy", 5412)])
    row = _one(compare(ds), metric="union_members")
    assert (row.n_sources, row.n_copies) == (1, 0)


# --- provinces across the 2025 merger ----------------------------------------------------------


def test_both_province_names_are_present_and_can_group_the_table():
    ds = _dataset(
        [_article("a", "2023-01-01", "Vĩnh Phúc"), _article("b", "2023-01-01", "Phú Thọ")],
        [
            _figure("f1", "a", 100, subject="LĐLĐ tỉnh Vĩnh Phúc", province="Vĩnh Phúc"),
            _figure("f2", "b", 200, subject="LĐLĐ tỉnh Phú Thọ", province="Phú Thọ"),
        ],
    )
    by_old = compare(ds)
    assert set(by_old["province"]) == {"Vĩnh Phúc", "Phú Thọ"} and set(by_old["province_2025"]) == {"Phú Thọ"}
    merged = compare(ds, by="province_2025", by_subject=False)
    row = _one(merged, metric="union_members")
    assert row.province_2025 == "Phú Thọ" and row.province == "Phú Thọ; Vĩnh Phúc"
    assert bool(row.conflict)  # two bodies merged: documented as what by_subject=False does


def test_rows_come_in_vietnamese_alphabetical_order():
    ds = _dataset(
        [_article("a", "2023-01-01", "Bình Dương"), _article("b", "2023-01-01", "Bắc Kạn")],
        [_figure("f1", "a", 1, province="Bình Dương"), _figure("f2", "b", 2, province="Bắc Kạn")],
    )
    assert list(compare(ds)["province"]) == ["Bắc Kạn", "Bình Dương"]


# --- options -----------------------------------------------------------------------------------


def test_options_are_validated_and_metrics_checked():
    ds = _dataset([_article("a", "2023-01-01")], [_figure("f1", "a", 1)])
    with pytest.raises(ValueError, match="unknown metric"):
        compare(ds, metrics=["members"])
    with pytest.raises(ValueError, match="by must be"):
        CompareOptions(by="district")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unknown option"):
        compare(ds, metric="union_members")
    assert compare(ds, metrics=["money"]).empty
    assert list(compare(ds, metrics="union_members")["metric"]) == ["union_members"]


def test_undated_figures_can_be_dropped():
    ds = _dataset([_article("a", "2023-01-01")], [_figure("f1", "a", 1, start=None, end=None)])
    assert len(compare(ds)) == 1 and compare(ds, undated="drop").empty


def test_dtypes_of_the_table():
    ds = _dataset([_article("a", "2023-01-01")], [_figure("f1", "a", 1)])
    table = compare(ds)
    assert str(table["conflict"].dtype) == "boolean" and str(table["n_sources"].dtype) == "Int64"
    assert list(table.columns) == [name for name, _, _ in COMPARE_COLUMNS]
    assert compare(ds, metrics=["money"]).columns.equals(table.columns)


# --- the bundled corpus ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return unionnews.extract([ROOT / "corpus"], out=tmp_path_factory.mktemp("corpus") / "out")


def test_bundled_corpus_series_have_sources_and_flag_only_the_real_conflict(corpus_dataset: Dataset):
    table = compare(corpus_dataset)
    assert not table.empty and table["province"].notna().all() and table["province_2025"].notna().all()
    # Nghệ An's 2023 new members: 8.950 in the preliminary December report, 9.214 in the final
    # January review; the latest is chosen and the row is flagged. Nothing else disagrees.
    conflicts = table[table["conflict"]]
    assert list(zip(conflicts.province, conflicts.metric, conflicts.period, strict=True)) == [
        ("Nghệ An", "new_union_members", "2023")
    ]
    assert conflicts.iloc[0].value == 9214
    # where the two reports agree, both support the value
    agreed = _one(table, province="Nghệ An", metric="new_grassroots_unions", period="2023")
    assert (agreed.value, agreed.n_sources, bool(agreed.conflict)) == (61, 2, False)
    nghe_an = _one(table, province="Nghệ An", metric="union_members", period="2023")
    assert nghe_an.value == 183420 and nghe_an.url.startswith("file://")
    assert corpus_dataset.figures.set_index("figure_id").loc[nghe_an.figure_id, "text"] == nghe_an.text
    # the Quảng Nam article is in the corpus twice (a content-farm copy): counted once
    quang_nam = _one(table, province="Quảng Nam", metric="union_members")
    assert (quang_nam.value, quang_nam.n_sources, quang_nam.n_copies) == (5412, 1, 1)
    assert quang_nam.province_2025 == "Đà Nẵng"


# --- exports -----------------------------------------------------------------------------------


def _small_table() -> pd.DataFrame:
    ds = _dataset(
        [_article("a", "2023-06-01"), _article("b", "2023-12-20")],
        [_figure("f1", "a", 5412), _figure("f2", "b", 6100)],
    )
    return compare(ds)


def test_csv_export_has_a_bom_and_excel_friendly_values(tmp_path: Path):
    path = export_table(_small_table(), tmp_path / "compare.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "Liên đoàn Lao động tỉnh Nghệ An" in text and ",TRUE," in text
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert back.loc[0, "value"] == 6100


def test_stata_export_keeps_vietnamese_labels_and_limits(tmp_path: Path):
    table = _small_table()
    table.loc[0, "sentence"] = "Đoàn viên " * 400  # over Stata's 2045-byte str limit
    path = export_table(table, tmp_path / "compare.dta")
    with pd.io.stata.StataReader(path) as reader:
        data = reader.read()
        labels = reader.variable_labels()
        data_label = reader.data_label
    assert data.loc[0, "subject"] == LDLD and data.loc[0, "sentence"].startswith("Đoàn viên")
    assert data.loc[0, "conflict"] == 1 and pd.isna(data.loc[0, "value_high"])
    assert labels["n_sources"].startswith("Original articles") and all(len(v) <= 80 for v in labels.values())
    assert "province" in data_label


def test_stata_names_avoid_reserved_words():
    assert stata_name("end") == "end_" and stata_name("in") == "in_" and stata_name("9x") == "_9x"
    assert stata_name("a" * 40) == "a" * 32


def test_parquet_export_keeps_types(tmp_path: Path):
    path = export_table(_small_table(), tmp_path / "compare.parquet")
    back = pd.read_parquet(path)
    assert back["conflict"].dtype == bool or str(back["conflict"].dtype) == "boolean"
    assert str(back["n_sources"].dtype) in ("Int64", "int64")


def test_export_refuses_to_write_into_the_dataset(corpus_dataset: Dataset):
    assert corpus_dataset.path is not None
    with pytest.raises(ValueError, match="another folder"):
        export_dataset(corpus_dataset, corpus_dataset.path)


def test_unknown_export_format_says_what_to_use(tmp_path: Path):
    with pytest.raises(ValueError, match=r"\.csv, \.dta, \.parquet or \.xlsx"):
        export_table(_small_table(), tmp_path / "compare.ods")


def test_dataset_export_writes_every_table_and_a_data_dictionary(tmp_path: Path, corpus_dataset: Dataset):
    written = export_dataset(corpus_dataset, tmp_path / "x", formats=("dta", "csv"))
    names = {p.name for p in written}
    for table in ("articles", "figures", "entities", "errors", "compare"):
        assert {f"{table}.dta", f"{table}.csv"} <= names
    package = json.loads((tmp_path / "x" / "datapackage.json").read_text(encoding="utf-8"))
    figures_dta = next(r for r in package["resources"] if r["path"] == "figures.dta")
    fields = {f["name"]: f for f in figures_dta["schema"]["fields"]}
    assert "end_" in fields and "end" not in fields  # the name Stata sees
    assert "union_members" in fields["metric"]["constraints"]["enum"]
    with pd.io.stata.StataReader(tmp_path / "x" / "articles.dta") as reader:
        articles = reader.read()
    assert articles["text"].str.contains("đoàn viên").any()


# --- CLI ---------------------------------------------------------------------------------------


def test_compare_command_prints_and_writes(tmp_path: Path, corpus_dataset: Dataset):
    runner = CliRunner()
    shown = runner.invoke(compare_command, [str(corpus_dataset.path), "--metric", "union_members"])
    assert shown.exit_code == 0, shown.output
    assert "Nghệ An" in shown.output and "183.420" in shown.output
    out = tmp_path / "c.csv"
    written = runner.invoke(
        compare_command, [str(corpus_dataset.path), "--out", str(out), "--by", "province_2025"]
    )
    assert written.exit_code == 0, written.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    none = runner.invoke(compare_command, [str(corpus_dataset.path), "--conflicts-only"])
    assert none.exit_code == 0


def test_compare_command_prints_the_unit_so_rows_do_not_look_like_duplicates(corpus_dataset: Dataset):
    # Quảng Nam's CĐVC gave 18 collectives and 35 individuals awards in 2020: two rows, two units
    result = CliRunner().invoke(compare_command, [str(corpus_dataset.path), "--metric", "awards"])
    assert result.exit_code == 0, result.output
    header = result.output.splitlines()[0].split()
    assert header[:6] == ["province", "subject", "metric", "unit", "measure", "period"]
    rows = [line.split() for line in result.output.splitlines() if "Quảng Nam" in line and " 2020 " in line]
    at = [row.index("awards") for row in rows]  # … metric unit (no measure) period value …
    assert sorted((row[i + 1], row[i + 3]) for row, i in zip(rows, at, strict=True)) == [
        ("org", "18"),
        ("person", "35"),
    ]


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--by", "province_2025"],
        ["--no-by-subject"],
        ["--by", "province_2025", "--no-by-subject"],
        ["--granularity", "exact"],
    ],
)
def test_no_two_printed_rows_have_the_same_key_columns(corpus_dataset: Dataset, args: list[str]):
    from unionnews.cli_analysis import _key_columns, _shown

    by = "province_2025" if "province_2025" in args else "province"
    table = compare(
        corpus_dataset,
        by=by,
        by_subject="--no-by-subject" not in args,
        granularity="exact" if "exact" in args else "year",
    )
    shown = _shown(table, by)
    keys = shown[_key_columns(by)].astype(str)
    assert not keys.duplicated().any(), shown[keys.duplicated(keep=False)]
    result = CliRunner().invoke(compare_command, [str(corpus_dataset.path), *args])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split()[0] == by  # the grouping column comes first


def test_printed_subjects_are_cut_only_where_that_keeps_them_apart():
    from unionnews.cli_analysis import SUBJECT_WIDTH, _key_columns, _shown

    long_a = "Công đoàn cơ sở Trường Trung học phổ thông chuyên Phan Bội Châu"
    long_b = "Công đoàn cơ sở Trường Trung học phổ thông chuyên Phan Bội Châu cơ sở 2"
    other = "Công đoàn cơ sở Công ty cổ phần may xuất khẩu Nghệ An số một"
    ds = _dataset(
        [_article("a", "2023-01-01")],
        [
            _figure("f1", "a", 60, subject=long_a),
            _figure("f2", "a", 45, subject=long_b),
            _figure("f3", "a", 300, subject=other),
        ],
    )
    shown = _shown(compare(ds))
    assert set(shown["subject"]) == {long_a, long_b, other[: SUBJECT_WIDTH - 1] + "…"}
    assert not shown[_key_columns()].astype(str).duplicated().any()


def test_compare_command_errors_say_what_to_do(tmp_path: Path):
    missing = CliRunner().invoke(compare_command, [str(tmp_path / "nothing")])
    assert missing.exit_code != 0 and "unionnews extract" in missing.output


def test_export_command_writes_stata(tmp_path: Path, corpus_dataset: Dataset):
    result = CliRunner().invoke(
        export_command,
        [str(corpus_dataset.path), "--out", str(tmp_path / "st"), "--format", "dta", "--table", "figures"],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "st").iterdir()) == [
        "compare.dta",
        "datapackage.json",
        "figures.dta",
    ]


def test_linear_conflict_check_matches_the_pairwise_definition():
    """_conflict compares each interval with the highest start elsewhere: the same as 'a pair disagrees'."""
    import random

    from unionnews.analysis.compare import _Candidate, _conflict

    rng = random.Random(4)
    stated = period_key("2023", "2023", None)
    assert stated is not None
    for _ in range(400):
        cands = []
        for i in range(rng.randint(1, 6)):
            low = rng.choice([0, 5, 10, 20])
            cands.append(
                _Candidate(
                    figure_id=f"f{i}", root=rng.choice("abc"), value=low, value_high=None, total=None,
                    qualifier="exact", unit="person", period_start="2023", period_end="2023", period=stated,
                    published="2023", url=None, text=None, sentence=None, province=None,
                    low=low, high=low + rng.choice([0, 4, 12]),
                )
            )  # fmt: skip
        pairwise = any(
            a.root != b.root and not (a.low <= b.high and b.low <= a.high)
            for i, a in enumerate(cands)
            for b in cands[i + 1 :]
        )
        assert _conflict(cands) is pairwise
