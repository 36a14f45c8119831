"""Arrêts et résultats: why measures closed, whether their objectives were met, and where work was possible.

Every share is shown with its count and its 95 % Wilson interval, against the comparison year.
"""

from __future__ import annotations

import streamlit as st

from dashboard import components, data, rates
from dashboard.rates import Rate
from dashboard.view import current
from pipelines import fmt
from pipelines.stats import change_pct
from visuals import charts

view = current()
state = view.state
year, base = state.annee, state.comparaison
flt = state.filters()
compare = base != year
YEARS = [year, base] if compare else [year]
CATCH_ALL = ("NON_RECONNU", "NON_RENSEIGNE")

st.title("Arrêts et résultats")
st.caption(f"Mesures d'ASSLL clôturées en {year}" + (f", comparées à {base}" if compare else "")
           + (f" · {view.filters_text()}" if state.has_filters() else ""))


def against(rate: Rate | None) -> str:
    """` (contre 46,1 % en 2023)`, or nothing without a comparison."""
    return f" (contre {fmt.percent(rate.pct)} en {base})" if compare and rate is not None else ""


def detail(rate: Rate, before: Rate | None = None) -> str:
    """` (33 sur 109, contre 48,1 % en 2023)`"""
    return (f" ({fmt.number(rate.numerator)} sur {fmt.number(rate.denominator)}"
            + (f", contre {fmt.percent(before.pct)} en {base}" if compare and before is not None else "") + ")")


def delta(now: Rate | None, before: Rate | None) -> dict:
    """The metric's change in points against the comparison year (no arrow when it is nil)."""
    diff = rates.change_points(now, before) if compare else None
    if diff is None:
        return {}
    return {"delta": rates.points_text(diff), "delta_arrow": "off" if diff == 0 else "auto",
            "delta_description": f"par rapport à {base}"}


def groups(rates_by_year: dict[int, list[Rate | None]], keys: list[str], labels: list[str]) -> dict:
    return {str(y): [rates.item(r, k, label) for r, k, label in zip(rates_by_year[y], keys, labels, strict=True)]
            for y in YEARS}


def shares_chart(title: str, keys: list[str], labels: list[str], rates_by_year: dict[int, list[Rate | None]]):
    return charts.shares(labels, groups(rates_by_year, keys, labels), {str(y): str(y) for y in YEARS},
                         {str(year): rates.YEAR_COLOUR, str(base): rates.BASE_COLOUR}, title)


closures = {y: data.value("mesures_cloturees", y, flt).value or 0 for y in YEARS}
motifs = {y: data.value("mesures_cloturees_par_motif", y, flt).value for y in YEARS}
possible = {y: rates.of(data.value("part_objectifs_atteints_pct", y, flt)) for y in YEARS}
work = {y: rates.of_count(motifs[y].get("TRAVAIL_POSSIBLE"), closures[y]) for y in YEARS}

# --- key figures -----------------------------------------------------------------------------
left, middle, right = st.columns(3)
change = change_pct(closures[year], closures[base]) if compare else None
left.metric("Mesures clôturées", fmt.number(closures[year]),
            delta=fmt.percent(change, signed=True) if change is not None else None, delta_color="off",
            delta_description=f"par rapport à {base}" if change is not None else None, border=True,
            help=data.indicators().definition("mesures_cloturees").definition)
middle.metric("Travail possible", fmt.percent(work[year].pct) if work[year] else "–", delta_color="off", border=True,
              help="Part des mesures clôturées dont le motif d'arrêt est « travail possible ».",
              **delta(work[year], work[base]))
right.metric("Objectifs atteints ou partiellement atteints", fmt.percent(possible[year].pct) if possible[year] else "–",
             delta_color="off", border=True,
             help=data.indicators().definition("part_objectifs_atteints_pct").definition,
             **delta(possible[year], possible[base]))

# --- closure reasons -------------------------------------------------------------------------
st.subheader("Motifs d'arrêt")
if not closures[year]:
    components.no_data(f"Aucune mesure d'ASSLL clôturée en {year} avec ces filtres (les arrêts ne concernent que "
                       "les mesures d'ASSLL, pas les diagnostics).")
else:
    keys = [k for k, v in motifs[year].items() if k not in CATCH_ALL or v or (compare and motifs[base].get(k))]
    labels = [view.label("motif_arret", k) for k in keys]
    by_year = {y: [rates.of_count(motifs[y].get(k), closures[y]) for k in keys] for y in YEARS}
    SENTENCES = {
        "TRAVAIL_POSSIBLE": "Pour {pct} un travail a été possible{against}.",
        "TRAVAIL_NON_POSSIBLE": "Pour {pct} des situations, l'accompagnement social n'a pas ou plus été possible"
                                "{against}.",
        "LIMITES_INTERVENTION": "Pour {pct} des situations, les limites de l'intervention sont atteintes{against}.",
        "NON_RENSEIGNE": "Pour {pct} des situations, le motif d'arrêt n'est pas renseigné{against}.",
        "NON_RECONNU": "Pour {pct} des situations, le motif d'arrêt inscrit n'est pas reconnu{against}.",
    }
    st.markdown(f"Sur ces {fmt.number(closures[year])} arrêts :")
    for i, key in enumerate(keys):
        rate = by_year[year][i]
        if rate is None or (key in CATCH_ALL and not rate.numerator):
            continue
        pattern = SENTENCES.get(key, "Pour {pct} des situations, le motif d'arrêt est « {label} »{against}.")
        st.markdown("- " + pattern.format(pct=fmt.percent(rate.pct), against=against(by_year[base][i]),
                                          label=labels[i].lower()))
    fig = shares_chart(view.title("Mesures clôturées par motif d'arrêt (part et intervalle à 95 %)"), keys, labels,
                       by_year)
    table = rates.table("Motif d'arrêt", labels, by_year, counted="Mesures", base="Clôtures")
    components.chart_card(fig, table, "arrets_motifs", ["mesures_cloturees", "mesures_cloturees_par_motif"],
                          note=rates.INTERVAL_NOTE)
    if compare:
        chance = [labels[i] for i in range(len(keys)) if rates.overlap(by_year[year][i], by_year[base][i])]
        if chance:
            st.caption(f"Écarts avec {base} qui peuvent être dus au hasard (intervalles qui se chevauchent) : "
                       + ", ".join(label.lower() for label in chance) + ".")

# --- results when work was possible ------------------------------------------------------------
st.subheader("Résultats lorsqu'un travail a été possible")
if possible[year] is None:
    components.no_data(f"Aucune mesure clôturée en {year} avec un travail possible, avec ces filtres.")
else:
    st.markdown(
        f"Dans {fmt.percent(possible[year].pct)} des situations pour lesquelles un travail a été possible, les "
        f"objectifs fixés sont atteints ou partiellement atteints{detail(possible[year], possible[base])}."
    )
    results = {y: data.value("mesures_cloturees_par_resultat", y, flt).value for y in YEARS}
    result_keys = [k for k, v in results[year].items()
                   if k not in CATCH_ALL or v or (compare and results[base].get(k))]
    keys = ["ATTEINTS_OU_PARTIELLEMENT", *result_keys]
    labels = ["Atteints ou partiellement atteints", *(view.label("resultat_objectifs", k) for k in result_keys)]
    by_year = {
        y: [possible[y], *(rates.of_count(results[y].get(k), sum(v or 0 for v in results[y].values()))
                           for k in result_keys)]
        for y in YEARS
    }
    fig = shares_chart(view.title("Atteinte des objectifs, mesures avec travail possible (part et intervalle à 95 %)"),
                       keys, labels, by_year)
    table = rates.table("Objectifs", labels, by_year, counted="Mesures", base="Travail possible")
    components.chart_card(fig, table, "arrets_resultats", ["part_objectifs_atteints_pct",
                                                          "mesures_cloturees_par_resultat"],
                          note=rates.SHORT_NOTE)

# --- work possible by instance and financial aid ------------------------------------------------
st.subheader("Travail possible selon l'instance et l'aide financière")
INSTANCE_IDS = [
    "part_travail_possible_instance_fsl_pct",
    "part_travail_possible_instance_gts_pct",
    "part_travail_non_possible_instance_gts_pct",
    "part_travail_possible_fsl_aide_refusee_pct",
    "part_travail_possible_fsl_aide_accordee_pct",
]
by_id = {y: {i: rates.of(data.value(i, y, flt)) for i in INSTANCE_IDS} for y in YEARS}
now = by_id[year]
if all(r is None for r in now.values()):
    components.no_data(f"Aucune mesure clôturée en {year} dont la demande a été examinée en commission FSL ou en "
                       "GTS, avec ces filtres.")
else:
    fsl, gts = now["part_travail_possible_instance_fsl_pct"], now["part_travail_possible_instance_gts_pct"]
    refused = now["part_travail_possible_fsl_aide_refusee_pct"]
    granted = now["part_travail_possible_fsl_aide_accordee_pct"]
    gts_no = now["part_travail_non_possible_instance_gts_pct"]
    sentences = []
    if fsl:
        sentences.append(f"Un travail a été possible pour {fmt.percent(fsl.pct)} des ASSLL validés par la commission "
                         f"FSL{detail(fsl, by_id[base]['part_travail_possible_instance_fsl_pct'])}.")
    if gts:
        text = (f"Un travail est possible pour {fmt.percent(gts.pct)} des ASSLL validés en GTS{detail(gts)}"
                + (f", contre {fmt.percent(fsl.pct)} lorsqu'il est validé par la commission FSL" if fsl else "") + ".")
        if fsl and rates.overlap(gts, fsl):
            text += " Les intervalles se chevauchent : cet écart peut être dû au hasard."
        sentences.append(text)
    if refused and granted:
        text = (f"Lorsque la commission n'accorde pas l'aide financière et valide un ASSLL, dans "
                f"{fmt.percent(refused.pct)} des cas le travail est possible{detail(refused)} contre "
                f"{fmt.percent(granted.pct)} lorsque l'aide est accordée{detail(granted)}.")
        if rates.overlap(refused, granted):
            text += " Les intervalles se chevauchent : cet écart peut être dû au hasard."
        sentences.append(text)
    if gts_no:
        sentences.append(f"Même lorsque la famille est d'accord au moment de la demande, {fmt.percent(gts_no.pct)} des "
                         f"ASSLL validés en GTS s'arrêtent pour « travail non possible »"
                         f"{detail(gts_no, by_id[base]['part_travail_non_possible_instance_gts_pct'])}.")
    for sentence in sentences:
        st.markdown(f"- {sentence}")
    catalogue = data.indicators()
    labels = [catalogue.definition(i).libelle for i in INSTANCE_IDS]
    by_year = {y: [by_id[y][i] for i in INSTANCE_IDS] for y in YEARS}
    fig = shares_chart(view.title("Travail possible selon l'instance et l'aide financière (part et intervalle à 95 %)"),
                       INSTANCE_IDS, labels, by_year)
    table = rates.table("Indicateur", labels, by_year, counted="Mesures", base="Clôtures")
    components.chart_card(fig, table, "arrets_instances", INSTANCE_IDS, note=rates.SHORT_NOTE)
