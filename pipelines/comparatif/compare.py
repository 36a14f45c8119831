"""The département and its peers side by side: values, per 10,000 inhabitants, per ETP, ranks, intervals."""

from __future__ import annotations

import polars as pl

from pipelines.comparatif import departements
from pipelines.comparatif.export import Own
from pipelines.comparatif.figures import COUNT, SHARE, TRAVAIL_POSSIBLE, figures
from pipelines.comparatif.values import GIVEN, MASKED, MISSING
from pipelines.indicators.stats import wilson_interval

# Derived figures (COMPARATIF.md §3): id -> (figure, divisor, French label).
PER_10000, PER_ETP = "population", "etp_total"
DERIVED = {
    "commandes_assll_pour_10000_hab": ("commandes_assll", PER_10000, "Commandes pour 10 000 habitants"),
    "mesures_en_cours_pour_10000_hab": (
        "mesures_en_cours_fin_annee",
        PER_10000,
        "Mesures en cours au 31 décembre pour 10 000 habitants",
    ),
    "commandes_assll_par_etp": ("commandes_assll", PER_ETP, "Commandes par ETP"),
    "mesures_en_cours_par_etp": ("mesures_en_cours_fin_annee", PER_ETP, "Mesures en cours au 31 décembre par ETP"),
}
COLUMNS = {
    "departement": pl.String,
    "nom": pl.String,
    "indicateur": pl.String,
    "etat": pl.String,
    "valeur": pl.Float64,
    "commentaire": pl.String,
    "fictif": pl.Boolean,
    "effectif_base": pl.Float64,
    "ic_bas": pl.Float64,
    "ic_haut": pl.Float64,
    "rang": pl.Int32,
}


def labels() -> dict[str, str]:
    """French label of every figure of the comparison, fiche figures then derived ones."""
    return {f.id: f.libelle for f in figures().values()} | {k: v[2] for k, v in DERIVED.items()}


def _from_fiches(fiches: pl.DataFrame, year: int) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = {}
    for row in fiches.filter(pl.col("annee") == year).iter_rows(named=True):
        out.setdefault(row["departement"], {})[row["indicateur"]] = row
    return out


def _own_rows(own: dict[str, Own]) -> dict[str, dict]:
    return {
        k: {
            "etat": v.etat,
            "valeur": v.valeur,
            "commentaire": None,
            "fictif": False,
            "numerateur": v.numerateur,
            "denominateur": v.denominateur,
        }
        for k, v in own.items()
    }


def _base(ind: str, rows: dict[str, dict]) -> float | None:
    """The count a share rests on, when the figures given allow it."""
    row = rows.get(ind, {})
    if row.get("denominateur") is not None:
        return float(row["denominateur"])

    def given(key: str) -> float | None:
        r = rows.get(key, {})
        return r.get("valeur") if r.get("etat") == GIVEN else None

    base = figures()[ind].base
    if base == TRAVAIL_POSSIBLE:
        closed, share = given("mesures_cloturees"), given("part_travail_possible_pct")
        return None if closed is None or share is None else round(closed * share / 100)
    return given(base) if base else None


def _derived(rows: dict[str, dict], population: int) -> dict[str, dict]:
    out = {}
    for ind, (source, divisor, _label) in DERIVED.items():
        top = rows.get(source, {"etat": MISSING})
        bottom = (
            {"etat": GIVEN, "valeur": float(population)}
            if divisor == PER_10000
            else rows.get(divisor, {"etat": MISSING})
        )
        states = {top.get("etat"), bottom.get("etat")}
        if MASKED in states:
            out[ind] = {"etat": MASKED, "valeur": None}
        elif states != {GIVEN} or not bottom.get("valeur"):
            out[ind] = {"etat": MISSING, "valeur": None}
        else:
            scale = 10_000 if divisor == PER_10000 else 1
            out[ind] = {"etat": GIVEN, "valeur": top["valeur"] * scale / bottom["valeur"]}
    return out


def comparison(home: str, own: dict[str, Own], fiches: pl.DataFrame, year: int, peers: list[str]) -> pl.DataFrame:
    """One row per (département, figure) for home and its peers in that order: the ten figures and the
    derived ones, with the state (valeur / masque / non_communique), comment, Wilson interval of a share
    when its base count is known, and the rank among the départements that give the figure (1 = highest)."""
    given = _from_fiches(fiches, year)
    population = dict(departements.reference().select("code_departement", "population").iter_rows())
    names = departements.names()
    records = []
    for dep in [home, *[p for p in peers if p != home]]:
        rows = _own_rows(own) if dep == home else given.get(dep, {})
        rows = rows | _derived(rows, population[dep])
        for ind in labels():
            row = rows.get(ind, {"etat": MISSING, "valeur": None})
            base = _base(ind, rows) if ind in figures() and figures()[ind].nature == SHARE else None
            interval = None
            if base and row["etat"] == GIVEN:
                interval = wilson_interval(round(row["valeur"] * base / 100), int(base))
            records.append(
                {
                    "departement": dep,
                    "nom": names.get(dep, dep),
                    "indicateur": ind,
                    "etat": row["etat"],
                    "valeur": row.get("valeur") if row["etat"] == GIVEN else None,
                    "commentaire": row.get("commentaire"),
                    "fictif": bool(row.get("fictif")),
                    "effectif_base": base,
                    "ic_bas": interval[0] if interval else None,
                    "ic_haut": interval[1] if interval else None,
                }
            )
    frame = pl.DataFrame(records, schema={k: v for k, v in COLUMNS.items() if k != "rang"})
    rank = pl.col("valeur").rank(method="min", descending=True).over("indicateur").cast(pl.Int32)
    return frame.with_columns(rank.alias("rang"))


def year_states(home: str, own: dict[str, Own], fiches: pl.DataFrame, year: int) -> dict[str, dict[str, tuple]]:
    """{département: {figure: (state, value)}} for every département with figures that year, home first."""
    given = _from_fiches(fiches, year)
    out = {home: {k: (v.etat, v.valeur) for k, v in own.items()}}
    for dep in sorted(given):
        out[dep] = {
            k: (given[dep][k]["etat"], given[dep][k]["valeur"]) if k in given[dep] else (MISSING, None)
            for k in figures()
        }
    return out


def year_table(home: str, own: dict[str, Own], fiches: pl.DataFrame, year: int) -> dict[str, dict[str, float | None]]:
    """`assll comparatif list`: {département: {figure: value or None}} for every département with figures
    that year, home first (None: masked or not given)."""

    def number(ind: str, state: tuple) -> float | int | None:
        etat, value = state
        if etat != GIVEN or value is None:
            return None
        return int(value) if figures()[ind].nature == COUNT else value

    return {
        dep: {k: number(k, v) for k, v in values.items()}
        for dep, values in year_states(home, own, fiches, year).items()
    }
