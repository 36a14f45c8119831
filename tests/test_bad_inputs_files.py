"""Bad inputs: files that cannot be read at all; encodings, headers and shapes."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import polars as pl
import pytest
from conftest import write_csv, write_xlsx

from pipelines.published import fmt
from tests.bad_input_helpers import (
    DEM,
    MES,
    assert_good_file_loaded,
    assert_unreadable,
    counts,
    counts_of,
    entry,
    ingest_folder,
    quarantine_of,
    raw_with_good_file,
    run_cli,
    valid_xlsx_bytes,
)

# --- files that cannot be read at all ----------------------------------------------------------


def test_empty_csv_and_blank_only_csv(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    (raw / "vide.csv").write_bytes(b"")
    (raw / "blanc.txt").write_bytes(b"  \r\n\r\n\t\n")
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert_unreadable(report, "vide.csv", "fichier vide")
    assert_unreadable(report, "blanc.txt", "fichier vide")
    assert counts_of(report, "demandes") == (2, 2, 0, 0)


def test_zero_byte_xlsx(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    (raw / "vide.xlsx").write_bytes(b"")
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert_unreadable(report, "vide.xlsx", "classeur Excel vide", "0 octet")


def test_binary_garbage_csv(tmp_path: Path) -> None:
    rnd = random.Random(20240115)
    raw = raw_with_good_file(tmp_path)
    garbage = bytearray(rnd.randbytes(50_000))
    garbage[10] = 0  # random bytes with NULs
    (raw / "export.csv").write_bytes(bytes(garbage))
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert_unreadable(report, "export.csv", "fichier binaire", "pas un tableau CSV")


def test_truncated_xlsx(tmp_path: Path) -> None:
    data = valid_xlsx_bytes(tmp_path)
    raw = raw_with_good_file(tmp_path)
    (raw / "tronque.xlsx").write_bytes(data[: len(data) // 2])
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert_unreadable(report, "tronque.xlsx", "classeur Excel illisible", "endommagé ou tronqué")


def damage_part(data: bytes, part: str) -> bytes:
    """The workbook with 8 bytes of zeros in the middle of one compressed part (the zip stays a zip)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    return data[:middle] + b"\x00" * 8 + data[middle + 8 :]


SHEET_DAMAGED = "feuille illisible : son contenu est endommagé"
BOOK_DAMAGED = "classeur Excel illisible : le fichier est endommagé ou n'est pas un classeur .xlsx"


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("xl/worksheets/sheet1.xml", {"Demandes": SHEET_DAMAGED, "Autre": (1, 1, 0, 0)}),
        ("xl/worksheets/sheet2.xml", {"Demandes": (60, 60, 0, 0), "Autre": SHEET_DAMAGED}),
        ("xl/workbook.xml", BOOK_DAMAGED),
        ("xl/sharedStrings.xml", BOOK_DAMAGED),
        ("xl/theme/theme1.xml", {"Demandes": (60, 60, 0, 0), "Autre": (1, 1, 0, 0)}),  # not needed by the data
    ],
)
def test_xlsx_damaged_inside(tmp_path: Path, part: str, expected: str | dict) -> None:
    """A valid zip whose content is broken: calamine's English message never reaches the user, and the
    undamaged sheets are read."""
    path = write_xlsx(
        tmp_path / "modele" / "modele.xlsx",
        {
            "Demandes": [DEM, *[[f"X{i}", "15/01/2024", "ASSLL", "Cognac"] for i in range(60)]],
            "Autre": [DEM, ["Y1", "15/01/2024", "ASSLL", "Cognac"]],
        },
    )
    raw = raw_with_good_file(tmp_path)
    (raw / "abime.xlsx").write_bytes(damage_part(path.read_bytes(), part))
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    if isinstance(expected, str):
        assert_unreadable(report, "abime.xlsx", expected)
        return
    for sheet, outcome in expected.items():
        f = entry(report, "abime.xlsx", sheet)
        if isinstance(outcome, str):
            assert (f["statut"], f["motif"], f["table"]) == ("illisible", outcome, None)
        else:
            assert (f["statut"], counts(f)) == ("lu", outcome)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "rien")
    raw = raw_with_good_file(tmp_path)
    (raw / "archive.xlsx").write_bytes(buffer.getvalue())
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert_unreadable(report, "archive.xlsx", "classeur Excel illisible", "n'est pas un classeur .xlsx")


# --- encodings, headers, shapes -----------------------------------------------------------------


def test_utf16_csv_is_read_and_utf16_without_bom_is_reported(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    write_csv(
        raw / "unicode.csv",
        DEM,
        [["D3", "17/01/2024", "Diag", "Ruffec"], ["D4", "18/01/2024", "ASSLL", "Cœur"]],
        delimiter="\t",
        encoding="utf-16",
        newline="\r\n",
    )
    text = "\n".join(";".join(r) for r in [DEM, ["D5", "19/01/2024", "ASSLL", "Cognac"]])
    (raw / "sans_bom.csv").write_bytes(text.encode("utf-16-le"))
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    f = entry(report, "unicode.csv")
    assert (f["table"], f["encodage"], f["separateur"], counts(f)) == ("demandes", "UTF-16", "\t", (2, 2, 0, 0))
    d4 = tables["demandes"].filter(pl.col("id_demande") == "D4").to_dicts()[0]
    assert (d4["secteur"], d4["secteur_brut"]) == ("NON_RECONNU", "Cœur")
    # Without its byte order mark UTF-16 looks like binary: reported, not guessed.
    assert_unreadable(report, "sans_bom.csv", "fichier binaire")
    assert counts_of(report, "demandes") == (4, 4, 0, 0)


def test_header_only(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    write_csv(raw / "entete.csv", DEM, [])
    write_xlsx(raw / "entete.xlsx", {"Mesures": [["Suivi 2024"], [], MES]})
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert (entry(report, "entete.csv")["table"], counts(entry(report, "entete.csv"))) == ("demandes", (0, 0, 0, 0))
    sheet = entry(report, "entete.xlsx", "Mesures")
    assert (sheet["table"], sheet["ligne_entete"], counts(sheet)) == ("mesures", 3, (0, 0, 0, 0))
    assert tables["mesures"].height == 0


def test_folder_with_only_a_header_is_not_an_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    raw = tmp_path / "brut"
    write_csv(raw / "entete.csv", DEM, [])
    code, out, err = run_cli(capsys, str(raw), "--warehouse", str(tmp_path / "entrepot"))
    assert (code, err) == (0, "")
    assert "entete.csv : demandes — 0 lue, 0 chargée, 0 en quarantaine, 0 ignorée" in out


def test_duplicate_header_names(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    write_csv(
        raw / "doublon.csv",
        [*DEM, "Secteur"],
        [["D3", "17/01/2024", "ASSLL", "Cognac", "Ruffec"], ["D4", "17/01/2024", "ASSLL", "", "Ruffec"]],
    )
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    f = entry(report, "doublon.csv")
    assert (f["table"], f["colonnes_en_double"], counts(f)) == ("demandes", ["secteur"], (2, 1, 1, 0))
    assert f["avertissements"] == [
        "colonne « Secteur » (colonne 5) en double : elle désigne la même donnée qu'une "
        "colonne précédente, seule la première est lue"
    ]
    assert f["motif"] == f["avertissements"][0]
    # The first of the two columns is the one read.
    assert tables["demandes"].filter(pl.col("id_demande") == "D3")["secteur"].to_list() == ["Cognac"]
    assert quarantine_of(report, "doublon.csv") == {3: "valeur obligatoire manquante : secteur"}


def test_200_columns(tmp_path: Path) -> None:
    extra = [f"Colonne libre {i}" for i in range(196)]
    raw = raw_with_good_file(tmp_path)
    write_csv(
        raw / "large.csv",
        [*DEM, *extra],
        [
            ["D3", "17/01/2024", "ASSLL", "Cognac", *map(str, range(196))],
            ["D4", "18/01/2024", "ASSLL", "Cognac", *["x"] * 196],
        ],
    )
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    f = entry(report, "large.csv")
    assert (counts(f), f["colonnes_inconnues"]) == ((2, 2, 0, 0), extra)
    assert sorted(tables["demandes"]["id_demande"].to_list()) == ["D1", "D2", "D3", "D4"]


def test_cell_of_100000_characters(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    huge = "Angoulême " + "x" * (100_000 - 10)
    raw = raw_with_good_file(tmp_path)
    write_csv(
        raw / "enorme.csv",
        [*DEM, "Commune"],
        [["D3", "17/01/2024", "ASSLL", "Cognac", huge], ["D4", "18/01/2024", "ASSLL", "Cognac", "Cognac"]],
    )
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert counts(entry(report, "enorme.csv")) == (2, 2, 0, 0)
    d3 = tables["demandes"].filter(pl.col("id_demande") == "D3").to_dicts()[0]
    assert (d3["commune_brut"], d3["code_epci"]) == (huge, "NON_RECONNU")  # kept whole, never truncated
    [u] = [u for u in report["unrecognised"] if u["colonne"] == "commune"]
    # The report keeps 300 characters of it and says its length.
    assert (u["valeur_brute"], u["lignes"]) == (huge[:300] + f"… ({fmt.number(100_000)} caractères)", 1)
    # On screen the value is cut and its length said.
    code, out, _ = run_cli(capsys, str(raw), "--warehouse", str(tmp_path / "entrepot_cli"))
    assert code == 0
    assert f"… ({fmt.number(100_000)} caractères)" in out
    assert max(len(line) for line in out.splitlines()) < 400


def test_200000_row_csv(tmp_path: Path) -> None:
    """Generated by string building; 1 row in 1000 has an unreadable date, 1 in 5000 is blank."""
    lines = [";".join(DEM)]
    for i in range(200_000):
        if i % 5000 == 4999:
            lines.append("")
        elif i % 1000 == 999:
            lines.append(f"G{i};31/02/2024;ASSLL;Cognac")
        else:
            lines.append(f"G{i};{1 + i % 28:02d}/0{1 + i % 9}/2024;{'ASSLL' if i % 2 else 'Diag'};Cognac")
    raw = raw_with_good_file(tmp_path)
    (raw / "gros.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert counts(entry(report, "gros.csv")) == (200_000, 199_800, 160, 40)
    assert report["tables"]["demandes"]["records"] == 199_802
    assert report["tables"]["demandes"]["ignored_by_reason"] == {"ligne vide": 40}
    motifs = quarantine_of(report, "gros.csv")
    assert len(motifs) == 160
    assert motifs[1001] == "date illisible (date de la demande) : « 31/02/2024 »"  # row 999 is on line 1001
    assert tables["demandes"].height == 199_802
