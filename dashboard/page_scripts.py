"""Scripts and styles of dashboard/assets added to the page: what Streamlit lets no option change (French texts,
keys, preloading, Enter in a date field, card labels that wrap)."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

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


# Set on <html> by the last element of every finished script run: the number of this session's finished runs, and
# the page that run drew (its url_path, set by app.py in PAGE_KEY).
RUN_KEY = "_executions_terminees"
PAGE_KEY = "_page_executee"
RUN_ATTRIBUTE = "data-assll-execution"
PAGE_ATTRIBUTE = "data-assll-page"


def run_finished() -> None:
    """Tells the page that this script run is over: <html data-assll-execution="N" data-assll-page="P">, N counting
    the session's finished runs, P the page drawn. Written last, so that everything the run drew is in the page
    when it changes; the browser tests wait on it (tests/ui/browser_helpers.py) rather than on the absence of a
    spinner."""
    count = st.session_state.get(RUN_KEY, 0) + 1
    st.session_state[RUN_KEY] = count
    page = json.dumps(str(st.session_state.get(PAGE_KEY) or "")).replace("<", "\\u003c")  # a name from the URL
    st.html(
        f'<script>document.documentElement.setAttribute("{PAGE_ATTRIBUTE}", {page});'
        f'document.documentElement.setAttribute("{RUN_ATTRIBUTE}", "{count}");</script>',
        unsafe_allow_javascript=True,
    )


def stop() -> NoReturn:
    """st.stop(), the run told finished first (Streamlit writes nothing after st.stop)."""
    run_finished()
    st.stop()
