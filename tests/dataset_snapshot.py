"""Fingerprints of the dataset unionnews extracts from every article the repository holds.

A speed change must not change a single row. This module extracts the sample corpus,
every blind set (``tests/heldout*/articles``) and, when present, the seeds, and
reduces each article's rows (its ``articles`` row, its figures, entities and dropped lines, every
column but those that depend on the run) to one SHA-1. ``tests/snapshots/datasets.json``
holds the fingerprints of a reviewed run; ``tests/test_same_datasets.py`` compares.

A deliberate change of what is extracted (a new rule) changes fingerprints too: look
at the differences, then write the new ones with::

    python tests/dataset_snapshot.py --write
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from unionnews.options import ExtractOptions
from unionnews.runner import run_extract

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "snapshots" / "datasets.json"
SEEDS = ROOT.parent / "shared" / "seeds"
#: Columns that depend on the run (time, the machine's paths, the package version), not on the text.
RUN_COLUMNS = frozenset({"fetched_at", "source_path", "extractor_version", "run_at"})


def input_sets() -> Iterator[tuple[str, Path]]:
    """(name, folder) of every set of articles: corpus, blind sets, seeds when present."""
    yield "corpus", ROOT / "corpus"
    for folder in sorted(ROOT.glob("tests/heldout*/articles")):
        yield folder.parent.name, folder
    if SEEDS.is_dir():
        yield "seeds", SEEDS


def _plain(value: Any) -> Any:
    """A JSON-stable form of a table cell: missing values all become None, dates ISO text
    ("2024-01-01"), times ISO text with their offset ("2023-09-15T15:40:00+07:00"), lists
    lists (numpy arrays too) and records dicts, each item made plain the same way."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple | np.ndarray):
        return [_plain(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, datetime):  # pandas Timestamps too
        if value.tzinfo is None and value.time() == time(0):
            return value.date().isoformat()  # a date column: datetime64 at midnight
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    columns = [c for c in frame.columns if c not in RUN_COLUMNS]
    return [
        {c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in frame[columns].itertuples(False)
    ]


#: Identifiers hashed from an article_id, which a local file's path is part of: they are
#: replaced by their order of appearance in the article, so the fingerprints do not depend on
#: where the repository is checked out (the grouping a fact_id makes is kept).
DERIVED_IDS = ("figure_id", "entity_id", "fact_id")


def _without_paths(rows: list[dict[str, Any]], names: dict[str, str], root: str) -> list[dict[str, Any]]:
    """``rows`` with article ids as file names, file URLs relative to ``root`` and derived ids
    numbered in order of appearance."""
    numbers: dict[tuple[str, Any], int] = {}
    out = []
    for row in rows:
        row = dict(row)
        for column in ("article_id", "duplicate_of"):
            if row.get(column) is not None:
                row[column] = names.get(row[column], row[column])
        if isinstance(row.get("url"), str) and row["url"].startswith(root):
            row["url"] = "<root>/" + row["url"][len(root) :]
        for column in DERIVED_IDS:
            if row.get(column) is not None:
                row[column] = numbers.setdefault((column, row[column]), len(numbers))
        if row.get("part_of") is not None:  # a figure_id: the whole's number
            row["part_of"] = numbers.setdefault(("figure_id", row["part_of"]), len(numbers))
        out.append(row)
    return out


def fingerprints(folder: Path) -> dict[str, str]:
    """Name of the article's input (file name, else URL) -> SHA-1 of its rows; errors under
    "errors:<file name>". Nothing in them depends on where ``folder`` is."""
    summary = run_extract([folder], None, ExtractOptions(progress=False))
    tables = summary.tables
    assert tables is not None
    articles = tables["articles"]
    names = {
        aid: Path(path).name if isinstance(path, str) and path else url
        for aid, path, url in zip(
            articles["article_id"], articles["source_path"], articles["url"], strict=True
        )
    }
    root = folder.resolve().as_uri() + "/"
    figures = tables["figures"].groupby("article_id")
    entities = tables["entities"].groupby("article_id")
    dropped = tables["dropped"].groupby("article_id")
    found: dict[str, str] = {}
    for article in _rows(articles):
        aid = article["article_id"]
        facts = {
            "article": _without_paths([article], names, root)[0],
            "figures": _without_paths(_rows(figures.get_group(aid)), names, root)
            if aid in figures.groups
            else [],
            "entities": _without_paths(_rows(entities.get_group(aid)), names, root)
            if aid in entities.groups
            else [],
            "dropped": _without_paths(_rows(dropped.get_group(aid)), names, root)
            if aid in dropped.groups
            else [],
        }
        blob = json.dumps(facts, ensure_ascii=False, sort_keys=True, default=str)
        found[names[aid]] = hashlib.sha1(blob.encode("utf-8")).hexdigest()
    for error in _rows(tables["errors"]):
        name = Path(str(error.get("source") or "")).name
        found[f"errors:{name}"] = f"{error.get('stage')}:{error.get('error')}"
    return found


def snapshot() -> dict[str, dict[str, str]]:
    return {name: fingerprints(folder) for name, folder in input_sets()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {SNAPSHOT.relative_to(ROOT)}")
    args = parser.parse_args()
    current = snapshot()
    if args.write:
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {sum(map(len, current.values()))} fingerprints of {len(current)} sets to {SNAPSHOT}")
        return
    stored = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    for name, prints in current.items():
        differ = sorted(
            k
            for k in prints.keys() | stored.get(name, {}).keys()
            if prints.get(k) != stored.get(name, {}).get(k)
        )
        print(f"{name:<12} {len(prints):>4} articles  {len(differ)} differ {' '.join(differ[:5])}")


if __name__ == "__main__":
    main()
