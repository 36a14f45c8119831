"""The conformance procedure of shared/spec/conformance/README.md, run in-process, then compare.py on
expected.json and on expected_time_to_event.json, and the same rules on expected_adhesion.json (nested one
level deeper than compare.py reads: dimension → value → counts, share and bounds)."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.cli.main import main


def cli(argv: list[str], capsys: pytest.CaptureFixture) -> str:
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_conformance_sample(conformance_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    warehouse = tmp_path / "wh"
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    cli(["ingest", str(conformance_dir / "raw"), "--warehouse", str(warehouse)], capsys)
    runs = [(str(y), f"{y}-12-31", f"indicators_{y}.json") for y in (2022, 2023, 2024, 2025)]
    runs.append(("2025", "2025-06-30", "indicators_2025-06-30.json"))
    for year, as_of, name in runs:
        text = cli(
            ["indicators", "--year", year, "--warehouse", str(warehouse), "--format", "json", "--as-of", as_of], capsys
        )
        (out_dir / name).write_text(text, encoding="utf-8")
    shutil.copy(warehouse / "ingest_report.json", out_dir / "ingest_report.json")

    # expected.json, then the time-to-event section's values (same tolerances, same compare.py).
    truths = [name for name in ("expected.json", "expected_time_to_event.json") if (conformance_dir / name).is_file()]
    assert truths[0] == "expected.json"
    for truth in truths:
        result = subprocess.run(
            [sys.executable, "compare.py", truth, str(out_dir)],
            cwd=conformance_dir,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        lines = result.stdout.strip().splitlines()
        assert lines, result.stderr
        match = re.fullmatch(r"conformance: (\d+)/(\d+) values match", lines[-1])
        assert match, lines[-1]
        matched, total = int(match.group(1)), int(match.group(2))
        assert total > 0
        assert matched == total, truth + "\n" + "\n".join(lines[-40:])
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr

    # The adhesion section (INDICATORS.md, « Adhesion and targeting »): counts exact, points and percentages
    # within 0.05, every value of the truth compared.
    truth = json.loads((conformance_dir / "expected_adhesion.json").read_text(encoding="utf-8"))
    mismatches: list[str] = []
    compared = 0
    for year, expected in truth["years"].items():
        got = json.loads((out_dir / f"indicators_{year}.json").read_text(encoding="utf-8"))["indicateurs"]
        for ident, value in expected.items():
            compared += compare_nested(f"{year} {ident}", value, got.get(ident), mismatches)
    assert compared > 1000
    assert not mismatches, "\n".join(mismatches[:40])


def compare_nested(where: str, expected: object, got: object, mismatches: list[str]) -> int:
    """compare.py's rules at any depth: counts exactly, floats within 0.05, null expects null; a key of the
    project that the truth lacks must hold no closure (a canonical value with 0 closures: its share is null).
    Returns the number of values compared."""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            mismatches.append(f"{where}: expected a map, got {got!r}")
            return len(expected)
        for key in set(got) - set(expected):
            extra = got[key]
            if (isinstance(extra, dict) and extra.get("clotures", 0) == 0) or (key == "motif" and extra is None):
                continue
            mismatches.append(f"{where} {key}: not in the truth, got {extra!r}")
        return sum(compare_nested(f"{where} {k}", v, got.get(k), mismatches) for k, v in expected.items())
    ok = (
        got is None
        if expected is None
        else isinstance(got, (int, float))
        and (got == expected if isinstance(expected, int) else math.isclose(got, expected, abs_tol=0.05 + 1e-9))
    )
    if not ok:
        mismatches.append(f"{where}: expected {expected!r} got {got!r}")
    return 1


def test_time_to_event_values_are_in_the_copy(conformance_dir: Path) -> None:
    """The time-to-event file is part of the sample (shared/ and its copy in tests/spec): the comparison above
    must not pass by finding nothing to compare."""
    assert (conformance_dir / "expected_time_to_event.json").is_file()
