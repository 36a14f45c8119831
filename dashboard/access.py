"""Who is looking, and what the server lets them see. The role is decided here, once at the top of every run,
from the deployment (kiosk flag, `[auth]` and `[roles]` secrets) and the identity provider's claims; nothing
from the browser (address, widgets) takes part in it.

- No `[auth]`: a single-user workstation, `coordination`.
- `ASSLL_DIFFUSION_SEULE=1` (`assll dashboard --diffusion-seule`): a kiosk, every visitor `partenaire`.
- `[auth]`: logged out, only the login screen; logged in, the role the claims grant, else « accès non autorisé ».

`partenaire` is always in diffusion mode (`diffusion_forced`), whatever the address, the sidebar toggle, the
Rapports switch or a shared link say; `analyse` may only tighten (`?diffusion=1`).
"""

from __future__ import annotations

import urllib.request
from collections.abc import Callable, Iterable

import streamlit as st

from dashboard import page_scripts
from pipelines.reference import settings
from pipelines.reference.roles import ANALYSE, COORDINATION, PARTENAIRE, ConfigurationError, check, kiosk, role_of
from pipelines.store import journal

ROLE_KEY = "_role_du_passage"
WHO_KEY = "_qui_du_passage"
LOGIN_ERROR = "_erreur_connexion"
# Pages each role may not open (their address answers with a French refusal): url_path -> roles allowed.
RESTRICTED = {
    "importer": (COORDINATION,),
    "journal": (COORDINATION,),
    "qualite": (COORDINATION, ANALYSE),
    "cloture": (COORDINATION,),
}
PAGE_NAMES = {
    "importer": "Importer des exports",
    "journal": "Journal",
    "qualite": "Qualité des données",
    "cloture": "Clôture de l'année",
}


def configuration() -> dict | None:
    """The role mapping from the secrets, None without `[auth]`; raises ConfigurationError (French)."""
    try:
        secrets = {name: _plain(st.secrets[name]) for name in ("auth", "roles") if name in st.secrets}
    except FileNotFoundError:  # no secrets file: a workstation
        secrets = {}
    except Exception as exc:  # a secrets file that does not parse
        raise ConfigurationError(f"Le fichier de secrets de Streamlit est illisible : {exc}") from exc
    return check(secrets)


def _plain(value: object) -> object:
    if hasattr(value, "to_dict"):
        return value.to_dict()  # type: ignore[union-attr]
    if hasattr(value, "items"):
        return {k: _plain(v) for k, v in value.items()}  # type: ignore[union-attr]
    return value


def role() -> str:
    """This run's role; `partenaire` (the narrowest) when the frame has not decided one."""
    return st.session_state.get(ROLE_KEY) or PARTENAIRE


def diffusion_forced() -> bool:
    return role() == PARTENAIRE


def who() -> str:
    return st.session_state.get(WHO_KEY) or "inconnu"


# The refusals this session has journalled already: (page, role, who).
REFUSALS_KEY = "_refus_journalises"


def record(action: str, **details: object) -> None:
    """An entry of the journal of actions, with who did it and their role."""
    journal.append(settings.warehouse_dir(), action, who(), role=st.session_state.get(ROLE_KEY), **details)


def _user() -> dict:
    try:
        return dict(st.user.to_dict())
    except Exception:
        return {}


def _provider_answers(auth: dict) -> bool:
    """Whether the identity provider's discovery document answers, before sending the browser there."""
    url = auth.get("server_metadata_url") or next(
        (v.get("server_metadata_url") for v in auth.values() if isinstance(v, dict)), None
    )
    if not url:
        return True
    try:
        with urllib.request.urlopen(str(url), timeout=5) as response:
            return response.status == 200
    except Exception:
        return False


def _login() -> None:
    auth = _plain(st.secrets["auth"])
    if not _provider_answers(auth):  # type: ignore[arg-type]
        st.session_state[LOGIN_ERROR] = (
            "Le service de connexion (fournisseur d'identité) ne répond pas pour le moment. Réessayez dans quelques "
            "minutes ; si le problème persiste, prévenez le service informatique."
        )
        return
    st.session_state.pop(LOGIN_ERROR, None)
    st.login()


def _login_screen() -> None:
    st.title("ASSLL Observatoire")
    st.info(
        "Les données de l'ASSLL concernent des ménages accompagnés : connectez-vous avec votre compte "
        "professionnel pour y accéder.",
        icon=":material/lock:",
    )
    error = st.session_state.get(LOGIN_ERROR)
    if error:
        st.error(error, icon=":material/cloud_off:")
    st.button("Se connecter", on_click=_login, type="primary", icon=":material/login:", key="connexion")


def _unauthorised() -> None:
    st.title("Accès non autorisé")
    st.error(
        "Votre compte est bien reconnu, mais il n'a accès à aucune vue de l'observatoire ASSLL. Si vous "
        "devez y accéder, demandez au GIP Charente Solidarités de vous ajouter au groupe qui convient.",
        icon=":material/block:",
    )
    _record_refusal("(toutes)")


def gate() -> str | None:
    """Decides this run's role; draws the login, configuration-error or unauthorised screen and returns None when
    no page may be shown."""
    st.session_state[ROLE_KEY] = None
    if kiosk():
        st.session_state[WHO_KEY] = "kiosque (diffusion seule)"
        st.session_state[ROLE_KEY] = PARTENAIRE
        return PARTENAIRE
    try:
        mapping = configuration()
    except ConfigurationError as exc:
        st.title("Configuration incomplète")
        st.error(str(exc), icon=":material/settings_alert:")
        return None
    if mapping is None:
        st.session_state[WHO_KEY] = "poste local"
        st.session_state[ROLE_KEY] = COORDINATION
        return COORDINATION
    user = _user()
    if not user.get("is_logged_in", False):
        _login_screen()
        return None
    st.session_state[WHO_KEY] = str(
        user.get("email") or user.get("preferred_username") or user.get("name") or user.get("sub") or "compte sans nom"
    )
    st.sidebar.button("Se déconnecter", on_click=st.logout, icon=":material/logout:", key="deconnexion")
    granted = role_of(user, mapping)
    if granted is None:
        _unauthorised()
        return None
    st.session_state[ROLE_KEY] = granted
    st.sidebar.caption(f"Connecté : {who()} · rôle {granted}")
    return granted


def refuse(page: str) -> None:
    """The French refusal of a page this role may not open; journalled; stops the run."""
    st.title("Accès refusé")
    st.error(
        f"La page « {PAGE_NAMES.get(page, page)} » n'est pas accessible avec votre rôle ({role()}).",
        icon=":material/block:",
    )
    _record_refusal(page)
    page_scripts.stop()


def _record_refusal(page: str) -> None:
    """Journals a refusal once per session, page and role: every rerun of a refused page (a filter touched, a
    window resized) would otherwise add the same line."""
    seen = st.session_state.setdefault(REFUSALS_KEY, set())
    key = (page, st.session_state.get(ROLE_KEY), who())
    if key not in seen:
        record(journal.REFUSED, page=page)
        seen.add(key)


def require(page: str) -> None:
    """At the top of a restricted page: refuses it unless this run's role may open it."""
    if role() not in RESTRICTED.get(page, ()):
        refuse(page)


def allowed(url_path: str) -> bool:
    return url_path not in RESTRICTED or role() in RESTRICTED[url_path]


def pages_for(pages: dict[str, list] | list) -> dict[str, list] | list:
    """The navigation of this role: a restricted page is left out and its address answers with a refusal."""

    def keep(group: list) -> list:
        return [p for p in group if allowed(p.url_path)]

    refused = [
        st.Page(_refusal(p.url_path), title="Accès refusé", url_path=p.url_path, visibility="hidden")
        for p in _flat(pages)
        if not allowed(p.url_path)
    ]
    refused = list({p.url_path: p for p in refused}.values())
    if isinstance(pages, dict):
        kept = {name: keep(group) for name, group in pages.items()}
        kept = {name: group for name, group in kept.items() if group}
        last = list(kept)[-1]
        return {**kept, last: [*kept[last], *refused]}
    return [*keep(pages), *refused]


def _flat(pages: dict[str, list] | list) -> Iterable:
    return [p for group in pages.values() for p in group] if isinstance(pages, dict) else pages


def _refusal(url_path: str) -> Callable[[], None]:
    def page() -> None:
        refuse(url_path)

    page.__name__ = f"refus_{url_path}"
    return page


def logged_download(make: Callable[[], bytes | str], file_name: str, page: str) -> Callable[[], bytes | str]:
    """The data of a download button: in internal mode, the download is journalled when it is made (who, file,
    page). Decided when the button is drawn, since the download itself runs outside the page's run."""
    if st.session_state.get("f_diffusion") or diffusion_forced():
        return make
    actor, granted, warehouse = who(), st.session_state.get(ROLE_KEY), settings.warehouse_dir()

    def produce() -> bytes | str:
        journal.append(warehouse, journal.DOWNLOAD, actor, role=granted, fichier=file_name, page=page)
        return make()

    return produce
