"""What `assll` says when a command is misused or asks for a year without data (French, one behaviour everywhere).

- an option that does not exist is named (« option inconnue : --yaer »), before any other complaint about the
  same command line, with the closest existing option when there is one;
- each command's errors come with that command's usage line, not the top-level one;
- a year without any imported data is refused with code 1 and the years the warehouse holds, by
  `assll indicators` and `assll report` alike.
"""

from __future__ import annotations

import argparse
import difflib
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipelines.indicators import Indicators

_NEGATIVE = re.compile(r"-\d+(?:[.,]\d+)?")


class NoDataForYear(Exception):
    """The warehouse holds no request for the year asked (exit code 1); the message is French."""


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return {
        name: sub
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name, sub in action.choices.items()
    }


def unknown_options(parser: argparse.ArgumentParser, args: Sequence[str]) -> list[str]:
    """The option strings of `args` that `parser` does not know (an abbreviation it accepts is known); the words
    after one of its sub-commands belong to that sub-command and are not looked at."""
    known = parser._option_string_actions
    commands = _subcommands(parser)
    found = []
    for token in args:
        if token == "--" or token in commands:
            break
        if not token.startswith("-") or token == "-" or _NEGATIVE.fullmatch(token):
            continue
        name = token.split("=", 1)[0]
        abbreviation = (
            name.startswith("--")
            and parser.allow_abbrev
            and any(option.startswith(name) for option in known if option.startswith("--"))
        )
        if name not in known and not abbreviation:
            found.append(name)
    return found


def unknown_option_text(parser: argparse.ArgumentParser, unknown: list[str]) -> str:
    """`option inconnue : --yaer (vouliez-vous dire --year ?)`."""
    options = [o for o in parser._option_string_actions if o.startswith("--") and o != "--help"]
    texts = []
    for name in unknown:
        bare = {o.lstrip("-"): o for o in options}  # the dashes alike in every name would make all of them close
        close = difflib.get_close_matches(name.lstrip("-"), list(bare), n=1, cutoff=0.7)
        texts.append(name + (f" (vouliez-vous dire {bare[close[0]]} ?)" if close else ""))
    return f"option{'s' if len(texts) > 1 else ''} inconnue{'s' if len(texts) > 1 else ''} : {', '.join(texts)}"


def command_parser(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The parser of the command that `args` ran (`assll comparatif export` → the parser of `export`)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = action.choices.get(getattr(args, action.dest, None) or "")
            if chosen is not None:
                return command_parser(chosen, args)
    return parser


def require_year(indicators: Indicators, year: int) -> None:
    """NoDataForYear, with the years available, when the warehouse holds no data for `year` (the years with data
    are defined once, by `Indicators.years`, for the command line and the dashboard alike)."""
    known = indicators.years()
    if year in known:
        return
    if not known:
        raise NoDataForYear(f"aucune donnée importée pour {year} : l'entrepôt ne contient aucune donnée.")
    raise NoDataForYear(
        f"aucune donnée importée pour {year} (années disponibles : {', '.join(str(y) for y in known)})."
    )
