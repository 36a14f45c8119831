"""The deployment's role mapping (pipelines/roles.py) and the refusal of a half-written login configuration,
by the dashboard's command before anything starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.cli.main import main
from pipelines.reference.roles import ConfigurationError, check, role_of

AUTH = {
    "redirect_uri": "https://assll.exemple.fr/oauth2callback",
    "cookie_secret": "s",
    "client_id": "c",
    "client_secret": "x",
    "server_metadata_url": "https://idp.exemple.fr/.well-known/openid-configuration",
}
KEYCLOAK = {
    "claim": "realm_access.roles",
    "coordination": ["assll-coordination"],
    "analyse": ["assll-analyse"],
    "partenaire": ["assll-partenaire"],
}
ENTRA = {
    "claim": "roles",
    "coordination": ["ASSLL.Coordination"],
    "analyse": ["ASSLL.Analyse"],
    "partenaire": ["ASSLL.Partenaire"],
}


def test_without_auth_there_is_no_mapping() -> None:
    assert check({}) is None


def test_keycloak_realm_roles_nested_claim() -> None:
    mapping = check({"auth": AUTH, "roles": KEYCLOAK})
    assert role_of({"realm_access": {"roles": ["offline_access", "assll-analyse"]}}, mapping) == "analyse"
    assert role_of({"realm_access": {"roles": ["offline_access"]}}, mapping) is None
    assert role_of({"groups": ["assll-coordination"]}, mapping) is None  # another claim grants nothing


def test_entra_app_roles_widest_wins() -> None:
    mapping = check({"auth": AUTH, "roles": ENTRA})
    assert role_of({"roles": ["ASSLL.Partenaire", "ASSLL.Coordination"]}, mapping) == "coordination"
    assert role_of({"roles": "ASSLL.Partenaire"}, mapping) == "partenaire"
    assert role_of({"roles": ["assll.partenaire"]}, mapping) is None  # values are matched exactly


def test_a_provider_subsection_is_checked_too() -> None:
    auth = {
        "redirect_uri": AUTH["redirect_uri"],
        "cookie_secret": "s",
        "keycloak": {"client_id": "c", "server_metadata_url": AUTH["server_metadata_url"]},
    }
    with pytest.raises(ConfigurationError, match=r"le secret du client \(client_secret\)"):
        check({"auth": auth, "roles": KEYCLOAK})


@pytest.mark.parametrize(
    ("secrets", "message"),
    [
        (
            {"auth": {k: v for k, v in AUTH.items() if k != "cookie_secret"}, "roles": ENTRA},
            "il manque le secret des cookies de session (cookie_secret).",
        ),
        ({"auth": AUTH | {"client_secret": " "}, "roles": ENTRA}, "il manque le secret du client (client_secret)."),
        (
            {"auth": AUTH},
            "il manque la correspondance des rôles (section [roles] : claim, puis coordination, analyse, partenaire).",
        ),
        (
            {"auth": AUTH, "roles": {"claim": "roles"}},
            "il manque au moins une valeur de la revendication pour un rôle, dans la section [roles].",
        ),
        (
            {"auth": AUTH, "roles": {"coordination": ["x"]}},
            "il manque le nom de la revendication (claim) qui porte les groupes, dans la section [roles].",
        ),
    ],
)
def test_partial_configuration_names_what_is_missing(secrets: dict, message: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        check(secrets)
    assert str(caught.value).startswith("Configuration de la connexion incomplète : ")
    assert message in str(caught.value)


def test_unknown_role_and_roles_without_auth() -> None:
    with pytest.raises(ConfigurationError, match="Rôle inconnu dans la section \\[roles\\] : admin"):
        check({"auth": AUTH, "roles": ENTRA | {"admin": ["x"]}})
    with pytest.raises(ConfigurationError, match="section \\[roles\\] est présente sans la section \\[auth\\]"):
        check({"roles": ENTRA})


def test_dashboard_command_refuses_to_start_on_a_partial_configuration(tmp_path: Path, monkeypatch, capsys) -> None:
    home = tmp_path / "maison"
    (home / ".streamlit").mkdir(parents=True)
    (home / ".streamlit" / "secrets.toml").write_text(
        '[auth]\nredirect_uri = "https://a/oauth2callback"\nclient_id = "c"\nclient_secret = "x"\n'
        'server_metadata_url = "https://idp/.well-known/openid-configuration"\n\n'
        '[roles]\nclaim = "groups"\npartenaire = ["copil"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("ASSLL_DIFFUSION_SEULE", raising=False)
    warehouse = tmp_path / "pas_d_entrepot"
    assert main(["dashboard", "--warehouse", str(warehouse), "--port", "8999"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "Erreur : Configuration de la connexion incomplète : il manque le secret des cookies de "
        "session (cookie_secret)."
    )
    assert not warehouse.exists()  # refused before anything was built or started


def test_diffusion_seule_serves_a_kiosk_even_with_a_login_configuration(tmp_path: Path, monkeypatch) -> None:
    from pipelines.cli.journal import dashboard_env
    from pipelines.cli.main import build_parser

    monkeypatch.setenv("HOME", str(tmp_path))  # no secrets at all
    monkeypatch.delenv("ASSLL_DIFFUSION_SEULE", raising=False)
    assert dashboard_env(build_parser().parse_args(["dashboard", "--diffusion-seule"])) == {
        "ASSLL_DIFFUSION_SEULE": "1"
    }
    assert dashboard_env(build_parser().parse_args(["dashboard"])) == {}
