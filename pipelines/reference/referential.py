"""The editable referential: header and value aliases, sectors, TAS, ETP, communes."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipelines.reference.schema import KINDS, NON_RECONNU
from pipelines.reference.settings import reference_dir
from pipelines.reference.text import fold


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


@dataclass(frozen=True)
class Referential:
    # kind -> folded header -> canonical column
    headers: dict[str, dict[str, str]]
    # domain -> folded value -> canonical value
    values: dict[str, dict[str, str]]
    # domain -> canonical values in display order
    canonical: dict[str, list[str]]
    sector_tas: dict[str, str]
    sectors: list[str]
    tas: list[str]
    directory: Path

    def map_value(self, domain: str, raw: str) -> str:
        return self.values[domain].get(fold(raw), NON_RECONNU)


@lru_cache(maxsize=8)
def load_referential(directory: Path | None = None) -> Referential:
    base = directory or reference_dir()
    headers: dict[str, dict[str, str]] = {k: {} for k in KINDS}
    for kind in KINDS.values():
        for column in kind.columns:
            headers[kind.name][fold(column)] = column
    for row in _rows(base / "aliases" / "colonnes.csv"):
        headers[row["table"]][fold(row["alias"])] = row["colonne"]

    values: dict[str, dict[str, str]] = {}
    canonical: dict[str, list[str]] = {}
    for row in _rows(base / "aliases" / "valeurs.csv"):
        domain, value = row["domaine"], row["valeur"]
        if domain not in ("secteur", "tas"):
            canon = canonical.setdefault(domain, [])
            if value not in canon:
                canon.append(value)
            values.setdefault(domain, {})[fold(value)] = value
        values.setdefault(domain, {})[fold(row["alias"])] = value

    sector_rows = sorted(_rows(base / "secteurs.csv"), key=lambda r: int(r["ordre"]))
    tas_rows = sorted(_rows(base / "tas.csv"), key=lambda r: int(r["ordre"]))
    sectors = [r["secteur"] for r in sector_rows]
    tas = [r["tas"] for r in tas_rows]
    for name in sectors:
        values.setdefault("secteur", {})[fold(name)] = name
    for name in tas:
        values.setdefault("tas", {})[fold(name)] = name
    canonical["secteur"] = sectors
    canonical["tas"] = tas
    return Referential(
        headers=headers,
        values=values,
        canonical=canonical,
        sector_tas={r["secteur"]: r["tas"] for r in sector_rows},
        sectors=sectors,
        tas=tas,
        directory=base,
    )
