"""Indicators: one SQL definition per id (sql/<id>.sql), labelled in catalogue.csv."""

from .catalogue import IndicatorDef, load_catalogue
from .engine import Filters, Indicators, IndicatorValue, WarehouseError

__all__ = ["Filters", "IndicatorDef", "IndicatorValue", "Indicators", "WarehouseError",
           "load_catalogue"]
