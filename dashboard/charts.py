"""Chart builders: pure functions from plain data to a Plotly figure (no Streamlit call).

Shared by the dashboard and the reports. French number formats come from the layout's
`separators` (decimal comma, thin space for thousands); colours come from palette.py.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from . import palette

FONT = "Marianne, Arial, Helvetica, sans-serif"
# Plotly `separators`: decimal mark then thousands separator ("1 234,5").
SEPARATORS = ",\u202f"


@dataclass(frozen=True)
class Item:
    """One bar or one line point: its key (for the colour), its label and its value."""

    key: str
    label: str
    value: float | None
    low: float | None = None  # confidence interval, for shares
    high: float | None = None
    text: str | None = None


def _layout(fig: go.Figure, title: str, *, height: int = 420, legend: bool = True) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        font={"family": FONT, "size": 13, "color": "#1F2933"},
        separators=SEPARATORS,
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        paper_bgcolor="white",
        plot_bgcolor="white",
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        hoverlabel={"font": {"family": FONT}},
    )
    fig.update_xaxes(gridcolor="#E5E7EB", zerolinecolor="#9CA3AF")
    fig.update_yaxes(gridcolor="#E5E7EB", zerolinecolor="#9CA3AF")
    return fig


def empty(title: str, message: str = "Aucune donnée pour ces filtres") -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font={"size": 15, "color": palette.NEUTRAL},
                       xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, height=260, legend=False)


def bars(items: Sequence[Item], colours: Mapping[str, str], title: str, *, horizontal: bool = True,
         unit: str = "", percent: bool = False) -> go.Figure:
    """One bar per item, coloured by its key; shares get their 95 % interval as error bars."""
    if not items or all((i.value or 0) == 0 for i in items):
        return empty(title)
    labels = [i.label for i in items]
    values = [i.value for i in items]
    number = "%{x:,.1f}" if horizontal else "%{y:,.1f}"
    if not percent:
        number = "%{x:,.0f}" if horizontal else "%{y:,.0f}"
    suffix = " %" if percent else (f" {unit}" if unit else "")
    error = None
    if any(i.low is not None for i in items):
        error = {
            "type": "data", "symmetric": False, "color": "#374151", "thickness": 1.2,
            "array": [(i.high - i.value) if i.high is not None and i.value is not None else 0 for i in items],
            "arrayminus": [(i.value - i.low) if i.low is not None and i.value is not None else 0 for i in items],
        }
    texts = [i.text if i.text is not None else "" for i in items]
    bar = go.Bar(
        x=values if horizontal else labels,
        y=labels if horizontal else values,
        orientation="h" if horizontal else "v",
        marker={"color": [colours.get(i.key, palette.BRAND) for i in items]},
        text=texts if any(texts) else None,
        textposition="outside" if any(texts) else None,
        cliponaxis=False,
        hovertemplate=("%{y}" if horizontal else "%{x}") + " : " + number + suffix + "<extra></extra>",
        **({"error_x": error} if horizontal and error else {}),
        **({"error_y": error} if not horizontal and error else {}),
    )
    fig = go.Figure(bar)
    if horizontal:
        fig.update_yaxes(autorange="reversed", automargin=True)
        fig.update_xaxes(ticksuffix=suffix.strip() and f"\u00a0{suffix.strip()}", rangemode="tozero")
    else:
        fig.update_yaxes(rangemode="tozero")
        fig.update_xaxes(type="category")
    height = max(260, 48 + 34 * len(items)) if horizontal else 420
    return _layout(fig, title, height=height, legend=False)


def lines(series: Mapping[str, Sequence[tuple[int, float | None]]], labels: Mapping[str, str],
          colours: Mapping[str, str], title: str, *, percent: bool = False, unit: str = "") -> go.Figure:
    """One line per series over the years (x as categories, so years never show decimals)."""
    if not series or all(v in (None, 0) for points in series.values() for _, v in points):
        return empty(title)
    fig = go.Figure()
    number = "%{y:,.1f}" if percent or unit == "mois" else "%{y:,.0f}"
    suffix = " %" if percent else (f" {unit}" if unit else "")
    for key, points in series.items():
        fig.add_trace(go.Scatter(
            x=[str(year) for year, _ in points], y=[v for _, v in points], mode="lines+markers",
            name=labels.get(key, key), line={"color": colours.get(key, palette.BRAND), "width": 3},
            marker={"size": 7}, connectgaps=False,
            hovertemplate=f"{labels.get(key, key)} — %{{x}} : {number}{suffix}<extra></extra>",
        ))
    fig.update_xaxes(type="category")
    fig.update_yaxes(rangemode="tozero", ticksuffix="\u00a0%" if percent else None)
    return _layout(fig, title, legend=len(series) > 1)


def stacked_years(series: Mapping[str, Sequence[tuple[int, float]]], labels: Mapping[str, str],
                  colours: Mapping[str, str], title: str) -> go.Figure:
    """Counts by year, one stacked colour per category."""
    if not series or all(not v for points in series.values() for _, v in points):
        return empty(title)
    fig = go.Figure()
    for key, points in series.items():
        fig.add_trace(go.Bar(
            x=[str(year) for year, _ in points], y=[v for _, v in points], name=labels.get(key, key),
            marker={"color": colours.get(key, palette.BRAND)},
            hovertemplate=f"{labels.get(key, key)} — %{{x}} : %{{y:,.0f}}<extra></extra>",
        ))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category")
    return _layout(fig, title)


def grouped(categories: Sequence[str], groups: Mapping[str, Sequence[float]], labels: Mapping[str, str],
            colours: Mapping[str, str], title: str, *, horizontal: bool = False) -> go.Figure:
    """Side-by-side bars: one group per key of `groups`, one bar per category."""
    if not categories or all(not v for values in groups.values() for v in values):
        return empty(title)
    fig = go.Figure()
    for key, values in groups.items():
        fig.add_trace(go.Bar(
            x=list(values) if horizontal else list(categories), y=list(categories) if horizontal else list(values),
            orientation="h" if horizontal else "v", name=labels.get(key, key),
            marker={"color": colours.get(key, palette.BRAND)},
            hovertemplate=f"{labels.get(key, key)} — " + ("%{y} : %{x:,.1f}" if horizontal else "%{x} : %{y:,.1f}")
            + "<extra></extra>",
        ))
    fig.update_layout(barmode="group")
    if horizontal:
        fig.update_yaxes(autorange="reversed", automargin=True)
    return _layout(fig, title, height=max(320, 60 + 40 * len(categories)) if horizontal else 420)


def _rings(geometry: Mapping) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def _centroid(ring: Sequence[Sequence[float]]) -> tuple[float, float]:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return sum(xs) / len(xs), sum(ys) / len(ys)


def classes(values: Sequence[float], n: int = 5) -> list[float]:
    """Upper bounds of n classes of equal width from 0 to the maximum (whole numbers)."""
    top = max([v for v in values if v is not None] or [0])
    if top <= 0:
        return [0.0]
    step = max(1, math.ceil(top / n))
    return [float(step * (i + 1)) for i in range(n) if step * i < top]


def choropleth(geojson: Mapping, key: str, values: Mapping[str, float], names: Mapping[str, str],
               title: str, *, unit: str = "demandes") -> go.Figure:
    """A map of filled polygons (no base map, nothing fetched: it works offline and prints as vectors).

    One trace per class of values so the legend reads as a key; invisible centroid markers
    carry the hover text of each area.
    """
    bounds = classes(list(values.values()))
    fig = go.Figure()
    by_class: dict[int, tuple[list, list]] = {}
    centres_x, centres_y, hover = [], [], []
    for feature in geojson["features"]:
        code = feature["properties"][key]
        value = values.get(code, 0) or 0
        index = 0 if value == 0 else next((i + 1 for i, b in enumerate(bounds) if value <= b), len(bounds))
        xs, ys = by_class.setdefault(index, ([], []))
        rings = _rings(feature["geometry"])
        for ring in rings:
            xs.extend([p[0] for p in ring] + [None])
            ys.extend([p[1] for p in ring] + [None])
        cx, cy = _centroid(max(rings, key=len))
        centres_x.append(cx)
        centres_y.append(cy)
        hover.append(f"{names.get(code, code)} : {int(value):,d} {unit}".replace(",", "\u202f"))
    scale = palette.SEQUENTIAL
    for index in sorted(by_class):
        xs, ys = by_class[index]
        if index == 0:
            name, colour = "Aucune", "#F8FAFC"
        else:
            low = 1 if index == 1 else int(bounds[index - 2]) + 1
            high = int(bounds[index - 1])
            name = f"{low}" if low == high else f"{low} à {high}"
            colour = scale[min(index - 1, len(scale) - 1) + max(0, len(scale) - len(bounds))]
        fig.add_trace(go.Scatter(x=xs, y=ys, fill="toself", fillcolor=colour, mode="lines",
                                 line={"color": "#94A3B8", "width": 0.6}, name=name, hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=centres_x, y=centres_y, mode="markers", marker={"size": 6, "opacity": 0},
                             text=hover, hovertemplate="%{text}<extra></extra>", showlegend=False))
    fig.update_xaxes(visible=False)
    # Equal distances at Charente's latitude (about 45.7° N).
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(45.7)))
    return _layout(fig, title, height=560)
