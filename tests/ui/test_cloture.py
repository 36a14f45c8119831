"""The « Clôture de l'année » page (issue 20): each step's state, a sentence for what is missing, publication
refused until the quality and diffusion checks are acknowledged, then the edition's files to hand out; the
« Publier » button of the Rapports page; the revisions listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.store import acknowledgements
from pipelines.store import editions as store
from tests.conftest import TEST_KEY, run_ingest, write_csv
from tests.indicator_folder import (
    DEMANDES_2023,
    DEMANDES_2024,
    DEMANDES_HEADER,
    GTS,
    GTS_HEADER,
    MESURES,
    MESURES_HEADER,
)

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
PAGE = "app_pages/cloture.py"
# A request without its date: quarantined.
UNDATED = ["D99", "", "ASSLL", "TS", "Accès", "FSL", "", "", "Cognac", "Cognac", "", "", "", "", ""]


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """2023–2024 exports without any mutualisations file, and one quarantined request."""
    raw, warehouse = tmp_path / "brut", tmp_path / "entrepot"
    write_csv(raw / "demandes_2023.csv", DEMANDES_HEADER, DEMANDES_2023)
    write_csv(raw / "demandes_2024.csv", DEMANDES_HEADER, [*DEMANDES_2024, UNDATED])
    write_csv(raw / "mesures.csv", MESURES_HEADER, MESURES)
    write_csv(raw / "gts.csv", GTS_HEADER, GTS)
    run_ingest(raw, warehouse, key=TEST_KEY)
    monkeypatch.setenv("ASSLL_WAREHOUSE", str(warehouse))
    return warehouse


def _page(page: str = PAGE) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    return at


def _texts(at: AppTest) -> str:
    shown = "\n".join(m.value for m in at.markdown) + "\n".join(w.value for w in at.warning)
    return shown.replace("\\", "")  # Markdown escapes


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def test_the_page_says_what_is_missing_and_refuses_to_publish(warehouse: Path) -> None:
    at = _page()
    at.selectbox(key="cloture_annee").set_value(2024).run()
    text = _texts(at)
    assert "**1. Exports importés** — :grey[à faire]" in text
    assert "Aucun export de mutualisations pour 2024 : déposez-le sur la page « Importer des exports »." in text
    assert "**2. Qualité vérifiée** — :grey[à faire]" in text
    assert "À examiner (page « Qualité des données ») puis à acquitter : 1 ligne en quarantaine." in text
    assert "**5. Édition publiée** — :grey[à faire]" in text
    assert _button(at, "cloture_publier").disabled
    assert store.editions(warehouse) == []

    _button(at, "cloture_acquitter_quarantaine:1").click().run()
    assert not at.exception
    assert "quarantaine:1" in acknowledgements.read(warehouse, 2024)
    assert "**2. Qualité vérifiée** — :green[fait]" in _texts(at)
    assert _button(at, "cloture_publier").disabled  # the masked figures are still to be acknowledged
    _button(at, "cloture_acquitter_diffusion").click().run()
    assert "**3. Diffusion vérifiée** — :green[fait]" in _texts(at)
    assert not _button(at, "cloture_publier").disabled

    _button(at, "cloture_publier").click().run()
    assert not at.exception
    (edition,) = store.editions(warehouse)
    assert edition.name == "2024" and edition.year == 2024
    text = _texts(at)
    assert "**5. Édition publiée** — :green[fait]" in text
    assert "**6. Fichiers remis** — :green[fait]" in text
    labels = [d.label for d in at.get("download_button")]
    assert "Télécharger la présentation pour diffusion (PPTX)" in labels
    assert any(label.startswith("Télécharger le rapport pour diffusion (") for label in labels)


def test_the_reports_page_publishes_too(warehouse: Path) -> None:
    acknowledgements.acknowledge(warehouse, 2024, "quarantaine:1", "test", "2025-01-20T09:00:00+00:00")
    at = _page("app_pages/rapports.py")
    at.selectbox(key="rapport_annee").set_value(2024).run()
    _button(at, "rapport_preparer").click().run()
    assert not at.exception
    assert any("chiffre(s) masqué(s) en mode diffusion" in w.value for w in at.warning)
    assert _button(at, "rapport_publier").disabled


def test_the_reports_page_hands_out_the_edition_in_force(warehouse: Path) -> None:
    import datetime as dt

    from tests.edition_helpers import publish_quick

    publish_quick(warehouse, 2024, dt.datetime(2025, 1, 20, 9, 30, tzinfo=dt.UTC))
    at = _page("app_pages/rapports.py")
    at.selectbox(key="rapport_annee").set_value(2024).run()
    assert not at.exception
    assert any(m.value.startswith("Édition en vigueur : **2024**, publiée le 2025-01-20") for m in at.markdown)
    labels = [d.label for d in at.get("download_button")]
    assert labels == [
        "Télécharger le rapport pour diffusion (HTML)",
        "Télécharger la présentation pour diffusion (PPTX)",
    ]
