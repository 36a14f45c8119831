"""`assll`: the command line of ASSLL Observatoire (messages in French)."""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from pipelines.cli import editions, usage
from pipelines.cli.comparatif_parser import add_parser as add_comparatif_parser
from pipelines.cli.dashboard import DEFAULT_PORT, cmd_dashboard
from pipelines.cli.errors import EXIT_OK, EXIT_UNUSABLE, EXIT_USAGE, UsageError
from pipelines.cli.journal import add_dashboard_options
from pipelines.cli.journal import add_parser as add_journal_parser
from pipelines.cli.journal import run as run_journal
from pipelines.cli.terminal import json_text, printable
from pipelines.ingest import isolated, isolated_limits
from pipelines.reference import settings
from pipelines.reference.text import readable_name
from pipelines.store import journal
from pipelines.store.warehouse import current_version

# A command imports what it needs when it runs (DuckDB, Polars): `assll --help` starts at once.


_TRANSLATIONS = (
    (r"the following arguments are required: (.*)", r"arguments obligatoires manquants : \1"),
    (r"unrecognized arguments: (.*)", r"arguments non reconnus : \1"),
    (r"argument (\S+): invalid int value: (.*)", r"argument \1 : nombre entier attendu, reçu \2"),
    (
        r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
        r"argument \1 : choix invalide \2 (possibles : \3)",
    ),
    (r"argument (\S+): expected one argument", r"argument \1 : une valeur est attendue"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"argument \1 : valeur invalide \3"),
    (r"invalid choice: (.*?) \(choose from (.*)\)", r"commande inconnue \1 (possibles : \2)"),
    (r"^argument (\S+): ", r"argument \1 : "),
)


class FrenchParser(argparse.ArgumentParser):
    """argparse with its errors and usage line in French; usage errors exit with code 2. A command's errors come
    with its own usage line, and an unknown option is named before any other complaint (cli/usage.py)."""

    _words: list[str] | None = None  # what this parser is parsing, for the message of an unknown option

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[no-untyped-def]
        self._words = list(sys.argv[1:] if args is None else args)
        namespace, extras = super().parse_known_args(args, namespace)
        if extras:  # said here, with this command's usage, rather than by the top-level parser
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace, extras

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "utilisation :", 1)

    def format_help(self) -> str:
        text = super().format_help().replace("usage:", "utilisation :", 1)
        return text.replace("options:", "options :").replace("positional arguments:", "arguments :")

    def error(self, message: str) -> None:  # type: ignore[override]
        unknown = usage.unknown_options(self, self._words or [])
        if unknown and re.match(r"the following arguments are required|unrecognized arguments", message):
            message = usage.unknown_option_text(self, unknown)
        for pattern, replacement in _TRANSLATIONS:
            message = re.sub(pattern, replacement, message)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"Erreur : {message}\n")


YEAR_MIN, YEAR_MAX = 1990, 2200


def _year(text: str) -> int:
    """A year the data can hold: the contract refuses dates before 1990; far-future years are typing errors."""
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"année attendue (nombre entier), reçu « {text} »") from None
    if not YEAR_MIN <= value <= YEAR_MAX:
        raise argparse.ArgumentTypeError(
            f"année hors limites : « {text} » (une année de {YEAR_MIN} à {YEAR_MAX} est attendue)"
        )
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"date attendue au format AAAA-MM-JJ, reçu « {text} »") from exc


def build_parser() -> FrenchParser:
    parser = FrenchParser(
        prog="assll", add_help=False, description="ASSLL Observatoire : exports bruts → entrepôt → indicateurs."
    )
    parser.add_argument("-h", "--help", action="help", help="affiche cette aide")
    sub = parser.add_subparsers(dest="commande", required=True, parser_class=FrenchParser, metavar="COMMANDE")
    parser._positionals.title = "commandes"

    demo = sub.add_parser("demo", help="crée les exports de démonstration 2014–2025", add_help=False)
    demo.add_argument("-h", "--help", action="help", help="affiche cette aide")
    demo.add_argument("--out", type=Path, default=settings.DEFAULT_DEMO_DIR, help="dossier à créer")
    demo.add_argument("--seed", type=int, default=2024, help="graine du générateur (même graine, mêmes fichiers)")
    demo.add_argument(
        "--fiches",
        type=Path,
        default=None,
        metavar="DOSSIER",
        help="dossier des fiches comparatives fictives (défaut : à côté de --out, suffixe _fiches)",
    )

    ing = sub.add_parser("ingest", help="importe un dossier d'exports dans l'entrepôt", add_help=False)
    ing.add_argument("-h", "--help", action="help", help="affiche cette aide")
    ing.add_argument("raw_dir", type=Path, metavar="DOSSIER", help="dossier des exports bruts")
    ing.add_argument("--warehouse", type=Path, default=None, help="dossier de l'entrepôt (défaut : data/warehouse)")
    ing.add_argument(
        "--date-import",
        type=_date,
        default=None,
        help="date d'import (AAAA-MM-JJ) servant au contrôle des dates futures ; défaut : aujourd'hui",
    )
    ing.add_argument("--json", action="store_true", help="affiche le rapport d'import complet en JSON")
    ing.add_argument(
        "--remplacer",
        action="store_true",
        help="remplace l'entrepôt même si plus d'un dixième de ses enregistrements disparaît",
    )

    dash = sub.add_parser("dashboard", help="ouvre le tableau de bord dans le navigateur", add_help=False)
    dash.add_argument("-h", "--help", action="help", help="affiche cette aide")
    dash.add_argument(
        "--warehouse",
        type=Path,
        default=None,
        help="dossier de l'entrepôt (défaut : data/warehouse) ; créé avec les données de "
        "démonstration s'il n'existe pas encore",
    )
    dash.add_argument(
        "--port", type=int, default=DEFAULT_PORT, metavar="N", help=f"port du serveur local (défaut : {DEFAULT_PORT})"
    )
    add_dashboard_options(dash)

    rep = sub.add_parser(
        "report", help="génère le rapport d'activité (PDF, HTML) ou la présentation (PPTX)", add_help=False
    )
    rep.add_argument("-h", "--help", action="help", help="affiche cette aide")
    rep.add_argument("--year", type=_year, required=True, metavar="ANNÉE", help="année du rapport")
    rep.add_argument(
        "--format",
        choices=("pdf", "pptx", "html"),
        action="extend",
        nargs="+",
        default=None,
        metavar="FORMAT",
        help="un ou plusieurs formats parmi pdf, pptx et html (« --format pdf html "
        "pptx », ou --format répété) ; défaut : pdf",
    )
    rep.add_argument("--warehouse", type=Path, default=None, help="dossier de l'entrepôt")
    rep.add_argument(
        "--out",
        type=Path,
        default=Path("out"),
        metavar="DOSSIER",
        help="dossier où écrire les fichiers (défaut : out/)",
    )
    rep.add_argument(
        "--diffusion", action="store_true", help="version pour diffusion : effectifs de 1 à 4 masqués (« < 5 »)"
    )

    editions.add_parsers(sub, _year)

    ind = sub.add_parser("indicators", help="calcule les indicateurs d'une année", add_help=False)
    ind.add_argument("-h", "--help", action="help", help="affiche cette aide")
    ind.add_argument("--year", type=_year, required=True, metavar="ANNÉE", help="année des indicateurs")
    ind.add_argument("--warehouse", type=Path, default=None, help="dossier de l'entrepôt")
    ind.add_argument("--format", choices=("table", "json", "csv"), default="table", help="format de sortie")
    ind.add_argument(
        "--as-of",
        type=_date,
        default=None,
        metavar="DATE",
        help="date de l'équilibre des secteurs et du suivi des durées et délais (défaut : 31 décembre de l'année)",
    )
    ind.add_argument("--indicateur", action="append", default=[], metavar="ID", help="limiter à cet indicateur")
    ind.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FICHIER",
        help="écrire le résultat dans ce fichier plutôt qu'à l'écran",
    )
    for flag, what in (
        ("secteur", "secteur ASSLL"),
        ("tas", "territoire d'action sociale"),
        ("epci", "EPCI (code SIREN ou nom)"),
        ("type", "ASSLL ou DIAGNOSTIC"),
        ("prescripteur", "prescripteur"),
        ("instance", "instance de décision"),
    ):
        ind.add_argument(f"--{flag}", action="append", default=[], help=f"filtre : {what} (répétable)")
    add_comparatif_parser(sub)
    add_journal_parser(sub)
    return parser


def cmd_indicators(args: argparse.Namespace) -> int:
    from pipelines.cli.indicators import run

    return run(args)


def cmd_ingest(args: argparse.Namespace) -> int:
    """The files are read in a child process with memory and time limits (pipelines.ingest.isolated): a file that
    still goes wrong ends the child, and this command says so in French."""
    from pipelines.ingest.bilan_text import ingest_summary
    from pipelines.ingest.pipeline import UnusableInput, ingest

    warehouse = settings.warehouse_dir(args.warehouse)
    try:
        report = isolated.run(ingest, args.raw_dir.resolve(), warehouse, today=args.date_import, replace=args.remplacer)
    except isolated.ChildFailed as exc:
        raise UnusableInput(f"L'import a été arrêté : {exc}. L'entrepôt n'a pas été modifié.") from exc
    if args.json:
        sys.stdout.write(json_text(report) + "\n")
    else:
        sys.stdout.write(printable(ingest_summary(report, Path(readable_name(str(warehouse))))))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from pipelines.demo import generate
    from pipelines.demo.fiches import fiches_dir, write_demo_fiches

    written = generate(args.out, seed=args.seed)
    print(f"{len(written)} fichiers de démonstration écrits dans {args.out}")
    fiches = args.fiches or fiches_dir(args.out)
    print(
        f"{len(write_demo_fiches(fiches, seed=args.seed))} fiches comparatives (données fictives) écrites dans {fiches}"
    )
    print(f"Étapes suivantes : assll ingest {args.out} puis assll comparatif import {fiches}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from pipelines.indicators import Indicators
    from pipelines.reports.generate import PdfUnavailable, generate

    warehouse = settings.warehouse_dir(args.warehouse)
    years = Indicators(warehouse)
    try:
        usage.require_year(years, args.year)  # as `assll indicators`: code 1 and the years available
    finally:
        years.close()
    formats = list(dict.fromkeys(args.format or ["pdf"]))
    try:
        paths = generate(
            warehouse,
            args.year,
            formats,
            args.out,
            masked=args.diffusion,
            progress=lambda message: print(message, flush=True),
        )
    except PdfUnavailable as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    journal.append(
        warehouse,
        journal.REPORT,
        journal.command_line_user(),
        annee=args.year,
        formats=formats,
        diffusion=args.diffusion,
        version=current_version(warehouse).name,
    )
    for path in paths:
        print(f"Écrit : {path}")
    return EXIT_OK


def _comparatif(args: argparse.Namespace) -> int:
    from pipelines.cli.comparatif import run

    return run(args)


COMMANDS = {
    "demo": cmd_demo,
    "ingest": cmd_ingest,
    "indicators": cmd_indicators,
    "dashboard": cmd_dashboard,
    "report": cmd_report,
    "comparatif": _comparatif,
    "publier": editions.cmd_publier,
    "revisions": editions.cmd_revisions,
    "regenerer": editions.cmd_regenerer,
    "journal": run_journal,
}


_OS_ERRORS = {
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EACCES: "accès refusé",
    errno.EPERM: "accès refusé",
    errno.ENOTDIR: "un élément du chemin est un fichier et non un dossier",
    errno.EISDIR: "c'est un dossier",
    errno.ENOSPC: "disque plein",
    errno.EROFS: "support en lecture seule",
    errno.EEXIST: "existe déjà",
    errno.ENOTEMPTY: "dossier non vide",
    errno.EPIPE: "la sortie a été fermée avant la fin de l'affichage",
}


def os_error_text(exc: OSError) -> str:
    """An error of the system in French: what failed, on which path."""
    what = _OS_ERRORS.get(exc.errno or 0, f"erreur du système (code {exc.errno})")
    if exc.filename:
        return f"opération impossible sur « {readable_name(str(exc.filename))} » : {what}."
    return f"opération impossible : {what}."


def _user_errors() -> tuple[type[Exception], ...]:
    """The product's errors whose French message is for the user. A module never imported raised none of
    its errors, so only the imported ones are looked up (importing them would cost the start-up time)."""
    found = []
    for module, name in (
        ("pipelines.reference.roles", "ConfigurationError"),
        ("pipelines.ingest.pipeline", "UnusableInput"),
        ("pipelines.indicators.engine", "WarehouseError"),
        ("pipelines.ingest.vanished", "TooManyVanish"),
        ("pipelines.ingest.privacy", "KeyRefused"),
        ("pipelines.store.editions", "EditionError"),
    ):
        loaded = sys.modules.get(module)
        if loaded is not None:
            found.append(getattr(loaded, name))
    return tuple(found)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # usage errors and --help: a code, not an exception, in-process
        return int(exc.code or 0)
    try:
        return COMMANDS[args.commande](args)
    except UsageError as exc:
        usage.command_parser(parser, args).print_usage(sys.stderr)  # the command's own usage, as argparse's
        print(printable(f"Erreur : {exc}"), file=sys.stderr)
        return EXIT_USAGE
    except usage.NoDataForYear as exc:
        print(printable(f"Erreur : {exc}"), file=sys.stderr)
        return EXIT_UNUSABLE
    except MemoryError:  # the command itself could not start under the machine's limits: no file is to blame
        print(f"Erreur : {isolated_limits.parent_memory_text()}", file=sys.stderr)
        return EXIT_UNUSABLE
    except Exception as exc:
        if isinstance(exc, _user_errors()):
            print(printable(f"Erreur : {exc}"), file=sys.stderr)
            return EXIT_UNUSABLE
        if isinstance(exc, OSError):  # a folder that cannot be written or read: said in French, never a traceback
            print(f"Erreur : {os_error_text(exc)}", file=sys.stderr)
            return EXIT_UNUSABLE
        raise
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
