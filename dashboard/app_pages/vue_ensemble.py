"""Vue d'ensemble: key figures of the year against the comparison year, trends, the year in sentences."""

from __future__ import annotations

import streamlit as st

from dashboard import components, data, tables
from dashboard.view import current
from pipelines.published import sentences
from visuals import charts, palette

view = current()
state = view.state
year, base = state.annee, state.comparaison
pub = data.published()

st.title("Vue d'ensemble")
st.caption(f"Année {year}, comparée à {base}" + (f" · {view.filters_text()}" if state.has_filters() else ""))

KEY_FIGURES = [
    ("commandes_assll", "Commandes d'ASSLL"),
    ("commandes_diagnostic", "Commandes de diagnostic"),
    ("gts_situations_examinees", "Situations examinées en GTS"),
    ("mesures_cloturees", "Mesures clôturées"),
    ("duree_moyenne_mois", "Durée moyenne des mesures"),
    ("mutualisations", "Mutualisations"),
    ("etp_total", "ETP"),
]
# Row by row, so that the cards are read and tabbed in the order they are seen.
for start in range(0, len(KEY_FIGURES), 4):
    row = KEY_FIGURES[start : start + 4]
    columns = st.columns(4)
    for column, (ind_id, label) in zip(columns, row, strict=False):
        components.key_figure(column, label, ind_id, year, base)
components.filter_notes(["etp_total", "mutualisations"])

st.subheader(f"L'année {year} en quelques phrases")
found = [
    sentences.evolution(pub, "commandes_assll", year, base, "le nombre de commandes d'ASSLL"),
    sentences.evolution(pub, "commandes_diagnostic", year, base, "le nombre de commandes de diagnostic"),
    sentences.share(
        pub,
        "part_assll_travailleurs_sociaux_pct",
        year,
        base,
        "les travailleurs sociaux ont été à l'origine de",
        "des demandes d'ASSLL",
    ),
]
if pub.value("gts_situations_examinees", year).value != 0:
    found.append(sentences.gts_examined(pub, year, base))
found.append(sentences.work_possible(pub, year, base))
found.append(sentences.mutualisations(pub, year, base))
for sentence in found:
    if str(sentence):
        st.markdown(f"- {sentence}")

st.subheader("Évolution sur la période")
ids = {"ASSLL": "commandes_assll", "DIAGNOSTIC": "commandes_diagnostic"}
labels = {"ASSLL": "Commandes d'ASSLL", "DIAGNOSTIC": "Commandes de diagnostic"}
by_year = {y: {k: pub.value(i, y) for k, i in ids.items()} for y in state.annees}
fig = charts.lines(
    {k: [(y, by_year[y][k].value) for y in state.annees] for k in ids},
    labels,
    {"ASSLL": palette.ASSLL, "DIAGNOSTIC": palette.DIAGNOSTIC},
    view.title("Commandes d'ASSLL et de diagnostic", period=True, wide=True),
    masked={k: [y for y in state.annees if by_year[y][k].masked] for k in ids},
)
components.chart_card(
    fig, tables.figures_by_year(by_year, labels), "tendance_commandes", ["commandes_assll", "commandes_diagnostic"]
)
