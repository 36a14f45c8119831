"""The dashboard in a real browser: `streamlit run` on 127.0.0.1, Debian's Chromium driven by Playwright.

Visits every page, checks that no Streamlit exception block is shown and that nothing is fetched
from outside this machine, finds the 2024 figure 173 on the overview, and saves a screenshot of
each page in a folder it prints. Then the hostile cases of issue 9: unknown addresses answer in French,
and the Importer page survives files named in markdown and a workbook that asks for 550 GB.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from .browser_helpers import CHROMIUM, _settle

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "vue-ensemble": "Vue d'ensemble",
    "commandes": "Commandes",
    "origine": "Origine des demandes",
    "gts": "GTS",
    "arrets": "Arrêts et résultats",
    "durees": "Durées",
    "adhesion": "Adhésion et ciblage",
    "equilibre": "Équilibre des secteurs",
    "rapports": "Rapports",
    "presentation": "Chiffres clés 2024",
    "qualite": "Qualité des données",
    "importer": "Importer des exports",
    "definitions": "Définitions des indicateurs",
}

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium absent (/usr/bin/chromium) : "
    "`python3 run.py test` l'installe avec apt-get quand il est lancé en root",
)


def test_every_page_in_chromium(
    server: str, browser, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    captures = tmp_path_factory.mktemp("captures_navigateur")
    # Streamlit scrolls inside its own container: a tall window shows the whole page in the capture.
    context = browser.new_context(viewport={"width": 1400, "height": 3200}, locale="fr-FR")
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith((server, "data:", "blob:", "about:")) else None,
    )
    for slug, title in PAGES.items():
        page.goto(f"{server}/{slug}?fin=2024")
        _settle(page)
        assert page.locator("h1").first.inner_text().strip() == title, slug
        assert page.locator("[data-testid='stException']").count() == 0, f"exception sur la page {slug}"
        if slug == "vue-ensemble":  # the home page may run twice (its link leads to « / »): wait for its figures
            page.wait_for_selector("[data-testid='stMetricValue']", timeout=60_000)
            values = page.locator("[data-testid='stMetricValue']").all_inner_texts()
            assert "173" in values
        page.screenshot(path=str(captures / f"{slug}.png"), full_page=True)
    context.close()
    assert outside == [], f"requêtes vers l'extérieur : {outside[:5]}"
    with capsys.disabled():
        print(f"\nCaptures d'écran des pages : {captures}")


def _watch_outside(page, server: str) -> list[str]:
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith((server, "data:", "blob:", "about:")) else None,
    )
    return outside


@pytest.mark.parametrize("address", ["nimporte", "vue-ensemble"])
def test_unknown_addresses_answer_in_french(server: str, browser, address: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1200}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{server}/{address}?fin=2024")
    _settle(page)
    text = page.locator("body").inner_text()
    assert "Page not found" not in text and "does not seem to exist" not in text
    expected = "Vue d'ensemble" if address == "vue-ensemble" else "Page introuvable"
    if address == "vue-ensemble":  # the alias leads to « / », which runs the page again: wait for that run
        page.wait_for_function(
            """() => Array.from(document.querySelectorAll('[data-testid="stMetricValue"]'))
                                      .some(e => e.innerText.trim() === '173')""",
            timeout=60_000,
        )  # ?fin=2024 kept
    assert page.locator("h1").first.inner_text().strip() == expected
    context.close()


HOSTILE_NAME = "![x](http://127.0.0.2/x.png).csv"
LINK_NAME = "[ici](file:///etc/passwd) :red[rouge].pdf"


def test_importer_survives_markdown_names_and_a_workbook_bomb(server: str, browser, tmp_path: Path) -> None:
    import xlsxwriter

    bomb = tmp_path / "perdu.xlsx"
    workbook = xlsxwriter.Workbook(str(bomb))
    sheet = workbook.add_worksheet("_gras_ <b> www.exemple.fr")  # Excel forbids [ ] * : in a sheet name
    sheet.write_row(0, 0, ["N° demande", "Date demande", "Type", "Secteur"])
    sheet.write_row(1, 0, ["B1", "15/01/2024", "ASSLL", "Cognac"])
    sheet.write(1_048_575, 16_383, "x")
    workbook.close()
    requests = "N° demande;Date demande;Type;Secteur\nH1;15/01/2024;ASSLL;Cognac\nH2;31/02/2024;ASSLL;Cognac\n"
    context = browser.new_context(viewport={"width": 1400, "height": 3200}, locale="fr-FR")
    page = context.new_page()
    outside = _watch_outside(page, server)
    page.goto(f"{server}/importer")
    drawn = _settle(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        [
            {"name": HOSTILE_NAME, "mimeType": "text/csv", "buffer": requests.encode()},
            {"name": LINK_NAME, "mimeType": "application/pdf", "buffer": b"%PDF-1.4"},
            {"name": "perdu.xlsx", "mimeType": "application/vnd.ms-excel", "buffer": bomb.read_bytes()},
        ]
    )
    # The preview reads the files in children (a guard, not a measure); the run that shows it is waited for.
    page.get_by_text("Vérification avant import").wait_for(timeout=300_000)
    _settle(page, after=drawn, timeout=300_000)
    # the metrics, in columns, may be drawn just after the signal of the run's end: waited for
    read = page.locator("[data-testid='stMetric']").filter(has_text="Lignes lues")
    read.wait_for(timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    text = page.locator("body").inner_text()
    # shown as the text they are: the refused one in the French list, the other in its chip (the tables
    # are drawn on a canvas)
    assert f"{LINK_NAME} : format non pris en charge (.pdf)" in text
    assert page.locator(f"[data-testid='stFileChipName'][title='{HOSTILE_NAME}']").count() == 1
    # the workbook that would ask for 550 GB: its sheet refused by the xlsx budgets before it is read (listed in
    # the preview's table, drawn on a canvas) or, failing that, its own child stopped; the rest previewed
    assert page.locator("[data-testid='stFileChipName'][title='perdu.xlsx']").count() == 1
    assert read.inner_text() == "Lignes lues\n\n2"
    assert page.locator("img[src*='127.0.0.2']").count() == 0
    assert page.locator("a[href^='file:'], a[href*='127.0.0.2']").count() == 0
    page.wait_for_timeout(1000)
    context.close()
    assert outside == [], f"requêtes vers l'extérieur : {outside[:5]}"
    # the server is alive and serves the other users
    with urllib.request.urlopen(f"{server}/_stcore/health", timeout=5) as response:
        assert response.status == 200


UPLOAD_ENGLISH = ("per file", "File must be", "Error", "MB", "Upload", "Add files", "file upload")


@pytest.mark.parametrize("address", ["importer", "comparaison"])
def test_a_file_over_the_browser_cap_is_refused_in_french(server: str, browser, tmp_path: Path, address: str) -> None:
    """Streamlit's own words in the uploader (its hint, the refusal of a file over the cap, the file's size, the
    buttons' labels) are French in the page itself, for the eye and for a screen reader."""
    big = tmp_path / "gros.csv"
    with big.open("wb") as fh:  # sparse: 101 MB announced, nothing written
        fh.truncate(101 * 1024 * 1024)
    context = browser.new_context(viewport={"width": 1400, "height": 1400}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{server}/{address}")
    _settle(page)
    uploader = page.locator("[data-testid='stFileUploader']")
    uploader.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(big))
    chip = page.locator("[data-testid='stFileChip'][aria-invalid='true']")
    chip.wait_for(timeout=30_000)
    alert = chip.locator("[role='alert']")
    page.wait_for_function("e => e.textContent.startsWith('Erreur')", arg=alert.element_handle(), timeout=10_000)
    assert alert.text_content() == "Erreur : Fichier refusé : plus de 100 Mo, la limite d'envoi."
    chip.hover()
    tooltip = page.locator("[data-testid='stTooltipErrorContent']")
    tooltip.wait_for(timeout=10_000)
    page.wait_for_function("e => e.textContent.startsWith('Fichier')", arg=tooltip.element_handle(), timeout=10_000)
    assert tooltip.text_content() == "Fichier refusé : plus de 100 Mo, la limite d'envoi."
    words = uploader.evaluate("""e => [e.innerText, ...Array.from(e.querySelectorAll('[aria-label],[title]'))
        .map(x => (x.getAttribute('aria-label') || '') + ' ' + (x.getAttribute('title') || ''))].join(' | ')""")
    assert "105,9 Mo" in words and "50 Mo au plus par fichier" in words, words
    assert not [english for english in UPLOAD_ENGLISH if english in words], words
    context.close()
