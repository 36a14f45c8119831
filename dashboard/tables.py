"""The small tables behind the charts (French headers) and the bar labels that carry a count and a share.

Pure functions of indicator values: no Streamlit call, tested directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import polars as pl

from pipelines import fmt
from pipelines.indicators import IndicatorValue
from visuals.charts import Item

CATCH_ALL = ("NON_RECONNU", "NON_RENSEIGNE")


def share(count: float | None, total: float | None) -> float | None:
    """Percentage of a breakdown's total; None when the total is zero or unknown."""
    if count is None or not total:
        return None
    return 100 * count / total


def rounded(value: float | None, decimals: int = 1) -> float | None:
    """A share as shown (half-up), for tables: what the reader sees is what the file holds."""
    return None if value is None else float(fmt.round_half_up(value, decimals))


def total(value: IndicatorValue) -> float | None:
    """The breakdown's total; None when a cell is masked (diffusion), so no share leaks it."""
    assert isinstance(value.value, dict)
    if any(v is None for v in value.value.values()):
        return None
    return sum(value.value.values())


def with_shares(items: Sequence[Item], denominator: float | None = None) -> list[Item]:
    """Bars labelled `51 (21,5 %)`: the count and its share of the total of the breakdown."""
    values = [i.value for i in items]
    base = denominator if denominator is not None else (None if None in values else sum(values))
    return [replace(i, text=f"{fmt.number(i.value)} ({fmt.percent(share(i.value, base))})" if base else
                    fmt.number(i.value)) for i in items]


def keys_shown(values: Sequence[IndicatorValue]) -> list[str]:
    """Keys of a breakdown in canonical order; a catch-all key only when it is not zero in one of the values."""
    keys: list[str] = []
    for value in values:
        assert isinstance(value.value, dict)
        for key, v in value.value.items():
            if key in keys or (key in CATCH_ALL and not v):
                continue
            keys.append(key)
    # A catch-all found non-zero in a later value still goes after the canonical keys.
    return [k for k in keys if k not in CATCH_ALL] + [k for k in CATCH_ALL if k in keys]


def breakdown(by_year: Mapping[int, IndicatorValue], label: Callable[[str], str], header: str,
              counted: str = "Commandes", shares: bool = True) -> pl.DataFrame:
    """One row per key, a count column (and a share column) per year: `Secteur | Commandes 2024 | Part 2024 (%)`."""
    keys = keys_shown(list(by_year.values()))
    columns: dict[str, list] = {header: [label(k) for k in keys]}
    for year, value in by_year.items():
        assert isinstance(value.value, dict)
        whole = total(value)
        # A masked count (diffusion) stays empty: the table then says « masqué », never 0.
        counts = [value.value.get(k, 0) for k in keys]
        columns[f"{counted} {year}"] = counts
        if shares:
            columns[f"Part {year} (%)"] = [rounded(share(c, whole)) for c in counts]
    schema = {name: (pl.String if name == header else pl.Float64 if name.startswith("Part ") else None)
              for name in columns}
    return pl.DataFrame(columns, schema_overrides={k: v for k, v in schema.items() if v is not None}, strict=False)


def series(by_year: Mapping[int, IndicatorValue], keys: Sequence[str] | None = None) \
        -> dict[str, list[tuple[int, float]]]:
    """Per key, its (year, count) points across the years of a breakdown; keys zero in every year are left out."""
    values = list(by_year.values())
    keys = list(keys) if keys is not None else keys_shown(values)
    out = {}
    for key in keys:
        points = [(year, (v.value or {}).get(key, 0) or 0) for year, v in by_year.items()]  # type: ignore[union-attr]
        if any(count for _, count in points):
            out[key] = points
    return out


def years_wide(points: Mapping[str, Sequence[tuple[int, float | None]]], label: Callable[[str], str],
               first: str = "Année") -> pl.DataFrame:
    """The table of a chart over the years: one row per year, one column per series (French labels)."""
    years = sorted({year for pts in points.values() for year, _ in pts})
    columns: dict[str, list] = {first: years}
    for key, pts in points.items():
        by_year = dict(pts)
        columns[label(key)] = [by_year.get(y) for y in years]
    return pl.DataFrame(columns, strict=False)
