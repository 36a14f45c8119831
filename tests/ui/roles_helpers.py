"""The dashboard under AppTest as a user of each role: Streamlit's `[auth]` secrets, the deployment's `[roles]`
mapping, and `AppTest.user` carrying the identity provider's claims (what `st.user` reads after `st.login`)."""

from __future__ import annotations

import shutil
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "test-secret",
    "client_id": "assll",
    "client_secret": "x",
    "server_metadata_url": "http://127.0.0.1:9/.well-known",
}
ROLES = {
    "claim": "groups",
    "coordination": ["gip-coordination"],
    "analyse": ["cd16-analyse"],
    "partenaire": ["partenaires-copil"],
}
GROUPS = {
    "coordination": ["gip-coordination"],
    "analyse": ["autre", "cd16-analyse"],
    "partenaire": ["partenaires-copil"],
    "aucun": ["service-voirie"],
}


def copy_warehouse(demo: Path, into: Path) -> Path:
    """A private copy of the demo warehouse: the journal of these tests is written there."""
    target = into / "entrepot"
    shutil.copytree(demo, target, symlinks=True)
    (target / "journal.jsonl").unlink(missing_ok=True)
    return target


def as_role(role: str | None, page: str | None = None, **query: str | list[str]) -> AppTest:
    """The app as a logged-in user of `role` (`aucun`: claims granting no role; None: no [auth] at all)."""
    at = AppTest.from_file(str(APP), default_timeout=90)
    if role is not None:
        at.secrets["auth"] = AUTH
        at.secrets["roles"] = ROLES
        at.user = {"is_logged_in": True, "email": f"{role}@exemple.fr", "sub": role, "groups": GROUPS[role]}
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def open_address(at: AppTest, url_path: str) -> AppTest:
    """What the browser gets at `/<url_path>` (a page left out of the navigation is reached by its address only)."""
    at._page_hash = next(h for h, info in at._registered_pages.items() if info.get("url_pathname") == url_path)
    return at.run()


def page_names(at: AppTest) -> dict[str, str]:
    """url path -> title of each page the run registered (a refused page is titled « Accès refusé »)."""
    return {info.get("url_pathname"): info.get("page_name") for info in at._registered_pages.values()}
