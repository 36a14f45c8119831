"""French texts of the comparison: a figure as shown, masked and missing figures said as such."""

from __future__ import annotations

import polars as pl

from pipelines.comparatif.compare import labels
from pipelines.comparatif.figures import COUNT, MONTHS, SHARE, figures
from pipelines.comparatif.values import MASKED, MISSING
from pipelines.published import fmt

MASKED_TEXT, MISSING_TEXT = "masqué", "non communiqué"


def nature(ind: str) -> str:
    return figures()[ind].nature if ind in figures() else "ratio"


def text(ind: str, etat: str, value: float | None) -> str:
    """`173`, `38,8 %`, `6,9 mois`, `4,9`; « masqué » / « non communiqué » (never 0)."""
    if etat == MASKED:
        return MASKED_TEXT
    if etat == MISSING or value is None:
        return MISSING_TEXT
    kind = nature(ind)
    if kind == SHARE:
        return fmt.percent(value)
    if kind == MONTHS:
        return fmt.months(value)
    if kind == COUNT:
        return fmt.number(value)
    return fmt.number(value, 1)


def interval_text(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return ""
    return f"{fmt.number(low, 1)} – {fmt.number(high, 1)} %"


def side_by_side(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per figure, one column per département (`Nom (code)`), texts as shown."""
    columns: dict[str, list[str]] = {"Indicateur": list(labels().values())}
    for dep in frame["departement"].unique(maintain_order=True).to_list():
        rows = frame.filter(pl.col("departement") == dep)
        shown = {r["indicateur"]: text(r["indicateur"], r["etat"], r["valeur"]) for r in rows.iter_rows(named=True)}
        columns[f"{rows['nom'][0]} ({dep})"] = [shown.get(ind, MISSING_TEXT) for ind in labels()]
    return pl.DataFrame(columns)


def detail(frame: pl.DataFrame, ind: str) -> pl.DataFrame:
    """The départements for one figure: value, rank, 95 % interval of a share, partner's comment."""
    rows = frame.filter(pl.col("indicateur") == ind)
    return pl.DataFrame(
        {
            "Département": [f"{r['nom']} ({r['departement']})" for r in rows.iter_rows(named=True)],
            "Valeur": [text(ind, r["etat"], r["valeur"]) for r in rows.iter_rows(named=True)],
            "Rang": ["" if r["rang"] is None else str(r["rang"]) for r in rows.iter_rows(named=True)],
            "Intervalle à 95 %": [interval_text(r["ic_bas"], r["ic_haut"]) for r in rows.iter_rows(named=True)],
            "Commentaire": [r["commentaire"] or "" for r in rows.iter_rows(named=True)],
        },
        schema={
            "Département": pl.String,
            "Valeur": pl.String,
            "Rang": pl.String,
            "Intervalle à 95 %": pl.String,
            "Commentaire": pl.String,
        },
    )


def similarity(distances: pl.DataFrame, peers: list[str]) -> pl.DataFrame:
    """The 101 départements with their reference figures and distance, the peers marked."""
    from pipelines.comparatif import departements

    ref = departements.reference()
    table = distances.join(ref, on=["code_departement", "departement"], how="left").sort("rang")
    return table.select(
        pl.col("rang").alias("Rang"),
        pl.col("code_departement").alias("Code"),
        pl.col("departement").alias("Département"),
        pl.col("population").alias("Population"),
        pl.col("densite").round(1).alias("Densité (hab./km²)"),
        pl.col("part_population_communes_moins_2000_pct").round(1).alias("Population des communes < 2 000 hab. (%)"),
        pl.col("distance").round(3).alias("Distance"),
        pl.col("code_departement").is_in(peers).alias("Comparé"),
    )
