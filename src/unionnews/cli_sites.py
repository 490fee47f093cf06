"""``unionnews sites`` (the site registry, and whether its sites answer) and ``unionnews
crawl-report`` (what a crawl could not fetch, and what it left out as not union news).

Defined as standalone commands; :mod:`unionnews.cli` registers them on its group.
"""

from __future__ import annotations

import csv
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from unionnews.cli_analysis import note
from unionnews.cli_crawl import _CorpusProblem, _own_hosts, _resolve_pairs
from unionnews.errors import UnionNewsError

if TYPE_CHECKING:
    from unionnews.crawl.batch import SiteCheck
    from unionnews.crawl.failures import Failure


@click.command()
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


@click.command("crawl-report")
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
