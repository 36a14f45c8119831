"""Every path and environment setting of the product, in one place."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"
ALIASES_DIR = REFERENCE_DIR / "aliases"
DEFAULT_RAW_DIR = PROJECT_ROOT / "data" / "raw"
DEFAULT_DEMO_DIR = DEFAULT_RAW_DIR / "demo"
DEFAULT_IMPORTS_DIR = DEFAULT_RAW_DIR / "imports"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse"

WAREHOUSE_ENV = "ASSLL_WAREHOUSE"
HASH_KEY_ENV = "ASSLL_HASH_KEY"
REFERENCE_ENV = "ASSLL_REFERENCE_DIR"
KEY_FILE_ENV = "ASSLL_KEY_FILE"
RAW_DIR_ENV = "ASSLL_RAW_DIR"


def warehouse_dir(explicit: str | Path | None = None) -> Path:
    """The warehouse asked for, else $ASSLL_WAREHOUSE, else data/warehouse."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(WAREHOUSE_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return DEFAULT_WAREHOUSE


def raw_dir() -> Path:
    """The raw folder that the dashboard's imports add to and ingest: $ASSLL_RAW_DIR, else data/raw/imports."""
    env = os.environ.get(RAW_DIR_ENV)
    return Path(env).expanduser().resolve() if env else DEFAULT_IMPORTS_DIR


def reference_dir() -> Path:
    """Users may point to their own copy of the editable referential."""
    env = os.environ.get(REFERENCE_ENV)
    return Path(env).expanduser().resolve() if env else REFERENCE_DIR


def key_file() -> Path:
    """The locally generated hashing key lives outside the repository."""
    env = os.environ.get(KEY_FILE_ENV)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "assll" / "cle_hachage"
