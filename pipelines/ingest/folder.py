"""The files of a folder to import, in the order of their paths: links followed only inside the folder, special
files and unfinished copies left out with their French reason, unreachable folders listed with theirs."""

from __future__ import annotations

import os
from pathlib import Path

from pipelines.ingest.readers import UNREACHABLE, shorten
from pipelines.reference.text import readable_name

# A folder an import is still copying into the raw folder (or was, when it was killed): never read.
PARTIAL_PREFIX = ".assll-partiel-"
LINKED_FOLDER = (
    "lien symbolique vers un dossier : il n'est pas suivi et ses fichiers ne sont pas lus ; copiez "
    "le dossier lui-même dans le dossier importé"
)
PARTIAL_FOLDER = (
    "copie inachevée d'un import interrompu : ce dossier n'est pas lu (il est effacé au prochain "
    "import depuis le tableau de bord)"
)
PARTIAL_FILE = (
    "copie inachevée d'un envoi interrompu : ce fichier n'est pas lu (il est effacé au prochain "
    "démarrage du tableau de bord)"
)


def list_files(
    raw_dir: Path, errors: list[tuple[str, OSError]] | None = None, skipped: list[tuple[str, str]] | None = None
) -> list[tuple[str, Path]]:
    """Relative `/` paths sorted by code point, as Python's sorted() does. A sub-folder that cannot be
    listed is added to `errors` (relative path, error) when a list is given; a link to a folder (it could
    lead outside the folder or back into it) and an unfinished copy are not entered, and are added to
    `skipped` (relative path, French reason)."""
    found = []
    passed: list[tuple[str, str]] = []

    def unreadable(exc: OSError) -> None:
        if errors is not None and exc.filename is not None:
            errors.append((shorten(readable_name(Path(exc.filename).relative_to(raw_dir).as_posix() + "/")), exc))

    for root, dirs, files in os.walk(raw_dir, onerror=unreadable):
        for name in list(dirs):
            path = Path(root) / name
            try:  # a path beyond the system's length, a folder that cannot be crossed: listed, not entered
                linked = path.is_symlink()
            except OSError as exc:
                dirs.remove(name)
                unreadable(OSError(exc.errno, exc.strerror, str(path)))
                continue
            reason = LINKED_FOLDER if linked else PARTIAL_FOLDER if name.startswith(PARTIAL_PREFIX) else None
            if reason is not None:
                dirs.remove(name)
                passed.append((readable_name(path.relative_to(raw_dir).as_posix() + "/"), reason))
        for name in files:
            path = Path(root) / name
            if name.startswith(PARTIAL_PREFIX):  # a file an upload was still writing: never read half-written
                passed.append((readable_name(path.relative_to(raw_dir).as_posix()), PARTIAL_FILE))
                continue
            found.append((readable_name(path.relative_to(raw_dir).as_posix()), path))
    if skipped is not None:
        skipped.extend(sorted(passed))
    return sorted(found)


def folder_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "dossier illisible : accès refusé ; ses fichiers ne sont pas lus"
    if isinstance(exc, FileNotFoundError):
        return "dossier disparu pendant la lecture ; ses fichiers ne sont pas lus"
    if exc.errno in UNREACHABLE:
        return f"dossier inaccessible : {UNREACHABLE[exc.errno]} ; ses fichiers ne sont pas lus"
    return f"dossier illisible (erreur du système de fichiers, code {exc.errno}) ; ses fichiers ne sont pas lus"
