"""Where the partners' fiches live: the `comparatif` table of each warehouse version, with its report.

A fiche import publishes a new version holding every table of the version in force plus the new
`comparatif` table; an ingest carries the table and its report over into the version it publishes,
so the loaded fiches survive a re-import of the exports.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import polars as pl

from pipelines.store.warehouse import TMP_PREFIX, WarehouseMissing, current_version

TABLE = "comparatif"
REPORT = "comparatif_report.json"
SCHEMA = {
    "departement": pl.String,
    "annee": pl.Int32,
    "indicateur": pl.String,
    "etat": pl.String,
    "valeur": pl.Float64,
    "valeur_brute": pl.String,
    "commentaire": pl.String,
    "fichier": pl.String,
    "ligne": pl.Int64,
    "fictif": pl.Boolean,
}


def empty() -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMA)


def read_table(version: Path) -> pl.DataFrame:
    """The fiches loaded in a version (an empty table when none was ever imported)."""
    path = Path(version) / f"{TABLE}.parquet"
    return pl.read_parquet(path) if path.is_file() else empty()


def carried_over(warehouse: Path) -> tuple[dict[str, pl.DataFrame], dict[str, bytes]]:
    """The fiche table and report of the version in force, for the next version (nothing when none)."""
    try:
        version = current_version(warehouse)
    except WarehouseMissing:
        return {}, {}
    tables = {TABLE: pl.read_parquet(version / f"{TABLE}.parquet")} if (version / f"{TABLE}.parquet").is_file() else {}
    extra = {REPORT: (version / REPORT).read_bytes()} if (version / REPORT).is_file() else {}
    return tables, extra


def write_root_report(warehouse: Path, report: dict) -> None:
    """The report beside ingest_report.json, replaced in one step."""
    path = Path(warehouse) / REPORT
    tmp = path.with_name(f"{TMP_PREFIX}{REPORT}-{uuid.uuid4().hex}")
    tmp.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
