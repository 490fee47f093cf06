"""datapackage.json stays valid: frictionless validates the sample corpus's dataset and one
extracted with a user's own metric, rows, vocabularies and keys included; the package states
its keys, licence and sources."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import unionnews
from unionnews.dataset import DatasetWriter, build_arrow_tables, lexicon_vocabulary, validate_package
from unionnews.dataset.package import LICENSES, sources
from unionnews.model import METRICS, UNITS
from unionnews.options import ExtractOptions
from unionnews.runner import run_extract

frictionless = pytest.importorskip("frictionless")

ROOT = Path(__file__).resolve().parents[1]

#: A user's metric file, as docs/metrics.md shows one: a metric of their own.
USER_METRICS = """
[[head]]
words = ["lượt tư vấn pháp luật", "lượt tư vấn"]
unit = "event"
metric = "legal_consultations"
cues = false

[[head]]
words = ["buổi đối thoại"]
unit = "meeting"
metric = "dialogues"
cues = false
"""

#: An article that uses the user's metric.
USER_ARTICLE = """Liên đoàn Lao động tỉnh Nghệ An tư vấn pháp luật cho người lao động

Năm 2024, Liên đoàn Lao động tỉnh Nghệ An thực hiện 350 lượt tư vấn pháp luật cho đoàn viên và \
người lao động tại các khu công nghiệp.

Các buổi tư vấn tập trung vào hợp đồng lao động, tiền lương, bảo hiểm xã hội và an toàn vệ sinh \
lao động; nhiều vướng mắc của người lao động đã được giải đáp ngay tại chỗ.
"""


def _problems(report: frictionless.Report) -> list[tuple[str, str, str]]:
    """(resource, error type, note) of every error of a validation report."""
    found = [("package", e.type, e.note) for e in report.errors]
    return found + [(task.name, e.type, e.note) for task in report.tasks for e in task.errors]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("package") / "out"
    unionnews.extract([ROOT / "corpus"], out=out, formats=("csv", "jsonl"))
    return out


@pytest.fixture(scope="module")
def with_user_metric(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("user")
    corpus = folder / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / "nghean-tuvan-phapluat.txt").write_text(USER_ARTICLE, encoding="utf-8")
    metrics = folder / "my_metrics.toml"
    metrics.write_text(USER_METRICS, encoding="utf-8")
    out = folder / "out"
    run_extract([corpus], out, ExtractOptions(progress=False, metrics=str(metrics), formats=("csv",)))
    return out, metrics


def test_the_sample_dataset_is_a_valid_package(sample: Path) -> None:
    report = validate_package(sample)
    assert report.valid, _problems(report)
    assert {task.name for task in report.tasks} >= {"articles", "figures-csv", "entities-jsonl"}


def test_frictionless_validate_on_the_command_line(sample: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "datapackage.json", "--json"],
        cwd=sample,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert json.loads(done.stdout)["valid"] is True


def test_a_dataset_with_a_user_metric_is_a_valid_package(with_user_metric: tuple[Path, Path]) -> None:
    out, _ = with_user_metric
    figures = unionnews.load(out).figures
    assert "legal_consultations" in set(figures.metric)  # the user's metric is in the rows
    report = validate_package(out)
    assert report.valid, _problems(report)
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in _resource(package, "figures")["schema"]["fields"]}
    enum = fields["metric"]["constraints"]["enum"]
    assert enum[: len(METRICS)] == list(METRICS) and "legal_consultations" in enum


def test_the_lexicon_of_the_run_gives_the_vocabulary(
    with_user_metric: tuple[Path, Path], tmp_path: Path
) -> None:
    """A writer given the run's lexicon lists every metric and unit of the user's file, even
    one no row holds ("dialogues" in "meeting")."""
    _, metrics = with_user_metric
    vocabulary = lexicon_vocabulary(metrics)
    assert {"legal_consultations", "dialogues"} <= set(vocabulary["metric"])
    assert "meeting" in vocabulary["unit"] and "default" not in vocabulary["metric"]
    packaged = lexicon_vocabulary()
    assert set(packaged["metric"]) <= set(METRICS) and set(packaged["unit"]) <= set(UNITS)
    with DatasetWriter(tmp_path / "out", duckdb=False, vocabulary=vocabulary) as writer:
        writer.add(build_arrow_tables([]))
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in _resource(package, "figures")["schema"]["fields"]}
    assert "dialogues" in fields["metric"]["constraints"]["enum"]
    units = fields["unit"]["constraints"]["enum"]
    assert units[: len(UNITS)] == list(UNITS) and "meeting" in units
    assert validate_package(tmp_path / "out").valid


def _resource(package: dict, name: str) -> dict:
    return next(r for r in package["resources"] if r["name"] == name)


def test_keys_licence_and_sources(sample: Path) -> None:
    package = json.loads((sample / "datapackage.json").read_text(encoding="utf-8"))
    keys = {r["name"]: r["schema"].get("primaryKey") for r in package["resources"]}
    assert keys["articles"] == ["article_id"] and keys["figures-csv"] == ["figure_id"]
    assert keys["entities"] == ["entity_id"]
    for name, target in (
        ("figures", "articles"),
        ("entities-csv", "articles-csv"),
        ("dropped-jsonl", "articles-jsonl"),
    ):
        foreign = _resource(package, name)["schema"]["foreignKeys"]
        assert foreign[0] == {
            "fields": "article_id",
            "reference": {"resource": target, "fields": "article_id"},
        }
    # a part points to its whole in the same resource
    assert _resource(package, "figures-csv")["schema"]["foreignKeys"][1] == {
        "fields": "part_of",
        "reference": {"resource": "figures-csv", "fields": "figure_id"},
    }
    assert package["licenses"] == [dict(entry) for entry in LICENSES]
    assert "publishers" in package["licenses"][0]["title"] and "MIT" in package["licenses"][0]["title"]
    assert package["unionnews"]["license"] == "MIT"
    titles = [s["title"] for s in package["sources"]]
    assert any(t.startswith("local files") for t in titles) and all(
        "path" in s for s in package["sources"][:-1]
    )
    # an empty table's JSON Lines file is not listed: frictionless cannot read one
    assert "errors-jsonl" not in {r["name"] for r in package["resources"]}


def test_sources_name_each_site_once() -> None:
    assert sources(["b.vn", "a.vn", "b.vn"]) == [
        {"title": "a.vn", "path": "https://a.vn/"},
        {"title": "b.vn", "path": "https://b.vn/"},
    ]


def _copy(sample: Path, tmp_path: Path) -> Path:
    out = tmp_path / "copy"
    shutil.copytree(sample, out)
    return out


def _rewrite_csv(path: Path, column: str, value: str) -> None:
    """Set ``column`` of the first row of a dataset CSV (UTF-8 with BOM) to ``value``."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0][column] = value
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    ("column", "value", "error"),
    [
        ("article_id", "no-such-article", "foreign-key"),
        ("metric", "members", "constraint-error"),
        ("period_start", "2024", "type-error"),
        ("cues", "not json", "type-error"),
    ],
)
def test_validation_catches_what_breaks_the_contract(
    sample: Path, tmp_path: Path, column: str, value: str, error: str
) -> None:
    out = _copy(sample, tmp_path)
    _rewrite_csv(out / "figures.csv", column, value)
    report = validate_package(out)
    assert not report.valid
    assert {(name, kind) for name, kind, _ in _problems(report)} == {("figures-csv", error)}
