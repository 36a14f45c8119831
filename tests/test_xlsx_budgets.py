"""Hostile and odd workbooks (issue 9, xlsx side): budgets checked before calamine allocates anything, error
cells kept as their text, hidden sheets read and listed.

Every bomb is built here, small on disk, and read in a child process under a 4 GiB address-space limit
(`read_in_child`): a check that failed would cost that child, never the test runner, and the child's own peak
resident memory is asserted under the issue's 1.5 GB.
"""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl
import pytest

from pipelines.ingest.bilan_text import ingest_summary
from pipelines.ingest.readers import UnreadableFile, read_file
from pipelines.ingest.xlsx_scan import BUDGETS_FILE, budgets, scan_sheet
from tests.bad_input_helpers import (
    DEM,
    GOOD,
    assert_good_file_loaded,
    counts,
    entry,
    ingest_folder,
    quarantine_of,
    raw_with_good_file,
)
from tests.xlsx_helpers import DATA, NS, ROOT, inline, read_in_child, rewrite, rows_xml, workbook


def test_budgets_are_data() -> None:
    """Every xlsx budget comes from data/reference/budgets_xlsx.csv, with a French description."""
    import csv

    with (ROOT / "data" / "reference" / BUDGETS_FILE).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [list(r) for r in rows[:1]] == [["cle", "valeur", "description"]]
    assert budgets() == {r["cle"]: int(r["valeur"]) for r in rows}
    assert budgets()["cellules_max"] == 5_000_000 and budgets()["colonnes_max"] == 1_000
    assert all(r["description"] for r in rows)


# --- the used range: a stray cell far away never reaches calamine -------------------------------


ADVICE = (
    " ; une cellule remplie isolée loin des données en est sans doute la cause : videz-la (ou supprimez les "
    "lignes et colonnes vides au-delà des données) puis enregistrez de nouveau le classeur"
)


@pytest.mark.parametrize(
    ("ref", "why"),
    [
        # calamine would ask for 550 GB and abort the process (exit 134)
        ("XFD1048576", "16\u00a0384 colonnes (au plus 1\u00a0000)"),
        # 15 s and 1.4 GB for 50 rows before
        ("XFD60", "16\u00a0384 colonnes (au plus 1\u00a0000)"),
        # 5 columns over every row: just over the cell budget
        ("E1048576", "5\u00a0242\u00a0880 cellules à lire (au plus 5\u00a0000\u00a0000)"),
    ],
)
def test_stray_cell_far_away_refuses_the_sheet_and_the_rest_is_read(tmp_path: Path, ref: str, why: str) -> None:
    row = int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    # The dimension declared covers the data only: the real cells decide, not what the writer declares.
    data = workbook(
        {"Demandes": rows_xml(DATA) + f'<row r="{row}">{inline(ref, "x")}</row>', "Autre": rows_xml(DATA)},
        dimension="A1:D3",
    )
    assert len(data) < 3_000
    path = tmp_path / "egare.xlsx"
    path.write_bytes(data)
    out = read_in_child(path)
    [demandes, autre] = out["feuilles"]
    reason = f"feuille refusée : ses cellules remplies vont de A1 à {ref}, soit {why}{ADVICE}"
    assert demandes == ["Demandes", [reason], 0]
    assert autre == ["Autre", [], 3]
    raw = raw_with_good_file(tmp_path)
    (raw / "egare.xlsx").write_bytes(data)
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    refused = entry(report, "egare.xlsx", "Demandes")
    assert (refused["statut"], refused["table"], refused["motif"]) == ("illisible", None, reason)
    assert counts(entry(report, "egare.xlsx", "Autre")) == (2, 2, 0, 0)


def test_stray_cell_within_the_budget_is_read_cheaply(tmp_path: Path) -> None:
    """Four columns down to the last row of Excel (4.2 million cells, under the budget): read, its empty rows
    included, well under 1.5 GB."""
    path = tmp_path / "egare.xlsx"
    path.write_bytes(workbook({"Demandes": rows_xml(DATA) + f'<row r="1048576">{inline("D1048576", "x")}</row>'}))
    [table] = read_in_child(path)["feuilles"]
    assert table == ["Demandes", [], 1_048_576]


def test_huge_declared_dimension_with_few_cells_is_read_as_its_real_range(tmp_path: Path) -> None:
    """The <dimension> a writer declares is not trusted either way: the real cells are read."""
    path = tmp_path / "dimension.xlsx"
    path.write_bytes(workbook({"Demandes": rows_xml(DATA, first=3)}, dimension="A1:XFD1048576"))
    [table] = read_in_child(path)["feuilles"]
    assert table == ["Demandes", [], 3]
    [table] = read_file(path, "dimension.xlsx")
    assert table.frame["_ligne"].to_list() == [3, 4, 5]
    assert table.frame.row(1)[:4] == ("D3", "17/01/2024", "ASSLL", "Cognac")


def test_cells_written_an_unusual_way_are_scanned_as_calamine_reads_them(tmp_path: Path) -> None:
    """Prefixed tags or cells without `r` take the careful scan: a stray cell hidden that way is refused too,
    and an ordinary sheet written that way is read with its true line numbers."""
    plain = (
        f'<x:row r="2"><x:c t="inlineStr"><x:is><x:t>{DEM[0]}</x:t></x:is></x:c>'
        f'<x:c t="inlineStr"><x:is><x:t>{DEM[1]}</x:t></x:is></x:c></x:row>'
        '<x:row r="3"><x:c t="inlineStr"><x:is><x:t>D3</x:t></x:is></x:c></x:row>'
    )
    stray = '<x:row r="1048576"><x:c r="XFD1048576" t="n"><x:v>1</x:v></x:c></x:row>'
    scan = scan_sheet(f'<x:sheetData xmlns:x="{NS}">{plain}{stray}</x:sheetData>'.encode())
    assert (scan.first, scan.last) == ((1, 0), (1048575, 16383))
    body = {"Ok": plain, "Bombe": plain + stray}
    path = tmp_path / "prefixe.xlsx"
    path.write_bytes(
        rewrite(
            workbook(dict.fromkeys(body, "")),
            {
                f"xl/worksheets/sheet{i + 1}.xml": f'<?xml version="1.0"?><x:worksheet xmlns:x="{NS}">'
                f"<x:sheetData>{xml}</x:sheetData></x:worksheet>"
                for i, xml in enumerate(body.values())
            },
        )
    )
    ok, bomb = read_in_child(path)["feuilles"]
    assert ok == ["Ok", [], 2]
    assert bomb[1][0].startswith("feuille refusée : ses cellules remplies vont de A2 à XFD1048576")
    [table, _] = read_file(path, "prefixe.xlsx")
    assert table.frame["_ligne"].to_list() == [2, 3]


def test_malformed_cell_reference_makes_the_sheet_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "reference.xlsx"
    path.write_bytes(workbook({"Demandes": rows_xml(DATA) + f'<row r="9">{inline("AAAA9", "x")}</row>'}))
    [table] = read_file(path, "reference.xlsx")
    assert table.notes == ["feuille illisible : son contenu est endommagé"]


# --- the archive: decompression bombs ---------------------------------------------------------


def test_sheet_xml_that_inflates_a_thousand_times_is_refused_unread(tmp_path: Path) -> None:
    """The 975 KB workbook whose sheet inflates to 1 GB, at a tenth of the scale: refused on the sizes the
    archive declares, before a byte is decompressed."""
    sheet = (
        f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData><row r="1">{inline("A1", "x")}</row>'
        + " " * (100 << 20)
        + "</sheetData></worksheet>"
    )
    path = tmp_path / "bombe.xlsx"
    path.write_bytes(rewrite(workbook({"Demandes": ""}), {"xl/worksheets/sheet1.xml": sheet}))
    assert path.stat().st_size < 200_000
    with pytest.raises(UnreadableFile) as info:
        read_file(path, "bombe.xlsx")
    ratio = str(info.value).split("se décompresse en ")[1].split(" fois")[0]
    assert int(ratio.replace("\u00a0", "")) > 500
    assert str(info.value) == (
        f"classeur refusé : sa partie « xl/worksheets/sheet1.xml » se décompresse en {ratio} fois sa taille (au plus "
        "100 fois pour un vrai classeur) ; c'est la marque d'une « bombe » de décompression, le fichier n'est pas lu"
    )
    assert "refus" in read_in_child(path)


def test_one_long_shared_string_repeated_in_many_cells_is_refused(tmp_path: Path) -> None:
    """A 1 MB shared string (not compressible: no ratio to catch) referenced by 1,000 cells: calamine would
    copy it into each cell (1 GB, then more on the way to Polars). Refused on the sheet's expanded text."""
    rnd = random.Random(9)
    long_text = "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(1 << 20))
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c></row>' for r in range(2, 1002))
    header = "".join(f'<c r="{chr(65 + i)}1" t="s"><v>0</v></c>' for i in range(1))
    data = workbook(
        {"Notes": f'<row r="1">{header}</row>{cells}', "Demandes": rows_xml(DATA)}, shared=["Observation", long_text]
    )
    assert len(data) < 1_000_000
    path = tmp_path / "texte.xlsx"
    path.write_bytes(data)
    out = read_in_child(path)
    notes, demandes = out["feuilles"]
    assert notes[1] == [
        "feuille refusée : ses cellules recopient des textes partagés pour un total de 1\u00a0048,6 Mo "
        "(au plus 100,0 Mo) ; un même texte très long est sans doute répété dans beaucoup de cellules"
    ]
    assert demandes == ["Demandes", [], 3]


def test_compressible_long_shared_string_is_refused_on_its_ratio(tmp_path: Path) -> None:
    """The issue's 28 KB workbook: one 1 MB shared string of one repeated letter."""
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 1001))
    data = workbook({"Notes": cells}, shared=["a" * (1 << 20)])
    assert len(data) < 30_000
    path = tmp_path / "texte.xlsx"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=r"« xl/sharedStrings\.xml » se décompresse en"):
        read_file(path, "texte.xlsx")


# --- merged ranges ---------------------------------------------------------------------------


def test_five_hundred_overlapping_full_column_merges_are_read_cheaply(tmp_path: Path) -> None:
    """6 KB, 500 merged ranges each over whole columns: only the rows holding data and the columns in use
    are filled, so the sheet reads as its data (each range's first cell fills its data cells)."""
    merges = "".join(f'<mergeCell ref="A1:{col}1048576"/>' for col in ("B", "C", "D") for _ in range(167))
    extra = f'<mergeCells count="501">{merges}</mergeCells>'
    path = tmp_path / "fusions.xlsx"
    path.write_bytes(workbook({"Demandes": rows_xml(DATA)}, extra={"Demandes": extra}))
    assert path.stat().st_size < 10_000
    [table] = read_in_child(path)["feuilles"]
    assert table == ["Demandes", [], 3]
    [table] = read_file(path, "fusions.xlsx")
    assert table.frame.row(0)[:4] == ("N° demande", "Date demande", "Type", "Secteur")
    assert table.frame.row(2)[:4] == ("D4", "18/01/2024", "ASSLL", "Cognac")


def test_too_many_merged_ranges_refuse_the_sheet(tmp_path: Path) -> None:
    merges = "".join(f'<mergeCell ref="E{r}:F{r}"/>' for r in range(1, 10_002))
    path = tmp_path / "fusions.xlsx"
    path.write_bytes(workbook({"Demandes": rows_xml(DATA)}, extra={"Demandes": f"<mergeCells>{merges}</mergeCells>"}))
    [table] = read_file(path, "fusions.xlsx")
    assert table.notes == [
        "feuille refusée : 10\u00a0001 plages de cellules fusionnées (au plus 10\u00a0000) ; "
        "annulez les fusions puis enregistrez de nouveau le classeur"
    ]


def test_merged_ranges_over_too_many_data_cells_refuse_the_sheet(tmp_path: Path) -> None:
    """A budget on the cells the merges would fill on data rows, checked before any is filled."""
    rows = rows_xml([["x"] * 26 for _ in range(2_000)])
    merges = "".join('<mergeCell ref="A1:Z1048576"/>' for _ in range(20))
    path = tmp_path / "fusions.xlsx"
    path.write_bytes(workbook({"Grande": rows}, extra={"Grande": f"<mergeCells>{merges}</mergeCells>"}))
    [table] = read_file(path, "fusions.xlsx")
    assert table.notes == [
        "feuille refusée : ses plages de cellules fusionnées recouvrent plus de 1\u00a0000\u00a0000 "
        "cellules de données ; annulez les fusions puis enregistrez de nouveau le classeur"
    ]


# --- error cells and hidden sheets ------------------------------------------------------------


def test_excel_error_cells_are_kept_as_their_text(tmp_path: Path) -> None:
    """calamine gives `#N/A` as an empty cell: it is put back, so a `#N/A` decision is an unrecognised value
    with its raw text kept, and a `#N/A` date is quarantined as unreadable, never read as empty."""
    raw = raw_with_good_file(tmp_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Demandes"
    ws.append([*DEM, "Décision", "Date décision"])
    ws.append(["D3", "17/01/2024", "ASSLL", "Cognac", "#N/A", "20/02/2024"])
    ws.append(["D4", "#N/A", "ASSLL", "Cognac", "Accord", "#REF!"])
    ws.append(["D5", "19/01/2024", "ASSLL", "#DIV/0!", "Accord", "21/02/2024"])
    wb.save(raw / "erreurs.xlsx")
    [table] = read_file(raw / "erreurs.xlsx", "erreurs.xlsx")
    assert table.frame.select("c1", "c3", "c4", "c5").rows() == [
        ("Date demande", "Secteur", "Décision", "Date décision"),
        ("17/01/2024", "Cognac", "#N/A", "20/02/2024"),
        ("#N/A", "Cognac", "Accord", "#REF!"),
        ("19/01/2024", "#DIV/0!", "Accord", "21/02/2024"),
    ]
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert counts(entry(report, "erreurs.xlsx", "Demandes")) == (3, 2, 1, 0)
    assert quarantine_of(report, "erreurs.xlsx", "Demandes") == {
        3: "date illisible (date de la demande) : « #N/A » ; date illisible (date de décision) : « #REF! »"
    }
    got = {r["id_demande"]: r for r in tables["demandes"].to_dicts()}
    assert (got["D3"]["decision"], got["D3"]["decision_brut"]) == ("NON_RECONNU", "#N/A")
    assert (got["D5"]["secteur"], got["D5"]["secteur_brut"]) == ("NON_RECONNU", "#DIV/0!")


def test_hidden_and_very_hidden_sheets_are_read_and_listed_as_hidden(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    data = workbook(
        {
            "Visible": rows_xml(DATA),
            "Cachee": rows_xml([DEM, ["D6", "20/01/2024", "ASSLL", "Cognac"]]),
            "TresCachee": rows_xml([DEM, ["D7", "21/01/2024", "ASSLL", "Cognac"]]),
        },
        states={"Cachee": "hidden", "TresCachee": "veryHidden"},
    )
    (raw / "masquees.xlsx").write_bytes(data)
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert "feuille_masquee" not in entry(report, "masquees.xlsx", "Visible")
    assert "feuille_masquee" not in entry(report, GOOD)
    hidden = entry(report, "masquees.xlsx", "Cachee")
    very = entry(report, "masquees.xlsx", "TresCachee")
    assert (hidden["feuille_masquee"], counts(hidden)) == ("masquée", (1, 1, 0, 0))
    assert (very["feuille_masquee"], counts(very)) == ("très masquée", (1, 1, 0, 0))
    assert {"D3", "D4", "D6", "D7"} <= set(tables["demandes"]["id_demande"].to_list())
    summary = ingest_summary(report, tmp_path / "entrepot")
    assert "  masquees.xlsx [Cachee] (feuille masquée dans le classeur) : demandes" in summary
    assert "  masquees.xlsx [TresCachee] (feuille très masquée dans le classeur) : demandes" in summary
    assert "  masquees.xlsx [Visible] : demandes" in summary
