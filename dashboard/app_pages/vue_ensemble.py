"""Vue d'ensemble: key figures of the year against the comparison year, trends, the year in sentences."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import components, data
from dashboard.view import current
from pipelines import fmt, narrative
from pipelines.stats import change_pct, share_of
from visuals import charts, palette

view = current()
state = view.state
year, base = state.annee, state.comparaison
flt = state.filters()

st.title("Vue d'ensemble")
st.caption(f"Année {year}, comparée à {base}" + (f" · {view.filters_text()}" if state.has_filters() else ""))

KEY_FIGURES = [
    ("commandes_assll", "Commandes d'ASSLL", ""),
    ("commandes_diagnostic", "Commandes de diagnostic", ""),
    ("gts_situations_examinees", "Situations examinées en GTS", ""),
    ("mesures_cloturees", "Mesures clôturées", ""),
    ("duree_moyenne_mois", "Durée moyenne des mesures", "mois"),
    ("mutualisations", "Mutualisations", ""),
    ("etp_total", "ETP", "ETP"),
]


def shown(value: float | None, unit: str) -> str:
    if unit == "mois":
        return fmt.months(value)
    if unit == "ETP":
        return fmt.number(value, 1)
    return fmt.number(value)


columns = st.columns(4)
for i, (ind_id, label, unit) in enumerate(KEY_FIGURES):
    now = data.value(ind_id, year, flt).value
    before = data.value(ind_id, base, flt).value
    change = change_pct(now, before) if base != year else None
    columns[i % 4].metric(
        label, shown(now, unit), delta=fmt.percent(change, signed=True) if change is not None else None,
        delta_color="off", delta_description=f"par rapport à {base}" if change is not None else None,
        border=True, help=data.indicators().definition(ind_id).definition,
    )

st.subheader(f"L'année {year} en quelques phrases")
assll = data.value("commandes_assll", year, flt).value
diag = data.value("commandes_diagnostic", year, flt).value
sentences = [
    narrative.evolution(year, base, "le nombre de commandes d'ASSLL", assll,
                        data.value("commandes_assll", base, flt).value),
    narrative.evolution(year, base, "le nombre de commandes de diagnostic", diag,
                        data.value("commandes_diagnostic", base, flt).value),
]
ts = data.value("part_assll_travailleurs_sociaux_pct", year, flt)
ts_before = data.value("part_assll_travailleurs_sociaux_pct", base, flt)
if assll:
    sentences.append(narrative.share(
        year, base, "les travailleurs sociaux ont été à l'origine de", "des demandes d'ASSLL", ts.value,
        ts.numerator, ts_before.value, "commandes_assll_par_prescripteur", "TRAVAILLEUR_SOCIAL"))
gts = data.value("gts_situations_examinees", year, flt).value
if gts:
    bilans = data.value("gts_bilans", year, flt).value
    arrets = data.value("gts_arrets_valides", year, flt).value
    sentences.append(f"{fmt.number(gts)} situations ont été examinées en GTS au cours de l'année {year}, dont "
                     f"{fmt.number(bilans)} bilans ({fmt.number(arrets)} arrêts validés).")
total_closures = data.value("mesures_cloturees", year, flt).value
if total_closures:
    possible = data.value("mesures_cloturees_par_motif", year, flt).value.get("TRAVAIL_POSSIBLE")
    before_total = data.value("mesures_cloturees", base, flt).value
    possible_before = data.value("mesures_cloturees_par_motif", base, flt).value.get("TRAVAIL_POSSIBLE")
    sentences.append(narrative.share(
        year, base, f"sur {fmt.number(total_closures)} mesures clôturées, un travail a été possible pour",
        "d'entre elles", share_of(possible, total_closures), possible, share_of(possible_before, before_total),
        "mesures_cloturees_par_motif", "TRAVAIL_POSSIBLE"))
mutual = data.value("mutualisations", year, flt).value
if mutual:
    sentences.append(f"En {year}, la coordination a eu recours à la mutualisation à {fmt.number(mutual)} reprises.")
for sentence in sentences:
    if str(sentence):
        st.markdown(f"- {sentence}")

st.subheader("Évolution sur la période")
rows = []
for y in state.annees:
    rows.append({"Année": y, "Commandes d'ASSLL": data.value("commandes_assll", y, flt).value,
                 "Commandes de diagnostic": data.value("commandes_diagnostic", y, flt).value})
table = pl.DataFrame(rows)
fig = charts.lines(
    {"ASSLL": [(r["Année"], r["Commandes d'ASSLL"]) for r in rows],
     "DIAGNOSTIC": [(r["Année"], r["Commandes de diagnostic"]) for r in rows]},
    {"ASSLL": "Commandes d'ASSLL", "DIAGNOSTIC": "Commandes de diagnostic"},
    {"ASSLL": palette.ASSLL, "DIAGNOSTIC": palette.DIAGNOSTIC},
    view.title("Commandes d'ASSLL et de diagnostic", period=True),
)
components.chart_card(fig, table, "tendance_commandes", ["commandes_assll", "commandes_diagnostic"])
