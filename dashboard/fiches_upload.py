"""Fiches comparatives dropped on the page: checked and previewed without change, then imported on confirmation.

No Streamlit here. The preview reads the fiches folder as it would be with the dropped files added (a
copy in a private temporary folder); the confirmation copies them into the fiches folder and imports the
whole folder as a new warehouse version (the previous one stays in service if that fails).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from dashboard import partial_files
from dashboard.upload_names import check, safe_name
from dashboard.uploads import Upload
from pipelines.comparatif.load import import_fiches, preview
from pipelines.ingest.pipeline import UnusableInput

TMP_PREFIX = "assll-fiches-"


class FicheImportFailed(Exception):
    """The fiches were not imported; the message is French and the warehouse is as it was."""


@dataclass
class PendingFiches:
    folder: Path  # private copy of the fiches folder with the dropped files added
    subfolder: str
    fiches_dir: Path
    stored: dict[str, str] = field(default_factory=dict)  # relative path in the folder -> name given
    refused: list[tuple[str, str]] = field(default_factory=list)
    report: dict | None = None
    table: pl.DataFrame | None = None
    error: str | None = None

    def discard(self) -> None:
        shutil.rmtree(self.folder.parent, ignore_errors=True)


def prepare(uploads: list[Upload], fiches_dir: Path, warehouse: Path, now: dt.datetime | None = None) -> PendingFiches:
    partial_files.sweep(fiches_dir, older_than=partial_files.GRACE_S)
    base = Path(tempfile.mkdtemp(prefix=TMP_PREFIX))
    folder = base / "fiches"
    if fiches_dir.is_dir():
        shutil.copytree(fiches_dir, folder)
    folder.mkdir(exist_ok=True)
    subfolder = f"depot_{(now or dt.datetime.now()):%Y-%m-%d_%H%M%S}"
    pending = PendingFiches(folder, subfolder, fiches_dir)
    for upload in uploads:
        reason = check(upload.name, upload.size)
        if reason:
            pending.refused.append((upload.name, reason))
            continue
        name = safe_name(upload.name)
        partial_files.write_complete(folder / subfolder / name, [upload.read()])
        pending.stored[f"{subfolder}/{name}"] = upload.name
    if not pending.stored:
        return pending
    try:
        pending.report, pending.table = preview(folder, warehouse)
    except UnusableInput as exc:
        pending.error = str(exc)
    return pending


def confirm(pending: PendingFiches, warehouse: Path, who: str | None = None) -> dict:
    """Copies the dropped files into the fiches folder and imports the whole folder."""
    copied = []
    try:
        partial_files.sweep(pending.fiches_dir, older_than=partial_files.GRACE_S)
        for rel in pending.stored:  # each one under a temporary name, renamed once complete
            copied.append(partial_files.copy_complete(pending.folder / rel, pending.fiches_dir / rel))
        return import_fiches(pending.fiches_dir, warehouse, who=who)
    except (UnusableInput, OSError) as exc:
        for path in copied:  # the folder goes back to what was imported last
            path.unlink(missing_ok=True)
        raise FicheImportFailed(
            f"Les fiches n'ont pas été importées ; l'entrepôt reste tel qu'il était. {exc}"
        ) from exc
