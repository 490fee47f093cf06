"""The table of every gold set: which sets it scores and what it prints."""

import json
from pathlib import Path

import pytest

from unionnews.evaluation.sets import AWAITING_FIRST_RUN, gold_sets, main

ROOT = Path(__file__).resolve().parents[1]


def _set(root: Path, name: str, readme: str, gold: bool = True) -> None:
    (root / "tests" / name / "articles").mkdir(parents=True)
    (root / "tests" / name / "gold").mkdir(parents=True)
    (root / "tests" / name / "README.md").write_text(readme, "utf-8")
    if gold:
        (root / "tests" / name / "gold" / "a.json").write_text("{}", "utf-8")


def test_blind_sets_awaiting_their_first_run_are_scored_only_by_name(tmp_path):
    repo = tmp_path / "repo"
    _set(repo, "heldout", "## First run (blind)\n\nfigures F1 0.98")
    _set(repo, "heldout2", f"## First run (blind)\n\n{AWAITING_FIRST_RUN}: scores …)")
    _set(repo, "heldout10", "being written", gold=False)
    _set(repo, "heldout11", "")
    (repo / "tests" / "heldout11" / "README.md").unlink()  # gold written, notebook not yet
    assert [s.name for s in gold_sets(repo)] == ["heldout"]  # no corpus gold in this tree either
    assert [s.name for s in gold_sets(repo, ["heldout2"])] == ["heldout2"]
    with pytest.raises(SystemExit, match="no such gold set"):
        gold_sets(repo, ["heldout99"])


def test_the_table_scores_a_set_end_to_end(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "reports.json"
    assert main(["corpus", "--json", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].split()[:3] == ["set", "fig", "metric"]
    row = printed[1].split()
    assert row[0] == "corpus" and 0.9 <= float(row[1]) <= 1.0
    report = json.loads(out.read_text("utf-8"))["corpus"]
    assert report["articles"]["unmatched"] == [] and report["scores"]["figures"] >= 0.95
    assert "metric:union_members" in report["fields"]
