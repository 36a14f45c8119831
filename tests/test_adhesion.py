"""The adhesion indicators (INDICATORS.md, « Adhesion and targeting ») on the hand-computable folder of
conftest.py, and the rules of the model sample (rare levels pooled, null with a French reason).

Window of 2024: closures of 2022–2024, i.e. M1 (D01, FSL, Oui, TRAVAIL_POSSIBLE), M2 (A23-1, FSL, 2023 file:
NON_RENSEIGNE, TRAVAIL_POSSIBLE), M3 (A23-3, GTS, TRAVAIL_NON_POSSIBLE), M5 (D02, FSL, Non,
TRAVAIL_NON_POSSIBLE), M7 (A23-4, GTS, LIMITES_INTERVENTION). M6 is a diagnostic, M4 and M8 are open.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from pipelines.indicators import Filters, Indicators, IndicatorValue
from pipelines.indicators.adhesion import POOLED, adjusted_gap, pool_levels, raw_gap, window

Z = 1.959963984540054
# The adhesion estimators asserted here (test_indicators.py checks that every catalogue indicator is asserted).
ASSERTED = {
    "adhesion_par_profil",
    "ecart_adhesion_fsl_gts_brut_points",
    "ecart_adhesion_fsl_gts_ajuste_points",
    "ecart_adhesion_conjointe_ajuste_points",
}


def wilson(k: int, n: int) -> tuple[float, float]:
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


def entry(k: int, n: int) -> dict:
    if not n:
        return {"clotures": 0, "travail_possible": 0, "part_pct": None, "borne_basse": None, "borne_haute": None}
    low, high = wilson(k, n)
    return {
        "clotures": n,
        "travail_possible": k,
        "part_pct": pytest.approx(100 * k / n),
        "borne_basse": pytest.approx(low),
        "borne_haute": pytest.approx(high),
    }


@pytest.fixture(scope="module")
def indicators(indicator_warehouse: Path):
    ind = Indicators(indicator_warehouse)
    yield ind
    ind.close()


@pytest.fixture(scope="module")
def values(indicators: Indicators) -> dict[str, IndicatorValue]:
    return indicators.compute_all(2024, ids=sorted(ASSERTED))


def test_profile(values: dict[str, IndicatorValue]) -> None:
    got = values["adhesion_par_profil"]
    assert (got.numerator, got.denominator) == (2, 5)
    profile = got.value
    assert isinstance(profile, dict)
    assert list(profile) == [
        "instance",
        "prescripteur",
        "dispositif",
        "aide_financiere",
        "statut_occupation",
        "objectif",
        "secteur",
        "evaluation_conjointe",
    ]
    assert profile["instance"] == {"COMMISSION_FSL": entry(2, 3), "GTS": entry(0, 2), "CCAPEX": entry(0, 0)}
    # D01 Oui (M1 TP), D02 Non (M5 TNP); the 2023 file has no column: A23-1 (M2 TP), A23-3, A23-4
    assert profile["evaluation_conjointe"] == {"OUI": entry(1, 1), "NON": entry(0, 1), "NON_RENSEIGNE": entry(1, 3)}
    # D01 ACCORDEE (M1), A23-1 REFUSEE (M2), D02 « Refus » (M5), A23-3 and A23-4 empty: SANS
    assert profile["aide_financiere"] == {
        "SANS": entry(0, 2),
        "ACCORDEE": entry(1, 1),
        "REFUSEE": entry(1, 2),
        "EN_ATTENTE": entry(0, 0),
    }
    sectors = profile["secteur"]
    # the request's sector: Cognac for D01, A23-1, D02 and A23-3 (M3's social worker is from Ruffec), Ruffécois A23-4
    assert sectors["Cognac"] == entry(2, 4) and sectors["Ruffécois"] == entry(0, 1)
    assert sectors["Sud-Charente"] == entry(0, 0) and len(sectors) == 8


def test_raw_gap(values: dict[str, IndicatorValue]) -> None:
    # FSL M1, M2, M5: 2/3; GTS M3, M7: 0/2 (M7's LIMITES_INTERVENTION is a known motif)
    half = Z * math.sqrt((2 / 3) * (1 / 3) / 3)
    assert values["ecart_adhesion_fsl_gts_brut_points"].value == {
        "value": pytest.approx(200 / 3),
        "borne_basse": pytest.approx(100 * (2 / 3 - half)),
        "borne_haute": pytest.approx(100 * (2 / 3 + half)),
        "n_a": 3,
        "n_b": 2,
        "motif": None,
    }


def test_adjusted_gaps_are_null_with_their_reason(values: dict[str, IndicatorValue]) -> None:
    fsl = values["ecart_adhesion_fsl_gts_ajuste_points"].value
    assert fsl == {
        "value": None,
        "borne_basse": None,
        "borne_haute": None,
        "n": 5,
        "motif": (
            "trop peu de clôtures de motif connu (5) : il en faut au moins 30 pour estimer l'écart à profil comparable"
        ),
    }
    joint = values["ecart_adhesion_conjointe_ajuste_points"].value
    assert joint["value"] is None and joint["n"] == 2  # M1 Oui, M5 Non
    assert joint["motif"].startswith("trop peu de clôtures de motif connu (2)")


def test_filters_apply(indicators: Indicators) -> None:
    got = indicators.compute("ecart_adhesion_fsl_gts_brut_points", 2024, Filters(instances=("GTS",)))
    assert got.value["value"] is None and (got.value["n_a"], got.value["n_b"]) == (0, 2)
    profile = indicators.compute("adhesion_par_profil", 2024, Filters(secteurs=("Ruffécois",))).value
    assert profile["instance"]["GTS"] == entry(0, 1) and profile["instance"]["COMMISSION_FSL"] == entry(0, 0)


def test_window_follows_the_year(indicators: Indicators) -> None:
    assert window(2024) == "2022–2024"
    # 2026: window 2024–2026 still holds the 2024 closures; 2027 has none.
    assert indicators.compute("adhesion_par_profil", 2026).denominator == 5
    assert indicators.compute("adhesion_par_profil", 2027).denominator == 0


def test_rare_levels_are_pooled() -> None:
    values = ["A"] * 20 + ["B"] * 12 + ["C"] * 6 + ["D"] * 5
    assert pool_levels(values, ["A", "B", "C", "D"]) == ["A"] * 20 + ["B"] * 12 + [POOLED] * 11
    # the pool still under 10: it joins the most frequent level (a tie goes to the first in the order)
    values = ["A"] * 15 + ["B"] * 15 + ["C"] * 4 + ["D"] * 3
    assert pool_levels(values, ["B", "A", "C", "D"]) == ["A"] * 15 + ["B"] * 15 + ["B"] * 7
    assert pool_levels(["A"] * 12, ["A"]) == ["A"] * 12


def sample(n_a: int, n_b: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, dict[str, list[str]]]:
    exposed = np.array([True] * n_a + [False] * n_b)
    y = (rng.random(n_a + n_b) < np.where(exposed, 0.3, 0.5)).astype(float)
    sector = [str(s) for s in rng.choice(["S1", "S2", "S3"], n_a + n_b)]
    return y, exposed, {"secteur": sector}


def test_adjusted_gap_null_cases() -> None:
    rng = np.random.default_rng(3)
    y, exposed, cov = sample(25, 8, rng)
    labels = ("Commission FSL", "GTS")
    got = adjusted_gap(y, exposed, cov, {}, labels)
    assert got["value"] is None
    assert got["motif"] == "trop peu de clôtures « GTS » (8) : il en faut au moins 10 de chaque côté"
    y, exposed, cov = sample(40, 40, rng)
    cov["statut_occupation"] = ["HEBERGE"] * 12 + ["LOCATAIRE_PRIVE"] * 68
    y[:12] = 0  # every HEBERGE closure without adhesion: the level predicts perfectly
    got = adjusted_gap(y, exposed, cov, {}, labels)
    assert got["value"] is None
    assert got["motif"] == (
        "statut d'occupation « Hébergé » prédit à lui seul le résultat (toutes ses clôtures "
        "ont la même issue) : le modèle ne peut pas être estimé"
    )
    got = adjusted_gap(np.ones(80), exposed, {}, {}, labels)
    assert got["value"] is None and "« Commission FSL » prédit à lui seul" in got["motif"]


def test_raw_gap_without_one_side() -> None:
    got = raw_gap(np.array([1.0, 0.0]), np.array([True, True]))
    assert got["value"] is None and got["n_b"] == 0 and got["motif"]


def test_ingest_reads_normalises_and_keeps_the_column(indicator_warehouse: Path) -> None:
    """DATA_CONTRACT 3.1: `Évaluation conjointe` by its aliases; a file without the column: NON_RENSEIGNE."""
    import polars as pl

    from pipelines.store.warehouse import current_version

    demandes = pl.read_parquet(current_version(indicator_warehouse) / "demandes.parquet")
    got = dict(demandes.select("id_demande", "evaluation_conjointe").iter_rows())
    assert {k: got[k] for k in ("D01", "D02", "D03", "D04", "D05", "D06", "D07")} == {
        "D01": "OUI",
        "D02": "NON",
        "D03": "OUI",
        "D04": "NON_RENSEIGNE",
        "D05": "NON",
        "D06": "NON_RECONNU",
        "D07": "OUI",
    }
    assert {got[k] for k in ("A23-1", "A23-2", "A23-5")} == {"NON_RENSEIGNE"}  # the 2023 file has no column
    raw = dict(demandes.select("id_demande", "evaluation_conjointe_brut").iter_rows())
    assert raw["D06"] == "Peut-être" and raw["D03"] == "Faite"
