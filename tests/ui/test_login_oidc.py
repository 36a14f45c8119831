"""Logging in through Streamlit's own `st.login` against a real OpenID Connect provider (oidc-provider-mock on
127.0.0.1), in Chromium, as a user of each role and as a user whose claims grant none; logged out, neither the
page nor the websocket carries a figure; the provider down at login is told in French and the server goes on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from dashboard.local_server import free_port
from pipelines.store import journal

from .browser_helpers import _settle, drawn_text, runs, serve
from .oidc_helpers import local_only, provider, set_user, write_secrets
from .roles_helpers import GROUPS, ROLES, copy_warehouse

FIGURE_ELEMENTS = {
    "metric",
    "plotly_chart",
    "arrow_data_frame",
    "arrow_table",
    "vega_lite_chart",
    "deck_gl_json_chart",
    "graphviz_chart",
    "json",
    "table",
    "dataframe",
}


@pytest.fixture(scope="module")
def warehouse(demo_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_warehouse(demo_warehouse, tmp_path_factory.mktemp("connexion"))


@pytest.fixture(scope="module")
def idp() -> Iterator[str]:
    with provider() as url:
        for role, groups in GROUPS.items():
            set_user(url, role, {"email": f"{role}@exemple.fr", "groups": groups})
        yield url


@pytest.fixture(scope="module")
def site(warehouse: Path, idp: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    secrets = write_secrets(tmp_path_factory.mktemp("secrets"), port, f"{idp}/.well-known/openid-configuration", ROLES)
    with serve(
        warehouse,
        port=port,
        options=("--secrets.files", str(secrets)),
        ASSLL_RAW_DIR=str(tmp_path_factory.mktemp("exports_connexion")),
    ) as url:
        yield url


def open_page(browser, url: str):
    context = browser.new_context(locale="fr-FR", accept_downloads=True)
    outside = local_only(context)
    page = context.new_page()
    page.goto(url)
    _settle(page)
    return context, page, outside


def log_in(browser, site: str, sub: str):
    context, page, outside = open_page(browser, site)
    assert page.locator("h1").first.inner_text() == "ASSLL Observatoire"
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_selector("input[name=sub]", timeout=60_000)  # the provider's own form
    page.fill("input[name=sub]", sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(site) + r"/?(\?.*)?$"), timeout=60_000)
    _settle(page)
    return context, page, outside


def navigation(page) -> list[str]:
    """The titles of the pages in the sidebar's menu (all of them: « voir plus » opened)."""
    more = page.locator("[data-testid='stSidebarNavViewButton']")
    if more.count() and any(word in more.inner_text().lower() for word in ("plus", "more")):
        more.click()
        page.wait_for_timeout(300)
    texts = page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()
    return [t.split("\n")[-1].strip() for t in texts]


def goto(page, url: str) -> str:
    page.goto(url)
    _settle(page)
    return page.locator("h1").first.inner_text()


def test_logged_out_neither_page_nor_websocket_holds_a_figure(browser, site: str) -> None:
    context = browser.new_context(locale="fr-FR")
    local_only(context)
    page = context.new_page()
    frames: list[bytes] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(payload)))
    for address in (
        "/?fin=2024",
        "/commandes?fin=2024&secteur=Horte+et+Tardoire",
        "/importer",
        "/qualite",
        "/presentation?annee=2024",
    ):
        page.goto(site + address)
        _settle(page)
        assert page.locator("h1").first.inner_text() == "ASSLL Observatoire"
        assert not re.search(r"\d", page.locator("[data-testid='stMain']").inner_text()), address
    elements, texts = set(), []
    for payload in frames:
        if isinstance(payload, str):
            continue
        message = ForwardMsg()
        message.ParseFromString(payload)
        if message.WhichOneof("type") == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            kind = element.WhichOneof("type")
            elements.add(kind)
            if kind in ("markdown", "heading", "alert"):
                texts.append(getattr(element, kind).body)
    assert elements and not elements & FIGURE_ELEMENTS, elements
    assert texts and not [t for t in texts if re.search(r"\d", t)], texts
    context.close()


@pytest.mark.parametrize("role", ["coordination", "analyse", "partenaire"])
def test_each_role_logs_in_and_gets_its_pages(browser, site: str, warehouse: Path, role: str) -> None:
    context, page, outside = log_in(browser, site, role)
    try:
        assert page.locator("h1").first.inner_text() == "Vue d'ensemble"
        sidebar = page.locator("[data-testid='stSidebar']").inner_text()
        assert f"Connecté : {role}@exemple.fr · rôle {role}" in sidebar
        links = navigation(page)
        assert "Vue d'ensemble" in links and "Présentation" in links
        assert ("Importer des exports" in links) == (role == "coordination")
        assert ("Journal" in links) == (role == "coordination")
        assert ("Qualité des données" in links) == (role != "partenaire")
        expected = {
            "coordination": ("Importer des exports", "Qualité des données"),
            "analyse": ("Accès refusé", "Qualité des données"),
            "partenaire": ("Accès refusé", "Accès refusé"),
        }[role]
        assert (goto(page, f"{site}/importer"), goto(page, f"{site}/qualite")) == expected
        small = f"{site}/commandes?fin=2024&secteur=Horte+et+Tardoire&diffusion=0"
        assert goto(page, small) == "Commandes"
        assert ("< 5" in drawn_text(page)) == (role == "partenaire")
        toggle = page.get_by_role("switch", name="Mode diffusion")
        assert toggle.is_checked() == (role == "partenaire") and toggle.is_disabled() == (role == "partenaire")
        assert outside == [] or all("cdn.jsdelivr.net" in u for u in outside)  # only the provider's style sheet
    finally:
        context.close()
    refused = [
        (e["page"])
        for e in journal.read(warehouse).entries
        if e["action"] == journal.REFUSED and e["qui"] == f"{role}@exemple.fr"
    ]
    assert refused == {"coordination": [], "analyse": ["importer"], "partenaire": ["importer", "qualite"]}[role]


def test_user_whose_claims_grant_no_role_sees_only_the_refusal(browser, site: str, warehouse: Path) -> None:
    context, page, _ = log_in(browser, site, "aucun")
    try:
        assert page.locator("h1").first.inner_text() == "Accès non autorisé"
        assert "n'a accès à aucune vue" in page.locator("[data-testid='stMain']").inner_text()
        assert goto(page, f"{site}/commandes?fin=2024") == "Accès non autorisé"
        assert not page.locator("[data-testid='stMetric']").count()
    finally:
        context.close()
    assert [
        e["page"]
        for e in journal.read(warehouse).entries
        if e["action"] == journal.REFUSED and e["qui"] == "aucun@exemple.fr"
    ][:1] == ["(toutes)"]


def test_internal_download_is_journalled_and_a_partners_is_not(browser, site: str, warehouse: Path) -> None:
    for role in ("coordination", "partenaire"):
        context, page, _ = log_in(browser, site, role)
        try:
            goto(page, f"{site}/commandes?fin=2024")
            page.get_by_text("Voir les données").first.click()
            button = page.get_by_role("button", name="Télécharger (CSV)").first
            button.wait_for(state="visible", timeout=60_000)
            try:
                with page.expect_download(timeout=120_000) as download:
                    button.click()
            except PlaywrightTimeout:  # once in a loaded run: what the page said is the diagnosis
                shown = page.locator("[data-testid='stDownloadButtonError']").all_inner_texts()
                pytest.fail(f"no download within 120 s; under the button: {shown}; runs: {runs(page)}")
            name = download.value.suggested_filename
        finally:
            context.close()
        downloads = [
            e
            for e in journal.read(warehouse).entries
            if e["action"] == journal.DOWNLOAD and e["qui"] == f"{role}@exemple.fr"
        ]
        assert [e["fichier"] for e in downloads] == ([name] if role == "coordination" else [])


def test_provider_down_at_login_is_told_in_french_and_others_are_served(
    browser, warehouse: Path, tmp_path: Path
) -> None:
    port, nowhere = free_port(), free_port()  # nothing listens on `nowhere`
    secrets = write_secrets(tmp_path, port, f"http://127.0.0.1:{nowhere}/.well-known/openid-configuration", ROLES)
    with serve(warehouse, port=port, options=("--secrets.files", str(secrets))) as url:
        context, page, _ = open_page(browser, url)
        other, other_page, _ = open_page(browser, url)
        try:
            page.get_by_role("button", name="Se connecter").click()
            alert = page.get_by_text("Le service de connexion (fournisseur d'identité) ne répond pas pour le moment")
            alert.wait_for(timeout=60_000)
            assert page.url.startswith(url)
            assert goto(other_page, f"{url}/?fin=2024") == "ASSLL Observatoire"  # another session is served
            assert other_page.get_by_role("button", name="Se connecter").is_visible()
        finally:
            context.close()
            other.close()


def test_kiosk_serves_every_visitor_as_a_partner(browser, warehouse: Path) -> None:
    with serve(warehouse, ASSLL_DIFFUSION_SEULE="1") as url:
        context, page, outside = open_page(browser, f"{url}/commandes?fin=2024&secteur=Horte+et+Tardoire&diffusion=0")
        try:
            assert page.locator("h1").first.inner_text() == "Commandes"
            assert "< 5" in drawn_text(page)
            toggle = page.get_by_role("switch", name="Mode diffusion")
            assert toggle.is_checked() and toggle.is_disabled()
            links = navigation(page)
            assert "Commandes" in links and not {"Importer des exports", "Qualité des données", "Journal"} & set(links)
            assert goto(page, f"{url}/importer") == "Accès refusé"
            assert outside == []
        finally:
            context.close()
    seen = [(e["qui"], e.get("page")) for e in journal.read(warehouse).entries]
    assert ("kiosque (diffusion seule)", "importer") in seen
