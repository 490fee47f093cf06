"""Which column of a table of articles holds each field: the accepted names, and the user's mapping.

A table of articles (news-please, trafilatura, Common Crawl News extracts, one's
own scrape) names its columns in many ways. :data:`FIELDS` lists the names
accepted for each field, in priority order; names are compared case-blind and
with ``-`` or spaces read as ``_`` ("Published At" is ``published_at``). The user
names other columns with ``--columns text=noi_dung,title=tieu_de`` (or turns a
field off with ``description=``), which replaces the accepted names for that field.

This module imports only the error catalogue, so that options can check a mapping.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from unionnews.errors import MissingColumn

#: Column names accepted for each field, best first. ``url`` values are used only when
#: they are http(s) URLs (trafilatura's ``source`` is one; a site name is not).
FIELDS: dict[str, tuple[str, ...]] = {
    "url": ("url", "link", "source_url", "canonical_url", "source", "page_url", "article_url", "href", "uri"),
    "title": ("title", "headline", "heading", "article_title"),
    "published": (
        "published",
        "date_publish",
        "date",
        "published_at",
        "pubdate",
        "datetime",
        "date_published",
        "publish_date",
        "published_date",
        "publication_date",
    ),
    "text": (
        "text",
        "maintext",
        "content",
        "body",
        "article",
        "raw_text",
        "main_text",
        "article_text",
        "full_text",
        "plain_text",
    ),
    "html": ("html", "raw_html", "content_html", "page_html"),
    # the lead paragraph (sapo) a main-text extractor may have left out of the text:
    # news-please's description, trafilatura's excerpt
    "description": ("description", "sapo", "lead", "excerpt"),
    "fetched_at": (
        "fetched_at",
        "date_download",
        "fetched",
        "fetch_time",
        "crawled_at",
        "crawl_date",
        "downloaded_at",
        "date_crawled",
    ),
}
#: Fields whose content is the article: a table needs a column for one of them.
CONTENT_FIELDS = ("text", "html")

#: What is read as ``_`` when column names are compared: "Published At", "source-hostname".
COLUMN_SEPARATOR_RE = re.compile(r"[\s\-]+")


def column_key(name: str) -> str:
    """The form in which column names are compared.

    >>> column_key(" Published-At ")
    'published_at'
    """
    return COLUMN_SEPARATOR_RE.sub("_", name.strip()).casefold()


def parse_columns(specs: str | Iterable[str]) -> dict[str, str]:
    """``"text=noi_dung,title=tieu_de"`` (or several such strings) as ``{field: column}``.

    An empty column (``description=``) turns the field off. Raises ``ValueError`` for
    an unknown field, a part without ``=`` or a field given twice with two columns.

    >>> parse_columns(["text=noi_dung, title=tieu_de", "published=ngày đăng"])
    {'text': 'noi_dung', 'title': 'tieu_de', 'published': 'ngày đăng'}
    """
    pairs: list[tuple[str, str]] = []
    for spec in [specs] if isinstance(specs, str) else specs:
        for part in (p.strip() for p in spec.split(",")):
            field, sep, column = part.partition("=")
            if part and (not sep or not field.strip()):
                raise ValueError(f"--columns expects FIELD=COLUMN, got {part!r} (e.g. text=noi_dung)")
            if part:
                pairs.append((field, column))
    return check_columns(pairs)


def check_columns(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """``(field, column)`` pairs as a mapping, or ``ValueError`` for an unknown or doubled field."""
    mapping: dict[str, str] = {}
    for raw_field, raw_column in pairs:
        field, column = str(raw_field).strip().lower(), str(raw_column).strip()
        if field not in FIELDS:
            raise ValueError(
                f"unknown field {field!r} in --columns {field}={column}; the fields are: {', '.join(FIELDS)}"
            )
        if mapping.get(field, column) != column:
            raise ValueError(f"--columns names two columns for {field}: {mapping[field]!r} and {column!r}")
        mapping[field] = column
    return mapping


def columns_option(value: object) -> tuple[tuple[str, str], ...]:
    """A mapping in any form options accept it (a dict, ``"f=c,…"``, ``["f=c", …]``, pairs)
    as sorted ``(field, column)`` pairs: hashable, and cheap to send to worker processes."""
    if isinstance(value, Mapping):
        mapping = check_columns(value.items())
    elif isinstance(value, str):
        mapping = parse_columns(value)
    elif isinstance(value, Iterable):
        items = list(value)
        specs = [i for i in items if isinstance(i, str)]
        pairs = [tuple(i) for i in items if not isinstance(i, str)]
        if any(len(p) != 2 for p in pairs):
            raise ValueError(f"columns must be FIELD=COLUMN strings or (field, column) pairs, got {value!r}")
        mapping = {**parse_columns(specs), **check_columns((p[0], p[1]) for p in pairs)}
    else:
        raise ValueError(f"columns must be a mapping such as {{'text': 'noi_dung'}}, got {value!r}")
    return tuple(sorted(mapping.items()))


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """The columns of one table that feed each field, best first (present columns only)."""

    candidates: dict[str, tuple[str, ...]]

    @property
    def needed(self) -> list[str]:
        """Every column to read, in table order of first use (a Parquet projection)."""
        return list(dict.fromkeys(c for cols in self.candidates.values() for c in cols))

    @property
    def has_content(self) -> bool:
        return any(self.candidates.get(f) for f in CONTENT_FIELDS)


def plan_columns(names: Sequence[str], mapping: Mapping[str, str], *, holder: str = "table") -> ColumnPlan:
    """Match a table's column ``names`` to the fields; ``mapping`` (from ``--columns``) first.

    ``holder`` names what has the columns in messages ("table", "record").

    Raises :class:`~unionnews.errors.MissingColumn` when a mapped column is not in
    the table, or when no column can hold the article's text or HTML.
    """
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(column_key(name), name)
    candidates: dict[str, tuple[str, ...]] = {}
    for field, accepted in FIELDS.items():
        if field in mapping:
            wanted = mapping[field]
            if not wanted:
                continue  # "description=": the user turned the field off
            found = wanted if wanted in names else by_key.get(column_key(wanted))
            if found is None:
                raise MissingColumn(
                    f"--columns {field}={wanted}: this {holder} has no column {wanted!r}; "
                    f"its columns are: {_listing(names)}"
                )
            candidates[field] = (found,)
        else:
            candidates[field] = tuple(dict.fromkeys(by_key[k] for k in accepted if k in by_key))
    plan = ColumnPlan(candidates)
    if not plan.has_content:
        raise MissingColumn(
            f"no column holds the article text (looked for {', '.join(FIELDS['text'])}, or HTML in "
            f"{', '.join(FIELDS['html'])}); its columns are: {_listing(names)}. "
            "Name the text column with --columns text=COLUMN"
        )
    return plan


#: Most column names listed in a message.
MAX_LISTED = 30


def _listing(names: Sequence[str]) -> str:
    shown = ", ".join(repr(n) for n in names[:MAX_LISTED])
    more = f" and {len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else ""
    return (shown + more) or "none"
