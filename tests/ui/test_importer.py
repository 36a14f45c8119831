"""Importer des exports: checks of the uploads, preview without change, confirmed import, one at a time."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import tempfile
import threading
import time
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import upload_names, uploads
from pipelines.ingest.pipeline import ingest
from pipelines.published import fmt
from pipelines.reference import settings
from pipelines.store.warehouse import CURRENT, current_version

PAGE = "app_pages/importer.py"
APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
HEADER = "N° demande;Date demande;Type;Secteur;Commune\n"
NEW_REQUESTS = (
    HEADER + "X1;15/01/2024;ASSLL;Cognac;Cognac\n"
    "X2;31/02/2024;ASSLL;Cognac;Cognac\n"  # impossible date: quarantine
    "X3;15/01/2024;ASSLL;Atlantide;Cognac\n"
).encode("cp1252")  # unknown sector


def upload(name: str, content: bytes) -> uploads.Upload:
    return uploads.Upload(name, len(content), lambda: content)


def snapshot(folder: Path) -> dict[str, str]:
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            found[os.path.relpath(os.path.join(root, name), folder) + "/"] = ""
        for name in files:
            path = Path(root) / name
            found[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture(autouse=True)
def _private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The uploads' temporary folders go under the test's own folder, not the machine's /tmp."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))


@pytest.fixture
def place(tmp_path: Path, demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A private copy of the demo warehouse and an empty raw folder, both in force for the app."""
    warehouse, raw = tmp_path / "entrepot", tmp_path / "exports"
    shutil.copytree(demo_warehouse, warehouse)
    monkeypatch.setenv(settings.WAREHOUSE_ENV, str(warehouse))
    monkeypatch.setenv(settings.RAW_DIR_ENV, str(raw))
    return warehouse, raw


# --- checks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "size", "reason"),
    [
        ("demandes.xlsx", 10, None),
        ("DEMANDES.CSV", 10, None),
        ("notes.txt", upload_names.MAX_BYTES, None),
        ("notes.pdf", 10, "format non pris en charge (.pdf)"),
        ("classeur.xls", 10, "format non pris en charge (.xls)"),
        ("sans_extension", 10, "format non pris en charge (sans extension)"),
        ("vide.csv", 0, "fichier vide"),
        ("gros.csv", upload_names.MAX_BYTES + 1, "fichier trop volumineux (50,0 Mo) : 50 Mo au plus par fichier"),
    ],
)
def test_check(name: str, size: int, reason: str | None) -> None:
    found = upload_names.check(name, size)
    if reason is None:
        assert found is None
    else:
        assert found is not None and found.startswith(reason)


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("demandes 2024.csv", "demandes 2024.csv"),
        ("../../etc/passwd.csv", "passwd.csv"),
        ("C:\\Users\\x\\Suivi ASSLL.XLSX", "Suivi ASSLL.xlsx"),
        (".cache.csv", "cache.csv"),
        ("a<b>|c?*.txt", "a_b_c.txt"),
        ("...csv", "fichier.csv"),
        ("Réponses été.csv", "Réponses été.csv"),
    ],
)
def test_safe_name(given: str, safe: str) -> None:
    assert upload_names.safe_name(given) == safe


def test_store_uses_generated_names_in_a_private_folder(tmp_path: Path) -> None:
    folder = tmp_path / "envoi"
    folder.mkdir()
    stored, refused = uploads.store(
        [
            upload("../../demandes.csv", b"a;b\n"),
            upload("demandes.csv", b"c;d\n"),
            upload("notes.pdf", b"%PDF"),
            upload("vide.csv", b""),
        ],
        folder,
        "import_2025-01-01_000000",
    )
    assert [(name, reason.split(" :")[0].split(" (")[0]) for name, reason in refused] == [
        ("notes.pdf", "format non pris en charge"),
        ("vide.csv", "fichier vide"),
    ]
    assert [s.target for s in stored] == [
        "import_2025-01-01_000000/demandes.csv",
        "import_2025-01-01_000000/demandes-2.csv",
    ]
    for item in stored:
        assert item.path.parent == folder
        assert "demandes" not in item.path.name and item.path.suffix == ".csv"
        assert stat.S_IMODE(item.path.stat().st_mode) == 0o600
    assert sorted(p.read_bytes() for p in folder.iterdir()) == [b"a;b\n", b"c;d\n"]


def test_announced_size_is_not_trusted(tmp_path: Path) -> None:
    big = uploads.Upload("demandes.csv", 10, lambda: b"x" * (upload_names.MAX_BYTES + 1))
    stored, refused = uploads.store([big], tmp_path, "import_x")
    assert not stored and "trop volumineux" in refused[0][1]


def test_forgotten_uploads_do_not_stay() -> None:
    base = Path(tempfile.gettempdir())
    old, fresh, other = base / f"{uploads.TMP_PREFIX}ancien", base / f"{uploads.TMP_PREFIX}recent", base / "autre"
    for folder in (old, fresh, other):
        folder.mkdir()
        (folder / "demandes.csv").write_bytes(b"x")
    a_day_ago = time.time() - 24 * 3600
    for folder in (old, other):
        os.utime(folder, (a_day_ago, a_day_ago))
    assert uploads.clean_stale() == [old]
    assert not old.exists() and fresh.exists() and other.exists()


# --- preview --------------------------------------------------------------------------------


def test_prepare_previews_without_changing_anything(place: tuple[Path, Path]) -> None:
    warehouse, raw = place
    (raw / "2024").mkdir(parents=True)
    (raw / "2024" / "mutualisations.csv").write_text(
        "Date mutualisation;N° mesure;Secteur d'origine;Secteur d'accueil\n01/04/2024;M4;Cognac;Ruffécois\n",
        encoding="utf-8",
    )
    before_raw, before_wh = snapshot(raw), snapshot(warehouse)
    pending = uploads.prepare([upload("nouvelles demandes.csv", NEW_REQUESTS), upload("notes.pdf", b"%PDF")], raw)
    try:
        assert snapshot(raw) == before_raw and snapshot(warehouse) == before_wh
        assert pending.error is None and pending.report is not None
        assert pending.refused[0][0] == "notes.pdf"
        [item] = pending.stored
        assert item.target.startswith(upload_names.SUBFOLDER_PREFIX) and item.target.endswith("/nouvelles demandes.csv")
        assert pending.importable() == [item]
        report = pending.report
        files = {f["fichier"]: f for f in report["files"]}
        assert files[item.target]["table"] == "demandes"
        assert (files[item.target]["lues"], files[item.target]["chargees"], files[item.target]["quarantaine"]) == (
            3,
            2,
            1,
        )
        assert "2024/mutualisations.csv" in files  # the raw folder in use is read too
        assert report["dossier"] == str(raw)
        assert [q["ligne"] for q in report["quarantine"] if q["fichier"] == item.target] == [3]
        assert any(u["valeur_brute"] == "Atlantide" for u in report["unrecognised"])
        assert not (pending.folder / "apercu").exists()
    finally:
        pending.discard()
    assert not pending.folder.exists()


def test_prepare_reports_a_file_without_table(place: tuple[Path, Path]) -> None:
    _, raw = place
    pending = uploads.prepare([upload("contacts.csv", b"Nom;Telephone\nFictif;00\n")], raw)
    try:
        assert pending.report is None and pending.importable() == []
        assert pending.error and "Aucun tableau reconnu" in pending.error
        assert "apercu" not in pending.error  # the user's folder is named, not the preview's
    finally:
        pending.discard()


# --- confirmation ---------------------------------------------------------------------------


def test_confirm_copies_into_a_dated_folder_and_ingests(place: tuple[Path, Path]) -> None:
    warehouse, raw = place
    old = current_version(warehouse)
    pending = uploads.prepare([upload("demandes.csv", NEW_REQUESTS), upload("vide.txt", b"rien\n")], raw)
    try:
        report = uploads.confirm(pending, warehouse, replace=True)
    finally:
        pending.discard()
    [folder] = list(raw.iterdir())
    assert folder.name.startswith(upload_names.SUBFOLDER_PREFIX)
    assert sorted(p.name for p in folder.iterdir()) == ["demandes.csv"]  # not the file without a table
    assert (folder / "demandes.csv").read_bytes() == NEW_REQUESTS
    assert current_version(warehouse) != old
    assert report["tables"]["demandes"]["records"] == 2
    # the same counts as the preview and as an ingest of the raw folder
    assert report["tables"] == pending.report["tables"]
    assert ingest(raw, warehouse.parent / "autre")["tables"] == report["tables"]


def test_confirm_waits_for_no_one_when_busy(place: tuple[Path, Path]) -> None:
    warehouse, raw = place
    current = (warehouse / CURRENT).read_bytes()
    pending = uploads.prepare([upload("demandes.csv", NEW_REQUESTS)], raw)
    lock = threading.Lock()
    lock.acquire()
    try:
        with pytest.raises(uploads.ImportBusy, match="déjà en cours"):
            uploads.confirm(pending, warehouse, lock=lock)
    finally:
        lock.release()
        pending.discard()
    assert (warehouse / CURRENT).read_bytes() == current
    assert not raw.exists() or not any(raw.iterdir())


def test_the_process_lock_is_released_after_an_import(place: tuple[Path, Path]) -> None:
    warehouse, raw = place
    pending = uploads.prepare([upload("demandes.csv", NEW_REQUESTS)], raw)
    try:
        uploads.confirm(pending, warehouse, replace=True)
    finally:
        pending.discard()
    assert not uploads._IMPORT_LOCK.locked()


def test_failed_ingest_leaves_warehouse_and_raw_folder_as_they_were(
    place: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse, raw = place
    (raw / "2024").mkdir(parents=True)
    # Other requests than the upload's: a byte-identical copy would be ignored as already imported.
    (raw / "2024" / "demandes.csv").write_bytes(HEADER.encode() + b"A1;10/01/2024;ASSLL;Cognac;Cognac\n")
    before_raw, before_wh = snapshot(raw), snapshot(warehouse)
    pending = uploads.prepare([upload("autres.csv", NEW_REQUESTS)], raw)

    def broken(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(uploads.isolated, "run", broken)
    try:
        with pytest.raises(uploads.ImportFailed) as failure:
            uploads.confirm(pending, warehouse)
    finally:
        pending.discard()
    assert "L'entrepôt n'a pas été modifié" in str(failure.value) and "RuntimeError" not in str(failure.value)
    assert snapshot(raw) == before_raw
    assert snapshot(warehouse) == before_wh
    assert not uploads._IMPORT_LOCK.locked()


def test_upload_identical_to_an_imported_export_is_not_imported_twice(place: tuple[Path, Path]) -> None:
    warehouse, raw = place
    (raw / "2024").mkdir(parents=True)
    (raw / "2024" / "demandes.csv").write_bytes(NEW_REQUESTS)
    before_raw, before_wh = snapshot(raw), snapshot(warehouse)
    pending = uploads.prepare([upload("copie.csv", NEW_REQUESTS)], raw)
    try:
        assert pending.importable() == []
        [copy] = [f for f in pending.report["files"] if f["fichier"] == pending.stored[0].target]
        assert (copy["statut"], copy["motif"].startswith("contenu identique à")) == ("ignoré", True)
        with pytest.raises(uploads.ImportFailed) as failure:
            uploads.confirm(pending, warehouse)
    finally:
        pending.discard()
    assert str(failure.value).startswith("Les fichiers envoyés sont déjà importés")
    assert snapshot(raw) == before_raw
    assert snapshot(warehouse) == before_wh


# --- the page -------------------------------------------------------------------------------


def plain(markdown: str) -> str:
    """Markdown as the browser shows it: names from data are backslash-escaped (dashboard.safe_text)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def page(place: tuple[Path, Path]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    return at.switch_page(PAGE).run()


def frame_with(at: AppTest, column: str) -> pl.DataFrame:
    [found] = [pl.from_pandas(df.value) for df in at.dataframe if column in df.value.columns]
    return found


def test_page_runs_without_files(place: tuple[Path, Path]) -> None:
    at = page(place)
    assert not at.exception
    assert at.title[0].value == "Importer des exports"
    assert at.file_uploader(key="imp_fichiers_0").accept_multiple_files
    assert str(place[1]) in plain(at.caption[0].value)
    assert not [b for b in at.button if b.key == "imp_confirmer"]


def test_page_upload_preview_then_import(place: tuple[Path, Path]) -> None:
    warehouse, raw = place
    at = page(place)
    before = snapshot(warehouse)
    at.file_uploader(key="imp_fichiers_0").set_value(
        [("demandes 2024.csv", NEW_REQUESTS, "text/csv"), ("notes.pdf", b"%PDF-1.4", "application/pdf")]
    ).run()
    assert not at.exception
    assert snapshot(warehouse) == before and not raw.exists()  # nothing changed yet
    [refused] = at.error
    assert "**notes.pdf** : format non pris en charge (.pdf) : seuls" in plain(refused.value)
    per_file = frame_with(at, "Fichier envoyé")
    assert per_file.select("Fichier envoyé", "Table", "Lues", "Chargées", "Quarantaine").row(0) == (
        "demandes 2024.csv",
        "Demandes",
        3,
        2,
        1,
    )
    assert "31/02/2024" in " ".join(frame_with(at, "Valeurs brutes")["Valeurs brutes"].to_list())
    assert "Atlantide" in frame_with(at, "Valeur brute")["Valeur brute"].to_list()
    # the demo warehouse came from another folder: the user is told it will be replaced, and how many
    # records vanish; more than a tenth asks for an explicit go-ahead before the button works
    assert any("reconstruira" in w.value for w in at.warning)
    total = fmt.number(10_046)
    assert any(
        plain(w.value).startswith(f"{total} enregistrements de la version précédente (sur {total}) n'y sont plus")
        for w in at.warning
    )
    assert at.button(key="imp_confirmer").disabled
    at.checkbox(key="imp_remplacer").check().run()
    assert not at.button(key="imp_confirmer").disabled

    at.button(key="imp_confirmer").click().run()
    assert not at.exception
    assert any(s.value.startswith("Import terminé : 1 fichier ajouté") and "2 demandes" in s.value for s in at.success)
    assert (warehouse / CURRENT).read_text().startswith("v000002")
    [folder] = list(raw.iterdir())
    assert [p.name for p in folder.iterdir()] == ["demandes 2024.csv"]
    assert at.file_uploader(key="imp_fichiers_1") is not None  # emptied for the next import
    at.switch_page("app_pages/qualite.py").run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Lignes lues"] == "3"  # the cache was cleared


def test_page_when_another_import_runs(place: tuple[Path, Path]) -> None:
    warehouse, _ = place
    current = (warehouse / CURRENT).read_bytes()
    at = page(place)
    at.file_uploader(key="imp_fichiers_0").set_value(("demandes.csv", NEW_REQUESTS, "text/csv")).run()
    at.checkbox(key="imp_remplacer").check().run()
    uploads._IMPORT_LOCK.acquire()
    try:
        at.button(key="imp_confirmer").click().run()
    finally:
        uploads._IMPORT_LOCK.release()
    assert not at.exception
    assert any("Un import est déjà en cours" in w.value for w in at.warning)
    assert (warehouse / CURRENT).read_bytes() == current


def test_page_without_warehouse_imports_the_first_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    warehouse, raw = tmp_path / "entrepot", tmp_path / "exports"
    monkeypatch.setenv(settings.WAREHOUSE_ENV, str(warehouse))
    monkeypatch.setenv(settings.RAW_DIR_ENV, str(raw))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    at.switch_page(PAGE).run()
    assert not at.exception
    at.file_uploader(key="imp_fichiers_0").set_value(("demandes.csv", NEW_REQUESTS, "text/csv")).run()
    assert not at.exception
    assert not any("reconstruira" in w.value for w in at.warning)
    at.button(key="imp_confirmer").click().run()
    assert not at.exception
    assert (warehouse / CURRENT).is_file()
    assert any(s.value.startswith("Import terminé") for s in at.success)
    at.switch_page("app_pages/vue_ensemble.py").run()  # the full dashboard is there now
    assert not at.exception
    assert at.title[0].value == "Vue d'ensemble"
