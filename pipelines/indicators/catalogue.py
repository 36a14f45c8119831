"""The indicator catalogue: id, theme, form, unit, label and definition of each indicator."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
SQL_DIR = HERE / "sql"


@dataclass(frozen=True)
class IndicatorDef:
    id: str
    theme: str
    forme: str  # valeur | part | repartition
    unite: str
    domaine: str
    libelle: str
    definition: str
    sql: str

    @property
    def at_date(self) -> bool:
        """Sector-balance indicators are computed at a date, not over a year."""
        return "$date" in self.sql


@lru_cache(maxsize=1)
def load_catalogue() -> dict[str, IndicatorDef]:
    with (HERE / "catalogue.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {
        row["id"]: IndicatorDef(sql=(SQL_DIR / f"{row['id']}.sql").read_text(encoding="utf-8"), **row)
        for row in rows
    }

