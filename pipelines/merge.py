"""Rows sharing an identifier become one record (DATA_CONTRACT section 5).

Fields merge in file, sheet, then line order: a later non-empty value overrides an earlier
one, an empty value never overrides a filled one. A field's raw text travels with its value.
"""

from __future__ import annotations

import polars as pl


def field_groups(columns: list[str], record_id: str) -> dict[str, list[str]]:
    """Each merged field with the companion columns that come from the same cell."""
    groups: dict[str, list[str]] = {}
    for column in columns:
        if column.startswith("_") or column == record_id:
            continue
        if column.endswith("_brut") and column.removesuffix("_brut") in columns:
            continue
        groups[column] = [f"{column}_brut"] if f"{column}_brut" in columns else []
    if "objectif" in groups and "objectifs" in groups:
        groups["objectif"].append("objectifs")
        groups.pop("objectifs")
    return groups


def merge_records(
    rows: pl.DataFrame, record_id: str, evolving: tuple[str, ...] = ()
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Returns (records, conflicts)."""
    rows = rows.sort(["_ordre", "_ligne"])
    groups = field_groups(rows.columns, record_id)
    aggs: list[pl.Expr] = [
        pl.len().alias("n_lignes"),
        pl.format("{}:{}", pl.col("_fichier").first(), pl.col("_ligne").first()).alias("premiere_source"),
        pl.format("{}:{}", pl.col("_fichier").last(), pl.col("_ligne").last()).alias("derniere_source"),
    ]
    for field, companions in groups.items():
        # A cell is filled when it holds text, even text that gives no value (`deux` renouvellements): its
        # raw text then travels with the empty value instead of being dropped.
        raw = f"{field}_brut"
        filled = pl.col(field).is_not_null() | (pl.col(raw).is_not_null() if raw in companions else pl.lit(False))
        aggs.append(pl.col(field).filter(filled).last().alias(field))
        aggs += [pl.col(c).filter(filled).last().alias(c) for c in companions]
    # Raw texts kept on their own (a commune before resolution) differ by spelling alone;
    # their resolved key, when the caller adds one, is what is compared.
    conflict_fields = [f for f in groups if f not in evolving and not f.endswith("_brut")]
    for field in conflict_fields:
        values = pl.col(field).drop_nulls()
        aggs.append(values.cast(pl.String).unique(maintain_order=True).alias(f"__values_{field}"))
    merged = rows.group_by(record_id, maintain_order=True).agg(aggs)

    conflicts = []
    for field in conflict_fields:
        col = f"__values_{field}"
        found = merged.filter(pl.col(col).list.len() > 1).select(
            pl.col(record_id).alias("id"),
            pl.lit(field).alias("colonne"),
            pl.col(col).alias("valeurs"),
            pl.col(field).cast(pl.String).alias("retenue"),
        )
        if found.height:
            conflicts.append(found)
    conflict_frame = (
        pl.concat(conflicts) if conflicts else
        pl.DataFrame(schema={"id": pl.String, "colonne": pl.String, "valeurs": pl.List(pl.String),
                             "retenue": pl.String})
    )
    merged = merged.drop([c for c in merged.columns if c.startswith("__values_")])
    return merged, conflict_frame
