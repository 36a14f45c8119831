"""Editions (issue 20): a year published is frozen (version, figures in both modes, report files and their
checksums, who and when), never modified, reproducible after any number of imports, and its version is never
pruned; later differences are revisions, shown by one rule and listed with their cause."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from pipelines.indicators import Indicators
from pipelines.published.moved import moved
from pipelines.published.revisions import VALUES_FILE, in_force
from pipelines.reports.publish import regenerate, report_of
from pipelines.store import editions as store
from tests.conftest import TEST_KEY, run_ingest, write_csv
from tests.edition_helpers import publish_quick
from tests.indicator_folder import GTS, GTS_HEADER, build_indicator_raw

WHEN = dt.datetime(2025, 1, 20, 9, 30, tzinfo=dt.UTC)
LATER = dt.datetime(2025, 6, 2, 14, 0, tzinfo=dt.UTC)
# The correction imported in March: one more review of a measure ending in a validated stop, on 10 December 2024.
CORRECTION = ["10/12/2024", "", "M5", "Bilan", "Arrêt"]
MOVED = [
    ("gts_situations_examinees", None, "7", "8"),
    ("gts_bilans", None, "4", "5"),
    ("gts_arrets_valides", None, "2", "3"),
    ("gts_par_objet", "BILAN", "4", "5"),
    ("gts_par_decision", "ARRET", "2", "3"),
]


def _slides_text(data: bytes) -> dict[str, bytes]:
    """The slides and charts of a PPTX (its embedded workbooks and properties carry their creation time)."""
    with zipfile.ZipFile(BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith(("ppt/slides/", "ppt/charts/chart"))}


@pytest.fixture
def corrected(tmp_path: Path) -> tuple[Path, Path]:
    """A warehouse of the hand-computable exports, 2024 published in January, then the March corrections."""
    raw, warehouse = build_indicator_raw(tmp_path / "brut"), tmp_path / "entrepot"
    run_ingest(raw, warehouse, key=TEST_KEY)
    publish_quick(warehouse, 2024, WHEN)
    write_csv(raw / "2024" / "gts.csv", GTS_HEADER, [*GTS, CORRECTION], delimiter=",", encoding="utf-8-sig")
    run_ingest(raw, warehouse, key=TEST_KEY)
    return raw, warehouse


def _value(edition: store.Edition, ind_id: str, mode: str = "interne") -> float | None:
    records = edition.read_json(VALUES_FILE)["modes"][mode]
    return next(r["value"] for r in records if r["indicator"] == ind_id and r["key"] is None)


def test_an_edition_freezes_the_year_and_is_never_modified(corrected: tuple[Path, Path]) -> None:
    _, warehouse = corrected
    (first,) = store.editions(warehouse)
    assert first.name == "2024" and first.who == "coordination" and first.published_at == "2025-01-20T09:30:00+00:00"
    assert _value(first, "gts_situations_examinees") == 7 and _value(first, "gts_arrets_valides") == 2
    records = first.read_json(VALUES_FILE)["modes"]["diffusion"]
    arrets = next(r for r in records if r["indicator"] == "gts_arrets_valides")
    assert (arrets["text"], arrets["value"], arrets["masked"]) == ("< 5", None, True)
    assert sorted(first.files()) == [
        "presentation_copil_assll_2024.pptx",
        "presentation_copil_assll_2024_diffusion.pptx",
        "rapport_activite_assll_2024.html",
        "rapport_activite_assll_2024_diffusion.html",
        "textes.json",
        VALUES_FILE,
    ]
    for name, entry in first.files().items():
        path = first.path / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
        assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert store.verify(first) == []
    # An edition is never replaced: the same name is refused, a republication is a new edition.
    pending = store.begin(warehouse)
    with pytest.raises(store.EditionError, match="existe déjà"):
        store.finish(pending, 2024, {"x.txt": b"x"}, {}, name="2024")
    store.abandon(pending)
    second = publish_quick(warehouse, 2024, LATER)
    assert second.name == "2024-r1" and second.version != first.version
    assert _value(second, "gts_situations_examinees") == 8
    assert [e.name for e in store.editions(warehouse)] == ["2024", "2024-r1"]
    if os.geteuid() != 0:  # root writes through read-only modes
        with pytest.raises(PermissionError):
            (first.path / VALUES_FILE).write_text("{}")


def test_both_editions_regenerate_the_same_figures_and_text(corrected: tuple[Path, Path], tmp_path: Path) -> None:
    _, warehouse = corrected
    publish_quick(warehouse, 2024, LATER)
    raw = tmp_path / "brut"
    for _ in range(3):  # more imports than versions kept
        run_ingest(raw, warehouse, key=TEST_KEY)
    for edition in store.editions(warehouse):
        out = tmp_path / f"regenere_{edition.name}"
        for masked in (False, True):
            for path in regenerate(warehouse, edition.name, out, ["html", "pptx"], masked=masked):
                kept = edition.read(path.name)
                if path.suffix == ".html":
                    assert path.read_bytes() == kept
                else:
                    assert _slides_text(path.read_bytes()) == _slides_text(kept)
    first, second = (report_of(warehouse, e, masked=False) for e in store.editions(warehouse))
    texts = {f.indicator: f.text for f in first.figures() if f.key is None and f.year == 2024}
    assert texts["gts_situations_examinees"] == "7"
    assert {f.indicator: f.text for f in second.figures() if f.key is None and f.year == 2024}[
        "gts_situations_examinees"
    ] == "8"


def test_pruning_never_removes_an_edition_version(corrected: tuple[Path, Path], tmp_path: Path) -> None:
    _, warehouse = corrected
    (first,) = store.editions(warehouse)
    for _ in range(4):
        run_ingest(tmp_path / "brut", warehouse, key=TEST_KEY)
    versions = sorted(p.name for p in (warehouse / "versions").iterdir())
    assert first.version in versions
    assert len(versions) == 4  # the three last, and the one the edition holds
    assert versions[0] == first.version


def test_revisions_list_each_moved_figure_with_its_cause(corrected: tuple[Path, Path]) -> None:
    _, warehouse = corrected
    ind = Indicators(warehouse)
    try:
        found = moved(warehouse, ind)
    finally:
        ind.close()
    assert [(m.indicator, m.key, m.published, m.now) for m in found] == MOVED
    assert {m.cause for m in found} == {"passages en GTS : 1 ajout"}
    assert {(m.year, m.edition) for m in found} == {(2024, "2024")}
    publish_quick(warehouse, 2024, LATER)
    ind = Indicators(warehouse)
    try:
        assert moved(warehouse, ind) == []
    finally:
        ind.close()


def test_the_rule_shows_the_published_value_and_its_revision(corrected: tuple[Path, Path]) -> None:
    from pipelines.published import Published
    from pipelines.reports.content import build

    _, warehouse = corrected
    revisions = in_force(warehouse)
    ind = Indicators(warehouse)
    try:
        pub = Published.of(ind, revisions=revisions)
        fig = pub.value("gts_situations_examinees", 2024)
        assert (fig.text, fig.value, fig.revised) == ("7, révisé à 8", 7, "8")
        assert pub.count("gts_par_decision", 2024, "ARRET").text == "2, révisé à 3"
        assert pub.value("gts_situations_examinees", 2023).text == "1"  # a year without edition: as computed
        masked = Published.of(ind, diffusion_on=True, revisions=revisions)
        assert masked.value("gts_arrets_valides", 2024).text == "< 5"  # masked then, masked now
        report = build(ind, 2025, revisions=revisions, today=dt.date(2025, 6, 2))
    finally:
        ind.close()
    gts = next(kf for kf in report.key_figures if kf.label == "Situations examinées en GTS")
    assert str(gts.comparison) == "contre 7, révisé à 8 en 2024"
    sentences = [str(s) for b in report.blocks() if hasattr(b, "sentences") for s in b.sentences]
    assert any("(contre 7, révisé à 8 en 2024)" in s for s in sentences), sentences


def test_the_command_line_publishes_and_lists_revisions(
    corrected: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from pipelines.cli.main import main

    _, warehouse = corrected
    assert main(["revisions", "--warehouse", str(warehouse), "--year", "2024"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "2024 (édition 2024) : 5 chiffre(s) révisé(s)"
    assert out[1] == "  Situations examinées en GTS : 7 → 8 (passages en GTS : 1 ajout)"
    assert main(["regenerer", "--warehouse", str(warehouse), "--edition", "2030"]) == 1
    assert "Aucune édition « 2030 »" in capsys.readouterr().err
    assert json.loads((store.find(warehouse, "2024").path / "manifest.json").read_text())["annee"] == 2024


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Chromium absent : pas de PDF")
def test_a_regenerated_pdf_differs_only_in_its_metadata(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from pipelines.reports.publish import publish

    raw, warehouse = build_indicator_raw(tmp_path / "brut"), tmp_path / "entrepot"
    run_ingest(raw, warehouse, key=TEST_KEY)
    edition = publish(warehouse, 2024, who="coordination", when=WHEN, formats=("pdf",))
    assert sorted(edition.files()) == [
        "rapport_activite_assll_2024.pdf",
        "rapport_activite_assll_2024_diffusion.pdf",
        "textes.json",
        VALUES_FILE,
    ]
    run_ingest(raw, warehouse, key=TEST_KEY)
    (path,) = regenerate(warehouse, "2024", tmp_path / "regenere", ["pdf"], masked=True)
    then, now = PdfReader(BytesIO(edition.read(path.name))), PdfReader(path)
    assert [p.extract_text() for p in now.pages] == [p.extract_text() for p in then.pages]
    assert now.metadata["/Title"] == then.metadata["/Title"] == "Rapport d'activité ASSLL 2024"
