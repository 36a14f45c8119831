"""The small tables behind the charts (French headers), built from published figures.

Pure functions (no Streamlit call), tested directly. A column holds numbers (shares rounded as
shown); a column with a masked figure (diffusion mode) holds the French text of its figures
instead, so a masked count reads « < 5 » and a masked share « masqué », never 0 or empty.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import polars as pl

from pipelines.published import Breakdown, Figure, fmt
from pipelines.reference.schema import CATCH_ALL

Cell = Figure | str | int | float | None


def rounded(value: float | None, decimals: int = 1) -> float | None:
    """A share as shown (half-up), for tables: what the reader sees is what the file holds."""
    return None if value is None else float(fmt.round_half_up(value, decimals))


def _number(fig: Figure) -> float | int | None:
    if fig.value is None:
        return None
    if fig.kind in ("part", "evolution") or fig.unit in ("%", "mois", "ETP", "par ETP"):
        return rounded(fig.value)
    return int(fig.value) if float(fig.value).is_integer() else fig.value


def _text(fig: Figure) -> str | None:
    if fig.masked:
        return fig.text
    if fig.value is None:
        return None
    if fig.kind in ("part", "evolution") or fig.unit in ("%", "mois", "ETP", "par ETP"):
        return fmt.number(fig.value, 1)
    return fig.text


def share_counts(share: Figure) -> tuple[Cell, Cell]:
    """The numerator and denominator of a share as table cells (« masqué » with the share)."""
    if share.masked:
        return share, share
    return share.numerator, share.denominator


def frame(columns: Mapping[str, Sequence[Cell]]) -> pl.DataFrame:
    """A table from columns of figures (or plain cells): numbers, or texts where a figure is masked."""
    data: dict[str, list] = {}
    schema: dict[str, pl.DataType | type[pl.DataType]] = {}
    for name, cells in columns.items():
        figures = [c for c in cells if isinstance(c, Figure)]
        if any(f.masked for f in figures):
            data[name] = [_text(c) if isinstance(c, Figure) else (None if c is None else str(c)) for c in cells]
            schema[name] = pl.String
        elif figures:
            values = [_number(c) if isinstance(c, Figure) else c for c in cells]
            data[name] = values
            schema[name] = pl.Float64 if any(isinstance(v, float) for v in values) else pl.Int64
        else:
            data[name] = list(cells)
    return pl.DataFrame(data, schema_overrides=schema, strict=False)


def keys_shown(values: Sequence[Breakdown]) -> list[str]:
    """Keys of breakdowns in canonical order; a catch-all key only when it is not zero in one of them."""
    keys: list[str] = []
    for b in values:
        for key in b.shown_keys():
            if key not in keys:
                keys.append(key)
    # A catch-all found non-zero in a later value still goes after the canonical keys.
    return [k for k in keys if k not in CATCH_ALL] + [k for k in CATCH_ALL if k in keys]


def breakdown(
    by_year: Mapping[int, Breakdown],
    label: Callable[[str], str],
    header: str,
    counted: str = "Commandes",
    shares: bool = True,
) -> pl.DataFrame:
    """One row per key, a count column (and a share column) per year: `Secteur | Commandes 2024 | Part 2024 (%)`."""
    keys = keys_shown(list(by_year.values()))
    columns: dict[str, list] = {header: [label(k) for k in keys]}
    for year, b in by_year.items():
        columns[f"{counted} {year}"] = [b.get(k) for k in keys]
        if shares:
            columns[f"Part {year} (%)"] = [b.part(k) for k in keys]
    return frame(columns)


def series(
    by_year: Mapping[int, Breakdown], keys: Sequence[str] | None = None
) -> tuple[dict[str, list[tuple[int, float | None]]], dict[str, list[int]]]:
    """Per key, its (year, count) points across the years (keys zero in every year are left out), and per
    key the years where its count is masked (a gap in the chart, with its « < 5 » mark)."""
    keys = list(keys) if keys is not None else keys_shown(list(by_year.values()))
    points: dict[str, list[tuple[int, float | None]]] = {}
    masked: dict[str, list[int]] = {}
    for key in keys:
        cells = [(year, b.get(key)) for year, b in by_year.items()]
        if any(f.masked or f.value for _, f in cells):
            points[key] = [(year, f.value) for year, f in cells]
            masked[key] = [year for year, f in cells if f.masked]
    return points, masked


def masked_per_year(masked: Mapping[str, Sequence[int]]) -> dict[int, int]:
    """How many categories are masked in each year (for the mark above a stacked bar)."""
    out: dict[int, int] = {}
    for years in masked.values():
        for year in years:
            out[year] = out.get(year, 0) + 1
    return out


def years_wide(
    by_year: Mapping[int, Breakdown], keys: Sequence[str], label: Callable[[str], str], first: str = "Année"
) -> pl.DataFrame:
    """The table of a chart over the years: one row per year, one column per key (French labels)."""
    columns: dict[str, list] = {first: list(by_year)}
    for key in keys:
        columns[label(key)] = [b.get(key) for b in by_year.values()]
    return frame(columns)


def figures_by_year(
    by_year: Mapping[int, Mapping[str, Figure]], labels: Mapping[str, str], first: str = "Année"
) -> pl.DataFrame:
    """One row per year, one column per figure (e.g. two counts over the period)."""
    columns: dict[str, list] = {first: list(by_year)}
    for key, label in labels.items():
        columns[label] = [figs[key] for figs in by_year.values()]
    return frame(columns)
