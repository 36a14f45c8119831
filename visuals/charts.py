"""Chart builders: pure functions from plain data to a Plotly figure (no Streamlit call).

Shared by the dashboard and the reports. French number formats come from the layout's
`separators` (decimal comma, thin space for thousands); colours come from palette.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from visuals import palette
from visuals.layout import FONT, SEPARATORS, mask_marks, whole_ticks  # noqa: F401
from visuals.layout import layout as _layout
from visuals.maps import choropleth, classes  # noqa: F401  (re-exported: one import for the pages)


@dataclass(frozen=True)
class Item:
    """One bar or one line point: its key (for the colour), its label and its value."""

    key: str
    label: str
    value: float | None
    low: float | None = None  # confidence interval, for shares
    high: float | None = None
    text: str | None = None
    masked: bool = False  # diffusion: drawn as a labelled « < 5 » mark, never as a number
    hover: str | None = None  # a share's hover with its interval (pipelines.published.fmt.interval_hover)


def empty(title: str, message: str = "Aucune donnée pour ces filtres") -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=message,
        showarrow=False,
        font={"size": 15, "color": palette.NEUTRAL},
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, height=260, legend=False)


def _categories(series: Mapping[str, Sequence[tuple[int, float | None]]]) -> list[str]:
    """The years on the x axis, in the order plotly.js assigns their indexes (first appearance)."""
    return list(dict.fromkeys(str(year) for points in series.values() for year, _ in points))


def bars(
    items: Sequence[Item],
    colours: Mapping[str, str],
    title: str,
    *,
    horizontal: bool = True,
    unit: str = "",
    percent: bool = False,
) -> go.Figure:
    """One bar per item, coloured by its key; shares get their 95 % interval as error bars."""
    if not items or all((i.value or 0) == 0 and not i.masked for i in items):
        return empty(title)
    labels = [i.label for i in items]
    values = [None if i.masked else i.value for i in items]
    number = "%{x:,.1f}" if horizontal else "%{y:,.1f}"
    if not percent:
        number = "%{x:,.0f}" if horizontal else "%{y:,.0f}"
    suffix = " %" if percent else (f" {unit}" if unit else "")
    error = None
    if any(i.low is not None for i in items):
        error = {
            "type": "data",
            "symmetric": False,
            "color": "#374151",
            "thickness": 1.2,
            "array": [(i.high - i.value) if i.high is not None and i.value is not None else 0 for i in items],
            "arrayminus": [(i.value - i.low) if i.low is not None and i.value is not None else 0 for i in items],
        }
    texts = [i.text if i.text is not None and not i.masked else "" for i in items]
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
    if not percent and not unit:  # counts: whole ticks only (no `0,5 refus`)
        whole_ticks(fig, [v or 0 for v in values], axis="x" if horizontal else "y")
    if any(texts):  # room for the labels written past the end of the bars (`51 (21,5 %)`)
        top = max(max(i.value or 0, i.high or 0) for i in items)
        (fig.update_xaxes if horizontal else fig.update_yaxes)(range=[0, top * (1.25 if horizontal else 1.12)])
    mask_marks(fig, [n for n, i in enumerate(items) if i.masked], horizontal=horizontal)
    if not any(v for v in values):  # only masked marks (and zeros): a value axis would only show 0 and 1
        (fig.update_xaxes if horizontal else fig.update_yaxes)(range=[0, 1], showticklabels=False)
    height = max(260, 48 + 34 * len(items)) if horizontal else 420
    return _layout(fig, title, height=height, legend=False)


def lines(
    series: Mapping[str, Sequence[tuple[int, float | None]]],
    labels: Mapping[str, str],
    colours: Mapping[str, str],
    title: str,
    *,
    percent: bool = False,
    unit: str = "",
    masked: Mapping[str, Sequence[int]] | None = None,
) -> go.Figure:
    """One line per series over the years (x as categories, so years never show decimals); the years of a
    series in `masked` leave a gap with a « < 5 » mark at the foot of the chart."""
    masked = {k: list(v) for k, v in (masked or {}).items() if v}
    if not series or (all(v in (None, 0) for points in series.values() for _, v in points) and not masked):
        return empty(title)
    fig = go.Figure()
    number = "%{y:,.1f}" if percent or unit == "mois" else "%{y:,.0f}"
    suffix = " %" if percent else (f" {unit}" if unit else "")
    for key, points in series.items():
        fig.add_trace(
            go.Scatter(
                x=[str(year) for year, _ in points],
                y=[v for _, v in points],
                mode="lines+markers",
                name=labels.get(key, key),
                line={"color": colours.get(key, palette.BRAND), "width": 3},
                marker={"size": 7},
                connectgaps=False,
                hovertemplate=f"{labels.get(key, key)} — %{{x}} : {number}{suffix}<extra></extra>",
            )
        )
    fig.update_xaxes(type="category")
    fig.update_yaxes(rangemode="tozero", ticksuffix="\u00a0%" if percent else None)
    if not percent and not unit:
        whole_ticks(fig, [v for points in series.values() for _, v in points])
    order = _categories(series)
    for n, (key, years) in enumerate(masked.items()):
        text = f"{labels.get(key, key)} : < 5" if len(series) > 1 else "< 5"
        mask_marks(
            fig, [order.index(str(y)) for y in years if str(y) in order], horizontal=False, text=text, shift=22 * n
        )
    return _layout(fig, title, legend=len(series) > 1)


def stacked_years(
    series: Mapping[str, Sequence[tuple[int, float | None]]],
    labels: Mapping[str, str],
    colours: Mapping[str, str],
    title: str,
    *,
    masked: Mapping[int, int] | None = None,
) -> go.Figure:
    """Counts by year, one stacked colour per category; `masked` gives, per year, how many categories are
    hidden (diffusion): a « < 5 » mark above that year's bar says so."""
    if not series or (all(not v for points in series.values() for _, v in points) and not masked):
        return empty(title)
    fig = go.Figure()
    for key, points in series.items():
        fig.add_trace(
            go.Bar(
                x=[str(year) for year, _ in points],
                y=[v for _, v in points],
                name=labels.get(key, key),
                marker={"color": colours.get(key, palette.BRAND)},
                hovertemplate=f"{labels.get(key, key)} — %{{x}} : %{{y:,.0f}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category")
    totals: dict[int, float] = {}
    for points in series.values():
        for year, v in points:
            totals[year] = totals.get(year, 0) + (v or 0)
    whole_ticks(fig, list(totals.values()))
    order = _categories(series)
    for year, hidden in (masked or {}).items():
        if hidden and str(year) in order:  # x by index: a year read as a number would be placed off the chart
            fig.add_annotation(
                x=order.index(str(year)),
                y=totals.get(year, 0),
                yanchor="bottom",
                showarrow=False,
                yshift=3,
                text="+ < 5" if hidden == 1 else "+ plusieurs < 5",
                font={"size": 11},
            )
    return _layout(fig, title)


def grouped(
    categories: Sequence[str],
    groups: Mapping[str, Sequence[float | None]],
    labels: Mapping[str, str],
    colours: Mapping[str, str],
    title: str,
    *,
    horizontal: bool = False,
    masked: Mapping[str, Sequence[bool]] | None = None,
) -> go.Figure:
    """Side-by-side bars: one group per key of `groups`, one bar per category; a masked value (diffusion)
    is drawn as a « < 5 » mark, never as a bar."""
    masked = masked or {}
    if not categories or (
        all(not v for values in groups.values() for v in values) and not any(any(m) for m in masked.values())
    ):
        return empty(title)
    fig = go.Figure()
    for n, (key, values) in enumerate(groups.items()):
        hidden = [n for n, m in enumerate(masked.get(key, ())) if m and n < len(categories)]
        mask_marks(
            fig,
            hidden,
            horizontal=horizontal,
            text=f"{labels.get(key, key)} : < 5" if len(groups) > 1 else "< 5",
            shift=(-9 if n == 0 else 9) if len(groups) > 1 else 0,
        )
        fig.add_trace(
            go.Bar(
                x=list(values) if horizontal else list(categories),
                y=list(categories) if horizontal else list(values),
                orientation="h" if horizontal else "v",
                name=labels.get(key, key),
                marker={"color": colours.get(key, palette.BRAND)},
                hovertemplate=f"{labels.get(key, key)} — "
                + ("%{y} : %{x:,.1f}" if horizontal else "%{x} : %{y:,.1f}")
                + "<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    if horizontal:
        fig.update_yaxes(autorange="reversed", automargin=True)
    whole_ticks(fig, [v for values in groups.values() for v in values], axis="x" if horizontal else "y")
    return _layout(fig, title, height=max(320, 60 + 40 * len(categories)) if horizontal else 420)


def with_references(
    fig: go.Figure, references: Sequence[tuple[float | None, str, str, int]], *, horizontal: bool = True
) -> go.Figure:
    """Reference lines on a bar chart, each (value, label, dash, row), e.g. the departmental load per ETP and
    its thresholds. On a horizontal bar chart the lines are vertical and their labels sit above the plot, on
    row 0 (just above) or row 1 (above row 0), so that close lines keep readable labels; on a vertical one
    the lines are horizontal, labelled on the right. Lines are drawn under the bars; a None value draws
    nothing; returns the same figure."""
    for value, label, dash, row in references:
        if value is None:
            continue
        line = {"color": "#374151", "width": 1.5, "dash": dash}
        font = {"size": 11, "color": "#374151"}
        if horizontal:
            fig.add_vline(x=value, line=line, layer="below")
            fig.add_annotation(
                x=value,
                xref="x",
                y=1,
                yref="paper",
                yanchor="bottom",
                yshift=2 + 16 * row,
                text=label,
                showarrow=False,
                font=font,
            )
        else:
            fig.add_hline(y=value, line=line, layer="below")
            fig.add_annotation(
                x=1, xref="paper", xanchor="left", y=value, yref="y", text=label, showarrow=False, font=font
            )
    return fig


def loads(
    items: Sequence[Item],
    colours: Mapping[str, str],
    title: str,
    references: Sequence[tuple[float | None, str, str, int]] = (),
) -> go.Figure:
    """Load per ETP by sector: horizontal bars (one decimal, each bar's `text` after it) and reference lines."""
    fig = bars(items, colours, title, horizontal=True)
    if not fig.data:  # nothing to show: the empty figure
        return fig
    # The value inside its bar, at its end: a label written past the bar would cross the reference lines.
    fig.update_traces(
        hovertemplate="%{y} : %{x:,.1f} par ETP<extra></extra>",
        textposition="inside",
        insidetextanchor="end",
        textfont={"color": "white"},
        constraintext="none",
    )
    fig.update_layout(margin={"r": 160, "t": 100, "b": 40}, height=(fig.layout.height or 320) + 70)
    fig.update_xaxes(automargin=True)
    return with_references(fig, references)
