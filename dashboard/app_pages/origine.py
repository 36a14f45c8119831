"""Origine des demandes: who asks for ASSLL measures and diagnostics (prescripteurs, groups of dispositifs,
instance), the year in sentences and the evolution over the period."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import components, data, tables
from dashboard.view import current
from pipelines import narrative
from visuals import charts

view = current()
state = view.state
year, base = state.annee, state.comparaison
compare = base != year
flt = state.filters()
TYPES = {"ASSLL": ("Commandes d'ASSLL", "commandes d'ASSLL"),
         "DIAGNOSTIC": ("Commandes de diagnostic", "commandes de diagnostic")}

st.title("Origine des demandes")
period = f" · évolution {state.debut}–{state.fin}" if state.debut < state.fin else ""
st.caption(f"Année {year}" + (f", comparée à {base}" if compare else "") + period
           + (f" · {view.filters_text()}" if state.has_filters() else ""))

prescripteurs = {t: data.value(f"commandes_{t.lower()}_par_prescripteur", year, flt) for t in TYPES}
prescripteurs_before = {t: data.value(f"commandes_{t.lower()}_par_prescripteur", base, flt) for t in TYPES}
groupes = {t: data.value(f"commandes_{t.lower()}_par_groupe_dispositif", year, flt) for t in TYPES}
groupes_before = {t: data.value(f"commandes_{t.lower()}_par_groupe_dispositif", base, flt) for t in TYPES}
if not any(tables.total(v) for v in prescripteurs.values()):
    components.no_data(f"Aucune commande en {year} pour ces filtres. Élargissez la période ou retirez un filtre.")

# --- the year in sentences (report, section III.B to D) -------------------------------------------
ts = data.value("part_assll_travailleurs_sociaux_pct", year, flt)
ts_before = data.value("part_assll_travailleurs_sociaux_pct", base, flt)
fsl = data.value("part_diagnostics_commissions_fsl_pct", year, flt)
fsl_before = data.value("part_diagnostics_commissions_fsl_pct", base, flt)


def previous(value) -> float | None:
    return value.value if compare else None


def fsl_count_sentence() -> narrative.Sentence:
    """`Les commissions FSL ont quant à elles demandé 38 mesures d'ASSLL (contre 43 en 2023).`"""
    ind_id = "commandes_assll_par_prescripteur"
    n = prescripteurs["ASSLL"].value.get("COMMISSION_FSL", 0)
    parts = ["Les commissions FSL ont quant à elles demandé ", narrative.count(n, ind_id, "COMMISSION_FSL", year=year),
             " mesure d'ASSLL" if n is not None and n <= 1 else " mesures d'ASSLL"]
    if compare:
        before = prescripteurs_before["ASSLL"].value.get("COMMISSION_FSL", 0)
        parts += [" (contre ", narrative.count(before, ind_id, "COMMISSION_FSL", year=base), f" en {base})"]
    return narrative.Sentence([*parts, "."])


def groups_sentence() -> narrative.Sentence:
    """`En 2024, les commandes d'ASSLL proviennent pour 42,8 % du groupe « Accès et Maintien » (contre 50,0 %
    en 2023), pour … et pour …` (report, III.D)."""
    ind_id = "commandes_assll_par_groupe_dispositif"
    now, before = groupes["ASSLL"], groupes_before["ASSLL"]
    whole, whole_before = tables.total(now), tables.total(before)
    pieces = []
    for key, n in now.value.items():
        if not n:
            continue
        piece = ["pour ", narrative.pct(tables.share(n, whole), ind_id, key, year=year, kind="part"),
                 f" du groupe « {view.label('groupe_dispositif', key)} »"]
        if compare and whole_before:
            piece += [" (contre ", narrative.pct(tables.share(before.value.get(key, 0), whole_before), ind_id, key,
                                                 year=base, kind="part"), f" en {base})"]
        pieces.append(piece)
    if not pieces:
        return narrative.Sentence()
    joined = list(pieces[0])
    for i, piece in enumerate(pieces[1:], start=2):
        joined += [" et " if i == len(pieces) else ", ", *piece]
    return narrative.Sentence([f"En {year}, les commandes d'ASSLL proviennent ", *joined, "."])


sentences = [
    narrative.share(year, base, "les travailleurs sociaux ont été à l'origine de", "des demandes d'ASSLL",
                    ts.value, ts.numerator, previous(ts_before), "commandes_assll_par_prescripteur",
                    "TRAVAILLEUR_SOCIAL"),
    fsl_count_sentence() if ts.denominator else narrative.Sentence(),
    narrative.share(year, base, "les commissions FSL ont été à l'origine de", "des demandes de diagnostic",
                    fsl.value, fsl.numerator, previous(fsl_before), "commandes_diagnostic_par_prescripteur",
                    "COMMISSION_FSL"),
    groups_sentence(),
]
sentences = [str(s) for s in sentences if s]
if sentences:
    st.subheader(f"L'année {year} en quelques phrases")
    for sentence in sentences:
        st.markdown(f"- {sentence}")

# --- prescripteurs, groups of dispositifs, instance of the year -----------------------------------


st.subheader("Prescripteurs")
columns = st.columns(2)
for column, kind in zip(columns, TYPES, strict=True):
    with column:
        components.breakdown_card(prescripteurs[kind], "prescripteur", "Prescripteur",
                                  f"{TYPES[kind][0]} par prescripteur", f"origine_prescripteur_{kind.lower()}",
                                  hide_zero=True,
                                  note="Seuls les prescripteurs ayant au moins une demande sont représentés ; "
                                       "le tableau les donne tous.")

st.subheader("Commissions et dispositifs d'origine")
columns = st.columns(2)
for column, kind in zip(columns, TYPES, strict=True):
    with column:
        components.breakdown_card(groupes[kind], "groupe_dispositif", "Groupe de dispositifs",
                                  f"{TYPES[kind][0]} par groupe de dispositifs", f"origine_groupe_{kind.lower()}")
st.caption("Accès et Maintien : commissions FSL Accès et Maintien ; Énergie et dettes multiples : commissions "
           "spécifiques (impayés d'énergie) et dettes multiples ; PIG, Diogène et DALO : PIG insalubrité, cellule "
           "incurie Diogène et commission de médiation DALO.")

st.subheader("Instance de décision")
components.breakdown_card(data.value("commandes_assll_par_instance", year, flt), "instance", "Instance",
                          "Commandes d'ASSLL par instance de décision", "origine_instance",
                          note="La commission FSL examine les demandes associées à une demande d'aide "
                               "financière ; le GTS, celles qui n'en ont pas.")

# --- evolution over the period ------------------------------------------------------------------
st.subheader("Évolution sur la période")
if state.debut == state.fin:
    st.info("Choisissez dans la barre latérale une période de plusieurs années pour voir l'évolution.",
            icon=":material/date_range:")
else:
    shares = {"ASSLL": data.series("part_assll_travailleurs_sociaux_pct", state.annees, flt),
              "DIAGNOSTIC": data.series("part_diagnostics_commissions_fsl_pct", state.annees, flt)}
    share_labels = {"ASSLL": "Travailleurs sociaux, parmi les commandes d'ASSLL",
                    "DIAGNOSTIC": "Commissions FSL, parmi les commandes de diagnostic"}
    share_colours = {"ASSLL": view.colours("prescripteur")["TRAVAILLEUR_SOCIAL"],
                     "DIAGNOSTIC": view.colours("prescripteur")["COMMISSION_FSL"]}
    fig = charts.lines({k: [(y, v.value) for y, v in by_year.items()] for k, by_year in shares.items()},
                       share_labels, share_colours, view.title("Part des demandes venant du principal prescripteur",
                                                               period=True), percent=True)
    table = pl.DataFrame({
        "Année": state.annees,
        "Part des travailleurs sociaux (ASSLL, %)": [tables.rounded(v.value) for v in shares["ASSLL"].values()],
        "Commandes d'ASSLL des travailleurs sociaux": [v.numerator for v in shares["ASSLL"].values()],
        "Commandes d'ASSLL": [v.denominator for v in shares["ASSLL"].values()],
        "Part des commissions FSL (diagnostics, %)": [tables.rounded(v.value) for v in shares["DIAGNOSTIC"].values()],
        "Commandes de diagnostic des commissions FSL": [v.numerator for v in shares["DIAGNOSTIC"].values()],
        "Commandes de diagnostic": [v.denominator for v in shares["DIAGNOSTIC"].values()],
    }, schema_overrides={"Part des travailleurs sociaux (ASSLL, %)": pl.Float64,
                         "Part des commissions FSL (diagnostics, %)": pl.Float64}, strict=False)
    components.chart_card(fig, table, "origine_parts_annees",
                          ["part_assll_travailleurs_sociaux_pct", "part_diagnostics_commissions_fsl_pct"])

    kind = st.radio("Commandes suivies", list(TYPES), format_func=lambda k: TYPES[k][0], horizontal=True,
                    key="origine_type_evolution")
    points = tables.series(data.series(f"commandes_{kind.lower()}_par_prescripteur", state.annees, flt))
    labels = {k: view.label("prescripteur", k) for k in points}
    fig = charts.stacked_years(points, labels, view.colours("prescripteur"),
                               view.title(f"{TYPES[kind][0]} par prescripteur", period=True))
    components.chart_card(fig, tables.years_wide(points, labels.get), "origine_prescripteurs_annees",
                          [f"commandes_{kind.lower()}_par_prescripteur"])
    points = tables.series(data.series(f"commandes_{kind.lower()}_par_groupe_dispositif", state.annees, flt))
    labels = {k: view.label("groupe_dispositif", k) for k in points}
    fig = charts.stacked_shares(points, labels, view.colours("groupe_dispositif"),
                                view.title(f"Part de chaque groupe de dispositifs ({TYPES[kind][1]})", period=True))
    components.chart_card(fig, tables.years_wide(points, labels.get), "origine_groupes_annees",
                          [f"commandes_{kind.lower()}_par_groupe_dispositif"],
                          note="Chaque barre fait 100 % des commandes de l'année ; le nombre de commandes s'affiche "
                               "au survol et dans le tableau.")
