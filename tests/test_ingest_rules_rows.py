"""Row rules: ignored rows, quarantine, row accounting, unrecognised values, sectors and TAS."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import TODAY, write_csv, write_xlsx

from tests.ingest_rules_helpers import (
    BASE,
    DEM,
    GTS,
    HEADERS,
    MES,
    MUT,
    contains_words,
    counts,
    ingest_folder,
    record,
    rows,
)

# --- ignored rows ---------------------------------------------------------------------------


def test_blank_delimiter_only_repeated_header_and_total_rows_are_ignored(tmp_path: Path) -> None:
    header = ["N° demande", "Date demande", "Type", "Secteur", "Commune"]
    data = [
        ["D1", "15/01/2024", "ASSLL", "Cognac", "Cognac"],
        [],  # 3 blank line
        ["", "", "", "", ""],  # 4 delimiters only
        header,  # 5 repeated header
        ["D2", "16/01/2024", "Diagnostic", "Ruffécois", "Ruffec"],
        ["", "", "TOTAL", "", ""],  # 7 key empty + total cell
        ["TOTAL 2024", "", "2", "", ""],  # 8 key is the total label
        ["", "", "", "Sous-total", "1"],  # 9 key empty + sous-total cell
        ["", "", "", "", "sous total Cognac"],  # 10 begins with "sous total "
        ["", "20/01/2024", "ASSLL", "Cognac", "totalement"],  # 11 key empty, no total cell
    ]
    raw = tmp_path / "brut"
    write_csv(raw / "demandes.csv", header, data, newline="\r\n")
    report, tables = ingest_folder(raw, tmp_path)
    t = report["tables"]["demandes"]
    assert counts(t) == (10, 2, 1, 7)
    assert t["records"] == 2
    assert t["ignored_by_reason"] == {"ligne vide": 2, "en-tête répété": 1, "ligne de total": 4}
    [q] = report["quarantine"]
    assert q["ligne"] == 11
    assert contains_words(q["motif"], "valeur obligatoire manquante", "demande")
    assert sorted(tables["demandes"]["id_demande"].to_list()) == ["D1", "D2"]


def test_total_rows_of_dated_kinds_are_ignored_not_quarantined(tmp_path: Path) -> None:
    # The key of passages_gts and mutualisations is a date: a total label there is no unreadable date.
    raw = tmp_path / "brut"
    write_csv(
        raw / "gts.csv",
        GTS,
        [
            ["15/01/2024", "D1", "", "Bilan"],
            ["TOTAL", "", "", "12"],
            ["Total janvier", "", "", ""],
            ["", "", "", "Sous-total"],
        ],
    )
    write_csv(raw / "mut.csv", MUT, [["15/01/2024", "M1", "Cognac", "Ruffec"], ["Total 2024", "1", "", ""]])
    report, _ = ingest_folder(raw, tmp_path)
    assert counts(report["tables"]["passages_gts"]) == (4, 1, 0, 3)
    assert counts(report["tables"]["mutualisations"]) == (2, 1, 0, 1)
    assert report["quarantine"] == []


def test_xlsx_sheet_row_of_empty_cells_is_blank(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_xlsx(
        raw / "suivi.xlsx",
        {
            "Demandes": [
                DEM,
                ["D1", dt.date(2024, 1, 15), "ASSLL", "Cognac"],
                [],
                ["", "", "", ""],
                ["D2", 45306, "ASSLL", "Cognac"],
            ]
        },
    )
    report, _ = ingest_folder(raw, tmp_path)
    assert counts(report["tables"]["demandes"]) == (4, 2, 0, 2)


# --- quarantine -----------------------------------------------------------------------------

QUARANTINE_CASES = [
    # (kind, changed cells, words the French reason must hold)
    ("demandes", {"Date demande": ""}, ["valeur obligatoire manquante", "date de la demande"]),
    ("demandes", {"Type": ""}, ["valeur obligatoire manquante", "type de mesure"]),
    ("demandes", {"Secteur": ""}, ["valeur obligatoire manquante", "secteur"]),
    ("demandes", {"Secteur": "   "}, ["valeur obligatoire manquante", "secteur"]),
    ("demandes", {"Date demande": "32/13/2024"}, ["date illisible", "demande", "« 32/13/2024 »"]),
    ("demandes", {"Date décision": "bientôt"}, ["date illisible", "decision", "« bientôt »"]),
    ("demandes", {"Type": "Inconnu"}, ["type de mesure non reconnu", "« Inconnu »"]),
    ("demandes", {"Date demande": "30/05/1990"}, ["date impossible", "30/05/1990", "antérieure au 31/05/1990"]),
    ("demandes", {"Date demande": "01/04/2025"}, ["date impossible", "01/04/2025", "postérieure", "date d'import"]),
    ("demandes", {"Date décision": "01/04/2025"}, ["date impossible", "postérieure", "date d'import"]),
    ("demandes", {"Date décision": "14/01/2024"}, ["date impossible", "14/01/2024", "antérieure", "15/01/2024"]),
    ("mesures", {"N° demande": ""}, ["valeur obligatoire manquante", "demande"]),
    ("mesures", {"Date début": ""}, ["valeur obligatoire manquante", "date de début"]),
    ("mesures", {"Date fin": "31/04/2024"}, ["date illisible", "fin", "« 31/04/2024 »"]),
    ("mesures", {"Date début": "01/01/1980"}, ["date impossible", "antérieure au 31/05/1990"]),
    ("mesures", {"Date fin": "14/01/2024"}, ["date impossible", "fin", "14/01/2024", "antérieure", "début"]),
    ("passages_gts", {"Objet": "Réunion partenaires"}, ["objet du passage non reconnu", "« Réunion partenaires »"]),
    ("passages_gts", {"Objet": ""}, ["valeur obligatoire manquante", "objet"]),
    ("passages_gts", {"N° demande": "", "N° mesure": ""}, ["valeur obligatoire manquante", "demande", "mesure"]),
    ("passages_gts", {"Date GTS": "2024-02-30"}, ["date illisible", "séance", "« 2024-02-30 »"]),
    ("passages_gts", {"Date GTS": "15/06/2025"}, ["date impossible", "postérieure"]),
    ("mutualisations", {"Secteur d'origine": ""}, ["valeur obligatoire manquante", "secteur d'origine"]),
    ("mutualisations", {"Date mutualisation": "2024-02-30"}, ["date illisible", "mutualisation"]),
    ("mutualisations", {"Date mutualisation": "15/01/1985"}, ["date impossible", "antérieure au 31/05/1990"]),
]

CANONICAL = {
    "Date demande": "date_demande",
    "Date décision": "date_decision",
    "Type": "type_mesure",
    "Secteur": "secteur",
    "N° demande": "id_demande",
    "N° mesure": "id_mesure",
    "Date début": "date_debut",
    "Date fin": "date_fin",
    "Objet": "objet",
    "Date GTS": "date_seance",
    "Secteur d'origine": "secteur_origine",
    "Date mutualisation": "date_mutualisation",
}


@pytest.mark.parametrize(
    ("kind", "changes", "words"),
    QUARANTINE_CASES,
    ids=[f"{k}-{'+'.join(c)}-{next(iter(c.values())) or 'vide'}" for k, c, _ in QUARANTINE_CASES],
)
def test_quarantine_rule(tmp_path: Path, kind: str, changes: dict[str, str], words: list[str]) -> None:
    header = HEADERS[kind]
    good = BASE[kind]
    bad = good | changes
    if kind in ("demandes", "mesures"):
        bad[header[0]] = good[header[0]] + "-bis"
    raw = tmp_path / "brut"
    write_csv(raw / f"{kind}.csv", header, rows(header, good, bad))
    report, tables = ingest_folder(raw, tmp_path)
    assert counts(report["tables"][kind]) == (2, 1, 1, 0)
    [q] = report["quarantine"]
    assert (q["table"], q["fichier"], q["feuille"], q["ligne"]) == (kind, f"{kind}.csv", None, 3)
    assert contains_words(q["motif"], *words), q["motif"]
    [stored] = tables["quarantaine"].to_dicts()
    assert stored["motif"] == q["motif"] and stored["ligne"] == 3
    raw_values = json.loads(stored["valeurs_brutes"])
    for cell, value in changes.items():
        assert raw_values[CANONICAL[cell]] == (value.strip() or None)
    assert tables[kind].height == 1


@pytest.mark.parametrize(
    ("kind", "changes"),
    [
        ("demandes", {"Date demande": "31/05/1990"}),
        ("demandes", {"Date demande": TODAY.strftime("%d/%m/%Y")}),
        ("demandes", {"Date décision": "15/01/2024"}),
        ("mesures", {"Date fin": "15/01/2024"}),
        ("passages_gts", {"N° demande": "", "N° mesure": "M1"}),
    ],
)
def test_boundary_values_load(tmp_path: Path, kind: str, changes: dict[str, str]) -> None:
    header = HEADERS[kind]
    raw = tmp_path / "brut"
    write_csv(raw / f"{kind}.csv", header, rows(header, BASE[kind] | changes))
    report, _ = ingest_folder(raw, tmp_path)
    assert counts(report["tables"][kind]) == (1, 1, 0, 0)
    assert report["quarantine"] == []


def test_several_reasons_are_all_given(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_csv(raw / "d.csv", DEM, [["D1", "32/01/2024", "Inconnu", ""]])
    report, _ = ingest_folder(raw, tmp_path)
    [q] = report["quarantine"]
    assert contains_words(q["motif"], "date illisible", "type de mesure non reconnu", "manquante : secteur")


def test_quarantine_is_decided_row_by_row_before_merging(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_csv(raw / "a.csv", DEM, [["D1", "15/01/2024", "ASSLL", "Cognac"]])
    write_csv(raw / "b.csv", DEM, [["D1", "15/01/2099", "ASSLL", "Ruffécois"]])
    report, tables = ingest_folder(raw, tmp_path)
    assert counts(report["tables"]["demandes"]) == (2, 1, 1, 0)
    assert report["quarantine"][0]["fichier"] == "b.csv"
    d1 = record(tables["demandes"], "id_demande", "D1")
    assert (d1["secteur"], d1["date_demande"]) == ("Cognac", dt.date(2024, 1, 15))


# --- row accounting -------------------------------------------------------------------------


def test_read_equals_loaded_plus_quarantined_plus_ignored_per_file_and_table(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_csv(
        raw / "2024" / "demandes_a.csv",
        DEM,
        [
            ["D1", "15/01/2024", "ASSLL", "Cognac"],
            ["D2", "16/01/2024", "ASSLL", "Cognac"],
            [],
            ["D3", "17/01/2024", "Diag", "Ruffec"],
            ["D4", "18/01/2024", "ASSLL", ""],
            ["", "", "Total", "3"],
        ],
        encoding="cp1252",
        newline="\r\n",
    )
    write_xlsx(
        raw / "2024" / "demandes_b.xlsx",
        {
            "Demandes": [
                ["Suivi des demandes 2024"],
                [],
                DEM,
                ["D1", dt.date(2024, 1, 15), "ASSLL", "Cognac"],
                [],
                ["D5", 45310, "ASSLL", "Cognac"],
                ["D6", "20/01/2024", "Mesure X", "Cognac"],
            ]
        },
    )
    write_csv(
        raw / "2024" / "mesures.txt",
        MES,
        [
            ["M1", "D1", "01/02/2024", ""],
            MES,
            ["M2", "D2", "01/03/2024", "01/02/2024"],
            ["M3", "D3", "01/03/2024", ""],
        ],
        delimiter="\t",
    )
    report, tables = ingest_folder(raw, tmp_path)
    files = {(f["fichier"], f["feuille"]): f for f in report["files"]}
    assert counts(files[("2024/demandes_a.csv", None)]) == (6, 3, 1, 2)
    assert counts(files[("2024/demandes_b.xlsx", "Demandes")]) == (4, 2, 1, 1)
    assert counts(files[("2024/mesures.txt", None)]) == (4, 2, 1, 1)
    for entry in files.values():
        lues, chargees, quarantaine, ignorees = counts(entry)
        assert lues == chargees + quarantaine + ignorees
    assert counts(report["tables"]["demandes"]) == (10, 5, 2, 3)
    assert report["tables"]["demandes"]["records"] == 4
    assert counts(report["tables"]["mesures"]) == (4, 2, 1, 1)
    assert report["tables"]["mesures"]["records"] == 2
    for name in ("passages_gts", "mutualisations"):
        assert counts(report["tables"][name]) == (0, 0, 0, 0)
    for name, t in report["tables"].items():
        assert t["read"] == t["loaded"] + t["quarantined"] + t["ignored"], name
    assert tables["quarantaine"].height == 3
    assert sorted(tables["demandes"]["id_demande"].to_list()) == ["D1", "D2", "D3", "D5"]


# --- unrecognised values, sectors, TAS -------------------------------------------------------


def test_unknown_optional_value_loads_as_non_reconnu_with_raw_text(tmp_path: Path) -> None:
    header = [*DEM, "Prescripteur", "Statut logement"]
    raw = tmp_path / "brut"
    write_csv(
        raw / "d.csv",
        header,
        [
            ["D1", "15/01/2024", "ASSLL", "Cognac", "Mairie", "Colocation"],
            ["D2", "15/01/2024", "ASSLL", "Cognac", "TS référent", "Parc social"],
            ["D3", "15/01/2024", "ASSLL", "Cognac", "Mairie", ""],
        ],
    )
    report, tables = ingest_folder(raw, tmp_path)
    assert counts(report["tables"]["demandes"]) == (3, 3, 0, 0)
    d1 = record(tables["demandes"], "id_demande", "D1")
    assert (d1["prescripteur"], d1["prescripteur_brut"]) == ("NON_RECONNU", "Mairie")
    assert (d1["statut_occupation"], d1["statut_occupation_brut"]) == ("NON_RECONNU", "Colocation")
    d2 = record(tables["demandes"], "id_demande", "D2")
    assert (d2["prescripteur"], d2["prescripteur_brut"]) == ("TRAVAILLEUR_SOCIAL", "TS référent")
    assert (d2["statut_occupation"], d2["statut_occupation_brut"]) == ("LOCATAIRE_PUBLIC", "Parc social")
    listed = {(u["table"], u["colonne"], u["valeur_brute"], u["lignes"]) for u in report["unrecognised"]}
    assert listed == {("demandes", "prescripteur", "Mairie", 2), ("demandes", "statut_occupation", "Colocation", 1)}


def test_unknown_filled_sector_is_non_reconnu_and_tas_derived(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_csv(
        raw / "d.csv",
        DEM,
        [["D1", "15/01/2024", "ASSLL", "Secteur Atlantide"], ["D2", "15/01/2024", "ASSLL", "ruffec"]],
    )
    report, tables = ingest_folder(raw, tmp_path)
    assert counts(report["tables"]["demandes"]) == (2, 2, 0, 0)
    d1 = record(tables["demandes"], "id_demande", "D1")
    assert (d1["secteur"], d1["secteur_brut"], d1["tas"]) == ("NON_RECONNU", "Secteur Atlantide", "NON_RECONNU")
    d2 = record(tables["demandes"], "id_demande", "D2")
    assert (d2["secteur"], d2["tas"]) == ("Ruffécois", "Nord Charente")
    assert ("demandes", "secteur", "Secteur Atlantide") in {
        (u["table"], u["colonne"], u["valeur_brute"]) for u in report["unrecognised"]
    }


def test_tas_derived_from_sector_when_column_absent_or_cell_empty(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_csv(
        raw / "sans_tas.csv",
        DEM,
        [
            ["D1", "15/01/2024", "ASSLL", "Angoulême Sud"],
            ["D2", "15/01/2024", "ASSLL", "Barbezieux"],
            ["D3", "15/01/2024", "ASSLL", "Confolentais"],
        ],
    )
    write_csv(
        raw / "avec_tas.csv",
        [*DEM, "TAS"],
        [["D4", "15/01/2024", "ASSLL", "Cognac", ""], ["D5", "15/01/2024", "ASSLL", "Cognac", "Angoumois Ouest"]],
    )
    _, tables = ingest_folder(raw, tmp_path)
    got = {r["id_demande"]: (r["secteur"], r["tas"]) for r in tables["demandes"].to_dicts()}
    assert got == {
        "D1": ("Angoulême Sud-La Couronne", "Angoumois Ouest"),
        "D2": ("Sud-Charente", "Sud Charente"),
        "D3": ("Charente Limousine", "Est Charente"),
        "D4": ("Cognac", "Ouest Charente"),
        "D5": ("Cognac", "Angoumois Ouest"),
    }
