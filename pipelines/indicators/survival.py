"""Time-to-event estimators over a cohort built in SQL (cohorts.sql): Kaplan–Meier and Aalen–Johansen.

The estimates, their standard errors and the median's interval come from estimators.py: numpy code
written after statsmodels' `SurvfuncRight` (Greenwood variance, ties grouped, a subject censored at t
still at risk at t) and `CumIncidenceRight` (Aalen–Johansen with S(t−)), and checked against
statsmodels in the tests (importing statsmodels at run time cost seconds, see estimators.py). Two
conventions of INDICATORS.md differ from the library's and are applied here on its estimates: the
median is the smallest event time with S ≤ 0.5 (statsmodels' `quantile` takes S < 0.5), and a value
« by x » is read at the largest event time ≤ x. A cohort comes as a polars DataFrame or as numpy
columns (DuckDB's `fetchnumpy`): the command line computes the indicators without importing polars.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from pipelines.indicators import estimators
from pipelines.indicators.catalogue import IndicatorDef
from pipelines.indicators.stats import Z_95
from pipelines.indicators.values import IndicatorValue
from pipelines.reference.schema import NON_RECONNU, NON_RENSEIGNE

if TYPE_CHECKING:
    import polars as pl

MONTH_DAYS = 30.4375
# S(t) is a product of ratios computed in floating point: a median exactly at S = 0.5 must not be
# missed because the product came out as 0.5000000000000001.
_EPS = 1e-9
CATCH_ALL = (NON_RECONNU, NON_RENSEIGNE)


@dataclass(frozen=True)
class Cohort:
    """Subjects of a cohort: time in days, whether the event happened (else censored), its cause."""

    times: np.ndarray
    events: np.ndarray
    causes: np.ndarray

    @classmethod
    def from_frame(cls, frame: pl.DataFrame | Mapping[str, np.ndarray]) -> Cohort:
        """From a cohort query's rows (columns duree_jours, evenement, cause)."""
        columns = _columns(frame)
        times = np.asarray(columns["duree_jours"], dtype=np.float64)
        causes = columns["cause"] if "cause" in columns else np.full(len(times), None)
        return cls(times, np.asarray(columns["evenement"], dtype=bool), causes)

    @property
    def size(self) -> int:
        return len(self.times)

    @property
    def n_events(self) -> int:
        return int(self.events.sum())

    def events_by(self, x: float, cause: str | None = None) -> int:
        """Events at a time ≤ x (of that cause only, when one is given)."""
        hit = self.events & (self.times <= x)
        return int((hit & (self.causes == cause)).sum() if cause is not None else hit.sum())

    def observed_causes(self) -> list[str]:
        """The causes of the events, sorted."""
        return sorted({str(c) for c in self.causes[self.events]})

    def at_risk(self, t: float) -> int:
        """Subjects whose time is ≥ t (still followed just before t)."""
        return int((self.times >= t).sum())


@dataclass(frozen=True)
class Median:
    """A median with its 95 % interval; a bound is None when the data do not reach it."""

    valeur: float
    borne_basse: float | None
    borne_haute: float | None

    def scaled(self, days_per_unit: float) -> Median:
        def s(v: float | None) -> float | None:
            return None if v is None else v / days_per_unit

        return Median(self.valeur / days_per_unit, s(self.borne_basse), s(self.borne_haute))

    def as_dict(self) -> dict[str, float | None]:
        return {"valeur": self.valeur, "borne_basse": self.borne_basse, "borne_haute": self.borne_haute}


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _column(values: Any) -> np.ndarray:
    """A column as a plain numpy array; a null (masked by DuckDB, None in polars) becomes None."""
    if isinstance(values, np.ma.MaskedArray):
        return np.array(values.tolist(), dtype=object)
    return values if isinstance(values, np.ndarray) else values.to_numpy()


def _columns(frame: pl.DataFrame | Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    names = frame.keys() if isinstance(frame, Mapping) else frame.columns
    return {name: _column(frame[name]) for name in names}


class KaplanMeier:
    """S(t) of a cohort with at least one subject, at its distinct event times."""

    def __init__(self, cohort: Cohort) -> None:
        self.cohort = cohort
        self._fit = estimators.kaplan_meier(cohort.times, cohort.events.astype(float))
        self.times: np.ndarray = self._fit.surv_times
        self.survival: np.ndarray = self._fit.surv_prob
        self.se: np.ndarray = self._fit.surv_prob_se
        self.at_risk: np.ndarray = self._fit.n_risk
        self.events: np.ndarray = self._fit.n_events

    def at(self, x: float) -> float:
        """S at the largest event time ≤ x (1 before the first event)."""
        i = int(np.searchsorted(self.times, x, side="right"))
        return 1.0 if i == 0 else float(self.survival[i - 1])

    def median(self) -> Median | None:
        """Smallest event time with S ≤ 0.5, None when S never gets there; 95 % interval of
        Brookmeyer–Crowley on the log-log (cloglog) transform of Greenwood's variance."""
        reached = np.flatnonzero(self.survival <= 0.5 + _EPS)
        if not len(reached):
            return None
        low, high = self._fit.quantile_ci(0.5, alpha=0.05, method="cloglog")
        return Median(float(self.times[reached[0]]), _finite(low), _finite(high))

    def band(self) -> tuple[np.ndarray, np.ndarray]:
        """Pointwise 95 % band at each event time, on the same log-log transform as the median's
        interval: S^exp(±z·se / (S·|log S|)). Where S is 0 or its variance undefined, the band is S."""
        s, se = self.survival, self.se
        with np.errstate(divide="ignore", invalid="ignore"):
            sigma = se / (s * np.abs(np.log(s)))
            lower = s ** np.exp(Z_95 * sigma)
            upper = s ** np.exp(-Z_95 * sigma)
        defined = np.isfinite(sigma) & (s > 0)
        return np.where(defined, lower, s), np.where(defined, upper, s)


def cumulative_incidence(cohort: Cohort) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Aalen–Johansen incidence of each cause (as a fraction) at the cohort's distinct times."""
    causes = cohort.observed_causes()
    if not causes:
        return np.unique(cohort.times), {}
    code = {c: i + 1 for i, c in enumerate(causes)}
    status = np.zeros(cohort.size, dtype=int)
    for cause, k in code.items():
        status[cohort.events & (cohort.causes == cause)] = k
    times, curves = estimators.cumulative_incidence(cohort.times, status)
    return times, {c: curves[i] for i, c in enumerate(causes)}


def incidence_by(cohort: Cohort, x: float) -> dict[str, float]:
    """CI_k(x) of each cause observed, as a fraction, read at the largest time ≤ x."""
    times, curves = cumulative_incidence(cohort)
    i = int(np.searchsorted(times, x, side="right"))
    return {c: (0.0 if i == 0 else float(v[i - 1])) for c, v in curves.items()}


def _keys(canonical: Sequence[str], observed: Sequence[str]) -> list[str]:
    """Every canonical key, then the catch-all and unknown keys that occur."""
    keys = [k for k in canonical if k not in CATCH_ALL]
    return keys + [k for k in dict.fromkeys(observed) if k not in keys]


def _median_value(cohort: Cohort, days_per_unit: float) -> dict[str, float | None] | None:
    if not cohort.size:
        return None
    median = KaplanMeier(cohort).median()
    return None if median is None else median.scaled(days_per_unit).as_dict()


def _groups(columns: dict[str, np.ndarray], by: str) -> dict[str, Cohort]:
    """The cohort of each value of column `by`, in order of first appearance (a null is "None")."""
    keys = columns[by]
    return {
        str(key): Cohort.from_frame({name: values[keys == key] for name, values in columns.items()})
        for key in dict.fromkeys(keys.tolist())
    }


def estimate(
    ind: IndicatorDef, frame: pl.DataFrame | Mapping[str, np.ndarray], canonical: Sequence[str] = ()
) -> IndicatorValue:
    """The catalogue's estimator of `ind` (`sujets`, `censures`, `part:X`, `incidence:X`, `mediane`; X in
    days) over its cohort's rows; a `mediane` with a domain is computed for each key of the domain
    (`canonical`, plus the catch-all keys that occur). Numerator: events (by X for a share); denominator:
    subjects; details: the same per key."""
    kind, _, parameter = ind.estimateur.partition(":")
    columns = _columns(frame)
    cohort = Cohort.from_frame(columns)
    days_per_unit = MONTH_DAYS if ind.unite == "mois" else 1.0
    domaine = ind.domaine
    if kind == "sujets":
        return IndicatorValue(ind.id, cohort.size)
    if kind == "censures":
        return IndicatorValue(ind.id, cohort.size - cohort.n_events)
    if kind == "part":
        x = float(parameter)
        share = 100 * (1 - KaplanMeier(cohort).at(x)) if cohort.size else None
        return IndicatorValue(ind.id, share, cohort.events_by(x), cohort.size)
    if kind == "incidence":
        x = float(parameter)
        by_cause = incidence_by(cohort, x) if cohort.size else {}
        keys = _keys(canonical, cohort.observed_causes())
        value: dict[str, float | None] | dict[str, dict[str, float | None] | None] = {
            k: (100 * by_cause.get(k, 0.0) if cohort.size else None) for k in keys
        }
        details: dict[str, tuple[float | int | None, float | int | None]] = {
            k: (cohort.events_by(x, k), cohort.size) for k in keys
        }
        return IndicatorValue(ind.id, value, cohort.events_by(x), cohort.size, details)
    if kind == "mediane" and not domaine:
        return IndicatorValue(ind.id, _median_value(cohort, days_per_unit), cohort.n_events, cohort.size)
    if kind == "mediane":
        groups = _groups(columns, domaine)
        keys = _keys(canonical, sorted(groups))
        empty = Cohort.from_frame({name: values[:0] for name, values in columns.items()})
        value = {k: _median_value(groups.get(k, empty), days_per_unit) for k in keys}
        details = {k: (groups.get(k, empty).n_events, groups.get(k, empty).size) for k in keys}
        return IndicatorValue(ind.id, value, cohort.n_events, cohort.size, details)
    raise ValueError(f"estimateur inconnu : {ind.estimateur}")
