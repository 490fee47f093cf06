"""Data files the rules read: provinces, metrics, roles, abbreviations, surnames.

Every lexicon is a plain TSV/TOML/TXT file in this folder so a researcher can
read and extend it. Loaders are cached: the files are read once per process.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from unionnews.nlp.normalize import match_key, strip_accents

#: This folder: the package's own files (``importlib.resources`` gives the same path for an
#: installed package, at the cost of importing it and its readers).
LEXICON_DIR = Path(__file__).parent


def read_tsv(name: str | Path) -> Iterator[dict[str, str]]:
    """Yield rows of a TSV lexicon as dicts; ``#`` lines are comments.

    ``name`` is a file in the packaged lexicon folder or a path of the user's.
    """
    path = Path(name) if Path(name).is_absolute() or Path(name).exists() else LEXICON_DIR / name
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        yield {k: (v or "").strip() for k, v in row.items() if k is not None}


def read_lines(name: str | Path) -> list[str]:
    """Return the non-empty, non-comment lines of a TXT lexicon."""
    path = Path(name) if Path(name).is_absolute() or Path(name).exists() else LEXICON_DIR / name
    with path.open(encoding="utf-8") as fh:
        return [s for line in fh if (s := line.strip()) and not s.startswith("#")]


@dataclass(frozen=True, slots=True)
class Province:
    name: str  # pre-2025 name, e.g. "Vĩnh Phúc"
    kind: str  # "tỉnh" or "thành phố"
    province_2025: str  # successor after the July 2025 merger, e.g. "Phú Thọ"
    aliases: tuple[str, ...]
    host_slugs: tuple[str, ...]

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@cache
def provinces() -> tuple[Province, ...]:
    """All 63 pre-2025 provinces with their 2025 successors."""
    return tuple(
        Province(
            name=row["name"],
            kind=row["kind"],
            province_2025=row["province_2025"],
            aliases=tuple(a for a in row["aliases"].split("|") if a),
            host_slugs=tuple(s for s in row["host_slugs"].split("|") if s),
        )
        for row in read_tsv("provinces.tsv")
    )


@cache
def province_by_key() -> dict[str, Province]:
    """Map the :func:`match_key` of every surface form (and its ASCII fold) to its province."""
    table: dict[str, Province] = {}
    for prov in provinces():
        for form in prov.surface_forms:
            table[match_key(form)] = prov
            table.setdefault(strip_accents(match_key(form)), prov)
    return table


@lru_cache(maxsize=4096)
def find_province(name: str) -> Province | None:
    """Look a province up by any of its written forms (``"Thanh Hoá"``, ``"TP.HCM"``); cached,
    as the same few names are looked up again and again."""
    key = match_key(" ".join(name.split()))
    return province_by_key().get(key) or province_by_key().get(strip_accents(key))


def successor_2025(name: str | None) -> str | None:
    """The 2025 successor of a pre-2025 province name, or ``None`` when unknown."""
    if not name:
        return None
    prov = find_province(name)
    return prov.province_2025 if prov else None
