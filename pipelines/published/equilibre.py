"""The sector balance at a date as published: each sector's figures (masked like any count) and the
rule's result, for the Équilibre page and the report.

The rule itself (`pipelines.published.balance_rule`) decides on the computed counts; what is shown goes through
the layer: in diffusion mode a count of 1 to 4 reads « < 5 » and a load per ETP computed on such a
count is masked (load × ETP would give the count back), and the suggestion is then worded without it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import cast

from pipelines.indicators.values import Median
from pipelines.published import balance_rule, diffusion
from pipelines.published.durees import longest_open_by, medians_by, still_waiting_by
from pipelines.published.figure import MASK_OTHER, MISSING, Figure, text_for
from pipelines.published.source import Published
from pipelines.reference.schema import CATCH_ALL

WAIT = "attente_debut_mediane_jours"
WAIT_BY = "attente_debut_mediane_jours_par_secteur"


@dataclass(frozen=True)
class SectorFigures:
    secteur: str
    tas: str | None
    en_attente: Figure
    en_cours: Figure
    etp: Figure
    charge: Figure  # (in progress + waiting) per ETP
    ecart: Figure  # gap to the departmental load, in %
    statut: str
    # Wait from acceptance to the start of the measure (requests accepted in the year of the date, followed
    # up to the date): median with its interval, households still waiting, the longest of their waits.
    attente_mediane: Figure | None = None
    encore_en_attente: Figure | None = None
    attente_max: Figure | None = None
    attente_longue: bool = False


@dataclass(frozen=True)
class SectorBalance:
    as_of: dt.date
    sectors: list[SectorFigures]
    result: balance_rule.Balance
    reference: Figure  # departmental load per ETP
    totals: dict[str, Figure]  # en_attente, en_cours, etp of the sectors shown
    unassigned: dict[str, Figure]  # en_attente, en_cours without a recognised sector
    suggestion: str
    attente_reference: Figure | None = None  # the département's median wait (same filters, same date)
    attente: str = ""  # the waits in words, after the suggestion

    @property
    def rule(self) -> list[str]:
        return [
            *balance_rule.rule_lines(self.result),
            balance_rule.long_wait_rule(self.attente_reference.value if self.attente_reference else None),
        ]


def _count(pub: Published, value: float | None, ind_id: str, key: str | None, year: int) -> Figure:
    masked = pub.diffusion and diffusion.is_small(value)
    shown = None if masked else value
    return Figure(text_for(shown, "nombre", masked=masked), ind_id, key, shown, year, masked=masked)


def sector_balance(
    pub: Published,
    as_of: dt.date,
    keep: Callable[[str, str | None], bool] = lambda s, t: True,
    tas_of: dict[str, str] | None = None,
) -> SectorBalance:
    """The balance of the sectors kept by `keep(sector, tas)` at `as_of` (ETP of that date's year)."""
    year = as_of.year
    waiting = cast("dict[str, float | None]", pub.raw("commandes_en_attente_par_secteur", year, as_of=as_of).value)
    progress = cast("dict[str, float | None]", pub.raw("mesures_en_cours_par_secteur", year, as_of=as_of).value)
    etp = cast("dict[str, float | None]", pub.raw("etp_par_secteur", year).value)
    tas_of = tas_of or {}
    names = [s for s in etp if s not in CATCH_ALL and keep(s, tas_of.get(s))]
    loads = [
        balance_rule.SectorLoad(s, tas_of.get(s), int(waiting.get(s) or 0), int(progress.get(s) or 0), etp.get(s))
        for s in names
    ]
    result = balance_rule.assess(loads)
    sectors = []
    hidden_loads = set()
    for load in loads:
        small = pub.diffusion and diffusion.is_small(load.charge)
        if small:
            hidden_loads.add(load.secteur)
        charge = (
            Figure(MASK_OTHER, "charge_par_etp_par_secteur", load.secteur, None, year, unit="par ETP", masked=True)
            if small
            else Figure(
                text_for(load.charge_par_etp, "par ETP"),
                "charge_par_etp_par_secteur",
                load.secteur,
                load.charge_par_etp,
                year,
                unit="par ETP",
            )
        )
        gap = result.ecart_pct(load)
        ecart = (
            Figure(MASK_OTHER, None, load.secteur, None, year, "evolution", unit="%", masked=True)
            if small
            else Figure(text_for(gap, "%", "evolution"), None, load.secteur, gap, year, "evolution", unit="%")
        )
        sectors.append(
            SectorFigures(
                load.secteur,
                load.tas,
                _count(pub, load.en_attente, "commandes_en_attente_par_secteur", load.secteur, year),
                _count(pub, load.en_cours, "mesures_en_cours_par_secteur", load.secteur, year),
                Figure(text_for(load.etp, "ETP"), "etp_par_secteur", load.secteur, load.etp, year, unit="ETP"),
                charge,
                ecart,
                result.statuses[load.secteur],
            )
        )
    totals = {
        "en_attente": _count(pub, sum(s.en_attente for s in loads), "commandes_en_attente_par_secteur", None, year),
        "en_cours": _count(pub, sum(s.en_cours for s in loads), "mesures_en_cours_par_secteur", None, year),
        "etp": Figure(
            text_for(sum(s.etp or 0 for s in loads), "ETP"),
            "etp_par_secteur",
            None,
            sum(s.etp or 0 for s in loads),
            year,
            unit="ETP",
        ),
    }
    total_charge = sum(s.charge for s in loads)
    if pub.diffusion and diffusion.is_small(total_charge):
        reference = Figure(MASK_OTHER, "charge_par_etp_par_secteur", None, None, year, unit="par ETP", masked=True)
    else:
        reference = Figure(
            text_for(result.reference, "par ETP"),
            "charge_par_etp_par_secteur",
            None,
            result.reference,
            year,
            unit="par ETP",
        )
    unassigned = {
        "en_attente": _count(
            pub, sum(waiting.get(k) or 0 for k in CATCH_ALL), "commandes_en_attente_par_secteur", None, year
        ),
        "en_cours": _count(
            pub, sum(progress.get(k) or 0 for k in CATCH_ALL), "mesures_en_cours_par_secteur", None, year
        ),
    }
    with_loads = not hidden_loads & {getattr(result.origine, "secteur", None), getattr(result.accueil, "secteur", None)}
    sectors, wait_reference, words = _waits(pub, as_of, sectors)
    return SectorBalance(
        as_of,
        sectors,
        result,
        reference,
        totals,
        unassigned,
        balance_rule.suggestion_text(result, loads=with_loads),
        wait_reference,
        words,
    )


def _waits(pub: Published, as_of: dt.date, sectors: list[SectorFigures]) -> tuple[list[SectorFigures], Figure, str]:
    """Each sector's wait before the start of the measure, the flag of the long waits (decided on the values
    as computed, shown only with a published median) and the sentence that says it."""
    year = as_of.year
    reference = pub.value(WAIT, year, as_of=as_of)
    raw_reference = (cast("Median | None", pub.raw(WAIT, year, as_of=as_of).value) or {}).get("valeur")
    raw = pub.raw(WAIT_BY, year, as_of=as_of)
    medians = medians_by(pub, WAIT_BY, year, as_of=as_of)
    waiting = still_waiting_by(pub, WAIT_BY, year, as_of=as_of)
    longest_raw = dict(
        pub.raw_curves("attente_debut", [year], as_of=as_of, by="secteur")
        .resume.select("groupe", "suivi_max_sans_evenement_jours")
        .iter_rows()
    )
    longest = longest_open_by(pub, WAIT_BY, year, as_of=as_of)
    out = []
    for s in sectors:
        median = (cast("dict[str, Median | None] | None", raw.value) or {}).get(s.secteur)
        # `median and …` is typed as possibly the (empty) dict itself; a median is never an empty dict.
        flag = balance_rule.long_wait(median and median.get("valeur"), longest_raw.get(s.secteur), raw_reference)  # type: ignore[arg-type]
        fig = medians.get(s.secteur) or Figure(MISSING, WAIT_BY, s.secteur, None, year, unit="jours")
        out.append(
            replace(
                s,
                attente_mediane=fig,
                encore_en_attente=waiting.get(s.secteur) or Figure("0", WAIT_BY, s.secteur, 0, year),
                attente_max=longest.get(s.secteur) or Figure(MISSING, WAIT_BY, s.secteur, None, year),
                attente_longue=flag and not fig.masked,
            )
        )
    flagged = [s for s in out if s.attente_longue]
    if not reference.shown:
        words = ""
    elif flagged:
        # attente_mediane is set for every sector by the replace() above; the field is optional in SectorFigures.
        names = ", ".join(
            f"{s.secteur} ({text_for(s.attente_mediane.value, 'jours')})"  # type: ignore[union-attr]
            if s.attente_mediane.shown  # type: ignore[union-attr]
            else f"{s.secteur} (médiane non atteinte)"
            for s in flagged
        )
        words = (
            f"Attente avant le début de la mesure : la moitié des ménages accordés en {year} ont attendu plus "
            f"de {text_for(reference.value, 'jours')} dans le département ; plus de deux fois plus longtemps "
            f"dans {'le secteur' if len(flagged) == 1 else 'les secteurs'} {names}."
        )
    else:
        words = (
            f"Attente avant le début de la mesure : la moitié des ménages accordés en {year} ont attendu plus "
            f"de {text_for(reference.value, 'jours')} dans le département ; aucun secteur n'attend plus de "
            "deux fois plus longtemps."
        )
    return out, reference, words
