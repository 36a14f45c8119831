"""Issue 9 « Hostile and broken files »: every file generated here, small on disk.

Budgets before parsing (what a file is, how big, how wide), per-line decoding, merged-record date
rules, identifier look-alikes, raw values cut in the report, nothing from data driving the terminal,
safe keys and a clear command line. The child-process limits are in test_isolated.py.
"""

from __future__ import annotations

import io
import os
import socket
from pathlib import Path

import polars as pl
import pytest
from conftest import TEST_KEY, TODAY, read_version_tables, run_ingest, write_csv

from pipelines.cli.main import main
from pipelines.ingest import budgets
from pipelines.ingest.folder import PARTIAL_PREFIX
from pipelines.ingest.pipeline import UnusableInput, ingest, preview
from pipelines.ingest.readers import read_csv_table
from pipelines.ingest.vanished import TooManyVanish
from pipelines.published import fmt
from pipelines.reference.settings import REFERENCE_DIR
from tests.bad_input_helpers import DEM, GOOD, check_accounting, counts, entry, raw_with_good_file

# --- budgets before parsing -------------------------------------------------------------------


def report_of(raw: Path, tmp_path: Path) -> tuple[dict, dict[str, pl.DataFrame]]:
    warehouse = tmp_path / "entrepot"
    report = run_ingest(raw, warehouse)
    check_accounting(report)
    return report, read_version_tables(warehouse)


def totals(t: dict) -> tuple[int, int, int, int]:
    return t["read"], t["loaded"], t["quarantined"], t["ignored"]


def refused(report: dict, fichier: str) -> str:
    f = entry(report, fichier)
    assert (f["table"], f["statut"]) == (None, "refusé"), f
    return f["motif"]


def test_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    os.mkfifo(raw / "tube.csv")  # nobody ever writes into it: opening it for reading would block
    report, _ = report_of(raw, tmp_path)
    assert refused(report, "tube.csv") == (
        "ce n'est pas un fichier ordinaire mais un tube nommé (FIFO) : il n'est pas lu"
    )
    assert counts(entry(report, GOOD)) == (2, 2, 0, 0)


def test_socket_is_refused(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(raw / "prise.csv"))
        report, _ = report_of(raw, tmp_path)
    assert refused(report, "prise.csv") == "ce n'est pas un fichier ordinaire mais un socket : il n'est pas lu"


def test_links_to_devices_and_outside_files_are_refused(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    outside = write_csv(tmp_path / "ailleurs" / "secret.csv", DEM, [["S1", "15/01/2024", "ASSLL", "Cognac"]])
    (raw / "zero.csv").symlink_to("/dev/zero")
    (raw / "dehors.csv").symlink_to(outside)
    (raw / "casse.csv").symlink_to(tmp_path / "nulle_part.csv")
    (raw / "dedans.csv").symlink_to(raw / GOOD)  # inside the folder: followed (and a duplicate of bon.csv)
    report, tables = report_of(raw, tmp_path)
    outside_reason = (
        "lien symbolique vers un emplacement hors du dossier importé : il n'est pas suivi ; copiez le "
        "fichier lui-même dans le dossier"
    )
    assert refused(report, "zero.csv") == outside_reason  # /dev/zero is outside too, never read
    assert refused(report, "dehors.csv") == outside_reason
    assert refused(report, "casse.csv") == "lien symbolique cassé ou en boucle : il ne mène à aucun fichier"
    assert entry(report, "dedans.csv")["statut"] == "ignoré"  # read, same bytes as bon.csv
    assert "S1" not in tables["demandes"]["id_demande"].to_list()


def test_device_inside_an_allowed_root_is_still_refused(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    (raw / "zero.csv").symlink_to("/dev/zero")
    report = preview(raw, today=TODAY, key=TEST_KEY, roots=(Path("/dev"),))
    assert refused(report, "zero.csv") == ("ce n'est pas un fichier ordinaire mais un périphérique : il n'est pas lu")


def test_symlinked_folder_is_listed_not_skipped(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    write_csv(tmp_path / "autre_annee" / "d.csv", DEM, [["L1", "15/01/2024", "ASSLL", "Cognac"]])
    (raw / "lien_annee").symlink_to(tmp_path / "autre_annee", target_is_directory=True)
    report, _ = report_of(raw, tmp_path)
    assert refused(report, "lien_annee/").startswith("lien symbolique vers un dossier : il n'est pas suivi")


def test_file_over_the_size_budget_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = raw_with_good_file(tmp_path)
    big = write_csv(raw / "gros.csv", DEM, [[f"G{i}", "15/01/2024", "ASSLL", "Cognac"] for i in range(100)])
    monkeypatch.setitem(budgets._load(REFERENCE_DIR), "fichier_octets_max", big.stat().st_size - 1)
    report, _ = report_of(raw, tmp_path)
    assert refused(report, "gros.csv").startswith("fichier trop volumineux (")
    assert "budget fichier_octets_max de data/reference/budgets.csv" in refused(report, "gros.csv")
    assert counts(entry(report, GOOD)) == (2, 2, 0, 0)


def test_the_budgets_are_data() -> None:
    frame = pl.read_csv(REFERENCE_DIR / "budgets.csv")
    assert frame.columns == ["cle", "valeur", "description"]
    values = dict(zip(frame["cle"], frame["valeur"], strict=True))
    assert values["fichier_octets_max"] == 50 * 1024 * 1024
    assert budgets.budget("csv_colonnes_max") == values["csv_colonnes_max"] == 1000


def test_csv_with_16000_empty_trailing_columns_is_cheap(tmp_path: Path) -> None:
    """200 rows with 16,000 empty fields each (3 MB): read as the 4 columns that hold something."""
    tail = ";" * 16_000
    lines = [";".join(DEM) + tail] + [f"T{i};15/01/2024;ASSLL;Cognac{tail}" for i in range(200)]
    data = ("\n".join(lines) + "\n").encode()
    assert len(data) > 3_000_000
    table = read_csv_table(data, "large.csv")
    assert table.frame.shape == (201, 5)  # c0..c3 and the line number
    raw = tmp_path / "brut"
    raw.mkdir()
    (raw / "large.csv").write_bytes(data)
    report, _ = report_of(raw, tmp_path)
    assert counts(entry(report, "large.csv")) == (200, 200, 0, 0)


def test_csv_over_the_width_budgets_is_refused(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    (raw / "remplie.csv").write_text(";".join(DEM + [f"x{i}" for i in range(1200)]) + "\n", encoding="utf-8")
    (raw / "champs.csv").write_text(";".join(DEM) + ";" * 150_000 + "\n", encoding="utf-8")
    report, _ = report_of(raw, tmp_path)
    assert refused(report, "remplie.csv") == (
        f"CSV trop large : la ligne 1 a {fmt.number(1204)} colonnes remplies ; "
        f"{fmt.number(1000)} au plus (budget csv_colonnes_max de "
        "data/reference/budgets.csv)"
    )
    assert refused(report, "champs.csv").startswith(f"CSV démesuré : la ligne 1 a {fmt.number(150_004)} champs ;")


# --- decoding per line, NUL bytes anywhere -------------------------------------------------------


def test_one_windows_1252_line_in_a_utf8_file(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    rows = [[f"U{i}", "15/01/2024", "ASSLL", "Ruffécois"] for i in range(89)]
    path = write_csv(raw / "mixte.csv", DEM, rows, encoding="utf-8")
    with path.open("ab") as fh:
        fh.write("U89;15/01/2024;ASSLL;Ruffécois\n".encode("cp1252"))
    report, tables = report_of(raw, tmp_path)
    f = entry(report, "mixte.csv")
    assert (f["table"], counts(f), f["encodage"]) == ("demandes", (90, 90, 0, 0), "UTF-8, lignes en Windows-1252")
    assert f["avertissements"] == [
        "1 ligne non codée en UTF-8 (ligne 91) : lue en Windows-1252, le reste du fichier "
        "en UTF-8 ; vérifiez leurs accents"
    ]
    assert set(tables["demandes"]["secteur"].to_list()) == {"Ruffécois"}


def test_a_windows_1252_file_is_read_whole_without_warning(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_csv(raw / "ansi.csv", DEM, [["W1", "15/01/2024", "ASSLL", "Ruffécois"]], encoding="cp1252")
    report, _ = report_of(raw, tmp_path)
    f = entry(report, "ansi.csv")
    assert (f["encodage"], f.get("avertissements")) == ("Windows-1252", None)


@pytest.mark.parametrize("line", [1, 80])
def test_a_nul_byte_is_handled_the_same_wherever_it_is(tmp_path: Path, line: int) -> None:
    raw = tmp_path / "brut"
    lines = [";".join(DEM)] + [f"N{i};15/01/2024;ASSLL;Cognac" for i in range(99)]
    lines[line - 1] = lines[line - 1].replace(";", "\x00;", 1)
    raw.mkdir()
    (raw / "nul.csv").write_bytes(("\n".join(lines) + "\n").encode())
    report, _ = report_of(raw, tmp_path)
    f = entry(report, "nul.csv")
    assert counts(f) == (99, 99, 0, 0)
    assert f["avertissements"] == [f"1 caractère nul (octet 0) retiré, ligne {line}"]


def test_many_control_bytes_make_a_binary_file_wherever_they_are(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    text = ("\n".join(f"B{i};15/01/2024;ASSLL;Cognac" for i in range(200)) + "\n").encode()
    (raw / "fin_binaire.csv").write_bytes(";".join(DEM).encode() + b"\n" + text + b"\x00\x01\x02" * 400)
    report, _ = report_of(raw, tmp_path)
    f = entry(report, "fin_binaire.csv")
    assert (f["statut"], f["motif"]) == ("illisible", "fichier binaire : ce n'est pas un tableau CSV lisible")


# --- vanished records, keys --------------------------------------------------------------------


def test_ingest_of_another_folder_needs_a_go_ahead(tmp_path: Path) -> None:
    warehouse = tmp_path / "entrepot"
    raw = tmp_path / "brut"
    write_csv(raw / "a.csv", DEM, [[f"D{i}", "15/01/2024", "ASSLL", "Cognac"] for i in range(20)])
    assert run_ingest(raw, warehouse)["disparus"] is None
    other = tmp_path / "autre"
    write_csv(other / "a.csv", DEM, [[f"D{i}", "15/01/2024", "ASSLL", "Cognac"] for i in range(12)])
    before = (warehouse / "CURRENT").read_text()
    with pytest.raises(TooManyVanish) as refusal:
        ingest(other, warehouse, today=TODAY, key=TEST_KEY, replace=False)
    assert str(refusal.value).startswith(
        "8 enregistrements de la version précédente (sur 20) n'y sont plus : 8 demande(s). C'est plus d'un dixième"
    )
    assert (warehouse / "CURRENT").read_text() == before
    report = ingest(other, warehouse, today=TODAY, key=TEST_KEY, replace=True)
    assert report["disparus"] == {
        "precedents": 20,
        "disparus": 8,
        "par_table": {"demandes": 8, "mesures": 0, "passages_gts": 0, "mutualisations": 0},
    }
    # two of 12 vanishing is more than a tenth; one of 12 is not
    write_csv(other / "a.csv", DEM, [[f"D{i}", "15/01/2024", "ASSLL", "Cognac"] for i in range(11)])
    assert ingest(other, warehouse, today=TODAY, key=TEST_KEY, replace=False)["disparus"]["disparus"] == 1


@pytest.mark.parametrize("key", ["", "   ", "court"])
def test_empty_or_short_key_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    key_file = tmp_path / "cle"
    key_file.write_text(key, encoding="utf-8")
    monkeypatch.delenv("ASSLL_HASH_KEY")
    monkeypatch.setenv("ASSLL_KEY_FILE", str(key_file))
    raw = raw_with_good_file(tmp_path)
    with pytest.raises(UnusableInput) as refusal:
        preview(raw, today=TODAY)
    assert str(refusal.value).startswith(f"Clé de pseudonymisation refusée : la clé du fichier {key_file} est ")
    assert "au moins 16 caractères" in str(refusal.value)


def test_empty_environment_key_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSLL_HASH_KEY", "")
    with pytest.raises(UnusableInput, match="la clé de la variable d'environnement ASSLL_HASH_KEY est vide"):
        preview(raw_with_good_file(tmp_path), today=TODAY)


# --- the command line --------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["10000", "-5", str(10**20), "abc", "2024.0"])
def test_out_of_range_years_exit_2_in_french(capsys: pytest.CaptureFixture, year: str) -> None:
    assert main(["indicators", "--year", year]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert err.splitlines()[-1].startswith("Erreur : argument --year : année")


def test_cli_ingest_needs_remplacer_and_prints_no_escape_sequence(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    warehouse = tmp_path / "entrepot"
    raw = tmp_path / "brut"
    rows = [[f"D{i}", "15/01/2024", "ASSLL", "Cognac"] for i in range(100)]
    hostile = "\x1b]8;;file:///etc/passwd\x07lien\x1b]8;;\x07\x1b[2J"  # a link, then a cleared screen
    write_csv(raw / "a.csv", [*DEM, "Prescripteur"], [[*r, hostile if i == 0 else ""] for i, r in enumerate(rows)])
    argv = ["ingest", str(raw), "--warehouse", str(warehouse), "--date-import", TODAY.isoformat()]
    assert main(argv) == 0
    out, _ = capsys.readouterr()
    assert "« lien »" in out and "\x1b" not in out and "\x07" not in out
    assert main([*argv, "--json"]) == 0
    out, _ = capsys.readouterr()
    assert "\x1b" not in out and "\\u001b]8;;file:///etc/passwd" in out
    write_csv(raw / "a.csv", DEM, rows[:50])
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(
        "Erreur : 50 enregistrements de la version précédente (sur 100) n'y sont "
        "plus : 50 demande(s). C'est plus d'un dixième : l'entrepôt n'a pas été "
        "modifié. Si ce dossier doit bien remplacer tout l'entrepôt, relancez avec "
        "--remplacer."
    )
    assert main([*argv, "--remplacer"]) == 0
    out, _ = capsys.readouterr()
    assert (
        "Version précédente de l'entrepôt : 50 enregistrements de la version précédente (sur 100) n'y sont "
        "plus : 50 demande(s)."
    ) in out


def test_partial_copy_of_a_killed_import_is_never_read(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    write_csv(raw / f"{PARTIAL_PREFIX}import_2025" / "d.csv", DEM, [["P1", "15/01/2024", "ASSLL", "Cognac"]])
    report, tables = report_of(raw, tmp_path)
    assert refused(report, f"{PARTIAL_PREFIX}import_2025/").startswith("copie inachevée d'un import interrompu")
    assert "P1" not in tables["demandes"]["id_demande"].to_list()


def test_xlsx_download_has_no_live_link() -> None:
    import zipfile

    import openpyxl

    from dashboard.exports import xlsx_bytes

    frame = pl.DataFrame(
        {
            "valeur": [
                "file:///C:\\Windows\\System32\\calc.exe",
                "file:///\\\\attacker.example\\x",
                "https://attacker.example/",
                '=HYPERLINK("http://x")',
            ]
        }
    )
    data = xlsx_bytes(frame)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert not any(b"<hyperlink" in archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet["A"]][1:] == [*frame["valeur"][:3], '\'=HYPERLINK("http://x")']
