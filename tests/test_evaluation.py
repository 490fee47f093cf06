"""Gold loading/validation and scoring against hand-made gold and predictions."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from unionnews.dataset import Dataset, build_tables, load, write_dataset
from unionnews.errors import GoldFormatError
from unionnews.evaluation import EvaluationReport, evaluate, load_gold
from unionnews.evaluation.gold import ISO_DATE_RE, TERM_RE
from unionnews.evaluation.score import (
    PRF,
    WHITESPACE_RE,
    document_key,
    name_key,
    starts_with_title,
    term_key,
)
from unionnews.model import Article, ArticleResult, Entity, Figure

SOURCE = "corpus/vinhphuc-cdvc-2019.txt"


def gold_obj(**overrides: Any) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "source": SOURCE,
        "title": "Hội nghị tổng kết năm 2018",
        "published": "2019-01-11",
        "province": "Vĩnh Phúc",
        "figures": [],
        "persons": [],
        "terms": [],
        "dates": [],
        "documents": [],
    }
    obj.update(overrides)
    return obj


def write_gold(folder: Path, name: str, obj: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return path


def fig(value: float, unit: str, metric: str, **kw: Any) -> Figure:
    return Figure(0, 1, kw.pop("text", "x"), value, unit, metric, **kw)


def person(name: str, role: str | None = None) -> Entity:
    return Entity("PERSON", 0, len(name), name, name, role=role)


def entity(etype: str, canonical: str) -> Entity:
    return Entity(etype, 0, 1, canonical, canonical)


def dataset(
    figures: list[Figure] = (),  # type: ignore[assignment]
    entities: list[Entity] = (),  # type: ignore[assignment]
    *,
    source: str = SOURCE,
    **article: Any,
) -> Dataset:
    fields = {
        "title": "Hội nghị  tổng kết năm 2018",
        "published": "2019-01-11T09:01:00",
        "province": "Vĩnh Phúc",
    }
    fields.update(article)
    art = Article("a1", "file:///x", "văn bản", source_path=source, **fields)
    return Dataset.from_tables(build_tables([ArticleResult(art, list(figures), list(entities))]))


def score(gold: dict[str, Any], pred: Dataset, tmp_path: Path, **kw: Any) -> EvaluationReport:
    return evaluate(load_gold(write_gold(tmp_path / "gold", "a.json", gold)), pred, **kw)


def counts(report: EvaluationReport, field: str) -> tuple[int, int, int]:
    prf = report.totals[field]
    assert isinstance(prf, PRF)
    return prf.tp, prf.fp, prf.fn


# --- regexes and keys ----------------------------------------------------------------------


def test_iso_date_re():
    assert ISO_DATE_RE.match("2019-01-11")
    assert not ISO_DATE_RE.match("11/01/2019")
    assert not ISO_DATE_RE.match("2019-01-11T09:01")


def test_term_re():
    assert TERM_RE.match("2018-2023").groups() == ("2018", "2023")  # type: ignore[union-attr]
    assert not TERM_RE.match("2018 - 2023")


def test_whitespace_re():
    assert WHITESPACE_RE.sub(" ", "Nguyễn \u00a0Văn\tA") == "Nguyễn Văn A"


def test_keys_fold_case_tone_placement_and_spacing():
    assert name_key("Nguyễn  Văn Hoà") == name_key("nguyễn văn hòa")
    assert document_key("666/QĐ - LĐLĐ") == document_key("666/qđ-lđlđ")
    assert term_key("2018 – 2023") == term_key("2018-2023")


def test_title_prefix_needs_a_word_boundary():
    assert starts_with_title(name_key("Chủ tịch LĐLĐ tỉnh"), name_key("Chủ tịch"))
    assert starts_with_title(name_key("Chủ tịch"), name_key("Chủ tịch"))
    assert not starts_with_title(name_key("Phó Chủ tịch LĐLĐ"), name_key("Chủ tịch"))
    assert not starts_with_title(name_key("Trưởng banner"), name_key("Trưởng ban"))


# --- load_gold -----------------------------------------------------------------------------


def test_load_gold_reads_a_folder_sorted_and_recursively(tmp_path: Path):
    write_gold(tmp_path / "seeds", "b.json", gold_obj(source="b.txt"))
    write_gold(tmp_path, "a.json", gold_obj(source="a.txt", terms=["2018-2023", "2018-2023"]))
    write_gold(tmp_path, "c.json", gold_obj(source="c.txt", published=None, title=None))
    gold = load_gold(tmp_path)
    assert [g.source for g in gold] == ["a.txt", "c.txt", "b.txt"]  # a.json, c.json, seeds/b.json
    assert gold[0].terms == frozenset({"2018-2023"})
    assert gold[1].published is None and gold[1].title is None
    assert gold[0].file == tmp_path / "a.json"


def test_load_gold_parses_figures_and_persons(tmp_path: Path):
    obj = gold_obj(
        figures=[
            {"text": "58/58 CĐCS", "value": 58, "total": 58, "unit": "org",
             "metric": "grassroots_unions"},
        ],
        persons=[{"name": "Nguyễn Văn An", "roles": ["Chủ tịch"]}],
    )  # fmt: skip
    [gold] = load_gold(write_gold(tmp_path, "a.json", obj))
    assert gold.figures[0].value == 58.0 and gold.figures[0].total == 58.0
    assert gold.figures[0].qualifier == "exact"  # the default
    assert gold.persons[0].roles == ("Chủ tịch",)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"figures": [{"value": 1, "unit": "org", "metric": "unions"}]}, "figures[0].metric"),
        ({"figures": [{"value": 1, "unit": "orgs", "metric": "money"}]}, "figures[0].unit"),
        ({"figures": [{"value": "1", "unit": "org", "metric": "money"}]}, "figures[0].value"),
        ({"figures": [{"value": 1, "unit": "org"}]}, "figures[0].metric"),
        (
            {"figures": [{"value": 1, "unit": "org", "metric": "money", "qualifier": "about"}]},
            "figures[0].qualifier",
        ),
        ({"figures": [{"value": 1, "unit": "VND", "metric": "money", "totl": 2}]}, "figures[0].totl"),
        ({"published": "11/01/2019"}, "published"),
        ({"published": "2019-02-30"}, "published"),
        ({"dates": ["2019-01-10", "2019-1-10"]}, "dates[1]"),
        ({"terms": ["2023-2018"]}, "terms[0]"),
        ({"persons": [{"roles": ["Chủ tịch"]}]}, "persons[0].name"),
        ({"persons": [{"name": "A", "roles": "Chủ tịch"}]}, "persons[0].roles"),
        ({"documents": "666/QĐ-LĐLĐ"}, "documents"),
        ({"document": []}, "document"),
        ({"source": ""}, "source"),
    ],
)
def test_malformed_gold_names_file_and_field(tmp_path: Path, change: dict[str, Any], field: str):
    path = write_gold(tmp_path, "bad.json", gold_obj(**change))
    with pytest.raises(GoldFormatError) as info:
        load_gold(path)
    message = str(info.value)
    assert str(path) in message
    assert f"'{field}'" in message


def test_missing_required_key_is_named(tmp_path: Path):
    obj = gold_obj()
    del obj["dates"]
    with pytest.raises(GoldFormatError, match="'dates': required key missing"):
        load_gold(write_gold(tmp_path, "a.json", obj))


def test_comment_keys_are_allowed(tmp_path: Path):
    [gold] = load_gold(write_gold(tmp_path, "a.json", gold_obj(notes="hard one", _by="an")))
    assert gold.source == SOURCE


def test_invalid_json_duplicates_and_empty_folders_are_errors(tmp_path: Path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"x\.json: not valid JSON \(line 1"):
        load_gold(bad)
    dup = tmp_path / "dup"
    write_gold(dup, "a.json", gold_obj())
    write_gold(dup, "b.json", gold_obj())
    with pytest.raises(GoldFormatError, match="already annotated"):
        load_gold(dup)
    (tmp_path / "empty").mkdir()
    with pytest.raises(GoldFormatError, match=r"no \.json"):
        load_gold(tmp_path / "empty")
    with pytest.raises(GoldFormatError, match="does not exist"):
        load_gold(tmp_path / "nowhere")


# --- figures -------------------------------------------------------------------------------


def test_figure_counts_with_duplicates_and_multiset(tmp_path: Path):
    gold = gold_obj(
        figures=[
            {"value": 84, "unit": "org", "metric": "grassroots_unions"},
            {"value": 4609, "unit": "person", "metric": "union_members"},
            {"value": 5, "unit": "person", "metric": "new_union_members"},
            {"value": 5, "unit": "person", "metric": "party_admissions"},
            {"value": 918000000, "unit": "VND", "metric": "money"},
        ]
    )
    pred = dataset(
        [
            fig(84, "org", "grassroots_unions"),
            fig(84, "org", "grassroots_unions"),  # said twice: counts once
            fig(4609, "org", "union_members"),  # wrong unit: fp, and the gold one is a fn
            fig(5, "person", "party_admissions"),  # matches one of the two gold 5s
            fig(918_000_000, "VND", "money"),
            fig(12, "gift", "gifts"),  # spurious
        ]
    )
    report = score(gold, pred, tmp_path)
    assert counts(report, "figures") == (3, 2, 2)
    assert report.scores["figures"] == pytest.approx(0.6)
    assert counts(report, "figures_metric") == (3, 2, 2)
    details = report.details(SOURCE)
    assert {(f["value"], f["unit"]) for f in details["figures"]["missed"]} == {
        (4609.0, "person"),
        (5.0, "person"),
    }
    assert {f["value"] for f in details["figures"]["spurious"]} == {4609.0, 12.0}


def test_value_tolerance_is_relative_1e_6(tmp_path: Path):
    gold = gold_obj(
        figures=[
            {"value": 95500000, "unit": "VND", "metric": "money"},
            {"value": 129.5, "unit": "percent", "metric": "percentage"},
        ]
    )
    pred = dataset([fig(95_500_000 * (1 + 5e-7), "VND", "money"), fig(129.6, "percent", "percentage")])
    assert counts(score(gold, pred, tmp_path), "figures") == (1, 1, 1)


def test_matching_prefers_equal_totals_and_scores_attributes(tmp_path: Path):
    gold = gold_obj(
        figures=[
            {"value": 58, "total": 58, "unit": "org", "metric": "grassroots_unions"},
            {"value": 58, "unit": "org", "metric": "other_count", "qualifier": "over"},
        ]
    )
    # listed so that a naive first-come matching would pair the gold 58/58 with the plain 58
    pred = dataset(
        [
            fig(58, "org", "grassroots_unions"),
            fig(58, "org", "grassroots_unions", total=58.0),
        ]
    )
    report = score(gold, pred, tmp_path)
    assert counts(report, "figures") == (2, 0, 0)
    assert report.scores["total_accuracy"] == 1.0  # the totals lined up
    assert report.scores["metric_accuracy"] == 0.5  # other_count predicted as grassroots_unions
    assert report.scores["qualifier_accuracy"] == 0.5  # "over" missed
    assert counts(report, "figures_metric") == (1, 1, 1)
    [wrong] = report.details(SOURCE)["figures"]["mismatched"]
    assert wrong["differs"] == ["metric", "qualifier"]


def test_spurious_figures_carry_spans_and_sentences(tmp_path: Path):
    pred = dataset([Figure(3, 9, "12 suất", 12, "gift", "gifts", sentence="Trao 12 suất quà.")])
    [spurious] = score(gold_obj(), pred, tmp_path).details(SOURCE)["figures"]["spurious"]
    assert (spurious["start"], spurious["end"]) == (3, 9)
    assert spurious["sentence"] == "Trao 12 suất quà."


# --- persons and roles ---------------------------------------------------------------------


def test_persons_and_role_prefix_rule(tmp_path: Path):
    gold = gold_obj(
        persons=[
            {"name": "Nguyễn Văn Hoà", "roles": ["Chủ tịch", "Bí thư"]},
            {"name": "Trần Thị Bình", "roles": ["Ủy viên Ban Thường vụ"]},
            {"name": "Lê Văn Cường", "roles": ["Giám đốc"]},
        ]
    )
    pred = dataset(
        entities=[
            # case, spacing and tone placement differ; roles spread over two mentions
            person("nguyễn  văn hòa", "Chủ tịch Liên đoàn Lao động tỉnh Vĩnh Phúc"),
            person("Nguyễn Văn Hoà", "Phó Bí thư Đảng ủy Khối"),  # not "Bí thư": fp + fn
            person("Trần Thị Bình", "Uỷ viên Ban Thường vụ Liên đoàn Lao động tỉnh"),
            person("Phạm Minh Dũng", "Chủ tịch Công đoàn cơ sở"),  # spurious person
        ]
    )
    report = score(gold, pred, tmp_path)
    assert counts(report, "persons") == (2, 1, 1)
    roles = report.totals["roles"]
    assert isinstance(roles, PRF)
    # gold pairs: 4; found: Chủ tịch, Ủy viên BTV -> 2; missed: Bí thư, Giám đốc (person missed)
    assert (roles.tp, roles.fn) == (2, 2)
    # predicted pairs of matched persons: 3, of which 2 correct; the spurious person's role
    # is not counted again
    assert roles.fp == 1
    assert roles.precision == pytest.approx(2 / 3)
    assert roles.recall == pytest.approx(0.5)
    details = report.details(SOURCE)
    assert details["persons"]["missed"] == ["Lê Văn Cường"]
    assert [p["name"] for p in details["persons"]["spurious"]] == ["Phạm Minh Dũng"]
    assert {m["title"] for m in details["roles"]["missed"]} == {"Bí thư", "Giám đốc"}


def test_roles_split_on_semicolon(tmp_path: Path):
    gold = gold_obj(persons=[{"name": "Nguyễn Văn An", "roles": ["Bí thư", "Chủ tịch"]}])
    pred = dataset(entities=[person("Nguyễn Văn An", "Chủ tịch CĐVC tỉnh; Bí thư Chi bộ")])
    assert counts(score(gold, pred, tmp_path), "roles") == (2, 0, 0)


# --- sets and article-level fields ---------------------------------------------------------


def test_terms_dates_documents_sets(tmp_path: Path):
    gold = gold_obj(
        terms=["2018-2023"],
        dates=["2019-01-10", "2021-08-27"],
        documents=["666/QĐ-LĐLĐ", "02-NQ/TW"],
    )
    pred = dataset(
        entities=[
            entity("TERM", "2018-2023"),
            entity("TERM", "2018-2023"),  # a set: counted once
            entity("DATE", "2019-01-10"),
            entity("DATE", "2020-01-01"),
            entity("DOCUMENT", "666/qđ-lđlđ"),  # case-insensitive
            entity("DOCUMENT", "02 - NQ/TW"),  # whitespace ignored
            entity("ORG", "Công đoàn Viên chức tỉnh Vĩnh Phúc"),  # not scored here
        ]
    )
    report = score(gold, pred, tmp_path)
    assert counts(report, "terms") == (1, 0, 0)
    assert counts(report, "dates") == (1, 1, 1)
    assert counts(report, "documents") == (2, 0, 0)
    assert report.details(SOURCE)["dates"] == {"missed": ["2021-08-27"], "spurious": ["2020-01-01"]}


def test_title_published_province_accuracy(tmp_path: Path):
    report = score(gold_obj(), dataset(province="Phú Thọ"), tmp_path)
    assert report.scores["title"] == 1.0  # double space collapsed
    assert report.scores["published"] == 1.0  # date part of a date-time
    assert report.scores["province"] == 0.0


def test_null_gold_fields_are_not_scored(tmp_path: Path):
    report = score(gold_obj(title=None, province=None), dataset(title=None), tmp_path)
    assert math.isnan(report.scores["title"]) and math.isnan(report.scores["province"])
    assert report.as_dict()["scores"]["title"] is None


def test_empty_fields_on_both_sides_score_one(tmp_path: Path):
    report = score(gold_obj(), dataset(), tmp_path)
    assert report.scores["documents"] == 1.0
    assert math.isnan(report.scores["metric_accuracy"])  # no matched figures to judge


# --- pairing articles ----------------------------------------------------------------------


def test_missing_gold_article_counts_everything_as_false_negative(tmp_path: Path):
    gold = gold_obj(
        source="corpus/not-extracted.txt",
        figures=[{"value": 84, "unit": "org", "metric": "grassroots_unions"}],
        persons=[{"name": "Nguyễn Văn An", "roles": ["Chủ tịch", "Bí thư"]}],
        dates=["2019-01-10"],
    )
    report = score(gold, dataset([fig(1, "org", "grassroots_unions")]), tmp_path)
    assert report.unmatched == ["corpus/not-extracted.txt"]
    assert counts(report, "figures") == (0, 0, 1)  # the unrelated prediction is not in any gold
    assert counts(report, "roles") == (0, 0, 2)
    assert counts(report, "dates") == (0, 0, 1)
    assert report.scores["published"] == 0.0
    assert "corpus/not-extracted.txt" in report.as_table()
    assert report.details("corpus/not-extracted.txt")["matched"] is None


def test_pairing_resolves_paths_against_gold_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    repo = tmp_path / "repo"
    (repo / "corpus").mkdir(parents=True)
    pred = dataset(source=str(repo / "corpus" / "a.txt"))  # absolute, as a pipeline may store
    report = score(gold_obj(source="corpus/a.txt"), pred, tmp_path, gold_root=repo)
    assert report.unmatched == []
    assert report.details("corpus/a.txt")["article_id"] == "a1"


def test_pairing_falls_back_to_unique_file_name(tmp_path: Path):
    pred = dataset(source="/elsewhere/seeds/000_3c04aa9d5d1b6c3f.txt")
    report = score(gold_obj(source="../shared/seeds/000_3c04aa9d5d1b6c3f.txt"), pred, tmp_path)
    assert report.unmatched == []


# --- the report ----------------------------------------------------------------------------


def test_report_table_dict_and_details(tmp_path: Path):
    gold = gold_obj(figures=[{"value": 84, "unit": "org", "metric": "grassroots_unions"}])
    report = score(gold, dataset([fig(84, "org", "grassroots_unions")]), tmp_path)
    table = report.as_table()
    for field in ("figures", "figures_metric", "roles", "documents", "title", "province"):
        assert any(line.startswith(field + " ") for line in table.splitlines())
    as_json = json.dumps(report.as_dict(), allow_nan=False)  # strict JSON: no NaN
    assert json.loads(as_json)["fields"]["figures"]["tp"] == 1
    assert set(report.scores) >= {"figures", "persons", "roles", "terms", "dates", "documents"}
    with pytest.raises(KeyError, match="no gold article"):
        report.details("corpus/other.txt")


def test_micro_average_over_articles(tmp_path: Path):
    write_gold(tmp_path / "g", "a.json", gold_obj(source="a.txt", dates=["2019-01-10"]))
    write_gold(tmp_path / "g", "b.json", gold_obj(source="b.txt", dates=["2019-01-11", "2019-01-12"]))
    arts = [
        ArticleResult(Article("a", "u", "t", source_path="a.txt"), [], [entity("DATE", "2019-01-10")]),
        ArticleResult(Article("b", "u", "t", source_path="b.txt"), [], [entity("DATE", "2019-01-11")]),
    ]
    report = evaluate(load_gold(tmp_path / "g"), Dataset.from_tables(build_tables(arts)))
    assert counts(report, "dates") == (2, 0, 1)
    assert report.scores["dates"] == pytest.approx(0.8)


def test_end_to_end_through_a_written_dataset(tmp_path: Path):
    gold = gold_obj(
        figures=[{"value": 84, "unit": "org", "metric": "grassroots_unions"}],
        persons=[{"name": "Nguyễn Văn An", "roles": ["Chủ tịch"]}],
    )
    pred = dataset(
        [fig(84, "org", "grassroots_unions")],
        [person("Nguyễn Văn An", "Chủ tịch Công đoàn Viên chức tỉnh Vĩnh Phúc")],
    )
    out = write_dataset(pred.tables(), tmp_path / "out")
    report = score(gold, load(out), tmp_path)
    assert report.scores["figures"] == 1.0
    assert report.scores["roles"] == 1.0


def test_range_upper_end_is_scored_where_gold_gives_one(tmp_path: Path):
    gold = gold_obj(
        figures=[
            {
                "value": 40000000,
                "value_high": 60000000,
                "unit": "VND",
                "metric": "money",
                "qualifier": "approx",
            },
            {
                "value": 50,
                "value_high": 60,
                "unit": "org",
                "metric": "grassroots_unions",
                "qualifier": "approx",
            },
            {"value": 12, "unit": "person", "metric": "union_members"},
        ]
    )
    pred = dataset(
        [
            fig(40_000_000, "VND", "money", qualifier="approx", value_high=60_000_000.0),
            fig(50, "org", "grassroots_unions", qualifier="approx"),  # upper end lost
            fig(12, "person", "union_members"),
        ]
    )
    report = score(gold, pred, tmp_path)
    assert counts(report, "figures") == (3, 0, 0)
    assert report.scores["range_accuracy"] == 0.5
    [wrong] = report.details(SOURCE)["figures"]["mismatched"]
    assert wrong["differs"] == ["value_high"] and wrong["gold"]["value_high"] == 60


def test_gold_value_high_must_be_a_number(tmp_path: Path):
    bad = gold_obj(figures=[{"value": 1, "value_high": "nhiều", "unit": "org", "metric": "other_count"}])
    path = tmp_path / "g.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"figures\[0\]\.value_high"):
        load_gold(path)


# --- subjects: grassroots units compared by their distinctive words -------------------------


def test_grassroots_units_agree_across_abbreviations_and_legal_forms():
    from unionnews.evaluation.subjects import same_subject, unit_words

    assert unit_words("cong ty co phan may hoa tho") == ("cong ty", ("may", "hoa", "tho"))
    pairs = [
        ("Công đoàn cơ sở Công ty cổ phần Gạch Trà Lĩnh", "Công đoàn Công ty CP Gạch Trà Lĩnh"),
        ("Công đoàn cơ sở Công ty TNHH MTV Chế biến Gỗ Nà Giàng", "Công đoàn Công ty Gỗ Nà Giàng"),
        ("Công đoàn cơ sở Trường Trung học phổ thông Bế Văn Đàn", "CĐCS Trường THPT Bế Văn Đàn"),
        ("Công đoàn cơ sở Trường Mầm non Sông Hiến", "Công đoàn Trường MN Sông Hiến"),
    ]
    for gold, pred in pairs:
        assert same_subject(gold, pred, "Cao Bằng") and same_subject(pred, gold, "Cao Bằng"), (gold, pred)


def test_grassroots_units_differ_by_kind_level_or_distinctive_words():
    from unionnews.evaluation.subjects import same_subject

    pairs = [
        ("Công đoàn cơ sở Trường Tiểu học Sông Hiến", "Công đoàn Trường THCS Sông Hiến"),  # school level
        ("Công đoàn cơ sở Bệnh viện Sông Hiến", "Công đoàn Công ty CP Sông Hiến"),  # kind of unit
        ("Công đoàn cơ sở Công ty", "Công đoàn Công ty CP Gạch Trà Lĩnh"),  # no distinctive word
        ("Công đoàn cơ sở Công ty TNHH Gạch Trà Lĩnh", "Công đoàn Công ty TNHH Gạch Hòa An"),
    ]
    for gold, pred in pairs:
        assert not same_subject(gold, pred, "Cao Bằng"), (gold, pred)
        assert not same_subject(pred, gold, "Cao Bằng"), (gold, pred)
