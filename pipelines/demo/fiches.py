"""Demo fiches comparatives: five real départements among Charente's nearest, with FICTIONAL figures.

The figures are invented around Charente's 2024 rates (requests per inhabitant, open measures, ETP), each
département drawn with its own factor so that the comparison page has something plausible to show. Every
file says « données fictives » in its title rows.
"""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl

from pipelines.comparatif import departements
from pipelines.comparatif.figures import figures
from pipelines.comparatif.writer import Row, write

HOME = "16"
YEARS = (2023, 2024)
FICTIONAL = "Données fictives : fiche de démonstration, chiffres inventés (ordre de grandeur plausible)."
# Charente 2024 (published report): 173 requests for 351,603 inhabitants.
REQUESTS_PER_INHABITANT = 173 / 351_603


def fiches_dir(out: Path) -> Path:
    """Where `assll demo --out DIR` writes the fiches: a folder beside DIR (never read by `ingest DIR`)."""
    return out.with_name(f"{out.name}_fiches")


def _values(code: str, year: int, rng: random.Random) -> dict[str, float | str]:
    population = int(departements.reference().filter(pl.col("code_departement") == code)["population"][0])
    requests = round(population * REQUESTS_PER_INHABITANT * rng.uniform(0.6, 1.5) * (0.93 if year == 2023 else 1))
    closed = round(requests * rng.uniform(0.85, 1.15))
    return {
        "commandes_assll": requests,
        "commandes_diagnostic": round(requests * rng.uniform(0.2, 0.5)),
        "mesures_debutees": round(requests * rng.uniform(0.8, 0.95)),
        "mesures_cloturees": closed,
        "mesures_en_cours_fin_annee": round(requests * rng.uniform(0.35, 0.6)),
        "duree_moyenne_mois": round(rng.uniform(6.0, 11.0), 1),
        "part_travail_possible_pct": round(rng.uniform(30, 60), 1),
        "part_objectifs_atteints_pct": round(rng.uniform(65, 90), 1),
        "part_assll_travailleurs_sociaux_pct": round(rng.uniform(60, 90), 1),
        "etp_total": round(requests / rng.uniform(24, 36), 1),
    }


def write_demo_fiches(folder: Path, seed: int = 2024) -> list[Path]:
    """One fiche per peer (three .xlsx, two .csv); the same seed writes the same files."""
    peers = departements.nearest(HOME)
    written = []
    for index, code in enumerate(peers):
        rng = random.Random(f"{seed}-{code}")
        name = departements.names()[code]
        rows = []
        for year in YEARS:
            values: dict[str, float | str] = _values(code, year, rng)
            comments = dict.fromkeys(values, "")
            if index == 1:  # a scheme without diagnostics
                values["commandes_diagnostic"] = "nc"
                comments["commandes_diagnostic"] = "pas de diagnostic dans notre dispositif (données fictives)"
            if index == 3 and year == 2024:  # a small count masked by the partner
                values["commandes_diagnostic"] = "< 5"
            if index == 0:
                comments["etp_total"] = "deux postes vacants une partie de l'année (données fictives)"
            if index == 4:
                values["part_assll_travailleurs_sociaux_pct"] = f"{values['part_assll_travailleurs_sociaux_pct']} %"
            rows += [
                Row(code, year, f.id, values[f.id], comments[f.id], f.libelle, f.definition) for f in figures().values()
            ]
        suffix = ".csv" if index in (1, 4) else ".xlsx"
        titles = [f"Fiche comparative ASSLL — {name} ({code}) — années {YEARS[0]} et {YEARS[-1]}", FICTIONAL]
        written.append(write(Path(folder) / f"fiche_{code}_{name.lower().replace(' ', '_')}{suffix}", titles, rows))
    return written
