#!/usr/bin/env python3
"""Set-up and entry point on a fresh machine with only Python >= 3.11.

    python3 run.py          installs into .venv, builds the demo warehouse if there is none, opens the dashboard
    python3 run.py test     installs into .venv (with test tools) and runs the whole test suite

Installs exactly the versions of requirements.lock (and requirements-dev.lock for tests); a
second run reuses .venv when the lock files have not changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


def _run(*cmd: str | Path, **kwargs) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kwargs)


def _stamp(locks: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in [ROOT / "pyproject.toml", *locks]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def install(dev: bool) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - run.py may be started by an older python3
        sys.exit("ASSLL Observatoire demande Python 3.11 ou plus récent.")
    locks = [ROOT / "requirements.lock"] + ([ROOT / "requirements-dev.lock"] if dev else [])
    marker = VENV / (".installed-dev" if dev else ".installed")
    stamp = _stamp(locks)
    if marker.exists() and marker.read_text() == stamp and PYTHON.exists():
        return
    if not PYTHON.exists():
        print(f"Création de l'environnement virtuel {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    # uv installs the locked set in seconds; pip is the fallback when uv cannot be had. Unlike pip, uv
    # leaves the bytecode to be compiled at each first import, or at every start where
    # PYTHONDONTWRITEBYTECODE is set: about 0.2 s more at each `assll indicators` (issue 13).
    try:
        _run(PYTHON, "-m", "pip", "install", "--quiet", "uv>=0.13")
        for lock in locks:
            _run(BIN / "uv", "pip", "install", "--python", PYTHON, "--quiet", "--compile-bytecode", "-r", lock)
        _run(BIN / "uv", "pip", "install", "--python", PYTHON, "--quiet", "--no-deps", "-e", ".")
    except (subprocess.CalledProcessError, FileNotFoundError):
        for lock in locks:
            _run(PYTHON, "-m", "pip", "install", "--quiet", "-r", lock)
        _run(PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", "-e", ".")
    marker.write_text(stamp)


def warehouse_built() -> bool:
    """Whether the warehouse the dashboard will read ($ASSLL_WAREHOUSE, else data/warehouse) has a version."""
    env = os.environ.get("ASSLL_WAREHOUSE")
    warehouse = Path(env).expanduser() if env else ROOT / "data" / "warehouse"
    return (warehouse / "CURRENT").is_file()


def start() -> int:
    install(dev=False)
    ensure_chromium()  # the PDF report is printed by Chromium
    assll = BIN / "assll"
    if not warehouse_built():
        _run(assll, "demo")
        _run(assll, "ingest", "data/raw/demo")
        _run(assll, "comparatif", "import", "data/raw/demo_fiches")  # written by `assll demo`
    try:
        # Serves the dashboard on http://127.0.0.1:8501 until Ctrl+C.
        return subprocess.run([str(assll), "dashboard"], cwd=ROOT).returncode
    except KeyboardInterrupt:
        return 0


def ensure_chromium() -> None:
    """The PDF report and the browser tests use Debian's Chromium; install it when missing and we may."""
    if Path("/usr/bin/chromium").exists():
        return
    if not shutil.which("apt-get") or not hasattr(os, "geteuid") or os.geteuid() != 0:
        print("Chromium absent et non installable ici : pas de rapport PDF, et les tests dans le navigateur "
              "seront ignorés.", flush=True)
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        _run("apt-get", "update", "-qq", env=env)
        _run("apt-get", "install", "-y", "-qq", "chromium", env=env)
    except subprocess.CalledProcessError:
        print("L'installation de Chromium a échoué : pas de rapport PDF, et les tests dans le navigateur "
              "seront ignorés.", flush=True)


def test(extra: list[str]) -> int:
    install(dev=True)
    ensure_chromium()
    return subprocess.run([str(PYTHON), "-m", "pytest", *extra], cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    if argv and argv[0] == "test":
        return test(argv[1:])
    if argv and argv[0] not in ("start",):
        print(__doc__)
        return 2
    return start()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
