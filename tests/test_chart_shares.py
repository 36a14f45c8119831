"""Chart builders for shares with their intervals and for the sector loads (pure: no Streamlit)."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from dashboard import rates
from pipelines.indicators.stats import wilson_interval
from pipelines.published import shares
from visuals import charts, share_charts
from visuals.charts import Item


def share(n: int, d: int, key: str = "k") -> Item:
    return rates.item(shares.Rate(n, d), key, key)


def test_shares_bars_carry_their_intervals_and_counts() -> None:
    fig = share_charts.shares(
        ["Travail possible", "Limites"],
        {"2024": [share(73, 188), share(12, 188)], "2023": [share(74, 162), None]},
        {"2024": "2024", "2023": "2023"},
        {"2024": "#0072B2", "2023": "#6B7280"},
        "Titre",
    )
    bars = [t for t in fig.data if isinstance(t, go.Bar)]
    texts = [t for t in fig.data if isinstance(t, go.Scatter)]
    assert [b.name for b in bars] == ["2024", "2023"]
    assert bars[0].x == pytest.approx((100 * 73 / 188, 100 * 12 / 188))
    low, high = wilson_interval(73, 188)
    assert bars[0].error_x.array[0] == pytest.approx(high - 100 * 73 / 188)
    assert bars[0].error_x.arrayminus[0] == pytest.approx(100 * 73 / 188 - low)
    # A missing comparison leaves no bar and no label.
    assert bars[1].x[1] is None and texts[1].text[1] == ""
    # Labels sit at the end of the interval, grouped like the bars.
    assert texts[0].x[0] == pytest.approx(high)
    assert texts[0].text[0] == "\u200238,8\u00a0% (73/188)"
    assert texts[0].offsetgroup == bars[0].offsetgroup
    assert "IC 95\u00a0% : " in bars[0].hovertext[0]
    assert fig.layout.title.text == "Titre"
    assert fig.layout.xaxis.range[1] <= 100


def test_shares_without_any_value_is_the_empty_figure() -> None:
    fig = share_charts.shares(["A"], {"2024": [None]}, {}, {}, "Titre")
    assert not fig.data
    assert fig.layout.annotations[0].text == "Aucune donnée pour ces filtres"
    assert not share_charts.shares([], {}, {}, {}, "Titre").data


def test_share_trend_has_error_bars_and_gaps() -> None:
    fig = share_charts.share_trend(
        {"a": [(2022, share(26, 73)), (2023, None), (2024, share(1, 3))]}, {"a": "Part"}, {"a": "#009E73"}, "Titre"
    )
    (line,) = fig.data
    assert line.x == ("2022", "2023", "2024")
    assert line.y[1] is None
    low, high = wilson_interval(1, 3)
    assert line.error_y.array[2] == pytest.approx(high - 100 / 3)
    assert line.error_y.arrayminus[2] == pytest.approx(100 / 3 - low)
    assert not share_charts.share_trend({"a": [(2024, None)]}, {}, {}, "Titre").data


def test_loads_with_reference_lines() -> None:
    items = [Item("A", "A", 27.0, text="27,0 · surchargé"), Item("B", "B", 10.0, text="10,0 · capacité disponible")]
    fig = charts.loads(
        items,
        {"A": "#D55E00", "B": "#009E73"},
        "Charge",
        [(16.3, "Département : 16,3", "solid", 1), (19.6, "+20 %", "dash", 0), (None, "x", "dot", 0)],
    )
    (bar,) = fig.data
    assert bar.marker.color == ("#D55E00", "#009E73")
    assert "%{x:,.1f}" in bar.hovertemplate
    assert [s.x0 for s in fig.layout.shapes] == [16.3, 19.6]
    assert [s.line.dash for s in fig.layout.shapes] == ["solid", "dash"]
    labels = {a.text: a.yshift for a in fig.layout.annotations}
    assert labels["Département : 16,3"] > labels["+20 %"]
    empty = charts.loads([Item("A", "A", 0.0)], {}, "Charge", [(1.0, "x", "solid", 0)])
    assert not empty.data and not empty.layout.shapes


def test_references_on_a_vertical_chart() -> None:
    fig = charts.with_references(go.Figure(go.Bar(x=["a"], y=[3])), [(2.0, "Moyenne", "dash", 0)], horizontal=False)
    assert fig.layout.shapes[0].y0 == 2.0
    assert fig.layout.annotations[0].text == "Moyenne"
