"""One entry point for the three formats, used by the CLI and the dashboard's « Rapports » page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pipelines.indicators import Indicators
from pipelines.published.revisions import Revisions, in_force
from pipelines.reports.content import build
from pipelines.reports.html import to_html
from pipelines.reports.model import Report
from pipelines.reports.pdf import PdfUnavailable, to_pdf
from pipelines.reports.slides import to_pptx

FORMATS = ("html", "pdf", "pptx")
LABELS = {"html": "du rapport HTML", "pdf": "du rapport PDF", "pptx": "de la présentation PowerPoint"}


def file_name(year: int, fmt_name: str, masked: bool) -> str:
    stem = f"presentation_copil_assll_{year}" if fmt_name == "pptx" else f"rapport_activite_assll_{year}"
    return f"{stem}{'_diffusion' if masked else ''}.{fmt_name}"


def write(report: Report, fmt_name: str, out_dir: Path) -> Path:
    path = out_dir / file_name(report.year, fmt_name, report.diffusion)
    out_dir.mkdir(parents=True, exist_ok=True)
    if fmt_name == "html":
        path.write_text(to_html(report), encoding="utf-8")
        return path
    if fmt_name == "pdf":
        return to_pdf(report, path)
    if fmt_name == "pptx":
        return to_pptx(report, path)
    raise ValueError(fmt_name)


def generate(
    warehouse: Path,
    year: int,
    formats: list[str],
    out_dir: Path,
    *,
    masked: bool = False,
    progress: Callable[[str], None] | None = None,
    today: dt.date | None = None,
    version: str | None = None,
    revisions: Revisions | bool | None = True,
    texts: dict[str, str] | None = None,
) -> list[Path]:
    """Builds the report content once, then writes each format asked. `version`: the warehouse version to
    compute on (the one in force unless named; an edition names its own). `revisions`: the published years'
    figures (True: the editions of the warehouse, as in force now)."""
    indicators = Indicators(warehouse, version=version)
    if revisions is True:
        revisions = in_force(warehouse)
    try:
        if progress:
            progress("Calcul des indicateurs…")
        report = build(indicators, year, masked=masked, today=today, revisions=revisions or None, texts=texts)
    finally:
        indicators.close()
    written = []
    for fmt_name in formats:
        if progress:
            progress(f"Génération {LABELS[fmt_name]}…")
        written.append(write(report, fmt_name, out_dir))
    return written


__all__ = ["FORMATS", "PdfUnavailable", "file_name", "generate", "write"]
