"""ASSLL Observatoire — the frame: page set-up, shared filters in the sidebar, navigation."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` from a checkout
    sys.path.insert(0, str(ROOT))

from dashboard import access, data, filters, page_scripts  # noqa: E402
from dashboard.preload import preload_charts  # noqa: E402
from dashboard.view import VIEW_KEY, View  # noqa: E402
from pipelines.indicators import VersionGone, WarehouseError  # noqa: E402

st.set_page_config(
    page_title="ASSLL Observatoire",
    page_icon=str(ROOT / "dashboard" / "assets" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="expanded",
)

PAGES = {
    "Analyse": [
        # The default page is served at `/`; its own name `/vue-ensemble` is an alias (see unknown_pages).
        st.Page("app_pages/vue_ensemble.py", title="Vue d'ensemble", icon=":material/dashboard:", default=True),
        st.Page("app_pages/commandes.py", title="Commandes", icon=":material/inbox:", url_path="commandes"),
        st.Page("app_pages/origine.py", title="Origine des demandes", icon=":material/call_split:", url_path="origine"),
        st.Page("app_pages/gts.py", title="GTS", icon=":material/groups:", url_path="gts"),
        st.Page("app_pages/arrets.py", title="Arrêts et résultats", icon=":material/flag:", url_path="arrets"),
        st.Page("app_pages/durees.py", title="Durées", icon=":material/schedule:", url_path="durees"),
        st.Page("app_pages/adhesion.py", title="Adhésion et ciblage", icon=":material/handshake:", url_path="adhesion"),
        st.Page(
            "app_pages/equilibre.py", title="Équilibre des secteurs", icon=":material/balance:", url_path="equilibre"
        ),
        st.Page(
            "app_pages/comparaison.py",
            title="Comparaison départementale",
            icon=":material/compare:",
            url_path="comparaison",
        ),
    ],
    "Comité de pilotage": [
        st.Page("app_pages/rapports.py", title="Rapports", icon=":material/description:", url_path="rapports"),
        st.Page(
            "app_pages/presentation.py", title="Présentation", icon=":material/slideshow:", url_path="presentation"
        ),
        st.Page("app_pages/cloture.py", title="Clôture de l'année", icon=":material/task_alt:", url_path="cloture"),
    ],
    "Données": [
        st.Page("app_pages/qualite.py", title="Qualité des données", icon=":material/fact_check:", url_path="qualite"),
        st.Page(
            "app_pages/importer.py", title="Importer des exports", icon=":material/upload_file:", url_path="importer"
        ),
        st.Page("app_pages/journal.py", title="Journal", icon=":material/history:", url_path="journal"),
        st.Page("app_pages/definitions.py", title="Définitions", icon=":material/menu_book:", url_path="definitions"),
        st.Page(
            "app_pages/accessibilite.py",
            title="Accessibilité",
            icon=":material/accessibility:",
            url_path="accessibilite",
        ),
    ],
}
NO_WAREHOUSE_PAGES = [
    st.Page(
        "app_pages/accueil_vide.py",
        title="Démarrer",
        icon=":material/rocket_launch:",
        default=True,
        url_path="demarrer",
    ),
    st.Page("app_pages/importer.py", title="Importer des exports", icon=":material/upload_file:", url_path="importer"),
    st.Page("app_pages/definitions.py", title="Définitions", icon=":material/menu_book:", url_path="definitions"),
]


# Names of the default pages that a link may still use: they lead to the home page.
HOME_ALIASES = ("vue-ensemble", "accueil", "demarrer")


def _asked_page() -> str | None:
    """The page name of the URL the browser asked for (`/nimporte` → `nimporte`), when the run was not
    started by an in-app link. Streamlit keeps it in its script-run context (no public API says it); any
    change there only brings back Streamlit's own message."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        manager = get_script_run_ctx().pages_manager  # type: ignore[union-attr]
        if manager.intended_page_script_hash:
            return None
        return manager.intended_page_name or None
    except Exception:
        return None


def _go_home(home: st.Page) -> None:
    """The home page with the link's parameters (a copied view stays the same view)."""
    st.switch_page(home, query_params={k: st.query_params.get_all(k) for k in st.query_params})


def _not_found(home: st.Page) -> None:
    st.title("Page introuvable")
    st.warning(
        "Cette adresse ne correspond à aucune page du tableau de bord. Choisissez une page dans le menu "
        "de gauche, ou revenez à l'accueil.",
        icon=":material/travel_explore:",
    )
    st.page_link(home, label="Revenir à l'accueil", icon=":material/home:")


def unknown_pages(pages: list[st.Page]) -> list[st.Page]:
    """A hidden page for an address that matches no page, so the answer is in French: Streamlit's own
    « Page not found » (English, not configurable in 1.67) is shown only when no page resolves. A former
    name of the home page leads home."""
    asked = _asked_page()
    if not asked or asked in {p.url_path for p in pages}:
        return []
    home = next(p for p in pages if p.url_path == "")  # the default page is served at `/`
    try:
        if asked in HOME_ALIASES:
            return [st.Page(lambda: _go_home(home), title=home.title, url_path=asked, visibility="hidden")]
        return [st.Page(lambda: _not_found(home), title="Page introuvable", url_path=asked, visibility="hidden")]
    except Exception:  # a name Streamlit refuses as a path (nested `a/b`): its own message then
        return []


def navigation(pages: dict[str, list[st.Page]] | list[st.Page]) -> st.Page:
    flat = [p for group in pages.values() for p in group] if isinstance(pages, dict) else list(pages)
    extra = unknown_pages(flat)
    if not extra:
        return st.navigation(pages)
    if isinstance(pages, dict):
        last = list(pages)[-1]
        return st.navigation({**pages, last: [*pages[last], *extra]})
    return st.navigation([*pages, *extra])


def french_page() -> None:
    """<html lang="fr"> and French for the few texts Streamlit and Plotly write themselves (assets/francais.js)."""
    page_scripts.run("francais.js", {"__TRADUCTIONS__": page_scripts.asset("traductions.json")})


def main() -> None:
    st.session_state.pop(page_scripts.PAGE_KEY, None)  # told at the end of the run (page_scripts.run_finished)
    french_page()
    page_scripts.style("page.css")
    preload_charts()
    if access.gate() is None:  # the login screen or a refusal, drawn at the address asked
        st.session_state[page_scripts.PAGE_KEY] = _asked_page() or ""
        return
    try:
        data.pin()
        years = data.years()
        options = data.filter_options()
        keys = data.domain_keys()
        names = data.geo_names()
    except WarehouseError as exc:
        st.session_state["_erreur_entrepot"] = str(exc)
        _told(navigation(access.pages_for(NO_WAREHOUSE_PAGES))).run()
        return
    if not years:
        st.session_state["_erreur_entrepot"] = "L'entrepôt de données est vide : aucune demande importée."
        _told(navigation(access.pages_for(NO_WAREHOUSE_PAGES))).run()
        return
    page = _told(navigation(access.pages_for(PAGES)))
    state = filters.sidebar(years, options, names, forced=access.diffusion_forced())
    st.session_state[VIEW_KEY] = View(state, keys, names)
    run_page(page)


def _told(page: st.Page) -> st.Page:
    """The page this run draws, said on the page at the end of the run (page_scripts.run_finished)."""
    st.session_state[page_scripts.PAGE_KEY] = page.url_path
    return page


def run_page(page) -> None:
    """A page's unexpected error is told in French; its traceback goes to the server log only."""
    try:
        page.run()
        st.session_state.pop("_version_retiree", None)
    except VersionGone:
        # The version pinned for this run was pruned by newer ingests before it could be read: the page is
        # drawn again, once, on the version in force.
        if not st.session_state.get("_version_retiree"):
            st.session_state["_version_retiree"] = True
            st.rerun()
        st.warning("Les données ont été mises à jour pendant l'affichage : rechargez la page.", icon=":material/sync:")
    except Exception:
        if os.environ.get("ASSLL_RAISE_PAGE_ERRORS"):  # the tests want the real exception
            raise
        logging.getLogger("assll.dashboard").exception("Erreur sur la page %s", page.title)
        st.error(
            "Une erreur inattendue empêche d'afficher cette page. Les données ne sont pas modifiées : "
            "réessayez, changez les filtres ou choisissez une autre page. Le détail technique est "
            "consigné dans le journal du serveur.",
            icon=":material/error:",
        )


main()
page_scripts.run_finished()  # not reached when the run stops early (st.stop, st.rerun): see page_scripts.stop
