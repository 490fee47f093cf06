"""A crawl runs inside a Jupyter kernel, twice in one kernel (no event-loop or reactor to restart)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .fixture_sites import archive_site

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")


def test_crawl_twice_in_one_kernel(tmp_path: Path):
    site = archive_site(pages=2, host="127.0.0.9")
    corpus = tmp_path / "corpus"
    setup = (
        "from unionnews.crawl import CrawlOptions, FetchLimits, crawl\n"
        "opts = CrawlOptions(delay=0.02, progress=True, limits=FetchLimits(allow_private_addresses=True))\n"
        f"seed = {site.base + '/news/tin-tuc/'!r}\n"
    )
    first = f"first = crawl([seed], {str(corpus)!r}, opts)\nprint('first', first.fetched)\n"
    second = (
        f"second = crawl([seed], {str(corpus)!r}, opts)\nprint('second', second.fetched)\n"
        "import unionnews\nds = unionnews.extract(["
        + repr(str(corpus))
        + "])\nprint('articles', len(ds.articles))\n"
    )
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in (setup, first, second)])
    try:
        nbclient.NotebookClient(book, timeout=120, kernel_name="python3").execute()
    finally:
        site.stop()
    printed = "".join(
        o.get("text", "") for cell in book.cells for o in cell.get("outputs", []) if o.get("name") == "stdout"
    )
    assert "articles 6" in printed, printed
    fetched = {
        line.split()[0]: int(line.split()[1])
        for line in printed.splitlines()
        if line.startswith(("first", "second"))
    }
    assert fetched["first"] >= 6 + 2 and fetched["second"] <= 3  # the second run only re-reads entry points
    assert all(site.hits[p] == 1 for p in site.routes if p.startswith("/news/tin-tuc/bai-"))
