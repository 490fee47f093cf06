"""Declared = imported: pyproject.toml's ``[project] dependencies`` are exactly the
distributions the package imports, the tests and benchmarks import nothing that neither those
nor the ``dev`` extra declare, and every requirement pins a lower bound only.

Imports are read with :mod:`ast` from every ``import`` and absolute ``from ... import``
statement at any depth (an import inside a function, made lazily, counts as much as one at the
top) and mapped to distributions with :func:`importlib.metadata.packages_distributions`, so
``import lxml`` needs ``lxml`` declared and ``import charset_normalizer`` needs
``charset-normalizer``. A test's ``pytest.importorskip("name")`` counts as an import.
"""

from __future__ import annotations

import ast
import functools
import re
import sys
import tomllib
from collections.abc import Iterable
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "unionnews"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

#: Declared dependencies that no module of the package imports, each with the reason it is
#: declared all the same. Keep it short; a test below fails when an entry is imported after all
#: or no longer declared.
INDIRECT: dict[str, str] = {
    "lxml-html-clean": (
        "`import trafilatura` imports justext, which imports lxml.html.clean; since lxml 5.2 that "
        "module is a shim over the lxml_html_clean project. justext asks for it as "
        "lxml[html_clean], but lxml names the extra html-clean, and a pip that does not "
        "normalise extra names (PEP 685; pip 23.2, the venv's) installs lxml without it, so "
        "the HTML reader would fail to import."
    ),
}

#: The name of a requirement: what stands before its extras, version and markers.
_REQUIREMENT_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def normalise(name: str) -> str:
    """A distribution name as pip compares them (PEP 503): case, ``-``, ``_`` and ``.`` alike.

    >>> normalise("Charset_Normalizer"), normalise("Protego")
    ('charset-normalizer', 'protego')
    """
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    """The normalised name ``requirement`` asks for.

    >>> requirement_name("lxml[html_clean]>=5.3; python_version > '3.8'")
    'lxml'
    """
    found = _REQUIREMENT_NAME.match(requirement)
    assert found, f"not a requirement: {requirement!r}"
    return normalise(found.group(1))


def requirements(*extras: str) -> list[str]:
    """``[project] dependencies`` and those of the optional ``extras``, as written."""
    project = PYPROJECT["project"]
    return [
        *project["dependencies"],
        *(r for extra in extras for r in project["optional-dependencies"][extra]),
    ]


def declared(*extras: str) -> set[str]:
    """The normalised names of :func:`requirements`."""
    return {requirement_name(r) for r in requirements(*extras)}


def _import_names(tree: ast.AST) -> Iterable[str]:
    """The dotted names ``tree`` imports (relative imports left out: they are our own)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "importorskip"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value


def imported(*roots: Path) -> dict[str, set[str]]:
    """Top-level module name -> the files (relative to the repository) under ``roots`` that
    import it, leaving out the standard library and modules that are files of ``roots``
    themselves (``unionnews``, a test's helper module)."""
    files = [path for root in roots for path in sorted(root.rglob("*.py"))]
    local = {"unionnews", "tests"} | {path.stem for path in files}
    found: dict[str, set[str]] = {}
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name in _import_names(tree):
            top = name.partition(".")[0]
            if top not in sys.stdlib_module_names and top not in local:
                found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


@functools.cache
def _distributions() -> dict[str, frozenset[str]]:
    return {name: frozenset(map(normalise, dists)) for name, dists in packages_distributions().items()}


def distributions(module: str) -> frozenset[str]:
    """The installed distributions that provide the top-level ``module``."""
    found = _distributions().get(module)
    assert found, f"{module!r} is imported but no installed distribution provides it"
    return found


def undeclared(imports: dict[str, set[str]], allowed: set[str]) -> dict[str, str]:
    """Each imported module none of whose distributions is in ``allowed``, with where."""
    return {
        module: f"{'/'.join(sorted(distributions(module)))} (imported by {', '.join(sorted(files))})"
        for module, files in sorted(imports.items())
        if not distributions(module) & allowed
    }


def test_every_third_party_import_of_the_package_is_declared() -> None:
    assert undeclared(imported(PACKAGE), declared()) == {}


def test_every_declared_dependency_is_imported_by_the_package() -> None:
    used = set().union(*(distributions(module) for module in imported(PACKAGE)))
    assert declared() - used - set(INDIRECT) == set()


def test_the_indirect_dependencies_are_declared_and_not_imported() -> None:
    used = set().union(*(distributions(module) for module in imported(PACKAGE)))
    for name, reason in INDIRECT.items():
        assert name == normalise(name) and reason, name
        assert name in declared(), f"{name} is no longer declared: drop it from INDIRECT"
        assert name not in used, f"{name} is imported: drop it from INDIRECT"


def test_tests_and_benchmarks_import_only_what_the_project_or_its_dev_extra_declares() -> None:
    assert undeclared(imported(ROOT / "tests", ROOT / "bench", ROOT / ".ci"), declared("dev")) == {}


def test_requirements_pin_lower_bounds_only() -> None:
    for requirement in requirements(*PYPROJECT["project"]["optional-dependencies"]):
        specifiers = re.findall(r"[<>=!~]=?=?", requirement)
        assert specifiers == [">="], requirement


def test_the_code_is_mit_licensed() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 The unionnews developers" in text
