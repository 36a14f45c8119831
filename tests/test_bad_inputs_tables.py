"""Bad inputs: a file mixing two kinds of table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import write_csv, write_xlsx

from tests.bad_input_helpers import (
    DEM,
    GTS,
    MES,
    assert_good_file_loaded,
    counts,
    entry,
    ingest_folder,
    quarantine_of,
    raw_with_good_file,
    says,
)

# --- a file mixing two kinds of table -----------------------------------------------------------


def test_workbook_with_a_demandes_sheet_and_a_mesures_sheet(tmp_path: Path) -> None:
    """Each sheet holds one table: two kinds in one workbook is the normal case."""
    raw = raw_with_good_file(tmp_path)
    write_xlsx(
        raw / "suivi.xlsx",
        {
            "Demandes": [DEM, ["D3", "17/01/2024", "ASSLL", "Cognac"]],
            "Mesures": [
                ["Mesures 2024"],
                MES,
                ["M1", "D3", "01/02/2024", ""],
                ["M2", "D1", "01/02/2024", "31/04/2024"],
            ],
            "GTS": [GTS, [dt.date(2024, 2, 15), "D3", "", "Nouvelle demande"]],
        },
    )
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert counts(entry(report, "suivi.xlsx", "Demandes")) == (1, 1, 0, 0)
    assert counts(entry(report, "suivi.xlsx", "Mesures")) == (2, 1, 1, 0)
    assert counts(entry(report, "suivi.xlsx", "GTS")) == (1, 1, 0, 0)
    assert quarantine_of(report, "suivi.xlsx", "Mesures") == {4: "date illisible (date de fin) : « 31/04/2024 »"}
    assert tables["mesures"]["id_mesure"].to_list() == ["M1"]


def test_csv_with_a_second_table_below_the_first(tmp_path: Path) -> None:
    """A second header (here of mesures) starts a second table: a file holds one table, so from that
    header on every row is quarantined with one clear reason, and the file says so."""
    raw = raw_with_good_file(tmp_path)
    write_csv(
        raw / "deux_tableaux.csv",
        DEM,
        [
            ["D3", "17/01/2024", "ASSLL", "Cognac"],
            [],
            MES,  # line 4
            ["M1", "D3", "01/02/2024", ""],
            ["M2", "D3", "01/02/2024", "01/03/2024"],
            [],  # line 7: blank, still ignored
            ["", "", "TOTAL", "2"],  # line 8: total, still ignored
        ],
    )
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    f = entry(report, "deux_tableaux.csv")
    assert (f["table"], counts(f)) == ("demandes", (7, 1, 3, 3))
    reason = (
        "second tableau dans le fichier (en-tête de mesures ligne 4) : un fichier ou une feuille ne contient "
        "qu'un tableau ; placez ce tableau dans un fichier ou une feuille à part"
    )
    assert quarantine_of(report, "deux_tableaux.csv") == {4: reason, 5: reason, 6: reason}
    assert f["avertissements"] == [f"{reason} ; ses lignes sont mises en quarantaine"]
    assert report["tables"]["demandes"]["ignored_by_reason"] == {"ligne de total": 1, "ligne vide": 2}
    assert tables["mesures"].height == 0
    assert "M1" not in tables["demandes"]["id_demande"].to_list()


def test_sheet_with_a_second_header_of_the_same_kind_with_other_columns(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    reordered = ["Secteur", "N° demande", "Type", "Date demande"]
    write_xlsx(
        raw / "suivi.xlsx",
        {
            "2024": [
                DEM,
                ["D3", "17/01/2024", "ASSLL", "Cognac"],
                DEM,  # a plain repeat: ignored
                ["D4", "18/01/2024", "ASSLL", "Cognac"],
                reordered,  # line 5: another table
                ["Cognac", "D5", "ASSLL", "19/01/2024"],
            ]
        },
    )
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    f = entry(report, "suivi.xlsx", "2024")
    assert counts(f) == (5, 2, 2, 1)
    assert report["tables"]["demandes"]["ignored_by_reason"] == {"en-tête répété": 1}
    motifs = quarantine_of(report, "suivi.xlsx", "2024")
    assert sorted(motifs) == [5, 6]
    assert says(
        motifs[6], "second tableau dans la feuille", "nouvel en-tête de demandes", "colonnes différentes", "ligne 5"
    )


def test_csv_whose_rows_belong_to_another_kind(tmp_path: Path) -> None:
    """No second header: mesures rows pasted under a demandes header are read as demandes, row by row,
    and each says what does not fit."""
    raw = raw_with_good_file(tmp_path)
    write_csv(
        raw / "colle.csv",
        DEM,
        [
            ["D3", "17/01/2024", "ASSLL", "Cognac"],
            ["M1", "D3", "01/02/2024", ""],
            ["M2", "D3", "01/02/2024", "01/03/2024"],
        ],
    )
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert counts(entry(report, "colle.csv")) == (3, 1, 2, 0)
    assert quarantine_of(report, "colle.csv") == {
        3: "valeur obligatoire manquante : secteur ; date illisible (date de la demande) : « D3 » ; "
        "type de mesure non reconnu : « 01/02/2024 »",
        4: "date illisible (date de la demande) : « D3 » ; type de mesure non reconnu : « 01/02/2024 »",
    }
