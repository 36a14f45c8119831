"""What a French reader meets in Chromium: WCAG 2.1 A/AA (axe-core) on the app's content of every page, a page in
French, every key press of the presentation honoured, and report charts made from the Rapports page (after the
presentation was shown) with readable axes, as `assll report` makes them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .browser_helpers import CHROMIUM, _settle, runs
from .test_browser import PAGES

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium absent (/usr/bin/chromium)")
READ_PAGES = {**PAGES, "accessibilite": "Accessibilité"}
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# What the app controls: the page's content and the filters (Streamlit's own navigation list is its markup).
APP_CONTENT = {"include": [["[data-testid='stMain']"], ["[data-testid='stSidebarUserContent']"]]}
ENGLISH = json.loads(
    (Path(__file__).resolve().parents[2] / "dashboard" / "assets" / "traductions.json").read_text(encoding="utf-8")
)["textes"]


def test_every_page_is_french_and_passes_axe(server: str, browser) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = browser.new_page(viewport={"width": 1400, "height": 2000}, locale="fr-FR")
    found: dict[str, list] = {}
    for slug in READ_PAGES:
        page.goto(f"{server}/{slug}?fin=2024")
        _settle(page)
        page.wait_for_timeout(800)
        assert page.evaluate("document.documentElement.lang") == "fr", slug
        violations = axe.run(page, context=APP_CONTENT, options=WCAG).response["violations"]
        if violations:
            found[slug] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        labels = page.evaluate("""Array.from(document.querySelectorAll('[aria-label],[title],[data-title]'))
            .flatMap(e => [e.getAttribute('aria-label'), e.getAttribute('title'), e.getAttribute('data-title')])
            .filter(Boolean)""")
        english = [x for x in labels if x.strip() in ENGLISH or re.match(r"^(Help for|Remove) ", x)]
        assert english == [], (slug, english[:5])
    page.close()
    assert found == {}


def test_a_data_tables_menu_and_search_speak_french(server: str, browser) -> None:
    """The column menu and the search box of a « Voir les données » table, which Streamlit writes in English."""
    page = browser.new_page(viewport={"width": 1400, "height": 1200}, locale="fr-FR")
    page.goto(f"{server}/commandes?fin=2024")
    _settle(page)
    page.locator("[data-testid='stExpander'] summary").first.click()
    table = page.locator("[data-testid='stDataFrame']").first
    table.wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(800)
    box = table.bounding_box()
    page.mouse.move(box["x"] + 100, box["y"] + 18)  # the header's menu shows on hover, at the cell's right
    page.wait_for_timeout(400)
    page.mouse.click(box["x"] + 250, box["y"] + 18)
    menu = page.locator("[aria-label='Menu de la colonne']").first
    menu.wait_for(timeout=10_000)
    items = menu.inner_text()
    assert "Trier par ordre croissant" in items and "Masquer la colonne" in items
    assert not any(english in items for english in ("Sort ascending", "Hide column", "Pin column", "Autosize"))
    page.keyboard.press("Escape")
    table.hover()
    page.locator("[data-testid='stElementToolbar'] button[aria-label='Rechercher']").first.click()
    page.wait_for_selector(".gdg-search-status", timeout=10_000)
    assert page.locator(".gdg-search-status").first.inner_text().strip() == "Tapez pour rechercher"
    page.keyboard.type("Cognac")
    page.wait_for_timeout(800)
    assert page.locator(".gdg-search-status").first.inner_text().strip() == "1 résultat"
    page.close()


def test_a_typed_date_applies_on_enter_and_its_field_speaks_french(server: str, browser) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1200}, locale="fr-FR")
    page.goto(f"{server}/equilibre?fin=2024")
    _settle(page)
    caption = page.locator("[data-testid='stCaptionContainer']").first
    assert caption.inner_text().startswith("Situation au 31/12/2024")
    segments = page.locator("[data-testid='stDateInput'] [role='spinbutton']")
    assert [segments.nth(i).get_attribute("aria-label") for i in range(3)] == [
        "jour, Situation au",
        "mois, Situation au",
        "année, Situation au",
    ]
    assert segments.nth(1).get_attribute("aria-valuetext") == "12 – décembre"
    segments.first.click()
    page.keyboard.type("15062024")
    page.keyboard.press("Enter")  # focus stays in the field: only Enter can have applied the date
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stCaptionContainer\"]')"
        ".innerText.startsWith('Situation au 15/06/2024')",
        timeout=30_000,
    )
    assert "date=2024-06-15" in page.url
    assert page.evaluate("document.activeElement.closest('[data-testid=\"stDateInput\"]') !== null")
    page.close()


def test_card_labels_and_chart_titles_fit_a_narrow_screen(server: str, browser) -> None:
    # A small laptop or a tablet held flat, the filters open: four cards in a row of 700 px, charts of 310 px.
    page = browser.new_page(viewport={"width": 1024, "height": 1000}, locale="fr-FR")
    cut: dict[str, list[str]] = {}
    for slug in ("vue-ensemble", "commandes", "origine", "gts", "arrets", "durees"):
        page.goto(f"{server}/{slug}?fin=2024")
        _settle(page)
        page.wait_for_selector("[data-testid='stPlotlyChart'] .gtitle", timeout=60_000)
        found = page.evaluate("""() => Array.from(document.querySelectorAll(
              '[data-testid=stMetricLabel], [data-testid=stMetricValue], [data-testid=stMetricDeltaDescription]'))
              .filter(box =>
              [box, ...box.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1
                  || getComputedStyle(e).textOverflow === 'ellipsis')).map(box => box.innerText)""")
        found += page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid=stPlotlyChart]'))
              .flatMap(chart => {
                const svg = chart.querySelector('.main-svg'), title = chart.querySelector('.gtitle');
                if (!svg || !title) return [];
                const edge = svg.getBoundingClientRect().right;
                return title.getBoundingClientRect().right > edge + 1 ? [title.textContent] : []; })""")
        if found:
            cut[slug] = found
    page.close()
    assert cut == {}


def _keys_taken(page) -> None:
    """Waits until the page takes the arrow keys (assets/presentation.js, an element of the run that may be drawn
    just after the signal of its end): a press before that is the browser's, not the presentation's."""
    page.wait_for_function("() => window.__assllDiapos === true", timeout=60_000)


def test_every_arrow_press_of_the_presentation_counts(server: str, browser) -> None:
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="fr-FR")
    page.goto(f"{server}/presentation?fin=2024&annee=2024")
    drawn = _settle(page)  # the first slide drawn whole (in French, its buttons there) before any key is pressed
    _keys_taken(page)
    page.wait_for_function("() => document.body.innerText.includes('diapositive 1 sur')", timeout=60_000)
    for _ in range(4):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(50)
    page.wait_for_function("() => document.body.innerText.includes('diapositive 5 sur')", timeout=180_000)
    # Four presses, four runs (presentation.js clicks once the previous move is drawn); none after them.
    assert _settle(page, after=drawn + 3) == drawn + 4
    assert "diapositive 5 sur" in page.inner_text("body")
    assert runs(page) == drawn + 4
    assert page.get_by_text("Quitter la présentation").count() == 1
    page.close()


def test_arrow_presses_count_when_the_server_starts_runs_late(server: str, browser) -> None:
    """On a loaded server a run may start seconds after its click; two clicks that reach the server before their
    runs are merged into one move. The page's messages to the server are held for 6 s (the script used to give up
    waiting after 4.5 s), then delivered: the presses still move one slide each."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="fr-FR")
    link: dict = {"hold": False, "held": []}

    def relay(ws) -> None:
        to_server = link["server"] = ws.connect_to_server()
        ws.on_message(lambda message: link["held"].append(message) if link["hold"] else to_server.send(message))

    page.route_web_socket("**/_stcore/stream", relay)
    page.goto(f"{server}/presentation?fin=2024&annee=2024")
    drawn = _settle(page)
    _keys_taken(page)
    link["hold"] = True
    for _ in range(4):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(50)
    page.wait_for_timeout(6_000)
    assert len(link["held"]) == 1  # the first click only: the others wait for its run
    link["hold"] = False
    for message in link["held"]:
        link["server"].send(message)
    page.wait_for_function("() => document.body.innerText.includes('diapositive 5 sur')", timeout=180_000)
    assert _settle(page, after=drawn + 3) == drawn + 4
    page.close()


def axis_problems(page) -> list[str]:
    """Every numeric axis of the Plotly charts on the page: distinct tick labels, each with a digit, none crossing
    the chart's edge."""
    return page.evaluate("""() => {
        const problems = [];
        document.querySelectorAll('.js-plotly-plot').forEach((plot, n) => {
            const box = plot.getBoundingClientRect();
            for (const axis of ['xtick', 'ytick']) {
                const ticks = Array.from(plot.querySelectorAll('g.' + axis + ' text'));
                const texts = ticks.map(t => t.textContent.trim()).filter(t => t !== '');
                if (!texts.some(t => /\\d/.test(t)) || texts.every(t => /^\\d{4}$/.test(t))) continue;  // labels, years
                if (!texts.every(t => /\\d/.test(t))) problems.push(`${n} ${axis} sans chiffre : ${texts}`);
                if (new Set(texts).size !== texts.length) problems.push(`${n} ${axis} en double : ${texts}`);
                for (const t of ticks) {
                    const r = t.getBoundingClientRect();
                    if (r.width && (r.left < box.left - 1 || r.right > box.right + 1))
                        problems.push(`${n} ${axis} coupé : ${t.textContent}`);
                }
            }
        });
        return problems;
    }""")


def test_reports_made_from_the_rapports_page_after_the_presentation(server: str, browser, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 2000}, locale="fr-FR", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{server}/presentation?fin=2024&annee=2024")
    _settle(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(1000)
    page.goto(f"{server}/rapports?fin=2024")
    _settle(page)
    page.get_by_role("button", name="Générer").click()
    page.wait_for_function("() => document.body.innerText.includes('Documents prêts')", timeout=240_000)
    files = {}
    for label, suffix in (("Télécharger le rapport PDF", "pdf"), ("Télécharger le rapport HTML", "html")):
        if suffix == "html" and page.get_by_text(label).count() == 0:
            continue
        with page.expect_download() as download:
            page.get_by_text(label).click()
        files[suffix] = tmp_path / f"rapport.{suffix}"
        download.value.save_as(files[suffix])
    assert "pdf" in files
    pdf_axes_readable(files["pdf"])
    if "html" in files:
        report = context.new_page()
        report.goto(files["html"].as_uri())
        report.wait_for_timeout(3000)
        assert report.locator(".js-plotly-plot").count() > 5
        assert axis_problems(report) == []
    context.close()


def pdf_axes_readable(path: Path) -> None:
    """No axis of bare « % » signs (« % % % », the symptom of a percent axis drawn without its numbers) on any
    page of the PDF; the tick labels themselves are checked on the same charts in the HTML (the PDF is that
    HTML printed by Chromium)."""
    from pypdf import PdfReader

    pages = PdfReader(str(path)).pages
    assert len(pages) > 5
    for number, page in enumerate(pages, start=1):
        text = page.extract_text() or ""
        assert not re.search(r"(?m)^\s*%(?:\s+%){2,}\s*$", text), number


def test_assll_report_axes_are_readable_too(demo_warehouse: Path, browser, tmp_path: Path) -> None:
    import subprocess
    import sys

    # The command itself, in its own process (this one holds a Playwright browser for the other tests).
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines.cli.main",
            "report",
            "--year",
            "2024",
            "--format",
            "pdf",
            "--format",
            "html",
            "--warehouse",
            str(demo_warehouse),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    [pdf] = tmp_path.glob("*.pdf")
    pdf_axes_readable(pdf)
    [html] = tmp_path.glob("*.html")
    page = browser.new_page(viewport={"width": 800, "height": 1200})  # about the width of an A4 page
    page.goto(html.as_uri())
    page.wait_for_timeout(3000)
    assert page.locator(".js-plotly-plot").count() > 5
    assert axis_problems(page) == []
    page.close()
