"""Time-to-event charts: Kaplan–Meier curves with their 95 % band, and cumulative incidence by cause stacked
up to 100 % with the share still without event. Pure functions from plain data to a Plotly figure.

Times are given in days on a common grid (one point a day) and drawn in months; probabilities in %.
A curve that is not published (diffusion: fewer than 5 subjects) has no value at all and a « masqué » mark.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from visuals import palette
from visuals.layout import layout as _layout
from visuals.layout import mask_marks

MONTH_DAYS = 30.4375


@dataclass(frozen=True)
class Curve:
    """One curve on the grid: values in % (None beyond its follow-up, or everywhere when masked)."""

    key: str
    label: str
    values: Sequence[float | None]
    low: Sequence[float | None] = ()
    high: Sequence[float | None] = ()
    masked: bool = False


def _months(grid: Sequence[float]) -> list[float]:
    return [round(t / MONTH_DAYS, 3) for t in grid]


def _rgba(colour: str, alpha: float) -> str:
    colour = colour.lstrip("#")
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def survival(
    grid: Sequence[float],
    curves: Sequence[Curve],
    colours: Mapping[str, str],
    title: str,
    *,
    y_title: str = "Part des mesures encore en cours",
) -> go.Figure:
    """One step curve per cohort or group, with its 95 % band (shaded); x in months, y in %."""
    x = _months(grid)
    fig = go.Figure()
    for curve in curves:
        colour = colours.get(curve.key, palette.BRAND)
        if curve.low and curve.high and not curve.masked:
            # The band: the upper bound as a line without fill, the lower bound filled up to it.
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=list(curve.high),
                    mode="lines",
                    line={"width": 0, "shape": "hv"},
                    fill="none",
                    showlegend=False,
                    hoverinfo="skip",
                    connectgaps=False,
                )
            )
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=list(curve.low),
                    mode="lines",
                    line={"width": 0, "shape": "hv"},
                    fill="tonexty",
                    fillcolor=_rgba(colour, 0.15),
                    showlegend=False,
                    hoverinfo="skip",
                    connectgaps=False,
                )
            )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[None] * len(x) if curve.masked else list(curve.values),
                mode="lines",
                name=curve.label + (" (masqué)" if curve.masked else ""),
                line={"color": colour, "width": 3, "shape": "hv"},
                connectgaps=False,
                hovertemplate=f"{curve.label} — %{{x:,.1f}} mois : %{{y:,.1f}} %<extra></extra>",
            )
        )
    fig.update_xaxes(title_text="Mois depuis le début", dtick=2, rangemode="tozero")
    fig.update_yaxes(title_text=y_title, range=[0, 100], ticksuffix="\u00a0%")
    hidden = [c for c in curves if c.masked]
    for n, curve in enumerate(hidden):
        mask_marks(fig, [0], horizontal=False, text=f"{curve.label} : masqué (< 5 suivis)", shift=22 * n)
    return _layout(fig, title, height=460)


def incidence(
    grid: Sequence[float],
    series: Mapping[str, Sequence[float | None]],
    labels: Mapping[str, str],
    colours: Mapping[str, str],
    title: str,
    *,
    masked_note: str | None = None,
) -> go.Figure:
    """Cumulative incidence of each cause stacked, the share still without event on top (100 % in all);
    `masked_note`: the causes are not drawn (one of them rests on fewer than 5 events), a mark says why."""
    x = _months(grid)
    fig = go.Figure()
    if masked_note is None:
        for key, values in series.items():
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=list(values),
                    mode="lines",
                    stackgroup="un",
                    fill="tonexty",
                    name=labels.get(key, key),
                    line={"color": colours.get(key, palette.NEUTRAL), "width": 0.5, "shape": "hv"},
                    fillcolor=_rgba(colours.get(key, palette.NEUTRAL), 0.75),
                    hovertemplate=f"{labels.get(key, key)} — %{{x:,.1f}} mois : %{{y:,.1f}} %<extra></extra>",
                )
            )
    else:
        mask_marks(fig, [0], horizontal=False, text=masked_note)
    fig.update_xaxes(title_text="Mois depuis le début", dtick=2, rangemode="tozero")
    fig.update_yaxes(title_text="Part des mesures", range=[0, 100], ticksuffix="\u00a0%")
    return _layout(fig, title, height=440)
