"""The code's layout rules: `pipelines` (and `visuals`) never import `dashboard`; small modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400
PRODUCT = ("pipelines", "dashboard", "visuals", "benchmarks")
# The demo generator may grow past the limit; the spec copies are verbatim, not ours to cut.
EXEMPT = ("pipelines/demo/", "tests/spec/")


def python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", ["pipelines", "visuals"])
def test_lower_layers_never_import_the_dashboard(package: str) -> None:
    offenders = {
        str(p.relative_to(ROOT)): sorted(n for n in imported(p) if n.split(".")[0] == "dashboard")
        for p in python_files(package)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_module_over_400_lines_outside_the_demo_generator() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in python_files(*PRODUCT, "tests")
        if not p.relative_to(ROOT).as_posix().startswith(EXEMPT)
        and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
