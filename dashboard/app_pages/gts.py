"""GTS: the situations examined by the Groupe Technique Social — new requests and reviews, renewals and
stops, diagnostics and complements asked, decisions and refusals — for the year and over the period."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import components, data
from dashboard.view import current
from pipelines import narrative
from visuals import charts, palette

view = current()
state = view.state
year, base = state.annee, state.comparaison
compare = base != year
flt = state.filters()

st.title("GTS")
period = f" · évolution {state.debut}–{state.fin}" if state.debut < state.fin else ""
st.caption(f"Groupe Technique Social · année {year}" + (f", comparée à {base}" if compare else "") + period
           + (f" · {view.filters_text()}" if state.has_filters() else ""))

# --- key figures --------------------------------------------------------------------------------
KEY_FIGURES = [
    ("gts_situations_examinees", "Situations examinées"),
    ("gts_nouvelles_demandes", "Nouvelles demandes"),
    ("gts_bilans", "Bilans"),
    ("gts_renouvellements", "Renouvellements validés"),
    ("gts_arrets_valides", "Arrêts validés"),
    ("gts_diagnostics_demandes", "Diagnostics demandés"),
    ("gts_complements_demandes", "Compléments demandés"),
]
now = {ind_id: data.value(ind_id, year, flt).value for ind_id, _ in KEY_FIGURES}
before = {ind_id: data.value(ind_id, base, flt).value for ind_id, _ in KEY_FIGURES}
columns = st.columns(4)
for i, (ind_id, label) in enumerate(KEY_FIGURES):
    components.key_figure(columns[i % 4], label, now[ind_id], before[ind_id], base if compare else None,
                          help=data.indicators().definition(ind_id).definition)

if not now["gts_situations_examinees"]:
    components.no_data(f"Aucun passage en GTS en {year} pour ces filtres. Élargissez la période ou retirez un filtre.")
else:
    st.subheader(f"L'année {year} en quelques phrases")

    def fig(ind_id: str, y: int = year) -> narrative.Fig:
        return narrative.count((now if y == year else before)[ind_id], ind_id, year=y)

    def against(ind_id: str) -> list:
        return [" (contre ", fig(ind_id, base), f" en {base})"] if compare else []

    def many(ind_id: str, one: str, several: str) -> str:
        return several if (now[ind_id] or 0) > 1 else one

    sentences = [
        narrative.Sentence([
            f"En {year}, ", fig("gts_situations_examinees"),
            many("gts_situations_examinees", " situation a été examinée", " situations ont été examinées"),
            " en GTS", *against("gts_situations_examinees"), ", dont ", fig("gts_nouvelles_demandes"),
            many("gts_nouvelles_demandes", " nouvelle demande d'ASSLL", " nouvelles demandes d'ASSLL"),
            *against("gts_nouvelles_demandes"), " et ", fig("gts_bilans"), many("gts_bilans", " bilan", " bilans"),
            " (", fig("gts_arrets_valides"), many("gts_arrets_valides", " arrêt", " arrêts"), " et ",
            fig("gts_renouvellements"), many("gts_renouvellements", " renouvellement", " renouvellements"),
            " validés)."]),
        narrative.Sentence([
            "Le GTS a demandé ", fig("gts_diagnostics_demandes"),
            many("gts_diagnostics_demandes", " diagnostic", " diagnostics"), *against("gts_diagnostics_demandes"),
            " et ", fig("gts_complements_demandes"),
            many("gts_complements_demandes", " complément", " compléments"),
            " d'information au travailleur social à l'origine de la demande", *against("gts_complements_demandes"),
            "."]),
    ]
    refusals = data.value("refus_par_motif", year, flt)
    reasons = [(k, v) for k, v in refusals.value.items() if v]
    if reasons:
        listed: list = []
        for i, (key, n) in enumerate(reasons):
            if i:
                listed.append(" et " if i == len(reasons) - 1 else ", ")
            listed += [f"{view.label('motif_refus', key)} (", narrative.count(n, "refus_par_motif", key, year=year),
                       ")"]
        sentences.append(narrative.Sentence([f"Les motifs des refus d'ASSLL décidés en {year} sont : ", *listed,
                                             "."]))
    for sentence in sentences:
        st.markdown(f"- {sentence}")

# --- the year: objects, decisions, refusals -----------------------------------------------------
st.subheader("Objet des passages et décisions")
left, right = st.columns(2)
for column, ind_id, domain, header, title, key in (
        (left, "gts_par_objet", "objet", "Objet", "Passages en GTS par objet", "gts_objet"),
        (right, "gts_par_decision", "decision_gts", "Décision", "Passages en GTS par décision", "gts_decision")):
    with column:
        components.breakdown_card(data.value(ind_id, year, flt), domain, header, title, key, counted="Passages")

st.subheader("Refus d'ASSLL par motif")
components.breakdown_card(
    data.value("refus_par_motif", year, flt), "motif_refus", "Motif du refus", "Refus d'ASSLL par motif",
    "gts_refus", counted="Refus", shares=False,
    note="Demandes d'ASSLL refusées, comptées dans l'année de la décision (commission FSL ou GTS).")


# --- evolution over the period ------------------------------------------------------------------
LABELS = dict(KEY_FIGURES)
OBJETS, DECISIONS = view.colours("objet"), view.colours("decision_gts")
COLOURS = {"gts_situations_examinees": palette.NEUTRAL, "gts_nouvelles_demandes": OBJETS["NOUVELLE_DEMANDE"],
           "gts_bilans": OBJETS["BILAN"], "gts_renouvellements": DECISIONS["RENOUVELLEMENT"],
           "gts_arrets_valides": DECISIONS["ARRET"], "gts_diagnostics_demandes": DECISIONS["DIAGNOSTIC"],
           "gts_complements_demandes": DECISIONS["COMPLEMENT"]}
CHARTS = [  # (key, chart, title, indicators)
    ("gts_evolution_passages", charts.lines, "Situations examinées en GTS : nouvelles demandes et bilans",
     ["gts_situations_examinees", "gts_nouvelles_demandes", "gts_bilans"]),
    ("gts_evolution_bilans", charts.stacked_years, "Issue des bilans : renouvellements et arrêts validés",
     ["gts_renouvellements", "gts_arrets_valides"]),
    ("gts_evolution_demandes", charts.lines, "Diagnostics et compléments demandés par le GTS",
     ["gts_diagnostics_demandes", "gts_complements_demandes"]),
]

st.subheader("Évolution sur la période")
if state.debut == state.fin:
    st.info("Choisissez dans la barre latérale une période de plusieurs années pour voir l'évolution.",
            icon=":material/date_range:")
else:
    points = {ind_id: [(y, v.value) for y, v in data.series(ind_id, state.annees, flt).items()]
              for ind_id in LABELS}
    table = pl.DataFrame({"Année": state.annees} | {LABELS[i]: [v for _, v in points[i]] for i in LABELS},
                         strict=False)
    places = [st.container(), *st.columns(2)]
    for place, (key, chart, title, shown) in zip(places, CHARTS, strict=True):
        with place:
            components.chart_card(chart({i: points[i] for i in shown}, LABELS, COLOURS, view.title(title, period=True)),
                                  table.select("Année", *(LABELS[i] for i in shown)), key, shown)
