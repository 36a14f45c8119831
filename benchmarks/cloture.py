"""The close of the year in one sitting, measured (issue 20): Chromium plays the coordinator on the demo.

    .venv/bin/python benchmarks/cloture.py [--year 2025]

Set-up (not measured): the demo exports written, every year but the one closed imported into a fresh warehouse
(the exports folder of the Importer). Then, measured: the year's raw exports dropped on « Importer des
exports », « Importer ces fichiers », the « Clôture de l'année » page, each quality item and the masked figures
acknowledged, the report previewed, « Publier », and the edition's diffusion report (PDF) and slides (PPTX)
downloaded. Prints every click and the machine seconds (targets: fewer than 15 clicks, under 60 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.local_server import running
from pipelines.reports.pdf import FLAGS  # the product's own Chromium flags: a closed network

CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT_MS = 180_000  # a guard against a hang, not a target
TARGET_CLICKS, TARGET_SECONDS = 15, 60.0
IDLE = """() => { const app = document.querySelector('[data-testid="stApp"]');
                  return app && app.getAttribute('data-test-script-state') === 'notRunning'
                         && document.querySelector('h1') !== null; }"""


class Coordinator:
    """A browser page that counts the clicks it makes and waits for each script run to be over."""

    def __init__(self, page) -> None:
        self.page = page
        self.clicks: list[str] = []

    def settle(self) -> None:
        self.page.wait_for_timeout(300)
        self.page.wait_for_function(IDLE, timeout=TIMEOUT_MS)

    def click(self, what: str, locator) -> None:
        self.clicks.append(what)
        locator.first.click(timeout=TIMEOUT_MS)
        self.settle()

    def download(self, what: str, locator, out: Path) -> Path:
        self.clicks.append(what)
        with self.page.expect_download(timeout=TIMEOUT_MS) as got:
            locator.first.click(timeout=TIMEOUT_MS)
        target = out / got.value.suggested_filename
        got.value.save_as(target)
        return target


def prepare(base: Path, year: int) -> tuple[Path, Path, list[Path]]:
    """The demo exports; every other year imported from the exports folder; the year's files set aside."""
    from pipelines.demo import generate
    from pipelines.ingest.pipeline import ingest

    demo, exports, warehouse = base / "demo", base / "exports", base / "entrepot"
    generate(demo)
    shutil.copytree(demo, exports, ignore=shutil.ignore_patterns(str(year)))
    ingest(exports, warehouse, today=dt.date.today())
    return exports, warehouse, sorted((demo / str(year)).iterdir())


def play(url: str, year: int, files: list[Path], out: Path) -> tuple[Coordinator, list[Path]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 2400}, locale="fr-FR", accept_downloads=True)
        me = Coordinator(context.new_page())
        page = me.page
        page.goto(f"{url}/importer")
        me.settle()
        me.clicks.append(f"déposer les {len(files)} exports de {year}")
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files([str(f) for f in files])
        page.get_by_text("Vérification avant import").wait_for(timeout=TIMEOUT_MS)
        me.settle()
        me.click("Importer ces fichiers", page.get_by_role("button", name="Importer ces fichiers"))
        page.get_by_text("Import terminé").wait_for(timeout=TIMEOUT_MS)
        link = page.get_by_role("link", name="Clôture de l'année")
        if not link.count():  # the menu folded: « Voir 5 de plus » first
            me.click(
                "Voir plus (menu)",
                page.locator("[data-testid='stSidebarNav']").get_by_text(re.compile(r"^Voir \d+ de plus")),
            )
        me.clicks.append("Clôture de l'année (menu)")
        link.first.click(timeout=TIMEOUT_MS)
        page.get_by_role("heading", name="Révisions").wait_for(timeout=TIMEOUT_MS)  # the page drawn to its end
        me.settle()
        chooser = page.locator("[data-testid='stSelectbox']").filter(has_text="Année à clôturer")
        if chooser.first.locator("input").input_value() != str(year):
            me.click("choisir l'année", chooser)
            me.click(str(year), page.get_by_role("option", name=str(year)))
        pattern = re.compile(r"^Acquitter")
        while page.get_by_role("button", name=pattern).count():
            name = page.get_by_role("button", name=pattern).first.inner_text().strip()
            me.click(name, page.get_by_role("button", name=name, exact=True))
            page.get_by_role("button", name=name, exact=True).wait_for(state="detached", timeout=TIMEOUT_MS)
        me.click("Générer l'aperçu", page.get_by_role("button", name="Générer l'aperçu du rapport pour diffusion"))
        me.click(f"Publier {year}", page.get_by_role("button", name=f"Publier {year}"))
        page.get_by_text(re.compile(rf"Édition {year}\S* publiée par")).wait_for(timeout=TIMEOUT_MS)
        got = [
            me.download(
                "rapport pour diffusion",
                page.get_by_role("button", name=re.compile(r"Télécharger le rapport pour diffusion")),
                out,
            ),
            me.download(
                "présentation pour diffusion",
                page.get_by_role("button", name=re.compile(r"Télécharger la présentation pour diffusion")),
                out,
            ),
        ]
        context.close()
        browser.close()
    return me, got


def main() -> None:
    parser = argparse.ArgumentParser(description="clôture de l'année dans Chromium, sur la démonstration")
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="assll-cloture-") as tmp:
        base = Path(tmp)
        os.environ.setdefault("ASSLL_HASH_KEY", "cle-de-mesure-de-la-cloture-0123")
        os.environ["ASSLL_KEY_FILE"] = str(base / "cle")
        exports, warehouse, files = prepare(base, args.year)
        out = base / "telechargements"
        out.mkdir()
        with running(warehouse, ASSLL_RAW_DIR=str(exports)) as url:
            start = time.perf_counter()
            me, got = play(url, args.year, files, out)
            seconds = time.perf_counter() - start
        for i, what in enumerate(me.clicks, start=1):
            print(f"  {i:2d}. {what}")
        for path in got:
            print(f"  téléchargé : {path.name} ({path.stat().st_size // 1024} Ko)")
        print(
            f"clôture {args.year} : {len(me.clicks)} clics (cible < {TARGET_CLICKS}), {seconds:.1f} s machine "
            f"(cible < {TARGET_SECONDS:.0f} s)"
        )


if __name__ == "__main__":
    main()
