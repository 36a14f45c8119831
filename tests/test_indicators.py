"""Every indicator of the catalogue on a folder small enough to compute by hand.

The folder is built in conftest.py (DEMANDES_2023, DEMANDES_2024, MESURES, GTS, MUTUALISATIONS);
the comments below give the records behind each expected value.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from pipelines.indicators import Indicators, IndicatorValue, load_catalogue

SPEC = Path(__file__).resolve().parent / "spec" / "INDICATORS.md"
INDICATORS_DIR = Path(__file__).resolve().parents[1] / "pipelines" / "indicators"
YEAR = 2024
CATCH_ALL = ("NON_RECONNU", "NON_RENSEIGNE")

PRESCRIPTEURS = ["TRAVAILLEUR_SOCIAL", "COMMISSION_FSL", "GTS", "CCAPEX", "BAILLEUR", "CELLULE_DIOGENE", "USAGER"]
GROUPES = ["ACCES_MAINTIEN", "ENERGIE_DETTES", "HABITAT_DALO"]
EPCI = [
    "200029734",
    "200043016",
    "200068914",
    "200070282",
    "200070514",
    "200071827",
    "200072023",
    "200072049",
    "241600303",
]
SECTEURS = [
    "Angoulême Centre-Soyaux",
    "Angoulême Nord-Gond-Pontouvre",
    "Angoulême Sud-La Couronne",
    "Cognac",
    "Ruffécois",
    "Charente Limousine",
    "Horte et Tardoire",
    "Sud-Charente",
]
TAS = ["Angoumois Est", "Angoumois Ouest", "Ouest Charente", "Nord Charente", "Est Charente", "Sud Charente"]
STATUTS = ["LOCATAIRE_PRIVE", "LOCATAIRE_PUBLIC", "PROPRIETAIRE", "HEBERGE", "SANS_LOGEMENT", "AUTRE"]
OBJECTIFS = [
    "BUDGET",
    "PREVENTION_EXPULSION",
    "APPROPRIATION",
    "PROJET_LOGEMENT",
    "INSTALLATION",
    "ENTRETIEN",
    "INTEGRATION",
    "DETTES",
]
MOTIFS_REFUS = [
    "DALO",
    "AVDL",
    "MASP",
    "PREVENTION_EXPULSIONS",
    "AUTONOME",
    "FAAD",
    "IML",
    "SIAO",
    "MESURE_PROTECTION",
    "AUTRE",
]
MOTIFS_ARRET = ["TRAVAIL_POSSIBLE", "TRAVAIL_NON_POSSIBLE", "LIMITES_INTERVENTION"]
ETP = {
    "Angoulême Centre-Soyaux": 1.0,
    "Angoulême Nord-Gond-Pontouvre": 0.5,
    "Angoulême Sud-La Couronne": 1.0,
    "Cognac": 0.8,
    "Ruffécois": 0.7,
    "Charente Limousine": 0.7,
    "Horte et Tardoire": 0.6,
    "Sud-Charente": 0.7,
}


def days(start: tuple[int, int, int], end: tuple[int, int, int]) -> int:
    return (dt.date(*end) - dt.date(*start)).days


# Durations of the ASSLL measures closed in 2024 (M6 is a diagnostic: excluded).
M1 = days((2024, 2, 15), (2024, 9, 30))  # TRAVAIL_POSSIBLE, NON_ATTEINTS, D01 FSL ACCORDEE
M2 = days((2023, 4, 1), (2024, 6, 30))  # TRAVAIL_POSSIBLE, PARTIELLEMENT, A23-1 FSL REFUSEE
M3 = days((2023, 10, 1), (2024, 11, 30))  # TRAVAIL_NON_POSSIBLE, A23-3 GTS
M5 = days((2024, 3, 15), (2024, 7, 15))  # TRAVAIL_NON_POSSIBLE, D02 FSL REFUSEE
M7 = days((2023, 12, 1), (2024, 12, 20))  # LIMITES_INTERVENTION, A23-4 GTS
MONTH = 30.4375


@pytest.fixture(scope="module")
def indicators(indicator_warehouse: Path):
    ind = Indicators(indicator_warehouse)
    yield ind
    ind.close()


@pytest.fixture(scope="module")
def values(indicators: Indicators) -> dict[str, IndicatorValue]:
    return indicators.compute_all(YEAR)


def breakdown(canonical: list[str], **nonzero: int) -> dict[str, int]:
    return {key: 0 for key in canonical} | nonzero


def assert_breakdown(value: IndicatorValue, canonical: list[str], expected: dict[str, int | float]) -> None:
    """Every canonical key present (0 where none); NON_RECONNU / NON_RENSEIGNE present when not 0."""
    got = value.value
    assert isinstance(got, dict), value
    for key in canonical:
        assert key in got, f"{value.id}: clé {key} absente"
    extra = set(got) - set(canonical) - set(CATCH_ALL)
    assert not extra, f"{value.id}: clés inattendues {extra}"
    comparable = {k: v for k, v in got.items() if k in canonical or v}
    assert comparable == pytest.approx(expected), value.id


def test_catalogue_and_sql_files_match() -> None:
    with (INDICATORS_DIR / "catalogue.csv").open(encoding="utf-8", newline="") as fh:
        ids = [row["id"] for row in csv.DictReader(fh)]
    assert len(ids) == len(set(ids))
    sql = {p.stem for p in (INDICATORS_DIR / "sql").glob("*.sql")}
    assert set(ids) == sql
    assert set(load_catalogue()) == set(ids)


def test_every_indicator_of_the_spec_is_in_the_catalogue() -> None:
    if not SPEC.is_file():
        pytest.skip(f"spécification absente : {SPEC}")
    spec_ids = set()
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\|\s*`([a-z0-9_]+)`", line)
        if match:
            spec_ids.add(match.group(1))
    assert len(spec_ids) >= 40
    assert spec_ids <= set(load_catalogue()), spec_ids - set(load_catalogue())


def test_every_catalogue_indicator_is_asserted_below(values: dict[str, IndicatorValue]) -> None:
    # The time-to-event indicators are asserted in test_time_to_event.py, the adhesion estimators (profile and
    # gaps) in test_adhesion.py.
    from tests.test_adhesion import ASSERTED as ADHESION

    time_to_event = {i for i, d in load_catalogue().items() if d.time_to_event}
    assert (
        set(values)
        == set(EXPECTED_SCALARS)
        | set(EXPECTED_SHARES)
        | set(EXPECTED_BREAKDOWNS)
        | set(AT_DATE_IDS)
        | time_to_event
        | ADHESION
    )


# --- requests (2024: 6 ASSLL D01-D06, 3 diagnostics D07-D09; 2023: 4 ASSLL, 4 diagnostics) ----

EXPECTED_SCALARS: dict[str, float] = {
    "commandes_assll": 6,
    "commandes_diagnostic": 3,
    "commandes_total": 9,
    # GTS 2024 (the 2023-12-12 session is out): 7 examinations, 3 new requests, 4 reviews
    "gts_situations_examinees": 7,
    "gts_nouvelles_demandes": 3,
    "gts_bilans": 4,
    "gts_arrets_valides": 2,  # M1 Arrêt, M3 Clôture
    "gts_renouvellements": 1,  # M2
    "gts_diagnostics_demandes": 1,  # D08
    "gts_complements_demandes": 1,  # M4
    # closures: M1, M2, M3, M5, M7 (M4, M8 ongoing; M6 is a diagnostic)
    "mesures_cloturees": 5,
    "duree_moyenne_mois": (M1 + M2 + M3 + M5 + M7) / 5 / MONTH,
    "mutualisations": 2,  # 2024-04-01 and 2024-02-10; 2023-10-01 is out
    "etp_total": 6.0,
    "demandes_evaluation_conjointe_renseignee": 4,  # D01 Oui, D02 Non, D03 Faite, D05 Pas faite (D06 unknown)
}

# id -> (value, numerator, denominator)
EXPECTED_SHARES: dict[str, tuple[float, float, float]] = {
    "evolution_commandes_assll_pct": (50.0, 2, 4),  # 6 vs 4
    "evolution_commandes_diagnostic_pct": (-25.0, -1, 4),  # 3 vs 4
    # Grand Cognac D01, D02, D07 (by code) + Grand Angoulême D06; Paris (D05) and empty (D09) stay below
    "part_commandes_agglomerations_pct": (100 * 4 / 9, 4, 9),
    "part_locataires_pct": (50.0, 3, 6),  # D01 privé, D02 HLM, D03 parc privé
    "part_parc_prive_parmi_locataires_pct": (100 * 2 / 3, 2, 3),
    "part_objectifs_atteints_pct": (50.0, 1, 2),  # M1 non atteints, M2 partiellement
    "part_travail_possible_instance_fsl_pct": (100 * 2 / 3, 2, 3),  # M1, M2 / M1, M2, M5
    "part_travail_possible_instance_gts_pct": (0.0, 0, 2),  # M3, M7
    "part_travail_non_possible_instance_gts_pct": (50.0, 1, 2),  # M3
    "part_travail_possible_fsl_aide_refusee_pct": (50.0, 1, 2),  # M2 / M2, M5
    "part_travail_possible_fsl_aide_accordee_pct": (100.0, 1, 1),  # M1
    "part_plus_12_mois_parmi_travail_possible_pct": (50.0, 1, 2),  # M2 (15 months) / M1, M2
    "part_moins_6_mois_parmi_travail_non_possible_pct": (50.0, 1, 2),  # M5 (4 months) / M3, M5
    "part_demandes_evaluation_conjointe_pct": (50.0, 2, 4),  # D01, D03 / D01, D02, D03, D05
}

EXPECTED_BREAKDOWNS: dict[str, tuple[list[str], dict[str, int]]] = {
    "commandes_assll_par_prescripteur": (
        PRESCRIPTEURS,
        breakdown(PRESCRIPTEURS, TRAVAILLEUR_SOCIAL=3, COMMISSION_FSL=1, GTS=1, BAILLEUR=1),
    ),
    "commandes_diagnostic_par_prescripteur": (
        PRESCRIPTEURS,
        breakdown(PRESCRIPTEURS, COMMISSION_FSL=1, GTS=1, NON_RECONNU=1),
    ),  # D09 « Mairie »
    "commandes_assll_par_groupe_dispositif": (
        GROUPES,
        breakdown(GROUPES, ACCES_MAINTIEN=2, ENERGIE_DETTES=2, HABITAT_DALO=1, NON_RENSEIGNE=1),
    ),  # D05 empty
    "commandes_par_epci": (
        EPCI,
        breakdown(
            EPCI,
            **{
                "200070514": 3,
                "200071827": 1,
                "200043016": 2,
                "200072023": 1,  # Villejésus -> Aigre
                "NON_RECONNU": 1,
                "NON_RENSEIGNE": 1,
            },
        ),
    ),
    "commandes_par_secteur": (SECTEURS, breakdown(SECTEURS, Cognac=5, **{"Ruffécois": 4})),
    "commandes_par_tas": (TAS, breakdown(TAS, **{"Ouest Charente": 5, "Nord Charente": 4})),
    "commandes_assll_par_statut_occupation": (
        STATUTS,
        breakdown(STATUTS, LOCATAIRE_PRIVE=2, LOCATAIRE_PUBLIC=1, PROPRIETAIRE=1, HEBERGE=1, NON_RENSEIGNE=1),
    ),
    "commandes_assll_par_objectif": (
        OBJECTIFS,
        breakdown(OBJECTIFS, BUDGET=3, PREVENTION_EXPULSION=1, APPROPRIATION=1, NON_RENSEIGNE=1),
    ),
    # refusals by year of decision: D04 (2024-05-02) and A23-2 (2024-01-10); D06 is decided in 2025
    "refus_par_motif": (MOTIFS_REFUS, breakdown(MOTIFS_REFUS, DALO=1, MASP=1)),
    "mesures_cloturees_par_motif": (
        MOTIFS_ARRET,
        breakdown(MOTIFS_ARRET, TRAVAIL_POSSIBLE=2, TRAVAIL_NON_POSSIBLE=2, LIMITES_INTERVENTION=1),
    ),
}

EXPECTED_SCALARS["mesures_en_cours_fin_annee"] = 1  # M4 (M8 is a diagnostic; M1-M3, M5, M7 ended in 2024)
EXPECTED_SCALARS["mesures_debutees"] = 3  # M1, M4, M5 (M6 and M8 are diagnostics; M2, M3, M7 began in 2023)

INSTANCES = ["COMMISSION_FSL", "GTS", "CCAPEX"]
OBJETS = ["NOUVELLE_DEMANDE", "BILAN", "RETOUR_DIAGNOSTIC", "COMPLEMENT"]
DECISIONS_GTS = ["ACCORD", "REFUS", "RENOUVELLEMENT", "ARRET", "DIAGNOSTIC", "COMPLEMENT", "AJOURNEMENT"]
RESULTATS = ["ATTEINTS", "PARTIELLEMENT_ATTEINTS", "NON_ATTEINTS"]
_COMMUNES_CSV = Path(__file__).resolve().parents[1] / "data" / "reference" / "charente_communes.csv"
with _COMMUNES_CSV.open(encoding="utf-8") as _fh:
    COMMUNES = sorted(row["code_insee"] for row in csv.DictReader(_fh))

EXPECTED_BREAKDOWNS |= {
    # Cognac 16102 (D01, D02, D07), Ruffec 16292 (D03, D04), Angoulême (D06), Villejésus -> Aigre 16005 (D08)
    "commandes_par_commune": (
        COMMUNES,
        breakdown(COMMUNES, **{"16102": 3, "16292": 2, "16015": 1, "16005": 1, "NON_RECONNU": 1, "NON_RENSEIGNE": 1}),
    ),
    "commandes_assll_par_instance": (INSTANCES, breakdown(INSTANCES, COMMISSION_FSL=3, GTS=2, CCAPEX=1)),
    "commandes_diagnostic_par_groupe_dispositif": (GROUPES, breakdown(GROUPES, NON_RENSEIGNE=3)),
    "gts_par_objet": (OBJETS, breakdown(OBJETS, NOUVELLE_DEMANDE=3, BILAN=4)),
    "gts_par_decision": (
        DECISIONS_GTS,
        breakdown(DECISIONS_GTS, ACCORD=1, REFUS=1, DIAGNOSTIC=1, RENOUVELLEMENT=1, ARRET=2, COMPLEMENT=1),
    ),
    "mesures_cloturees_par_resultat": (RESULTATS, breakdown(RESULTATS, NON_ATTEINTS=1, PARTIELLEMENT_ATTEINTS=1)),
    # M5 4.0 months (TNP); M1 7.5 (TP); M2 15.0 (TP), M3 14.0 (TNP), M7 12.6 (limits)
    "clotures_moins_6_mois_par_motif": (MOTIFS_ARRET, breakdown(MOTIFS_ARRET, TRAVAIL_NON_POSSIBLE=1)),
    "clotures_6_12_mois_par_motif": (MOTIFS_ARRET, breakdown(MOTIFS_ARRET, TRAVAIL_POSSIBLE=1)),
    "clotures_plus_12_mois_par_motif": (
        MOTIFS_ARRET,
        breakdown(MOTIFS_ARRET, TRAVAIL_POSSIBLE=1, TRAVAIL_NON_POSSIBLE=1, LIMITES_INTERVENTION=1),
    ),
    "etp_par_secteur": (SECTEURS, ETP),
    "mutualisations_par_secteur_origine": (SECTEURS, breakdown(SECTEURS, **{"Ruffécois": 1, "Sud-Charente": 1})),
    "mutualisations_par_secteur_accueil": (SECTEURS, breakdown(SECTEURS, Cognac=2)),
}

AT_DATE_IDS = ("commandes_en_attente_par_secteur", "mesures_en_cours_par_secteur", "charge_par_etp_par_secteur")


@pytest.mark.parametrize("ind_id", list(EXPECTED_SCALARS))
def test_scalar(values: dict[str, IndicatorValue], ind_id: str) -> None:
    assert values[ind_id].value == pytest.approx(EXPECTED_SCALARS[ind_id])


def test_mean_duration_detail(values: dict[str, IndicatorValue]) -> None:
    got = values["duree_moyenne_mois"]
    assert got.value == pytest.approx(1617 / 5 / 30.4375)
    assert (got.numerator, got.denominator) == (M1 + M2 + M3 + M5 + M7, 5) == (1617, 5)


@pytest.mark.parametrize("ind_id", list(EXPECTED_SHARES))
def test_share(values: dict[str, IndicatorValue], ind_id: str) -> None:
    value, numerator, denominator = EXPECTED_SHARES[ind_id]
    got = values[ind_id]
    assert got.value == pytest.approx(value)
    assert (got.numerator, got.denominator) == (numerator, denominator)


@pytest.mark.parametrize("ind_id", list(EXPECTED_BREAKDOWNS))
def test_breakdown(values: dict[str, IndicatorValue], ind_id: str) -> None:
    canonical, expected = EXPECTED_BREAKDOWNS[ind_id]
    assert_breakdown(values[ind_id], canonical, expected)


EXPECTED_SHARES |= {
    # prescripteurs of the 2024 ASSLL requests: TS D01, D02, D05; FSL D03, GTS D04, bailleur D06
    "part_assll_travailleurs_sociaux_pct": (50.0, 3, 6),
    # 2024 diagnostics D07 (FSL), D08 (GTS), D09 (« Mairie », NON_RECONNU, kept in the denominator)
    "part_diagnostics_commissions_fsl_pct": (100 / 3, 1, 3),
}
EXPECTED_SHARES["part_travail_possible_pct"] = (40.0, 2, 5)  # M1, M2 / M1, M2, M3, M5, M7
