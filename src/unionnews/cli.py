"""The ``unionnews`` command: a thin skin over the Python API, one command per stage.

Each command imports what it runs when it runs: ``unionnews --help`` and ``unionnews extract
--help`` load neither pandas nor the extractor nor the crawl. The crawl's options, whose
defaults come from :mod:`unionnews.crawl`, are made when `crawl` or `run` parses its
arguments or shows its help (:class:`_CrawlCommand`).
"""

from __future__ import annotations

import csv
import json
import logging
import re
import signal
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from unionnews import __version__
from unionnews.cli_analysis import compare_command, export_command, note, quiet
from unionnews.cli_merge import merge_command
from unionnews.errors import InputNotFound, OutputNotWritable, UnionNewsError
from unionnews.inputs.columns import columns_option
from unionnews.options import DEFAULT_TIME_BUDGET, FORMATS, ExtractOptions, input_kinds

if TYPE_CHECKING:
    from unionnews.crawl import CrawlOptions, CrawlSummary
    from unionnews.crawl.batch import SiteCheck
    from unionnews.crawl.failures import Failure
    from unionnews.runner import RunSummary
    from unionnews.sources.registry import Registry


class _StderrHandler(logging.Handler):
    """Log records to the ``sys.stderr`` of the moment (click's test runner swaps it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:
            self.handleError(record)


#: The package's logger: -v and -vv open it up; other libraries' stay at WARNING unless -vvv.
PACKAGE_LOGGER = "unionnews"
#: Help of -v and -q: the same on the group and on every command.
VERBOSE_HELP = "More log output on stderr: -v info, -vv debug; -vvv other libraries' debug logs too."
QUIET_HELP = "Only errors on stderr: no progress bar, no summary (a run that fails still says why)."


def _configure_logging(verbose: int, quiet: bool) -> None:
    """Send log records to stderr: errors only with ``quiet``; else warnings, and the package's
    info (``verbose`` 1) or debug (2) records; at 3, every library's debug records too."""
    root = logging.ERROR if quiet else (logging.DEBUG if verbose >= 3 else logging.WARNING)
    # NOTSET: the package's records follow the root's level (nothing sticks between runs)
    package = logging.NOTSET if quiet or verbose == 0 else (logging.INFO, logging.DEBUG)[min(verbose, 2) - 1]
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    # force: a library that set logging up when imported (underthesea calls basicConfig) must
    # not decide what -q and -v show.
    logging.basicConfig(level=root, handlers=[handler], force=True)
    logging.getLogger(PACKAGE_LOGGER).setLevel(package)


def _verbosity(ctx: click.Context, param: click.Parameter, value: int | bool) -> None:
    """-v or -q given after a command's name: added to what was given before it."""
    settings = ctx.find_root().ensure_object(dict)
    if param.name == "verbose":
        settings["verbose"] = settings.get("verbose", 0) + int(value)
    else:
        settings["quiet"] = bool(settings.get("quiet")) or bool(value)
    _configure_logging(settings.get("verbose", 0), settings.get("quiet", False))


def _verbosity_options() -> list[click.Parameter]:
    """-v/--verbose and -q/--quiet for a command: the group's, accepted after the command's name."""
    return [
        click.Option(
            ["-v", "--verbose"], count=True, expose_value=False, callback=_verbosity, help=VERBOSE_HELP
        ),
        click.Option(
            ["-q", "--quiet"], is_flag=True, expose_value=False, callback=_verbosity, help=QUIET_HELP
        ),
    ]


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


class _Group(click.Group):
    """The ``unionnews`` group: every command added to it takes -v and -q after its name too,
    so ``unionnews extract corpus -q`` is ``unionnews -q extract corpus``."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        # a crawl command's own list: reading its ``params`` would import the crawl (_CrawlCommand)
        params = cmd._own_params if isinstance(cmd, _CrawlCommand) else cmd.params
        if not any("--quiet" in p.opts for p in params):
            params.extend(_verbosity_options())
        super().add_command(cmd, name)


class _CommandLineError(click.ClickException):
    """A message without the usage text, with status 2: the command line has to change."""

    exit_code = 2


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


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the run is, so that it unwinds as for Ctrl-C."""


@contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """While the block runs, SIGTERM raises :class:`_Terminated`: the workers are stopped and
    the temporary folder removed on the way out. A second SIGTERM ends the process at once."""
    sigterm = getattr(signal, "SIGTERM", None)
    if sigterm is None or threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def stop(signum: int, _frame: object) -> None:
        signal.signal(signum, signal.SIG_DFL)
        raise _Terminated(signum)

    previous = signal.signal(sigterm, stop)
    try:
        yield
    finally:
        signal.signal(sigterm, previous if previous is not None else signal.SIG_DFL)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="unionnews")
@click.option("-v", "--verbose", count=True, help=VERBOSE_HELP)
@click.option("-q", "--quiet", is_flag=True, help=QUIET_HELP)
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Turn Vietnamese trade-union news into a traceable research dataset.

    -v and -q go before or after the command's name.

    Example: unionnews extract corpus --out out
    """
    _configure_logging(verbose, quiet)
    ctx.ensure_object(dict).update(verbose=verbose, quiet=quiet)


def _columns_option(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """``--columns text=noi_dung,title=tieu_de`` (repeatable) as ``(field, column)`` pairs."""
    try:
        return columns_option(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from exc


#: ``unionnews extract --help``: what it reads comes from :data:`unionnews.options.INPUT_KINDS`.
#: ``--dask`` with no address: a cluster started on this machine for the run.
LOCAL_CLUSTER = "local"
#: A Dask scheduler address: ``tcp://host:8786``, ``tls://…``, ``ucx://…``, ``inproc://…``.
SCHEDULER_ADDRESS_RE = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.I)


def _dask_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--dask``'s value: "local" or a scheduler address; an input path taken for one is an error."""
    if value is None or value == LOCAL_CLUSTER or SCHEDULER_ADDRESS_RE.match(value):
        return value
    raise click.BadParameter(
        f"{value!r} is not a scheduler address such as tcp://host:8786. With no address, put "
        "--dask after the inputs or write --dask=local, so that the next input is not read as one.",
        ctx,
        param,
    )


EXTRACT_HELP = f"""Extract articles, figures and entities from files or folders.

INPUTS are files and folders. Folders are walked recursively for {input_kinds()}; other files
and hidden ones are skipped. A web archive gives every HTML page with status 200, a table of
articles one article per row (--columns names its columns). A file named on the command line
is read whatever its suffix. Inputs holding no file to read: a warning, nothing written,
status 1.

Writes the tables (articles, figures, entities, errors, dropped) as Parquet, a DuckDB file and
datapackage.json to --out. Exits with status 1 when any input failed;
the errors table says which and why. An input path that does not exist
stops the command before anything is written (status 2). An existing
dataset in --out is replaced only by a run that extracted at least one
article; otherwise it is kept as it was and the failures are saved beside
it in OUT.errors-<time>.csv (status 1). A --out that cannot be written
(permissions, a read-only disk) is status 2, a full disk status 1; either
way the previous dataset stays. Ctrl-C (130) or SIGTERM (143) stops the
workers and writes nothing.

--update adds only what is new to the dataset in --out; --dask runs the same
extraction on a Dask cluster (docs/scale.md). Every way gives the same tables.

Example: unionnews extract corpus/ saved-pages/ crawl/warc/ --out out --format csv --workers 2
"""


@main.command(help=EXTRACT_HELP)
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Directory for the dataset (replaced atomically).",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(FORMATS),
    multiple=True,
    help="Extra table formats besides Parquet (repeatable): csv, jsonl.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes to extract with.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=20_000_000,
    show_default=True,
    help="Inputs larger than this are recorded as errors, not read.",
)
@click.option(
    "--time-budget",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIME_BUDGET,
    show_default=True,
    help="Most seconds one article's facts may take; an article over it becomes an error row.",
)
@click.option("--no-duckdb", is_flag=True, help="Do not write unionnews.duckdb.")
@click.option(
    "--metrics",
    "metrics_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Your metric heads and cues (TOML, see docs/metrics.md), merged over the packaged lexicon.",
)
@click.option(
    "--columns",
    multiple=True,
    callback=_columns_option,
    metavar="FIELD=COLUMN,...",
    help="Columns of tables of articles (.jsonl, .csv, .parquet…) for url, title, published, text, "
    "html, description, fetched_at, e.g. text=noi_dung,title=tieu_de (repeatable; docs/extract.md).",
)
@click.option(
    "--update",
    is_flag=True,
    help="Extract only documents (files, WARC records, table rows) not yet in the dataset at --out "
    "(by source and content digest) and add them; duplicates are decided again over all rows.",
)
@click.option(
    "--dask",
    "dask",
    is_flag=False,
    flag_value=LOCAL_CLUSTER,
    default=None,
    metavar="[SCHEDULER]",
    callback=_dask_option,
    help="Run on a Dask cluster: alone, one started here with --workers worker processes; with a "
    "scheduler address (--dask tcp://host:8786), an existing one (docs/scale.md).",
)
@click.pass_context
def extract(
    ctx: click.Context,
    inputs: tuple[str, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    workers: int,
    max_bytes: int,
    no_duckdb: bool,
    metrics_file: Path | None,
    columns: tuple[tuple[str, str], ...],
    time_budget: float,
    update: bool,
    dask: str | None,
) -> None:
    from unionnews.runner import run_extract

    try:
        options = ExtractOptions(
            update=update,
            dask=dask,
            workers=workers,
            formats=formats or ("parquet",),
            max_bytes=max_bytes,
            progress=not quiet(ctx) and sys.stderr.isatty(),
            duckdb=not no_duckdb,
            metrics=str(metrics_file) if metrics_file else None,
            columns=columns,
            time_budget=time_budget,
        )
        with _sigterm_unwinds():
            summary = run_extract(list(inputs), out_dir, options)
    except InputNotFound as exc:
        raise click.UsageError(str(exc), ctx) from exc
    except OutputNotWritable as exc:
        raise _CommandLineError(str(exc)) from exc
    except (UnionNewsError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt as exc:
        how = "stopped by SIGTERM" if isinstance(exc, _Terminated) else "interrupted"
        click.echo(f"{how}: nothing was written; {out_dir} holds what it held before the run.", err=True)
        ctx.exit(143 if isinstance(exc, _Terminated) else 130)
    _report_extraction(summary)
    if not summary.ok:
        ctx.exit(1)


def _report_extraction(summary: RunSummary) -> None:
    """On stderr: each input that failed, then the summary (with -q only when it says why the
    run failed: no input found, or the dataset kept because no article was extracted)."""
    for failure in summary.failures:
        click.echo(f"  failed: {failure.source}: {failure.error}: {failure.message}", err=True)
    if summary.n_inputs == 0:
        where = ", ".join(summary.inputs) or "the inputs"
        click.echo(
            f"warning: no input files in {where}: unionnews reads {input_kinds()}. Nothing was written.",
            err=True,
        )
    elif summary.kept_dataset is not None:
        click.echo(summary.describe(), err=True)
    else:
        note(summary.describe())  # last: whether --out was written


@main.command()
@click.option(
    "--gold",
    "gold_path",
    required=True,
    type=click.Path(exists=True, path_type=Path),
    help="A gold JSON file or a folder of them (docs/annotation.md).",
)
@click.option(
    "--pred",
    "pred_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="A dataset directory written by `unionnews extract`.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--details", is_flag=True, help="Also list missed and spurious items per article.")
def evaluate(gold_path: Path, pred_dir: Path, as_json: bool, details: bool) -> None:
    """Score an extracted dataset against gold annotations (precision/recall/F1 per field).

    Example: unionnews evaluate --gold tests/gold/corpus --pred out
    """
    from unionnews.dataset import load
    from unionnews.evaluation import evaluate as run_evaluation
    from unionnews.evaluation import load_gold

    try:
        gold = load_gold(gold_path)
        report = run_evaluation(gold, load(pred_dir))
    except UnionNewsError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(report.as_table())
    if details:
        for article in gold:
            click.echo(f"\n== {article.source}")
            click.echo(json.dumps(report.details(article.source), ensure_ascii=False, indent=1))


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


@main.command(cls=_CrawlCommand)
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


@main.command(cls=_CrawlCommand)
@click.argument("seeds", nargs=-1, required=True)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("run"),
    show_default=True,
    help="Directory for corpus/ (WARC files, crawl state) and dataset/ (the tables).",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(FORMATS),
    multiple=True,
    help="Extra table formats besides Parquet (repeatable): csv, jsonl.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes to extract with.",
)
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


@main.command()
@click.option(
    "--province", default=None, help="Only sites of this province (pre-2025 or 2025 name, any accents)."
)
@click.option("--cms", default=None, help="Only sites of this CMS family (nukeviet, portal, wordpress…).")
@click.option(
    "--sites",
    "sites_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Your own site registry (TOML) merged over the packaged one.",
)
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
@click.option("--confirmed-only", is_flag=True, help="Leave out entries whose status is unconfirmed.")
@click.option(
    "--sites-file-only",
    is_flag=True,
    help="Only the sites of the --sites file, not the packaged registry.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Ask each listed site's first seed once (robots.txt obeyed) and print its status code or "
    "why it gave none, and the time; exit 1 when any gave no page.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="With --check: most seconds one answer may take.",
)
@click.option(
    "--user-agent",
    default=None,
    help="With --check: the User-Agent to send (default: the crawler's).",
)
@click.option(
    "--allow-private-addresses",
    is_flag=True,
    help="With --check: ask loopback and private addresses too (tests, local mirrors).",
)
@click.option(
    "--resolve",
    "resolve",
    multiple=True,
    callback=_resolve_pairs,
    metavar="NAME=ADDRESS",
    help="With --check: connect to NAME at ADDRESS instead of asking DNS (repeatable).",
)
@click.pass_context
def sites(
    ctx: click.Context,
    province: str | None,
    cms: str | None,
    sites_file: Path | None,
    as_csv: bool,
    confirmed_only: bool,
    sites_file_only: bool,
    check: bool,
    timeout: float,
    user_agent: str | None,
    allow_private_addresses: bool,
    resolve: tuple[tuple[str, str], ...],
) -> None:
    """List the site registry: host, organisation, kind, province, CMS family, status, evidence.

    The table shows how many pieces of evidence each entry rests on; --csv gives
    the entry points (a newspaper's union sections) and the evidence URLs.
    --check asks each listed site's first seed, as the crawler would.

    Example: unionnews sites --province "Tuyên Quang" --check
    """
    from unionnews.sources.registry import load_registry

    try:
        registry = load_registry(sites_file)
        frame = registry.as_frame(province=province, cms=cms)
    except UnionNewsError as exc:
        raise click.ClickException(str(exc)) from exc
    if confirmed_only:
        frame = frame[frame["status"] == "confirmed"]
    if sites_file_only:
        frame = frame[frame["host"].isin(_own_hosts(sites_file))]
    if check:
        hosts = set(frame["host"])
        listed = [site for site in registry if site.host in hosts]
        _check_sites(ctx, listed, timeout, user_agent, allow_private_addresses, resolve)
        return
    if as_csv:
        click.echo(frame.to_csv(index=False), nl=False)
    elif frame.empty:
        note("no sites match")
    else:
        shown = frame.drop(columns=["entry_points"]).fillna("")
        shown["evidence"] = [len(str(urls).split()) for urls in shown["evidence"]]
        click.echo(shown.to_string(index=False))


def _check_sites(
    ctx: click.Context,
    listed: list[Any],
    timeout: float,
    user_agent: str | None,
    allow_private_addresses: bool,
    resolve: tuple[tuple[str, str], ...],
) -> None:
    """``sites --check``: one line per site, then exit 0 when every seed gave a page, else 1."""
    from unionnews.crawl.batch import check_sites
    from unionnews.crawl.fetch import USER_AGENT, FetchLimits

    if not listed:
        note("no sites match")
        return
    limits = FetchLimits(
        max_seconds=timeout,
        connect_timeout=min(10.0, timeout),
        read_timeout=timeout,
        allow_private_addresses=allow_private_addresses,
        resolve=resolve,
    )
    results = check_sites(listed, limits, user_agent or USER_AGENT)
    click.echo(_check_table(results))
    failed = [r for r in results if not r.answered]
    note(f"{len(results) - len(failed)} of {len(results)} sites answered")
    ctx.exit(1 if failed else 0)


def _check_table(results: list[SiteCheck]) -> str:
    """The lines of ``sites --check``: host, answer (status or why none), seconds, seed URL."""
    width = max(len(r.host) for r in results)
    lines = [f"{'host':<{width}}  {'answer':<32}  {'seconds':>7}  seed"]
    for r in results:
        answer = r.answer if len(r.answer) <= 32 else r.answer[:31] + "…"
        lines.append(f"{r.host:<{width}}  {answer:<32}  {r.seconds:>7.2f}  {r.url}")
    return "\n".join(lines)


def _crawl_db(corpus: Path) -> Path:
    """The crawl.sqlite of a corpus directory (or of a `unionnews run` directory's corpus)."""
    for path in (corpus / "crawl.sqlite", corpus / "corpus" / "crawl.sqlite"):
        if path.is_file():
            return path
    raise click.BadParameter(f"no crawl.sqlite in {corpus}: is it a crawl's --out?", param_hint="CORPUS")


def _matches(failure: Failure, wanted: tuple[str, ...]) -> bool:
    return not wanted or any(
        w.lower() in failure.reason.lower() or w.lower() == failure.outcome for w in wanted
    )


@main.command("crawl-report")
@click.argument("corpus", type=click.Path(path_type=Path, file_okay=False))
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV, one row per failed URL, instead of tables.")
@click.option(
    "--reason",
    "reasons",
    multiple=True,
    metavar="R",
    help="Only failures whose reason contains R or whose outcome is R (repeatable), e.g. DNS.",
)
def crawl_report(corpus: Path, as_csv: bool, reasons: tuple[str, ...]) -> None:
    """List the URLs of a crawl that failed, from its crawl.sqlite.

    For newspapers and broadcasters, first the links not followed and the
    pages marked because they were judged no union news, per host. Then the
    count per reason with an example URL, then each failed URL with
    its HTTP status, reason, attempts and the time of its last attempt. A URL
    that failed and was fetched later is not listed. Reads the database
    read-only, also while a crawl runs on it.

    Example: unionnews crawl-report crawl --reason "server error"
    """
    from unionnews.crawl.failures import by_reason, read_failures
    from unionnews.crawl.state import read_not_relevant

    try:
        db = _crawl_db(corpus)
        found = [f for f in read_failures(db) if _matches(f, reasons)]
        off = read_not_relevant(db)
    except sqlite3.Error as exc:
        raise _CorpusProblem(f"cannot read the crawl state of {corpus}: {exc}") from exc
    if as_csv:
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(["url", "status", "reason", "outcome", "attempts", "last_attempt", "detail"])
        for f in found:
            out.writerow([f.url, f.status or "", f.reason, f.outcome, f.attempts, f.last, f.detail])
        return
    if off and not reasons:
        click.echo(_not_relevant_table(off))
    if not found:
        note(f"no failed URLs in {corpus}" + (" with that reason" if reasons else ""))
        return
    click.echo(f"{len(found)} failed URLs, by reason:")
    for reason, n, first in by_reason(found):
        click.echo(f"  {n:>6}  {reason} [{'remote' if first.remote else 'check'}], e.g. {first.url}")
    click.echo("")
    width = min(max(len(f.url) for f in found), 80)
    click.echo(f"{'url':<{width}}  {'status':>6}  {'attempts':>8}  {'last attempt':<25}  reason")
    for f in found:
        status = str(f.status) if f.status is not None else "-"
        detail = f": {f.detail}" if f.detail and f.detail != f.reason else ""
        click.echo(f"{f.url:<{width}}  {status:>6}  {f.attempts:>8}  {f.last:<25}  {f.reason}{detail}")


def _not_relevant_table(counts: dict[tuple[str, str], int]) -> str:
    """Per host of a newspaper or broadcaster: links not followed and pages marked, judged no
    union news (``crawl-report``)."""
    hosts = sorted({host for host, _ in counts})
    width = max(32, *(len(h) for h in hosts))
    lines = [
        "Judged no union news (newspapers and broadcasters; --everything turns this off):",
        f"{'host':<{width}}  {'links not followed':>18}  {'pages marked':>12}",
    ]
    for host in hosts:
        lines.append(
            f"{host:<{width}}  {counts.get((host, 'link'), 0):>18}  {counts.get((host, 'page'), 0):>12}"
        )
    return "\n".join(lines) + "\n"


main.add_command(compare_command)
main.add_command(export_command)
main.add_command(merge_command)


if __name__ == "__main__":  # pragma: no cover
    main()
