"""Vue d'ensemble: runs, shows the year's key figures exactly as `assll indicators` computes them."""

from __future__ import annotations

from pipelines.indicators import Filters, Indicators
from pipelines.published import fmt
from tests.ui.helpers import metrics


def test_default_view_runs(app) -> None:
    at = app()
    assert not at.exception
    assert at.title[0].value == "Vue d'ensemble"
    assert len(at.metric) == 7


def test_2024_figures_of_the_report(app, demo_warehouse) -> None:
    at = app(fin="2024")
    assert not at.exception
    shown = metrics(at)
    assert shown["Commandes d'ASSLL"] == "173"
    assert shown["Commandes de diagnostic"] == "64"
    assert shown["Situations examinées en GTS"] == "410"
    assert shown["Mesures clôturées"] == "188"
    assert shown["Durée moyenne des mesures"] == "6,9\u00a0mois"
    assert shown["Mutualisations"] == "9"
    sentences = [m.value for m in at.markdown]
    assert "- En 2024, le nombre de commandes d'ASSLL est en hausse par rapport à 2023 (+13,8\u00a0%)." in sentences


def test_sector_filter_matches_the_indicators(app, demo_warehouse) -> None:
    at = app(fin="2024", secteur="Cognac")
    assert not at.exception
    expected = Indicators(demo_warehouse).compute("commandes_assll", 2024, Filters(secteurs=("Cognac",))).value
    assert metrics(at)["Commandes d'ASSLL"] == fmt.number(expected)
    assert "Cognac" in at.caption[0].value


def test_changing_the_year_in_the_sidebar(app) -> None:
    at = app()
    at.sidebar.select_slider(key="f_periode").set_value((2014, 2023)).run()
    assert metrics(at)["Commandes d'ASSLL"] == "152"
    assert at.query_params["fin"] == "2023"
    # The comparison year was at its default (2024): it follows the end of the period.
    assert at.sidebar.selectbox(key="f_comparaison").value == 2022
    assert "comparaison" not in at.query_params


def test_reset_button_restores_the_default_view(app) -> None:
    at = app(fin="2020", secteur="Cognac")
    assert at.caption[0].value.startswith("Année 2020")
    at.sidebar.button(key="f_reinitialiser").click().run()
    assert not at.exception
    assert at.caption[0].value == "Année 2025, comparée à 2024"
    assert dict(at.query_params) == {}


def test_a_copied_link_reopens_the_same_view(app) -> None:
    first = app(fin="2024", comparaison="2020", secteur=["Cognac", "Ruffécois"], type="ASSLL")
    second = app(**{key: first.query_params[key] for key in first.query_params})
    assert [m.value for m in second.metric] == [m.value for m in first.metric]
    assert second.caption[0].value == first.caption[0].value
    assert second.sidebar.multiselect(key="f_secteur").value == ["Cognac", "Ruffécois"]
