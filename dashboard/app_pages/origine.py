"""Origine des demandes: who asks for ASSLL measures and diagnostics (prescripteurs, groups of dispositifs,
instance), the year in sentences and the evolution over the period."""

from __future__ import annotations

import streamlit as st

from dashboard import components, data, tables
from dashboard.view import current
from pipelines.published import sentences
from visuals import charts, share_charts

view = current()
state = view.state
year, base = state.annee, state.comparaison
compare = base != year
pub = data.published()
TYPES = {
    "ASSLL": ("Commandes d'ASSLL", "commandes d'ASSLL"),
    "DIAGNOSTIC": ("Commandes de diagnostic", "commandes de diagnostic"),
}

st.title("Origine des demandes")
period = f" · évolution {state.debut}–{state.fin}" if state.debut < state.fin else ""
st.caption(
    f"Année {year}"
    + (f", comparée à {base}" if compare else "")
    + period
    + (f" · {view.filters_text()}" if state.has_filters() else "")
)

if all(pub.breakdown(f"commandes_{t.lower()}_par_prescripteur", year).is_empty for t in TYPES):
    components.no_data(f"Aucune commande en {year} pour ces filtres. Élargissez la période ou retirez un filtre.")

# --- the year in sentences (report, section III.B to D) -------------------------------------------
found = [
    sentences.share(
        pub,
        "part_assll_travailleurs_sociaux_pct",
        year,
        base,
        "les travailleurs sociaux ont été à l'origine de",
        "des demandes d'ASSLL",
    ),
    sentences.fsl_assll(pub, year, base) if pub.value("commandes_assll", year).value != 0 else None,
    sentences.share(
        pub,
        "part_diagnostics_commissions_fsl_pct",
        year,
        base,
        "les commissions FSL ont été à l'origine de",
        "des demandes de diagnostic",
    ),
    sentences.groups(pub, year, base),
]
found = [str(s) for s in found if s]  # type: ignore[misc]  # the sentences, then their texts
if found:
    st.subheader(f"L'année {year} en quelques phrases")
    for sentence in found:
        st.markdown(f"- {sentence}")

# --- prescripteurs, groups of dispositifs, instance of the year -----------------------------------
st.subheader("Prescripteurs")
columns = st.columns(2)
for column, kind in zip(columns, TYPES, strict=True):
    with column:
        components.breakdown_card(
            f"commandes_{kind.lower()}_par_prescripteur",
            "prescripteur",
            "Prescripteur",
            f"{TYPES[kind][0]} par prescripteur",
            f"origine_prescripteur_{kind.lower()}",
            hide_zero=True,
            note="Seuls les prescripteurs ayant au moins une demande sont représentés ; le tableau les donne tous.",
        )

st.subheader("Commissions et dispositifs d'origine")
columns = st.columns(2)
for column, kind in zip(columns, TYPES, strict=True):
    with column:
        components.breakdown_card(
            f"commandes_{kind.lower()}_par_groupe_dispositif",
            "groupe_dispositif",
            "Groupe de dispositifs",
            f"{TYPES[kind][0]} par groupe de dispositifs",
            f"origine_groupe_{kind.lower()}",
        )
st.caption(
    "Accès et Maintien : commissions FSL Accès et Maintien ; Énergie et dettes multiples : commissions "
    "spécifiques (impayés d'énergie) et dettes multiples ; PIG, Diogène et DALO : PIG insalubrité, cellule "
    "incurie Diogène et commission de médiation DALO."
)

st.subheader("Instance de décision")
components.breakdown_card(
    "commandes_assll_par_instance",
    "instance",
    "Instance",
    "Commandes d'ASSLL par instance de décision",
    "origine_instance",
    note="La commission FSL examine les demandes associées à une demande d'aide "
    "financière ; le GTS, celles qui n'en ont pas.",
)

# --- evolution over the period ------------------------------------------------------------------
st.subheader("Évolution sur la période")
if state.debut == state.fin:
    st.info(
        "Choisissez dans la barre latérale une période de plusieurs années pour voir l'évolution.",
        icon=":material/date_range:",
    )
else:
    ids = {"ASSLL": "part_assll_travailleurs_sociaux_pct", "DIAGNOSTIC": "part_diagnostics_commissions_fsl_pct"}
    shares = {k: pub.series(i, state.annees) for k, i in ids.items()}
    share_labels = {
        "ASSLL": "Travailleurs sociaux, parmi les commandes d'ASSLL",
        "DIAGNOSTIC": "Commissions FSL, parmi les commandes de diagnostic",
    }
    share_colours = {
        "ASSLL": view.colours("prescripteur")["TRAVAILLEUR_SOCIAL"],
        "DIAGNOSTIC": view.colours("prescripteur")["COMMISSION_FSL"],
    }
    fig = charts.lines(
        {k: [(y, f.value) for y, f in by_year.items()] for k, by_year in shares.items()},
        share_labels,
        share_colours,
        view.title("Part des demandes venant du principal prescripteur", period=True, wide=True),
        percent=True,
        masked={k: [y for y, f in by_year.items() if f.masked] for k, by_year in shares.items()},
    )
    counts = {k: [tables.share_counts(f) for f in by_year.values()] for k, by_year in shares.items()}
    table = tables.frame(
        {
            "Année": state.annees,
            "Part des travailleurs sociaux (ASSLL, %)": list(shares["ASSLL"].values()),
            "Commandes d'ASSLL des travailleurs sociaux": [num for num, _ in counts["ASSLL"]],
            "Commandes d'ASSLL": [den for _, den in counts["ASSLL"]],
            "Part des commissions FSL (diagnostics, %)": list(shares["DIAGNOSTIC"].values()),
            "Commandes de diagnostic des commissions FSL": [num for num, _ in counts["DIAGNOSTIC"]],
            "Commandes de diagnostic": [den for _, den in counts["DIAGNOSTIC"]],
        }
    )
    components.chart_card(fig, table, "origine_parts_annees", list(ids.values()))

    kind = components.url_radio(
        "Commandes suivies", {k: v[0] for k, v in TYPES.items()}, "origine_type_evolution", "suivi"
    )
    ind_id = f"commandes_{kind.lower()}_par_prescripteur"
    by_year = {y: pub.breakdown(ind_id, y) for y in state.annees}
    points, masked = tables.series(by_year)
    labels = {k: view.label("prescripteur", k) for k in points}
    fig = charts.stacked_years(
        points,
        labels,
        view.colours("prescripteur"),
        view.title(f"{TYPES[kind][0]} par prescripteur", period=True, wide=True),
        masked=tables.masked_per_year(masked),
    )
    components.chart_card(
        fig,
        tables.years_wide(by_year, list(points), labels.get),  # type: ignore[arg-type]  # every key has a label
        "origine_prescripteurs_annees",
        [ind_id],
    )
    ind_id = f"commandes_{kind.lower()}_par_groupe_dispositif"
    by_year = {y: pub.breakdown(ind_id, y) for y in state.annees}
    keys = tables.keys_shown(list(by_year.values()))
    labels = {k: view.label("groupe_dispositif", k) for k in keys}
    fig = share_charts.stacked_shares(
        {k: [(y, b.part(k), b.get(k)) for y, b in by_year.items()] for k in keys},
        labels,
        view.colours("groupe_dispositif"),
        view.title(f"Part de chaque groupe de dispositifs ({TYPES[kind][1]})", period=True, wide=True),
    )
    components.chart_card(
        fig,
        tables.years_wide(by_year, keys, labels.get),  # type: ignore[arg-type]  # every key has a label
        "origine_groupes_annees",
        [ind_id],
        note="Chaque barre fait 100 % des commandes de l'année ; le nombre de commandes s'affiche "
        "au survol et dans le tableau.",
    )
