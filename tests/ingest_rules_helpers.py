"""The row rules of DATA_CONTRACT sections 1-6, through `ingest()` on folders written by the tests.

The cases live in the `test_ingest_rules_*.py` modules; this module holds their shared rows and checks.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from conftest import read_version_tables, run_ingest

from pipelines.reference.text import fold

DEM = ["N° demande", "Date demande", "Type", "Secteur"]
MES = ["N° mesure", "N° demande", "Date début", "Date fin"]
GTS = ["Date GTS", "N° demande", "N° mesure", "Objet"]
MUT = ["Date mutualisation", "N° mesure", "Secteur d'origine", "Secteur d'accueil"]

BASE = {
    "demandes": {
        "N° demande": "D1",
        "Date demande": "15/01/2024",
        "Type": "ASSLL",
        "Secteur": "Cognac",
        "Date décision": "",
        "Prescripteur": "",
    },
    "mesures": {"N° mesure": "M1", "N° demande": "D1", "Date début": "15/01/2024", "Date fin": ""},
    "passages_gts": {"Date GTS": "15/01/2024", "N° demande": "D1", "N° mesure": "", "Objet": "Bilan"},
    "mutualisations": {
        "Date mutualisation": "15/01/2024",
        "N° mesure": "M1",
        "Secteur d'origine": "Cognac",
        "Secteur d'accueil": "Ruffécois",
    },
}
HEADERS = {
    "demandes": ["N° demande", "Date demande", "Type", "Secteur", "Date décision", "Prescripteur"],
    "mesures": MES,
    "passages_gts": GTS,
    "mutualisations": MUT,
}


def rows(header: list[str], *records: dict[str, str]) -> list[list[str]]:
    return [[r.get(h, "") for h in header] for r in records]


def ingest_folder(raw: Path, tmp_path: Path, **kwargs) -> tuple[dict, dict[str, pl.DataFrame]]:
    warehouse = tmp_path / "entrepot"
    report = run_ingest(raw, warehouse, **kwargs)
    return report, read_version_tables(warehouse)


def counts(entry: dict) -> tuple[int, int, int, int]:
    if "lues" in entry:
        return entry["lues"], entry["chargees"], entry["quarantaine"], entry["ignorees"]
    return entry["read"], entry["loaded"], entry["quarantined"], entry["ignored"]


def record(frame: pl.DataFrame, column: str, value: str) -> dict:
    found = frame.filter(pl.col(column) == value).to_dicts()
    assert len(found) == 1, f"{column}={value}: {len(found)} lignes"
    return found[0]


def contains_words(text: str, *words: str) -> bool:
    folded = fold(text)
    return all(fold(w) in folded for w in words)
