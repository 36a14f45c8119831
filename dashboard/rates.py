"""Shares shown with their count and their 95 % Wilson interval: bars, table rows, overlap.

Pure functions (no Streamlit call), shared by the pages that show rates (Arrêts et résultats, Durées).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from pipelines import fmt
from pipelines.indicators import IndicatorValue
from pipelines.stats import wilson_interval
from visuals.charts import Item

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
YEAR_COLOUR = "#0072B2"
BASE_COLOUR = "#6B7280"


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

    def item(self, key: str, label: str) -> Item:
        low, high = self.interval
        return Item(key, label, self.pct, low, high, self.label)


def of(value: IndicatorValue) -> Rate | None:
    """The rate of a share indicator; None when it has no case to divide by."""
    if value.numerator is None or not value.denominator:
        return None
    return Rate(int(value.numerator), int(value.denominator))


def of_count(count: float | None, total: float | None) -> Rate | None:
    """A key of a breakdown as a share of the breakdown's total."""
    if not total:
        return None
    return Rate(int(count or 0), int(total))


def overlap(a: Rate | None, b: Rate | None) -> bool:
    """Whether two 95 % intervals overlap (the difference may be chance); False when one is missing."""
    if a is None or b is None:
        return False
    (a_low, a_high), (b_low, b_high) = a.interval, b.interval
    return a_low <= b_high and b_low <= a_high


def change_points(now: Rate | None, before: Rate | None) -> float | None:
    """The change of a share in percentage points, between the shares as shown (one decimal)."""
    if now is None or before is None:
        return None
    return float(fmt.round_half_up(now.pct, 1) - fmt.round_half_up(before.pct, 1))


def points_text(diff: float | None) -> str | None:
    """`+4,5 points`, `-0,8 point`, `0,0 point`."""
    if diff is None:
        return None
    return f"{'+' if diff > 0 else ''}{fmt.number(diff, 1)} point{'s' if abs(diff) >= 2 else ''}"


def item(rate: Rate | None, key: str, label: str) -> Item | None:
    return None if rate is None else rate.item(key, label)


def rounded(value: float | None) -> float | None:
    return None if value is None else float(fmt.round_half_up(value, 1))


def table(header: str, labels: Sequence[str], by_year: Mapping[int, Sequence[Rate | None]],
          counted: str = "Cas", base: str = "Sur") -> pl.DataFrame:
    """One row per rate, per year: `Part 2024 (%)`, `Cas 2024`, `Sur 2024`, the interval bounds (%)."""
    columns: dict[str, list] = {header: list(labels)}
    for year, rates in by_year.items():
        columns[f"Part {year} (%)"] = [rounded(r.pct) if r else None for r in rates]
        columns[f"{counted} {year}"] = [r.numerator if r else None for r in rates]
        columns[f"{base} {year}"] = [r.denominator if r else None for r in rates]
        columns[f"IC 95 % bas {year} (%)"] = [rounded(r.interval[0]) if r else None for r in rates]
        columns[f"IC 95 % haut {year} (%)"] = [rounded(r.interval[1]) if r else None for r in rates]
    schema = {name: pl.Float64 if "(%)" in name else pl.Int64 for name in columns if name != header}
    return pl.DataFrame(columns, schema_overrides=schema | {header: pl.String}, strict=False)


def year_table(by_year: Mapping[int, Mapping[str, Rate | None]], labels: Mapping[str, str]) -> pl.DataFrame:
    """Rates over the years: one row per year, for each rate its share, counts and interval."""
    columns: dict[str, list] = {"Année": list(by_year)}
    for key, label in labels.items():
        rates = [by_year[y].get(key) for y in by_year]
        columns[f"{label} (%)"] = [rounded(r.pct) if r else None for r in rates]
        columns[f"{label} : cas"] = [r.numerator if r else None for r in rates]
        columns[f"{label} : sur"] = [r.denominator if r else None for r in rates]
        columns[f"{label} : IC 95 % bas (%)"] = [rounded(r.interval[0]) if r else None for r in rates]
        columns[f"{label} : IC 95 % haut (%)"] = [rounded(r.interval[1]) if r else None for r in rates]
    schema = {name: pl.Float64 if "(%)" in name else pl.Int64 for name in columns}
    return pl.DataFrame(columns, schema_overrides=schema, strict=False)
