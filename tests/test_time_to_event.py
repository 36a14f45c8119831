"""The ten time-to-event indicators on the hand-computable folder of conftest.py (2024, D = 2024-12-31
unless said otherwise), their filters and as-of date, their output, diffusion and curves.

Cohort 1, ASSLL measures started in 2024: M1 (D01, 2024-02-15 -> 2024-09-30: 228 days, TRAVAIL_POSSIBLE),
M5 (D02, 2024-03-15 -> 2024-07-15: 122 days, TRAVAIL_NON_POSSIBLE), M4 (D03, from 2024-04-01, open:
censored at 274 days). M6 and M8 are diagnostics; M2, M3, M7 began in 2023.
Cohort 2, ASSLL requests accepted in 2024: D03 (2024-03-20 -> M4 2024-04-01: 12 days, Ruffécois), D01
(2024-02-01 -> M1 2024-02-15: 14, Cognac), D02 (2024-03-01 -> M5 2024-03-15: 14, « Grand Cognac » = Cognac),
D05 (no decision date: accepted on its request date 2024-06-20, no measure: censored at 194, Cognac).
Cohort 3, requests of 2024: decided D03 15 days, D07 16, D01 17, D02 20, D04 20; waiting D06 (refused
2025-01-10, after D: censored at 36), D09 (123), D08 (230); D05 (ACCORD without a date) is left out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from pipelines.cli.main import main
from pipelines.indicators import Filters, Indicators, IndicatorValue, load_catalogue
from pipelines.indicators.survival_curves import NO_EVENT, curves
from pipelines.published import Published, durees
from pipelines.published.durees import masked_curves

YEAR = 2024
MONTH = 30.4375
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
TIME_TO_EVENT_IDS = [i for i, d in load_catalogue().items() if d.time_to_event]

# id -> (value, numerator = events, denominator = subjects); a median by its "valeur".
EXPECTED: dict[str, tuple[object, int | None, int | None]] = {
    "mesures_debutees": (3, None, None),
    "mesures_debutees_en_cours": (1, None, None),  # M4
    # t=122: n=3 -> S = 2/3; t=228: n=2 -> S = 2/3 * 1/2 = 1/3 <= 0.5 -> median 228 days = 7.49 months
    "duree_mediane_km_mois": (228 / MONTH, 2, 3),
    "part_cloturees_6_mois_km_pct": (100 / 3, 1, 3),  # 1 - S(122) = 1/3
    "part_cloturees_12_mois_km_pct": (200 / 3, 2, 3),  # 1 - S(228) = 2/3
    # CI_TNP = S(122-) * 1/3 = 1/3 at 122; CI_TP = S(228-) * 1/2 = 2/3 * 1/2 = 1/3 at 228; with S = 1/3: 100 %
    "incidence_cumulee_12_mois_par_motif": (
        {"TRAVAIL_POSSIBLE": 100 / 3, "TRAVAIL_NON_POSSIBLE": 100 / 3, "LIMITES_INTERVENTION": 0.0},
        2,
        3,
    ),
    # t=12: n=4 -> 3/4; t=14: n=3, 2 events -> 3/4 * 1/3 = 1/4 -> median 14; share by 30 days 75 %
    "attente_debut_mediane_jours": (14, 3, 4),
    # Cognac: t=14: n=3, 2 events -> 1/3 -> 14; Ruffécois: one wait of 12 -> 12; other sectors: none
    "attente_debut_mediane_jours_par_secteur": ({s: None for s in SECTEURS} | {"Cognac": 14, "Ruffécois": 12}, 3, 4),
    "part_debutees_30_jours_km_pct": (75.0, 3, 4),
    # S: 15 -> 7/8, 16 -> 6/8, 17 -> 5/8, 20 (n=5, 2 events) -> 5/8 * 3/5 = 3/8 -> median 20
    "delai_decision_median_jours": (20, 5, 8),
}


@pytest.fixture(scope="module")
def indicators(indicator_warehouse: Path):
    ind = Indicators(indicator_warehouse)
    yield ind
    ind.close()


def median_of(value: object) -> object:
    if isinstance(value, dict) and "valeur" in value:
        return value["valeur"]
    if isinstance(value, dict):
        return {k: median_of(v) if isinstance(v, dict) else v for k, v in value.items()}
    return value


def test_every_time_to_event_id_is_expected_here() -> None:
    assert set(TIME_TO_EVENT_IDS) == set(EXPECTED)


@pytest.mark.parametrize("ind_id", list(EXPECTED))
def test_value(indicators: Indicators, ind_id: str) -> None:
    value, numerator, denominator = EXPECTED[ind_id]
    got = indicators.compute_all(YEAR)[ind_id]
    definition = load_catalogue()[ind_id]
    if definition.forme == "mediane" and not definition.domaine:
        assert set(got.value) == {"valeur", "borne_basse", "borne_haute"}
    assert median_of(got.value) == pytest.approx(value)
    assert (got.numerator, got.denominator) == (numerator, denominator)


def test_per_sector_subject_counts_are_in_details(indicators: Indicators) -> None:
    got = indicators.compute("attente_debut_mediane_jours_par_secteur", YEAR)
    assert list(got.value) == SECTEURS
    assert got.details == {s: (0, 0) for s in SECTEURS} | {"Cognac": (2, 3), "Ruffécois": (1, 1)}


@pytest.mark.parametrize(
    ("filters", "as_of", "ind_id", "expected"),
    [
        # Ruffécois: cohort 1 is M4 alone (open) -> no median, no closure
        (Filters(secteurs=("Ruffécois",)), None, "mesures_debutees", 1),
        (Filters(secteurs=("Ruffécois",)), None, "duree_mediane_km_mois", None),
        (Filters(secteurs=("Ruffécois",)), None, "part_cloturees_6_mois_km_pct", 0.0),
        # Ruffécois requests: D03 15 (event), D04 20 (event), D09 123, D08 230 (waiting):
        # S(15) = 3/4, S(20) = 3/4 * 2/3 = 1/2 exactly -> median 20
        (Filters(secteurs=("Ruffécois",)), None, "delai_decision_median_jours", 20),
        (Filters(types=("DIAGNOSTIC",)), None, "mesures_debutees", 0),  # M6, M8 are diagnostics
        (Filters(instances=("COMMISSION_FSL",)), None, "attente_debut_mediane_jours", 14),  # D01, D02, D05
        # At 2024-06-30 M1 and M5 are still open: 3 measures, all censored
        (Filters(), dt.date(2024, 6, 30), "mesures_debutees_en_cours", 3),
        (Filters(), dt.date(2024, 6, 30), "duree_mediane_km_mois", None),
        # At 2024-03-31 M4 (from 2024-04-01) has not started yet: M1 and M5 only
        (Filters(), dt.date(2024, 3, 31), "mesures_debutees", 2),
        # At 2024-03-31: D03 15, D07 16, D01 17, D02 20 (D04 not requested yet): S(16) = 2/4 -> 16
        (Filters(), dt.date(2024, 3, 31), "delai_decision_median_jours", 16),
        # At 2024-06-30: D05 (accepted 2024-06-20) censored at 10, before the first event at 12:
        # S(12) = 2/3 (n=3), S(14) = 0 -> every accepted request started within 30 days
        (Filters(), dt.date(2024, 6, 30), "part_debutees_30_jours_km_pct", 100.0),
    ],
    ids=[
        "secteur-debutees",
        "secteur-mediane",
        "secteur-part",
        "secteur-decision-0.5",
        "type",
        "instance",
        "as-of-en-cours",
        "as-of-mediane",
        "as-of-debut-apres",
        "as-of-decision",
        "as-of-attente",
    ],
)
def test_filters_and_as_of(
    indicators: Indicators, filters: Filters, as_of: dt.date | None, ind_id: str, expected: object
) -> None:
    got = indicators.compute(ind_id, YEAR, filters=filters, as_of=as_of)
    assert median_of(got.value) == (None if expected is None else pytest.approx(expected))


def test_compute_alone_equals_compute_all(indicators: Indicators) -> None:
    together = indicators.compute_all(YEAR, ids=TIME_TO_EVENT_IDS)
    for ind_id in TIME_TO_EVENT_IDS:
        assert indicators.compute(ind_id, YEAR) == together[ind_id]


# --- diffusion ------------------------------------------------------------------------------


def test_diffusion_masks_small_counts_and_medians(indicators: Indicators) -> None:
    pub = Published.of(indicators, diffusion_on=True)
    assert pub.value("mesures_debutees", YEAR).masked  # 3 measures: « < 5 »
    assert pub.value("mesures_debutees_en_cours", YEAR).masked  # 1
    assert pub.value("duree_mediane_km_mois", YEAR).masked  # 3 subjects
    assert pub.value("part_cloturees_12_mois_km_pct", YEAR).masked  # 2 events of 3 measures
    # Cognac (3 subjects) and Ruffécois (1) are masked; sectors without subject are null anyway
    by_sector = durees.medians_by(pub, "attente_debut_mediane_jours_par_secteur", YEAR)
    assert {s: f.value for s, f in by_sector.items()} == {s: None for s in SECTEURS}
    assert by_sector["Cognac"].masked and by_sector["Ruffécois"].masked


def test_diffusion_keeps_a_median_on_five_subjects() -> None:
    median = {"valeur": 30.0, "borne_basse": 20.0, "borne_haute": 40.0}
    by_sector = "attente_debut_mediane_jours_par_secteur"
    given = {
        (by_sector, 2024): IndicatorValue(
            by_sector,
            {"Cognac": median, "Ruffécois": median, "Sud-Charente": None},
            8,
            9,
            {"Cognac": (4, 5), "Ruffécois": (4, 4), "Sud-Charente": (0, 0)},
        ),
        ("attente_debut_mediane_jours", 2024): IndicatorValue("attente_debut_mediane_jours", median, 5, 5),
        ("attente_debut_mediane_jours", 2023): IndicatorValue("attente_debut_mediane_jours", median, 4, 4),
        ("mesures_debutees", 2024): IndicatorValue("mesures_debutees", 12),
        ("mesures_debutees", 2023): IndicatorValue("mesures_debutees", 4),
    }
    catalogue = load_catalogue()
    pub = Published(lambda i, y, d: given[(i, y)], catalogue.__getitem__, diffusion_on=True)
    assert {k: f.value for k, f in durees.medians_by(pub, by_sector, 2024).items()} == {
        "Cognac": 30.0,
        "Ruffécois": None,
        "Sud-Charente": None,
    }
    assert pub.value("attente_debut_mediane_jours", 2024).value == 30.0
    assert pub.value("attente_debut_mediane_jours", 2023).masked
    assert pub.value("mesures_debutees", 2024).value == 12
    assert pub.value("mesures_debutees", 2023).masked


# --- command line -----------------------------------------------------------------------------


def run_cli(warehouse: Path, capsys: pytest.CaptureFixture, *extra: str) -> str:
    args = ["indicators", "--year", "2024", "--warehouse", str(warehouse)]
    for ind_id in TIME_TO_EVENT_IDS:
        args += ["--indicateur", ind_id]
    code = main([*args, *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_cli_json(indicator_warehouse: Path, capsys: pytest.CaptureFixture) -> None:
    payload = json.loads(run_cli(indicator_warehouse, capsys, "--format", "json"))
    values = payload["indicateurs"]
    assert values["mesures_debutees"] == 3
    median = values["attente_debut_mediane_jours"]
    assert median["valeur"] == 14 and median["borne_basse"] == 12 and median["borne_haute"] is None
    assert values["attente_debut_mediane_jours_par_secteur"]["Sud-Charente"] is None
    assert values["attente_debut_mediane_jours_par_secteur"]["Cognac"]["valeur"] == 14
    assert payload["details"]["attente_debut_mediane_jours"] == {"evenements": 3, "sujets": 4}
    assert payload["details"]["attente_debut_mediane_jours_par_secteur"]["par_cle"]["Cognac"] == {
        "evenements": 2,
        "sujets": 3,
    }
    payload = json.loads(run_cli(indicator_warehouse, capsys, "--format", "json", "--as-of", "2024-06-30"))
    assert payload["indicateurs"]["duree_mediane_km_mois"] is None
    assert payload["indicateurs"]["mesures_debutees_en_cours"] == 3


def test_cli_csv(indicator_warehouse: Path, capsys: pytest.CaptureFixture) -> None:
    table = list(csv.reader(io.StringIO(run_cli(indicator_warehouse, capsys, "--format", "csv")), delimiter=";"))
    rows = {(r[0], r[2]): r[3:] for r in table[1:]}
    assert rows[("delai_decision_median_jours", "")] == ["20.0", "5", "8"]
    assert rows[("delai_decision_median_jours", "borne_basse")] == ["15.0", "", ""]
    assert rows[("attente_debut_mediane_jours_par_secteur", "Cognac")] == ["14.0", "2", "3"]
    assert rows[("attente_debut_mediane_jours_par_secteur", "Sud-Charente")] == ["", "0", "0"]
    assert rows[("part_debutees_30_jours_km_pct", "")] == ["75.0", "3", "4"]
    assert rows[("incidence_cumulee_12_mois_par_motif", "TRAVAIL_POSSIBLE")][1:] == ["1", "3"]


def test_cli_table_is_french(indicator_warehouse: Path, capsys: pytest.CaptureFixture) -> None:
    out = run_cli(indicator_warehouse, capsys)
    nbsp = "[\u00a0 ]"
    assert re.search(
        rf"Durée médiane des mesures \(Kaplan–Meier\) : 7,5{nbsp}mois \(intervalle de confiance à "
        rf"95{nbsp}% : au moins 4,0{nbsp}mois\)",
        out,
    ), out
    assert re.search(rf"Délai médian de décision : 20{nbsp}jours", out)
    assert re.search(
        rf"Mesures commencées dans les 30 jours suivant l'accord : 75,0{nbsp}% \(estimation sur 4 "
        r"suivis ; 3 observés dans le délai\)",
        out,
    )
    assert re.search(rf"Cognac : 14{nbsp}jours", out)
    assert re.search(rf"Travail possible : 33,3{nbsp}%", out)
    assert "valeur" not in out and "None" not in out and "borne" not in out
    out = run_cli(indicator_warehouse, capsys, "--secteur", "Ruffécois")
    assert "Durée médiane des mesures (Kaplan–Meier) : non atteinte" in out


# --- curves -------------------------------------------------------------------------------------


def test_curves_of_the_measures(indicators: Indicators) -> None:
    got = curves(indicators, "mesures_debutees", [YEAR], at=[0, 182.625, 365.25])
    assert got.resume.select("sujets", "evenements", "censures", "suivi_max_jours", "mediane_jours").row(0) == (
        3,
        2,
        1,
        274.0,
        228.0,
    )
    # step points: (0, 1), the two event times, then the longest follow-up (M4, 274 days)
    assert got.survie["jours"].to_list() == [0.0, 122.0, 228.0, 274.0]
    assert got.survie["survie"].to_list() == pytest.approx([1, 2 / 3, 1 / 3, 1 / 3])
    assert (got.survie["borne_basse"] <= got.survie["survie"]).all()
    assert (got.survie["borne_haute"] >= got.survie["survie"]).all()
    # at risk (time >= t): 3 at 0; M1 (228) and M4 (274) at 6 months; none at 12 months
    assert got.a_risque["a_risque"].to_list() == [3, 2, 0]
    at_274 = got.incidence.filter(got.incidence["jours"] == 274.0)
    by_cause = dict(zip(at_274["cause"].to_list(), at_274["incidence"].to_list(), strict=True))
    assert by_cause == pytest.approx({"TRAVAIL_NON_POSSIBLE": 1 / 3, "TRAVAIL_POSSIBLE": 1 / 3, NO_EVENT: 1 / 3})


def test_curves_by_sector_and_years(indicators: Indicators) -> None:
    got = curves(indicators, "attente_debut", [2023, YEAR], by="secteur", at=[0, 30])
    summary = got.resume.select("annee", "groupe", "sujets", "mediane_jours").rows()
    # 2023 accepted: A23-1 (Cognac, 2023-03-20 -> M2 2023-04-01: 12 days), A23-3 (Cognac, 2023-09-15 -> M3
    # 2023-10-01: 16), A23-4 (Ruffécois, 2023-11-20 -> M7 2023-12-01: 11). Cognac: S(12) = 1/2 -> 12.
    assert summary == [
        (2023, "Cognac", 2, 12.0),
        (2023, "Ruffécois", 1, 11.0),
        (YEAR, "Cognac", 3, 14.0),
        (YEAR, "Ruffécois", 1, 12.0),
    ]
    cognac = got.a_risque.filter((got.a_risque["annee"] == YEAR) & (got.a_risque["groupe"] == "Cognac"))
    assert cognac["a_risque"].to_list() == [3, 1]  # D05 is still waiting after 30 days


def test_curves_reject_unknown_names(indicators: Indicators) -> None:
    with pytest.raises(ValueError, match="cohorte inconnue"):
        curves(indicators, "durees", [YEAR])
    with pytest.raises(ValueError, match="regroupement inconnu"):
        curves(indicators, "mesures_debutees", [YEAR], by="epci")


def test_indicator_values_keep_their_contract(indicators: Indicators) -> None:
    got = indicators.compute("commandes_total", YEAR)
    assert got == IndicatorValue("commandes_total", 9)


def test_curves_for_diffusion(indicators: Indicators) -> None:
    got = masked_curves(curves(indicators, "delai_decision", [YEAR], at=[0, 16, 100]))
    # 8 requests (5 decided, 3 waiting): the group is published, its small counts are not
    assert got.resume.select("sujets", "evenements", "censures", "mediane_jours").row(0) == (8, 5, None, 20.0)
    # at risk (time >= t): 8 at 0; 7 at 16 (all but D03, decided at 15); 2 at 100 (D09, D08) -> « < 5 »
    assert got.a_risque["a_risque"].to_list() == [8, 7, None]
    assert got.survie.height == 6  # (0, 1), 15, 16, 17, 20, longest follow-up 230
    by_sector = masked_curves(curves(indicators, "attente_debut", [YEAR], by="secteur", at=[0]))
    # Cognac (3 requests) and Ruffécois (1): no median, no curve, no count
    assert by_sector.resume.select("groupe", "sujets", "mediane_jours").rows() == [
        ("Cognac", None, None),
        ("Ruffécois", None, None),
    ]
    assert by_sector.survie.is_empty() and by_sector.incidence.is_empty() and by_sector.a_risque.is_empty()
