"""Actions the dashboard can start: building the demo warehouse, ingesting uploaded files."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import streamlit as st

from dashboard import access, data, uploads
from pipelines.demo import generate
from pipelines.ingest.pipeline import ingest
from pipelines.reference.roles import COORDINATION
from pipelines.store import journal


def build_demo() -> dict:
    """Demo exports in a temporary folder, ingested into the warehouse in force."""
    raw = Path(tempfile.mkdtemp(prefix="assll-demo-"))
    try:
        generate(raw)
        report = ingest(raw, data.warehouse_dir(), key=data.hash_key(), who=access.who())
    finally:
        shutil.rmtree(raw, ignore_errors=True)
    st.cache_data.clear()
    return report


def import_files(pending: uploads.Pending, replace: bool = False) -> dict:
    """The checked uploads added to the raw folder, which is then ingested into the warehouse in force.

    Raises uploads.ImportBusy / uploads.ImportFailed / uploads.NeedsReplace (French messages); the cached
    figures are dropped once the new version is published.
    """
    # The page refuses first; this guards every other way in from a page run (outside one, no role is set).
    if st.session_state.get(access.ROLE_KEY, COORDINATION) != COORDINATION:
        access.record(journal.REFUSED, page="importer (envoi)")
        raise uploads.ImportFailed("Import refusé : seul le rôle coordination peut importer des exports.")
    report = uploads.confirm(pending, data.warehouse_dir(), key=data.hash_key(), replace=replace, who=access.who())
    st.cache_data.clear()
    return report
