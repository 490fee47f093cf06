"""The notebooks run top to bottom on the bundled corpus (what nbmake does, without the plugin).

Each notebook is executed in a fresh kernel with its own folder as the working
directory, as Jupyter and ``pytest --nbmake notebooks`` run it. A cell that
raises fails the test with the cell's traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
#: A call of a unionnews function in a notebook's code: "unionnews.extract(" (not "unionnews.duckdb").
UNIONNEWS_CALL_RE = re.compile(r"\bunionnews\.(\w+)\(")
#: Seconds one cell may take (the slowest extracts the corpus: a few seconds on 2 cores).
CELL_TIMEOUT = 180


def _outputs(book: nbformat.NotebookNode, kind: str) -> list[nbformat.NotebookNode]:
    return [
        o
        for cell in book.cells
        if cell.cell_type == "code"
        for o in cell.get("outputs", [])
        if kind in o.get("data", {})
    ]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["quickstart", "comparative", "data_quality", "open_dataset"])
def test_notebook_runs(name: str):
    path = NOTEBOOKS / f"{name}.ipynb"
    book = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        book, timeout=CELL_TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()
    errors = [o for cell in book.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    if name == "comparative":
        assert len(_outputs(book, "image/png")) >= 5  # four bar charts and a series
    if name == "open_dataset":  # pandas, DuckDB and Polars each showed tables
        assert len(_outputs(book, "text/html")) >= 8


def test_open_dataset_uses_no_unionnews_helper_to_read():
    """The notebook opens the files with pandas, DuckDB and Polars alone: unionnews only makes them."""
    book = nbformat.read(NOTEBOOKS / "open_dataset.ipynb", as_version=4)
    code = "\n".join(cell.source for cell in book.cells if cell.cell_type == "code")
    assert UNIONNEWS_CALL_RE.findall('unionnews.extract([CORPUS]); OUT / "unionnews.duckdb"') == ["extract"]
    assert UNIONNEWS_CALL_RE.findall(code) == ["extract"]
    for needed in ("pd.read_parquet", "duckdb.connect", "pl.read_parquet", "explode", "foreignKeys"):
        assert needed in code, needed


def test_notebooks_are_stored_without_outputs():
    """Committed notebooks stay small and diff cleanly: outputs are produced by running them."""
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        book = nbformat.read(path, as_version=4)
        assert all(not cell.get("outputs") for cell in book.cells if cell.cell_type == "code"), path.name
