"""Access: with an identity provider configured ([auth] secrets), nothing is shown until login."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
ROLES = {"claim": "groups", "coordination": ["gip"], "analyse": [], "partenaire": ["copil"]}
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "test-secret",
    "client_id": "assll",
    "client_secret": "x",
    "server_metadata_url": "https://idp.example/.well-known",
}


def test_logged_out_user_sees_only_the_login_screen(demo_warehouse: Path, monkeypatch) -> None:
    monkeypatch.setenv("ASSLL_WAREHOUSE", str(demo_warehouse))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.secrets["roles"] = ROLES
    at.query_params["fin"] = "2024"
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["ASSLL Observatoire"]
    assert "connectez-vous" in at.info[0].value
    assert at.button(key="connexion").label == "Se connecter"
    assert len(at.metric) == 0  # no figure before login
    assert len(at.sidebar.multiselect) == 0  # nor any filter


def test_without_identity_provider_the_app_opens_directly(app) -> None:
    at = app(fin="2024")
    assert [t.value for t in at.title] == ["Vue d'ensemble"]
    assert len(at.metric) == 7


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        ("cookie_secret", "le secret des cookies de session (cookie_secret)"),
        ("client_secret", "le secret du client (client_secret)"),
        ("roles", "la correspondance des rôles (section [roles]"),
    ],
)
def test_partial_login_configuration_stops_the_app_with_what_is_missing(
    demo_warehouse: Path, monkeypatch, missing: str, named: str
) -> None:
    monkeypatch.setenv("ASSLL_WAREHOUSE", str(demo_warehouse))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["auth"] = {k: v for k, v in AUTH.items() if k != missing}
    if missing != "roles":
        at.secrets["roles"] = ROLES
    at.user = {"is_logged_in": True, "email": "a@b.fr", "groups": ["gip"]}  # even logged in: nothing
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Configuration incomplète"]
    assert at.error[0].value.startswith("Configuration de la connexion incomplète : il manque ")
    assert named in at.error[0].value
    assert len(at.metric) == 0 and len(at.sidebar.multiselect) == 0
