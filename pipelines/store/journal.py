"""The journal of actions: one JSON object per line in `<warehouse>/journal.jsonl`, appended, never rewritten.

Who imported which files, who loaded comparison fiches, generated a report, downloaded a table in internal
mode, or was refused a page. Pure Python (no Streamlit): the CLI, the ingest and the dashboard write it.

Durability: each entry is one `write` of a whole line on a file opened with O_APPEND, under an exclusive
lock, followed by `fsync`; an entry is recorded once that returns. A process killed in the middle of its
`write` (the kernel may stop a long write between two pages) can leave the start of its line with no end: that
tail is not a line (no newline), the reader ignores it, and the next writer cuts it off under the lock before
appending, so the journal is again whole lines. No recorded entry is ever changed.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

FILE = "journal.jsonl"

IMPORT = "import"
IMPORT_NOT_PUBLISHED = "import_non_publie"
FICHES = "import_fiches"
REPORT = "rapport"
DOWNLOAD = "telechargement"
REFUSED = "acces_refuse"

ACTION_LABELS = {
    IMPORT: "Import des exports",
    IMPORT_NOT_PUBLISHED: "Import non publié",
    FICHES: "Import de fiches comparatives",
    REPORT: "Rapport généré",
    DOWNLOAD: "Téléchargement",
    REFUSED: "Accès refusé",
}


def path(warehouse: Path) -> Path:
    return Path(warehouse) / FILE


def now() -> str:
    """UTC time to the second, ISO 8601 (`2026-12-06T15:40:00Z`)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def command_line_user() -> str:
    """Who runs a command on this machine: the account of the system."""
    try:
        name = getpass.getuser()
    except Exception:  # no user name in the environment nor the password database
        name = str(os.getuid()) if hasattr(os, "getuid") else "inconnu"
    return f"{name} (ligne de commande)"


def append(warehouse: Path, action: str, who: str, **details: object) -> dict:
    """Adds one entry and waits until it is on disk; returns it."""
    entry = {"date": now(), "qui": who, "action": action, **details}
    try:
        line = json.dumps(entry, ensure_ascii=False, default=str, separators=(",", ":")).encode("utf-8") + b"\n"
    except UnicodeEncodeError:  # a file name that is not UTF-8 (surrogate escapes): written as \u escapes
        line = json.dumps(entry, ensure_ascii=True, default=str, separators=(",", ":")).encode("ascii") + b"\n"
    target = path(warehouse)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            _cut_torn_tail(fd)
            written = 0
            while written < len(line):
                written += os.write(fd, line[written:])
            os.fsync(fd)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
    return entry


def _cut_torn_tail(fd: int) -> None:
    """Cuts off an unfinished last line (a writer killed mid-write), back to the last newline."""
    size = os.fstat(fd).st_size
    if not size or os.pread(fd, 1, size - 1) == b"\n":
        return
    end = size
    while end > 0:
        start = max(0, end - (1 << 16))
        found = os.pread(fd, end - start, start).rfind(b"\n")
        if found >= 0:
            os.ftruncate(fd, start + found + 1)
            return
        end = start
    os.ftruncate(fd, 0)


@dataclass
class Journal:
    entries: list[dict] = field(default_factory=list)
    unreadable: int = 0  # lines that are not a JSON object
    torn: bool = False  # an unfinished last line (a writer killed mid-write), ignored


def read(warehouse: Path) -> Journal:
    """Every entry, oldest first; an absent journal is empty."""
    journal = Journal()
    try:
        raw = path(warehouse).read_bytes()
    except FileNotFoundError:
        return journal
    lines = raw.split(b"\n")
    if lines[-1]:  # no newline at the end: the start of a line whose writer was killed
        journal.torn = True
    for line in lines[:-1]:
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            journal.unreadable += 1
            continue
        if isinstance(entry, dict):
            journal.entries.append(entry)
        else:
            journal.unreadable += 1
    return journal


def digest(file: Path) -> str:
    sha = hashlib.sha256()
    with open(file, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def files_of(listed: Iterable[tuple[str, Path]]) -> list[dict]:
    """Each file the import listed (relative name, path: `pipelines.ingest.folder.list_files`, so that links,
    special files and unreachable folders are treated as the import treats them): its SHA-256 and size."""
    found = []
    for rel, file in listed:
        try:
            # Only a regular file is opened: a named pipe or a device (refused by the import) would block or never end.
            if not file.is_file():
                raise OSError("pas un fichier ordinaire")
            found.append({"fichier": rel, "sha256": digest(file), "octets": file.stat().st_size})
        except OSError:  # vanished, unreadable or not a regular file: listed without a digest
            found.append({"fichier": rel, "sha256": None, "octets": None})
    return found


def _record_counts(report: dict) -> dict[str, int]:
    return {
        name: int(table.get("records") or 0)
        for name, table in (report.get("tables") or {}).items()
        if isinstance(table, dict)
    }


def record_import(
    warehouse: Path,
    raw_dir: Path,
    listed: Iterable[tuple[str, Path]],
    report: dict,
    *,
    who: str | None,
    version: str | None,
    replace: bool,
    published: bool = True,
) -> dict:
    """The entry of an import: its files with their SHA-256, the version created, the records added and
    vanished, and whether a replacement was confirmed."""
    vanished = report.get("disparus") or {}
    counts = _record_counts(report)
    kept = None
    if vanished.get("precedents") is not None:
        kept = int(vanished["precedents"]) - int(vanished.get("disparus") or 0)
    now_total = sum(counts.get(name, 0) for name in ("demandes", "mesures", "passages_gts", "mutualisations"))
    return append(
        warehouse,
        IMPORT if published else IMPORT_NOT_PUBLISHED,
        who or command_line_user(),
        dossier=str(report.get("dossier") or raw_dir),
        version=version,
        fichiers=files_of(listed),
        enregistrements=counts,
        ajoutes=now_total - kept if kept is not None else now_total,
        disparus=vanished.get("disparus", 0),
        remplacement_confirme=bool(replace),
    )


def summary(entry: dict) -> str:
    """One line of French for an entry (the Journal page and `assll journal`)."""
    action = entry.get("action")
    if action in (IMPORT, IMPORT_NOT_PUBLISHED):
        files = entry.get("fichiers") or []
        text = f"{len(files)} fichier{'s' if len(files) > 1 else ''} de « {entry.get('dossier', '?')} »"
        if action == IMPORT:
            text += f", version {entry.get('version')}"
        if entry.get("disparus") is not None:
            text += f", {entry.get('disparus')} enregistrement(s) disparu(s)"
        if entry.get("ajoutes") is not None:
            text += f", {entry.get('ajoutes')} ajouté(s)"
        text += ", remplacement confirmé" if entry.get("remplacement_confirme") else ""
        return text
    if action == FICHES:
        return f"{entry.get('chiffres', '?')} chiffres de partenaires, version {entry.get('version')}"
    if action == REPORT:
        mode = "diffusion" if entry.get("diffusion") else "interne"
        return (
            f"année {entry.get('annee')}, formats {', '.join(entry.get('formats') or [])}, {mode}, "
            f"version {entry.get('version')}"
        )
    if action == DOWNLOAD:
        return f"« {entry.get('fichier')} » (page {entry.get('page', '?')})"
    if action == REFUSED:
        return f"« {entry.get('page')} » refusé au rôle {entry.get('role') or 'aucun'}"
    return json.dumps({k: v for k, v in entry.items() if k not in ("date", "qui", "action")}, ensure_ascii=False)


def rows(entries: Iterable[dict]) -> list[dict[str, str]]:
    """Entries as rows to show: date, who, action, what (newest first)."""
    return [
        {
            "Date (UTC)": str(e.get("date", "")),
            "Qui": str(e.get("qui", "")),
            "Action": ACTION_LABELS.get(str(e.get("action")), str(e.get("action"))),
            "Détail": summary(e),
        }
        for e in reversed(list(entries))
    ]
