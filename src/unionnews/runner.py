"""Run the whole extraction over many inputs: discover -> articles -> facts -> dataset.

Every input either becomes an article (with its facts) or an error row saying
why not; one bad file never stops the run. Work is spread over processes with
``workers > 1``; results come back in input order so output is deterministic.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import closing, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unionnews._memory import release_freed_memory
from unionnews._processes import stop_pool, worker_pool
from unionnews.articles import LOCAL_SITE, extract_article
from unionnews.articles.chrome import CONTENT_FARM_NOTE
from unionnews.articles.dedup import near_duplicate_key
from unionnews.dataset import DatasetWriter, build_arrow_tables, build_tables, lexicon_vocabulary
from unionnews.dataset.writers import write_errors_beside
from unionnews.errors import InputError, InputNotFound
from unionnews.inputs.discover import KINDS, MAX_BYTES, InputDocument, display_path, list_inputs, read_input
from unionnews.inputs.tables import is_table, iter_table
from unionnews.inputs.warc import is_warc, iter_warc
from unionnews.model import Article, ArticleResult, DocumentError
from unionnews.nlp.normalize import match_key
from unionnews.options import DEFAULT_TIME_BUDGET, ExtractOptions
from unionnews.pipeline import Pipeline, extract_facts, pipeline_for
from unionnews.sources.urls import WEB_URL_RE, safe_page_key

if TYPE_CHECKING:
    import pandas as pd
    from tqdm import tqdm

logger = logging.getLogger(__name__)

#: Documents sent to a worker process at a time.
_CHUNKSIZE = 8


@dataclass(slots=True)
class RunSummary:
    """What a run did: counts for the user; the tables too when nothing was written.

    ``out_dir`` is where a dataset was written (``None`` when none was). A run
    that extracted no article never replaces a dataset: ``kept_dataset`` is then
    the one left as it was in ``--out``, and ``errors_file`` the CSV beside it
    that holds the run's failures.
    """

    out_dir: Path | None
    tables: dict[str, pd.DataFrame] | None = None
    n_articles: int = 0
    n_figures: int = 0
    n_entities: int = 0
    n_duplicates: int = 0
    n_recaptures: int = 0  # the same URL read again (web-archive re-captures); kept once
    n_skipped: int = 0  # pages of WARC archives that are no articles (listings, home pages)
    failures: list[DocumentError] = field(default_factory=list)
    inputs: tuple[str, ...] = ()  # the paths the run was given
    n_inputs: int = 0  # files and archives found under them
    kept_dataset: Path | None = None
    errors_file: Path | None = None

    @property
    def n_failed(self) -> int:
        return len(self.failures)

    @property
    def ok(self) -> bool:
        """Inputs were found, none failed, and no dataset had to be kept instead of replaced."""
        return not self.failures and self.n_inputs > 0 and self.kept_dataset is None

    def describe(self) -> str:
        if self.n_inputs == 0:
            kinds = ", ".join([*KINDS, ".warc", ".warc.gz", ".jsonl", ".json", ".csv", ".tsv", ".parquet"])
            return (
                f"no input files in {', '.join(self.inputs) or 'the inputs'}: unionnews reads {kinds} "
                "files (folders are walked; other files are skipped). Nothing was written."
            )
        where = f" -> {self.out_dir}" if self.out_dir else ""
        kept = ""
        if self.kept_dataset is not None:
            saved = f"; the failures and their reasons are in {self.errors_file}" if self.errors_file else ""
            kept = (
                f"\nNo article was extracted, so the existing dataset in {self.kept_dataset} "
                f"was kept as it was{saved}."
            )
        return (
            f"{self.n_articles} articles ({self.n_duplicates} duplicates"
            + (f", {self.n_recaptures} re-captures skipped" if self.n_recaptures else "")
            + (f", {self.n_skipped} archived pages that are no articles" if self.n_skipped else "")
            + "), "
            f"{self.n_figures} figures, {self.n_entities} entities, {self.n_failed} failed{where}" + kept
        )


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


#: Errors that only say a page of a web archive is not an article (a listing, a home page).
NOT_ARTICLE_ERRORS = frozenset({"NotAnArticle", "EmptyDocument"})


@dataclass(frozen=True, slots=True)
class SkippedPage:
    """A page of a WARC archive that is no article: counted, not an error (crawls hold many)."""

    source: str
    reason: str


Produced = ArticleResult | DocumentError | SkippedPage
#: A column mapping as ``ExtractOptions.columns`` holds it: ``(("text", "noi_dung"),)``.
Columns = tuple[tuple[str, str], ...]


def iter_path(
    item: Path | DocumentError,
    max_bytes: int = MAX_BYTES,
    metrics: str | None = None,
    columns: Columns = (),
    budget: float | None = DEFAULT_TIME_BUDGET,
) -> Iterator[Produced]:
    """Read one listed input (a file, every page of a WARC or ARC archive, every row of a table
    of articles) and extract it, lazily.

    Each document is read, decoded and extracted inside its own guard: any exception
    becomes an error row (:func:`_guarded`, :func:`process_document`) and the next
    document is read.

    ``metrics`` is a user metric file merged over the packaged lexicon; ``columns`` maps
    fields to a table's columns (``ExtractOptions.columns``); ``budget`` is each article's
    time budget in seconds (``ExtractOptions.time_budget``).
    """
    pipeline = pipeline_for(metrics)
    if isinstance(item, DocumentError):
        yield item
        return
    if is_table(item):  # every row is an article given as such: a row that is none is an error
        for row in _guarded(item, iter_table(item, max_bytes=max_bytes, columns=dict(columns))):
            yield row if isinstance(row, DocumentError) else process_document(row, pipeline, budget)
        return
    if is_warc(item):
        for doc in _guarded(item, iter_warc(item, max_bytes=max_bytes)):
            result = doc if isinstance(doc, DocumentError) else process_document(doc, pipeline, budget)
            if isinstance(result, DocumentError) and result.error in NOT_ARTICLE_ERRORS:
                yield SkippedPage(result.source, result.message)
            else:
                yield result
        return
    reading = (read_input(item, max_bytes=max_bytes) for _ in range(1))  # read inside the guard
    for doc in _guarded(item, reading):
        yield doc if isinstance(doc, DocumentError) else process_document(doc, pipeline, budget)


def _guarded(
    path: Path, docs: Iterator[InputDocument | DocumentError]
) -> Iterator[InputDocument | DocumentError]:
    """The documents a reader gives for ``path``; an exception it raises (out of memory, a
    bug) becomes one ``read`` error row after the documents it gave, and reading stops.

    The readers record what they expect as rows themselves; this guard is for the rest,
    so that one input never costs the run.
    """
    try:
        yield from docs
    except Exception as exc:  # the per-input guard: the run goes on with the next input
        logger.exception("reading %s failed", display_path(path))
        yield DocumentError(
            display_path(path),
            "read",
            type(exc).__name__,
            f"{str(exc) or type(exc).__name__} while reading this input; what was read before was "
            "kept (this is a bug in unionnews; please report it with the input file)",
        )


def process_path(
    item: Path | DocumentError,
    max_bytes: int = MAX_BYTES,
    metrics: str | None = None,
    columns: Columns = (),
    budget: float | None = DEFAULT_TIME_BUDGET,
) -> list[Produced]:
    """:func:`iter_path` as a list, for worker processes (file bytes never cross processes)."""
    return list(iter_path(item, max_bytes, metrics, columns, budget))


def _results(
    items: list[Path | DocumentError],
    workers: int,
    max_bytes: int,
    metrics: str | None,
    columns: Columns = (),
    budget: float | None = DEFAULT_TIME_BUDGET,
) -> Generator[Iterable[Produced], None, None]:
    """Results per listed input, in input order (lazily within a WARC file or a table with one worker).

    With ``workers > 1`` the workers die with this process (even when it is killed), and
    a run that stops early (Ctrl-C, SIGTERM, an error, the generator closed) terminates
    them at once instead of waiting for the work they hold.
    """
    if workers == 1:
        yield from (iter_path(item, max_bytes, metrics, columns, budget) for item in items)
        return
    work = partial(process_path, max_bytes=max_bytes, metrics=metrics, columns=columns, budget=budget)
    pool = worker_pool(workers)
    try:
        yield from pool.map(work, items, chunksize=_CHUNKSIZE)
    except BaseException:  # GeneratorExit and KeyboardInterrupt included: stop, then re-raise
        stop_pool(pool)
        raise
    pool.shutdown()


@dataclass(slots=True)
class SeenArticles:
    """What earlier batches of a run held: text keys, article ids and their sites, page keys."""

    by_key: dict[str, str] = field(default_factory=dict)  # near-duplicate key -> article_id
    sites: dict[str, str | None] = field(default_factory=dict)  # article_id -> site
    #: page key (:func:`~unionnews.sources.urls.page_key`) -> (article_id, declared): declared
    #: keys come from a page's canonical link and fold only pages whose titles agree
    pages: dict[str, tuple[str, bool]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # article_id -> title match key


def _copy_kind(original_site: str | None, copy: Article) -> str:
    """ "alias" for another URL of the same known site, "copy" otherwise."""
    same_site = copy.site is not None and copy.site != LOCAL_SITE and original_site == copy.site
    return "alias" if same_site and CONTENT_FARM_NOTE not in copy.notes else "copy"


def _page_keys(art: Article) -> tuple[set[str], str | None]:
    """(keys of the URLs that served the page, key of the URL it declares as its own)."""
    own = {safe_page_key(u) for u in (art.url, *art.aliases) if WEB_URL_RE.match(u)}
    return own, safe_page_key(art.declared_url) if art.declared_url else None


def _same_page(art: Article, seen: SeenArticles) -> str | None:
    """The article_id of an article already kept that is this very page under another URL:
    the same page key (tracking parameters, NukeViet's index.php form, print and AMP
    copies, redirects), or a canonical link naming it (or named by it) with the same title."""
    if art.article_id in seen.sites:
        return art.article_id
    own, declared = _page_keys(art)
    title = match_key(art.title or "")
    for key, trusted in [*((k, True) for k in own), *([(declared, False)] if declared else [])]:
        hit = seen.pages.get(key)
        if hit is None:
            continue
        other, other_trusted = hit
        if (trusted and other_trusted) or (title and seen.titles.get(other) == title):
            return other
    return None


def mark_duplicates(batch: list[ArticleResult], seen: SeenArticles) -> tuple[int, int]:
    """Flag copies and drop re-captures in ``batch`` (in place); return (copies, re-captures).

    * The same page again is dropped: the same canonical URL (so the same
      ``article_id``: a second capture in a web archive, a tracking-parameter
      variant), or the same :func:`~unionnews.sources.urls.page_key` (NukeViet's
      ``index.php?nv=…&op=…`` form of a rewritten path, a print or AMP copy, a
      redirect source), or a page whose ``<link rel=canonical>`` names a kept page
      with the same title (or is named by one). Its URLs are added to the kept
      page's ``aliases`` when that one is still in this batch; when the page named
      as canonical comes after its copy in the same batch, it takes the copy's place.
    * The same text under another URL is kept with ``duplicate_of`` pointing to
      the first occurrence (in input order) and ``copy_kind`` "alias" (the same
      known site) or "copy" (another site, an unknown one such as a local file, or a
      page marked as a content-farm copy). Its facts stay, so
      evaluation and provenance work, while comparative tables count the text once.

    ``seen`` carries over between batches.
    """
    kept: list[ArticleResult] = []
    by_id: dict[str, ArticleResult] = {}
    copies = recaptures = 0
    for result in batch:
        art = result.article
        first_id = _same_page(art, seen)
        if first_id is not None:
            recaptures += 1
            first = by_id.get(first_id)
            if first is not None:
                if first.article.declared_url and first.article.declared_url == art.url:
                    _take_place(result, first, kept, seen)
                    del by_id[first_id]
                    by_id[art.article_id] = result
                else:
                    fa = first.article
                    fa.aliases = sorted({*fa.aliases, *art.aliases, art.url} - {fa.url})
            logger.info("%s: the same page as %s, kept once", art.url, first_id)
            continue
        seen.sites[art.article_id] = art.site
        by_id[art.article_id] = result
        _register(art, art.article_id, seen)
        original = seen.by_key.setdefault(near_duplicate_key(art.text, art.key), art.article_id)
        if original != art.article_id:
            art.duplicate_of = original
            art.copy_kind = _copy_kind(seen.sites.get(original), art)
            copies += 1
        kept.append(result)
    batch[:] = kept
    return copies, recaptures


def _take_place(
    result: ArticleResult, copy: ArticleResult, kept: list[ArticleResult], seen: SeenArticles
) -> None:
    """``result`` is the page that ``copy`` (kept earlier in this batch) named as canonical:
    it takes the copy's row, and what pointed to the copy points to it."""
    art, old = result.article, copy.article
    art.aliases = sorted({*art.aliases, *old.aliases, old.url} - {art.url})
    art.duplicate_of, art.copy_kind = old.duplicate_of, old.copy_kind
    kept[kept.index(copy)] = result
    del seen.sites[old.article_id]
    seen.sites[art.article_id] = art.site
    for key, value in list(seen.by_key.items()):
        if value == old.article_id:
            seen.by_key[key] = art.article_id
    for other in kept:
        if other.article.duplicate_of == old.article_id:
            other.article.duplicate_of = art.article_id
    for key, (aid, trusted) in list(seen.pages.items()):
        if aid == old.article_id:
            seen.pages[key] = (art.article_id, trusted)
    _register(art, art.article_id, seen)


def _register(art: Article, article_id: str, seen: SeenArticles) -> None:
    own, declared = _page_keys(art)
    for key in own:
        seen.pages[key] = (article_id, True)
    if declared:
        seen.pages.setdefault(declared, (article_id, False))
    seen.titles[article_id] = match_key(art.title or "")


#: Articles extracted before their rows are appended to the output files.
BATCH_SIZE = 200


class _NoProgress:
    """The progress bar of a run that shows none: tqdm (and the multiprocessing lock it makes)
    is imported only when a bar is shown."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int = 1) -> None:
        """Nothing to show."""

    def set_postfix(self, **values: object) -> None:
        """Nothing to show."""


def _progress(total: int, show: bool) -> tqdm[Any] | _NoProgress:
    """A tqdm bar over ``total`` inputs on stderr, or :class:`_NoProgress` when ``show`` is false."""
    if not show:
        return _NoProgress()
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="extract", file=sys.stderr, dynamic_ncols=True)


def _check_inputs_exist(inputs: Sequence[str | Path]) -> None:
    """Raise :class:`InputNotFound` naming every input path that does not exist."""

    def exists(path: Path) -> bool:
        try:
            return path.exists() or path.is_symlink()  # a broken link is reported when read
        except OSError:  # e.g. a folder on the way that may not be searched: reading says so
            return True

    missing = tuple(str(p) for p in inputs if not exists(Path(p)))
    if missing:
        relative = not all(Path(p).is_absolute() for p in missing)
        raise InputNotFound(missing, str(Path.cwd()) if relative else None)


def run_extract(
    inputs: Sequence[str | Path],
    out_dir: str | Path | None,
    options: ExtractOptions | None = None,
) -> RunSummary:
    """Extract every article under ``inputs``; stream the dataset to ``out_dir`` if given.

    With ``out_dir`` the rows are written in batches (memory stays flat however
    many inputs there are) and the directory appears atomically at the end;
    without it the tables are returned in the summary.

    Safe output: an input path that does not exist raises :class:`InputNotFound`
    before anything is read or written; an existing dataset in ``out_dir`` is
    replaced only by a run that extracted at least one article (otherwise it is
    kept byte for byte, and the run's failures go to a CSV beside it); inputs
    holding no files to read write nothing.
    """
    opts = options or ExtractOptions()
    _check_inputs_exist(inputs)
    if opts.metrics is not None:
        pipeline_for(opts.metrics)  # a bad metrics file stops the run here, before any output
    summary = RunSummary(Path(out_dir) if out_dir is not None else None, inputs=tuple(map(str, inputs)))
    items = list_inputs(inputs)
    summary.n_inputs = len(items)
    run_at = datetime.now(UTC).isoformat(timespec="seconds")
    if not items:  # empty folders: nothing to extract, so nothing is written or replaced
        logger.info("no input files in %s; nothing written", ", ".join(summary.inputs))
        summary.out_dir = None
        summary.tables = build_tables([], run_at=run_at)
        return summary
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
        if writer is not None:  # Arrow tables: written as they are, without pandas
            tables = build_arrow_tables(batch, errors, run_at=run_at)
            summary.failures.extend(errors)
            batch.clear()  # the records are in the tables now: free them before writing
            errors.clear()
            writer.add(tables)
            return
        kept.extend(batch)
        summary.failures.extend(errors)
        batch.clear()
        errors.clear()

    def take(produced: Iterable[Produced], sink: DatasetWriter | None) -> tuple[int, int, int, int]:
        """Keep what one input gave; return its (articles, figures, failed, skipped)."""
        articles = figures = failed = skipped = 0
        for item in produced:
            if isinstance(item, DocumentError):
                errors.append(item)
                failed += 1
                logger.warning("%s: %s: %s", item.source, item.error, item.message)
            elif isinstance(item, SkippedPage):
                summary.n_skipped += 1
                skipped += 1
                logger.debug("%s: skipped: %s", item.source, item.reason)
            else:
                batch.append(item)
                articles += 1
                figures += len(item.figures)
            if len(batch) + len(errors) >= BATCH_SIZE:
                flush(sink)
        return articles, figures, failed, skipped

    bar = _progress(len(items), opts.progress)
    writer = (
        DatasetWriter(
            out_dir,
            formats=opts.formats,
            duckdb=opts.duckdb,
            # a user metric file's metrics are in the data package's vocabulary too
            vocabulary=lexicon_vocabulary(opts.metrics) if opts.metrics else None,
        )
        if out_dir is not None
        else nullcontext(None)
    )
    results = _results(items, opts.workers, opts.max_bytes, opts.metrics, opts.columns, opts.time_budget)
    # closing() stops the workers first when the run stops early; the writer then removes its folder
    with bar, writer as sink, closing(results):
        for listed, produced in zip(items, results, strict=True):
            gave = take(produced, sink)  # a function: its loop variable holds no record past its batch
            logger.info(
                "read %s: %d articles, %d figures, %d failed, %d pages skipped",
                listed.source if isinstance(listed, DocumentError) else display_path(listed),
                *gave,
            )
            bar.update(1)
            bar.set_postfix(failed=summary.n_failed + len(errors), refresh=False)
            produced = ()  # a worker's list of records is in the batch now
        flush(sink)
        if sink is not None and sink.replaces and summary.n_articles == 0:
            sink.cancel()  # only a run that extracted articles replaces a dataset
            summary.kept_dataset, summary.out_dir = summary.out_dir, None
    if summary.out_dir is None:
        summary.tables = build_tables(kept, summary.failures, run_at=run_at)
    if summary.kept_dataset is not None and summary.tables is not None and summary.failures:
        summary.errors_file = write_errors_beside(summary.kept_dataset, summary.tables["errors"])
    if summary.kept_dataset is not None:
        logger.warning("no article extracted: the dataset in %s was kept as it was", summary.kept_dataset)
    return summary
