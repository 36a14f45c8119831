"""French display formats: `1 234`, `13,8 %`, `+13,8 %`, `6,9 mois`, `janv. 2024`.

Shares are rounded half-up to one decimal for display only; computations keep full precision.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from .settings import reference_dir

NBSP = "\u00a0"
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
MONTHS_LONG = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
               "octobre", "novembre", "décembre")


def round_half_up(value: float, decimals: int = 1) -> Decimal:
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)


MISSING = "–"


def number(value: float | int | None, decimals: int = 0) -> str:
    """`1 234`, `6,9`; `–` when there is no value (masked figures are written by pipelines.published)."""
    if value is None:
        return MISSING
    rounded = round_half_up(float(value), decimals)
    text = f"{rounded:,.{decimals}f}" if decimals else f"{int(rounded):,d}"
    return text.replace(",", NBSP).replace(".", ",")


def percent(value: float | None, decimals: int = 1, signed: bool = False) -> str:
    """`13,8 %`, with `+` when signed and positive."""
    if value is None:
        return MISSING
    text = number(value, decimals)
    if signed and round_half_up(value, decimals) > 0:
        text = "+" + text
    return f"{text}{NBSP}%"


def months(value: float | None) -> str:
    return MISSING if value is None else f"{number(value, 1)}{NBSP}mois"


def month_year(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def long_date(day: dt.date) -> str:
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS_LONG[day.month - 1]} {day.year}"


def short_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@lru_cache(maxsize=1)
def _labels() -> dict[tuple[str, str], str]:
    with (reference_dir() / "libelles.csv").open(encoding="utf-8", newline="") as fh:
        return {(r["domaine"], r["valeur"]): r["libelle"] for r in csv.DictReader(fh)}


def label(domain: str, value: str) -> str:
    """The French label of a canonical value; sector, TAS and EPCI names are already French."""
    labels = _labels()
    return labels.get((domain, value)) or labels.get(("*", value)) or value
