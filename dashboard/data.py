"""Cached access to the warehouse for the pages: indicators by id, and the dashboard's own queries.

One `Indicators` object per warehouse version for the whole process (each query takes its own
cursor); results are cached on every parameter that changes them, the version included, so a
new ingest is picked up without serving stale figures. A cached result keyed on a version is
always computed on that very version (opened by name, never by re-reading CURRENT); when that
version was pruned before it could be opened, the call is made again on the version in force.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import polars as pl
import streamlit as st

from pipelines import diffusion, settings
from pipelines.indicators import Filters, Indicators, IndicatorValue, VersionGone, WarehouseError
from pipelines.warehouse import REPORT, VERSIONS, WarehouseMissing, current_version

QUERIES = Path(__file__).resolve().parent / "queries"
ATTEMPTS = 3  # a version pruned before it is opened takes at least KEEP_VERSIONS ingests meanwhile
T = TypeVar("T")


def warehouse_dir() -> Path:
    return settings.warehouse_dir()


def version() -> str:
    """The version in force; raises WarehouseError (French) when there is none."""
    try:
        return current_version(warehouse_dir()).name
    except WarehouseMissing as exc:
        raise WarehouseError(
            f"Aucun entrepôt de données dans « {warehouse_dir()} ». Importez des exports (page « Importer "
            "des exports ») ou créez les données de démonstration."
        ) from exc


def _in_force(call: Callable[[str], T]) -> T:
    """call(name of the version in force); once more on the new one if that version is gone meanwhile."""
    for attempt in range(ATTEMPTS):
        try:
            return call(version())
        except VersionGone:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


@st.cache_resource(max_entries=2, show_spinner=False)
def _open(warehouse: str, version_name: str) -> Indicators:
    return Indicators(Path(warehouse), version=version_name)


def indicators(version_name: str | None = None) -> Indicators:
    """The indicators of the version named (VersionGone when it was pruned), else of the one in force."""
    if version_name is not None:
        return _open(str(warehouse_dir()), version_name)
    return _in_force(indicators)


@st.cache_data(max_entries=50_000, show_spinner=False)
def _value(version_name: str, ind_id: str, year: int, filters: Filters, as_of: dt.date | None) -> IndicatorValue:
    return indicators(version_name).compute(ind_id, year, filters, as_of)


def diffusion_on() -> bool:
    """The session's diffusion switch (sidebar), read by every figure the pages ask for."""
    return bool(st.session_state.get("f_diffusion", False))


def value(ind_id: str, year: int, filters: Filters | None = None, as_of: dt.date | None = None) -> IndicatorValue:
    """An indicator as computed, or as published when the diffusion mode is on."""
    got = _in_force(lambda name: _value(name, ind_id, year, filters or Filters(), as_of))
    if not diffusion_on():
        return got
    d = indicators().definition(ind_id)
    masked = diffusion.mask_value(got.value, d.forme, d.unite, got.numerator, got.denominator, got.details)
    if d.forme == "part":
        return replace(got, value=masked, numerator=diffusion.mask_count(got.numerator),
                       denominator=diffusion.mask_count(got.denominator))
    return replace(got, value=masked)


def series(ind_id: str, years: list[int], filters: Filters | None = None) -> dict[int, IndicatorValue]:
    return {year: value(ind_id, year, filters) for year in years}


@st.cache_data(max_entries=2_000, show_spinner=False)
def _query(version_name: str, name: str, params: tuple[tuple[str, object], ...], filters: Filters) -> pl.DataFrame:
    sql = (QUERIES / f"{name}.sql").read_text(encoding="utf-8")
    return indicators(version_name).query(sql, dict(params), filters)


def query(name: str, filters: Filters | None = None, **params: object) -> pl.DataFrame:
    """A dashboard query from queries/<name>.sql, values bound as parameters."""
    return _in_force(lambda version_name: _query(version_name, name, tuple(sorted(params.items())),
                                                 filters or Filters()))


def years() -> list[int]:
    return [int(y) for y in query("annees")["annee"].to_list()]


def filter_options() -> dict[str, list[str]]:
    frame = query("options_filtres")
    return {name: frame.filter(pl.col("filtre") == name)["valeur"].to_list()
            for name in ("type", "secteur", "tas", "epci", "prescripteur", "instance")}


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
    """The ingest report of the version in force (its ingest_report.json), cached on the version."""
    return _ingest_report(str(warehouse_dir()), version())


@st.cache_resource(max_entries=8, show_spinner=False)
def _report(version_name: str, year: int, masked: bool):
    from pipelines.reports.content import build

    return build(indicators(version_name), year, masked=masked)


def report_model(year: int, masked: bool = False):
    """The activity report's content for a year (whole department), shared by the Rapports and
    Présentation pages; built once per warehouse version."""
    return _in_force(lambda name: _report(name, year, masked))


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
