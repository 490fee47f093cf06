"""Every CLI command and every option is documented in README.md or docs/*.md.

Walks the click group ``unionnews.cli.main`` (sub-groups included), so a command
added later is checked without editing this file. A command counts as
documented when ``unionnews <command>`` appears in some page; each option's long
flag must appear in a page that documents its command.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from unionnews.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
    for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
}
#: Options click adds to every command.
GENERIC = {"--help", "-h"}


def _commands(group: click.Group, prefix: str = "unionnews") -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        yield path, command
        if isinstance(command, click.Group):
            yield from _commands(command, path)


def _flags(command: click.Command) -> list[str]:
    """The long form of every option (and of its --no- twin for on/off flags)."""
    flags = []
    for param in command.params:
        if not isinstance(param, click.Option):
            continue
        for opts in (param.opts, param.secondary_opts):
            named = [o for o in opts if o not in GENERIC]
            if named:
                flags.append(max(named, key=len))
    return flags


COMMANDS = list(_commands(main))


def test_the_group_has_commands():
    assert COMMANDS, "unionnews.cli.main has no commands"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_command_and_options_are_documented(path: str, command: click.Command):
    pages = {name: text for name, text in PAGES.items() if path in text}
    assert pages, f"`{path}` appears in none of {sorted(PAGES)}: document it"
    missing = [flag for flag in _flags(command) if not any(flag in text for text in pages.values())]
    assert not missing, f"options of `{path}` missing from {sorted(pages)}: {missing}"


def test_group_options_are_documented():
    text = "\n".join(PAGES.values())
    missing = [flag for flag in _flags(main) if flag not in text]
    assert not missing, f"global options missing from the docs: {missing}"


def test_the_metric_lexicon_example_in_docs_runs(tmp_path: Path):
    """docs/metrics.md: its TOML example loads and gives the output the page shows."""
    from unionnews.model import Context
    from unionnews.nlp.figures import find_figures, load_metric_rules

    page = PAGES["docs/metrics.md"]
    toml = page.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "my_metrics.toml").write_text(toml, encoding="utf-8")
    rules = load_metric_rules(tmp_path / "my_metrics.toml")
    text = (
        "Năm 2024, LĐLĐ tỉnh trao 120 máy lọc nước cho các trường học và thực hiện 350 lượt tư vấn pháp luật."
    )
    found = [(f.text, f.unit, f.metric) for f in find_figures(text, Context(province="Nghệ An"), rules=rules)]
    assert found == [
        ("120 máy lọc nước", "item", "gifts"),
        ("350 lượt tư vấn pháp luật", "event", "legal_consultations"),
    ]
    for line in ("# 120 máy lọc nước 120.0 item gifts 2024", "# 350 lượt tư vấn pháp luật 350.0 event"):
        assert line in page
