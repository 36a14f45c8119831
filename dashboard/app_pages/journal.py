"""Journal: who imported which files, loaded fiches, generated reports, downloaded tables, was refused a page."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import access, components, data
from pipelines.published import fmt
from pipelines.store import journal

access.require("journal")
st.title("Journal des actions")
st.caption(
    "Chaque import d'exports ou de fiches, chaque rapport généré, chaque téléchargement fait en mode interne "
    "et chaque accès refusé, avec qui et quand (heure UTC). Le journal est dans le dossier de l'entrepôt "
    f"(« {journal.path(data.warehouse_dir())} ») ; le tableau de bord n'y fait qu'ajouter des lignes. "
    "En ligne de commande : assll journal."
)

kept = journal.read(data.warehouse_dir())
actions = st.multiselect(
    "Actions",
    options=list(journal.ACTION_LABELS),
    format_func=lambda action: journal.ACTION_LABELS.get(action, action),
    key="journal_actions",
    placeholder="Toutes",
    select_all=False,
)
entries = [e for e in kept.entries if not actions or e.get("action") in actions]
st.markdown(f"**{fmt.number(len(entries))} ligne{'s' if len(entries) > 1 else ''}**, les plus récentes d'abord.")
if kept.unreadable:
    st.warning(f"{fmt.number(kept.unreadable)} ligne(s) illisible(s) ne sont pas affichées.", icon=":material/warning:")
if kept.torn:
    st.info(
        "Une écriture interrompue par un arrêt brutal du serveur, inachevée, n'est pas affichée ; elle sera "
        "retirée à la prochaine action enregistrée.",
        icon=":material/info:",
    )
rows = journal.rows(entries)
if not rows:
    st.info("Aucune action enregistrée.", icon=":material/info:")
else:
    frame = pl.DataFrame(
        rows, schema={"Date (UTC)": pl.String, "Qui": pl.String, "Action": pl.String, "Détail": pl.String}
    )
    components.data_table(frame, "journal", "journal-des-actions", expanded=True)
