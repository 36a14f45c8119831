"""Report charts drawn with Plotly, through the dashboard's chart builders (same look, same colours)."""

from __future__ import annotations

import json
from functools import lru_cache

import plotly.graph_objects as go

from visuals import charts
from visuals.charts import Item

from ..geography import load_geography
from ..settings import reference_dir
from .model import Chart


@lru_cache(maxsize=2)
def _geojson(name: str) -> dict:
    return json.loads((reference_dir() / name).read_text(encoding="utf-8"))


def to_plotly(chart: Chart) -> go.Figure:
    if chart.kind == "map":
        names = load_geography().epci_names
        return charts.choropleth(_geojson("charente_epci.geojson"), chart.map_layer, chart.map_values, names,
                                 chart.title)
    if chart.kind in ("bar", "column"):
        (values,) = chart.series.values()
        items = [Item(c, c, v) for c, v in zip(chart.categories, values, strict=True)]
        colours = dict(zip(chart.categories, chart.colours, strict=True))
        return charts.bars(items, colours, chart.title, horizontal=chart.kind == "bar", unit=chart.unit,
                           percent=chart.percent)
    years = [int(c) for c in chart.categories]
    series = {name: list(zip(years, values, strict=True)) for name, values in chart.series.items()}
    labels = {name: name for name in chart.series}
    colours = dict(zip(chart.series, chart.colours, strict=False))
    if chart.kind == "stacked":
        return charts.stacked_years(series, labels, colours, chart.title)
    return charts.lines(series, labels, colours, chart.title, percent=chart.percent, unit=chart.unit)
