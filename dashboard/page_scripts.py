"""Scripts of dashboard/assets run in the page: what Streamlit lets no option change (French texts, keys,
preloading, Enter in a date field)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import streamlit as st

ASSETS = Path(__file__).resolve().parent / "assets"


def run(name: str, replacements: Mapping[str, str] | None = None) -> None:
    """Runs assets/`name` in the page, its placeholders replaced. No « < » may be in its text: Streamlit's
    sanitiser drops a script that holds one (tests/ui/test_french.py)."""
    script = (ASSETS / name).read_text(encoding="utf-8")
    for placeholder, value in (replacements or {}).items():
        script = script.replace(placeholder, value)
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)
