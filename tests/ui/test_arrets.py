"""Arrêts et résultats: runs on any filter, and shows the rates, counts and intervals of `assll indicators`."""

from __future__ import annotations

import pytest

from pipelines.indicators import Filters, Indicators
from pipelines.indicators.stats import wilson_interval
from pipelines.published import fmt
from tests.ui.helpers import metrics, open_until, rounded, table

PAGE = "app_pages/arrets.py"
INSTANCE_IDS = [
    "part_travail_possible_instance_fsl_pct",
    "part_travail_possible_instance_gts_pct",
    "part_travail_non_possible_instance_gts_pct",
    "part_travail_possible_fsl_aide_refusee_pct",
    "part_travail_possible_fsl_aide_accordee_pct",
]


@pytest.fixture
def at_2024(app):
    return open_until(app, PAGE, 2024)


def test_default_view_runs(app) -> None:
    at = app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Arrêts et résultats"
    assert len(at.metric) == 3
    assert len(at.get("plotly_chart")) == 3


@pytest.mark.parametrize(
    "query",
    [
        {"debut": "2014", "fin": "2014", "secteur": "Sud-Charente"},
        {"fin": "2024", "secteur": "Cognac", "instance": "GTS"},
        {"fin": "2024", "type": "DIAGNOSTIC"},  # closures count ASSLL measures only: nothing to show
    ],
)
def test_narrow_filters_run(app, query) -> None:
    at = app(PAGE, **query)
    assert not at.exception
    assert at.caption[0].value.startswith("Mesures d'ASSLL clôturées")


def test_no_closure_shows_a_message(app) -> None:
    at = app(PAGE, fin="2024", type="DIAGNOSTIC")
    assert not at.exception
    assert metrics(at)["Mesures clôturées"] == "0"
    assert any("Aucune mesure d'ASSLL clôturée en 2024" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_2024_figures_of_the_report(at_2024, indicators) -> None:
    shown = metrics(at_2024)
    assert shown["Mesures clôturées"] == "188" == fmt.number(indicators.compute("mesures_cloturees", 2024).value)
    assert shown["Travail possible"] == "38,8\u00a0%"
    objectives = indicators.compute("part_objectifs_atteints_pct", 2024)
    assert shown["Objectifs atteints ou partiellement atteints"] == "84,9\u00a0%" == fmt.percent(objectives.value)
    motifs_2023 = indicators.compute("mesures_cloturees_par_motif", 2023).value
    before = 100 * motifs_2023["TRAVAIL_POSSIBLE"] / sum(motifs_2023.values())
    sentences = [m.value for m in at_2024.markdown]
    assert "Sur ces 188 arrêts :" in sentences
    assert f"- Pour 38,8\u00a0% un travail a été possible (contre {fmt.percent(before)} en 2023)." in sentences
    assert any(
        "dans 41,2\u00a0% des cas le travail est possible (21 sur 51) contre 20,7\u00a0% lorsque l'aide est "
        "accordée (12 sur 58)" in s
        for s in sentences
    )


def test_closure_reasons_table_has_counts_and_intervals(at_2024) -> None:
    frame = table(at_2024, "Motif d'arrêt").set_index("Motif d'arrêt")
    for label, count in (
        ("Travail possible", 73),
        ("Travail non possible", 103),
        ("Limites d'intervention atteintes", 12),
    ):
        low, high = wilson_interval(count, 188)
        row = frame.loc[label]
        assert (row["Mesures 2024"], row["Clôtures 2024"]) == (count, 188)
        assert row["Part 2024 (%)"] == rounded(100 * count / 188)
        assert (row["IC 95 % bas 2024 (%)"], row["IC 95 % haut 2024 (%)"]) == (rounded(low), rounded(high))
    assert "Mesures 2023" in frame.columns


def test_rates_by_instance_equal_the_indicators(at_2024, indicators) -> None:
    frame = table(at_2024, "Indicateur")
    expected = {i: indicators.compute(i, 2024) for i in INSTANCE_IDS}
    assert frame["Mesures 2024"].tolist() == [expected[i].numerator for i in INSTANCE_IDS]
    assert frame["Clôtures 2024"].tolist() == [expected[i].denominator for i in INSTANCE_IDS]
    assert frame["Part 2024 (%)"].tolist() == [rounded(expected[i].value) for i in INSTANCE_IDS]
    # The report: 30,3 % (33/109) FSL, 50,6 % (40/79) GTS.
    assert frame["Part 2024 (%)"].tolist()[:2] == [30.3, 50.6]
    assert frame["Mesures 2024"].tolist()[:2] == [33, 40]
    assert frame["Clôtures 2024"].tolist()[:2] == [109, 79]
    low, high = wilson_interval(33, 109)
    assert (frame["IC 95 % bas 2024 (%)"][0], frame["IC 95 % haut 2024 (%)"][0]) == (rounded(low), rounded(high))


def test_objectives_table(at_2024) -> None:
    frame = table(at_2024, "Objectifs")
    first = frame.iloc[0]
    assert first["Objectifs"] == "Atteints ou partiellement atteints"
    assert (first["Part 2024 (%)"], first["Mesures 2024"], first["Travail possible 2024"]) == (84.9, 62, 73)


def test_interval_note_is_shown(at_2024) -> None:
    notes = " ".join(c.value for c in at_2024.caption)
    assert "intervalle de confiance à 95" in notes
    assert "peut être dû au hasard" in notes


def test_sector_filter_matches_the_indicators(app, demo_warehouse) -> None:
    at = app(PAGE, fin="2024", secteur="Cognac")
    assert not at.exception
    flt = Filters(secteurs=("Cognac",))
    ind = Indicators(demo_warehouse)
    try:
        fsl = ind.compute("part_travail_possible_instance_fsl_pct", 2024, flt)
        closures = ind.compute("mesures_cloturees", 2024, flt).value
    finally:
        ind.close()
    assert metrics(at)["Mesures clôturées"] == fmt.number(closures)
    frame = table(at, "Indicateur")
    assert (frame["Mesures 2024"][0], frame["Clôtures 2024"][0]) == (fsl.numerator, fsl.denominator)
    assert "Cognac" in at.caption[0].value
