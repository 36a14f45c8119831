"""Pure helpers of the Commandes, Origine and GTS pages: the tables behind the charts, bar labels, map shapes."""

from __future__ import annotations

import pytest

from dashboard import geo, tables
from pipelines.indicators import IndicatorValue
from visuals.charts import Item

NBSP = "\u00a0"


def test_bar_labels_carry_the_count_and_the_share() -> None:
    items = tables.with_shares([Item("A", "Centre-Soyaux", 51), Item("B", "Autres", 186)])
    assert [i.text for i in items] == [f"51 (21,5{NBSP}%)", f"186 (78,5{NBSP}%)"]
    assert tables.with_shares([Item("A", "A", 0)])[0].text == "0"  # no division by zero
    assert tables.with_shares([Item("A", "A", 1)], denominator=4)[0].text == f"1 (25,0{NBSP}%)"


def test_catch_all_keys_only_when_not_zero_and_last() -> None:
    a = IndicatorValue("x", {"A": 3, "B": 0, "NON_RECONNU": 0, "NON_RENSEIGNE": 1})
    b = IndicatorValue("x", {"A": 1, "B": 2, "NON_RECONNU": 2, "NON_RENSEIGNE": 0})
    assert tables.keys_shown([a]) == ["A", "B", "NON_RENSEIGNE"]
    assert tables.keys_shown([a, b]) == ["A", "B", "NON_RECONNU", "NON_RENSEIGNE"]


def test_breakdown_table_has_french_headers_and_rounded_shares() -> None:
    now = IndicatorValue("x", {"A": 2, "B": 1, "NON_RECONNU": 0, "NON_RENSEIGNE": 0})
    before = IndicatorValue("x", {"A": 0, "B": 0, "NON_RECONNU": 0, "NON_RENSEIGNE": 0})
    frame = tables.breakdown({2024: now, 2023: before}, str.lower, "Clé")
    assert frame.columns == ["Clé", "Commandes 2024", "Part 2024 (%)", "Commandes 2023", "Part 2023 (%)"]
    assert frame["Clé"].to_list() == ["a", "b"]
    assert frame["Part 2024 (%)"].to_list() == [66.7, 33.3]
    assert frame["Part 2023 (%)"].to_list() == [None, None]  # nothing to divide by
    counts = tables.breakdown({2024: now}, str.lower, "Motif", counted="Refus", shares=False)
    assert counts.columns == ["Motif", "Refus 2024"]


def test_series_and_wide_table_over_the_years() -> None:
    by_year = {2023: IndicatorValue("x", {"A": 1, "B": 0, "NON_RECONNU": 0, "NON_RENSEIGNE": 0}),
               2024: IndicatorValue("x", {"A": 2, "B": 0, "NON_RECONNU": 1, "NON_RENSEIGNE": 0})}
    points = tables.series(by_year)
    assert points == {"A": [(2023, 1), (2024, 2)], "NON_RECONNU": [(2023, 0), (2024, 1)]}  # B is 0 every year
    frame = tables.years_wide(points, {"A": "Libellé A", "NON_RECONNU": "Non reconnu"}.get)
    assert frame.columns == ["Année", "Libellé A", "Non reconnu"]
    assert frame.row(1) == (2024, 2, 1)


def test_shapes_are_read_once_and_keyed_by_code() -> None:
    first, key = geo.shapes("epci")
    again, _ = geo.shapes("epci")
    assert first is again and key == "code_epci"
    assert {"200071827", "200070514"} <= geo.codes("epci")  # the two agglomerations
    assert len(geo.codes("commune")) == 362
    assert geo.parents()["16015"] == "200071827"  # Angoulême is in the CA du Grand Angoulême


def test_missing_shapes_give_a_french_message(monkeypatch) -> None:
    monkeypatch.setitem(geo.LEVELS, "epci", ("absent.geojson", "code_epci"))
    with pytest.raises(geo.MapUnavailable, match=r"fond de carte « absent\.geojson » est introuvable"):
        geo.shapes("epci")


def test_map_figure_is_built_once_but_never_shared() -> None:
    values = {"200071827": 117, "200070514": 30, "NON_RECONNU": 1}  # the catch-all has no shape: not drawn
    names = {"200071827": "CA du Grand Angoulême", "200070514": "CA du Grand Cognac"}
    fig = geo.choropleth("epci", values, names, "Commandes par EPCI — 2024")
    again = geo.choropleth("epci", dict(values), dict(names), "Commandes par EPCI — 2024")
    assert again is not fig and again.to_dict() == fig.to_dict()  # same drawing, a figure of its own
    again.update_layout(title={"text": "changé par une autre session"})
    assert geo.choropleth("epci", values, names, "Commandes par EPCI — 2024").layout.title.text == \
        "Commandes par EPCI — 2024"
    assert geo.choropleth("epci", values | {"200071827": 116}, names, "Commandes par EPCI — 2024").to_dict() \
        != fig.to_dict()
    hover = list(fig.data[-1].text)
    assert len(hover) == 9
    assert "CA du Grand Angoulême : 117 demandes" in hover
    assert fig.layout.title.text == "Commandes par EPCI — 2024"
