"""Acknowledgements of the close of the year: which quality items the coordination has looked at.

    WAREHOUSE/cloture/acquittements.json   {"2024": {"<item>": {"qui": …, "quand": …, "detail": …}}}

An item's key names what was acknowledged with its count (`quarantaine:12`): when the count changes after a
new import, the key changes and the item must be acknowledged again.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

FOLDER = "cloture"
FILE = "acquittements.json"


def _path(warehouse: Path) -> Path:
    return Path(warehouse) / FOLDER / FILE


def read(warehouse: Path, year: int) -> dict[str, dict]:
    """The acknowledged items of a year (empty when none, or when the file is unreadable)."""
    try:
        data = json.loads(_path(warehouse).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    got = data.get(str(year), {}) if isinstance(data, dict) else {}
    return got if isinstance(got, dict) else {}


def acknowledge(warehouse: Path, year: int, item: str, who: str, when: str, detail: str = "") -> None:
    """Records one acknowledgement (written aside, then renamed: never half a file)."""
    path = _path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data.setdefault(str(year), {})[item] = {"qui": who, "quand": when, "detail": detail}
    tmp = path.with_name(f".tmp-{uuid.uuid4().hex}")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
