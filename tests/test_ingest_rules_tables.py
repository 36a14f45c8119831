"""Row rules: files and tables that are not data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import TODAY, write_csv, write_xlsx

from pipelines.ingest.pipeline import UnusableInput, ingest
from tests.ingest_rules_helpers import DEM, GTS, MUT, contains_words, ingest_folder, record

# --- files and tables that are not data ----------------------------------------------------


def test_header_aliases_fold_typographic_apostrophes_and_case(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_csv(
        raw / "mutualisations.csv",
        ["DATE", "numéro MESURE", "Secteur d’origine", "Secteur prêteur"],
        [["15/01/2024", "M1", "Angoulême Nord", "Est Angoumois"]],
        encoding="cp1252",
        newline="\r\n",
    )
    report, tables = ingest_folder(raw, tmp_path)
    assert report["files"][0]["table"] == "mutualisations"
    [row] = tables["mutualisations"].to_dicts()
    assert (row["date_mutualisation"], row["id_mesure"], row["secteur_origine"], row["secteur_accueil"]) == (
        dt.date(2024, 1, 15),
        "M1",
        "Angoulême Nord-Gond-Pontouvre",
        "Horte et Tardoire",
    )
    assert (row["fichier"], row["ligne"]) == ("mutualisations.csv", 2)


def test_kind_with_most_matched_columns_wins(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    # demandes: 5 matched columns (all required present); mesures: 3 (its required ones too)
    write_csv(
        raw / "export.csv",
        [*DEM, "Commune", "N° mesure", "Date début"],
        [["D1", "15/01/2024", "ASSLL", "Cognac", "Cognac", "M1", "01/02/2024"]],
    )
    report, tables = ingest_folder(raw, tmp_path)
    [entry] = report["files"]
    assert entry["table"] == "demandes"
    assert entry["colonnes_inconnues"] == ["N° mesure", "Date début"]
    assert tables["demandes"]["id_demande"].to_list() == ["D1"]
    assert tables["mesures"].height == 0


def test_tables_that_are_not_data_are_listed_as_ignored(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_csv(
        raw / "2024" / "mesures_2024.csv",
        [*DEM, "Décision GTS"],  # a demandes table, whatever its name
        [["D1", "15/01/2024", "ASSLL", "Cognac", "Accord"]],
    )
    write_csv(raw / "2024" / "gts.csv", [*GTS, "Décision GTS"], [["15/01/2024", "D1", "", "Bilan", "Arrêt"]])
    write_csv(raw / "annexes" / "contacts_ts.csv", ["Nom", "Téléphone", "Courriel"], [["TS fictif", "00", "x@y"]])
    write_csv(raw / "annexes" / "partiel.csv", ["N° demande", "Date demande", "Secteur"], [["D9", "15/01/2024", "X"]])
    write_csv(raw / "annexes" / "ambigu.csv", [*DEM, "N° mesure", "Date début", "Date fin"], [])
    (raw / "annexes" / "lisez-moi.pdf").write_bytes(b"%PDF-1.4 faux document de test")
    (raw / "annexes" / "LISEZMOI").write_text("notes", encoding="utf-8")
    (raw / "annexes" / "casse.csv").write_bytes(b"\x00\x01\x02" * 100)
    write_xlsx(
        raw / "annexes" / "classeur.xlsx",
        {
            "Mutualisations": [MUT, ["01/02/2024", "M1", "Cognac", "Ruffec"]],
            "Notes": [["Remarques de l'équipe"], ["rien de particulier"]],
        },
    )
    report, tables = ingest_folder(raw, tmp_path)
    files = {(f["fichier"], f["feuille"]): f for f in report["files"]}
    assert files[("2024/mesures_2024.csv", None)]["table"] == "demandes"
    assert files[("2024/gts.csv", None)]["table"] == "passages_gts"
    assert record(tables["demandes"], "id_demande", "D1")["decision"] == "ACCORD"
    assert tables["passages_gts"]["decision_gts"].to_list() == ["ARRET"]
    assert files[("annexes/classeur.xlsx", "Mutualisations")]["table"] == "mutualisations"

    def ignored(key: tuple[str, str | None], *words: str) -> None:
        entry = files[key]
        assert entry["table"] is None and entry["statut"] in ("ignoré", "illisible"), entry
        assert contains_words(entry["motif"], *words), entry["motif"]

    ignored(("annexes/contacts_ts.csv", None), "aucun en-tête reconnu")
    ignored(("annexes/partiel.csv", None), "il manque la colonne obligatoire", "type de mesure")
    ignored(("annexes/ambigu.csv", None), "en-tête ambigu", "demandes", "mesures")
    ignored(("annexes/lisez-moi.pdf", None), "format non pris en charge", ".pdf")
    ignored(("annexes/LISEZMOI", None), "format non pris en charge", "sans extension")
    ignored(("annexes/casse.csv", None), "binaire")
    ignored(("annexes/classeur.xlsx", "Notes"), "aucun en-tête reconnu")
    assert files[("annexes/casse.csv", None)]["statut"] == "illisible"
    assert files[("annexes/lisez-moi.pdf", None)]["statut"] == "ignoré"


@pytest.mark.parametrize("content", ["vide", "non_tables"])
def test_folder_without_any_table_is_unusable(tmp_path: Path, content: str) -> None:
    raw = tmp_path / "brut"
    raw.mkdir()
    if content == "non_tables":
        (raw / "lisez-moi.pdf").write_bytes(b"%PDF-1.4")
        write_csv(raw / "contacts.csv", ["Nom", "Téléphone"], [["Fictif", "00"]])
    with pytest.raises(UnusableInput) as info:
        ingest(raw, tmp_path / "entrepot", today=TODAY)
    assert contains_words(str(info.value), "aucun tableau reconnu")
    assert not (tmp_path / "entrepot" / "CURRENT").exists()


def test_missing_folder_is_unusable(tmp_path: Path) -> None:
    with pytest.raises(UnusableInput) as info:
        ingest(tmp_path / "absent", tmp_path / "entrepot", today=TODAY)
    assert "n'existe pas" in str(info.value)
