"""The dataset extracted from every article the repository holds is the reviewed one, row for row.

Speed work (one normalisation per article, compiled lexicons, linear paths) must not
change a fact: each article's rows are fingerprinted (tests/dataset_snapshot.py) and
compared with tests/snapshots/datasets.json, written before that work. A deliberate
change of the rules rewrites the snapshot with ``python tests/dataset_snapshot.py --write``
after its differences were looked at.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dataset_snapshot import SNAPSHOT, fingerprints, input_sets

STORED: dict[str, dict[str, str]] = json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_the_snapshot_covers_every_set_of_articles() -> None:
    names = {name for name, _ in input_sets()}
    assert names - {"seeds"} <= STORED.keys()
    assert len(STORED["corpus"]) >= 10


@pytest.mark.parametrize(
    ("name", "folder"), list(input_sets()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_same_rows_as_the_snapshot(name: str, folder: Path) -> None:
    current = fingerprints(folder)
    stored = STORED[name]
    differ = sorted(k for k in current.keys() | stored.keys() if current.get(k) != stored.get(k))
    assert not differ, f"{name}: rows of {differ} differ from {SNAPSHOT.name}"
