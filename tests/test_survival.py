"""The estimators of the time-to-event indicators on cohorts small enough to compute by hand.

INDICATORS.md conventions: S(t) = Π (1 − d_j / n_j), n_j counting the subjects whose time is ≥ t_j (a
subject censored at t_j is still at risk at t_j); median = smallest event time with S ≤ 0.5; share by x =
1 − S at the largest event time ≤ x; CI_k(x) = Σ S(t_j−) d_kj / n_j, adding up with S to 1. The library
(statsmodels) is checked against these, including where its own conventions differ.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from statsmodels.duration.survfunc import SurvfuncRight

from pipelines.indicators.catalogue import IndicatorDef
from pipelines.indicators.survival import MONTH_DAYS, Cohort, KaplanMeier, cumulative_incidence, estimate, incidence_by


def cohort(times: list[float], events: list[int], causes: list[str | None] | None = None) -> Cohort:
    return Cohort(
        np.array(times, dtype=float),
        np.array(events, dtype=bool),
        np.array(causes or [None] * len(times), dtype=object),
    )


def test_ties_between_an_event_and_a_censoring() -> None:
    # times 2 (event), 2 (censored), 3 (event), 3 (censored), 5 (event)
    # t=2: at risk 5 (the one censored at 2 is still at risk), 1 event -> S = 4/5
    # t=3: at risk 3 (3, 3, 5), 1 event -> S = 4/5 * 2/3 = 8/15 = 0.5333
    # t=5: at risk 1, 1 event -> S = 0
    km = KaplanMeier(cohort([2, 2, 3, 3, 5], [1, 0, 1, 0, 1]))
    assert km.times.tolist() == [2, 3, 5]
    assert km.at_risk.tolist() == [5, 3, 1]
    assert km.survival == pytest.approx([4 / 5, 8 / 15, 0])
    # Greenwood: Var S(t) = S(t)^2 * sum d / (n (n - d)); at t=2: (4/5)^2 * 1/(5*4) -> se = 0.8 * sqrt(1/20)
    assert km.se[0] == pytest.approx(0.8 * math.sqrt(1 / 20))
    # at t=3: (8/15)^2 * (1/20 + 1/(3*2)) -> se = 8/15 * sqrt(1/20 + 1/6)
    assert km.se[1] == pytest.approx(8 / 15 * math.sqrt(1 / 20 + 1 / 6))
    # S(3) = 0.533 > 0.5, S(5) = 0 -> median 5
    assert km.median().valeur == 5


def test_median_exactly_at_one_half_is_that_time() -> None:
    # 4 events at 1, 2, 3, 4: S = 3/4, 2/4, 1/4, 0. S(2) = 0.5 exactly -> median 2 (S <= 0.5).
    km = KaplanMeier(cohort([1, 2, 3, 4], [1, 1, 1, 1]))
    assert km.survival == pytest.approx([0.75, 0.5, 0.25, 0])
    assert km.median().valeur == 2
    # statsmodels' own quantile takes S < 0.5 (SAS's convention): it would say 3, not the spec's 2.
    assert SurvfuncRight(np.array([1.0, 2, 3, 4]), np.ones(4)).quantile(0.5) == 3


def test_median_at_one_half_after_a_product_of_ratios() -> None:
    # 6 subjects: t=1 event (n=6 -> 5/6), t=2 censored, t=3 event (n=4 -> 5/6 * 3/4 = 5/8),
    # t=4 event (n=3 -> 5/8 * 2/3 = 5/12) ... first S <= 0.5 is at t=4.
    km = KaplanMeier(cohort([1, 2, 3, 4, 5, 6], [1, 0, 1, 1, 0, 0]))
    assert km.survival == pytest.approx([5 / 6, 5 / 8, 5 / 12])
    assert km.median().valeur == 4
    # S = 0.5 reached as a product computed in floating point (exp of a sum of logs in statsmodels):
    # t=1: n=4 -> 3/4; t=2: n=3 -> 3/4 * 2/3 = 1/2 -> median 2, not 7 or "not reached".
    km = KaplanMeier(cohort([1, 2, 7, 9], [1, 1, 0, 0]))
    assert km.survival == pytest.approx([3 / 4, 1 / 2])
    assert km.median().valeur == 2


def test_median_not_reached_and_no_subject() -> None:
    # 5 subjects, 2 events (t=1: 4/5; t=2: 4/5 * 3/4 = 3/5), 3 censored: S never <= 0.5.
    km = KaplanMeier(cohort([1, 2, 3, 4, 5], [1, 1, 0, 0, 0]))
    assert km.survival[-1] == pytest.approx(0.6)
    assert km.median() is None
    ind = _definition("mediane", unite="jours")
    assert estimate(ind, _frame([1, 2, 3, 4, 5], [1, 1, 0, 0, 0])).value is None
    empty = estimate(ind, _frame([], []))
    assert (empty.value, empty.numerator, empty.denominator) == (None, 0, 0)


def test_median_interval_is_brookmeyer_crowley_on_log_log() -> None:
    # 10 events at 1..10, no censoring: S(k) = 1 - k/10, se(k) = sqrt(S (1 - S) / 10) (Greenwood).
    # Z = (g(S) - g(0.5)) / (g'(S) se), g(x) = log(-log x), g'(x) = -1 / (x log x); kept when |Z| <= 1.96:
    # k=1: S=0.9, se=0.0949: g(0.9) = log(0.10536) = -2.2504, g(0.5) = log(0.69315) = -0.3665,
    #      g'(0.9) = 10.546 -> Z = -1.8839 / 1.0005 = -1.883: kept, lower bound = 1;
    # k=7: S=0.3, se=0.1449: g(0.3) = 0.1856, g'(0.3) = 2.7686 -> Z = 0.5521 / 0.4012 = 1.376: kept;
    # k=8: S=0.2, se=0.1265: g(0.2) = 0.4759, g'(0.2) = 3.1067 -> Z = 0.8424 / 0.3930 = 2.144: out.
    # Upper bound: the event time after the last kept one = 8.
    km = KaplanMeier(cohort(list(range(1, 11)), [1] * 10))
    median = km.median()
    assert (median.valeur, median.borne_basse, median.borne_haute) == (5, 1, 8)


def test_pointwise_band_is_log_log() -> None:
    # t=1 of the 10-event cohort: S = 0.9, se = sqrt(0.9 * 0.1 / 10) = 0.094868;
    # sigma = se / (S |log S|) = 0.094868 / (0.9 * 0.105361) = 1.000462;
    # lower = 0.9 ** exp(1.959964 * 1.000462) = 0.9 ** 7.1067 = 0.4730, upper = 0.9 ** exp(-1.96...) = 0.9853
    low, high = KaplanMeier(cohort(list(range(1, 11)), [1] * 10)).band()
    assert (low[0], high[0]) == (pytest.approx(0.47301, abs=1e-4), pytest.approx(0.98528, abs=1e-4))
    assert low[-1] == high[-1] == 0  # S = 0 at the last time: no variance, the band is S


def test_share_by_x_reads_the_largest_event_time_up_to_x() -> None:
    # measures of 100 (event), 150 (censored), 200 (event), 400 (event) days
    # S(100) = 3/4; S(200) = 3/4 * 1/2 = 3/8 (at risk at 200: 200 and 400); S(400) = 0
    km = KaplanMeier(cohort([100, 150, 200, 400], [1, 0, 1, 1]))
    assert km.at(99) == 1.0
    assert km.at(182.625) == pytest.approx(3 / 4)  # 6 months: S at 100
    assert km.at(365.25) == pytest.approx(3 / 8)  # 12 months: S at 200
    six = estimate(_definition("part:182.625", unite="%", forme="part"), _frame([100, 150, 200, 400], [1, 0, 1, 1]))
    assert (six.value, six.numerator, six.denominator) == (pytest.approx(25.0), 1, 4)
    twelve = estimate(_definition("part:365.25", unite="%", forme="part"), _frame([100, 150, 200, 400], [1, 0, 1, 1]))
    assert (twelve.value, twelve.numerator, twelve.denominator) == (pytest.approx(62.5), 2, 4)


def test_aalen_johansen_with_ties_adds_up_with_survival() -> None:
    # (2, A), (2, censored), (3, B), (3, A), (4, censored), (6, B)
    # t=2: n=6, 1 A: CI_A = 1 * 1/6 = 1/6; S(2) = 5/6
    # t=3: n=4, 1 A + 1 B: CI_A += 5/6 * 1/4 = 5/24 -> 9/24 = 3/8; CI_B = 5/24; S(3) = 5/6 * 2/4 = 5/12
    # t=6: n=1, 1 B: CI_B += 5/12 * 1/1 -> 15/24 = 5/8; S(6) = 0
    c = cohort([2, 2, 3, 3, 4, 6], [1, 0, 1, 1, 0, 1], ["A", None, "B", "A", None, "B"])
    assert incidence_by(c, 5) == pytest.approx({"A": 3 / 8, "B": 5 / 24})
    assert incidence_by(c, 6) == pytest.approx({"A": 3 / 8, "B": 5 / 8})
    assert incidence_by(c, 1) == {"A": 0.0, "B": 0.0}
    km = KaplanMeier(c)
    assert 3 / 8 + 5 / 24 + km.at(5) == pytest.approx(1)  # 9/24 + 5/24 + 10/24
    times, curves = cumulative_incidence(c)
    total = curves["A"] + curves["B"] + np.array([km.at(t) for t in times])
    assert total == pytest.approx(np.ones(len(times)))


def test_incidence_estimator_keys_and_percent() -> None:
    ind = _definition("incidence:365.25", unite="%", forme="repartition", domaine="motif_arret")
    frame = _frame([100, 200, 300, 500], [1, 1, 0, 1], ["TRAVAIL_POSSIBLE", "NON_RENSEIGNE", None, "TRAVAIL_POSSIBLE"])
    got = estimate(ind, frame, ["TRAVAIL_POSSIBLE", "TRAVAIL_NON_POSSIBLE", "NON_RECONNU", "NON_RENSEIGNE"])
    # t=100: n=4, TP: 1/4; t=200: n=3, NR: 3/4 * 1/3 = 1/4; 500 is after 12 months
    assert got.value == pytest.approx({"TRAVAIL_POSSIBLE": 25.0, "TRAVAIL_NON_POSSIBLE": 0.0, "NON_RENSEIGNE": 25.0})
    assert list(got.value) == ["TRAVAIL_POSSIBLE", "TRAVAIL_NON_POSSIBLE", "NON_RENSEIGNE"]  # NON_RECONNU: none
    assert got.details == {"TRAVAIL_POSSIBLE": (1, 4), "TRAVAIL_NON_POSSIBLE": (0, 4), "NON_RENSEIGNE": (1, 4)}


def test_median_in_months_and_by_group() -> None:
    months = estimate(_definition("mediane", unite="mois", forme="mediane"), _frame([100, 200, 300], [1, 1, 1]))
    assert months.value["valeur"] == pytest.approx(200 / MONTH_DAYS)
    ind = _definition("mediane", unite="jours", forme="mediane", domaine="secteur")
    frame = _frame([10, 20, 30, 5], [1, 1, 0, 1]).with_columns(
        secteur=pl.Series(["Cognac", "Cognac", "Cognac", "Ruffécois"])
    )
    got = estimate(ind, frame, ["Cognac", "Ruffécois", "Sud-Charente", "NON_RECONNU", "NON_RENSEIGNE"])
    # Cognac: t=10 n=3 -> 2/3; t=20 n=2 -> 1/3 -> median 20. Ruffécois: one event at 5 -> 5. Sud-Charente: none.
    assert {k: (v or {}).get("valeur") for k, v in got.value.items()} == {
        "Cognac": 20,
        "Ruffécois": 5,
        "Sud-Charente": None,
    }
    assert got.details == {"Cognac": (2, 3), "Ruffécois": (1, 1), "Sud-Charente": (0, 0)}
    assert (got.numerator, got.denominator) == (3, 4)


def _frame(times: list[float], events: list[int], causes: list[str | None] | None = None) -> pl.DataFrame:
    return pl.DataFrame(
        {"duree_jours": times, "evenement": [bool(e) for e in events], "cause": causes or [None] * len(times)},
        schema={"duree_jours": pl.Int64, "evenement": pl.Boolean, "cause": pl.String},
    )


def _definition(estimateur: str, unite: str = "jours", forme: str = "mediane", domaine: str = "") -> IndicatorDef:
    return IndicatorDef(
        id="essai",
        theme="",
        forme=forme,
        unite=unite,
        domaine=domaine,
        libelle="",
        definition="",
        sql="",
        estimateur=estimateur,
    )
