"""III. Les commandes, A to D: evolution, prescripteurs, diagnostics, dispositifs and GTS decisions
(E to G, the territory, tenure and objectives, are in `territoire`)."""

from __future__ import annotations

from pipelines.published import fmt, sentences
from pipelines.published.narrative import Sentence, plural, words
from pipelines.reports.blocks import Context, breakdown_chart, series_chart
from pipelines.reports.model import Paragraph, Section
from pipelines.reports.sections import territoire
from visuals.palette import ASSLL, DIAGNOSTIC


def _evolution(ctx: Context) -> Section:
    pub, year = ctx.pub, ctx.year
    total = pub.value("commandes_total", year)
    return Section(
        "A",
        "Évolution des commandes d'ASSLL et de diagnostics",
        (
            Paragraph(
                (
                    sentences.evolution(pub, "commandes_assll", year, ctx.base, "le nombre de commandes d'ASSLL"),
                    sentences.evolution(
                        pub, "commandes_diagnostic", year, ctx.base, "le nombre de demandes de diagnostics"
                    ),
                    Sentence(
                        [
                            "Au total, ",
                            words(total),
                            plural(total, " commande a été reçue", " commandes ont été reçues"),
                            f" en {year}",
                            *ctx.versus("commandes_total"),
                            ".",
                        ]
                    ),
                )
            ),
            series_chart(
                ctx,
                {"Commandes d'ASSLL": "commandes_assll", "Commandes de diagnostic": "commandes_diagnostic"},
                ctx.years,
                "evolution_commandes",
                f"Commandes d'ASSLL et de diagnostic — {ctx.years[0]}–{year}",
                [ASSLL, DIAGNOSTIC],
            ),
        ),
    )


def _prescripteurs(ctx: Context) -> Section:
    pub, year = ctx.pub, ctx.year
    return Section(
        "B",
        "Des commandes passées en majorité par les travailleurs sociaux",
        (
            Paragraph(
                (
                    sentences.share(
                        pub,
                        "part_assll_travailleurs_sociaux_pct",
                        year,
                        ctx.base,
                        "les travailleurs sociaux ont été à l'origine de",
                        "des demandes d'ASSLL",
                    ),
                    sentences.fsl_assll(pub, year, ctx.base),
                )
            ),
            breakdown_chart(
                ctx,
                "commandes_assll_par_prescripteur",
                "prescripteur",
                "prescripteurs_assll",
                f"Commandes d'ASSLL par prescripteur — {year}",
            ),
        ),
    )


def _diagnostics(ctx: Context) -> Section:
    pub, year = ctx.pub, ctx.year
    return Section(
        "C",
        "Les diagnostics sollicités par les commissions FSL",
        (
            Paragraph(
                (
                    sentences.share(
                        pub,
                        "part_diagnostics_commissions_fsl_pct",
                        year,
                        ctx.base,
                        "les commissions FSL ont été à l'origine de",
                        "des demandes de diagnostics",
                    ),
                    sentences.ts_gts_diagnostics(pub, year),
                )
            ),
            breakdown_chart(
                ctx,
                "commandes_diagnostic_par_prescripteur",
                "prescripteur",
                "prescripteurs_diagnostic",
                f"Demandes de diagnostic par prescripteur — {year}",
            ),
        ),
    )


def _dispositifs(ctx: Context) -> Section:
    pub, year = ctx.pub, ctx.year
    new = pub.value("gts_nouvelles_demandes", year)
    return Section(
        "D",
        "Les dispositifs d'origine et les décisions du GTS",
        (
            Paragraph(
                (
                    sentences.groups(pub, year, ctx.base),
                    Sentence(
                        [
                            words(new),
                            plural(
                                new,
                                " demande d'ASSLL, sans demande d'aide financière, a été étudiée",
                                " demandes d'ASSLL, sans demande d'aide financière, ont été étudiées",
                            ),
                            f" en GTS en {year}",
                            *ctx.versus("gts_nouvelles_demandes"),
                            ".",
                        ]
                    ),
                    sentences.gts_requests(pub, year, ctx.base),
                    sentences.refusals(pub, year, lambda key: fmt.label("motif_refus", key)),
                )
            ),
            breakdown_chart(
                ctx,
                "commandes_assll_par_groupe_dispositif",
                "groupe_dispositif",
                "groupes_dispositifs",
                f"Commandes d'ASSLL par dispositif d'origine — {year}",
            ),
            breakdown_chart(ctx, "refus_par_motif", "motif_refus", "refus_motifs", f"Refus d'ASSLL par motif — {year}"),
        ),
    )


def section(ctx: Context) -> Section:
    return Section(
        "III",
        "Les commandes",
        subsections=(
            _evolution(ctx),
            _prescripteurs(ctx),
            _diagnostics(ctx),
            _dispositifs(ctx),
            *territoire.subsections(ctx),
        ),
    )
