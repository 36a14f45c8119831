"""The activity report as one self-contained HTML file (interactive charts, no CDN), or as the
static HTML that the PDF renderer prints (charts as inline SVG)."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import plotly.io as pio
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from pipelines.published import fmt
from pipelines.published.narrative import Fig, Sentence
from pipelines.reports.figures import to_plotly
from pipelines.reports.model import Chart, KeyFigure, Markdown, Paragraph, Report, Table

TEMPLATES = Path(__file__).resolve().parent / "templates"
FONTS = Path(__file__).resolve().parent / "fonts"


def fig_html(fig: Fig) -> str:
    """A number with its provenance: indicator, key, year, kind (and base year of a change)."""
    text = html.escape(fig.text)
    if not fig.indicator:
        return f'<span class="chiffre">{text}</span>'
    attrs = {
        "data-indicator": fig.indicator,
        "data-annee": fig.year,
        "data-cle": fig.key,
        "data-type": fig.kind,
        "data-annee-base": fig.base_year,
        "data-valeur": None if fig.value is None else repr(float(fig.value)),
    }
    if fig.masked:  # diffusion: the figure is masked, it carries no value
        attrs["data-masque"] = "oui"
    rendered = " ".join(f'{k}="{html.escape(str(v))}"' for k, v in attrs.items() if v is not None)
    return f'<span class="chiffre" {rendered}>{text}</span>'


def sentence_html(sentence: Sentence) -> str:
    return "".join(fig_html(s) if isinstance(s, Fig) else html.escape(s) for s in sentence)


def table_html(table: Table) -> str:
    head = "".join(f'<th class="{"nombre" if i else ""}">{html.escape(c)}</th>' for i, c in enumerate(table.columns))
    body = []
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            content = fig_html(cell) if isinstance(cell, Fig) else html.escape(str(cell))
            cells.append(f'<td class="{"nombre" if i else ""}">{content}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table><caption>{html.escape(table.title)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"typographer": False})


def fonts_css() -> str:
    """The font shipped with the product, embedded (the PDF printer has no file access to it)."""
    faces = []
    for weight, name in (("normal", "DejaVuSans.ttf"), ("bold", "DejaVuSans-Bold.ttf")):
        data = base64.b64encode((FONTS / name).read_bytes()).decode()
        faces.append(
            f'@font-face {{ font-family: "DejaVu Sans"; font-weight: {weight}; '
            f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}'
        )
    return "\n".join(faces)


def render(
    report: Report, chart_html: Callable[[Chart], str], *, plotly_js: str = "", embed_fonts: bool = False
) -> str:
    def block(item: object) -> Markup:
        if isinstance(item, Markdown):
            return Markup(_markdown().render(item.text))
        if isinstance(item, Paragraph):
            return Markup("".join(f"<p>{sentence_html(s)}</p>" for s in item.sentences if str(s)))
        if isinstance(item, Table):
            return Markup(table_html(item))
        if isinstance(item, Chart):
            table = table_html(item.table) if item.table else ""
            return Markup(
                f'<div class="graphique" data-graphique="{item.key}" '
                f'data-indicateurs="{" ".join(item.indicators)}">{chart_html(item)}</div>'
                f"<details><summary>Données du graphique</summary>{table}</details>"
            )
        if isinstance(item, KeyFigure):
            return Markup(fig_html(item.value))
        raise TypeError(type(item))

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    template = env.get_template("rapport.html.j2")
    return template.render(
        report=report,
        css=Markup((TEMPLATES / "rapport.css").read_text(encoding="utf-8")),
        fonts_css=Markup(fonts_css() if embed_fonts else ""),
        plotly_js=Markup(plotly_js),
        generated=fmt.long_date(report.generated),
        render=block,
        fig=lambda f: Markup(fig_html(f)),
        sentence=lambda s: Markup(sentence_html(s)),
    )


def interactive_chart(chart: Chart) -> str:
    fig = to_plotly(chart)
    return pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=False,
        div_id=f"graphique-{chart.key}",
        config={"displaylogo": False, "responsive": True, "locale": "fr"},
    )


def to_html(report: Report) -> str:
    """One file, readable offline: plotly.js is inlined once, the font is embedded."""
    from plotly.offline import get_plotlyjs

    return render(report, interactive_chart, plotly_js=get_plotlyjs())
