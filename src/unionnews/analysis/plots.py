"""Figures for papers from comparative tables, with Vietnamese labels that render.

Two plots, both drawn on a :class:`matplotlib.figure.Figure` (no pyplot state,
no backend needed; ``fig.savefig("x.png")`` writes it, a notebook shows it):

* :func:`series` — one line per province (and union body) over the years;
* :func:`provinces` — one bar per province: its latest value (or a given year's).

Both take a comparative table from :func:`unionnews.compare` or a dataset
(a :class:`~unionnews.Dataset` or its directory), read in the data's own words:
a filled marker is an exact figure, a hollow one a hedged figure ("hơn",
"khoảng"), a red cross a cell where articles disagree. Money is shown in tỷ or
triệu đồng, numbers in Vietnamese format (183.420; 2,5).

Text is drawn in a font that has every character of it: the configured font
when it covers Vietnamese, else DejaVu Sans (shipped with matplotlib, which
has the whole Vietnamese alphabet), so no glyph turns into a box.

>>> import unionnews
>>> fig = unionnews.plot.series("out", "union_members")          # doctest: +SKIP
>>> fig.savefig("union_members.png", dpi=200)                    # doctest: +SKIP
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib import font_manager, rcParams
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator

from unionnews.analysis.compare import compare
from unionnews.analysis.labels import (
    MONEY_SCALES,
    format_number,
    marked,
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
    """Divisor and axis unit: money in tỷ/triệu đồng, everything else as is."""
    if unit != "VND":
        return 1.0, unit_label(unit, lang)
    top = max((abs(v) for v in values), default=0.0)
    for factor, vi, en in MONEY_SCALES:
        if top >= factor:
            return factor, vi if lang == "vi" else en
    return 1.0, unit_label(unit, lang)


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
    ax: Axes | None = None,
) -> Figure:
    """Line plot of ``metric`` by year, one line per province (and body).

    ``data``: a comparative table (:func:`unionnews.compare`) or a dataset.
    ``unit``: which unit when a metric has several (awards: person or org); the
    most frequent by default. ``provinces``: keep only these (pre-2025 or 2025
    names). ``subject``: keep bodies whose name contains this text (e.g.
    ``"Liên đoàn Lao động tỉnh"``). ``by="province_2025"`` labels lines by the
    merged province. ``lang``: "vi" or "en" labels. Rows without a single year
    (a term such as 2018-2023) are left out. Returns the Figure (``ax``'s when given).
    """
    rows, unit = _pick_unit(_filter(_frame(data, metric), provinces, subject, by), unit, metric)
    rows = rows[rows["year"].notna()]
    if rows.empty:
        raise ValueError(f"no {metric!r} figure has a single year to plot (only spans such as 2018-2023)")
    factor, unit_text = _scale(unit, rows["value"].astype(float), lang)
    heading, axis_label = _title(metric, unit_text, lang, title)
    fig, ax = _figure_and_axes(ax)
    labels = [str(v) for v in rows[by].fillna("?")] + [str(v) for v in rows["subject"].fillna("")]
    family = vietnamese_font(" ".join([heading, axis_label, *labels, word("hedged", lang)]))
    several = rows.groupby(by)["subject"].nunique(dropna=False).max() > 1
    groups = sorted(
        rows.groupby([by, "subject"], dropna=False),
        key=lambda item: (vietnamese_sort_key(str(item[0][0])), vietnamese_sort_key(str(item[0][1]))),
    )
    for (place, body), cell in groups:
        cell = cell.sort_values("year")
        x = cell["year"].astype(int).to_numpy()
        y = cell["value"].astype(float).to_numpy() / factor
        body_text = _name(body)
        (line,) = ax.plot(x, y, "-", linewidth=1.6, label=_line_label(str(place), body_text, bool(several)))
        exact = (cell["qualifier"] == "exact").to_numpy()
        color = line.get_color()
        ax.scatter(x[exact], y[exact], s=36, color=color, zorder=3)
        ax.scatter(x[~exact], y[~exact], s=36, facecolors="white", edgecolors=color, zorder=3)
        conflict = cell["conflict"].fillna(False).astype(bool).to_numpy()
        if conflict.any():
            ax.scatter(x[conflict], y[conflict], s=90, marker="x", color=_CONFLICT_COLOR, zorder=4)
    ax.set_title(heading)
    ax.set_xlabel(word("year", lang))
    ax.set_ylabel(axis_label)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(v)}"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v)))
    years = rows["year"].astype(int)
    if years.min() == years.max():
        ax.set_xlim(years.min() - 1, years.max() + 1)
    handles, _ = ax.get_legend_handles_labels()
    handles += _marker_handles(lang, bool(rows["conflict"].fillna(False).any()))
    ax.legend(handles=handles, fontsize="small", frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    _style(ax, family)
    _set_fonts(fig, family)
    return fig


def _marker_handles(lang: str, conflict: bool) -> list[Line2D]:
    handles = [
        Line2D([], [], marker="o", linestyle="", color="0.3", label=word("exact", lang)),
        Line2D(
            [], [], marker="o", linestyle="", color="0.3", markerfacecolor="white", label=word("hedged", lang)
        ),
    ]
    if conflict:
        handles.append(
            Line2D([], [], marker="x", linestyle="", color=_CONFLICT_COLOR, label=word("conflict", lang))
        )
    return handles


def _figure_and_axes(ax: Axes | None) -> tuple[Figure, Axes]:
    if ax is not None:
        figure = ax.get_figure()
        if not isinstance(figure, Figure):
            raise ValueError("ax must belong to a matplotlib Figure")
        return figure, ax
    fig = Figure(figsize=(7.5, 4.5), layout="constrained")
    return fig, fig.add_subplot()


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
    ax: Axes | None = None,
) -> Figure:
    """Horizontal bars of ``metric``: each province's latest value (or ``year``'s).

    One bar per province and body; its label says the period the value is for
    (provinces report in different years: compare with care). A single year's
    value is preferred to a term's (2018-2023), which is shown only when the
    province has nothing else. Hedged values are hatched, conflicting ones
    outlined in red. Other arguments as in :func:`series`.
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
    names = [
        _line_label(str(p), _name(s), bool(several)) + f" ({period})"
        for p, s, period in zip(latest[by].fillna("?"), latest["subject"], latest["period"], strict=True)
    ]
    fig, ax = _figure_and_axes(ax)
    if ax.get_figure() is fig and fig.get_size_inches()[1] < 0.45 * len(names) + 1.5:
        fig.set_size_inches(fig.get_size_inches()[0], 0.45 * len(names) + 1.5)
    values = latest["value"].astype(float).to_numpy() / factor
    hedged = (latest["qualifier"] != "exact").to_numpy()
    conflict = latest["conflict"].fillna(False).astype(bool).to_numpy()
    bars = ax.barh(range(len(names)), values, color="#2e6f9e")
    for bar, is_hedged, is_conflict in zip(bars, hedged, conflict, strict=True):
        if is_hedged:
            bar.set_hatch("///")
            bar.set_facecolor("#a9c6dc")
        if is_conflict:
            bar.set_edgecolor(_CONFLICT_COLOR)
            bar.set_linewidth(2)
    for i, (v, q) in enumerate(zip(values, latest["qualifier"], strict=True)):
        ax.text(v, i, " " + marked(v, str(q)), va="center", fontsize="small")
    ax.set_yticks(range(len(names)), labels=names)
    ax.set_title(heading)
    ax.set_xlabel(axis_label)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v)))
    ax.margins(x=0.18)
    family = vietnamese_font(" ".join([heading, axis_label, *names]))
    _style(ax, family)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", alpha=0.3)
    _set_fonts(fig, family)
    return fig
