"""``unionnews merge``: several datasets written apart (shards, provinces, years) as one.

Defined as a standalone command; :mod:`unionnews.cli` registers it on its group.
"""

from __future__ import annotations

from pathlib import Path

import click

from unionnews.cli_analysis import note
from unionnews.cli_common import format_option
from unionnews.errors import UnionNewsError


@click.command("merge")
@click.argument("datasets", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Directory for the merged dataset (replaced atomically; it may be one of the inputs).",
)
@format_option
@click.option("--no-duckdb", is_flag=True, help="Do not write unionnews.duckdb.")
@click.pass_context
def merge_command(
    ctx: click.Context, datasets: tuple[Path, ...], out_dir: Path, formats: tuple[str, ...], no_duckdb: bool
) -> None:
    """Merge datasets written by `unionnews extract` into one.

    The rows of each dataset, in the order given; duplicates and re-captures are
    decided again across all of them (a content-farm copy in one dataset whose
    original is in another points to it, and the same page read twice is kept
    once); inputs.dataset names the dataset each document came from.

    Example: unionnews merge out-2023 out-2024 --out out-all
    """
    from unionnews.dataset import DatasetWriter
    from unionnews.dataset.load import load_checked
    from unionnews.extraction.merge import merge_into

    missing = [str(d) for d in datasets if not d.exists()]
    if missing:
        raise click.UsageError(f"no such dataset folder: {', '.join(missing)}", ctx)
    try:
        for directory in datasets:
            load_checked(directory)
        with DatasetWriter(out_dir, formats=("parquet", *formats), duckdb=not no_duckdb) as writer:
            merged = merge_into(list(datasets), writer)
    except UnionNewsError as exc:  # an unwritable --out (OutputNotWritable) included
        raise click.ClickException(str(exc)) from exc
    note(
        f"{merged.n_articles} articles ({merged.n_copies} copies, {merged.n_recaptures} re-captures "
        f"folded) from {len(datasets)} datasets -> {out_dir}"
    )
