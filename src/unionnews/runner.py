"""Run the whole extraction over many inputs: discover -> articles -> facts -> dataset.

Every input either becomes an article (with its facts) or an error row saying
why not; one bad file never stops the run. Work is spread over processes with
``workers > 1``; results come back in input order so output is deterministic.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from unionnews.articles import extract_article
from unionnews.articles.dedup import near_duplicate_key
from unionnews.dataset import build_tables, check_out_dir, write_dataset
from unionnews.errors import InputError
from unionnews.inputs.discover import MAX_BYTES, InputDocument, list_inputs, read_input
from unionnews.model import ArticleResult, DocumentError
from unionnews.options import ExtractOptions
from unionnews.pipeline import Pipeline, extract_facts

logger = logging.getLogger(__name__)

#: Documents sent to a worker process at a time.
_CHUNKSIZE = 8


@dataclass(slots=True)
class RunSummary:
    """What a run did: counts for the user, tables for the caller."""

    out_dir: Path | None
    tables: dict[str, pd.DataFrame]
    n_articles: int = 0
    n_failed: int = 0
    n_duplicates: int = 0
    failures: list[DocumentError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.n_failed == 0

    def describe(self) -> str:
        n_fig = len(self.tables.get("figures", ()))
        n_ent = len(self.tables.get("entities", ()))
        where = f" -> {self.out_dir}" if self.out_dir else ""
        return (
            f"{self.n_articles} articles ({self.n_duplicates} duplicates), "
            f"{n_fig} figures, {n_ent} entities, {self.n_failed} failed{where}"
        )


def process_document(doc: InputDocument, pipeline: Pipeline | None = None) -> ArticleResult | DocumentError:
    """One input to its facts, or to the reason it has none. Never raises for bad input."""
    try:
        article = extract_article(doc.data, url=doc.url, path=doc.path, kind=doc.kind)
    except InputError as exc:
        return DocumentError(doc.path, exc.stage, type(exc).__name__, str(exc))
    try:
        return extract_facts(article, pipeline)
    except Exception as exc:  # a bug in a rule must not lose the rest of the run
        logger.exception("fact extraction failed on %s", doc.path)
        return DocumentError(
            doc.path,
            "extract",
            type(exc).__name__,
            f"{exc} (this is a bug in unionnews; please report it with the input file)",
        )


def process_path(
    item: Path | DocumentError, max_bytes: int = MAX_BYTES
) -> ArticleResult | DocumentError:
    """Read one listed input and extract it (runs in a worker process when workers > 1)."""
    if isinstance(item, DocumentError):
        return item
    doc = read_input(item, max_bytes=max_bytes)
    return doc if isinstance(doc, DocumentError) else process_document(doc)


def _results(
    items: list[Path | DocumentError], workers: int, max_bytes: int
) -> Iterator[ArticleResult | DocumentError]:
    """Results in input order; each worker reads its own files, so bytes never queue up."""
    work = partial(process_path, max_bytes=max_bytes)
    if workers == 1:
        yield from map(work, items)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(work, items, chunksize=_CHUNKSIZE)


def mark_duplicates(results: Sequence[ArticleResult]) -> int:
    """Flag articles whose normalised text was already seen; return how many.

    The first occurrence (in input order) is the original; later copies get
    ``duplicate_of`` and keep their facts, so evaluation and
    provenance still work while comparative tables count the text once.
    """
    seen: dict[str, str] = {}
    n = 0
    for result in results:
        art = result.article
        dedup_key = near_duplicate_key(art.text)
        original = seen.setdefault(dedup_key, art.article_id)
        if original != art.article_id:
            art.duplicate_of = original
            n += 1
    return n


def run_extract(
    inputs: Sequence[str | Path],
    out_dir: str | Path | None,
    options: ExtractOptions | None = None,
) -> RunSummary:
    """Extract every article under ``inputs``; write the dataset to ``out_dir`` if given."""
    opts = options or ExtractOptions()
    if out_dir is not None:
        check_out_dir(out_dir)  # a wrong --out fails now, not after the extraction
    items = list_inputs(inputs)
    results: list[ArticleResult] = []
    errors: list[DocumentError] = []
    bar = tqdm(
        total=len(items),
        unit="doc",
        desc="extract",
        disable=not opts.progress,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    with bar:
        for item in _results(items, opts.workers, opts.max_bytes):
            if isinstance(item, DocumentError):
                errors.append(item)
                logger.warning("%s: %s: %s", item.source, item.error, item.message)
            else:
                results.append(item)
            bar.update(1)
            bar.set_postfix(failed=len(errors), refresh=False)
    run_at = datetime.now(UTC).isoformat(timespec="seconds")
    for art in (r.article for r in results):
        art.fetched_at = art.fetched_at or run_at
    n_dup = mark_duplicates(results)
    tables = build_tables(results, errors)
    target = Path(out_dir) if out_dir is not None else None
    if target is not None:
        write_dataset(tables, target, formats=opts.formats, duckdb=opts.duckdb)
    return RunSummary(target, tables, len(results), len(errors), n_dup, errors)
