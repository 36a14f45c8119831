"""Shown while there is no warehouse: what to do, and the demo data in one click."""

from __future__ import annotations

import streamlit as st

from dashboard import access, actions, page_scripts
from pipelines.reference.roles import COORDINATION

st.title("ASSLL Observatoire")
st.warning(
    st.session_state.get("_erreur_entrepot", "Aucune donnée n'est encore importée."), icon=":material/database_off:"
)
st.markdown(
    "Pour commencer, importez les exports de l'année (page **Importer des exports**), ou explorez "
    "l'outil avec les **données de démonstration** : des exports fictifs de 2014 à 2025 qui reproduisent "
    "les chiffres du rapport d'activité 2024."
)
if access.role() != COORDINATION:  # building the demo warehouse is an import
    page_scripts.stop()
if st.button("Créer les données de démonstration", type="primary", icon=":material/play_arrow:", key="demo"):
    with st.status("Création des données de démonstration…", expanded=True) as status:
        report = actions.build_demo()
        status.update(
            label=f"Données de démonstration importées ({report['tables']['demandes']['records']} demandes).",
            state="complete",
        )
    st.rerun()
