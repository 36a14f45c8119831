"""GTS: the situations examined by the Groupe Technique Social — new requests and reviews, renewals and
stops, diagnostics and complements asked, decisions and refusals — for the year and over the period."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from dashboard import components, data, durees_cards, tables
from dashboard.view import current
from pipelines.published import sentences
from visuals import charts, palette

view = current()
state = view.state
year, base = state.annee, state.comparaison
compare = base != year
pub = data.published()

st.title("GTS")
period = f" · évolution {state.debut}–{state.fin}" if state.debut < state.fin else ""
st.caption(
    f"Groupe Technique Social · année {year}"
    + (f", comparée à {base}" if compare else "")
    + period
    + (f" · {view.filters_text()}" if state.has_filters() else "")
)

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
# Row by row, so that the cards are read and tabbed in the order they are seen.
for start in range(0, len(KEY_FIGURES), 4):
    columns = st.columns(4)
    for column, (ind_id, label) in zip(columns, KEY_FIGURES[start : start + 4], strict=False):
        components.key_figure(column, label, ind_id, year, base)
# The eighth card: how long a request waits for its decision (time to event, the pending ones included).
durees_cards.metric(pub, columns[3], "delai_decision_median_jours", "Délai médian de décision", year, base)
st.caption(
    "« Arrêts validés » ne compte que les bilans conclus par un arrêt ; « Arrêt » parmi les décisions "
    "ci-dessous compte toutes les décisions d'arrêt du GTS, y compris hors bilan ; la page Arrêts et résultats "
    "compte les mesures effectivement clôturées dans l'année (date de fin). Les trois chiffres peuvent donc "
    "différer."
)

if pub.value("gts_situations_examinees", year).value == 0:
    components.no_data(f"Aucun passage en GTS en {year} pour ces filtres. Élargissez la période ou retirez un filtre.")
else:
    st.subheader(f"L'année {year} en quelques phrases")
    found = [sentences.gts_examined(pub, year, base), sentences.gts_requests(pub, year, base)]
    if not pub.breakdown("refus_par_motif", year).is_empty:
        found.append(sentences.refusals(pub, year, lambda k: view.label("motif_refus", k)))
    for sentence in found:
        st.markdown(f"- {sentence}")

# --- the year: objects, decisions, refusals -----------------------------------------------------
st.subheader("Objet des passages et décisions")
left, right = st.columns(2)
for column, ind_id, domain, header, title, key in (
    (left, "gts_par_objet", "objet", "Objet", "Passages en GTS par objet", "gts_objet"),
    (right, "gts_par_decision", "decision_gts", "Décision", "Passages en GTS par décision", "gts_decision"),
):
    with column:
        components.breakdown_card(ind_id, domain, header, title, key, counted="Passages")

st.subheader("Refus d'ASSLL par motif")
components.breakdown_card(
    "refus_par_motif",
    "motif_refus",
    "Motif du refus",
    "Refus d'ASSLL par motif",
    "gts_refus",
    counted="Refus",
    shares=False,
    note="Demandes d'ASSLL refusées, comptées dans l'année de la décision (commission FSL ou GTS).",
)


# --- evolution over the period ------------------------------------------------------------------
LABELS = dict(KEY_FIGURES)
OBJETS, DECISIONS = view.colours("objet"), view.colours("decision_gts")
COLOURS = {
    "gts_situations_examinees": palette.NEUTRAL,
    "gts_nouvelles_demandes": OBJETS["NOUVELLE_DEMANDE"],
    "gts_bilans": OBJETS["BILAN"],
    "gts_renouvellements": DECISIONS["RENOUVELLEMENT"],
    "gts_arrets_valides": DECISIONS["ARRET"],
    "gts_diagnostics_demandes": DECISIONS["DIAGNOSTIC"],
    "gts_complements_demandes": DECISIONS["COMPLEMENT"],
}
CHARTS: list[tuple[str, Callable[..., go.Figure], str, list[str]]] = [  # (key, chart, title, indicators)
    (
        "gts_evolution_passages",
        charts.lines,
        "Situations examinées en GTS : nouvelles demandes et bilans",
        ["gts_situations_examinees", "gts_nouvelles_demandes", "gts_bilans"],
    ),
    (
        "gts_evolution_bilans",
        charts.stacked_years,
        "Issue des bilans : renouvellements et arrêts validés",
        ["gts_renouvellements", "gts_arrets_valides"],
    ),
    (
        "gts_evolution_demandes",
        charts.lines,
        "Diagnostics et compléments demandés par le GTS",
        ["gts_diagnostics_demandes", "gts_complements_demandes"],
    ),
]

st.subheader("Évolution sur la période")
if state.debut == state.fin:
    st.info(
        "Choisissez dans la barre latérale une période de plusieurs années pour voir l'évolution.",
        icon=":material/date_range:",
    )
else:
    figures = {y: {i: pub.value(i, y) for i in LABELS} for y in state.annees}
    points = {i: [(y, figures[y][i].value) for y in state.annees] for i in LABELS}
    masked = {i: [y for y in state.annees if figures[y][i].masked] for i in LABELS}
    places = [st.container(), *st.columns(2)]
    for index, (place, (key, chart, title, shown)) in enumerate(zip(places, CHARTS, strict=True)):
        wide = index == 0  # the first chart spans the page, the next two share it
        if chart is charts.stacked_years:
            per_year: dict[int, int] = {}
            for i in shown:
                for y in masked[i]:
                    per_year[y] = per_year.get(y, 0) + 1
            fig = chart(
                {i: points[i] for i in shown},
                LABELS,
                COLOURS,
                view.title(title, period=True, wide=wide),
                masked=per_year,
            )
        else:
            fig = chart(
                {i: points[i] for i in shown},
                LABELS,
                COLOURS,
                view.title(title, period=True, wide=wide),
                masked={i: masked[i] for i in shown},
            )
        with place:
            components.chart_card(fig, tables.figures_by_year(figures, {i: LABELS[i] for i in shown}), key, shown)
