"""Pinned evaluation floors: extraction quality on the gold sets may not drop below them.

The floors are the issue's acceptance targets; the scores measured when they were
pinned are in the README. A failure here names the field that dropped.
"""

from pathlib import Path

import pytest

import unionnews
from unionnews.evaluation import evaluate, load_gold
from unionnews.evaluation.sets import GoldSet, awaiting_first_run

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"

FLOORS = {
    "figures": 0.95,
    "metric_accuracy": 0.90,
    "qualifier_accuracy": 0.97,
    "persons": 0.95,
    "roles": 0.95,
    "terms": 0.95,
    "dates": 0.95,
    "documents": 0.95,
    "title": 1.0,
    "published": 1.0,
    "province": 1.0,
}


def _scores(inputs: Path, gold_dir: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    monkeypatch.chdir(ROOT)  # gold sources are relative to the repository root
    dataset = unionnews.extract([inputs])
    report = evaluate(load_gold(gold_dir), dataset, gold_root=ROOT)
    assert not report.as_dict()["articles"]["unmatched"]
    return report.scores


def _check(scores: dict[str, float]) -> None:
    low = {f: round(scores[f], 3) for f, floor in FLOORS.items() if not scores[f] >= floor}
    assert not low, f"below the pinned floors {FLOORS}: {low}"


def test_sample_corpus_meets_the_floors(monkeypatch):
    _check(_scores(ROOT / "corpus", ROOT / "tests" / "gold" / "corpus", monkeypatch))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds not available")
def test_seed_articles_meet_the_floors(monkeypatch):
    _check(_scores(SEEDS, ROOT / "tests" / "gold" / "seeds", monkeypatch))


HELDOUT_SETS = [
    "heldout",
    "heldout2",
    "heldout3",
    "heldout4",
    "heldout5",
    "heldout6",
    "heldout7",
    "heldout8",
    "heldout9",
    "heldout10",
    "heldout11",
    "heldout12",
    "heldout13",
    "heldout14",
    "heldout15",
    "heldout16",
    "heldout17",
    "heldout18",
    "heldout19",
    "heldout20",
    "heldout21",
]


@pytest.mark.parametrize("name", HELDOUT_SETS)
def test_heldout_sets_are_scored(name: str, monkeypatch):
    """The held-out sets (written blind; see their READMEs for what was tuned on them since)
    are gated below the targets: a drop this large means a rule broke generalisation."""
    _skip_unless_scored(name)
    scores = _scores(ROOT / "tests" / name / "articles", ROOT / "tests" / name / "gold", monkeypatch)
    assert scores["figures"] >= 0.90 and scores["persons"] >= 0.85 and scores["dates"] >= 0.85


#: Issue 11's targets, pinned on the blind sets written for it (heldout10 on; their first
#: runs and what changed since are in their READMEs).
ISSUE11_FLOORS = {
    "figures": 0.96,
    "metric_accuracy": 0.94,
    "roles": 0.92,
    "persons": 0.95,
    "subject_accuracy": 0.90,
}
ISSUE11_SETS = [f"heldout{n}" for n in range(10, 22)]
#: The metrics a province series is built from: precision over the issue-11 sets together.
KEY_METRICS = (
    "union_members",
    "new_union_members",
    "grassroots_unions",
    "new_grassroots_unions",
    "party_admissions",
    "money",
)
KEY_METRIC_PRECISION = 0.95


def _scored(name: str) -> bool:
    """Is the set here, with its first (blind) run recorded? A set still being written, or
    waiting for the first run that its README will record, is not scored by the tests."""
    folder = ROOT / "tests" / name
    if not (folder / "gold").is_dir():
        return False
    return not awaiting_first_run(GoldSet(name, folder / "articles", folder / "gold"))


def _skip_unless_scored(name: str) -> None:
    if not _scored(name):
        pytest.skip(f"no {name} set, or its first run is not recorded yet")


def _report(name: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)
    folder = ROOT / "tests" / name
    _skip_unless_scored(name)
    return evaluate(load_gold(folder / "gold"), unionnews.extract([folder / "articles"]), gold_root=ROOT)


@pytest.mark.parametrize("name", ISSUE11_SETS)
def test_issue11_sets_meet_the_targets(name: str, monkeypatch):
    scores = _report(name, monkeypatch).scores
    low = {f: round(scores[f], 3) for f, floor in ISSUE11_FLOORS.items() if not scores[f] >= floor}
    assert not low, f"{name} below issue 11's targets {ISSUE11_FLOORS}: {low}"


def test_key_metrics_are_precise_over_the_issue11_sets(monkeypatch):
    from unionnews.evaluation import PRF

    pooled = {m: PRF() for m in KEY_METRICS}
    for name in ISSUE11_SETS:
        if not _scored(name):
            continue
        totals = _report(name, monkeypatch).totals
        for metric, score in pooled.items():
            part = totals.get(f"metric:{metric}")
            if isinstance(part, PRF):
                score.add(part)
    scored = {m: s for m, s in pooled.items() if s.tp + s.fp}
    low = {m: round(s.precision, 3) for m, s in scored.items() if s.precision < KEY_METRIC_PRECISION}
    assert not low, f"key metrics below {KEY_METRIC_PRECISION} precision: {low}"


#: Forms of one article whose figures F1 must agree within FORM_TOLERANCE (issue 8's target).
FORM_TOLERANCE = 0.01


@pytest.mark.parametrize("name", ["heldout8", "heldout9", "heldout11", "heldout14"])
def test_every_form_of_a_set_scores_the_same(name: str, tmp_path: Path):
    """The header-form sets rendered as bare text, text with a title line, text with a
    header, HTML and JSONL rows: figures F1 within 0.01 across the forms, and every form
    that carries the URL knows every province."""
    from unionnews.evaluation.forms import score_forms

    folder = ROOT / "tests" / name
    if not (folder / "gold").is_dir():
        pytest.skip(f"no {name} set")
    reports = score_forms(folder / "articles", folder / "gold", tmp_path)
    f1 = {form: report.scores["figures"] for form, report in reports.items()}
    assert max(f1.values()) - min(f1.values()) <= FORM_TOLERANCE, f1
    assert min(f1.values()) >= 0.95, f1
    for form in ("txt_header", "html", "jsonl"):
        assert reports[form].scores["province"] == 1.0, form
        assert reports[form].scores["title"] == 1.0, form
