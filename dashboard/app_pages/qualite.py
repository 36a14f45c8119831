"""Qualité des données: the report of the last ingest of the warehouse in force, and the requests
whose commune lies outside their sector."""

from __future__ import annotations

import duckdb
import polars as pl
import streamlit as st

from dashboard import access, components, data, page_scripts, quality
from dashboard.safe_text import md
from dashboard.view import current
from pipelines.indicators import WarehouseError
from pipelines.published import fmt
from pipelines.reference.roles import COORDINATION

view = current()
state = view.state
flt = state.filters()

access.require("qualite")
# The raw values of the exports (quarantined rows, unrecognised values, conflicting values) are for coordination.
raw = access.role() == COORDINATION
st.title("Qualité des données")

try:
    report = data.ingest_report()
except (data.ReportUnavailable, WarehouseError) as exc:
    st.warning(
        f"{md(exc)} Relancez un import (page « Importer des exports ») pour le reconstituer.", icon=":material/report:"
    )
    page_scripts.stop()

period = f"{state.debut}–{state.fin}" if state.debut != state.fin else str(state.fin)
st.caption(
    f"Dernier import du {quality.import_date(report)} · tout l'entrepôt, sans filtre ; demandes hors "
    f"secteur : {period}" + (f" · {view.filters_text()}" if state.has_filters() else "")
)


def labels(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """Canonical sector values (NON_RECONNU…) in French; sector names are already French."""
    values = {v for c in columns for v in frame[c].unique().to_list() if v is not None}
    mapping = {v: view.label("secteur", v) for v in values}
    return frame.with_columns(pl.col(c).replace(mapping) for c in columns)


def table_or(message: str, frame: pl.DataFrame, key: str, file_stem: str) -> None:
    if frame.is_empty():
        st.success(message, icon=":material/check_circle:")
    else:
        components.data_table(frame, key, file_stem, expanded=True)


total = quality.totals(report)
unrecognised = quality.unrecognised_frame(report)
conflicts = quality.conflicts_frame(report)
if not raw:
    unrecognised = unrecognised.drop("Valeur brute")
    conflicts = conflicts.drop("Valeurs rencontrées", "Valeur retenue")
orphans = int(report.get("mesures_sans_demande") or 0)

st.markdown(f"**Dossier importé :** {md(report.get('dossier', '–'))} · **version :** {md(data.version())}")
figures = [
    ("Lignes lues", total["read"], "Toutes les lignes de données lues dans les exports."),
    ("Lignes chargées", total["loaded"], "Lignes retenues dans l'entrepôt."),
    (
        "En quarantaine",
        total["quarantined"],
        "Lignes écartées parce qu'une règle n'est pas respectée (motif ci-dessous).",
    ),
    ("Lignes ignorées", total["ignored"], "Lignes vides, de total ou en-têtes répétés."),
    (
        "Valeurs non reconnues",
        unrecognised.height,
        "Valeurs chargées comme « non reconnu » ; le texte d'origine est conservé.",
    ),
    ("Conflits", conflicts.height, "Identifiants dont une valeur change d'un export à l'autre."),
    ("Mesures sans demande", orphans, "Mesures dont la demande ne figure dans aucun export."),
]
columns = st.columns(4)
for i, (label, value, help_text) in enumerate(figures):
    columns[i % 4].metric(label, fmt.number(value), border=True, help=help_text)

st.subheader("Fichiers lus")
st.caption(
    "Chaque fichier ou feuille trouvé dans le dossier, la table reconnue d'après son en-tête et le "
    "devenir de ses lignes ; les colonnes inconnues sont écartées sans être lues."
)
table_or("Aucun fichier dans le rapport.", quality.files_frame(report), "q_fichiers", "qualite-fichiers")

st.subheader("Bilan par table")
st.caption(
    "Chaque ligne lue est soit chargée, soit mise en quarantaine, soit ignorée : "
    "lues = chargées + quarantaine + ignorées. Les enregistrements distincts comptent les "
    "identifiants après fusion des doublons d'un export à l'autre."
)
table_or("Aucune table dans le rapport.", quality.tables_frame(report), "q_tables", "qualite-bilan-par-table")

st.subheader("Lignes en quarantaine")
quarantine = quality.quarantine_frame(report)
if not raw:
    quarantine = quality.visible(quarantine).drop("Valeurs brutes")
if quarantine.is_empty():
    st.success("Aucune ligne en quarantaine.", icon=":material/check_circle:")
else:
    st.caption(
        "Lignes écartées de l'entrepôt, avec la règle non respectée. Corrigez-les dans l'export d'origine "
        "puis relancez l'import."
    )
    text = st.text_input(
        "Filtrer les lignes en quarantaine",
        key="q_filtre_quarantaine",
        placeholder="un motif, un fichier, une valeur… (ex. : date illisible)",
    )
    shown = quality.filter_text(quarantine, text)
    st.caption(
        f"{fmt.number(shown.height)} ligne{'s' if shown.height > 1 else ''} sur {fmt.number(quarantine.height)}."
    )
    table_or(
        "Aucune ligne en quarantaine ne contient ce texte.",
        quality.visible(shown),
        "q_quarantaine",
        "qualite-quarantaine",
    )

st.subheader("Valeurs non reconnues")
st.caption(
    "Valeurs absentes des listes de référence : la ligne est chargée avec la valeur « non reconnu » et "
    "le texte d'origine est conservé. Ajoutez un alias dans data/reference/aliases/valeurs.csv pour "
    "les rattacher."
)
table_or("Aucune valeur non reconnue.", unrecognised, "q_non_reconnues", "qualite-valeurs-non-reconnues")

st.subheader("Conflits")
st.caption(
    "Un même identifiant porte des valeurs différentes d'un export à l'autre ; la valeur de l'export le "
    "plus récent est retenue."
)
table_or("Aucun conflit.", conflicts, "q_conflits", "qualite-conflits")

st.subheader("Identifiants à vérifier")
st.caption(
    "Identifiants qui ne diffèrent que par les majuscules (« D-001 » et « d-001 ») ou par des zéros en tête "
    "(« 00123 » dans un CSV, « 123 » pour un nombre d'un classeur Excel affiché 00123) : ils restent des "
    "enregistrements distincts ; vérifiez dans les exports qu'il ne s'agit pas du même."
)
near = pl.DataFrame(
    [
        {"Table": n["table"], "Identifiants": " / ".join(n.get("identifiants") or []), "Motif": n["motif"]}
        for n in report.get("identifiants") or []
    ],
    schema={"Table": pl.String, "Identifiants": pl.String, "Motif": pl.String},
)
table_or("Aucun identifiant proche d'un autre.", near, "q_identifiants", "qualite-identifiants")


def dashboard_query(name: str, **params: object) -> pl.DataFrame | None:
    try:
        return data.query(name, flt if name == "hors_secteur" else None, **params)
    except duckdb.Error:
        st.warning(
            "Cette liste n'a pas pu être calculée sur l'entrepôt en place ; relancez l'import pour le mettre à jour.",
            icon=":material/report:",
        )
        return None


st.subheader("Mesures sans demande")
st.caption(
    "Mesures dont le numéro de demande ne figure dans aucun export : elles restent comptées, mais sans "
    "le secteur ni le type de leur demande."
)
orphan_rows = dashboard_query("mesures_sans_demande")
if orphan_rows is not None:
    table_or(
        "Toutes les mesures renvoient à une demande connue.",
        orphan_rows.rename(
            {"id_mesure": "N° de mesure", "id_demande": "N° de demande indiqué", "annee_debut": "Année de début"}
        ),
        "q_mesures_sans_demande",
        "qualite-mesures-sans-demande",
    )

st.subheader("Demandes hors secteur")
st.caption(
    f"Demandes de {period} dont le secteur saisi n'est pas le secteur habituel de la commune "
    "(data/reference/communes_secteurs.csv)"
    + (f" · {view.filters_text()}" if state.has_filters() else "")
    + ". Numéros de demande seulement."
)
outside = dashboard_query("hors_secteur", debut=state.debut, fin=state.fin)
if outside is not None:
    if outside.is_empty():
        st.success("Aucune demande hors secteur sur cette période avec ces filtres.", icon=":material/check_circle:")
    else:
        outside = labels(outside, "secteur", "secteur_commune")
        counts = (
            outside.group_by("secteur", "secteur_commune")
            .agg(pl.len().alias("Demandes"))
            .sort(["Demandes", "secteur", "secteur_commune"], descending=[True, False, False])
            .rename({"secteur": "Secteur saisi", "secteur_commune": "Secteur de la commune"})
        )
        st.markdown(
            f"**{fmt.number(outside.height)} demande{'s' if outside.height > 1 else ''} hors secteur**, par secteur :"
        )
        components.data_table(counts, "q_hors_secteur_par_secteur", "demandes-hors-secteur-par-secteur", expanded=True)
        st.markdown("La liste :")
        listing = outside.with_columns(
            pl.col("type_mesure").replace(
                {v: view.label("type_mesure", v) for v in outside["type_mesure"].unique().drop_nulls()}
            )
        ).rename(
            {
                "id_demande": "N° de demande",
                "annee": "Année",
                "type_mesure": "Type de mesure",
                "secteur": "Secteur saisi",
                "secteur_commune": "Secteur de la commune",
            }
        )
        components.data_table(listing, "q_hors_secteur", "demandes-hors-secteur", expanded=True)
