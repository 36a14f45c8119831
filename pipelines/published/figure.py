"""A figure as a person sees it: the value as published, its French text and where it comes from.

A masked figure (diffusion mode) carries no number at all: its `value`, `numerator` and
`denominator` are None and its text is « < 5 » (a count) or « masqué » (anything computed from a
masked count). A missing figure (nothing to compute) reads « – ». Pages, the presentation and the
report renderers only lay these out; none of them formats or masks a value itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from pipelines.indicators.stats import wilson_interval
from pipelines.published import fmt
from pipelines.reference.schema import CATCH_ALL

MASK_COUNT = "< 5"
MASK_OTHER = "masqué"
MISSING = fmt.MISSING  # what a figure with nothing to show reads, as everywhere
COUNT_UNITS = ("nombre",)


def text_for(value: float | None, unit: str, kind: str = "valeur", *, masked: bool = False) -> str:
    """The French text of a value: `1 234`, `13,8 %`, `+13,8 %`, `6,9 mois`, `6,0` (ETP), `< 5`, `–`."""
    if masked:
        return MASK_COUNT if kind == "valeur" and unit in COUNT_UNITS else MASK_OTHER
    if value is None:
        return MISSING
    if kind in ("part", "evolution") or unit == "%":
        return fmt.percent(value, signed=kind == "evolution")
    if unit == "mois":
        return fmt.months(value)
    if unit == "jours":
        return f"{fmt.number(value)}\u00a0jour{'s' if abs(value) >= 2 else ''}"
    if unit in ("ETP", "par ETP"):
        return fmt.number(value, 1)
    return fmt.number(value)


@dataclass(frozen=True)
class Figure:
    """One number shown somewhere, with its provenance (indicator, key, year) and how it follows from it.

    `kind`: `valeur` (the value, or the value of `key` in a breakdown), `part` (a share in %: the
    indicator's own share, or `key`'s share of the breakdown's total), `evolution` (the change of the
    value from `base_year` to `year`, in %)."""

    text: str
    indicator: str | None = None
    key: str | None = None
    value: float | None = None
    year: int | None = None
    kind: str = "valeur"
    base_year: int | None = None
    unit: str = "nombre"
    masked: bool = False
    numerator: float | None = None
    denominator: float | None = None
    # An estimate's own 95 % interval (a median, a Kaplan–Meier share): `bounded` says the interval is
    # (low, high) as given (a bound may be None: not reached), never a Wilson interval of the counts.
    low: float | None = None
    high: float | None = None
    bounded: bool = False
    # A figure of a published year whose value has moved since its edition: the text of the value now (the
    # figure itself keeps the published value; its text reads « 173, révisé à 175 », `pipelines.published.revisions`).
    revised: str | None = None

    def __str__(self) -> str:
        return self.text

    @property
    def shown(self) -> bool:
        """Whether a number is shown (neither masked nor missing)."""
        return self.value is not None

    @property
    def interval(self) -> tuple[float | None, float | None] | None:
        """The 95 % interval: an estimate's own (median, Kaplan–Meier share), else the Wilson interval of a
        share whose counts are published."""
        if self.bounded:
            return None if self.low is None and self.high is None else (self.low, self.high)
        if self.numerator is None or not self.denominator:
            return None
        return wilson_interval(int(self.numerator), int(self.denominator))

    @property
    def counts_text(self) -> str:
        """`73/188` for a share, « masqué » when its counts are hidden, `–` with no case."""
        if self.masked:
            return MASK_OTHER
        if self.numerator is None or self.denominator is None:
            return MISSING
        return f"{fmt.number(self.numerator)}/{fmt.number(self.denominator)}"


def count_figure(
    value: float | None,
    indicator: str | None = None,
    key: str | None = None,
    year: int | None = None,
    unit: str = "nombre",
) -> Figure:
    """A figure for a value the layer already published (e.g. a sum of published cells)."""
    return Figure(text_for(value, unit), indicator, key, value, year, unit=unit)


@dataclass(frozen=True)
class Breakdown:
    """A breakdown indicator for one year: every key's figure in canonical order, its total and shares."""

    indicator: str
    year: int
    unit: str
    cells: dict[str, Figure]
    total: Figure
    parts: dict[str, Figure] = field(default_factory=dict)

    def __iter__(self) -> Iterator[str]:
        return iter(self.cells)

    def __getitem__(self, key: str) -> Figure:
        return self.cells[key]

    def get(self, key: str) -> Figure:
        """The figure of `key`; a key the indicator does not have reads 0."""
        return self.cells.get(key) or Figure(text_for(0, self.unit), self.indicator, key, 0, self.year, unit=self.unit)

    def part(self, key: str) -> Figure:
        return self.parts.get(key) or Figure(MISSING, self.indicator, key, None, self.year, "part", unit="%")

    def shown_keys(self, *, drop_empty_catch_all: bool = True) -> list[str]:
        """Keys in canonical order; the catch-all keys only when not zero (masked counts as not zero)."""
        return [
            k
            for k, f in self.cells.items()
            if not (drop_empty_catch_all and k in CATCH_ALL and not f.masked and not f.value)
        ]

    @property
    def is_empty(self) -> bool:
        """Nothing to draw: every cell is zero or missing (a masked cell is not nothing)."""
        return not any(f.masked or f.value for f in self.cells.values())
