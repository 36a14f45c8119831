"""Commandes: the requests of the year by sector, TAS (over the period), EPCI and commune (maps),
tenure status and main objective."""

from __future__ import annotations

import contextlib

import polars as pl
import streamlit as st

from dashboard import components, data, geo, tables
from dashboard.view import current
from pipelines import fmt
from visuals import charts

view = current()
state = view.state
year, base = state.annee, state.comparaison
compare = base != year
flt = state.filters()


def definition(ind_id: str) -> str:
    return data.indicators().definition(ind_id).definition


def plural(n: float | None, one: str, many: str) -> str:
    return one if (n or 0) <= 1 else many


def unknown_caption(value, drawn: frozenset[str]) -> str:
    """What the map cannot place: requests with no recognised commune, counted, never dropped silently."""
    counts = value.value
    off_map = {k: v for k, v in counts.items() if k not in drawn and v}
    n = sum(off_map.values())
    if not n:
        return "Toutes les demandes de l'année ont une commune reconnue : elles figurent toutes sur la carte."
    detail = []
    if off_map.get("NON_RECONNU"):
        detail.append(f"{fmt.number(off_map['NON_RECONNU'])} non reconnue{plural(off_map['NON_RECONNU'], '', 's')}")
    if off_map.get("NON_RENSEIGNE"):
        detail.append(f"{fmt.number(off_map['NON_RENSEIGNE'])} non renseignée"
                      f"{plural(off_map['NON_RENSEIGNE'], '', 's')}")
    other = n - off_map.get("NON_RECONNU", 0) - off_map.get("NON_RENSEIGNE", 0)
    if other:
        detail.append(f"{fmt.number(other)} absente{plural(other, '', 's')} du fond de carte")
    return (f"{fmt.number(n)} {plural(n, 'demande', 'demandes')} dont la commune est inconnue "
            f"({', '.join(detail)}) {plural(n, 'ne figure', 'ne figurent')} pas sur la carte ; "
            f"{plural(n, 'elle reste comptée', 'elles restent comptées')} dans le tableau et dans les totaux.")


st.title("Commandes")
period = f" · évolution {state.debut}–{state.fin}" if state.debut < state.fin else ""
st.caption(f"Année {year}" + (f", comparée à {base}" if compare else "") + period
           + (f" · {view.filters_text()}" if state.has_filters() else ""))

# --- key figures --------------------------------------------------------------------------------
KEY_FIGURES = [("commandes_total", "Commandes (ASSLL et diagnostics)"), ("commandes_assll", "Commandes d'ASSLL"),
               ("commandes_diagnostic", "Commandes de diagnostic")]
columns = st.columns(len(KEY_FIGURES))
for column, (ind_id, label) in zip(columns, KEY_FIGURES, strict=True):
    components.key_figure(column, label, data.value(ind_id, year, flt).value, data.value(ind_id, base, flt).value,
                          base if compare else None, help=definition(ind_id))
if not data.value("commandes_total", year, flt).value:
    components.no_data(f"Aucune commande en {year} pour ces filtres. Élargissez la période ou retirez un filtre.")

# --- by sector ----------------------------------------------------------------------------------
st.subheader("Par secteur ASSLL")
components.breakdown_card(
    data.value("commandes_par_secteur", year, flt), "secteur", "Secteur", "Commandes par secteur ASSLL",
    "commandes_secteur",
    note="Toutes les demandes de l'année (ASSLL et diagnostics), selon le secteur indiqué dans l'export ; "
         "entre parenthèses, la part de chaque secteur.")

# --- by TAS, over the period --------------------------------------------------------------------
st.subheader(f"Nouvelles commandes par territoire d'action sociale depuis {state.debut}")
tas_points = tables.series(data.series("commandes_par_tas", state.annees, flt))
tas_labels = {k: view.label("tas", k) for k in tas_points}
tas_title = view.title("Nouvelles commandes par territoire d'action sociale (TAS)", period=True)
shape = st.radio("Présentation", ["Barres empilées", "Courbes"], horizontal=True, key="commandes_tas_affichage")
if shape == "Courbes":
    fig = charts.lines(tas_points, tas_labels, view.colours("tas"), tas_title)
else:
    fig = charts.stacked_years(tas_points, tas_labels, view.colours("tas"), tas_title)
components.chart_card(fig, tables.years_wide(tas_points, lambda k: tas_labels[k]), "commandes_tas",
                      ["commandes_par_tas"],
                      note="Toutes les demandes de chaque année (ASSLL et diagnostics), selon le TAS (celui du "
                           "secteur quand l'export ne le donne pas).")

# --- by EPCI and by commune (maps) --------------------------------------------------------------
st.subheader("Répartition géographique")
epci = data.value("commandes_par_epci", year, flt)
communes = data.value("commandes_par_commune", year, flt)
agglo = data.value("part_commandes_agglomerations_pct", year, flt)
agglo_before = data.value("part_commandes_agglomerations_pct", base, flt)

epci_table = pl.DataFrame(
    {"EPCI": [view.label("epci", k) for k in tables.keys_shown([epci])],
     "Code SIREN": [k if k not in tables.CATCH_ALL else "" for k in tables.keys_shown([epci])],
     f"Commandes {year}": [epci.value[k] for k in tables.keys_shown([epci])]})
left, right = st.columns([2, 1])
with left:
    title = view.title("Commandes par EPCI", year)
    try:
        drawn = geo.codes("epci")
        if tables.total(epci):
            fig = geo.choropleth("epci", epci.value, {k: view.label("epci", k) for k in drawn}, title)
        else:
            fig = charts.empty(title)
        components.chart_card(fig, epci_table, "commandes_epci", ["commandes_par_epci"],
                              note=unknown_caption(epci, drawn))
    except geo.MapUnavailable as exc:
        st.warning(str(exc), icon=":material/map:")
        components.data_table(epci_table, "commandes_epci", "commandes-par-epci")
with right:
    st.metric("Part des deux agglomérations", fmt.percent(agglo.value), border=True,
              help=definition("part_commandes_agglomerations_pct"))
    if agglo.denominator:
        text = (f"{fmt.number(agglo.numerator)} {plural(agglo.numerator, 'demande', 'demandes')} sur "
                f"{fmt.number(agglo.denominator)} dans la CA du Grand Angoulême et la CA du Grand Cognac")
        if compare and agglo_before.value is not None:
            text += f" (contre {fmt.percent(agglo_before.value)} en {base})"
        st.caption(text + ". Les demandes dont la commune est inconnue restent au dénominateur.")

on_map = {k: v for k, v in communes.value.items() if v}
commune_keys = sorted(on_map, key=lambda k: (k in tables.CATCH_ALL, -on_map[k], view.label("commune", k)))
epci_of: dict[str, str] = {}
with contextlib.suppress(geo.MapUnavailable):  # the table still lists the communes, without their EPCI
    epci_of = geo.parents("commune", "code_epci")
commune_table = pl.DataFrame(
    {"Commune": [view.label("commune", k) for k in commune_keys],
     "Code INSEE": [k if k not in tables.CATCH_ALL else "" for k in commune_keys],
     "EPCI": [view.label("epci", epci_of[k]) if k in epci_of else "" for k in commune_keys],
     f"Commandes {year}": [on_map[k] for k in commune_keys]},
    schema={"Commune": pl.String, "Code INSEE": pl.String, "EPCI": pl.String, f"Commandes {year}": pl.Int64})
title = view.title("Commandes par commune", year)
try:
    drawn = geo.codes("commune")
    if on_map:
        fig = geo.choropleth("commune", on_map, {k: view.label("commune", k) for k in on_map}, title)
    else:
        fig = charts.empty(title)
    components.chart_card(fig, commune_table, "commandes_communes", ["commandes_par_commune"],
                          note=unknown_caption(communes, drawn) + " Le tableau ne liste que les communes ayant au "
                          "moins une demande.")
except geo.MapUnavailable as exc:
    st.warning(str(exc), icon=":material/map:")
    components.data_table(commune_table, "commandes_communes", "commandes-par-commune")

# --- tenure status ------------------------------------------------------------------------------
st.subheader("Statut d'occupation des demandeurs d'ASSLL")
left, right = st.columns([2, 1])
with left:
    components.breakdown_card(
        data.value("commandes_assll_par_statut_occupation", year, flt), "statut_occupation", "Statut d'occupation",
        "Commandes d'ASSLL par statut d'occupation", "commandes_statut")
with right:
    for ind_id, label, whole in (("part_locataires_pct", "Part de locataires", "demandes d'ASSLL"),
                                 ("part_parc_prive_parmi_locataires_pct", "dont locataires du parc privé",
                                  "locataires")):
        now, before = data.value(ind_id, year, flt), data.value(ind_id, base, flt)
        st.metric(label, fmt.percent(now.value), border=True, help=definition(ind_id))
        if now.denominator:
            text = f"{fmt.number(now.numerator)} sur {fmt.number(now.denominator)} {whole}"
            if compare and before.value is not None:
                text += f" (contre {fmt.percent(before.value)} en {base})"
            st.caption(text + ".")

# --- main objective -----------------------------------------------------------------------------
st.subheader("Objectif principal des commandes d'ASSLL")
components.breakdown_card(
    data.value("commandes_assll_par_objectif", year, flt), "objectif", "Objectif principal",
    "Commandes d'ASSLL par objectif principal", "commandes_objectif",
    note="Le premier objectif indiqué dans la demande ; entre parenthèses, la part des demandes d'ASSLL de l'année.")
