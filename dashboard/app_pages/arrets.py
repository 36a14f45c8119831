"""Arrêts et résultats: why measures closed, whether their objectives were met, and where work was possible.

Every share is shown with its count and its 95 % Wilson interval, against the comparison year.
"""

from __future__ import annotations

import streamlit as st

from dashboard import components, data, rates, tables
from dashboard.view import current
from pipelines.published import Figure, fmt, shares
from pipelines.reference.schema import CATCH_ALL
from visuals import share_charts

view = current()
state = view.state
year, base = state.annee, state.comparaison
pub = data.published()
compare = base != year
YEARS = [year, base] if compare else [year]

st.title("Arrêts et résultats")
st.caption(
    f"Mesures d'ASSLL clôturées en {year}"
    + (f", comparées à {base}" if compare else "")
    + (f" · {view.filters_text()}" if state.has_filters() else "")
)


def against(share: Figure) -> str:
    """` (contre 46,1 % en 2023)`, or nothing without a comparison (or when that share is masked)."""
    return f" (contre {share.text} en {base})" if compare and share.shown else ""


def detail(share: Figure, before: Figure | None = None) -> str:
    """` (33 sur 109, contre 48,1 % en 2023)`"""
    return (
        f" ({fmt.number(share.numerator)} sur {fmt.number(share.denominator)}"
        + (f", contre {before.text} en {base}" if compare and before is not None and before.shown else "")
        + ")"
    )


def metric(column, label: str, now: Figure, before: Figure, help: str) -> None:
    """A share of the year with its change in points against the comparison year (no arrow when nil)."""
    diff = shares.change_points(now, before) if compare else None
    extra = (
        {}
        if diff is None
        else {
            "delta": shares.points_text(diff),
            "delta_arrow": "off" if diff == 0 else "auto",
            "delta_description": f"par rapport à {base}",
        }
    )
    column.metric(label, now.text, delta_color="off", border=True, help=help, **extra)


def groups(rates_by_year: dict[int, list[Figure]], keys: list[str], labels: list[str]) -> dict:
    return {
        str(y): [rates.item(r, k, label) for r, k, label in zip(rates_by_year[y], keys, labels, strict=True)]
        for y in YEARS
    }


def shares_chart(title: str, keys: list[str], labels: list[str], rates_by_year: dict[int, list[Figure]]):
    return share_charts.shares(
        labels,
        groups(rates_by_year, keys, labels),
        {str(y): str(y) for y in YEARS},
        {str(year): rates.YEAR_COLOUR, str(base): rates.BASE_COLOUR},
        title,
    )


closures = {y: pub.value("mesures_cloturees", y) for y in YEARS}
motifs = {y: pub.breakdown("mesures_cloturees_par_motif", y) for y in YEARS}
possible = {y: pub.value("part_objectifs_atteints_pct", y) for y in YEARS}
work = {y: pub.value("part_travail_possible_pct", y) for y in YEARS}

# --- key figures -----------------------------------------------------------------------------
left, middle, right = st.columns(3)
components.key_figure(left, "Mesures clôturées", "mesures_cloturees", year, base)
metric(middle, "Travail possible", work[year], work[base], pub.definition("part_travail_possible_pct").definition)
metric(
    right,
    "Objectifs atteints ou partiellement atteints",
    possible[year],
    possible[base],
    pub.definition("part_objectifs_atteints_pct").definition,
)

# --- closure reasons -------------------------------------------------------------------------
st.subheader("Motifs d'arrêt")
if closures[year].value == 0:
    components.no_data(
        f"Aucune mesure d'ASSLL clôturée en {year} avec ces filtres (les arrêts ne concernent que "
        "les mesures d'ASSLL, pas les diagnostics)."
    )
else:
    keys = tables.keys_shown([motifs[y] for y in YEARS])
    labels = [view.label("motif_arret", k) for k in keys]
    by_year = {y: [motifs[y].part(k) for k in keys] for y in YEARS}
    SENTENCES = {
        "TRAVAIL_POSSIBLE": "Pour {pct} un travail a été possible{against}.",
        "TRAVAIL_NON_POSSIBLE": "Pour {pct} des situations, l'accompagnement social n'a pas ou plus été possible"
        "{against}.",
        "LIMITES_INTERVENTION": "Pour {pct} des situations, les limites de l'intervention sont atteintes{against}.",
        "NON_RENSEIGNE": "Pour {pct} des situations, le motif d'arrêt n'est pas renseigné{against}.",
        "NON_RECONNU": "Pour {pct} des situations, le motif d'arrêt inscrit n'est pas reconnu{against}.",
    }
    st.markdown(f"Sur ces {closures[year].text} arrêts :" if closures[year].shown else "Sur ces arrêts :")
    for i, key in enumerate(keys):
        share = by_year[year][i]
        if not share.shown or (key in CATCH_ALL and not share.numerator):
            continue
        pattern = SENTENCES.get(key, "Pour {pct} des situations, le motif d'arrêt est « {label} »{against}.")
        st.markdown("- " + pattern.format(pct=share.text, against=against(by_year[base][i]), label=labels[i].lower()))
    fig = shares_chart(
        view.title("Mesures clôturées par motif d'arrêt (part et intervalle à 95 %)", wide=True), keys, labels, by_year
    )
    table = shares.table("Motif d'arrêt", labels, by_year, counted="Mesures", base="Clôtures")
    components.chart_card(
        fig, table, "arrets_motifs", ["mesures_cloturees", "mesures_cloturees_par_motif"], note=shares.INTERVAL_NOTE
    )
    if compare:
        chance = [
            labels[i]
            for i in range(len(keys))
            if by_year[year][i].text != by_year[base][i].text and shares.overlap(by_year[year][i], by_year[base][i])
        ]
        if chance:
            st.caption(
                f"Écarts avec {base} qui peuvent être dus au hasard (intervalles qui se chevauchent) : "
                + ", ".join(label.lower() for label in chance)
                + "."
            )

# --- results when work was possible ------------------------------------------------------------
st.subheader("Résultats lorsqu'un travail a été possible")
if not possible[year].shown and not possible[year].masked:
    components.no_data(f"Aucune mesure clôturée en {year} avec un travail possible, avec ces filtres.")
else:
    if possible[year].masked:
        st.markdown(
            "La part des objectifs atteints repose sur un effectif inférieur à 5 : elle n'est pas publiée "
            "en mode diffusion."
        )
    else:
        st.markdown(
            f"Dans {possible[year].text} des situations pour lesquelles un travail a été possible, les "
            f"objectifs fixés sont atteints ou partiellement atteints{detail(possible[year], possible[base])}."
        )
    results = {y: pub.breakdown("mesures_cloturees_par_resultat", y) for y in YEARS}
    result_keys = tables.keys_shown([results[y] for y in YEARS])
    keys = ["ATTEINTS_OU_PARTIELLEMENT", *result_keys]
    labels = ["Atteints ou partiellement atteints", *(view.label("resultat_objectifs", k) for k in result_keys)]
    by_year = {y: [possible[y], *(results[y].part(k) for k in result_keys)] for y in YEARS}
    fig = shares_chart(
        view.title("Atteinte des objectifs, mesures avec travail possible (part et intervalle à 95 %)", wide=True),
        keys,
        labels,
        by_year,
    )
    table = shares.table("Objectifs", labels, by_year, counted="Mesures", base="Travail possible")
    components.chart_card(
        fig,
        table,
        "arrets_resultats",
        ["part_objectifs_atteints_pct", "mesures_cloturees_par_resultat"],
        note=shares.SHORT_NOTE,
    )

# --- work possible by instance and financial aid ------------------------------------------------
st.subheader("Travail possible selon l'instance et l'aide financière")
INSTANCE_IDS = [
    "part_travail_possible_instance_fsl_pct",
    "part_travail_possible_instance_gts_pct",
    "part_travail_non_possible_instance_gts_pct",
    "part_travail_possible_fsl_aide_refusee_pct",
    "part_travail_possible_fsl_aide_accordee_pct",
]
by_id = {y: {i: pub.value(i, y) for i in INSTANCE_IDS} for y in YEARS}
now = by_id[year]
if not any(f.shown or f.masked for f in now.values()):
    components.no_data(
        f"Aucune mesure clôturée en {year} dont la demande a été examinée en commission FSL ou en "
        "GTS, avec ces filtres."
    )
else:
    fsl, gts = now["part_travail_possible_instance_fsl_pct"], now["part_travail_possible_instance_gts_pct"]
    refused = now["part_travail_possible_fsl_aide_refusee_pct"]
    granted = now["part_travail_possible_fsl_aide_accordee_pct"]
    gts_no = now["part_travail_non_possible_instance_gts_pct"]
    found = []
    if fsl.shown:
        found.append(
            f"Un travail a été possible pour {fsl.text} des ASSLL validés par la commission "
            f"FSL{detail(fsl, by_id[base]['part_travail_possible_instance_fsl_pct'])}."
        )
    if gts.shown:
        text = (
            f"Un travail est possible pour {gts.text} des ASSLL validés en GTS{detail(gts)}"
            + (f", contre {fsl.text} lorsqu'il est validé par la commission FSL" if fsl.shown else "")
            + "."
        )
        if fsl.shown and gts.text != fsl.text and shares.overlap(gts, fsl):  # equal shares: no gap to explain
            text += " Les intervalles se chevauchent : cet écart peut être dû au hasard."
        found.append(text)
    if refused.shown and granted.shown:
        text = (
            f"Lorsque la commission n'accorde pas l'aide financière et valide un ASSLL, dans "
            f"{refused.text} des cas le travail est possible{detail(refused)} contre "
            f"{granted.text} lorsque l'aide est accordée{detail(granted)}."
        )
        if refused.text != granted.text and shares.overlap(refused, granted):
            text += " Les intervalles se chevauchent : cet écart peut être dû au hasard."
        found.append(text)
    if gts_no.shown:
        found.append(
            f"Même lorsque la famille est d'accord au moment de la demande, {gts_no.text} des "
            f"ASSLL validés en GTS s'arrêtent pour « travail non possible »"
            f"{detail(gts_no, by_id[base]['part_travail_non_possible_instance_gts_pct'])}."
        )
    for sentence in found:
        st.markdown(f"- {sentence}")
    labels = [pub.definition(i).libelle for i in INSTANCE_IDS]
    by_year = {y: [by_id[y][i] for i in INSTANCE_IDS] for y in YEARS}
    fig = shares_chart(
        view.title("Travail possible selon l'instance et l'aide financière (part et intervalle à 95 %)", wide=True),
        INSTANCE_IDS,
        labels,
        by_year,
    )
    table = shares.table("Indicateur", labels, by_year, counted="Mesures", base="Clôtures")
    components.chart_card(fig, table, "arrets_instances", INSTANCE_IDS, note=shares.SHORT_NOTE)
