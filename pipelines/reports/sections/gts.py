"""IV. Les résultats des situations examinées en GTS."""

from __future__ import annotations

from pipelines.published import sentences
from pipelines.published.narrative import Sentence, plural, words
from pipelines.reference.referential import load_referential
from pipelines.reports.blocks import Context, breakdown_chart, colour_map, series_chart
from pipelines.reports.model import Paragraph, Section


def section(ctx: Context) -> Section:
    pub, year = ctx.pub, ctx.year
    bilans, stops = pub.value("gts_bilans", year), pub.value("gts_arrets_valides", year)
    renewals = pub.value("gts_renouvellements", year)
    examined = Section(
        "A",
        f"Les situations examinées en GTS au cours de l'année {year}",
        (
            Paragraph((sentences.gts_examined(pub, year, ctx.base),)),
            breakdown_chart(ctx, "gts_par_objet", "objet", "gts_objets", f"Passages en GTS par objet — {year}"),
        ),
    )
    # The colours of the GTS decisions, as on the dashboard's GTS page.
    decisions = colour_map(load_referential().canonical["decision_gts"])
    studied = Section(
        "B",
        "Les bilans étudiés",
        (
            Paragraph(
                (
                    Sentence(
                        [
                            words(bilans),
                            plural(bilans, " bilan a été étudié", " bilans ont été étudiés"),
                            f" au cours de l'année {year} : ",
                            words(stops),
                            plural(stops, " arrêt validé", " arrêts validés"),
                            " et ",
                            words(renewals),
                            plural(renewals, " renouvellement", " renouvellements"),
                            ".",
                        ]
                    ),
                )
            ),
            series_chart(
                ctx,
                {"Arrêts validés": "gts_arrets_valides", "Renouvellements": "gts_renouvellements"},
                ctx.recent,
                "gts_bilans",
                f"Bilans étudiés en GTS — {ctx.recent[0]}–{year}",
                [decisions["ARRET"], decisions["RENOUVELLEMENT"]],
            ),
        ),
    )
    return Section("IV", "Les résultats des situations examinées en GTS", subsections=(examined, studied))
