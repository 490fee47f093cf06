"""Bad input gets a clear, recorded error; the rest of the run completes; the exit code says so."""

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import unionnews
from unionnews.cli import main
from unionnews.errors import InputNotFound

FIXTURE = Path(__file__).parent / "fixtures" / "bacgiang-congdoan.txt"
ENGLISH = """<html><head><title>Quarterly report</title></head><body><h1>Quarterly report</h1>
<p>The committee met on Monday to review the budget for the next quarter and agreed to publish
the minutes after the review is finished. Members discussed staffing, travel and the schedule
of the annual meeting, and asked the secretary to circulate a summary to all branches soon.</p>
</body></html>"""
BROKEN_HTML = (
    "<html><head><title>Tin công đoàn</title><body><div><h1>Công đoàn Viên chức tỉnh Lào Cai"
    " tổng kết năm 2022<p>Thứ hai - 09/01/2023 08:00<p>Năm 2022, Công đoàn Viên chức tỉnh Lào Cai"
    " kết nạp 215 đoàn viên mới, nâng tổng số lên 6.120 đoàn viên sinh hoạt tại 148 công đoàn cơ"
    " sở. Các cấp công đoàn đã thăm hỏi, hỗ trợ 320 đoàn viên gặp khó khăn với số tiền 480 triệu"
    " đồng<div><span>Trong năm, 12 tập thể và 25 cá nhân được tặng Giấy khen"
)


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "report.html").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (folder / "english.html").write_text(ENGLISH, encoding="utf-8")
    (folder / "garbage.txt").write_bytes(bytes(range(128, 256)) * 40)
    (folder / "broken.html").write_text(BROKEN_HTML, encoding="utf-8")
    with (folder / "huge.txt").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    return folder


def _errors(ds) -> dict[str, str]:
    return {Path(row.source).name: row.error for row in ds.errors.itertuples()}


def test_each_bad_document_is_recorded_and_the_rest_completes(inputs: Path, tmp_path: Path):
    ds = unionnews.extract([inputs], out=tmp_path / "out")
    assert _errors(ds) == {
        "empty.txt": "EmptyDocument",
        "report.html": "NotText",
        "english.html": "NotAnArticle",
        "garbage.txt": "DecodeError",
        "huge.txt": "TooLarge",
    }
    assert all(ds.errors.message.str.len() > 20)  # a reason a person can act on
    names = {Path(p).name for p in ds.articles.source_path}
    assert names == {"good.txt", "broken.html"}
    broken = ds.figures[
        ds.figures.article_id.isin(
            ds.articles[ds.articles.source_path.str.endswith("broken.html")].article_id
        )
    ]
    assert {215.0, 6120.0, 148.0, 320.0, 4.8e8, 12.0, 25.0} <= set(broken.value)


def test_cli_exit_code_is_non_zero_when_a_document_failed(inputs: Path, tmp_path: Path):
    result = CliRunner().invoke(main, ["-q", "extract", str(inputs), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "failed: " in result.output and "TooLarge" in result.output
    assert (tmp_path / "o" / "errors.parquet").exists()


def test_cli_exit_code_zero_when_all_good(tmp_path: Path):
    result = CliRunner().invoke(main, ["extract", str(FIXTURE), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "1 articles" in result.output  # the summary (-q leaves it out)


def test_missing_path_stops_the_run_before_it_starts(tmp_path: Path):
    # a typo, not bad input: no errors row, no output (tests/test_safe_output.py)
    with pytest.raises(InputNotFound, match=r"nope\.txt"):
        unionnews.extract([tmp_path / "nope.txt", FIXTURE], out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path):
    locked = tmp_path / "locked.txt"
    shutil.copy(FIXTURE, locked)
    locked.chmod(0)
    ds = unionnews.extract([locked])
    assert list(ds.errors.error) == ["Unreadable"]


def test_refuses_to_overwrite_a_folder_that_is_not_a_dataset(tmp_path: Path):
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "chapter1.docx").write_bytes(b"...")
    result = CliRunner().invoke(main, ["-q", "extract", str(FIXTURE), "--out", str(precious)])
    assert result.exit_code != 0 and "not a unionnews dataset" in result.output
    assert (precious / "chapter1.docx").exists()


def test_workers_give_the_same_dataset(inputs: Path):
    one = unionnews.extract([inputs])
    two = unionnews.extract([inputs], workers=2)
    cols = ["article_id", "start", "end", "value", "metric"]
    assert one.figures[cols].equals(two.figures[cols])
    assert _errors(one) == _errors(two)
