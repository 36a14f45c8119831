"""Values derived from other columns, applied to merged records (DATA_CONTRACT section 5)."""

from __future__ import annotations

import polars as pl

from pipelines.ingest.normalise import OBJECTIVE_JOIN
from pipelines.reference.geography import Geography
from pipelines.reference.referential import Referential
from pipelines.reference.schema import DEMANDES, NON_RECONNU, NON_RENSEIGNE
from pipelines.reference.text import fold_expr

EMPTY_DEFAULTS = {"aide_financiere": "SANS", "decision": "EN_ATTENTE"}


def _default(column: str) -> pl.Expr:
    return pl.col(column).fill_null(EMPTY_DEFAULTS.get(column, NON_RENSEIGNE))


def commune_keys(rows: pl.DataFrame, geo: Geography) -> pl.DataFrame:
    """Adds `commune_cle`, the commune each row designates, so that a former name and today's
    name of one commune are not a conflict when rows merge; dropped once records are derived."""
    resolved = resolve_communes(rows.select("code_insee_brut", "commune_brut").unique(), geo)
    keys = resolved.select(
        "code_insee_brut",
        "commune_brut",
        pl.when(pl.col("code_insee").is_not_null())
        .then(pl.col("code_insee"))
        .when(pl.col("code_epci") == NON_RECONNU)
        .then(pl.concat_str(pl.lit("?"), fold_expr(pl.coalesce("commune_brut", "code_insee_brut"))))
        .alias("commune_cle"),
    )
    return rows.join(keys, on=["code_insee_brut", "commune_brut"], how="left", nulls_equal=True, maintain_order="left")


def name_commune_conflicts(conflicts: pl.DataFrame, geo: Geography) -> pl.DataFrame:
    """Commune conflicts are found on resolved codes; they are reported with commune names."""
    names = {code: c.commune for code, c in geo.communes.items()}
    is_commune = pl.col("colonne") == "commune_cle"
    return conflicts.with_columns(
        pl.when(is_commune).then(pl.lit("commune")).otherwise(pl.col("colonne")).alias("colonne"),
        pl.when(is_commune)
        .then(pl.col("valeurs").list.eval(pl.element().replace(names)))
        .otherwise(pl.col("valeurs"))
        .alias("valeurs"),
        pl.when(is_commune).then(pl.col("retenue").replace(names)).otherwise(pl.col("retenue")).alias("retenue"),
    )


def resolve_communes(records: pl.DataFrame, geo: Geography) -> pl.DataFrame:
    pairs = records.select("code_insee_brut", "commune_brut").unique()
    rows = []
    for code, name in pairs.iter_rows():
        hit = geo.resolve(code, name)
        rows.append((code, name, hit.code_insee, hit.commune, hit.code_epci, hit.how))
    resolved = pl.DataFrame(
        rows,
        schema={
            "code_insee_brut": pl.String,
            "commune_brut": pl.String,
            "code_insee": pl.String,
            "commune": pl.String,
            "code_epci": pl.String,
            "commune_resolution": pl.String,
        },
        orient="row",
    )
    return records.join(resolved, on=["code_insee_brut", "commune_brut"], how="left", nulls_equal=True)


def derive_demandes(records: pl.DataFrame, ref: Referential, geo: Geography) -> pl.DataFrame:
    categorical = [c for c in DEMANDES.categorical if c not in ("secteur", "tas")]
    sector_tas = pl.col("secteur").replace_strict(ref.sector_tas, default=NON_RECONNU, return_dtype=pl.String)
    records = records.with_columns(
        *[_default(c) for c in categorical],
        _default("objectif"),
        pl.col("objectifs")
        .fill_null("")
        .str.split(OBJECTIVE_JOIN)
        .list.eval(pl.element().filter(pl.element() != ""))
        .alias("objectifs"),
        pl.coalesce(pl.col("tas"), sector_tas).alias("tas"),
    )
    records = resolve_communes(records.drop("commune_cle", strict=False), geo).with_columns(
        pl.col("commune").fill_null(pl.col("code_epci")),
        pl.col("code_insee")
        .replace_strict(geo.default_sectors, default=None, return_dtype=pl.String)
        .alias("secteur_commune"),
    )
    return records.sort("id_demande")


def derive_mesures(records: pl.DataFrame, demandes: pl.DataFrame) -> pl.DataFrame:
    requests = demandes.select("id_demande", pl.col("secteur").alias("__secteur_demande"))
    records = records.join(requests, on="id_demande", how="left")
    legacy = pl.col("resultat_ancien")
    records = records.with_columns(
        pl.col("__secteur_demande").is_not_null().alias("demande_connue"),
        pl.coalesce(pl.col("secteur_intervenant"), pl.col("__secteur_demande"), pl.lit(NON_RENSEIGNE)).alias(
            "secteur_intervenant"
        ),
        pl.coalesce(pl.col("resultat_objectifs"), legacy).fill_null(NON_RENSEIGNE).alias("resultat_objectifs"),
        pl.when(pl.col("resultat_objectifs").is_null() & legacy.is_not_null())
        .then(pl.col("motif_arret_brut"))
        .otherwise(pl.col("resultat_objectifs_brut"))
        .alias("resultat_objectifs_brut"),
        _default("motif_arret"),
    ).with_columns(
        (
            pl.col("__secteur_demande").is_not_null()
            & pl.col("secteur_intervenant").is_not_null()
            & (pl.col("secteur_intervenant") != pl.col("__secteur_demande"))
        ).alias("mutualisee"),
    )
    return records.drop("__secteur_demande", "resultat_ancien").sort("id_mesure")


def derive_passages(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.with_columns(_default("decision_gts"))
