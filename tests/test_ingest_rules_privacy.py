"""Row rules: personal data (unknown columns dropped, household id hashed with a key)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl
from conftest import TEST_KEY, write_csv

from pipelines.reference.text import fold
from pipelines.store.warehouse import current_version
from tests.ingest_rules_helpers import DEM, counts, ingest_folder

# --- personal data --------------------------------------------------------------------------

FAKE_NAME = "Fictif-Testeur Zébulon"
FAKE_HOUSEHOLD = "MEN-TEST-0042"


def all_cells(frame: pl.DataFrame) -> list[str]:
    return [str(v) for row in frame.iter_rows() for v in row]


def privacy_folder(raw: Path) -> Path:
    header = [*DEM, "Nom usager", "N° ménage", "Observations libres"]
    write_csv(
        raw / "demandes.csv",
        header,
        [
            ["D1", "15/01/2024", "ASSLL", "Cognac", FAKE_NAME, FAKE_HOUSEHOLD, f"appel de {FAKE_NAME}"],
            ["D2", "15/01/2024", "ASSLL", "Cognac", "Autre Fictif", FAKE_HOUSEHOLD, ""],
            ["D3", "99/01/2024", "ASSLL", "Cognac", FAKE_NAME, FAKE_HOUSEHOLD, FAKE_NAME],  # quarantined
        ],
    )
    return raw


def test_unknown_columns_are_dropped_and_listed_by_header(tmp_path: Path) -> None:
    report, tables = ingest_folder(privacy_folder(tmp_path / "brut"), tmp_path)
    [entry] = report["files"]
    assert entry["colonnes_inconnues"] == ["Nom usager", "Observations libres"]
    assert counts(report["tables"]["demandes"]) == (3, 2, 1, 0)
    for name, frame in tables.items():
        for column in frame.columns:
            assert fold(column) not in ("nom usager", "observations libres"), (name, column)
        for cell in all_cells(frame):
            assert "Zébulon" not in cell and "Autre Fictif" not in cell, name
    report_text = (current_version(tmp_path / "entrepot") / "ingest_report.json").read_text(encoding="utf-8")
    assert "Zébulon" not in report_text and "Autre Fictif" not in report_text


def test_household_id_is_a_keyed_hash(tmp_path: Path) -> None:
    raw = privacy_folder(tmp_path / "brut")
    _, first = ingest_folder(raw, tmp_path / "un")
    _, again = ingest_folder(raw, tmp_path / "deux")
    _, other_key = ingest_folder(raw, tmp_path / "trois", key="une-autre-cle-de-test")
    hashes = first["demandes"].sort("id_demande")["id_menage"].to_list()
    assert hashes[0] == hashes[1]  # same household, same hash
    assert hashes[0] != FAKE_HOUSEHOLD and len(hashes[0]) >= 16
    assert again["demandes"].sort("id_demande")["id_menage"].to_list() == hashes
    assert other_key["demandes"]["id_menage"].unique().to_list() != [hashes[0]]
    for tables in (first, again, other_key):
        for name, frame in tables.items():
            assert not any(FAKE_HOUSEHOLD in cell for cell in all_cells(frame)), name
    quarantined = json.loads(first["quarantaine"]["valeurs_brutes"][0])
    assert quarantined["id_menage"] == hashes[0]
    for sub in ("un", "deux", "trois"):
        text = (current_version(tmp_path / sub / "entrepot") / "ingest_report.json").read_text(encoding="utf-8")
        assert FAKE_HOUSEHOLD not in text


def test_key_from_environment_no_key_file_written(tmp_path: Path) -> None:
    raw = privacy_folder(tmp_path / "brut")
    _, env_key = ingest_folder(raw, tmp_path / "env")
    _, explicit = ingest_folder(raw, tmp_path / "explicite", key=TEST_KEY)
    assert env_key["demandes"]["id_menage"].to_list() == explicit["demandes"]["id_menage"].to_list()
    assert not Path(os.environ["ASSLL_KEY_FILE"]).exists()
