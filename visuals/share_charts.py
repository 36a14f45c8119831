"""Charts of shares: stacked shares over the years (each bar 100 %), shares side by side with their 95 % interval
as an error bar, and shares over the years with their intervals. Pure functions of `Item`s (visuals.charts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from visuals import palette
from visuals.charts import Item, empty
from visuals.layout import layout as _layout
from visuals.layout import mask_marks


def stacked_shares(
    series: Mapping[str, Sequence[tuple[int, Any, Any]]],
    labels: Mapping[str, str],
    colours: Mapping[str, str],
    title: str,
) -> go.Figure:
    """The make-up of each year in percent (bars stacked to 100 %), the counts in the hover text.

    `series`: per category, its (year, share, count) as published figures (`.value`, `.text`, `.masked`).
    A masked share leaves its segment out and puts a « < 5 » mark above that year's bar; a year with no
    case at all keeps its place on the axis with no bar (never a division by zero)."""
    if not series or all(not (share.value or share.masked) for points in series.values() for _, share, _ in points):
        return empty(title)
    fig = go.Figure()
    hidden: dict[int, int] = {}
    for key, points in series.items():
        for year, share, _ in points:
            if share.masked:
                hidden[year] = hidden.get(year, 0) + 1
        if not any(share.value or share.masked for _, share, _ in points):
            continue
        fig.add_trace(
            go.Bar(
                x=[str(year) for year, _, _ in points],
                y=[share.value for _, share, _ in points],
                name=labels.get(key, key),
                customdata=[count.text for _, _, count in points],
                marker={"color": colours.get(key, palette.BRAND)},
                hovertemplate=f"{labels.get(key, key)} — %{{x}} : %{{y:,.1f}} % (%{{customdata}})<extra></extra>",
            )
        )
    years = [year for year, _, _ in next(iter(series.values()))]
    for year, n in hidden.items():  # x by index: a year read as a number would be placed off the chart
        fig.add_annotation(
            x=years.index(year),
            y=100,
            yanchor="bottom",
            showarrow=False,
            yshift=3,
            text="+ < 5" if n == 1 else "+ plusieurs < 5",
            font={"size": 11},
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category")
    fig.update_yaxes(range=[0, 100], ticksuffix="\u00a0%")
    return _layout(fig, title)


def shares(
    categories: Sequence[str],
    groups: Mapping[str, Sequence[Item | None]],
    labels: Mapping[str, str],
    colours: Mapping[str, str],
    title: str,
) -> go.Figure:
    """Shares in percent side by side (one bar per group in each category, e.g. the year and the comparison
    year), each with its 95 % interval as an error bar; the item's `text` (`38,8 % (73/188)`) is written just
    after the interval and in the hover with the interval. A missing item or value leaves no bar."""
    if not categories or all(
        i is None or (i.value is None and not i.masked) for items in groups.values() for i in items
    ):
        return empty(title)
    fig = go.Figure()
    top = 0.0
    for n, (key, items) in enumerate(groups.items()):
        cells = list(items)
        hidden = [c for c, i in zip(categories, cells, strict=False) if i is not None and i.masked]
        mask_marks(
            fig,
            hidden,
            horizontal=True,
            text=f"{labels.get(key, key)} : masqué" if len(groups) > 1 else "masqué",
            shift=(-9 if n == 0 else 9) if len(groups) > 1 else 0,
        )
        shown = [i if i is not None and i.value is not None else None for i in cells]
        ends = [(i.high if i.high is not None else i.value) if i is not None else None for i in shown]
        top = max([top, *(e for e in ends if e is not None)])
        fig.add_trace(
            go.Bar(
                x=[i.value if i is not None else None for i in shown],
                y=list(categories),
                orientation="h",
                name=labels.get(key, key),
                offsetgroup=str(n),
                marker={"color": colours.get(key, palette.BRAND)},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "color": "#374151",
                    "thickness": 1.2,
                    "width": 4,
                    "array": [(i.high - i.value) if i is not None and i.high is not None else 0 for i in shown],  # type: ignore[operator]  # shown: with a value
                    "arrayminus": [(i.value - i.low) if i is not None and i.low is not None else 0 for i in shown],  # type: ignore[operator]  # shown: with a value
                },
                hovertext=[(i.hover or i.text or "") if i is not None else "" for i in shown],
                hovertemplate=f"{labels.get(key, key)} — %{{y}} : %{{hovertext}}<extra></extra>",
            )
        )
        # The labels sit after the interval, so that they never cross it (scatter grouped like the bars).
        fig.add_trace(
            go.Scatter(
                x=ends,
                y=list(categories),
                orientation="h",
                offsetgroup=str(n),
                mode="text",
                text=[f"\u2002{i.text}" if i is not None and i.text else "" for i in shown],
                textposition="middle right",
                textfont={"size": 12, "color": "#1F2933"},
                cliponaxis=False,
                showlegend=False,
                hoverinfo="skip",
            )
        )
    fig.update_layout(barmode="group", scattermode="group", legend={"traceorder": "normal"})
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(range=[0, min(100.0, max(10.0, top * 1.05))], ticksuffix="\u00a0%", automargin=True)
    height = max(300, 90 + 34 * len(categories) * max(1, len(groups)))
    fig = _layout(fig, title, height=height, legend=len(groups) > 1)
    fig.update_layout(margin={"r": 140})
    return fig


def share_trend(
    series: Mapping[str, Sequence[tuple[int, Item | None]]],
    labels: Mapping[str, str],
    colours: Mapping[str, str],
    title: str,
) -> go.Figure:
    """Shares in percent over the years, one line per series, each point with its 95 % interval as an
    error bar; a year without cases leaves a gap."""
    if not series or all(
        i is None or (i.value is None and not i.masked) for points in series.values() for _, i in points
    ):
        return empty(title)
    fig = go.Figure()
    for key, points in series.items():
        cells = [i for _, i in points]
        fig.add_trace(
            go.Scatter(
                x=[str(year) for year, _ in points],
                y=[i.value if i is not None else None for i in cells],
                mode="lines+markers",
                name=labels.get(key, key),
                connectgaps=False,
                line={"color": colours.get(key, palette.BRAND), "width": 3},
                marker={"size": 7},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "color": colours.get(key, palette.BRAND),
                    "thickness": 1.2,
                    "width": 4,
                    "array": [
                        (i.high - i.value) if i is not None and i.value is not None and i.high is not None else 0
                        for i in cells
                    ],
                    "arrayminus": [
                        (i.value - i.low) if i is not None and i.value is not None and i.low is not None else 0
                        for i in cells
                    ],
                },
                hovertext=[(i.hover or i.text or "") if i is not None and i.value is not None else "" for i in cells],
                hovertemplate=f"{labels.get(key, key)} — %{{x}} : %{{hovertext}}<extra></extra>",
            )
        )
    fig.update_xaxes(type="category", automargin=True)
    fig.update_yaxes(range=[0, 100], ticksuffix="\u00a0%", automargin=True)
    for n, (key, points) in enumerate(series.items()):
        hidden = [j for j, (_, i) in enumerate(points) if i is not None and i.masked]  # by index (see mask_marks)
        text = f"{labels.get(key, key)} : masqué" if len(series) > 1 else "masqué"
        mask_marks(fig, hidden, horizontal=False, text=text, shift=22 * n)
    return _layout(fig, title, legend=len(series) > 1)
