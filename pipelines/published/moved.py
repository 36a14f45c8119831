"""The « Révisions » view: per published year, each figure that has moved since its edition, from what to
what, and why, read from the tables of the edition's version and of the version in force.

The cause is counted on the tables an indicator reads (its SQL), over the records of the year (a record
with one of its dates in the year, before or now): records added, corrected (same identifier, another
content), quarantined (no longer loaded, now in the quarantine) and vanished (no longer in the exports).
Tables without identifier (GTS examinations, mutualisations) are compared row by row: a corrected row
there reads as one row added and one vanished.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

from pipelines.indicators import Indicators
from pipelines.published import fmt
from pipelines.published.figure import Figure
from pipelines.published.revisions import MODES, Revisions, figures_of, in_force
from pipelines.published.source import Published
from pipelines.reference.french import number
from pipelines.reference.schema import KINDS
from pipelines.store.warehouse import VERSIONS

# What an indicator's SQL names -> the warehouse table it reads.
TABLE_WORDS = {
    "demandes": ("demandes", "en_attente_a", "cohorte_attente", "cohorte_delai"),
    "mesures": ("mesures", "clotures", "en_cours_a", "cohorte"),
    "passages_gts": ("passages",),
    "mutualisations": ("mutualisations",),
}
PROVENANCE = ("n_lignes", "premiere_source", "derniere_source", "fichier", "feuille", "ligne")
TABLE_LABELS = {
    "demandes": "demandes",
    "mesures": "mesures",
    "passages_gts": "passages en GTS",
    "mutualisations": "mutualisations",
}


@dataclass(frozen=True)
class Moved:
    year: int
    edition: str
    indicator: str
    label: str
    key: str | None
    kind: str
    published: str
    now: str
    cause: str


@dataclass(frozen=True)
class Change:
    added: int = 0
    corrected: int = 0
    quarantined: int = 0
    vanished: int = 0

    def text(self, table: str) -> str:
        """« passages en GTS : 1 ajout, 2 corrections »; empty when nothing changed."""
        parts = [
            f"{number(n)} {one if n == 1 else many}"
            for n, one, many in (
                (self.added, "ajout", "ajouts"),
                (self.corrected, "correction", "corrections"),
                (self.quarantined, "mise en quarantaine", "mises en quarantaine"),
                (self.vanished, "disparition", "disparitions"),
            )
            if n
        ]
        return f"{TABLE_LABELS[table]} : {', '.join(parts)}" if parts else ""


def tables_read(sql: str) -> list[str]:
    lowered = sql.lower()
    return [t for t, words in TABLE_WORDS.items() if any(w in lowered for w in words)]


def _in_year(frame: pl.DataFrame, table: str, year: int) -> pl.DataFrame:
    dates = [c for c in KINDS[table].dates if c in frame.columns]
    if not dates:
        return frame
    return frame.filter(pl.any_horizontal([pl.col(c).dt.year() == year for c in dates]))


def _read(warehouse: Path, version: str, table: str) -> pl.DataFrame:
    return pl.read_parquet(Path(warehouse) / VERSIONS / version / f"{table}.parquet")


def _quarantined_ids(warehouse: Path, version: str, table: str, column: str) -> set[str]:
    frame = _read(warehouse, version, "quarantaine").filter(pl.col("table") == table)
    ids = set()
    for raw in frame["valeurs_brutes"].to_list():
        value = json.loads(raw or "{}").get(column)
        if value:
            ids.add(str(value).strip())
    return ids


@lru_cache(maxsize=64)
def change(warehouse: str, before: str, now: str, table: str, year: int) -> Change:
    """How the records of `table` for `year` changed from version `before` to version `now`."""
    old, new = _read(Path(warehouse), before, table), _read(Path(warehouse), now, table)
    columns = [c for c in new.columns if c in old.columns and c not in PROVENANCE]
    old, new = old.select(columns), new.select(columns)
    record_id = KINDS[table].record_id
    if record_id is None:
        old_y, new_y = _in_year(old, table, year), _in_year(new, table, year)
        added = new_y.join(old_y, on=columns, how="anti", nulls_equal=True).height
        vanished = old_y.join(new_y, on=columns, how="anti", nulls_equal=True).height
        return Change(added=added, vanished=vanished)
    ids = set(_in_year(old, table, year)[record_id].to_list()) | set(_in_year(new, table, year)[record_id].to_list())
    old_rows = {r[record_id]: r for r in old.filter(pl.col(record_id).is_in(list(ids))).iter_rows(named=True)}
    new_rows = {r[record_id]: r for r in new.filter(pl.col(record_id).is_in(list(ids))).iter_rows(named=True)}
    gone = set(old_rows) - set(new_rows)
    quarantined = gone & _quarantined_ids(Path(warehouse), now, table, record_id)
    corrected = sum(1 for i in set(old_rows) & set(new_rows) if old_rows[i] != new_rows[i])
    return Change(
        added=len(set(new_rows) - set(old_rows)),
        corrected=corrected,
        quarantined=len(quarantined),
        vanished=len(gone - quarantined),
    )


def cause(warehouse: Path, before: str, now: str, sql: str, year: int) -> str:
    """« demandes : 1 ajout, 1 correction » for the tables the indicator reads."""
    texts = [change(str(warehouse), before, now, t, year).text(t) for t in tables_read(sql)]
    found = "; ".join(t for t in texts if t)
    return found or "aucun enregistrement de l'année modifié (référentiel ou calcul)"


def label(pub: Published, fig: Figure) -> str:
    d = pub.definition(str(fig.indicator))
    text = d.libelle
    if fig.key is not None:
        text += f" — {fmt.label(d.domaine, fig.key)}"
    elif d.forme == "repartition":
        text += " — total"
    if fig.kind == "part" and d.forme == "repartition":
        text += " (part du total)"
    return text


def moved(
    warehouse: Path, indicators: Indicators, revisions: Revisions | None = None, years: list[int] | None = None
) -> list[Moved]:
    """Every figure of the published years (internal mode) whose value now differs from its edition's: the
    scalar figures and the cells of the breakdowns (their total and shares follow from the cells)."""
    revisions = revisions if revisions is not None else in_force(warehouse)
    if revisions is None:
        return []
    from pipelines.store import editions as store

    pub = Published.of(indicators)
    found = []
    for year in revisions.years:
        if years is not None and year not in years:
            continue
        edition = store.find(warehouse, revisions.editions[year])
        for fig in figures_of(pub, year):
            if (fig.kind == "part" and fig.key is not None) or (
                fig.key is None and fig.kind == "valeur" and pub.definition(str(fig.indicator)).forme == "repartition"
            ):
                continue  # a breakdown's shares and total follow from its cells, listed
            then = revisions.published(fig, diffusion=False)
            if then is None or (then.text == fig.text and then.value == fig.value):
                continue
            sql = pub.definition(str(fig.indicator)).sql
            found.append(
                Moved(
                    year,
                    edition.name,
                    str(fig.indicator),
                    label(pub, fig),
                    fig.key,
                    fig.kind,
                    then.text,
                    fig.text,
                    cause(warehouse, edition.version, indicators.version.name, sql, year),
                )
            )
    return found


__all__ = ["MODES", "Change", "Moved", "cause", "change", "moved", "tables_read"]
