"""Folding, total labels and the date forms of DATA_CONTRACT section 2."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.ingest.dates import parse_date
from pipelines.reference.text import fold, is_total_label

D = dt.date


@pytest.mark.parametrize("variant", ["N° demande", "n° DEMANDE", "N demande", "  N°  demande ", "N°-demande"])
def test_header_variants_fold_equal(variant: str) -> None:
    assert fold(variant) == "n demande"


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Cœur de Charente", "coeur de charente"),
        ("ŒUVRE", "oeuvre"),
        ("Date de réception", "date de reception"),
        ("Prévention des expulsions", "prevention des expulsions"),
        ("Aide à l'installation", "aide a l installation"),
        ("Ruffécois", "ruffecois"),
        ("A.S.S.L.L.", "a s s l l"),
        ("", ""),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_fold_none_is_empty() -> None:
    assert fold(None) == ""


@pytest.mark.parametrize(
    "label", ["TOTAL", "Total", "TOTAL 2024", "total:", "Sous-total", "SOUS TOTAL Cognac", "sous-total 2023"]
)
def test_total_labels(label: str) -> None:
    assert is_total_label(label)


@pytest.mark.parametrize("label", ["totalement", "Totaux", "Sous-totalisation", "Demande totale", "", "sous"])
def test_not_total_labels(label: str) -> None:
    assert not is_total_label(label)


INGEST_YEAR = 2025


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # dd/mm/yyyy and d/m/yyyy (French order: day first)
        ("15/03/2024", D(2024, 3, 15)),
        ("05/03/2024", D(2024, 3, 5)),
        ("5/3/2024", D(2024, 3, 5)),
        ("1/12/2024", D(2024, 12, 1)),
        # dd/mm/yy: 20yy unless after the ingest year, then 19yy
        ("15/03/24", D(2024, 3, 15)),
        ("31/12/25", D(2025, 12, 31)),
        ("01/01/26", D(1926, 1, 1)),
        ("01/06/99", D(1999, 6, 1)),
        ("01/06/00", D(2000, 6, 1)),
        # yyyy-mm-dd, dd.mm.yyyy, dd-mm-yyyy
        ("2024-03-15", D(2024, 3, 15)),
        ("15.03.2024", D(2024, 3, 15)),
        ("15-03-2024", D(2024, 3, 15)),
        # each followed by a time
        ("15/03/2024 14:30", D(2024, 3, 15)),
        ("15/03/2024 14:30:59", D(2024, 3, 15)),
        ("5/3/2024 9:05", D(2024, 3, 5)),
        ("15/03/24 08:00", D(2024, 3, 15)),
        ("2024-03-15 00:00:00", D(2024, 3, 15)),
        ("2024-03-15T08:15:00", D(2024, 3, 15)),
        ("15.03.2024 10:05", D(2024, 3, 15)),
        ("15-03-2024 23:59:59", D(2024, 3, 15)),
        # Excel serial days
        ("45366", D(2024, 3, 15)),
        ("44208.0", D(2021, 1, 12)),
        ("45366.75", D(2024, 3, 15)),
        # surrounding spaces
        ("  15/03/2024  ", D(2024, 3, 15)),
    ],
)
def test_parse_date_forms(raw: str, expected: dt.date) -> None:
    assert parse_date(raw, INGEST_YEAR) == expected


def test_two_digit_year_depends_on_ingest_year() -> None:
    assert parse_date("01/01/26", 2026) == D(2026, 1, 1)
    assert parse_date("01/01/26", 2025) == D(1926, 1, 1)


def test_excel_serial_matches_excel_epoch() -> None:
    day = D(2024, 3, 15)
    serial = (day - D(1899, 12, 30)).days
    assert parse_date(str(serial), INGEST_YEAR) == day


@pytest.mark.parametrize(
    "raw",
    [
        "31/02/2024",
        "2024-13-01",
        "00/00/0000",
        "29/02/2023",
        "32/01/2024",
        "15/13/2024",
        "2024-02-30",
        "31.04.2024",
        "",
        "   ",
        "demain",
        "15/03",
        "TOTAL",
        None,
    ],
)
def test_impossible_or_no_date_is_none(raw: str | None) -> None:
    assert parse_date(raw, INGEST_YEAR) is None


FORMS = ["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%y"]


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=D(1990, 5, 31), max_value=D(2025, 12, 31)), form=st.sampled_from(FORMS))
def test_every_form_round_trips(day: dt.date, form: str) -> None:
    moment = dt.datetime.combine(day, dt.time(13, 45, 7))
    # with the ingest year 2025, yy of 1990-1999 is 90-99 > 25: 19yy; 00-25: 20yy
    assert parse_date(moment.strftime(form), INGEST_YEAR) == day
    serial = (day - D(1899, 12, 30)).days
    assert parse_date(str(serial), INGEST_YEAR) == day
    assert parse_date(f"{serial}.0", INGEST_YEAR) == day
    # d/m/yyyy without leading zeros
    assert parse_date(f"{day.day}/{day.month}/{day.year}", INGEST_YEAR) == day


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_fold_is_idempotent_and_plain(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert all(c.isdigit() or ("a" <= c <= "z") or c == " " for c in folded)
    assert folded == folded.strip() and "  " not in folded
