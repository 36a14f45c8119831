"""The journal seen from the dashboard: an import made on the Importer page is journalled with who made it and
the SHA-256 of the file sent; coordination reads the « Journal » page."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipelines.reference import settings
from pipelines.reference.roles import KIOSK_ENV
from pipelines.store import journal

from .roles_helpers import as_role, copy_warehouse, open_address
from .test_importer import NEW_REQUESTS, _private_tmp  # noqa: F401  (the uploads' temporary folders)


@pytest.fixture
def warehouse(demo_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = copy_warehouse(demo_warehouse, tmp_path)
    monkeypatch.setenv(settings.WAREHOUSE_ENV, str(target))
    monkeypatch.setenv(settings.RAW_DIR_ENV, str(tmp_path / "exports"))
    monkeypatch.delenv(KIOSK_ENV, raising=False)
    return target


def test_import_on_the_page_is_journalled_then_read_on_the_journal_page(warehouse: Path) -> None:
    at = open_address(as_role("coordination", fin="2024"), "importer")
    at.file_uploader(key="imp_fichiers_0").set_value([("demandes 2024.csv", NEW_REQUESTS, "text/csv")]).run()
    at.checkbox(key="imp_remplacer").check().run()
    at.button(key="imp_confirmer").click().run()
    assert not at.exception
    [entry] = journal.read(warehouse).entries
    assert (entry["action"], entry["qui"]) == (journal.IMPORT, "coordination@exemple.fr")
    assert entry["version"] == (warehouse / "CURRENT").read_text()
    assert entry["remplacement_confirme"] is True and entry["disparus"] == 10_046
    [sent] = [f for f in entry["fichiers"] if f["fichier"].endswith("/demandes 2024.csv")]
    assert sent["sha256"] == hashlib.sha256(NEW_REQUESTS).hexdigest()

    page = open_address(at, "journal")
    assert [t.value for t in page.title] == ["Journal des actions"]
    [table] = [d.value for d in page.dataframe]
    assert list(table.columns) == ["Date (UTC)", "Qui", "Action", "Détail"]
    assert table.iloc[0]["Qui"] == "coordination@exemple.fr" and table.iloc[0]["Action"] == "Import des exports"
    assert table.iloc[0]["Détail"].endswith(", remplacement confirmé")


def test_internal_report_is_journalled_with_its_mode(warehouse: Path) -> None:
    at = as_role("analyse", "app_pages/rapports.py", fin="2024")
    at.multiselect(key="rapport_formats").set_value(["html"]).run()
    at.button(key="rapport_generer").click().run()
    assert not at.exception
    [entry] = journal.read(warehouse).entries
    assert (entry["action"], entry["qui"], entry["role"], entry["annee"], entry["formats"], entry["diffusion"]) == (
        journal.REPORT,
        "analyse@exemple.fr",
        "analyse",
        2024,
        ["html"],
        False,
    )
