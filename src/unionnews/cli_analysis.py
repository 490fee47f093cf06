"""``unionnews compare`` and ``unionnews export``: thin skins over :mod:`unionnews.analysis`;
and what every command shares about its messages (:func:`quiet`, :func:`note`).

Defined as standalone commands; :mod:`unionnews.cli` registers them on its group. The analysis
(and pandas) is imported when one of them runs: their choices come from
:mod:`unionnews.options`, so that the other commands never load it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from unionnews.dataset import TABLES, load
from unionnews.errors import UnionNewsError
from unionnews.model import STATUSES
from unionnews.options import BY_PROVINCE, COMPARE_OUTPUTS, EXPORT_FORMATS, GRANULARITIES, UNDATED

if TYPE_CHECKING:
    import pandas as pd

#: Columns printed on the terminal; the file written with --out has them all. The first six
#: are the row's key (``{place}`` is the grouping column: province or province_2025), so they
#: are printed in full enough that no two rows look alike: awards 18 (org) and 35 (person) are
#: different rows, not a duplicate.
SHOWN = ("{place}", "subject", "metric", "unit", "measure", "period", "value", "n_sources", "conflict", "url")
#: Longest union-body name printed before it is cut with "…" (unless cutting makes two alike).
SUBJECT_WIDTH = 40


def quiet(ctx: click.Context | None = None) -> bool:
    """Whether -q was given, before or after the command's name (``unionnews.cli`` keeps it)."""
    ctx = ctx or click.get_current_context()
    return bool((ctx.find_root().obj or {}).get("quiet"))


def note(message: str) -> None:
    """A summary or an informational line on stderr, left out with -q (errors never are)."""
    if not quiet():
        click.echo(message, err=True)


def _shorten(names: pd.Series, width: int = SUBJECT_WIDTH) -> list[str]:
    """``names`` cut to ``width`` characters, except those whose cut form another name shares."""
    full = [str(n) for n in names.fillna("")]
    cut = {n: n if len(n) <= width else n[: width - 1] + "…" for n in set(full)}
    owners: dict[str, set[str]] = {}
    for name, short in cut.items():
        owners.setdefault(short, set()).add(name)
    return [cut[n] if len(owners[cut[n]]) == 1 else n for n in full]


def _shown_columns(by: str = "province") -> list[str]:
    """The printed columns; grouped by ``province_2025``, the pre-merger provinces follow it."""
    columns = [c.format(place=by) for c in SHOWN]
    if by != "province":
        columns.insert(1, "province")
    return columns


def _key_columns(by: str = "province") -> list[str]:
    """The printed columns that make up a row's key (see :func:`unionnews.analysis.compare`)."""
    return [by, "subject", "metric", "unit", "measure", "period"]


def _shown(table: pd.DataFrame, by: str = "province") -> pd.DataFrame:
    """The terminal view of ``table``: the chosen value behind its hedge mark, text cells."""
    from unionnews.analysis.labels import marked

    shown = table[_shown_columns(by)].copy()
    shown["value"] = [
        marked(float(v), str(q)) for v, q in zip(table["value"], table["qualifier"], strict=True)
    ]
    shown["conflict"] = shown["conflict"].map({True: "CONFLICT", False: ""})
    shown["subject"] = _shorten(shown["subject"])
    return shown.astype(object).where(shown.notna(), "")


def _printable(table: pd.DataFrame, by: str = "province") -> str:
    return _shown(table, by).to_string(index=False)


@click.command("compare")
@click.argument("datasets", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--metric",
    "metrics",
    multiple=True,
    help="Only this metric (repeatable), e.g. union_members; default: all.",
)
@click.option(
    "--by",
    type=click.Choice(BY_PROVINCE),
    default="province",
    show_default=True,
    help="Group by the province as published or by its successor after the 2025 merger.",
)
@click.option(
    "--by-subject/--no-by-subject",
    default=True,
    show_default=True,
    help="One row per union body (LĐLĐ, CĐVC, sector union) or merge the bodies of a province.",
)
@click.option(
    "--granularity",
    type=click.Choice(GRANULARITIES),
    default="year",
    show_default=True,
    help="Period key: the calendar year (terms stay as spans) or the period as written.",
)
@click.option(
    "--undated",
    type=click.Choice(UNDATED),
    default="published",
    show_default=True,
    help="Figures with no period: keyed by the article's publication year, or dropped.",
)
@click.option(
    "--status",
    type=click.Choice(STATUSES),
    default="reported",
    show_default=True,
    help="Compare the results articles report, or their goals and plans ('phấn đấu', 'dự kiến').",
)
@click.option(
    "--include-low-confidence",
    is_flag=True,
    help="Also use figures whose metric is uncertain (figures.confidence = low); default: confident only.",
)
@click.option("--conflicts-only", is_flag=True, help="Only rows where articles disagree.")
@click.option(
    "--format",
    "output",
    type=click.Choice(COMPARE_OUTPUTS),
    default=None,
    help="What to print on stdout: table (the default) aligns the key columns and the value "
    "for reading, in Vietnamese number format (183.420); csv and json give every column for "
    "other programs, with plain numbers (183420, 2.15).",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the whole table to this .csv (Excel), .dta (Stata), .parquet or .xlsx file "
    "instead of printing it.",
)
@click.pass_context
def compare_command(
    ctx: click.Context,
    datasets: tuple[Path, ...],
    metrics: tuple[str, ...],
    by: str,
    by_subject: bool,
    granularity: str,
    undated: str,
    status: str,
    include_low_confidence: bool,
    conflicts_only: bool,
    output: str | None,
    out_file: Path | None,
) -> None:
    """Compare provinces: one chosen value per province, union body, metric and period.

    Each row has the chosen value with its qualifier, the number of articles
    supporting it (copies never count), a conflict flag and the source URLs.
    Selection rules and the conflict test are in docs/compare.md. Prints a
    table for reading; --format csv or json prints every column for programs,
    --out writes it to a file. Several datasets are compared as one, merged as
    `unionnews merge` would merge them (a copy in one of another's original
    counts once).

    Example: unionnews compare out --metric union_members --format csv > members.csv
    """
    from unionnews.analysis.compare import CompareOptions, compare
    from unionnews.analysis.export import export_table, write_plain

    if output is not None and out_file is not None:
        raise click.UsageError("--format prints to stdout and --out writes a file: give one of them", ctx)
    try:
        options = CompareOptions.from_mapping(
            {
                "metrics": metrics,
                "by": by,
                "by_subject": by_subject,
                "granularity": granularity,
                "undated": undated,
                "status": status,
                "include_low_confidence": include_low_confidence,
            }
        )
        table = compare(load(datasets[0] if len(datasets) == 1 else list(datasets)), options)
    except (UnionNewsError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if conflicts_only:
        table = table[table["conflict"].fillna(False)].reset_index(drop=True)
    if out_file is not None:
        try:
            export_table(table, out_file, table="compare")
        except (ValueError, OSError) as exc:
            raise click.ClickException(str(exc)) from exc
        note(f"{len(table)} rows -> {out_file}")
        return
    n_conflicts = int(table["conflict"].fillna(False).sum())
    if output in ("csv", "json"):
        write_plain(table, sys.stdout, output)
        note(f"{len(table)} rows, {n_conflicts} with conflicts")
        return
    if table.empty:
        note("no rows (check --metric names and the dataset)")
        return
    click.echo(_printable(table, by))
    note(f"{len(table)} rows, {n_conflicts} with conflicts; --format csv or --out FILE gives every column")


@click.command("export")
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write the exported tables and their datapackage.json to.",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(EXPORT_FORMATS),
    multiple=True,
    help="csv (UTF-8 with BOM, Excel), dta (Stata 14+, labelled), parquet (R arrow), xlsx (one "
    "Excel workbook, unionnews.xlsx, with a sheet per table); repeatable. Default: csv.",
)
@click.option(
    "--table",
    "tables",
    type=click.Choice(tuple(TABLES)),
    multiple=True,
    help="Only this dataset table (repeatable); default: every table.",
)
@click.option("--no-compare", is_flag=True, help="Do not add the comparative table (compare.*).")
def export_command(
    dataset: Path,
    out_dir: Path,
    formats: tuple[str, ...],
    tables: tuple[str, ...],
    no_compare: bool,
) -> None:
    """Export a dataset's tables for Excel, Stata or R, with a data dictionary.

    Writes the dataset's tables (articles, figures, entities, errors,
    dropped) and the comparative table (compare) in each format: a file per
    table, or for xlsx one workbook with a sheet per table and a sheet
    describing the columns; and datapackage.json describing every column.

    Example: unionnews export out --out for-stata --format dta --format xlsx
    """
    from unionnews.analysis.export import export_dataset

    try:
        written = export_dataset(
            load(dataset),
            out_dir,
            formats=formats or ("csv",),
            tables=tables or None,
            include_compare=not no_compare,
        )
    except (UnionNewsError, ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    note(f"{len(written)} files -> {out_dir}")
