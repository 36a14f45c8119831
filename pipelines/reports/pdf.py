"""The activity report as an A4 PDF, printed by Chromium from the same HTML as the interactive one.

One browser session draws every chart with plotly.js (as SVG, so the PDF keeps them as vector
graphics) and prints the page twice: the first print tells on which page each section starts
(read back with pypdf), the second one carries those numbers in the table of contents. The
shipped font is embedded; the footer gives « Page n sur N ».
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import plotly.io as pio
from plotly.offline import get_plotlyjs

from pipelines.reports.figures import to_plotly
from pipelines.reports.html import render
from pipelines.reports.model import Chart, Report

# A4 minus the margins, in CSS pixels (96 per inch): charts are drawn at the width they print at.
PRINT_WIDTH_PX = 658
MARGINS = {"top": "18mm", "bottom": "18mm", "left": "18mm", "right": "18mm"}
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class PdfUnavailable(Exception):
    """What the PDF needs (Chromium) is missing; the message is French."""


NO_CHROMIUM = (
    "Le rapport PDF est imprimé par le navigateur Chromium (paquet Debian « chromium »), absent de cette "
    "machine. Pour l'installer, lancez « python3 run.py pdf » dans le dossier du projet (en "
    "administrateur), ou « apt-get install --no-install-recommends chromium ». Les formats HTML et "
    "PowerPoint restent disponibles."
)


def chromium_path() -> str:
    for candidate in (
        os.environ.get("ASSLL_CHROMIUM"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    raise PdfUnavailable(NO_CHROMIUM)


def _print_chart(chart: Chart) -> str:
    fig = to_plotly(chart)
    fig.update_layout(font_family="DejaVu Sans", width=PRINT_WIDTH_PX, height=min(fig.layout.height or 420, 560))
    if chart.kind == "bar" and chart.categories:
        # DejaVu is wide: reserve the room of the longest category label rather than trust automargin.
        fig.update_layout(margin_l=min(280, 8 * max(len(c) for c in chart.categories)))
    return pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=False,
        div_id=f"graphique-{chart.key}",
        config={"staticPlot": True, "displayModeBar": False},
    )


def _section_pages(pdf_bytes: bytes, headings: dict[str, str]) -> dict[str, int]:
    """Page (1-based) where each heading text first appears, after the table of contents."""
    from pypdf import PdfReader

    # NFKC undoes the ligatures of the extracted text (« efﬁcace »).
    texts = [
        " ".join(unicodedata.normalize("NFKC", page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(pdf_bytes)).pages
    ]
    found: dict[str, int] = {}
    for anchor, heading in headings.items():
        wanted = " ".join(heading.split())
        # The table of contents lists every heading on the first pages: search after it.
        for number, text in enumerate(texts, start=1):
            if wanted in text and number > 1 and anchor not in found and _after_toc(texts, number):
                found[anchor] = number
                break
    return found


def _after_toc(texts: list[str], number: int) -> bool:
    toc_pages = [i for i, t in enumerate(texts, start=1) if "Sommaire" in t]
    return number > (toc_pages[-1] if toc_pages else 1)


def to_pdf(report: Report, path: Path) -> Path:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    html = render(report, _print_chart, plotly_js=get_plotlyjs(), embed_fonts=True)
    headings = {s.anchor: f"{s.number}. {s.title}" for s in report.sections}
    headings |= {sub.anchor: f"{sub.number}. {sub.title}" for s in report.sections for sub in s.subsections}
    # Page numbers come from the stylesheet's @page margin boxes (none on the cover page).
    options: dict[str, Any] = {
        "format": "A4",
        "margin": MARGINS,
        "print_background": True,
        "prefer_css_page_size": True,
        "tagged": True,
        "outline": True,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="assll-pdf-") as tmp:
        page_file = Path(tmp) / "rapport.html"
        page_file.write_text(html, encoding="utf-8")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=executable, args=FLAGS)
                try:
                    page = browser.new_page(viewport={"width": PRINT_WIDTH_PX, "height": 1000})
                    page.goto(page_file.as_uri())
                    page.wait_for_function(
                        "() => [...document.querySelectorAll('.plotly-graph-div')].every(d => d._fullLayout)",
                        timeout=60_000,
                    )
                    # Charts were measured before the embedded font was ready: measure them again.
                    page.evaluate("""() => document.fonts.ready.then(() => Promise.all(
                        [...document.querySelectorAll('.plotly-graph-div')].map(d => Plotly.relayout(d, {}))))""")
                    page.emulate_media(media="print")
                    first = page.pdf(**options)
                    numbers = _section_pages(first, headings)
                    page.evaluate(
                        """(numbers) => {
                        for (const [anchor, n] of Object.entries(numbers)) {
                            const link = document.querySelector(`nav.sommaire a[href="#${anchor}"]`);
                            if (link) { const s = document.createElement('span'); s.className = 'page';
                                        s.textContent = n; link.after(s); }
                        }}""",
                        numbers,
                    )
                    path.write_bytes(page.pdf(**options))
                finally:
                    browser.close()
        except PlaywrightError as exc:
            raise PdfUnavailable(f"Chromium n'a pas pu imprimer le rapport ({exc.message.splitlines()[0]}).") from exc
    return path
