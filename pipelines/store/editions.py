"""Editions: what was published for a year, frozen in the warehouse folder and never modified.

    WAREHOUSE/editions/2024/            the first edition of 2024
    WAREHOUSE/editions/2024-r1/         the next one (a republication), and so on
        manifest.json                   year, version, who, when, every file with its SHA-256
        valeurs.json, rapport_….html …  the files themselves, read-only

An edition is written aside (a temporary folder holding its version from the start, so that no ingest
prunes that version meanwhile), its files made read-only, then renamed to its name under a lock: an
existing edition is never overwritten, a republication is a new edition. The version an edition holds is
never pruned (`warehouse.held_versions`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import shutil
import stat
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipelines.store.warehouse import (
    EDITIONS,
    MANIFEST,
    TMP_PREFIX,
    VERSIONS,
    WarehouseMissing,
    current_version,
    ingest_lock,
)

NAME = re.compile(r"^(\d{4})(?:-r(\d+))?$")
PENDING_MARK = "VERSION"
READ_ONLY_FILE = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
READ_ONLY_DIR = READ_ONLY_FILE | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH


class EditionError(Exception):
    """An edition cannot be written or read as asked; the message is French."""


@dataclass(frozen=True)
class Edition:
    name: str
    year: int
    revision: int  # 0 for the first edition of the year, then 1, 2…
    path: Path
    manifest: dict

    @property
    def version(self) -> str:
        return str(self.manifest["version"])

    @property
    def published_at(self) -> str:
        return str(self.manifest.get("quand", ""))

    @property
    def who(self) -> str:
        return str(self.manifest.get("qui", ""))

    def files(self) -> dict[str, dict]:
        """File name -> {"sha256", "octets"} as the manifest lists them."""
        return dict(self.manifest.get("fichiers", {}))

    def read(self, name: str) -> bytes:
        if name not in self.files():
            raise EditionError(f"Le fichier « {name} » ne fait pas partie de l'édition {self.name}.")
        return (self.path / name).read_bytes()

    def read_json(self, name: str) -> dict:
        return json.loads(self.read(name).decode("utf-8"))


def edition_name(year: int, revision: int) -> str:
    return str(year) if revision == 0 else f"{year}-r{revision}"


def _parse(name: str) -> tuple[int, int] | None:
    match = NAME.match(name)
    return None if match is None else (int(match.group(1)), int(match.group(2) or 0))


def editions(warehouse: Path, year: int | None = None) -> list[Edition]:
    """The editions of the warehouse (of one year when given), oldest first (by publication order)."""
    folder = Path(warehouse) / EDITIONS
    found: list[Edition] = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        parsed = _parse(path.name)
        if parsed is None or not (path / MANIFEST).is_file() or (year is not None and parsed[0] != year):
            continue
        try:
            manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        found.append(Edition(path.name, parsed[0], parsed[1], path, manifest))
    return sorted(found, key=lambda e: (int(e.manifest.get("sequence", 0)), e.year, e.revision))


def latest(warehouse: Path, year: int) -> Edition | None:
    """The edition in force for a year: its last one."""
    found = editions(warehouse, year)
    return max(found, key=lambda e: e.revision) if found else None


def find(warehouse: Path, name: str) -> Edition:
    for edition in editions(warehouse):
        if edition.name == name:
            return edition
    raise EditionError(f"Aucune édition « {name} » dans l'entrepôt « {warehouse} ».")


def next_name(warehouse: Path, year: int) -> str:
    last = latest(warehouse, year)
    return edition_name(year, 0 if last is None else last.revision + 1)


@contextlib.contextmanager
def _editions_lock(warehouse: Path) -> Iterator[None]:
    folder = Path(warehouse) / EDITIONS
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Pending:
    """An edition being written: its temporary folder already holds the version."""

    warehouse: Path
    folder: Path
    version: str


def begin(warehouse: Path, version: str | None = None) -> Pending:
    """Pins a version (the one in force unless named) for an edition about to be written. Taken under the
    ingest lock: no ingest can prune the version between reading its name and holding it."""
    warehouse = Path(warehouse)
    with ingest_lock(warehouse):
        try:
            name = version or current_version(warehouse).name
        except WarehouseMissing as exc:
            raise EditionError(f"Aucun entrepôt de données dans « {warehouse} » : rien à publier.") from exc
        if not (warehouse / VERSIONS / name).is_dir():
            raise EditionError(f"La version « {name} » n'est plus dans l'entrepôt.")
        folder = warehouse / EDITIONS / f"{TMP_PREFIX}{uuid.uuid4().hex}"
        folder.mkdir(parents=True)
        (folder / PENDING_MARK).write_text(name, encoding="utf-8")
    return Pending(warehouse, folder, name)


def abandon(pending: Pending) -> None:
    shutil.rmtree(pending.folder, ignore_errors=True)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def finish(pending: Pending, year: int, files: dict[str, bytes], manifest: dict, *, name: str | None = None) -> Edition:
    """Writes the files and the manifest, makes them read-only and names the edition (the next free name of
    the year unless `name`); refuses to replace an existing edition."""
    for file_name, data in files.items():
        if "/" in file_name or file_name in (MANIFEST, PENDING_MARK) or file_name.startswith("."):
            raise EditionError(f"Nom de fichier refusé dans une édition : « {file_name} ».")
        path = pending.folder / file_name
        path.write_bytes(data)
        os.chmod(path, READ_ONLY_FILE)
    with _editions_lock(pending.warehouse):
        final_name = name or next_name(pending.warehouse, year)
        if _parse(final_name) is None or _parse(final_name)[0] != year:  # type: ignore[index]
            raise EditionError(f"Nom d'édition invalide pour {year} : « {final_name} ».")
        final = pending.warehouse / EDITIONS / final_name
        if final.exists():
            raise EditionError(
                f"L'édition {final_name} existe déjà : une édition n'est jamais modifiée "
                "(publiez une nouvelle édition)."
            )
        body = dict(manifest) | {
            "edition": final_name,
            "annee": year,
            "version": pending.version,
            "sequence": len(editions(pending.warehouse)) + 1,
            "fichiers": {n: {"sha256": sha256(d), "octets": len(d)} for n, d in sorted(files.items())},
        }
        (pending.folder / MANIFEST).write_text(
            json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
        )
        os.chmod(pending.folder / MANIFEST, READ_ONLY_FILE)
        (pending.folder / PENDING_MARK).unlink()  # the manifest holds the version from here on
        os.chmod(pending.folder, READ_ONLY_DIR)
        os.rename(pending.folder, final)
    return Edition(final_name, year, _parse(final_name)[1], final, body)  # type: ignore[index]


def verify(edition: Edition) -> list[str]:
    """What differs from the manifest (French, one line per file); empty when the edition is intact."""
    problems = []
    for file_name, expected in edition.files().items():
        path = edition.path / file_name
        if not path.is_file():
            problems.append(f"{file_name} : absent")
        elif sha256(path.read_bytes()) != expected["sha256"]:
            problems.append(f"{file_name} : contenu modifié (empreinte SHA-256 différente)")
    return problems


def now_text(when: dt.datetime | None = None) -> str:
    """The time of publication, in UTC, ISO 8601 to the second."""
    return (when or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0).isoformat()
