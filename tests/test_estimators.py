"""The numpy estimators (estimators.py) give statsmodels' results: statsmodels is the oracle.

Kaplan–Meier (times, S, Greenwood se, at risk, events), the median's interval (`quantile_ci`, cloglog) and
the Aalen–Johansen incidences are compared with `SurvfuncRight` and `CumIncidenceRight` on hand-made
cohorts (each edge case named) and on random cohorts with whole-day times, so that ties of events and
censorings are frequent; nan and inf must fall in the same places.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.duration.survfunc import CumIncidenceRight, SurvfuncRight

from pipelines.indicators import estimators
from pipelines.indicators.survival import Cohort, KaplanMeier, cumulative_incidence

TOL = {"rtol": 1e-12, "atol": 1e-12}

# name -> (times, status): status 0 censored, k >= 1 an event of cause k.
HAND = {
    "ties of events and censorings": ([2, 2, 3, 3, 5], [1, 0, 1, 0, 1]),
    "all censored": ([1, 2, 2, 3], [0, 0, 0, 0]),
    "all events": ([1, 2, 3, 4], [1, 1, 1, 1]),
    "all events at one time": ([4, 4, 4], [1, 2, 1]),
    "S exactly 0.5": ([1, 2, 7, 9], [1, 1, 0, 0]),
    "S reaches 0 after censorings": ([1, 2, 2, 3, 3], [0, 1, 0, 2, 1]),
    "one subject, event": ([5], [1]),
    "one subject, censored": ([5], [0]),
    "median not reached": ([1, 2, 3, 4, 5], [1, 1, 0, 0, 0]),
    "upper bound not reached": ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]),
    "no bound (one event in many)": (list(range(40)), [1] + [0] * 39),
    "times of 0 days": ([0, 0, 0, 1, 2, 2], [1, 0, 2, 1, 0, 1]),
    "ten events": (list(range(1, 11)), [1] * 10),
    "competing causes with ties": ([2, 2, 3, 3, 4, 6], [1, 0, 2, 1, 0, 2]),
}


def assert_same_km(times: np.ndarray, status: np.ndarray) -> None:
    events = (status >= 1).astype(float)
    ours = estimators.kaplan_meier(times, events)
    with np.errstate(divide="ignore", invalid="ignore"):
        oracle = SurvfuncRight(times, events)
    np.testing.assert_array_equal(ours.surv_times, oracle.surv_times)
    np.testing.assert_array_equal(ours.n_risk, oracle.n_risk)
    np.testing.assert_array_equal(ours.n_events, oracle.n_events)
    np.testing.assert_allclose(ours.surv_prob, oracle.surv_prob, **TOL)
    np.testing.assert_allclose(ours.surv_prob_se, oracle.surv_prob_se, **TOL)  # nan where statsmodels has nan
    for p in (0.25, 0.5, 0.75):
        for alpha in (0.05, 0.1):
            with np.errstate(divide="ignore", invalid="ignore"):
                expected = oracle.quantile_ci(p, alpha=alpha, method="cloglog")
            np.testing.assert_allclose(ours.quantile_ci(p, alpha=alpha, method="cloglog"), expected, **TOL)


def assert_same_incidence(times: np.ndarray, status: np.ndarray) -> None:
    got_times, curves = estimators.cumulative_incidence(times, status)
    with np.errstate(divide="ignore", invalid="ignore"):  # statsmodels' standard errors, not compared
        oracle = CumIncidenceRight(times, status)
    np.testing.assert_array_equal(got_times, oracle.times)
    assert len(curves) == len(oracle.cinc) == int(status.max())
    for ours, expected in zip(curves, oracle.cinc, strict=True):
        np.testing.assert_allclose(ours, expected, **TOL)


@pytest.mark.parametrize("name", HAND)
def test_hand_cohorts_match_statsmodels(name: str) -> None:
    times, status = (np.array(v, dtype=float) for v in HAND[name])
    status = status.astype(int)
    assert_same_km(times, status)
    assert_same_incidence(times, status)


def test_the_hand_cases_cover_the_edges() -> None:
    """The named cases do reach the situations they are named after (else the comparison proves less)."""

    def fit(name: str) -> estimators.KaplanMeierFit:
        times, status = HAND[name]
        return estimators.kaplan_meier(np.array(times, dtype=float), (np.array(status) >= 1).astype(float))

    # exp(log 3/4 + log 2/3) is 0.5000000000000001, in statsmodels as here (survival.py allows for it)
    assert fit("S exactly 0.5").surv_prob == pytest.approx([0.75, 0.5], abs=1e-15)
    assert fit("all censored").surv_times.size == 0
    assert all(np.isnan(fit("all censored").quantile_ci(0.5)))
    km = fit("S reaches 0 after censorings")
    assert km.surv_prob[-1] == 0 and np.isnan(km.surv_prob_se[-1])
    assert fit("upper bound not reached").quantile_ci(0.5) == (1, np.inf)
    assert all(np.isnan(fit("no bound (one event in many)").quantile_ci(0.5)))
    assert all(np.isnan(fit("one subject, event").quantile_ci(0.5)))
    assert fit("ten events").quantile_ci(0.5) == (1, 8)


@pytest.mark.parametrize("seed", range(60))
def test_random_cohorts_with_ties_match_statsmodels(seed: int) -> None:
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 400))
    times = rng.integers(0, int(rng.integers(1, 60)), size).astype(float)  # whole days: many ties
    causes = int(rng.integers(1, 4))
    status = np.where(rng.random(size) < rng.random(), rng.integers(1, causes + 1, size), 0)
    assert_same_km(times, status)
    if status.max() >= 1:
        assert_same_incidence(times, status)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 15), st.integers(0, 3)), min_size=1, max_size=60))
def test_any_small_cohort_matches_statsmodels(subjects: list[tuple[int, int]]) -> None:
    times = np.array([t for t, _ in subjects], dtype=float)
    status = np.array([s for _, s in subjects])
    assert_same_km(times, status)
    if status.max() >= 1:
        # statsmodels numbers the causes 1..max: an absent cause k has a flat curve at 0 in both.
        assert_same_incidence(times, status)


@pytest.mark.parametrize("seed", range(20))
def test_survival_module_gives_what_it_gave_with_statsmodels(seed: int) -> None:
    """survival.py's median (with the spec's S <= 0.5) and incidences, as computed before on statsmodels'
    fits."""
    rng = np.random.default_rng(1000 + seed)
    size = int(rng.integers(1, 300))
    times = rng.integers(0, 90, size).astype(float)
    events = rng.random(size) < 0.6
    causes = np.where(events, rng.choice(np.array(["A", "B", "C"], dtype=object), size), None)
    cohort = Cohort(times, events, causes)
    km = KaplanMeier(cohort)
    with np.errstate(divide="ignore", invalid="ignore"):
        oracle = SurvfuncRight(times, events.astype(float))
        low, high = oracle.quantile_ci(0.5, alpha=0.05, method="cloglog")
    reached = np.flatnonzero(oracle.surv_prob <= 0.5 + 1e-9)
    median = km.median()
    if not len(reached):
        assert median is None
    else:
        expected = (
            oracle.surv_times[reached[0]],
            low if np.isfinite(low) else None,
            high if np.isfinite(high) else None,
        )
        assert (median.valeur, median.borne_basse, median.borne_haute) == expected
    got_times, curves = cumulative_incidence(cohort)
    names = sorted({str(c) for c in causes[events]})
    if names:
        status = np.zeros(size, dtype=int)
        for k, name in enumerate(names, start=1):
            status[events & (causes == name)] = k
        with np.errstate(divide="ignore", invalid="ignore"):
            fit = CumIncidenceRight(times, status)
        np.testing.assert_array_equal(got_times, fit.times)
        for k, name in enumerate(names):
            np.testing.assert_allclose(curves[name], fit.cinc[k], **TOL)
