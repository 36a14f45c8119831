"""III. Les commandes, E to G: the territory, the tenure of the households and the objectives."""

from __future__ import annotations

from pipelines.published.narrative import Sentence, against, words
from pipelines.reference.schema import CATCH_ALL
from pipelines.reports.blocks import Context, breakdown_chart, map_chart, share_sentence, stacked_by_year
from pipelines.reports.model import Paragraph, Section


def _sectors(ctx: Context) -> tuple[Sentence, Sentence]:
    """The three sectors with the most requests and the one with the fewest. The ranking uses published
    counts only: with a masked sector, the one with the fewest is not named (it could be any masked one)."""
    pub, year = ctx.pub, ctx.year
    b = pub.breakdown("commandes_par_secteur", year)
    named = [k for k in b if k not in CATCH_ALL]
    shown = sorted(((b[k].value or 0, k) for k in named if b[k].shown), key=lambda p: (-p[0], p[1]))
    top = [k for _, k in shown[:3]]
    most = Sentence()
    if len(top) == 3:
        most = Sentence(
            [
                "Le secteur ",
                top[0],
                " est celui qui prescrit le plus de commandes (",
                b.part(top[0]),
                "), suivi des secteurs ",
                top[1],
                " (",
                b.part(top[1]),
                ") et ",
                top[2],
                " (",
                b.part(top[2]),
                ").",
            ]
        )
    least = Sentence()
    if shown and not any(b[k].masked for k in named):
        key = shown[-1][1]
        least = Sentence(
            [
                f"Le secteur {key} est celui qui compte le moins de commandes : ",
                words(b[key]),
                *against(pub.count("commandes_par_secteur", ctx.base, key), ctx.base, ctx.compare),
                ".",
            ]
        )
    return most, least


def _territory(ctx: Context) -> Section:
    pub, year = ctx.pub, ctx.year
    bars = breakdown_chart(ctx, "commandes_par_epci", "epci", "commandes_epci_barres", f"Commandes par EPCI — {year}")
    most, least = _sectors(ctx)
    return Section(
        "E",
        "Les commandes par territoire",
        (
            Paragraph(
                (
                    share_sentence(
                        ["Grand Angoulême et Grand Cognac représentent à eux deux "],
                        pub.value("part_commandes_agglomerations_pct", year),
                        [" des commandes", *ctx.versus("part_commandes_agglomerations_pct"), "."],
                    ),
                    most,
                    least,
                )
            ),
            map_chart(ctx, bars, "commandes_par_epci", "carte_epci", "code_epci"),
            breakdown_chart(
                ctx, "commandes_par_secteur", "secteur", "commandes_secteurs", f"Commandes par secteur ASSLL — {year}"
            ),
            stacked_by_year(
                ctx,
                "commandes_par_tas",
                "tas",
                ctx.years,
                "commandes_tas",
                f"Nouvelles commandes par territoire d'action sociale — {ctx.years[0]}–{year}",
            ),
        ),
    )


def _tenure(ctx: Context) -> Section:
    pub, year = ctx.pub, ctx.year
    tenants = pub.value("part_locataires_pct", year)
    private = pub.value("part_parc_prive_parmi_locataires_pct", year)
    sentence = Sentence()
    if tenants.shown:
        sentence = Sentence(
            [
                f"En {year}, ",
                tenants,
                " des usagers bénéficiant d'un ASSLL sont locataires",
                *ctx.versus("part_locataires_pct"),
            ]
        )
        if private.shown:
            sentence += [", dont ", private, " du parc privé", *ctx.versus("part_parc_prive_parmi_locataires_pct")]
        sentence.append(".")
    return Section(
        "F",
        "Le statut d'occupation des usagers",
        (
            Paragraph((sentence,)),
            breakdown_chart(
                ctx,
                "commandes_assll_par_statut_occupation",
                "statut_occupation",
                "statuts",
                f"Commandes d'ASSLL par statut d'occupation — {year}",
            ),
        ),
    )


def _objectives(ctx: Context) -> Section:
    pub, year = ctx.pub, ctx.year
    ind_id = "commandes_assll_par_objectif"
    budget = pub.part(ind_id, year, "BUDGET")
    prevention = pub.part(ind_id, year, "PREVENTION_EXPULSION")
    appropriation = pub.part(ind_id, year, "APPROPRIATION")
    second = Sentence()
    if prevention.shown:
        second = Sentence(
            [
                "L'objectif de prévention des expulsions représente ",
                prevention,
                *ctx.versus(ind_id, "PREVENTION_EXPULSION", part=True),
            ]
        )
        if appropriation.shown:
            second += [
                ", celui de l'appropriation du logement ",
                appropriation,
                *ctx.versus(ind_id, "APPROPRIATION", part=True),
            ]
        second.append(".")
    return Section(
        "G",
        "Les objectifs des mesures",
        (
            Paragraph(
                (
                    share_sentence(
                        ["Les objectifs fixés dans "],
                        budget,
                        [
                            f" des commandes en {year} sont liés à la résolution des difficultés financières des "
                            "ménages",
                            *ctx.versus(ind_id, "BUDGET", part=True),
                            ".",
                        ],
                    ),
                    second,
                )
            ),
            breakdown_chart(ctx, ind_id, "objectif", "objectifs", f"Commandes d'ASSLL par objectif principal — {year}"),
        ),
    )


def subsections(ctx: Context) -> tuple[Section, ...]:
    return _territory(ctx), _tenure(ctx), _objectives(ctx)
