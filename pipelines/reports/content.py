"""The yearly activity report as data: sections I to VI of the 2024 report, from published figures.

Every number comes from the layer of published figures (`pipelines.published`), asked by indicator
id on one warehouse version, masked there (and only there) in diffusion mode; every sentence is
generated from those figures in the register of the report (`sections/`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from pipelines.indicators import Indicators
from pipelines.published import Figure, Published
from pipelines.published.narrative import Sentence
from pipelines.published.revisions import Revisions
from pipelines.reference.settings import PROJECT_ROOT
from pipelines.reports.blocks import Context
from pipelines.reports.model import KeyFigure, Markdown, Report, Section
from pipelines.reports.sections import arrets, commandes, comparatif, gts, moyens

TEXTS = PROJECT_ROOT / "data" / "reports"
FIRST_YEAR = 2014
KEY_FIGURES = (
    ("Commandes d'ASSLL", "commandes_assll"),
    ("Commandes de diagnostic", "commandes_diagnostic"),
    ("Situations examinées en GTS", "gts_situations_examinees"),
    ("Mesures clôturées", "mesures_cloturees"),
    ("Durée moyenne des mesures", "duree_moyenne_mois"),
    ("Mutualisations", "mutualisations"),
)


def editable_text(name: str, year: int) -> str:
    """`<name>_<year>.md` when the coordination wrote one for that year, else `<name>.md`."""
    for candidate in (TEXTS / f"{name}_{year}.md", TEXTS / f"{name}.md"):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return ""


def _comparison(before: Figure, base: int) -> Sentence:
    """`contre 152 en 2023`; a masked comparison figure is not written."""
    if before.masked:
        return Sentence([f"{base} : non publié (effectif inférieur à 5)"])
    return Sentence(["contre ", before, f" en {base}"])


def key_figures(pub: Published, year: int, base: int) -> tuple[KeyFigure, ...]:
    """The cover's figures, each compared with `base` (no comparison when `base == year`)."""
    return tuple(
        KeyFigure(label, pub.value(ind_id, year), _comparison(pub.value(ind_id, base), base) if base != year else None)
        for label, ind_id in KEY_FIGURES
    )


def _numbered(sections: list[Section]) -> tuple[Section, ...]:
    """Anchors for the table of contents: `section-3`, `section-3-2`."""
    return tuple(
        replace(
            section,
            anchor=f"section-{i}",
            subsections=tuple(
                replace(sub, anchor=f"section-{i}-{j}") for j, sub in enumerate(section.subsections, start=1)
            ),
        )
        for i, section in enumerate(sections, start=1)
    )


def build(
    source: Published | Indicators,
    year: int,
    *,
    masked: bool | None = None,
    today: dt.date | None = None,
    revisions: Revisions | None = None,
    texts: dict[str, str] | None = None,
) -> Report:
    """The report of `year` from published figures.

    `source` is a `Published` (the dashboard's, pinned to one warehouse version, its diffusion switch
    deciding the masking) or an `Indicators`, then published here with `masked` as the switch and the
    `revisions` of the years already published. `texts`: the editable texts as an edition froze them
    ({"presentation": …, "perspectives": …}), instead of today's files."""
    if isinstance(source, Published):
        if masked is not None and masked != source.diffusion:
            raise ValueError("le mode diffusion demandé ne correspond pas à celui des chiffres publiés")
        pub = source
    else:
        pub = Published.of(source, diffusion_on=bool(masked), revisions=revisions)
    frozen = texts
    text_of = editable_text if frozen is None else (lambda name, _year: frozen.get(name, ""))
    # Before the first year of the exports there is nothing to compare with (no data is not 0).
    base = year - 1 if year > FIRST_YEAR else year
    years = list(range(FIRST_YEAR, year + 1))
    ctx = Context(pub, year, base, years, [y for y in years if y >= year - 4])
    sections = [
        Section("I", "Présentation générale", (Markdown(text_of("presentation", year)),)),
        moyens.section(ctx),
        commandes.section(ctx),
        gts.section(ctx),
        arrets.section(ctx),
    ]
    if pub.indicators is not None:  # partners' fiches, when loaded: « Comparaison » before the perspectives
        extra = comparatif.section(pub.indicators, year, pub.diffusion)
        if extra is not None:
            sections.append(replace(extra, number="VI"))
    sections.append(
        Section(comparatif.ROMAN[len(sections)], f"Perspectives {year + 1}", (Markdown(text_of("perspectives", year)),))
    )
    return Report(
        year=year,
        base_year=year - 1,
        title=f"Rapport d'activité ASSLL {year}",
        subtitle="Accompagnement Social Spécifique Lié au Logement — Charente",
        generated=today or dt.date.today(),
        diffusion=pub.diffusion,
        key_figures=key_figures(pub, year, base),
        sections=_numbered(sections),
        version=pub.version,
    )
