"""Durées: how long the closed ASSLL measures lasted, over the years and by closure reason.

The two shares of the activity report (more than 12 months when work was possible, less than 6
months when it was not) are shown with their counts and 95 % Wilson intervals.
"""

from __future__ import annotations

import streamlit as st

from dashboard import components, data, rates, tables
from dashboard.view import current
from pipelines import fmt
from pipelines.published import Figure
from visuals import charts, palette

view = current()
state = view.state
year, base = state.annee, state.comparaison
pub = data.published()
compare = base != year
SHARES = {
    "part_plus_12_mois_parmi_travail_possible_pct": "Plus de 12 mois, parmi les mesures avec travail possible",
    "part_moins_6_mois_parmi_travail_non_possible_pct": "Moins de 6 mois, parmi les mesures avec travail non possible",
}
BANDS = {
    "clotures_moins_6_mois_par_motif": "Moins de 6 mois",
    "clotures_6_12_mois_par_motif": "De 6 à 12 mois",
    "clotures_plus_12_mois_par_motif": "Plus de 12 mois",
}

st.title("Durées")
st.caption(f"Mesures d'ASSLL clôturées en {year}" + (f", comparées à {base}" if compare else "")
           + f" · évolution {state.debut}–{state.fin}"
           + (f" · {view.filters_text()}" if state.has_filters() else ""))

years = sorted({*state.annees, base})
means = pub.series("duree_moyenne_mois", years)
closed = pub.series("mesures_cloturees", years)
share_values = {y: {i: pub.value(i, y) for i in SHARES} for y in years}


def against(share: Figure) -> str:
    return f", contre {share.text} en {base}" if compare and share.shown else ""


def delta(now: Figure, before: Figure) -> dict:
    """The metric's change in points against the comparison year (no arrow when it is nil)."""
    diff = rates.change_points(now, before) if compare else None
    if diff is None:
        return {}
    return {"delta": rates.points_text(diff), "delta_arrow": "off" if diff == 0 else "auto",
            "delta_description": f"par rapport à {base}"}


# --- key figures -----------------------------------------------------------------------------
columns = st.columns(3)
components.key_figure(columns[0], "Durée moyenne des mesures", "duree_moyenne_mois", year, base)
for column, ind_id in zip(columns[1:], SHARES, strict=True):
    now, before = share_values[year][ind_id], share_values[base][ind_id]
    definition = pub.definition(ind_id)
    column.metric(definition.libelle, now.text, delta_color="off", border=True, help=definition.definition,
                  **delta(now, before))

# --- the year in sentences -------------------------------------------------------------------
found = []
mean_now, mean_before = means[year], means[base]
if mean_now.shown:
    longer = "" if not compare or not mean_before.shown else (
        " plus longues" if mean_now.value > mean_before.value else
        " plus courtes" if mean_now.value < mean_before.value else "")
    found.append(
        f"Des mesures{longer} en {year} : {mean_now.text} en moyenne"
        + (f" (contre {mean_before.text} en {base})" if compare and mean_before.shown else "")
        + f", sur {closed[year].text} mesures clôturées."
    )
elif mean_now.masked:
    found.append(f"La durée moyenne de {year} porte sur moins de 5 mesures clôturées : elle n'est pas publiée.")
long_, short = (share_values[year][i] for i in SHARES)
long_before, short_before = (share_values[base][i] for i in SHARES)
if long_.shown:
    found.append(
        f"Pour {long_.text} des situations où un travail a été possible, le travail mené a duré plus de "
        f"12 mois ({fmt.number(long_.numerator)} sur {fmt.number(long_.denominator)}{against(long_before)})."
    )
if short.shown:
    found.append(
        f"Dans {short.text} des cas où le travail n'a pas été possible, les travailleurs sociaux en ont "
        f"rendu compte en moins de 6 mois ({fmt.number(short.numerator)} sur {fmt.number(short.denominator)}"
        f"{against(short_before)})."
    )
for sentence in found:
    st.markdown(f"- {sentence}")

# --- mean duration over the years ------------------------------------------------------------
st.subheader("Durée moyenne sur la période")
period = state.annees
fig = charts.lines({"duree": [(y, means[y].value) for y in period]}, {"duree": "Durée moyenne"},
                   {"duree": palette.BRAND}, view.title("Durée moyenne des mesures clôturées (mois)", period=True),
                   unit="mois", masked={"duree": [y for y in period if means[y].masked]})
table = tables.frame({"Année": period, "Durée moyenne (mois)": [means[y] for y in period],
                      "Mesures clôturées": [closed[y] for y in period]})
components.chart_card(fig, table, "durees_moyenne", ["duree_moyenne_mois", "mesures_cloturees"])

# --- distribution by closure reason ------------------------------------------------------------
st.subheader(f"Durée des mesures clôturées en {year}, par motif d'arrêt")
bands = {i: pub.breakdown(i, year) for i in BANDS}
keys = tables.keys_shown(list(bands.values()))
if all(b.is_empty for b in bands.values()):
    components.no_data(f"Aucune mesure d'ASSLL clôturée en {year} avec ces filtres (les durées ne concernent que "
                       "les mesures d'ASSLL, pas les diagnostics).")
else:
    band_labels = list(BANDS.values())
    fig = charts.grouped(band_labels, {k: [bands[i].get(k).value for i in BANDS] for k in keys},
                         {k: view.label("motif_arret", k) for k in keys}, view.colours("motif_arret"),
                         view.title("Mesures clôturées par durée et motif d'arrêt"),
                         masked={k: [bands[i].get(k).masked for i in BANDS] for k in keys})
    columns_ = {"Motif d'arrêt": [view.label("motif_arret", k) for k in keys],
                **{label: [bands[i].get(k) for k in keys] for i, label in BANDS.items()}}
    if not pub.diffusion:
        # A row total beside a masked cell would give it back by subtraction: published in internal mode only.
        totals = pub.breakdown("mesures_cloturees_par_motif", year)
        columns_["Total"] = [totals.get(k) for k in keys]
    components.chart_card(fig, tables.frame(columns_), "durees_par_motif", list(BANDS),
                          note="Moins de 6 mois et plus de 12 mois au sens strict ; un mois compte 30,4375 jours.")

# --- the two shares of the report, with their intervals, over the years --------------------------
st.subheader("Mesures longues et mesures courtes")
if not any(share_values[y][i].shown or share_values[y][i].masked for y in period for i in SHARES):
    components.no_data()
else:
    colours = {"part_plus_12_mois_parmi_travail_possible_pct": palette.GOOD,
               "part_moins_6_mois_parmi_travail_non_possible_pct": palette.ALERT}
    fig = charts.share_trend(
        {i: [(y, rates.item(share_values[y][i], i, label)) for y in period] for i, label in SHARES.items()},
        SHARES, colours, view.title("Mesures longues et courtes selon le motif (part et intervalle à 95 %)",
                                    period=True),
    )
    table = rates.year_table({y: share_values[y] for y in period}, SHARES)
    components.chart_card(fig, table, "durees_parts", list(SHARES), note=rates.LINES_NOTE)
