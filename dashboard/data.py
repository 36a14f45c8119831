"""Cached access to the warehouse for the pages: indicators by id, and the dashboard's own queries.

One `Indicators` object per warehouse version for the whole process (each query takes its own
cursor); results are cached on every parameter that changes them, the version included, so a
new ingest is picked up without serving stale figures.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import streamlit as st

from pipelines import settings
from pipelines.indicators import Filters, Indicators, IndicatorValue, WarehouseError
from pipelines.warehouse import REPORT, WarehouseMissing, current_version

QUERIES = Path(__file__).resolve().parent / "queries"


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


@st.cache_resource(max_entries=2, show_spinner=False)
def _open(warehouse: str, version_name: str) -> Indicators:
    return Indicators(Path(warehouse))


def indicators() -> Indicators:
    current = version()
    ind = _open(str(warehouse_dir()), current)
    if ind.version.name != current:  # CURRENT moved between the two reads: open the new one
        _open.clear()
        ind = _open(str(warehouse_dir()), current)
    return ind


@st.cache_data(max_entries=50_000, show_spinner=False)
def _value(version_name: str, ind_id: str, year: int, filters: Filters, as_of: dt.date | None) -> IndicatorValue:
    return indicators().compute(ind_id, year, filters, as_of)


def value(ind_id: str, year: int, filters: Filters | None = None, as_of: dt.date | None = None) -> IndicatorValue:
    return _value(version(), ind_id, year, filters or Filters(), as_of)


def series(ind_id: str, years: list[int], filters: Filters | None = None) -> dict[int, IndicatorValue]:
    return {year: value(ind_id, year, filters) for year in years}


@st.cache_data(max_entries=2_000, show_spinner=False)
def _query(version_name: str, name: str, params: tuple[tuple[str, object], ...], filters: Filters) -> pl.DataFrame:
    sql = (QUERIES / f"{name}.sql").read_text(encoding="utf-8")
    return indicators().query(sql, dict(params), filters)


def query(name: str, filters: Filters | None = None, **params: object) -> pl.DataFrame:
    """A dashboard query from queries/<name>.sql, values bound as parameters."""
    return _query(version(), name, tuple(sorted(params.items())), filters or Filters())


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
    path = current_version(Path(warehouse)) / REPORT
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

    return build(indicators(), year, masked=masked)


def report_model(year: int, masked: bool = False):
    """The activity report's content for a year (whole department), shared by the Rapports and
    Présentation pages; built once per warehouse version."""
    return _report(version(), year, masked)
