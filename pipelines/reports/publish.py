"""Publishing a year: the edition (`pipelines.store.editions`) of its figures and report files, and the
report of an edition regenerated at any later date with the same figures and text.

An edition freezes the warehouse version, every catalogue figure of the year in both modes (`valeurs.json`),
the editable texts (`textes.json`), the report files (HTML, PPTX, and PDF when Chromium is available; internal
and diffusion) with their SHA-256, who and when. Its report is built on its own version, dated the day of
publication, with its own texts and the revisions lookup of the editions published before it: rebuilt later,
after any number of imports, it gives the same figures and the same text.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipelines.indicators import Indicators
from pipelines.published import Published
from pipelines.published.revisions import VALUES_FILE, freeze, in_force, values_bytes
from pipelines.reports.content import build, editable_text
from pipelines.reports.generate import FORMATS, PdfUnavailable, file_name, write
from pipelines.reports.model import Report
from pipelines.store import editions as store

TEXTS_FILE = "textes.json"
TEXT_NAMES = ("presentation", "perspectives")
MODES = (False, True)  # internal, then diffusion


def who_default() -> str:
    """The OS user publishing (the dashboard gives the identity of the person signed in instead)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "inconnu"


def _reports(
    indicators: Indicators,
    year: int,
    today: dt.date,
    texts: dict[str, str],
    revisions_before: str | None,
    warehouse: Path,
) -> dict[bool, Report]:
    revisions = in_force(warehouse, before=revisions_before, exclude_year=year)
    return {
        masked: build(indicators, year, masked=masked, today=today, revisions=revisions, texts=texts)
        for masked in MODES
    }


def publish(
    warehouse: Path,
    year: int,
    *,
    who: str | None = None,
    when: dt.datetime | None = None,
    formats: tuple[str, ...] = FORMATS,
    progress: Callable[[str], None] | None = None,
) -> store.Edition:
    """Publishes `year` from the version in force: a new edition (`2024`, then `2024-r1`…). The two PDFs are
    printed by Chromium while the figures are frozen and the other files written (two cores at work)."""
    say = progress or (lambda _text: None)
    warehouse = Path(warehouse)
    moment = when or dt.datetime.now(dt.UTC)
    pending = store.begin(warehouse)
    try:
        with tempfile.TemporaryDirectory(prefix="assll-edition-") as tmp, ThreadPoolExecutor(2) as pool:
            out = Path(tmp)
            indicators = Indicators(warehouse, version=pending.version)
            try:
                if year not in indicators.years():
                    raise store.EditionError(
                        f"Aucune donnée pour {year} dans la version « {pending.version} » : rien à publier."
                    )
                say("Calcul des indicateurs et des rapports…")
                texts = {name: editable_text(name, year) for name in TEXT_NAMES}
                reports = _reports(indicators, year, moment.date(), texts, None, warehouse)
                printing = {
                    masked: pool.submit(write, report, "pdf", out)
                    for masked, report in reports.items()
                    if "pdf" in formats
                }
                say("Impression des PDF, chiffres figés…")
                internal = Published.of(indicators)
                values = freeze(internal, internal.twin(True), year)
            finally:
                indicators.close()
            files = {
                VALUES_FILE: values_bytes(values),
                TEXTS_FILE: json.dumps(texts, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"),
            }
            for masked, report in reports.items():
                for fmt_name in formats:
                    if fmt_name != "pdf":
                        say(f"Génération {file_name(year, fmt_name, masked)}…")
                        path = write(report, fmt_name, out)
                        files[path.name] = path.read_bytes()
            pdf_note = ""
            for job in printing.values():
                try:
                    path = job.result()
                except PdfUnavailable as exc:
                    pdf_note = str(exc)
                    continue
                files[path.name] = path.read_bytes()
        manifest = {
            "qui": who or who_default(),
            "quand": store.now_text(moment),
            "date_rapport": moment.date().isoformat(),
            "formats": [f for f in formats if any(n.endswith(f".{f}") for n in files)],
            "pdf_absent": pdf_note,
        }
        say("Enregistrement de l'édition…")
        return store.finish(pending, year, files, manifest)
    except BaseException:
        store.abandon(pending)
        raise


def texts_of(edition: store.Edition) -> dict[str, str]:
    return edition.read_json(TEXTS_FILE)


def report_of(warehouse: Path, edition: store.Edition, masked: bool) -> Report:
    """The report of an edition, rebuilt on its version with its texts, date and revisions lookup."""
    indicators = Indicators(warehouse, version=edition.version)
    try:
        today = dt.date.fromisoformat(edition.manifest["date_rapport"])
        reports = _reports(indicators, edition.year, today, texts_of(edition), edition.name, warehouse)
    finally:
        indicators.close()
    return reports[masked]


def regenerate(warehouse: Path, name: str, out_dir: Path, formats: list[str], *, masked: bool) -> list[Path]:
    """Writes again the report files of an edition (same figures and text as when it was published)."""
    edition = store.find(warehouse, name)
    report = report_of(warehouse, edition, masked)
    return [write(report, fmt_name, out_dir) for fmt_name in formats]


def edition_file(edition: store.Edition, fmt_name: str, masked: bool) -> tuple[str, bytes] | None:
    """One of the edition's report files (name, bytes), None when it has none in that format."""
    name = file_name(edition.year, fmt_name, masked)
    return (name, edition.read(name)) if name in edition.files() else None
