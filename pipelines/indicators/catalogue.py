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
    forme: str  # valeur | part | repartition | mediane
    unite: str
    domaine: str
    libelle: str
    definition: str
    sql: str
    # Time-to-event indicators: the estimator (survival.py) applied to the cohort the SQL returns; adhesion
    # indicators (forme profil / ecart): adhesion.py on the sample it returns; empty for the others, whose SQL
    # returns the value itself.
    estimateur: str = ""

    @property
    def time_to_event(self) -> bool:
        """A survival estimator (survival.py); the adhesion estimators (adhesion.py) are the other kind."""
        return bool(self.estimateur) and self.forme not in ("profil", "ecart")

    @property
    def at_date(self) -> bool:
        """Sector-balance indicators are computed at a date, not over a year (time-to-event indicators
        follow a year's cohort up to a date: they are not)."""
        return "$date" in self.sql and "$annee" not in self.sql


@lru_cache(maxsize=1)
def load_catalogue() -> dict[str, IndicatorDef]:
    with (HERE / "catalogue.csv").open(encoding="utf-8", newline="") as fh:
        # The last column (estimateur) is only written on the rows that have one.
        rows = list(csv.DictReader(fh, restval=""))
    return {
        row["id"]: IndicatorDef(sql=(SQL_DIR / f"{row['id']}.sql").read_text(encoding="utf-8"), **row) for row in rows
    }


FILTER_NAMES = {
    "secteurs": "secteur",
    "tas": "TAS",
    "epci": "EPCI",
    "types": "type de mesure",
    "prescripteurs": "prescripteur",
    "instances": "instance",
}


@lru_cache(maxsize=1)
def ignored_filters() -> dict[str, tuple[tuple[str, ...], str]]:
    """Indicators that some dashboard filters do not apply to, with why (`filtres_ignores.csv`)."""
    with (HERE / "filtres_ignores.csv").open(encoding="utf-8", newline="") as fh:
        return {row["id"]: (tuple(row["filtres_ignores"].split(";")), row["raison"]) for row in csv.DictReader(fh)}


def filters_note(indicator_ids: list[str], active: set[str]) -> list[str]:
    """French notes for the indicators shown that ignore one of the active filters (field names of Filters)."""
    catalogue = load_catalogue()
    notes = []
    for ind_id in indicator_ids:
        ignored, why = ignored_filters().get(ind_id, ((), ""))
        hit = [FILTER_NAMES[f] for f in ignored if f in active]
        if hit:
            which = ", ".join(hit)
            notes.append(f"« {catalogue[ind_id].libelle} » ne tient pas compte du filtre {which} : {why}.")
    return notes
