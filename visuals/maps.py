"""Maps drawn as filled polygons from shipped shapes: no base map, nothing fetched, vector in print."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence

import plotly.graph_objects as go

from visuals import palette
from visuals.layout import layout as _layout

MASKED_FILL = "#E5E7EB"


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


def choropleth(
    geojson: Mapping,
    key: str,
    values: Mapping[str, float],
    names: Mapping[str, str],
    title: str,
    *,
    unit: str = "demandes",
    masked: Collection[str] = (),
) -> go.Figure:
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
        if code in masked:  # diffusion: its own grey class, « < 5 » in the hover, never counted as 0
            index = -1
        xs, ys = by_class.setdefault(index, ([], []))
        rings = _rings(feature["geometry"])
        for ring in rings:
            xs.extend([p[0] for p in ring] + [None])
            ys.extend([p[1] for p in ring] + [None])
        cx, cy = _centroid(max(rings, key=len))
        centres_x.append(cx)
        centres_y.append(cy)
        hover.append(
            f"{names.get(code, code)} : < 5 {unit}"
            if code in masked
            else f"{names.get(code, code)} : {int(value):,d} {unit}".replace(",", "\u202f")
        )
    scale = palette.SEQUENTIAL
    for index in sorted(by_class):
        xs, ys = by_class[index]
        if index == -1:
            name, colour = "Moins de 5 (masqué)", MASKED_FILL
        elif index == 0:
            name, colour = "Aucune", "#F8FAFC"
        else:
            low = 1 if index == 1 else int(bounds[index - 2]) + 1
            high = int(bounds[index - 1])
            name = f"{low}" if low == high else f"{low} à {high}"
            colour = scale[min(index - 1, len(scale) - 1) + max(0, len(scale) - len(bounds))]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                fill="toself",
                fillcolor=colour,
                mode="lines",
                line={"color": "#94A3B8", "width": 0.6},
                name=name,
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=centres_x,
            y=centres_y,
            mode="markers",
            marker={"size": 6, "opacity": 0},
            text=hover,
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_xaxes(visible=False)
    # Equal distances at Charente's latitude (about 45.7° N).
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(45.7)))
    return _layout(fig, title, height=560)
