"""Durées: runs on any filter, and shows the durations and shares of `assll indicators`."""

from __future__ import annotations

import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto

from pipelines.indicators import Filters, Indicators
from pipelines.indicators.stats import wilson_interval
from pipelines.published import fmt
from tests.ui.helpers import metrics, open_until, rounded, table

PAGE = "app_pages/durees.py"


@pytest.fixture
def at_2024(app):
    return open_until(app, PAGE, 2024)


def test_default_view_runs(app) -> None:
    at = app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Durées"
    # Three time-to-event figures, the report's mean, the report's two shares.
    assert len(at.metric) == 6
    # Kaplan–Meier, cumulative incidence, mean over the years, closures by band, the two shares.
    assert len(at.get("plotly_chart")) == 5


@pytest.mark.parametrize(
    "query",
    [
        {"debut": "2014", "fin": "2014", "secteur": "Sud-Charente"},
        {"debut": "2023", "fin": "2024", "secteur": "Cognac", "prescripteur": "COMMISSION_FSL"},
        {"fin": "2024", "type": "DIAGNOSTIC"},
    ],
)
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
    assert shown["Plus de 12 mois (travail possible)"] == "35,6\u00a0%"
    assert shown["Moins de 6 mois (non possible)"] == "71,8\u00a0%"
    sentences = [m.value for m in at_2024.markdown]
    assert any("6,9\u00a0mois en moyenne" in s and "sur 188 mesures clôturées" in s for s in sentences)
    assert any(
        s.startswith("- Pour 35,6\u00a0% des situations où un travail a été possible") and "(26 sur 73, contre" in s
        for s in sentences
    )
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
    frame = table(at_2024, "Motif d'arrêt", "De 6 à 12 mois").set_index("Motif d'arrêt")
    for column, ind_id in (
        ("Moins de 6 mois", "clotures_moins_6_mois_par_motif"),
        ("De 6 à 12 mois", "clotures_6_12_mois_par_motif"),
        ("Plus de 12 mois", "clotures_plus_12_mois_par_motif"),
    ):
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
    assert (frame.loc[2024, f"{long_} (%)"], frame.loc[2024, f"{long_} : cas"], frame.loc[2024, f"{long_} : sur"]) == (
        35.6,
        26,
        73,
    )
    assert (frame.loc[2024, f"{short} (%)"], frame.loc[2024, f"{short} : cas"], frame.loc[2024, f"{short} : sur"]) == (
        71.8,
        74,
        103,
    )
    low, high = wilson_interval(74, 103)
    assert (frame.loc[2024, f"{short} : IC 95 % bas (%)"], frame.loc[2024, f"{short} : IC 95 % haut (%)"]) == (
        rounded(low),
        rounded(high),
    )
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


# -- time to event ------------------------------------------------------------------------------------
def test_time_to_event_key_figures_equal_the_indicators(at_2024, indicators) -> None:
    shown = metrics(at_2024)
    median = indicators.compute("duree_mediane_km_mois", 2024).value
    assert shown["Durée médiane des mesures commencées"] == fmt.months(median["valeur"]) == "3,8\u00a0mois"
    assert (
        shown["Terminées en 6 mois au plus"]
        == fmt.percent(indicators.compute("part_cloturees_6_mois_km_pct", 2024).value)
        == "73,6\u00a0%"
    )
    assert (
        shown["Terminées en 12 mois au plus"]
        == fmt.percent(indicators.compute("part_cloturees_12_mois_km_pct", 2024).value)
        == "82,4\u00a0%"
    )
    captions = [c.value for c in at_2024.caption]
    assert f"IC 95\u00a0% : {fmt.number(median['borne_basse'], 1)} à {fmt.number(median['borne_haute'], 1)}" in captions
    # The median's change is worded by its interval: 2023's [5,5 ; not reached[ and 2024's [3,4 ; 5,0] do not overlap.
    delta = {m.label: m.proto.delta for m in at_2024.metric}
    assert delta["Durée médiane des mesures commencées"] == "en baisse"
    # A word carries no sign: its arrow is set, down for « en baisse » (Streamlit would draw « en baisse » going up).
    arrows = {m.label: MetricProto.MetricDirection.Name(m.proto.direction) for m in at_2024.metric}
    assert arrows["Durée médiane des mesures commencées"] == "DOWN"
    assert arrows["Terminées en 6 mois au plus"] == (
        "UP" if delta["Terminées en 6 mois au plus"] == "en hausse" else "NONE"
    )
    sentences = [m.value for m in at_2024.markdown]
    assert any(
        s.startswith(
            "- La moitié des mesures d'ASSLL commencées en 2024 durent plus de 3,8\u00a0mois "
            "(IC 95\u00a0% : 3,4 à 5,0), en baisse par rapport à 2023"
        )
        for s in sentences
    )
    assert any("Pourquoi la médiane et la moyenne diffèrent" in i.value for i in at_2024.info)


def test_numbers_at_risk_under_the_curves(at_2024, indicators) -> None:
    frame = table(at_2024, "Année de début").set_index("Année de début")
    assert list(frame.columns) == ["Début", "2 mois", "4 mois", "6 mois", "8 mois", "10 mois"]
    assert frame.loc["2024", "Début"] == indicators.compute("mesures_debutees", 2024).value == 155
    assert frame.loc["2023", "Début"] == indicators.compute("mesures_debutees", 2023).value
    assert frame.loc["2024"].tolist() == [155, 101, 48, 19, 5, 4]


def test_numbers_at_risk_are_masked_in_diffusion(app) -> None:
    at = app(PAGE, fin="2024", diffusion="1")
    assert not at.exception
    frame = table(at, "Année de début").set_index("Année de début")
    assert [str(v) for v in frame.loc["2024"].tolist()] == ["155", "101", "48", "19", "5", "< 5"]


def test_cumulative_incidence_adds_up_to_100(at_2024, indicators) -> None:
    frame = table(at_2024, "Motif d'arrêt", "Part à 12 mois (%)").set_index("Motif d'arrêt")
    value = indicators.compute("incidence_cumulee_12_mois_par_motif", 2024).value
    assert frame.loc["Travail possible", "Part à 12 mois (%)"] == rounded(value["TRAVAIL_POSSIBLE"])
    assert frame.loc["Travail non possible", "Part à 12 mois (%)"] == rounded(value["TRAVAIL_NON_POSSIBLE"])
    assert frame.loc["Encore en cours", "Part à 12 mois (%)"] == rounded(100 - sum(value.values())) == 17.6


def test_curves_by_sector_on_demand_kept_in_the_url(app, indicators) -> None:
    at = app(PAGE, fin="2024", courbes="secteur")
    assert not at.exception
    assert at.radio(key="durees_courbes").value == "secteur"
    frame = table(at, "Secteur", "Début").set_index("Secteur")
    got = indicators.query(
        indicators.definition("mesures_debutees").sql,
        {"annee": 2024, "date": __import__("datetime").date(2024, 12, 31)},
    )
    for sector, n in got.group_by("secteur").len().iter_rows():
        assert frame.loc[sector, "Début"] == n
    at.radio(key="durees_courbes").set_value("tas").run()
    assert at.query_params["courbes"] == ["tas"] or at.query_params["courbes"] == "tas"
    assert table(at, "TAS", "Début") is not None
