"""Équilibre des secteurs: waiting requests and workload per ETP at a date, the suggested mutualisation,
and the history of mutualisations over the period.

The balance rule lives in pipelines/published/balance_rule.py (shared with the reports) and is stated on the page.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from dashboard import access, components, data, page_scripts, tables
from dashboard.exports import csv_bytes, xlsx_bytes
from dashboard.view import current
from pipelines.indicators.engine import default_as_of
from pipelines.published import balance_rule, fmt, sentences
from pipelines.published.equilibre import sector_balance
from pipelines.reference.schema import CATCH_ALL
from visuals import charts, palette
from visuals.charts import Item

view = current()
state = view.state
flt = state.filters()
pub = data.published()
DATE_KEY = "equilibre_date"
YEAR_KEY = "_equilibre_annee"
STATUS_COLOURS = {
    balance_rule.SURCHARGE: palette.ALERT,
    balance_rule.CHARGE_ELEVEE: palette.ACCENT,
    balance_rule.CAPACITE: palette.GOOD,
    balance_rule.EQUILIBRE: palette.NEUTRAL,
    balance_rule.SANS_ETP: "#949494",
}
STATUS_SHORT = {
    balance_rule.SURCHARGE: "surchargé",
    balance_rule.CHARGE_ELEVEE: "charge élevée",
    balance_rule.CAPACITE: "capacité disponible",
    balance_rule.EQUILIBRE: "équilibré",
    balance_rule.SANS_ETP: "sans ETP",
}
STATUS_BACKGROUND = {
    balance_rule.SURCHARGE: "#FBE3D6",
    balance_rule.CHARGE_ELEVEE: "#FDF0D5",
    balance_rule.CAPACITE: "#D5F0E6",
}


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
    page_scripts.run("saisie_date.js")  # Enter applies a typed date
    day = st.date_input(
        "Situation au",
        key=DATE_KEY,
        min_value=lowest,
        max_value=highest,
        format="DD/MM/YYYY",
        on_change=_keep_in_url,
        help="Les commandes en attente et les mesures en cours sont comptées à cette date ; les "
        "ETP sont ceux de son année.",
    )
    return day if isinstance(day, dt.date) else default


st.title("Équilibre des secteurs")
left, _ = st.columns([1, 3])
with left:
    as_of = as_of_date()
st.caption(
    f"Situation au {fmt.short_date(as_of)} (ETP {as_of.year}) · mutualisations {state.debut}–{state.fin}"
    + (f" · {view.filters_text()}" if state.has_filters() else "")
)

# --- the balance at the date -------------------------------------------------------------------
tas_of = dict(data.query("secteurs_tas").iter_rows())
view_balance = sector_balance(
    pub, as_of, lambda s, t: (not state.secteur or s in state.secteur) and (not state.tas or t in state.tas), tas_of
)
sectors = view_balance.sectors
result = view_balance.result

st.subheader("Charge des secteurs")
if not sectors:
    components.no_data("Aucun secteur ne correspond à ces filtres.")
else:
    # The waits before the start of the measure, in the suggestion's box: where a household waits longest.
    said = view_balance.suggestion + (f"\n\n{view_balance.attente}" if view_balance.attente else "")
    if result.origine is not None:
        st.success(said, icon=":material/swap_horiz:")
    else:
        st.info(said, icon=":material/balance:")
    with st.container(border=True):
        st.markdown("**Règle appliquée**\n\n" + "\n".join(f"- {line}" for line in view_balance.rule))
    if state.type or state.epci or state.prescripteur or state.instance:
        st.warning(
            "Avec les filtres de type de mesure, d'EPCI, de prescripteur ou d'instance, les charges ne "
            "comptent qu'une partie de l'activité des secteurs : lisez la suggestion avec prudence.",
            icon=":material/filter_alt:",
        )
    elif state.secteur or state.tas:
        st.caption("La charge départementale est calculée sur les secteurs retenus par les filtres.")
    unassigned = view_balance.unassigned
    if (
        unassigned["en_attente"].masked
        or unassigned["en_cours"].masked
        or unassigned["en_attente"].value
        or unassigned["en_cours"].value
    ):
        st.caption(
            f"Sans secteur reconnu, donc comptées dans aucun secteur : {unassigned['en_attente'].text} "
            f"commande(s) en attente et {unassigned['en_cours'].text} mesure(s) en cours."
        )

    totals = view_balance.totals
    table = tables.frame(
        {
            "Secteur": [s.secteur for s in sectors] + ["Ensemble des secteurs"],
            "TAS": [s.tas for s in sectors] + [None],
            "Commandes en attente": [s.en_attente for s in sectors] + [totals["en_attente"]],
            "Mesures en cours": [s.en_cours for s in sectors] + [totals["en_cours"]],
            "ETP": [s.etp for s in sectors] + [totals["etp"]],
            "Charge par ETP": [s.charge for s in sectors] + [view_balance.reference],
            "Écart au département (%)": [s.ecart for s in sectors] + [None],
            "Situation": [balance_rule.STATUS_LABELS[s.statut] for s in sectors] + [None],
            # Requests accepted in the year of the date, followed up to the date (time to event).
            "Durée d'attente médiane (jours, IC 95 %)": [s.attente_mediane.text for s in sectors]  # type: ignore[union-attr]  # set by sector_balance
            + [view_balance.attente_reference.text],  # type: ignore[union-attr]  # set by sector_balance
            "Ménages encore en attente": [s.encore_en_attente for s in sectors] + [None],
            "Durée d'attente la plus longue en cours (jours)": [s.attente_max for s in sectors] + [None],
            "Attente signalée": ["Oui : plus de deux fois le département" if s.attente_longue else "" for s in sectors]
            + [None],
        }
    )
    statuses = [s.statut for s in sectors] + [None]

    def highlight(row) -> list[str]:
        colour = STATUS_BACKGROUND.get(statuses[row.name])
        bold = "font-weight: 600;" if row.name == len(sectors) else ""
        return [(f"background-color: {colour};" if colour else "") + bold] * len(row)

    def shown(format_one):
        """French display of a number; a text (« < 5 », « masqué ») as it is; an empty cell reads « – »."""
        return lambda v: "–" if v is None or v != v else v if isinstance(v, str) else format_one(v)

    styled = (
        table.to_pandas()
        .style.apply(highlight, axis=1)
        .format(
            {
                "ETP": shown(lambda v: fmt.number(v, 1)),
                "Charge par ETP": shown(lambda v: fmt.number(v, 1)),
                "Écart au département (%)": shown(lambda v: fmt.percent(v, signed=True)),
                "Ménages encore en attente": shown(fmt.number),
                "Durée d'attente la plus longue en cours (jours)": shown(fmt.number),
            },
            na_rep="–",
        )
    )
    # The situation first: on a narrow screen the columns that scroll out of view are the details.
    st.dataframe(
        styled,
        hide_index=True,
        key="equilibre_tableau",
        placeholder="–",
        column_order=[
            "Secteur",
            "Situation",
            "Charge par ETP",
            "Écart au département (%)",
            "Commandes en attente",
            "Mesures en cours",
            "ETP",
            "Durée d'attente médiane (jours, IC 95 %)",
            "Ménages encore en attente",
            "Durée d'attente la plus longue en cours (jours)",
            "Attente signalée",
            "TAS",
        ],
    )
    st.caption(
        f"Attente avant le début de la mesure : demandes d'ASSLL accordées en {as_of.year} jusqu'au "
        f"{fmt.short_date(as_of)}, suivies jusqu'à cette date (méthode de Kaplan–Meier, qui tient compte des "
        "ménages qui attendent encore). « Ménages encore en attente » ne compte que ces demandes-là."
    )

    items = [
        Item(
            s.secteur,
            s.secteur,
            s.charge.value,
            masked=s.charge.masked,
            text=f"{s.charge.text} · {STATUS_SHORT[s.statut]}",
        )
        for s in sectors
    ]
    colours = {s.secteur: STATUS_COLOURS[s.statut] for s in sectors}
    references = [
        (view_balance.reference.value, f"Département : {view_balance.reference.text}", "solid", 1),
        (
            result.seuil_surcharge if view_balance.reference.shown else None,
            f"+{balance_rule.SURCHARGE_PCT}\u00a0%",
            "dash",
            0,
        ),
        (
            result.seuil_capacite if view_balance.reference.shown else None,
            f"−{balance_rule.CAPACITE_PCT}\u00a0%",
            "dot",
            0,
        ),
    ]
    fig = charts.loads(items, colours, view.title(f"Charge par ETP au {fmt.short_date(as_of)}", as_of.year), references)
    components.chart_card(
        fig,
        table,
        "equilibre_charge",
        [
            "commandes_en_attente_par_secteur",
            "mesures_en_cours_par_secteur",
            "etp_par_secteur",
            "charge_par_etp_par_secteur",
            "attente_debut_mediane_jours",
            "attente_debut_mediane_jours_par_secteur",
        ],
        note="Rouge : surchargé ; orange : charge élevée sans commande en attente ; vert : capacité disponible ; "
        "gris : équilibré. Trait plein : charge départementale ; tirets et pointillés : les seuils de la règle.",
    )
    components.filter_notes(["etp_par_secteur"])

# --- history of mutualisations ----------------------------------------------------------------
st.subheader(f"Mutualisations {state.debut}–{state.fin}")
components.filter_notes(["mutualisations"])
counts = pub.series("mutualisations", state.annees)
year, base = state.annee, state.comparaison
st.markdown(str(sentences.mutualisations(pub, year, base)))
if not any(f.masked or f.value for f in counts.values()):
    components.no_data(f"Aucune mutualisation de {state.debut} à {state.fin} avec ces filtres.")
else:
    items = [Item(str(y), str(y), counts[y].value, masked=counts[y].masked) for y in state.annees]
    fig = charts.bars(items, {}, view.title("Mutualisations par année", period=True), horizontal=False)
    table = tables.frame({"Année": state.annees, "Mutualisations": [counts[y] for y in state.annees]})
    components.chart_card(fig, table, "equilibre_mutualisations_annees", ["mutualisations"])

    origin = pub.breakdown_over("mutualisations_par_secteur_origine", state.annees)
    host = pub.breakdown_over("mutualisations_par_secteur_accueil", state.annees)
    keys = tables.keys_shown([origin, host])
    labels = [view.label("secteur", k) for k in keys]
    fig = charts.grouped(
        labels,
        {"origine": [origin.get(k).value for k in keys], "accueil": [host.get(k).value for k in keys]},
        {"origine": "Secteur d'origine (a confié la mesure)", "accueil": "Secteur d'accueil (a pris la mesure)"},
        {"origine": palette.ALERT, "accueil": palette.GOOD},
        view.title("Mutualisations par secteur", period=True),
        horizontal=True,
        masked={"origine": [origin.get(k).masked for k in keys], "accueil": [host.get(k).masked for k in keys]},
    )
    table = tables.frame(
        {
            "Secteur": labels,
            "Mesures confiées (origine)": [origin.get(k) for k in keys],
            "Mesures prises (accueil)": [host.get(k) for k in keys],
        }
    )
    components.chart_card(
        fig,
        table,
        "equilibre_mutualisations_secteurs",
        ["mutualisations_par_secteur_origine", "mutualisations_par_secteur_accueil"],
    )

    if pub.diffusion:
        st.caption(
            "La liste détaillée des mutualisations n'est pas affichée en mode diffusion : chacune y est "
            "une ligne, donc un effectif de 1."
        )
    else:
        st.markdown("**Liste des mutualisations**")
        rows = data.query(
            "mutualisations_historique", flt, debut=dt.date(state.debut, 1, 1), fin=dt.date(state.fin, 12, 31)
        )
        catch_all = {k: view.label("secteur", k) for k in CATCH_ALL}
        unknown = catch_all["NON_RENSEIGNE"]
        history = rows.select(
            pl.col("date_mutualisation").alias("Date"),
            pl.col("id_mesure").alias("Mesure"),
            pl.col("secteur_origine").replace(catch_all).fill_null(unknown).alias("Secteur d'origine"),
            pl.col("secteur_accueil").replace(catch_all).fill_null(unknown).alias("Secteur d'accueil"),
        )
        st.dataframe(
            history,
            hide_index=True,
            key="equilibre_historique",
            column_config={"Date": st.column_config.DateColumn("Date", format="DD/MM/YYYY")},
        )
        stem = f"mutualisations-{state.debut}-{state.fin}"
        left, right = st.columns(2)
        left.download_button(
            "Télécharger la liste (CSV)",
            access.logged_download(lambda: csv_bytes(history), f"{stem}.csv", "equilibre"),
            file_name=f"{stem}.csv",
            mime="text/csv",
            key="csv_equilibre_historique",
            on_click="ignore",
            icon=":material/download:",
        )
        right.download_button(
            "Télécharger la liste (Excel)",
            access.logged_download(lambda: xlsx_bytes(history), f"{stem}.xlsx", "equilibre"),
            file_name=f"{stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="xlsx_equilibre_historique",
            on_click="ignore",
            icon=":material/download:",
        )
