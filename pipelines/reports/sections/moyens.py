"""II. Les moyens: ETP by sector, mutualisations and the balance of the sectors."""

from __future__ import annotations

from ...balance import SectorLoad, assess, suggestion_text
from ...narrative import Sentence
from ...published import sentences
from ...referential import load_referential
from ..blocks import Context, breakdown_chart
from ..model import Paragraph, Section


def _balance(ctx: Context, sectors: list[str]) -> Paragraph:
    """The suggested mutualisation at the end of the year: a rule over the raw counts whose sentence
    states loads per ETP only, never a count."""
    waiting = ctx.raw("commandes_en_attente_par_secteur").value
    in_progress = ctx.raw("mesures_en_cours_par_secteur").value
    etp = ctx.raw("etp_par_secteur").value
    tas = load_referential().sector_tas
    result = assess([SectorLoad(k, tas.get(k), int(waiting.get(k) or 0), int(in_progress.get(k) or 0), etp.get(k))
                     for k in sectors])
    return Paragraph((Sentence([f"Au 31 décembre {ctx.year} : ", suggestion_text(result)]),))


def section(ctx: Context) -> Section:
    pub, year = ctx.pub, ctx.year
    etp = breakdown_chart(ctx, "etp_par_secteur", "secteur", "etp_secteurs",
                          f"ETP de travailleurs sociaux ASSLL par secteur — {year}", unit="ETP",
                          total=pub.value("etp_total", year))
    text = Paragraph((
        Sentence([pub.value("etp_total", year),
                            " équivalents temps plein de travailleurs sociaux ont pour mission la mise en œuvre de "
                            "l'ASSLL sur le territoire, selon la répartition ci-dessous."]),
        Sentence(["Le cahier des charges de l'ASSLL prévoit la mutualisation entre les secteurs en cas de "
                            "déséquilibre du nombre de commandes en attente."]),
        sentences.mutualisations(pub, year, ctx.base),
    ))
    mutualisations = breakdown_chart(ctx, "mutualisations_par_secteur_accueil", "secteur", "mutualisations_accueil",
                                     f"Mutualisations par secteur d'accueil — {year}")
    sectors = list(pub.breakdown("etp_par_secteur", year))
    return Section("II", "Les moyens", (text, etp, mutualisations, _balance(ctx, sectors)))
