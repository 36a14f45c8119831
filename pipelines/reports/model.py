"""The report as data, shared by the HTML, PDF and PPTX renderers.

A chart is described once (categories, series, colours, kind); each renderer draws it its own
way: Plotly for HTML and PDF, a native PowerPoint chart for the slides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..narrative import Fig, Sentence


@dataclass
class Markdown:
    text: str


@dataclass
class Paragraph:
    sentences: list[Sentence]


@dataclass
class KeyFigure:
    label: str
    value: Fig
    comparison: Sentence | None = None


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Fig | str]]


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # bar (horizontal bars), column, line, stacked, map
    categories: list[str]
    series: dict[str, list[float | None]]
    colours: list[str]  # one per series, or one per category when there is a single series
    indicators: list[str]
    percent: bool = False
    unit: str = ""
    # For maps: {code: value} and the GeoJSON property holding the code.
    map_values: dict[str, float] = field(default_factory=dict)
    map_layer: str = ""
    table: Table | None = None


@dataclass
class Section:
    number: str
    title: str
    blocks: list = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
    anchor: str = ""


@dataclass
class Report:
    year: int
    base_year: int
    title: str
    subtitle: str
    generated: dt.date
    diffusion: bool
    key_figures: list[KeyFigure]
    sections: list[Section]
    filters: str = ""

    def figures(self) -> list[Fig]:
        """Every figure of the report that names its indicator (for tests and traceability)."""
        found: list[Fig] = []

        def walk(section: Section) -> None:
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    for sentence in block.sentences:
                        found.extend(s for s in sentence if isinstance(s, Fig) and s.indicator)
                elif isinstance(block, Table):
                    found.extend(c for row in block.rows for c in row if isinstance(c, Fig) and c.indicator)
            for sub in section.subsections:
                walk(sub)

        for kf in self.key_figures:
            if kf.value.indicator:
                found.append(kf.value)
        for section in self.sections:
            walk(section)
        return found
