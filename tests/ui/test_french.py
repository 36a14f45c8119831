"""The script that puts the page in French is one Streamlit's sanitiser keeps, and its table is complete."""

from __future__ import annotations

import json
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
    for english in ("Select all", "No results", "Choose date", "Previous month", "Download as CSV", "Search",
                    "Fullscreen", "Download plot as a PNG", "Zoom", "Page not found",
                    # the table's search box and column menu, and the app menu
                    "Type to search", "Sort ascending", "Hide column", "Dataframe column menu", "Record screen"):
        assert table["textes"][english] and table["textes"][english] != english
    patterns = dict(table["motifs"])
    assert patterns["^Help for (.+)$"] == "Aide : $1" and patterns["^Remove (.+)$"] == "Retirer $1"
    assert patterns["^(\\d+) results$"] == "$1 résultats"


def test_the_frame_injects_it(app) -> None:
    at = app(fin="2024")
    scripts = [e.proto.body for e in at.get("html")]
    assert any("documentElement.lang = \"fr\"" in s and "Help for" in s for s in scripts)
