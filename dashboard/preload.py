"""The chart and table code asked for as soon as a page opens (assets/prechargement.js), not when the first
chart arrives: the browser loads Streamlit's 4.7 MB Plotly chunk while the server computes the page."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import streamlit as st

from dashboard import page_scripts

# Streamlit's chunks that draw charts and tables; their names carry a hash of the installed version.
PRELOADED_CHUNKS = ("PlotlyChart", "DataFrame")


@functools.cache
def chunk_files() -> tuple[str, ...]:
    static = Path(st.__file__).resolve().parent / "static" / "static" / "js"
    return tuple(sorted(p.name for stem in PRELOADED_CHUNKS for p in static.glob(f"{stem}.*.js")))


def preload_charts() -> None:
    files = chunk_files()
    if not files:  # another Streamlit layout: the page simply loads them when it needs them
        return
    page_scripts.run("prechargement.js", {"__FICHIERS__": json.dumps(list(files))})
