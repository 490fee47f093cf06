"""One dataset whatever the way it was made: partitions of any size, a process pool,
``--update`` runs, shards merged later. Every test compares with a one-process run of the
same inputs, row for row (only the run's time stamps left out)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from scale_fixtures import crawl, differences, duckdb_differences

from unionnews.dataset.writers import sha256_of
from unionnews.extraction import partitions
from unionnews.options import ExtractOptions
from unionnews.runner import RunSummary, list_all, run_extract


def extract(inputs: list[Path] | Path, out: Path, **options: object) -> RunSummary:
    given = inputs if isinstance(inputs, list) else [inputs]
    return run_extract(given, out, ExtractOptions.from_mapping({"progress": False, **options}))


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the crawl folder, its dataset from one process with the default partitions)."""
    root = tmp_path_factory.mktemp("scale")
    folder = crawl(root / "crawl")
    summary = extract(folder, root / "full")
    assert summary.ok and summary.n_articles == 11
    assert (summary.n_duplicates, summary.n_recaptures) == (2, 2)
    return folder, root / "full"


def test_the_fixture_has_duplicates_across_archives(full: tuple[Path, Path]) -> None:
    _, out = full
    arts = pq.read_table(out / "articles.parquet").to_pylist()
    by_id = {a["article_id"]: a for a in arts}
    kinds = sorted(a["copy_kind"] for a in arts if a["duplicate_of"])
    assert kinds == ["alias", "copy"]
    for art in arts:  # each copy points to an article of another archive
        if art["duplicate_of"]:
            assert by_id[art["duplicate_of"]]["source_path"].split("#")[0] != art["source_path"].split("#")[0]
    inputs = pq.read_table(out / "inputs.parquet").to_pylist()
    assert [r["seq"] for r in inputs] == list(range(len(inputs)))
    assert sorted({r["outcome"] for r in inputs}) == ["article", "copy", "recapture"]
    assert all(r["digest"] and len(r["digest"]) == 64 for r in inputs)


@pytest.mark.parametrize(("files", "records"), [(1, 1), (2, 2), (1000, 3)])
def test_any_partition_sizes_give_the_same_tables(
    full: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: int, records: int
) -> None:
    folder, out = full
    monkeypatch.setattr(partitions, "FILES_PER_PARTITION", files)
    monkeypatch.setattr(partitions, "RECORDS_PER_RANGE", records)
    planned = partitions.plan_partitions(list_all([folder]))
    if records == 1:
        assert len(planned) >= 11  # every archive cut into ranges of one page
    extract(folder, tmp_path / "out")
    assert differences(out, tmp_path / "out") == []


def test_a_process_pool_gives_the_same_tables(full: tuple[Path, Path], tmp_path: Path) -> None:
    folder, out = full
    assert extract(folder, tmp_path / "out", workers=2).ok
    assert differences(out, tmp_path / "out") == []


def _partial_copy(folder: Path, target: Path, leave_out: tuple[str, ...]) -> Path:
    shutil.copytree(folder, target)
    for name in leave_out:
        (target / name).unlink()
    return target


@pytest.mark.parametrize(
    "leave_out",
    [
        ("b-crawl.warc.gz",),  # the re-capture and the copy come later than what they repeat
        ("a-crawl.warc.gz",),  # the originals come in the update, before the copies already there
        ("c-crawl.warc.gz", "vinhphuc-text-daihoicdcs.txt"),
    ],
)
def test_update_reads_only_what_is_new_and_gives_the_full_tables(
    full: tuple[Path, Path], tmp_path: Path, leave_out: tuple[str, ...]
) -> None:
    folder, out = full
    partial = _partial_copy(folder, tmp_path / "crawl", leave_out)
    first = extract(partial, tmp_path / "out")
    shutil.copytree(folder, partial, dirs_exist_ok=True)  # the new files arrive
    update = extract(partial, tmp_path / "out", update=True)
    assert update.ok
    documents = pq.read_table(tmp_path / "out" / "inputs.parquet").num_rows
    # nothing read before is extracted again, but for re-captures (folded or not by what comes before)
    assert update.n_known == first.n_articles
    assert documents == 13
    fresh = extract(partial, tmp_path / "fresh")  # the same files, in the same folder, at once
    assert fresh.ok
    assert differences(tmp_path / "fresh", tmp_path / "out") == []
    assert duckdb_differences(tmp_path / "out") == []  # the DuckDB file, edited, holds the same rows
    # and the same as the fixture's run, but for the folder's name in paths and file ids
    assert differences(out, tmp_path / "out", ignore=_PATHS) == []


#: Columns that name the folder the inputs were in (a local file's id hashes its path).
_PATHS = (
    "source_path",
    "url",
    "source",
    "input",
    "article_id",
    "duplicate_of",
    "figure_id",
    "entity_id",
    "fact_id",
    "part_of",
    "subject_id",
)


def test_update_with_nothing_new_extracts_nothing_and_changes_no_row(
    full: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import unionnews.dataset.writers as writers

    def whole(*_args: object) -> None:
        raise AssertionError("an update edits the DuckDB file; it does not write it whole")

    monkeypatch.setattr(writers, "write_duckdb", whole)
    folder, out = full
    shutil.copytree(out, tmp_path / "out")
    again = extract(folder, tmp_path / "out", update=True)
    assert again.ok and again.n_known == 11  # the 13 documents but the 2 re-captures
    assert differences(out, tmp_path / "out") == [] and duckdb_differences(tmp_path / "out") == []


def test_update_reads_a_changed_file_again_and_drops_its_old_rows(
    full: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, _ = full
    work = _partial_copy(folder, tmp_path / "crawl", ())
    extract(work, tmp_path / "out")
    text = work / "thanhhoa-nfd-tuvanphapluat.txt"
    text.write_bytes(text.read_bytes().replace(b"2023", b"2024"))
    update = extract(work, tmp_path / "out", update=True)
    fresh = extract(work, tmp_path / "fresh")
    assert update.n_known == 10 and fresh.ok  # all but the edited file and the 2 re-captures
    assert differences(tmp_path / "fresh", tmp_path / "out") == []
    assert duckdb_differences(tmp_path / "out") == []
    sources = pq.read_table(tmp_path / "out" / "inputs.parquet").column("source").to_pylist()
    assert len(sources) == len(set(sources)) == 13


def test_merged_shards_equal_one_run_with_duplicates_across_them(
    full: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, out = full
    names = sorted(p.name for p in folder.iterdir())
    first = [folder / n for n in names[:2]]
    second = [folder / n for n in names[2:]]
    extract(first, tmp_path / "A")
    extract(second, tmp_path / "B")
    a_arts = pq.read_table(tmp_path / "A" / "articles.parquet")
    assert a_arts.num_rows == 7  # the copy's original is in this shard, the copy in the other
    from click.testing import CliRunner

    from unionnews.cli import main

    done = CliRunner().invoke(
        main, ["-q", "merge", str(tmp_path / "A"), str(tmp_path / "B"), "--out", str(tmp_path / "C")]
    )
    assert done.exit_code == 0, done.output
    assert differences(out, tmp_path / "C", ignore=("inputs.dataset",)) == []
    datasets = pq.read_table(tmp_path / "C" / "inputs.parquet").column("dataset").to_pylist()
    assert datasets[:1] == [str(tmp_path / "A")] and datasets[-1] == str(tmp_path / "B")


def test_load_and_compare_take_several_datasets(full: tuple[Path, Path], tmp_path: Path) -> None:
    import unionnews

    folder, out = full
    names = sorted(p.name for p in folder.iterdir())
    extract([folder / n for n in names[:2]], tmp_path / "A")
    extract([folder / n for n in names[2:]], tmp_path / "B")
    merged = unionnews.load([tmp_path / "A", tmp_path / "B"])
    whole = unionnews.load(out)
    assert merged.articles["duplicate_of"].notna().sum() == whole.articles["duplicate_of"].notna().sum() == 2
    apart = unionnews.compare(tmp_path / "A")
    together = unionnews.compare([tmp_path / "A", tmp_path / "B"])
    assert together.equals(unionnews.compare(out))
    assert len(together) >= len(apart)


def test_a_folder_named_by_a_file_url_reads_like_the_folder(full: tuple[Path, Path], tmp_path: Path) -> None:
    folder, out = full
    summary = extract([folder.as_uri()], tmp_path / "out")  # type: ignore[list-item]
    assert summary.ok and summary.n_articles == 11
    pages = pq.read_table(out / "articles.parquet").column("url").to_pylist()
    remote = pq.read_table(tmp_path / "out" / "articles.parquet").column("url").to_pylist()
    web = [u for u in pages if u.startswith("https://")]
    assert [u for u in remote if u.startswith("https://")] == web and len(web) == 9
    inputs = pq.read_table(tmp_path / "out" / "inputs.parquet").column("input").to_pylist()
    assert all(name.startswith("file://") for name in inputs)


def test_a_url_whose_filesystem_is_missing_is_an_error_row_naming_the_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import socket

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("no connection may be made")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    summary = run_extract(["gcs://union-news-bucket/crawl/"], None, ExtractOptions(progress=False))
    assert not summary.ok and summary.n_articles == 0
    (failure,) = summary.failures
    assert failure.source == "gcs://union-news-bucket/crawl/" and "gcsfs" in failure.message


def test_an_update_listing_inputs_in_another_order_sorts_and_still_equals_a_full_run(
    full: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, _ = full
    names = sorted(p.name for p in folder.iterdir())
    before = [folder / n for n in reversed(names[:-1])]  # written in another order, one input short
    extract(before, tmp_path / "out")
    update = extract([folder / n for n in names], tmp_path / "out", update=True)
    fresh = extract([folder / n for n in names], tmp_path / "fresh")
    assert update.ok and fresh.ok
    assert differences(tmp_path / "fresh", tmp_path / "out") == []


def _as_an_earlier_version(dataset: Path, target: Path) -> Path:
    """``dataset`` as a version before typed columns and the ``inputs`` table wrote it:
    periods as ISO text, no ledger."""
    import pyarrow as pa

    shutil.copytree(dataset, target)
    (target / "inputs.parquet").unlink()
    figures = pq.read_table(target / "figures.parquet")
    for name in ("period_start", "period_end"):
        text = [None if v is None else v.isoformat() for v in figures.column(name).to_pylist()]
        figures = figures.set_column(figures.schema.get_field_index(name), name, pa.array(text, pa.string()))
    pq.write_table(figures, target / "figures.parquet")
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    del manifest["files"]["inputs.parquet"]
    written = target / "figures.parquet"
    manifest["files"]["figures.parquet"] = {"sha256": sha256_of(written), "bytes": written.stat().st_size}
    (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return target


def test_datasets_of_an_earlier_version_merge_and_update_like_new_ones(
    full: tuple[Path, Path], tmp_path: Path
) -> None:
    from unionnews.dataset import DatasetWriter
    from unionnews.extraction.merge import merge_into

    folder, out = full
    names = sorted(p.name for p in folder.iterdir())
    extract([folder / n for n in names[:2]], tmp_path / "A")
    extract([folder / n for n in names[2:]], tmp_path / "B")
    old_a = _as_an_earlier_version(tmp_path / "A", tmp_path / "A-old")
    for first, target in ((tmp_path / "A", tmp_path / "merged"), (old_a, tmp_path / "merged-old")):
        with DatasetWriter(target) as writer:
            merged = merge_into([first, tmp_path / "B"], writer)
        assert merged.n_copies == 2
    content = ("articles", "figures", "entities", "errors", "dropped")
    kept_apart = [
        d for d in differences(tmp_path / "merged", tmp_path / "merged-old") if d.split(".")[0] in content
    ]
    assert kept_apart == [] and differences(out, tmp_path / "merged", ignore=("inputs.dataset",)) == []
    update = extract(folder, old_a, update=True)  # no digests: everything is read again
    assert update.ok and update.n_known == 0
    assert differences(out, old_a) == [] and duckdb_differences(old_a) == []


def test_an_update_into_a_damaged_dataset_is_one_clear_error_and_changes_nothing(
    full: tuple[Path, Path], tmp_path: Path
) -> None:
    from unionnews.errors import DatasetError

    folder, out = full
    shutil.copytree(out, tmp_path / "out")
    (tmp_path / "out" / "inputs.parquet").write_bytes(b"garbage")
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    with pytest.raises(DatasetError, match=r"cannot read the dataset in .*without --update"):
        extract(folder, tmp_path / "out", update=True)
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before
