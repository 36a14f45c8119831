"""The tables a warehouse version holds, built from the merged results of an ingest: the clean tables (no
working column; provenance kept for the tables without identifier), the quarantine with its raw values, the
conflicts, and the referential tables the indicators join to."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from pipelines.ingest.privacy import Hasher
from pipelines.reference.geography import Geography, agglomeration_codes
from pipelines.reference.referential import Referential

if TYPE_CHECKING:
    from pipelines.ingest.merge import KindResult


def warehouse_tables(
    results: dict[str, KindResult], quarantine: pl.DataFrame, ref: Referential, geo: Geography
) -> dict[str, pl.DataFrame]:
    """The tables of a warehouse version: the clean tables, the quarantine, the conflicts, the referential."""
    tables = {name: _public(r.records, provenance=not r.kind.record_id) for name, r in results.items()}
    tables["quarantaine"] = quarantine
    tables["conflits"] = pl.concat(
        [r.conflicts.with_columns(pl.lit(n).alias("table")) for n, r in results.items()]
    ).select("table", pl.exclude("table"))
    return tables | referential_tables(ref, geo)


def _public(frame: pl.DataFrame, provenance: bool) -> pl.DataFrame:
    keep = {"_fichier": "fichier", "_feuille": "feuille", "_ligne": "ligne"} if provenance else {}
    frame = frame.rename({k: v for k, v in keep.items() if k in frame.columns})
    return frame.drop([c for c in frame.columns if c.startswith("_")])


def quarantine_table(results: dict[str, KindResult], hasher: Hasher) -> pl.DataFrame:
    parts = []
    for name, result in results.items():
        bad = result.rows.filter(pl.col("_motif").is_not_null())
        if "id_menage" in bad.columns:
            bad = bad.with_columns(pl.col("id_menage").map_elements(hasher, return_dtype=pl.String))
        parts.append(
            bad.select(
                pl.lit(name).alias("table"),
                pl.col("_fichier").alias("fichier"),
                pl.col("_feuille").alias("feuille"),
                pl.col("_ligne").alias("ligne"),
                pl.col("_motif").alias("motif"),
                pl.struct(list(result.kind.columns)).struct.json_encode().alias("valeurs_brutes"),
                pl.col("_ordre"),
            )
        )
    return pl.concat(parts).sort("_ordre", "ligne").drop("_ordre")


def referential_tables(ref: Referential, geo: Geography) -> dict[str, pl.DataFrame]:
    base = ref.directory
    etp = pl.read_csv(base / "etp_secteurs.csv", schema_overrides={"annee_debut": pl.Int32, "etp": pl.Float64})
    communes = pl.read_csv(base / "charente_communes.csv", infer_schema=False).with_columns(
        pl.col("population").cast(pl.Int64)
    )
    sectors_map = pl.read_csv(base / "communes_secteurs.csv", infer_schema=False).select(
        "code_insee", pl.col("secteur").alias("secteur_defaut")
    )
    groups = pl.read_csv(base / "groupes_dispositif.csv", infer_schema=False)
    agglomerations = agglomeration_codes(base)
    domains = dict(ref.canonical)
    domains["groupe_dispositif"] = list(dict.fromkeys(groups["groupe"].to_list()))
    domains["epci"] = sorted(geo.epci_names)
    domains["commune"] = sorted(geo.communes)
    values = [(domain, value, i) for domain, vals in domains.items() for i, value in enumerate(vals)]
    return {
        "ref_secteurs": pl.DataFrame(
            {
                "secteur": ref.sectors,
                "tas": [ref.sector_tas[s] for s in ref.sectors],
                "ordre": list(range(1, len(ref.sectors) + 1)),
            }
        ),
        "ref_etp": etp,
        "ref_communes": communes.join(sectors_map, on="code_insee", how="left"),
        "ref_epci": pl.DataFrame(
            {
                "code_epci": list(geo.epci_names),
                "epci": list(geo.epci_names.values()),
                "agglomeration": [c in agglomerations for c in geo.epci_names],
            }
        ).sort("code_epci"),
        "ref_groupes_dispositif": groups,
        "ref_valeurs": pl.DataFrame(
            values, schema={"domaine": pl.String, "valeur": pl.String, "ordre": pl.Int32}, orient="row"
        ),
    }
