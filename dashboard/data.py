"""Cached access to the warehouse for the pages: indicators by id, and the dashboard's own queries.

The frame reads the warehouse pointer once at the top of each page run (`pin`); every figure,
query and report of that run comes from that version, so a page never mixes two versions. One
read-only `Indicators` object per version for the whole process (each query takes its own
cursor); computed values are cached on every parameter that changes them (version, indicator,
year, filters, date). Masking and formatting are not done here: `published()` hands the page the
layer of published figures (`pipelines.published`) for this run, its filters and the session's
diffusion switch.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import polars as pl
import streamlit as st

from dashboard import access
from pipelines.indicators import Filters, Indicators, IndicatorValue, WarehouseError
from pipelines.indicators.survival_curves import Curves, curves
from pipelines.published import Published
from pipelines.published.revisions import Revisions, in_force
from pipelines.reference import settings
from pipelines.store.warehouse import EDITIONS, REPORT, VERSIONS, WarehouseMissing, current_version

QUERIES = Path(__file__).resolve().parent / "queries"
RUN_VERSION = "_version_du_passage"
RUN_PUBLISHED = "_chiffres_du_passage"


def warehouse_dir() -> Path:
    return settings.warehouse_dir()


def version() -> str:
    """The version in force (reads CURRENT); raises WarehouseError (French) when there is none."""
    try:
        return current_version(warehouse_dir()).name
    except WarehouseMissing as exc:
        raise WarehouseError(
            f"Aucun entrepôt de données dans « {warehouse_dir()} ». Importez des exports (page « Importer "
            "des exports ») ou créez les données de démonstration."
        ) from exc


def pin() -> str:
    """Reads the pointer once, at the top of a page run: every figure of the run comes from this version,
    even when an ingest publishes a new one meanwhile (the next run shows the new one)."""
    name = version()
    st.session_state[RUN_VERSION] = name
    st.session_state.pop(RUN_PUBLISHED, None)
    return name


def pinned() -> str:
    """The version of this run (pinned by the frame), else the one in force."""
    return st.session_state.get(RUN_VERSION) or version()


@st.cache_resource(max_entries=2, show_spinner=False)
def _open(warehouse: str, version_name: str) -> Indicators:
    # Shared by the sessions, read-only: each query takes its own cursor, nothing in it can be changed.
    return Indicators(Path(warehouse), version=version_name)


def indicators() -> Indicators:
    """The indicators of this run's version (VersionGone, French, when it was pruned before being opened)."""
    return _open(str(warehouse_dir()), pinned())


@st.cache_data(max_entries=50_000, show_spinner=False)
def _value(
    warehouse: str, version_name: str, ind_id: str, year: int, filters: Filters, as_of: dt.date | None
) -> IndicatorValue:
    return _open(warehouse, version_name).compute(ind_id, year, filters, as_of)


@st.cache_data(max_entries=2_000, show_spinner=False)
def _curves(
    warehouse: str,
    version_name: str,
    cohorte: str,
    years: tuple[int, ...],
    filters: Filters,
    as_of: dt.date | None,
    by: str | None,
    at: tuple[float, ...] | None,
) -> Curves:
    return curves(_open(warehouse, version_name), cohorte, list(years), filters, as_of, by, at)


def diffusion_on() -> bool:
    """The session's diffusion switch (sidebar), always on for a role the server keeps in diffusion mode."""
    return access.diffusion_forced() or bool(st.session_state.get("f_diffusion", False))


def published(filters: Filters | None = None, *, diffusion: bool | None = None) -> Published:
    """The published figures of this run: its version, the sidebar's filters (or those given) and the
    session's diffusion switch. One object per run and set of filters, kept in the session only."""
    name = pinned()
    masked = diffusion_on() if diffusion is None else (diffusion or access.diffusion_forced())
    if filters is None:
        view = st.session_state.get("_vue")  # set by the frame (dashboard.view.VIEW_KEY) before the page runs
        filters = view.state.filters() if view is not None else Filters()
    key = (name, filters, masked)
    runs = st.session_state.setdefault(RUN_PUBLISHED, {})
    if key not in runs:
        definition = _open(str(warehouse_dir()), name).definition
        where = str(warehouse_dir())
        runs[key] = Published(
            lambda i, y, d: _value(where, name, i, y, filters or Filters(), d),
            definition,
            diffusion_on=masked,
            version=name,
            indicators=_open(where, name),
            curves_of=lambda c, ys, d, by, at: _curves(where, name, c, ys, filters or Filters(), d, by, at),
            revisions=revisions() if filters == Filters() else None,
        )
    return runs[key]


def editions_signature() -> tuple[str, ...]:
    """The names of the editions of the warehouse (they never change once written: their names suffice)."""
    folder = warehouse_dir() / EDITIONS
    try:
        return tuple(sorted(n for n in os.listdir(folder) if not n.startswith(".")))
    except OSError:
        return ()


@st.cache_resource(max_entries=4, show_spinner=False)
def _revisions(warehouse: str, signature: tuple[str, ...]) -> Revisions | None:
    return in_force(Path(warehouse)) if signature else None


def revisions() -> Revisions | None:
    """The published years' figures (editions), for the rule « publié, révisé à » (whole département only)."""
    return _revisions(str(warehouse_dir()), editions_signature())


@st.cache_data(max_entries=2_000, show_spinner=False)
def _query(
    warehouse: str, version_name: str, name: str, params: tuple[tuple[str, object], ...], filters: Filters
) -> pl.DataFrame:
    sql = (QUERIES / f"{name}.sql").read_text(encoding="utf-8")
    return _open(warehouse, version_name).query(sql, dict(params), filters)


def query(name: str, filters: Filters | None = None, **params: object) -> pl.DataFrame:
    """A dashboard query from queries/<name>.sql on this run's version, values bound as parameters."""
    return _query(str(warehouse_dir()), pinned(), name, tuple(sorted(params.items())), filters or Filters())


@st.cache_data(max_entries=100, show_spinner=False)
def _years(warehouse: str, version_name: str) -> list[int]:
    return _open(warehouse, version_name).years()


def years() -> list[int]:
    return _years(str(warehouse_dir()), pinned())


def filter_options() -> dict[str, list[str]]:
    frame = query("options_filtres")
    return {
        name: frame.filter(pl.col("filtre") == name)["valeur"].to_list()
        for name in ("type", "secteur", "tas", "epci", "prescripteur", "instance")
    }


def geo_names() -> dict[str, dict[str, str]]:
    frame = query("noms_geographiques")
    return {
        domain: dict(frame.filter(pl.col("domaine") == domain).select("code", "nom").iter_rows())
        for domain in ("epci", "commune")
    }


def domain_keys() -> dict[str, list[str]]:
    frame = query("cles_domaines")
    keys: dict[str, list[str]] = {}
    for domain, key, _ in frame.iter_rows():
        keys.setdefault(domain, []).append(key)
    return keys


class ReportUnavailable(Exception):
    """The ingest report of the version in force cannot be read; the message is French."""


@st.cache_data(max_entries=4, show_spinner=False)
def _ingest_report(warehouse: str, version_name: str) -> dict:
    path = Path(warehouse) / VERSIONS / version_name / REPORT
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ReportUnavailable(f"Le rapport du dernier import est introuvable dans « {path.parent} ».") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportUnavailable(f"Le rapport du dernier import (« {path} ») est illisible.") from exc
    if not isinstance(report, dict) or not isinstance(report.get("tables"), dict):
        raise ReportUnavailable(f"Le rapport du dernier import (« {path} ») est incomplet.")
    return report


def ingest_report() -> dict:
    """The ingest report of this run's version (its ingest_report.json), cached on the version."""
    return _ingest_report(str(warehouse_dir()), pinned())


@st.cache_data(max_entries=8, show_spinner=False)
def _report(warehouse: str, version_name: str, year: int, masked: bool, signature: tuple[str, ...] = ()):
    from pipelines.reports.content import build

    # cache_data hands every caller its own copy: no session can change the model another one reads.
    return build(_open(warehouse, version_name), year, masked=masked, revisions=_revisions(warehouse, signature))


def report_model(year: int, masked: bool):
    """The activity report's content for a year (whole département), as published in the mode given;
    cached on the version, the year, the mode and the editions; a partner's is always the diffusion one."""
    return _report(str(warehouse_dir()), pinned(), year, masked or access.diffusion_forced(), editions_signature())


def secret(name: str) -> str | None:
    """A value of Streamlit's secrets (`.streamlit/secrets.toml`), None when there are none."""
    try:
        value = st.secrets.get(name)
    except Exception:  # no secrets file at all is the usual case on a workstation
        return None
    return str(value) if value else None


def hash_key() -> str | None:
    """The pseudonymisation key from Streamlit's secrets, when the deployment keeps it there
    (otherwise the pipeline takes $ASSLL_HASH_KEY or the key stored outside the repository)."""
    return secret("ASSLL_HASH_KEY")
