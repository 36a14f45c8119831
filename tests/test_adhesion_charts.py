"""The chart builders of « Adhésion et ciblage » (visuals/adhesion_charts.py): pure functions, tested directly."""

from __future__ import annotations

from visuals.adhesion_charts import gap_points, share_points
from visuals.charts import Item

ITEMS = [
    Item("GTS", "GTS", 51.4, 44.8, 57.9, "51,4 %"),
    Item("FSL", "Commission FSL", 37.6, 31.2, 44.4, "37,6 %"),
    Item("CCAPEX", "CCAPEX", None, None, None, "masqué", masked=True),
    Item("AUTRE", "Autre", None, None, None, "aucune clôture"),
]


def test_share_points_keep_every_row_with_its_interval() -> None:
    fig = share_points(ITEMS, "Part")
    (trace,) = fig.data
    assert list(trace.y) == ["GTS", "Commission FSL", "CCAPEX", "Autre"]  # the order given
    assert list(trace.x) == [51.4, 37.6, None, None]  # a masked value is never a point, nor 0
    assert [round(v, 1) for v in trace.error_x.array] == [6.5, 6.8, 0, 0]
    assert [round(v, 1) for v in trace.error_x.arrayminus] == [6.6, 6.4, 0, 0]
    marks = {a.y: a.text for a in fig.layout.annotations}
    assert marks == {"CCAPEX": "masqué", "Autre": "aucune clôture"}


def test_gap_points_around_zero() -> None:
    items = [
        Item("brut", "Écart brut", -14.0, -23.5, -4.5, "−14,0 points"),
        Item("ajuste", "À profil comparable", None, None, None, "non calculé"),
    ]
    fig = gap_points(items, "Écarts")
    (trace,) = fig.data
    assert list(trace.x) == [-14.0, None]
    assert fig.layout.shapes[0].x0 == 0  # the line at 0: an interval crossing it is chance
    assert [a.text for a in fig.layout.annotations if a.y == "À profil comparable"] == ["non calculé"]
    low, high = fig.layout.xaxis.range
    assert low == -high and high > 23.5


def test_nothing_to_draw() -> None:
    assert share_points([], "Part").layout.annotations[0].text == "Aucune donnée pour ces filtres"
