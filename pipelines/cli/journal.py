"""`assll journal` (read the journal of actions) and the checks `assll dashboard` makes before serving:
the login configuration is whole, and `--diffusion-seule` turns the server into a kiosk."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from pipelines.cli.terminal import printable
from pipelines.reference import settings
from pipelines.reference.roles import KIOSK_ENV, ConfigurationError, check, kiosk, load_secrets
from pipelines.store import journal


def add_parser(sub: argparse._SubParsersAction) -> None:
    jou = sub.add_parser(
        "journal", help="affiche le journal des actions (imports, rapports, accès refusés…)", add_help=False
    )
    jou.add_argument("-h", "--help", action="help", help="affiche cette aide")
    jou.add_argument("--warehouse", type=Path, default=None, help="dossier de l'entrepôt (défaut : data/warehouse)")
    jou.add_argument("--json", action="store_true", help="une ligne JSON par action, telle qu'enregistrée")
    jou.add_argument(
        "--action",
        action="append",
        default=[],
        choices=list(journal.ACTION_LABELS),
        help="limiter à ce type d'action (répétable)",
    )


def add_dashboard_options(dash: argparse.ArgumentParser) -> None:
    dash.add_argument(
        "--diffusion-seule",
        action="store_true",
        help="kiosque : chaque visiteur ne voit que les chiffres publiables (mode diffusion imposé, "
        "ni import ni qualité des données)",
    )


def run(args: argparse.Namespace) -> int:
    warehouse = settings.warehouse_dir(args.warehouse)
    kept = journal.read(warehouse)
    entries = [e for e in kept.entries if not args.action or e.get("action") in args.action]
    if args.json:
        for entry in entries:
            line = json.dumps(entry, ensure_ascii=False, default=str)
            sys.stdout.write(re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", line) + "\n")
        return 0
    if not entries:
        print(f"Aucune action dans le journal de {warehouse}.")
    for row in reversed(journal.rows(entries)):  # oldest first, as a log reads
        sys.stdout.write(printable(f"{row['Date (UTC)']}  {row['Qui']}  {row['Action']} : {row['Détail']}") + "\n")
    if kept.unreadable:
        print(f"{kept.unreadable} ligne(s) illisible(s) ignorée(s).", file=sys.stderr)
    if kept.torn:
        print("Une écriture interrompue (arrêt brutal) est ignorée.", file=sys.stderr)
    return 0


def dashboard_env(args: argparse.Namespace) -> dict[str, str]:
    """What `assll dashboard` adds to the server's environment; refuses (ConfigurationError, French) a partial
    login configuration before anything starts."""
    extra = {KIOSK_ENV: "1"} if getattr(args, "diffusion_seule", False) else {}
    if not extra and not kiosk():
        check(load_secrets(settings.PROJECT_ROOT))
    return extra


__all__ = ["ConfigurationError", "add_dashboard_options", "add_parser", "dashboard_env", "run"]
