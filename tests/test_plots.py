"""Plots render, with Vietnamese text in a font that has every glyph of it."""

from __future__ import annotations

import re
import unicodedata
import warnings
from pathlib import Path

import pandas as pd
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib import font_manager, rc_context  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import unionnews  # noqa: E402
from unionnews.analysis import compare, plots  # noqa: E402
from unionnews.analysis.labels import format_number, metric_label  # noqa: E402
from unionnews.dataset import Dataset  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _table() -> pd.DataFrame:
    """Three provinces over three years; Nghệ An 2023 is disputed, Bắc Kạn 2022 hedged."""
    articles, figures = [], []
    rows = [
        ("Nghệ An", 2021, 170000.0, "exact"),
        ("Nghệ An", 2022, 176500.0, "exact"),
        ("Nghệ An", 2023, 183420.0, "exact"),
        ("Nghệ An", 2023, 191000.0, "exact"),  # another article disagrees
        ("Bắc Kạn", 2021, 15800.0, "exact"),
        ("Bắc Kạn", 2022, 16000.0, "over"),
        ("Bắc Kạn", 2023, 16905.0, "exact"),
        ("Thừa Thiên Huế", 2023, 52000.0, "approx"),
    ]
    for i, (province, year, value, qualifier) in enumerate(rows):
        aid = f"a{i}"
        articles.append(
            {"article_id": aid, "url": f"https://x.vn/{aid}", "published": f"{year}-0{1 + i % 9}-01"}
        )
        figures.append(
            {
                "figure_id": f"f{i}",
                "article_id": aid,
                "metric": "union_members",
                "value": value,
                "unit": "person",
                "qualifier": qualifier,
                "period_start": str(year),
                "period_end": str(year),
                "subject": f"Liên đoàn Lao động tỉnh {province}",
                "province": province,
                "text": "…",
            }
        )
    money = {
        "figure_id": "m1",
        "article_id": "a0",
        "metric": "money",
        "value": 2_150_000_000.0,
        "unit": "VND",
    }
    figures.append(
        {**money, "qualifier": "under", "period_start": "2021", "period_end": "2021", "province": "Nghệ An"}
    )
    ds = Dataset.from_tables({"articles": pd.DataFrame(articles), "figures": pd.DataFrame(figures)})
    return compare(ds)


def _render(fig: Figure, path: Path) -> None:
    """Save as PNG with every warning an error: a missing glyph would warn."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(path, dpi=80)
    assert path.read_bytes().startswith(b"\x89PNG")


def _texts(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_text().strip()]


def _assert_every_glyph_present(fig: Figure) -> None:
    for text in _texts(fig):
        path = font_manager.findfont(text.get_fontproperties(), fallback_to_default=False)
        chars = plots._charmap(path)
        missing = {c for c in text.get_text() if not c.isspace() and ord(c) not in chars}
        assert not missing, f"{text.get_text()!r} in {path} lacks {missing}"


def test_series_renders_vietnamese_labels(tmp_path: Path):
    fig = plots.series(_table(), "union_members")
    _render(fig, tmp_path / "series.png")
    texts = [t.get_text() for t in _texts(fig)]
    assert metric_label("union_members") in texts and "Số đoàn viên công đoàn" in texts
    assert "Năm" in texts and "Người" in texts
    assert {"Nghệ An", "Bắc Kạn", "Thừa Thiên Huế"} <= set(texts)
    assert any(re.fullmatch(r"\d{1,3}(\.\d{3})+", t) for t in texts)  # ticks grouped Vietnamese style
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    _assert_every_glyph_present(fig)


def test_series_marks_hedged_and_conflicting_points(tmp_path: Path):
    fig = plots.series(_table(), "union_members")
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any(t.startswith("Số ước lượng") for t in legend)
    assert "Các bài báo đưa số khác nhau" in legend  # Nghệ An 2023 is a conflict


def test_provinces_bars_use_the_latest_year_and_format_money(tmp_path: Path):
    table = _table()
    fig = plots.provinces(table, "union_members")
    _render(fig, tmp_path / "bars.png")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "Nghệ An (2023)" in labels and "Thừa Thiên Huế (2023)" in labels
    money = plots.provinces(table, "money")
    _render(money, tmp_path / "money.png")
    texts = [t.get_text() for t in _texts(money)]
    assert "Tỷ đồng" in texts and any(t.strip() == "< 2,15" for t in texts)
    _assert_every_glyph_present(money)


def test_english_labels():
    fig = plots.series(_table(), "union_members", lang="en")
    texts = [t.get_text() for t in _texts(fig)]
    assert "Union members" in texts and "Year" in texts


@pytest.mark.filterwarnings("ignore:cmr10 font should ideally be used with mathtext")
def test_a_font_without_vietnamese_is_replaced(tmp_path: Path):
    # cmr10 (Computer Modern, shipped with matplotlib) has no Vietnamese letters
    with rc_context({"font.family": "cmr10"}):
        assert not plots.font_covers("cmr10", "Đoàn viên")
        assert plots.vietnamese_font("Đoàn viên") == plots.FALLBACK_FONT
        fig = plots.provinces(_table(), "union_members")
        _render(fig, tmp_path / "cmr.png")
    _assert_every_glyph_present(fig)


def test_plot_errors_say_what_is_wrong():
    with pytest.raises(ValueError, match="no 'gifts' rows"):
        plots.series(_table(), "gifts")
    with pytest.raises(ValueError, match="no unit 'house'"):
        plots.series(_table(), "union_members", unit="house")
    with pytest.raises(ValueError, match="comparative table"):
        plots.series(pd.DataFrame({"x": [1]}), "union_members")


def test_format_number_is_vietnamese():
    assert format_number(1234567) == "1.234.567" and format_number(95.5) == "95,5"


def test_package_exposes_plot_lazily_and_plots_a_dataset_directory(tmp_path: Path):
    ds = unionnews.extract([ROOT / "corpus"], out=tmp_path / "out")
    fig = unionnews.plot.provinces(ds.path, "grassroots_unions")
    _render(fig, tmp_path / "corpus.png")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any(label.startswith("Nghệ An") for label in labels)
    _assert_every_glyph_present(fig)


def test_bars_name_the_body_unless_it_is_the_provincial_federation():
    from unionnews.analysis.plots import PROVINCIAL_FEDERATION_RE, _line_label

    assert PROVINCIAL_FEDERATION_RE.match("Liên đoàn Lao động tỉnh Nghệ An")
    assert PROVINCIAL_FEDERATION_RE.match("Liên đoàn Lao động thành phố Hải Phòng")
    assert not PROVINCIAL_FEDERATION_RE.match("Công đoàn Viên chức tỉnh Quảng Nam")
    assert not PROVINCIAL_FEDERATION_RE.match("Tổng Liên đoàn Lao động Việt Nam")
    assert _line_label("Nghệ An", "Liên đoàn Lao động tỉnh Nghệ An", False) == "Nghệ An"
    assert _line_label("Vĩnh Phúc", "Công đoàn cơ sở Sở Giáo dục", False) == (
        "Vĩnh Phúc – Công đoàn cơ sở Sở Giáo dục"
    )
