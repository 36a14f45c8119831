"""The clean records the demo exports are written from.

Each record holds the values a correct pipeline must end with after merging every file
(canonical codes, `NON_RECONNU` / `NON_RENSEIGNE` included), plus the few rendering
choices that must stay identical when the record is listed in several files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

NON_RECONNU = "NON_RECONNU"
NON_RENSEIGNE = "NON_RENSEIGNE"

ASSLL = "ASSLL"
DIAGNOSTIC = "DIAGNOSTIC"

FSL = "COMMISSION_FSL"
GTS = "GTS"
CCAPEX = "CCAPEX"

TP = "TRAVAIL_POSSIBLE"
TNP = "TRAVAIL_NON_POSSIBLE"
LI = "LIMITES_INTERVENTION"


@dataclass(eq=False)
class Demande:
    """One request (commande), as merged over every file that lists it."""

    seq: int  # creation order, only to break ties deterministically
    date_demande: date
    type_mesure: str
    prescripteur: str
    secteur: str
    id_demande: str = ""
    dispositif: str = NON_RENSEIGNE
    instance: str = NON_RENSEIGNE
    aide_financiere: str = "SANS"
    code_insee: str | None = None  # today's code the commune resolves to; None = unknown/empty
    commune_cells: tuple[str, str] = ("", "")  # (code cell, name cell) as written
    statut_occupation: str = NON_RENSEIGNE
    objectifs: list[str] = field(default_factory=list)  # canonical; first is the main one
    decision: str = "EN_ATTENTE"
    motif_refus: str | None = None
    date_decision: date | None = None
    id_menage: str = ""
    evaluation_conjointe: str = NON_RENSEIGNE  # recorded from 2025 on (conjointe.py)
    nom_usager: str = ""
    observation: str = ""
    # State shown by the export of the year of date_demande when the decision came later.
    decision_initiale: str | None = None
    date_decision_initiale: date | None = None
    # Raw texts: unknown values and spellings reused whenever the record is listed again.
    raw: dict[str, str] = field(default_factory=dict)
    # Values shown by an earlier listing that a later file corrects (deliberate conflicts).
    valeurs_anterieures: dict[str, str] = field(default_factory=dict)
    # Building helpers (not exported).
    seance_nd: date | None = None
    decision_nd: str | None = None  # decision_gts at the NOUVELLE_DEMANDE examination
    date_retour: date | None = None  # return examination (diagnostic / complement)
    parent: Demande | None = None  # the ASSLL request a GTS diagnostic was asked for

    @property
    def objectif(self) -> str:
        return self.objectifs[0] if self.objectifs else NON_RENSEIGNE


@dataclass(eq=False)
class Mesure:
    seq: int
    demande: Demande | None  # None for the few measures started before 2014 (no request listed)
    date_debut: date
    secteur_intervenant: str
    id_demande_orpheline: str = ""
    id_mesure: str = ""
    date_fin: date | None = None
    intervenant: str = ""
    motif_arret: str | None = None
    resultat_objectifs: str | None = None
    nb_renouvellements: int = 0
    mutualisee: bool = False
    raw: dict[str, str] = field(default_factory=dict)
    # Building helpers.
    fin_naturelle: date | None = None

    @property
    def id_demande(self) -> str:
        return self.demande.id_demande if self.demande else self.id_demande_orpheline

    @property
    def type_mesure(self) -> str | None:
        return self.demande.type_mesure if self.demande else None

    @property
    def duree_jours(self) -> int | None:
        return (self.date_fin - self.date_debut).days if self.date_fin else None


@dataclass(eq=False)
class PassageGTS:
    date_seance: date
    objet: str
    decision_gts: str | None
    demande: Demande | None = None
    mesure: Mesure | None = None
    avec_id_demande: bool = True  # whether the export fills N° demande for a BILAN
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def id_demande(self) -> str:
        return self.demande.id_demande if self.demande else ""

    @property
    def id_mesure(self) -> str:
        return self.mesure.id_mesure if self.mesure else ""


@dataclass(eq=False)
class Mutualisation:
    date_mutualisation: date
    mesure: Mesure
    secteur_origine: str
    secteur_accueil: str

    @property
    def id_mesure(self) -> str:
        return self.mesure.id_mesure


@dataclass(eq=False)
class LigneAnomalie:
    """An extra raw row written on purpose: quarantined, ignored or a duplicate."""

    table: str  # demandes | mesures | passages_gts | mutualisations
    annee: int  # year of the file it goes into
    valeurs: dict[str, object]  # column -> raw cell (str, date or number)
    effet: str  # "quarantaine" | "doublon"
    raison: str
    ident: str = ""


@dataclass(eq=False)
class Records:
    seed: int
    demandes: list[Demande]
    mesures: list[Mesure]
    passages: list[PassageGTS]
    mutualisations: list[Mutualisation]
    anomalies: list[LigneAnomalie] = field(default_factory=list)
    # Human-readable list of every deliberate mess item, for the ingest report comparison.
    journal: list[str] = field(default_factory=list)
    # The spellings chosen for this seed (a mess.Renderer), set by build_records.
    renderer: Any = None
