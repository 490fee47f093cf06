"""A run that cannot produce a dataset never replaces one: a mistyped path, bad or no inputs.

The existing dataset in --out must stay byte for byte (same SHA-256, same mtime), with
nothing left beside it but, for a run whose inputs all failed, the CSV of its errors.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import unionnews
from unionnews.cli import main
from unionnews.errors import InputNotFound

# Written for this test: a provincial union's year-end report, invented figures.
ARTICLE = "\n".join(
    [
        "Trang chủ > Tin tức > Hoạt động công đoàn",
        "Công đoàn Viên chức tỉnh Hà Giang tổng kết hoạt động năm 2023",
        "Thứ Năm - 11/01/2024 09:30",
        "Sáng 10/01/2024, Công đoàn Viên chức tỉnh Hà Giang họp tổng kết hoạt động năm 2023"
        " và bàn nhiệm vụ năm 2024.",
        "Báo cáo cho biết toàn ngành hiện có 187 công đoàn cơ sở với 9.315 đoàn viên. Trong năm,"
        " các cấp công đoàn kết nạp thêm 402 đoàn viên và thành lập mới 06 công đoàn cơ sở.",
        "Nhân dịp Tết, công đoàn các cấp tặng 1.150 suất quà cho đoàn viên khó khăn, tổng trị giá"
        ' hơn 690 triệu đồng; hỗ trợ làm mới 4 nhà "Mái ấm công đoàn".',
        "Công đoàn Viên chức tỉnh giới thiệu 58 đoàn viên ưu tú để chi bộ xem xét, trong đó 41"
        " người đã được kết nạp vào Đảng.",
        "Lò Thị Mai",
        "",
    ]
)

# A second article of our own, so a dataset that is replaced can be told from the first.
SECOND = "\n".join(
    [
        "Trang chủ > Tin tức > Hoạt động công đoàn",
        "Liên đoàn Lao động huyện Bắc Mê chăm lo cho công nhân dịp cuối năm",
        "Thứ Hai - 18/12/2023 15:05",
        "Chiều 16/12/2023, Liên đoàn Lao động huyện Bắc Mê tổ chức chương trình chăm lo cho người"
        " lao động có hoàn cảnh khó khăn.",
        "Dịp này, Liên đoàn Lao động huyện trao 230 suất quà, mỗi suất trị giá 500.000 đồng, cho"
        " công nhân tại các công trình thủy điện.",
        "Năm 2023, toàn huyện có 52 công đoàn cơ sở với 2.640 đoàn viên; các cấp công đoàn đã kết"
        " nạp 135 đoàn viên mới.",
        "Hoàng Văn Sơn",
        "",
    ]
)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    """SHA-256, size and mtime (ns) of every file under ``folder``."""
    files = (p for p in sorted(folder.rglob("*")) if p.is_file())
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), *_size_and_mtime(p))
        for p in files
    }


def _size_and_mtime(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _extract(*args: str | Path):
    return CliRunner().invoke(main, ["-q", "extract", *map(str, args)])


@pytest.fixture()
def dataset(tmp_path: Path) -> Path:
    """A real dataset, from a real extract of one article, with CSV tables too."""
    page = _write(tmp_path / "articles" / "ha-giang.txt", ARTICLE)
    out = tmp_path / "data" / "dataset"
    result = _extract(page, "--out", out, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert len(pd.read_parquet(out / "articles.parquet")) == 1
    return out


@pytest.fixture()
def bad_inputs(tmp_path: Path) -> Path:
    """Inputs that all fail: an empty file and a binary file."""
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    return folder


def test_missing_input_is_a_usage_error_and_keeps_the_dataset(dataset: Path, tmp_path: Path):
    before, siblings = _snapshot(dataset), sorted(dataset.parent.iterdir())
    result = _extract(tmp_path / "missing_dir", "--out", dataset)
    assert result.exit_code == 2, result.output
    assert "missing_dir" in result.output and "check the spelling" in result.output
    assert _snapshot(dataset) == before
    assert sorted(dataset.parent.iterdir()) == siblings  # no temp folder, no errors file


def test_a_missing_path_among_good_ones_writes_nothing(dataset: Path, tmp_path: Path):
    good = _write(tmp_path / "in" / "bac-me.txt", SECOND)
    before = _snapshot(dataset)
    result = _extract(good, tmp_path / "typo.txt", tmp_path / "in" / "nope", "--out", dataset)
    assert result.exit_code == 2, result.output
    assert "typo.txt" in result.output and "nope" in result.output
    assert _snapshot(dataset) == before
    fresh = tmp_path / "new" / "out"
    result = _extract(good, tmp_path / "typo.txt", "--out", fresh)
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "new").exists()  # not even the parent folder was created


def test_all_bad_inputs_keep_the_dataset_and_save_the_errors_beside_it(dataset: Path, bad_inputs: Path):
    before, siblings = _snapshot(dataset), set(dataset.parent.iterdir())
    result = _extract(bad_inputs, "--out", dataset)
    assert result.exit_code == 1, result.output
    assert _snapshot(dataset) == before
    added = set(dataset.parent.iterdir()) - siblings
    assert len(added) == 1, added  # the errors file, and no temporary folder
    (errors_file,) = added
    assert errors_file.name.startswith("dataset.errors-") and errors_file.suffix == ".csv"
    errors = pd.read_csv(errors_file, encoding="utf-8-sig")
    assert {Path(s).name: e for s, e in zip(errors.source, errors.error, strict=True)} == {
        "empty.txt": "EmptyDocument",
        "scan.html": "NotText",
    }
    assert "kept as it was" in result.output and errors_file.name in result.output
    assert "failed: " in result.output


def test_one_good_and_one_bad_input_replace_the_dataset(dataset: Path, bad_inputs: Path, tmp_path: Path):
    before = _snapshot(dataset)
    _write(bad_inputs / "bac-me.txt", SECOND)
    result = _extract(bad_inputs, "--out", dataset)
    assert result.exit_code == 1, result.output
    assert _snapshot(dataset) != before
    articles = pd.read_parquet(dataset / "articles.parquet")
    assert list(articles.title) == ["Liên đoàn Lao động huyện Bắc Mê chăm lo cho công nhân dịp cuối năm"]
    assert len(pd.read_parquet(dataset / "errors.parquet")) == 2
    assert sorted(p.name for p in dataset.parent.iterdir()) == ["dataset"]


def test_an_empty_input_folder_writes_nothing(dataset: Path, tmp_path: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.docx").write_bytes(b"PK\x03\x04")  # not a kind unionnews reads
    before, siblings = _snapshot(dataset), sorted(dataset.parent.iterdir())
    result = _extract(empty, "--out", dataset)
    assert result.exit_code == 1, result.output
    assert "no input files" in result.output and ".html" in result.output
    assert _snapshot(dataset) == before and sorted(dataset.parent.iterdir()) == siblings
    result = _extract(empty, "--out", tmp_path / "fresh")
    assert result.exit_code == 1 and not (tmp_path / "fresh").exists()


def test_all_bad_inputs_without_a_dataset_still_write_the_errors_table(bad_inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = _extract(bad_inputs, "--out", out)
    assert result.exit_code == 1, result.output
    assert len(pd.read_parquet(out / "errors.parquet")) == 2
    assert len(pd.read_parquet(out / "articles.parquet")) == 0


def test_python_api_raises_on_a_missing_path_and_keeps_the_dataset(dataset: Path, tmp_path: Path):
    before = _snapshot(dataset)
    with pytest.raises(InputNotFound, match="check the spelling") as info:
        unionnews.extract([tmp_path / "articles", tmp_path / "missing_dir"], out=dataset)
    assert info.value.paths == (str(tmp_path / "missing_dir"),)
    assert _snapshot(dataset) == before


def test_python_api_returns_the_failures_not_the_kept_dataset(dataset: Path, bad_inputs: Path):
    before = _snapshot(dataset)
    ds = unionnews.extract([bad_inputs], out=dataset)
    assert len(ds.articles) == 0 and len(ds.errors) == 2  # this run, not the dataset on disk
    assert _snapshot(dataset) == before
