"""The four kinds of raw table of DATA_CONTRACT section 3: their columns and roles."""

from __future__ import annotations

from dataclasses import dataclass, field

NON_RECONNU = "NON_RECONNU"
NON_RENSEIGNE = "NON_RENSEIGNE"
# The keys a breakdown may have beside its canonical values: one definition for the whole product.
CATCH_ALL = (NON_RECONNU, NON_RENSEIGNE)


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    # At least one column of each group must be in the header (passages_gts: demande or mesure).
    required_any: tuple[tuple[str, ...], ...] = ()
    key: str = ""
    record_id: str | None = None
    dates: tuple[str, ...] = ()
    # column -> value domain in aliases/valeurs.csv (or secteur / tas)
    categorical: dict[str, str] = field(default_factory=dict)
    # categoricals whose unknown value quarantines the row instead of loading as NON_RECONNU
    strict: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    integers: tuple[str, ...] = ()
    # (earlier, later): a row where later < earlier is impossible
    date_order: tuple[tuple[str, str], ...] = ()
    # Fields that progress over a record's life (a decision taken, a measure closed): a later
    # value completes an earlier one and is not reported as a conflict.
    evolving: tuple[str, ...] = ()


DEMANDES = Kind(
    name="demandes",
    label="demandes",
    columns=(
        "id_demande",
        "date_demande",
        "type_mesure",
        "prescripteur",
        "dispositif",
        "instance",
        "aide_financiere",
        "code_insee",
        "commune",
        "secteur",
        "tas",
        "statut_occupation",
        "objectif",
        "decision",
        "motif_refus",
        "date_decision",
        "id_menage",
        "evaluation_conjointe",
    ),
    required=("id_demande", "date_demande", "type_mesure", "secteur"),
    key="id_demande",
    record_id="id_demande",
    dates=("date_demande", "date_decision"),
    categorical={
        "type_mesure": "type_mesure",
        "prescripteur": "prescripteur",
        "dispositif": "dispositif",
        "instance": "instance",
        "aide_financiere": "aide_financiere",
        "secteur": "secteur",
        "tas": "tas",
        "statut_occupation": "statut_occupation",
        "decision": "decision",
        "motif_refus": "motif_refus",
        "evaluation_conjointe": "evaluation_conjointe",
    },
    strict=("type_mesure",),
    identifiers=("id_demande", "id_menage"),
    date_order=(("date_demande", "date_decision"),),
    evolving=("decision", "date_decision", "motif_refus", "aide_financiere"),
)

MESURES = Kind(
    name="mesures",
    label="mesures",
    columns=(
        "id_mesure",
        "id_demande",
        "date_debut",
        "date_fin",
        "intervenant",
        "secteur_intervenant",
        "motif_arret",
        "resultat_objectifs",
        "nb_renouvellements",
    ),
    required=("id_mesure", "id_demande", "date_debut"),
    key="id_mesure",
    record_id="id_mesure",
    dates=("date_debut", "date_fin"),
    categorical={
        "secteur_intervenant": "secteur",
        "motif_arret": "motif_arret",
        "resultat_objectifs": "resultat_objectifs",
    },
    identifiers=("id_mesure", "id_demande", "intervenant"),
    integers=("nb_renouvellements",),
    date_order=(("date_debut", "date_fin"),),
    evolving=(
        "date_fin",
        "motif_arret",
        "resultat_objectifs",
        "resultat_ancien",
        "nb_renouvellements",
        "secteur_intervenant",
        "intervenant",
    ),
)

PASSAGES_GTS = Kind(
    name="passages_gts",
    label="passages en GTS",
    columns=("date_seance", "id_demande", "id_mesure", "objet", "decision_gts"),
    required=("date_seance", "objet"),
    required_any=(("id_demande", "id_mesure"),),
    key="date_seance",
    dates=("date_seance",),
    categorical={"objet": "objet", "decision_gts": "decision_gts"},
    strict=("objet",),
    identifiers=("id_demande", "id_mesure"),
)

MUTUALISATIONS = Kind(
    name="mutualisations",
    label="mutualisations",
    columns=("date_mutualisation", "id_mesure", "secteur_origine", "secteur_accueil"),
    required=("date_mutualisation", "secteur_origine", "secteur_accueil"),
    key="date_mutualisation",
    dates=("date_mutualisation",),
    categorical={"secteur_origine": "secteur", "secteur_accueil": "secteur"},
    identifiers=("id_mesure",),
)

KINDS: dict[str, Kind] = {k.name: k for k in (DEMANDES, MESURES, PASSAGES_GTS, MUTUALISATIONS)}
