"""V. Analyse des arrêts des mesures: reasons, rates of work possible, durations."""

from __future__ import annotations

from pipelines.indicators.survival import MONTH_DAYS
from pipelines.published import durees as tte
from pipelines.published import fmt, sentences
from pipelines.published.narrative import Sentence, plural, words
from pipelines.reference.couleurs import fixed
from pipelines.reports.blocks import Context, breakdown_chart, rate_table, series_chart, share_sentence
from pipelines.reports.model import Chart, Paragraph, Section, Table
from pipelines.reports.sections import adhesion as adhesion_gaps
from visuals.palette import ASSLL, DIAGNOSTIC

MOTIFS = "mesures_cloturees_par_motif"
RATES = [
    ("Objectifs atteints ou partiellement atteints", "part_objectifs_atteints_pct"),
    ("Travail possible, décision en commission FSL", "part_travail_possible_instance_fsl_pct"),
    ("Travail possible, décision en GTS", "part_travail_possible_instance_gts_pct"),
    ("Travail non possible, décision en GTS", "part_travail_non_possible_instance_gts_pct"),
    ("Travail possible, commission FSL, aide refusée", "part_travail_possible_fsl_aide_refusee_pct"),
    ("Travail possible, commission FSL, aide accordée", "part_travail_possible_fsl_aide_accordee_pct"),
]


def _motifs(ctx: Context) -> Section:
    pub, year = ctx.pub, ctx.year
    closed = pub.value("mesures_cloturees", year)
    if closed.shown and not closed.value:
        text = Paragraph((Sentence([f"Aucune mesure d'ASSLL n'a été clôturée en {year}."]),))
    else:

        def reason(key: str, middle: str, tail: str) -> Sentence:
            return share_sentence(
                ["pour "], pub.part(MOTIFS, year, key), [middle, *ctx.versus(MOTIFS, key, part=True), tail]
            )

        text = Paragraph(
            (
                Sentence(
                    [
                        "Sur ",
                        words(closed),
                        plural(closed, " mesure d'ASSLL clôturée", " mesures d'ASSLL clôturées"),
                        f" en {year} :",
                    ]
                ),
                reason("TRAVAIL_POSSIBLE", " un travail a été possible", " ;"),
                reason(
                    "TRAVAIL_NON_POSSIBLE",
                    " des situations, l'accompagnement social n'a pas ou plus été possible",
                    " ;",
                ),
                reason("LIMITES_INTERVENTION", " des situations, les limites de l'intervention sont atteintes", "."),
            )
        )
    return Section(
        "A",
        "Les motifs d'arrêt",
        (
            text,
            breakdown_chart(
                ctx, MOTIFS, "motif_arret", "motifs_arret", f"Mesures clôturées par motif d'arrêt — {year}"
            ),
        ),
    )


def _efficacy(ctx: Context) -> Section:
    pub, year = ctx.pub, ctx.year

    def now(ind_id: str):
        return pub.value(ind_id, year)

    fsl, gts = now("part_travail_possible_instance_fsl_pct"), now("part_travail_possible_instance_gts_pct")
    refused, granted = (
        now("part_travail_possible_fsl_aide_refusee_pct"),
        now("part_travail_possible_fsl_aide_accordee_pct"),
    )
    instances = Sentence()
    if fsl.shown:
        instances = Sentence(
            [
                "Un travail a été possible pour ",
                fsl,
                " des ASSLL validés par la commission FSL",
                *ctx.versus("part_travail_possible_instance_fsl_pct"),
            ]
        )
        instances += [" et pour ", gts, " des ASSLL validés en GTS."] if gts.shown else ["."]
    aid = Sentence()
    if refused.shown and granted.shown:
        aid = Sentence(
            [
                "Lorsque la commission n'accorde pas l'aide financière et valide un ASSLL, le travail est "
                "possible dans ",
                refused,
                " des cas, contre ",
                granted,
                " lorsque l'aide est accordée.",
            ]
        )
    return Section(
        "B",
        "Un accompagnement efficace lorsque les ménages collaborent",
        (
            Paragraph(
                (
                    share_sentence(
                        ["Dans "],
                        now("part_objectifs_atteints_pct"),
                        [
                            " des situations pour lesquelles un travail a été possible, les objectifs fixés sont "
                            "atteints ou partiellement atteints",
                            *ctx.versus("part_objectifs_atteints_pct"),
                            ".",
                        ],
                    ),
                    instances,
                    aid,
                    share_sentence(
                        ["Même lorsque la demande est travaillée en amont avec la famille et validée en GTS, "],
                        now("part_travail_non_possible_instance_gts_pct"),
                        [
                            " des mesures s'arrêtent pour « travail non possible »",
                            *ctx.versus("part_travail_non_possible_instance_gts_pct"),
                            ".",
                        ],
                    ),
                )
            ),
            rate_table(ctx, RATES, "Taux de travail possible et d'objectifs atteints"),
            *adhesion_gaps.blocks(ctx),  # the FSL/GTS gap, raw and for comparable households
        ),
    )


def _durations(ctx: Context) -> Section:
    pub, year, recent = ctx.pub, ctx.year, ctx.recent
    mean = pub.value("duree_moyenne_mois", year)
    return Section(
        "C",
        f"La durée des mesures : {mean.text} en moyenne",
        (
            Paragraph(
                (
                    sentences.mean_duration(pub, year, ctx.base, ctx.compare),
                    sentences.long_work(pub, year, ctx.base, ctx.compare),
                    sentences.short_failure(pub, year, ctx.base, ctx.compare),
                )
            ),
            _time_to_event(ctx),
            tte_table(ctx),
            km_chart(ctx),
            series_chart(
                ctx,
                {"Durée moyenne (mois)": "duree_moyenne_mois"},
                recent,
                "durees",
                f"Durée moyenne des mesures clôturées — {recent[0]}–{year}",
                [ASSLL],
                unit="mois",
            ),
            series_chart(
                ctx,
                {
                    "Plus de 12 mois (travail possible)": "part_plus_12_mois_parmi_travail_possible_pct",
                    "Moins de 6 mois (travail non possible)": "part_moins_6_mois_parmi_travail_non_possible_pct",
                },
                recent,
                "durees_parts",
                f"Mesures longues et courtes — {recent[0]}–{year}",
                [fixed()["TRAVAIL_POSSIBLE"], fixed()["TRAVAIL_NON_POSSIBLE"]],
                percent=True,
            ),
        ),
    )


TTE_ROWS = [
    ("Durée médiane des mesures commencées dans l'année", "duree_mediane_km_mois"),
    ("Terminées en 6 mois au plus (Kaplan–Meier)", "part_cloturees_6_mois_km_pct"),
    ("Terminées en 12 mois au plus (Kaplan–Meier)", "part_cloturees_12_mois_km_pct"),
]


def tte_table(ctx: Context) -> Table:
    """The time-to-event figures with their own 95 % interval (the year-on-year wording rests on it)."""
    rows = []
    for label, ind_id in TTE_ROWS:
        now = ctx.pub.value(ind_id, ctx.year)
        interval = tte.interval_text(*(now.interval or (None, None)), now.unit).removeprefix("IC 95\u00a0% : ")
        main = now if not now.shown else tte_value(now)
        rows.append((label, main, interval or "–", tte_value(ctx.pub.value(ind_id, ctx.base))))
    return Table(
        "Durée des mesures commencées dans l'année, mesures encore en cours comprises",
        ("Indicateur", str(ctx.year), "Intervalle à 95 %", str(ctx.base)),
        tuple(rows),
    )


def tte_value(fig):
    """The figure with its value alone as text (its interval has a column of its own)."""
    from dataclasses import replace

    from pipelines.published.figure import text_for

    return replace(fig, text=text_for(fig.value, fig.unit)) if fig.shown else fig


def km_chart(ctx: Context) -> Chart:
    """One Kaplan–Meier curve per cohort (the comparison year and the year): the share of the measures
    started in the year still open after 0 to 12 months, in %; a cohort of fewer than 5 measures is masked."""
    years = sorted({ctx.base, ctx.year})
    months = list(range(13))
    grid = [float(round(m * MONTH_DAYS)) for m in months]
    got = tte.curves(ctx.pub, "mesures_debutees", years)
    series, masked = {}, {}
    for year in years:
        values = tte.on_grid(got, year, None, grid)
        name = f"Commencées en {year}"
        series[name] = tuple(values[0]) if values else (None,) * len(months)
        masked[name] = (values is None and ctx.pub.diffusion,) * len(months)
    title = f"Mesures encore en cours selon le nombre de mois depuis leur début (Kaplan–Meier, %) — {years[0]}" + (
        f" et {years[-1]}" if len(years) > 1 else ""
    )
    rows = tuple(
        (f"{m} mois", *[("masqué" if masked[n][i] else fmt.percent(series[n][i])) for n in series])
        for i, m in enumerate(months)
    )
    return Chart(
        "durees_kaplan_meier",
        title,
        "line",
        tuple(str(m) for m in months),
        series,
        (DIAGNOSTIC, ASSLL)[-len(years) :],
        tuple(i for _, i in TTE_ROWS),
        percent=True,
        masked=masked,
        table=Table(title, ("Mois depuis le début", *series), rows),
    )


def _time_to_event(ctx: Context) -> Paragraph:
    return Paragraph(
        (
            sentences.median_duration(ctx.pub, ctx.year, ctx.base),
            sentences.closed_by(ctx.pub, ctx.year, ctx.base),
            Sentence(
                [
                    f"Ces chiffres suivent toutes les mesures commencées en {ctx.year}, y compris celles encore en "
                    "cours ; la durée moyenne ne compte que les mesures clôturées dans l'année, quelle que soit leur "
                    "date de début, et laisse de côté les mesures encore en cours."
                ]
            ),
        )
    )


def section(ctx: Context) -> Section:
    return Section(
        "V",
        f"Analyse des arrêts des mesures en {ctx.year}",
        subsections=(_motifs(ctx), _efficacy(ctx), _durations(ctx)),
    )
