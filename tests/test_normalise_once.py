"""An article's text is normalised once, when it is read; every stage reads that key."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

import unionnews.nlp.normalize as normalize
from unionnews.articles import extract_article
from unionnews.model import Article
from unionnews.nlp.normalize import match_key
from unionnews.options import ExtractOptions
from unionnews.runner import run_extract

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = (
    "LĐLĐ tỉnh Hoà Bình kết nạp 1.250 đoàn viên\n"
    "Ngày 12/3/2024, Liên đoàn Lao động tỉnh Hoà Bình cho biết năm 2023 đã kết nạp "
    "1.250 đoàn viên, thành lập 14 công đoàn cơ sở và trao 320 suất quà Tết cho "
    "đoàn viên khó khăn với tổng trị giá 256 triệu đồng.\n"
    "Ông Nguyễn Văn Khoẻ, Chủ tịch LĐLĐ tỉnh, đề nghị các cấp công đoàn tiếp tục "
    "đẩy mạnh phát triển đoàn viên trong năm 2024.\n"
)


def test_the_article_carries_the_key_of_its_text() -> None:
    article = extract_article(ARTICLE, path="hoabinh.txt")
    assert article.key == match_key(article.text)
    assert "hòa bình" in article.key  # one tone convention: "Hoà" keys like "Hòa"


def test_a_replaced_text_gets_its_own_key() -> None:
    article = extract_article(ARTICLE, path="hoabinh.txt")
    assert article.key
    title = replace(article, text="Khoẻ mạnh")
    assert title.key == "khỏe mạnh"
    article.text = "Thuỷ"
    assert article.key == "thủy"


def test_remember_key_refuses_a_key_of_another_length() -> None:
    article = Article(article_id="a", url="", text="Hoà")
    with pytest.raises(ValueError, match="length"):
        article.remember_key("hòa bình")
    article.remember_key("hòa")
    assert article.key == "hòa"


def _count_long_keys(monkeypatch: pytest.MonkeyPatch, threshold: int) -> Counter[int]:
    """Wrap match_key wherever unionnews imported it; count calls on texts of ``threshold``+ chars."""
    original = normalize.match_key
    calls: Counter[int] = Counter()

    def counting(text: str) -> str:
        if len(text) >= threshold:
            calls[len(text)] += 1
        return original(text)

    for name, module in list(sys.modules.items()):
        if name.startswith("unionnews") and getattr(module, "match_key", None) is original:
            monkeypatch.setattr(module, "match_key", counting)
    return calls


def test_a_run_normalises_each_article_text_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hoabinh.txt").write_text(ARTICLE, encoding="utf-8")
    for path in sorted((ROOT / "corpus").glob("*.txt"))[:3]:
        (folder / path.name).write_bytes(path.read_bytes())
    calls = _count_long_keys(monkeypatch, threshold=300)
    summary = run_extract([folder], None, ExtractOptions(progress=False))
    assert summary.tables is not None and summary.n_articles == 4
    lengths = summary.tables["articles"]["n_chars"].tolist()
    for n in lengths:
        assert calls[n] == 1, f"a text of {n} characters was normalised {calls[n]} times"
