"""Uploaded exports: checked, kept under generated names, previewed, then added to the raw folder.

No Streamlit here: the page hands over (name, size, bytes) and shows what comes back.

    check(name, size)          → French reason of a refusal, or None
    prepare(files, raw_dir)    → a Pending: the accepted files in a private temporary folder,
                                 the refused ones with their reason, and the ingest report the
                                 raw folder + these files would give (nothing published)
    confirm(pending, ...)      → ingests the raw folder + these files, then moves the files into
                                 raw_dir/<dated sub-folder>; one import at a time in the process

The preview and the import read the files in a child process with memory and time limits
(pipelines.ingest.isolated): a file that goes wrong costs that child, never the dashboard's server. The import
reads a stand-in of the raw folder made of links (its files plus the new ones): the new files enter the
raw folder only once the new version is published, so an import killed halfway leaves nothing behind
that the next import would read.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard import partial_files
from dashboard.upload_names import (
    check,
    safe_name,
    subfolder_name,
    unique_name,
)
from pipelines.ingest import isolated, pipeline
from pipelines.ingest.folder import PARTIAL_PREFIX, list_files
from pipelines.ingest.pipeline import UnusableInput
from pipelines.ingest.vanished import TooManyVanish

log = logging.getLogger(__name__)

TMP_PREFIX = "assll-envoi-"
STALE_AFTER = dt.timedelta(hours=12)

# Only one import (copy + ingest) at a time in this process; the warehouse also has its file lock.
_IMPORT_LOCK = threading.Lock()


class ImportBusy(Exception):
    """Another import is running in this process."""


class ImportFailed(Exception):
    """The import did not go through; the message is French and the warehouse is as it was."""


class NeedsReplace(ImportFailed):
    """More than a tenth of the records in force would vanish: the user must confirm the replacement."""


@dataclass(frozen=True)
class Upload:
    """One file as the browser sent it."""

    name: str
    size: int
    read: Callable[[], bytes]


@dataclass(frozen=True)
class Stored:
    original: str  # the name the user gave, shown only
    path: Path  # generated name inside the private temporary folder
    target: str  # relative `/` path it will have in the raw folder: <sub-folder>/<safe name>


@dataclass
class Pending:
    """Files waiting for the user's confirmation, and what importing them would give."""

    folder: Path
    subfolder: str
    raw_dir: Path
    stored: list[Stored] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    report: dict | None = None
    error: str | None = None

    def importable(self) -> list[Stored]:
        """The stored files in which the preview found at least one table; the others are not copied."""
        if not self.report:
            return []
        read = {f.get("fichier") for f in self.report.get("files", []) if f.get("statut") == "lu"}
        return [s for s in self.stored if s.target in read]

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def store(uploads: Iterable[Upload], folder: Path, subfolder: str) -> tuple[list[Stored], list[tuple[str, str]]]:
    """Accepted files written under generated names into folder; refused ones with their reason."""
    stored: list[Stored] = []
    refused: list[tuple[str, str]] = []
    for upload in uploads:
        reason = check(upload.name, upload.size)
        if reason is None:
            content = upload.read()
            reason = check(upload.name, len(content))  # the size the browser announced is not trusted
        if reason is not None:
            refused.append((upload.name, reason))
            continue
        suffix = Path(upload.name).suffix.lower()
        path = partial_files.write_complete(folder / f"{uuid.uuid4().hex}{suffix}", [content])
        target = unique_name((Path(s.target).name for s in stored), safe_name(upload.name))
        stored.append(Stored(upload.name, path, f"{subfolder}/{target}"))
    return stored, refused


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        target.symlink_to(source.resolve())
    except OSError:
        shutil.copy2(source, target)


def _mirror(raw_dir: Path | None, stored: list[Stored], into: Path) -> Path:
    """raw_dir as it would be after the import, made of links: the files it holds plus the new ones."""
    into.mkdir()
    if raw_dir is not None and raw_dir.is_dir():
        for rel, path in list_files(raw_dir):
            _link_or_copy(path, into / rel)
    for item in stored:
        _link_or_copy(item.path, into / item.target)
    return into


def clean_stale(max_age: dt.timedelta = STALE_AFTER) -> list[Path]:
    """Temporary folders of uploads that were never confirmed nor discarded (a closed browser tab): they hold
    raw exports, so they do not stay."""
    limit = dt.datetime.now().timestamp() - max_age.total_seconds()
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{TMP_PREFIX}*"):
        try:
            info = folder.stat()
            mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
            if folder.is_dir() and info.st_mtime < limit and mine:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        except OSError:
            continue
    return removed


def _preview(pending: Pending, stored: list[Stored], *, with_raw: bool = True, **options: object) -> dict:
    """The report of raw_dir (or of nothing) + these files, computed in a child process."""
    mirror = pending.folder / "apercu"
    shutil.rmtree(mirror, ignore_errors=True)
    try:
        _mirror(pending.raw_dir if with_raw else None, stored, mirror)
        return isolated.run(
            pipeline.preview,
            mirror,
            roots=(pending.raw_dir, pending.folder),
            shown_as=pending.raw_dir,
            **options,  # type: ignore[arg-type]  # options: never limits
        )
    finally:
        shutil.rmtree(mirror, ignore_errors=True)


def _culprits(pending: Pending, **options: object) -> list[tuple[Stored, str]]:
    """The uploads that stop the preview's child on their own (each read alone, in its own child)."""
    found = []
    for item in pending.stored:
        try:
            _preview(pending, [item], with_raw=False, **options)
        except isolated.ChildFailed as exc:
            found.append(
                (
                    item,
                    str(exc)
                    .replace("la lecture des fichiers", "la lecture de ce fichier")
                    .replace("un fichier est probablement", "il est probablement"),
                )
            )
        except Exception:  # no table alone, or another trouble: not what stopped the child
            continue
    return found


def prepare(
    uploads: Iterable[Upload],
    raw_dir: Path,
    *,
    today: dt.date | None = None,
    key: str | None = None,
    now: dt.datetime | None = None,
    warehouse: Path | None = None,
) -> Pending:
    """Stores the uploads in a private temporary folder and previews the import in a child process;
    nothing else changes. With a warehouse, the report says which of its records would vanish. An upload
    that stops the child on its own (memory, time) is refused with the reason, and the others previewed."""
    clean_stale()
    partial_files.sweep(Path(raw_dir), older_than=partial_files.GRACE_S)
    folder = Path(tempfile.mkdtemp(prefix=TMP_PREFIX))  # readable by its owner only
    pending = Pending(folder=folder, subfolder=subfolder_name(now), raw_dir=Path(raw_dir))
    files = folder / "fichiers"
    files.mkdir(mode=0o700)
    pending.stored, pending.refused = store(uploads, files, pending.subfolder)
    if not pending.stored:
        return pending
    options: dict[str, Any] = {"today": today, "key": key, "warehouse": warehouse}
    try:
        try:
            pending.report = _preview(pending, pending.stored, **options)
        except isolated.ChildFailed:
            culprits = _culprits(pending, **options)
            if not culprits:
                raise
            for item, reason in culprits:
                pending.stored.remove(item)
                pending.refused.append((item.original, reason))
            if pending.stored:
                pending.report = _preview(pending, pending.stored, **options)
    except UnusableInput as exc:
        pending.error = str(exc).replace(str(folder / "apercu"), str(pending.raw_dir))
    except isolated.ChildFailed as exc:
        pending.error = f"La vérification des fichiers a été arrêtée : {exc}. Rien n'a été modifié."
    except Exception:
        log.exception("aperçu de l'import impossible")
        pending.error = (
            "La vérification des fichiers a échoué à cause d'une erreur inattendue. Rien n'a été "
            "modifié. Vérifiez que les fichiers s'ouvrent dans un tableur, puis recommencez."
        )
    return pending


def _free_subfolder(raw_dir: Path, name: str) -> str:
    candidate, n = name, 2
    while (raw_dir / candidate).exists():
        candidate, n = f"{name}-{n}", n + 1
    return candidate


def _nothing_to_import(pending: Pending) -> str:
    """Why none of the uploads would be imported: no table in them, or copies of exports already imported."""
    targets = {s.target for s in pending.stored}
    copies = [
        f
        for f in (pending.report or {}).get("files", [])
        if f.get("fichier") in targets and str(f.get("motif", "")).startswith("contenu identique à")
    ]
    if copies and len(copies) == len(targets):
        return (
            "Les fichiers envoyés sont déjà importés (même contenu qu'un export du dossier) : il n'y a rien à importer."
        )
    return "Aucun des fichiers envoyés ne contient un tableau reconnu : il n'y a rien à importer."


def _clean_partial(raw_dir: Path) -> None:
    """Copies into the raw folder that an import killed while moving its files left behind."""
    partial_files.sweep(raw_dir)


def _move_in(files: list[Stored], raw_dir: Path, subfolder: str) -> None:
    """The files into raw_dir/subfolder, all at once: copied into a hidden folder that no import reads,
    then renamed (one step on the same disk)."""
    partial = raw_dir / f"{PARTIAL_PREFIX}{subfolder}"
    partial.mkdir(parents=True)
    for item in files:
        partial_files.copy_complete(item.path, partial / Path(item.target).name)
    os.rename(partial, raw_dir / subfolder)


def confirm(
    pending: Pending,
    warehouse: Path,
    *,
    today: dt.date | None = None,
    key: str | None = None,
    lock: threading.Lock = _IMPORT_LOCK,
    replace: bool = False,
    who: str | None = None,
) -> dict:
    """Ingests the raw folder with the pending files that hold a table, then adds them to it; returns the
    report.

    Raises ImportBusy when another import runs, NeedsReplace when more than a tenth of the records in force
    would vanish and `replace` is not given, ImportFailed (French) when anything else goes wrong: the raw
    folder and the warehouse are then as they were (ingest publishes a new version only when it succeeds).
    """
    files = pending.importable()
    if not files:
        raise ImportFailed(_nothing_to_import(pending))
    if not lock.acquire(blocking=False):
        raise ImportBusy(
            "Un import est déjà en cours. Patientez quelques instants, puis cliquez à nouveau sur "
            "« Importer ces fichiers »."
        )
    stand_in = pending.folder / "import"
    try:
        raw_dir = pending.raw_dir
        raw_dir.mkdir(parents=True, exist_ok=True)
        _clean_partial(raw_dir)
        subfolder = _free_subfolder(raw_dir, pending.subfolder)
        shutil.rmtree(stand_in, ignore_errors=True)
        placed = [Stored(s.original, s.path, f"{subfolder}/{Path(s.target).name}") for s in files]
        _mirror(raw_dir, placed, stand_in)
        report = isolated.run(
            pipeline.ingest,
            stand_in,
            warehouse,
            today=today,
            key=key,
            replace=replace,
            roots=(raw_dir, pending.folder),
            shown_as=raw_dir,
            who=who,
        )
        try:
            _move_in(files, raw_dir, subfolder)
        except OSError as exc:
            log.exception("fichiers importés non rangés")
            raise ImportFailed(
                "L'entrepôt a été mis à jour, mais les fichiers envoyés n'ont pas pu être rangés dans le dossier "
                f"des exports ({exc.strerror or 'erreur système'}) : déposez-les à nouveau, sinon le prochain "
                "import ne les contiendra pas."
            ) from exc
        return report
    except TooManyVanish as exc:
        raise NeedsReplace(
            str(exc).replace(
                "relancez avec --remplacer",
                "cochez « Remplacer l'entrepôt » puis cliquez à nouveau sur « Importer ces fichiers »",
            )
        ) from exc
    except UnusableInput as exc:
        raise ImportFailed(f"{exc} L'entrepôt n'a pas été modifié.") from exc
    except isolated.ChildFailed as exc:
        raise ImportFailed(f"L'import a été arrêté : {exc}. L'entrepôt n'a pas été modifié.") from exc
    except OSError as exc:
        log.exception("import impossible")
        raise ImportFailed(
            "L'import a échoué : impossible d'écrire dans le dossier des exports ou dans "
            f"l'entrepôt ({exc.strerror or 'erreur système'}). L'entrepôt n'a pas été "
            "modifié."
        ) from exc
    except Exception as exc:
        log.exception("import impossible")
        raise ImportFailed(
            "L'import a échoué à cause d'une erreur inattendue. L'entrepôt n'a pas été modifié."
        ) from exc
    finally:
        shutil.rmtree(stand_in, ignore_errors=True)
        lock.release()


def sweep_at_start() -> list[Path]:
    """At the dashboard's start: the unfinished copies of the exports and fiches folders, and the private temporary
    folders of uploads never confirmed."""
    from pipelines.comparatif.load import fiches_dir
    from pipelines.reference import settings

    removed = [*partial_files.sweep(settings.raw_dir()), *partial_files.sweep(fiches_dir())]
    clean_stale()
    for path in removed:
        log.warning("copie inachevée d'un envoi interrompu effacée : %s", path)
    return removed
