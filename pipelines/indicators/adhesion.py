"""Adhesion and targeting (INDICATORS.md, « Adhesion and targeting »): the estimators behind the catalogue's
`profil`, `ecart_brut` and `ecart_ajuste`, over the rows their SQL returns (adhesion.sql).

- `profil`: per dimension and value, closures and TRAVAIL_POSSIBLE closures (counted in SQL), the share
  and its Wilson 95 % interval, as {dimension: {value: {clotures, travail_possible, part_pct, borne_basse,
  borne_haute}}}.
- `ecart_brut:<domain>:<A>:<B>`: share of A − share of B on the model sample, in points, Wald interval:
  {value, borne_basse, borne_haute, n_a, n_b, motif}.
- `ecart_ajuste:<domain>:<A>:<B>`: the average marginal effect of the exposure in a logistic regression on
  the categorical covariates (every column after `exposition`), rare levels pooled: {value, borne_basse,
  borne_haute, n, motif}. `value` is None with a French `motif` when the spec says so.
The key `value` is the spec's (conformance/expected_adhesion.json).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypedDict, cast

import numpy as np

from pipelines.indicators import logit
from pipelines.indicators.catalogue import IndicatorDef
from pipelines.indicators.stats import Z_95, wilson_interval
from pipelines.indicators.values import IndicatorValue
from pipelines.reference import libelles
from pipelines.reference.french import number

KINDS = ("profil", "ecart_brut", "ecart_ajuste")
MIN_SAMPLE = 30
MIN_GROUP = 10
MIN_LEVEL = 10
POOLED = "AUTRE_REGROUPE"
COVARIATE_NAMES = {
    "statut_occupation": "statut d'occupation",
    "objectif": "objectif",
    "secteur": "secteur",
    "annee": "année de clôture",
    "instance": "instance",
}

DomainKeys = Callable[[str], list[str]]


class ShareEntry(TypedDict):
    """One value of one dimension of `profil` (share_entry)."""

    clotures: int
    travail_possible: int
    part_pct: float | None
    borne_basse: float | None
    borne_haute: float | None


# The value of `profil`: dimension → value → ShareEntry.
Profile = dict[str, dict[str, ShareEntry]]


def handles(ind: IndicatorDef) -> bool:
    return ind.estimateur.partition(":")[0] in KINDS


def window(year: int) -> str:
    """« 2022–2024 »: the three years ending in `year`."""
    return f"{year - 2}–{year}"


def _column(values: Any) -> np.ndarray:
    if isinstance(values, np.ma.MaskedArray):
        return np.array(values.tolist(), dtype=object)
    return values if isinstance(values, np.ndarray) else np.asarray(values)


def share_entry(closures: int, successes: int) -> ShareEntry:
    """{clotures, travail_possible, part_pct, borne_basse, borne_haute}; no share without closures."""
    bounds = wilson_interval(successes, closures)
    return {
        "clotures": closures,
        "travail_possible": successes,
        "part_pct": 100 * successes / closures if closures else None,
        "borne_basse": bounds[0] if bounds else None,
        "borne_haute": bounds[1] if bounds else None,
    }


def profile(columns: Mapping[str, Any]) -> IndicatorValue:
    dims, keys = _column(columns["dimension"]), _column(columns["cle"])
    closures, successes = _column(columns["clotures"]), _column(columns["travail_possible"])
    value: Profile = {}
    for dim, key, n, k in zip(dims.tolist(), keys.tolist(), closures.tolist(), successes.tolist(), strict=True):
        value.setdefault(str(dim), {})[str(key)] = share_entry(int(n), int(k))
    first = next(iter(value.values()), {})
    total = sum(int(e["clotures"] or 0) for e in first.values())
    tp = sum(int(e["travail_possible"] or 0) for e in first.values())
    # IndicatorValue's union has no nested profile: the form `profil` fixes this shape (published/adhesion.py reads it).
    return IndicatorValue("adhesion_par_profil", cast("dict[str, Any]", value), tp, total)


def _exposure_label(domain: str, level: str) -> str:
    return libelles.label(domain, level)


def raw_gap(y: np.ndarray, exposed: np.ndarray) -> dict[str, float | int | str | None]:
    """Share of A − share of B in points, Wald 95 % interval; None without a closure on either side."""
    n_a, n_b = int(exposed.sum()), int((~exposed).sum())
    result: dict[str, float | int | str | None] = {
        "value": None,
        "borne_basse": None,
        "borne_haute": None,
        "n_a": n_a,
        "n_b": n_b,
        "motif": None,
    }
    if not n_a or not n_b:
        result["motif"] = "aucune clôture de motif connu d'un des deux côtés"
        return result
    p_a, p_b = float(y[exposed].mean()), float(y[~exposed].mean())
    half = Z_95 * math.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    gap = p_a - p_b
    result.update(value=100 * gap, borne_basse=100 * (gap - half), borne_haute=100 * (gap + half))
    return result


def pool_levels(values: Sequence[str], order: Sequence[str]) -> list[str]:
    """Levels held by fewer than 10 rows become AUTRE_REGROUPE; when that pool still holds fewer than 10, its
    rows join the most frequent level (ties: the first in `order`, then ascending)."""
    counts = Counter(values)
    rare = {level for level, n in counts.items() if n < MIN_LEVEL}
    if not rare:
        return list(values)
    pooled = sum(counts[level] for level in rare)
    if pooled >= MIN_LEVEL or len(rare) == len(counts):
        target = POOLED
    else:
        rank = {level: i for i, level in enumerate(order)}
        kept = [level for level in counts if level not in rare]
        target = min(kept, key=lambda level: (-counts[level], rank.get(level, len(rank)), level))
    return [target if v in rare else v for v in values]


def _ordered_levels(values: Sequence[str], order: Sequence[str]) -> list[str]:
    rank = {level: i for i, level in enumerate(order)}
    return sorted(set(values), key=lambda level: (rank.get(level, len(rank)), level))


def design(
    exposed: np.ndarray, covariates: dict[str, list[str]], orders: dict[str, list[str]]
) -> tuple[np.ndarray, list[tuple[str, str, np.ndarray]]]:
    """Intercept, exposure, then one indicator column per non-reference level of each (pooled) covariate.
    Also returns every level's rows (reference included), to find a level that predicts perfectly."""
    columns = [np.ones(len(exposed)), exposed.astype(float)]
    levels: list[tuple[str, str, np.ndarray]] = []
    for name, values in covariates.items():
        pooled = np.array(pool_levels(values, orders.get(name, [])), dtype=object)
        ordered = _ordered_levels(pooled.tolist(), orders.get(name, []))
        for i, level in enumerate(ordered):
            rows = pooled == level
            levels.append((name, level, rows))
            if i:
                columns.append(rows.astype(float))
    return np.column_stack(columns), levels


def _level_text(name: str, level: str) -> str:
    if name == "annee" or level == POOLED:
        shown = "autres valeurs regroupées" if level == POOLED else level
    else:
        shown = libelles.label(name, level)
    return f"{COVARIATE_NAMES.get(name, name)} « {shown} »"


def adjusted_gap(
    y: np.ndarray,
    exposed: np.ndarray,
    covariates: dict[str, list[str]],
    orders: dict[str, list[str]],
    labels: tuple[str, str],
) -> dict[str, float | int | str | None]:
    """The average marginal effect of the exposure, in points, with its delta-method 95 % interval; None with
    the reason when the sample is too small, a side too thin, a level predicts perfectly or the fit fails."""
    n = len(y)
    result: dict[str, float | int | str | None] = {
        "value": None,
        "borne_basse": None,
        "borne_haute": None,
        "n": n,
        "motif": None,
    }
    n_a, n_b = int(exposed.sum()), n - int(exposed.sum())
    if not n:
        result["motif"] = "aucune clôture de motif connu où l'information est renseignée"
        return result
    if n < MIN_SAMPLE:
        result["motif"] = (
            f"trop peu de clôtures de motif connu ({number(n)}) : il en faut au moins "
            f"{MIN_SAMPLE} pour estimer l'écart à profil comparable"
        )
        return result
    if min(n_a, n_b) < MIN_GROUP:
        thin, count = (labels[0], n_a) if n_a < MIN_GROUP else (labels[1], n_b)
        result["motif"] = (
            f"trop peu de clôtures « {thin} » ({number(count)}) : il en faut au moins {MIN_GROUP} de chaque côté"
        )
        return result
    x, levels = design(exposed, covariates, orders)
    side_rows = [(labels[0], exposed), (labels[1], ~exposed)]
    for text, rows in [(f"« {label} »", rows) for label, rows in side_rows] + [
        (_level_text(name, level), rows) for name, level, rows in levels
    ]:
        if np.ptp(y[rows]) == 0:
            result["motif"] = (
                f"{text} prédit à lui seul le résultat (toutes ses clôtures ont la même issue) : "
                "le modèle ne peut pas être estimé"
            )
            return result
    try:
        x = x[:, logit.independent_columns(x)]
        fitted = logit.fit(y, x)
    except logit.FitError as exc:
        result["motif"] = {
            "separation": "une combinaison de caractéristiques prédit à elle seule le résultat : "
            "le modèle ne peut pas être estimé",
            "collinear": f"l'effet de « {labels[0]} » ne peut pas être séparé de celui du profil des ménages",
        }.get(exc.kind, "l'estimation du modèle n'a pas abouti (pas de convergence)")
        return result
    effect = logit.average_marginal_effect(fitted, x, 1)
    half = Z_95 * effect.se
    result.update(
        value=100 * effect.effect, borne_basse=100 * (effect.effect - half), borne_haute=100 * (effect.effect + half)
    )
    return result


def estimate(ind: IndicatorDef, frame: Mapping[str, Any], domain_keys: DomainKeys) -> IndicatorValue:
    kind, *spec = ind.estimateur.split(":")
    columns = {name: _column(values) for name, values in frame.items()}
    if kind == "profil":
        value = profile(columns)
        return IndicatorValue(ind.id, value.value, value.numerator, value.denominator)
    domain, level_a, level_b = spec
    labels = (_exposure_label(domain, level_a), _exposure_label(domain, level_b))
    y = np.asarray(columns["adhesion"], dtype=bool).astype(float)
    exposed = np.asarray(columns["exposition"], dtype=bool)
    if kind == "ecart_brut":
        gap = raw_gap(y, exposed)
        # A gap holds its French `motif` (a str), which IndicatorValue's union has no place for: the form `ecart`
        # fixes this shape (published/adhesion.py reads it).
        return IndicatorValue(ind.id, cast("dict[str, Any]", gap), int(exposed.sum()), len(y))
    names = [c for c in columns if c not in ("adhesion", "exposition")]
    covariates = {name: [str(v) for v in columns[name].tolist()] for name in names}
    orders = {name: ([] if name == "annee" else domain_keys(name)) for name in names}
    gap = adjusted_gap(y, exposed, covariates, orders, labels)
    return IndicatorValue(ind.id, cast("dict[str, Any]", gap), int(exposed.sum()), len(y))
