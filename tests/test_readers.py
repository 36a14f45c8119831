"""Reading raw files (DATA_CONTRACT section 1): every dialect, provenance line numbers, xlsx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import run_ingest, write_csv, write_xlsx

from pipelines.ingest.dates import parse_date
from pipelines.ingest.headers import header_row
from pipelines.ingest.normalise import normalise_identifier
from pipelines.ingest.readers import LINE_COLUMN, RawTable, UnreadableFile, read_file
from pipelines.reference.referential import load_referential

HEADER = ["N° demande", "Date demande", "Type", "Secteur", "Commune"]
ROWS = [
    ["00123", "15/01/2024", "ASSLL", "Ruffécois", "Angoulême"],
    ["D-2", "16/01/2024", "Diagnostic", "Cognac", "Cœur de ville"],
]


def read_one(path: Path) -> RawTable:
    tables = read_file(path, path.name)
    assert len(tables) == 1
    return tables[0]


def cells(table: RawTable) -> list[list[str | None]]:
    return [list(row) for row in table.frame.select(table.cell_columns).iter_rows()]


def lines(table: RawTable) -> list[int]:
    return table.frame[LINE_COLUMN].to_list()


@pytest.mark.parametrize(
    ("delimiter", "encoding", "newline", "expected_encoding"),
    [
        (";", "cp1252", "\r\n", "Windows-1252"),
        (",", "utf-8-sig", "\n", "UTF-8 (BOM)"),
        ("\t", "utf-8", "\n", "UTF-8"),
        (";", "utf-16", "\r\n", "UTF-16"),
        (",", "utf-8", "\r\n", "UTF-8"),
    ],
    ids=["semicolon-cp1252-crlf", "comma-utf8-bom", "tab-utf8", "utf16-bom", "comma-utf8-crlf"],
)
def test_dialects(tmp_path: Path, delimiter: str, encoding: str, newline: str, expected_encoding: str) -> None:
    path = write_csv(tmp_path / "demandes.csv", HEADER, ROWS, delimiter=delimiter, encoding=encoding, newline=newline)
    table = read_one(path)
    assert table.delimiter == delimiter
    assert table.encoding == expected_encoding
    assert cells(table) == [HEADER, *ROWS]
    assert lines(table) == [1, 2, 3]
    assert table.sheet is None
    assert table.file == "demandes.csv"


def test_windows_1252_bytes_really_are_windows_1252(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", HEADER, ROWS, encoding="cp1252", newline="\r\n")
    data = path.read_bytes()
    assert b"\r\n" in data and "é".encode("cp1252") in data and "œ".encode("cp1252") in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_txt_suffix_is_read_as_csv(tmp_path: Path) -> None:
    table = read_one(write_csv(tmp_path / "demandes_2024.txt", HEADER, ROWS, delimiter="\t"))
    assert cells(table) == [HEADER, *ROWS]


def test_quoted_fields_with_delimiter_quotes_and_line_breaks(tmp_path: Path) -> None:
    rows = [
        ["1", "15/01/2024", "ASSLL", "Cognac", "Angoulême; quartier Basseau"],  # delimiter inside quotes
        ["2", "16/01/2024", "ASSLL", "Cognac\nsecteur", "Cognac"],  # line break inside quotes
        ["3", "17/01/2024", "ASSLL", "a;\nb\nc", "Cognac"],  # both, then two more physical lines
        ["4", "18/01/2024", 'dit "Diag"', "Cognac", "Jarnac"],  # escaped quotes
        ["5", "19/01/2024", "ASSLL", "Cognac", "Cognac"],
    ]
    table = read_one(write_csv(tmp_path / "q.csv", HEADER, rows, newline="\r\n"))
    assert cells(table) == [HEADER, *rows]
    # header line 1; row 2 spans lines 3-4; row 3 spans lines 5-7
    assert lines(table) == [1, 2, 3, 5, 8, 9]


def test_blank_lines_and_delimiter_only_lines_keep_physical_line_numbers(tmp_path: Path) -> None:
    rows = [ROWS[0], [], ["", "", "", "", ""], ["x", "a\nb", "", "", ""], ROWS[1]]
    table = read_one(write_csv(tmp_path / "b.csv", HEADER, rows))
    assert cells(table) == [HEADER, ROWS[0], [None] * 5, [None] * 5, ["x", "a\nb", None, None, None], ROWS[1]]
    assert lines(table) == [1, 2, 3, 4, 5, 7]


def test_quoted_multiline_field_with_delimiter_in_last_column(tmp_path: Path) -> None:
    header = ["N° demande", "Date demande", "Type", "Secteur", "Observations"]
    rows = [
        ["1", "15/01/2024", "ASSLL", "Cognac", "relance faite; attente\nretour du bailleur"],
        ["2", "16/01/2024", "ASSLL", "Cognac", "RAS"],
    ]
    table = read_one(write_csv(tmp_path / "obs.csv", header, rows))
    assert cells(table) == [header, *rows]
    assert lines(table) == [1, 2, 4]


@pytest.mark.parametrize(("delimiter", "separator"), [("\t", ", "), (",", "; ")], ids=["tab-file", "comma-file"])
def test_objectives_list_does_not_fool_delimiter_detection(tmp_path: Path, delimiter: str, separator: str) -> None:
    header = ["N° demande", "Date demande", "Type", "Secteur", "Objectifs"]
    objectives = separator.join(["Budget", "Dettes locatives", "Installation", "Intégration", "Entretien"])
    rows = [["1", "15/01/2024", "ASSLL", "Cognac", objectives]]
    table = read_one(write_csv(tmp_path / "objectifs.txt", header, rows, delimiter=delimiter))
    assert table.delimiter == delimiter
    assert cells(table) == [header, *rows]


@pytest.mark.parametrize("above", ["Export du 02/01/2025\n", "\n\n"], ids=["title-line", "blank-lines"])
def test_csv_lines_above_header(tmp_path: Path, above: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(above + ";".join(HEADER) + "\n" + ";".join(ROWS[0]) + "\n", encoding="utf-8")
    table = read_one(path)
    assert cells(table)[-2:] == [HEADER, ROWS[0]]


def xlsx_with_title_rows(path: Path) -> Path:
    return write_xlsx(
        path,
        {
            "Demandes": [
                [],
                ["Tableau de suivi ASSLL 2019"],
                ["Coordination départementale (données fictives)"],
                [],
                HEADER,
                [123, dt.date(2019, 3, 4), "ASSLL", "Cognac", "Cognac"],
                ["00124", 43530, "Diag", "Ruffécois", "Ruffec"],  # Excel serial day of 2019-03-06
                [125.0, "07/03/2019", "ASSLL", "Cognac", "Jarnac"],
                [],
                [126, 43532.0, "ASSLL", "Cognac", "Cognac"],
            ],
        },
    )


def test_xlsx_title_rows_header_and_date_cells(tmp_path: Path) -> None:
    table = read_one(xlsx_with_title_rows(tmp_path / "suivi_2019.xlsx"))
    assert table.sheet == "Demandes"
    match = header_row(table, load_referential())
    assert match.kind is not None and match.kind.name == "demandes"
    assert table.frame[LINE_COLUMN][match.row] == 5  # physical row of the header
    data = table.frame.slice(match.row + 1)  # the data rows below the header, as read
    assert data[LINE_COLUMN].to_list() == [6, 7, 8, 9, 10]  # title rows are not data rows
    ids = [None if v is None else normalise_identifier(v) for v in data["c0"].to_list()]
    assert ids == ["123", "00124", "125", None, "126"]
    dates = [parse_date(v, 2025) for v in data["c1"].to_list()]
    assert dates == [dt.date(2019, 3, 4), dt.date(2019, 3, 6), dt.date(2019, 3, 7), None, dt.date(2019, 3, 8)]


def test_xlsx_title_rows_are_not_counted_as_read(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    xlsx_with_title_rows(raw / "suivi_2019.xlsx")
    report = run_ingest(raw, tmp_path / "entrepot")
    [entry] = report["files"]
    assert (entry["feuille"], entry["table"], entry["ligne_entete"]) == ("Demandes", "demandes", 5)
    assert (entry["lues"], entry["chargees"], entry["quarantaine"], entry["ignorees"]) == (5, 4, 0, 1)
    assert report["tables"]["demandes"]["read"] == 5


def test_xlsx_every_sheet_is_read(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "classeur.xlsx",
        {
            "Demandes": [HEADER, ROWS[0]],
            "Notes": [["Remarques"], ["rien à signaler"]],
        },
    )
    tables = read_file(path, "classeur.xlsx")
    assert [t.sheet for t in tables] == ["Demandes", "Notes"]
    assert cells(tables[1]) == [["Remarques"], ["rien à signaler"]]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("vide.csv", b"", ["vide"]),
        ("blanc.txt", b"  \r\n\n", ["vide"]),
        ("binaire.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, ["binaire"]),
        ("vide.xlsx", b"", ["classeur", "vide"]),
        ("faux.xlsx", b"ceci n'est pas un classeur" * 10, ["classeur", "illisible"]),
        ("zip_casse.xlsx", b"PK\x03\x04" + bytes(range(256)) * 4, ["classeur", "illisible"]),
    ],
)
def test_unreadable_files_raise_with_french_reason(tmp_path: Path, name: str, content: bytes, words: list[str]) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as info:
        read_file(path, name)
    message = str(info.value)
    for word in words:
        assert word in message
    assert "Error" not in message and "Traceback" not in message
