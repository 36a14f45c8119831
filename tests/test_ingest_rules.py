"""The row rules of DATA_CONTRACT sections 1-6, through `ingest()` on folders written by the tests."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import polars as pl
import pytest
from conftest import TEST_KEY, TODAY, read_version_tables, run_ingest, write_csv, write_xlsx

from pipelines.ingest import UnusableInput, ingest
from pipelines.text import fold
from pipelines.warehouse import current_version

DEM = ["N° demande", "Date demande", "Type", "Secteur"]
MES = ["N° mesure", "N° demande", "Date début", "Date fin"]
GTS = ["Date GTS", "N° demande", "N° mesure", "Objet"]
MUT = ["Date mutualisation", "N° mesure", "Secteur d'origine", "Secteur d'accueil"]

BASE = {
    "demandes": {"N° demande": "D1", "Date demande": "15/01/2024", "Type": "ASSLL", "Secteur": "Cognac",
                 "Date décision": "", "Prescripteur": ""},
    "mesures": {"N° mesure": "M1", "N° demande": "D1", "Date début": "15/01/2024", "Date fin": ""},
    "passages_gts": {"Date GTS": "15/01/2024", "N° demande": "D1", "N° mesure": "", "Objet": "Bilan"},
    "mutualisations": {"Date mutualisation": "15/01/2024", "N° mesure": "M1", "Secteur d'origine": "Cognac",
                       "Secteur d'accueil": "Ruffécois"},
}
HEADERS = {
    "demandes": ["N° demande", "Date demande", "Type", "Secteur", "Date décision", "Prescripteur"],
    "mesures": MES,
    "passages_gts": GTS,
    "mutualisations": MUT,
}


def rows(header: list[str], *records: dict[str, str]) -> list[list[str]]:
    return [[r.get(h, "") for h in header] for r in records]


def ingest_folder(raw: Path, tmp_path: Path, **kwargs) -> tuple[dict, dict[str, pl.DataFrame]]:
    warehouse = tmp_path / "entrepot"
    report = run_ingest(raw, warehouse, **kwargs)
    return report, read_version_tables(warehouse)


def counts(entry: dict) -> tuple[int, int, int, int]:
    if "lues" in entry:
        return entry["lues"], entry["chargees"], entry["quarantaine"], entry["ignorees"]
    return entry["read"], entry["loaded"], entry["quarantined"], entry["ignored"]


def record(frame: pl.DataFrame, column: str, value: str) -> dict:
    found = frame.filter(pl.col(column) == value).to_dicts()
    assert len(found) == 1, f"{column}={value}: {len(found)} lignes"
    return found[0]


def contains_words(text: str, *words: str) -> bool:
    folded = fold(text)
    return all(fold(w) in folded for w in words)


# --- ignored rows ---------------------------------------------------------------------------


def test_blank_delimiter_only_repeated_header_and_total_rows_are_ignored(tmp_path: Path) -> None:
    header = ["N° demande", "Date demande", "Type", "Secteur", "Commune"]
    data = [
        ["D1", "15/01/2024", "ASSLL", "Cognac", "Cognac"],
        [],                                              # 3 blank line
        ["", "", "", "", ""],                            # 4 delimiters only
        header,                                          # 5 repeated header
        ["D2", "16/01/2024", "Diagnostic", "Ruffécois", "Ruffec"],
        ["", "", "TOTAL", "", ""],                       # 7 key empty + total cell
        ["TOTAL 2024", "", "2", "", ""],                 # 8 key is the total label
        ["", "", "", "Sous-total", "1"],                 # 9 key empty + sous-total cell
        ["", "", "", "", "sous total Cognac"],           # 10 begins with "sous total "
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
    write_csv(raw / "gts.csv", GTS, [["15/01/2024", "D1", "", "Bilan"], ["TOTAL", "", "", "12"],
                                     ["Total janvier", "", "", ""], ["", "", "", "Sous-total"]])
    write_csv(raw / "mut.csv", MUT, [["15/01/2024", "M1", "Cognac", "Ruffec"], ["Total 2024", "1", "", ""]])
    report, _ = ingest_folder(raw, tmp_path)
    assert counts(report["tables"]["passages_gts"]) == (4, 1, 0, 3)
    assert counts(report["tables"]["mutualisations"]) == (2, 1, 0, 1)
    assert report["quarantine"] == []


def test_xlsx_sheet_row_of_empty_cells_is_blank(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_xlsx(raw / "suivi.xlsx", {"Demandes": [DEM, ["D1", dt.date(2024, 1, 15), "ASSLL", "Cognac"], [],
                                                 ["", "", "", ""], ["D2", 45306, "ASSLL", "Cognac"]]})
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

CANONICAL = {"Date demande": "date_demande", "Date décision": "date_decision", "Type": "type_mesure",
             "Secteur": "secteur", "N° demande": "id_demande", "N° mesure": "id_mesure", "Date début": "date_debut",
             "Date fin": "date_fin", "Objet": "objet", "Date GTS": "date_seance",
             "Secteur d'origine": "secteur_origine", "Date mutualisation": "date_mutualisation"}


@pytest.mark.parametrize(("kind", "changes", "words"), QUARANTINE_CASES,
                         ids=[f"{k}-{'+'.join(c)}-{next(iter(c.values())) or 'vide'}" for k, c, _ in QUARANTINE_CASES])
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
    write_csv(raw / "2024" / "demandes_a.csv", DEM, [
        ["D1", "15/01/2024", "ASSLL", "Cognac"],
        ["D2", "16/01/2024", "ASSLL", "Cognac"],
        [],
        ["D3", "17/01/2024", "Diag", "Ruffec"],
        ["D4", "18/01/2024", "ASSLL", ""],
        ["", "", "Total", "3"],
    ], encoding="cp1252", newline="\r\n")
    write_xlsx(raw / "2024" / "demandes_b.xlsx", {"Demandes": [
        ["Suivi des demandes 2024"], [], DEM,
        ["D1", dt.date(2024, 1, 15), "ASSLL", "Cognac"],
        [],
        ["D5", 45310, "ASSLL", "Cognac"],
        ["D6", "20/01/2024", "Mesure X", "Cognac"],
    ]})
    write_csv(raw / "2024" / "mesures.txt", MES, [
        ["M1", "D1", "01/02/2024", ""], MES, ["M2", "D2", "01/03/2024", "01/02/2024"], ["M3", "D3", "01/03/2024", ""],
    ], delimiter="\t")
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
    write_csv(raw / "d.csv", header, [["D1", "15/01/2024", "ASSLL", "Cognac", "Mairie", "Colocation"],
                                      ["D2", "15/01/2024", "ASSLL", "Cognac", "TS référent", "Parc social"],
                                      ["D3", "15/01/2024", "ASSLL", "Cognac", "Mairie", ""]])
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
    write_csv(raw / "d.csv", DEM, [["D1", "15/01/2024", "ASSLL", "Secteur Atlantide"],
                                   ["D2", "15/01/2024", "ASSLL", "ruffec"]])
    report, tables = ingest_folder(raw, tmp_path)
    assert counts(report["tables"]["demandes"]) == (2, 2, 0, 0)
    d1 = record(tables["demandes"], "id_demande", "D1")
    assert (d1["secteur"], d1["secteur_brut"], d1["tas"]) == ("NON_RECONNU", "Secteur Atlantide", "NON_RECONNU")
    d2 = record(tables["demandes"], "id_demande", "D2")
    assert (d2["secteur"], d2["tas"]) == ("Ruffécois", "Nord Charente")
    assert ("demandes", "secteur", "Secteur Atlantide") in {
        (u["table"], u["colonne"], u["valeur_brute"]) for u in report["unrecognised"]}


def test_tas_derived_from_sector_when_column_absent_or_cell_empty(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_csv(raw / "sans_tas.csv", DEM, [["D1", "15/01/2024", "ASSLL", "Angoulême Sud"],
                                          ["D2", "15/01/2024", "ASSLL", "Barbezieux"],
                                          ["D3", "15/01/2024", "ASSLL", "Confolentais"]])
    write_csv(raw / "avec_tas.csv", [*DEM, "TAS"], [["D4", "15/01/2024", "ASSLL", "Cognac", ""],
                                                    ["D5", "15/01/2024", "ASSLL", "Cognac", "Angoumois Ouest"]])
    _, tables = ingest_folder(raw, tmp_path)
    got = {r["id_demande"]: (r["secteur"], r["tas"]) for r in tables["demandes"].to_dicts()}
    assert got == {
        "D1": ("Angoulême Sud-La Couronne", "Angoumois Ouest"),
        "D2": ("Sud-Charente", "Sud Charente"),
        "D3": ("Charente Limousine", "Est Charente"),
        "D4": ("Cognac", "Ouest Charente"),
        "D5": ("Cognac", "Angoumois Ouest"),
    }


# --- merging --------------------------------------------------------------------------------

MERGE_HEADER = [*DEM, "Prescripteur", "Décision", "Date décision", "Commune", "Statut d'occupation",
                "Aide financière", "Objectif"]


def test_merge_in_sorted_path_order(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    # "2024-bis/…" sorts before "2024/…" ('-' < '/'): the file in 2024/ is the later one.
    write_csv(raw / "2024" / "a_complement.csv", MERGE_HEADER, [
        ["D1", "15/01/2024", "ASSLL", "Cognac", "Bailleur", "Accord", "01/02/2024", "", "Parc privé", "", ""],
    ])
    write_csv(raw / "2024-bis" / "z_export.csv", MERGE_HEADER, [
        ["D1", "15/01/2024", "ASSLL", "Cognac", "TS", "En attente", "", "Cognac", "", "Accordée", "Budget"],
        ["D2", "16/01/2024", "ASSLL", "Cognac", "TS", "", "", "", "", "", ""],
        ["D2", "16/01/2024", "ASSLL", "Cognac", "Commission FSL", "", "", "", "", "", ""],
        ["D3", "16/01/2024", "ASSLL", "Cognac", "TS", "", "", "", "", "", ""],
        ["D3", "16/01/2024", "ASSLL", "Cognac", "Assistante sociale", "", "", "", "", "", ""],  # same value
    ])
    report, tables = ingest_folder(raw, tmp_path)
    assert counts(report["tables"]["demandes"]) == (6, 6, 0, 0)
    assert report["tables"]["demandes"]["records"] == 3
    d1 = record(tables["demandes"], "id_demande", "D1")
    assert (d1["prescripteur"], d1["prescripteur_brut"]) == ("BAILLEUR", "Bailleur")  # later non-empty wins
    assert (d1["decision"], d1["date_decision"]) == ("ACCORD", dt.date(2024, 2, 1))
    assert (d1["commune"], d1["code_insee"]) == ("Cognac", "16102")  # empty never overrides
    assert d1["statut_occupation"] == "LOCATAIRE_PRIVE"  # later fills an empty one
    assert d1["aide_financiere"] == "ACCORDEE"  # an empty later cell is not the SANS default
    assert d1["objectif"] == "BUDGET"
    d2 = record(tables["demandes"], "id_demande", "D2")
    assert d2["prescripteur"] == "COMMISSION_FSL"  # line order within a file
    d3 = record(tables["demandes"], "id_demande", "D3")
    assert (d3["prescripteur"], d3["prescripteur_brut"]) == ("TRAVAILLEUR_SOCIAL", "Assistante sociale")
    conflicts = [(c["table"], c["id"], c["colonne"], list(c["valeurs"]), c["retenue"]) for c in report["conflicts"]]
    assert conflicts == [
        ("demandes", "D1", "prescripteur", ["TRAVAILLEUR_SOCIAL", "BAILLEUR"], "BAILLEUR"),
        ("demandes", "D2", "prescripteur", ["TRAVAILLEUR_SOCIAL", "COMMISSION_FSL"], "COMMISSION_FSL"),
    ]
    assert tables["conflits"].height == 2
    assert not any(c["colonne"] == "decision" for c in report["conflicts"])


def test_commune_conflicts_compare_resolved_communes(tmp_path: Path) -> None:
    header = [*DEM, "Commune"]
    raw = tmp_path / "brut"
    # Tuzie merged into Courcôme: the same commune under its former and current names.
    write_csv(raw / "a.csv", header, [["D1", "15/01/2024", "ASSLL", "Ruffec", "Tuzie"],
                                      ["D2", "15/01/2024", "ASSLL", "Cognac", "Cognac"],
                                      ["D3", "15/01/2024", "ASSLL", "Cognac", "St Brice"]])
    write_csv(raw / "b.csv", header, [["D1", "15/01/2024", "ASSLL", "Ruffec", "COURCÔME"],
                                      ["D2", "15/01/2024", "ASSLL", "Cognac", "Angoulême"],
                                      ["D3", "15/01/2024", "ASSLL", "Cognac", "Saint-Brice"]])
    report, tables = ingest_folder(raw, tmp_path)
    conflicts = [(c["id"], c["colonne"], list(c["valeurs"]), c["retenue"]) for c in report["conflicts"]]
    assert conflicts == [("D2", "commune", ["Cognac", "Angoulême"], "Angoulême")]
    assert record(tables["demandes"], "id_demande", "D1")["commune"] == "Courcôme"
    assert "commune_cle" not in tables["demandes"].columns


def test_evolving_measure_fields_are_not_conflicts(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    header = [*MES, "Motif d'arrêt"]
    write_csv(raw / "mesures_1.csv", header, [["M1", "D1", "01/02/2024", "", ""]])
    write_csv(raw / "mesures_2.csv", header, [["M1", "D1", "01/02/2024", "30/09/2024", "Injoignable"]])
    report, tables = ingest_folder(raw, tmp_path)
    m1 = record(tables["mesures"], "id_mesure", "M1")
    assert (m1["date_fin"], m1["motif_arret"]) == (dt.date(2024, 9, 30), "TRAVAIL_NON_POSSIBLE")
    assert report["conflicts"] == []


def test_defaults_applied_after_merge(tmp_path: Path) -> None:
    header = [*DEM, "Prescripteur", "Dispositif", "Instance", "Aide financière", "Statut d'occupation", "Objectif",
              "Décision", "Motif refus", "Commune"]
    raw = tmp_path / "brut"
    write_csv(raw / "a.csv", header, [["D1", "15/01/2024", "ASSLL", "Cognac"] + [""] * 9,
                                      ["D2", "15/01/2024", "ASSLL", "Cognac"] + [""] * 3 + ["Refusée"] + [""] * 5])
    write_csv(raw / "b.csv", header, [["D1", "15/01/2024", "ASSLL", "Cognac"] + [""] * 9,
                                      ["D2", "15/01/2024", "ASSLL", "Cognac"] + [""] * 9])
    _, tables = ingest_folder(raw, tmp_path)
    d1 = record(tables["demandes"], "id_demande", "D1")
    assert (d1["aide_financiere"], d1["decision"]) == ("SANS", "EN_ATTENTE")
    for column in ("prescripteur", "dispositif", "instance", "statut_occupation", "objectif", "motif_refus"):
        assert d1[column] == "NON_RENSEIGNE", column
    assert d1["objectifs"] == []
    assert d1["code_epci"] == "NON_RENSEIGNE"
    d2 = record(tables["demandes"], "id_demande", "D2")
    assert d2["aide_financiere"] == "REFUSEE"


def test_measure_defaults_after_merge(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_csv(raw / "d.csv", DEM, [["D1", "15/01/2024", "ASSLL", "Ruffec"]])
    write_csv(raw / "m.csv", [*MES, "Secteur intervenant", "Motif d'arrêt", "Résultat"],
              [["M1", "D1", "01/02/2024", "", "", "", ""], ["M2", "D1", "01/02/2024", "", "Cognac", "", ""]])
    _, tables = ingest_folder(raw, tmp_path)
    m1 = record(tables["mesures"], "id_mesure", "M1")
    assert (m1["secteur_intervenant"], m1["motif_arret"], m1["resultat_objectifs"], m1["mutualisee"]) == (
        "Ruffécois", "NON_RENSEIGNE", "NON_RENSEIGNE", False)
    m2 = record(tables["mesures"], "id_mesure", "M2")
    assert (m2["secteur_intervenant"], m2["mutualisee"]) == ("Cognac", True)


# --- objectives, legacy results, identifiers -------------------------------------------------


def test_objective_cell_with_several_objectives(tmp_path: Path) -> None:
    cells = {
        "D1": ("Budget / Prévention des expulsions", "BUDGET", ["BUDGET", "PREVENTION_EXPULSION"]),
        "D2": ("Dettes locatives, Installation", "DETTES", ["DETTES", "INSTALLATION"]),
        "D3": ("Appropriation; Entretien du logement", "APPROPRIATION", ["APPROPRIATION", "ENTRETIEN"]),
        "D4": ("Intégration + Projet logement + Budget", "INTEGRATION", ["INTEGRATION", "PROJET_LOGEMENT", "BUDGET"]),
        "D5": ("Jardinage / Budget", "NON_RECONNU", ["NON_RECONNU", "BUDGET"]),
        "D6": ("Gestion du budget", "BUDGET", ["BUDGET"]),
        "D7": ("Budget / Jardinage", "BUDGET", ["BUDGET", "NON_RECONNU"]),
    }
    raw = tmp_path / "brut"
    write_csv(raw / "d.csv", [*DEM, "Objectifs"],
              [[i, "15/01/2024", "ASSLL", "Cognac", cell] for i, (cell, _, _) in cells.items()])
    report, tables = ingest_folder(raw, tmp_path)
    for ident, (cell, main, all_) in cells.items():
        r = record(tables["demandes"], "id_demande", ident)
        assert (r["objectif"], r["objectifs"], r["objectif_brut"]) == (main, all_, cell), ident
    assert sorted((u["colonne"], u["valeur_brute"]) for u in report["unrecognised"]) == [
        ("objectif", "Budget / Jardinage"), ("objectif", "Jardinage / Budget")]


def test_legacy_closure_reason_holds_the_result(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_csv(raw / "d.csv", DEM, [["D1", "15/01/2023", "ASSLL", "Cognac"]])
    write_csv(raw / "m_ancien.csv", [*MES, "Motif de fin"], [
        ["M1", "D1", "01/02/2023", "01/02/2024", "Objectifs partiellement atteints"],
        ["M2", "D1", "01/02/2023", "01/02/2024", "Objectifs atteints"],
        ["M3", "D1", "01/02/2023", "01/02/2024", "Objectifs non atteints"],
    ])
    write_csv(raw / "m_nouveau.csv", [*MES, "Motif de fin", "Résultat"], [
        ["M4", "D1", "01/02/2023", "01/02/2024", "Objectifs partiellement atteints", "Non atteints"],
        ["M5", "D1", "01/02/2023", "01/02/2024", "Objectifs atteints", ""],
        ["M6", "D1", "01/02/2023", "01/02/2024", "Travail non possible", ""],
        ["M7", "D1", "01/02/2023", "01/02/2024", "Travail possible", "En partie"],
    ])
    report, tables = ingest_folder(raw, tmp_path)
    got = {r["id_mesure"]: (r["motif_arret"], r["resultat_objectifs"]) for r in tables["mesures"].to_dicts()}
    assert got == {
        "M1": ("TRAVAIL_POSSIBLE", "PARTIELLEMENT_ATTEINTS"),
        "M2": ("TRAVAIL_POSSIBLE", "ATTEINTS"),
        "M3": ("TRAVAIL_POSSIBLE", "NON_ATTEINTS"),
        "M4": ("TRAVAIL_POSSIBLE", "NON_ATTEINTS"),  # a non-empty result column wins
        "M5": ("TRAVAIL_POSSIBLE", "ATTEINTS"),
        "M6": ("TRAVAIL_NON_POSSIBLE", "NON_RENSEIGNE"),
        "M7": ("TRAVAIL_POSSIBLE", "PARTIELLEMENT_ATTEINTS"),
    }
    m1 = record(tables["mesures"], "id_mesure", "M1")
    assert m1["motif_arret_brut"] == "Objectifs partiellement atteints"
    assert report["unrecognised"] == []


def test_identifiers_are_text(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_csv(raw / "a_demandes.csv", DEM, [["00123", "15/01/2024", "ASSLL", "Cognac"],
                                            ["  0042  ", "15/01/2024", "ASSLL", "Cognac"]])
    write_xlsx(raw / "b_suivi.xlsx", {
        "Demandes": [DEM, [123.0, dt.date(2024, 1, 16), "ASSLL", "Cognac"], [7, 45307, "ASSLL", "Cognac"]],
        "Mesures": [MES, [45.0, 123.0, dt.date(2024, 2, 1), None], ["0046", "00123", "01/02/2024", None]],
    })
    _, tables = ingest_folder(raw, tmp_path)
    assert sorted(tables["demandes"]["id_demande"].to_list()) == ["00123", "0042", "123", "7"]
    assert tables["demandes"].schema["id_demande"] == pl.String
    got = {r["id_mesure"]: (r["id_demande"], r["demande_connue"]) for r in tables["mesures"].to_dicts()}
    assert got == {"45": ("123", True), "0046": ("00123", True)}


# --- personal data --------------------------------------------------------------------------

FAKE_NAME = "Fictif-Testeur Zébulon"
FAKE_HOUSEHOLD = "MEN-TEST-0042"


def all_cells(frame: pl.DataFrame) -> list[str]:
    return [str(v) for row in frame.iter_rows() for v in row]


def privacy_folder(raw: Path) -> Path:
    header = [*DEM, "Nom usager", "N° ménage", "Observations libres"]
    write_csv(raw / "demandes.csv", header, [
        ["D1", "15/01/2024", "ASSLL", "Cognac", FAKE_NAME, FAKE_HOUSEHOLD, f"appel de {FAKE_NAME}"],
        ["D2", "15/01/2024", "ASSLL", "Cognac", "Autre Fictif", FAKE_HOUSEHOLD, ""],
        ["D3", "99/01/2024", "ASSLL", "Cognac", FAKE_NAME, FAKE_HOUSEHOLD, FAKE_NAME],  # quarantined
    ])
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


# --- files and tables that are not data ----------------------------------------------------


def test_header_aliases_fold_typographic_apostrophes_and_case(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_csv(raw / "mutualisations.csv", ["DATE", "numéro MESURE", "Secteur d’origine", "Secteur prêteur"],
              [["15/01/2024", "M1", "Angoulême Nord", "Est Angoumois"]], encoding="cp1252", newline="\r\n")
    report, tables = ingest_folder(raw, tmp_path)
    assert report["files"][0]["table"] == "mutualisations"
    [row] = tables["mutualisations"].to_dicts()
    assert (row["date_mutualisation"], row["id_mesure"], row["secteur_origine"], row["secteur_accueil"]) == (
        dt.date(2024, 1, 15), "M1", "Angoulême Nord-Gond-Pontouvre", "Horte et Tardoire")
    assert (row["fichier"], row["ligne"]) == ("mutualisations.csv", 2)


def test_kind_with_most_matched_columns_wins(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    # demandes: 5 matched columns (all required present); mesures: 3 (its required ones too)
    write_csv(raw / "export.csv", [*DEM, "Commune", "N° mesure", "Date début"],
              [["D1", "15/01/2024", "ASSLL", "Cognac", "Cognac", "M1", "01/02/2024"]])
    report, tables = ingest_folder(raw, tmp_path)
    [entry] = report["files"]
    assert entry["table"] == "demandes"
    assert entry["colonnes_inconnues"] == ["N° mesure", "Date début"]
    assert tables["demandes"]["id_demande"].to_list() == ["D1"]
    assert tables["mesures"].height == 0


def test_tables_that_are_not_data_are_listed_as_ignored(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_csv(raw / "2024" / "mesures_2024.csv", [*DEM, "Décision GTS"],  # a demandes table, whatever its name
              [["D1", "15/01/2024", "ASSLL", "Cognac", "Accord"]])
    write_csv(raw / "2024" / "gts.csv", [*GTS, "Décision GTS"], [["15/01/2024", "D1", "", "Bilan", "Arrêt"]])
    write_csv(raw / "annexes" / "contacts_ts.csv", ["Nom", "Téléphone", "Courriel"], [["TS fictif", "00", "x@y"]])
    write_csv(raw / "annexes" / "partiel.csv", ["N° demande", "Date demande", "Secteur"], [["D9", "15/01/2024", "X"]])
    write_csv(raw / "annexes" / "ambigu.csv", [*DEM, "N° mesure", "Date début", "Date fin"], [])
    (raw / "annexes" / "lisez-moi.pdf").write_bytes(b"%PDF-1.4 faux document de test")
    (raw / "annexes" / "LISEZMOI").write_text("notes", encoding="utf-8")
    (raw / "annexes" / "casse.csv").write_bytes(b"\x00\x01\x02" * 100)
    write_xlsx(raw / "annexes" / "classeur.xlsx", {"Mutualisations": [MUT, ["01/02/2024", "M1", "Cognac", "Ruffec"]],
                                                   "Notes": [["Remarques de l'équipe"], ["rien de particulier"]]})
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
