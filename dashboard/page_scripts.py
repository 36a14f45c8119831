"""Scripts and styles of dashboard/assets added to the page: what Streamlit lets no option change (French texts,
keys, preloading, Enter in a date field, card labels that wrap)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

import streamlit as st

ASSETS = Path(__file__).resolve().parent / "assets"


@functools.cache
def asset(name: str) -> str:
    """The text of assets/`name`, read once per process: the files ship with the code, and every page run
    adds several of them."""
    return (ASSETS / name).read_text(encoding="utf-8")


def run(name: str, replacements: Mapping[str, str] | None = None) -> None:
    """Runs assets/`name` in the page, its placeholders replaced. No « < » may be in its text: Streamlit's
    sanitiser drops a script that holds one (tests/ui/test_french.py)."""
    script = asset(name)
    for placeholder, value in (replacements or {}).items():
        script = script.replace(placeholder, value)
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)


def style(name: str) -> None:
    """Adds the style sheet assets/`name` to the page."""
    st.html(f"<style>{asset(name)}</style>")
