"""Who may see what: the three roles, the deployment's mapping of identity-provider claims to roles, and the
checks that refuse a half-written login configuration. Pure Python (no Streamlit): the dashboard and the
`assll dashboard` command both use it.

The deployment's `.streamlit/secrets.toml` holds Streamlit's own `[auth]` section and, beside it, `[roles]`:

    [roles]
    claim = "groups"                        # the claim of the ID token that carries the groups (or roles)
    coordination = ["assll-coordination"]   # claim values that grant each role
    analyse = ["assll-analyse"]
    partenaire = ["assll-partenaires"]

`claim` may be a dotted path into the token (`realm_access.roles` for Keycloak's realm roles). A user whose
claim values match several roles gets the widest one; a user matching none has no role (no access).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

COORDINATION = "coordination"
ANALYSE = "analyse"
PARTENAIRE = "partenaire"
ROLES = (COORDINATION, ANALYSE, PARTENAIRE)  # widest first
ROLE_LABELS = {COORDINATION: "coordination", ANALYSE: "analyse", PARTENAIRE: "partenaire"}

KIOSK_ENV = "ASSLL_DIFFUSION_SEULE"
ROLES_SECTION = "roles"
# Streamlit's [auth] keys the product needs: the server-wide ones, then the provider's.
AUTH_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
KEY_NAMES = {
    "redirect_uri": "l'adresse de retour (redirect_uri)",
    "cookie_secret": "le secret des cookies de session (cookie_secret)",
    "client_id": "l'identifiant du client (client_id)",
    "client_secret": "le secret du client (client_secret)",
    "server_metadata_url": "l'adresse de découverte du fournisseur (server_metadata_url)",
}


class ConfigurationError(Exception):
    """The login configuration is partial or wrong; the message is French and names what is missing."""


def kiosk() -> bool:
    """`ASSLL_DIFFUSION_SEULE=1` (set by `assll dashboard --diffusion-seule`): every visitor is a partner."""
    return os.environ.get(KIOSK_ENV, "").strip().lower() in ("1", "oui", "true", "yes")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check(secrets: Mapping[str, object]) -> dict | None:
    """The role mapping ({"claim": str, role: set of values}) when `[auth]` is configured, None when it is not
    (a single-user workstation). Raises ConfigurationError when `[auth]` or `[roles]` is partial."""
    auth = secrets.get("auth")
    roles = secrets.get(ROLES_SECTION)
    if auth is None:
        if roles is not None:
            raise ConfigurationError(
                "La section [roles] est présente sans la section [auth] : ajoutez la "
                "connexion au fournisseur d'identité, ou retirez [roles]."
            )
        return None
    if not isinstance(auth, Mapping):
        raise ConfigurationError("La section [auth] de la configuration est illisible.")
    missing = [KEY_NAMES[k] for k in AUTH_KEYS if _blank(auth.get(k))]
    providers = {k: v for k, v in auth.items() if isinstance(v, Mapping)}
    for where in providers.values() or [auth]:
        missing += [KEY_NAMES[k] for k in PROVIDER_KEYS if _blank(where.get(k)) and _blank(auth.get(k))]
    mapping = _mapping(roles, missing)
    if missing:
        raise ConfigurationError(
            "Configuration de la connexion incomplète : il manque "
            + " ; ".join(dict.fromkeys(missing))
            + ". Le tableau de bord ne démarre pas "
            "tant qu'elle n'est pas complète (voir la section « Déploiement » du README)."
        )
    return mapping


def _mapping(roles: object, missing: list[str]) -> dict:
    if roles is None:
        missing.append("la correspondance des rôles (section [roles] : claim, puis coordination, analyse, partenaire)")
        return {}
    if not isinstance(roles, Mapping):
        missing.append("une section [roles] lisible")
        return {}
    unknown = sorted(k for k in roles if k != "claim" and k not in ROLES)
    if unknown:
        raise ConfigurationError(
            f"Rôle inconnu dans la section [roles] : {', '.join(unknown)} (rôles possibles : {', '.join(ROLES)})."
        )
    if _blank(roles.get("claim")):
        missing.append("le nom de la revendication (claim) qui porte les groupes, dans la section [roles]")
    mapping: dict = {"claim": str(roles.get("claim") or "")}
    for role in ROLES:
        values = roles.get(role, [])
        values = [values] if isinstance(values, str) else list(values or [])
        mapping[role] = {str(v) for v in values if not _blank(v)}
    if not any(mapping[r] for r in ROLES):
        missing.append("au moins une valeur de la revendication pour un rôle, dans la section [roles]")
    return mapping


def claim_values(claims: Mapping[str, object], claim: str) -> set[str]:
    """The values of a claim (a dotted path into nested objects), as strings."""
    value: object = claims
    for part in claim.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return set()
        value = value[part]
    if isinstance(value, str | int):
        return {str(value)}
    if isinstance(value, list | tuple | set):
        return {str(v) for v in value if isinstance(v, str | int)}
    return set()


def role_of(claims: Mapping[str, object], mapping: Mapping[str, object]) -> str | None:
    """The widest role the user's claims grant, None when they grant none."""
    values = claim_values(claims, str(mapping.get("claim", "")))
    for role in ROLES:
        if values & set(mapping.get(role) or ()):  # type: ignore[call-overload]  # a list of claim values (checked by check())
            return role
    return None


def secrets_files(project: Path) -> list[Path]:
    """Where Streamlit reads its secrets (the later one wins on a duplicate key): the user's, then the project's."""
    return [Path.home() / ".streamlit" / "secrets.toml", Path(project) / ".streamlit" / "secrets.toml"]


def load_secrets(project: Path) -> dict:
    """The secrets Streamlit would read for a server started in `project` (sections merged, the project's last)."""
    merged: dict = {}
    for file in secrets_files(project):
        if file.is_file():
            try:
                content = tomllib.loads(file.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigurationError(f"Le fichier de secrets « {file} » est illisible : {exc}.") from exc
            merged.update(content)
    return merged
