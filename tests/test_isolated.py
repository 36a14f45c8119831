"""The child process that reads the files: its memory and time limits, exercised for real.

The functions below run in the child (`tests.test_isolated:…`); each one would take the test runner's
memory or time if it ran here. Nothing in this module is imported by the child but these functions.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from pipelines.ingest import isolated
from pipelines.ingest.isolated import ChildFailed, Limits
from pipelines.ingest.pipeline import UnusableInput, preview
from tests import isolated_targets as targets

SMALL = Limits(memory_mb=768, cpu_s=20, wall_s=60)
KEY = "cle-de-test-fixe-0123456789"


def test_a_call_comes_back_with_its_value() -> None:
    assert isolated.run(targets.answer, 2, y=3, limits=SMALL) == {"x": 2, "y": 3, "date": dt.date(2024, 1, 15)}


def _own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("bomb", ["python_bomb", "rust_bomb"])
def test_a_memory_bomb_costs_the_child_only(bomb: str) -> None:
    before = _own_peak_mb()
    with pytest.raises(ChildFailed) as failure:
        isolated.run(getattr(targets, bomb), limits=SMALL)
    assert str(failure.value) == isolated.MEMORY_TEXT.format(mb=768)
    assert _own_peak_mb() - before < 200  # the runner did not take the bomb's memory


def test_the_memory_of_the_processes_the_child_starts_counts() -> None:
    """The reading child may start processes of its own (pipelines/ingest/workers.py): the watch adds their memory."""
    with pytest.raises(ChildFailed) as failure:
        isolated.run(targets.grandchild_balloon, limits=SMALL)
    assert str(failure.value) == isolated.MEMORY_TEXT.format(mb=768)


def test_files_are_read_by_processes_in_the_reading_child_only(tmp_path: Path, monkeypatch) -> None:
    """`spawn` runs the main module again in each process it starts: processes read files in the reading child,
    whose main module starts nothing when imported, and threads anywhere else (a script of someone's own)."""
    from pipelines.ingest import file_tables

    for i in range(4):
        (tmp_path / f"export_{i}.csv").write_text(f"Date;N° mesure\n01/0{i + 1}/2024;M{i}\n", encoding="utf-8")
    assert isolated.run(targets.processes_while_reading, str(tmp_path), limits=SMALL) == ["SpawnProcess"]
    monkeypatch.setattr(file_tables, "THREADS", 2)
    monkeypatch.setattr(file_tables, "PROCESS_MIN_FILES", 1)
    monkeypatch.setattr(file_tables, "TASK_FILES", 1)
    assert targets.processes_while_reading(str(tmp_path), configure=False) == []


def test_a_loop_is_stopped_by_the_cpu_limit() -> None:
    with pytest.raises(ChildFailed) as failure:
        isolated.run(targets.spin, limits=Limits(memory_mb=768, cpu_s=1, wall_s=60))
    assert str(failure.value) == isolated.TIME_TEXT.format(s=1)


def test_a_child_that_waits_is_killed_at_the_wall_clock_limit() -> None:
    with pytest.raises(ChildFailed) as failure:
        isolated.run(targets.nap, limits=Limits(memory_mb=768, cpu_s=20, wall_s=1.5))
    assert str(failure.value) == isolated.TIME_TEXT.format(s=1)


def test_the_pipeline_messages_come_back_as_themselves(tmp_path: Path) -> None:
    with pytest.raises(UnusableInput, match="n'existe pas ou n'est pas un dossier"):
        isolated.run(preview, tmp_path / "absent", limits=SMALL)


def stray_cell_workbook(path: Path) -> Path:
    """A 5 KB workbook with one character in the last cell (XFD1048576): a reader asks for 550 GB."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Demandes")
    sheet.write_row(0, 0, ["N° demande", "Date demande", "Type", "Secteur"])
    sheet.write_row(1, 0, ["D1", "15/01/2024", "ASSLL", "Cognac"])
    sheet.write(1_048_575, 16_383, "x")
    workbook.close()
    assert path.stat().st_size < 10_000
    return path


def test_a_workbook_with_a_cell_at_xfd1048576_never_takes_the_caller_down(tmp_path: Path) -> None:
    """The preview is stopped in its child with a French message (or the file is refused by a budget
    before it is read)."""
    raw = tmp_path / "brut"
    stray_cell_workbook(raw / "perdu.xlsx")
    before = _own_peak_mb()
    try:
        report = isolated.run(preview, raw, key=KEY, limits=Limits(1536, 60, 120))
    except ChildFailed as failure:
        assert str(failure) == isolated.MEMORY_TEXT.format(mb=1536)
    except UnusableInput as refusal:  # refused by an xlsx budget: no table left in the folder
        assert "perdu.xlsx [Demandes] : illisible — feuille refusée" in str(refusal)
        assert "colonnes (au plus 1" in str(refusal)
    else:
        [entry] = [f for f in report["files"] if f["fichier"] == "perdu.xlsx"]
        assert entry["statut"] == "refusé", entry
    assert _own_peak_mb() - before < 200


def test_the_importer_refuses_the_upload_that_stops_the_child_and_previews_the_others(tmp_path: Path) -> None:
    from dashboard import uploads

    bad = stray_cell_workbook(tmp_path / "envoi" / "perdu.xlsx").read_bytes()
    good = "N° demande;Date demande;Type;Secteur\nG1;15/01/2024;ASSLL;Cognac\n".encode()
    files = [uploads.Upload(n, len(b), lambda b=b: b) for n, b in (("perdu.xlsx", bad), ("bon.csv", good))]
    pending = uploads.prepare(files, tmp_path / "exports", key=KEY)
    try:
        assert pending.error is None
        assert [s.original for s in pending.importable()] == ["bon.csv"]
        if pending.refused:  # stopped its own child: refused with the reason
            assert pending.refused == [
                (
                    "perdu.xlsx",
                    isolated.MEMORY_TEXT.format(mb=1536)
                    .replace("la lecture des fichiers", "la lecture de ce fichier")
                    .replace("un fichier est probablement", "il est probablement"),
                )
            ]
        else:  # its sheet refused by an xlsx budget before calamine reads it
            [entry] = [f for f in pending.report["files"] if f["fichier"].endswith("perdu.xlsx")]
            assert entry["statut"] == "illisible" and entry["motif"].startswith("feuille refusée"), entry
    finally:
        pending.discard()


def test_the_folders_left_by_a_process_gone_are_removed_at_the_next_call(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    left = tmp_path / f"{isolated.FOLDER_PREFIX}{gone.pid}-k3j_x9"
    mine = tmp_path / f"{isolated.FOLDER_PREFIX}{os.getpid()}-a1b2c3"
    other = tmp_path / "assll-autre-dossier"
    for folder in (left, mine, other):
        folder.mkdir()
        (folder / "appel.pickle").write_bytes(b"x")
    assert isolated.run(targets.answer, 2, y=3, limits=SMALL)["y"] == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, other.name])
