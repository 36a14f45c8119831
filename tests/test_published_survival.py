"""The layer's time-to-event figures on hand-made values: a median's text with its interval (« non atteinte »
with the longest follow-up, masked under 5 subjects), a Kaplan–Meier share with the curve's own band (no
Wilson interval), per-key medians masked by their own subjects, the incidence adding up to 100 %, and the
year-on-year word that respects chance."""

from __future__ import annotations

import polars as pl
import pytest

from pipelines.indicators import IndicatorValue
from pipelines.indicators.catalogue import load_catalogue
from pipelines.indicators.survival_curves import _SCHEMAS, Curves
from pipelines.published import Figure, Published, durees
from pipelines.published.sentences import trend_word

MEDIAN = "duree_mediane_km_mois"
SIX = "part_cloturees_6_mois_km_pct"
WAIT_BY = "attente_debut_mediane_jours_par_secteur"
INCIDENCE = "incidence_cumulee_12_mois_par_motif"


def _curves(resume: list[dict], survie: list[dict] = ()) -> Curves:
    frames = {"resume": resume, "survie": list(survie), "a_risque": [], "incidence": []}
    return Curves("mesures_debutees", **{k: pl.DataFrame(v, schema=_SCHEMAS[k]) for k, v in frames.items()})


def _resume(groupe: str | None, sujets: int, longest: float) -> dict:
    return {
        "annee": 2024,
        "groupe": groupe,
        "sujets": sujets,
        "evenements": 0,
        "censures": sujets,
        "suivi_max_jours": longest,
        "suivi_max_sans_evenement_jours": longest,
        "mediane_jours": None,
        "mediane_borne_basse_jours": None,
        "mediane_borne_haute_jours": None,
    }


def _pub(values: dict[str, IndicatorValue], curves: Curves | None = None, *, diffusion: bool = False) -> Published:
    catalogue = load_catalogue()
    return Published(
        lambda i, y, d: values[i], catalogue.__getitem__, diffusion_on=diffusion, curves_of=lambda *args: curves
    )


@pytest.mark.parametrize(
    ("median", "text"),
    [
        ({"valeur": 7.9, "borne_basse": 5.5, "borne_haute": 10.3}, "7,9\u00a0mois (IC 95\u00a0% : 5,5 à 10,3)"),
        ({"valeur": 7.6, "borne_basse": 5.5, "borne_haute": None}, "7,6\u00a0mois (IC 95\u00a0% : au moins 5,5)"),
        ({"valeur": 7.6, "borne_basse": None, "borne_haute": None}, "7,6\u00a0mois"),
    ],
)
def test_median_text_with_its_interval(median: dict, text: str) -> None:
    fig = _pub({MEDIAN: IndicatorValue(MEDIAN, median, 40, 60)}).value(MEDIAN, 2024)
    assert fig.text == text and fig.value == median["valeur"]
    assert fig.interval == (
        None
        if median["borne_basse"] is None and median["borne_haute"] is None
        else (median["borne_basse"], median["borne_haute"])
    )


def test_median_not_reached_states_the_longest_follow_up() -> None:
    # 362 days of follow-up = 362 / 30.4375 = 11.89 months.
    pub = _pub({MEDIAN: IndicatorValue(MEDIAN, None, 10, 60)}, _curves([_resume(None, 60, 362.0)]))
    fig = pub.value(MEDIAN, 2024)
    assert fig.text == "non atteinte (suivi le plus long : 11,9\u00a0mois)"
    assert not fig.shown and fig.interval is None


def test_median_of_fewer_than_5_subjects_is_masked_in_diffusion_only() -> None:
    values = {MEDIAN: IndicatorValue(MEDIAN, {"valeur": 1.9, "borne_basse": None, "borne_haute": None}, 2, 4)}
    assert _pub(values).value(MEDIAN, 2024).text == "1,9\u00a0mois"
    masked = _pub(values, diffusion=True).value(MEDIAN, 2024)
    assert masked.masked and masked.text == "masqué" and masked.value is None and masked.numerator is None
    assert _pub({MEDIAN: IndicatorValue(MEDIAN, None, 0, 0)}).value(MEDIAN, 2024).text == "–"


def test_km_share_carries_the_band_of_the_curve_not_a_wilson_interval() -> None:
    # S(182.6) = 0.6 with the band [0.5 ; 0.7]: the share closed is 40 % with the interval [30 ; 50].
    survie = [
        {"annee": 2024, "groupe": None, "jours": 0.0, "survie": 1.0, "borne_basse": 1.0, "borne_haute": 1.0},
        {"annee": 2024, "groupe": None, "jours": 100.0, "survie": 0.6, "borne_basse": 0.5, "borne_haute": 0.7},
        {"annee": 2024, "groupe": None, "jours": 200.0, "survie": 0.2, "borne_basse": 0.1, "borne_haute": 0.3},
    ]
    pub = _pub({SIX: IndicatorValue(SIX, 40.0, 8, 20)}, _curves([_resume(None, 20, 300.0)], survie))
    fig = pub.value(SIX, 2024)
    assert fig.text == "40,0\u00a0%" and fig.bounded
    assert fig.interval == pytest.approx((30.0, 50.0))
    assert fig.numerator is None  # 8 events of 20 subjects is not the share: no counts, no Wilson
    # 3 events by 6 months: masked like a share of a small count.
    assert _pub({SIX: IndicatorValue(SIX, 15.0, 3, 20)}, diffusion=True).value(SIX, 2024).text == "masqué"


def test_medians_by_sector_are_masked_by_their_own_subjects() -> None:
    value = {
        "Cognac": {"valeur": 39.0, "borne_basse": 34.0, "borne_haute": 45.0},
        "Ruffécois": {"valeur": 20.0, "borne_basse": None, "borne_haute": None},
        "Sud-Charente": None,
    }
    details = {"Cognac": (12, 15), "Ruffécois": (3, 4), "Sud-Charente": (0, 0)}
    values = {WAIT_BY: IndicatorValue(WAIT_BY, value, 15, 19, details)}
    shown = durees.medians_by(_pub(values, diffusion=True), WAIT_BY, 2024)
    assert {k: f.text for k, f in shown.items()} == {
        "Cognac": "39\u00a0jours (IC 95\u00a0% : 34 à 45)",
        "Ruffécois": "masqué",
        "Sud-Charente": "–",
    }
    waiting = durees.still_waiting_by(_pub(values, diffusion=True), WAIT_BY, 2024)
    # Cognac 15 − 12 = 3 and Ruffécois 4 − 3 = 1 still waiting: both « < 5 »; Sud-Charente 0.
    assert {k: f.text for k, f in waiting.items()} == {"Cognac": "< 5", "Ruffécois": "< 5", "Sud-Charente": "0"}
    assert {k: f.value for k, f in durees.still_waiting_by(_pub(values), WAIT_BY, 2024).items()} == {
        "Cognac": 3,
        "Ruffécois": 1,
        "Sud-Charente": 0,
    }


def test_incidence_adds_up_to_100_with_the_measures_still_open() -> None:
    value = {"TRAVAIL_POSSIBLE": 28.4, "TRAVAIL_NON_POSSIBLE": 54.0, "LIMITES_INTERVENTION": 3.0}
    details = {"TRAVAIL_POSSIBLE": (40, 150), "TRAVAIL_NON_POSSIBLE": (80, 150), "LIMITES_INTERVENTION": (4, 150)}
    values = {INCIDENCE: IndicatorValue(INCIDENCE, value, 124, 150, details)}
    shown = durees.incidence(_pub(values), INCIDENCE, 2024)
    assert shown[durees.STILL_OPEN].value == pytest.approx(100 - 28.4 - 54.0 - 3.0)
    assert sum(f.value for f in shown.values()) == pytest.approx(100)
    # In diffusion, 4 events are masked, and a second reason with it (it would come back by subtraction).
    masked = durees.incidence(_pub(values, diffusion=True), INCIDENCE, 2024)
    assert {k: f.text for k, f in masked.items()} == {
        "TRAVAIL_POSSIBLE": "masqué",
        "TRAVAIL_NON_POSSIBLE": "54,0\u00a0%",
        "LIMITES_INTERVENTION": "masqué",
        durees.STILL_OPEN: "14,6\u00a0%",
    }


def _median(value: float, low: float | None, high: float | None, year: int) -> Figure:
    return Figure("", MEDIAN, None, value, year, unit="mois", low=low, high=high, bounded=True)


def test_year_on_year_word_respects_chance() -> None:
    # Medians: [3,4 ; 5,0] against [5,5 ; not reached[: apart, « en baisse »; [3,4 ; 5,0] against [4,9 ; 9]: stable.
    assert trend_word(_median(3.8, 3.4, 5.0, 2024), _median(7.6, 5.5, None, 2023)) == "en baisse"
    assert trend_word(_median(3.8, 3.4, 5.0, 2024), _median(7.0, 4.9, 9.0, 2023)) == "stable"
    # Shares with counts: Wilson. 30/100 against 50/100: [21,9 ; 39,6] and [40,4 ; 59,6] apart.
    now = Figure("", "x", None, 30.0, 2024, unit="%", numerator=30, denominator=100)
    assert trend_word(now, Figure("", "x", None, 50.0, 2023, unit="%", numerator=50, denominator=100)) == "en baisse"
    # 30/100 against 38/100: [21,9 ; 39,6] and [29,1 ; 47,8] overlap: « stable » though 8 points apart.
    assert trend_word(now, Figure("", "x", None, 38.0, 2023, unit="%", numerator=38, denominator=100)) == "stable"
    masked = Figure("masqué", "x", None, None, 2023, masked=True)
    assert trend_word(now, masked) is None


def test_a_reason_masked_alone_masks_the_share_still_open() -> None:
    # 1 closure of 5 for « travail possible », none for the others: 20 % would come back as 100 − 80.
    value = {"TRAVAIL_POSSIBLE": 20.0, "TRAVAIL_NON_POSSIBLE": 0.0, "LIMITES_INTERVENTION": 0.0}
    details = {"TRAVAIL_POSSIBLE": (1, 5), "TRAVAIL_NON_POSSIBLE": (0, 5), "LIMITES_INTERVENTION": (0, 5)}
    values = {INCIDENCE: IndicatorValue(INCIDENCE, value, 1, 5, details)}
    masked = durees.incidence(_pub(values, diffusion=True), INCIDENCE, 2024)
    assert {k: f.text for k, f in masked.items()} == {
        "TRAVAIL_POSSIBLE": "masqué",
        "TRAVAIL_NON_POSSIBLE": "0,0\u00a0%",
        "LIMITES_INTERVENTION": "0,0\u00a0%",
        durees.STILL_OPEN: "masqué",
    }
    assert durees.incidence(_pub(values), INCIDENCE, 2024)[durees.STILL_OPEN].text == "80,0\u00a0%"
