"""Kaplan–Meier and Aalen–Johansen estimators in numpy, written after statsmodels' `duration.survfunc`.

survival.py first used statsmodels' `SurvfuncRight` and `CumIncidenceRight` (issue 11 asked for a
library rather than hand-written estimators). Importing them pulls in pandas and scipy, which takes
seconds and made `assll indicators` miss its start-up target (issue 13). The few lines survival.py
needs are therefore written here, following `_calc_survfunc_right`, `_calc_incidence_right` and
`SurvfuncRight.quantile_ci` (statsmodels 0.15) operation by operation, so that the results are the
library's to the last bit or nearly: ties grouped, a subject censored at t still at risk at t, S as
the exponential of a cumulative sum of logs, Greenwood's variance undefined (nan) once S reaches 0.
statsmodels stays the oracle: tests/test_estimators.py checks these against it on many cohorts.
Only what survival.py uses is here: right censoring, no weights, no entry times, cloglog intervals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipelines.indicators.stats import Z_95

# statsmodels' floor on the factor 1 − d/n, so that its log stays finite (S is set to 0 there).
_TINY = 1e-16


def _critical(alpha: float) -> float:
    """The two-sided normal critical value. scipy's `norm.ppf` and the standard library's `inv_cdf`
    can differ in the last bit; at 95 % the value is scipy's own, so a bound on the edge is decided
    as statsmodels decides it."""
    if alpha == 0.05:
        return Z_95
    from statistics import NormalDist  # only for another level: the command line never needs it

    return NormalDist().inv_cdf(1 - alpha / 2)


def _risk_sets(time: np.ndarray, status: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Distinct times, the rank of each subject's time among them, subjects with time ≥ each distinct
    time (n) and events at it (d, float as statsmodels sums the status as weights)."""
    utime, rtime = np.unique(time, return_inverse=True)
    d = np.bincount(rtime, weights=status, minlength=len(utime))
    n = np.cumsum(np.bincount(rtime, minlength=len(utime))[::-1])[::-1]
    return utime, rtime, n, d


def _product_limit(n: np.ndarray, d: np.ndarray) -> np.ndarray:
    """S = Π (1 − d/n), computed as statsmodels does: exp of the cumulative sum of the logs, a factor
    below 1e-16 floored for the log and its S set to 0."""
    sp: np.ndarray = 1 - d / n.astype(np.float64)
    zero = sp < _TINY
    sp[zero] = _TINY
    sp = np.exp(np.cumsum(np.log(sp)))
    sp[zero] = 0
    return sp


@dataclass(frozen=True)
class KaplanMeierFit:
    """S at the distinct event times, as `SurvfuncRight`'s attributes of the same names."""

    surv_times: np.ndarray
    surv_prob: np.ndarray
    surv_prob_se: np.ndarray
    n_risk: np.ndarray
    n_events: np.ndarray

    def quantile_ci(self, p: float, alpha: float = 0.05, method: str = "cloglog") -> tuple[float, float]:
        """Interval of the p-quantile by inverting Z-tests on g(S) = log(−log S) (Brookmeyer–Crowley, as
        SAS and statsmodels): the event times whose |Z| ≤ z; lower bound the first, upper bound the event
        time after the last (inf when the last is the last event time); (nan, nan) when none is kept."""
        if method != "cloglog":
            raise ValueError(f"méthode d'intervalle non prise en charge : {method}")
        s = self.surv_prob
        with np.errstate(divide="ignore", invalid="ignore"):  # S = 0 or 1, se nan: Z nan, never kept
            r = np.log(-np.log(s)) - np.log(-np.log(1 - p))
            r /= (-1 / (s * np.log(s))) * self.surv_prob_se
        kept = np.flatnonzero(np.abs(r) <= _critical(alpha))
        if len(kept) == 0:
            return np.nan, np.nan
        lower = self.surv_times[kept[0]]
        upper = np.inf if kept[-1] == len(self.surv_times) - 1 else self.surv_times[kept[-1] + 1]
        return lower, upper


def kaplan_meier(time: np.ndarray, status: np.ndarray) -> KaplanMeierFit:
    """Kaplan–Meier of right-censored times (`status` 1 for an event, 0 for a censoring), with
    Greenwood's standard error: se = S · sqrt(Σ d / (n (n − d))), nan from the time S reaches 0."""
    utime, _, n, d = _risk_sets(np.asarray(time), np.asarray(status, dtype=np.float64))
    at = np.flatnonzero(d > 0)
    d, n, utime = d[at], n[at], utime[at]
    sp = _product_limit(n, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = d / np.clip(n * (n - d), 1e-12, np.inf).astype(np.float64)
        terms[(n == d) | (n == 0)] = np.nan
        se = np.sqrt(np.cumsum(terms))
    defined = np.isfinite(se) | (sp != 0)
    se[defined] *= sp[defined]
    se[~defined] = np.nan
    return KaplanMeierFit(utime, sp, se, n, d)


def cumulative_incidence(time: np.ndarray, status: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Aalen–Johansen cumulative incidence of each cause k = 1 … max(status) (0: censored), at every
    distinct time: CI_k(t) = Σ_{t_j ≤ t} S(t_j−) d_kj / n_j, S being the all-cause Kaplan–Meier.
    Returns the times and the curves, cause k at index k − 1 (`CumIncidenceRight`'s times and cinc)."""
    status = np.asarray(status)
    utime, rtime, n, d = _risk_sets(np.asarray(time), (status >= 1).astype(np.float64))
    sp = _product_limit(n, d)
    before = np.r_[1, sp[:-1]] / n
    curves = []
    for k in range(int(status.max())):
        dk = np.bincount(rtime, weights=(status == k + 1).astype(np.float64), minlength=len(utime))
        curves.append(np.cumsum(before * dk))
    return utime, curves
