"""The report's building blocks over published figures: charts and tables of one indicator.

Every value comes from the layer of published figures (`Published`): a masked count is None in a
chart series with its `masked` flag set, and its `Figure` (« < 5 », « masqué ») in a table. Nothing
here masks, rounds or formats a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from pipelines.published import Breakdown, Figure, Published, fmt
from pipelines.published.figure import COUNT_UNITS
from pipelines.published.narrative import Sentence, against
from pipelines.reference import couleurs
from pipelines.reference.geography import load_geography
from pipelines.reference.schema import CATCH_ALL
from pipelines.reports.model import Chart, Table
from visuals.palette import colour_map as _colour_map


@dataclass
class Context:
    """What every section of one report is built from: its published figures and its years."""

    pub: Published
    year: int
    base: int
    years: list[int]  # the whole history shown on the long charts
    recent: list[int]  # the last five years

    @property
    def compare(self) -> bool:
        return self.base != self.year

    @cached_property
    def epci_names(self) -> dict[str, str]:
        return load_geography().epci_names

    def label(self, domain: str, key: str) -> str:
        if domain == "epci":
            return self.epci_names.get(key, fmt.label(domain, key))
        return fmt.label(domain, key)

    def versus(self, ind_id: str, key: str | None = None, *, part: bool = False) -> list:
        """` (contre 43 en 2023)` for an indicator (or a key of a breakdown, or its share); nothing when the
        comparison figure is masked or missing."""
        fig = self.pub.part(ind_id, self.base, key) if part else self.pub.count(ind_id, self.base, key)  # type: ignore[arg-type]  # a share is of a key
        return against(fig, self.base, self.compare)


def colour_map(keys: Sequence[str]) -> dict[str, str]:
    """Colours of a breakdown's keys (its canonical keys in order, then the catch-alls)."""
    ordered = [k for k in keys if k not in CATCH_ALL] + [*CATCH_ALL]
    return _colour_map(ordered, couleurs.fixed())


def share_sentence(lead: list, fig: Figure, tail: list) -> Sentence:
    """A sentence around one share: left out when the share is masked or missing."""
    if not fig.shown:
        return Sentence()
    return Sentence([*lead, fig, *tail])


def _dimension(ctx: Context, ind_id: str) -> str:
    return ctx.pub.definition(ind_id).libelle.split(" par ")[-1].capitalize()


def breakdown_chart(
    ctx: Context,
    ind_id: str,
    domain: str,
    key: str,
    title: str,
    *,
    kind: str = "bar",
    year: int | None = None,
    unit: str = "",
    total: Figure | None = None,
) -> Chart:
    """One bar per key of a breakdown (the catch-alls only when not zero), with its table (count and share)."""
    b = ctx.pub.breakdown(ind_id, year or ctx.year)
    keys = b.shown_keys()
    colours = colour_map(list(b))
    labels = [ctx.label(domain, k) for k in keys]
    counts = b.unit in COUNT_UNITS
    columns = (_dimension(ctx, ind_id), "Nombre", "Part") if counts else (_dimension(ctx, ind_id), unit or b.unit)
    rows = [(label, b[k], b.part(k)) if counts else (label, b[k]) for label, k in zip(labels, keys, strict=True)]
    if total is not None:
        rows.append(("Total", total))
    return Chart(
        key,
        title,
        kind,
        tuple(labels),
        {"Nombre": tuple(b[k].value for k in keys)},
        tuple(colours[k] for k in keys),
        (ind_id,),
        unit=unit,
        masked={"Nombre": tuple(b[k].masked for k in keys)},
        table=Table(title, columns, tuple(rows)),
    )


def map_chart(ctx: Context, bars: Chart, ind_id: str, key: str, layer: str) -> Chart:
    """The map of a breakdown by area, beside its bars (same table): masked areas get their own class."""
    b = ctx.pub.breakdown(ind_id, ctx.year)
    return Chart(
        key,
        bars.title,
        "map",
        bars.categories,
        bars.series,
        bars.colours,
        (ind_id,),
        masked=bars.masked,
        map_values={k: f.value for k, f in b.cells.items() if k not in CATCH_ALL and f.value is not None},
        map_masked=tuple(k for k, f in b.cells.items() if k not in CATCH_ALL and f.masked),
        map_layer=layer,
        table=bars.table,
    )


def series_chart(
    ctx: Context,
    ids: dict[str, str],
    years: list[int],
    key: str,
    title: str,
    colours: Sequence[str],
    *,
    unit: str = "",
    percent: bool = False,
) -> Chart:
    """One line per indicator over the years, with its table (one row per year)."""
    figures = {label: ctx.pub.series(ind_id, years) for label, ind_id in ids.items()}
    rows: tuple[tuple[Figure | str, ...], ...] = tuple((str(y), *[figures[label][y] for label in ids]) for y in years)
    return Chart(
        key,
        title,
        "line",
        tuple(str(y) for y in years),
        {label: tuple(figs[y].value for y in years) for label, figs in figures.items()},
        tuple(colours),
        tuple(ids.values()),
        percent=percent,
        unit=unit,
        masked={label: tuple(figs[y].masked for y in years) for label, figs in figures.items()},
        table=Table(title, ("Année", *ids), rows),
    )


def stacked_by_year(ctx: Context, ind_id: str, domain: str, years: list[int], key: str, title: str) -> Chart:
    """A breakdown over the years, one stacked colour per key (keys with a case in one year at least)."""
    per_year: dict[int, Breakdown] = {y: ctx.pub.breakdown(ind_id, y) for y in years}
    last = per_year[years[-1]]
    keys = [k for k in last if any(per_year[y].get(k).masked or per_year[y].get(k).value for y in years)]
    colours = colour_map(list(last))
    labels = [ctx.label(domain, k) for k in keys]
    rows: tuple[tuple[Figure | str, ...], ...] = tuple((str(y), *[per_year[y].get(k) for k in keys]) for y in years)
    return Chart(
        key,
        title,
        "stacked",
        tuple(str(y) for y in years),
        {label: tuple(per_year[y].get(k).value for y in years) for label, k in zip(labels, keys, strict=True)},
        tuple(colours[k] for k in keys),
        (ind_id,),
        masked={label: tuple(per_year[y].get(k).masked for y in years) for label, k in zip(labels, keys, strict=True)},
        table=Table(title, ("Année", *labels), rows),
    )


def rate_table(ctx: Context, rows: list[tuple[str, str]], title: str) -> Table:
    """Rates with their counts, their 95 % interval and the comparison year (the sections on closures)."""
    body = []
    for label, ind_id in rows:
        now = ctx.pub.value(ind_id, ctx.year)
        interval = now.interval
        body.append(
            (
                label,
                now,
                now.counts_text,
                f"{fmt.number(interval[0], 1)} – {fmt.number(interval[1], 1)}\u00a0%" if interval else "–",
                ctx.pub.value(ind_id, ctx.base),
            )
        )
    return Table(title, ("Taux", str(ctx.year), "Effectifs", "Intervalle à 95 %", str(ctx.base)), tuple(body))
