"""`assll` in-process: exit codes, French messages and the three output formats."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import write_csv

from pipelines.cli.main import main
from pipelines.indicators import load_catalogue


def run(argv: Sequence[str]) -> int:
    """The process exit code: argparse usage errors leave through SystemExit, the rest by return."""
    try:
        return main(list(argv))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1


def indicators_args(warehouse: Path, *extra: str) -> list[str]:
    return ["indicators", "--year", "2024", "--warehouse", str(warehouse), *extra]


def test_ingest_prints_french_summary(indicator_raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    warehouse = tmp_path / "entrepot"
    code = run(["ingest", str(indicator_raw), "--warehouse", str(warehouse), "--date-import", "2025-03-31"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert (warehouse / "CURRENT").is_file()
    line = next(x for x in out.splitlines() if x.strip().startswith("2024/demandes_2024.csv"))
    assert re.search(r"9 lues, 9 chargées, 0 en quarantaine, 0 ignorées?", line), line
    summary = next(x for x in out.splitlines() if x.strip().startswith("demandes :"))
    assert re.search(r"17 lues = 17 chargées \+ 0 en quarantaine \+ 0 ignorées?", summary), summary
    assert "quarantaine" in out
    assert "Traceback" not in err


def test_ingest_json_report(indicator_raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = run(
        ["ingest", str(indicator_raw), "--warehouse", str(tmp_path / "e"), "--date-import", "2025-03-31", "--json"]
    )
    out, _ = capsys.readouterr()
    assert code == 0
    report = json.loads(out)
    assert report["tables"]["demandes"]["read"] == 17
    assert report["date_import"] == "2025-03-31"


def test_ingest_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = run(["ingest", str(tmp_path / "absent"), "--warehouse", str(tmp_path / "entrepot")])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.startswith("Erreur") and "n'existe pas" in err
    assert "Traceback" not in err + out
    assert not (tmp_path / "entrepot" / "CURRENT").exists()


def test_ingest_folder_without_tables(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    raw = tmp_path / "brut"
    write_csv(raw / "contacts.csv", ["Nom", "Téléphone"], [["Fictif", "00"]])
    (raw / "notes.pdf").write_bytes(b"%PDF-1.4")
    code = run(["ingest", str(raw), "--warehouse", str(tmp_path / "entrepot")])
    _, err = capsys.readouterr()
    assert code == 1
    assert "Erreur" in err and "Aucun tableau reconnu" in err
    assert "Traceback" not in err


def test_indicators_without_warehouse(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = run(indicators_args(tmp_path / "pas_d_entrepot"))
    out, err = capsys.readouterr()
    assert code == 1
    assert "assll ingest" in err and "Erreur" in err
    assert out == "" and "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["indicators"],
        ["indicators", "--year", "abc"],
        ["indicators", "--year"],
        ["indicators", "--year", "2024", "--format", "xml"],
        ["indicators", "--year", "2024", "--secteur", "Atlantide"],
        ["indicators", "--year", "2024", "--type", "Mesure X"],
        ["indicators", "--year", "2024", "--indicateur", "indicateur_inexistant"],
        ["indicators", "--year", "2024", "--as-of", "31/12/2024"],
        ["commande_inconnue"],
        [],
    ],
    ids=[
        "no-year",
        "year-abc",
        "year-empty",
        "format-xml",
        "secteur-inconnu",
        "type-inconnu",
        "indicateur-inconnu",
        "as-of-fr",
        "commande",
        "rien",
    ],
)
def test_usage_errors(indicator_warehouse: Path, argv: list[str], capsys: pytest.CaptureFixture) -> None:
    if argv and argv[0] == "indicators":
        argv = [*argv, "--warehouse", str(indicator_warehouse)]
    code = run(argv)
    out, err = capsys.readouterr()
    assert code == 2
    assert "Erreur" in err
    assert "Traceback" not in err
    for english in ("usage:", "error:", "invalid choice", "invalid int", "the following arguments", "expected one"):
        assert english not in err, err  # French, not argparse's English
    assert out == ""


def test_unknown_sector_lists_possible_values(indicator_warehouse: Path, capsys: pytest.CaptureFixture) -> None:
    run(indicators_args(indicator_warehouse, "--secteur", "Atlantide"))
    err = capsys.readouterr().err
    assert "secteur inconnu" in err and "« Atlantide »" in err and "Cognac" in err


def json_output(warehouse: Path, capsys: pytest.CaptureFixture, *extra: str) -> dict:
    code = run(indicators_args(warehouse, "--format", "json", *extra))
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_json_format(indicator_warehouse: Path, capsys: pytest.CaptureFixture) -> None:
    payload = json_output(indicator_warehouse, capsys)
    assert payload["annee"] == 2024
    values = payload["indicateurs"]
    assert set(values) == set(load_catalogue())
    assert values["commandes_total"] == 9
    assert values["part_commandes_agglomerations_pct"] == pytest.approx(44.444, abs=1e-3)
    assert isinstance(values["part_locataires_pct"], float | int) and values["part_locataires_pct"] == 50
    assert values["commandes_par_secteur"]["Cognac"] == 5
    assert values["commandes_par_secteur"]["Ruffécois"] == 4
    for ind_id, definition in load_catalogue().items():
        if definition.forme == "repartition" or (definition.forme == "mediane" and definition.domaine):
            assert isinstance(values[ind_id], dict), ind_id
        elif definition.forme == "mediane":  # {"valeur", "borne_basse", "borne_haute"}, null when not reached
            assert values[ind_id] is None or set(values[ind_id]) == {"valeur", "borne_basse", "borne_haute"}
        elif definition.forme == "profil":  # dimension -> value -> counts, share and bounds
            assert set(values[ind_id]["instance"]["GTS"]) == {
                "clotures",
                "travail_possible",
                "part_pct",
                "borne_basse",
                "borne_haute",
            }
        elif definition.forme == "ecart":  # a gap with its bounds, sizes and reason (`value` as in the spec)
            assert {"value", "borne_basse", "borne_haute", "motif"} <= set(values[ind_id]), ind_id
        else:
            assert values[ind_id] is None or isinstance(values[ind_id], int | float), ind_id
    assert values["commandes_en_attente_par_secteur"]["Cognac"] == 1


def test_json_as_of(indicator_warehouse: Path, capsys: pytest.CaptureFixture) -> None:
    payload = json_output(indicator_warehouse, capsys, "--as-of", "2024-03-31")
    values = payload["indicateurs"]
    assert values["commandes_en_attente_par_secteur"]["Ruffécois"] == 1
    assert values["mesures_en_cours_par_secteur"]["Cognac"] == 4
    assert values["charge_par_etp_par_secteur"]["Cognac"] == pytest.approx(5.0)


@pytest.mark.parametrize(
    ("alias", "expected"), [("Angoulême Centre", 0), ("grand cognac", 5), ("COGNAC", 5), ("Ruffec", 4)]
)
def test_sector_alias_accepted(
    indicator_warehouse: Path, capsys: pytest.CaptureFixture, alias: str, expected: int
) -> None:
    payload = json_output(indicator_warehouse, capsys, "--secteur", alias, "--indicateur", "commandes_total")
    assert payload["indicateurs"] == {"commandes_total": expected}


def test_filters_combined_and_repeated(indicator_warehouse: Path, capsys: pytest.CaptureFixture) -> None:
    payload = json_output(
        indicator_warehouse,
        capsys,
        "--secteur",
        "Cognac",
        "--secteur",
        "Ruffécois",
        "--type",
        "Diag",
        "--indicateur",
        "commandes_total",
        "--indicateur",
        "commandes_assll",
    )
    assert payload["indicateurs"] == {"commandes_total": 3, "commandes_assll": 0}
    payload = json_output(
        indicator_warehouse,
        capsys,
        "--epci",
        "200070514",
        "--instance",
        "FSL",
        "--prescripteur",
        "TS",
        "--tas",
        "Ouest Charente",
        "--indicateur",
        "commandes_total",
    )
    assert payload["indicateurs"] == {"commandes_total": 2}  # D01, D02


def test_csv_format(indicator_warehouse: Path, capsys: pytest.CaptureFixture) -> None:
    code = run(indicators_args(indicator_warehouse, "--format", "csv"))
    out, _ = capsys.readouterr()
    assert code == 0
    table = list(csv.reader(io.StringIO(out), delimiter=";"))
    assert table[0] == ["indicateur", "annee", "cle", "valeur", "numerateur", "denominateur"]
    rows = {(r[0], r[2]): r for r in table[1:]}
    assert rows[("commandes_total", "")][3] == "9"
    assert rows[("commandes_total", "")][1] == "2024"
    share = rows[("part_locataires_pct", "")]
    assert (float(share[3]), share[4], share[5]) == (50.0, "3", "6")
    assert rows[("commandes_par_secteur", "Cognac")][3] == "5"
    assert {r[0] for r in table[1:]} == set(load_catalogue())


def test_table_format_is_french(indicator_warehouse: Path, capsys: pytest.CaptureFixture) -> None:
    code = run(indicators_args(indicator_warehouse))
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("Indicateurs ASSLL 2024")
    # 4 / 9 = 44.44 %: comma decimal, one decimal, space before % (non-breaking accepted)
    assert re.search(r"44,4[\u00a0\u202f ]%", out), out
    assert re.search(r"\+50,0[\u00a0\u202f ]%", out)  # evolution is signed
    assert re.search(r"-25,0[\u00a0\u202f ]%|−25,0[\u00a0\u202f ]%", out)
    assert re.search(r"10,6[\u00a0\u202f ]mois", out)  # mean duration 10.625 months
    assert "44.4" not in out
    for definition in load_catalogue().values():
        assert definition.libelle in out


def test_default_warehouse_comes_from_environment(
    indicator_warehouse: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("ASSLL_WAREHOUSE", str(indicator_warehouse))
    code = run(["indicators", "--year", "2024", "--format", "json", "--indicateur", "commandes_total"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["indicateurs"] == {"commandes_total": 9}


def test_ingest_bad_import_date_is_usage_error(
    indicator_raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    code = run(["ingest", str(indicator_raw), "--warehouse", str(tmp_path / "e"), "--date-import", "31/03/2025"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Erreur" in err and "AAAA-MM-JJ" in err
    assert not (tmp_path / "e" / "CURRENT").exists()


# --- one behaviour across the commands (issue 19) ------------------------------------------------------------


def _years(warehouse: Path) -> str:
    from pipelines.indicators import Indicators

    indicators = Indicators(warehouse)
    try:
        return ", ".join(str(y) for y in indicators.years())
    finally:
        indicators.close()


@pytest.mark.parametrize("command", [["indicators"], ["report"]], ids=["indicators", "report"])
def test_a_year_without_data_is_refused_alike(
    indicator_warehouse: Path, tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture
) -> None:
    """No table of zeros from one command and a refusal from the other: both refuse with code 1 and the years."""
    code = run(
        [
            *command,
            "--year",
            "2030",
            "--warehouse",
            str(indicator_warehouse),
            *(["--out", str(tmp_path / "rapports"), "--format", "html"] if command == ["report"] else []),
        ]
    )
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err == f"Erreur : aucune donnée importée pour 2030 (années disponibles : {_years(indicator_warehouse)}).\n"
    assert _years(indicator_warehouse) == "2023, 2024"
    assert not (tmp_path / "rapports").exists()


@pytest.mark.parametrize(
    "formats",
    [
        ["--format", "pdf", "html", "pptx"],
        ["--format", "pdf", "--format", "html", "--format", "pptx"],
        ["--format", "pdf", "html", "--format", "pptx", "html"],
    ],
    ids=["liste", "repete", "les-deux"],
)
def test_report_formats_as_a_list_or_repeated(formats: list[str]) -> None:
    from pipelines.cli.main import build_parser

    args = build_parser().parse_args(["report", "--year", "2024", *formats])
    assert list(dict.fromkeys(args.format)) == ["pdf", "html", "pptx"]


def test_an_unknown_option_is_named_with_the_commands_usage(capsys: pytest.CaptureFixture) -> None:
    code = run(["indicators", "--yaer", "2024"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith("utilisation : assll indicators [-h] --year ANNÉE")
    assert err.endswith("\nErreur : option inconnue : --yaer (vouliez-vous dire --year ?)\n")


@pytest.mark.parametrize(
    "argv, usage",
    [
        (["report", "--year", "2024", "--format", "doc"], "utilisation : assll report [-h] --year ANNÉE"),
        (["ingest"], "utilisation : assll ingest [-h]"),
        (["demo", "--graine", "3"], "utilisation : assll demo [-h]"),
        (["comparatif", "export", "--yaer", "2024"], "utilisation : assll comparatif export [-h] --year ANNÉE"),
        (["dashboard", "--port", "0"], "utilisation : assll dashboard [-h]"),
    ],
    ids=["report-format", "ingest-sans-dossier", "demo-option", "comparatif-export", "dashboard-port"],
)
def test_each_command_prints_its_own_usage(argv: list[str], usage: str, capsys: pytest.CaptureFixture) -> None:
    assert run(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(usage), err
    assert "utilisation : assll [-h] COMMANDE" not in err


def test_options_unknown_to_the_command_are_all_named(capsys: pytest.CaptureFixture) -> None:
    assert run(["demo", "--graine", "3", "--sortie=x"]) == 2
    assert capsys.readouterr().err.endswith("Erreur : options inconnues : --graine, --sortie\n")


def test_no_warehouse_suggests_the_commands_that_build_one(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    missing = tmp_path / "pas_d_entrepot"
    assert run(indicators_args(missing)) == 1
    assert capsys.readouterr().err == (
        f"Erreur : Aucun entrepôt de données dans « {missing} ». Importez d'abord des exports : « assll ingest DOSSIER "
        f"--warehouse {missing} » ; pour essayer sur les données de démonstration : « assll demo » puis « assll "
        f"ingest data/raw/demo --warehouse {missing} » (ou « python3 run.py », qui fait les deux puis ouvre le "
        "tableau de bord).\n"
    )
