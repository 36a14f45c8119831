"""`preview()`: the report `ingest()` would give, without touching any warehouse."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from conftest import TEST_KEY, TODAY, run_ingest, write_csv

from pipelines.ingest.pipeline import UnusableInput, preview
from pipelines.reference import settings
from pipelines.store.warehouse import CURRENT, current_version
from tests.indicator_folder import build_indicator_raw

NEW_REQUESTS = ["N° demande", "Date demande", "Type", "Secteur"]


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = build_indicator_raw(tmp_path / "brut")
    # a quarantined row, an ignored file and a file without a recognised table in the mix
    with (folder / "2024" / "mutualisations.csv").open("a", encoding="utf-8") as fh:
        fh.write("30/02/2024;M9;Cognac;Ruffécois\n")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    write_csv(folder / "contacts.csv", ["Nom", "Téléphone"], [["Fictif", "00"]])
    return folder


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every folder and file under folder (hidden ones too), files with their digest and modification time."""
    found: dict[str, tuple[str, int]] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            found[(Path(root) / name).relative_to(folder).as_posix() + "/"] = ("dossier", 0)
        for name in files:
            path = Path(root) / name
            found[path.relative_to(folder).as_posix()] = (
                hashlib.sha256(path.read_bytes()).hexdigest(),
                path.stat().st_mtime_ns,
            )
    return found


def test_preview_leaves_the_warehouse_byte_identical(raw: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "entrepot"
    run_ingest(raw, warehouse, key=TEST_KEY)
    before = snapshot(warehouse)
    current = (warehouse / CURRENT).read_text()
    # more exports than the warehouse holds: the preview sees them, the warehouse does not
    write_csv(raw / "2025" / "demandes_2025.csv", NEW_REQUESTS, [["D2501", "10/01/2025", "ASSLL", "Cognac"]])
    report = preview(raw, today=TODAY, key=TEST_KEY)
    assert report["tables"]["demandes"]["records"] == 18
    assert snapshot(warehouse) == before
    assert (warehouse / CURRENT).read_text() == current


def test_preview_creates_no_warehouse(raw: Path, tmp_path: Path) -> None:
    default = settings.warehouse_dir()  # $ASSLL_WAREHOUSE, set by the test isolation
    preview(raw, today=TODAY, key=TEST_KEY)
    assert not default.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brut"]


def test_preview_leaves_the_raw_folder_as_it_was(raw: Path) -> None:
    before = snapshot(raw)
    preview(raw, today=TODAY, key=TEST_KEY)
    assert snapshot(raw) == before


def test_preview_reports_what_ingest_reports(raw: Path, tmp_path: Path) -> None:
    seen = preview(raw, today=TODAY, key=TEST_KEY)
    published = run_ingest(raw, tmp_path / "entrepot", key=TEST_KEY)
    assert published.pop("nettoyage") == []
    assert seen == published
    demandes = seen["tables"]["demandes"]
    assert (demandes["read"], demandes["loaded"], demandes["quarantined"], demandes["ignored"]) == (17, 17, 0, 0)
    mutual = seen["tables"]["mutualisations"]
    assert mutual["read"] == mutual["loaded"] + mutual["quarantined"] + mutual["ignored"]
    assert mutual["quarantined"] == 1
    statuses = {f["fichier"]: f["statut"] for f in seen["files"]}
    assert statuses["notes.pdf"] == "ignoré" and statuses["contacts.csv"] == "ignoré"


def test_preview_then_ingest_same_version_content(raw: Path, tmp_path: Path) -> None:
    """A preview between two ingests changes nothing in what the second one publishes."""
    first, second = tmp_path / "a", tmp_path / "b"
    run_ingest(raw, first, key=TEST_KEY)
    preview(raw, today=TODAY, key=TEST_KEY)
    run_ingest(raw, second, key=TEST_KEY)
    digest = {p.name: p.read_bytes() for p in current_version(first).glob("*.parquet")}
    assert digest == {p.name: p.read_bytes() for p in current_version(second).glob("*.parquet")}


def test_preview_of_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(UnusableInput, match="n'existe pas"):
        preview(tmp_path / "absent", today=TODAY, key=TEST_KEY)


def test_preview_of_a_folder_without_tables(tmp_path: Path) -> None:
    write_csv(tmp_path / "brut" / "contacts.csv", ["Nom", "Téléphone"], [["Fictif", "00"]])
    with pytest.raises(UnusableInput, match="Aucun tableau reconnu"):
        preview(tmp_path / "brut", today=TODAY, key=TEST_KEY)
