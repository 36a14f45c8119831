"""A value cell of a fiche: a number, or a figure masked or not given (never 0)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.comparatif.figures import COUNT, SHARE, Figure
from pipelines.reference.text import fold

GIVEN, MASKED, MISSING = "valeur", "masque", "non_communique"
# Folded texts of a figure not given; `< 5`, `<5` and `s` (secret) are masked.
_MISSING = {"", "nc", "n c", "nd", "n d"}
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


@dataclass(frozen=True)
class Parsed:
    etat: str  # valeur | masque | non_communique
    valeur: float | None = None
    motif: str | None = None  # French reason when the cell cannot be read


def parse(raw: str | None, figure: Figure) -> Parsed:
    text = (raw or "").strip()
    if re.fullmatch(r"<\s*5", text) or fold(text) == "s":
        return Parsed(MASKED)
    if fold(text) in _MISSING:
        return Parsed(MISSING)
    compact = _SPACES.sub("", text)
    percent = compact.endswith("%")
    compact = compact.removesuffix("%")
    if not _NUMBER.fullmatch(compact):
        return Parsed(GIVEN, motif=f"nombre illisible : « {text} »")
    value = float(compact.replace(",", "."))
    if percent and figure.nature != SHARE:
        return Parsed(GIVEN, motif=f"« {text} » est un pourcentage, or « {figure.id} » n'est pas une part")
    if figure.nature == SHARE and not 0 <= value <= 100:
        return Parsed(GIVEN, motif=f"part hors de 0–100 : « {text} »")
    if figure.nature == COUNT and (value < 0 or not value.is_integer()):
        what = "négatif" if value < 0 else "non entier"
        return Parsed(GIVEN, motif=f"effectif {what} : « {text} » (un nombre entier positif est attendu)")
    if value < 0:
        return Parsed(GIVEN, motif=f"valeur négative : « {text} »")
    return Parsed(GIVEN, value)
