"""Rapports and Présentation pages: documents generated from the page, slides stepped through."""

from __future__ import annotations

import io
import json

from pptx import Presentation

REPORTS = "app_pages/rapports.py"
SLIDES = "app_pages/presentation.py"


def test_reports_page_generates_and_offers_the_files(app) -> None:
    at = app(REPORTS, fin="2024")
    assert not at.exception
    assert at.title[0].value == "Rapports"
    assert at.selectbox(key="rapport_annee").value == 2024
    at.multiselect(key="rapport_formats").set_value(["html", "pptx"]).run()
    at.button(key="rapport_generer").click().run()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Télécharger le rapport HTML", "Télécharger la présentation PowerPoint"]
    files = at.session_state["rapport_fichiers"]["fichiers"]
    name, html = files["html"]
    assert name == "rapport_activite_assll_2024.html"
    assert b'data-indicator="commandes_assll" data-annee="2024" data-type="valeur" data-valeur="173.0">173<' in html
    slides = Presentation(io.BytesIO(files["pptx"][1]))
    assert len(slides.slides) > 10


def test_diffusion_version_is_marked(app) -> None:
    at = app(REPORTS, fin="2024")
    at.multiselect(key="rapport_formats").set_value(["html"]).run()
    at.toggle(key="rapport_diffusion").set_value(True).run()
    at.button(key="rapport_generer").click().run()
    name, html = at.session_state["rapport_fichiers"]["fichiers"]["html"]
    assert name == "rapport_activite_assll_2024_diffusion.html"
    assert b"Version pour diffusion" in html


def test_presentation_steps_through_the_slides(app) -> None:
    at = app(SLIDES, fin="2024")
    assert not at.exception
    assert at.title[0].value == "Chiffres clés 2024"
    figures = {m.label: m.value for m in at.metric}
    assert figures["Commandes d'ASSLL"] == "173"
    assert figures["Mesures clôturées"] == "188"
    assert at.button(key="diapo_precedent").disabled
    at.button(key="diapo_suivant").click().run()
    assert not at.exception
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    assert spec["layout"]["title"]["text"] == "Commandes d'ASSLL et de diagnostic — 2014–2024"
    assert spec["data"][0]["y"][-2:] == [152, 173]
    at.button(key="diapo_fin").click().run()
    assert at.button(key="diapo_suivant").disabled
    at.button(key="diapo_debut").click().run()
    assert at.title[0].value == "Chiffres clés 2024"


def test_without_chromium_the_page_says_how_to_get_it_and_html_pptx_still_work(app, monkeypatch) -> None:
    from pipelines.reports import pdf

    def absent() -> str:
        raise pdf.PdfUnavailable(pdf.NO_CHROMIUM)

    monkeypatch.setattr(pdf, "chromium_path", absent)
    at = app(REPORTS, fin="2024")
    assert not at.exception
    assert at.info[0].value == pdf.NO_CHROMIUM
    assert "« python3 run.py pdf »" in pdf.NO_CHROMIUM
    assert "« apt-get install --no-install-recommends chromium »" in pdf.NO_CHROMIUM
    assert at.multiselect(key="rapport_formats").value == ["html", "pptx"]
    at.multiselect(key="rapport_formats").set_value(["pdf"]).run()
    assert at.button(key="rapport_generer").disabled  # nothing it could make
    at.multiselect(key="rapport_formats").set_value(["pdf", "html", "pptx"]).run()
    assert not at.button(key="rapport_generer").disabled
    at.button(key="rapport_generer").click().run()
    assert not at.exception and not at.error
    assert [b.label for b in at.get("download_button")] == [
        "Télécharger le rapport HTML",
        "Télécharger la présentation PowerPoint",
    ]
