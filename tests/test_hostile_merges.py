"""Issue 9 « Hostile and broken files », merged records and identifiers: the contract's date rules replayed on
the merged record, look-alike identifiers, huge raw values."""

from __future__ import annotations

from pathlib import Path

from conftest import write_csv, write_xlsx

from pipelines.published import fmt
from tests.bad_input_helpers import DEM, MES, counts, entry

# --- budgets before parsing -------------------------------------------------------------------
from tests.test_hostile_files import report_of, totals

# --- merged records, identifiers ---------------------------------------------------------------


def test_merged_record_ending_before_it_starts_is_quarantined_whole(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    # a later export corrects the start date: the merged M1 would end before it starts
    write_csv(
        raw / "a_mesures.csv", MES, [["M1", "D1", "01/01/2024", "31/01/2024"], ["M2", "D1", "01/01/2024", "30/04/2024"]]
    )
    write_csv(raw / "b_mesures.csv", MES, [["M1", "D1", "01/03/2024", ""], ["M2", "D1", "01/03/2024", ""]])
    report, tables = report_of(raw, tmp_path)
    assert totals(report["tables"]["mesures"]) == (4, 2, 2, 0)
    assert report["tables"]["mesures"]["records"] == 1
    assert tables["mesures"]["id_mesure"].to_list() == ["M2"]
    motif = (
        "enregistrement fusionné impossible : date de fin « 31/01/2024 » (a_mesures.csv, ligne 2) antérieure "
        "à date de début « 01/03/2024 » (b_mesures.csv, ligne 2) ; toutes ses lignes sont mises en quarantaine"
    )
    assert [(q["fichier"], q["ligne"], q["motif"]) for q in report["quarantine"]] == [
        ("a_mesures.csv", 2, motif),
        ("b_mesures.csv", 2, motif),
    ]
    assert counts(entry(report, "a_mesures.csv")) == (2, 1, 1, 0)
    assert counts(entry(report, "b_mesures.csv")) == (2, 1, 1, 0)


def test_merged_request_decided_before_it_was_made_is_quarantined(tmp_path: Path) -> None:
    header = [*DEM, "Date décision"]
    raw = tmp_path / "brut"
    write_csv(raw / "a.csv", header, [["D1", "", "ASSLL", "Cognac", "10/01/2024"]])
    write_csv(raw / "b.csv", header, [["D1", "15/02/2024", "ASSLL", "Cognac", ""]])
    report, tables = report_of(raw, tmp_path)
    # a.csv alone has no request date: quarantined row by row; the merge sees b.csv only
    assert totals(report["tables"]["demandes"]) == (2, 1, 1, 0)
    write_csv(raw / "a.csv", header, [["D1", "05/01/2024", "ASSLL", "Cognac", "10/01/2024"]])
    write_csv(raw / "b.csv", header, [["D1", "15/02/2024", "ASSLL", "Cognac", ""]])
    report, tables = report_of(raw, tmp_path / "deux")
    assert totals(report["tables"]["demandes"]) == (2, 0, 2, 0)
    assert tables["demandes"].height == 0
    assert report["quarantine"][0]["motif"].startswith(
        "enregistrement fusionné impossible : date de décision « 10/01/2024 » (a.csv, ligne 2) antérieure à date "
        "de la demande « 15/02/2024 » (b.csv, ligne 2)"
    )


def test_look_alike_identifiers_are_one_record_and_case_variants_listed(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_csv(
        raw / "a.csv", DEM, [["D-001", "15/01/2024", "ASSLL", "Cognac"], ["E-7", "15/01/2024", "ASSLL", "Cognac"]]
    )
    write_csv(
        raw / "b.csv",
        DEM,
        [
            ["D\u2011001", "16/01/2024", "ASSLL", "Cognac"],  # non-breaking hyphen
            ["D-\u200b001", "17/01/2024", "ASSLL", "Cognac"],  # zero-width space
            ["\uff24-001\u00a0", "18/01/2024", "ASSLL", "Cognac"],  # full-width D, NBSP
            ["e-7", "19/01/2024", "ASSLL", "Cognac"],
        ],
    )
    report, tables = report_of(raw, tmp_path)
    assert sorted(tables["demandes"]["id_demande"].to_list()) == ["D-001", "E-7", "e-7"]
    assert report["identifiants"] == [
        {
            "table": "demandes",
            "identifiants": ["E-7", "e-7"],
            "motif": "identifiants qui ne diffèrent que par les majuscules ou par des zéros en tête : ce sont des "
            "enregistrements distincts ; vérifiez qu'il ne s'agit pas du même",
        }
    ]


def test_an_xlsx_number_shown_00123_and_a_csv_00123_are_listed_together(tmp_path: Path) -> None:
    # The contract reads an xlsx number 123.0 as « 123 » and keeps the CSV text « 00123 »: two records, which
    # the report lists as identifiers to check (they differ only by their leading zeros).
    raw = tmp_path / "brut"
    write_xlsx(raw / "a.xlsx", {"Demandes": [DEM, [123, "15/01/2024", "ASSLL", "Cognac"]]})
    write_csv(raw / "b.csv", DEM, [["00123", "16/01/2024", "ASSLL", "Cognac"]])
    report, tables = report_of(raw, tmp_path)
    assert sorted(tables["demandes"]["id_demande"].to_list()) == ["00123", "123"]
    assert [n["identifiants"] for n in report["identifiants"]] == [["00123", "123"]]


def test_a_huge_raw_value_is_cut_in_the_report_not_in_the_quarantine_table(tmp_path: Path) -> None:
    huge = "x" * 1_000_000
    raw = tmp_path / "brut"
    write_csv(raw / "a.csv", DEM, [["D1", huge, "ASSLL", "Cognac"]])
    report, _ = report_of(raw, tmp_path)
    [q] = report["quarantine"]
    assert q["valeurs_brutes"]["date_demande"] == "x" * 300 + f"… ({fmt.number(1_000_000)} caractères)"
    assert len(q["motif"]) < 1000
    assert len((tmp_path / "entrepot" / "ingest_report.json").read_bytes()) < 20_000
