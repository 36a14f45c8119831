"""II. Les moyens: ETP by sector, mutualisations and the balance of the sectors."""

from __future__ import annotations

import datetime as dt

from pipelines.published import sentences
from pipelines.published.equilibre import sector_balance
from pipelines.published.narrative import Sentence
from pipelines.reference.referential import load_referential
from pipelines.reports.blocks import Context, breakdown_chart
from pipelines.reports.model import Paragraph, Section


def _balance(ctx: Context) -> Paragraph:
    """The suggested mutualisation at the end of the year, worded by the layer (the loads are left out
    when they rest on a masked count)."""
    as_of = dt.date(ctx.year, 12, 31)
    balance = sector_balance(ctx.pub, as_of, tas_of=load_referential().sector_tas)
    waits = (Sentence([balance.attente]),) if balance.attente else ()
    return Paragraph((Sentence([f"Au 31 décembre {ctx.year} : ", balance.suggestion]), *waits))


def section(ctx: Context) -> Section:
    pub, year = ctx.pub, ctx.year
    etp = breakdown_chart(
        ctx,
        "etp_par_secteur",
        "secteur",
        "etp_secteurs",
        f"ETP de travailleurs sociaux ASSLL par secteur — {year}",
        unit="ETP",
        total=pub.value("etp_total", year),
    )
    text = Paragraph(
        (
            Sentence(
                [
                    pub.value("etp_total", year),
                    " équivalents temps plein de travailleurs sociaux ont pour mission la mise en œuvre de "
                    "l'ASSLL sur le territoire, selon la répartition ci-dessous.",
                ]
            ),
            Sentence(
                [
                    "Le cahier des charges de l'ASSLL prévoit la mutualisation entre les secteurs en cas de "
                    "déséquilibre du nombre de commandes en attente."
                ]
            ),
            sentences.mutualisations(pub, year, ctx.base),
        )
    )
    mutualisations = breakdown_chart(
        ctx,
        "mutualisations_par_secteur_accueil",
        "secteur",
        "mutualisations_accueil",
        f"Mutualisations par secteur d'accueil — {year}",
    )
    return Section("II", "Les moyens", (text, etp, mutualisations, _balance(ctx)))
