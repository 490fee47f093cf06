"""``datapackage.json``: the Frictionless Data Package that describes a dataset, and its check.

The descriptor is made from :mod:`unionnews.dataset.schema`: one resource per table and
format, every column with its type, description and vocabulary, the primary keys
(``article_id``, ``figure_id``, ``entity_id``) and the foreign keys from figures, entities and
dropped lines to their article (and from a copy to its original). The ``metric`` and ``unit``
vocabularies are those of the run: the packaged lexicon, the metrics and units of a user's
metric file (``extract --metrics FILE``), and any value the tables hold, so a dataset made with
its own metrics stays valid.

Licence: the package states what may be done with it (docs/data.md, "Licence and sources").
unionnews is MIT-licensed software; the articles' texts belong to their publishers, listed
in ``sources``; the tables quote them (the text, the sentence of every figure) so that each fact
can be checked, and the facts are what those articles report.

:func:`validate_package` checks a written dataset against its descriptor with frictionless-py
(an optional dependency: ``pip install frictionless``), rows and keys included.

>>> validate_package("out").valid        # doctest: +SKIP
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unionnews import __version__
from unionnews.dataset.schema import (
    FOREIGN_KEYS,
    PRIMARY_KEYS,
    TABLE_DESCRIPTIONS,
    TABLES,
    Extra,
    columns,
    vocabulary,
)

if TYPE_CHECKING:
    from frictionless import Report

DATAPACKAGE = "datapackage.json"

_MEDIA_TYPES: Mapping[str, str] = {
    "parquet": "application/vnd.apache.parquet",
    "csv": "text/csv",
    "jsonl": "application/jsonl",
}

#: The licence of every dataset (``licenses`` of datapackage.json): the texts are the
#: publishers'; "other-closed" is the Open Definition's name for terms that are not an open licence.
LICENSES: tuple[dict[str, str], ...] = (
    {
        "name": "other-closed",
        "title": (
            "The texts belong to their publishers (see sources): articles.text and title, "
            "figures.sentence and text, entities.text and dropped.text quote the articles so that "
            "every fact can be checked, for research, not for republication. The extracted facts "
            "are what those articles report: cite the article (articles.url) with them. The "
            "unionnews software that made the tables is under the MIT License."
        ),
    },
)

#: The software that wrote the package (a ``unionnews`` property of datapackage.json).
SOFTWARE: Mapping[str, str] = {"name": "unionnews", "version": __version__, "license": "MIT"}


def lexicon_vocabulary(metrics_file: str | Path | None = None) -> dict[str, tuple[str, ...]]:
    """The metrics and units of a run's lexicon: the packaged one, with the user's metric
    file layered over it (``extract --metrics FILE``); for :func:`datapackage` and
    :class:`~unionnews.dataset.DatasetWriter`'s ``vocabulary``."""
    from unionnews.nlp.figures import load_metric_rules

    rules = load_metric_rules(metrics_file)
    metrics = {h.metric for h in rules.heads.values()} | {c.metric for c in rules.cues}
    units = {h.unit for h in rules.heads.values()} | {u for c in rules.cues for u in c.units}
    metrics.discard("default")  # a cue that keeps the head's own metric
    return {"metric": tuple(sorted(metrics)), "unit": tuple(sorted(units))}


def sources(sites: Iterable[str]) -> list[dict[str, str]]:
    """The ``sources`` of a package: one per publishing site (its home page), and one for
    local files (a site name without a dot: "local").

    >>> sources(["laodong.vn", "local"])[0]
    {'title': 'laodong.vn', 'path': 'https://laodong.vn/'}
    """
    found = []
    for site in sorted(set(sites)):
        if "." in site:
            found.append({"title": site, "path": f"https://{site}/"})
        else:
            found.append({"title": f"{site} files: articles.url names each one (file:// URLs)"})
    return found


def _fields(table: str, fmt: str, extra: Extra | None) -> list[dict[str, Any]]:
    fields = []
    for col in columns(table):
        field: dict[str, Any] = {
            "name": col.name,
            "type": col.frictionless_type_in(fmt),
            "description": col.description,
        }
        if field["type"] == "array":
            field["arrayItem"] = {"type": "string"}
        values = vocabulary(table, col.name, extra)
        if values is not None:
            field["constraints"] = {"enum": list(values)}
        fields.append(field)
    return fields


def _resource_name(table: str, fmt: str) -> str:
    return table if fmt == "parquet" else f"{table}-{fmt}"


def _schema(table: str, fmt: str, extra: Extra | None) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": _fields(table, fmt, extra)}
    if table in PRIMARY_KEYS:
        schema["primaryKey"] = list(PRIMARY_KEYS[table])
    foreign = [
        {"fields": column, "reference": {"resource": _resource_name(target, fmt), "fields": key}}
        for (source, column), (target, key) in FOREIGN_KEYS.items()
        if source == table
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def datapackage(
    formats: Sequence[str],
    created: str,
    *,
    vocabulary: Extra | None = None,
    sites: Iterable[str] = (),
    empty: Iterable[str] = (),
) -> dict[str, Any]:
    """The Frictionless Data Package descriptor: one resource per table and format.

    ``vocabulary`` adds values to the extensible vocabularies (``{"metric": [...], "unit":
    [...]}``: the run's lexicon, the values the tables hold); ``sites`` are the publishing
    sites of the articles (the package's ``sources``). The JSON Lines files of the tables in
    ``empty`` (no rows) are not listed: frictionless cannot read an empty JSON Lines file.
    """
    resources = []
    unlisted = {(table, "jsonl") for table in empty}
    for table in TABLES:
        for fmt in formats:
            if (table, fmt) in unlisted:
                continue
            resource: dict[str, Any] = {
                "name": _resource_name(table, fmt),
                "type": "table",
                "path": f"{table}.{fmt}",
                "format": fmt,
                "mediatype": _MEDIA_TYPES[fmt],
                "encoding": "utf-8-sig" if fmt == "csv" else "utf-8",
                "description": TABLE_DESCRIPTIONS[table],
                "schema": _schema(table, fmt, vocabulary),
            }
            resources.append(resource)
    return {
        "name": "unionnews-dataset",
        "title": "Figures, terms, dates, documents, persons and bodies from trade-union news",
        "description": (
            "Facts read from Vietnamese trade-union news by unionnews: every figure, term, date, "
            "person with their role and union body, each traced to its article, sentence and "
            "character offsets. Parquet and DuckDB hold typed columns (dates, lists, records); "
            "CSV holds dates as ISO 8601 text and lists and records as JSON text. "
            "See docs/data.md of unionnews for every column."
        ),
        "created": created,
        "licenses": [dict(entry) for entry in LICENSES],
        "sources": sources(sites),
        "unionnews": dict(SOFTWARE),
        "unionnews_version": __version__,
        "resources": resources,
    }


def validate_package(directory: str | Path) -> Report:
    """Check the dataset in ``directory`` against its ``datapackage.json`` with frictionless-py:
    every resource, row, type, vocabulary, primary key and foreign key. ``report.valid`` says
    whether it holds; ``report.flatten(["resourcePath", "rowNumber", "fieldName", "note"])``
    lists what does not.

    Raises ``ImportError`` naming the package to install when frictionless is missing.
    """
    try:
        from frictionless import Package, system
    except ImportError as exc:
        raise ImportError("validating a data package needs frictionless: pip install frictionless") from exc

    descriptor = Path(directory) / DATAPACKAGE
    with system.use_context(trusted=True):
        package = Package(str(descriptor))
        return package.validate()
