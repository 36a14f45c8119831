"""The script that puts the page in French is one Streamlit's sanitiser keeps, and its table is complete."""

from __future__ import annotations

import json
import re
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[2] / "dashboard" / "assets"


def test_the_script_passes_the_sanitiser() -> None:
    # DOMPurify drops a <script> whose text holds « < » (its mXSS guard): the page would stay in English.
    scripts = sorted(p.name for p in ASSETS.glob("*.js"))
    assert scripts == ["francais.js", "prechargement.js", "presentation.js", "saisie_date.js"]
    for name in [*scripts, "traductions.json"]:
        assert "<" not in (ASSETS / name).read_text(encoding="utf-8"), name


def test_the_table_translates_the_english_met_in_the_browser() -> None:
    table = json.loads((ASSETS / "traductions.json").read_text(encoding="utf-8"))
    for english in (
        "Select all",
        "No results",
        "Choose date",
        "Previous month",
        "Download as CSV",
        "Search",
        "Fullscreen",
        "Download plot as a PNG",
        "Zoom",
        "Page not found",
        # the table's search box and column menu, and the app menu
        "Type to search",
        "Sort ascending",
        "Hide column",
        "Dataframe column menu",
        "Record screen",
    ):
        assert table["textes"][english] and table["textes"][english] != english
    patterns = dict(table["motifs"])
    assert patterns["^Help for (.+)$"] == "Aide : $1" and patterns["^Remove (.+)$"] == "Retirer $1"
    assert patterns["^(\\d+) results$"] == "$1 résultats"


def test_the_frame_injects_it(app) -> None:
    at = app(fin="2024")
    scripts = [e.proto.body for e in at.get("html")]
    assert any('documentElement.lang = "fr"' in s and "Help for" in s for s in scripts)


def _translate(text: str) -> str:
    """What assets/francais.js does to one text: the exact entry, else the first pattern that matches."""
    table = json.loads((ASSETS / "traductions.json").read_text(encoding="utf-8"))
    if text in table["textes"]:
        return table["textes"][text]
    for pattern, to in table["motifs"]:
        if re.search(pattern, text):
            return re.sub(pattern, re.sub(r"\$(\d)", r"\\\1", to), text)
    return text


def test_the_upload_widgets_speak_french() -> None:
    """Every text Streamlit 1.67's file uploader writes itself (FileUploader and its file chips)."""
    assert {
        english: _translate(english)
        for english in (
            "Upload",
            "Add files",
            "file upload",
            "Error:",
            "100MB per file",
            "200MB per file",
            "1.5GB per file",
            "File must be 100.0MB or smaller.",
            "File must be 1.5GB or smaller.",
            "105.9MB",
            "12.0KB",
            "3MB",
            "gros.csv, 105.9MB",
            "application/pdf files are not allowed.",
            "File size is too small.",
            "Only one file is allowed.",
            "Unexpected error. Please try again.",
            "Drag and drop files here",
        )
    } == {
        "Upload": "Choisir des fichiers",
        "Add files": "Ajouter des fichiers",
        "file upload": "dépôt de fichiers",
        "Error:": "Erreur :",
        "100MB per file": "100 Mo au plus par fichier",
        "200MB per file": "200 Mo au plus par fichier",
        "1.5GB per file": "1,5 Go au plus par fichier",
        "File must be 100.0MB or smaller.": "Fichier refusé : plus de 100 Mo, la limite d'envoi.",
        "File must be 1.5GB or smaller.": "Fichier refusé : plus de 1,5 Go, la limite d'envoi.",
        "105.9MB": "105,9 Mo",
        "12.0KB": "12,0 Ko",
        "3MB": "3 Mo",
        "gros.csv, 105.9MB": "gros.csv, 105,9 Mo",
        "application/pdf files are not allowed.": "Fichier refusé : format application/pdf non accepté.",
        "File size is too small.": "Fichier refusé : trop petit.",
        "Only one file is allowed.": "Fichier refusé : un seul fichier à la fois.",
        "Unexpected error. Please try again.": "Erreur inattendue : recommencez.",
        "Drag and drop files here": "Glissez-déposez les fichiers ici",
    }


def _installed_streamlit(pattern: str) -> str:
    """The text of the installed Streamlit's files matching `pattern` (from its package folder), end to end."""
    import streamlit

    return "".join(p.read_text(encoding="utf-8") for p in sorted(Path(streamlit.__file__).parent.glob(pattern)))


def test_the_upload_widgets_texts_are_those_of_the_installed_streamlit() -> None:
    """The English above is what the installed Streamlit writes: a new version that changes it fails here."""
    code = _installed_streamlit("static/static/js/FileUploader.*.js") + _installed_streamlit(
        "static/static/js/utils.*.js"
    )
    for english in (
        "} per file`",
        "`File must be ${",
        "} or smaller.`",
        "`Error: `",
        "`Add files`",
        "`Upload`",
        "`file upload`",
        "`File size is too small.`",
        "`Only one file is allowed.`",
        "`Unexpected error. Please try again.`",
        "} files are not allowed.`",
    ):
        assert english in code, english


def test_a_download_that_fails_says_so_in_french() -> None:
    """What Streamlit 1.67 writes under a download button whose file is prepared on the click (our tables'
    CSV and Excel) when preparing it fails, times out or loses the connection: each one is in its code and
    is put in French."""
    code = _installed_streamlit("static/static/js/*.js")
    server = _installed_streamlit("runtime/backend_operation_handler.py")
    english = {
        "Failed to generate file for download": "Le fichier n'a pas pu être préparé : recommencez.",
        "Request timed out": "Le serveur n'a pas répondu à temps : recommencez.",
        "Connection closed": "Connexion au serveur interrompue : rechargez la page.",
        "Download failed": "Téléchargement impossible : recommencez.",
        "Deferred download not properly configured": "Téléchargement indisponible : rechargez la page.",
    }
    for text, french in english.items():
        assert f"`{text}`" in code or f'"{text}"' in server, text
        assert _translate(text) == french
