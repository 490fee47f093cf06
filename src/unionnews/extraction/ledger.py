"""The ledger of a run: one row per document read, the ``inputs`` table of a dataset.

A partition gives its ledger with the columns of the ``inputs`` table that it knows, plus the
hidden columns (:data:`HIDDEN`) the duplicate decisions need; ``seq`` and the final
``outcome`` (copy, re-capture) are set when the dataset is assembled.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from unionnews.articles.chrome import CONTENT_FARM_NOTE
from unionnews.articles.dedup import near_duplicate_key
from unionnews.model import ArticleResult

if TYPE_CHECKING:
    import pyarrow as pa

#: Columns a partition's ledger holds besides those of the ``inputs`` table: the row's
#: document number (``_doc``, which the partition's other tables carry too), the input's
#: place in the listing, where its record range starts (``ordinal`` counts from there until
#: the dataset is assembled), a rank that orders rows of earlier datasets within it (0 for the
#: documents of this run), and what the duplicate decisions read of the article.
HIDDEN = ("_doc", "_position", "_range", "_rank", "_url", "_aliases", "_site", "_title", "_farm")
#: Bits of ``_doc`` that number the documents within a partition (the rest is its index).
DOC_BITS = 32


def doc_number(partition: int, ordinal: int) -> int:
    """The ``_doc`` of the ``ordinal``-th document a partition gave.

    >>> doc_number(3, 5) == (3 << DOC_BITS) + 5
    True
    """
    return (partition << DOC_BITS) + ordinal


def digest_of(data: bytes) -> str:
    """The ``inputs.digest`` of a document's bytes (hex sha256)."""
    return hashlib.sha256(data).hexdigest()


def text_key(text: str, key: str | None = None) -> str:
    """``inputs.text_key``: the sha1 of the text's near-duplicate key."""
    return hashlib.sha1(near_duplicate_key(text, key).encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Ledger:
    """The ledger rows of one partition, column by column."""

    columns: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, **row: Any) -> None:
        """Append one row; columns it does not give are null."""
        for name in _NAMES:
            self.columns.setdefault(name, []).append(
                row.get(name, 0 if name in ("_rank", "_range") else None)
            )

    def add_article(self, result: ArticleResult, **row: Any) -> None:
        """Append the row of a document that became an article."""
        art = result.article
        self.add(
            **row,
            outcome="article",
            article_id=art.article_id,
            declared_url=art.declared_url,
            text_key=text_key(art.text, art.key),
            _url=art.url,
            _aliases=list(art.aliases),
            _site=art.site,
            _title=art.title,
            _farm=CONTENT_FARM_NOTE in art.notes,
        )

    def table(self) -> pa.Table:
        """The rows as an Arrow table of :func:`ledger_schema`."""
        import pyarrow as pa

        schema = ledger_schema()
        n = len(self.columns.get("_doc", []))
        arrays = [arrow_array(self.columns.get(f.name, [None] * n), f.type) for f in schema]
        return pa.Table.from_arrays(arrays, schema=schema)


def arrow_array(values: list[Any], arrow_type: pa.DataType) -> pa.Array:
    """``values`` as an Arrow array of ``arrow_type`` (int64, string, bool or a list of
    strings), laid out without ``pa.array``, which loads pandas to look at its argument: a
    run over text files never needs pandas."""
    import pyarrow as pa

    from unionnews.dataset.arrow import column_array

    dtype = _DTYPES.get(str(arrow_type))
    built = column_array(values, dtype) if dtype is not None else None
    return built if built is not None else pa.array(values, arrow_type)


#: Arrow type -> the schema dtype :func:`~unionnews.dataset.arrow.column_array` builds it from.
_DTYPES = {"int64": "Int64", "string": "string", "bool": "boolean", "list<item: string>": "list"}


def ledger_schema() -> pa.Schema:
    """The Arrow schema of a partition's ledger: the ``inputs`` columns, then :data:`HIDDEN`."""
    import pyarrow as pa

    from unionnews.dataset.schema import arrow_schema

    inputs = arrow_schema("inputs")
    hidden = [
        pa.field("_doc", pa.int64()),
        pa.field("_position", pa.int64()),
        pa.field("_range", pa.int64()),
        pa.field("_rank", pa.int64()),
        pa.field("_url", pa.string()),
        pa.field("_aliases", pa.list_(pa.string())),
        pa.field("_site", pa.string()),
        pa.field("_title", pa.string()),
        pa.field("_farm", pa.bool_()),
    ]
    return pa.schema([*inputs, *hidden])


_NAMES = (
    "seq",
    "input",
    "source",
    "digest",
    "outcome",
    "article_id",
    "dataset",
    "declared_url",
    "text_key",
    "ordinal",
    *HIDDEN,
)
