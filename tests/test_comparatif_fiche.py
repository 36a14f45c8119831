"""Each rule of the fiche comparative (COMPARATIF.md §1), one test each, through the real readers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines.comparatif.fiche import FicheFile, read_fiche
from pipelines.comparatif.load import build, read_folder
from tests.conftest import write_csv, write_xlsx

TODAY = dt.date(2026, 6, 1)
HEADER = ["Département", "Année", "Indicateur", "Valeur", "Commentaire"]


def fiche(tmp_path: Path, rows: list[list[str]], name: str = "fiche.csv", **kwargs) -> FicheFile:
    path = write_csv(tmp_path / name, HEADER, rows, **kwargs)
    return read_fiche(path, name, home="16", today=TODAY)


def only(result: FicheFile) -> dict:
    assert len(result.lines) == 1, result.lines
    return result.lines[0]


def assert_accounted(result: FicheFile) -> None:
    s = result.summary()
    assert s["read"] == s["loaded"] + s["rejected"] + s["ignored"]


def test_a_plain_line_is_loaded(tmp_path: Path) -> None:
    line = only(fiche(tmp_path, [["17", "2024", "commandes_assll", "212", "dont 12 relogements"]]))
    assert (line["statut"], line["departement"], line["annee"], line["indicateur"]) == (
        "charge",
        "17",
        2024,
        "commandes_assll",
    )
    assert (line["etat"], line["valeur"], line["commentaire"]) == ("valeur", 212.0, "dont 12 relogements")


def test_share_over_100_is_rejected(tmp_path: Path) -> None:
    line = only(fiche(tmp_path, [["17", "2024", "part_travail_possible_pct", "104,5", ""]]))
    assert (line["statut"], line["motif"]) == ("rejete", "part hors de 0–100 : « 104,5 »")


def test_negative_count_is_rejected(tmp_path: Path) -> None:
    line = only(fiche(tmp_path, [["17", "2024", "mesures_cloturees", "-3", ""]]))
    assert line["statut"] == "rejete"
    assert line["motif"] == "effectif négatif : « -3 » (un nombre entier positif est attendu)"


def test_fractional_count_is_rejected(tmp_path: Path) -> None:
    line = only(fiche(tmp_path, [["17", "2024", "mesures_debutees", "12,5", ""]]))
    assert line["statut"] == "rejete"
    assert line["motif"] == "effectif non entier : « 12,5 » (un nombre entier positif est attendu)"


def test_fractional_duration_is_loaded(tmp_path: Path) -> None:
    line = only(fiche(tmp_path, [["17", "2024", "duree_moyenne_mois", "8,25", ""]]))
    assert (line["statut"], line["valeur"]) == ("charge", 8.25)


def test_unknown_departement_is_rejected(tmp_path: Path) -> None:
    line = only(fiche(tmp_path, [["Charente-Limousine", "2024", "commandes_assll", "12", ""]]))
    assert (line["statut"], line["motif"]) == ("rejete", "département inconnu : « Charente-Limousine »")


def test_unknown_indicator_is_rejected(tmp_path: Path) -> None:
    line = only(fiche(tmp_path, [["17", "2024", "menages_accompagnes", "12", ""]]))
    assert (line["statut"], line["motif"]) == ("rejete", "indicateur inconnu : « menages_accompagnes »")


@pytest.mark.parametrize(
    ("year", "reason"),
    [
        ("2009", "année hors période : 2009 (de 2010 à 2026)"),
        ("2027", "année hors période : 2027 (de 2010 à 2026)"),
        ("24", "année hors période : 24 (de 2010 à 2026)"),
        ("vingt", "année illisible : « vingt »"),
    ],
)
def test_year_out_of_range_is_rejected(tmp_path: Path, year: str, reason: str) -> None:
    line = only(fiche(tmp_path, [["17", year, "commandes_assll", "12", ""]]))
    assert (line["statut"], line["motif"]) == ("rejete", reason)


def test_repeated_header_is_ignored(tmp_path: Path) -> None:
    result = fiche(
        tmp_path,
        [
            ["17", "2024", "commandes_assll", "12", ""],
            HEADER,
            ["17", "2024", "mesures_debutees", "10", ""],
            ["Code département", "Exercice", "Indicateur", "Valeur", ""],
        ],
    )
    assert [(x["ligne"], x["statut"], x.get("motif")) for x in result.lines] == [
        (2, "charge", None),
        (3, "ignore", "en-tête répété"),
        (4, "charge", None),
        (5, "ignore", "en-tête répété"),
    ]
    assert_accounted(result)


def test_blank_lines_are_ignored(tmp_path: Path) -> None:
    result = fiche(
        tmp_path,
        [
            ["17", "2024", "commandes_assll", "12", ""],
            [],
            ["", "", "", "", ""],
            ["17", "2024", "mesures_debutees", "10", ""],
        ],
    )
    assert [(x["statut"], x.get("motif")) for x in result.lines] == [
        ("charge", None),
        ("ignore", "ligne vide"),
        ("ignore", "ligne vide"),
        ("charge", None),
    ]
    assert result.summary() == {"file": "fiche.csv", "read": 4, "loaded": 2, "rejected": 0, "ignored": 2}


@pytest.mark.parametrize(
    ("text", "etat"),
    [
        ("nc", "non_communique"),
        ("n.c.", "non_communique"),
        ("ND", "non_communique"),
        ("", "non_communique"),
        ("< 5", "masque"),
        ("<5", "masque"),
        ("s", "masque"),
    ],
)
def test_masked_and_missing_values_are_kept_as_such_never_0(tmp_path: Path, text: str, etat: str) -> None:
    line = only(fiche(tmp_path, [["17", "2024", "commandes_diagnostic", text, "pas de diagnostic"]]))
    assert (line["statut"], line["etat"], line["valeur"]) == ("charge", etat, None)


def test_departement_given_by_name(tmp_path: Path) -> None:
    result = fiche(
        tmp_path,
        [
            ["Charente-Maritime", "2024", "commandes_assll", "12", ""],
            ["cotes d'armor", "2024", "commandes_assll", "30", ""],
            ["Corse-du-Sud", "2024", "commandes_assll", "7", ""],
        ],
    )
    assert [x["departement"] for x in result.lines] == ["17", "22", "2A"]


def test_thousands_with_spaces(tmp_path: Path) -> None:
    result = fiche(
        tmp_path,
        [
            ["13", "2024", "commandes_assll", "1 234", ""],
            ["59", "2024", "commandes_assll", "2\u202f045", ""],
            ["69", "2024", "commandes_assll", "1\u00a0002", ""],
        ],
    )
    assert [x["valeur"] for x in result.lines] == [1234.0, 2045.0, 1002.0]


def test_percentages_with_percent_sign(tmp_path: Path) -> None:
    result = fiche(
        tmp_path,
        [
            ["17", "2024", "part_travail_possible_pct", "45 %", ""],
            ["17", "2024", "part_objectifs_atteints_pct", "82,5%", ""],
            ["17", "2024", "commandes_assll", "45 %", ""],
        ],
    )
    assert [x["valeur"] for x in result.lines[:2]] == [45.0, 82.5]
    assert result.lines[2]["motif"] == "« 45 % » est un pourcentage, or « commandes_assll » n'est pas une part"


def test_unreadable_number_is_rejected(tmp_path: Path) -> None:
    line = only(fiche(tmp_path, [["17", "2024", "etp_total", "environ 6", ""]]))
    assert (line["statut"], line["motif"]) == ("rejete", "nombre illisible : « environ 6 »")


def test_the_warehouse_departement_is_never_taken_from_a_fiche(tmp_path: Path) -> None:
    line = only(fiche(tmp_path, [["16", "2024", "commandes_assll", "500", ""]]))
    assert line["statut"] == "rejete"
    assert line["motif"].startswith("département de l'entrepôt (16)")


def test_indicator_by_french_label(tmp_path: Path) -> None:
    line = only(fiche(tmp_path, [["17", "2024", "Mesures en cours au 31 décembre", "40", ""]]))
    assert line["indicateur"] == "mesures_en_cours_fin_annee"


def test_same_figure_in_two_files_later_path_wins(tmp_path: Path) -> None:
    folder = tmp_path / "fiches"
    write_csv(folder / "a_premiere.csv", HEADER, [["17", "2024", "commandes_assll", "200", ""]])
    write_csv(
        folder / "b_seconde.csv",
        HEADER,
        [["17", "2024", "commandes_assll", "210", "corrigé"], ["17", "2024", "mesures_debutees", "150", ""]],
    )
    report, table = build(read_folder(folder, home="16", today=TODAY))
    assert table.filter(table["indicateur"] == "commandes_assll").select("valeur", "fichier").rows() == [
        (210.0, "b_seconde.csv")
    ]
    assert report["conflicts"] == [
        {
            "departement": "17",
            "annee": 2024,
            "indicateur": "commandes_assll",
            "values": [
                {"file": "a_premiere.csv", "line": 2, "value": "200"},
                {"file": "b_seconde.csv", "line": 2, "value": "210"},
            ],
            "kept": {"file": "b_seconde.csv", "line": 2},
        }
    ]
    assert [(f["file"], f["read"], f["loaded"]) for f in report["files"]] == [
        ("a_premiere.csv", 1, 1),
        ("b_seconde.csv", 2, 2),
    ]


def test_xlsx_with_title_rows_and_cp1252_tab_csv(tmp_path: Path) -> None:
    folder = tmp_path / "fiches"
    write_xlsx(
        folder / "vienne.xlsx",
        {
            "Fiche": [
                ["Fiche comparative — Vienne"],
                [],
                ["Code département", "Exercice", "Code indicateur", "Nombre", "Remarque"],
                ["86", 2024, "commandes_assll", 180, "année pleine"],
                ["86", 2024, "duree_moyenne_mois", 7.5, None],
            ]
        },
    )
    write_csv(
        folder / "gers.txt",
        ["Dép.", "Année", "Indicateur", "Taux", "Note"],
        [["Gers", "2024", "part_assll_travailleurs_sociaux_pct", "61,5", "données clôturées en février"]],
        delimiter="\t",
        encoding="cp1252",
        newline="\r\n",
    )
    report, table = build(read_folder(folder, home="16", today=TODAY))
    assert table.select("departement", "indicateur", "valeur", "commentaire").rows() == [
        ("32", "part_assll_travailleurs_sociaux_pct", 61.5, "données clôturées en février"),
        ("86", "commandes_assll", 180.0, "année pleine"),
        ("86", "duree_moyenne_mois", 7.5, None),
    ]
    assert {f["file"]: f["read"] for f in report["files"]} == {"gers.txt": 1, "vienne.xlsx": 2}


def test_every_line_accounted_for_in_a_messy_file(tmp_path: Path) -> None:
    result = fiche(
        tmp_path,
        [
            ["17", "2024", "commandes_assll", "1 234", ""],
            [],
            HEADER,
            ["17", "2024", "inconnu", "1", ""],
            ["Loire", "2024", "part_travail_possible_pct", "45 %", ""],
            ["17", "2031", "commandes_assll", "3", ""],
            ["17", "2024", "etp_total", "nc", ""],
        ],
    )
    assert result.summary() == {"file": "fiche.csv", "read": 7, "loaded": 3, "rejected": 2, "ignored": 2}


def test_a_file_without_a_fiche_header_says_why(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "autre.csv", ["Nom", "Prénom"], [["X", "Y"]])
    result = read_fiche(path, "autre.csv", home="16", today=TODAY)
    assert result.summary() == {
        "file": "autre.csv",
        "read": 0,
        "loaded": 0,
        "rejected": 0,
        "ignored": 0,
        "reason": "aucun en-tête de fiche comparative (colonnes département, année, "
        "indicateur, valeur) dans les 11 premières lignes",
    }
