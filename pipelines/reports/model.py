"""The report as data, shared by the HTML, PDF and PPTX renderers.

A chart is described once (categories, series, colours, kind, which values are masked); each
renderer draws it its own way: Plotly for HTML and PDF, a native PowerPoint chart for the slides.

The model is immutable (frozen dataclasses, tuples) and made only of plain values, figures and
sentences, so that it pickles: the dashboard caches one per (version, year, diffusion) with
`st.cache_data`, which hands every session its own copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from pipelines.published import Figure
from pipelines.published.narrative import Sentence

Cell = Figure | str


@dataclass(frozen=True)
class Markdown:
    text: str


@dataclass(frozen=True)
class Paragraph:
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: Figure
    comparison: Sentence | None = None


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    kind: str  # bar (horizontal bars), column, line, stacked, map
    categories: tuple[str, ...]
    series: dict[str, tuple[float | None, ...]]  # a masked value is None, never 0
    colours: tuple[str, ...]  # one per series, or one per category when there is a single series
    indicators: tuple[str, ...]
    percent: bool = False
    unit: str = ""
    # Diffusion: per series, which values are masked (drawn as a « < 5 » mark); no entry, nothing masked.
    masked: dict[str, tuple[bool, ...]] = field(default_factory=dict)
    # For maps: {code: value}, the codes whose count is masked and the GeoJSON property holding the code.
    map_values: dict[str, float] = field(default_factory=dict)
    map_masked: tuple[str, ...] = ()
    map_layer: str = ""
    table: Table | None = None

    def is_masked(self, name: str, index: int) -> bool:
        flags = self.masked.get(name, ())
        return index < len(flags) and flags[index]

    def points(self, name: str) -> Iterator[tuple[str, float | None, bool]]:
        """(category, value, masked) of one series."""
        for i, (category, value) in enumerate(zip(self.categories, self.series[name], strict=True)):
            yield category, value, self.is_masked(name, i)

    @property
    def has_masked(self) -> bool:
        return any(any(flags) for flags in self.masked.values()) or bool(self.map_masked)


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    blocks: tuple = ()
    subsections: tuple[Section, ...] = ()
    anchor: str = ""


@dataclass(frozen=True)
class Report:
    year: int
    base_year: int
    title: str
    subtitle: str
    generated: dt.date
    diffusion: bool
    key_figures: tuple[KeyFigure, ...]
    sections: tuple[Section, ...]
    filters: str = ""
    version: str | None = None  # the warehouse version every figure was computed on

    def walk(self) -> Iterator[Section]:
        """Every section and subsection, in reading order."""

        def visit(section: Section) -> Iterator[Section]:
            yield section
            for sub in section.subsections:
                yield from visit(sub)

        for section in self.sections:
            yield from visit(section)

    def blocks(self) -> Iterator[object]:
        for section in self.walk():
            yield from section.blocks

    def charts(self) -> dict[str, Chart]:
        return {b.key: b for b in self.blocks() if isinstance(b, Chart)}

    def tables(self) -> list[Table]:
        """The tables of the report, those under its charts included."""
        found = []
        for block in self.blocks():
            if isinstance(block, Table):
                found.append(block)
            elif isinstance(block, Chart) and block.table is not None:
                found.append(block.table)
        return found

    def figures(self) -> list[Figure]:
        """Every figure of the report that names its indicator (for tests and traceability)."""
        found: list[Figure] = []
        for kf in self.key_figures:
            found += [f for f in (kf.value, *(kf.comparison or ())) if isinstance(f, Figure) and f.indicator]
        for block in self.blocks():
            if isinstance(block, Paragraph):
                for sentence in block.sentences:
                    found.extend(s for s in sentence if isinstance(s, Figure) and s.indicator)
        for table in self.tables():
            found.extend(c for row in table.rows for c in row if isinstance(c, Figure) and c.indicator)
        return found
