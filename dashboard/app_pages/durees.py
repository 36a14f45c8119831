"""Durées: how long the closed ASSLL measures lasted, over the years and by closure reason.

The two shares of the activity report (more than 12 months when work was possible, less than 6
months when it was not) are shown with their counts and 95 % Wilson intervals.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import components, data, rates
from dashboard.view import current
from pipelines import fmt
from pipelines.stats import change_pct
from visuals import charts, palette

view = current()
state = view.state
year, base = state.annee, state.comparaison
flt = state.filters()
compare = base != year
CATCH_ALL = ("NON_RECONNU", "NON_RENSEIGNE")
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
means = data.series("duree_moyenne_mois", years, flt)
share_values = {y: {i: rates.of(data.value(i, y, flt)) for i in SHARES} for y in years}


def against_pct(rate: rates.Rate | None) -> str:
    return f", contre {fmt.percent(rate.pct)} en {base}" if compare and rate is not None else ""


def delta(now: rates.Rate | None, before: rates.Rate | None) -> dict:
    """The metric's change in points against the comparison year (no arrow when it is nil)."""
    diff = rates.change_points(now, before) if compare else None
    if diff is None:
        return {}
    return {"delta": rates.points_text(diff), "delta_arrow": "off" if diff == 0 else "auto",
            "delta_description": f"par rapport à {base}"}


# --- key figures -----------------------------------------------------------------------------
mean_now, mean_before = means[year].value, means[base].value
change = change_pct(mean_now, mean_before) if compare else None
columns = st.columns(3)
columns[0].metric("Durée moyenne des mesures", fmt.months(mean_now),
                  delta=fmt.percent(change, signed=True) if change is not None else None, delta_color="off",
                  delta_description=f"par rapport à {base}" if change is not None else None, border=True,
                  help=data.indicators().definition("duree_moyenne_mois").definition)
for column, ind_id in zip(columns[1:], SHARES, strict=True):
    now, before = share_values[year][ind_id], share_values[base][ind_id]
    definition = data.indicators().definition(ind_id)
    column.metric(definition.libelle, fmt.percent(now.pct) if now else "–", delta_color="off", border=True,
                  help=definition.definition, **delta(now, before))

# --- the year in sentences -------------------------------------------------------------------
sentences = []
if mean_now is not None:
    longer = "" if not compare or mean_before is None else (
        " plus longues" if mean_now > mean_before else " plus courtes" if mean_now < mean_before else "")
    sentences.append(
        f"Des mesures{longer} en {year} : {fmt.months(mean_now)} en moyenne"
        + (f" (contre {fmt.months(mean_before)} en {base})" if compare and mean_before is not None else "")
        + f", sur {fmt.number(means[year].denominator)} mesures clôturées."
    )
long_, short = (share_values[year][i] for i in SHARES)
long_before, short_before = (share_values[base][i] for i in SHARES)
if long_:
    sentences.append(
        f"Pour {fmt.percent(long_.pct)} des situations où un travail a été possible, le travail mené a duré plus de "
        f"12 mois ({fmt.number(long_.numerator)} sur {fmt.number(long_.denominator)}{against_pct(long_before)})."
    )
if short:
    sentences.append(
        f"Dans {fmt.percent(short.pct)} des cas où le travail n'a pas été possible, les travailleurs sociaux en ont "
        f"rendu compte en moins de 6 mois ({fmt.number(short.numerator)} sur {fmt.number(short.denominator)}"
        f"{against_pct(short_before)})."
    )
for sentence in sentences:
    st.markdown(f"- {sentence}")

# --- mean duration over the years ------------------------------------------------------------
st.subheader("Durée moyenne sur la période")
period = state.annees
fig = charts.lines({"duree": [(y, means[y].value) for y in period]}, {"duree": "Durée moyenne"},
                   {"duree": palette.BRAND}, view.title("Durée moyenne des mesures clôturées (mois)", period=True),
                   unit="mois")
table = pl.DataFrame({
    "Année": period,
    "Durée moyenne (mois)": [rates.rounded(means[y].value) for y in period],
    "Mesures clôturées": [means[y].denominator for y in period],
}, schema_overrides={"Durée moyenne (mois)": pl.Float64, "Mesures clôturées": pl.Int64}, strict=False)
components.chart_card(fig, table, "durees_moyenne", ["duree_moyenne_mois"])

# --- distribution by closure reason ------------------------------------------------------------
st.subheader(f"Durée des mesures clôturées en {year}, par motif d'arrêt")
bands = {i: data.value(i, year, flt).value for i in BANDS}
keys = [k for k in bands["clotures_moins_6_mois_par_motif"]
        if k not in CATCH_ALL or any(bands[i].get(k) for i in BANDS)]
counts = {k: [bands[i].get(k, 0) or 0 for i in BANDS] for k in keys}
if not any(sum(c) for c in counts.values()):
    components.no_data(f"Aucune mesure d'ASSLL clôturée en {year} avec ces filtres (les durées ne concernent que "
                       "les mesures d'ASSLL, pas les diagnostics).")
else:
    fig = charts.grouped(list(BANDS.values()), counts, {k: view.label("motif_arret", k) for k in keys},
                         view.colours("motif_arret"), view.title("Mesures clôturées par durée et motif d'arrêt"))
    table = pl.DataFrame(
        {
            "Motif d'arrêt": [view.label("motif_arret", k) for k in keys],
            **{label: [counts[k][n] for k in keys] for n, label in enumerate(BANDS.values())},
            "Total": [sum(counts[k]) for k in keys],
        },
        schema_overrides={label: pl.Int64 for label in [*BANDS.values(), "Total"]}, strict=False,
    )
    components.chart_card(fig, table, "durees_par_motif", list(BANDS),
                          note="Moins de 6 mois et plus de 12 mois au sens strict ; un mois compte 30,4375 jours.")

# --- the two shares of the report, with their intervals, over the years --------------------------
st.subheader("Mesures longues et mesures courtes")
if all(share_values[y][i] is None for y in period for i in SHARES):
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
