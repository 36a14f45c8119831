"""The ten figures of a fiche (COMPARATIF.md section 2), from data/reference/comparatif_indicateurs.csv."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from pipelines.reference import settings
from pipelines.reference.text import fold

COUNT, SHARE, MONTHS, ETP = "nombre", "part", "mois", "etp"
# Base of part_objectifs_atteints_pct: closures where the work could be done (a count no fiche gives,
# derived from part_travail_possible_pct and mesures_cloturees).
TRAVAIL_POSSIBLE = "travail_possible"


@dataclass(frozen=True)
class Figure:
    id: str
    nature: str  # nombre | part | mois | etp
    base: str  # for a share: the count it is computed on ("" otherwise)
    libelle: str
    definition: str


@lru_cache(maxsize=1)
def figures() -> dict[str, Figure]:
    """The figures in the order of the fiche, by id."""
    with (settings.REFERENCE_DIR / "comparatif_indicateurs.csv").open(encoding="utf-8", newline="") as fh:
        return {row["id"]: Figure(**row) for row in csv.DictReader(fh)}


def resolve(text: str) -> str | None:
    """The id of a figure written by its id or its French label, folded; None when unknown."""
    folded = fold(text)
    for figure in figures().values():
        if folded in (fold(figure.id), fold(figure.libelle), fold(figure.libelle.removesuffix(" (%)"))):
            return figure.id
    return None
