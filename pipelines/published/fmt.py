"""French display formats: `1 234`, `13,8 %`, `+13,8 %`, `6,9 mois`, `1er mars 2024`, and the French label of
a canonical value. Every figure the dashboard and the reports show is written here.

Shares are rounded half-up to one decimal for display only; computations keep full precision. How a bare
number is written comes from `pipelines.reference.french`, which the import's messages share.
"""

from __future__ import annotations

import datetime as dt

from pipelines.reference.french import MISSING, NBSP, number, round_half_up
from pipelines.reference.libelles import label

__all__ = ["MISSING", "NBSP", "label", "long_date", "months", "number", "percent", "round_half_up", "short_date"]

MONTHS_LONG = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def percent(value: float | None, decimals: int = 1, signed: bool = False) -> str:
    """`13,8 %`, with `+` when signed and positive."""
    if value is None:
        return MISSING
    text = number(value, decimals)
    if signed and round_half_up(value, decimals) > 0:
        text = "+" + text
    return f"{text}{NBSP}%"


def interval_hover(
    text: str | None, value: float | None, low: float | None, high: float | None, suffix: str = f"{NBSP}%"
) -> str:
    """`38,8 % (73/188)<br>IC 95 % : 32,1 à 45,9 %`: a figure (a share by default, or points with their
    suffix) and its 95 % interval in a chart's hover."""
    out = text or number(value, 1) + suffix
    if low is not None and high is not None:
        out += f"<br>IC 95{NBSP}% : {number(low, 1)} à {number(high, 1)}{suffix}"
    return out


def months(value: float | None) -> str:
    return MISSING if value is None else f"{number(value, 1)}{NBSP}mois"


def long_date(day: dt.date) -> str:
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS_LONG[day.month - 1]} {day.year}"


def short_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")
