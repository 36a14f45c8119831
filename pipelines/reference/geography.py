"""Communes and EPCI from the official geographic code (COG 2024) shipped in data/reference."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipelines.reference.schema import NON_RECONNU, NON_RENSEIGNE
from pipelines.reference.settings import reference_dir
from pipelines.reference.text import fold

_SAINT = re.compile(r"\bst\b")
_SAINTE = re.compile(r"\bste\b")


def fold_commune(name: str) -> str:
    """Folded name with `St`/`Ste` spelt out; hyphens already fold to spaces."""
    return _SAINTE.sub("sainte", _SAINT.sub("saint", fold(name)))


@dataclass(frozen=True)
class Commune:
    code_insee: str
    commune: str
    code_epci: str
    epci: str


@dataclass(frozen=True)
class Resolution:
    code_insee: str | None
    commune: str | None
    code_epci: str  # SIREN code, NON_RECONNU or NON_RENSEIGNE
    # "code", "code_ancien", "nom", "nom_ancien", NON_RECONNU or NON_RENSEIGNE
    how: str


class Geography:
    def __init__(self, directory: Path | None = None) -> None:
        base = directory or reference_dir()
        with (base / "charente_communes.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        self.communes = {
            r["code_insee"]: Commune(r["code_insee"], r["commune"], r["code_epci"], r["epci"]) for r in rows
        }
        self.epci_names = {r["code_epci"]: r["epci"] for r in rows}
        with (base / "communes_secteurs.csv").open(encoding="utf-8", newline="") as fh:
            # The coordination's default commune -> sector map, to flag requests outside their sector.
            self.default_sectors = {r["code_insee"]: r["secteur"] for r in csv.DictReader(fh)}
        self.by_name = {fold_commune(c.commune): c for c in self.communes.values()}
        self.former_codes: dict[str, Commune] = {}
        self.former_names: dict[str, Commune] = {}
        with (base / "charente_communes_anciennes.csv").open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                today = self.communes.get(r["code_insee"])
                if today is None:
                    continue
                self.former_codes.setdefault(r["code_insee_ancien"], today)
                if r["commune_ancienne"]:
                    self.former_names.setdefault(fold_commune(r["commune_ancienne"]), today)

    def resolve(self, code: str | None, name: str | None) -> Resolution:
        """By 2024 code, former code, name, then former name; an unknown code still lets the name try."""
        code = (code or "").strip()
        name = (name or "").strip()
        if code.isdigit() and len(code) == 4:
            code = "0" + code  # Excel drops the leading zero of codes like 01001
        folded = fold_commune(name) if name else ""
        lookups = (
            (code, self.communes, "code"),
            (code, self.former_codes, "code_ancien"),
            (folded, self.by_name, "nom"),
            (folded, self.former_names, "nom_ancien"),
        )
        for key, table, how in lookups:
            hit = table.get(key) if key else None
            if hit:
                return Resolution(hit.code_insee, hit.commune, hit.code_epci, how)
        if code or name:
            return Resolution(None, None, NON_RECONNU, NON_RECONNU)
        return Resolution(None, None, NON_RENSEIGNE, NON_RENSEIGNE)


@lru_cache(maxsize=4)
def load_geography(directory: Path | None = None) -> Geography:
    return Geography(directory)


def agglomeration_codes(reference: Path | None = None) -> set[str]:
    """The SIREN codes of the agglomerations (CA) of the département, from `epci_agglomerations.csv`."""
    path = (reference or reference_dir()) / "epci_agglomerations.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["code_epci"] for row in csv.DictReader(fh)}
