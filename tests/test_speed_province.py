"""The fast forms of the province patterns find what their plain forms find."""

from __future__ import annotations

import random
import re
from pathlib import Path

from unionnews.articles.province import ADMIN_WORDS, _locality_index, localities
from unionnews.nlp.normalize import match_key

ROOT = Path(__file__).resolve().parent.parent


def _plain_locality_re() -> re.Pattern[str]:
    by_name, _ = _locality_index()
    names = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
    admin = "|".join(ADMIN_WORDS)
    return re.compile(rf"(?<!\w)(?P<admin>{admin})\s*(?P<name>{names})(?!\w)")


def _texts() -> list[str]:
    paths = [*ROOT.glob("corpus/*"), *ROOT.glob("tests/heldout*/articles/*")]
    return [match_key(p.read_text(encoding="utf-8", errors="replace")) for p in sorted(paths) if p.is_file()]


def _found(pattern: re.Pattern[str], key: str) -> list[tuple[tuple[int, int], str, str]]:
    return [(m.span(), m["admin"], m["name"]) for m in pattern.finditer(key)]


def test_localities_are_found_as_by_the_plain_pattern_in_every_article() -> None:
    plain, (_, fast) = _plain_locality_re(), localities()
    hits = 0
    for key in _texts():
        assert _found(fast, key) == _found(plain, key)
        hits += len(_found(fast, key))
    assert hits > 20  # the articles do name districts and towns


def test_localities_are_found_as_by_the_plain_pattern_in_made_up_text() -> None:
    plain, (_, fast) = _plain_locality_re(), localities()
    by_name, _ = _locality_index()
    names = sorted(by_name)
    rng = random.Random(12)
    pieces = [
        "thành phố ",
        "tp.",
        "tp ",
        "thị xã ",
        "quận ",
        "huyện ",
        "thị trấn ",
        "x",
        "-",
        " ",
        "\n",
        "nhuyện ",
    ]
    for _ in range(3000):
        key = "".join(
            rng.choice(pieces) + (rng.choice(names) if rng.random() < 0.6 else "") for _ in range(4)
        )
        key += rng.choice(["", "a", " ", "."])
        assert _found(fast, key) == _found(plain, key), key
