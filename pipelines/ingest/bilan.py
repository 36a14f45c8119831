"""The ingest report as data: row accounting, unrecognised values, conflicts, quarantine."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from pipelines.ingest.headers import column_label
from pipelines.reference.schema import NON_RECONNU

if TYPE_CHECKING:
    from pipelines.ingest.merge import KindResult


def _counts(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.group_by("_ordre").agg(
        pl.len().alias("lues"),
        (pl.col("_ignore").is_null() & pl.col("_motif").is_null()).sum().alias("chargees"),
        pl.col("_motif").is_not_null().sum().alias("quarantaine"),
        pl.col("_ignore").is_not_null().sum().alias("ignorees"),
    )


def _unrecognised(result: KindResult) -> list[dict]:
    loaded = result.loaded
    found: list[dict] = []
    checks: list[tuple[str, str, pl.Expr]] = [
        (c, f"{c}_brut", pl.col(c) == NON_RECONNU) for c in result.kind.categorical if c not in result.kind.strict
    ]
    if result.kind.name == "demandes":
        checks.append(("objectif", "objectif_brut", pl.col("objectifs").str.contains(NON_RECONNU)))
    for column in result.kind.integers:
        checks.append((column, f"{column}_brut", pl.col(f"{column}_brut").is_not_null() & pl.col(column).is_null()))
    for column, raw, condition in checks:
        hits = (
            loaded.filter(condition)
            .group_by(raw)
            .agg(
                pl.len().alias("lignes"),
                pl.format("{}:{}", pl.col("_fichier"), pl.col("_ligne")).first().alias("exemple"),
            )
        )
        for value, count, example in hits.sort(raw).iter_rows():
            found.append(
                {
                    "table": result.kind.name,
                    "colonne": column,
                    "libelle": column_label(column),
                    "valeur_brute": value,
                    "lignes": count,
                    "exemple": example,
                }
            )
    if result.kind.name == "demandes":
        communes = (
            result.records.filter(pl.col("code_epci") == NON_RECONNU)
            .group_by("code_insee_brut", "commune_brut")
            .agg(pl.len().alias("lignes"), pl.col("id_demande").first())
        )
        communes = communes.sort("code_insee_brut", "commune_brut", nulls_last=True)
        for code, name, count, first_id in communes.iter_rows():
            raw = " ".join(x for x in (code, name) if x)
            found.append(
                {
                    "table": "demandes",
                    "colonne": "commune",
                    "libelle": "commune",
                    "valeur_brute": raw,
                    "lignes": count,
                    "exemple": f"demande {first_id}",
                }
            )
    return found


def build_report(
    results: dict[str, KindResult], files: list[dict], quarantine: pl.DataFrame, today: dt.date, raw_dir: Path
) -> dict:
    per_order: dict[int, dict] = {}
    tables: dict[str, dict] = {}
    for name, result in results.items():
        for row in _counts(result.rows).iter_rows(named=True):
            per_order[row["_ordre"]] = row
        rows = result.rows
        loaded = rows.filter(pl.col("_ignore").is_null() & pl.col("_motif").is_null()).height
        tables[name] = {
            "read": rows.height,
            "loaded": loaded,
            "quarantined": rows.filter(pl.col("_motif").is_not_null()).height,
            "ignored": rows.filter(pl.col("_ignore").is_not_null()).height,
            "records": result.records.height,
            "ignored_by_reason": dict(
                sorted(rows.filter(pl.col("_ignore").is_not_null()).group_by("_ignore").len().iter_rows())
            ),
        }
    file_entries = []
    for entry in files:
        entry = dict(entry)
        order = entry.pop("_ordre", None)
        if order is not None:
            counts = per_order.get(order, {"lues": 0, "chargees": 0, "quarantaine": 0, "ignorees": 0})
            entry |= {k: counts[k] for k in ("lues", "chargees", "quarantaine", "ignorees")}
        file_entries.append(entry)
    unrecognised = [item for result in results.values() for item in _unrecognised(result)]
    conflicts = []
    for name, result in results.items():
        for row in result.conflicts.sort("id", "colonne").iter_rows(named=True):
            conflicts.append(
                {
                    "table": name,
                    "id": row["id"],
                    "colonne": row["colonne"],
                    "valeurs": row["valeurs"],
                    "retenue": row["retenue"],
                }
            )
    quarantine_rows = [
        row | {"valeurs_brutes": json.loads(row["valeurs_brutes"])} for row in quarantine.iter_rows(named=True)
    ]
    mesures = results["mesures"].records
    return {
        "date_import": today.isoformat(),
        "dossier": str(raw_dir),
        "tables": tables,
        "files": file_entries,
        "quarantine": quarantine_rows,
        "unrecognised": unrecognised,
        "conflicts": conflicts,
        "mesures_sans_demande": mesures.filter(~pl.col("demande_connue")).height if mesures.height else 0,
    }
