"""`assll publier`, `assll revisions` and `assll regenerer`: the editions of a year (what was published) and the
revisions of the published figures since."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from pipelines.cli.errors import EXIT_OK, UsageError
from pipelines.cli.terminal import printable
from pipelines.reference import settings


def add_parsers(sub: argparse._SubParsersAction, year: Callable[[str], int]) -> None:
    def new(name: str, text: str) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=text, add_help=False)
        parser.add_argument("-h", "--help", action="help", help="affiche cette aide")
        parser.add_argument("--warehouse", type=Path, default=None, help="dossier de l'entrepôt")
        return parser

    pub = new("publier", "publie une année : édition figée (chiffres, rapports, empreintes) dans l'entrepôt")
    pub.add_argument("--year", type=year, required=True, metavar="ANNÉE", help="année à publier")
    pub.add_argument("--qui", default=None, metavar="NOM", help="qui publie (défaut : l'utilisateur du système)")
    rev = new("revisions", "chiffres publiés qui ont changé depuis leur édition, et pourquoi")
    rev.add_argument("--year", type=year, default=None, metavar="ANNÉE", help="une seule année publiée")
    reg = new("regenerer", "régénère les rapports d'une édition (mêmes chiffres, même texte)")
    reg.add_argument("--edition", required=True, metavar="NOM", help="nom de l'édition (2024, 2024-r1…)")
    reg.add_argument(
        "--format",
        choices=("pdf", "pptx", "html"),
        action="append",
        default=None,
        help="format (répétable) ; défaut : html",
    )
    reg.add_argument("--diffusion", action="store_true", help="version pour diffusion")
    reg.add_argument("--out", type=Path, default=Path("out"), metavar="DOSSIER", help="dossier de sortie")


def cmd_publier(args: argparse.Namespace) -> int:
    from pipelines.reports.publish import publish

    warehouse = settings.warehouse_dir(args.warehouse)
    edition = publish(warehouse, args.year, who=args.qui, progress=lambda text: print(text, flush=True))
    print(
        printable(
            f"Édition {edition.name} publiée le {edition.published_at} par {edition.who} "
            f"(version {edition.version}) : {edition.path}"
        )
    )
    for name, entry in edition.files().items():
        print(printable(f"  {name}  sha256={entry['sha256']}"))
    if edition.manifest.get("pdf_absent"):
        print(printable(f"PDF non produit : {edition.manifest['pdf_absent']}"))
    return EXIT_OK


def cmd_revisions(args: argparse.Namespace) -> int:
    from pipelines.indicators import Indicators
    from pipelines.published.moved import moved
    from pipelines.published.revisions import in_force

    warehouse = settings.warehouse_dir(args.warehouse)
    revisions = in_force(warehouse)
    if revisions is None or (args.year is not None and args.year not in revisions.years):
        which = f"pour {args.year}" if args.year is not None else "dans cet entrepôt"
        print(f"Aucune édition publiée {which} : aucune révision.")
        return EXIT_OK
    indicators = Indicators(warehouse)
    try:
        found = moved(warehouse, indicators, revisions, None if args.year is None else [args.year])
    finally:
        indicators.close()
    years = [args.year] if args.year is not None else revisions.years
    for y in years:
        rows = [m for m in found if m.year == y]
        print(
            f"{y} (édition {revisions.editions[y]}) : "
            + (f"{len(rows)} chiffre(s) révisé(s)" if rows else "aucun chiffre révisé")
        )
        for m in rows:
            print(printable(f"  {m.label} : {m.published} → {m.now} ({m.cause})"))
    return EXIT_OK


def cmd_regenerer(args: argparse.Namespace) -> int:
    from pipelines.reports.publish import regenerate

    warehouse = settings.warehouse_dir(args.warehouse)
    formats = list(dict.fromkeys(args.format or ["html"]))
    if not args.edition.strip():
        raise UsageError("nom d'édition vide")
    for path in regenerate(warehouse, args.edition, args.out, formats, masked=args.diffusion):
        print(f"Écrit : {path}")
    return EXIT_OK
