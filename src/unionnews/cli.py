"""The ``unionnews`` command: a thin skin over the Python API, one command per stage."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from unionnews import __version__
from unionnews.dataset import load
from unionnews.errors import UnionNewsError
from unionnews.evaluation import evaluate as run_evaluation
from unionnews.evaluation import load_gold
from unionnews.options import FORMATS, ExtractOptions
from unionnews.runner import run_extract


def _configure_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="unionnews")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors; no progress bar.")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Turn Vietnamese trade-union news into a traceable research dataset.

    Example: unionnews extract corpus --out out
    """
    _configure_logging(verbose, quiet)
    ctx.ensure_object(dict)
    ctx.obj["quiet"] = quiet


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
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
@click.option("--no-duckdb", is_flag=True, help="Do not write unionnews.duckdb.")
@click.pass_context
def extract(
    ctx: click.Context,
    inputs: tuple[Path, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    workers: int,
    max_bytes: int,
    no_duckdb: bool,
) -> None:
    """Extract articles, figures and entities from files or folders (.txt, .html).

    Writes articles/figures/entities/errors as Parquet, a DuckDB file and
    datapackage.json to --out. Exits with status 1 when any input failed;
    the errors table says which and why.

    Example: unionnews extract corpus/ saved-pages/ --out out --format csv --workers 2
    """
    try:
        options = ExtractOptions(
            workers=workers,
            formats=formats or ("parquet",),
            max_bytes=max_bytes,
            progress=not ctx.obj["quiet"] and sys.stderr.isatty(),
            duckdb=not no_duckdb,
        )
        summary = run_extract(list(inputs), out_dir, options)
    except (UnionNewsError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(summary.describe(), err=True)
    for failure in summary.failures:
        click.echo(f"  failed: {failure.source}: {failure.error}: {failure.message}", err=True)
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


if __name__ == "__main__":  # pragma: no cover
    main()
