"""Household identifiers become keyed hashes (DATA_CONTRACT section 6)."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sys
from pathlib import Path

from pipelines.reference.settings import HASH_KEY_ENV, key_file

_warned = False
# A key shorter than this is refused: an empty or short key makes the hashes easy to reverse (household
# numbers are few); the generated key has 64 characters.
MIN_KEY_CHARS = 16


class KeyRefused(Exception):
    """The configured key is empty or too short; the message is French."""


def _checked(key: str, where: str) -> bytes:
    key = key.strip()
    if len(key) < MIN_KEY_CHARS:
        state = "vide" if not key else f"trop courte ({len(key)} caractère{'s' if len(key) > 1 else ''})"
        raise KeyRefused(
            f"Clé de pseudonymisation refusée : {where} est {state}. Il faut au moins "
            f"{MIN_KEY_CHARS} caractères ; une clé vide ou courte rendrait les identifiants de "
            "ménage faciles à retrouver. Corrigez-la (ou supprimez le fichier de clé pour qu'une "
            "clé soit générée), puis relancez."
        )
    return key.encode()


def _stored_key(path: Path) -> bytes:
    """The key generated on first use, kept outside the repository, readable by its owner only."""
    global _warned
    if path.exists():
        return _checked(path.read_text(encoding="utf-8"), f"la clé du fichier {path}")
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
    """The key given, else $ASSLL_HASH_KEY, else the stored one; raises KeyRefused (French) when the key
    in use is empty or shorter than MIN_KEY_CHARS."""
    if explicit is not None:
        return _checked(explicit, "la clé fournie (ASSLL_HASH_KEY des secrets du tableau de bord)")
    env = os.environ.get(HASH_KEY_ENV)
    if env is not None:
        return _checked(env, f"la clé de la variable d'environnement {HASH_KEY_ENV}")
    return _stored_key(key_file())


class Hasher:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, identifier: str) -> str:
        return hmac.new(self._key, identifier.encode(), hashlib.sha256).hexdigest()[:24]
