"""The sentences of « Adhésion et ciblage », shown on the page and in the report (section V.B) and slides.

Wording respects chance (INDICATORS.md): when a gap's 95 % interval contains 0, the sentence says the gap is
not distinguishable from chance and never that one route « works better »; a gap not computed says why.
"""

from __future__ import annotations

from pipelines.published import adhesion
from pipelines.published.adhesion import ADJUSTED, JOINT_GAP, RAW, Gap
from pipelines.published.figure import Figure, text_for
from pipelines.published.narrative import Sentence, words
from pipelines.published.source import Published

COVARIATES = "statut d'occupation, objectif, secteur, année"
ROUTES = ("les mesures des demandes examinées en commission FSL", "celles des demandes examinées en GTS")
JOINT = ("les mesures des demandes précédées d'une évaluation conjointe", "celles des autres demandes")
SHORT = {adhesion.RAW: ("commission FSL", "GTS")}
NOT_YET = "pas encore renseignée"
LIMITS = [
    "Ces écarts décrivent une association, pas une preuve de cause : un ménage orienté par une commission FSL "
    "peut différer d'un ménage orienté par le GTS par bien d'autres traits que ceux pris en compte.",
    "Le profil « comparable » ne tient compte que de ce que les exports enregistrent (statut d'occupation, "
    "objectif, secteur, année) : ni les ressources, ni la composition du ménage, ni son histoire ne sont connues.",
    "Une part calculée sur peu de clôtures est incertaine : regardez son intervalle avant de comparer deux "
    "valeurs ; deux intervalles qui se chevauchent ne permettent pas de conclure.",
]


def _direction(value: float) -> str:
    return "plus souvent" if value > 0 else "moins souvent"


def _counts(g: Gap) -> str:
    if g.indicator in SHORT and g.n_a is not None and g.n_b is not None:
        a, b = SHORT[g.indicator]
        return f"sur {text_for(g.n_a, 'nombre')} clôtures côté {a} et {text_for(g.n_b, 'nombre')} côté {b}"
    return f"sur {text_for(g.n, 'nombre')} clôtures"


def _gap_sentence(g: Gap, opening: str, sides: tuple[str, str], what: str) -> Sentence:
    if g.figure.masked:
        return Sentence([f"{opening}, {what} n'est pas publié ({g.motif})."])
    if g.value is None:
        reason = f" : {g.motif}" if g.motif else ""
        return Sentence([f"{opening}, {what} n'est pas calculé{reason}."])
    if g.significant:
        return Sentence(
            [
                f"{opening}, {sides[0]} se terminent {_direction(g.value)} avec un travail possible que {sides[1]} : ",
                g.figure,
                f" ({g.interval_text}), {_counts(g)}.",
            ]
        )
    return Sentence(
        [
            f"{opening}, {what} entre {sides[0]} et {sides[1]} (",
            g.figure,
            f", {g.interval_text}) ne se "
            "distingue pas du hasard : son intervalle de confiance contient 0 "
            f"({_counts(g)}).",
        ]
    )


def raw_gap(pub: Published, year: int) -> Sentence:
    """« Sur 2022–2024, les demandes examinées en commission FSL se terminent moins souvent … : −14,0 points … »."""
    g = adhesion.gap(pub, RAW, year)
    return _gap_sentence(
        g, f"Sur {adhesion.window_text(year)}, sans tenir compte du profil des ménages", ROUTES, "l'écart brut"
    )


def adjusted_gap(pub: Published, year: int) -> Sentence:
    """« À profil comparable — statut d'occupation, objectif, secteur, année —, … »."""
    g = adhesion.gap(pub, ADJUSTED, year)
    return _gap_sentence(
        g, f"Sur {adhesion.window_text(year)}, à profil comparable — {COVARIATES} —", ROUTES, "l'écart"
    )


def joint_share(pub: Published, year: int) -> Sentence:
    """« En 2025, 43,3 % des demandes d'ASSLL … (71 sur 164) » or « pas encore renseignée »."""
    if not adhesion.joint_recorded(pub, year):
        return Sentence(
            [f"L'évaluation conjointe n'est {NOT_YET} : aucune demande d'ASSLL de {year} ne dit si elle a eu lieu."]
        )
    share = adhesion.joint_share(pub, year)
    count = pub.value(adhesion.JOINT_COUNT, year)
    if share.masked:
        return Sentence(
            [
                f"En {year}, l'évaluation conjointe est renseignée pour ",
                words(count),
                " demandes d'ASSLL ; la part qui en a bénéficié n'est pas publiée (moins de 5).",
            ]
        )
    return Sentence(
        [
            f"En {year}, ",
            share,
            " des demandes d'ASSLL dont l'évaluation conjointe est renseignée en "
            f"ont bénéficié ({share.counts_text.replace('/', ' sur ')} ; une case vide n'est pas un "
            "« non »).",
        ]
    )


def joint_gap(pub: Published, year: int) -> Sentence:
    if not adhesion.joint_recorded(pub, year) and adhesion.gap(pub, JOINT_GAP, year).value is None:
        return Sentence([f"L'écart lié à l'évaluation conjointe n'est pas calculé : elle n'est {NOT_YET}."])
    g = adhesion.gap(pub, JOINT_GAP, year)
    return _gap_sentence(
        g, f"Sur {adhesion.window_text(year)}, à profil comparable — {COVARIATES}, instance —", JOINT, "l'écart"
    )


def gap_label(g: Gap) -> Figure:
    """The gap's figure for a table cell: « −13,8 points », « non calculé », « masqué »."""
    return g.figure
