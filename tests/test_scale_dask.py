"""Extraction on a Dask cluster (a LocalCluster of two worker processes, on loopback) gives
the tables of a one-process run, duplicates across partitions included."""

from __future__ import annotations

from pathlib import Path

import pytest
from scale_fixtures import crawl, differences

from unionnews.extraction import partitions
from unionnews.options import ExtractOptions
from unionnews.runner import run_extract

pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def cluster_client():
    """A two-process cluster on 127.0.0.1 with no dashboard, closed after the module."""
    from dask.distributed import Client

    from unionnews.extraction.dask_engine import local_cluster

    cluster = local_cluster(2)
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


def _run(folder: Path, out: Path, **options: object):
    return run_extract([folder], out, ExtractOptions.from_mapping({"progress": False, **options}))


def test_a_local_cluster_gives_the_tables_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cluster_client
) -> None:
    folder = crawl(tmp_path / "crawl")
    one = _run(folder, tmp_path / "one")
    assert one.ok and one.n_duplicates == 2 and one.n_recaptures == 2
    monkeypatch.setattr(partitions, "FILES_PER_PARTITION", 1)  # many partitions, finished in any order
    monkeypatch.setattr(partitions, "RECORDS_PER_RANGE", 1)
    on_dask = _run(folder, tmp_path / "dask", dask=cluster_client)
    assert on_dask.ok and on_dask.n_articles == one.n_articles
    assert differences(tmp_path / "one", tmp_path / "dask") == []
    workers = cluster_client.scheduler_info()["workers"]
    assert len(workers) == 2 and all(w.startswith("tcp://127.0.0.1:") for w in workers)


def test_the_command_line_starts_and_stops_its_own_cluster(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from unionnews.cli import main

    folder = crawl(tmp_path / "crawl")
    assert _run(folder, tmp_path / "one").ok
    done = CliRunner().invoke(
        main, ["-q", "extract", str(folder), "--out", str(tmp_path / "dask"), "--workers", "2", "--dask"]
    )
    assert done.exit_code == 0, done.output
    assert differences(tmp_path / "one", tmp_path / "dask") == []


def test_an_input_read_as_a_scheduler_address_is_refused_before_anything_runs(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from unionnews.cli import main

    done = CliRunner().invoke(main, ["extract", "--dask", "corpus", "--out", str(tmp_path / "o")])
    assert done.exit_code == 2
    assert "not a scheduler address" in done.output and "--dask=local" in done.output
    assert not (tmp_path / "o").exists()


def test_an_unreachable_scheduler_is_one_clear_line_and_writes_nothing(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from unionnews.cli import main

    folder = crawl(tmp_path / "crawl")
    out = tmp_path / "o"
    done = CliRunner().invoke(
        main, ["-q", "extract", str(folder), "--out", str(out), "--dask", "tcp://127.0.0.1:1"]
    )
    assert done.exit_code == 1
    assert "127.0.0.1:1" in done.output and "Traceback" not in done.output
    assert not out.exists()
