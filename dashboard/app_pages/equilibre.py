"""Équilibre des secteurs: waiting requests and workload per ETP at a date, the suggested mutualisation,
and the history of mutualisations over the period.

The balance rule lives in pipelines/balance.py (shared with the reports) and is stated on the page.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from dashboard import components, data
from dashboard.exports import csv_bytes, xlsx_bytes
from dashboard.view import current
from pipelines import balance, fmt
from pipelines.indicators.engine import default_as_of
from visuals import charts, palette
from visuals.charts import Item

view = current()
state = view.state
flt = state.filters()
DATE_KEY = "equilibre_date"
YEAR_KEY = "_equilibre_annee"
CATCH_ALL = ("NON_RECONNU", "NON_RENSEIGNE")
STATUS_COLOURS = {balance.SURCHARGE: palette.ALERT, balance.CHARGE_ELEVEE: palette.ACCENT,
                  balance.CAPACITE: palette.GOOD, balance.EQUILIBRE: "#9CA3AF", balance.SANS_ETP: "#D9D9D9"}
STATUS_SHORT = {balance.SURCHARGE: "surchargé", balance.CHARGE_ELEVEE: "charge élevée",
                balance.CAPACITE: "capacité disponible", balance.EQUILIBRE: "équilibré", balance.SANS_ETP: "sans ETP"}
STATUS_BACKGROUND = {balance.SURCHARGE: "#FBE3D6", balance.CHARGE_ELEVEE: "#FDF0D5", balance.CAPACITE: "#D5F0E6"}


def _url_date(lowest: dt.date, highest: dt.date) -> dt.date | None:
    raw = st.query_params.get("date")
    try:
        day = dt.date.fromisoformat(str(raw).strip()) if raw else None
    except ValueError:
        return None
    return day if day is not None and lowest <= day <= highest else None


def _keep_in_url() -> None:
    day = st.session_state.get(DATE_KEY)
    if isinstance(day, dt.date):
        st.query_params["date"] = day.isoformat()


def as_of_date() -> dt.date:
    """The date of the balance: from the URL (`date=YYYY-MM-DD`), else 31 December of the year shown (today
    while that year is running); it follows the sidebar's year when that changes."""
    years = data.years()
    lowest = dt.date(min(years), 1, 1)
    highest = max(dt.date(max(years), 12, 31), dt.date.today())
    default = min(max(default_as_of(state.annee), lowest), highest)
    if st.session_state.get(YEAR_KEY) != state.annee:
        if YEAR_KEY in st.session_state:  # the year changed in the sidebar: its default date applies
            st.query_params.pop("date", None)
            st.session_state[DATE_KEY] = default
        else:
            st.session_state[DATE_KEY] = _url_date(lowest, highest) or default
        st.session_state[YEAR_KEY] = state.annee
    elif not isinstance(st.session_state.get(DATE_KEY), dt.date):
        st.session_state[DATE_KEY] = _url_date(lowest, highest) or default
    day = st.date_input("Situation au", key=DATE_KEY, min_value=lowest, max_value=highest, format="DD/MM/YYYY",
                        on_change=_keep_in_url,
                        help="Les commandes en attente et les mesures en cours sont comptées à cette date ; les "
                             "ETP sont ceux de son année.")
    return day if isinstance(day, dt.date) else default


st.title("Équilibre des secteurs")
left, _ = st.columns([1, 3])
with left:
    as_of = as_of_date()
st.caption(f"Situation au {fmt.short_date(as_of)} (ETP {as_of.year}) · mutualisations {state.debut}–{state.fin}"
           + (f" · {view.filters_text()}" if state.has_filters() else ""))

# --- the balance at the date -------------------------------------------------------------------
waiting = data.value("commandes_en_attente_par_secteur", as_of.year, flt, as_of=as_of).value
in_progress = data.value("mesures_en_cours_par_secteur", as_of.year, flt, as_of=as_of).value
load = data.value("charge_par_etp_par_secteur", as_of.year, flt, as_of=as_of).value
etp = data.value("etp_par_secteur", as_of.year, flt).value
tas_of = dict(data.query("secteurs_tas").iter_rows())
shown = [s for s in load
         if (not state.secteur or s in state.secteur) and (not state.tas or tas_of.get(s) in state.tas)]
sectors = [balance.SectorLoad(s, tas_of.get(s), int(waiting.get(s) or 0), int(in_progress.get(s) or 0), etp.get(s))
           for s in shown]
result = balance.assess(sectors)

st.subheader("Charge des secteurs")
if not sectors:
    components.no_data("Aucun secteur ne correspond à ces filtres.")
else:
    if result.origine is not None:
        st.success(balance.suggestion_text(result), icon=":material/swap_horiz:")
    else:
        st.info(balance.suggestion_text(result), icon=":material/balance:")
    with st.container(border=True):
        st.markdown("**Règle appliquée**\n\n" + "\n".join(f"- {line}" for line in balance.rule_lines(result)))
    if state.type or state.epci or state.prescripteur or state.instance:
        st.warning("Avec les filtres de type de mesure, d'EPCI, de prescripteur ou d'instance, les charges ne "
                   "comptent qu'une partie de l'activité des secteurs : lisez la suggestion avec prudence.",
                   icon=":material/filter_alt:")
    elif state.secteur or state.tas:
        st.caption("La charge départementale est calculée sur les secteurs retenus par les filtres.")
    unassigned_waiting = sum(waiting.get(k) or 0 for k in CATCH_ALL)
    unassigned_progress = sum(in_progress.get(k) or 0 for k in CATCH_ALL)
    if unassigned_waiting or unassigned_progress:
        st.caption(f"Sans secteur reconnu, donc comptées dans aucun secteur : {fmt.number(unassigned_waiting)} "
                   f"commande(s) en attente et {fmt.number(unassigned_progress)} mesure(s) en cours.")

    rows = {
        "Secteur": [s.secteur for s in sectors] + ["Ensemble des secteurs"],
        "TAS": [s.tas for s in sectors] + [None],
        "Commandes en attente": [s.en_attente for s in sectors] + [sum(s.en_attente for s in sectors)],
        "Mesures en cours": [s.en_cours for s in sectors] + [sum(s.en_cours for s in sectors)],
        "ETP": [s.etp for s in sectors] + [sum(s.etp or 0 for s in sectors)],
        "Charge par ETP": [load.get(s.secteur) for s in sectors] + [result.reference],
        "Écart au département (%)": [result.ecart_pct(s) for s in sectors] + [None],
        "Situation": [balance.STATUS_LABELS[result.statuses[s.secteur]] for s in sectors] + [None],
    }
    table = pl.DataFrame(rows, schema_overrides={"ETP": pl.Float64, "Charge par ETP": pl.Float64,
                                                 "Écart au département (%)": pl.Float64}, strict=False)
    statuses = [result.statuses[s.secteur] for s in sectors] + [None]

    def highlight(row) -> list[str]:
        colour = STATUS_BACKGROUND.get(statuses[row.name])
        bold = "font-weight: 600;" if row.name == len(sectors) else ""
        return [(f"background-color: {colour};" if colour else "") + bold] * len(row)

    def shown(format_one):
        """French display of a cell; an empty cell (None or NaN) stays empty."""
        return lambda v: "–" if v is None or v != v else format_one(v)

    styled = table.to_pandas().style.apply(highlight, axis=1).format({
        "ETP": shown(lambda v: fmt.number(v, 1)),
        "Charge par ETP": shown(lambda v: fmt.number(v, 1)),
        "Écart au département (%)": shown(lambda v: fmt.percent(v, signed=True)),
    }, na_rep="–")
    # The situation first: on a narrow screen the columns that scroll out of view are the details.
    st.dataframe(styled, hide_index=True, key="equilibre_tableau", placeholder="–", column_order=[
        "Secteur", "Situation", "Charge par ETP", "Écart au département (%)", "Commandes en attente",
        "Mesures en cours", "ETP", "TAS"])

    items = [Item(s.secteur, s.secteur, load.get(s.secteur),
                  text=f"{fmt.number(load.get(s.secteur), 1)} · {STATUS_SHORT[result.statuses[s.secteur]]}")
             for s in sectors]
    colours = {s.secteur: STATUS_COLOURS[result.statuses[s.secteur]] for s in sectors}
    references = [
        (result.reference, f"Département : {fmt.number(result.reference, 1)}", "solid", 1),
        (result.seuil_surcharge, f"+{balance.SURCHARGE_PCT}\u00a0%", "dash", 0),
        (result.seuil_capacite, f"−{balance.CAPACITE_PCT}\u00a0%", "dot", 0),
    ]
    fig = charts.loads(items, colours, view.title(f"Charge par ETP au {fmt.short_date(as_of)}", as_of.year),
                       references)
    components.chart_card(
        fig, table, "equilibre_charge",
        ["commandes_en_attente_par_secteur", "mesures_en_cours_par_secteur", "etp_par_secteur",
         "charge_par_etp_par_secteur"],
        note="Rouge : surchargé ; orange : charge élevée sans commande en attente ; vert : capacité disponible ; "
             "gris : équilibré. Trait plein : charge départementale ; tirets et pointillés : les seuils de la règle.",
    )

# --- history of mutualisations ----------------------------------------------------------------
st.subheader(f"Mutualisations {state.debut}–{state.fin}")
counts = data.series("mutualisations", state.annees, flt)
year, base = state.annee, state.comparaison
now = counts[year].value or 0
before = data.value("mutualisations", base, flt).value or 0 if base != year else None
against = f" (contre {fmt.number(before)} en {base})" if before is not None else ""
if now:
    st.markdown(f"En {year}, la coordination a eu recours à la mutualisation à {fmt.number(now)} reprise"
                f"{'s' if now > 1 else ''}{against}.")
else:
    st.markdown(f"En {year}, la coordination n'a pas eu recours à la mutualisation{against}.")
total = sum(v.value or 0 for v in counts.values())
if not total:
    components.no_data(f"Aucune mutualisation de {state.debut} à {state.fin} avec ces filtres.")
else:
    items = [Item(str(y), str(y), counts[y].value or 0) for y in state.annees]
    fig = charts.bars(items, {}, view.title("Mutualisations par année", period=True), horizontal=False)
    table = pl.DataFrame({"Année": state.annees, "Mutualisations": [counts[y].value or 0 for y in state.annees]},
                         schema_overrides={"Mutualisations": pl.Int64}, strict=False)
    components.chart_card(fig, table, "equilibre_mutualisations_annees", ["mutualisations"])

    origin = {y: data.value("mutualisations_par_secteur_origine", y, flt).value for y in state.annees}
    host = {y: data.value("mutualisations_par_secteur_accueil", y, flt).value for y in state.annees}
    keys = [k for k in origin[state.annees[0]]
            if k not in CATCH_ALL or any(origin[y].get(k) or host[y].get(k) for y in state.annees)]
    given = [sum(origin[y].get(k) or 0 for y in state.annees) for k in keys]
    taken = [sum(host[y].get(k) or 0 for y in state.annees) for k in keys]
    labels = [view.label("secteur", k) for k in keys]
    fig = charts.grouped(labels, {"origine": given, "accueil": taken},
                         {"origine": "Secteur d'origine (a confié la mesure)",
                          "accueil": "Secteur d'accueil (a pris la mesure)"},
                         {"origine": palette.ALERT, "accueil": palette.GOOD},
                         view.title("Mutualisations par secteur", period=True), horizontal=True)
    table = pl.DataFrame({"Secteur": labels, "Mesures confiées (origine)": given, "Mesures prises (accueil)": taken},
                         schema_overrides={"Mesures confiées (origine)": pl.Int64,
                                           "Mesures prises (accueil)": pl.Int64}, strict=False)
    components.chart_card(fig, table, "equilibre_mutualisations_secteurs",
                          ["mutualisations_par_secteur_origine", "mutualisations_par_secteur_accueil"])

    st.markdown("**Liste des mutualisations**")
    rows = data.query("mutualisations_historique", flt, debut=dt.date(state.debut, 1, 1),
                      fin=dt.date(state.fin, 12, 31))
    catch_all = {k: view.label("secteur", k) for k in CATCH_ALL}
    history = rows.select(
        pl.col("date_mutualisation").alias("Date"),
        pl.col("id_mesure").alias("Mesure"),
        pl.col("secteur_origine").replace(catch_all).fill_null(catch_all["NON_RENSEIGNE"]).alias("Secteur d'origine"),
        pl.col("secteur_accueil").replace(catch_all).fill_null(catch_all["NON_RENSEIGNE"]).alias("Secteur d'accueil"),
    )
    st.dataframe(history, hide_index=True, key="equilibre_historique",
                 column_config={"Date": st.column_config.DateColumn("Date", format="DD/MM/YYYY")})
    stem = f"mutualisations-{state.debut}-{state.fin}"
    left, right = st.columns(2)
    left.download_button("Télécharger la liste (CSV)", lambda: csv_bytes(history), file_name=f"{stem}.csv",
                         mime="text/csv", key="csv_equilibre_historique", on_click="ignore",
                         icon=":material/download:")
    right.download_button(
        "Télécharger la liste (Excel)", lambda: xlsx_bytes(history), file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="xlsx_equilibre_historique",
        on_click="ignore", icon=":material/download:",
    )
