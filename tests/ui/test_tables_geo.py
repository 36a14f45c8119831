"""Pure helpers of the Commandes, Origine and GTS pages: the tables behind the charts, bar labels, map shapes."""

from __future__ import annotations

import pytest

from dashboard import geo, tables
from dashboard.view import View
from pipelines.indicators import IndicatorValue
from pipelines.indicators.catalogue import IndicatorDef
from pipelines.published import Published

NBSP = "\u00a0"


def published(by_year: dict[int, dict[str, int]], *, diffusion: bool = False) -> Published:
    """Published figures over a fake breakdown indicator `x` (counts), one value per year."""
    definition = IndicatorDef("x", "Test", "repartition", "nombre", "", "X par clé", "", "")
    return Published(
        lambda _i, year, _d: IndicatorValue("x", by_year[year]), lambda _i: definition, diffusion_on=diffusion
    )


def test_bar_labels_carry_the_count_and_the_share() -> None:
    view = View(None, {}, {})  # type: ignore[arg-type]
    b = published({2024: {"A": 51, "B": 186, "NON_RECONNU": 0, "NON_RENSEIGNE": 0}}).breakdown("x", 2024)
    assert [i.text for i in view.items(b, "d", shares=True)] == [f"51 (21,5{NBSP}%)", f"186 (78,5{NBSP}%)"]
    zero = published({2024: {"A": 0}}).breakdown("x", 2024)
    assert view.items(zero, "d", shares=True)[0].text == "0"  # no division by zero: the count alone
    masked = published({2024: {"A": 3, "B": 186, "C": 40}}, diffusion=True).breakdown("x", 2024)
    items = view.items(masked, "d", shares=True)
    assert [(i.value, i.masked, i.text) for i in items] == [
        (None, True, None),
        (186, False, f"186 (81,2{NBSP}%)"),
        (None, True, None),
    ]  # 3 masked, then 40 too


def test_catch_all_keys_only_when_not_zero_and_last() -> None:
    pub = published(
        {
            2023: {"A": 3, "B": 0, "NON_RECONNU": 0, "NON_RENSEIGNE": 1},
            2024: {"A": 1, "B": 2, "NON_RECONNU": 2, "NON_RENSEIGNE": 0},
        }
    )
    a, b = pub.breakdown("x", 2023), pub.breakdown("x", 2024)
    assert tables.keys_shown([a]) == ["A", "B", "NON_RENSEIGNE"]
    assert tables.keys_shown([a, b]) == ["A", "B", "NON_RECONNU", "NON_RENSEIGNE"]


def test_breakdown_table_has_french_headers_and_rounded_shares() -> None:
    pub = published(
        {
            2024: {"A": 2, "B": 1, "NON_RECONNU": 0, "NON_RENSEIGNE": 0},
            2023: {"A": 0, "B": 0, "NON_RECONNU": 0, "NON_RENSEIGNE": 0},
        }
    )
    frame = tables.breakdown({2024: pub.breakdown("x", 2024), 2023: pub.breakdown("x", 2023)}, str.lower, "Clé")
    assert frame.columns == ["Clé", "Commandes 2024", "Part 2024 (%)", "Commandes 2023", "Part 2023 (%)"]
    assert frame["Clé"].to_list() == ["a", "b"]
    assert frame["Part 2024 (%)"].to_list() == [66.7, 33.3]
    assert frame["Part 2023 (%)"].to_list() == [None, None]  # nothing to divide by
    counts = tables.breakdown({2024: pub.breakdown("x", 2024)}, str.lower, "Motif", counted="Refus", shares=False)
    assert counts.columns == ["Motif", "Refus 2024"]


def test_breakdown_table_in_diffusion_reads_masked_never_zero() -> None:
    pub = published({2024: {"A": 2, "B": 30, "C": 12, "D": 0}}, diffusion=True)
    frame = tables.breakdown({2024: pub.breakdown("x", 2024)}, str, "Clé")
    assert frame["Commandes 2024"].to_list() == ["< 5", "30", "< 5", "0"]  # 12: secondary suppression
    assert frame["Part 2024 (%)"].to_list() == ["masqué", "68,2", "masqué", "0,0"]


def test_series_and_wide_table_over_the_years() -> None:
    pub = published(
        {
            2023: {"A": 1, "B": 0, "NON_RECONNU": 0, "NON_RENSEIGNE": 0},
            2024: {"A": 2, "B": 0, "NON_RECONNU": 1, "NON_RENSEIGNE": 0},
        }
    )
    by_year = {y: pub.breakdown("x", y) for y in (2023, 2024)}
    points, masked = tables.series(by_year)
    assert points == {"A": [(2023, 1), (2024, 2)], "NON_RECONNU": [(2023, 0), (2024, 1)]}  # B is 0 every year
    assert masked == {"A": [], "NON_RECONNU": []}
    frame = tables.years_wide(by_year, list(points), {"A": "Libellé A", "NON_RECONNU": "Non reconnu"}.get)
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
    assert (
        geo.choropleth("epci", values, names, "Commandes par EPCI — 2024").layout.title.text
        == "Commandes par EPCI — 2024"
    )
    assert (
        geo.choropleth("epci", values | {"200071827": 116}, names, "Commandes par EPCI — 2024").to_dict()
        != fig.to_dict()
    )
    hover = list(fig.data[-1].text)
    assert len(hover) == 9
    assert "CA du Grand Angoulême : 117 demandes" in hover
    assert fig.layout.title.text == "Commandes par EPCI — 2024"
