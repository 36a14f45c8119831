"""Chart builders are pure: plain data in, a Plotly figure out, French formats and fixed colours."""

from __future__ import annotations

import json
from pathlib import Path

from dashboard.exports import csv_bytes, neutralise, xlsx_bytes
from pipelines.reference import couleurs
from visuals import charts, palette
from visuals.charts import Item

ROOT = Path(__file__).resolve().parents[2]


def test_bars_use_the_category_colours_and_french_separators() -> None:
    colours = palette.colour_map(["TRAVAILLEUR_SOCIAL", "COMMISSION_FSL", "NON_RENSEIGNE"], couleurs.fixed())
    fig = charts.bars(
        [Item("TRAVAILLEUR_SOCIAL", "Travailleur social", 135), Item("COMMISSION_FSL", "Commission FSL", 38)],
        colours,
        "Titre",
    )
    assert fig.layout.separators == ",\u202f"
    assert list(fig.data[0].marker.color) == [colours["TRAVAILLEUR_SOCIAL"], colours["COMMISSION_FSL"]]
    assert list(fig.data[0].x) == [135, 38]
    assert fig.layout.title.text == "Titre"
    assert colours["NON_RENSEIGNE"] == palette.CATCH_ALL_COLOURS["NON_RENSEIGNE"]


def test_same_key_same_colour_whatever_the_other_keys() -> None:
    keys = ["A", "B", "C"]
    assert (
        palette.colour_map(keys, couleurs.fixed())["B"]
        == palette.colour_map([*keys, "NON_RECONNU"], couleurs.fixed())["B"]
    )


def test_shares_carry_their_interval_as_error_bars() -> None:
    fig = charts.bars([Item("FSL", "FSL", 30.3, low=22.4, high=39.5)], {}, "Parts", percent=True)
    assert fig.data[0].error_x.array[0] == 39.5 - 30.3
    assert fig.data[0].error_x.arrayminus[0] == 30.3 - 22.4


def test_empty_data_gives_a_french_message() -> None:
    fig = charts.bars([Item("A", "A", 0)], {}, "Titre")
    assert fig.layout.annotations[0].text == "Aucune donnée pour ces filtres"


def test_lines_use_years_as_categories() -> None:
    fig = charts.lines({"ASSLL": [(2023, 152), (2024, 173)]}, {"ASSLL": "ASSLL"}, {"ASSLL": "#000000"}, "T")
    assert list(fig.data[0].x) == ["2023", "2024"]
    assert fig.layout.xaxis.type == "category"


def test_choropleth_draws_every_epci_offline() -> None:
    geojson = json.loads((ROOT / "data" / "reference" / "charente_epci.geojson").read_text(encoding="utf-8"))
    values = {"200071827": 94, "200070514": 44}
    fig = charts.choropleth(geojson, "code_epci", values, {"200071827": "CA du Grand Angoulême"}, "Carte")
    hover = fig.data[-1]
    assert len(hover.text) == 9
    assert "CA du Grand Angoulême : 94 demandes" in hover.text
    # No geo trace: nothing for Plotly to fetch (no topojson, no tiles).
    assert {t.type for t in fig.data} == {"scatter"}


def test_classes_are_whole_numbers_up_to_the_maximum() -> None:
    assert charts.classes([0, 3, 94]) == [19.0, 38.0, 57.0, 76.0, 95.0]
    assert charts.classes([0, 0]) == [0.0]


def test_downloads_neutralise_formulas() -> None:
    import polars as pl

    frame = pl.DataFrame({"texte": ["=1+1", "+33", "-2", "@SUM(A1)", "normal"], "nombre": [-1, 2, 3, 4, 5]})
    safe = neutralise(frame)
    assert safe["texte"].to_list() == ["'=1+1", "'+33", "'-2", "'@SUM(A1)", "normal"]
    assert safe["nombre"].to_list() == [-1, 2, 3, 4, 5]
    assert csv_bytes(frame).startswith("\ufefftexte;nombre".encode())
    assert b"'=1+1" in csv_bytes(frame)
    assert xlsx_bytes(frame)[:2] == b"PK"


def test_a_long_title_wraps_and_keeps_its_year_whole() -> None:
    from visuals.layout import wrap_title

    assert wrap_title("Commandes", when="2024") == "Commandes — 2024"
    assert (
        wrap_title("Commandes d'ASSLL par prescripteur", when="2024") == "Commandes d'ASSLL par<br>prescripteur — 2024"
    )
    # the period on a line of its own rather than cut after « — »
    assert (
        wrap_title("Issue des bilans : renouvellements et arrêts validés", when="2014–2024")
        == "Issue des bilans :<br>renouvellements et arrêts validés<br>2014–2024"
    )
    assert all(
        len(line) <= 33
        for line in wrap_title(
            "Mesures encore en cours selon le temps écoulé depuis leur début (Kaplan–Meier, intervalle à 95 %)"
        ).split("<br>")
    )
