"""Adhésion et ciblage: who the measures reach and how often work is possible (INDICATORS.md, « Adhesion and
targeting »): adhesion by profile with its intervals over the three years ending in the year, the raw and the
adjusted FSL/GTS gap side by side with one sentence each, the joint evaluation's share and gap (or « pas encore
renseignée »), and what these figures do not say.

Every figure and sentence comes from the layer of published figures (pipelines.published.adhesion and
adhesion_sentences); the charts are pure functions of visuals.adhesion_charts.
"""

from __future__ import annotations

import streamlit as st

from dashboard import components, data, tables
from dashboard.view import current
from pipelines.published import adhesion, adhesion_sentences, fmt
from visuals import adhesion_charts, layout
from visuals.charts import Item

view = current()
state = view.state
year = state.annee
pub = data.published()
window = adhesion.window_text(year)


def title(base: str, *, wide: bool = False) -> str:
    """A chart title ending with the window, the filters in force on a line of their own."""
    width = layout.TITLE_LINE * (2 if wide else 1)
    text = layout.wrap_title(base, width, when=window)
    filters = view.filters_text()
    if filters:
        text += "".join(f"<br><sup>{line}</sup>" for line in layout.wrap_lines(filters, int(width * 1.4)))
    return text


st.title("Adhésion et ciblage")
st.caption(
    f"Mesures d'ASSLL clôturées sur {window} (les trois années qui finissent en {year})"
    + (f" · {view.filters_text()}" if state.has_filters() else "")
)

total = adhesion.closures_total(pub, year)
raw = adhesion.gap(pub, adhesion.RAW, year)
adjusted = adhesion.gap(pub, adhesion.ADJUSTED, year)
recorded = adhesion.joint_recorded(pub, year)

columns = st.columns(4)
columns[0].metric(f"Clôtures {window}", total.text, border=True, help=pub.definition(adhesion.PROFILE).definition)
columns[1].metric("Écart FSL − GTS brut", raw.figure.text, border=True, help=pub.definition(adhesion.RAW).definition)
columns[2].metric(
    "Écart FSL − GTS à profil comparable",
    adjusted.figure.text,
    border=True,
    help=pub.definition(adhesion.ADJUSTED).definition,
)
joint = adhesion.joint_share(pub, year)
columns[3].metric(
    f"Évaluation conjointe {year}",
    joint.text if recorded else adhesion_sentences.NOT_YET.capitalize(),
    border=True,
    help=pub.definition(adhesion.JOINT_SHARE).definition,
)

# --- the FSL/GTS gap, raw and for comparable households -------------------------------------------------------
st.subheader("Commission FSL ou GTS : l'écart d'adhésion")
left, right = st.columns(2)
with left:
    st.markdown("**Écart brut**")
    st.markdown(f"- {adhesion_sentences.raw_gap(pub, year)}")
with right:
    st.markdown("**À profil comparable**")
    st.markdown(f"- {adhesion_sentences.adjusted_gap(pub, year)}")

gaps = [(raw, "Écart brut FSL − GTS"), (adjusted, "FSL − GTS à profil comparable")]
joint_gap = adhesion.gap(pub, adhesion.JOINT_GAP, year)
if recorded or joint_gap.value is not None:
    gaps.append((joint_gap, "Évaluation conjointe (oui − non), à profil comparable"))
items = [
    Item(
        g.indicator,
        label,
        g.value,
        g.low,
        g.high,
        g.figure.text,
        g.figure.masked,
        hover=fmt.interval_hover(g.figure.text, g.value, g.low, g.high, "\u00a0points"),
    )
    for g, label in gaps
]
fig = adhesion_charts.gap_points(items, title("Écarts de la part de clôtures avec un travail possible", wide=True))
table = tables.frame(
    {
        "Écart": [label for _, label in gaps],
        "Points": [g.figure for g, _ in gaps],
        "IC 95 % bas": [adhesion.bound(g.low, g.figure) for g, _ in gaps],
        "IC 95 % haut": [adhesion.bound(g.high, g.figure) for g, _ in gaps],
        "Clôtures du calcul": [g.size for g, _ in gaps],
    }
)
components.chart_card(
    fig,
    table,
    "adhesion_ecarts",
    [i for i in (adhesion.RAW, adhesion.ADJUSTED, adhesion.JOINT_GAP) if any(g.indicator == i for g, _ in gaps)],
    note="Un intervalle qui traverse la ligne 0 : l'écart ne se distingue pas du hasard. Un écart "
    "non calculé : sa raison est dans la phrase ci-dessus.",
)

# --- adhesion by profile ---------------------------------------------------------------------------------------
st.subheader("Adhésion par profil")
profile = adhesion.profile(pub, year)
options = {dim: adhesion.dimension_label(dim).capitalize() for dim in profile}
dimension = components.url_radio("Caractéristique de la demande", options, "adhesion_dimension", "profil")
rows = adhesion.ordered(profile[dimension])
points = [
    Item(
        r.key,
        r.label,
        r.share.value,
        r.low,
        r.high,
        "aucune clôture" if r.closures.value == 0 else r.share.text,
        r.share.masked,
        hover=fmt.interval_hover(r.share.text, r.share.value, r.low, r.high),
    )
    for r in rows
]
fig = adhesion_charts.share_points(
    points, title(f"Part des clôtures avec un travail possible, par {adhesion.dimension_label(dimension)}", wide=True)
)
table = tables.frame(
    {
        options[dimension]: [r.label for r in rows],
        "Clôtures": [r.closures for r in rows],
        "Travail possible": [tables.share_counts(r.share)[0] for r in rows],
        "Part (%)": [r.share for r in rows],
        "IC 95 % bas": [adhesion.bound(r.low, r.share) for r in rows],
        "IC 95 % haut": [adhesion.bound(r.high, r.share) for r in rows],
    }
)
components.chart_card(
    fig,
    table,
    "adhesion_profil",
    [adhesion.PROFILE],
    note="Trié de la part la plus haute à la plus basse ; les valeurs sans part publiable (moins de "
    "5 clôtures, ou moins de 5 avec ou sans travail possible) viennent en dernier. Deux "
    "intervalles qui se chevauchent : la différence peut venir du hasard.",
)

# --- joint evaluation ------------------------------------------------------------------------------------------
st.subheader("Évaluation conjointe avant la demande")
st.markdown(f"- {adhesion_sentences.joint_share(pub, year)}")
st.markdown(f"- {adhesion_sentences.joint_gap(pub, year)}")
components.definitions_links([adhesion.JOINT_COUNT, adhesion.JOINT_SHARE, adhesion.JOINT_GAP])

# --- limits ----------------------------------------------------------------------------------------------------
st.subheader("Ce que ces chiffres ne disent pas")
for line in adhesion_sentences.LIMITS:
    st.markdown(f"- {line}")
components.filter_notes(list(adhesion.IDS))
