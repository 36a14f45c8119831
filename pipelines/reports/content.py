"""The yearly activity report as data: sections I to VI of the 2024 report, from the indicators.

Every number comes from an indicator asked by id (the same definitions as the dashboard and the
CLI); every sentence is generated from those numbers in the register of the report.
"""

from __future__ import annotations

import datetime as dt

# The dashboard's palette: the same colour per category in the reports and on every page.
from dashboard.palette import ASSLL, DIAGNOSTIC
from dashboard.palette import colour_map as _colour_map

from .. import diffusion, fmt
from ..balance import SectorLoad, assess, suggestion_text
from ..geography import load_geography
from ..indicators import Indicators, IndicatorValue
from ..narrative import Fig, Sentence, count, evolution, months, pct, share
from ..referential import load_referential
from ..settings import PROJECT_ROOT
from .comparaison import insert_comparison
from .model import Chart, KeyFigure, Markdown, Paragraph, Report, Section, Table


def colour_map(domain: str, keys: list[str]) -> dict[str, str]:
    """Colours of a breakdown's keys (its canonical keys in order, then the catch-alls)."""
    del domain
    ordered = [k for k in keys if k not in CATCH_ALL] + [*CATCH_ALL]
    return _colour_map(ordered)


TEXTS = PROJECT_ROOT / "data" / "reports"
FIRST_YEAR = 2014
CATCH_ALL = ("NON_RECONNU", "NON_RENSEIGNE")


def editable_text(name: str, year: int) -> str:
    """`<name>_<year>.md` when the coordination wrote one for that year, else `<name>.md`."""
    for candidate in (TEXTS / f"{name}_{year}.md", TEXTS / f"{name}.md"):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return ""


class Source:
    """Indicator values for the report, asked once each, masked in diffusion mode."""

    def __init__(self, indicators: Indicators, year: int, masked: bool) -> None:
        self.ind = indicators
        self.year = year
        self.masked = masked
        self._cache: dict[tuple[str, int], IndicatorValue] = {}
        self.epci_names = load_geography().epci_names

    def get(self, ind_id: str, year: int | None = None) -> IndicatorValue:
        year = year or self.year
        if (ind_id, year) not in self._cache:
            self._cache[(ind_id, year)] = self.ind.compute(ind_id, year)
        return self._cache[(ind_id, year)]

    def value(self, ind_id: str, year: int | None = None) -> float | None:
        value = self.get(ind_id, year).value
        assert not isinstance(value, dict)
        return diffusion.mask_count(value) if self.masked and self._is_count(ind_id) else value

    def _is_count(self, ind_id: str) -> bool:
        d = self.ind.definition(ind_id)
        return d.forme != "part" and d.unite == "nombre"

    def breakdown(self, ind_id: str, year: int | None = None) -> dict[str, float | None]:
        value = self.get(ind_id, year).value
        assert isinstance(value, dict)
        if self.masked and self.ind.definition(ind_id).unite == "nombre":
            return diffusion.mask_breakdown(value)
        return dict(value)

    def share_value(self, ind_id: str, year: int | None = None) -> tuple[float | None, float | None, float | None]:
        got = self.get(ind_id, year)
        value = got.value
        assert not isinstance(value, dict)
        if self.masked:
            value = diffusion.mask_share(value, got.numerator, got.denominator)
            return value, diffusion.mask_count(got.numerator), diffusion.mask_count(got.denominator)
        return value, got.numerator, got.denominator

    # -- figures with their provenance -------------------------------------------------------
    def count(self, ind_id: str, year: int | None = None, key: str | None = None) -> Fig:
        year = year or self.year
        value = self.breakdown(ind_id, year).get(key) if key else self.value(ind_id, year)
        if value is None and self.masked:
            return Fig(diffusion.MASK, ind_id, key, None, year)
        decimals = 1 if self.ind.definition(ind_id).unite in ("ETP", "par ETP") else 0
        return count(value, ind_id, key, decimals=decimals, year=year)

    def pct(self, ind_id: str, year: int | None = None, signed: bool = False) -> Fig:
        year = year or self.year
        value, _, _ = self.share_value(ind_id, year)
        if value is None and self.masked:
            return Fig(diffusion.MASK, ind_id, None, None, year)
        return pct(value, ind_id, signed=signed, year=year)

    def part(self, ind_id: str, key: str, year: int | None = None, keys: tuple[str, ...] | None = None) -> Fig:
        """The share of `key` (or of several keys) in a breakdown's total."""
        year = year or self.year
        values = self.breakdown(ind_id, year)
        total = sum(v or 0 for v in self.get(ind_id, year).value.values())
        chosen = [values.get(k) for k in (keys or (key,))]
        if any(v is None for v in chosen) or not total:
            return Fig(diffusion.MASK if self.masked else "–", ind_id, key, None, year, "part")
        return pct(100 * sum(chosen) / total, ind_id, key if not keys else "+".join(keys), year=year, kind="part")


def _label(domain: str, key: str, source: Source) -> str:
    if domain == "epci":
        return source.epci_names.get(key, fmt.label(domain, key))
    return fmt.label(domain, key)


def _breakdown_chart(
    source: Source,
    ind_id: str,
    domain: str,
    key: str,
    title: str,
    *,
    kind: str = "bar",
    year: int | None = None,
    drop: tuple[str, ...] = (),
) -> Chart:
    year = year or source.year
    values = source.breakdown(ind_id, year)
    keys = [k for k, v in values.items() if k not in drop and not (k in CATCH_ALL and not v)]
    colours = colour_map(domain, list(values))
    table = Table(
        title,
        [source.ind.definition(ind_id).libelle.split(" par ")[-1].capitalize(), "Nombre"],
        [[_label(domain, k, source), source.count(ind_id, year, k)] for k in keys],
    )
    return Chart(
        key,
        title,
        kind,
        [_label(domain, k, source) for k in keys],
        {"Nombre": [values[k] for k in keys]},
        [colours[k] for k in keys],
        [ind_id],
        table=table,
    )


def _series_chart(
    source: Source,
    ids: dict[str, str],
    years: list[int],
    key: str,
    title: str,
    colours: list[str],
    *,
    unit: str = "",
    percent: bool = False,
) -> Chart:
    series = {
        label: [source.value(i, y) if not percent else source.share_value(i, y)[0] for y in years]
        for label, i in ids.items()
    }
    rows: list[list[Fig | str]] = [
        [str(y), *[source.pct(i, y) if percent else source.count(i, y) for i in ids.values()]] for y in years
    ]
    table = Table(title, ["Année", *ids], rows)
    return Chart(
        key,
        title,
        "line",
        [str(y) for y in years],
        series,
        colours,
        list(ids.values()),
        percent=percent,
        unit=unit,
        table=table,
    )


def _stacked_by_year(source: Source, ind_id: str, domain: str, years: list[int], key: str, title: str) -> Chart:
    per_year = {y: source.breakdown(ind_id, y) for y in years}
    keys = [k for k in per_year[years[-1]] if any((per_year[y].get(k) or 0) for y in years)]
    colours = colour_map(domain, list(per_year[years[-1]]))
    series = {_label(domain, k, source): [per_year[y].get(k) for y in years] for k in keys}
    rows = [[str(y), *[source.count(ind_id, y, k) for k in keys]] for y in years]
    table = Table(title, ["Année", *[_label(domain, k, source) for k in keys]], rows)
    return Chart(
        key, title, "stacked", [str(y) for y in years], series, [colours[k] for k in keys], [ind_id], table=table
    )


def _rate_table(source: Source, rows: list[tuple[str, str]], year: int, base: int, title: str) -> Table:
    """Rates with their counts and the comparison year, for the sections on closures."""
    from ..stats import wilson_interval

    body = []
    for label, ind_id in rows:
        _, num, den = source.share_value(ind_id, year)
        interval = wilson_interval(int(num), int(den)) if num is not None and den else None
        body.append(
            [
                label,
                source.pct(ind_id, year),
                f"{fmt.number(num)} / {fmt.number(den)}" if num is not None and den is not None else diffusion.MASK,
                f"{fmt.number(interval[0], 1)} – {fmt.number(interval[1], 1)} %" if interval else "–",
                source.pct(ind_id, base),
            ]
        )
    return Table(title, ["Taux", str(year), "Effectifs", "Intervalle à 95 %", str(base)], body)


def build(indicators: Indicators, year: int, *, masked: bool = False, today: dt.date | None = None) -> Report:
    s = Source(indicators, year, masked)
    base = year - 1
    years = list(range(FIRST_YEAR, year + 1))
    recent = [y for y in years if y >= year - 4]

    key_figures = [
        KeyFigure(
            "Commandes d'ASSLL",
            s.count("commandes_assll"),
            Sentence(["contre ", s.count("commandes_assll", base), f" en {base}"]),
        ),
        KeyFigure(
            "Commandes de diagnostic",
            s.count("commandes_diagnostic"),
            Sentence(["contre ", s.count("commandes_diagnostic", base), f" en {base}"]),
        ),
        KeyFigure(
            "Situations examinées en GTS",
            s.count("gts_situations_examinees"),
            Sentence(["contre ", s.count("gts_situations_examinees", base), f" en {base}"]),
        ),
        KeyFigure(
            "Mesures clôturées",
            s.count("mesures_cloturees"),
            Sentence(["contre ", s.count("mesures_cloturees", base), f" en {base}"]),
        ),
        KeyFigure(
            "Durée moyenne des mesures",
            months(s.value("duree_moyenne_mois"), "duree_moyenne_mois", year),
            Sentence(
                ["contre ", months(s.value("duree_moyenne_mois", base), "duree_moyenne_mois", base), f" en {base}"]
            ),
        ),
        KeyFigure(
            "Mutualisations",
            s.count("mutualisations"),
            Sentence(["contre ", s.count("mutualisations", base), f" en {base}"]),
        ),
    ]

    sections = [
        _presentation(year),
        _moyens(s, year, base),
        _commandes(s, year, base, years),
        _gts(s, year, base, recent),
        _arrets(s, year, base, recent),
        _perspectives(year),
    ]
    insert_comparison(sections, indicators, year, masked)  # optional: only when partners' fiches are loaded
    for i, section in enumerate(sections):
        section.anchor = f"section-{i + 1}"
        for j, sub in enumerate(section.subsections):
            sub.anchor = f"section-{i + 1}-{j + 1}"
    return Report(
        year=year,
        base_year=base,
        title=f"Rapport d'activité ASSLL {year}",
        subtitle="Accompagnement Social Spécifique Lié au Logement — Charente",
        generated=today or dt.date.today(),
        diffusion=masked,
        key_figures=key_figures,
        sections=sections,
    )


def _presentation(year: int) -> Section:
    return Section("I", "Présentation générale", [Markdown(editable_text("presentation", year))])


def _perspectives(year: int) -> Section:
    return Section("VI", f"Perspectives {year + 1}", [Markdown(editable_text("perspectives", year))])


def _moyens(s: Source, year: int, base: int) -> Section:
    etp = s.breakdown("etp_par_secteur")
    sectors = list(etp)
    etp_table = Table(
        "ETP par secteur",
        ["Secteur", "ETP"],
        [[k, s.count("etp_par_secteur", key=k)] for k in sectors] + [["Total", s.count("etp_total")]],
    )
    etp_chart = Chart(
        "etp_secteurs",
        f"ETP de travailleurs sociaux ASSLL par secteur — {year}",
        "bar",
        sectors,
        {"ETP": [etp[k] for k in sectors]},
        [colour_map("secteur", sectors)[k] for k in sectors],
        ["etp_par_secteur"],
        unit="ETP",
        table=etp_table,
    )
    text = Paragraph(
        [
            Sentence(
                [
                    s.count("etp_total"),
                    " équivalents temps plein de travailleurs sociaux ont pour mission la mise en "
                    "œuvre de l'ASSLL sur le territoire, selon la répartition ci-dessous.",
                ]
            ),
            Sentence(
                [
                    "Le cahier des charges de l'ASSLL prévoit la mutualisation "
                    "entre les secteurs en cas de déséquilibre "
                    "du nombre de commandes en attente. "
                ]
            ),
            Sentence(
                [
                    f"En {year}, la coordination a eu recours à la mutualisation à ",
                    s.count("mutualisations"),
                    " reprises (contre ",
                    s.count("mutualisations", base),
                    f" en {base}).",
                ]
            ),
        ]
    )
    mut = _breakdown_chart(
        s,
        "mutualisations_par_secteur_accueil",
        "secteur",
        "mutualisations_accueil",
        f"Mutualisations par secteur d'accueil — {year}",
    )
    waiting = s.get("commandes_en_attente_par_secteur").value
    in_progress = s.get("mesures_en_cours_par_secteur").value
    sector_tas = load_referential().sector_tas
    balance = assess(
        [
            SectorLoad(k, sector_tas.get(k), int(waiting.get(k) or 0), int(in_progress.get(k) or 0), etp.get(k))
            for k in sectors
        ]
    )
    balance_text = Paragraph([Sentence([f"Au 31 décembre {year} : ", suggestion_text(balance)])])
    blocks = [text, etp_chart, mut, balance_text]
    return Section("II", "Les moyens", blocks)


def _commandes(s: Source, year: int, base: int, years: list[int]) -> Section:
    # A. evolution
    a = Section(
        "A",
        "Évolution des commandes d'ASSLL et de diagnostics",
        [
            Paragraph(
                [
                    evolution(
                        year,
                        base,
                        "le nombre de commandes d'ASSLL",
                        s.value("commandes_assll"),
                        s.value("commandes_assll", base),
                        "commandes_assll",
                    ),
                    evolution(
                        year,
                        base,
                        "le nombre de demandes de diagnostics",
                        s.value("commandes_diagnostic"),
                        s.value("commandes_diagnostic", base),
                        "commandes_diagnostic",
                    ),
                    Sentence(
                        [
                            "Au total, ",
                            s.count("commandes_total"),
                            f" commandes ont été reçues en {year} (contre ",
                            s.count("commandes_total", base),
                            f" en {base}).",
                        ]
                    ),
                ]
            ),
            _series_chart(
                s,
                {"Commandes d'ASSLL": "commandes_assll", "Commandes de diagnostic": "commandes_diagnostic"},
                years,
                "evolution_commandes",
                f"Commandes d'ASSLL et de diagnostic — {years[0]}–{year}",
                [ASSLL, DIAGNOSTIC],
            ),
        ],
    )
    # B. prescripteurs of ASSLL
    presc = s.breakdown("commandes_assll_par_prescripteur")
    presc_before = s.get("commandes_assll_par_prescripteur", base).value
    total_before = sum(v or 0 for v in presc_before.values())
    ts_before = 100 * presc_before.get("TRAVAILLEUR_SOCIAL", 0) / total_before if total_before else None
    b = Section(
        "B",
        "Des commandes passées en majorité par les travailleurs sociaux",
        [
            Paragraph(
                [
                    share(
                        year,
                        base,
                        "les travailleurs sociaux ont été à l'origine de",
                        "des demandes d'ASSLL",
                        s.part("commandes_assll_par_prescripteur", "TRAVAILLEUR_SOCIAL").value,
                        presc.get("TRAVAILLEUR_SOCIAL"),
                        ts_before if not s.masked else None,
                        "commandes_assll_par_prescripteur",
                        "TRAVAILLEUR_SOCIAL",
                    ),
                    Sentence(
                        [
                            "Les commissions FSL ont quant à elles demandé ",
                            s.count("commandes_assll_par_prescripteur", key="COMMISSION_FSL"),
                            " mesures d'ASSLL (contre ",
                            s.count("commandes_assll_par_prescripteur", base, "COMMISSION_FSL"),
                            f" en {base}).",
                        ]
                    ),
                ]
            ),
            _breakdown_chart(
                s,
                "commandes_assll_par_prescripteur",
                "prescripteur",
                "prescripteurs_assll",
                f"Commandes d'ASSLL par prescripteur — {year}",
            ),
        ],
    )
    # C. diagnostics by origin
    diag = s.breakdown("commandes_diagnostic_par_prescripteur")
    diag_before = s.get("commandes_diagnostic_par_prescripteur", base).value
    fsl_before_total = sum(v or 0 for v in diag_before.values())
    ts_gts = (
        (diag.get("TRAVAILLEUR_SOCIAL") or 0) + (diag.get("GTS") or 0)
        if None not in (diag.get("TRAVAILLEUR_SOCIAL"), diag.get("GTS"))
        else None
    )
    c = Section(
        "C",
        "Les diagnostics sollicités par les commissions FSL",
        [
            Paragraph(
                [
                    share(
                        year,
                        base,
                        "les commissions FSL ont été à l'origine de",
                        "des demandes de diagnostics",
                        s.part("commandes_diagnostic_par_prescripteur", "COMMISSION_FSL").value,
                        diag.get("COMMISSION_FSL"),
                        100 * diag_before.get("COMMISSION_FSL", 0) / fsl_before_total
                        if fsl_before_total and not s.masked
                        else None,
                        "commandes_diagnostic_par_prescripteur",
                        "COMMISSION_FSL",
                    ),
                    Sentence(
                        [
                            "Les travailleurs sociaux référents et le GTS ont quant à eux demandé ",
                            count(ts_gts, "commandes_diagnostic_par_prescripteur", "TRAVAILLEUR_SOCIAL+GTS", year=year)
                            if ts_gts is not None
                            else Fig(diffusion.MASK),
                            " diagnostics.",
                        ]
                    ),
                ]
            ),
            _breakdown_chart(
                s,
                "commandes_diagnostic_par_prescripteur",
                "prescripteur",
                "prescripteurs_diagnostic",
                f"Demandes de diagnostic par prescripteur — {year}",
            ),
        ],
    )
    # D. dispositifs, GTS and refusals
    # The reasons listed are those with refusals, masked or not (a masked count still reads « < 5 »).
    refusal_parts = [(k, v) for k, v in s.get("refus_par_motif").value.items() if v]
    refusal_sentence = Sentence(["Les motifs des refus sont : "])
    for i, (k, _) in enumerate(refusal_parts):
        if i:
            refusal_sentence.append(", " if i < len(refusal_parts) - 1 else " et ")
        refusal_sentence += [s.count("refus_par_motif", key=k), f" {fmt.label('motif_refus', k)}"]
    refusal_sentence.append(".")
    group_sentence = Sentence([f"En {year}, les commandes d'ASSLL proviennent pour "])
    labels = {
        "ACCES_MAINTIEN": "des commissions Accès et Maintien",
        "ENERGIE_DETTES": "des commissions spécifiques (impayés d'énergie) et dettes multiples",
        "HABITAT_DALO": "du PIG insalubrité, de la cellule incurie Diogène et de la médiation DALO",
    }
    for i, g in enumerate(labels):
        if i:
            group_sentence.append(" ; " if i < len(labels) - 1 else " et ")
        group_sentence += [
            s.part("commandes_assll_par_groupe_dispositif", g),
            f" {labels[g]} (contre ",
            s.part("commandes_assll_par_groupe_dispositif", g, base),
            f" en {base})",
        ]
    group_sentence.append(".")
    d = Section(
        "D",
        "Les dispositifs d'origine et les décisions du GTS",
        [
            Paragraph(
                [
                    group_sentence,
                    Sentence(
                        [
                            s.count("gts_nouvelles_demandes"),
                            " demandes d'ASSLL, sans demande d'aide financière, ont été "
                            f"étudiées en GTS en {year} (contre ",
                            s.count("gts_nouvelles_demandes", base),
                            f" en {base}).",
                        ]
                    ),
                    Sentence(
                        [
                            "Le GTS a demandé ",
                            s.count("gts_diagnostics_demandes"),
                            " diagnostics (contre ",
                            s.count("gts_diagnostics_demandes", base),
                            f" en {base}) et ",
                            s.count("gts_complements_demandes"),
                            " compléments d'informations au travailleur social à l'origine de la demande (contre ",
                            s.count("gts_complements_demandes", base),
                            f" en {base}).",
                        ]
                    ),
                    refusal_sentence
                    if refusal_parts
                    else Sentence([f"Aucune demande d'ASSLL n'a été refusée en {year}."]),
                ]
            ),
            _breakdown_chart(
                s,
                "commandes_assll_par_groupe_dispositif",
                "groupe_dispositif",
                "groupes_dispositifs",
                f"Commandes d'ASSLL par dispositif d'origine — {year}",
            ),
            _breakdown_chart(s, "refus_par_motif", "motif_refus", "refus_motifs", f"Refus d'ASSLL par motif — {year}"),
        ],
    )
    # E. territory
    epci = s.breakdown("commandes_par_epci")
    epci_chart = _breakdown_chart(
        s, "commandes_par_epci", "epci", "commandes_epci_barres", f"Commandes par EPCI — {year}"
    )
    map_chart = Chart(
        "carte_epci",
        f"Commandes par EPCI — {year}",
        "map",
        epci_chart.categories,
        epci_chart.series,
        epci_chart.colours,
        ["commandes_par_epci"],
        map_values={k: v for k, v in epci.items() if k not in CATCH_ALL and v is not None},
        map_layer="code_epci",
        table=epci_chart.table,
    )
    sectors = s.breakdown("commandes_par_secteur")
    ranked = sorted(((v or 0, k) for k, v in sectors.items() if k not in CATCH_ALL), reverse=True)
    top = [k for _, k in ranked[:3]]
    sector_sentence = (
        Sentence(
            [
                "Le secteur ",
                top[0],
                " est celui qui prescrit le plus de commandes (",
                s.part("commandes_par_secteur", top[0]),
                "), suivi des secteurs ",
                top[1],
                " (",
                s.part("commandes_par_secteur", top[1]),
                ") et ",
                top[2],
                " (",
                s.part("commandes_par_secteur", top[2]),
                ").",
            ]
        )
        if len(top) == 3
        else Sentence()
    )
    least = ranked[-1][1] if ranked else None
    least_sentence = (
        Sentence(
            [
                f"Le secteur {least} est celui qui compte le moins de commandes : ",
                s.count("commandes_par_secteur", key=least),
                " contre ",
                s.count("commandes_par_secteur", base, least),
                f" en {base}.",
            ]
        )
        if least
        else Sentence()
    )
    e = Section(
        "E",
        "Les commandes par territoire",
        [
            Paragraph(
                [
                    Sentence(
                        [
                            "Grand Angoulême et Grand Cognac représentent à eux deux ",
                            s.pct("part_commandes_agglomerations_pct"),
                            " des commandes (contre ",
                            s.pct("part_commandes_agglomerations_pct", base),
                            f" en {base}).",
                        ]
                    ),
                    sector_sentence,
                    least_sentence,
                ]
            ),
            map_chart,
            _breakdown_chart(
                s, "commandes_par_secteur", "secteur", "commandes_secteurs", f"Commandes par secteur ASSLL — {year}"
            ),
            _stacked_by_year(
                s,
                "commandes_par_tas",
                "tas",
                years,
                "commandes_tas",
                f"Nouvelles commandes par territoire d'action sociale — {years[0]}–{year}",
            ),
        ],
    )
    # F. tenure
    f = Section(
        "F",
        "Le statut d'occupation des usagers",
        [
            Paragraph(
                [
                    Sentence(
                        [
                            f"En {year}, ",
                            s.pct("part_locataires_pct"),
                            " des usagers bénéficiant d'un ASSLL sont locataires (contre ",
                            s.pct("part_locataires_pct", base),
                            f" en {base}), dont ",
                            s.pct("part_parc_prive_parmi_locataires_pct"),
                            " du parc privé (contre ",
                            s.pct("part_parc_prive_parmi_locataires_pct", base),
                            f" en {base}).",
                        ]
                    )
                ]
            ),
            _breakdown_chart(
                s,
                "commandes_assll_par_statut_occupation",
                "statut_occupation",
                "statuts",
                f"Commandes d'ASSLL par statut d'occupation — {year}",
            ),
        ],
    )
    # G. objectives
    g = Section(
        "G",
        "Les objectifs des mesures",
        [
            Paragraph(
                [
                    Sentence(
                        [
                            "Les objectifs fixés dans ",
                            s.part("commandes_assll_par_objectif", "BUDGET"),
                            f" des commandes en {year} sont liés à la résolution des "
                            f"difficultés financières des ménages "
                            "(contre ",
                            s.part("commandes_assll_par_objectif", "BUDGET", base),
                            f" en {base}).",
                        ]
                    ),
                    Sentence(
                        [
                            "L'objectif de prévention des expulsions représente ",
                            s.part("commandes_assll_par_objectif", "PREVENTION_EXPULSION"),
                            " (contre ",
                            s.part("commandes_assll_par_objectif", "PREVENTION_EXPULSION", base),
                            f" en {base}), celui de l'appropriation du logement ",
                            s.part("commandes_assll_par_objectif", "APPROPRIATION"),
                            " (contre ",
                            s.part("commandes_assll_par_objectif", "APPROPRIATION", base),
                            f" en {base}).",
                        ]
                    ),
                ]
            ),
            _breakdown_chart(
                s,
                "commandes_assll_par_objectif",
                "objectif",
                "objectifs",
                f"Commandes d'ASSLL par objectif principal — {year}",
            ),
        ],
    )
    return Section("III", "Les commandes", subsections=[a, b, c, d, e, f, g])


def _gts(s: Source, year: int, base: int, recent: list[int]) -> Section:
    a = Section(
        "A",
        f"Les situations examinées en GTS au cours de l'année {year}",
        [
            Paragraph(
                [
                    Sentence(
                        [
                            s.count("gts_situations_examinees"),
                            f" situations ont été examinées en GTS en {year} (contre ",
                            s.count("gts_situations_examinees", base),
                            f" en {base}), dont ",
                            s.count("gts_nouvelles_demandes"),
                            " nouvelles demandes et ",
                            s.count("gts_bilans"),
                            " bilans.",
                        ]
                    )
                ]
            ),
            _breakdown_chart(s, "gts_par_objet", "objet", "gts_objets", f"Passages en GTS par objet — {year}"),
        ],
    )
    b = Section(
        "B",
        "Les bilans étudiés",
        [
            Paragraph(
                [
                    Sentence(
                        [
                            s.count("gts_bilans"),
                            f" bilans ont été étudiés au cours de l'année {year} : ",
                            s.count("gts_arrets_valides"),
                            " arrêts validés et ",
                            s.count("gts_renouvellements"),
                            " renouvellements.",
                        ]
                    )
                ]
            ),
            _series_chart(
                s,
                {"Arrêts validés": "gts_arrets_valides", "Renouvellements": "gts_renouvellements"},
                recent,
                "gts_bilans",
                f"Bilans étudiés en GTS — {recent[0]}–{year}",
                [ASSLL, DIAGNOSTIC],
            ),
        ],
    )
    return Section("IV", "Les résultats des situations examinées en GTS", subsections=[a, b])


def _arrets(s: Source, year: int, base: int, recent: list[int]) -> Section:
    total = s.value("mesures_cloturees")
    a = Section(
        "A",
        "Les motifs d'arrêt",
        [
            Paragraph(
                [
                    Sentence(["Sur ", s.count("mesures_cloturees"), f" mesures d'ASSLL clôturées en {year} :"]),
                    Sentence(
                        [
                            "pour ",
                            s.part("mesures_cloturees_par_motif", "TRAVAIL_POSSIBLE"),
                            " un travail a été possible (contre ",
                            s.part("mesures_cloturees_par_motif", "TRAVAIL_POSSIBLE", base),
                            f" en {base}) ;",
                        ]
                    ),
                    Sentence(
                        [
                            "pour ",
                            s.part("mesures_cloturees_par_motif", "TRAVAIL_NON_POSSIBLE"),
                            " des situations, l'accompagnement social n'a pas ou plus été possible (contre ",
                            s.part("mesures_cloturees_par_motif", "TRAVAIL_NON_POSSIBLE", base),
                            f" en {base}) ;",
                        ]
                    ),
                    Sentence(
                        [
                            "pour ",
                            s.part("mesures_cloturees_par_motif", "LIMITES_INTERVENTION"),
                            " des situations, les limites de l'intervention sont atteintes (contre ",
                            s.part("mesures_cloturees_par_motif", "LIMITES_INTERVENTION", base),
                            f" en {base}).",
                        ]
                    ),
                ]
            )
            if total
            else Paragraph([Sentence([f"Aucune mesure d'ASSLL n'a été clôturée en {year}."])]),
            _breakdown_chart(
                s,
                "mesures_cloturees_par_motif",
                "motif_arret",
                "motifs_arret",
                f"Mesures clôturées par motif d'arrêt — {year}",
            ),
        ],
    )
    b = Section(
        "B",
        "Un accompagnement efficace lorsque les ménages collaborent",
        [
            Paragraph(
                [
                    Sentence(
                        [
                            "Dans ",
                            s.pct("part_objectifs_atteints_pct"),
                            " des situations pour lesquelles un travail a été "
                            "possible, les objectifs fixés sont atteints ou partiellement atteints (contre ",
                            s.pct("part_objectifs_atteints_pct", base),
                            f" en {base}).",
                        ]
                    ),
                    Sentence(
                        [
                            "Un travail a été possible pour ",
                            s.pct("part_travail_possible_instance_fsl_pct"),
                            " des ASSLL validés par la commission FSL (contre ",
                            s.pct("part_travail_possible_instance_fsl_pct", base),
                            f" en {base}) et pour ",
                            s.pct("part_travail_possible_instance_gts_pct"),
                            " des ASSLL validés en GTS.",
                        ]
                    ),
                    Sentence(
                        [
                            "Lorsque la commission n'accorde pas l'aide financière et "
                            "valide un ASSLL, le travail est possible "
                            "dans ",
                            s.pct("part_travail_possible_fsl_aide_refusee_pct"),
                            " des cas, contre ",
                            s.pct("part_travail_possible_fsl_aide_accordee_pct"),
                            " lorsque l'aide est accordée.",
                        ]
                    ),
                    Sentence(
                        [
                            "Même lorsque la demande est travaillée en amont avec la famille et validée en GTS, ",
                            s.pct("part_travail_non_possible_instance_gts_pct"),
                            " des mesures s'arrêtent pour « travail non possible » (contre ",
                            s.pct("part_travail_non_possible_instance_gts_pct", base),
                            f" en {base}).",
                        ]
                    ),
                ]
            ),
            _rate_table(
                s,
                [
                    ("Objectifs atteints ou partiellement atteints", "part_objectifs_atteints_pct"),
                    ("Travail possible, décision en commission FSL", "part_travail_possible_instance_fsl_pct"),
                    ("Travail possible, décision en GTS", "part_travail_possible_instance_gts_pct"),
                    ("Travail non possible, décision en GTS", "part_travail_non_possible_instance_gts_pct"),
                    ("Travail possible, commission FSL, aide refusée", "part_travail_possible_fsl_aide_refusee_pct"),
                    ("Travail possible, commission FSL, aide accordée", "part_travail_possible_fsl_aide_accordee_pct"),
                ],
                year,
                base,
                "Taux de travail possible et d'objectifs atteints",
            ),
        ],
    )
    c = Section(
        "C",
        f"La durée des mesures : {fmt.months(s.value('duree_moyenne_mois'))} en moyenne",
        [
            Paragraph(
                [
                    Sentence(
                        [
                            f"En {year}, la durée moyenne des mesures clôturées est de ",
                            months(s.value("duree_moyenne_mois"), "duree_moyenne_mois", year),
                            " (contre ",
                            months(s.value("duree_moyenne_mois", base), "duree_moyenne_mois", base),
                            f" en {base}).",
                        ]
                    ),
                    Sentence(
                        [
                            "Pour ",
                            s.pct("part_plus_12_mois_parmi_travail_possible_pct"),
                            " des situations où un travail "
                            "a été possible, le travail mené a duré plus de 12 mois, "
                            "temps nécessaire à la réalisation des "
                            "objectifs (contre ",
                            s.pct("part_plus_12_mois_parmi_travail_possible_pct", base),
                            f" en {base}).",
                        ]
                    ),
                    Sentence(
                        [
                            "Dans ",
                            s.pct("part_moins_6_mois_parmi_travail_non_possible_pct"),
                            " des cas (contre ",
                            s.pct("part_moins_6_mois_parmi_travail_non_possible_pct", base),
                            f" en {base}), les travailleurs "
                            "sociaux rendent compte en moins de 6 mois d'un travail difficile, voire impossible.",
                        ]
                    ),
                ]
            ),
            _series_chart(
                s,
                {"Durée moyenne (mois)": "duree_moyenne_mois"},
                recent,
                "durees",
                f"Durée moyenne des mesures clôturées — {recent[0]}–{year}",
                [ASSLL],
                unit="mois",
            ),
            _series_chart(
                s,
                {
                    "Plus de 12 mois (travail possible)": "part_plus_12_mois_parmi_travail_possible_pct",
                    "Moins de 6 mois (travail non possible)": "part_moins_6_mois_parmi_travail_non_possible_pct",
                },
                recent,
                "durees_parts",
                f"Mesures longues et courtes — {recent[0]}–{year}",
                [ASSLL, DIAGNOSTIC],
                percent=True,
            ),
        ],
    )
    return Section("V", f"Analyse des arrêts des mesures en {year}", subsections=[a, b, c])
