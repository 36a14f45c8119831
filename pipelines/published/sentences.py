"""The generated sentences shown both on the pages and in the report, written once.

Each takes the published figures of one page run or one report (`pub`), the year and the
comparison year (`base == year`: no comparison). Counts masked for diffusion read « moins de 5 »
and comparisons with a masked or missing figure are left out (`narrative`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from pipelines.published import fmt, trend
from pipelines.published.figure import Figure, count_figure, text_for
from pipelines.published.narrative import Sentence, against, direction, enumerate_parts, plural, words
from pipelines.published.source import Published

TREND_WORDS = {trend.HAUSSE: "en hausse", trend.BAISSE: "en baisse", trend.STABLE: "stable"}

GROUP_WORDS = {
    "ACCES_MAINTIEN": "des commissions Accès et Maintien",
    "ENERGIE_DETTES": "des commissions spécifiques (impayés d'énergie) et dettes multiples",
    "HABITAT_DALO": "du PIG insalubrité, de la cellule incurie Diogène et de la médiation DALO",
}


def evolution(pub: Published, ind_id: str, year: int, base: int, subject: str) -> Sentence:
    """`En 2024, le nombre de commandes d'ASSLL est en hausse par rapport à 2023 (+13,8 %).`"""
    now, before = pub.value(ind_id, year), pub.value(ind_id, base)
    if now.masked:
        return Sentence([f"En {year}, {subject} est inférieur à 5 : il n'est pas publié."])
    if not now.shown:
        return Sentence([f"En {year}, {subject} n'est pas connu."])
    if base == year or before.masked or not before.value:
        why = "non publiée" if before.masked else "sans objet" if base == year else f"aucune donnée pour {base}"
        return Sentence([f"En {year}, {subject} est de ", now, f" (comparaison {why})."])
    change = pub.change(ind_id, year, base)
    word = direction(change.value)
    if word == "stable":
        return Sentence([f"En {year}, {subject} est stable par rapport à {base} (", now, " contre ", before, ")."])
    return Sentence([f"En {year}, {subject} est {word} par rapport à {base} (", change, ")."])


def trend_word(now: Figure, before: Figure) -> str | None:
    """« en hausse » / « en baisse » only when the two years' 95 % intervals do not overlap, « stable »
    otherwise (Wilson for a share with its counts, the estimate's own interval for a median or a
    Kaplan–Meier share); None when either figure is masked, missing or without interval."""
    if not now.shown or not before.shown:
        return None
    if not now.bounded and not before.bounded and now.numerator is not None and before.numerator is not None:
        word = trend.share_trend(
            int(before.numerator), int(before.denominator or 0), int(now.numerator), int(now.denominator or 0)
        )
    else:
        a, b = now.interval, before.interval
        word = None if a is None or b is None else trend.trend(before.value, b, now.value, a)  # type: ignore[arg-type]
    return None if word is None else TREND_WORDS[word]


def compared(now: Figure, before: Figure, base: int, compare: bool = True) -> list[str | Figure]:
    """`, stable par rapport à 2023 (contre 7,6 mois)`: the year-on-year word that respects
    chance, with the comparison year's figure (its interval in its text or one click away); nothing when
    there is no comparison or either figure is masked or missing."""
    word = trend_word(now, before) if compare else None
    if word is None:
        return []
    # The value alone: the comparison year's interval is in its table, one click away; a published year's
    # revision stays said (the rule of `published.revisions`).
    shown = text_for(before.value, before.unit)
    if before.revised:
        shown = f"{shown}, révisé à {before.revised}"
    return [f", {word} par rapport à {base} (contre ", replace(before, text=shown), ")"]


def median_duration(pub: Published, year: int, base: int) -> Sentence:
    """`La moitié des mesures d'ASSLL commencées en 2024 durent plus de 3,8 mois (IC 95 % : 3,4 à 5,0), en
    baisse par rapport à 2023 (contre 7,6 mois).`"""
    ind_id = "duree_mediane_km_mois"
    now, before = pub.value(ind_id, year), pub.value(ind_id, base)
    if now.masked:
        return Sentence(
            [
                f"La durée médiane des mesures commencées en {year} porte sur moins de 5 mesures : elle "
                "n'est pas publiée."
            ]
        )
    if now.text.startswith("non atteinte"):
        return Sentence(
            [
                f"Plus de la moitié des mesures d'ASSLL commencées en {year} sont encore en cours : leur "
                "durée médiane n'est pas encore atteinte",
                now.text.removeprefix("non atteinte"),
                ".",
            ]
        )
    if not now.shown:
        return Sentence()
    return Sentence(
        [
            f"La moitié des mesures d'ASSLL commencées en {year} durent plus de ",
            now,
            *compared(now, before, base, base != year),
            ".",
        ]
    )


def closed_by(pub: Published, year: int, base: int) -> Sentence:
    """`Selon l'estimation de Kaplan–Meier, 42,7 % des mesures commencées en 2024 sont terminées au bout de
    6 mois et 73,6 % au bout de 12 mois.`"""
    six, twelve = pub.value("part_cloturees_6_mois_km_pct", year), pub.value("part_cloturees_12_mois_km_pct", year)
    if not six.shown:
        return Sentence()
    tail: list[str | Figure] = [" et ", twelve, " au bout de 12 mois"] if twelve.shown else []
    return Sentence(
        [
            "Compte tenu des mesures encore en cours, on estime que ",
            six,
            f" des mesures commencées en {year} sont terminées au bout de 6 mois",
            *compared(six, pub.value("part_cloturees_6_mois_km_pct", base), base, base != year),
            *tail,
            ".",
        ]
    )


LONG_WORK = "part_plus_12_mois_parmi_travail_possible_pct"
SHORT_FAILURE = "part_moins_6_mois_parmi_travail_non_possible_pct"


def mean_duration(pub: Published, year: int, base: int, compare: bool) -> Sentence:
    """`En 2024, la durée moyenne des mesures clôturées est de 6,9 mois (contre 7,2 mois en 2023).`; nothing when
    the mean is masked or missing."""
    mean = pub.value("duree_moyenne_mois", year)
    if not mean.shown:
        return Sentence()
    return Sentence(
        [
            f"En {year}, la durée moyenne des mesures clôturées est de ",
            mean,
            *against(pub.value("duree_moyenne_mois", base), base, compare),
            ".",
        ]
    )


def _counts_against(fig: Figure, before: Figure, base: int, compare: bool) -> list[str | Figure]:
    """` (26 sur 73, contre 38,0 % en 2023)`: a share's counts, and the comparison year's share when shown."""
    counts = f" ({fmt.number(fig.numerator)} sur {fmt.number(fig.denominator)}"
    if compare and before.shown:
        return [counts + ", contre ", before, f" en {base})"]
    return [counts + ")"]


def long_work(pub: Published, year: int, base: int, compare: bool) -> Sentence:
    """`Pour 35,6 % des situations où un travail a été possible, le travail mené a duré plus de 12 mois, temps
    nécessaire à la réalisation des objectifs (26 sur 73, contre 38,0 % en 2023).`"""
    fig = pub.value(LONG_WORK, year)
    if not fig.shown:
        return Sentence()
    return Sentence(
        [
            "Pour ",
            fig,
            " des situations où un travail a été possible, le travail mené a duré plus de "
            "12 mois, temps nécessaire à la réalisation des objectifs",
            *_counts_against(fig, pub.value(LONG_WORK, base), base, compare),
            ".",
        ]
    )


def short_failure(pub: Published, year: int, base: int, compare: bool) -> Sentence:
    """`Dans 71,8 % des cas (74 sur 103, contre 60,0 % en 2023), les travailleurs sociaux rendent compte en moins de
    6 mois d'un travail difficile, voire impossible.`"""
    fig = pub.value(SHORT_FAILURE, year)
    if not fig.shown:
        return Sentence()
    return Sentence(
        [
            "Dans ",
            fig,
            " des cas",
            *_counts_against(fig, pub.value(SHORT_FAILURE, base), base, compare),
            ", les travailleurs sociaux rendent compte en moins de 6 mois d'un travail difficile, voire impossible.",
        ]
    )


def share(pub: Published, ind_id: str, year: int, base: int, lead: str, tail: str) -> Sentence:
    """`En 2024, les travailleurs sociaux ont été à l'origine de 78,0 % des demandes d'ASSLL, soit 135
    (contre 71,7 % en 2023).` from a share indicator of the catalogue."""
    now = pub.value(ind_id, year)
    if not now.shown:
        return Sentence()
    parts: list[str | Figure] = [f"En {year}, {lead} ", now, f" {tail}".rstrip()]
    if now.numerator is not None:
        parts += [", soit ", words(pub_count(now, year))]
    return Sentence([*parts, *against(pub.value(ind_id, base), base, base != year), "."])


def pub_count(share_fig: Figure, year: int) -> Figure:
    """The numerator of a published share, as a count figure of the same indicator."""
    return count_figure(share_fig.numerator, share_fig.indicator, "numerateur", year)


def fsl_assll(pub: Published, year: int, base: int) -> Sentence:
    """`Les commissions FSL ont quant à elles demandé 38 mesures d'ASSLL (contre 43 en 2023).`"""
    ind_id = "commandes_assll_par_prescripteur"
    now = pub.count(ind_id, year, "COMMISSION_FSL")
    return Sentence(
        [
            "Les commissions FSL ont quant à elles demandé ",
            words(now),
            plural(now, " mesure d'ASSLL", " mesures d'ASSLL"),
            *against(pub.count(ind_id, base, "COMMISSION_FSL"), base, base != year),
            ".",
        ]
    )


def ts_gts_diagnostics(pub: Published, year: int) -> Sentence:
    """`Les travailleurs sociaux référents et le GTS ont quant à eux demandé 7 diagnostics.`"""
    both = pub.sum_of("commandes_diagnostic_par_prescripteur", year, ("TRAVAILLEUR_SOCIAL", "GTS"))
    if not both.shown and not both.masked:
        return Sentence()
    if both.masked and both.text != "< 5":
        return Sentence(
            [
                "Les travailleurs sociaux référents et le GTS ont quant à eux demandé quelques "
                "diagnostics (effectifs inférieurs à 5, non publiés)."
            ]
        )
    return Sentence(
        [
            "Les travailleurs sociaux référents et le GTS ont quant à eux demandé ",
            words(both),
            plural(both, " diagnostic.", " diagnostics."),
        ]
    )


def groups(pub: Published, year: int, base: int) -> Sentence:
    """`En 2024, les commandes d'ASSLL proviennent pour 42,8 % des commissions Accès et Maintien (contre
    50,0 % en 2023) ; … et …` (report, III.D)."""
    ind_id = "commandes_assll_par_groupe_dispositif"
    now, before = pub.breakdown(ind_id, year), pub.breakdown(ind_id, base)
    pieces = []
    for key in now.shown_keys():
        part = now.part(key)
        if not part.shown:
            continue
        pieces.append(["pour ", part, f" {GROUP_WORDS.get(key, key)}", *against(before.part(key), base, base != year)])
    if not pieces:
        return Sentence()
    return Sentence([f"En {year}, les commandes d'ASSLL proviennent ", *enumerate_parts(pieces), "."])


def gts_examined(pub: Published, year: int, base: int) -> Sentence:
    """`410 situations ont été examinées en GTS en 2024 (contre 398 en 2023), dont 98 nouvelles demandes
    et 288 bilans (162 arrêts et 126 renouvellements validés).`"""
    compare = base != year
    n = pub.value("gts_situations_examinees", year)
    new, bilans = pub.value("gts_nouvelles_demandes", year), pub.value("gts_bilans", year)
    stops, renewals = pub.value("gts_arrets_valides", year), pub.value("gts_renouvellements", year)
    return Sentence(
        [
            f"En {year}, ",
            words(n),
            plural(n, " situation a été examinée", " situations ont été examinées"),
            " en GTS",
            *against(pub.value("gts_situations_examinees", base), base, compare),
            ", dont ",
            words(new),
            plural(new, " nouvelle demande d'ASSLL", " nouvelles demandes d'ASSLL"),
            *against(pub.value("gts_nouvelles_demandes", base), base, compare),
            " et ",
            words(bilans),
            plural(bilans, " bilan", " bilans"),
            " (",
            words(stops),
            plural(stops, " arrêt", " arrêts"),
            " et ",
            words(renewals),
            plural(renewals, " renouvellement", " renouvellements"),
            " validés).",
        ]
    )


def gts_requests(pub: Published, year: int, base: int) -> Sentence:
    """`Le GTS a demandé 7 diagnostics (contre 19 en 2023) et 7 compléments d'information …`"""
    compare = base != year
    diag, more = pub.value("gts_diagnostics_demandes", year), pub.value("gts_complements_demandes", year)
    return Sentence(
        [
            "Le GTS a demandé ",
            words(diag),
            plural(diag, " diagnostic", " diagnostics"),
            *against(pub.value("gts_diagnostics_demandes", base), base, compare),
            " et ",
            words(more),
            plural(more, " complément", " compléments"),
            " d'information au travailleur social à l'origine de la demande",
            *against(pub.value("gts_complements_demandes", base), base, compare),
            ".",
        ]
    )


def refusals(pub: Published, year: int, label: Callable[[str], str]) -> Sentence:
    """`Les motifs des refus d'ASSLL décidés en 2024 sont : DALO (4), AVDL (3) … et SIAO (1).`"""
    b = pub.breakdown("refus_par_motif", year)
    listed: list[list[str | Figure]] = [
        [f"{label(key)} (", words(b[key]), ")"] for key in b.shown_keys() if b[key].masked or b[key].value
    ]
    if not listed:
        return Sentence([f"Aucune demande d'ASSLL n'a été refusée en {year}."])
    return Sentence([f"Les motifs des refus d'ASSLL décidés en {year} sont : ", *enumerate_parts(listed), "."])


def work_possible(pub: Published, year: int, base: int) -> Sentence:
    """`En 2024, sur 188 mesures clôturées, un travail a été possible pour 38,8 % d'entre elles, soit 73
    (contre 46,0 % en 2023).`"""
    closed = pub.value("mesures_cloturees", year)
    part = pub.value("part_travail_possible_pct", year)
    if not closed.shown or not part.shown:
        return Sentence()
    count = count_figure(part.numerator, "part_travail_possible_pct", "numerateur", year)
    return Sentence(
        [
            f"En {year}, sur ",
            closed,
            " mesures clôturées, un travail a été possible pour ",
            part,
            " d'entre elles, soit ",
            words(count),
            *against(pub.value("part_travail_possible_pct", base), base, base != year),
            ".",
        ]
    )


def mutualisations(pub: Published, year: int, base: int) -> Sentence:
    """`En 2024, la coordination a eu recours à la mutualisation à 9 reprises (contre 7 en 2023).`"""
    now, before = pub.value("mutualisations", year), pub.value("mutualisations", base)
    compare = base != year
    if now.shown and not now.value:
        return Sentence(
            [f"En {year}, la coordination n'a pas eu recours à la mutualisation", *against(before, base, compare), "."]
        )
    return Sentence(
        [
            f"En {year}, la coordination a eu recours à la mutualisation à ",
            words(now),
            plural(now, " reprise", " reprises"),
            *against(before, base, compare),
            ".",
        ]
    )
