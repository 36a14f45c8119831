"""Rapports: the yearly activity report (PDF, HTML) and the steering-meeting slides (PPTX)."""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path

import streamlit as st

from dashboard import access, cloture_steps, data, editions_ui
from dashboard.view import current
from pipelines.reports import pdf as pdf_report
from pipelines.reports.generate import FORMATS, PdfUnavailable, file_name, generate
from pipelines.store import journal

MIME = {
    "pdf": "application/pdf",
    "html": "text/html",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
DOWNLOAD = {
    "pdf": "Télécharger le rapport PDF",
    "html": "Télécharger le rapport HTML",
    "pptx": "Télécharger la présentation PowerPoint",
}
FORMAT_NAMES = {
    "pdf": "Rapport PDF (A4)",
    "html": "Rapport HTML (interactif, hors ligne)",
    "pptx": "Présentation PowerPoint (graphiques modifiables)",
}

view = current()
years = data.years()
try:  # Chromium prints the PDF; `python3 run.py` installs nothing outside the project, so it may be missing
    pdf_report.chromium_path()
    pdf_ready = True
except PdfUnavailable:
    pdf_ready = False
st.title("Rapports")
st.caption(
    "Le rapport d'activité et la présentation du comité de pilotage, calculés à partir des mêmes "
    "indicateurs que le tableau de bord, pour tout le département (les filtres de la barre latérale ne "
    "s'appliquent pas aux rapports)."
)

left, right = st.columns(2)
year = left.selectbox(
    "Année du rapport", options=years[::-1], index=years[::-1].index(view.state.annee), key="rapport_annee"
)
formats = right.multiselect(
    "Formats",
    options=list(FORMATS),
    default=["pdf" if pdf_ready else "html", "pptx"],
    key="rapport_formats",
    select_all=False,
    format_func=lambda f: FORMAT_NAMES[f] + ("" if pdf_ready or f != "pdf" else " — Chromium absent"),
)
if not pdf_ready:
    st.info(pdf_report.NO_CHROMIUM, icon=":material/info:")
forced = access.diffusion_forced()
if forced:  # a partner's documents are always the published version: the switch cannot turn it off
    st.session_state["rapport_diffusion"] = True
masked = (
    st.toggle(
        "Version pour diffusion (effectifs de 1 à 4 masqués « < 5 »)",
        key="rapport_diffusion",
        disabled=forced,
        help="À utiliser pour tout document publié hors de l'équipe : les petits effectifs, et ceux qui "
        "permettraient de les retrouver, sont masqués ; la première page le signale.",
    )
    or forced
)

asked = [f for f in formats if f != "pdf" or pdf_ready]  # without Chromium, the other formats all the same
if st.button("Générer", type="primary", icon=":material/description:", key="rapport_generer", disabled=not asked):
    files: dict[str, tuple[str, bytes]] = {}
    with st.status("Génération en cours…", expanded=True) as status:
        try:
            with tempfile.TemporaryDirectory(prefix="assll-rapport-") as tmp:
                paths = generate(data.warehouse_dir(), year, asked, Path(tmp), masked=masked, progress=status.write)
                files = {p.suffix.lstrip("."): (p.name, p.read_bytes()) for p in paths}
            status.update(
                label="Documents prêts."
                if pdf_ready or "pdf" not in formats
                else "Documents prêts, sauf le PDF (Chromium absent).",
                state="complete",
                expanded=False,
            )
            access.record(journal.REPORT, annee=year, formats=list(formats), diffusion=masked, version=data.pinned())
        except PdfUnavailable as exc:
            status.update(label="Le PDF n'a pas pu être généré.", state="error")
            st.error(str(exc))
    if files:  # kept with its mode: a document made before the role changed is never shown to the new role
        st.session_state["rapport_fichiers"] = {"annee": year, "diffusion": masked, "fichiers": files}

generated = st.session_state.get("rapport_fichiers")
if generated and forced and not generated["diffusion"]:
    generated = None
if generated:
    st.subheader(f"Documents {generated['annee']}" + (" — version pour diffusion" if generated["diffusion"] else ""))
    columns = st.columns(max(1, len(generated["fichiers"])))
    for column, (fmt_name, (name, content)) in zip(columns, generated["fichiers"].items(), strict=True):
        column.download_button(
            DOWNLOAD[fmt_name],
            access.logged_download(partial(bytes, content), name, "rapports")
            if not generated["diffusion"]
            else content,
            file_name=name,
            mime=MIME[fmt_name],
            key=f"rapport_telecharger_{fmt_name}",
            icon=":material/download:",
            on_click="ignore",
        )
else:
    st.info(
        f"Choisissez l'année et les formats, puis « Générer ». Fichiers produits : "
        f"{file_name(year, 'pdf', masked)}, {file_name(year, 'pptx', masked)}…"
    )
st.page_link(
    "app_pages/presentation.py",
    label=f"Présenter les graphiques {year} en séance (mode présentation)",
    icon=":material/slideshow:",
    query_params={"annee": str(year)},
)

st.subheader("Publier l'année")
st.caption(
    "Publier fige les chiffres de l'année et ses rapports (interne et diffusion) dans une édition qui ne sera "
    "plus modifiée ; ensuite, un chiffre de cette année qui change est montré « publié, révisé à … ». Les "
    "étapes de vérification sont sur la page « Clôture de l'année »."
)
published = editions_ui.store.latest(data.warehouse_dir(), year)
if published is not None:
    st.markdown(
        f"Édition en vigueur : **{published.name}**, publiée le {published.published_at[:10]} "
        f"(version {published.version})."
    )
    editions_ui.handout(published, "rapport_edition")
if not editions_ui.may_publish():
    st.info("Seule la coordination publie une édition.")
elif st.session_state.get("rapport_publier_afficher") or st.button("Préparer la publication", key="rapport_preparer"):
    st.session_state["rapport_publier_afficher"] = True
    steps, _quality, _masked, edition = editions_ui.all_steps(year)
    if edition is not None:
        st.caption(f"Dernière édition de {year} : {edition.name} ({edition.published_at[:10]}).")
    if editions_ui.publish_button(year, cloture_steps.blockers(steps), "rapport_publier") is not None:
        st.rerun()
    st.page_link("app_pages/cloture.py", label="Clôture de l'année", icon=":material/task_alt:")
