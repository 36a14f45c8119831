"""Clôture de l'année: the steps of the close of a year in order, each with its state, from the exports
imported to the files of the published edition handed out; and the revisions of the published years."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import access, components, data, editions_ui
from dashboard import cloture_steps as steps
from dashboard.safe_text import md
from dashboard.view import current
from pipelines.reports.html import to_html

ICONS = {
    steps.DONE: ":material/check_circle:",
    steps.TODO: ":material/radio_button_unchecked:",
    steps.WARN: ":material/warning:",
}
COLOURS = {steps.DONE: "green", steps.TODO: "grey", steps.WARN: "orange"}

access.require("cloture")  # coordination only (the navigation also leaves the page out for the others)
view = current()
years = data.years()
st.title("Clôture de l'année")
st.caption(
    "Les étapes de la clôture, dans l'ordre : chacune dit ce qui manque. Une année publiée est figée dans une "
    "édition ; ensuite, partout où un chiffre de cette année est montré, c'est le chiffre publié, suivi de "
    "« révisé à … » quand il a changé depuis (par exemple « 173, révisé à 175 »)."
)
# The year to close: the last one over (the current year is still running), else the last with data.
over = [y for y in years if y < dt.date.today().year] or years
year = st.selectbox("Année à clôturer", options=years[::-1], index=years[::-1].index(max(over)), key="cloture_annee")
all_steps, items, masked, edition = editions_ui.all_steps(year)
acks = editions_ui.acknowledged(year)
allowed = editions_ui.may_publish()


def header(number: int, step: steps.Step) -> None:
    st.markdown(f"**{number}. {step.title}** — :{COLOURS[step.state]}[{step.state}]")
    if step.sentence:
        st.markdown(md(step.sentence))


def acknowledged_line(key: str) -> None:
    got = acks[key]
    st.caption(f"Acquitté par {md(got.get('qui', ''))} le {md(got.get('quand', ''))[:10]}.")


exports, quality, diffusion, preview, published, handed = all_steps
with st.container(border=True):
    header(1, exports)
    counts = steps.files_by_kind(data.ingest_report())
    covered = editions_ui.months(year)
    st.markdown(
        "  \n".join(
            f"{steps.KIND_LABELS[k]} : {counts[k]} fichier(s) lu(s), mois couverts en {year} : "
            f"{steps.months_text(covered.get(k, []))}"
            for k in steps.KIND_LABELS
        )
    )
    st.page_link("app_pages/importer.py", label="Importer des exports", icon=":material/upload_file:")

with st.container(border=True):
    header(2, quality)
    if not items:
        st.markdown("Aucune ligne en quarantaine, aucun enregistrement disparu, aucun identifiant à vérifier.")
    for item in items:
        st.markdown(f"{item.count} {item.label}")
        if item.key in acks:
            acknowledged_line(item.key)
        elif st.button(
            f"Acquitter : {item.count} {item.label}", key=f"cloture_acquitter_{item.key}", disabled=not allowed
        ):
            editions_ui.acknowledge(year, item.key, item.label)
            st.rerun()
    st.page_link("app_pages/qualite.py", label="Qualité des données", icon=":material/fact_check:")

with st.container(border=True):
    header(3, diffusion)
    with st.expander(f"Chiffres masqués en mode diffusion ({len(masked)})"):
        st.markdown("\n".join(f"- {md(text)}" for text in masked) or "Aucun chiffre masqué.")
    key = steps.diffusion_key(masked)
    if key in acks:
        acknowledged_line(key)
    elif st.button("Acquitter la liste des chiffres masqués", key="cloture_acquitter_diffusion", disabled=not allowed):
        editions_ui.acknowledge(year, key, f"{len(masked)} chiffres masqués")
        st.rerun()

with st.container(border=True):
    header(4, preview)
    if st.button("Générer l'aperçu du rapport pour diffusion", key="cloture_apercu", icon=":material/preview:"):
        with st.spinner("Génération de l'aperçu…"):
            st.session_state["cloture_apercu_html"] = (year, to_html(data.report_model(year, True)).encode("utf-8"))
        editions_ui.acknowledge(year, steps.preview_key(data.pinned()), "aperçu généré")
        st.rerun()
    shown = st.session_state.get("cloture_apercu_html")
    if shown and shown[0] == year:
        st.download_button(
            "Ouvrir l'aperçu (HTML)",
            shown[1],
            file_name=f"apercu_rapport_assll_{year}.html",
            mime="text/html",
            key="cloture_apercu_telecharger",
            icon=":material/download:",
            on_click="ignore",
        )

with st.container(border=True):
    header(5, published)
    if edition is not None:
        st.caption(
            f"Dernière édition : {edition.name}, publiée le {edition.published_at[:10]} par {md(edition.who)} "
            f"(version {edition.version})."
        )
    if editions_ui.publish_button(year, steps.blockers(all_steps), "cloture_publier") is not None:
        st.rerun()

with st.container(border=True):
    header(6, handed)
    if edition is not None:
        editions_ui.handout(edition, "cloture_remettre")

st.subheader("Révisions")
st.caption(
    "Par année publiée, chaque chiffre qui a changé depuis son édition : la valeur publiée, la valeur "
    "d'aujourd'hui et la cause (enregistrements de l'année ajoutés, corrigés, mis en quarantaine ou disparus "
    "depuis la version de l'édition)."
)
rows = editions_ui.revised()
if not data.editions_signature():
    st.info("Aucune année n'est encore publiée.")
elif not rows:
    st.success("Aucun chiffre publié n'a changé depuis son édition.", icon=":material/check_circle:")
else:
    components.data_table(editions_ui.moved_frame(rows), "revisions", "revisions_chiffres_publies", expanded=True)
