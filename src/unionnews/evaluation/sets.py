"""Score every gold set in one table: the numbers a rule change is judged by.

``python -m unionnews.evaluation.sets`` extracts each set (the sample corpus, the seeds
when ``../shared/seeds`` exists, and every ``tests/heldout*`` folder with a ``gold``
folder, except blind sets still awaiting their recorded first run, which are scored only
when named) in this process and prints one row per set: figures F1, metric accuracy, the
precision of the six metrics a province series is built from, subject accuracy,
persons and roles F1. ``--json FILE`` also writes the full reports.

Run from the repository root (gold sources are relative to it).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from unionnews.evaluation.gold import load_gold
from unionnews.evaluation.score import PRF, EvaluationReport, evaluate

#: The metrics comparative tables lean on; their precision is reported per set.
KEY_METRICS: tuple[str, ...] = (
    "union_members",
    "new_union_members",
    "grassroots_unions",
    "new_grassroots_unions",
    "party_admissions",
    "money",
)
#: Columns of the table: (heading, field of the report).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("fig", "figures"),
    ("metric", "metric_accuracy"),
    ("conf", "confident_metric_accuracy"),
    ("share", "confident_share"),
    ("subj", "subject_accuracy"),
    ("pers", "persons"),
    ("roles", "roles"),
)


@dataclass(frozen=True, slots=True)
class GoldSet:
    """A named set: its inputs and its gold folder."""

    name: str
    inputs: Path
    gold: Path


def gold_sets(root: Path, names: Sequence[str] = ()) -> list[GoldSet]:
    """The gold sets under ``root`` (all, or those named), in a stable order."""
    root = root.resolve()
    found = [GoldSet("corpus", root / "corpus", root / "tests" / "gold" / "corpus")]
    seeds = root.parent / "shared" / "seeds"
    if seeds.is_dir():
        found.append(GoldSet("seeds", seeds, root / "tests" / "gold" / "seeds"))
    heldout = sorted(
        (p for p in (root / "tests").glob("heldout*") if (p / "gold").is_dir()),
        key=lambda p: int(p.name.removeprefix("heldout") or 1),
    )
    found += [GoldSet(p.name, p / "articles", p / "gold") for p in heldout]
    if not names:
        # a blind set is scored the first time on purpose, by name, and its README records it
        found = [s for s in found if not awaiting_first_run(s)]
    if names:
        unknown = set(names) - {s.name for s in found}
        if unknown:
            raise SystemExit(f"no such gold set: {', '.join(sorted(unknown))}")
        found = [s for s in found if s.name in names]
    return found


#: What a blind set's README says until its first run is recorded.
AWAITING_FIRST_RUN = "(to be filled by the project"


def awaiting_first_run(gold_set: GoldSet) -> bool:
    """Is this a blind set still waiting for its first, recorded run (or still being written)?"""
    readme = gold_set.gold.parent / "README.md"
    if not any(gold_set.gold.glob("*.json")):
        return True
    if not gold_set.gold.parent.name.startswith("heldout"):
        return False  # the sample corpus and the seeds are not blind sets
    try:
        return AWAITING_FIRST_RUN in readme.read_text("utf-8")
    except FileNotFoundError:
        return True  # a blind set whose notebook is not written yet is still being written
    except OSError:
        return False


def score_set(gold_set: GoldSet, root: Path, metrics: str | None = None) -> EvaluationReport:
    """Extract one set's inputs and score them against its gold."""
    import unionnews  # the pipeline, imported only when scoring

    options = {"metrics": metrics} if metrics else {}
    dataset = unionnews.extract([gold_set.inputs], **options)
    return evaluate(load_gold(gold_set.gold), dataset, gold_root=root)


def _cell(value: float | None) -> str:
    return "  n/a" if value is None or math.isnan(value) else f"{value:5.3f}"


def _metric_precision(report: EvaluationReport, metric: str) -> float | None:
    score = report.totals.get(f"metric:{metric}")
    if not isinstance(score, PRF) or score.tp + score.fp == 0:
        return None
    return score.precision


def table(reports: dict[str, EvaluationReport]) -> str:
    """One row per set: the headline fields, then the precision of each key metric."""
    short = [m.replace("new_", "n_").replace("grassroots", "gr")[:10] for m in KEY_METRICS]
    heads = [h for h, _ in COLUMNS] + short
    lines = [f"{'set':<10}" + "".join(f"{h:>11}" for h in heads)]
    for name, report in reports.items():
        cells = [_cell(report.scores.get(field)) for _, field in COLUMNS]
        cells += [_cell(_metric_precision(report, m)) for m in KEY_METRICS]
        lines.append(f"{name:<10}" + "".join(f"{c:>11}" for c in cells))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sets", nargs="*", help="set names (corpus, seeds, heldout, heldout2, …); default: all"
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root (default: here)")
    parser.add_argument("--metrics", help="a metrics TOML file laid over the packaged rules")
    parser.add_argument("--json", type=Path, help="write the full reports here")
    args = parser.parse_args(argv)
    reports = {s.name: score_set(s, args.root, args.metrics) for s in gold_sets(args.root, args.sets)}
    print(table(reports))
    if args.json:
        args.json.write_text(
            json.dumps({k: r.as_dict() for k, r in reports.items()}, ensure_ascii=False, indent=1), "utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
