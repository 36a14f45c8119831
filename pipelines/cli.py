"""`assll`: the command line of ASSLL Observatoire (messages in French)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import errno
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from . import fmt, isolated, settings
from .geography import load_geography
from .indicators import Filters, Indicators, IndicatorValue, WarehouseError, load_catalogue
from .ingest import UnusableInput, ingest
from .referential import load_referential
from .report_text import ingest_summary
from .terminal import json_text, printable
from .text import fold, readable_name
from .vanished import TooManyVanish
from .warehouse import CURRENT, WarehouseMissing, current_version

EXIT_OK, EXIT_UNUSABLE, EXIT_USAGE = 0, 1, 2
DASHBOARD_APP = settings.PROJECT_ROOT / "dashboard" / "app.py"
DEFAULT_PORT = 8501

_TRANSLATIONS = (
    (r"the following arguments are required: (.*)", r"arguments obligatoires manquants : \1"),
    (r"unrecognized arguments: (.*)", r"arguments non reconnus : \1"),
    (r"argument (\S+): invalid int value: (.*)", r"argument \1 : nombre entier attendu, reçu \2"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
     r"argument \1 : choix invalide \2 (possibles : \3)"),
    (r"argument (\S+): expected one argument", r"argument \1 : une valeur est attendue"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"argument \1 : valeur invalide \3"),
    (r"invalid choice: (.*?) \(choose from (.*)\)", r"commande inconnue \1 (possibles : \2)"),
    (r"^argument (\S+): ", r"argument \1 : "),
)


class FrenchParser(argparse.ArgumentParser):
    """argparse with its errors and usage line in French; usage errors exit with code 2."""

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "utilisation :", 1)

    def format_help(self) -> str:
        text = super().format_help().replace("usage:", "utilisation :", 1)
        return text.replace("options:", "options :").replace("positional arguments:", "arguments :")

    def error(self, message: str) -> None:  # type: ignore[override]
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
        raise argparse.ArgumentTypeError(f"année hors limites : « {text} » (une année de {YEAR_MIN} à "
                                         f"{YEAR_MAX} est attendue)")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"date attendue au format AAAA-MM-JJ, reçu « {text} »") from exc


def build_parser() -> FrenchParser:
    parser = FrenchParser(prog="assll", add_help=False,
                          description="ASSLL Observatoire : exports bruts → entrepôt → indicateurs.")
    parser.add_argument("-h", "--help", action="help", help="affiche cette aide")
    sub = parser.add_subparsers(dest="commande", required=True, parser_class=FrenchParser, metavar="COMMANDE")
    parser._positionals.title = "commandes"

    demo = sub.add_parser("demo", help="crée les exports de démonstration 2014–2025", add_help=False)
    demo.add_argument("-h", "--help", action="help", help="affiche cette aide")
    demo.add_argument("--out", type=Path, default=settings.DEFAULT_DEMO_DIR, help="dossier à créer")
    demo.add_argument("--seed", type=int, default=2024, help="graine du générateur (même graine, mêmes fichiers)")

    ing = sub.add_parser("ingest", help="importe un dossier d'exports dans l'entrepôt", add_help=False)
    ing.add_argument("-h", "--help", action="help", help="affiche cette aide")
    ing.add_argument("raw_dir", type=Path, metavar="DOSSIER", help="dossier des exports bruts")
    ing.add_argument("--warehouse", type=Path, default=None, help="dossier de l'entrepôt (défaut : data/warehouse)")
    ing.add_argument("--date-import", type=_date, default=None,
                     help="date d'import (AAAA-MM-JJ) servant au contrôle des dates futures ; défaut : aujourd'hui")
    ing.add_argument("--json", action="store_true", help="affiche le rapport d'import complet en JSON")
    ing.add_argument("--remplacer", action="store_true",
                     help="remplace l'entrepôt même si plus d'un dixième de ses enregistrements disparaît")

    dash = sub.add_parser("dashboard", help="ouvre le tableau de bord dans le navigateur", add_help=False)
    dash.add_argument("-h", "--help", action="help", help="affiche cette aide")
    dash.add_argument("--warehouse", type=Path, default=None,
                      help="dossier de l'entrepôt (défaut : data/warehouse) ; créé avec les données de "
                           "démonstration s'il n'existe pas encore")
    dash.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N",
                      help=f"port du serveur local (défaut : {DEFAULT_PORT})")

    rep = sub.add_parser("report", help="génère le rapport d'activité (PDF, HTML) ou la présentation (PPTX)",
                         add_help=False)
    rep.add_argument("-h", "--help", action="help", help="affiche cette aide")
    rep.add_argument("--year", type=_year, required=True, metavar="ANNÉE", help="année du rapport")
    rep.add_argument("--format", choices=("pdf", "pptx", "html"), action="append", default=None,
                     help="format (répétable) : pdf, pptx ou html ; défaut : pdf")
    rep.add_argument("--warehouse", type=Path, default=None, help="dossier de l'entrepôt")
    rep.add_argument("--out", type=Path, default=Path("out"), metavar="DOSSIER",
                     help="dossier où écrire les fichiers (défaut : out/)")
    rep.add_argument("--diffusion", action="store_true",
                     help="version pour diffusion : effectifs de 1 à 4 masqués (« < 5 »)")

    ind = sub.add_parser("indicators", help="calcule les indicateurs d'une année", add_help=False)
    ind.add_argument("-h", "--help", action="help", help="affiche cette aide")
    ind.add_argument("--year", type=_year, required=True, metavar="ANNÉE", help="année des indicateurs")
    ind.add_argument("--warehouse", type=Path, default=None, help="dossier de l'entrepôt")
    ind.add_argument("--format", choices=("table", "json", "csv"), default="table", help="format de sortie")
    ind.add_argument("--as-of", type=_date, default=None, metavar="DATE",
                     help="date de l'équilibre des secteurs (défaut : 31 décembre de l'année)")
    ind.add_argument("--indicateur", action="append", default=[], metavar="ID", help="limiter à cet indicateur")
    ind.add_argument("--out", type=Path, default=None, metavar="FICHIER",
                     help="écrire le résultat dans ce fichier plutôt qu'à l'écran")
    for flag, what in (("secteur", "secteur ASSLL"), ("tas", "territoire d'action sociale"),
                       ("epci", "EPCI (code SIREN ou nom)"), ("type", "ASSLL ou DIAGNOSTIC"),
                       ("prescripteur", "prescripteur"), ("instance", "instance de décision")):
        ind.add_argument(f"--{flag}", action="append", default=[], help=f"filtre : {what} (répétable)")
    return parser


def _resolve(values: list[str], options: dict[str, str], label: str) -> tuple[str, ...]:
    resolved = []
    for value in values:
        hit = options.get(fold(value))
        if hit is None:
            possible = ", ".join(sorted(set(options.values())))
            raise UsageError(f"{label} inconnu : « {value} ». Valeurs possibles : {possible}")
        resolved.append(hit)
    return tuple(resolved)


class UsageError(Exception):
    pass


def filters_from_args(args: argparse.Namespace, indicators: Indicators) -> Filters:
    ref = load_referential()
    epci = indicators.query("SELECT code_epci, epci FROM ref_epci")
    epci_options = {fold(c): c for c in epci["code_epci"]} | {fold(n): c for c, n in epci.iter_rows()}
    def domain(name: str) -> dict[str, str]:
        return dict(ref.values.get(name, {})) | {fold(v): v for v in ref.canonical.get(name, [])}
    return Filters(
        secteurs=_resolve(args.secteur, domain("secteur"), "secteur"),
        tas=_resolve(args.tas, domain("tas"), "TAS"),
        epci=_resolve(args.epci, epci_options, "EPCI"),
        types=_resolve(args.type, domain("type_mesure"), "type de mesure"),
        prescripteurs=_resolve(args.prescripteur, domain("prescripteur"), "prescripteur"),
        instances=_resolve(args.instance, domain("instance"), "instance"),
    )


def _json_payload(year: int, values: dict[str, IndicatorValue], as_of: dt.date | None) -> dict:
    indicators = {k: v.value for k, v in values.items()}
    details = {k: {"numerateur": v.numerator, "denominateur": v.denominator}
               for k, v in values.items() if v.denominator is not None}
    payload = {"annee": year, "indicateurs": indicators, "details": details}
    if as_of:
        payload["a_date"] = as_of.isoformat()
    return payload


def _display(ind_id: str, value: IndicatorValue, domain: str, unit: str, forme: str) -> list[tuple[str, str]]:
    def one(v: float | int | None) -> str:
        if forme == "part":
            return fmt.percent(v, signed=ind_id.startswith("evolution"))
        if unit == "mois":
            return fmt.months(v)
        if isinstance(v, float) and not v.is_integer():
            return fmt.number(v, 1)
        return fmt.number(v)
    if isinstance(value.value, dict):
        names = load_geography().epci_names if domain == "epci" else {}
        return [(names.get(k) or fmt.label(domain, k), one(v)) for k, v in value.value.items()]
    text = one(value.value)
    if value.denominator is not None and forme == "part":
        text += f" ({fmt.number(value.numerator)} / {fmt.number(value.denominator)})"
    return [("", text)]


def cmd_indicators(args: argparse.Namespace) -> int:
    indicators = Indicators(settings.warehouse_dir(args.warehouse))
    try:
        filters = filters_from_args(args, indicators)
        catalogue = load_catalogue()
        ids = args.indicateur or list(catalogue)
        unknown = [i for i in ids if i not in catalogue]
        if unknown:
            raise UsageError(f"indicateur inconnu : {', '.join(unknown)}")
        values = indicators.compute_all(args.year, filters, args.as_of, ids)
    finally:
        indicators.close()
    out = io.StringIO()
    if args.format == "json":
        json.dump(_json_payload(args.year, values, args.as_of), out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif args.format == "csv":
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(["indicateur", "annee", "cle", "valeur", "numerateur", "denominateur"])
        for ind_id, value in values.items():
            if isinstance(value.value, dict):
                for key, v in value.value.items():
                    writer.writerow([ind_id, args.year, key, v, "", ""])
            else:
                writer.writerow([ind_id, args.year, "", value.value,
                                 "" if value.numerator is None else value.numerator,
                                 "" if value.denominator is None else value.denominator])
    else:
        title = f"Indicateurs ASSLL {args.year}"
        if args.as_of:
            title += f" (équilibre des secteurs au {fmt.short_date(args.as_of)})"
        out.write(f"{title}\n{'=' * len(title)}\n")
        themes = list(dict.fromkeys(catalogue[i].theme for i in values))
        theme = None
        for ind_id, value in sorted(values.items(), key=lambda kv: themes.index(catalogue[kv[0]].theme)):
            d = catalogue[ind_id]
            if d.theme != theme:
                theme = d.theme
                out.write(f"\n{theme}\n{'-' * len(theme)}\n")
            lines = _display(ind_id, value, d.domaine, d.unite, d.forme)
            if len(lines) == 1 and not lines[0][0]:
                out.write(f"  {d.libelle} : {lines[0][1]}\n")
            else:
                out.write(f"  {d.libelle} :\n")
                for key, text in lines:
                    out.write(f"      {key} : {text}\n")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(out.getvalue(), encoding="utf-8")
    else:
        sys.stdout.write(out.getvalue())
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    """The files are read in a child process with memory and time limits (pipelines.isolated): a file that
    still goes wrong ends the child, and this command says so in French."""
    warehouse = settings.warehouse_dir(args.warehouse)
    try:
        report = isolated.run("pipelines.ingest:ingest", args.raw_dir.resolve(), warehouse, today=args.date_import,
                              replace=args.remplacer)
    except isolated.ChildFailed as exc:
        raise UnusableInput(f"L'import a été arrêté : {exc}. L'entrepôt n'a pas été modifié.") from exc
    if args.json:
        sys.stdout.write(json_text(report) + "\n")
    else:
        sys.stdout.write(printable(ingest_summary(report, Path(readable_name(str(warehouse))))))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import generate

    written = generate(args.out, seed=args.seed)
    print(f"{len(written)} fichiers de démonstration écrits dans {args.out}")
    print(f"Étape suivante : assll ingest {args.out}")
    return EXIT_OK


def dashboard_command(port: int = DEFAULT_PORT) -> list[str]:
    """The command that serves the dashboard on this machine only (127.0.0.1)."""
    return [sys.executable, "-m", "streamlit", "run", str(DASHBOARD_APP.resolve()),
            "--server.address", "127.0.0.1", "--server.port", str(port)]


def ensure_warehouse(warehouse: Path) -> bool:
    """Builds the demo warehouse (demo exports, then ingest) when warehouse has no version yet (no CURRENT
    file); returns True when it did. A damaged warehouse is reported, never replaced."""
    if (warehouse / CURRENT).exists():
        try:
            current_version(warehouse)
        except WarehouseMissing as exc:  # never overwrite a damaged warehouse with demo data
            raise UnusableInput(
                f"L'entrepôt {warehouse} est endommagé : la version indiquée dans son fichier CURRENT est "
                f"introuvable. Réimportez les exports : assll ingest DOSSIER --warehouse {warehouse}") from exc
        return False
    from .demo import generate

    raw = settings.DEFAULT_DEMO_DIR
    print(f"Aucun entrepôt de données dans {warehouse} : création des données de démonstration "
          f"(exports fictifs 2014–2025) dans {raw}, puis import.", flush=True)
    generate(raw)
    report = ingest(raw, warehouse)
    print(f"Données de démonstration importées : {fmt.number(report['tables']['demandes']['records'])} demandes, "
          f"{fmt.number(report['tables']['mesures']['records'])} mesures.", flush=True)
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
    ensure_warehouse(warehouse)
    env = dict(os.environ) | {settings.WAREHOUSE_ENV: str(warehouse)}
    print(f"Tableau de bord : http://127.0.0.1:{args.port} (entrepôt {warehouse}). Ctrl+C pour l'arrêter.",
          flush=True)
    return _serve(dashboard_command(args.port), env)


def cmd_report(args: argparse.Namespace) -> int:
    from .reports.generate import PdfUnavailable, generate

    warehouse = settings.warehouse_dir(args.warehouse)
    years = Indicators(warehouse)
    try:
        known = set(years.query("SELECT DISTINCT year(date_demande) AS annee FROM demandes")["annee"].to_list())
    finally:
        years.close()
    if args.year not in known:
        raise UsageError(f"aucune demande importée pour {args.year} (années disponibles : "
                         f"{', '.join(str(y) for y in sorted(y for y in known if y))})")
    formats = list(dict.fromkeys(args.format or ["pdf"]))
    try:
        paths = generate(warehouse, args.year, formats, args.out, masked=args.diffusion,
                         progress=lambda message: print(message, flush=True))
    except PdfUnavailable as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    for path in paths:
        print(f"Écrit : {path}")
    return EXIT_OK


COMMANDS = {"demo": cmd_demo, "ingest": cmd_ingest, "indicators": cmd_indicators, "dashboard": cmd_dashboard,
            "report": cmd_report}


_OS_ERRORS = {
    errno.ENOENT: "fichier ou dossier introuvable", errno.EACCES: "accès refusé", errno.EPERM: "accès refusé",
    errno.ENOTDIR: "un élément du chemin est un fichier et non un dossier", errno.EISDIR: "c'est un dossier",
    errno.ENOSPC: "disque plein", errno.EROFS: "support en lecture seule", errno.EEXIST: "existe déjà",
    errno.ENOTEMPTY: "dossier non vide", errno.EPIPE: "la sortie a été fermée avant la fin de l'affichage",
}


def os_error_text(exc: OSError) -> str:
    """An error of the system in French: what failed, on which path."""
    what = _OS_ERRORS.get(exc.errno or 0, f"erreur du système (code {exc.errno})")
    if exc.filename:
        return f"opération impossible sur « {readable_name(str(exc.filename))} » : {what}."
    return f"opération impossible : {what}."


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # usage errors and --help: a code, not an exception, in-process
        return int(exc.code or 0)
    try:
        return COMMANDS[args.commande](args)
    except UsageError as exc:
        print(printable(f"Erreur : {exc}"), file=sys.stderr)
        return EXIT_USAGE
    except (UnusableInput, WarehouseError, TooManyVanish) as exc:
        print(printable(f"Erreur : {exc}"), file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as exc:  # a folder that cannot be written or read: said in French, never a traceback
        print(f"Erreur : {os_error_text(exc)}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
