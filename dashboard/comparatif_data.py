"""Cached access for the page « Comparaison départementale »: fiches, comparison frame, shapes, URL peers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import polars as pl
import streamlit as st

from dashboard import data
from pipelines.comparatif import departements
from pipelines.comparatif.compare import comparison
from pipelines.comparatif.export import own_figures
from pipelines.comparatif.load import departement_of
from pipelines.reference import settings
from pipelines.store import fiches as fiche_store
from pipelines.store.warehouse import VERSIONS

PEERS_PARAM = "pairs"
SHAPES = "departements.geojson"


def _version_path(version_name: str) -> Path:
    return data.warehouse_dir() / VERSIONS / version_name


@st.cache_data(max_entries=8, show_spinner=False)
def _fiches(version_name: str) -> pl.DataFrame:
    return fiche_store.read_table(_version_path(version_name))


@st.cache_data(max_entries=8, show_spinner=False)
def _home(version_name: str) -> str:
    return departement_of(_version_path(version_name))


@st.cache_data(max_entries=8, show_spinner=False)
def _loaded_from(version_name: str) -> str | None:
    path = _version_path(version_name) / fiche_store.REPORT
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("folder")
    except (OSError, ValueError, AttributeError):  # no fiche imported yet, or a report without its folder
        return None


def loaded_from() -> str | None:
    """The folder the fiches in force were imported from (None when unknown)."""
    return _loaded_from(data.pinned())


def fiches() -> pl.DataFrame:
    return _fiches(data.pinned())


def home() -> str:
    return _home(data.pinned())


@st.cache_data(max_entries=64, show_spinner=False)
def _comparison(version_name: str, year: int, peers: tuple[str, ...], masked: bool) -> pl.DataFrame:
    own = own_figures(data._open(str(data.warehouse_dir()), version_name), year, masked=masked)
    return comparison(_home(version_name), own, _fiches(version_name), year, list(peers))


def comparison_frame(year: int, peers: Sequence[str]) -> pl.DataFrame:
    return _comparison(data.pinned(), year, tuple(peers), data.diffusion_on())


@st.cache_data(max_entries=4, show_spinner=False)
def _map_comparison(version_name: str, year: int, masked: bool) -> pl.DataFrame:
    """Every département that gives a figure that year, for the map."""
    fiches = _fiches(version_name).filter(pl.col("annee") == year)
    others = sorted(set(fiches["departement"].to_list()))
    own = own_figures(data._open(str(data.warehouse_dir()), version_name), year, masked=masked)
    return comparison(_home(version_name), own, _fiches(version_name), year, others)


def map_frame(year: int) -> pl.DataFrame:
    return _map_comparison(data.pinned(), year, data.diffusion_on())


@lru_cache(maxsize=1)
def shapes() -> dict:
    """The simplified shapes of the 101 départements shipped in data/reference (nothing fetched)."""
    own = settings.reference_dir() / SHAPES
    path = own if own.is_file() else settings.REFERENCE_DIR / SHAPES
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def peers_from_query(raw: Sequence[str], home: str) -> list[str] | None:
    """The peers kept in the URL (known codes, home left out, in order, once); None when there are none."""
    known = set(departements.names())
    peers = list(dict.fromkeys(c for c in raw if c in known and c != home))
    return peers or None
