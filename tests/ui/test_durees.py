"""Durées: runs on any filter, and shows the durations and shares of `assll indicators`."""

from __future__ import annotations

import pytest

from pipelines import fmt
from pipelines.indicators import Filters, Indicators
from pipelines.stats import wilson_interval
from tests.ui.helpers import metrics, open_until, rounded, table

PAGE = "app_pages/durees.py"


@pytest.fixture
def at_2024(app):
    return open_until(app, PAGE, 2024)


def test_default_view_runs(app) -> None:
    at = app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Durées"
    assert len(at.metric) == 3
    assert len(at.get("plotly_chart")) == 3


@pytest.mark.parametrize("query", [
    {"debut": "2014", "fin": "2014", "secteur": "Sud-Charente"},
    {"debut": "2023", "fin": "2024", "secteur": "Cognac", "prescripteur": "COMMISSION_FSL"},
    {"fin": "2024", "type": "DIAGNOSTIC"},
])
def test_narrow_filters_run(app, query) -> None:
    at = app(PAGE, **query)
    assert not at.exception
    assert at.title[0].value == "Durées"


def test_no_closure_shows_a_message(app) -> None:
    at = app(PAGE, fin="2024", type="DIAGNOSTIC")
    assert not at.exception
    assert metrics(at)["Durée moyenne des mesures"] == "–"
    assert any("Aucune mesure d'ASSLL clôturée en 2024" in i.value for i in at.info)


def test_2024_figures_of_the_report(at_2024, indicators) -> None:
    shown = metrics(at_2024)
    assert shown["Durée moyenne des mesures"] == "6,9\u00a0mois"
    assert shown["Durée moyenne des mesures"] == fmt.months(indicators.compute("duree_moyenne_mois", 2024).value)
    assert shown["Mesures de plus de 12 mois (travail possible)"] == "35,6\u00a0%"
    assert shown["Mesures de moins de 6 mois (travail non possible)"] == "71,8\u00a0%"
    sentences = [m.value for m in at_2024.markdown]
    assert any("6,9\u00a0mois en moyenne" in s and "sur 188 mesures clôturées" in s for s in sentences)
    assert any(s.startswith("- Pour 35,6\u00a0% des situations où un travail a été possible") and "(26 sur 73, contre"
               in s for s in sentences)
    assert any(s.startswith("- Dans 71,8\u00a0% des cas") and "(74 sur 103, contre" in s for s in sentences)


def test_mean_duration_by_year(at_2024, indicators) -> None:
    frame = table(at_2024, "Année", "Durée moyenne (mois)")
    assert frame["Année"].tolist() == list(range(2014, 2025))
    last = frame.iloc[-1]
    assert last["Durée moyenne (mois)"] == 6.9
    assert last["Mesures clôturées"] == 188
    mean_2020 = indicators.compute("duree_moyenne_mois", 2020).value
    assert frame.set_index("Année").loc[2020, "Durée moyenne (mois)"] == rounded(mean_2020)


def test_distribution_by_reason(at_2024, indicators) -> None:
    frame = table(at_2024, "Motif d'arrêt").set_index("Motif d'arrêt")
    for column, ind_id in (("Moins de 6 mois", "clotures_moins_6_mois_par_motif"),
                           ("De 6 à 12 mois", "clotures_6_12_mois_par_motif"),
                           ("Plus de 12 mois", "clotures_plus_12_mois_par_motif")):
        expected = indicators.compute(ind_id, 2024).value
        assert frame.loc["Travail possible", column] == expected["TRAVAIL_POSSIBLE"]
        assert frame.loc["Travail non possible", column] == expected["TRAVAIL_NON_POSSIBLE"]
    assert frame["Total"].sum() == 188
    assert frame.loc["Travail non possible", "Moins de 6 mois"] == 74
    assert frame.loc["Travail possible", "Plus de 12 mois"] == 26


def test_shares_by_year_with_counts_and_intervals(at_2024, indicators) -> None:
    frame = table(at_2024, "Année", "Plus de 12 mois, parmi les mesures avec travail possible (%)").set_index("Année")
    long_ = "Plus de 12 mois, parmi les mesures avec travail possible"
    short = "Moins de 6 mois, parmi les mesures avec travail non possible"
    assert (frame.loc[2024, f"{long_} (%)"], frame.loc[2024, f"{long_} : cas"], frame.loc[2024, f"{long_} : sur"]) \
        == (35.6, 26, 73)
    assert (frame.loc[2024, f"{short} (%)"], frame.loc[2024, f"{short} : cas"], frame.loc[2024, f"{short} : sur"]) \
        == (71.8, 74, 103)
    low, high = wilson_interval(74, 103)
    assert (frame.loc[2024, f"{short} : IC 95 % bas (%)"], frame.loc[2024, f"{short} : IC 95 % haut (%)"]) \
        == (rounded(low), rounded(high))
    share_2021 = indicators.compute("part_moins_6_mois_parmi_travail_non_possible_pct", 2021)
    assert frame.loc[2021, f"{short} : cas"] == share_2021.numerator
    assert frame.loc[2021, f"{short} (%)"] == rounded(share_2021.value)


def test_sector_filter_matches_the_indicators(app, demo_warehouse) -> None:
    at = app(PAGE, fin="2024", secteur="Ruffécois")
    assert not at.exception
    ind = Indicators(demo_warehouse)
    try:
        mean = ind.compute("duree_moyenne_mois", 2024, Filters(secteurs=("Ruffécois",))).value
    finally:
        ind.close()
    assert metrics(at)["Durée moyenne des mesures"] == fmt.months(mean)
