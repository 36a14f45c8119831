"""Bad inputs: the same file twice, folders, files that go away; the command line on representative cases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_ingest, write_csv, write_xlsx

from pipelines.ingest import readers
from pipelines.ingest.pipeline import UnusableInput
from tests.bad_input_helpers import (
    DEM,
    GOOD,
    GOOD_ROWS,
    GTS,
    MES,
    assert_good_file_loaded,
    assert_unreadable,
    counts,
    counts_of,
    entry,
    ingest_folder,
    raw_with_good_file,
    run_cli,
    says,
)

# --- the same file twice, folders, files that go away -------------------------------------------


def test_same_file_twice_under_two_names(tmp_path: Path) -> None:
    """Byte-identical files: the second (in path order) is ignored and says which one it copies, so rows
    without an identifier of their own (passages en GTS) are not counted twice."""
    raw = raw_with_good_file(tmp_path)
    gts_rows = [["15/02/2024", "D1", "", "Nouvelle demande"], ["15/03/2024", "D2", "", "Bilan"]]
    write_csv(raw / "2024" / "gts.csv", GTS, gts_rows)
    write_csv(raw / "2024" / "gts (copie).csv", GTS, gts_rows)
    write_csv(raw / "demandes_copie.csv", DEM, GOOD_ROWS)
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    copy = entry(report, "2024/gts.csv")  # "gts (copie).csv" sorts first (" " < ".")
    assert (copy["statut"], copy["table"]) == ("ignoré", None)
    assert copy["motif"] == (
        "contenu identique à « 2024/gts (copie).csv », déjà lu : ce doublon est ignoré pour "
        "ne pas compter ses lignes deux fois"
    )
    assert counts(entry(report, "2024/gts (copie).csv")) == (2, 2, 0, 0)
    assert counts_of(report, "passages_gts") == (2, 2, 0, 0)
    assert tables["passages_gts"].height == 2
    assert entry(report, "demandes_copie.csv")["statut"] == "ignoré"
    assert says(entry(report, "demandes_copie.csv")["motif"], "contenu identique", GOOD)


def test_folder_with_no_recognisable_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    raw = tmp_path / "brut"
    write_csv(raw / "contacts.csv", ["Nom", "Téléphone"], [["Fictif", "00"]])
    (raw / "notes.pdf").write_bytes(b"%PDF-1.4")
    (raw / "vide.csv").write_bytes(b"")
    with pytest.raises(UnusableInput) as info:
        run_ingest(raw, tmp_path / "entrepot")
    message = str(info.value)
    assert says(message, "aucun tableau reconnu", "fichiers examinés")
    assert "contacts.csv : ignoré — aucun en-tête reconnu" in message
    assert "notes.pdf : ignoré — format non pris en charge (.pdf)" in message
    assert "vide.csv : illisible — fichier vide" in message
    code, out, err = run_cli(capsys, str(raw), "--warehouse", str(tmp_path / "entrepot"))
    assert (code, out) == (1, "")
    assert err.startswith("Erreur : Aucun tableau reconnu")
    assert not (tmp_path / "entrepot" / "CURRENT").exists()


def test_empty_folder_is_unusable(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    raw = tmp_path / "brut"
    raw.mkdir()
    code, _, err = run_cli(capsys, str(raw), "--warehouse", str(tmp_path / "entrepot"))
    assert code == 1
    assert "Le dossier ne contient aucun fichier." in err


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (FileNotFoundError(2, "No such file or directory"), ["fichier disparu pendant la lecture"]),
        (PermissionError(13, "Permission denied"), ["fichier illisible", "accès refusé"]),
        (OSError(5, "Input/output error"), ["fichier illisible", "erreur du système de fichiers", "code 5"]),
    ],
)
def test_file_that_disappears_or_becomes_unreadable_while_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, words: list[str]
) -> None:
    raw = raw_with_good_file(tmp_path)
    write_csv(raw / "fragile.csv", DEM, [["D3", "17/01/2024", "ASSLL", "Cognac"]])
    write_xlsx(raw / "fragile.xlsx", {"Demandes": [DEM, ["D4", "18/01/2024", "ASSLL", "Cognac"]]})
    read_csv = readers.read_csv_table

    def failing_csv(data: bytes, rel: str):  # the file goes away once reading has begun
        if rel == "fragile.csv":
            raise error
        return read_csv(data, rel)

    def failing_xlsx(data: bytes, rel: str):
        raise error

    monkeypatch.setattr(readers, "read_csv_table", failing_csv)
    monkeypatch.setattr(readers, "read_xlsx_tables", failing_xlsx)
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert_unreadable(report, "fragile.csv", *words)
    assert_unreadable(report, "fragile.xlsx", *words)
    assert tables["demandes"]["id_demande"].sort().to_list() == ["D1", "D2"]


def test_file_unreadable_on_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000 does not stop root: the refusal is simulated on the budgeted read of that one file."""
    from pipelines.ingest import budgets

    raw = raw_with_good_file(tmp_path)
    locked = write_csv(raw / "verrouille.csv", DEM, [["D3", "17/01/2024", "ASSLL", "Cognac"]])
    read_checked = budgets.read_checked

    def refuse(path: Path, roots: list[Path]) -> bytes:
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return read_checked(path, roots)

    monkeypatch.setattr(budgets, "read_checked", refuse)
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert_unreadable(report, "verrouille.csv", "accès refusé")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root lit un fichier chmod 000")
def test_chmod_000_file(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    locked = write_csv(raw / "verrouille.csv", DEM, [["D3", "17/01/2024", "ASSLL", "Cognac"]])
    locked.chmod(0)
    try:
        report, tables = ingest_folder(raw, tmp_path)
    finally:
        locked.chmod(0o644)
    assert_good_file_loaded(report, tables)
    assert_unreadable(report, "verrouille.csv", "accès refusé")


def test_sub_folder_that_cannot_be_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = raw_with_good_file(tmp_path)
    write_csv(raw / "prive" / "demandes.csv", DEM, [["D3", "17/01/2024", "ASSLL", "Cognac"]])
    scandir = os.scandir

    def refuse(path: object = ".") -> object:
        if Path(os.fspath(path)).name == "prive":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    f = entry(report, "prive/")
    assert (f["statut"], f["motif"]) == ("illisible", "dossier illisible : accès refusé ; ses fichiers ne sont pas lus")


def test_unexpected_reader_failure_stops_only_that_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = raw_with_good_file(tmp_path)
    write_csv(raw / "zz_bizarre.csv", DEM, [["D3", "17/01/2024", "ASSLL", "Cognac"]])
    read_csv = readers.read_csv_table

    def broken(data: bytes, rel: str):
        if rel == "zz_bizarre.csv":
            raise RuntimeError("bogue du lecteur")
        return read_csv(data, rel)

    monkeypatch.setattr(readers, "read_csv_table", broken)
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    f = entry(report, "zz_bizarre.csv")
    assert f["statut"] == "illisible"
    assert says(f["motif"], "erreur inattendue", "les autres fichiers sont importés")
    assert f["detail_technique"] == "RuntimeError: bogue du lecteur"


def test_file_name_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A name written on Windows and copied as bytes: shown as Windows-1252, never a traceback."""
    raw = raw_with_good_file(tmp_path)
    name = os.fsdecode(b"donn\xe9es 2024.csv")
    write_csv(raw / name, DEM, [["D3", "17/01/2024", "ASSLL", "Cognac"], ["D4", "", "ASSLL", "Cognac"]])
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert counts(entry(report, "données 2024.csv")) == (2, 1, 1, 0)
    assert set(tables["quarantaine"]["fichier"].to_list()) == {"données 2024.csv"}
    code, out, err = run_cli(capsys, str(raw), "--warehouse", str(tmp_path / "entrepot_cli"))
    assert (code, err) == (0, "")
    assert "données 2024.csv, ligne 3 : valeur obligatoire manquante : date de la demande" in out


# --- the command line on representative cases ---------------------------------------------------


def test_cli_exit_0_with_quarantine_and_unreadable_files(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    raw = raw_with_good_file(tmp_path)
    (raw / "bruit.csv").write_bytes(b"\x00\x01\x02\xff" * 500)
    (raw / "vide.xlsx").write_bytes(b"")
    write_csv(raw / "dates.csv", DEM, [["D3", "31/02/2024", "ASSLL", "Cognac"]])
    write_csv(
        raw / "deux_tableaux.csv", DEM, [["D4", "17/01/2024", "ASSLL", "Cognac"], MES, ["M1", "D4", "01/02/2024", ""]]
    )
    code, out, err = run_cli(capsys, str(raw), "--warehouse", str(tmp_path / "entrepot"))
    assert (code, err) == (0, "")
    assert "bruit.csv : illisible — fichier binaire : ce n'est pas un tableau CSV lisible" in out
    assert "vide.xlsx : illisible — classeur Excel vide (0 octet)" in out
    assert "dates.csv, ligne 2 : date illisible (date de la demande) : « 31/02/2024 »" in out
    assert "      attention : second tableau dans le fichier (en-tête de mesures ligne 3)" in out
    assert "deux_tableaux.csv, ligne 4 : second tableau dans le fichier (en-tête de mesures ligne 3)" in out
    assert "demandes : 6 lues = 3 chargées + 3 en quarantaine + 0 ignorée ; 3 enregistrements distincts" in out


def test_cli_warehouse_that_cannot_be_written(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    raw = raw_with_good_file(tmp_path)
    blocker = tmp_path / "un_fichier"
    blocker.write_text("pas un dossier", encoding="utf-8")
    code, out, err = run_cli(capsys, str(raw), "--warehouse", str(blocker / "entrepot"))
    assert (code, out) == (1, "")
    assert err == (
        f"Erreur : opération impossible sur « {blocker / 'entrepot'} » : un élément du chemin est un "
        "fichier et non un dossier.\n"
    )
