"""Définitions: the indicator catalogue, the target of the links under every figure."""

from __future__ import annotations

import polars as pl
import streamlit as st

from pipelines.indicators import load_catalogue

st.title("Définitions des indicateurs")
st.markdown(
    "Chaque chiffre du tableau de bord, de la ligne de commande et des rapports vient d'une seule "
    "définition, calculée de la même façon partout. Une demande compte dans l'année de sa date de "
    "demande ; une clôture dans l'année de sa date de fin ; un passage en GTS dans l'année de la séance ; "
    "un refus dans l'année de la décision. Les parts sont arrondies à une décimale pour l'affichage "
    "seulement ; les durées en mois valent jours / 30,4375."
)
catalogue = load_catalogue()
asked = [i for i in st.query_params.get_all("indicateur") if i in catalogue]
if asked:
    st.subheader("Indicateurs demandés")
    for ind_id in asked:
        d = catalogue[ind_id]
        with st.container(border=True):
            st.markdown(f"**{d.libelle}** (`{d.id}`, unité : {d.unite})")
            st.write(d.definition)
query = st.text_input("Rechercher un indicateur", key="recherche_definition", placeholder="ex. durée, GTS, secteur")
rows = [
    {"Thème": d.theme, "Indicateur": d.libelle, "Définition": d.definition, "Unité": d.unite, "Identifiant": d.id}
    for d in catalogue.values()
]
table = pl.DataFrame(rows)
if query:
    needle = query.strip().lower()
    table = table.filter(
        pl.any_horizontal(
            pl.col(c).str.to_lowercase().str.contains(needle, literal=True)
            for c in ("Thème", "Indicateur", "Définition", "Identifiant")
        )
    )
st.dataframe(table, hide_index=True, width="stretch", key="catalogue")
