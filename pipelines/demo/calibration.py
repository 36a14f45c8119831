"""Calibration of the demo data: the published figures, the building plan, and `check`.

`check(records)` recomputes, from the clean records alone, every indicator of
INDICATORS.md that `published_figures.csv` pins (plus the 2023 closure-motif shares the
2024 report quotes), with the catalogue's definitions, and lists what misses its target.
It is independent of the pipeline on purpose: the pipeline is judged against it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from pipelines.demo import referentiel
from pipelines.demo.records import ASSLL, CCAPEX, DIAGNOSTIC, FSL, GTS, LI, NON_RECONNU, NON_RENSEIGNE, TNP, TP, Records

MOIS = 30.4375

# --- the published figures (shared/spec/published_figures.csv, copied so the demo is
# self-contained; a test checks the copy against the shared file when it is present) ---
PUBLISHED_FIGURES: list[tuple[str, int, str, float, float]] = [
    ("commandes_assll", 2023, "", 152, 0),
    ("commandes_assll", 2024, "", 173, 0),
    ("commandes_diagnostic", 2023, "", 112, 0),
    ("commandes_diagnostic", 2024, "", 64, 0),
    ("commandes_total", 2023, "", 264, 0),
    ("commandes_total", 2024, "", 237, 0),
    ("evolution_commandes_assll_pct", 2024, "", 13.8, 0.05),
    ("evolution_commandes_diagnostic_pct", 2024, "", -42.9, 0.05),
    ("commandes_assll_par_prescripteur", 2023, "TRAVAILLEUR_SOCIAL", 109, 0),
    ("commandes_assll_par_prescripteur", 2023, "COMMISSION_FSL", 43, 0),
    ("commandes_assll_par_prescripteur", 2024, "TRAVAILLEUR_SOCIAL", 135, 0),
    ("commandes_assll_par_prescripteur", 2024, "COMMISSION_FSL", 38, 0),
    ("commandes_diagnostic_par_prescripteur", 2023, "COMMISSION_FSL", 83, 0),
    ("commandes_diagnostic_par_prescripteur", 2023, "TRAVAILLEUR_SOCIAL", 10, 0),
    ("commandes_diagnostic_par_prescripteur", 2023, "GTS", 19, 0),
    ("commandes_diagnostic_par_prescripteur", 2024, "COMMISSION_FSL", 57, 0),
    ("commandes_diagnostic_par_prescripteur", 2024, "TRAVAILLEUR_SOCIAL", 0, 0),
    ("commandes_diagnostic_par_prescripteur", 2024, "GTS", 7, 0),
    ("commandes_assll_par_groupe_dispositif", 2023, "ACCES_MAINTIEN", 76, 0),
    ("commandes_assll_par_groupe_dispositif", 2023, "ENERGIE_DETTES", 55, 0),
    ("commandes_assll_par_groupe_dispositif", 2023, "HABITAT_DALO", 21, 0),
    ("commandes_assll_par_groupe_dispositif", 2024, "ACCES_MAINTIEN", 74, 0),
    ("commandes_assll_par_groupe_dispositif", 2024, "ENERGIE_DETTES", 54, 0),
    ("commandes_assll_par_groupe_dispositif", 2024, "HABITAT_DALO", 45, 0),
    ("part_commandes_agglomerations_pct", 2023, "", 58.7, 0.05),
    ("part_commandes_agglomerations_pct", 2024, "", 62.0, 0.05),
    ("commandes_par_secteur", 2023, "Angoulême Nord-Gond-Pontouvre", 20, 0),
    ("commandes_par_secteur", 2023, "Sud-Charente", 16, 0),
    ("commandes_par_secteur", 2024, "Angoulême Centre-Soyaux", 51, 0),
    ("commandes_par_secteur", 2024, "Angoulême Sud-La Couronne", 38, 0),
    ("commandes_par_secteur", 2024, "Cognac", 30, 0),
    ("commandes_par_secteur", 2024, "Ruffécois", 30, 0),
    ("commandes_par_secteur", 2024, "Angoulême Nord-Gond-Pontouvre", 17, 0),
    ("commandes_par_secteur", 2024, "Sud-Charente", 16, 0),
    ("commandes_assll_par_statut_occupation", 2023, "LOCATAIRE_PRIVE", 71, 0),
    ("commandes_assll_par_statut_occupation", 2023, "LOCATAIRE_PUBLIC", 49, 0),
    ("commandes_assll_par_statut_occupation", 2024, "LOCATAIRE_PRIVE", 86, 0),
    ("commandes_assll_par_statut_occupation", 2024, "LOCATAIRE_PUBLIC", 59, 0),
    ("part_locataires_pct", 2023, "", 78.9, 0.05),
    ("part_locataires_pct", 2024, "", 83.8, 0.05),
    ("part_parc_prive_parmi_locataires_pct", 2023, "", 59.2, 0.05),
    ("part_parc_prive_parmi_locataires_pct", 2024, "", 59.3, 0.05),
    ("commandes_assll_par_objectif", 2023, "BUDGET", 44, 0),
    ("commandes_assll_par_objectif", 2023, "PREVENTION_EXPULSION", 15, 0),
    ("commandes_assll_par_objectif", 2023, "APPROPRIATION", 29, 0),
    ("commandes_assll_par_objectif", 2024, "BUDGET", 54, 0),
    ("commandes_assll_par_objectif", 2024, "PREVENTION_EXPULSION", 33, 0),
    ("commandes_assll_par_objectif", 2024, "APPROPRIATION", 28, 0),
    ("gts_situations_examinees", 2024, "", 410, 0),
    ("gts_nouvelles_demandes", 2023, "", 95, 0),
    ("gts_nouvelles_demandes", 2024, "", 98, 0),
    ("gts_bilans", 2024, "", 288, 0),
    ("gts_arrets_valides", 2024, "", 162, 0),
    ("gts_renouvellements", 2024, "", 126, 0),
    ("gts_diagnostics_demandes", 2023, "", 19, 0),
    ("gts_diagnostics_demandes", 2024, "", 7, 0),
    ("gts_complements_demandes", 2023, "", 3, 0),
    ("gts_complements_demandes", 2024, "", 7, 0),
    ("refus_par_motif", 2024, "DALO", 4, 0),
    ("refus_par_motif", 2024, "AVDL", 3, 0),
    ("refus_par_motif", 2024, "MASP", 2, 0),
    ("refus_par_motif", 2024, "PREVENTION_EXPULSIONS", 2, 0),
    ("refus_par_motif", 2024, "AUTONOME", 2, 0),
    ("refus_par_motif", 2024, "FAAD", 1, 0),
    ("refus_par_motif", 2024, "IML", 1, 0),
    ("refus_par_motif", 2024, "SIAO", 1, 0),
    ("refus_par_motif", 2024, "MESURE_PROTECTION", 1, 0),
    ("mesures_cloturees", 2024, "", 188, 0),
    ("mesures_cloturees_par_motif", 2024, "TRAVAIL_POSSIBLE", 73, 0),
    ("mesures_cloturees_par_motif", 2024, "TRAVAIL_NON_POSSIBLE", 103, 0),
    ("mesures_cloturees_par_motif", 2024, "LIMITES_INTERVENTION", 12, 0),
    ("part_objectifs_atteints_pct", 2023, "", 89, 0.5),
    ("part_objectifs_atteints_pct", 2024, "", 84.9, 0.05),
    ("part_travail_possible_instance_fsl_pct", 2023, "", 48, 0.5),
    ("part_travail_possible_instance_fsl_pct", 2024, "", 30.3, 0.05),
    ("part_travail_possible_instance_gts_pct", 2024, "", 50.6, 0.05),
    ("part_travail_non_possible_instance_gts_pct", 2023, "", 47, 0.5),
    ("part_travail_non_possible_instance_gts_pct", 2024, "", 49.4, 0.05),
    ("part_travail_possible_fsl_aide_refusee_pct", 2024, "", 41.2, 0.05),
    ("part_travail_possible_fsl_aide_accordee_pct", 2024, "", 20.7, 0.05),
    ("duree_moyenne_mois", 2024, "", 6.9, 0.05),
    ("part_plus_12_mois_parmi_travail_possible_pct", 2023, "", 31, 0.5),
    ("part_plus_12_mois_parmi_travail_possible_pct", 2024, "", 35.6, 0.05),
    ("part_moins_6_mois_parmi_travail_non_possible_pct", 2020, "", 51, 0.5),
    ("part_moins_6_mois_parmi_travail_non_possible_pct", 2021, "", 51, 0.5),
    ("part_moins_6_mois_parmi_travail_non_possible_pct", 2022, "", 72, 0.5),
    ("part_moins_6_mois_parmi_travail_non_possible_pct", 2023, "", 72, 0.5),
    ("part_moins_6_mois_parmi_travail_non_possible_pct", 2024, "", 71.8, 0.05),
    ("mutualisations", 2024, "", 9, 0),
    ("etp_total", 2024, "", 6.0, 0),
]

# Figures the report quotes that published_figures.csv leaves out (2023 closure motif
# shares): the demo honours them too, under an id of our own.
EXTRA_FIGURES: list[tuple[str, int, str, float, float]] = [
    ("parts_mesures_cloturees_par_motif_pct", 2023, TP, 46, 0.5),
    ("parts_mesures_cloturees_par_motif_pct", 2023, TNP, 48, 0.5),
    ("parts_mesures_cloturees_par_motif_pct", 2023, LI, 6, 0.5),
]

# --------------------------------------------------------------------------------------
# Building plan. Exact where a figure is published; plausible trends elsewhere.
# --------------------------------------------------------------------------------------

# (ASSLL, DIAGNOSTIC) requests by year of date_demande.
REQUESTS: dict[int, tuple[int, int]] = {
    2014: (158, 38),
    2015: (166, 45),
    2016: (171, 52),
    2017: (184, 60),
    2018: (177, 71),
    2019: (189, 79),
    2020: (161, 66),
    2021: (190, 94),
    2022: (205, 103),
    2023: (152, 112),
    2024: (173, 64),
    2025: (186, 58),
}

# Diagnostics asked by the GTS (decision_gts DIAGNOSTIC at a NOUVELLE_DEMANDE), by
# year of the meeting; each one is a DIAGNOSTIC request with prescripteur GTS.
GTS_DIAGNOSTICS: dict[int, int] = {
    2014: 6,
    2015: 8,
    2016: 9,
    2017: 11,
    2018: 12,
    2019: 14,
    2020: 12,
    2021: 15,
    2022: 17,
    2023: 19,
    2024: 7,
    2025: 6,
}
GTS_COMPLEMENTS: dict[int, int] = {
    2014: 2,
    2015: 3,
    2016: 2,
    2017: 4,
    2018: 3,
    2019: 5,
    2020: 4,
    2021: 4,
    2022: 2,
    2023: 3,
    2024: 7,
    2025: 5,
}
# Diagnostics prescribed by a social worker; the rest (of REQUESTS - GTS) by the FSL.
TS_DIAGNOSTICS: dict[int, int] = {
    2014: 14,
    2015: 15,
    2016: 16,
    2017: 17,
    2018: 19,
    2019: 20,
    2020: 16,
    2021: 18,
    2022: 14,
    2023: 10,
    2024: 0,
    2025: 2,
}
# GTS examinations of new ASSLL requests (NOUVELLE_DEMANDE), by year of the meeting.
GTS_NOUVELLES_DEMANDES: dict[int, int] = {2023: 95, 2024: 98}
# Share of social-worker requests examined in GTS (the rest goes with an aid to the FSL).
PART_TS_EN_GTS: dict[int, float] = {
    2014: 0.72,
    2015: 0.72,
    2016: 0.7,
    2017: 0.7,
    2018: 0.7,
    2019: 0.68,
    2020: 0.62,
    2021: 0.55,
    2022: 0.55,
    2023: 0.87,
    2024: 0.73,
    2025: 0.7,
}

# Exact per-year breakdowns of ASSLL requests (2023, 2024); other years use weights.
PRESCRIPTEURS_ASSLL: dict[int, dict[str, int]] = {
    2023: {"TRAVAILLEUR_SOCIAL": 109, "COMMISSION_FSL": 43},
    2024: {"TRAVAILLEUR_SOCIAL": 135, "COMMISSION_FSL": 38},
}
PRESCRIPTEURS_DIAG: dict[int, dict[str, int]] = {
    2023: {"COMMISSION_FSL": 83, "TRAVAILLEUR_SOCIAL": 10},  # + 19 GTS
    2024: {"COMMISSION_FSL": 57, "TRAVAILLEUR_SOCIAL": 0},  # + 7 GTS
}
DISPOSITIFS_ASSLL: dict[int, dict[str, int]] = {
    2023: {
        "ACCES": 31,
        "MAINTIEN": 45,
        "ENERGIE": 38,
        "DETTES_MULTIPLES": 17,
        "PIG_INSALUBRITE": 8,
        "DIOGENE": 6,
        "DALO": 7,
    },
    2024: {
        "ACCES": 30,
        "MAINTIEN": 44,
        "ENERGIE": 36,
        "DETTES_MULTIPLES": 18,
        "PIG_INSALUBRITE": 17,
        "DIOGENE": 13,
        "DALO": 15,
    },
}
GROUPES_DISPOSITIF = {
    "ACCES": "ACCES_MAINTIEN",
    "MAINTIEN": "ACCES_MAINTIEN",
    "ENERGIE": "ENERGIE_DETTES",
    "DETTES_MULTIPLES": "ENERGIE_DETTES",
    "PIG_INSALUBRITE": "HABITAT_DALO",
    "DIOGENE": "HABITAT_DALO",
    "DALO": "HABITAT_DALO",
}
# All requests (ASSLL + diagnostics) by sector.
SECTEURS_TOUTES: dict[int, dict[str, int]] = {
    2023: {
        "Angoulême Centre-Soyaux": 58,
        "Angoulême Nord-Gond-Pontouvre": 20,
        "Angoulême Sud-La Couronne": 44,
        "Cognac": 37,
        "Ruffécois": 32,
        "Charente Limousine": 30,
        "Horte et Tardoire": 27,
        "Sud-Charente": 16,
    },
    2024: {
        "Angoulême Centre-Soyaux": 51,
        "Angoulême Nord-Gond-Pontouvre": 17,
        "Angoulême Sud-La Couronne": 38,
        "Cognac": 30,
        "Ruffécois": 30,
        "Charente Limousine": 28,
        "Horte et Tardoire": 27,
        "Sud-Charente": 16,
    },
}
# Requests (all kinds) in CA du Grand Angoulême + CA du Grand Cognac.
AGGLOMERATIONS: dict[int, int] = {2023: 155, 2024: 147}
# ASSLL requests by occupancy status (NON_RECONNU: a "Colocation" cell).
STATUTS_ASSLL: dict[int, dict[str, int]] = {
    2023: {
        "LOCATAIRE_PRIVE": 71,
        "LOCATAIRE_PUBLIC": 49,
        "PROPRIETAIRE": 8,
        "HEBERGE": 12,
        "SANS_LOGEMENT": 4,
        "AUTRE": 6,
        NON_RECONNU: 1,
        NON_RENSEIGNE: 1,
    },
    2024: {
        "LOCATAIRE_PRIVE": 86,
        "LOCATAIRE_PUBLIC": 59,
        "PROPRIETAIRE": 7,
        "HEBERGE": 11,
        "SANS_LOGEMENT": 3,
        "AUTRE": 5,
        NON_RECONNU: 1,
        NON_RENSEIGNE: 1,
    },
}
# ASSLL requests by main objective (NON_RECONNU: an unknown first objective).
OBJECTIFS_ASSLL: dict[int, dict[str, int]] = {
    2023: {
        "BUDGET": 44,
        "PREVENTION_EXPULSION": 15,
        "APPROPRIATION": 29,
        "PROJET_LOGEMENT": 18,
        "INSTALLATION": 12,
        "ENTRETIEN": 12,
        "INTEGRATION": 5,
        "DETTES": 14,
        NON_RECONNU: 1,
        NON_RENSEIGNE: 2,
    },
    2024: {
        "BUDGET": 54,
        "PREVENTION_EXPULSION": 33,
        "APPROPRIATION": 28,
        "PROJET_LOGEMENT": 16,
        "INSTALLATION": 11,
        "ENTRETIEN": 11,
        "INTEGRATION": 4,
        "DETTES": 14,
        NON_RECONNU: 1,
        NON_RENSEIGNE: 1,
    },
}
# ASSLL refusals by year of decision and motif.
REFUS: dict[int, dict[str, int]] = {
    2024: {
        "DALO": 4,
        "AVDL": 3,
        "MASP": 2,
        "PREVENTION_EXPULSIONS": 2,
        "AUTONOME": 2,
        "FAAD": 1,
        "IML": 1,
        "SIAO": 1,
        "MESURE_PROTECTION": 1,
    },
}
MUTUALISATIONS: dict[int, int] = {
    2014: 4,
    2015: 6,
    2016: 5,
    2017: 8,
    2018: 7,
    2019: 10,
    2020: 6,
    2021: 11,
    2022: 12,
    2023: 10,
    2024: 9,
    2025: 8,
}
# GTS bilans: (ARRET, RENOUVELLEMENT) pinned for 2024; "others" = RETOUR_DIAGNOSTIC +
# COMPLEMENT examinations.
GTS_BILANS: dict[int, tuple[int, int]] = {2024: (162, 126)}
GTS_AUTRES: dict[int, int] = {2024: 24}

# Duration classes used to build the closures (days, kept clear of the strict
# 6- and 12-month thresholds so a day's difference in a pipeline cannot flip them).
DUREES = {
    "TP_LONG": (372, 900),  # > 12 months
    "TP_COURT": (40, 358),  # <= 12 months
    "TNP_COURT": (21, 176),  # < 6 months
    "TNP_LONG": (190, 720),  # >= 6 months
    "LI": (90, 800),
}
# Closures of ASSLL measures of the pinned years, as cells (instance, aide_financiere or
# None = keep the request's, motif, duration class) -> count. Instances absent from a
# year's cells close nothing that year. 2023: 66 FSL / 110 GTS / 4 CCAPEX (shares of the
# report within ±0.5); 2024: the report's exact counts.
CLOSURE_CELLS: dict[int, dict[tuple[str, str | None, str, str], int]] = {
    2023: {
        (FSL, None, TP, "TP_LONG"): 10,
        (FSL, None, TP, "TP_COURT"): 22,
        (FSL, None, TNP, "TNP_COURT"): 23,
        (FSL, None, TNP, "TNP_LONG"): 9,
        (FSL, None, LI, "LI"): 2,
        (GTS, None, TP, "TP_LONG"): 15,
        (GTS, None, TP, "TP_COURT"): 34,
        (GTS, None, TNP, "TNP_COURT"): 38,
        (GTS, None, TNP, "TNP_LONG"): 14,
        (GTS, None, LI, "LI"): 9,
        (CCAPEX, None, TP, "TP_LONG"): 1,
        (CCAPEX, None, TP, "TP_COURT"): 1,
        (CCAPEX, None, TNP, "TNP_COURT"): 1,
        (CCAPEX, None, TNP, "TNP_LONG"): 1,
    },
    2024: {
        (FSL, "REFUSEE", TP, "TP_LONG"): 7,
        (FSL, "REFUSEE", TP, "TP_COURT"): 14,
        (FSL, "REFUSEE", TNP, "TNP_COURT"): 18,
        (FSL, "REFUSEE", TNP, "TNP_LONG"): 7,
        (FSL, "REFUSEE", LI, "LI"): 5,
        (FSL, "ACCORDEE", TP, "TP_LONG"): 4,
        (FSL, "ACCORDEE", TP, "TP_COURT"): 8,
        (FSL, "ACCORDEE", TNP, "TNP_COURT"): 28,
        (FSL, "ACCORDEE", TNP, "TNP_LONG"): 11,
        (FSL, "ACCORDEE", LI, "LI"): 7,
        (GTS, "SANS", TP, "TP_LONG"): 15,
        (GTS, "SANS", TP, "TP_COURT"): 25,
        (GTS, "SANS", TNP, "TNP_COURT"): 28,
        (GTS, "SANS", TNP, "TNP_LONG"): 11,
    },
}
# Results of the TRAVAIL_POSSIBLE closures: (ATTEINTS, PARTIELLEMENT, NON_ATTEINTS, empty).
RESULTATS: dict[int, tuple[int, int, int, int]] = {2023: (45, 29, 9, 0), 2024: (37, 25, 10, 1)}
DUREE_MOYENNE_MOIS: dict[int, float] = {2024: 6.9}
# Share (%) of TRAVAIL_NON_POSSIBLE closures under 6 months, where only the share is pinned.
PART_TNP_COURT: dict[int, float] = {2020: 51, 2021: 51, 2022: 72}
# Share of closures labelled TRAVAIL_NON_POSSIBLE in those years.
PART_TNP: dict[int, float] = {2020: 0.42, 2021: 0.44, 2022: 0.47}

# Measures in progress wanted at the end of 2025, by sector of the social worker.
EN_COURS_FIN_2025 = (12, 25)


# --------------------------------------------------------------------------------------
# Indicators from clean records (INDICATORS.md definitions)
# --------------------------------------------------------------------------------------


def _pct(num: int, den: int) -> float | None:
    return None if den == 0 else 100.0 * num / den


def _breakdown(values: Iterable[str], keys: Iterable[str]) -> dict[str, int]:
    counts = Counter(values)
    out = {k: 0 for k in keys}
    out.update(counts)
    return out


def indicateurs(records: Records, annee: int) -> dict[str, object]:
    """Every figure of the catalogue needed by the calibration, for one year."""
    ref = referentiel.load()
    demandes = [d for d in records.demandes if d.date_demande.year == annee]
    assll = [d for d in demandes if d.type_mesure == ASSLL]
    diags = [d for d in demandes if d.type_mesure == DIAGNOSTIC]
    previous = [d for d in records.demandes if d.date_demande.year == annee - 1]
    prev_assll = sum(d.type_mesure == ASSLL for d in previous)
    prev_diag = sum(d.type_mesure == DIAGNOSTIC for d in previous)
    out: dict[str, object] = {
        "commandes_assll": len(assll),
        "commandes_diagnostic": len(diags),
        "commandes_total": len(demandes),
        "evolution_commandes_assll_pct": (None if prev_assll == 0 else 100.0 * (len(assll) - prev_assll) / prev_assll),
        "evolution_commandes_diagnostic_pct": (
            None if prev_diag == 0 else 100.0 * (len(diags) - prev_diag) / prev_diag
        ),
    }
    prescripteurs = ref.canonical_values("prescripteur")
    out["commandes_assll_par_prescripteur"] = _breakdown((d.prescripteur for d in assll), prescripteurs)
    out["commandes_diagnostic_par_prescripteur"] = _breakdown((d.prescripteur for d in diags), prescripteurs)
    out["commandes_assll_par_groupe_dispositif"] = _breakdown(
        (GROUPES_DISPOSITIF.get(d.dispositif, d.dispositif) for d in assll),
        ["ACCES_MAINTIEN", "ENERGIE_DETTES", "HABITAT_DALO"],
    )
    agglo = sum(ref.is_agglo(d.code_insee) for d in demandes)
    out["part_commandes_agglomerations_pct"] = _pct(agglo, len(demandes))
    out["commandes_par_secteur"] = _breakdown((d.secteur for d in demandes), ref.secteurs)
    out["commandes_par_tas"] = _breakdown(
        (ref.tas_of_secteur.get(d.secteur, NON_RECONNU) for d in demandes),
        list(dict.fromkeys(ref.tas_of_secteur.values())),
    )
    statuts = _breakdown((d.statut_occupation for d in assll), ref.canonical_values("statut_occupation"))
    out["commandes_assll_par_statut_occupation"] = statuts
    locataires = statuts["LOCATAIRE_PRIVE"] + statuts["LOCATAIRE_PUBLIC"]
    out["part_locataires_pct"] = _pct(locataires, len(assll))
    out["part_parc_prive_parmi_locataires_pct"] = _pct(statuts["LOCATAIRE_PRIVE"], locataires)
    out["commandes_assll_par_objectif"] = _breakdown((d.objectif for d in assll), ref.canonical_values("objectif"))

    passages = [p for p in records.passages if p.date_seance.year == annee]
    out["gts_situations_examinees"] = len(passages)
    out["gts_nouvelles_demandes"] = sum(p.objet == "NOUVELLE_DEMANDE" for p in passages)
    bilans = [p for p in passages if p.objet == "BILAN"]
    out["gts_bilans"] = len(bilans)
    out["gts_arrets_valides"] = sum(p.decision_gts == "ARRET" for p in bilans)
    out["gts_renouvellements"] = sum(p.decision_gts == "RENOUVELLEMENT" for p in bilans)
    out["gts_diagnostics_demandes"] = sum(p.decision_gts == "DIAGNOSTIC" for p in passages)
    out["gts_complements_demandes"] = sum(p.decision_gts == "COMPLEMENT" for p in passages)
    refus = [
        d
        for d in records.demandes
        if d.type_mesure == ASSLL
        and d.decision == "REFUS"
        and d.date_decision is not None
        and d.date_decision.year == annee
    ]
    out["refus_par_motif"] = _breakdown(
        (d.motif_refus or NON_RENSEIGNE for d in refus), ref.canonical_values("motif_refus")
    )

    closed = [
        m for m in records.mesures if m.date_fin is not None and m.date_fin.year == annee and m.type_mesure == ASSLL
    ]
    motifs = _breakdown((m.motif_arret or NON_RENSEIGNE for m in closed), [TP, TNP, LI])
    out["mesures_cloturees"] = len(closed)
    out["mesures_cloturees_par_motif"] = motifs
    out["parts_mesures_cloturees_par_motif_pct"] = {k: _pct(v, len(closed)) for k, v in motifs.items()}
    tp = [m for m in closed if m.motif_arret == TP]
    tnp = [m for m in closed if m.motif_arret == TNP]
    out["part_objectifs_atteints_pct"] = _pct(
        sum(m.resultat_objectifs in ("ATTEINTS", "PARTIELLEMENT_ATTEINTS") for m in tp), len(tp)
    )

    def share(motif: str, subset: list) -> float | None:
        return _pct(sum(m.motif_arret == motif for m in subset), len(subset))

    fsl = [m for m in closed if m.demande.instance == FSL]
    gts = [m for m in closed if m.demande.instance == GTS]
    out["part_travail_possible_instance_fsl_pct"] = share(TP, fsl)
    out["part_travail_possible_instance_gts_pct"] = share(TP, gts)
    out["part_travail_non_possible_instance_gts_pct"] = share(TNP, gts)
    out["part_travail_possible_fsl_aide_refusee_pct"] = share(
        TP, [m for m in fsl if m.demande.aide_financiere == "REFUSEE"]
    )
    out["part_travail_possible_fsl_aide_accordee_pct"] = share(
        TP, [m for m in fsl if m.demande.aide_financiere == "ACCORDEE"]
    )
    out["duree_moyenne_mois"] = None if not closed else sum(m.duree_jours for m in closed) / len(closed) / MOIS
    out["part_plus_12_mois_parmi_travail_possible_pct"] = _pct(sum(m.duree_jours / MOIS > 12 for m in tp), len(tp))
    out["part_moins_6_mois_parmi_travail_non_possible_pct"] = _pct(sum(m.duree_jours / MOIS < 6 for m in tnp), len(tnp))
    out["mutualisations"] = sum(m.date_mutualisation.year == annee for m in records.mutualisations)
    out["etp_total"] = round(sum(ref.etp.values()), 6)
    return out


def check(records: Records) -> list[str]:
    """Every published (and extra) figure the records miss, as readable lines."""
    cache: dict[int, dict[str, object]] = {}
    mismatches: list[str] = []
    for ident, annee, cle, valeur, tolerance in PUBLISHED_FIGURES + EXTRA_FIGURES:
        if annee not in cache:
            cache[annee] = indicateurs(records, annee)
        got = cache[annee].get(ident)
        if cle:
            got = got.get(cle, 0) if isinstance(got, dict) else None
        if got is None or abs(float(got) - valeur) > tolerance + 1e-9:
            key = f" [{cle}]" if cle else ""
            mismatches.append(f"{annee} {ident}{key}: expected {valeur} ± {tolerance}, got {got}")
    mismatches.extend(_check_consistency(records))
    return mismatches


def _check_consistency(records: Records) -> list[str]:
    """Facts of the brief that are not figures: date bounds, ids, measures in progress."""
    problems: list[str] = []
    first, last = date(2014, 1, 1), date(2025, 12, 31)
    ids = [d.id_demande for d in records.demandes]
    if len(set(ids)) != len(ids):
        problems.append("duplicate id_demande among records")
    mids = [m.id_mesure for m in records.mesures]
    if len(set(mids)) != len(mids):
        problems.append("duplicate id_mesure among records")
    for d in records.demandes:
        for day in (d.date_demande, d.date_decision):
            if day is not None and not first <= day <= last:
                problems.append(f"request {d.id_demande} has a date out of 2014-2025: {day}")
        if d.date_decision is not None and d.date_decision < d.date_demande:
            problems.append(f"request {d.id_demande} decided before it was made")
    for m in records.mesures:
        if m.date_fin is not None and not (m.date_debut < m.date_fin <= last):
            problems.append(f"measure {m.id_mesure} has an impossible end {m.date_fin}")
        if m.date_debut < first and m.demande is not None:
            problems.append(f"measure {m.id_mesure} of a listed request starts before 2014")
    for p in records.passages:
        if not first <= p.date_seance <= last:
            problems.append(f"GTS examination out of 2014-2025: {p.date_seance}")
    for mu in records.mutualisations:
        if mu.secteur_origine == mu.secteur_accueil:
            problems.append(f"mutualisation of {mu.id_mesure} within one sector")
        if mu.mesure.secteur_intervenant != mu.secteur_accueil:
            problems.append(f"mutualised measure {mu.id_mesure} not run by the lending sector")
    return problems
