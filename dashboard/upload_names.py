"""The files a person drops: which are accepted (format, size) and the plain, unique names they are kept under,
in a dated subfolder of the exports folder that sorts after the year folders."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from pipelines.ingest.budgets import size_text

ACCEPTED = (".xlsx", ".csv", ".txt")
MAX_MB = 50
MAX_BYTES = MAX_MB * 1024 * 1024
# What the browser and the server accept at most: above MAX_MB and up to this, the page refuses the file
# itself with a French reason; beyond it, Streamlit refuses it before the page sees it.
HARD_CAP_MB = 2 * MAX_MB
SUBFOLDER_PREFIX = "import_"


def check(name: str, size: int) -> str | None:
    """Why this file is refused (French), or None when it is accepted."""
    suffix = Path(name).suffix.lower()
    if suffix not in ACCEPTED:
        shown = suffix or "sans extension"
        return f"format non pris en charge ({shown}) : seuls les fichiers .xlsx, .csv et .txt sont acceptés"
    if size <= 0:
        return "fichier vide"
    if size > MAX_BYTES:
        return f"fichier trop volumineux ({size_text(size)}) : {MAX_MB} Mo au plus par fichier"
    return None


def safe_name(name: str) -> str:
    """A plain file name made from the user's one: no folder, no hidden file, no odd character."""
    base = re.split(r"[\\/]", name)[-1]
    base = unicodedata.normalize("NFC", base)
    suffix = Path(base).suffix  # as `check` sees it
    stem = base[: len(base) - len(suffix)]
    stem = re.sub(r"[^\w\-. ]+", "_", stem, flags=re.UNICODE).strip(" ._-")
    stem = re.sub(r"\s+", " ", stem)[:80] or "fichier"
    return f"{stem}{suffix.lower()}"


def unique_name(names: Iterable[str], name: str) -> str:
    taken = {n.casefold() for n in names}
    if name.casefold() not in taken:
        return name
    stem, suffix = os.path.splitext(name)
    n = 2
    while f"{stem}-{n}{suffix}".casefold() in taken:
        n += 1
    return f"{stem}-{n}{suffix}"


def subfolder_name(now: dt.datetime | None = None) -> str:
    """Dated, and after the year folders in path order, so that newer exports are read last."""
    now = now or dt.datetime.now()
    return f"{SUBFOLDER_PREFIX}{now:%Y-%m-%d_%H%M%S}"
