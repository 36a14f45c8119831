"""`assll dashboard`: the dashboard served on this machine (127.0.0.1) behind a warm start, after the demo
warehouse is built when there is none yet; also the command the tests and benchmarks serve it with."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from pipelines.cli.errors import EXIT_OK, UsageError
from pipelines.cli.journal import dashboard_env
from pipelines.published import fmt
from pipelines.reference import settings
from pipelines.store.warehouse import CURRENT, WarehouseMissing, current_version

DASHBOARD_APP = settings.PROJECT_ROOT / "dashboard" / "app.py"
DEFAULT_PORT = 8501


def dashboard_command(port: int = DEFAULT_PORT) -> list[str]:
    """The command that serves the dashboard on this machine only (127.0.0.1): `streamlit run` behind a warm start
    (dashboard/serve.py)."""
    return [
        sys.executable,
        "-m",
        "dashboard.serve",
        str(DASHBOARD_APP.resolve()),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
    ]


def ensure_warehouse(warehouse: Path) -> bool:
    """Builds the demo warehouse (demo exports, then ingest) when warehouse has no version yet (no CURRENT
    file); returns True when it did. A damaged warehouse is reported, never replaced."""
    from pipelines.ingest.pipeline import UnusableInput, ingest

    if (warehouse / CURRENT).exists():
        try:
            current_version(warehouse)
        except WarehouseMissing as exc:  # never overwrite a damaged warehouse with demo data
            raise UnusableInput(
                f"L'entrepôt {warehouse} est endommagé : la version indiquée dans son fichier CURRENT est "
                f"introuvable. Réimportez les exports : assll ingest DOSSIER --warehouse {warehouse}"
            ) from exc
        return False
    from pipelines.demo import generate

    raw = settings.DEFAULT_DEMO_DIR
    print(
        f"Aucun entrepôt de données dans {warehouse} : création des données de démonstration "
        f"(exports fictifs 2014–2025) dans {raw}, puis import.",
        flush=True,
    )
    generate(raw)
    report = ingest(raw, warehouse)
    print(
        f"Données de démonstration importées : {fmt.number(report['tables']['demandes']['records'])} demandes, "
        f"{fmt.number(report['tables']['mesures']['records'])} mesures.",
        flush=True,
    )
    from pipelines.comparatif.load import import_fiches
    from pipelines.demo.fiches import fiches_dir, write_demo_fiches

    write_demo_fiches(fiches_dir(raw))
    import_fiches(fiches_dir(raw), warehouse)
    return True


def _serve(command: list[str], env: dict[str, str]) -> int:
    """Runs the server until it stops; Ctrl+C stops it (the server receives it too) and is not an error."""
    process = subprocess.Popen(command, env=env, cwd=settings.PROJECT_ROOT)  # .streamlit/config.toml
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.wait()
        print("Tableau de bord arrêté.")
        return EXIT_OK


def cmd_dashboard(args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        raise UsageError(f"port invalide : {args.port} (un nombre entre 1 et 65535 est attendu)")
    warehouse = settings.warehouse_dir(args.warehouse)
    extra = dashboard_env(args)  # refuses a partial login configuration before anything starts
    ensure_warehouse(warehouse)
    env = dict(os.environ) | {settings.WAREHOUSE_ENV: str(warehouse)} | extra
    print(f"Tableau de bord : http://127.0.0.1:{args.port} (entrepôt {warehouse}). Ctrl+C pour l'arrêter.", flush=True)
    return _serve(dashboard_command(args.port), env)
