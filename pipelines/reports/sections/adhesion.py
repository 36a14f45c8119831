"""V.B, the gap between routes: the FSL/GTS adhesion gap, raw and for comparable households, with the sentences
of the page « Adhésion et ciblage » (pipelines.published.adhesion_sentences) and a chart that the slides carry.
The comparison fiche does not carry these figures (they are not in COMPARATIF.md)."""

from __future__ import annotations

from pipelines.published import adhesion, adhesion_sentences
from pipelines.published.narrative import Sentence
from pipelines.reference.couleurs import fixed
from pipelines.reports.blocks import Context
from pipelines.reports.model import Chart, Paragraph, Table

CHART_KEY = "ecarts_adhesion"
ROWS = (("Écart brut", adhesion.RAW), ("À profil comparable", adhesion.ADJUSTED))


def blocks(ctx: Context) -> tuple[Paragraph, Chart]:
    pub, year = ctx.pub, ctx.year
    gaps = [adhesion.gap(pub, ind_id, year) for _, ind_id in ROWS]
    paragraph = Paragraph(
        (
            adhesion_sentences.raw_gap(pub, year),
            adhesion_sentences.adjusted_gap(pub, year),
            adhesion_sentences.joint_share(pub, year),
            adhesion_sentences.joint_gap(pub, year),
            Sentence([adhesion_sentences.LIMITS[0]]),
        )
    )
    window = adhesion.window_text(year)
    title = f"Écart de la part de clôtures avec un travail possible, commission FSL − GTS (points) — {window}"
    colours = fixed()
    # The reason of a gap not computed is in its sentence (in diffusion, a small count in it is worded).
    rows = tuple(
        (label, g.figure, g.interval_text.removeprefix(f"{adhesion.CI} : ") or "–", g.size.text)
        for (label, _), g in zip(ROWS, gaps, strict=True)
    )
    chart = Chart(
        CHART_KEY,
        title,
        "bar",
        tuple(label for label, _ in ROWS),
        {"Écart (points)": tuple(g.value for g in gaps)},
        (colours.get("COMMISSION_FSL", "#1F4E79"), colours.get("GTS", "#2E7D32")),
        tuple(ind_id for _, ind_id in ROWS),
        unit="points",
        masked={"Écart (points)": tuple(g.figure.masked for g in gaps)},
        table=Table(title, ("Écart", "Points", "Intervalle à 95 %", "Clôtures"), rows),
    )
    return paragraph, chart
