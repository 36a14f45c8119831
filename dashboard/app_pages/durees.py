"""Durées: how long ASSLL measures last, as time to event (Kaplan–Meier curves of the measures started in a
year, followed up to the date, the measures still open included), beside the report's mean of the measures
closed in the year; then the closed measures over the years and by closure reason.

Every figure comes through the layer of published figures (medians with their interval, Kaplan–Meier
shares, curves and numbers at risk masked for diffusion). The two shares of the activity report (more than
12 months when work was possible, less than 6 months when it was not) are shown with their counts
and 95 % Wilson intervals.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import components, data, durees_cards, rates, tables
from dashboard.view import current
from pipelines.indicators.engine import default_as_of
from pipelines.indicators.survival import MONTH_DAYS
from pipelines.published import Figure, durees, fmt, sentences, shares
from pipelines.reference import couleurs
from visuals import charts, durees_charts, palette, share_charts

view = current()
state = view.state
year, base = state.annee, state.comparaison
pub = data.published()
compare = base != year
SHARES = {
    "part_plus_12_mois_parmi_travail_possible_pct": "Plus de 12 mois, parmi les mesures avec travail possible",
    "part_moins_6_mois_parmi_travail_non_possible_pct": "Moins de 6 mois, parmi les mesures avec travail non possible",
}
CARD_LABELS = {
    "part_plus_12_mois_parmi_travail_possible_pct": "Plus de 12 mois (travail possible)",
    "part_moins_6_mois_parmi_travail_non_possible_pct": "Moins de 6 mois (non possible)",
}
BANDS = {
    "clotures_moins_6_mois_par_motif": "Moins de 6 mois",
    "clotures_6_12_mois_par_motif": "De 6 à 12 mois",
    "clotures_plus_12_mois_par_motif": "Plus de 12 mois",
}

st.title("Durées")
st.caption(
    f"Mesures d'ASSLL commencées ou clôturées en {year}"
    + (f", comparées à {base}" if compare else "")
    + f" · évolution {state.debut}–{state.fin}"
    + (f" · {view.filters_text()}" if state.has_filters() else "")
)

years = sorted({*state.annees, base})
means = pub.series("duree_moyenne_mois", years)
closed = pub.series("mesures_cloturees", years)
share_values = {y: {i: pub.value(i, y) for i in SHARES} for y in years}


def delta(now: Figure, before: Figure) -> dict:
    """The metric's change in points against the comparison year (no arrow when it is nil)."""
    diff = shares.change_points(now, before) if compare else None
    if diff is None:
        return {}
    # No arrow when the two 95 % intervals overlap: the change may be chance (« stable »).
    chance = shares.overlap(now, before)
    return {
        "delta": shares.points_text(diff),
        "delta_arrow": "off" if diff == 0 or chance else "auto",
        "delta_description": f"par rapport à {base}"
        + (" (stable : intervalles à 95 % chevauchants)" if chance else ""),
    }


# --- key figures: the time-to-event figures beside the report's mean ------------------------------
TTE = {
    "duree_mediane_km_mois": "Durée médiane des mesures commencées",
    "part_cloturees_6_mois_km_pct": "Terminées en 6 mois au plus",
    "part_cloturees_12_mois_km_pct": "Terminées en 12 mois au plus",
}


columns = st.columns(4)
for column, (ind_id, label) in zip(columns, TTE.items(), strict=False):
    durees_cards.metric(pub, column, ind_id, label, year, base)
components.key_figure(
    columns[3],
    "Durée moyenne des mesures",
    "duree_moyenne_mois",
    year,
    base,
    help="Moyenne des durées des mesures clôturées dans l'année (indicateur du rapport d'activité).",
)
columns = st.columns(4)
for column, ind_id in zip(columns, SHARES, strict=False):
    now, before = share_values[year][ind_id], share_values[base][ind_id]
    definition = pub.definition(ind_id)
    # A short label that fits the card (a long one is cut); the indicator's full name is in its help.
    column.metric(
        CARD_LABELS[ind_id],
        now.text,
        delta_color="off",
        border=True,
        help=f"{definition.libelle}. {definition.definition}",
        **delta(now, before),
    )
st.info(
    f"**Pourquoi la médiane et la moyenne diffèrent.** La moyenne du rapport ne compte que les mesures "
    f"clôturées en {year}, quelle que soit l'année de leur début : elle laisse de côté les mesures encore en "
    f"cours et bouge avec le nombre de longues mesures qui se terminent. La médiane et les parts terminées en "
    f"6 et 12 mois suivent toutes les mesures commencées en {year}, y compris celles encore en cours : elles "
    "disent combien de temps durent les mesures.",
    icon=":material/help:",
)

# --- the year in sentences -------------------------------------------------------------------
found = [str(sentences.median_duration(pub, year, base)), str(sentences.closed_by(pub, year, base))]
mean_now, mean_before = means[year], means[base]
if mean_now.shown:
    found.append(
        f"Mesures clôturées en {year} : {mean_now.text} en moyenne"
        + (f" (contre {mean_before.text} en {base})" if compare and mean_before.shown else "")
        + f", sur {closed[year].text} mesures clôturées."
    )
elif mean_now.masked:
    found.append(f"La durée moyenne de {year} porte sur moins de 5 mesures clôturées : elle n'est pas publiée.")
found += [str(sentences.long_work(pub, year, base, compare)), str(sentences.short_failure(pub, year, base, compare))]
for sentence in found:
    if sentence:
        st.markdown(f"- {sentence}")

# --- Kaplan–Meier curves ------------------------------------------------------------------------
GROUPS = {"annee": "Année de début", "secteur": "Secteur", "tas": "TAS", "instance": "Instance"}
st.subheader("Combien de temps durent les mesures")
by = components.url_radio("Courbes par", GROUPS, "durees_courbes", "courbes")
grouping = None if by == "annee" else by
cohort_years = sorted({base, year}) if grouping is None else [year]
horizon = max((default_as_of(y) - dt.date(y, 1, 1)).days for y in cohort_years)
grid = [float(t) for t in range(horizon + 1)]
risk_times = [float(round(k * MONTH_DAYS)) for k in range(0, 12, 2) if k * MONTH_DAYS <= horizon]
km = durees.curves(pub, "mesures_debutees", cohort_years, by=grouping, at=risk_times)
groups = [(r["annee"], r["groupe"]) for r in km.resume.iter_rows(named=True)]
if not any(r["sujets"] is None or r["sujets"] for r in km.resume.iter_rows(named=True)):
    components.no_data(f"Aucune mesure d'ASSLL commencée en {year} avec ces filtres.")
else:

    def name(g: tuple[int, str | None]) -> str:
        return str(g[0]) if grouping is None else view.label(grouping, g[1] or "")

    lines = []
    for g in groups:
        got = durees.on_grid(km, g[0], g[1], grid)
        lines.append(durees_charts.Curve(name(g), name(g), *(got or ((), (), ())), masked=got is None))  # type: ignore[misc]  # three values
    colours = (
        {str(base): palette.NEUTRAL, str(year): palette.BRAND}
        if grouping is None
        else {name(g): c for g, c in zip(groups, palette.SEQUENCE, strict=False)}
    )
    fig = durees_charts.survival(
        grid,
        lines,
        colours,
        view.title(
            "Mesures encore en cours selon le temps écoulé depuis leur début (Kaplan–Meier, intervalle à 95 %)",
            wide=True,
        ),
    )
    risk = durees.at_risk(km, risk_times, pub.diffusion)
    header = "Année de début" if grouping is None else GROUPS[grouping]
    columns_: dict[str, list[tables.Cell]] = {header: [name(g) for g in groups]}
    for t in risk_times:
        columns_["Début" if t == 0 else f"{fmt.number(t / MONTH_DAYS)} mois"] = [risk[g][t] for g in groups]
    components.chart_card(
        fig,
        tables.frame(columns_),
        "durees_kaplan_meier",
        ["duree_mediane_km_mois", "part_cloturees_6_mois_km_pct", "part_cloturees_12_mois_km_pct"],
        note="Le tableau donne le nombre de mesures encore suivies (encore en cours et pas encore "
        "arrivées à la date de suivi) à chaque durée : sous la courbe, quand il devient petit, "
        "la courbe est incertaine (bande large). Chaque cohorte est suivie jusqu'au 31 décembre "
        "de son année.",
    )

# --- how the measures end: cumulative incidence by closure reason ------------------------------------
st.subheader(f"Comment se terminent les mesures commencées en {year}")
INCIDENCE = "incidence_cumulee_12_mois_par_motif"
shares_12 = durees.incidence(pub, INCIDENCE, year)
if not shares_12:
    components.no_data(f"Aucune mesure d'ASSLL commencée en {year} avec ces filtres.")
else:
    one = durees.curves(pub, "mesures_debutees", [year])
    grid_year = [float(t) for t in range((default_as_of(year) - dt.date(year, 1, 1)).days + 1)]
    series = durees.incidence_on_grid(one, year, grid_year)
    keys = [k for k in shares_12 if k in series or k == durees.STILL_OPEN]
    labels = {k: "Encore en cours" if k == durees.STILL_OPEN else view.label("motif_arret", k) for k in keys}
    colours = view.colours("motif_arret") | {durees.STILL_OPEN: "#E5E7EB"}
    hidden = any(f.masked for f in shares_12.values())
    fig = durees_charts.incidence(
        grid_year,
        {k: series[k] for k in keys if k in series},
        labels,
        colours,
        view.title("Mesures terminées selon le motif d'arrêt et mesures encore en cours (Aalen–Johansen)", wide=True),
        masked_note="Courbes masquées : un motif compte moins de 5 mesures" if hidden or not series else None,
    )
    table = tables.frame(
        {
            "Motif d'arrêt": [labels.get(k, view.label("motif_arret", k)) for k in shares_12],
            "Part à 12 mois (%)": list(shares_12.values()),
        }
    )
    components.chart_card(
        fig,
        table,
        "durees_incidence",
        [INCIDENCE],
        note="Pour chaque motif, la part des mesures commencées dans l'année qui se sont terminées "
        "pour ce motif ; avec les mesures encore en cours, elles font 100 %.",
    )

# --- mean duration over the years ------------------------------------------------------------
st.subheader("Durée moyenne sur la période")
period = state.annees
fig = charts.lines(
    {"duree": [(y, means[y].value) for y in period]},
    {"duree": "Durée moyenne"},
    {"duree": palette.BRAND},
    view.title("Durée moyenne des mesures clôturées (mois)", period=True, wide=True),
    unit="mois",
    masked={"duree": [y for y in period if means[y].masked]},
)
table = tables.frame(
    {
        "Année": period,
        "Durée moyenne (mois)": [means[y] for y in period],
        "Mesures clôturées": [closed[y] for y in period],
    }
)
components.chart_card(fig, table, "durees_moyenne", ["duree_moyenne_mois", "mesures_cloturees"])

# --- distribution by closure reason ------------------------------------------------------------
st.subheader(f"Durée des mesures clôturées en {year}, par motif d'arrêt")
bands = {i: pub.breakdown(i, year) for i in BANDS}
keys = tables.keys_shown(list(bands.values()))
if all(b.is_empty for b in bands.values()):
    components.no_data(
        f"Aucune mesure d'ASSLL clôturée en {year} avec ces filtres (les durées ne concernent que "
        "les mesures d'ASSLL, pas les diagnostics)."
    )
else:
    band_labels = list(BANDS.values())
    fig = charts.grouped(
        band_labels,
        {k: [bands[i].get(k).value for i in BANDS] for k in keys},
        {k: view.label("motif_arret", k) for k in keys},
        view.colours("motif_arret"),
        view.title("Mesures clôturées par durée et motif d'arrêt", wide=True),
        masked={k: [bands[i].get(k).masked for i in BANDS] for k in keys},
    )
    columns_ = {
        "Motif d'arrêt": [view.label("motif_arret", k) for k in keys],
        **{label: [bands[i].get(k) for k in keys] for i, label in BANDS.items()},
    }
    if not pub.diffusion:
        # A row total beside a masked cell would give it back by subtraction: published in internal mode only.
        totals = pub.breakdown("mesures_cloturees_par_motif", year)
        columns_["Total"] = [totals.get(k) for k in keys]
    components.chart_card(
        fig,
        tables.frame(columns_),
        "durees_par_motif",
        list(BANDS),
        note="Moins de 6 mois et plus de 12 mois au sens strict ; un mois compte 30,4375 jours.",
    )

# --- the two shares of the report, with their intervals, over the years --------------------------
st.subheader("Mesures longues et mesures courtes")
if not any(share_values[y][i].shown or share_values[y][i].masked for y in period for i in SHARES):
    components.no_data()
else:
    # The colours of the two closure reasons, as in every chart by reason.
    colours = {
        "part_plus_12_mois_parmi_travail_possible_pct": couleurs.fixed()["TRAVAIL_POSSIBLE"],
        "part_moins_6_mois_parmi_travail_non_possible_pct": couleurs.fixed()["TRAVAIL_NON_POSSIBLE"],
    }
    fig = share_charts.share_trend(
        {i: [(y, rates.item(share_values[y][i], i, label)) for y in period] for i, label in SHARES.items()},
        SHARES,
        colours,
        view.title("Mesures longues et courtes selon le motif (part et intervalle à 95 %)", period=True, wide=True),
    )
    table = shares.year_table({y: share_values[y] for y in period}, SHARES)
    components.chart_card(fig, table, "durees_parts", list(SHARES), note=shares.LINES_NOTE)
