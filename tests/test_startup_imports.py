"""`assll indicators` does not load the heavy libraries it does not need (issue 13: start-up under 0.5 s).

A behaviour test, not a timing one: the command runs in a fresh interpreter, then the modules it loaded
are listed. statsmodels, scipy and pandas took seconds to import; polars, pyarrow and plotly are not
needed to compute and print the indicators either. The time-to-event estimators must have run (their
module is loaded), so that the check covers the path that used to import statsmodels.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("statsmodels", "scipy", "pandas", "polars", "pyarrow", "plotly")
SCRIPT = """
import json, sys
from pipelines.cli.main import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules}),
                  "estimators": "pipelines.indicators.estimators" in sys.modules}))
"""


def loaded_by(argv: list[str]) -> dict:
    result = subprocess.run([sys.executable, "-c", SCRIPT, *argv], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("form", ["table", "json", "csv"])
def test_indicators_command_loads_no_heavy_library(indicator_warehouse: Path, form: str) -> None:
    report = loaded_by(["indicators", "--year", "2024", "--warehouse", str(indicator_warehouse), "--format", form])
    assert report["code"] == 0
    assert report["estimators"]  # the ten time-to-event indicators were computed
    assert [m for m in HEAVY if m in report["modules"]] == []
    assert "duckdb" in report["modules"] and "numpy" in report["modules"]  # the check sees real imports


def test_help_loads_no_heavy_library() -> None:
    report = loaded_by(["--help"])
    assert report["code"] == 0
    assert [m for m in (*HEAVY, "duckdb", "numpy") if m in report["modules"]] == []
