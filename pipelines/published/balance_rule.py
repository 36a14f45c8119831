"""The sector-balance rule: which sectors are overloaded, which have capacity, which mutualisation to suggest.

Pure functions of the per-sector figures at a date (waiting requests, measures in progress, ETP),
shared by the dashboard's « Équilibre des secteurs » page and the reports. The rule is stated in
French by `rule_text()` from the same constants it applies, so what the page says is what it does.

- load of a sector = (measures in progress + waiting requests) / ETP of the sector;
- departmental load = the same totals over every sector given / their total ETP;
- overloaded: load above the departmental load by more than SURCHARGE_PCT % AND at least one
  waiting request (a sector without waiting requests has nothing to hand over);
- capacity: load below the departmental load by more than CAPACITE_PCT %;
- suggestion: from the most overloaded sector (highest load; ties: more waiting requests, then
  the order given) to the sector with the most capacity (lowest load), except that a sector of the
  origin's TAS is preferred when its load exceeds that lowest load by less than PROCHE_PCT % of the
  departmental load; remaining ties: the order given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipelines.published import fmt

# A sector's median wait (acceptance to start of the measure) more than this many times the département's.
LONG_WAIT_FACTOR = 2
SURCHARGE_PCT = 20
CAPACITE_PCT = 20
PROCHE_PCT = 10
# Relative tolerance on the comparisons, so that a load exactly on a threshold is never
# pushed over it by floating-point rounding (« de plus de 20 % » is strict).
_EPS = 1e-9

SURCHARGE = "SURCHARGE"
CHARGE_ELEVEE = "CHARGE_ELEVEE"
EQUILIBRE = "EQUILIBRE"
CAPACITE = "CAPACITE"
SANS_ETP = "SANS_ETP"

STATUS_LABELS = {
    SURCHARGE: "Surchargé",
    CHARGE_ELEVEE: "Charge élevée, aucune commande en attente",
    EQUILIBRE: "Équilibré",
    CAPACITE: "Capacité disponible",
    SANS_ETP: "Sans ETP",
}


@dataclass(frozen=True)
class SectorLoad:
    """One sector's figures at the date."""

    secteur: str
    tas: str | None
    en_attente: int
    en_cours: int
    etp: float | None

    @property
    def charge(self) -> int:
        return self.en_attente + self.en_cours

    @property
    def charge_par_etp(self) -> float | None:
        return self.charge / self.etp if self.etp else None


@dataclass(frozen=True)
class Balance:
    reference: float | None  # departmental load per ETP; None without any ETP
    statuses: dict[str, str]  # sector -> status
    origine: SectorLoad | None  # suggested mutualisation, when there is one
    accueil: SectorLoad | None
    sectors: tuple[SectorLoad, ...] = ()

    @property
    def seuil_surcharge(self) -> float | None:
        return None if self.reference is None else self.reference * (1 + SURCHARGE_PCT / 100)

    @property
    def seuil_capacite(self) -> float | None:
        return None if self.reference is None else self.reference * (1 - CAPACITE_PCT / 100)

    def ecart_pct(self, sector: SectorLoad) -> float | None:
        """How far a sector's load is from the departmental load, in percent."""
        load = sector.charge_par_etp
        if load is None or not self.reference:
            return None
        return (load / self.reference - 1) * 100

    def of_status(self, status: str) -> list[SectorLoad]:
        return [s for s in self.sectors if self.statuses.get(s.secteur) == status]


def departmental_load(sectors: Sequence[SectorLoad]) -> float | None:
    """Total (in progress + waiting) of the sectors / their total ETP."""
    etp = sum(s.etp or 0 for s in sectors)
    if etp <= 0:
        return None
    return sum(s.charge for s in sectors) / etp


def status(sector: SectorLoad, reference: float | None) -> str:
    load = sector.charge_par_etp
    if load is None or reference is None:
        return SANS_ETP
    if load > reference * (1 + SURCHARGE_PCT / 100) * (1 + _EPS):
        return SURCHARGE if sector.en_attente > 0 else CHARGE_ELEVEE
    if load < reference * (1 - CAPACITE_PCT / 100) * (1 - _EPS):
        return CAPACITE
    return EQUILIBRE


def _host(origin: SectorLoad, candidates: list[SectorLoad], reference: float) -> SectorLoad:
    lowest = min(s.charge_par_etp for s in candidates)  # type: ignore[type-var]
    margin = reference * PROCHE_PCT / 100 * (1 - _EPS)
    same_tas = [
        s
        for s in candidates
        if origin.tas is not None and s.tas == origin.tas and s.charge_par_etp - lowest < margin  # type: ignore[operator]
    ]
    pool = same_tas or candidates
    # min() keeps the first of equal loads: ties go to the order given.
    return min(pool, key=lambda s: s.charge_par_etp)  # type: ignore[arg-type,return-value]


def assess(sectors: Sequence[SectorLoad]) -> Balance:
    """Statuses of the sectors and the suggested mutualisation, if any."""
    sectors = tuple(sectors)
    reference = departmental_load(sectors)
    statuses = {s.secteur: status(s, reference) for s in sectors}
    overloaded = [s for s in sectors if statuses[s.secteur] == SURCHARGE]
    with_capacity = [s for s in sectors if statuses[s.secteur] == CAPACITE]
    origin = host = None
    if overloaded and with_capacity and reference is not None:
        # max() keeps the first of equal keys: ties go to more waiting requests, then the order given.
        origin = max(overloaded, key=lambda s: (s.charge_par_etp, s.en_attente))
        host = _host(origin, with_capacity, reference)
    return Balance(reference, statuses, origin, host, sectors)


def _load(value: float | None) -> str:
    return fmt.number(value, 1)


def rule_lines(balance: Balance | None = None) -> list[str]:
    """The rule in French, one sentence per line, thresholds included (with their values at the date when
    a balance is given)."""
    lines = [
        "La charge d'un secteur est le nombre de ses mesures en cours et de ses commandes en attente, divisé par "
        "son ETP ; la charge départementale est le total des mesures en cours et des commandes en attente de ces "
        "secteurs, divisé par le total de leurs ETP.",
        f"Un secteur est **surchargé** quand sa charge dépasse la charge départementale de plus de {SURCHARGE_PCT} % "
        "et qu'il a au moins une commande en attente ; sans commande en attente, il n'a rien à confier : sa charge "
        "est dite élevée.",
        f"Un secteur a **de la capacité** quand sa charge est inférieure de plus de {CAPACITE_PCT} % à la charge "
        "départementale.",
        "La mutualisation suggérée va du secteur le plus surchargé vers le secteur qui a le plus de capacité ; un "
        f"secteur du même TAS est préféré quand sa charge est proche (écart de moins de {PROCHE_PCT} % de la charge "
        "départementale). À égalité, le secteur qui a le plus de commandes en attente confie la commande, puis "
        "l'ordre habituel des secteurs départage. Un secteur sans ETP n'est pas classé.",
    ]
    if balance is not None and balance.reference is not None:
        lines.append(
            f"À cette date : charge départementale {_load(balance.reference)} par ETP, seuil de surcharge "
            f"{_load(balance.seuil_surcharge)}, seuil de capacité {_load(balance.seuil_capacite)}."
        )
    return [line.replace(" %", "\u00a0%") for line in lines]


def rule_text(balance: Balance | None = None) -> str:
    """The rule as one French paragraph (see rule_lines)."""
    return " ".join(rule_lines(balance))


def suggestion_text(balance: Balance, *, loads: bool = True) -> str:
    """« Mutualisation suggérée : confier une commande en attente du secteur Cognac au secteur Ruffécois
    (charge 32,5 contre 18,6 par ETP). », or why there is none; without the loads when they are masked."""
    if balance.origine is not None and balance.accueil is not None:
        if not loads:
            return (
                f"Mutualisation suggérée : confier une commande en attente du secteur {balance.origine.secteur} "
                f"au secteur {balance.accueil.secteur}."
            )
        return (
            f"Mutualisation suggérée : confier une commande en attente du secteur {balance.origine.secteur} au "
            f"secteur {balance.accueil.secteur} (charge {_load(balance.origine.charge_par_etp)} contre "
            f"{_load(balance.accueil.charge_par_etp)} par ETP)."
        )
    if balance.reference is None:
        return "Aucune mutualisation suggérée : aucun ETP n'est renseigné pour ces secteurs."
    if not any(s.charge for s in balance.sectors):
        return (
            "Aucune mutualisation suggérée : aucune mesure en cours ni commande en attente à cette date pour "
            "ces secteurs."
        )
    overloaded = balance.of_status(SURCHARGE)
    if not overloaded:
        high = balance.of_status(CHARGE_ELEVEE)
        if high:
            names = ", ".join(s.secteur for s in high)
            return (
                f"Aucune mutualisation suggérée : aucun secteur n'est surchargé avec des commandes en "
                f"attente (charge élevée mais aucune commande en attente : {names})."
            )
        return "Aucune mutualisation suggérée : aucun secteur n'est surchargé, les secteurs sont à l'équilibre."
    names = ", ".join(s.secteur for s in overloaded)
    verb = "est surchargé" if len(overloaded) == 1 else "sont surchargés"
    return (
        f"Aucune mutualisation suggérée : {names} {verb}, mais aucun secteur n'a de capacité disponible "
        f"(charge inférieure de plus de {CAPACITE_PCT}\u00a0% à la charge départementale)."
    )


def long_wait(median: float | None, longest_open: float | None, reference: float | None) -> bool:
    """Whether a sector's wait before the start of the measure is flagged: its median wait is more than
    LONG_WAIT_FACTOR times the département's; a median not reached (more than half still waiting) is
    flagged when a household of the sector already waits longer than that."""
    if reference is None or reference <= 0:
        return False
    limit = LONG_WAIT_FACTOR * reference
    if median is not None:
        return median > limit * (1 + _EPS)
    return longest_open is not None and longest_open > limit * (1 + _EPS)


def long_wait_rule(reference: float | None = None) -> str:
    """The flag's rule in French (with its value at the date when the département's median is given)."""
    text = (
        "Un secteur est **signalé pour son attente** quand son attente médiane entre l'accord et le début de "
        "la mesure dépasse plus de deux fois celle du département (ou, si plus de la moitié de ses ménages "
        "attendent encore, quand l'un d'eux attend déjà plus que ce double)."
    )
    if reference is not None:
        text += (
            f" À cette date : attente médiane départementale {fmt.number(reference)} jours, seuil "
            f"{fmt.number(LONG_WAIT_FACTOR * reference)} jours."
        )
    return text.replace(" %", "\u00a0%")
