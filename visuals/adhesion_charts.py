"""Charts of « Adhésion et ciblage »: pure functions from plain data to a Plotly figure (no Streamlit call).

A share with its 95 % interval is drawn as a point with a horizontal bar, sorted by value, so that overlapping
intervals are seen at a glance (two values whose bars overlap cannot be told apart). A masked value (diffusion)
is a labelled mark, never a point.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from visuals import palette
from visuals.charts import Item, empty
from visuals.layout import layout as _layout
from visuals.layout import mask_marks

MASKED = "masqué"


def _points(fig: go.Figure, items: Sequence[Item], colour: str) -> None:
    """Every item keeps its row (x None when masked or missing), so that the chart is the same in both modes; the
    hover is the item's own (its interval written by pipelines.published.fmt.interval_hover)."""

    def shown(i: Item) -> bool:
        return i.value is not None and not i.masked

    fig.add_trace(
        go.Scatter(
            x=[i.value if shown(i) else None for i in items],
            y=[i.label for i in items],
            mode="markers",
            orientation="h",
            marker={"color": colour, "size": 10, "symbol": "circle"},
            error_x={
                "type": "data",
                "symmetric": False,
                "color": colour,
                "thickness": 2,
                "width": 6,
                "array": [
                    (i.high - i.value) if shown(i) and i.high is not None else 0  # type: ignore[operator]
                    for i in items
                ],
                "arrayminus": [
                    (i.value - i.low) if shown(i) and i.low is not None else 0  # type: ignore[operator]
                    for i in items
                ],
            },
            hovertext=[(i.hover or i.text or "") if shown(i) else (i.text or MASKED) for i in items],
            hovertemplate="%{y} : %{hovertext}<extra></extra>",
            showlegend=False,
        )
    )


def share_points(
    items: Sequence[Item], title: str, *, reference: float | None = None, reference_label: str = ""
) -> go.Figure:
    """One point per value (share in %, with its 95 % interval as a bar), in the order given (the page sorts
    them: published.adhesion.ordered); `reference` a dotted line (e.g. the share over every closure)."""
    if not items or all(i.value is None and not i.masked for i in items):
        return empty(title)
    ordered = list(items)
    fig = go.Figure()
    _points(fig, ordered, palette.BRAND)
    hidden = [i.label for i in ordered if i.masked]
    mask_marks(fig, hidden, horizontal=True, text=MASKED)
    for i in ordered:
        if i.value is None and not i.masked:  # a value without closure keeps its row, and says so
            fig.add_annotation(
                x=0,
                y=i.label,
                text=i.text or "aucune donnée",
                showarrow=False,
                xanchor="left",
                xshift=4,
                font={"color": palette.NEUTRAL, "size": 12},
            )
    if reference is not None:
        fig.add_vline(
            x=reference,
            line_dash="dot",
            line_color=palette.NEUTRAL,
            annotation_text=reference_label,
            annotation_position="top",
        )
    fig.update_yaxes(autorange="reversed", automargin=True, type="category")
    fig.update_xaxes(range=[0, 100], ticksuffix="\u00a0%", automargin=True, title_text="Part avec un travail possible")
    return _layout(fig, title, height=max(260, 110 + 34 * len(ordered)), legend=False)


def gap_points(items: Sequence[Item], title: str) -> go.Figure:
    """Gaps in points (raw, adjusted…) each with its 95 % interval, around a line at 0: an interval that crosses
    the line is a gap not distinguishable from chance. A gap not computed keeps its row, with its text."""
    if not items:
        return empty(title)
    fig = go.Figure()
    _points(fig, list(items), palette.BRAND)
    missing = [i for i in items if i.value is None]
    for i in missing:
        fig.add_annotation(
            x=0, y=i.label, text=i.text or MASKED, showarrow=False, xanchor="left", font={"color": palette.NEUTRAL}
        )
    ends = [abs(v) for i in items for v in (i.low, i.high, i.value) if v is not None]
    edge = max([10.0, *ends]) * 1.1
    fig.add_vline(x=0, line_color="#374151", line_width=1)
    fig.update_yaxes(autorange="reversed", automargin=True, type="category")
    fig.update_xaxes(range=[-edge, edge], automargin=True, title_text="Écart en points de pourcentage")
    return _layout(fig, title, height=max(220, 120 + 50 * len(items)), legend=False)
