"""Report charts drawn with Plotly, through the shared chart builders (same look, same colours as the
dashboard); a masked value is drawn as a labelled « < 5 » mark by `visuals.charts`, never as 0."""

from __future__ import annotations

import json
from functools import lru_cache

import plotly.graph_objects as go

from pipelines.published import text_for
from pipelines.reference.geography import load_geography
from pipelines.reference.settings import reference_dir
from pipelines.reports.model import Chart
from visuals import charts
from visuals.charts import Item


@lru_cache(maxsize=2)
def _geojson(name: str) -> dict:
    return json.loads((reference_dir() / name).read_text(encoding="utf-8"))


def to_plotly(chart: Chart) -> go.Figure:
    if chart.kind == "map":
        names = load_geography().epci_names
        return charts.choropleth(
            _geojson("charente_epci.geojson"),
            chart.map_layer,
            chart.map_values,
            names,
            chart.title,
            masked=chart.map_masked,
        )
    if chart.kind in ("bar", "column"):
        (name,) = chart.series
        # Every bar carries its value, written as everywhere else (`1 234`, `21,4 %`, `6,0`).
        unit = "%" if chart.percent else ("ETP" if chart.unit in ("ETP", "points") else "nombre")
        items = [
            Item(c, c, v, masked=m, text=None if v is None else text_for(v, unit)) for c, v, m in chart.points(name)
        ]
        colours = dict(zip(chart.categories, chart.colours, strict=True))
        return charts.bars(
            items, colours, chart.title, horizontal=chart.kind == "bar", unit=chart.unit, percent=chart.percent
        )
    years = [int(c) for c in chart.categories]
    series = {name: list(zip(years, values, strict=True)) for name, values in chart.series.items()}
    labels = {name: name for name in chart.series}
    colours = dict(zip(chart.series, chart.colours, strict=False))
    hidden = {name: [int(c) for c, _, m in chart.points(name) if m] for name in chart.series}
    if chart.kind == "stacked":
        per_year = {y: sum(1 for name in chart.series if y in hidden[name]) for y in years}
        return charts.stacked_years(series, labels, colours, chart.title, masked=per_year)
    return charts.lines(series, labels, colours, chart.title, percent=chart.percent, unit=chart.unit, masked=hidden)
