"""Bounds on one article: a time budget between pipeline steps, and implausible values flagged."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import unionnews
from unionnews.articles import extract_article
from unionnews.errors import TimeBudgetExceeded
from unionnews.model import Figure
from unionnews.nlp.plausibility import implausible
from unionnews.pipeline import DEFAULT_COMPONENTS, FunctionComponent, Pipeline, extract_facts

ROOT = Path(__file__).resolve().parents[2]

ARTICLE = (
    "Công đoàn cơ sở tổng kết năm 2023\n\n"
    "Năm 2023, Công đoàn cơ sở Công ty May Sông Lam kết nạp 215 đoàn viên mới, nâng tổng số "
    "lên 1.742 đoàn viên; trao 120 suất quà cho công nhân có hoàn cảnh khó khăn.\n\n"
    "Ban Chấp hành đề ra mục tiêu năm 2024 tiếp tục chăm lo đời sống người lao động.\n"
)


def _slow(doc: object) -> None:
    time.sleep(0.3)


def test_an_article_over_its_budget_raises_between_steps(tmp_path: Path) -> None:
    article = extract_article(ARTICLE.encode("utf-8"), path=str(tmp_path / "a.txt"))
    slow = Pipeline([FunctionComponent("slow", _slow), *DEFAULT_COMPONENTS])
    with pytest.raises(TimeBudgetExceeded, match="--time-budget"):
        slow(article, budget=0.05)
    assert extract_facts(article, slow, budget=None).figures  # no budget: it finishes


def test_a_run_records_articles_over_budget_as_errors_and_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    errors = unionnews.extract([good, ROOT / "corpus"], time_budget=1e-9).errors
    assert len(errors) == 11 and set(errors["error"]) == {"TimeBudgetExceeded"}
    assert set(errors["stage"]) == {"extract"}


def test_the_cli_takes_a_time_budget(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from unionnews.cli import main

    good = tmp_path / "a.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["-q", "extract", str(good), "--out", str(out), "--time-budget", "1e-9"]
    )
    assert result.exit_code == 1
    assert "TimeBudgetExceeded" in result.output
    ok = CliRunner().invoke(main, ["-q", "extract", str(good), "--out", str(out), "--time-budget", "60"])
    assert ok.exit_code == 0, ok.output


@pytest.mark.parametrize(
    ("value", "unit", "flagged"),
    [
        (2.5e40, "person", True),
        (1742, "person", False),
        (2.1e9, "VND", False),
        (3e16, "VND", True),
        (129.5, "percent", False),
        (5e5, "percent", True),
        (-3, "org", True),
    ],
)
def test_implausible_values_are_flagged(value: float, unit: str, flagged: bool) -> None:
    assert (implausible(Figure(0, 1, "x", value, unit, "other_count")) is not None) is flagged


def test_a_forty_digit_count_is_kept_and_flagged(tmp_path: Path) -> None:
    text = ARTICLE.replace("1.742 đoàn viên", "1234567890123456789012345678901234567890 đoàn viên")
    result = extract_facts(extract_article(text.encode("utf-8"), path=str(tmp_path / "b.txt")))
    flagged = [f for f in result.figures if f.flag]
    assert len(flagged) == 1 and flagged[0].value > 1e38
    assert all(f.flag is None for f in result.figures if f.value < 1e6)
