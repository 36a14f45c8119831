"""The indicators of the hand-computable folder (conftest) at a date, for 2023, and under each filter: the sector
balance at two dates, a measure ending on the date, the 2023 values, one case per filter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines.indicators import Filters, Indicators, IndicatorValue
from tests.test_indicators import (
    AT_DATE_IDS,
    ETP,
    MOTIFS_REFUS,
    SECTEURS,
    YEAR,
    assert_breakdown,
    breakdown,
)


@pytest.fixture(scope="module")
def indicators(indicator_warehouse: Path):
    ind = Indicators(indicator_warehouse)
    yield ind
    ind.close()


@pytest.fixture(scope="module")
def values(indicators: Indicators) -> dict[str, IndicatorValue]:
    return indicators.compute_all(YEAR)


# --- sector balance at two dates -----------------------------------------------------------

# At 2024-12-31: waiting D05 (ACCORD, no decision date, requested 2024-06-20, no measure) -> Cognac;
# in progress M4 (secteur intervenant Cognac) and M8 (diagnostic of D08, Ruffécois).
# At 2024-03-31: waiting D03 (decided 2024-03-20, M4 starts 2024-04-01) -> Ruffécois; D05 not yet;
# in progress M1, M2, M5, M6 (diagnostic) -> Cognac; M3 (intervenant Ruffec), M7 (A23-4) -> Ruffécois.
# At 2024-02-10: waiting D01 (decided 2024-02-01, M1 starts 2024-02-15) but not the accepted diagnostic D07;
# in progress M2 -> Cognac; M3, M7 -> Ruffécois.
BALANCE = {
    dt.date(2024, 12, 31): ({"Cognac": 1}, {"Cognac": 1, "Ruffécois": 1}),
    dt.date(2024, 3, 31): ({"Ruffécois": 1}, {"Cognac": 4, "Ruffécois": 2}),
    dt.date(2024, 2, 10): ({"Cognac": 1}, {"Cognac": 1, "Ruffécois": 2}),
}


@pytest.mark.parametrize("as_of", list(BALANCE), ids=str)
def test_sector_balance(indicators: Indicators, as_of: dt.date) -> None:
    waiting, in_progress = BALANCE[as_of]
    got = indicators.compute_all(YEAR, as_of=as_of, ids=list(AT_DATE_IDS))
    assert_breakdown(got["commandes_en_attente_par_secteur"], SECTEURS, breakdown(SECTEURS, **waiting))
    assert_breakdown(got["mesures_en_cours_par_secteur"], SECTEURS, breakdown(SECTEURS, **in_progress))
    load = {s: (waiting.get(s, 0) + in_progress.get(s, 0)) / etp for s, etp in ETP.items()}
    assert_breakdown(got["charge_par_etp_par_secteur"], SECTEURS, load)
    details = got["charge_par_etp_par_secteur"].details
    for sector, etp in ETP.items():
        assert details[sector] == (waiting.get(sector, 0) + in_progress.get(sector, 0), pytest.approx(etp))


def test_sector_balance_defaults_to_31_december(indicators: Indicators, values: dict[str, IndicatorValue]) -> None:
    explicit = indicators.compute_all(YEAR, as_of=dt.date(2024, 12, 31), ids=list(AT_DATE_IDS))
    for ind_id in AT_DATE_IDS:
        assert values[ind_id].value == explicit[ind_id].value


def test_measure_ending_on_the_date_is_no_longer_in_progress(indicators: Indicators) -> None:
    # M1 ends 2024-09-30: in progress the day before, not on the day.
    before = indicators.compute("mesures_en_cours_par_secteur", YEAR, as_of=dt.date(2024, 9, 29)).value
    on_day = indicators.compute("mesures_en_cours_par_secteur", YEAR, as_of=dt.date(2024, 9, 30)).value
    assert before["Cognac"] - on_day["Cognac"] == 1


def test_2023_values(indicators: Indicators) -> None:
    got = indicators.compute_all(
        2023,
        ids=[
            "commandes_assll",
            "commandes_diagnostic",
            "gts_situations_examinees",
            "mesures_cloturees",
            "mutualisations",
            "refus_par_motif",
        ],
    )
    assert got["commandes_assll"].value == 4
    assert got["commandes_diagnostic"].value == 4
    assert got["gts_situations_examinees"].value == 1
    assert got["mesures_cloturees"].value == 0
    assert got["mutualisations"].value == 1
    assert_breakdown(got["refus_par_motif"], MOTIFS_REFUS, breakdown(MOTIFS_REFUS))


# --- one case per filter -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "ind_id", "expected"),
    [
        (Filters(secteurs=("Cognac",)), "commandes_total", 5),
        (Filters(secteurs=("Sud-Charente",)), "mutualisations", 1),  # origin or host sector
        (Filters(tas=("Nord Charente",)), "commandes_total", 4),
        (Filters(epci=("200070514",)), "commandes_total", 3),
        (Filters(types=("DIAGNOSTIC",)), "commandes_total", 3),
        (Filters(types=("DIAGNOSTIC",)), "mesures_cloturees", 0),
        (Filters(prescripteurs=("TRAVAILLEUR_SOCIAL",)), "commandes_assll", 3),
        (Filters(instances=("GTS",)), "mesures_cloturees", 2),  # M3, M7
        # passages linked to a GTS request directly (D03, D04, D08) or through its measure (M4, M3)
        (Filters(instances=("GTS",)), "gts_situations_examinees", 5),
        (Filters(secteurs=("Cognac",), types=("ASSLL",)), "commandes_total", 4),
    ],
    ids=[
        "secteur",
        "secteur-mutualisations",
        "tas",
        "epci",
        "type",
        "type-clotures",
        "prescripteur",
        "instance-clotures",
        "instance-gts",
        "secteur+type",
    ],
)
def test_filters(indicators: Indicators, filters: Filters, ind_id: str, expected: int) -> None:
    assert indicators.compute(ind_id, YEAR, filters=filters).value == expected


def test_filtered_share_and_balance(indicators: Indicators) -> None:
    share = indicators.compute("part_travail_possible_instance_fsl_pct", YEAR, filters=Filters(secteurs=("Cognac",)))
    assert (share.value, share.numerator, share.denominator) == (pytest.approx(100 * 2 / 3), 2, 3)
    balance = indicators.compute(
        "mesures_en_cours_par_secteur", YEAR, filters=Filters(types=("ASSLL",)), as_of=dt.date(2024, 12, 31)
    )
    assert_breakdown(balance, SECTEURS, breakdown(SECTEURS, Cognac=1))  # M8 is a diagnostic


def test_refusal_without_reason_is_non_renseigne(indicators: Indicators) -> None:
    # D06 (requested 2024) is refused on 2025-01-10 with no reason: counted in 2025.
    got = indicators.compute("refus_par_motif", 2025)
    assert_breakdown(got, MOTIFS_REFUS, breakdown(MOTIFS_REFUS, NON_RENSEIGNE=1))
