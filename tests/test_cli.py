import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from unionnews import __version__
from unionnews.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_extract_then_evaluate_round_trip(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(
        main, ["-q", "extract", "corpus", "--out", str(out), "--format", "csv", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    for name in ("articles", "figures", "entities", "errors"):
        for ext in ("parquet", "csv", "jsonl"):
            assert (out / f"{name}.{ext}").is_file()
    assert (out / "unionnews.duckdb").is_file() and (out / "datapackage.json").is_file()
    scored = runner.invoke(main, ["evaluate", "--gold", "tests/gold/corpus", "--pred", str(out), "--json"])
    assert scored.exit_code == 0, scored.output
    scores = json.loads(scored.output)["scores"]
    assert scores["figures"] > 0.9 and scores["province"] == 1.0
    table = runner.invoke(main, ["evaluate", "--gold", "tests/gold/corpus", "--pred", str(out)])
    header, *rows = table.output.splitlines()
    assert header.split()[:2] == ["field", "tp"] and any(r.startswith("figures ") for r in rows)


def test_evaluate_on_a_missing_dataset_says_what_to_run(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(
        main, ["evaluate", "--gold", "tests/gold/corpus", "--pred", str(tmp_path / "x")]
    )
    assert result.exit_code != 0 and "unionnews extract" in result.output


def test_python_dash_m_and_version():
    done = subprocess.run(
        [sys.executable, "-m", "unionnews", "--version"], capture_output=True, text=True, check=True
    )
    assert __version__ in done.stdout


def test_extract_with_a_user_metrics_file(tmp_path):
    from click.testing import CliRunner

    from unionnews.cli import main

    page = tmp_path / "bai.txt"
    page.write_text(
        "Hội thao công nhân năm 2024\n22/04/2024 16:10\n"
        + "Công đoàn các khu công nghiệp tỉnh tổ chức hội thao với nhiều nội dung thi đấu sôi nổi. " * 3
        + "Chương trình văn nghệ có 18 tiết mục đặc sắc của các đội công nhân.\nThanh Hà\n",
        encoding="utf-8",
    )
    rules = tmp_path / "my_metrics.toml"
    rules.write_text('[[head]]\nwords = ["tiết mục"]\nunit = "event"\nmetric = "events"\ncues = false\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["-q", "extract", str(page), "--out", str(out), "--metrics", str(rules)]
    )
    assert result.exit_code == 0, result.output
    import pandas as pd

    figures = pd.read_parquet(out / "figures.parquet")
    assert ("18 tiết mục", "events", "event") in set(
        zip(figures.text, figures.metric, figures.unit, strict=True)
    )
    bad = tmp_path / "bad.toml"
    bad.write_text("[[head]\nwords = ", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["-q", "extract", str(page), "--out", str(tmp_path / "o2"), "--metrics", str(bad)]
    )
    assert result.exit_code == 1 and "bad.toml" in result.output and not (tmp_path / "o2").exists()
