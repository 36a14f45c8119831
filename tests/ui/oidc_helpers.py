"""A real OpenID Connect provider for the login tests: `oidc-provider-mock` on 127.0.0.1, whose users' claims a
test chooses (`PUT /users/<sub>`), and the dashboard's secrets pointing at it."""

from __future__ import annotations

import contextlib
import json
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from dashboard.local_server import free_port, served

MOCK = Path(sys.executable).parent / "oidc-provider-mock"


@contextlib.contextmanager
def provider(deadline_s: float = 60) -> Iterator[str]:
    """The provider on a free local port; yields its base URL, stops it on leaving."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(MOCK), "--host", "127.0.0.1", "--port", str(port)]
    probe = f"{url}/.well-known/openid-configuration"
    with served(command, probe, name="le fournisseur d'identité de test", deadline_s=deadline_s):
        yield url


def set_user(provider_url: str, sub: str, claims: dict) -> None:
    """The claims the provider will put in `sub`'s ID token."""
    request = urllib.request.Request(
        f"{provider_url}/users/{sub}",
        data=json.dumps(claims).encode(),
        method="PUT",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status in (200, 201, 204)


def write_secrets(folder: Path, app_port: int, metadata_url: str, roles: dict) -> Path:
    lines = [
        "[auth]",
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"',
        'cookie_secret = "secret-de-test-des-cookies"',
        'client_id = "assll-observatoire"',
        'client_secret = "secret-du-client"',
        f'server_metadata_url = "{metadata_url}"',
        "",
        "[roles]",
        f'claim = "{roles["claim"]}"',
    ]
    lines += [f"{role} = {json.dumps(values)}" for role, values in roles.items() if role != "claim"]
    path = folder / "secrets.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def local_only(context) -> list[str]:
    """Refuses every request that leaves 127.0.0.1 (the provider's page asks a CDN for its style sheet); the
    list of those refused."""
    refused: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return refused
