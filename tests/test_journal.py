"""The journal of actions (pipelines/journal.py): whole JSON lines, appended and fsync'd; every import (files and
SHA-256, version, records added and vanished, replacement), fiche import and report leaves its line; a process
killed while writing, or an ingest killed midway, leaves a journal whose lines all parse; `assll journal`."""

from __future__ import annotations

import hashlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.cli.main import main
from pipelines.store import journal
from pipelines.store.warehouse import CURRENT, PAUSE_ENV, PAUSE_SECONDS_ENV

ROOT = Path(__file__).resolve().parents[1]


def test_append_then_read(tmp_path: Path) -> None:
    first = journal.append(tmp_path, journal.REFUSED, "a@b.fr", role="partenaire", page="importer")
    second = journal.append(tmp_path, journal.DOWNLOAD, "c@d.fr", fichier="x.csv", page="commandes")
    kept = journal.read(tmp_path)
    assert kept.entries == [first, second] and kept.unreadable == 0
    assert [line for line in journal.path(tmp_path).read_bytes().split(b"\n") if line] == [
        json.dumps(e, ensure_ascii=False, separators=(",", ":")).encode() for e in (first, second)
    ]
    assert journal.rows(kept.entries)[0] == {
        "Date (UTC)": second["date"],
        "Qui": "c@d.fr",
        "Action": "Téléchargement",
        "Détail": "« x.csv » (page commandes)",
    }


def test_an_unfinished_last_line_is_ignored_then_cut_off_by_the_next_writer(tmp_path: Path) -> None:
    first = journal.append(tmp_path, journal.REFUSED, "a", page="qualite")
    whole = journal.path(tmp_path).read_bytes()
    with journal.path(tmp_path).open("ab") as fh:
        fh.write(b'{"date":"2026-12-0')
    kept = journal.read(tmp_path)
    assert kept.entries == [first] and kept.torn and kept.unreadable == 0
    second = journal.append(tmp_path, journal.REFUSED, "b", page="importer")
    raw = journal.path(tmp_path).read_bytes()
    assert raw.startswith(whole) and raw.count(b"\n") == 2 and raw.endswith(b"\n")
    assert journal.read(tmp_path).entries == [first, second] and not journal.read(tmp_path).torn


WRITER = """
import sys
from pipelines.store import journal
payload = "é" * 200_000
i = 0
while True:
    journal.append(sys.argv[1], journal.DOWNLOAD, "boucle", fichier=f"{i}.csv", page=payload)
    i += 1
"""


def test_a_writer_killed_at_any_moment_leaves_whole_lines(tmp_path: Path) -> None:
    for round_no in range(3):
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}
        )
        try:
            target = journal.path(tmp_path)
            before = len(journal.read(tmp_path).entries)
            while len(journal.read(tmp_path).entries) < before + 3 + round_no:  # killed while writing more
                assert process.poll() is None
                time.sleep(0.01)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        raw = target.read_bytes()
        whole = raw[: raw.rfind(b"\n") + 1]  # a killed write may leave the start of a line after the last newline
        lines = whole.split(b"\n")[:-1]
        assert {json.loads(line)["qui"] for line in lines} <= {"boucle", "suivant"}  # every line parses
        kept = journal.read(tmp_path)
        assert len(kept.entries) == len(lines) and kept.unreadable == 0
        journal.append(tmp_path, journal.REFUSED, "suivant", page="importer")  # cuts an unfinished line off
        raw = target.read_bytes()
        assert raw.startswith(whole) and raw.endswith(b"\n")
        assert [json.loads(line)["qui"] for line in raw.split(b"\n")[len(lines) : -1]] == ["suivant"]
    assert [int(e["fichier"][:-4]) for e in journal.read(tmp_path).entries if e["qui"] == "boucle"][:3] == [0, 1, 2]


@pytest.fixture
def raw(tmp_path: Path, demo_warehouse: Path) -> Path:
    """Three years of the demo exports (the demo warehouse's raw folder is not kept: regenerated here)."""
    from pipelines.demo import generate

    folder = tmp_path / "brut"
    generate(folder)
    return folder


def _ingest(raw: Path, warehouse: Path, *extra: str) -> int:
    return main(["ingest", str(raw), "--warehouse", str(warehouse), "--date-import", "2026-11-26", *extra])


def test_each_import_is_journalled_with_its_files_and_counts(raw: Path, tmp_path: Path, capsys) -> None:
    warehouse = tmp_path / "entrepot"
    assert _ingest(raw, warehouse) == 0
    [entry] = journal.read(warehouse).entries
    assert entry["action"] == journal.IMPORT and entry["qui"].endswith("(ligne de commande)")
    assert entry["version"] == (warehouse / CURRENT).read_text()
    files = sorted(p for p in raw.rglob("*") if p.is_file())
    assert entry["fichiers"] == [
        {
            "fichier": p.relative_to(raw).as_posix(),
            "sha256": hashlib.sha256(p.read_bytes()).hexdigest(),
            "octets": p.stat().st_size,
        }
        for p in files
    ]
    assert entry["disparus"] is None or entry["disparus"] == 0
    assert (
        entry["ajoutes"]
        == sum(entry["enregistrements"][t] for t in ("demandes", "mesures", "passages_gts", "mutualisations"))
        > 0
    )
    assert entry["remplacement_confirme"] is False

    # A folder that would drop most records: refused without --remplacer (journalled), then confirmed.
    smaller = tmp_path / "un_an"
    shutil.copytree(raw / "2024", smaller / "2024")
    assert _ingest(smaller, warehouse) == 1
    assert _ingest(smaller, warehouse, "--remplacer") == 0
    refused, replaced = journal.read(warehouse).entries[1:]
    assert refused["action"] == journal.IMPORT_NOT_PUBLISHED and refused["version"] is None
    assert refused["remplacement_confirme"] is False and refused["disparus"] > 0
    assert replaced["action"] == journal.IMPORT and replaced["remplacement_confirme"] is True
    assert replaced["disparus"] == refused["disparus"] and replaced["version"] == (warehouse / CURRENT).read_text()

    capsys.readouterr()
    assert main(["journal", "--warehouse", str(warehouse), "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == journal.read(warehouse).entries
    assert main(["journal", "--warehouse", str(warehouse), "--action", "import_non_publie"]) == 0
    [text] = capsys.readouterr().out.splitlines()
    count = len(list((smaller / "2024").iterdir()))
    assert f"  Import non publié : {count} fichiers de « {smaller} », " in text
    assert refused["ajoutes"] == 0  # every record of 2024 was already there


def test_fiche_import_and_report_are_journalled(demo_warehouse: Path, tmp_path: Path, capsys) -> None:
    from pipelines.demo.fiches import write_demo_fiches

    warehouse = tmp_path / "entrepot"
    shutil.copytree(demo_warehouse, warehouse)
    journal.path(warehouse).unlink(missing_ok=True)
    fiches = tmp_path / "fiches"
    write_demo_fiches(fiches)
    assert main(["comparatif", "import", str(fiches), "--warehouse", str(warehouse)]) == 0
    assert (
        main(
            [
                "report",
                "--year",
                "2024",
                "--format",
                "html",
                "--diffusion",
                "--warehouse",
                str(warehouse),
                "--out",
                str(tmp_path / "out"),
            ]
        )
        == 0
    )
    fiche, report = journal.read(warehouse).entries
    assert fiche["action"] == journal.FICHES and fiche["chiffres"] > 0
    assert fiche["version"] == (warehouse / CURRENT).read_text()
    assert len(fiche["fichiers"]) == len([p for p in fiches.rglob("*") if p.is_file()])
    assert (report["action"], report["annee"], report["formats"], report["diffusion"], report["version"]) == (
        journal.REPORT,
        2024,
        ["html"],
        True,
        (warehouse / CURRENT).read_text(),
    )


def test_an_ingest_killed_midway_leaves_a_journal_whose_lines_all_parse(raw: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "entrepot"
    assert _ingest(raw, warehouse) == 0
    env = {**os.environ, PAUSE_ENV: "after_pointer", PAUSE_SECONDS_ENV: "120", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli.main", "ingest", str(raw), "--warehouse", str(warehouse)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120  # a guard against a hang, not a measure
        while time.monotonic() < deadline:
            ready, _, _ = select.select([process.stderr], [], [], 0.5)
            if ready and process.stderr.readline().strip() == b"ASSLL_TEST_PAUSE after_pointer":
                break
        else:
            raise AssertionError("the ingest never reached its pause")
        os.killpg(process.pid, signal.SIGKILL)  # the command and its isolated child
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.stderr.close()
    kept = journal.read(warehouse)
    assert kept.unreadable == 0 and journal.path(warehouse).read_bytes().endswith(b"\n")
    assert [e["action"] for e in kept.entries] == [journal.IMPORT]
    assert _ingest(raw, warehouse) == 0
    assert [e["action"] for e in journal.read(warehouse).entries] == [journal.IMPORT, journal.IMPORT]
