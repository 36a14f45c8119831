"""Charts of the page « Comparaison départementale »: pure functions to Plotly figures (no Streamlit)."""

from __future__ import annotations

import math
from collections.abc import Mapping

import plotly.graph_objects as go

from visuals import palette
from visuals.layout import layout as _layout

NO_FIGURE = "#E5E7EB"


def _rings(geometry: Mapping) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def _bounds(values: list[float], n: int = 5) -> list[float]:
    """Upper bounds of n classes of equal width between the smallest and largest value."""
    low, high = min(values), max(values)
    if high == low:
        return [high]
    step = (high - low) / n
    return [low + step * (i + 1) for i in range(n)]


def _number(value: float) -> str:
    return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")


def france_map(
    geojson: Mapping, values: Mapping[str, float | None], texts: Mapping[str, str], home: str, title: str
) -> go.Figure:
    """The 101 départements filled by class of the figure (grey where there is none), home outlined; drawn as
    filled polygons on blank axes: no base map, nothing fetched. Overseas départements are insets."""
    given = [v for v in values.values() if v is not None]
    bounds = _bounds(given) if given else []
    scale = palette.SEQUENTIAL
    groups: dict[int, tuple[list, list]] = {}
    centre_x, centre_y, hover = [], [], []
    home_x: list[float | None] = []
    home_y: list[float | None] = []
    for feature in geojson["features"]:
        props = feature["properties"]
        code = props["code_departement"]
        value = values.get(code)
        index = -1 if value is None else next((i for i, b in enumerate(bounds) if value <= b + 1e-9), len(bounds) - 1)
        xs, ys = groups.setdefault(index, ([], []))
        rings = _rings(feature["geometry"])
        for ring in rings:
            xs.extend([p[0] for p in ring] + [None])
            ys.extend([p[1] for p in ring] + [None])
            if code == home:
                home_x.extend([p[0] for p in ring] + [None])
                home_y.extend([p[1] for p in ring] + [None])
        largest = max(rings, key=len)
        centre_x.append(sum(p[0] for p in largest) / len(largest))
        centre_y.append(sum(p[1] for p in largest) / len(largest))
        hover.append(f"{props['departement']} ({code}) : {texts.get(code, 'pas de fiche')}")
    fig = go.Figure()
    for index in sorted(groups):
        xs, ys = groups[index]
        if index == -1:
            name, colour = "Pas de chiffre (pas de fiche, masqué ou non communiqué)", NO_FIGURE
        else:
            low = min(given) if index == 0 else bounds[index - 1]
            name = f"{_number(low)} à {_number(bounds[index])}" if len(bounds) > 1 else _number(bounds[0])
            colour = scale[min(index, len(scale) - 1)]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                fill="toself",
                fillcolor=colour,
                mode="lines",
                name=name,
                line={"color": "#94A3B8", "width": 0.5},
                hoverinfo="skip",
            )
        )
    if home_x:
        fig.add_trace(
            go.Scatter(
                x=home_x,
                y=home_y,
                mode="lines",
                name="Département de l'entrepôt",
                line={"color": palette.ALERT, "width": 2.2},
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=centre_x,
            y=centre_y,
            mode="markers",
            marker={"size": 6, "opacity": 0},
            text=hover,
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_xaxes(visible=False)
    # Equal distances at mainland France's middle latitude (about 46.5° N).
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(46.5)))
    return _layout(fig, title, height=640)
