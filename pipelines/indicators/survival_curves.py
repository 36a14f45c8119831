"""Full time-to-event curves of a cohort, as data for the dashboard and the reports (no plotting).

`curves(indicators, "mesures_debutees", [2023, 2024], by="secteur")` gives, for each year and group:
the Kaplan–Meier curve with its 95 % band, the number at risk at chosen times, the cumulative incidence
of each cause (with the share still without event, so that they add up to 1), and a summary (subjects,
events, longest follow-up, median with its interval). Times are in days; probabilities are fractions.
The cohorts are those of the catalogue's time-to-event indicators (cohorts.sql), with the same filters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import polars as pl

from pipelines.indicators.engine import DOMAIN_KEYS_SQL, Indicators, default_as_of
from pipelines.indicators.survival import Cohort, KaplanMeier, cumulative_incidence
from pipelines.indicators.values import Filters

# Cohort name -> the catalogue indicator whose SQL returns that cohort.
COHORTS = {
    "mesures_debutees": "mesures_debutees",
    "attente_debut": "attente_debut_mediane_jours",
    "delai_decision": "delai_decision_median_jours",
}
GROUPINGS = ("secteur", "tas", "instance")
# In the incidence table: the share of subjects without event yet (« encore en cours » for measures).
NO_EVENT = "SANS_EVENEMENT"

_SCHEMAS = {
    "resume": {
        "annee": pl.Int32,
        "groupe": pl.String,
        "sujets": pl.Int64,
        "evenements": pl.Int64,
        "censures": pl.Int64,
        "suivi_max_jours": pl.Float64,
        "suivi_max_sans_evenement_jours": pl.Float64,
        "mediane_jours": pl.Float64,
        "mediane_borne_basse_jours": pl.Float64,
        "mediane_borne_haute_jours": pl.Float64,
    },
    "survie": {
        "annee": pl.Int32,
        "groupe": pl.String,
        "jours": pl.Float64,
        "survie": pl.Float64,
        "borne_basse": pl.Float64,
        "borne_haute": pl.Float64,
    },
    "a_risque": {"annee": pl.Int32, "groupe": pl.String, "jours": pl.Float64, "a_risque": pl.Int64},
    "incidence": {
        "annee": pl.Int32,
        "groupe": pl.String,
        "jours": pl.Float64,
        "cause": pl.String,
        "incidence": pl.Float64,
    },
}


@dataclass(frozen=True)
class Curves:
    """One row per (year, group) in `resume`; `groupe` is null when the curves are not grouped.

    - survie: a step function, from (0, 1) then one row per event time, and a last row at the longest
      follow-up when it is after the last event;
    - resume: `suivi_max_jours` is the longest follow-up, `suivi_max_sans_evenement_jours` the longest of a
      subject still without event (the longest wait of a household still waiting);
    - a_risque: subjects still followed (time ≥ t) at each chosen time t;
    - incidence: CI_k(t) of each cause at each distinct time, plus NO_EVENT = 1 − Σ CI_k(t).
    """

    cohorte: str
    resume: pl.DataFrame
    survie: pl.DataFrame
    a_risque: pl.DataFrame
    incidence: pl.DataFrame


def _default_times(longest: float, steps: int = 6) -> list[float]:
    """0 and `steps` evenly spaced whole days up to the longest follow-up."""
    if longest <= 0:
        return [0.0]
    return sorted({float(round(longest * i / steps)) for i in range(steps + 1)})


def _one(
    year: int, group: str | None, cohort: Cohort, at: Sequence[float], rows: dict[str, list[dict[str, Any]]]
) -> None:
    km = KaplanMeier(cohort) if cohort.size else None
    median = km.median() if km else None
    longest = float(cohort.times.max()) if cohort.size else None
    # The longest follow-up of a subject without event: e.g. the longest wait of a household still waiting.
    open_ = cohort.times[~cohort.events]
    longest_open = float(open_.max()) if open_.size else None
    rows["resume"].append(
        {
            "annee": year,
            "groupe": group,
            "sujets": cohort.size,
            "evenements": cohort.n_events,
            "censures": cohort.size - cohort.n_events,
            "suivi_max_jours": longest,
            "suivi_max_sans_evenement_jours": longest_open,
            "mediane_jours": median.valeur if median else None,
            "mediane_borne_basse_jours": median.borne_basse if median else None,
            "mediane_borne_haute_jours": median.borne_haute if median else None,
        }
    )
    rows["a_risque"] += [{"annee": year, "groupe": group, "jours": float(t), "a_risque": cohort.at_risk(t)} for t in at]
    if km is None:
        return
    low, high = km.band()
    points = [
        (0.0, 1.0, 1.0, 1.0),
        *zip(km.times.tolist(), km.survival.tolist(), low.tolist(), high.tolist(), strict=True),
    ]
    if longest is not None and longest > points[-1][0]:
        points.append((longest, *points[-1][1:]))
    rows["survie"] += [
        {"annee": year, "groupe": group, "jours": t, "survie": s, "borne_basse": lo, "borne_haute": hi}
        for t, s, lo, hi in points
    ]
    times, by_cause = cumulative_incidence(cohort)
    remaining = 1 - np.sum(list(by_cause.values()), axis=0) if by_cause else np.ones(len(times))
    for cause, values in [*by_cause.items(), (NO_EVENT, remaining)]:
        rows["incidence"] += [
            {"annee": year, "groupe": group, "jours": float(t), "cause": cause, "incidence": float(v)}
            for t, v in zip(times, values, strict=True)
        ]


def curves(
    indicators: Indicators,
    cohorte: str,
    years: Sequence[int],
    filters: Filters | None = None,
    as_of: dt.date | None = None,
    by: str | None = None,
    at: Sequence[float] | None = None,
) -> Curves:
    """The curves of cohort `cohorte` (a key of COHORTS) for each year, followed up to `as_of` (default:
    each year's default date, as the indicators), optionally by `by` (secteur, tas or instance; groups
    in the referential's order, only those with subjects). `at`: the times (days) of the numbers at
    risk; default: 0 and six steps up to the longest follow-up of all the cohorts."""
    if cohorte not in COHORTS:
        raise ValueError(f"cohorte inconnue : {cohorte} (possibles : {', '.join(COHORTS)})")
    if by is not None and by not in GROUPINGS:
        raise ValueError(f"regroupement inconnu : {by} (possibles : {', '.join(GROUPINGS)})")
    sql = indicators.definition(COHORTS[cohorte]).sql
    frames = {
        year: indicators.query(sql, {"annee": year, "date": as_of or default_as_of(year)}, filters) for year in years
    }
    if at is None:
        longest = max((float(cast(float, f["duree_jours"].max())) for f in frames.values() if f.height), default=0.0)
        at = _default_times(longest)
    order: list[str] = []
    if by is not None:
        order = indicators.query(DOMAIN_KEYS_SQL, {"domaine": by})["cle"].to_list()
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in _SCHEMAS}
    for year, frame in frames.items():
        if by is None:
            _one(year, None, Cohort.from_frame(frame), at, rows)
            continue
        present = frame[by].unique().to_list()
        for group in [g for g in order if g in present] + sorted(g for g in present if g not in order):
            _one(year, group, Cohort.from_frame(frame.filter(pl.col(by) == group)), at, rows)
    tables = {name: pl.DataFrame(rows[name], schema=schema) for name, schema in _SCHEMAS.items()}
    return Curves(cohorte, **tables)
