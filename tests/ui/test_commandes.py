"""Commandes: runs on any filter, shows the indicators exactly as `assll indicators` computes them (and the
2024 report's figures), places every request on the maps or says which ones it cannot, reads the maps once."""

from __future__ import annotations

import pytest

from dashboard import geo, tables
from pipelines.indicators import Filters
from pipelines.published import fmt
from tests.ui.helpers import metrics, open_until, table

PAGE = "app_pages/commandes.py"
YEAR = 2024


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


@pytest.fixture
def at_2024(app):
    return open_until(app, PAGE, 2024)


def test_default_view_runs(app) -> None:
    at = app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Commandes"
    assert len(at.metric) == 6
    assert "Année" in captions(at)[0]


def test_2024_key_figures_are_the_indicators_and_the_report(at_2024, indicators) -> None:
    shown = metrics(at_2024)
    for label, ind_id, report in (
        ("Commandes (ASSLL et diagnostics)", "commandes_total", "237"),
        ("Commandes d'ASSLL", "commandes_assll", "173"),
        ("Commandes de diagnostic", "commandes_diagnostic", "64"),
    ):
        assert shown[label] == fmt.number(indicators.compute(ind_id, YEAR).value) == report
    agglo = indicators.compute("part_commandes_agglomerations_pct", YEAR)
    assert shown["Part des deux agglomérations"] == fmt.percent(agglo.value) == "62,0\u00a0%"
    assert any(
        c.startswith("147 sur 237 demandes dans la CA du Grand Angoulême") and "58,7\u00a0% en 2023" in c
        for c in captions(at_2024)
    )
    assert (
        shown["Part de locataires"]
        == fmt.percent(indicators.compute("part_locataires_pct", YEAR).value)
        == "83,8\u00a0%"
    )
    assert shown["dont locataires du parc privé"] == "59,3\u00a0%"


def test_2024_sectors_as_in_the_report(at_2024, indicators) -> None:
    sectors = table(at_2024, "Secteur").set_index("Secteur")
    expected = indicators.compute("commandes_par_secteur", YEAR).value
    for sector, count in expected.items():
        if sector not in tables.CATCH_ALL:
            assert sectors.loc[sector, "Commandes 2024"] == count
    assert sectors.loc["Angoulême Centre-Soyaux", "Commandes 2024"] == 51
    assert sectors.loc["Angoulême Centre-Soyaux", "Part 2024 (%)"] == 21.5  # report: 21.5 %
    assert sectors.loc["Angoulême Nord-Gond-Pontouvre", "Commandes 2023"] == 20  # report: 17 against 20


def test_2024_tas_since_2014(at_2024, indicators) -> None:
    by_year = table(at_2024, "Année").set_index("Année")
    assert list(by_year.index) == list(range(2014, YEAR + 1))
    for year in (2014, YEAR):
        for tas, count in indicators.compute("commandes_par_tas", year).value.items():
            if count:
                assert by_year.loc[year, tas] == count


def test_2024_objectives_and_tenure(at_2024, indicators) -> None:
    objectives = table(at_2024, "Objectif principal").set_index("Objectif principal")
    assert objectives.loc["Difficultés financières", "Commandes 2024"] == 54
    assert objectives.loc["Difficultés financières", "Part 2024 (%)"] == 31.2  # report: 31 %
    assert objectives.loc["Prévention des expulsions", "Part 2023 (%)"] == pytest.approx(
        100 * indicators.compute("commandes_assll_par_objectif", 2023).value["PREVENTION_EXPULSION"] / 152, abs=0.05
    )
    tenure = table(at_2024, "Statut d'occupation").set_index("Statut d'occupation")
    assert tenure.loc["Locataire parc privé", "Commandes 2024"] == 86
    assert tenure.loc["Locataire parc public", "Commandes 2024"] == 59


def test_every_request_is_on_a_map_or_named_in_a_caption(at_2024, indicators) -> None:
    total = indicators.compute("commandes_total", YEAR).value
    communes = table(at_2024, "Commune")
    assert communes["Commandes 2024"].sum() == total  # nothing dropped from the table
    by_commune = indicators.compute("commandes_par_commune", YEAR).value
    unknown = by_commune.get("NON_RECONNU", 0) + by_commune.get("NON_RENSEIGNE", 0)
    assert unknown > 0
    stated = [c for c in captions(at_2024) if "pas sur la carte" in c]
    assert len(stated) == 2  # under the EPCI map and under the commune map
    assert all(c.startswith(f"{fmt.number(unknown)} demande") for c in stated)
    epci = table(at_2024, "EPCI")
    assert epci["Commandes 2024"].sum() == total
    assert "Non reconnu" in set(epci["EPCI"])
    assert communes.iloc[0]["Commune"] == "Abzac"  # by name: the same order with the diffusion mode on or off


def test_maps_are_drawn_from_the_shipped_shapes_read_once(at_2024) -> None:
    charts_on_page = at_2024.get("plotly_chart")
    assert len(charts_on_page) >= 6
    read, built = geo._read.cache_info(), geo._choropleth.cache_info()
    at_2024.run()
    assert not at_2024.exception
    assert geo._read.cache_info().misses == read.misses  # the GeoJSON files are not read again
    assert geo._choropleth.cache_info().hits == built.hits + 2  # nor the two maps built again
    shapes, key = geo.shapes("commune")
    assert key == "code_insee" and len(shapes["features"]) == 362
    assert len(geo.codes("epci")) == 9


def test_tas_as_lines_and_the_choice_kept_in_the_link(app, at_2024) -> None:
    at_2024.radio(key="commandes_tas_affichage").set_value("courbes").run()
    assert not at_2024.exception
    assert at_2024.query_params["tas_vue"] == ["courbes"] or at_2024.query_params["tas_vue"] == "courbes"
    shared = app("app_pages/commandes.py", fin="2024", tas_vue="courbes")  # the link opened by a colleague
    assert shared.radio(key="commandes_tas_affichage").value == "courbes"


@pytest.mark.parametrize(
    ("query", "flt"),
    [
        ({"fin": "2014", "debut": "2014", "secteur": "Sud-Charente"}, Filters(secteurs=("Sud-Charente",))),
        (
            {"fin": "2024", "epci": "200029734", "type": "DIAGNOSTIC"},
            Filters(epci=("200029734",), types=("DIAGNOSTIC",)),
        ),
        (
            {"fin": "2024", "prescripteur": "USAGER", "instance": "CCAPEX"},  # nothing at all
            Filters(prescripteurs=("USAGER",), instances=("CCAPEX",)),
        ),
    ],
    ids=["secteur-2014", "epci-diagnostics", "vide"],
)
def test_narrow_filters_run(app, indicators, query, flt) -> None:
    at = app(PAGE, **query)
    assert not at.exception
    expected = indicators.compute("commandes_total", int(query["fin"]), flt).value
    assert metrics(at)["Commandes (ASSLL et diagnostics)"] == fmt.number(expected)
    if not expected:
        assert any("Aucune commande" in i.value for i in at.info)
