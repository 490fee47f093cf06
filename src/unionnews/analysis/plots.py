"""Figures for papers from comparative tables, with Vietnamese labels that render.

Two plots, both drawn on a :class:`matplotlib.figure.Figure` (no pyplot state,
no backend needed; ``fig.savefig("x.png")`` writes it, a notebook shows it):

* :func:`series` — one line per province (and union body) over the years;
* :func:`provinces` — one bar per province: its latest value (or a given year's).

Both take a comparative table from :func:`unionnews.compare` or a dataset
(a :class:`~unionnews.Dataset` or its directory), read in the data's own words:
a filled marker is an exact figure, a hollow one a hedged figure ("hơn",
"khoảng"), a red cross a cell where articles disagree; hatched and red-outlined
bars the same, with a legend when there are any. Money is shown in tỷ or triệu
đồng, whichever fits the typical value; values spanning several orders of
magnitude get a logarithmic axis on line plots (so a 20 triệu line does not sit
on 0 next to an 85 tỷ one). Numbers are in Vietnamese format (183.420; 2,5).
A figure made here carries a source note ("Nguồn: 7 bài báo công đoàn …") for a paper.

Text is drawn in a font that has every character of it: the configured font
when it covers Vietnamese, else DejaVu Sans (shipped with matplotlib, which
has the whole Vietnamese alphabet), so no glyph turns into a box.

>>> import unionnews
>>> fig = unionnews.plot.series("out", "union_members")          # doctest: +SKIP
>>> fig.savefig("union_members.png", dpi=200)                    # doctest: +SKIP
"""

from __future__ import annotations

import math
import re
import statistics
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib import font_manager, rcParams
from matplotlib.axes import Axes
from matplotlib.axis import Axis, XAxis
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.textpath import text_to_path
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

from unionnews.analysis.compare import compare
from unionnews.analysis.labels import (
    LANGS,
    MONEY_SCALES,
    QUALIFIER_MARKS,
    format_number,
    metric_label,
    unit_label,
    vietnamese_sort_key,
    word,
)
from unionnews.dataset import Dataset

#: Always has the Vietnamese alphabet; ships with matplotlib.
FALLBACK_FONT = "DejaVu Sans"
#: Characters a font must have to be used for Vietnamese text.
VIETNAMESE_SAMPLE = "ĂăÂâĐđÊêÔôƠơƯưÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"

_CONFLICT_COLOR = "#c0392b"
_BAR_COLOR = "#2e6f9e"
_HEDGED_BAR_COLOR = "#a9c6dc"
_HATCH = "///"

#: Notes under a plot: key -> (Vietnamese, English).
NOTES: dict[str, tuple[str, str]] = {
    "source": (
        "Nguồn: {n} bài báo công đoàn, số liệu trích xuất bằng unionnews.",
        "Source: {n} trade-union news article{s}, figures extracted with unionnews.",
    ),
    "latest": (
        "Mỗi cột là số liệu mới nhất của đơn vị; năm của số liệu ghi trong ngoặc.",
        "Each bar is the body's latest figure; its year in brackets.",
    ),
    "spans": (
        "Không vẽ số liệu cho cả giai đoạn (như nhiệm kỳ 2018-2023).",
        "Figures for multi-year spans (such as a 2018-2023 term) are left out.",
    ),
    "log": ("thang logarit", "log scale"),
}
#: Line plots switch to a logarithmic value axis when the largest value is this many times the
#: smallest (``log=None``): on a linear axis the small ones would all sit on 0.
LOG_RATIO = 100.0
#: Body labels on the bar chart's y axis are wrapped at this many characters.
LABEL_WIDTH = 30
#: Narrowest value axis (inches) of a bar chart or line plot made here; the figure widens for it.
MIN_AXES_WIDTH = 4.0


@cache
def _charmap(path: str) -> frozenset[int]:
    return frozenset(FT2Font(path).get_charmap())


def font_covers(family: str, text: str) -> bool:
    """``True`` when the font matplotlib finds for ``family`` has a glyph for every character."""
    try:
        path = font_manager.findfont(FontProperties(family=family), fallback_to_default=False)
    except ValueError:
        return False
    chars = _charmap(path)
    return all(ord(c) in chars for c in unicodedata.normalize("NFC", text) if not c.isspace())


def vietnamese_font(text: str = "") -> str:
    """The family to draw ``text`` in: the configured one if it has every glyph, else DejaVu Sans."""
    needed = VIETNAMESE_SAMPLE + text
    generic = {
        "sans-serif": rcParams["font.sans-serif"],
        "serif": rcParams["font.serif"],
        "monospace": rcParams["font.monospace"],
        "cursive": rcParams["font.cursive"],
        "fantasy": rcParams["font.fantasy"],
    }
    candidates: list[str] = []
    for family in rcParams["font.family"]:
        candidates += list(generic.get(family, [family]))
    for family in candidates[:1]:  # the font the user would get; fall back as a whole, not per glyph
        if font_covers(family, needed):
            return family
    return FALLBACK_FONT


def _frame(data: pd.DataFrame | Dataset | str | Path, metric: str) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame):
        if "metric" not in data.columns or "value" not in data.columns or "period" not in data.columns:
            raise ValueError("plots need a comparative table from unionnews.compare() or a dataset")
        return data[data["metric"] == metric]
    return compare(data, metrics=[metric])


def _pick_unit(rows: pd.DataFrame, unit: str | None, metric: str) -> tuple[pd.DataFrame, str]:
    if rows.empty:
        raise ValueError(
            f"no {metric!r} rows to plot; check the metric name and the filters "
            "(unionnews.compare(...)['metric'].unique() lists what there is)"
        )
    units = rows["unit"].value_counts()
    chosen = unit or str(units.index[0])
    if chosen not in units.index:
        raise ValueError(f"metric {metric!r} has no unit {chosen!r}; it has {sorted(units.index)}")
    return rows[rows["unit"] == chosen], chosen


def _filter(
    rows: pd.DataFrame, provinces: Sequence[str] | None, subject: str | None, by: str
) -> pd.DataFrame:
    if by not in ("province", "province_2025"):
        raise ValueError(f"by must be 'province' or 'province_2025', not {by!r}")
    if provinces is not None:
        wanted = {unicodedata.normalize("NFC", p) for p in provinces}
        rows = rows[rows[by].isin(wanted) | rows["province"].isin(wanted)]
    if subject is not None:
        rows = rows[rows["subject"].fillna("").str.contains(subject, case=False, regex=False)]
    return rows


def _scale(unit: str, values: Iterable[float], lang: str) -> tuple[float, str]:
    """Divisor and axis unit: money in tỷ/triệu đồng, everything else as is.

    The money scale is the largest one the *typical* (median) value reaches, not the
    largest value: 20 and 46,5 triệu with one 2 tỷ stay in triệu đồng rather than
    0,02 and 0,05 tỷ.
    """
    if unit != "VND":
        return 1.0, unit_label(unit, lang)
    sizes = [abs(float(v)) for v in values if v and not math.isnan(float(v))]
    typical = statistics.median(sizes) if sizes else 0.0
    for factor, vi, en in MONEY_SCALES:
        if typical >= factor:
            return factor, vi if lang == "vi" else en
    return 1.0, unit_label(unit, lang)


def _decimals(value: float) -> int:
    """Decimals for ``value``: two, or enough for three significant digits below 1."""
    size = abs(value)
    if size >= 1 or size < 1e-9:
        return 2
    return min(9, 2 - math.floor(math.log10(size)))


def _number(value: float, _pos: object = None) -> str:
    """``value`` in Vietnamese format with :func:`_decimals` (also a tick formatter)."""
    return format_number(value, _decimals(value))


def _marked(value: float, qualifier: str | None) -> str:
    """Like :func:`unionnews.analysis.labels.marked`, with small scaled values kept readable."""
    mark = QUALIFIER_MARKS.get(qualifier or "exact", "")
    return (mark + " " if mark else "") + _number(value)


def _source_note(rows: pd.DataFrame, lang: str, *extra: str) -> str:
    """The caption: how many articles the plotted values come from, then ``extra`` notes,
    one sentence a line."""
    for column in ("urls", "url", "article_id"):
        if column in rows.columns:
            sources = {
                u.strip() for cell in rows[column].dropna() for u in str(cell).split("; ") if u.strip()
            }
            break
    else:
        sources = set()
    parts = (
        [_note("source", lang).format(n=len(sources), s="" if len(sources) == 1 else "s")] if sources else []
    )
    return unicodedata.normalize("NFC", "\n".join([*parts, *extra]))


def _note(key: str, lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {list(LANGS)}, not {lang!r}")
    return NOTES[key][LANGS.index(lang)]


def _name(value: Any) -> str | None:
    """A group key as text; ``None`` for a missing one (NaN or pd.NA)."""
    return None if value is None or pd.isna(value) else str(value)


#: The province's federation, the body a bare province label stands for: "Liên đoàn Lao động
#: tỉnh Nghệ An", "Liên đoàn Lao động thành phố Hải Phòng". Other bodies (Công đoàn Viên chức
#: tỉnh, a grassroots union) are named on the label.
PROVINCIAL_FEDERATION_RE = re.compile(r"^Liên đoàn Lao động (?:tỉnh|thành phố)\s+\S+(?:\s\S+){0,3}$")


def _line_label(province: str, subject: str | None, several: bool) -> str:
    """The province alone for its provincial body; otherwise with the body named, so a
    grassroots union's count is never read as the province's."""
    named = several or (subject is not None and not PROVINCIAL_FEDERATION_RE.match(subject))
    return f"{province} – {subject}" if named and subject else province


def _style(ax: Axes, family: str) -> None:
    ax.tick_params(labelfontfamily=family)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", alpha=0.3)


def _set_fonts(fig: Figure, family: str) -> None:
    """Every text object of ``fig`` in ``family`` (ticks are re-created at draw: see _style)."""
    for text in fig.findobj(Text):
        text.set_fontfamily(family)


def _title(metric: str, unit_text: str, lang: str, title: str | None) -> tuple[str, str]:
    """The plot title (the metric's label) and the value axis label (its unit, capitalised)."""
    heading = title or metric_label(metric, lang)
    axis = unit_text[:1].upper() + unit_text[1:]
    return unicodedata.normalize("NFC", heading), unicodedata.normalize("NFC", axis)


def _use_log(values: Sequence[float], log: bool | None, metric: str) -> bool:
    """Whether the value axis is logarithmic: as asked, else when the values span ``LOG_RATIO``."""
    positive = all(v > 0 for v in values)
    if log:
        if not positive:
            raise ValueError(f"log=True needs positive values; {metric!r} has zero or negative ones")
        return True
    if log is False or not values or not positive:
        return False
    return max(values) / min(values) >= LOG_RATIO


def _log_axis(axis: Any, values: Sequence[float]) -> None:
    """Decades labelled in Vietnamese format (0,01; 1; 1.000); 1-2-5 steps over a short range."""
    short = max(values) / min(values) < LOG_RATIO
    axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0) if short else (1.0,)))
    axis.set_major_formatter(FuncFormatter(_number))
    axis.set_minor_formatter(NullFormatter())


def series(
    data: pd.DataFrame | Dataset | str | Path,
    metric: str,
    *,
    unit: str | None = None,
    provinces: Sequence[str] | None = None,
    subject: str | None = None,
    by: str = "province",
    lang: str = "vi",
    title: str | None = None,
    log: bool | None = None,
    source: bool | str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Line plot of ``metric`` by year, one line per province (and body).

    ``data``: a comparative table (:func:`unionnews.compare`) or a dataset.
    ``unit``: which unit when a metric has several (awards: person or org); the
    most frequent by default. ``provinces``: keep only these (pre-2025 or 2025
    names). ``subject``: keep bodies whose name contains this text (e.g.
    ``"Liên đoàn Lao động tỉnh"``). ``by="province_2025"`` labels lines by the
    merged province. ``lang``: "vi" or "en" labels. ``log``: a logarithmic value
    axis; by default when the largest value is at least ``LOG_RATIO`` (100) times
    the smallest, and the axis label then says so. ``source``: the note under the
    plot ("Nguồn: n bài báo công đoàn …"): by default on a figure made here and
    not in the caller's ``ax``; ``True`` always, a text for that text, ``False`` none.
    Every point has a marker, so a line of one year still shows. Rows without a
    single year (a term such as 2018-2023) are left out. Returns the Figure
    (``ax``'s when given).
    """
    rows, unit = _pick_unit(_filter(_frame(data, metric), provinces, subject, by), unit, metric)
    spans_left_out = bool(rows["year"].isna().any())
    rows = rows[rows["year"].notna()]
    if rows.empty:
        raise ValueError(f"no {metric!r} figure has a single year to plot (only spans such as 2018-2023)")
    factor, unit_text = _scale(unit, rows["value"].astype(float), lang)
    scaled = [float(v) / factor for v in rows["value"]]
    use_log = _use_log(scaled, log, metric)
    if use_log:
        unit_text = f"{unit_text} ({_note('log', lang)})"
    heading, axis_label = _title(metric, unit_text, lang, title)
    fig, ax, created = _figure_and_axes(ax)
    several = rows.groupby(by)["subject"].nunique(dropna=False).max() > 1
    groups = sorted(
        rows.groupby([by, "subject"], dropna=False),
        key=lambda item: (vietnamese_sort_key(str(item[0][0])), vietnamese_sort_key(str(item[0][1]))),
    )
    line_handles: list[Line2D] = []
    for (place, body), cell in groups:
        cell = cell.sort_values("year")
        x = cell["year"].astype(int).to_numpy()
        y = cell["value"].astype(float).to_numpy() / factor
        label = unicodedata.normalize("NFC", _line_label(str(place), _name(body), bool(several)))
        (line,) = ax.plot(x, y, "-", linewidth=1.6)
        color = line.get_color()
        exact = (cell["qualifier"] == "exact").to_numpy()
        ax.scatter(x[exact], y[exact], s=36, color=color, zorder=3)
        ax.scatter(x[~exact], y[~exact], s=36, facecolors="white", edgecolors=color, zorder=3)
        conflict = cell["conflict"].fillna(False).astype(bool).to_numpy()
        if conflict.any():
            ax.scatter(x[conflict], y[conflict], s=90, marker="x", color=_CONFLICT_COLOR, zorder=4)
        line_handles.append(Line2D([], [], color=color, linewidth=1.6, marker="o", markersize=5, label=label))
    ax.set_title(heading)
    ax.set_xlabel(word("year", lang))
    ax.set_ylabel(axis_label)
    if use_log:
        ax.set_yscale("log")
        _log_axis(ax.yaxis, scaled)
        # whole decades at both ends, so the smallest values have a labelled tick below them
        low, high = math.log10(min(scaled)), math.log10(max(scaled))
        ax.set_ylim(10 ** math.floor(low - 0.05), 10 ** math.ceil(high + 0.05))  # no point on the edge
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(_number))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(v)}"))
    years = rows["year"].astype(int)
    if years.min() == years.max():
        ax.set_xlim(years.min() - 1, years.max() + 1)
    else:
        pad = max(0.3, 0.04 * (years.max() - years.min()))  # a first or last point is not cut in half
        ax.set_xlim(years.min() - pad, years.max() + pad)
    conflicts = bool(rows["conflict"].fillna(False).any())
    hedged = bool((rows["qualifier"] != "exact").any())
    handles = [*line_handles, *_marker_handles(lang, hedged, conflicts)]
    ax.legend(handles=handles, fontsize="small", frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    note = _caption(source, rows, lang, created, _note("spans", lang) if spans_left_out else "")
    texts = [heading, axis_label, note, *(str(h.get_label()) for h in handles)]
    family = vietnamese_font(" ".join(texts))
    caption = _place_caption(fig, ax, note, created)
    _style(ax, family)
    _set_fonts(fig, family)
    ax.xaxis.set_major_locator(SpacedLocator(_tick_font(family), integer=True))
    _fit(fig, ax, created, caption=caption)
    return fig


def _marker_handles(lang: str, hedged: bool, conflict: bool) -> list[Line2D]:
    """Legend entries for the marker styles: filled exact, hollow hedged (if any), red cross."""
    handles = [Line2D([], [], marker="o", linestyle="", color="0.3", label=word("exact", lang))]
    if hedged:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                color="0.3",
                markerfacecolor="white",
                label=word("hedged", lang),
            )
        )
    if conflict:
        handles.append(
            Line2D([], [], marker="x", linestyle="", color=_CONFLICT_COLOR, label=word("conflict", lang))
        )
    return handles


def _bar_handles(lang: str, exact: bool, hedged: bool, conflict: bool) -> list[Patch]:
    """Legend entries for the bar styles, only when some bar is hatched or outlined in red."""
    if not (hedged or conflict):
        return []
    handles = [Patch(facecolor=_BAR_COLOR, label=word("exact", lang))] if exact else []
    if hedged:
        handles.append(Patch(facecolor=_HEDGED_BAR_COLOR, hatch=_HATCH, label=word("hedged", lang)))
    if conflict:
        handles.append(
            Patch(facecolor="white", edgecolor=_CONFLICT_COLOR, linewidth=2, label=word("conflict", lang))
        )
    return handles


def _caption(source: bool | str | None, rows: pd.DataFrame, lang: str, created: bool, *extra: str) -> str:
    """The note under a plot: ``source`` as given, else the article count (and ``extra``) on a
    figure made here; none by default in the caller's axes (one caption serves all panels)."""
    if source is False or (source is None and not created):
        return ""
    if isinstance(source, str):
        return unicodedata.normalize("NFC", source)
    return _source_note(rows, lang, *(e for e in extra if e))


def _place_caption(fig: Figure, ax: Axes, note: str, created: bool) -> Text | None:
    """The source note at the bottom left: of the figure when made here, else under ``ax``.

    Lines longer than the figure is wide are wrapped (about 0.6 em a character);
    under the caller's axes they are wrapped to the axes' width in :func:`_fit`.
    """
    if not note:
        return None
    size = FontProperties(size="small").get_size_in_points()
    width = max(30, int(fig.get_size_inches()[0] * 72 / (0.6 * size)) - 2)
    if created:
        wrapped = "\n".join(textwrap.fill(line, width=width) for line in note.splitlines())
        # constrained layout keeps room for a supxlabel
        return fig.supxlabel(wrapped, x=0.01, ha="left", va="bottom", fontsize="small", color="0.35")
    caption = ax.annotate(
        note,
        xy=(0, 0),
        xycoords=("axes fraction", ax.xaxis.label),
        xytext=(0, -6),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize="small",
        color="0.35",
    )
    caption.set_in_layout(False)  # until _fit has wrapped it to the axes' width
    return caption


def _wrap_to(text: Text, width_px: float) -> None:
    """Re-wrap ``text`` (drawn) so its lines are at most ``width_px`` wide."""
    lines = text.get_text().splitlines()
    drawn = text.get_window_extent().width
    longest = max((len(line) for line in lines), default=0)
    if drawn <= width_px or not longest:
        return
    chars = max(20, int(0.95 * width_px * longest / drawn))
    text.set_text("\n".join(textwrap.fill(line, width=chars) for line in lines))


def _figure_and_axes(ax: Axes | None) -> tuple[Figure, Axes, bool]:
    """The figure and axes to draw on, and whether they were made here (then they may be resized)."""
    if ax is not None:
        figure = ax.get_figure()
        if not isinstance(figure, Figure):
            raise ValueError("ax must belong to a matplotlib Figure")
        return figure, ax, False
    fig = Figure(figsize=(7.5, 4.5), layout="constrained")
    return fig, fig.add_subplot(), True


class SpacedLocator(MaxNLocator):
    """A :class:`~matplotlib.ticker.MaxNLocator` that takes, each time ticks are asked for,
    the most bins (up to ``max_bins``) whose labels fit side by side on the x axis.

    Label widths are measured in ``font`` from the axis' own formatter ("100.000",
    "1.250.000"); neighbouring labels stay at least ``gap`` em apart. The axis
    length is read at draw time, so the ticks stay apart at any dpi, after a
    resize, or when a later panel squeezes the axes. Other keywords go to
    :class:`~matplotlib.ticker.MaxNLocator` (``integer=True``, ``steps=``).
    """

    def __init__(self, font: FontProperties, *, gap: float = 0.6, max_bins: int = 10, **kwargs: Any) -> None:
        super().__init__(nbins=max_bins, **kwargs)
        self.font = font
        self.gap = gap
        self.max_bins = max_bins

    def tick_values(self, vmin: float, vmax: float) -> Any:
        axis = self.axis
        if not isinstance(axis, Axis) or axis.axes is None:
            return super().tick_values(vmin, vmax)
        box = axis.axes.get_window_extent()
        length = (box.width if isinstance(axis, XAxis) else box.height) * 72 / axis.axes.figure.dpi  # points
        locs = super().tick_values(vmin, vmax)
        for nbins in range(self.max_bins, 0, -1):
            self.set_params(nbins=nbins)
            locs = super().tick_values(vmin, vmax)
            if self._fits(locs, vmin, vmax, length):
                break
        self.set_params(nbins=self.max_bins)
        return locs

    def _fits(self, locs: Sequence[float], vmin: float, vmax: float, length: float) -> bool:
        low, high = sorted((vmin, vmax))
        if high <= low or length <= 0:
            return True
        eps = 1e-9 * (high - low)
        shown = [float(v) for v in locs if low - eps <= v <= high + eps]
        if len(shown) < 2 or not isinstance(self.axis, Axis):
            return True
        texts = self.axis.get_major_formatter().format_ticks(shown)
        widths = [text_to_path.get_text_width_height_descent(t, self.font, ismath=False)[0] for t in texts]
        scale = length / (high - low)
        gap = self.gap * self.font.get_size_in_points()
        return all(
            (b - a) * scale >= (wa + wb) / 2 + gap
            for a, b, wa, wb in zip(shown, shown[1:], widths, widths[1:], strict=False)
        )


def _tick_font(family: str) -> FontProperties:
    return FontProperties(family=family, size=rcParams["xtick.labelsize"])


def _fit(
    fig: Figure, ax: Axes, created: bool, inside: Sequence[Text] = (), caption: Text | None = None
) -> None:
    """Lay ``fig`` out once (twice or three times when something moved), for what the
    layout engine cannot do itself.

    A figure made here widens until ``ax`` is ``MIN_AXES_WIDTH`` inches wide (long
    body labels and the legend take the rest). The texts ``inside`` (value labels
    at the end of bars) are kept out of the layout, which would otherwise shrink
    the axes for them draw after draw, and the x range is stretched so they end
    inside the axes (and clear of a legend in its corner). A ``caption`` under the
    caller's axes is wrapped to their width. The x ticks need nothing here: a
    :class:`SpacedLocator` spaces them at every draw.
    """
    for text in inside:
        text.set_in_layout(False)
    fig.draw_without_rendering()
    if created:
        width = ax.get_window_extent().width / fig.dpi
        if width < MIN_AXES_WIDTH - 0.05:
            fig.set_size_inches(fig.get_size_inches()[0] + MIN_AXES_WIDTH - width, fig.get_size_inches()[1])
            fig.draw_without_rendering()
    if caption is not None and not caption.get_in_layout():
        _wrap_to(caption, ax.get_window_extent().width)
        caption.set_in_layout(True)
        fig.draw_without_rendering()
    if inside:
        _keep_inside(ax, inside)


def _keep_inside(ax: Axes, texts: Sequence[Text]) -> None:
    """Stretch the x range of ``ax`` (from its left end) so each text, drawn right of its x,
    ends inside the axes, and left of a legend in the lower right corner where they share
    rows. When keeping clear of the legend would squeeze the bars by more than a third, the
    legend goes wherever it covers least instead."""
    box = ax.get_window_extent()
    low, high = ax.get_xlim()
    if box.width <= 0 or high <= low:
        return
    legend = ax.get_legend()
    corner = legend.get_window_extent() if legend is not None else None
    if corner is not None and not (corner.x1 <= box.x1 + 1 and corner.x0 >= box.x0 - 1):
        corner = None  # beside the axes, not in their corner
    needed = needed_clear = high
    for text in texts:
        x = float(text.get_position()[0])
        if x <= low:
            continue
        extent = text.get_window_extent()
        room = box.width - 4 - extent.width  # px the bar may take
        if room > 0:
            needed = max(needed, low + (x - low) * box.width / room)
        if corner is not None and extent.y0 <= corner.y1 + 4 and extent.y1 >= corner.y0 - 4:
            room = corner.x0 - box.x0 - 8 - extent.width
            needed_clear = max(needed_clear, low + (x - low) * box.width / room if room > 0 else math.inf)
    if corner is not None and legend is not None:
        if needed_clear <= low + 1.5 * (needed - low):
            needed = max(needed, needed_clear)
        else:
            legend.set_loc("best")
    if needed > high:
        ax.set_xlim(low, needed)


def _legend(ax: Axes, handles: Sequence[Any], created: bool) -> None:
    """Right of the axes on a figure made here (it widens for it), else in the lower right
    corner of the caller's axes, where the smallest bars are (:func:`_keep_inside` keeps
    their labels clear of it) and it takes none of their width."""
    if created:
        ax.legend(
            handles=handles, fontsize="small", frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1)
        )
    else:
        ax.legend(handles=handles, fontsize="x-small", framealpha=0.9, loc="lower right")


def _wrap_labels(labels: Sequence[str], width: int) -> list[str]:
    return [textwrap.fill(t, width=width, break_long_words=False, break_on_hyphens=False) for t in labels]


def _fit_labels(fig: Figure, ax: Axes, labels: Sequence[str], created: bool) -> tuple[list[str], float]:
    """The bar labels wrapped, and their font size.

    A figure made here grows to fit labels wrapped at ``LABEL_WIDTH`` characters.
    The caller's axes have a fixed height: the labels wrap wider, to as many lines
    as fit beside a bar, and when even two lines do not fit their font shrinks
    (not below 6 pt), so neighbouring labels never run into each other.
    """
    size = FontProperties(size=rcParams["ytick.labelsize"]).get_size_in_points()
    if created:
        return _wrap_labels(labels, LABEL_WIDTH), size
    height = fig.get_size_inches()[1] * ax.get_position().height * 72 * 0.8  # points, less the margins
    fit = height / max(len(labels), 1) / (1.3 * size)  # lines of text beside each bar
    for width in (LABEL_WIDTH, 36, 44, 54):
        wrapped = _wrap_labels(labels, width)
        lines = max((t.count("\n") + 1 for t in wrapped), default=1)
        if lines <= fit:
            return wrapped, size
    wrapped = _wrap_labels(labels, 44)
    lines = max((t.count("\n") + 1 for t in wrapped), default=1)
    return wrapped, max(6.0, size * fit / lines)


def provinces(
    data: pd.DataFrame | Dataset | str | Path,
    metric: str,
    *,
    year: int | None = None,
    unit: str | None = None,
    subject: str | None = None,
    by: str = "province",
    lang: str = "vi",
    title: str | None = None,
    source: bool | str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Horizontal bars of ``metric``: each province's latest value (or ``year``'s).

    One bar per province and body; its label says the period the value is for
    (provinces report in different years: compare with care). A single year's
    value is preferred to a term's (2018-2023), which is shown only when the
    province has nothing else. Hedged values are hatched, conflicting ones
    outlined in red, and a legend explains them when there are any. Long body
    names wrap; the figure is as wide as the labels need and the value ticks are
    thinned until none overlap. Other arguments as in :func:`series`.
    """
    rows, unit = _pick_unit(_filter(_frame(data, metric), None, subject, by), unit, metric)
    single = rows["year"].notna()
    span_end = rows["period"].str.extract(r"(\d{4})$", expand=False).astype(float)
    rows = rows.assign(_single=single, _year=rows["year"].astype(float).fillna(span_end))
    if year is not None:
        rows = rows[rows["_single"] & (rows["_year"] == year)]
        if rows.empty:
            raise ValueError(f"no {metric!r} figure for {year}")
    # a year's value beats a term's (2018-2023): a term counts only when there is nothing else
    latest = rows.sort_values(["_single", "_year"]).groupby([by, "subject"], dropna=False).tail(1)
    latest = latest.sort_values("value", ascending=True, kind="stable")
    factor, unit_text = _scale(unit, latest["value"].astype(float), lang)
    heading, axis_label = _title(metric, unit_text, lang, title)
    several = latest.groupby(by)["subject"].nunique(dropna=False).max() > 1
    plain = [
        unicodedata.normalize("NFC", _line_label(str(p), _name(s), bool(several)) + f" ({period})")
        for p, s, period in zip(latest[by].fillna("?"), latest["subject"], latest["period"], strict=True)
    ]
    fig, ax, created = _figure_and_axes(ax)
    names, label_size = _fit_labels(fig, ax, plain, created)
    if created:
        needed = sum(0.3 + 0.18 * name.count("\n") for name in names) + 0.15 * len(names) + 1.9
        if fig.get_size_inches()[1] < needed:
            fig.set_size_inches(fig.get_size_inches()[0], needed)
    values = latest["value"].astype(float).to_numpy() / factor
    hedged = (latest["qualifier"] != "exact").to_numpy()
    conflict = latest["conflict"].fillna(False).astype(bool).to_numpy()
    bars = ax.barh(range(len(names)), values, color=_BAR_COLOR)
    for bar, is_hedged, is_conflict in zip(bars, hedged, conflict, strict=True):
        if is_hedged:
            bar.set_hatch(_HATCH)
            bar.set_facecolor(_HEDGED_BAR_COLOR)
        if is_conflict:
            bar.set_edgecolor(_CONFLICT_COLOR)
            bar.set_linewidth(2)
    value_labels = [
        ax.text(v, i, " " + _marked(v, str(q)), va="center", fontsize="small")
        for i, (v, q) in enumerate(zip(values, latest["qualifier"], strict=True))
    ]
    ax.set_yticks(range(len(names)), labels=names)
    ax.tick_params(axis="y", labelsize=label_size)
    ax.set_title(heading)
    ax.set_xlabel(axis_label)
    ax.xaxis.set_major_formatter(FuncFormatter(_number))
    ax.margins(x=0.02)  # the value labels get their room in _fit
    handles = _bar_handles(lang, bool((~hedged & ~conflict).any()), bool(hedged.any()), bool(conflict.any()))
    if handles:
        _legend(ax, handles, created)
    note = _caption(source, latest, lang, created, _note("latest", lang))
    family = vietnamese_font(
        " ".join([heading, axis_label, note, *names, *(str(h.get_label()) for h in handles)])
    )
    caption = _place_caption(fig, ax, note, created)
    _style(ax, family)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", alpha=0.3)
    _set_fonts(fig, family)
    ax.xaxis.set_major_locator(SpacedLocator(_tick_font(family), steps=[1, 2, 2.5, 5, 10]))
    _fit(fig, ax, created, value_labels, caption)
    return fig
