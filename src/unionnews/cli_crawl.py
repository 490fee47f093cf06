"""``unionnews crawl`` and ``run``: the crawl's commands (``sites`` and ``crawl-report`` are in
:mod:`unionnews.cli_sites`).

Defined as standalone commands; :mod:`unionnews.cli` registers them on its group. The crawl's
options, whose defaults come from :mod:`unionnews.crawl`, are made when `crawl` or `run` parses
its arguments or shows its help (:class:`_CrawlCommand`), so the other commands never import
the crawl.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from unionnews.cli_analysis import note, quiet
from unionnews.cli_common import _CommandLineError, _report_extraction, format_option, workers_option
from unionnews.errors import InputNotFound, OutputNotWritable, UnionNewsError
from unionnews.options import ExtractOptions

if TYPE_CHECKING:
    from unionnews.crawl import CrawlOptions, CrawlSummary
    from unionnews.sources.registry import Registry


class _CrawlCommand(click.Command):
    """`crawl` or `run`: the shared crawl options (:func:`_crawl_options`) follow its own, added
    the first time its parameters are read (to parse arguments, to show its help), so that
    ``unionnews --help`` and the other commands do not import the crawl (requests, warcio,
    lxml) for their defaults."""

    _own_params: list[click.Parameter]
    _with_crawl_options = False

    @property
    def params(self) -> list[click.Parameter]:
        if not self._with_crawl_options:
            self._with_crawl_options = True
            self._own_params.extend(_crawl_options())
        return self._own_params

    @params.setter
    def params(self, value: list[click.Parameter]) -> None:
        self._own_params = value


#: Exit statuses of `crawl` and of the crawl part of `run` (2 is a usage error, as everywhere).
#: The crawl finished; any URL that failed failed on the sites' side (HTTP errors, DNS, resets, timeouts).
EXIT_OK = 0
#: URLs failed that ask something of you (a malformed seed, a private address, a crawl error),
#: or, with --strict, any URL failed.
EXIT_FAILED = 1
#: --max-pages was reached with URLs still queued: run the same command again to go on.
EXIT_UNFINISHED = 3
#: The corpus directory failed (a full disk, crawl.sqlite unreadable) or another crawl holds it.
EXIT_LOCAL = 4


class _CorpusProblem(click.ClickException):
    """The corpus directory cannot be used: one line, status 4."""

    exit_code = EXIT_LOCAL


def crawl_exit_status(summary: CrawlSummary, strict: bool = False) -> int:
    """The exit status of a crawl that ran to its end (see the EXIT_ constants)."""
    if summary.failures and (strict or not summary.only_remote_failures):
        return EXIT_FAILED
    if not summary.finished:
        return EXIT_UNFINISHED
    return EXIT_OK


def _crawl_options() -> list[click.Parameter]:
    """The options `crawl` and `run` share, after their own."""
    from unionnews.crawl.crawler import MAX_CRAWL_DELAY
    from unionnews.crawl.fetch import MAX_RETRY_AFTER, USER_AGENT

    return [
        click.Option(
            ["--delay"],
            type=click.FloatRange(min=0.0),
            default=2.0,
            show_default=True,
            help="Least seconds between two requests to one host (a longer robots.txt Crawl-delay wins).",
        ),
        click.Option(
            ["--max-pages"],
            type=click.IntRange(min=1),
            default=None,
            help="Stop after this many pages fetched in this run (run again to go on).",
        ),
        click.Option(
            ["--since"],
            type=click.DateTime(formats=["%Y-%m-%d"]),
            default=None,
            help="Skip articles dated before this day (YYYY-MM-DD) and stop paging older listings.",
        ),
        click.Option(
            ["--max-depth"],
            type=click.IntRange(min=0),
            default=6,
            show_default=True,
            help="Link hops from the seeds (the next pages of a listing do not count).",
        ),
        click.Option(
            ["--max-page-bytes"],
            type=click.IntRange(min=1),
            default=10_000_000,
            show_default=True,
            help="Responses larger than this are cut off and recorded as too_large.",
        ),
        click.Option(
            ["--timeout"],
            type=click.FloatRange(min=0.1),
            default=60.0,
            show_default=True,
            help="Most seconds one response may take, trickling included.",
        ),
        click.Option(
            ["--sites", "sites_file"],
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            default=None,
            help="Your own site registry (TOML, same fields as the packaged one; see docs/sites.md).",
        ),
        click.Option(
            ["--user-agent"],
            default=USER_AGENT,
            show_default=True,
            help="User-Agent to send; add a contact, e.g. 'unionnews/0.1 (thesis crawl; me@uni.edu)'.",
        ),
        click.Option(
            ["--allow-private-addresses"],
            is_flag=True,
            help="Crawl loopback and private addresses (for tests and local mirrors; never needed online).",
        ),
        click.Option(
            ["--max-crawl-delay"],
            type=click.FloatRange(min=0.0),
            default=MAX_CRAWL_DELAY,
            show_default=True,
            help="Longest robots.txt Crawl-delay obeyed (seconds); a longer one is capped with a warning.",
        ),
        click.Option(
            ["--max-retry-after"],
            type=click.FloatRange(min=0.0),
            default=MAX_RETRY_AFTER,
            show_default=True,
            help="Longest pause a 429's Retry-After imposes on a host (seconds); longer asks are capped.",
        ),
        click.Option(
            ["--strict"],
            is_flag=True,
            help="Exit with status 1 when any URL failed, the sites' failures (HTTP errors, DNS, "
            "timeouts…) included.",
        ),
        click.Option(
            ["--site-budget"],
            type=click.IntRange(min=1),
            default=None,
            help="Most pages asked of one host in this run; a host that reaches it is reported and "
            "the next run goes on from there.",
        ),
        click.Option(
            ["--everything"],
            is_flag=True,
            help="On newspapers' and broadcasters' sites too, follow every link and mark no page: "
            "no union-news filter.",
        ),
        _resolve_option(),
    ]


#: ``--resolve NAME=ADDRESS``: "bao.example.vn=127.0.0.5", "[::1]" accepted for an IPv6 address.
RESOLVE_RE = re.compile(r"^(?P<name>[A-Za-z0-9.-]+)=\[?(?P<address>[0-9A-Fa-f:.]+)\]?$")


def _resolve_pairs(
    ctx: click.Context | None, param: click.Parameter | None, value: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """``--resolve NAME=ADDRESS`` (repeatable) as (name, address) pairs, the address checked."""
    import ipaddress

    pairs = []
    for item in value:
        m = RESOLVE_RE.match(item.strip())
        try:
            if m is None:
                raise ValueError("not NAME=ADDRESS")
            address = str(ipaddress.ip_address(m.group("address")))
        except ValueError as exc:
            raise click.BadParameter(
                f"{item!r} is not NAME=ADDRESS with an IP address, e.g. bao.example.vn=127.0.0.5 ({exc})",
                ctx,
                param,
            ) from exc
        pairs.append((m.group("name").lower().rstrip("."), address))
    return tuple(pairs)


def _resolve_option() -> click.Option:
    """``--resolve``, shared by the crawl commands and ``sites --check``."""
    return click.Option(
        ["--resolve", "resolve"],
        multiple=True,
        callback=_resolve_pairs,
        metavar="NAME=ADDRESS",
        help="Connect to NAME at ADDRESS instead of asking DNS (repeatable), as curl's --resolve: for "
        "local mirrors and tests (a private ADDRESS also needs --allow-private-addresses).",
    )


def __getattr__(name: str) -> Any:
    """``CrawlOptions``, imported with the crawl the first time `crawl` or `run` needs it
    (PEP 562); ``_crawl`` looks it up here, so it can be replaced (tests shorten the backoff)."""
    if name == "CrawlOptions":
        from unionnews.crawl import CrawlOptions

        globals()[name] = CrawlOptions
        return CrawlOptions
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _crawl(
    ctx: click.Context,
    seeds: tuple[str, ...],
    corpus: Path,
    *,
    strict: bool,
    delay: float,
    max_pages: int | None,
    since: datetime | None,
    max_depth: int,
    max_page_bytes: int,
    timeout: float,
    sites_file: Path | None,
    allow_private_addresses: bool,
    user_agent: str,
    max_crawl_delay: float,
    max_retry_after: float,
    site_budget: int | None = None,
    everything: bool = False,
    resolve: tuple[tuple[str, str], ...] = (),
    provinces: tuple[str, ...] = (),
    all_sites: bool = False,
    confirmed_only: bool = False,
    sites_file_only: bool = False,
) -> CrawlSummary:
    """Run the crawl and print its summary (with -q only when the crawl failed, status 1);
    a corpus directory that fails is status 4."""
    from unionnews.crawl import FetchLimits
    from unionnews.crawl import crawl as run_crawl
    from unionnews.crawl.filtering import UnionFilter
    from unionnews.crawl.state import CorpusError, CrawlerBusy
    from unionnews.sources.registry import load_registry

    crawl_options: type[CrawlOptions] = sys.modules[__name__].CrawlOptions
    try:
        registry = load_registry(sites_file)
        among = _own_hosts(sites_file) if sites_file_only else None
        urls = _batch_seeds(registry, seeds, provinces, all_sites, confirmed_only, among)
        options = crawl_options(
            delay=delay,
            max_pages=max_pages,
            since=since.date() if since else None,
            max_depth=max_depth,
            progress=not quiet(ctx) and sys.stderr.isatty(),
            limits=FetchLimits(
                max_bytes=max_page_bytes,
                max_seconds=timeout,
                max_retry_after=max_retry_after,
                allow_private_addresses=allow_private_addresses,
                resolve=resolve,
            ),
            max_crawl_delay=max_crawl_delay,
            cms=registry.cms_by_host(),
            listings=registry.listing_templates(),
            user_agent=user_agent,
            site_budget=site_budget,
            union_filter=None if everything else UnionFilter.of_sites(registry),
        )
        summary = run_crawl(urls, corpus, options)
    except (CorpusError, CrawlerBusy) as exc:
        raise _CorpusProblem(str(exc)) from exc
    except (UnionNewsError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if crawl_exit_status(summary, strict) == EXIT_FAILED:
        click.echo(summary.describe(), err=True)
    else:
        note(summary.describe())
    return summary


def _own_hosts(sites_file: Path | None) -> frozenset[str]:
    """--sites-file-only: the hosts of the --sites file."""
    from unionnews.crawl.batch import file_hosts

    if sites_file is None:
        raise click.UsageError("--sites-file-only needs --sites FILE")
    return file_hosts(sites_file)


def _batch_seeds(
    registry: Registry,
    seeds: tuple[str, ...],
    provinces: tuple[str, ...],
    all_sites: bool,
    confirmed_only: bool,
    among: frozenset[str] | None = None,
) -> list[str]:
    """The seed URLs of SEEDS, then of the registry's sites chosen by --province / --all
    (among the hosts ``among`` when given)."""
    from unionnews.crawl.batch import choose_sites, seeds_of

    urls = registry.seed_urls(seeds)
    if provinces or all_sites:
        chosen = choose_sites(registry, provinces, all_sites, confirmed_only, among)
        note(f"{len(chosen)} registered sites chosen ({'all' if all_sites else ', '.join(provinces)})")
        urls = list(dict.fromkeys([*urls, *seeds_of(chosen)]))
    return urls


@click.command(cls=_CrawlCommand)
@click.argument("seeds", nargs=-1, required=False)
@click.option(
    "--out",
    "corpus",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("crawl"),
    show_default=True,
    help="Corpus directory: WARC files and crawl.sqlite (resumed when it exists).",
)
@click.option(
    "--province",
    "provinces",
    multiple=True,
    metavar="NAME",
    help="Crawl every registered site of this province, named before or after the 2025 merger (repeatable).",
)
@click.option("--all", "all_sites", is_flag=True, help="Crawl every site of the registry.")
@click.option(
    "--confirmed-only",
    is_flag=True,
    help="With --all or --province: leave out registry entries whose status is unconfirmed.",
)
@click.option(
    "--sites-file-only",
    is_flag=True,
    help="With --all or --province: choose among the sites of the --sites file only, not the "
    "packaged registry.",
)
@click.pass_context
def crawl(
    ctx: click.Context,
    seeds: tuple[str, ...],
    corpus: Path,
    strict: bool,
    provinces: tuple[str, ...],
    all_sites: bool,
    confirmed_only: bool,
    sites_file_only: bool,
    **options: Any,
) -> None:
    """Crawl sites politely into WARC files; resumable.

    SEEDS are URLs, hosts or province names of the site registry
    (`unionnews sites`), e.g. "Tuyên Quang"; --province and --all choose
    registered sites instead or as well. Robots.txt is obeyed, one request
    at a time per host, several hosts at once. Running the same command again
    resumes an interrupted crawl, or updates a finished one: entry points,
    sections, listings and feeds are read again, stored articles are not.
    On newspapers' and broadcasters' sites only links judged union news are
    followed, and stored pages judged otherwise are marked (--everything: no
    filter). The summary gives one line per reason URLs failed;
    `unionnews crawl-report` lists them, and -v logs each as it fails.

    \b
    Exit status:
      0  finished; URLs that failed failed on the sites' side (HTTP errors,
         DNS, refused or reset connections, timeouts, robots.txt unavailable)
      1  URLs failed that need you (a malformed seed, a private address, a
         crawl error), or with --strict any URL failed
      2  usage error
      3  --max-pages or --site-budget reached with URLs still queued (run
         again to go on)
      4  the corpus directory failed (full disk, crawl.sqlite unreadable) or
         another crawl is running on it
    When several apply, the first of 4, 1, 3 wins.

    Example: unionnews crawl --all --since 2024-01-01 --site-budget 500 --out crawl
    """
    if not (seeds or provinces or all_sites):
        raise click.UsageError("give SEEDS, --province NAME or --all: nothing to crawl", ctx)
    if (confirmed_only or sites_file_only) and not (provinces or all_sites):
        flag = "--confirmed-only" if confirmed_only else "--sites-file-only"
        raise click.UsageError(f"{flag} chooses among the sites of --all or --province", ctx)
    summary = _crawl(
        ctx,
        seeds,
        corpus,
        strict=strict,
        provinces=provinces,
        all_sites=all_sites,
        confirmed_only=confirmed_only,
        sites_file_only=sites_file_only,
        **options,
    )
    ctx.exit(crawl_exit_status(summary, strict))


@click.command(cls=_CrawlCommand)
@click.argument("seeds", nargs=-1, required=True)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("run"),
    show_default=True,
    help="Directory for corpus/ (WARC files, crawl state) and dataset/ (the tables).",
)
@format_option
@workers_option
@click.option(
    "--metrics",
    "metrics_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Your metric heads and cues (TOML), merged over the packaged lexicon.",
)
@click.pass_context
def run(
    ctx: click.Context,
    seeds: tuple[str, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    workers: int,
    metrics_file: Path | None,
    strict: bool,
    **options: Any,
) -> None:
    """Crawl, then extract the whole corpus: OUT/corpus and OUT/dataset.

    The extraction reads every WARC file of the corpus, earlier runs included.
    The exit status is the crawl's when it is not 0 (as for `unionnews crawl`:
    1, 3, or 4, which stops before extracting), else the extraction's (as for
    `unionnews extract`: 1 when documents failed to extract, 2 for a usage
    error such as an --out that cannot be written).

    Example: unionnews run "Tuyên Quang" --out run --since 2020-01-01
    """
    from unionnews.runner import run_extract

    crawled = _crawl(ctx, seeds, out_dir / "corpus", strict=strict, **options)
    try:
        summary = run_extract(
            [out_dir / "corpus" / "warc"],
            out_dir / "dataset",
            ExtractOptions(
                workers=workers,
                formats=formats or ("parquet",),
                progress=not quiet(ctx) and sys.stderr.isatty(),
                metrics=str(metrics_file) if metrics_file else None,
            ),
        )
    except InputNotFound as exc:
        raise click.UsageError(str(exc), ctx) from exc
    except OutputNotWritable as exc:
        raise _CommandLineError(str(exc)) from exc
    except (UnionNewsError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    _report_extraction(summary)
    ctx.exit(crawl_exit_status(crawled, strict) or (0 if summary.ok else 1))
