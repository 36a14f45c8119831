"""An upload cut short by a crash (the server killed while it writes) never leaves a half-written file that the next
import reads: files are written under a hidden temporary name and renamed once complete, imports skip those names,
and the dashboard sweeps them away when it starts and before each upload."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import write_csv

from dashboard import fiches_upload, partial_files, uploads
from pipelines.comparatif.load import read_folder
from pipelines.ingest.folder import PARTIAL_FILE, PARTIAL_PREFIX, list_files
from tests.bad_input_helpers import DEM, GOOD, assert_good_file_loaded, entry, ingest_folder, raw_with_good_file

ROOT = Path(__file__).resolve().parents[1]
HALF = ("N° demande;Date demande;Type;Secteur\n", "D9;15/01/2024;ASSLL;Cog")

# The server writing an upload dies (SIGKILL: no clean-up runs) after half of the file.
CRASH = f"""
import os, signal, sys
from pathlib import Path
from dashboard import partial_files

def chunks():
    yield {HALF[0].encode()!r}
    yield {HALF[1].encode()!r}
    os.kill(os.getpid(), signal.SIGKILL)

partial_files.{{call}}
"""


def _crash_while(call: str, *argv: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CRASH.format(call=call), *argv], cwd=ROOT, capture_output=True, timeout=120, check=False
    )
    assert done.returncode == -signal.SIGKILL, done.stderr


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(f"{PARTIAL_PREFIX}*"))


def test_a_file_cut_short_is_never_under_its_name_and_the_next_import_skips_it(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    target = raw / "import_2025-01-15_101500" / "demandes.csv"
    _crash_while("write_complete(Path(sys.argv[1]), chunks())", str(target))
    assert not target.exists()
    [left] = _leftovers(raw)
    assert left.endswith("-demandes.csv")
    assert (target.parent / left).stat().st_size <= len("".join(HALF).encode())  # what the crash left
    report, tables = ingest_folder(raw, tmp_path)
    assert_good_file_loaded(report, tables)
    assert "D9" not in tables["demandes"]["id_demande"].to_list()
    skipped = entry(report, f"import_2025-01-15_101500/{left}")
    assert (skipped["statut"], skipped["motif"]) == ("refusé", PARTIAL_FILE)


COPY_CRASH = """
import os, signal, sys
from pathlib import Path
from dashboard import partial_files

os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)  # every byte written, the rename not done yet
partial_files.copy_complete(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_a_copy_cut_short_leaves_no_file_under_its_name(tmp_path: Path) -> None:
    source = tmp_path / "source.csv"
    source.write_bytes(b"x" * (3 << 20))  # three chunks of the copy
    target = tmp_path / "fiches" / "depot" / "vienne.csv"
    done = subprocess.run(
        [sys.executable, "-c", COPY_CRASH, str(source), str(target)],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert not target.exists()
    [left] = _leftovers(target.parent)
    assert (target.parent / left).stat().st_size == 3 << 20
    assert partial_files.copy_complete(source, target).read_bytes() == source.read_bytes()


def test_the_sweep_removes_every_unfinished_copy_and_nothing_else(tmp_path: Path) -> None:
    raw = raw_with_good_file(tmp_path)
    write_csv(raw / "2024" / "autres.csv", DEM, [["D3", "17/01/2024", "ASSLL", "Cognac"]])
    (raw / "2024" / f"{PARTIAL_PREFIX}0a1b-demandes.csv").write_text("N° demande;Da", encoding="utf-8")
    write_csv(raw / f"{PARTIAL_PREFIX}import_2025" / "d.csv", DEM, [["P1", "15/01/2024", "ASSLL", "Cognac"]])
    before = [rel for rel, _ in list_files(raw)]
    removed = partial_files.sweep(raw)
    assert sorted(p.name for p in removed) == [f"{PARTIAL_PREFIX}0a1b-demandes.csv", f"{PARTIAL_PREFIX}import_2025"]
    assert _leftovers(raw) == []
    assert [rel for rel, _ in list_files(raw)] == before == ["2024/autres.csv", GOOD]


def test_the_dashboard_sweeps_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw, fiches = tmp_path / "exports", tmp_path / "fiches"
    (raw / "import_2025").mkdir(parents=True)
    (raw / "import_2025" / f"{PARTIAL_PREFIX}0a1b-demandes.csv").write_bytes(b"N")
    fiches.mkdir()
    (fiches / f"{PARTIAL_PREFIX}0c2d-vienne.csv").write_bytes(b"D")
    monkeypatch.setenv("ASSLL_RAW_DIR", str(raw))
    monkeypatch.setattr("pipelines.comparatif.load.fiches_dir", lambda: fiches)
    assert sorted(p.name for p in uploads.sweep_at_start()) == [
        f"{PARTIAL_PREFIX}0a1b-demandes.csv",
        f"{PARTIAL_PREFIX}0c2d-vienne.csv",
    ]
    assert _leftovers(tmp_path) == []


def _age(path: Path, seconds: float) -> Path:
    when = time.time() - seconds
    os.utime(path, (when, when))
    return path


def test_before_an_upload_only_the_old_leftovers_are_swept(tmp_path: Path) -> None:
    """A leftover of the last hour may be another session's copy in progress: kept (and never read)."""
    raw = raw_with_good_file(tmp_path)
    old = raw / f"{PARTIAL_PREFIX}0a1b-demandes.csv"
    old.write_bytes(b"N\xc2")
    _age(old, partial_files.GRACE_S + 60)
    recent = raw / f"{PARTIAL_PREFIX}9f8e-mesures.csv"
    recent.write_bytes(b"N\xc2")
    content = "N° demande;Date demande;Type;Secteur\nG1;15/01/2024;ASSLL;Cognac\n".encode()
    pending = uploads.prepare(
        [uploads.Upload("bon.csv", len(content), lambda: content)], raw, key="cle-de-test-fixe-0123456789"
    )
    try:
        assert _leftovers(raw) == [recent.name]
        assert pending.error is None and [s.original for s in pending.importable()] == ["bon.csv"]
        read = sorted(f["fichier"] for f in pending.report["files"] if f["statut"] == "lu")
        assert read == [GOOD, f"{pending.subfolder}/bon.csv"]  # never the leftover
        assert _leftovers(pending.folder) == []  # the stored upload is complete, under its generated name
    finally:
        pending.discard()


def test_fiches_are_copied_under_a_temporary_name_and_a_leftover_is_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fiches = tmp_path / "fiches"
    fiches.mkdir()
    (fiches / f"{PARTIAL_PREFIX}0c2d-vienne.csv").write_text(
        "Département;Année;Indicateur;Valeur\n86;20", encoding="utf-8"
    )
    assert read_folder(fiches, home="16") == []  # never read, even before the sweep
    content = "Département;Année;Indicateur;Valeur;Commentaire\n17;2024;commandes_assll;12;\n".encode()
    pending = fiches_upload.PendingFiches(tmp_path / "apercu", "depot_2025", fiches, {"depot_2025/cm.csv": "cm.csv"})
    partial_files.write_complete(pending.folder / "depot_2025" / "cm.csv", [content])
    written: list[tuple[str, bool]] = []
    copy = partial_files.copy_complete

    def watched(source: Path, target: Path) -> Path:
        out = copy(source, target)
        written.append((target.name, target.exists()))
        return out

    monkeypatch.setattr(partial_files, "copy_complete", watched)
    monkeypatch.setattr(fiches_upload, "import_fiches", lambda folder, warehouse, who=None: {"figures": 1})
    _age(fiches / f"{PARTIAL_PREFIX}0c2d-vienne.csv", partial_files.GRACE_S + 60)
    assert fiches_upload.confirm(pending, tmp_path / "entrepot") == {"figures": 1}
    assert written == [("cm.csv", True)]
    assert (fiches / "depot_2025" / "cm.csv").read_bytes() == content
    assert _leftovers(fiches) == []  # the old leftover swept before the copy
