"""Bad inputs: values, and xlsx merged cells and formulas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import polars as pl
from conftest import write_csv

from tests.bad_input_helpers import (
    DEM,
    MES,
    assert_good_file_loaded,
    assert_unreadable,
    counts,
    entry,
    ingest_folder,
    quarantine_of,
    raw_with_good_file,
)

# --- values ---------------------------------------------------------------------------------------


def test_impossible_dates(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    write_csv(
        raw / "dates.csv",
        DEM,
        [
            ["D3", "31/02/2024", "ASSLL", "Cognac"],
            ["D4", "2024-13-01", "ASSLL", "Cognac"],
            ["D5", "00/00/0000", "ASSLL", "Cognac"],
            ["D6", "29/02/2024", "ASSLL", "Cognac"],
        ],
    )
    write_csv(
        raw / "mesures.csv",
        MES,
        [
            ["M1", "D1", "01/02/2024", "31/02/2024"],
            ["M2", "D1", "00/00/0000", ""],
            ["M3", "D1", "01/02/2024", "2024-13-01"],
            ["M4", "D1", "01/02/2024", ""],
        ],
    )
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert counts(entry(report, "dates.csv")) == (4, 1, 3, 0)
    assert quarantine_of(report, "dates.csv") == {
        2: "date illisible (date de la demande) : « 31/02/2024 »",
        3: "date illisible (date de la demande) : « 2024-13-01 »",
        4: "date illisible (date de la demande) : « 00/00/0000 »",
    }
    assert counts(entry(report, "mesures.csv")) == (4, 1, 3, 0)
    assert quarantine_of(report, "mesures.csv") == {
        2: "date illisible (date de fin) : « 31/02/2024 »",
        3: "date illisible (date de début) : « 00/00/0000 »",
        4: "date illisible (date de fin) : « 2024-13-01 »",
    }
    assert tables["demandes"].filter(pl.col("id_demande") == "D6")["date_demande"].to_list() == [dt.date(2024, 2, 29)]


def test_text_in_nb_renouvellements(tmp_path: Path) -> None:
    """Not a required value: the row loads, the count is empty, the raw text is kept and listed."""
    raw = raw_with_good_file(tmp_path)
    written = {"M1": "deux", "M2": "2", "M3": "-1", "M4": "1,5", "M5": "deux", "M6": "3.0"}
    write_csv(
        raw / "mesures.csv",
        [*MES, "Renouvellements"],
        [[m, "D1", "01/02/2024", "", text] for m, text in written.items()],
    )
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert counts(entry(report, "mesures.csv")) == (6, 6, 0, 0)
    got = {
        r["id_mesure"]: (r["nb_renouvellements"], r["nb_renouvellements_brut"]) for r in tables["mesures"].to_dicts()
    }
    assert got == {
        "M1": (None, "deux"),
        "M2": (2, "2"),
        "M3": (None, "-1"),
        "M4": (None, "1,5"),
        "M5": (None, "deux"),
        "M6": (3, "3.0"),
    }
    listed = {
        (u["valeur_brute"], u["lignes"], u["exemple"])
        for u in report["unrecognised"]
        if u["colonne"] == "nb_renouvellements"
    }
    assert listed == {("deux", 2, "mesures.csv:2"), ("-1", 1, "mesures.csv:4"), ("1,5", 1, "mesures.csv:5")}


def test_two_digit_years(tmp_path: Path) -> None:
    """`yy` is 20yy unless after the ingest year (2025): `26` is 1926, before 1990, so quarantined."""
    raw = raw_with_good_file(tmp_path)
    write_csv(
        raw / "annees.csv",
        DEM,
        [
            ["D3", "15/01/24", "ASSLL", "Cognac"],
            ["D4", "15/01/25", "ASSLL", "Cognac"],
            ["D5", "15/01/26", "ASSLL", "Cognac"],
            ["D6", "5/3/99", "ASSLL", "Cognac"],
        ],
    )
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert counts(entry(report, "annees.csv")) == (4, 3, 1, 0)
    dates = dict(tables["demandes"].select("id_demande", "date_demande").iter_rows())
    assert (dates["D3"], dates["D4"], dates["D6"]) == (dt.date(2024, 1, 15), dt.date(2025, 1, 15), dt.date(1999, 3, 5))
    assert quarantine_of(report, "annees.csv") == {
        4: "date impossible (date de la demande) : « 15/01/26 » est antérieure au 31/05/1990"
    }


def test_stray_quotes(tmp_path: Path) -> None:
    """A quote inside an unquoted cell is text, as Excel reads it; a quote never closed is reported with
    its line (it would swallow the rest of the file)."""
    raw = raw_with_good_file(tmp_path)
    (raw / "guillemet.csv").write_text(
        ";".join(DEM) + '\nD3;17/01/2024;ASSLL;Cog"nac\n'
        'D4;18/01/2024;ASSLL;"Cognac" centre\n\n'
        'D5;19/01/2024;ASSLL;"Ruffec\nnord"\nD6;20/01/2024;ASSLL;Cognac\n',
        encoding="utf-8",
    )
    (raw / "ouvert.csv").write_text(
        ";".join(DEM) + '\nD7;17/01/2024;ASSLL;Cognac\nD8;"18/01/2024;ASSLL;Cognac\nD9;19/01/2024;ASSLL;Cognac\n',
        encoding="utf-8",
    )
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert counts(entry(report, "guillemet.csv")) == (5, 4, 0, 1)
    got = dict(tables["demandes"].select("id_demande", "secteur_brut").iter_rows())
    assert (got["D3"], got["D4"], got["D5"], got["D6"]) == ('Cog"nac', "Cognac centre", "Ruffec\nnord", "Cognac")
    lines = dict(tables["demandes"].select("id_demande", "derniere_source").iter_rows())
    assert (lines["D5"], lines["D6"]) == ("guillemet.csv:5", "guillemet.csv:7")
    assert_unreadable(report, "ouvert.csv", "guillemet", "ligne 3", "jamais refermé")


# --- xlsx: merged cells and formulas ------------------------------------------------------------


def test_merged_cells_and_formulas(tmp_path: Path) -> None:
    """Decided behaviour. A merged range shows its first cell's value over the whole range: every cell of
    it on a row holding data reads that value (a blank row stays blank). A formula written by a program
    has no computed value: its text (`=B4`) is read, so the row is counted and says why it is quarantined,
    and the sheet carries a French warning."""
    raw = raw_with_good_file(tmp_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Demandes"
    ws.append(["Tableau de suivi ASSLL 2024"])
    ws.merge_cells("A1:E1")  # merged title row
    ws.append([*DEM, "Commune"])  # line 2
    ws.append(["D3", "17/01/2024", "ASSLL", "Cognac", "Cognac"])
    ws.append(["D4", "18/01/2024", "ASSLL", None, "Jarnac"])
    ws.append(["D5", "19/01/2024", "Diag", None, None])
    ws.append([])  # line 6: blank, inside the merged range
    ws.merge_cells("D3:D6")  # one sector for three requests
    ws.append(["D6", "=B3", "ASSLL", "Ruffec", None])  # line 7: date is a formula without value
    ws.append(["D7", "20/01/2024", "ASSLL", "Ruffec", '="Cog"&"nac"'])  # line 8: optional value is a formula
    ws.append(["D8", "=DATE(2024,2,1)", "=C3", "Ruffec", None])  # line 9
    wb.save(raw / "fusion.xlsx")
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    f = entry(report, "fusion.xlsx", "Demandes")
    assert (f["table"], f["ligne_entete"], counts(f)) == ("demandes", 2, (7, 4, 2, 1))
    assert f["avertissements"] == [
        "4 cellules contiennent une formule sans valeur calculée (classeur produit par un programme) : la formule "
        "est lue comme texte ; ouvrez le classeur dans Excel et enregistrez-le pour que ses valeurs soient lues"
    ]
    assert report["tables"]["demandes"]["ignored_by_reason"] == {"ligne vide": 1}
    got = {r["id_demande"]: (r["secteur"], r["commune_brut"]) for r in tables["demandes"].to_dicts()}
    # the merged sector is read on every row of its range
    assert (got["D3"], got["D4"], got["D5"]) == (("Cognac", "Cognac"), ("Cognac", "Jarnac"), ("Cognac", None))
    assert got["D7"] == ("Ruffécois", '="Cog"&"nac"')  # formula text kept as the raw value
    assert quarantine_of(report, "fusion.xlsx", "Demandes") == {
        7: "date illisible (date de la demande) : « =B3 »",
        9: "date illisible (date de la demande) : « =DATE(2024,2,1) » ; type de mesure non reconnu : « =C3 »",
    }


def test_formula_on_a_row_of_its_own_is_counted(tmp_path: Path) -> None:
    """calamine leaves out a row holding only formulas without a value: the row is still read and counted."""
    raw = raw_with_good_file(tmp_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Mesures"
    ws.append(MES)
    ws.append(["M1", "D1", "01/02/2024", None])
    ws.append(["=A2", "=B2", "=C2", "=D2"])  # line 3: only formulas
    wb.save(raw / "formules.xlsx")
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    f = entry(report, "formules.xlsx", "Mesures")
    assert counts(f) == (2, 1, 1, 0)
    assert quarantine_of(report, "formules.xlsx", "Mesures") == {
        3: "date illisible (date de début) : « =C2 » ; date illisible (date de fin) : « =D2 »"
    }
