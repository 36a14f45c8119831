"""The common frame of every chart (fonts, French separators, margins) and the mark of a masked value."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import plotly.graph_objects as go
import plotly.io as pio

FONT = "Marianne, Arial, Helvetica, sans-serif"
# Plotly `separators`: decimal mark then thousands separator ("1 234,5").
SEPARATORS = ",\u202f"
# Every figure names its template: importing Streamlit switches Plotly's process-wide default template to
# Streamlit's own (no automargin), so a report drawn in the dashboard's process would otherwise differ from the
# same report drawn by `assll report`.
TEMPLATE = pio.templates["plotly_white"]
MASK_TEXT = "< 5"
MASK_STYLE = {
    "bgcolor": "#F3F4F6",
    "bordercolor": "#4B5563",
    "borderwidth": 1,
    "borderpad": 2,
    "font": {"size": 12, "color": "#1F2933"},
}


# Characters of a title line: a chart in a half-width column of a 1024 px screen (filters open) is about 310 px
# wide, 33 characters of a 16 px title; Plotly cuts what is longer instead of wrapping it.
TITLE_LINE = 33


def wrap_lines(text: str, width: int = TITLE_LINE) -> list[str]:
    """`text` on lines of at most `width` characters, cut at spaces (a longer word keeps its line)."""
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)


def wrap_title(text: str, width: int = TITLE_LINE, *, when: str = "") -> str:
    """The title on lines of at most `width` characters (`wrap_lines`), joined by <br>; `when` (the year or
    period) ends the last line after « — », or makes a line of its own when it does not fit there."""
    lines = wrap_lines(text, width) or [""]
    if when and len(lines[-1]) + len(when) + 3 <= width:
        lines[-1] += f" — {when}"
    elif when:
        lines.append(when)
    return "<br>".join(lines)


def layout(fig: go.Figure, title: str, *, height: int = 420, legend: bool = True) -> go.Figure:
    fig.update_layout(
        template=TEMPLATE,
        # automargin: a title on two lines (the filters go on the second) pushes the chart down, never cut.
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        font={"family": FONT, "size": 13, "color": "#1F2933"},
        separators=SEPARATORS,
        height=height,
        margin={"l": 10, "r": 10, "t": 60 + 24 * title.count("<br>"), "b": 10},
        paper_bgcolor="white",
        plot_bgcolor="white",
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        hoverlabel={"font": {"family": FONT}},
    )
    fig.update_xaxes(gridcolor="#E5E7EB", zerolinecolor="#9CA3AF", automargin=True)
    fig.update_yaxes(gridcolor="#E5E7EB", zerolinecolor="#9CA3AF", automargin=True)
    return fig


def mask_marks(
    fig: go.Figure, positions: Sequence[str | int], *, horizontal: bool, text: str = MASK_TEXT, shift: int = 0
) -> go.Figure:
    """A labelled « < 5 » mark at the base of each masked bar: the value is hidden, never drawn as 0 or
    as an empty bar. The marks are annotations, so no trace of the chart holds a number for them.

    A position is a category's index on the axis (or its name when it cannot read as a number):
    plotly.js places an annotation named `"2017"` on a category axis at index 2017, far off the chart."""
    for position in positions:
        if horizontal:
            fig.add_annotation(
                x=0,
                xref="x",
                y=position,
                yref="y",
                xanchor="left",
                text=text,
                showarrow=False,
                xshift=2,
                yshift=shift,
                **MASK_STYLE,
            )
        else:
            fig.add_annotation(
                x=position,
                xref="x",
                y=0,
                yref="y",
                yanchor="bottom",
                text=text,
                showarrow=False,
                yshift=2 + shift,
                **MASK_STYLE,
            )
    return fig


def whole_ticks(fig: go.Figure, values, *, axis: str = "y") -> go.Figure:
    """A count axis ticks whole numbers only: never « 0,5 diagnostic »."""
    numbers = [v for v in values if v is not None]
    if numbers and all(float(v).is_integer() for v in numbers):
        update = fig.update_yaxes if axis == "y" else fig.update_xaxes
        update(tickformat=",d", rangemode="tozero")
        if max(numbers) <= 8:
            update(dtick=1, tick0=0)
    return fig
