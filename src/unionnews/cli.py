"""The ``unionnews`` command: a thin skin over the Python API, one command per stage.

Each command imports what it runs when it runs: ``unionnews --help`` and ``unionnews extract
--help`` load neither pandas nor the extractor nor the crawl. The crawl's commands are in
:mod:`unionnews.cli_crawl`, ``compare`` and ``export`` in :mod:`unionnews.cli_analysis`,
``merge`` in :mod:`unionnews.cli_merge`; what they share in :mod:`unionnews.cli_common`.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from unionnews import __version__
from unionnews.cli_analysis import compare_command, export_command, quiet
from unionnews.cli_common import (
    PACKAGE_LOGGER,
    QUIET_HELP,
    VERBOSE_HELP,
    _CommandLineError,
    _configure_logging,
    _report_extraction,
    _sigterm_unwinds,
    _Terminated,
    _verbosity_options,
    format_option,
    workers_option,
)
from unionnews.cli_crawl import (
    EXIT_FAILED,
    EXIT_LOCAL,
    EXIT_OK,
    EXIT_UNFINISHED,
    RESOLVE_RE,
    _CrawlCommand,
    _resolve_pairs,
    crawl,
    crawl_exit_status,
    run,
)
from unionnews.cli_merge import merge_command
from unionnews.cli_sites import crawl_report, sites
from unionnews.errors import InputNotFound, OutputNotWritable, UnionNewsError
from unionnews.inputs.columns import columns_option
from unionnews.options import DEFAULT_TIME_BUDGET, ExtractOptions, input_kinds

if TYPE_CHECKING:
    pass


class _Group(click.Group):
    """The ``unionnews`` group: every command added to it takes -v and -q after its name too,
    so ``unionnews extract corpus -q`` is ``unionnews -q extract corpus``."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        # a crawl command's own list: reading its ``params`` would import the crawl (_CrawlCommand)
        params = cmd._own_params if isinstance(cmd, _CrawlCommand) else cmd.params
        if not any("--quiet" in p.opts for p in params):
            params.extend(_verbosity_options())
        super().add_command(cmd, name)


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
@format_option
@workers_option
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


main.add_command(compare_command)
main.add_command(export_command)
main.add_command(merge_command)
main.add_command(crawl)
main.add_command(run)
main.add_command(sites)
main.add_command(crawl_report)

#: Names other code and the tests import from here.
__all__ = [
    "EXIT_FAILED",
    "EXIT_LOCAL",
    "EXIT_OK",
    "EXIT_UNFINISHED",
    "PACKAGE_LOGGER",
    "RESOLVE_RE",
    "_configure_logging",
    "_resolve_pairs",
    "crawl_exit_status",
    "main",
]


if __name__ == "__main__":  # pragma: no cover
    main()
