"""Qualité des données: the last ingest report, shown exactly, and the requests outside their sector."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import quality
from pipelines.published import fmt
from pipelines.store.warehouse import REPORT, current_version

PAGE = "app_pages/qualite.py"
APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# A column that only one table of the page has -> the key the page gives that table.
SIGNATURES = {
    "Colonnes inconnues écartées": "q_fichiers",
    "Contrôle": "q_tables",
    "Valeurs brutes": "q_quarantaine",
    "Exemple (fichier:ligne)": "q_non_reconnues",
    "Valeurs rencontrées": "q_conflits",
    "N° de mesure": "q_mesures_sans_demande",
    "Demandes": "q_hors_secteur_par_secteur",
    "N° de demande": "q_hors_secteur",
}


def frames(at: AppTest) -> dict[str, pl.DataFrame]:
    """The tables shown, named by the key the page gives them (AppTest does not expose a dataframe's key)."""
    found = {}
    for df in at.dataframe:
        frame = pl.from_pandas(df.value)
        [name] = [key for column, key in SIGNATURES.items() if column in frame.columns]
        found[name] = frame
    return found


def report_of(warehouse: Path) -> dict:
    return json.loads((current_version(warehouse) / REPORT).read_text(encoding="utf-8"))


def outside_sector(warehouse: Path, first: int, last: int, sector: str | None = None) -> list[str]:
    """Requests whose entered sector is not their commune's, computed straight from the Parquet file."""
    path = current_version(warehouse) / "demandes.parquet"
    extra = f"AND secteur = '{sector}'" if sector else ""
    rows = duckdb.sql(f"""
        SELECT id_demande FROM read_parquet('{path}')
        WHERE secteur <> secteur_commune AND year(date_demande) BETWEEN {first} AND {last} {extra}
        ORDER BY id_demande""").fetchall()
    return [r[0] for r in rows]


def test_default_view_runs(app) -> None:
    at = app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Qualité des données"
    assert [s.value for s in at.subheader] == [
        "Fichiers lus",
        "Bilan par table",
        "Lignes en quarantaine",
        "Valeurs non reconnues",
        "Conflits",
        "Identifiants à vérifier",
        "Mesures sans demande",
        "Demandes hors secteur",
    ]
    assert "Dernier import du" in at.caption[0].value


def test_figures_are_those_of_the_ingest_report(app, demo_warehouse: Path) -> None:
    at = app(PAGE)
    report = report_of(demo_warehouse)
    tables = report["tables"].values()
    shown = metrics(at)
    assert shown["Lignes lues"] == fmt.number(sum(t["read"] for t in tables))
    assert shown["Lignes chargées"] == fmt.number(sum(t["loaded"] for t in tables))
    assert shown["En quarantaine"] == fmt.number(len(report["quarantine"]))
    assert shown["Lignes ignorées"] == fmt.number(sum(t["ignored"] for t in tables))
    assert shown["Valeurs non reconnues"] == fmt.number(len(report["unrecognised"]))
    assert shown["Conflits"] == fmt.number(len(report["conflicts"]))
    assert shown["Mesures sans demande"] == fmt.number(report["mesures_sans_demande"])
    shown_tables = frames(at)
    assert shown_tables["q_fichiers"].height == len(report["files"])
    assert shown_tables["q_quarantaine"].height == len(report["quarantine"])
    assert shown_tables["q_conflits"].height == len(report["conflicts"])
    assert shown_tables["q_mesures_sans_demande"].height == report["mesures_sans_demande"]


def test_total_line_proves_every_row_is_counted_once(app, demo_warehouse: Path) -> None:
    at = app(PAGE)
    bilan = frames(at)["q_tables"]
    assert bilan["Table"].to_list() == ["Demandes", "Mesures", "Passages en GTS", "Mutualisations", "Total"]
    for row in bilan.iter_rows(named=True):
        assert row["Lues"] == row["Chargées"] + row["Quarantaine"] + row["Ignorées"]
        assert row["Contrôle"].startswith("✓")
    report = report_of(demo_warehouse)
    assert bilan.row(0, named=True)["Lues"] == report["tables"]["demandes"]["read"]
    # the per-file counts add up to the per-table ones
    files = frames(at)["q_fichiers"].filter(pl.col("Table") == "Demandes")
    assert files["Lues"].sum() == report["tables"]["demandes"]["read"]


def test_quarantine_text_filter(app) -> None:
    at = app(PAGE)
    everything = frames(at)["q_quarantaine"]
    at.text_input(key="q_filtre_quarantaine").input("DATE ILLISIBLE").run()
    assert not at.exception
    kept = frames(at)["q_quarantaine"]
    assert 0 < kept.height < everything.height
    assert all("date illisible" in m for m in kept["Motif"].to_list())
    assert f"{kept.height} lignes sur {everything.height}." in [c.value for c in at.caption]
    at.text_input(key="q_filtre_quarantaine").input("aucune ligne ne contient ceci").run()
    assert not at.exception
    assert "q_quarantaine" not in frames(at)
    assert any("ne contient ce texte" in s.value for s in at.success)


def test_no_household_number_in_the_raw_values(app) -> None:
    at = app(PAGE)
    shown = frames(at)["q_quarantaine"]
    assert "ménage" not in " ".join(shown["Valeurs brutes"].to_list())


def test_outside_sector_matches_the_warehouse(app, demo_warehouse: Path) -> None:
    at = app(PAGE)
    at.sidebar.select_slider(key="f_periode").set_value((2014, 2024)).run()
    assert not at.exception
    expected = outside_sector(demo_warehouse, 2014, 2024)
    assert expected  # the demo data has some
    listing = frames(at)["q_hors_secteur"]
    assert sorted(listing["N° de demande"].to_list()) == expected
    assert set(listing.columns) == {
        "N° de demande",
        "Année",
        "Type de mesure",
        "Secteur saisi",
        "Secteur de la commune",
    }  # identifiers only
    counts = frames(at)["q_hors_secteur_par_secteur"]
    assert counts["Demandes"].sum() == len(expected)
    assert any(f"{len(expected)} demande" in m.value for m in at.markdown)


def test_narrow_filter(app, demo_warehouse: Path) -> None:
    at = app(PAGE, debut="2024", fin="2024", secteur="Cognac")
    assert not at.exception
    expected = outside_sector(demo_warehouse, 2024, 2024, "Cognac")
    shown = frames(at).get("q_hors_secteur")
    assert (shown["N° de demande"].to_list() if shown is not None else []) == expected
    if not expected:
        assert any("Aucune demande hors secteur" in s.value for s in at.success)
    assert "Cognac" in at.caption[0].value


def private_copy(demo_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    warehouse = tmp_path / "entrepot"
    shutil.copytree(demo_warehouse, warehouse)
    monkeypatch.setenv("ASSLL_WAREHOUSE", str(warehouse))
    return warehouse


@pytest.mark.parametrize("damage", ["absent", "illisible", "incomplet"])
def test_missing_or_unreadable_report(
    demo_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    warehouse = private_copy(demo_warehouse, tmp_path, monkeypatch)
    path = current_version(warehouse) / REPORT
    if damage == "absent":
        path.unlink()
    elif damage == "illisible":
        path.write_bytes(b"{pas du json")
    else:
        path.write_text("[]", encoding="utf-8")
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.title[0].value == "Qualité des données"
    [warning] = at.warning
    assert "rapport du dernier import" in warning.value and "Relancez un import" in warning.value
    assert "Traceback" not in warning.value


# --- the pure table builders ----------------------------------------------------------------


def test_tables_frame_flags_an_inconsistent_count() -> None:
    report = {
        "tables": {
            "demandes": {"read": 10, "loaded": 7, "quarantined": 2, "ignored": 0, "records": 7, "ignored_by_reason": {}}
        }
    }
    frame = quality.tables_frame(report)
    assert frame["Contrôle"].to_list()[0].startswith("✗")
    assert frame["Table"].to_list() == ["Demandes", "Total"]


def test_raw_values_text_hides_the_household_hash() -> None:
    text = quality.raw_values_text({"id_demande": "D1", "id_menage": "abc123", "commune": "", "secteur": "Cognac"})
    assert text == "n° de demande : D1 · secteur : Cognac"


def test_empty_report_gives_empty_tables() -> None:
    report = {"tables": {}, "files": [], "quarantine": [], "unrecognised": [], "conflicts": []}
    for build in (
        quality.files_frame,
        quality.tables_frame,
        quality.quarantine_frame,
        quality.unrecognised_frame,
        quality.conflicts_frame,
    ):
        assert build(report).is_empty()
    assert quality.filter_text(quality.quarantine_frame(report), "x").is_empty()
