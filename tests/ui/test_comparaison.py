"""Comparaison départementale: the demo warehouse with the demo fiches, in AppTest."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import comparatif_data, fiches_upload, uploads
from pipelines.comparatif.load import import_fiches
from pipelines.demo.fiches import write_demo_fiches
from pipelines.store.warehouse import CURRENT
from tests.ui.helpers import table
from visuals import comparatif_charts

PAGE = "app_pages/comparaison.py"
APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
PEERS = ["Charente (16)", "Vosges (88)", "Lot-et-Garonne (47)", "Loir-et-Cher (41)", "Aude (11)", "Mayenne (53)"]


@pytest.fixture(scope="session")
def fiches_warehouse(demo_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("comparaison")
    warehouse = base / "entrepot"
    shutil.copytree(demo_warehouse, warehouse)
    write_demo_fiches(base / "fiches")
    import_fiches(base / "fiches", warehouse)
    return warehouse


@pytest.fixture
def page(fiches_warehouse: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., AppTest]:
    monkeypatch.setenv("ASSLL_WAREHOUSE", str(fiches_warehouse))
    monkeypatch.setenv("ASSLL_FICHES_DIR", str(tmp_path / "fiches"))

    def make(**query: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        at.switch_page(PAGE).run()
        assert not at.exception
        return at

    return make


def test_page_shows_charente_and_its_five_nearest_side_by_side(page) -> None:
    at = page()
    assert at.title[0].value == "Comparaison départementale"
    assert any("Données fictives" in w.value for w in at.warning)
    assert at.selectbox(key="comp_annee").value == 2024
    side = table(at, "Indicateur", "Charente (16)")
    assert list(side.columns) == ["Indicateur", *PEERS]
    first = side.set_index("Indicateur")
    assert first.loc["Commandes de la mesure", "Charente (16)"] == "173"  # the 2024 report's figure
    assert first.loc["Part des clôtures avec un travail possible (%)", "Charente (16)"] == "38,8\u00a0%"  # 73 / 188
    # Lot-et-Garonne has no diagnostics (nc), Aude masked its 2024 count (« < 5 »)
    assert first.loc["Commandes de diagnostic", "Lot-et-Garonne (47)"] == "non communiqué"
    assert first.loc["Commandes de diagnostic", "Aude (11)"] == "masqué"
    # 173 requests for 351,603 inhabitants
    assert first.loc["Commandes pour 10 000 habitants", "Charente (16)"] == "4,9"


def test_one_figure_with_ranks_intervals_and_comments(page) -> None:
    at = page()
    at.selectbox(key="comp_indicateur").set_value("part_travail_possible_pct").run()
    assert not at.exception
    detail = table(at, "Département", "Rang")
    charente = detail[detail["Département"] == "Charente (16)"].iloc[0]
    assert charente["Valeur"] == "38,8\u00a0%"
    assert charente["Intervalle à 95 %"] == "32,2 – 46,0 %"  # Wilson, 73 / 188
    # demo 2024: Vosges 53,5 ; Loir-et-Cher and Aude 51,1 (tied) ; Lot-et-Garonne 39,9 ; Charente 38,8 ; Mayenne 31,1
    assert list(detail["Rang"]) == ["5", "1", "4", "2", "2", "6"]
    at.selectbox(key="comp_indicateur").set_value("etp_total").run()
    assert any("deux postes vacants" in m.value for m in at.markdown)  # Vosges' comment


def test_peers_are_editable_and_kept_in_the_url(page) -> None:
    at = page()
    at.multiselect(key="comp_pairs").set_value(["17", "86"]).run()
    assert not at.exception
    assert at.query_params["pairs"] == ["17", "86"]
    side = table(at, "Indicateur", "Charente (16)")
    assert list(side.columns) == ["Indicateur", "Charente (16)", "Charente-Maritime (17)", "Vienne (86)"]
    assert set(side["Vienne (86)"]) == {"non communiqué"}
    again = page(pairs=["17", "86"])
    assert again.multiselect(key="comp_pairs").value == ["17", "86"]
    again.button(key="comp_plus_proches").click().run()
    assert again.multiselect(key="comp_pairs").value == ["88", "47", "41", "11", "53"]
    assert "pairs" not in again.query_params


def test_similarity_table_lists_the_101(page) -> None:
    at = page()
    similar = table(at, "Rang", "Distance")
    assert len(similar) == 101
    assert list(similar["Code"][:6]) == ["16", "88", "47", "41", "11", "53"]
    assert list(similar["Comparé"][:7]) == [False, True, True, True, True, True, False]


def test_map_is_drawn_offline_from_the_shipped_shapes() -> None:
    shapes = comparatif_data.shapes()
    assert len(shapes["features"]) == 101
    fig = comparatif_charts.france_map(shapes, {"16": 4.9, "88": 6.4, "47": None}, {"16": "4,9"}, "16", "Carte")
    names = [t.name for t in fig.data]
    assert names[0] == "Pas de chiffre (pas de fiche, masqué ou non communiqué)"
    assert "Département de l'entrepôt" in names
    assert all(t.type == "scatter" for t in fig.data)  # no geo trace: nothing is fetched


def test_dropped_fiche_is_previewed_then_imported(fiches_warehouse: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "entrepot"
    shutil.copytree(fiches_warehouse, warehouse)
    fiches = tmp_path / "fiches"
    content = (
        "Département;Année;Indicateur;Valeur;Commentaire\n17;2024;commandes_assll;1 234;\n"
        "17;2024;part_travail_possible_pct;120;\n"
    ).encode()
    before = (warehouse / CURRENT).read_text()
    pending = fiches_upload.prepare(
        [
            uploads.Upload("charente maritime.csv", len(content), lambda: content),
            uploads.Upload("notes.pdf", 10, lambda: b"x"),
        ],
        fiches,
        warehouse,
    )
    assert pending.refused == [
        ("notes.pdf", "format non pris en charge (.pdf) : seuls les fichiers .xlsx, .csv et .txt sont acceptés")
    ]
    assert [(f["read"], f["loaded"], f["rejected"]) for f in pending.report["files"]] == [(2, 1, 1)]
    assert (warehouse / CURRENT).read_text() == before and not fiches.exists()  # nothing changed yet
    result = fiches_upload.confirm(pending, warehouse)
    pending.discard()
    assert result["figures"] == 1
    assert (warehouse / CURRENT).read_text() != before
    assert [p.name for p in fiches.rglob("*.csv")] == ["charente maritime.csv"]
    table_ = pl.read_parquet(warehouse / "versions" / (warehouse / CURRENT).read_text() / "comparatif.parquet")
    assert table_.select("departement", "valeur").rows() == [("17", 1234.0)]


def test_peers_from_query_keeps_known_codes_only() -> None:
    assert comparatif_data.peers_from_query(["17", "16", "99", "17", "2A"], "16") == ["17", "2A"]
    assert comparatif_data.peers_from_query([], "16") is None


def test_page_runs_in_diffusion_mode(page) -> None:
    at = page(fin="2024", diffusion="1")
    assert at.sidebar.toggle(key="f_diffusion").value is True
    side = table(at, "Indicateur", "Charente (16)").set_index("Indicateur")
    assert side.loc["Commandes de la mesure", "Charente (16)"] == "173"  # not a small count


def test_page_without_fiches_says_so(app) -> None:
    at = app(PAGE)
    assert not at.exception
    assert any("Aucune fiche comparative" in i.value for i in at.info)
    side = table(at, "Indicateur", "Charente (16)")
    assert set(side["Vosges (88)"]) == {"non communiqué"}


def test_the_folder_of_the_loaded_fiches_is_known(fiches_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSLL_WAREHOUSE", str(fiches_warehouse))
    assert comparatif_data.loaded_from() == str((fiches_warehouse.parent / "fiches").resolve())
