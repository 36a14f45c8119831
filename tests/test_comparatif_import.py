"""`assll comparatif`: export → import round trip, diffusion, list, import as a warehouse version, demo fiches."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from pipelines.cli.main import main
from pipelines.comparatif.export import own_figures
from pipelines.comparatif.fiche import read_fiche
from pipelines.comparatif.figures import figures
from pipelines.indicators import Indicators
from pipelines.store import fiches as fiche_store
from pipelines.store.warehouse import CURRENT
from tests.conftest import run_ingest, write_csv

HEADER = ["Département", "Année", "Indicateur", "Valeur", "Commentaire"]


@pytest.fixture
def warehouse(indicator_warehouse: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "entrepot"
    shutil.copytree(indicator_warehouse, copy)
    return copy


def fiches_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "fiches"
    write_csv(
        folder / "charente_maritime.csv",
        HEADER,
        [
            ["17", "2024", "commandes_assll", "212", "y compris les relogements"],
            ["17", "2024", "part_travail_possible_pct", "120", ""],
            ["17", "2024", "commandes_diagnostic", "< 5", ""],
            [],
        ],
    )
    write_csv(
        folder / "vienne.csv",
        HEADER,
        [["86", "2024", "commandes_assll", "1 234", ""], ["86", "2024", "etp_total", "nc", ""]],
    )
    return folder


def test_round_trip_gives_back_the_catalogue_figures(
    indicator_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    ind = Indicators(indicator_warehouse)
    try:
        own = own_figures(ind, 2024)
    finally:
        ind.close()
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"fiche{suffix}"
        assert (
            main(["comparatif", "export", "--year", "2024", "--warehouse", str(indicator_warehouse), "--out", str(out)])
            == 0
        )
        result = read_fiche(out, out.name, home=None)
        assert result.summary() == {"file": out.name, "read": 10, "loaded": 10, "rejected": 0, "ignored": 0}
        got = {x["indicateur"]: x["valeur"] for x in result.lines}
        assert set(got) == set(figures())
        for ind_id, value in got.items():
            # shares and durations are written to one decimal, ETP to two, counts exactly
            assert value == pytest.approx(own[ind_id].valeur, abs=0.05), ind_id
        assert {x["departement"] for x in result.lines} == {"16"}
    assert got["commandes_assll"] == 6 and got["mesures_en_cours_fin_annee"] == 1
    assert got["part_travail_possible_pct"] == 40.0


def test_diffusion_masks_the_exported_counts(indicator_warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "diffusion.csv"
    assert (
        main(
            [
                "comparatif",
                "export",
                "--year",
                "2024",
                "--warehouse",
                str(indicator_warehouse),
                "--out",
                str(out),
                "--diffusion",
            ]
        )
        == 0
    )
    result = read_fiche(out, out.name, home=None)
    by_id = {x["indicateur"]: (x["etat"], x["valeur"]) for x in result.lines}
    # 2024 of the hand-computable folder: 6 ASSLL requests (kept), 3 diagnostics, 1 open measure,
    # 3 measures started... 5 closures: counts of 1 to 4 are masked, and the shares computed on them.
    assert by_id["commandes_assll"] == ("valeur", 6.0)
    assert by_id["mesures_cloturees"] == ("valeur", 5.0)
    assert by_id["commandes_diagnostic"] == ("masque", None)
    assert by_id["mesures_debutees"] == ("masque", None)
    assert by_id["mesures_en_cours_fin_annee"] == ("masque", None)
    assert by_id["part_travail_possible_pct"] == ("masque", None)  # 2 / 5
    assert by_id["part_objectifs_atteints_pct"] == ("masque", None)  # 1 / 2
    assert by_id["part_assll_travailleurs_sociaux_pct"] == ("masque", None)  # 3 / 6
    assert by_id["etp_total"] == ("valeur", 6.0)  # not a count
    assert "< 5" in out.read_text(encoding="utf-8-sig")


def test_import_writes_a_version_and_the_report(warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    before = (warehouse / CURRENT).read_text()
    assert main(["comparatif", "import", str(fiches_folder(tmp_path)), "--warehouse", str(warehouse)]) == 0
    assert (warehouse / CURRENT).read_text() != before
    report = json.loads((warehouse / "comparatif_report.json").read_text(encoding="utf-8"))
    assert report["files"] == [
        {"file": "charente_maritime.csv", "read": 4, "loaded": 2, "rejected": 1, "ignored": 1},
        {"file": "vienne.csv", "read": 2, "loaded": 2, "rejected": 0, "ignored": 0},
    ]
    assert report["rejected"] == [
        {
            "file": "charente_maritime.csv",
            "line": 3,
            "reason": "part hors de 0–100 : « 120 »",
            "values": {
                "departement": "17",
                "annee": "2024",
                "indicateur": "part_travail_possible_pct",
                "valeur": "120",
                "commentaire": "",
            },
        }
    ]
    assert report["conflicts"] == []
    text = capsys.readouterr().out
    assert "6 lignes lues = 4 chargées + 1 rejetée + 1 ignorée" in text
    assert "charente_maritime.csv, ligne 3 : part hors de 0–100 : « 120 »" in text
    # the previous version's tables are all kept in the new one
    version = warehouse / "versions" / (warehouse / CURRENT).read_text()
    assert {p.stem for p in version.glob("*.parquet")} >= {"demandes", "mesures", "ref_communes", "comparatif"}


def test_list_json_has_home_computed_and_partners_with_null(
    warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["comparatif", "import", str(fiches_folder(tmp_path)), "--warehouse", str(warehouse)]) == 0
    capsys.readouterr()
    assert main(["comparatif", "list", "--year", "2024", "--warehouse", str(warehouse), "--format", "json"]) == 0
    table = json.loads(capsys.readouterr().out)
    assert list(table) == ["16", "17", "86"]
    assert table["16"]["commandes_assll"] == 6 and table["16"]["mesures_en_cours_fin_annee"] == 1
    assert table["16"]["part_travail_possible_pct"] == pytest.approx(40.0)
    assert table["17"]["commandes_assll"] == 212
    assert table["17"]["commandes_diagnostic"] is None  # masked « < 5 »
    assert table["17"]["part_travail_possible_pct"] is None  # rejected
    assert table["86"] == dict.fromkeys(figures()) | {"commandes_assll": 1234}
    assert main(["comparatif", "list", "--year", "2024", "--warehouse", str(warehouse)]) == 0
    text = capsys.readouterr().out
    assert "Charente-Maritime (17)" in text and "  Commandes de diagnostic : masqué" in text
    assert "  Équivalents temps plein : non communiqué" in text  # Vienne's « nc »


def test_nothing_usable_exits_1_and_keeps_the_version(
    warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = tmp_path / "vide"
    write_csv(folder / "mauvaise.csv", HEADER, [["99", "2024", "commandes_assll", "3", ""]])
    before = (warehouse / CURRENT).read_text()
    assert main(["comparatif", "import", str(folder), "--warehouse", str(warehouse)]) == 1
    assert "Aucune ligne de fiche comparative utilisable" in capsys.readouterr().err
    assert (warehouse / CURRENT).read_text() == before
    assert main(["comparatif", "import", str(tmp_path / "absent"), "--warehouse", str(warehouse)]) == 1


def test_a_failed_publish_leaves_the_previous_fiches_in_service(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["comparatif", "import", str(fiches_folder(tmp_path)), "--warehouse", str(warehouse)]) == 0
    before = (warehouse / CURRENT).read_text()
    folder = tmp_path / "nouvelles"
    write_csv(folder / "gironde.csv", HEADER, [["33", "2024", "commandes_assll", "900", ""]])

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pipelines.comparatif.load.publish", disk_full)
    assert main(["comparatif", "import", str(folder), "--warehouse", str(warehouse)]) == 1
    assert (warehouse / CURRENT).read_text() == before
    fiches = fiche_store.read_table(warehouse / "versions" / before)
    assert sorted(set(fiches["departement"])) == ["17", "86"]


def test_ingest_keeps_the_loaded_fiches(warehouse: Path, indicator_raw: Path, tmp_path: Path) -> None:
    assert main(["comparatif", "import", str(fiches_folder(tmp_path)), "--warehouse", str(warehouse)]) == 0
    report = (warehouse / "comparatif_report.json").read_bytes()
    run_ingest(indicator_raw, warehouse)
    version = warehouse / "versions" / (warehouse / CURRENT).read_text()
    fiches = fiche_store.read_table(version)
    assert fiches.height == 4
    assert fiches.filter(pl.col("departement") == "86", pl.col("indicateur") == "commandes_assll")["valeur"][0] == 1234
    assert (version / "comparatif_report.json").read_bytes() == report


def test_import_reads_the_whole_folder_each_time(warehouse: Path, tmp_path: Path) -> None:
    folder = fiches_folder(tmp_path)
    assert main(["comparatif", "import", str(folder), "--warehouse", str(warehouse)]) == 0
    (folder / "vienne.csv").unlink()
    assert main(["comparatif", "import", str(folder), "--warehouse", str(warehouse)]) == 0
    version = warehouse / "versions" / (warehouse / CURRENT).read_text()
    assert set(fiche_store.read_table(version)["departement"]) == {"17"}


def test_template_filled_by_hand_imports(warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "partenaire" / "modele_17.xlsx"
    assert (
        main(["comparatif", "modele", "--departement", "Charente-Maritime", "--year", "2024", "--out", str(out)]) == 0
    )
    book = openpyxl.load_workbook(out)
    sheet = book.active
    header_row = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "Département")
    typed = {
        "commandes_assll": "1 234",
        "part_travail_possible_pct": "45 %",
        "duree_moyenne_mois": "7,5",
        "commandes_diagnostic": "nc",
        "mesures_debutees": "< 5",
    }
    for row in range(header_row + 1, header_row + 11):
        ind = sheet.cell(row, 3).value
        if ind in typed:
            sheet.cell(row, 4).value = typed[ind]
    sheet.cell(header_row + 1, 5).value = "chiffres provisoires"
    book.save(out)
    assert main(["comparatif", "import", str(out.parent), "--warehouse", str(warehouse)]) == 0
    version = warehouse / "versions" / (warehouse / CURRENT).read_text()
    got = {r["indicateur"]: (r["etat"], r["valeur"]) for r in fiche_store.read_table(version).iter_rows(named=True)}
    assert got["commandes_assll"] == ("valeur", 1234.0)
    assert got["part_travail_possible_pct"] == ("valeur", 45.0)
    assert got["duree_moyenne_mois"] == ("valeur", 7.5)
    assert got["commandes_diagnostic"] == ("non_communique", None)
    assert got["mesures_debutees"] == ("masque", None)
    assert got["etp_total"] == ("non_communique", None)  # left empty
    assert len(got) == 10


def test_usage_errors(warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["comparatif", "modele", "--departement", "Atlantide", "--year", "2024"]) == 2
    assert (
        main(
            ["comparatif", "export", "--year", "2024", "--warehouse", str(warehouse), "--out", str(tmp_path / "x.pdf")]
        )
        == 2
    )
    assert main(["comparatif", "list"]) == 2
    err = capsys.readouterr().err
    assert "département inconnu : « Atlantide »" in err and "extension « .pdf »" in err


def test_demo_writes_fictional_fiches_for_five_peers(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from pipelines.demo.fiches import write_demo_fiches

    paths = write_demo_fiches(tmp_path / "fiches")
    assert [p.name[6:8] for p in paths] == ["88", "47", "41", "11", "53"]
    again = write_demo_fiches(tmp_path / "encore")
    assert [p.read_bytes() == q.read_bytes() for p, q in zip(paths, again, strict=True) if p.suffix == ".csv"] == [
        True,
        True,
    ]
    from pipelines.comparatif.load import build, read_folder

    report, table = build(read_folder(tmp_path / "fiches", home="16"))
    assert report["fictif"] is True and table["fictif"].all()
    assert sum(f["read"] for f in report["files"]) == 100 == table.height
    assert report["rejected"] == [] and report["conflicts"] == []
    assert "Données fictives" in paths[1].read_text(encoding="utf-8-sig")


def test_demo_command_and_first_start_load_the_demo_fiches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    from pipelines.cli.dashboard import ensure_warehouse
    from pipelines.reference import settings

    demo = tmp_path / "demo"
    monkeypatch.setattr(settings, "DEFAULT_DEMO_DIR", demo)
    assert ensure_warehouse(tmp_path / "entrepot") is True
    fiches = fiche_store.read_table(tmp_path / "entrepot" / "versions" / (tmp_path / "entrepot" / CURRENT).read_text())
    assert sorted(set(fiches["departement"])) == ["11", "41", "47", "53", "88"]
    assert fiches["fictif"].all() and sorted(set(fiches["annee"])) == [2023, 2024]
    assert len(list((tmp_path / "demo_fiches").iterdir())) == 5
    assert main(["demo", "--out", str(tmp_path / "autre"), "--fiches", str(tmp_path / "mes_fiches")]) == 0
    assert "5 fiches comparatives (données fictives)" in capsys.readouterr().out
    assert len(list((tmp_path / "mes_fiches").iterdir())) == 5


def test_import_without_a_warehouse_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["comparatif", "import", str(fiches_folder(tmp_path)), "--warehouse", str(tmp_path / "rien")]) == 1
    assert "importez d'abord les exports" in capsys.readouterr().err
    assert not (tmp_path / "rien" / CURRENT).exists()
