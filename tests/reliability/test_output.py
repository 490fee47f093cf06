"""Kills, leftovers and clear messages for `unionnews extract --out` (issue 9).

* Workers die with the run: SIGKILL, SIGTERM or Ctrl-C of `extract --workers 2` leaves
  no process behind.
* Leftovers: the next run removes the temporary folder of a killed run (never the one
  of a run still writing); a symlinked --out stays a link; only the files the dataset's
  own manifest lists, with their checksums, are ever deleted.
* A full disk or an unwritable parent of --out ends in one line naming the folder and
  what to do, never a traceback; -q silences warnings.

The kill tests run the real command in a subprocess (`python -m unionnews.cli`, so a
PYTHONPATH chooses the code under test) and look for its children with psutil.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from unionnews.cli import main
from unionnews.dataset import writers as writers_mod

psutil = pytest.importorskip("psutil")

POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and process groups")

# Written for these tests: provincial union news with invented names and figures.
PROVINCES = ("Hà Giang", "Cao Bằng", "Lào Cai", "Yên Bái", "Tuyên Quang", "Bắc Kạn", "Lạng Sơn", "Sơn La")


def article(i: int, extra: int = 0) -> str:
    """Article ``i`` of a series; ``extra`` sentences more make it slower to extract."""
    province = PROVINCES[i % len(PROVINCES)]
    lines = [
        f"Công đoàn Viên chức tỉnh {province} tổng kết hoạt động năm {2015 + i % 9}",
        f"Thứ Hai - {1 + i % 27:02d}/12/2023 08:{i % 60:02d}",
        f"Sáng {1 + i % 27}/12/2023, Công đoàn Viên chức tỉnh {province} tổ chức hội nghị tổng kết"
        " công tác năm và bàn nhiệm vụ năm tới.",
        f"Toàn ngành hiện có {100 + i} công đoàn cơ sở với {3 + i % 5}.{100 + i:03d} đoàn viên; trong"
        f" năm kết nạp thêm {40 + i % 50} đoàn viên mới.",
        f"Các cấp công đoàn đã trao {200 + i} suất quà, tổng trị giá hơn {150 + i} triệu đồng, cho đoàn"
        " viên có hoàn cảnh khó khăn.",
        f"Ông Hoàng Văn {'BCDGHKLMNT'[i % 10]}ình, Chủ tịch Công đoàn Viên chức tỉnh, đề nghị các công"
        " đoàn cơ sở tiếp tục chăm lo đời sống đoàn viên.",
    ]
    lines += [
        f"Bà Lò Thị {'BCDGHKLMNT'[(i + j) % 10]}ai, Phó Chủ tịch Liên đoàn Lao động huyện số {j}, cho"
        f" biết năm qua đã hỗ trợ {j + i} nhà Mái ấm công đoàn với tổng kinh phí {j * 50 + i} triệu đồng."
        for j in range(extra)
    ]
    return "\n".join([*lines, ""])


def write_articles(folder: Path, n: int, extra: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"bai-{i:03d}.txt").write_text(article(i, extra), encoding="utf-8")
    return folder


def long_work(folder: Path) -> Path:
    """Inputs that keep `extract --workers 2` busy for about 20 s on a 2-core machine (the
    runs are stopped after a few seconds; a margin keeps them from finishing first)."""
    return write_articles(folder, 600, extra=80)


def extract(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["-q", "extract", *map(str, args)])


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """SHA-256 and mtime (ns) of every file under ``folder``."""
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def temporaries(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.tmp-*"))


def writing(out: Path) -> bool:
    """A run is writing the dataset for ``out``: its temporary folder holds its table files."""
    return any(any(tmp.glob("*.parquet")) for tmp in temporaries(out))


def ends_in_one_clear_line(result: Result, *names: object) -> str:
    """The command ended with a message, not an exception; return its last line."""
    assert isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    last = result.output.strip().splitlines()[-1]
    for name in names:
        assert str(name) in last, last
    return last


@pytest.fixture()
def dataset(tmp_path: Path) -> Path:
    """A real dataset of one article, in tmp_path/data/dataset."""
    out = tmp_path / "data" / "dataset"
    result = extract(write_articles(tmp_path / "first", 1), "--out", out, "--format", "csv")
    assert result.exit_code == 0, result.output
    return out


# --- 1. kills -------------------------------------------------------------------------------


def start_cli(tmp_path: Path, *args: str | Path, new_session: bool = False) -> subprocess.Popen[bytes]:
    """Run `python -m unionnews.cli -q ARGS`, output to files (orphans must not hold a pipe open)."""
    log = tmp_path / "cli.log"
    with open(log, "wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "unionnews.cli", "-q", *map(str, args)],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
            start_new_session=new_session,
            # as in a terminal: a shell running pytest in the background would have it ignored
            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)) if os.name == "posix" else None,
        )


def wait_for(condition: object, what: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if proc.poll() is not None:
            pytest.fail(f"the run ended (status {proc.returncode}) before {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} after {timeout} s")
        time.sleep(0.05)


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    living = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                living.append(process)
        except psutil.NoSuchProcess:
            continue
    return living


@pytest.fixture()
def busy_run(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], list[psutil.Process], Path]]:
    """`extract --workers 2` on 600 articles, with both workers at work; whatever the test
    does, no process of it is left running afterwards."""
    inputs = long_work(tmp_path / "in")
    out = tmp_path / "out"
    proc = start_cli(tmp_path, "extract", inputs, "--out", out, "--workers", "2", new_session=True)
    children: list[psutil.Process] = []
    try:
        parent = psutil.Process(proc.pid)

        def two_workers() -> bool:
            children[:] = parent.children(recursive=True)
            return len(children) >= 2

        wait_for(two_workers, "two worker processes", proc)
        time.sleep(0.5)  # let them take their first chunks
        assert proc.poll() is None, "the run finished before it could be stopped"
        yield proc, list(children), out
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        for child in alive(children):  # on a failure, leave nothing running
            child.kill()


def assert_gone_within(children: list[psutil.Process], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while alive(children) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = alive(children)
    assert not left, f"worker processes outlived their parent: {[p.pid for p in left]}"


@POSIX
def test_sigkill_of_extract_leaves_no_worker_alive(busy_run):
    proc, children, _out = busy_run
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert_gone_within(children, 5)


@POSIX
def test_sigterm_of_extract_stops_its_workers_and_removes_its_temporary_folder(busy_run, tmp_path: Path):
    proc, children, out = busy_run
    os.kill(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)
    assert_gone_within(children, 5)
    log = (tmp_path / "cli.log").read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 143, log
    assert "Traceback" not in log and "stopped by SIGTERM" in log
    assert temporaries(out) == [] and not out.exists()


@POSIX
def test_ctrl_c_of_extract_stops_its_workers_with_one_message(busy_run, tmp_path: Path):
    proc, children, out = busy_run
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group gets it
    proc.wait(timeout=30)
    assert_gone_within(children, 5)
    log = (tmp_path / "cli.log").read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 130, log
    assert "Traceback" not in log and "interrupted" in log
    assert temporaries(out) == [] and not out.exists()


# --- 2. leftovers ---------------------------------------------------------------------------


@POSIX
def test_the_next_run_removes_the_temporary_folder_of_a_killed_run(tmp_path: Path):
    out = tmp_path / "data" / "out"
    proc = start_cli(tmp_path, "extract", long_work(tmp_path / "in"), "--out", out)
    try:
        wait_for(lambda: writing(out), "temporary folder", proc)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
    assert temporaries(out), "the killed run left no temporary folder to clean"
    result = extract(write_articles(tmp_path / "one", 1), "--out", out)
    assert result.exit_code == 0, result.output
    assert temporaries(out) == []
    assert len(pd.read_parquet(out / "articles.parquet")) == 1


@POSIX
def test_a_run_keeps_the_temporary_folder_of_a_run_still_writing(tmp_path: Path):
    out = tmp_path / "data" / "out"
    proc = start_cli(tmp_path, "extract", long_work(tmp_path / "in"), "--out", out)
    try:
        wait_for(lambda: writing(out), "temporary folder", proc)
        (busy,) = temporaries(out)
        result = extract(write_articles(tmp_path / "one", 1), "--out", out)
        assert result.exit_code == 0, result.output
        assert busy.is_dir() and any(busy.iterdir()), "the folder of a live run was removed"
        assert proc.poll() is None
    finally:
        proc.kill()
        proc.wait(timeout=30)


def test_old_temporary_folders_of_unknown_runs_are_removed_and_fresh_ones_kept(tmp_path: Path):
    out = tmp_path / "out"
    old, fresh = tmp_path / ".out.tmp-0123abcd", tmp_path / ".out.tmp-4567cdef"
    for folder in (old, fresh):  # as an older unionnews, or another machine, leaves them
        folder.mkdir()
        (folder / "articles.parquet").write_bytes(b"PAR1")
    three_days_ago = time.time() - 3 * 24 * 3600
    for path in (old / "articles.parquet", old):
        os.utime(path, (three_days_ago, three_days_ago))
    empty = tmp_path / ".out.tmp-89abcdef"  # killed before it wrote anything, minutes ago
    empty.mkdir()
    os.utime(empty, (time.time() - 300, time.time() - 300))
    result = extract(write_articles(tmp_path / "one", 1), "--out", out)
    assert result.exit_code == 0, result.output
    assert not old.exists() and not empty.exists()
    assert (fresh / "articles.parquet").read_bytes() == b"PAR1"  # it may belong to a live run


def test_a_symlinked_out_stays_a_link_and_its_target_gets_the_dataset(tmp_path: Path):
    store = tmp_path / "store" / "dataset-2024"
    store.mkdir(parents=True)
    link = tmp_path / "work" / "out"
    link.parent.mkdir()
    try:
        link.symlink_to(store, target_is_directory=True)
    except OSError as exc:  # Windows without the right to make links
        pytest.skip(f"cannot make a symbolic link here: {exc}")
    for n in (1, 3):
        result = extract(write_articles(tmp_path / f"in{n}", n), "--out", link)
        assert result.exit_code == 0, result.output
        assert link.is_symlink() and Path(os.readlink(link)) == store
        assert len(pd.read_parquet(store / "articles.parquet")) == n
    assert [p.name for p in link.parent.iterdir()] == ["out"]  # no .out.old-* link left
    assert [p.name for p in store.parent.iterdir()] == ["dataset-2024"]
    assert "could not remove" not in result.output


def test_a_forged_manifest_cannot_make_a_run_delete_files(tmp_path: Path):
    victim = tmp_path / "victim.txt"
    victim.write_text("a file outside the dataset", encoding="utf-8")
    thesis = tmp_path / "elsewhere" / "thesis.docx"
    thesis.parent.mkdir()
    thesis.write_text("a file somewhere else", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.docx").write_text("my notes, kept in the dataset folder", encoding="utf-8")

    def row(path: Path) -> dict[str, object]:
        return {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "bytes": path.stat().st_size}

    forged = {
        "kind": "unionnews-dataset",
        "files": {
            "../victim.txt": row(victim),
            str(thesis): row(thesis),
            "notes.docx": {"sha256": "0" * 64, "bytes": 36},
        },
    }
    (out / "manifest.json").write_text(json.dumps(forged), encoding="utf-8")
    before = {p: p.read_bytes() for p in (victim, thesis, out / "notes.docx", out / "manifest.json")}
    result = extract(write_articles(tmp_path / "in", 1), "--out", out)
    assert result.exit_code == 1, result.output
    ends_in_one_clear_line(result, "notes.docx")
    assert {p: p.read_bytes() for p in before} == before
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "notes.docx"]


def test_a_dataset_file_changed_since_it_was_written_is_not_deleted(dataset: Path, tmp_path: Path):
    edited = dataset / "figures.csv"
    with open(edited, "a", encoding="utf-8") as fh:  # a researcher's correction, saved in place
        fh.write("my correction\n")
    before = snapshot(dataset)
    result = extract(write_articles(tmp_path / "in", 2), "--out", dataset)
    assert result.exit_code == 1, result.output
    ends_in_one_clear_line(result, "figures.csv")
    assert snapshot(dataset) == before


# --- 3. clear messages ----------------------------------------------------------------------


def _disk_full(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("stage", ["parquet", "duckdb"])
def test_a_full_disk_ends_in_one_line_and_keeps_the_dataset(
    dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str
):
    if stage == "parquet":
        monkeypatch.setattr(pq.ParquetWriter, "write_table", _disk_full)
    else:
        monkeypatch.setattr(writers_mod, "write_duckdb", _disk_full)
    before, siblings = snapshot(dataset), sorted(dataset.parent.iterdir())
    result = extract(write_articles(tmp_path / "in", 2), "--out", dataset)
    assert result.exit_code == 1, result.output
    last = ends_in_one_clear_line(result, dataset.parent)
    assert "no space left" in last and "free" in last
    assert snapshot(dataset) == before and sorted(dataset.parent.iterdir()) == siblings


@pytest.mark.parametrize("where", ["dataset", "new/out"])
def test_an_unwritable_parent_of_out_ends_in_one_line_even_as_root(
    dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
):
    locked = dataset.parent
    real_mkdir = os.mkdir

    def refuse(path: object, *args: object, **kwargs: object) -> None:
        if Path(os.fsdecode(path)).parent == locked:  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]
        real_mkdir(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "mkdir", refuse)
    before, siblings = snapshot(dataset), sorted(locked.iterdir())
    result = extract(write_articles(tmp_path / "in", 1), "--out", locked / where)
    assert result.exit_code == 2, result.output
    last = ends_in_one_clear_line(result, locked)
    assert "permission denied" in last and "--out" in last
    assert snapshot(dataset) == before and sorted(locked.iterdir()) == siblings


@POSIX
@pytest.mark.skipif(os.name == "posix" and os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_parent_of_out_ends_in_one_line(dataset: Path, tmp_path: Path):
    locked = dataset.parent
    before = snapshot(dataset)
    locked.chmod(0o555)
    try:
        result = extract(write_articles(tmp_path / "in", 1), "--out", dataset)
        fresh = extract(write_articles(tmp_path / "in", 1), "--out", locked / "new" / "out")
    finally:
        locked.chmod(0o755)
    for run in (result, fresh):
        assert run.exit_code == 2, run.output
        assert "permission denied" in ends_in_one_clear_line(run, locked)
    assert snapshot(dataset) == before and sorted(p.name for p in locked.iterdir()) == ["dataset"]


def test_quiet_silences_warnings(tmp_path: Path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")

    def run(*args: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-m", "unionnews.cli", *args, "extract", str(bad), "--out", str(tmp_path / "o")],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        assert done.returncode == 1, done.stderr
        return done.stderr.splitlines()

    quiet = run("-q")
    assert [line for line in quiet if "empty.txt" in line and not line.startswith("  failed: ")] == []
    assert not any(line.startswith("WARNING") for line in quiet), quiet
    loud = run()  # without -q the warning shows, in the CLI's format
    assert any(line.startswith("WARNING unionnews") and "empty.txt" in line for line in loud), loud
