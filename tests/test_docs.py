"""The README documents every CLI command and option, and its commands are the ones CI runs."""

import subprocess
import sys
from pathlib import Path

import click

from unionnews.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_documented():
    missing = []
    for name, command in main.commands.items():
        if f"unionnews {name}" not in README:
            missing.append(name)
        for param in command.params:
            if isinstance(param, click.Option):
                flag = max(param.opts, key=len)
                if flag not in README and flag not in ("--help",):
                    missing.append(f"{name} {flag}")
    assert not missing, f"not in README.md: {missing}"


def test_every_command_help_ends_with_an_example():
    for name, command in main.commands.items():
        assert "Example: unionnews " + name in (command.help or ""), name


def test_ci_runs_the_readme_test_command():
    second = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "readme_command.py"), str(ROOT / "README.md"), "2"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert "pytest" in second and "pip install" in second
    assert "readme_command.py README.md 2" in (ROOT / ".ci" / "run").read_text()
