"""Run the whole extraction over many inputs: discover -> articles -> facts -> dataset.

Every input either becomes an article (with its facts) or an error row saying
why not; one bad file never stops the run. Work is spread over processes with
``workers > 1``; results come back in input order so output is deterministic.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from unionnews.articles import LOCAL_SITE, extract_article
from unionnews.articles.chrome import CONTENT_FARM_NOTE
from unionnews.articles.dedup import near_duplicate_key
from unionnews.dataset import DatasetWriter, build_tables
from unionnews.errors import InputError
from unionnews.inputs.discover import MAX_BYTES, InputDocument, list_inputs, read_input
from unionnews.inputs.warc import is_warc, iter_warc
from unionnews.model import Article, ArticleResult, DocumentError
from unionnews.options import ExtractOptions
from unionnews.pipeline import Pipeline, extract_facts, pipeline_for

logger = logging.getLogger(__name__)

#: Documents sent to a worker process at a time.
_CHUNKSIZE = 8


@dataclass(slots=True)
class RunSummary:
    """What a run did: counts for the user; the tables too when nothing was written."""

    out_dir: Path | None
    tables: dict[str, pd.DataFrame] | None = None
    n_articles: int = 0
    n_figures: int = 0
    n_entities: int = 0
    n_duplicates: int = 0
    n_recaptures: int = 0  # the same URL read again (web-archive re-captures); kept once
    n_skipped: int = 0  # pages of WARC archives that are no articles (listings, home pages)
    failures: list[DocumentError] = field(default_factory=list)

    @property
    def n_failed(self) -> int:
        return len(self.failures)

    @property
    def ok(self) -> bool:
        return not self.failures

    def describe(self) -> str:
        where = f" -> {self.out_dir}" if self.out_dir else ""
        return (
            f"{self.n_articles} articles ({self.n_duplicates} duplicates"
            + (f", {self.n_recaptures} re-captures skipped" if self.n_recaptures else "")
            + (f", {self.n_skipped} archived pages that are no articles" if self.n_skipped else "")
            + "), "
            f"{self.n_figures} figures, {self.n_entities} entities, {self.n_failed} failed{where}"
        )


def process_document(doc: InputDocument, pipeline: Pipeline | None = None) -> ArticleResult | DocumentError:
    """One input to its facts, or to the reason it has none. Never raises for bad input."""
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
        )
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


#: Errors that only say a page of a web archive is not an article (a listing, a home page).
NOT_ARTICLE_ERRORS = frozenset({"NotAnArticle", "EmptyDocument"})


@dataclass(frozen=True, slots=True)
class SkippedPage:
    """A page of a WARC archive that is no article: counted, not an error (crawls hold many)."""

    source: str
    reason: str


Produced = ArticleResult | DocumentError | SkippedPage


def iter_path(
    item: Path | DocumentError, max_bytes: int = MAX_BYTES, metrics: str | None = None
) -> Iterator[Produced]:
    """Read one listed input (a file, or every page of a WARC archive) and extract it, lazily.

    ``metrics`` is a user metric file merged over the packaged lexicon.
    """
    pipeline = pipeline_for(metrics)
    if isinstance(item, DocumentError):
        yield item
        return
    if is_warc(item):
        for doc in iter_warc(item, max_bytes=max_bytes):
            result = doc if isinstance(doc, DocumentError) else process_document(doc, pipeline)
            if isinstance(result, DocumentError) and result.error in NOT_ARTICLE_ERRORS:
                yield SkippedPage(result.source, result.message)
            else:
                yield result
        return
    doc = read_input(item, max_bytes=max_bytes)
    yield doc if isinstance(doc, DocumentError) else process_document(doc, pipeline)


def process_path(
    item: Path | DocumentError, max_bytes: int = MAX_BYTES, metrics: str | None = None
) -> list[Produced]:
    """:func:`iter_path` as a list, for worker processes (file bytes never cross processes)."""
    return list(iter_path(item, max_bytes, metrics))


def _results(
    items: list[Path | DocumentError], workers: int, max_bytes: int, metrics: str | None
) -> Iterator[Iterable[Produced]]:
    """Results per listed input, in input order (lazily within a WARC file with one worker)."""
    if workers == 1:
        yield from (iter_path(item, max_bytes, metrics) for item in items)
        return
    work = partial(process_path, max_bytes=max_bytes, metrics=metrics)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(work, items, chunksize=_CHUNKSIZE)


@dataclass(slots=True)
class SeenArticles:
    """What earlier batches of a run held: text keys, article ids and their sites."""

    by_key: dict[str, str] = field(default_factory=dict)  # near-duplicate key -> article_id
    sites: dict[str, str | None] = field(default_factory=dict)  # article_id -> site


def _copy_kind(original_site: str | None, copy: Article) -> str:
    """ "alias" for another URL of the same known site, "copy" otherwise."""
    same_site = copy.site is not None and copy.site != LOCAL_SITE and original_site == copy.site
    return "alias" if same_site and CONTENT_FARM_NOTE not in copy.notes else "copy"


def mark_duplicates(batch: list[ArticleResult], seen: SeenArticles) -> tuple[int, int]:
    """Flag copies and drop re-captures in ``batch`` (in place); return (copies, re-captures).

    * The same page again (same canonical URL, so the same ``article_id``: a
      second capture in a web archive, a tracking-parameter variant) is dropped;
      its URL is added to the first capture's ``aliases`` when that one is still
      in this batch.
    * The same text under another URL is kept with ``duplicate_of`` pointing to
      the first occurrence (in input order) and ``copy_kind`` "alias" (the same
      known site) or "copy" (another site, an unknown one such as a local file, or a
      page marked as a content-farm copy). Its facts stay, so
      evaluation and provenance work, while comparative tables count the text once.

    ``seen`` carries over between batches.
    """
    kept: list[ArticleResult] = []
    by_id: dict[str, Article] = {}
    copies = recaptures = 0
    for result in batch:
        art = result.article
        if art.article_id in seen.sites:
            recaptures += 1
            first = by_id.get(art.article_id)
            if first is not None:
                first.aliases = sorted({*first.aliases, *art.aliases} - {first.url})
            logger.info("%s: captured again (%s), kept once", art.url, art.source_path)
            continue
        seen.sites[art.article_id] = art.site
        by_id[art.article_id] = art
        original = seen.by_key.setdefault(near_duplicate_key(art.text), art.article_id)
        if original != art.article_id:
            art.duplicate_of = original
            art.copy_kind = _copy_kind(seen.sites.get(original), art)
            copies += 1
        kept.append(result)
    batch[:] = kept
    return copies, recaptures


#: Articles extracted before their rows are appended to the output files.
BATCH_SIZE = 200


def run_extract(
    inputs: Sequence[str | Path],
    out_dir: str | Path | None,
    options: ExtractOptions | None = None,
) -> RunSummary:
    """Extract every article under ``inputs``; stream the dataset to ``out_dir`` if given.

    With ``out_dir`` the rows are written in batches (memory stays flat however
    many inputs there are) and the directory appears atomically at the end;
    without it the tables are returned in the summary.
    """
    opts = options or ExtractOptions()
    if opts.metrics is not None:
        pipeline_for(opts.metrics)  # a bad metrics file stops the run here, before any output
    summary = RunSummary(Path(out_dir) if out_dir is not None else None)
    items = list_inputs(inputs)
    run_at = datetime.now(UTC).isoformat(timespec="seconds")
    seen = SeenArticles()
    kept: list[ArticleResult] = []
    batch: list[ArticleResult] = []
    errors: list[DocumentError] = []

    def flush(writer: DatasetWriter | None) -> None:
        for art in (r.article for r in batch):
            art.fetched_at = art.fetched_at or run_at
        copies, recaptures = mark_duplicates(batch, seen)
        summary.n_duplicates += copies
        summary.n_recaptures += recaptures
        summary.n_articles += len(batch)
        summary.n_figures += sum(len(r.figures) for r in batch)
        summary.n_entities += sum(len(r.entities) for r in batch)
        if writer is not None:
            writer.add(build_tables(batch, errors, run_at=run_at))
        else:
            kept.extend(batch)
        summary.failures.extend(errors)
        batch.clear()
        errors.clear()

    bar = tqdm(
        total=len(items),
        unit="doc",
        desc="extract",
        disable=not opts.progress,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    writer = (
        DatasetWriter(out_dir, formats=opts.formats, duckdb=opts.duckdb)
        if out_dir is not None
        else nullcontext(None)
    )
    with bar, writer as sink:
        for produced in _results(items, opts.workers, opts.max_bytes, opts.metrics):
            for item in produced:
                if isinstance(item, DocumentError):
                    errors.append(item)
                    logger.warning("%s: %s: %s", item.source, item.error, item.message)
                elif isinstance(item, SkippedPage):
                    summary.n_skipped += 1
                    logger.debug("%s: skipped: %s", item.source, item.reason)
                else:
                    batch.append(item)
                if len(batch) + len(errors) >= BATCH_SIZE:
                    flush(sink)
            bar.update(1)
            bar.set_postfix(failed=summary.n_failed + len(errors), refresh=False)
        flush(sink)
    if out_dir is None:
        summary.tables = build_tables(kept, summary.failures, run_at=run_at)
    return summary
