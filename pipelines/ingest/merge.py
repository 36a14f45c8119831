"""Rows sharing an identifier become one record (DATA_CONTRACT section 5).

Fields merge in file, sheet, then line order: a later non-empty value overrides an earlier
one, an empty value never overrides a filled one. A field's raw text travels with its value.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.reference.schema import Kind


@dataclass
class KindResult:
    """One table after the merge: every data row read (with `_ignore` / `_motif`), the loaded rows normalised,
    the merged records and the conflicts between their rows."""

    kind: Kind
    rows: pl.DataFrame
    loaded: pl.DataFrame
    records: pl.DataFrame
    conflicts: pl.DataFrame


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
        pl.concat(conflicts)
        if conflicts
        else pl.DataFrame(
            schema={"id": pl.String, "colonne": pl.String, "valeurs": pl.List(pl.String), "retenue": pl.String}
        )
    )
    merged = merged.drop([c for c in merged.columns if c.startswith("__values_")])
    return merged, conflict_frame


def _french_date(column: str) -> pl.Expr:
    return pl.col(column).dt.strftime("%d/%m/%Y")


def incoherent_records(
    rows: pl.DataFrame, record_id: str, date_order: tuple[tuple[str, str], ...], labels: dict[str, str]
) -> pl.DataFrame:
    """Records whose merged dates break the contract's order (DATA_CONTRACT section 5: end before start,
    decision before request), each row being fine on its own: (id, French reason naming both sources)."""
    empty = pl.DataFrame(schema={record_id: pl.String, "__motif_fusion": pl.String})
    if rows.is_empty() or not date_order:
        return empty
    rows = rows.sort(["_ordre", "_ligne"])
    source = pl.format("{}, ligne {}", pl.col("_fichier"), pl.col("_ligne"))
    columns = list(dict.fromkeys(c for pair in date_order for c in pair))
    aggs = []
    for column in columns:
        filled = pl.col(column).is_not_null()
        aggs += [
            pl.col(column).filter(filled).last().alias(column),
            source.filter(filled).last().alias(f"__source_{column}"),
        ]
    merged = (
        rows.filter(
            pl.col(record_id).is_in(rows.group_by(record_id).len().filter(pl.col("len") > 1)[record_id].implode())
        )
        .group_by(record_id, maintain_order=True)
        .agg(aggs)
    )
    found = []
    for earlier, later in date_order:
        bad = merged.filter(pl.col(later) < pl.col(earlier)).select(
            record_id,
            pl.format(
                "enregistrement fusionné impossible : {} « {} » ({}) antérieure à {} « {} » ({}) ; toutes ses "
                "lignes sont mises en quarantaine",
                pl.lit(labels[later]),
                _french_date(later),
                pl.col(f"__source_{later}"),
                pl.lit(labels[earlier]),
                _french_date(earlier),
                pl.col(f"__source_{earlier}"),
            ).alias("__motif_fusion"),
        )
        found.append(bad)
    if not found:
        return empty
    return pl.concat(found).group_by(record_id, maintain_order=True).agg(pl.col("__motif_fusion").str.join(" ; "))


def case_variants(records: pl.DataFrame, record_id: str) -> list[list[str]]:
    """Identifiers that differ only by letter case or by leading zeros (an xlsx number shown `00123` is read
    `123`, as the contract says, while a CSV keeps `00123`): kept apart (the contract keeps ids as text), listed."""
    if records.is_empty():
        return []
    folded = pl.col(record_id).str.to_lowercase().str.replace_all(r"(^|[^0-9])0+([0-9])", "${1}${2}")
    groups = (
        records.select(record_id)
        .drop_nulls()
        .group_by(folded.alias("__folded"))
        .agg(pl.col(record_id).unique().sort())
        .filter(pl.col(record_id).list.len() > 1)
        .sort("__folded")
    )
    return [list(ids) for ids in groups[record_id].to_list()]
