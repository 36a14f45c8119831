"""Indicators: one SQL definition per id (sql/<id>.sql), labelled in catalogue.csv."""

from .catalogue import IndicatorDef, load_catalogue
from .engine import Filters, Indicators, IndicatorValue, VersionGone, WarehouseError

__all__ = ["Filters", "IndicatorDef", "IndicatorValue", "Indicators", "VersionGone", "WarehouseError",
           "load_catalogue"]
