"""The architecture is checked, not remembered: the import contracts of pyproject.toml (import-linter), no
import cycle anywhere in the product, packages only at the top of `pipelines/`, and a README code map that
names every package and module of the product (and nothing that does not exist)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PACKAGES = ("pipelines", "visuals", "dashboard")
HELPER = ROOT / "tests" / "architecture_helpers.py"


def _copy(tmp_path: Path) -> Path:
    """The product's packages and pyproject.toml in a folder of their own, to be broken on purpose."""
    tree = tmp_path / "arbre"
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__", "assets"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def _run(command: list[str], tree: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    return subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, timeout=300)


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")


def test_the_import_contracts_hold() -> None:
    done = _run([str(BIN / "lint-imports")], ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("pipelines/ingest/merge.py", "from pipelines.published import fmt", "The ingest knows nothing of the figures"),
        ("pipelines/indicators/stats.py", "from pipelines.published import diffusion", "Indicators give raw values"),
        (
            "visuals/layout.py",
            "from pipelines.reference import settings",
            "Chart builders depend only on what they draw",
        ),
        ("pipelines/published/fmt.py", "from pipelines.reports import model", "Layers, from the dashboard down"),
        ("pipelines/reports/html.py", "import streamlit", "Only the dashboard runs Streamlit"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(tmp_path: Path, module: str, line: str, contract: str) -> None:
    tree = _copy(tmp_path)
    _append(tree / module, line)
    done = _run([str(BIN / "lint-imports")], tree)
    assert done.returncode == 1, done.stdout + done.stderr
    broken = re.sub(r"\s+", " ", done.stdout)
    assert re.search(re.escape(contract) + r".*? BROKEN", broken), done.stdout


def test_no_import_cycle() -> None:
    done = _run([sys.executable, str(HELPER)], ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""


def test_a_cycle_is_found(tmp_path: Path) -> None:
    tree = _copy(tmp_path)
    _append(tree / "pipelines/reference/french.py", "from pipelines.reference import settings")
    _append(tree / "pipelines/reference/settings.py", "from pipelines.reference import french")
    _append(tree / "visuals/palette.py", "import pipelines.reference.settings")
    _append(tree / "pipelines/reference/text.py", "import visuals.layout")
    done = _run([sys.executable, str(HELPER)], tree)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "pipelines.reference.french ↔ pipelines.reference.settings",
        "pipelines ↔ visuals",
    ]


def test_the_top_of_pipelines_holds_packages_only() -> None:
    loose = sorted(p.name for p in (ROOT / "pipelines").glob("*.py") if p.name != "__init__.py")
    assert loose == []


# --- the README's code map ------------------------------------------------------------------------


def _named_in_readme() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Organisation du code", 1)[1].split("```", 2)[1]
    named: set[str] = set()
    stack: list[str] = []
    for line in block.splitlines():
        match = re.match(r"^( *)(\S+?/?)(?:\s{2,}|$)", line)
        if not match or not match.group(2).endswith(("/", ".py")):
            continue
        depth = len(match.group(1)) // 2
        del stack[depth:]
        path = "/".join([*stack, match.group(2).rstrip("/")])
        named.add(path)
        if match.group(2).endswith("/"):
            stack.append(match.group(2).rstrip("/"))
    return named


def _in_tree() -> set[str]:
    found: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            rel = path.relative_to(ROOT)
            if "__pycache__" in rel.parts:
                continue
            found.update("/".join(rel.parts[:i]) for i in range(1, len(rel.parts)))
            if path.name != "__init__.py":
                found.add(rel.as_posix())
    return found


def test_the_code_map_names_every_package_and_module() -> None:
    missing = sorted(_in_tree() - _named_in_readme())
    assert missing == []


def test_the_code_map_names_nothing_that_does_not_exist() -> None:
    stale = sorted(p for p in _named_in_readme() if p.split("/")[0] in PACKAGES and not (ROOT / p).exists())
    assert stale == []
