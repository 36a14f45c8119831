"""The optional column `evaluation_conjointe` (DATA_CONTRACT 3.1) in the demo exports: recorded from 2025 on.

The 2025 ASSLL requests carry « Oui » for about half of them, « Non » for most others and an empty cell for a
few; a request whose measure ended with a work possible was more often preceded by a joint evaluation, so
that the page « Adhésion et ciblage » has a share and a gap to show. Drawn with an RNG of its own after every
other draw, and written in a column of its own: no other cell of the demo, hence no published figure, moves.
"""

from __future__ import annotations

import random

from pipelines.demo.records import ASSLL, NON_RENSEIGNE, TP, Demande, Mesure

FIRST_YEAR = 2025
EMPTY = 0.1
# Probability of « Oui » by what became of the request's measure.
P_OUI = {"adhesion": 0.7, "sans_adhesion": 0.35, "autre": 0.5}
SPELLINGS = {
    "OUI": ["Oui", "Oui", "oui", "OUI", "Faite", "Réalisée"],
    "NON": ["Non", "Non", "non", "NON", "Pas faite", "Non réalisée"],
}


def assign(demandes: list[Demande], mesures: list[Mesure], seed: int | str) -> None:
    """Sets `evaluation_conjointe` and its raw spelling on the ASSLL requests of FIRST_YEAR onwards."""
    rng = random.Random(f"{seed}/evaluation_conjointe")
    outcome: dict[int, str] = {}
    for m in mesures:
        if m.demande is not None and m.motif_arret is not None and m.date_fin is not None:
            outcome[id(m.demande)] = "adhesion" if m.motif_arret == TP else "sans_adhesion"
    for d in sorted(demandes, key=lambda d: d.seq):
        if d.type_mesure != ASSLL or d.date_demande.year < FIRST_YEAR:
            continue
        if rng.random() < EMPTY:
            d.evaluation_conjointe, d.raw["evaluation_conjointe"] = NON_RENSEIGNE, ""
            continue
        value = "OUI" if rng.random() < P_OUI[outcome.get(id(d), "autre")] else "NON"
        d.evaluation_conjointe, d.raw["evaluation_conjointe"] = value, rng.choice(SPELLINGS[value])


def header(aliases: list[str], seed: int | str) -> str:
    """The column's header in the 2025 export, one of the contract's aliases."""
    return random.Random(f"{seed}/evaluation_conjointe/entete").choice(aliases)
