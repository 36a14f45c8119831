"""Paths the system cannot reach (nested beyond its path length, a folder that cannot be crossed): listed in the
import report with a French reason, and every readable file is read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import write_csv

from pipelines.ingest.folder import list_files
from tests.bad_input_helpers import DEM, assert_good_file_loaded, ingest_folder, raw_with_good_file

LONG = "d" * 200
TOO_LONG = (
    "dossier inaccessible : chemin trop long pour le système (trop de sous-dossiers ou des noms trop longs) ; "
    "rapprochez-le du dossier importé ; ses fichiers ne sont pas lus"
)


def _nest_beyond_path_max(raw: Path, depth: int = 30) -> None:
    """raw/ddd…/ddd…/… (30 × 200 characters, beyond Linux's 4 096) with a CSV at the bottom, made one level at a
    time relative to an open folder, as a copy tool would."""
    fd = os.open(raw, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(LONG, dir_fd=fd)
            inner = os.open(LONG, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        out = os.open("demandes.csv", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        with os.fdopen(out, "w", encoding="utf-8") as fh:
            fh.write("N° demande;Date demande;Type;Secteur\nD9;15/01/2024;ASSLL;Cognac\n")
    finally:
        os.close(fd)


def test_a_folder_nested_beyond_the_path_length_is_listed_and_the_rest_is_read(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    write_csv(raw / "2024" / "autres.csv", DEM, [["D3", "17/01/2024", "ASSLL", "Cognac"]])
    _nest_beyond_path_max(raw)
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert "D3" in tables["demandes"]["id_demande"].to_list()
    [unreachable] = [f for f in report["files"] if f["fichier"].startswith("ddd")]
    assert (unreachable["statut"], unreachable["motif"]) == ("illisible", TOO_LONG)
    assert unreachable["fichier"] == "d" * 80 + "…" + "d" * 79 + "/"  # its start and its end: 4 000 characters


def test_a_folder_that_cannot_be_crossed_is_listed_and_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder listed but not crossable (`chmod a-x`, which does not stop root): its entries cannot even be
    examined; simulated on the examination of that one folder's entries."""
    raw = raw_with_good_file(tmp_path)
    write_csv(raw / "ferme" / "sous" / "demandes.csv", DEM, [["D3", "17/01/2024", "ASSLL", "Cognac"]])
    is_symlink = Path.is_symlink

    def refuse(path: Path) -> bool:
        if path.parent.name == "ferme":
            raise PermissionError(13, "Permission denied", str(path))
        return is_symlink(path)

    monkeypatch.setattr(Path, "is_symlink", refuse)
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    [closed] = [f for f in report["files"] if f["fichier"].startswith("ferme")]
    assert (closed["fichier"], closed["statut"], closed["motif"]) == (
        "ferme/sous/",
        "illisible",
        "dossier illisible : accès refusé ; ses fichiers ne sont pas lus",
    )


def test_the_listing_goes_on_past_an_unreachable_folder(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    (raw / "a").mkdir(parents=True)
    (raw / "a" / "x.csv").write_text("x", encoding="utf-8")
    (raw / "z.csv").write_text("z", encoding="utf-8")
    _nest_beyond_path_max(raw / "a")
    errors: list[tuple[str, OSError]] = []
    assert [rel for rel, _ in list_files(raw, errors)] == ["a/x.csv", "z.csv"]
    assert [(rel[:6], exc.errno) for rel, exc in errors] == [("a/dddd", 36)]
