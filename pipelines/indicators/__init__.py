"""Indicators: one SQL definition per id (sql/<id>.sql), labelled in catalogue.csv; for the time-to-event
indicators the SQL gives a cohort and the catalogue names the estimator applied to it (survival.py)."""

from pipelines.indicators.catalogue import IndicatorDef, load_catalogue
from pipelines.indicators.engine import Indicators, VersionGone, WarehouseError
from pipelines.indicators.values import Filters, IndicatorValue

__all__ = ["Filters", "IndicatorDef", "IndicatorValue", "Indicators", "VersionGone", "WarehouseError",
           "load_catalogue"]
