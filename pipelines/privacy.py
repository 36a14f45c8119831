"""Household identifiers become keyed hashes (DATA_CONTRACT section 6)."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sys
from pathlib import Path

from .settings import HASH_KEY_ENV, key_file

_warned = False


def _stored_key(path: Path) -> bytes:
    """The key generated on first use, kept outside the repository, readable by its owner only."""
    global _warned
    if path.exists():
        return path.read_text(encoding="utf-8").strip().encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key)
    if not _warned:
        _warned = True
        print(
            f"Attention : aucune clé de pseudonymisation configurée ({HASH_KEY_ENV}). "
            f"Une clé a été générée et conservée dans {path} ; gardez-la pour que les identifiants "
            "de ménage restent comparables d'un import à l'autre.",
            file=sys.stderr,
        )
    return key.encode()


def hash_key(explicit: str | None = None) -> bytes:
    if explicit:
        return explicit.encode()
    env = os.environ.get(HASH_KEY_ENV)
    if env:
        return env.encode()
    return _stored_key(key_file())


class Hasher:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, identifier: str) -> str:
        return hmac.new(self._key, identifier.encode(), hashlib.sha256).hexdigest()[:24]
