"""What every ``unionnews`` command shares: logging on stderr and -v/-q, the one-line errors of
a command line, SIGTERM that unwinds like Ctrl-C, and the report of an extraction (``extract``
and ``run``)."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from unionnews.cli_analysis import note
from unionnews.options import FORMATS, input_kinds

if TYPE_CHECKING:
    from unionnews.runner import RunSummary


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


class _CommandLineError(click.ClickException):
    """A message without the usage text, with status 2: the command line has to change."""

    exit_code = 2


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


#: ``--format``: the table formats a command writes besides Parquet (extract, run, merge).
format_option = click.option(
    "--format",
    "formats",
    type=click.Choice(FORMATS),
    multiple=True,
    help="Extra table formats besides Parquet (repeatable): csv, jsonl.",
)
#: ``--workers``: the processes an extraction uses (extract, run).
workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes to extract with.",
)
