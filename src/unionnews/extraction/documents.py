"""Read one unit of work (a file, a web archive's record range, a table of articles) and turn
each document into its facts, or into the row that says why it has none.

Every document is read, decoded and extracted inside its own guard: one bad document is
one error row, and the next one is read.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from unionnews._memory import release_freed_memory
from unionnews.articles import extract_article
from unionnews.errors import InputError
from unionnews.extraction.partitions import Unit
from unionnews.inputs.discover import MAX_BYTES, InputDocument, display_path, read_input
from unionnews.inputs.tables import is_table, iter_table
from unionnews.inputs.warc import is_warc, iter_warc
from unionnews.model import ArticleResult, DocumentError
from unionnews.options import DEFAULT_TIME_BUDGET
from unionnews.pipeline import Pipeline, extract_facts

logger = logging.getLogger(__name__)

#: Errors that only say a page of a web archive is not an article (a listing, a home page).
NOT_ARTICLE_ERRORS = frozenset({"NotAnArticle", "EmptyDocument", "NotUnionNews"})
#: A column mapping as ``ExtractOptions.columns`` holds it: ``(("text", "noi_dung"),)``.
Columns = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class SkippedPage:
    """A page of a WARC archive that is no article: counted, not an error (crawls hold many)."""

    source: str
    reason: str


Produced = ArticleResult | DocumentError | SkippedPage


def process_document(
    doc: InputDocument, pipeline: Pipeline | None = None, budget: float | None = DEFAULT_TIME_BUDGET
) -> ArticleResult | DocumentError:
    """One input to its facts, or to the reason it has none. Never raises for bad input.

    ``budget`` is the most seconds extracting its facts may take (None: no limit); an
    article over it is a ``TimeBudgetExceeded`` error row.
    """
    started = time.perf_counter()
    try:
        article = extract_article(
            doc.data,
            url=doc.url,
            path=doc.path,
            kind=doc.kind,
            fetched_at=doc.fetched_at,
            charset=doc.charset,
            aliases=doc.aliases,
            title=doc.title,
            published=doc.published,
            listed=doc.listed,
        )
    except InputError as exc:
        return DocumentError(doc.path, exc.stage, type(exc).__name__, str(exc))
    except Exception as exc:  # the per-input guard: one document that breaks the reader is one row
        logger.exception("decoding or parsing %s failed", doc.path)
        return DocumentError(
            doc.path,
            "parse",
            type(exc).__name__,
            f"{str(exc) or type(exc).__name__} while decoding and parsing this document; the run "
            "went on (this is a bug in unionnews; please report it with the input file)",
        )
    article.notes[:0] = doc.notes
    logger.debug("%s: read (%s) in %.1f ms", doc.path, doc.kind, (time.perf_counter() - started) * 1000)
    release_freed_memory(len(doc.data))  # a large page's parse trees are gone: give the memory back
    try:
        return extract_facts(article, pipeline, budget=budget)
    except InputError as exc:  # over its time budget
        return DocumentError(doc.path, exc.stage, type(exc).__name__, str(exc))
    except Exception as exc:  # a bug in a rule must not lose the rest of the run
        logger.exception("fact extraction failed on %s", doc.path)
        return DocumentError(
            doc.path,
            "extract",
            type(exc).__name__,
            f"{exc} (this is a bug in unionnews; please report it with the input file)",
        )


def guarded(
    path: Path | str, docs: Iterator[InputDocument | DocumentError]
) -> Iterator[InputDocument | DocumentError]:
    """The documents a reader gives for ``path``; an exception it raises (out of memory, a
    bug) becomes one ``read`` error row after the documents it gave, and reading stops.

    The readers record what they expect as rows themselves; this guard is for the rest,
    so that one input never costs the run.
    """
    try:
        yield from docs
    except Exception as exc:  # the per-input guard: the run goes on with the next input
        name = path if isinstance(path, str) else display_path(path)
        logger.exception("reading %s failed", name)
        yield DocumentError(
            name,
            "read",
            type(exc).__name__,
            f"{str(exc) or type(exc).__name__} while reading this input; what was read before was "
            "kept (this is a bug in unionnews; please report it with the input file)",
        )


def read_unit(
    unit: Unit, max_bytes: int = MAX_BYTES, columns: Columns = ()
) -> Iterator[InputDocument | DocumentError]:
    """The documents of one unit of work, read lazily, in input order; errors as rows."""
    item = unit.item
    if isinstance(item, DocumentError):
        yield item
        return
    if isinstance(item, str):
        from unionnews.inputs.remote import remote_documents

        reading = remote_documents(
            item, max_bytes=max_bytes, columns=dict(columns), span=unit.span, redirects=unit.redirects
        )
        yield from guarded(item, reading)
        return
    if is_table(item):
        yield from guarded(item, iter_table(item, max_bytes=max_bytes, columns=dict(columns)))
        return
    if is_warc(item):
        if unit.span is None:
            reading = iter_warc(item, max_bytes=max_bytes)
        else:
            reading = iter_warc(item, max_bytes=max_bytes, span=unit.span, redirects=unit.redirects)
        yield from guarded(item, reading)
        return
    yield from guarded(item, (read_input(item, max_bytes=max_bytes) for _ in range(1)))  # read in the guard


def extract_document(
    doc: InputDocument | DocumentError, unit: Unit, pipeline: Pipeline | None, budget: float | None
) -> Produced:
    """What one document read from ``unit`` gives: its facts, an error row, or (a page of a web
    archive that is no article) a skipped page."""
    if isinstance(doc, DocumentError):
        # a page the crawl stored but judged not union news: counted, not a failure
        return SkippedPage(doc.source, doc.message) if doc.error == "NotUnionNews" else doc
    result = process_document(doc, pipeline, budget)
    item = unit.item
    archive = not isinstance(item, DocumentError) and is_warc(Path(item) if isinstance(item, str) else item)
    if archive and isinstance(result, DocumentError) and result.error in NOT_ARTICLE_ERRORS:
        return SkippedPage(result.source, result.message)
    return result
