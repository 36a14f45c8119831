"""The README's table of the `assll` command says every command and every option that `assll --help` has."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from pipelines.cli.main import build_parser

README = Path(__file__).resolve().parents[1] / "README.md"


def commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], set[str]]:
    """Every command path (`report`, `comparatif import`…) with its option strings, as argparse knows them."""
    found: dict[tuple[str, ...], set[str]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.update(commands(sub, (*prefix, name)))
    if prefix:
        found[prefix] = {o for a in parser._actions for o in a.option_strings if o.startswith("--") and o != "--help"}
    return found


def readme_rows() -> list[str]:
    """The rows of the README's command table: `| \\`assll …\\` | role |`."""
    return [line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("| `assll ")]


def test_every_command_and_option_is_in_the_readme_table() -> None:
    rows = readme_rows()
    assert rows
    parsed = commands(build_parser())
    assert parsed
    for path, options in parsed.items():
        if any(path[:-1] == other for other in parsed) and len(path) > 1 and not options:
            continue
        usage = "assll " + " ".join(path)
        row = next((r for r in rows if re.match(rf"\| `{re.escape(usage)}(?: |`)", r)), None)
        assert row is not None, f"README : pas de ligne pour « {usage} »"
        cell = row.split("` |")[0]
        missing = sorted(o for o in options if not re.search(rf"{re.escape(o)}(?![\w-])", cell))
        assert not missing, f"README, « {usage} » : options absentes {missing}"


def test_the_readme_table_names_no_command_or_option_that_does_not_exist() -> None:
    parsed = commands(build_parser())
    for row in readme_rows():
        usage = row.split("`")[1]
        words = usage.split()
        path = tuple(w for w in words[1:] if re.fullmatch(r"[a-z]+", w))
        while path and path not in parsed:
            path = path[:-1]
        assert path, f"README : commande inconnue dans « {usage} »"
        for option in re.findall(r"--[a-z][\w-]*", usage):
            assert option in parsed[path], f"README : option inconnue {option} dans « {usage} »"
