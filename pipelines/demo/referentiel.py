"""Read the project's referential CSVs (communes, sectors, aliases) for the demo generator.

The generator never hard-codes communes or aliases: everything a raw export may say is
taken from `data/reference/`, so the demo stays in step with what the pipeline accepts.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipelines.reference.geography import agglomeration_codes

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"

# The agglomerations come from the shipped reference data, like everywhere else in the product.
AGGLOMERATIONS = frozenset(agglomeration_codes(REFERENCE_DIR))


def fold(text: str) -> str:
    """Fold as DATA_CONTRACT section 2 does (lower case, no accents, punctuation -> space)."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


def strip_accents(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "OE")
    text = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def _read(name: str) -> list[dict[str, str]]:
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass(frozen=True)
class Commune:
    code_insee: str
    nom: str
    code_epci: str
    population: int
    secteur: str


@dataclass(frozen=True)
class AncienneCommune:
    code_ancien: str
    nom_ancien: str  # empty for an `ancien-code` entry
    code_insee: str  # today's commune


@dataclass
class Referentiel:
    secteurs: list[str]  # in referential order
    tas_of_secteur: dict[str, str]
    etp: dict[str, float]  # 2024 ETP by sector (defaults apply every year since 2014)
    communes: dict[str, Commune]
    communes_by_secteur: dict[str, list[Commune]]
    anciennes_by_code: dict[str, list[AncienneCommune]]
    column_aliases: dict[tuple[str, str], list[str]]  # (table, column) -> aliases
    value_aliases: dict[tuple[str, str], list[str]]  # (domain, canonical) -> aliases
    sector_aliases: dict[str, list[str]] = field(default_factory=dict)

    def epci(self, code_insee: str | None) -> str | None:
        if code_insee is None:
            return None
        commune = self.communes.get(code_insee)
        return commune.code_epci if commune else None

    def is_agglo(self, code_insee: str | None) -> bool:
        return self.epci(code_insee) in AGGLOMERATIONS

    def canonical_values(self, domain: str) -> list[str]:
        seen: list[str] = []
        for dom, canonical in self.value_aliases:
            if dom == domain and canonical not in seen:
                seen.append(canonical)
        return seen


@lru_cache(maxsize=1)
def load() -> Referentiel:
    secteurs_rows = sorted(_read("secteurs.csv"), key=lambda r: int(r["ordre"]))
    secteurs = [r["secteur"] for r in secteurs_rows]
    tas_of_secteur = {r["secteur"]: r["tas"] for r in secteurs_rows}
    etp: dict[str, float] = {}
    for row in sorted(_read("etp_secteurs.csv"), key=lambda r: int(r["annee_debut"])):
        if int(row["annee_debut"]) <= 2024:
            etp[row["secteur"]] = float(row["etp"])
    secteur_of_code = {r["code_insee"]: r["secteur"] for r in _read("communes_secteurs.csv")}
    communes: dict[str, Commune] = {}
    for row in _read("charente_communes.csv"):
        code = row["code_insee"]
        communes[code] = Commune(
            code_insee=code,
            nom=row["commune"],
            code_epci=row["code_epci"],
            population=int(row["population"] or 0),
            secteur=secteur_of_code[code],
        )
    communes_by_secteur: dict[str, list[Commune]] = {s: [] for s in secteurs}
    for commune in sorted(communes.values(), key=lambda c: c.code_insee):
        communes_by_secteur[commune.secteur].append(commune)
    anciennes: dict[str, list[AncienneCommune]] = {}
    for row in _read("charente_communes_anciennes.csv"):
        # A former code equal to today's code is not a "former" spelling worth showing.
        if row["code_insee_ancien"] == row["code_insee"] and not row["commune_ancienne"]:
            continue
        anciennes.setdefault(row["code_insee"], []).append(
            AncienneCommune(row["code_insee_ancien"], row["commune_ancienne"], row["code_insee"])
        )
    column_aliases: dict[tuple[str, str], list[str]] = {}
    for row in _read("aliases/colonnes.csv"):
        column_aliases.setdefault((row["table"], row["colonne"]), []).append(row["alias"])
    value_aliases: dict[tuple[str, str], list[str]] = {}
    sector_aliases: dict[str, list[str]] = {s: [s] for s in secteurs}
    for row in _read("aliases/valeurs.csv"):
        if row["domaine"] == "secteur":
            sector_aliases[row["valeur"]].append(row["alias"])
        else:
            value_aliases.setdefault((row["domaine"], row["valeur"]), []).append(row["alias"])
    return Referentiel(
        secteurs=secteurs,
        tas_of_secteur=tas_of_secteur,
        etp=etp,
        communes=communes,
        communes_by_secteur=communes_by_secteur,
        anciennes_by_code=anciennes,
        column_aliases=column_aliases,
        value_aliases=value_aliases,
        sector_aliases=sector_aliases,
    )
