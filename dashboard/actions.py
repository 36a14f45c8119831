"""Actions the dashboard can start: building the demo warehouse, ingesting uploaded files."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import streamlit as st

from pipelines.demo import generate
from pipelines.ingest import ingest

from . import data


def build_demo() -> dict:
    """Demo exports in a temporary folder, ingested into the warehouse in force."""
    raw = Path(tempfile.mkdtemp(prefix="assll-demo-"))
    try:
        generate(raw)
        report = ingest(raw, data.warehouse_dir())
    finally:
        shutil.rmtree(raw, ignore_errors=True)
    st.cache_data.clear()
    return report
