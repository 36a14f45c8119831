"""Shares shown with their count and their 95 % Wilson interval: the rate of a share, whether two intervals
overlap, the change in points as words, and the table rows (a masked share reads « masqué »).

Pure functions, used by the pages that show rates (Arrêts et résultats, Durées); their bars are drawn from
these by `dashboard.rates`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from pipelines.indicators import IndicatorValue
from pipelines.indicators.stats import wilson_interval
from pipelines.published import fmt
from pipelines.published.figure import Figure

INTERVAL_NOTE = (
    "Le trait au bout de chaque barre est l'intervalle de confiance à 95\u00a0% : compte tenu du nombre de "
    "situations, la part réelle se trouve très probablement dans cette plage. Quand les intervalles de deux parts "
    "se chevauchent, l'écart entre elles peut être dû au hasard : ne concluez pas à un changement observé sur "
    "une trentaine de situations."
)
SHORT_NOTE = (
    "Le trait au bout de chaque barre est l'intervalle de confiance à 95\u00a0% : quand deux intervalles se "
    "chevauchent, l'écart entre les deux parts peut être dû au hasard."
)
LINES_NOTE = (
    "Le trait vertical sur chaque point est l'intervalle de confiance à 95\u00a0% : compte tenu du nombre de "
    "situations, la part réelle se trouve très probablement dans cette plage. Quand les intervalles de deux années "
    "se chevauchent, l'écart entre elles peut être dû au hasard : ne concluez pas à un changement observé sur une "
    "trentaine de situations."
)


@dataclass(frozen=True)
class Rate:
    """A share: `numerator` cases out of `denominator` (never zero)."""

    numerator: int
    denominator: int

    @property
    def pct(self) -> float:
        return 100 * self.numerator / self.denominator

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.numerator, self.denominator)  # type: ignore[return-value]

    @property
    def counts(self) -> str:
        """`73/188`"""
        return f"{fmt.number(self.numerator)}/{fmt.number(self.denominator)}"

    @property
    def label(self) -> str:
        """`38,8 % (73/188)`"""
        return f"{fmt.percent(self.pct)} ({self.counts})"


Share = Rate | Figure | IndicatorValue | None


def is_masked(value: Share) -> bool:
    return isinstance(value, Figure) and value.masked


def of(value: Share) -> Rate | None:
    """The rate of a share (a published figure, or an indicator value); None when masked or with no case."""
    if value is None or isinstance(value, Rate):
        return value
    if getattr(value, "numerator", None) is None or not getattr(value, "denominator", None):
        return None
    return Rate(int(value.numerator), int(value.denominator))  # type: ignore[arg-type]  # checked just above


def of_count(count: float | None, total: float | None) -> Rate | None:
    """A key of a breakdown as a share of the breakdown's total."""
    if not total:
        return None
    return Rate(int(count or 0), int(total))


def overlap(a: Share, b: Share) -> bool:
    """Whether two 95 % intervals overlap (the difference may be chance); False when one is missing."""
    a, b = of(a), of(b)
    if a is None or b is None:
        return False
    (a_low, a_high), (b_low, b_high) = a.interval, b.interval
    return a_low <= b_high and b_low <= a_high


def change_points(now: Share, before: Share) -> float | None:
    """The change of a share in percentage points, between the shares as shown (one decimal)."""
    now, before = of(now), of(before)
    if now is None or before is None:
        return None
    return float(fmt.round_half_up(now.pct, 1) - fmt.round_half_up(before.pct, 1))


def points_text(diff: float | None) -> str | None:
    """`+4,5 points`, `-0,8 point`, `0,0 point`."""
    if diff is None:
        return None
    return f"{'+' if diff > 0 else ''}{fmt.number(diff, 1)} point{'s' if abs(diff) >= 2 else ''}"


def rounded(value: float | None) -> float | None:
    return None if value is None else float(fmt.round_half_up(value, 1))


def _columns(share: Share) -> list[Any]:
    """Share (%), cases, out of, interval bounds (%): numbers, or « masqué » for a masked share."""
    if is_masked(share):
        return [share] * 5
    rate = of(share)
    if rate is None:
        return [None] * 5
    low, high = rate.interval
    return [rounded(rate.pct), rate.numerator, rate.denominator, rounded(low), rounded(high)]


def table(
    header: str, labels: Sequence[str], by_year: Mapping[int, Sequence[Share]], counted: str = "Cas", base: str = "Sur"
) -> pl.DataFrame:
    """One row per rate, per year: `Part 2024 (%)`, `Cas 2024`, `Sur 2024`, the interval bounds (%)."""
    columns: dict[str, list[Any]] = {header: list(labels)}
    for year, shares in by_year.items():
        cells = [_columns(s) for s in shares]
        names = [
            f"Part {year} (%)",
            f"{counted} {year}",
            f"{base} {year}",
            f"IC 95 % bas {year} (%)",
            f"IC 95 % haut {year} (%)",
        ]
        for n, name in enumerate(names):
            columns[name] = [c[n] for c in cells]
    return _frame(columns)


def year_table(by_year: Mapping[int, Mapping[str, Share]], labels: Mapping[str, str]) -> pl.DataFrame:
    """Rates over the years: one row per year, for each rate its share, counts and interval."""
    columns: dict[str, list[Any]] = {"Année": list(by_year)}
    for key, label in labels.items():
        cells = [_columns(by_year[y].get(key)) for y in by_year]
        names = [
            f"{label} (%)",
            f"{label} : cas",
            f"{label} : sur",
            f"{label} : IC 95 % bas (%)",
            f"{label} : IC 95 % haut (%)",
        ]
        for n, name in enumerate(names):
            columns[name] = [c[n] for c in cells]
    return _frame(columns)


def _frame(columns: dict[str, list[Any]]) -> pl.DataFrame:
    """Numbers (% columns as floats, counts as integers), or texts in a column holding a masked share."""
    data: dict[str, list[Any]] = {}
    schema: dict[str, pl.DataType | type[pl.DataType]] = {}
    for name, cells in columns.items():
        if any(isinstance(c, Figure) for c in cells):
            data[name] = [
                c.text
                if isinstance(c, Figure)
                else (None if c is None else fmt.number(c, 1) if isinstance(c, float) else str(c))
                for c in cells
            ]
            schema[name] = pl.String
        else:
            data[name] = cells
            if name != "Année" and name != next(iter(columns)):  # the first column holds the labels
                schema[name] = pl.Float64 if "(%)" in name else pl.Int64
    return pl.DataFrame(data, schema_overrides=schema, strict=False)
