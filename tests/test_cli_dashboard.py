"""`assll dashboard`: the command it runs, the demo warehouse built when there is none, a real start."""

from __future__ import annotations

import sys
import urllib.request
from pathlib import Path

import pytest

from dashboard.local_server import ServerDidNotStart, running
from pipelines.cli import dashboard as cli
from pipelines.cli.dashboard import dashboard_command
from pipelines.cli.main import main
from pipelines.reference import settings
from pipelines.store.warehouse import CURRENT, current_version

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"


def run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], dict[str, str]]]:
    """Records what `assll dashboard` would start instead of starting a server."""
    calls: list[tuple[list[str], dict[str, str]]] = []

    def fake(command: list[str], env: dict[str, str]) -> int:
        calls.append((command, env))
        return 0

    monkeypatch.setattr(cli, "_serve", fake)
    return calls


def test_dashboard_command_serves_the_app_locally() -> None:
    command = dashboard_command(8600)
    assert command == [
        sys.executable,
        "-m",
        "dashboard.serve",
        str(APP),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        "8600",
    ]
    assert Path(command[3]).is_absolute() and Path(command[3]).is_file()


def test_dashboard_on_an_existing_warehouse(
    indicator_warehouse: Path,
    served: list,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    monkeypatch.setattr(settings, "DEFAULT_DEMO_DIR", tmp_path / "demo")
    version = current_version(indicator_warehouse)
    code = run(["dashboard", "--warehouse", str(indicator_warehouse), "--port", "8611"])
    out, err = capsys.readouterr()
    assert code == 0, err
    [(command, env)] = served
    assert command == dashboard_command(8611)
    assert env[settings.WAREHOUSE_ENV] == str(indicator_warehouse.resolve())
    assert "démonstration" not in out and "http://127.0.0.1:8611" in out
    assert current_version(indicator_warehouse) == version  # nothing rebuilt
    assert not (tmp_path / "demo").exists()


def test_dashboard_builds_the_demo_warehouse_when_missing(
    served: list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    demo, warehouse = tmp_path / "demo", tmp_path / "entrepot"
    monkeypatch.setattr(settings, "DEFAULT_DEMO_DIR", demo)
    code = run(["dashboard", "--warehouse", str(warehouse)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Aucun entrepôt de données" in out and "création des données de démonstration" in out
    assert "Données de démonstration importées" in out
    assert (warehouse / CURRENT).is_file()
    assert any(demo.rglob("*.xlsx")) and any(demo.rglob("*.csv"))
    [(command, env)] = served
    assert command == dashboard_command(cli.DEFAULT_PORT)
    assert env[settings.WAREHOUSE_ENV] == str(warehouse.resolve())
    # a second start reuses it
    first = current_version(warehouse)
    assert run(["dashboard", "--warehouse", str(warehouse)]) == 0
    assert current_version(warehouse) == first
    assert "démonstration" not in capsys.readouterr().out


def test_dashboard_default_warehouse_from_environment(
    indicator_warehouse: Path, served: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(settings.WAREHOUSE_ENV, str(indicator_warehouse))
    assert run(["dashboard"]) == 0
    assert served[0][1][settings.WAREHOUSE_ENV] == str(indicator_warehouse.resolve())


def test_dashboard_never_replaces_a_damaged_warehouse(
    served: list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(settings, "DEFAULT_DEMO_DIR", tmp_path / "demo")
    warehouse = tmp_path / "entrepot"
    warehouse.mkdir()
    (warehouse / CURRENT).write_text("v000007-20250101T000000", encoding="utf-8")
    code = run(["dashboard", "--warehouse", str(warehouse)])
    _, err = capsys.readouterr()
    assert code == 1
    assert "endommagé" in err and "Traceback" not in err
    assert not served and not (tmp_path / "demo").exists()
    assert (warehouse / CURRENT).read_text(encoding="utf-8") == "v000007-20250101T000000"


@pytest.mark.parametrize("port", ["0", "70000", "abc"])
def test_dashboard_bad_port(port: str, served: list, capsys: pytest.CaptureFixture) -> None:
    code = run(["dashboard", "--port", port])
    _, err = capsys.readouterr()
    assert code == 2
    assert "Erreur" in err and "Traceback" not in err
    assert not served


def test_dashboard_command_really_serves(indicator_warehouse: Path) -> None:
    """The command `assll dashboard` builds (`running` starts `dashboard_command`) serves on 127.0.0.1."""
    try:
        with running(indicator_warehouse) as url:
            assert url.startswith("http://127.0.0.1:")
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
                assert response.status == 200
    except ServerDidNotStart as exc:
        pytest.fail(str(exc))
