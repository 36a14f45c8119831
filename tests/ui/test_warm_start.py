"""The dashboard's warm start (issue 10, first page under 3 s): the server imports what pages draw with before
its first visitor, and the page asks at once for Streamlit's chart and table code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit as st

from .browser_helpers import CHROMIUM, _settle

ROOT = Path(__file__).resolve().parents[2]


def test_the_launcher_imports_the_drawing_libraries_before_serving() -> None:
    code = (
        "import sys; from dashboard import serve, geo; serve.warm(); "
        "print(' '.join(m for m in ('pandas', 'polars', 'duckdb', 'plotly.graph_objects', 'pipelines.published',"
        " 'streamlit.runtime.scriptrunner') if m in sys.modules), geo._read.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    # Streamlit's runtime is not started by the warm-up: its caches and sessions exist only once the server runs.
    assert out.split() == ["pandas", "polars", "duckdb", "plotly.graph_objects", "pipelines.published", "2"]


def test_the_preloaded_chunks_exist_in_the_installed_streamlit() -> None:
    from dashboard.preload import PRELOADED_CHUNKS, chunk_files

    files = chunk_files()
    assert [f.split(".")[0] for f in files] == sorted(PRELOADED_CHUNKS)
    static = Path(st.__file__).resolve().parent / "static" / "static" / "js"
    assert all((static / f).is_file() for f in files)


def test_every_page_asks_for_them(app) -> None:
    from dashboard.preload import chunk_files

    at = app(fin="2024")
    scripts = [e.proto.body for e in at.get("html") if "__assllPrechargement" in e.proto.body]
    assert len(scripts) == 1
    assert json.dumps(list(chunk_files())) in scripts[0] and "__FICHIERS__" not in scripts[0]


def test_chromium_loads_the_chart_code_once_and_draws_the_charts(server: str, browser) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Chromium absent (/usr/bin/chromium)")
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/origine?fin=2024")
    _settle(page)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= 5", timeout=60_000
    )
    loads = page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => n.endsWith('.js') && /[/](PlotlyChart|DataFrame)[.]/.test(n))"
    )
    context.close()
    # The preloaded module and the one Streamlit imports are the same address: each file comes once.
    assert sorted(name.rsplit("/", 1)[-1].split(".")[0] for name in loads) == ["DataFrame", "PlotlyChart"]
    assert errors == []
