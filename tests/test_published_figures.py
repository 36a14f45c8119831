"""Every figure of the 2023/2024 activity report, reproduced by the demo data through the real
pipeline: `assll demo` → `assll ingest` → `assll indicators --format json`, one test per row of
published_figures.csv, within the row's tolerance."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pipelines.cli import main

FIGURES = Path(__file__).resolve().parent / "spec" / "published_figures.csv"


def _rows() -> list[dict[str, str]]:
    with FIGURES.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def demo_indicators(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict]:
    base = tmp_path_factory.mktemp("published")
    raw, warehouse = base / "raw", base / "warehouse"
    assert main.main(["demo", "--out", str(raw)]) == 0
    assert main.main(["ingest", str(raw), "--warehouse", str(warehouse)]) == 0
    results = {}
    for year in sorted({int(r["annee"]) for r in _rows()}):
        out = base / f"indicators_{year}.json"
        code = main.main(
            ["indicators", "--year", str(year), "--warehouse", str(warehouse), "--format", "json", "--out", str(out)]
        )
        assert code == 0
        results[year] = json.loads(out.read_text(encoding="utf-8"))
    return results


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['annee']}-{r['indicateur']}-{r['cle'] or 'valeur'}")
def test_published_figure(row: dict[str, str], demo_indicators: dict[int, dict]) -> None:
    payload = demo_indicators[int(row["annee"])]
    assert payload["annee"] == int(row["annee"])
    value = payload["indicateurs"][row["indicateur"]]
    if row["cle"]:
        value = value[row["cle"]]
    expected, tolerance = float(row["valeur"]), float(row["tolerance"])
    assert value is not None
    if tolerance == 0:
        assert value == expected
    else:
        assert abs(value - expected) <= tolerance + 1e-9, f"{value} vs {expected} ± {tolerance}"
