#!/usr/bin/env python3
"""Set-up and entry point on a fresh machine with only Python >= 3.11.

    python3 run.py          installs into .venv, builds the demo warehouse if there is none, opens the dashboard
                            (installs nothing outside the project folder)
    python3 run.py test     installs into .venv (with test tools), and Chromium for the browser tests, then runs
                            the whole test suite
    python3 run.py pdf      installs Chromium, which prints the PDF report (Debian's package, as root)

Chromium is installed only when missing, with `apt-get install --no-install-recommends`, and never when it would
upgrade a package already installed.

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

USAGE = """Utilisation :
    python3 run.py          installe l'environnement du projet (.venv) puis ouvre le tableau de bord ;
                            rien n'est installé hors du dossier du projet
    python3 run.py test     installe aussi les outils de test et Chromium (tests dans le navigateur), puis
                            lance tous les tests
    python3 run.py pdf      installe Chromium, qui imprime le rapport PDF (en administrateur)"""
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
    install(dev=False)  # nothing outside the project folder: Chromium comes with `run.py pdf` or `run.py test`
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


CHROMIUM = Path("/usr/bin/chromium")
APT_ENV = {"DEBIAN_FRONTEND": "noninteractive"}
# Only what Chromium needs to run (no avahi, cups or udev helpers), and the packages already installed as they are.
APT_INSTALL = ("apt-get", "install", "-y", "-qq", "--no-install-recommends", "--no-upgrade", "chromium")
APT_SIMULATE = ("apt-get", "install", "-s", "--no-install-recommends", "--no-upgrade", "chromium")
NO_PDF = (
    "pas de rapport PDF (les formats HTML et PowerPoint restent disponibles), et les tests dans le navigateur "
    "seront ignorés"
)


def _apt(cmd: tuple[str, ...], **kwargs) -> subprocess.CompletedProcess:
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(list(cmd), check=True, env=dict(os.environ, **APT_ENV), **kwargs)


def upgrades_in(simulation: str) -> list[str]:
    """The installed packages an `apt-get install -s` would upgrade: its `Inst name [installed version] (…)`
    lines (a package it would add has no version in brackets)."""
    return [
        line.split()[1]
        for line in simulation.splitlines()
        if line.startswith("Inst ") and " [" in line and line.split()[2].startswith("[")
    ]


def may_use_apt() -> bool:
    return bool(shutil.which("apt-get")) and hasattr(os, "geteuid") and os.geteuid() == 0


def _apt_install_unless_upgrading(runner, simulate: tuple[str, ...], install: tuple[str, ...]) -> list[str]:
    """apt's lists refreshed, then `install` run unless its simulation (`simulate`) would upgrade an installed
    package: the packages it would upgrade (empty when installed). apt's failures are raised."""
    runner(("apt-get", "update", "-qq"))
    upgrades = upgrades_in(runner(simulate, capture_output=True, text=True).stdout)
    if not upgrades:
        runner(install)
    return upgrades


def ensure_chromium(runner=_apt, *, chromium: Path = CHROMIUM, allowed=may_use_apt) -> bool:
    """Debian's Chromium, for the PDF report and the browser tests: installed when missing and we may (root, apt),
    with its dependencies only, and never when that would upgrade an installed package. True when it is there."""
    if chromium.exists():
        return True
    if not allowed():
        print(
            f"Chromium absent et non installable ici (il faut apt-get et les droits d'administrateur) : {NO_PDF}. "
            "En administrateur : python3 run.py pdf",
            flush=True,
        )
        return False
    try:
        upgrades = _apt_install_unless_upgrading(runner, APT_SIMULATE, APT_INSTALL)
        if upgrades:
            print(
                f"Chromium n'est pas installé : il faudrait mettre à jour des paquets déjà installés "
                f"({', '.join(upgrades)}), ce que cette commande ne fait jamais : {NO_PDF}. Mettez le système à "
                "jour vous-même, puis relancez python3 run.py pdf",
                flush=True,
            )
            return False
    except (subprocess.CalledProcessError, OSError):
        print(f"L'installation de Chromium a échoué : {NO_PDF}.", flush=True)
        return False
    return chromium.exists()


# The browser tests measure text drawn in the product's fonts (visuals.layout.FONT: Arial on a user's machine);
# a server without them draws it wider. Liberation Sans has Arial's metrics: installed for the tests only.
LIBERATION = Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")
APT_FONTS = ("apt-get", "install", "-y", "-qq", "--no-install-recommends", "--no-upgrade", "fonts-liberation")
APT_FONTS_SIMULATE = ("apt-get", "install", "-s", "--no-install-recommends", "--no-upgrade", "fonts-liberation")


def ensure_test_fonts(runner=_apt, *, font: Path = LIBERATION, allowed=may_use_apt) -> bool:
    """Arial's metric twin for the browser tests: installed when missing and we may, never upgrading a package."""
    if font.exists():
        return True
    if not allowed():
        print("Police Liberation Sans absente : les tests qui mesurent les titres dans le navigateur peuvent échouer.")
        return False
    try:
        if _apt_install_unless_upgrading(runner, APT_FONTS_SIMULATE, APT_FONTS):
            print(
                "La police Liberation Sans n'est pas installée : il faudrait mettre à jour des paquets déjà "
                "installés, ce que cette commande ne fait jamais.",
                flush=True,
            )
            return False
    except (subprocess.CalledProcessError, OSError):
        print("L'installation de la police Liberation Sans a échoué.", flush=True)
        return False
    return font.exists()


def pdf() -> int:
    """`python3 run.py pdf`: Chromium installed for the PDF report (the project's .venv too)."""
    install(dev=False)
    if ensure_chromium():
        print("Chromium est installé : le rapport PDF est disponible (page Rapports, ou assll report --format pdf).")
        return 0
    return 1


def test(extra: list[str]) -> int:
    install(dev=True)
    ensure_chromium()
    ensure_test_fonts()
    return subprocess.run([str(PYTHON), "-m", "pytest", *extra], cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    if argv and argv[0] == "test":
        return test(argv[1:])
    if argv and argv[0] == "pdf":
        return pdf()
    if argv and argv[0] not in ("start",):
        print(USAGE)
        return 2
    return start()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
