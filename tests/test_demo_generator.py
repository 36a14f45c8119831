"""The demo generator: deterministic, calibrated on the 2024 report, laid out as the
coordination's exports (legacy workbooks 2014-2019, Windows-1252 `;` CSV 2020-2025)."""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from pipelines.demo import build_records, calibration, generate, mess
from pipelines.demo.builder import NOMS, PRENOMS
from pipelines.demo.referentiel import REFERENCE_DIR, fold

SPEC_FIGURES = Path(__file__).resolve().parent / "spec" / "published_figures.csv"
CSV_KINDS = ("demandes", "gts", "mesures", "mutualisations")


def _hashes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "raw"
    generate(out)
    return out


def test_same_seed_gives_byte_identical_files(demo_dir: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(again, seed=2024)
    assert _hashes(again) == _hashes(demo_dir)


def test_another_seed_gives_other_files(demo_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    generate(other, seed=7)
    first, second = _hashes(demo_dir), _hashes(other)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] == second[name]] == []


def test_generate_returns_the_files_it_wrote(tmp_path: Path) -> None:
    written = generate(tmp_path / "raw")
    assert sorted(p.relative_to(tmp_path / "raw").as_posix() for p in written) == sorted(_hashes(tmp_path / "raw"))


def test_records_reproduce_every_published_figure() -> None:
    assert calibration.check(build_records()) == []


def test_other_seeds_are_calibrated_too() -> None:
    for seed in (1, 7, 99):
        assert calibration.check(build_records(seed)) == []


def test_published_figures_copy_matches_the_spec() -> None:
    if not SPEC_FIGURES.exists():
        pytest.skip("no copy of the shared specification in tests/spec")
    with SPEC_FIGURES.open(encoding="utf-8", newline="") as fh:
        rows = [
            (r["indicateur"], int(r["annee"]), r["cle"], float(r["valeur"]), float(r["tolerance"]))
            for r in csv.DictReader(fh)
        ]
    assert rows == [(i, y, k, float(v), float(t)) for i, y, k, v, t in calibration.PUBLISHED_FIGURES]


def test_layout_of_the_folder(demo_dir: Path) -> None:
    expected = [f"{y}/suivi_assll_{y}.xlsx" for y in range(2014, 2020)]
    expected += [f"{y}/{kind}_{y}.csv" for y in range(2020, 2026) for kind in CSV_KINDS]
    assert sorted(_hashes(demo_dir)) == sorted(expected)


def test_legacy_workbooks(demo_dir: Path) -> None:
    for year in range(2014, 2020):
        workbook = openpyxl.load_workbook(demo_dir / str(year) / f"suivi_assll_{year}.xlsx", read_only=True)
        assert workbook.sheetnames == ["Demandes", "Mesures", "GTS", "Mutualisations", "Notes"]
        first = next(workbook["Demandes"].iter_rows(max_row=1, values_only=True))
        assert first[0] == f"Tableau de suivi ASSLL {year}"
        mesures_rows = list(workbook["Mesures"].iter_rows(max_row=4, values_only=True))
        assert "motif de fin" in [fold(str(cell)) for row in mesures_rows for cell in row if cell]
        workbook.close()


def test_csv_exports_are_windows_1252_with_semicolons(demo_dir: Path) -> None:
    for year in range(2020, 2026):
        for kind in CSV_KINDS:
            data = (demo_dir / str(year) / f"{kind}_{year}.csv").read_bytes()
            text = data.decode("cp1252")
            assert ";" in text.split("\r\n", 1)[0]
            # Every row ends with CRLF; a line break inside a quoted cell stays a bare LF.
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
            assert data.count(b"\r\n") == len(rows)
            if any(b >= 0x80 for b in data):
                with pytest.raises(UnicodeDecodeError):
                    data.decode("utf-8")
    sample = (demo_dir / "2024" / "demandes_2024.csv").read_bytes()
    assert any(b >= 0x80 for b in sample)


def test_every_demandes_table_names_the_household(demo_dir: Path) -> None:
    names = {fold(h) for h in mess.EXTRA_HEADERS["nom_usager"]}
    for year in range(2020, 2026):
        header = (demo_dir / str(year) / f"demandes_{year}.csv").read_bytes().decode("cp1252").split("\r\n", 1)[0]
        folded = {fold(cell) for cell in header.split(";")}
        assert folded & names
        assert fold("N° ménage") in folded or fold("ID ménage") in folded or fold("Ménage") in folded


def test_fake_names_occur_nowhere_in_the_referential() -> None:
    """So that a scan of the warehouse for these names finds only real leaks."""
    cells: list[str] = []
    for path in REFERENCE_DIR.rglob("*.csv"):
        if path.name == "departements.csv":  # never enters the warehouse (fiches keep codes); « Seine-Saint-Denis »
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            cells += [fold(cell) for row in csv.reader(fh) for cell in row]
    text = "\n".join(cells)
    assert [n for n in NOMS + PRENOMS if fold(n) in text] == []


def test_quarantine_rows_are_extra_and_few() -> None:
    records = build_records()
    per_year = Counter(a.annee for a in records.anomalies if a.effet == "quarantaine")
    assert sorted(per_year) == list(range(2014, 2026))
    assert all(2 <= n <= 5 for n in per_year.values())
    real_demandes = {d.id_demande for d in records.demandes}
    real_mesures = {m.id_mesure for m in records.mesures}
    for anomaly in records.anomalies:
        if anomaly.effet != "quarantaine":
            continue
        if anomaly.table == "demandes":
            assert anomaly.ident not in real_demandes
        if anomaly.table == "mesures":
            assert anomaly.ident not in real_mesures
