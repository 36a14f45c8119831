"""Budgets checked before a reader touches a file: what it is, how big, how wide.

A small file can cost a huge amount to parse (a CSV of 200 lines with 16,000 empty trailing
fields, a link to /dev/zero, a named pipe that never ends). Every file is checked first and
refused with a French reason when it is over budget; the other files are read as usual.
The limits are data: `data/reference/budgets.csv` (columns cle, valeur, description).
"""

from __future__ import annotations

import csv
import os
import stat
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pipelines.reference import french
from pipelines.reference.settings import REFERENCE_DIR, reference_dir

BUDGETS_FILE = "budgets.csv"


class OverBudget(Exception):
    """A file refused before reading; the message is French and names the budget."""


@lru_cache(maxsize=8)
def _load(directory: Path) -> dict[str, int]:
    path = directory / BUDGETS_FILE
    if not path.exists():  # a user's own referential copy without the file: the shipped defaults
        path = REFERENCE_DIR / BUDGETS_FILE
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {row["cle"].strip(): int(row["valeur"]) for row in csv.DictReader(fh) if row.get("cle")}


def budget(key: str, directory: Path | None = None) -> int:
    """One limit of budgets.csv (KeyError on a name that is not there: a programming error)."""
    return _load(directory or reference_dir())[key]


def size_text(size: int) -> str:
    mb = size / (1024 * 1024)
    return f"{french.number(mb, 1)} Mo" if mb >= 0.1 else f"{french.number(max(size / 1024, 0.1), 1)} Ko"


def _inside(path: Path, roots: Iterable[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


_KINDS = (
    (stat.S_ISFIFO, "tube nommé (FIFO)"),
    (stat.S_ISCHR, "périphérique"),
    (stat.S_ISBLK, "périphérique"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISDIR, "dossier"),
)


def _not_regular(mode: int) -> str | None:
    for test, what in _KINDS:
        if test(mode):
            return f"ce n'est pas un fichier ordinaire mais un {what} : il n'est pas lu"
    return None if stat.S_ISREG(mode) else "ce n'est pas un fichier ordinaire : il n'est pas lu"


def check_link(path: Path, roots: Iterable[Path]) -> None:
    """A symbolic link is followed only when it leads inside the imported folder (or a folder the caller
    allows, such as the staged uploads of a preview)."""
    if not path.is_symlink():
        return
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise OverBudget("lien symbolique cassé ou en boucle : il ne mène à aucun fichier") from exc
    resolved = [Path(r).resolve() for r in roots]
    if not _inside(target, resolved):
        raise OverBudget(
            "lien symbolique vers un emplacement hors du dossier importé : il n'est pas suivi ; "
            "copiez le fichier lui-même dans le dossier"
        )


def read_checked(path: Path, roots: Iterable[Path]) -> bytes:
    """The bytes of a regular file within budget, read without ever blocking or reading past the budget."""
    roots = list(roots)
    check_link(path, roots)
    limit = budget("fichier_octets_max")
    reason = _not_regular(os.stat(path).st_mode)  # a socket cannot even be opened: say what it is first
    if reason is not None:
        raise OverBudget(reason)
    # O_NONBLOCK: a named pipe opened for reading would wait for a writer forever.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        reason = _not_regular(info.st_mode)
        if reason is not None:
            raise OverBudget(reason)
        if info.st_size > limit:
            raise OverBudget(
                f"fichier trop volumineux ({size_text(info.st_size)}) : {size_text(limit)} au plus "
                "par fichier (budget fichier_octets_max de data/reference/budgets.csv)"
            )
        chunks, total = [], 0
        while True:  # bounded even if the file grows while it is read
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise OverBudget(
                    f"fichier trop volumineux (plus de {size_text(limit)}) : il a grandi pendant sa lecture"
                )
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_csv_text(text: str, delimiter: str) -> None:
    """Width and length of a decoded CSV, counted on physical lines (a delimiter inside quotes counts too,
    which only makes the count larger than the truth: the budgets are generous)."""
    lines = text.count("\n") + 1
    if lines > budget("csv_lignes_max"):
        raise OverBudget(
            f"CSV trop long ({french.number(lines)} lignes) : {french.number(budget('csv_lignes_max'))} "
            "lignes au plus (budget csv_lignes_max de data/reference/budgets.csv)"
        )
    max_fields, max_filled = budget("csv_champs_max"), budget("csv_colonnes_max")
    trailing = delimiter + " \t"
    for number, line in enumerate(text.split("\n"), start=1):
        fields = line.count(delimiter) + 1
        if fields <= max_filled:
            continue
        if fields > max_fields:
            raise OverBudget(
                f"CSV démesuré : la ligne {number} a {french.number(fields)} champs ; "
                f"{french.number(max_fields)} au plus (budget csv_champs_max de "
                "data/reference/budgets.csv)"
            )
        filled = line.rstrip(trailing).count(delimiter) + 1
        if filled > max_filled:
            raise OverBudget(
                f"CSV trop large : la ligne {number} a {french.number(filled)} colonnes remplies ; "
                f"{french.number(max_filled)} au plus (budget csv_colonnes_max de "
                "data/reference/budgets.csv)"
            )
