"""Commandes: the requests of the year by sector, TAS (over the period), EPCI and commune (maps),
tenure status and main objective."""

from __future__ import annotations

import contextlib

import streamlit as st

from dashboard import components, data, geo, tables
from dashboard.view import current
from pipelines.published import fmt
from pipelines.reference.schema import CATCH_ALL
from visuals import charts

view = current()
state = view.state
year, base = state.annee, state.comparaison
compare = base != year
pub = data.published()


def plural(n: float | None, one: str, many: str) -> str:
    return one if (n or 0) <= 1 else many


def unknown_caption(b, drawn: frozenset[str]) -> str:
    """What the map cannot place: requests with no recognised commune, counted, never dropped silently."""
    off_map = [k for k in b if k not in drawn and (b[k].masked or b[k].value)]
    if not off_map:
        return "Toutes les demandes de l'année ont une commune reconnue : elles figurent toutes sur la carte."
    if any(b[k].masked for k in off_map):
        return (
            "Quelques demandes dont la commune est inconnue (effectif inférieur à 5, masqué) ne figurent pas "
            "sur la carte ; elles restent comptées dans le tableau et dans les totaux."
        )
    counts = {k: b[k].value for k in off_map}
    n = sum(counts.values())
    detail = []
    if counts.get("NON_RECONNU"):
        detail.append(f"{fmt.number(counts['NON_RECONNU'])} non reconnue{plural(counts['NON_RECONNU'], '', 's')}")
    if counts.get("NON_RENSEIGNE"):
        detail.append(f"{fmt.number(counts['NON_RENSEIGNE'])} non renseignée{plural(counts['NON_RENSEIGNE'], '', 's')}")
    other = n - counts.get("NON_RECONNU", 0) - counts.get("NON_RENSEIGNE", 0)
    if other:
        detail.append(f"{fmt.number(other)} absente{plural(other, '', 's')} du fond de carte")
    return (
        f"{fmt.number(n)} {plural(n, 'demande', 'demandes')} dont la commune est inconnue "
        f"({', '.join(detail)}) {plural(n, 'ne figure', 'ne figurent')} pas sur la carte ; "
        f"{plural(n, 'elle reste comptée', 'elles restent comptées')} dans le tableau et dans les totaux."
    )


st.title("Commandes")
period = f" · évolution {state.debut}–{state.fin}" if state.debut < state.fin else ""
st.caption(
    f"Année {year}"
    + (f", comparée à {base}" if compare else "")
    + period
    + (f" · {view.filters_text()}" if state.has_filters() else "")
)

# --- key figures --------------------------------------------------------------------------------
KEY_FIGURES = [
    ("commandes_total", "Commandes (ASSLL et diagnostics)"),
    ("commandes_assll", "Commandes d'ASSLL"),
    ("commandes_diagnostic", "Commandes de diagnostic"),
]
columns = st.columns(len(KEY_FIGURES))
for column, (ind_id, label) in zip(columns, KEY_FIGURES, strict=True):
    components.key_figure(column, label, ind_id, year, base)
if pub.value("commandes_total", year).value == 0:
    components.no_data(f"Aucune commande en {year} pour ces filtres. Élargissez la période ou retirez un filtre.")

# --- by sector ----------------------------------------------------------------------------------
st.subheader("Par secteur ASSLL")
components.breakdown_card(
    "commandes_par_secteur",
    "secteur",
    "Secteur",
    "Commandes par secteur ASSLL",
    "commandes_secteur",
    note="Toutes les demandes de l'année (ASSLL et diagnostics), selon le secteur indiqué dans l'export ; "
    "entre parenthèses, la part de chaque secteur.",
)

# --- by TAS, over the period --------------------------------------------------------------------
st.subheader(f"Nouvelles commandes par territoire d'action sociale depuis {state.debut}")
tas_by_year = {y: pub.breakdown("commandes_par_tas", y) for y in state.annees}
tas_points, tas_masked = tables.series(tas_by_year)
tas_labels = {k: view.label("tas", k) for k in tas_points}
tas_title = view.title("Nouvelles commandes par territoire d'action sociale (TAS)", period=True, wide=True)
shape = components.url_radio(
    "Présentation", {"barres": "Barres empilées", "courbes": "Courbes"}, "commandes_tas_affichage", "tas_vue"
)
if shape == "courbes":
    fig = charts.lines(tas_points, tas_labels, view.colours("tas"), tas_title, masked=tas_masked)
else:
    fig = charts.stacked_years(
        tas_points, tas_labels, view.colours("tas"), tas_title, masked=tables.masked_per_year(tas_masked)
    )
components.chart_card(
    fig,
    tables.years_wide(tas_by_year, list(tas_points), lambda k: tas_labels[k]),
    "commandes_tas",
    ["commandes_par_tas"],
    note="Toutes les demandes de chaque année (ASSLL et diagnostics), selon le TAS (celui du "
    "secteur quand l'export ne le donne pas).",
)

# --- by EPCI and by commune (maps) --------------------------------------------------------------
st.subheader("Répartition géographique")
epci = pub.breakdown("commandes_par_epci", year)
communes = pub.breakdown("commandes_par_commune", year)
epci_keys = tables.keys_shown([epci])
epci_table = tables.frame(
    {
        "EPCI": [view.label("epci", k) for k in epci_keys],
        "Code SIREN": [k if k not in CATCH_ALL else "" for k in epci_keys],
        f"Commandes {year}": [epci.get(k) for k in epci_keys],
    }
)
left, right = st.columns([2, 1])
with left:
    title = view.title("Commandes par EPCI", year)
    try:
        drawn = geo.codes("epci")
        if not epci.is_empty:
            fig = geo.choropleth(
                "epci",
                {k: epci[k].value for k in epci},
                {k: view.label("epci", k) for k in drawn},
                title,
                masked=tuple(k for k in epci if epci[k].masked),
            )
        else:
            fig = charts.empty(title)
        components.chart_card(
            fig, epci_table, "commandes_epci", ["commandes_par_epci"], note=unknown_caption(epci, drawn)
        )
    except geo.MapUnavailable as exc:
        st.warning(str(exc), icon=":material/map:")
        components.data_table(epci_table, "commandes_epci", "commandes-par-epci")
with right:
    components.share_metric(
        st,
        "Part des deux agglomérations",
        "part_commandes_agglomerations_pct",
        year,
        base,
        "demandes dans la CA du Grand Angoulême et la CA du Grand Cognac",
    )
    st.caption("Les demandes dont la commune est inconnue restent au dénominateur.")

on_map = [k for k in communes if communes[k].masked or communes[k].value]
# In the order of the communes' names (the same in both modes: a rank would tell a masked count).
commune_keys = sorted(on_map, key=lambda k: (k in CATCH_ALL, view.label("commune", k)))
epci_of: dict[str, str] = {}
with contextlib.suppress(geo.MapUnavailable):  # the table still lists the communes, without their EPCI
    epci_of = geo.parents("commune", "code_epci")
commune_table = tables.frame(
    {
        "Commune": [view.label("commune", k) for k in commune_keys],
        "Code INSEE": [k if k not in CATCH_ALL else "" for k in commune_keys],
        "EPCI": [view.label("epci", epci_of[k]) if k in epci_of else "" for k in commune_keys],
        f"Commandes {year}": [communes[k] for k in commune_keys],
    }
)
title = view.title("Commandes par commune", year, wide=True)
try:
    drawn = geo.codes("commune")
    if on_map:
        fig = geo.choropleth(
            "commune",
            {k: communes[k].value for k in on_map},
            {k: view.label("commune", k) for k in on_map},
            title,
            masked=tuple(k for k in on_map if communes[k].masked),
        )
    else:
        fig = charts.empty(title)
    components.chart_card(
        fig,
        commune_table,
        "commandes_communes",
        ["commandes_par_commune"],
        note=unknown_caption(communes, drawn) + " Le tableau ne liste que les communes ayant au moins une demande.",
    )
except geo.MapUnavailable as exc:
    st.warning(str(exc), icon=":material/map:")
    components.data_table(commune_table, "commandes_communes", "commandes-par-commune")

# --- tenure status ------------------------------------------------------------------------------
st.subheader("Statut d'occupation des demandeurs d'ASSLL")
left, right = st.columns([2, 1])
with left:
    components.breakdown_card(
        "commandes_assll_par_statut_occupation",
        "statut_occupation",
        "Statut d'occupation",
        "Commandes d'ASSLL par statut d'occupation",
        "commandes_statut",
    )
with right:
    components.share_metric(st, "Part de locataires", "part_locataires_pct", year, base, "demandes d'ASSLL")
    components.share_metric(
        st, "dont locataires du parc privé", "part_parc_prive_parmi_locataires_pct", year, base, "locataires"
    )

# --- main objective -----------------------------------------------------------------------------
st.subheader("Objectif principal des commandes d'ASSLL")
components.breakdown_card(
    "commandes_assll_par_objectif",
    "objectif",
    "Objectif principal",
    "Commandes d'ASSLL par objectif principal",
    "commandes_objectif",
    note="Le premier objectif indiqué dans la demande ; entre parenthèses, la part des demandes d'ASSLL de l'année.",
)
