"""Row rules: merging; objectives, legacy results and identifiers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from conftest import write_csv, write_xlsx

from tests.ingest_rules_helpers import DEM, MES, counts, ingest_folder, record

# --- merging --------------------------------------------------------------------------------

MERGE_HEADER = [
    *DEM,
    "Prescripteur",
    "Décision",
    "Date décision",
    "Commune",
    "Statut d'occupation",
    "Aide financière",
    "Objectif",
]


def test_merge_in_sorted_path_order(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    # "2024-bis/…" sorts before "2024/…" ('-' < '/'): the file in 2024/ is the later one.
    write_csv(
        raw / "2024" / "a_complement.csv",
        MERGE_HEADER,
        [
            ["D1", "15/01/2024", "ASSLL", "Cognac", "Bailleur", "Accord", "01/02/2024", "", "Parc privé", "", ""],
        ],
    )
    write_csv(
        raw / "2024-bis" / "z_export.csv",
        MERGE_HEADER,
        [
            ["D1", "15/01/2024", "ASSLL", "Cognac", "TS", "En attente", "", "Cognac", "", "Accordée", "Budget"],
            ["D2", "16/01/2024", "ASSLL", "Cognac", "TS", "", "", "", "", "", ""],
            ["D2", "16/01/2024", "ASSLL", "Cognac", "Commission FSL", "", "", "", "", "", ""],
            ["D3", "16/01/2024", "ASSLL", "Cognac", "TS", "", "", "", "", "", ""],
            ["D3", "16/01/2024", "ASSLL", "Cognac", "Assistante sociale", "", "", "", "", "", ""],  # same value
        ],
    )
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
    write_csv(
        raw / "a.csv",
        header,
        [
            ["D1", "15/01/2024", "ASSLL", "Ruffec", "Tuzie"],
            ["D2", "15/01/2024", "ASSLL", "Cognac", "Cognac"],
            ["D3", "15/01/2024", "ASSLL", "Cognac", "St Brice"],
        ],
    )
    write_csv(
        raw / "b.csv",
        header,
        [
            ["D1", "15/01/2024", "ASSLL", "Ruffec", "COURCÔME"],
            ["D2", "15/01/2024", "ASSLL", "Cognac", "Angoulême"],
            ["D3", "15/01/2024", "ASSLL", "Cognac", "Saint-Brice"],
        ],
    )
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
    header = [
        *DEM,
        "Prescripteur",
        "Dispositif",
        "Instance",
        "Aide financière",
        "Statut d'occupation",
        "Objectif",
        "Décision",
        "Motif refus",
        "Commune",
    ]
    raw = tmp_path / "brut"
    write_csv(
        raw / "a.csv",
        header,
        [
            ["D1", "15/01/2024", "ASSLL", "Cognac"] + [""] * 9,
            ["D2", "15/01/2024", "ASSLL", "Cognac"] + [""] * 3 + ["Refusée"] + [""] * 5,
        ],
    )
    write_csv(
        raw / "b.csv",
        header,
        [["D1", "15/01/2024", "ASSLL", "Cognac"] + [""] * 9, ["D2", "15/01/2024", "ASSLL", "Cognac"] + [""] * 9],
    )
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
    write_csv(
        raw / "m.csv",
        [*MES, "Secteur intervenant", "Motif d'arrêt", "Résultat"],
        [["M1", "D1", "01/02/2024", "", "", "", ""], ["M2", "D1", "01/02/2024", "", "Cognac", "", ""]],
    )
    _, tables = ingest_folder(raw, tmp_path)
    m1 = record(tables["mesures"], "id_mesure", "M1")
    assert (m1["secteur_intervenant"], m1["motif_arret"], m1["resultat_objectifs"], m1["mutualisee"]) == (
        "Ruffécois",
        "NON_RENSEIGNE",
        "NON_RENSEIGNE",
        False,
    )
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
    write_csv(
        raw / "d.csv",
        [*DEM, "Objectifs"],
        [[i, "15/01/2024", "ASSLL", "Cognac", cell] for i, (cell, _, _) in cells.items()],
    )
    report, tables = ingest_folder(raw, tmp_path)
    for ident, (cell, main, all_) in cells.items():
        r = record(tables["demandes"], "id_demande", ident)
        assert (r["objectif"], r["objectifs"], r["objectif_brut"]) == (main, all_, cell), ident
    assert sorted((u["colonne"], u["valeur_brute"]) for u in report["unrecognised"]) == [
        ("objectif", "Budget / Jardinage"),
        ("objectif", "Jardinage / Budget"),
    ]


def test_legacy_closure_reason_holds_the_result(tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    write_csv(raw / "d.csv", DEM, [["D1", "15/01/2023", "ASSLL", "Cognac"]])
    write_csv(
        raw / "m_ancien.csv",
        [*MES, "Motif de fin"],
        [
            ["M1", "D1", "01/02/2023", "01/02/2024", "Objectifs partiellement atteints"],
            ["M2", "D1", "01/02/2023", "01/02/2024", "Objectifs atteints"],
            ["M3", "D1", "01/02/2023", "01/02/2024", "Objectifs non atteints"],
        ],
    )
    write_csv(
        raw / "m_nouveau.csv",
        [*MES, "Motif de fin", "Résultat"],
        [
            ["M4", "D1", "01/02/2023", "01/02/2024", "Objectifs partiellement atteints", "Non atteints"],
            ["M5", "D1", "01/02/2023", "01/02/2024", "Objectifs atteints", ""],
            ["M6", "D1", "01/02/2023", "01/02/2024", "Travail non possible", ""],
            ["M7", "D1", "01/02/2023", "01/02/2024", "Travail possible", "En partie"],
        ],
    )
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
    write_csv(
        raw / "a_demandes.csv",
        DEM,
        [["00123", "15/01/2024", "ASSLL", "Cognac"], ["  0042  ", "15/01/2024", "ASSLL", "Cognac"]],
    )
    write_xlsx(
        raw / "b_suivi.xlsx",
        {
            "Demandes": [DEM, [123.0, dt.date(2024, 1, 16), "ASSLL", "Cognac"], [7, 45307, "ASSLL", "Cognac"]],
            "Mesures": [MES, [45.0, 123.0, dt.date(2024, 2, 1), None], ["0046", "00123", "01/02/2024", None]],
        },
    )
    _, tables = ingest_folder(raw, tmp_path)
    assert sorted(tables["demandes"]["id_demande"].to_list()) == ["00123", "0042", "123", "7"]
    assert tables["demandes"].schema["id_demande"] == pl.String
    got = {r["id_mesure"]: (r["id_demande"], r["demande_connue"]) for r in tables["mesures"].to_dicts()}
    assert got == {"45": ("123", True), "0046": ("00123", True)}
