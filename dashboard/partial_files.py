"""Files dropped on the dashboard enter a folder that imports read only once they are complete.

Each one is written under a hidden temporary name (`.assll-partiel-…`) in its final folder, flushed to disk,
then renamed (one step on the same disk): a server that dies mid-write leaves a `.assll-partiel-…` entry,
never a half-written file under a real name. Imports never read those entries (pipelines.ingest.folder.list_files),
and the dashboard sweeps them away when it starts, and the old ones before each upload.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

from pipelines.ingest.folder import PARTIAL_PREFIX

log = logging.getLogger(__name__)
# Before an upload, only leftovers older than this are swept: a newer one may be another session's copy in progress.
GRACE_S = 3600


def temporary_name(target: Path) -> Path:
    """The hidden name a file is written under before it becomes `target` (same folder, so the rename is atomic)."""
    return target.with_name(f"{PARTIAL_PREFIX}{uuid.uuid4().hex[:12]}-{target.name}")


def write_complete(target: Path, chunks: Iterable[bytes]) -> Path:
    """`target` written whole or not at all: the bytes go under a temporary name, are flushed, then renamed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = temporary_name(target)
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def copy_complete(source: Path, target: Path) -> Path:
    """A copy of `source` that appears at `target` only once complete."""

    def chunks() -> Iterable[bytes]:
        with source.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                yield chunk

    return write_complete(target, chunks())


def sweep(folder: Path, older_than: float = 0) -> list[Path]:
    """Removes the unfinished copies an interrupted upload left anywhere in `folder` (only those untouched for
    `older_than` seconds: another session may be writing the newer ones); returns what it removed."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    limit = time.time() - older_than
    for root, dirs, files in os.walk(folder, onerror=lambda exc: None):
        for name in [n for n in (*dirs, *files) if n.startswith(PARTIAL_PREFIX)]:
            path = Path(root) / name
            try:
                if older_than and path.lstat().st_mtime > limit:
                    continue
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                removed.append(path)
            except OSError as exc:  # told to the server log; the imports skip it anyway
                log.warning("copie inachevée non effacée : %s (%s)", path, exc.strerror)
        dirs[:] = [d for d in dirs if not d.startswith(PARTIAL_PREFIX)]
    return removed
