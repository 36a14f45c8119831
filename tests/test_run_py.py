"""`run.py`'s decisions about Chromium, with a fake apt: the start installs nothing outside the project, the tests and
`run.py pdf` install Chromium only when it is missing, with its dependencies only, and never upgrade a package."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("run_py", ROOT / "run.py")
run_py = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run_py)

NEW_ONLY = """NOTE: This is only a simulation!
Inst libxnvctrl0 (525.85.05-3~deb12u1 Debian:12.15/oldstable [amd64])
Inst chromium-common (120.0.6099.224-1~deb12u1 Debian-Security:12/oldstable-security [amd64])
Inst chromium (120.0.6099.224-1~deb12u1 Debian-Security:12/oldstable-security [amd64])
Conf chromium (120.0.6099.224-1~deb12u1 Debian-Security:12/oldstable-security [amd64])
"""
WITH_UPGRADES = (
    NEW_ONLY
    + """Inst libsystemd0 [252.19-1~deb12u1] (252.39-1~deb12u1 Debian:12.15/oldstable [amd64])
Inst perl-base [5.36.0-7+deb12u1] (5.36.0-7+deb12u2 Debian:12.15/oldstable [amd64])
"""
)


class FakeApt:
    """Records the commands; answers the simulation with `simulation`; `install` creates the browser."""

    def __init__(self, chromium: Path, simulation: str = NEW_ONLY, fail: bool = False) -> None:
        self.chromium, self.simulation, self.fail, self.calls = chromium, simulation, fail, []

    def __call__(self, cmd: tuple[str, ...], **kwargs: object) -> subprocess.CompletedProcess:
        self.calls.append(cmd)
        if self.fail:
            raise subprocess.CalledProcessError(100, list(cmd))
        if cmd == run_py.APT_INSTALL:
            self.chromium.write_text("#!/bin/sh\n")
        return subprocess.CompletedProcess(list(cmd), 0, self.simulation if "-s" in cmd else "", "")


@pytest.fixture
def chromium(tmp_path: Path) -> Path:
    return tmp_path / "usr" / "bin" / "chromium"


def test_missing_chromium_is_installed_without_recommends_and_without_upgrades(chromium: Path) -> None:
    chromium.parent.mkdir(parents=True)
    apt = FakeApt(chromium)
    assert run_py.ensure_chromium(apt, chromium=chromium, allowed=lambda: True) is True
    assert apt.calls == [
        ("apt-get", "update", "-qq"),
        ("apt-get", "install", "-s", "--no-install-recommends", "--no-upgrade", "chromium"),
        ("apt-get", "install", "-y", "-qq", "--no-install-recommends", "--no-upgrade", "chromium"),
    ]
    assert not any("upgrade" in c or "dist-upgrade" in c for call in apt.calls for c in call[:2])


def test_an_installed_chromium_is_left_alone(chromium: Path) -> None:
    chromium.parent.mkdir(parents=True)
    chromium.write_text("#!/bin/sh\n")
    apt = FakeApt(chromium)
    assert run_py.ensure_chromium(apt, chromium=chromium, allowed=lambda: True) is True
    assert apt.calls == []


def test_nothing_is_installed_when_an_installed_package_would_be_upgraded(
    chromium: Path, capsys: pytest.CaptureFixture
) -> None:
    apt = FakeApt(chromium, WITH_UPGRADES)
    assert run_py.ensure_chromium(apt, chromium=chromium, allowed=lambda: True) is False
    assert run_py.APT_INSTALL not in apt.calls
    out = capsys.readouterr().out
    assert "il faudrait mettre à jour des paquets déjà installés (libsystemd0, perl-base)" in out
    assert "ce que cette commande ne fait jamais" in out


def test_without_root_or_apt_it_says_how_and_runs_nothing(chromium: Path, capsys: pytest.CaptureFixture) -> None:
    apt = FakeApt(chromium)
    assert run_py.ensure_chromium(apt, chromium=chromium, allowed=lambda: False) is False
    assert apt.calls == []
    assert "En administrateur : python3 run.py pdf" in capsys.readouterr().out


def test_a_failed_apt_is_said_in_french(chromium: Path, capsys: pytest.CaptureFixture) -> None:
    assert run_py.ensure_chromium(FakeApt(chromium, fail=True), chromium=chromium, allowed=lambda: True) is False
    assert capsys.readouterr().out.startswith("L'installation de Chromium a échoué : pas de rapport PDF")


def test_upgrades_are_read_from_the_simulation() -> None:
    assert run_py.upgrades_in(NEW_ONLY) == []
    assert run_py.upgrades_in(WITH_UPGRADES) == ["libsystemd0", "perl-base"]


def _commands(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> list[str]:
    """Which steps `run.py argv` takes, none of them run."""
    steps: list[str] = []
    monkeypatch.setattr(run_py, "install", lambda dev: steps.append(f"install(dev={dev})"))
    monkeypatch.setattr(run_py, "ensure_chromium", lambda *a, **k: steps.append("chromium") or True)
    monkeypatch.setattr(run_py, "ensure_test_fonts", lambda *a, **k: steps.append("polices") or True)
    monkeypatch.setattr(run_py, "warehouse_built", lambda: True)
    monkeypatch.setattr(
        run_py.subprocess,
        "run",
        lambda cmd, **k: (
            steps.append(Path(cmd[0]).name + " " + " ".join(cmd[1:])) or subprocess.CompletedProcess(cmd, 0)
        ),
    )
    assert run_py.main(argv) == 0
    return steps


def test_the_start_installs_nothing_outside_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _commands(monkeypatch, []) == ["install(dev=False)", "assll dashboard"]


def test_the_tests_and_the_pdf_command_install_chromium(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _commands(monkeypatch, ["test", "-q"])[:3] == ["install(dev=True)", "chromium", "polices"]
    assert _commands(monkeypatch, ["pdf"]) == ["install(dev=False)", "chromium"]


def test_an_unknown_word_prints_the_usage_in_french(capsys: pytest.CaptureFixture) -> None:
    assert run_py.main(["aide"]) == 2
    out = capsys.readouterr().out
    assert out.startswith("Utilisation :\n") and "python3 run.py pdf      installe Chromium" in out


def test_the_tests_install_arial_metric_fonts_only_when_missing(tmp_path: Path) -> None:
    font = tmp_path / "LiberationSans-Regular.ttf"
    calls: list[tuple[str, ...]] = []

    def apt(cmd: tuple[str, ...], **kwargs: object) -> subprocess.CompletedProcess:
        calls.append(cmd)
        if cmd == run_py.APT_FONTS:
            font.write_bytes(b"ttf")
        return subprocess.CompletedProcess(list(cmd), 0, NEW_ONLY if "-s" in cmd else "", "")

    assert run_py.ensure_test_fonts(apt, font=font, allowed=lambda: True) is True
    assert calls == [
        ("apt-get", "update", "-qq"),
        ("apt-get", "install", "-s", "--no-install-recommends", "--no-upgrade", "fonts-liberation"),
        ("apt-get", "install", "-y", "-qq", "--no-install-recommends", "--no-upgrade", "fonts-liberation"),
    ]
    calls.clear()
    assert run_py.ensure_test_fonts(apt, font=font, allowed=lambda: True) is True
    assert calls == []
    font.unlink()
    assert (
        run_py.ensure_test_fonts(
            lambda *a, **k: subprocess.CompletedProcess([], 0, WITH_UPGRADES, ""), font=font, allowed=lambda: True
        )
        is False
    )
