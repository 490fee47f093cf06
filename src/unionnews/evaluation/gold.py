"""Read and validate gold annotations (docs/annotation.md).

One JSON object per article. Every top-level key of the format is required
(``title``, ``published`` and ``province`` may be ``null`` when unknown; null
fields are not scored); keys starting with ``_`` and ``notes`` are free-form
comments for annotators. Any other key is rejected, so a typo ("document")
cannot silently drop a field from the evaluation.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from unionnews.errors import GoldFormatError
from unionnews.model import METRICS, QUALIFIERS, UNITS

#: ISO calendar date, e.g. "2019-01-11".
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Canonical term, e.g. "2018-2023".
TERM_RE = re.compile(r"^(\d{4})-(\d{4})$")

_LIST_KEYS = ("figures", "persons", "terms", "dates", "documents")
_REQUIRED_KEYS = ("source", "title", "published", "province", *_LIST_KEYS)
_COMMENT_KEYS = frozenset({"notes"})
_FIGURE_REQUIRED = ("value", "unit", "metric")
_FIGURE_KEYS = frozenset({*_FIGURE_REQUIRED, "qualifier", "total", "value_high", "text", "notes", "subject"})
_PERSON_KEYS = frozenset({"name", "roles", "notes"})


@dataclass(frozen=True, slots=True)
class GoldFigure:
    """A figure the extractor must find."""

    value: float
    unit: str
    metric: str
    qualifier: str = "exact"
    total: float | None = None
    text: str | None = None
    #: Upper end of a range ("từ 40 đến 60 triệu đồng" -> 60000000); ``None`` when not a range.
    value_high: float | None = None
    #: The union body the figure credits (docs/annotation.md, "Subjects"); ``None`` with
    #: ``has_subject`` when the gold says no union body, ``has_subject=False`` when not annotated.
    subject: str | None = None
    has_subject: bool = False


@dataclass(frozen=True, slots=True)
class GoldPerson:
    """A person and the role titles stated for them."""

    name: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """The gold annotation of one article; ``file`` is the JSON file it came from."""

    source: str
    title: str | None = None
    published: str | None = None
    province: str | None = None
    figures: tuple[GoldFigure, ...] = ()
    persons: tuple[GoldPerson, ...] = ()
    terms: frozenset[str] = field(default_factory=frozenset)
    dates: frozenset[str] = field(default_factory=frozenset)
    documents: frozenset[str] = field(default_factory=frozenset)
    file: Path | None = None


class _Checker:
    """Validation helpers that name the file and the JSON path of the faulty field."""

    def __init__(self, file: Path) -> None:
        self.file = file

    def fail(self, where: str, problem: str) -> GoldFormatError:
        return GoldFormatError(
            f"{self.file}: field {where!r}: {problem} (see docs/annotation.md for the format)"
        )

    def string(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"expected a non-empty string, got {value!r}")
        return value

    def optional_string(self, value: Any, where: str) -> str | None:
        return None if value is None else self.string(value, where)

    def number(self, value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, f"expected a number, got {value!r}")
        if not math.isfinite(value):
            raise self.fail(where, f"expected a finite number, got {value!r}")
        return float(value)

    def choice(self, value: Any, where: str, vocabulary: tuple[str, ...]) -> str:
        if value not in vocabulary:
            raise self.fail(where, f"{value!r} is not one of {list(vocabulary)}")
        return str(value)

    def iso_date(self, value: Any, where: str) -> str:
        text = self.string(value, where)
        if not ISO_DATE_RE.match(text):
            raise self.fail(where, f"expected an ISO date YYYY-MM-DD, got {value!r}")
        try:
            date.fromisoformat(text)
        except ValueError as exc:
            raise self.fail(where, f"{value!r} is not a real date ({exc})") from exc
        return text

    def term(self, value: Any, where: str) -> str:
        text = self.string(value, where)
        match = TERM_RE.match(text)
        if not match or int(match.group(1)) > int(match.group(2)):
            raise self.fail(where, f"expected a term YYYY-YYYY (start <= end), got {value!r}")
        return text

    def list_of(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list, got {type(value).__name__}")
        return value

    def keys(self, obj: Any, where: str, allowed: frozenset[str], required: tuple[str, ...]) -> None:
        if not isinstance(obj, dict):
            raise self.fail(where, f"expected an object, got {type(obj).__name__}")
        missing = [k for k in required if k not in obj]
        if missing:
            raise self.fail(f"{where}.{missing[0]}" if where else missing[0], "required key missing")
        unknown = [k for k in obj if k not in allowed and not k.startswith("_")]
        if unknown:
            raise self.fail(
                f"{where}.{unknown[0]}" if where else unknown[0],
                f"unknown key; allowed keys are {sorted(allowed)}",
            )


def _figure(check: _Checker, obj: Any, where: str) -> GoldFigure:
    check.keys(obj, where, _FIGURE_KEYS, _FIGURE_REQUIRED)
    total = obj.get("total")
    high = obj.get("value_high")
    text = obj.get("text")
    return GoldFigure(
        value=check.number(obj["value"], f"{where}.value"),
        unit=check.choice(obj["unit"], f"{where}.unit", UNITS),
        metric=check.choice(obj["metric"], f"{where}.metric", METRICS),
        qualifier=check.choice(obj.get("qualifier", "exact"), f"{where}.qualifier", QUALIFIERS),
        total=None if total is None else check.number(total, f"{where}.total"),
        text=check.optional_string(text, f"{where}.text"),
        value_high=None if high is None else check.number(high, f"{where}.value_high"),
        subject=check.optional_string(obj.get("subject"), f"{where}.subject"),
        has_subject="subject" in obj,
    )


def _person(check: _Checker, obj: Any, where: str) -> GoldPerson:
    check.keys(obj, where, _PERSON_KEYS, ("name",))
    name = check.string(obj["name"], f"{where}.name")
    roles = check.list_of(obj.get("roles", []), f"{where}.roles")
    titles = []
    for i, role in enumerate(roles):
        titles.append(check.string(role, f"{where}.roles[{i}]"))
    return GoldPerson(name=name, roles=tuple(titles))


def parse_gold(obj: Mapping[str, Any] | Any, file: Path) -> GoldArticle:
    """Validate one parsed gold JSON object; ``file`` is only used in error messages."""
    check = _Checker(file)
    check.keys(obj, "", frozenset(_REQUIRED_KEYS) | _COMMENT_KEYS, _REQUIRED_KEYS)
    source = check.string(obj["source"], "source")
    published = obj["published"]
    lists = {key: check.list_of(obj[key], key) for key in _LIST_KEYS}
    return GoldArticle(
        source=source,
        title=check.optional_string(obj["title"], "title"),
        published=None if published is None else check.iso_date(published, "published"),
        province=check.optional_string(obj["province"], "province"),
        figures=tuple(_figure(check, f, f"figures[{i}]") for i, f in enumerate(lists["figures"])),
        persons=tuple(_person(check, p, f"persons[{i}]") for i, p in enumerate(lists["persons"])),
        terms=frozenset(check.term(t, f"terms[{i}]") for i, t in enumerate(lists["terms"])),
        dates=frozenset(check.iso_date(d, f"dates[{i}]") for i, d in enumerate(lists["dates"])),
        documents=frozenset(check.string(d, f"documents[{i}]") for i, d in enumerate(lists["documents"])),
        file=file,
    )


def _gold_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.json") if p.is_file())
        if not files:
            raise GoldFormatError(f"{path} contains no .json gold files (docs/annotation.md)")
        return files
    raise GoldFormatError(f"gold path {path} does not exist; pass a gold .json file or a folder")


def load_gold(path: str | Path) -> list[GoldArticle]:
    """Gold articles from one JSON file or a folder of them (recursively, sorted by path).

    Raises :class:`GoldFormatError` naming the file and the field for anything
    that does not follow docs/annotation.md, and for two files with the same
    ``source``.
    """
    articles: list[GoldArticle] = []
    seen: dict[str, Path] = {}
    for file in _gold_files(Path(path)):
        try:
            obj = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise GoldFormatError(f"{file}: cannot read the file ({exc})") from exc
        except json.JSONDecodeError as exc:
            raise GoldFormatError(
                f"{file}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
            ) from exc
        article = parse_gold(obj, file)
        if article.source in seen:
            raise GoldFormatError(
                f"{file}: field 'source': {article.source!r} is already annotated in "
                f"{seen[article.source]}; keep one gold file per article"
            )
        seen[article.source] = file
        articles.append(article)
    return articles
