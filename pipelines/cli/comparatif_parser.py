"""The `assll comparatif` subcommands and their options (argparse only: `assll --help` stays fast)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    comp = sub.add_parser("comparatif", help="fiches comparatives avec d'autres départements", add_help=False)
    comp.add_argument("-h", "--help", action="help", help="affiche cette aide")
    actions = comp.add_subparsers(dest="action", required=True, parser_class=type(comp), metavar="ACTION")

    def new(name: str, text: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=text, add_help=False)
        parser.add_argument("-h", "--help", action="help", help="affiche cette aide")
        return parser

    exp = new("export", "écrit la fiche comparative du département de l'entrepôt")
    exp.add_argument("--year", type=int, required=True, metavar="ANNÉE", help="année de la fiche")
    exp.add_argument("--diffusion", action="store_true", help="effectifs de 1 à 4 masqués (« < 5 »)")
    exp.add_argument("--out", type=Path, default=None, metavar="FICHIER", help="fichier .xlsx ou .csv à écrire")
    exp.add_argument("--warehouse", type=Path, default=None, help="dossier de l'entrepôt")

    mod = new("modele", "écrit une fiche vide à faire remplir par un département partenaire")
    mod.add_argument("--departement", required=True, metavar="CODE", help="code INSEE (ou nom) du département")
    mod.add_argument("--year", type=int, required=True, metavar="ANNÉE", help="année de la fiche")
    mod.add_argument("--out", type=Path, default=None, metavar="FICHIER", help="fichier .xlsx à écrire")

    imp = new("import", "importe toutes les fiches d'un dossier dans l'entrepôt")
    imp.add_argument("folder", type=Path, metavar="DOSSIER", help="dossier des fiches comparatives")
    imp.add_argument("--warehouse", type=Path, default=None, help="dossier de l'entrepôt")
    imp.add_argument("--json", action="store_true", help="affiche le rapport complet en JSON")

    lst = new("list", "affiche les chiffres de chaque département pour une année")
    lst.add_argument("--year", type=int, required=True, metavar="ANNÉE", help="année")
    lst.add_argument("--warehouse", type=Path, default=None, help="dossier de l'entrepôt")
    lst.add_argument("--format", choices=("table", "json"), default="table", help="format de sortie")
