"""The `assll comparatif` subcommands (COMPARATIF.md §4): export, modele, import, list."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipelines.cli.errors import UsageError
from pipelines.comparatif import departements, display
from pipelines.comparatif.compare import year_states, year_table
from pipelines.comparatif.export import export_fiche, modele, own_figures
from pipelines.comparatif.figures import figures
from pipelines.comparatif.load import home_departement, import_fiches
from pipelines.comparatif.summary import import_summary
from pipelines.comparatif.writer import SUFFIXES
from pipelines.indicators import Indicators
from pipelines.reference import settings
from pipelines.reference.text import readable_name
from pipelines.store import fiches as fiche_store


def _out(path: Path | None, default: str, allowed: tuple[str, ...]) -> Path:
    path = path or Path(default)
    if path.suffix.lower() not in allowed:
        raise UsageError(
            f"extension « {path.suffix or '(aucune)'} » non prise en charge pour {path} "
            f"(possibles : {', '.join(allowed)})"
        )
    return path


def _export(args: argparse.Namespace) -> int:
    warehouse = settings.warehouse_dir(args.warehouse)
    indicators = Indicators(warehouse)
    try:
        home = home_departement(warehouse)
        out = _out(args.out, f"fiche_comparative_{home}_{args.year}.xlsx", SUFFIXES)
        path = export_fiche(indicators, home, args.year, out, masked=args.diffusion)
    finally:
        indicators.close()
    print(f"Écrit : {path}")
    return 0


def _modele(args: argparse.Namespace) -> int:
    code = departements.resolve(args.departement)
    if code is None:
        raise UsageError(f"département inconnu : « {args.departement} » (un code INSEE comme 17, 2A, 971, ou un nom)")
    out = _out(args.out, f"fiche_comparative_{code}_{args.year}_modele.xlsx", (".xlsx",))
    print(f"Écrit : {modele(code, args.year, out)}")
    return 0


def _import(args: argparse.Namespace) -> int:
    warehouse = settings.warehouse_dir(args.warehouse)
    report = import_fiches(args.folder, warehouse)
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(import_summary(report, readable_name(str(warehouse))))
    return 0


def _list(args: argparse.Namespace) -> int:
    warehouse = settings.warehouse_dir(args.warehouse)
    indicators = Indicators(warehouse)
    try:
        home = home_departement(warehouse)
        own = own_figures(indicators, args.year)
        fiches = fiche_store.read_table(indicators.version)
    finally:
        indicators.close()
    if args.format == "json":
        json.dump(year_table(home, own, fiches, args.year), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    states = year_states(home, own, fiches, args.year)
    names = departements.names()
    title = f"Fiches comparatives {args.year} ({len(states)} départements)"
    lines = [title, "=" * len(title)]
    for dep, values in states.items():
        lines.append(f"\n{names.get(dep, dep)} ({dep}){' — département de l’entrepôt' if dep == home else ''}")
        lines += [
            f"  {figures()[ind].libelle} : {display.text(ind, etat, value)}" for ind, (etat, value) in values.items()
        ]
    print("\n".join(lines))
    return 0


ACTIONS = {"export": _export, "modele": _modele, "import": _import, "list": _list}


def run(args: argparse.Namespace) -> int:
    return ACTIONS[args.action](args)
