"""Indicators: one SQL definition per id (sql/<id>.sql), labelled in catalogue.csv; for the time-to-event
indicators the SQL gives a cohort and the catalogue names the estimator applied to it (survival.py). They give
raw values: masking, rounding and wording are the published layer's.

The names below are loaded when first asked for, so that importing a light module of this package (`stats`,
`values`) does not start DuckDB: `assll --help` stays fast."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipelines.indicators.catalogue import IndicatorDef, load_catalogue
    from pipelines.indicators.engine import Indicators, VersionGone, WarehouseError
    from pipelines.indicators.values import Filters, IndicatorValue

__all__ = ["Filters", "IndicatorDef", "IndicatorValue", "Indicators", "VersionGone", "WarehouseError", "load_catalogue"]
_HOME = {
    "Filters": "values",
    "IndicatorValue": "values",
    "IndicatorDef": "catalogue",
    "load_catalogue": "catalogue",
    "Indicators": "engine",
    "VersionGone": "engine",
    "WarehouseError": "engine",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
