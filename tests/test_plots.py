"""Plots render, with Vietnamese text in a font that has every glyph of it."""

from __future__ import annotations

import itertools
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
    # the reviewer's case: union members of the bundled corpus, "100.000200.000" at every dpi
    members = unionnews.plot.provinces(unionnews.compare(ds), "union_members")
    for dpi in (100, 150, 200):
        _assert_apart(_x_tick_boxes(members, dpi))


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


# --- layout, legends, captions, scales -------------------------------------------------------

#: Long body names, as the y labels of a bar chart get them ("Quảng Ninh – Công đoàn …").
LONG_BODIES = [
    ("Quảng Ninh", "Công đoàn Than – Khoáng sản Việt Nam tại Quảng Ninh", 962000.0, "exact"),
    ("Thừa Thiên Huế", "Công đoàn Viên chức tỉnh Thừa Thiên Huế", 815500.0, "over"),
    ("Bà Rịa – Vũng Tàu", "Công đoàn ngành Giáo dục tỉnh Bà Rịa – Vũng Tàu", 640000.0, "exact"),
    ("Bình Dương", "Công đoàn các Khu công nghiệp tỉnh Bình Dương", 512300.0, "approx"),
    ("Đắk Lắk", "Công đoàn cơ sở Trường Đại học Tây Nguyên tỉnh Đắk Lắk", 233000.0, "exact"),
    ("Nghệ An", "Liên đoàn Lao động tỉnh Nghệ An", 183420.0, "exact"),
]


def _long_table(*, conflict: bool = True, hedges: bool = True, scale: float = 1.0) -> pd.DataFrame:
    """Eleven bodies, most with long names; Nghệ An's 2023 value is disputed when asked."""
    articles, figures = [], []
    bodies = [(p, b, v * scale, q) for p, b, v, q in LONG_BODIES]
    rows = [(p, f"Liên đoàn Lao động tỉnh {p}", v / 2, "exact") for p, b, v, _q in bodies if "Liên" not in b]
    rows += [(p, b, v, q if hedges else "exact") for p, b, v, q in bodies]
    if conflict:
        rows.append(("Nghệ An", "Liên đoàn Lao động tỉnh Nghệ An", 191000.0, "exact"))
    for i, (province, body, value, qualifier) in enumerate(rows):
        aid = f"a{i}"
        articles.append({"article_id": aid, "url": f"https://x.vn/{aid}", "published": "2023-12-01"})
        figures.append(
            {
                "figure_id": f"f{i}",
                "article_id": aid,
                "metric": "union_members",
                "value": value,
                "unit": "person",
                "qualifier": qualifier,
                "period_start": "2023",
                "period_end": "2023",
                "subject": body,
                "province": province,
                "text": "…",
            }
        )
    ds = Dataset.from_tables({"articles": pd.DataFrame(articles), "figures": pd.DataFrame(figures)})
    return compare(ds)


def _money_table(values: list[tuple[str, int, float, str]]) -> pd.DataFrame:
    articles, figures = [], []
    for i, (province, year, value, qualifier) in enumerate(values):
        aid = f"m{i}"
        articles.append({"article_id": aid, "url": f"https://x.vn/{aid}", "published": f"{year}-06-01"})
        figures.append(
            {
                "figure_id": f"g{i}",
                "article_id": aid,
                "metric": "money",
                "value": value,
                "unit": "VND",
                "qualifier": qualifier,
                "period_start": str(year),
                "period_end": str(year),
                "subject": f"Liên đoàn Lao động tỉnh {province}",
                "province": province,
                "text": "…",
            }
        )
    ds = Dataset.from_tables({"articles": pd.DataFrame(articles), "figures": pd.DataFrame(figures)})
    return compare(ds)


def _x_tick_boxes(fig: Figure, dpi: float) -> list:
    """Draw ``fig`` with Agg at ``dpi``; the window extents of the x tick labels shown."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    fig.set_dpi(dpi)
    fig.canvas.draw()
    return _shown_x_boxes(fig.axes[0])


def _shown_x_boxes(ax) -> list:
    """The window extents of the x tick labels drawn (ticks inside the view), left to right."""
    low, high = sorted(ax.get_xlim())
    boxes = [
        label.get_window_extent()
        for loc, label in zip(ax.get_xticks(), ax.get_xticklabels(), strict=False)
        if low <= loc <= high and label.get_visible() and label.get_text().strip()
    ]
    return sorted(boxes, key=lambda b: b.x0)


def _assert_apart(boxes: list) -> None:
    assert len(boxes) >= 2, "the value axis needs at least two labelled ticks"
    for left, right in itertools.pairwise(boxes):
        assert right.x0 > left.x1, f"x tick labels overlap by {left.x1 - right.x0:.1f} px"


@pytest.mark.parametrize("scale", [1.0, 0.5])  # ticks up to 1.000.000; the 100.000 steps that overlapped
def test_bar_chart_x_tick_labels_never_overlap_with_long_body_names(scale: float):
    fig = plots.provinces(_long_table(scale=scale), "union_members")
    for dpi in (72, 100, 150, 200):
        _assert_apart(_x_tick_boxes(fig, dpi))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert max(len(line) for label in labels for line in label.splitlines()) <= plots.LABEL_WIDTH + 8
    assert any("\n" in label for label in labels)  # long names wrap instead of eating the width
    _assert_every_glyph_present(fig)


@pytest.mark.parametrize("size", [(6.0, 6.0), (9.0, 7.0)])
def test_bar_chart_thins_ticks_in_the_callers_own_small_axes(size: tuple[float, float]):
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    assert plots.provinces(_long_table(), "union_members", ax=ax) is fig
    assert tuple(fig.get_size_inches()) == size  # the caller's figure is never resized
    for dpi in (100, 200):
        _assert_apart(_x_tick_boxes(fig, dpi))
    # y labels (wrapped to fit the axes' height) do not run into each other either
    boxes = sorted((t.get_window_extent() for t in ax.get_yticklabels()), key=lambda b: b.y0)
    assert all(low.y1 <= high.y0 + 1 for low, high in itertools.pairwise(boxes))


def test_ticks_stay_apart_when_a_later_panel_squeezes_the_axes():
    fig = Figure(figsize=(12, 5), layout="constrained")
    left, right = fig.subplots(1, 2)
    plots.provinces(_long_table(scale=0.5), "union_members", ax=left)
    plots.series(_table(), "union_members", ax=right)  # its legend takes width from both panels
    for dpi in (100, 150):
        _assert_apart(_x_tick_boxes(fig, dpi))


def test_spaced_locator_keeps_labels_apart_on_any_axis_width():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.ticker import FuncFormatter

    for width in (1.5, 3.0, 6.0, 12.0):
        fig = Figure(figsize=(width, 2), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.set_xlim(0, 1_234_567)
        ax.xaxis.set_major_formatter(FuncFormatter(plots._number))
        ax.xaxis.set_major_locator(plots.SpacedLocator(plots._tick_font(plots.FALLBACK_FONT)))
        fig.canvas.draw()
        _assert_apart(_shown_x_boxes(ax))


def test_bar_chart_legend_explains_hatched_and_red_bars_only_when_there_are_some(tmp_path: Path):
    fig = plots.provinces(_long_table(), "union_members")
    _render(fig, tmp_path / "legend.png")
    legend = fig.axes[0].get_legend()
    assert legend is not None
    texts = [t.get_text() for t in legend.get_texts()]
    assert texts == ["Số chính xác", "Số ước lượng (hơn, gần, khoảng…)", "Các bài báo đưa số khác nhau"]
    # the legend's swatches look like the bars: hatched for hedged, red outline for disputed
    hatched = [b for b in fig.axes[0].patches if b.get_hatch()]
    assert hatched and legend.get_patches()[1].get_hatch() == hatched[0].get_hatch()
    assert legend.get_patches()[2].get_edgecolor() == matplotlib.colors.to_rgba(plots._CONFLICT_COLOR)

    only_hedged = plots.provinces(_long_table(conflict=False), "union_members")
    texts = [t.get_text() for t in only_hedged.axes[0].get_legend().get_texts()]
    assert texts == ["Số chính xác", "Số ước lượng (hơn, gần, khoảng…)"]

    plain = plots.provinces(_long_table(conflict=False, hedges=False), "union_members")
    assert plain.axes[0].get_legend() is None  # nothing special to explain

    english = plots.provinces(_long_table(), "union_members", lang="en")
    texts = [t.get_text() for t in english.axes[0].get_legend().get_texts()]
    assert "Hedged figure (over, under, about…)" in texts and "Articles disagree" in texts


def test_plots_carry_a_source_note_counting_the_articles(tmp_path: Path):
    table = _long_table()
    bars = plots.provinces(table, "union_members")
    _render(bars, tmp_path / "note.png")
    notes = [t for t in _texts(bars) if t.get_text().startswith("Nguồn:")]
    assert len(notes) == 1
    # 11 bars; Nghệ An's disputed row cites both its articles
    assert "Nguồn: 12 bài báo công đoàn" in notes[0].get_text()
    assert "năm của số liệu ghi trong ngoặc" in notes[0].get_text()
    # the note is inside the saved figure, below the axes
    fig_box, note_box = bars.bbox, notes[0].get_window_extent()
    assert fig_box.x0 <= note_box.x0 and note_box.x1 <= fig_box.x1 + 1 and note_box.y0 >= fig_box.y0 - 1
    assert note_box.y1 < bars.axes[0].get_window_extent().y0

    lines = plots.series(_table(), "union_members")
    assert any(t.get_text().startswith("Nguồn: ") for t in _texts(lines))
    custom = plots.series(_table(), "union_members", source="Nguồn: Tổng hợp của tác giả")
    assert "Nguồn: Tổng hợp của tác giả" in [t.get_text() for t in _texts(custom)]
    bare = plots.provinces(table, "union_members", source=False)
    assert not any(t.get_text().startswith("Nguồn") for t in _texts(bare))
    # in the caller's axes (a panel of their figure) only when asked for, then under the axes
    fig = Figure(figsize=(8, 5), layout="constrained")
    plots.provinces(table, "union_members", ax=fig.add_subplot())
    assert not any(t.get_text().startswith("Nguồn") for t in _texts(fig))
    fig = Figure(figsize=(8, 5), layout="constrained")
    plots.provinces(table, "union_members", ax=fig.add_subplot(), source=True)
    [note] = [t for t in fig.axes[0].texts if t.get_text().startswith("Nguồn: 12 bài báo")]
    _render(fig, tmp_path / "panel.png")
    assert note.get_window_extent().x1 <= fig.axes[0].get_window_extent().x1 + 1  # wrapped to the axes


def test_money_scale_follows_the_typical_value():
    assert plots._scale("VND", [2e7, 4.65e7, 6.4e8], "vi") == (1e6, "triệu đồng")
    assert plots._scale("VND", [2e7, 2.15e9, 3.2e9, 8.5e10], "vi") == (1e9, "tỷ đồng")
    assert plots._scale("VND", [450_000.0], "vi") == (1.0, "đồng")
    assert plots._scale("VND", [4.65e7], "en") == (1e6, "million VND")
    assert plots._scale("person", [5.0], "vi") == (1.0, "người")


def _points(fig: Figure) -> list[float]:
    """The y of every plotted marker (scatter collections), in axis units."""
    ys: list[float] = []
    for collection in fig.axes[0].collections:
        ys += [float(y) for _x, y in collection.get_offsets()]
    return ys


def test_series_of_small_amounts_is_in_trieu_dong_not_near_zero_ty(tmp_path: Path):
    table = _money_table(
        [
            ("Hà Giang", 2022, 20e6, "exact"),
            ("Vĩnh Phúc", 2020, 46.5e6, "exact"),
            ("Quảng Nam", 2021, 64e6, "over"),
        ]
    )
    fig = plots.series(table, "money")
    _render(fig, tmp_path / "small.png")
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Triệu đồng" and ax.get_yscale() == "linear"
    assert sorted(_points(fig)) == pytest.approx([20.0, 46.5, 64.0])
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert len(set(ticks)) == len(ticks) > 2 and "0" not in ticks[1:]  # distinct, readable ticks
    assert ax.get_title() == "Số tiền"


def test_series_over_orders_of_magnitude_gets_a_labelled_log_axis(tmp_path: Path):
    table = _money_table(
        [
            ("Hà Giang", 2022, 20e6, "exact"),
            ("Vĩnh Phúc", 2020, 46.5e6, "exact"),
            ("Nghệ An", 2023, 3.2e9, "exact"),
            ("Bình Dương", 2024, 85e9, "over"),
        ]
    )
    fig = plots.series(table, "money")
    _render(fig, tmp_path / "wide.png")
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and ax.get_ylabel() == "Tỷ đồng (thang logarit)"
    low, high = ax.get_ylim()
    assert low <= 0.02 and high >= 85 and low > 0
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert "0,01" in ticks and "100" in ticks  # Vietnamese decimals on a log axis
    linear = plots.series(table, "money", log=False)
    assert linear.axes[0].get_yscale() == "linear" and linear.axes[0].get_ylabel() == "Tỷ đồng"
    with pytest.raises(ValueError, match="log=True needs positive values"):
        plots.series(_money_table([("Hà Giang", 2022, 0.0, "exact")]), "money", log=True)


def test_series_of_single_points_shows_markers_and_names_the_metric(tmp_path: Path):
    table = _money_table([("Hà Giang", 2022, 2.15e9, "under"), ("Nghệ An", 2023, 3.2e9, "exact")])
    fig = plots.series(table, "money")
    _render(fig, tmp_path / "single.png")
    ax = fig.axes[0]
    assert sorted(_points(fig)) == pytest.approx([2.15, 3.2])  # every point drawn as a marker
    handles = ax.get_legend().legend_handles
    lines = [h for h in handles if h.get_label() in ("Hà Giang", "Nghệ An")]
    assert len(lines) == 2 and all(h.get_marker() == "o" for h in lines)  # legend shows the marker too
    assert ax.get_title() == metric_label("money") == "Số tiền"
    texts = [t.get_text() for t in _texts(fig)]
    assert any(t.startswith("Nguồn: 2 bài báo công đoàn") for t in texts)
    low, high = ax.get_xlim()
    assert low < 2022 and high > 2023  # no point sits on the frame
    _assert_every_glyph_present(fig)
