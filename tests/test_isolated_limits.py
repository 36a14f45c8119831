"""The reading child under the limits a machine imposes (`ulimit -v`): it takes what it can, and a limit too low is
named, never blamed on a file.

Each command runs in its own process whose address-space limit is set before it starts, as a shared server's
administrator would set it for its users.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pipelines.ingest import isolated, isolated_limits
from pipelines.ingest.isolated import ChildFailed, Limits
from tests import isolated_targets as targets

ROOT = Path(__file__).resolve().parents[1]
KB = 1024
# The start of a script that calls the reading child from a process under a machine limit.
HEAD = (
    "from pipelines.ingest import isolated\nfrom pipelines.ingest.isolated import Limits\n"
    "from tests import isolated_targets as targets\ntry:\n"
)


def _address_limit(kb: int) -> Callable[[], None]:
    def limit() -> None:  # in the child, before it runs: `ulimit -v kb`
        resource.setrlimit(resource.RLIMIT_AS, (kb * KB, kb * KB))

    return limit


def _assll(*argv: str, limit_kb: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli.main", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=_address_limit(limit_kb),
        timeout=600,
        check=False,
    )


def test_the_conformance_sample_is_imported_under_a_6_gb_address_space(conformance_dir: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "entrepot"
    done = _assll("ingest", str(conformance_dir / "raw"), "--warehouse", str(warehouse), limit_kb=6_000_000)
    assert done.returncode == 0, done.stderr
    assert "Entrepôt mis à jour" in done.stdout
    assert (warehouse / "CURRENT").is_file()


def test_a_machine_limit_too_low_is_named_and_no_file_is_blamed(conformance_dir: Path, tmp_path: Path) -> None:
    done = _assll("ingest", str(conformance_dir / "raw"), "--warehouse", str(tmp_path / "entrepot"), limit_kb=900_000)
    assert done.returncode == 1
    assert done.stderr == (
        "Erreur : L'import a été arrêté : la limite d'espace d'adressage de cette machine (RLIMIT_AS, « ulimit -v » : "
        "900\u00a0000 Ko, soit 878 Mo) est trop basse pour lire les fichiers : il faut au moins 1\u00a0024 Mo. Aucun "
        "fichier n'a été lu ni n'est en cause ; demandez à l'administrateur de relever cette limite (ou lancez "
        "l'import hors de cette limite), puis recommencez. L'entrepôt n'a pas été modifié.\n"
    )
    assert not (tmp_path / "entrepot" / "CURRENT").exists()


def test_a_command_that_cannot_even_start_names_the_limit(conformance_dir: Path, tmp_path: Path) -> None:
    done = _assll("ingest", str(conformance_dir / "raw"), "--warehouse", str(tmp_path / "entrepot"), limit_kb=300_000)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    # The command itself or its import of the pipelines ran out of address space first: the same sentence.
    last = done.stderr.splitlines()[-1]
    assert last.startswith("Erreur : "), done.stderr
    assert (
        "la limite d'espace d'adressage de cette machine (RLIMIT_AS, « ulimit -v » : 300\u00a0000 Ko, soit 292 Mo) "
        "est trop basse pour lire les fichiers : il faut au moins 1\u00a0024 Mo. Aucun fichier n'a été lu ni n'est "
        "en cause"
    ) in last, done.stderr


def test_the_plan_never_goes_above_the_inherited_hard_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    hard = {resource.RLIMIT_AS: 6_000_000 * KB, resource.RLIMIT_CPU: 600}
    monkeypatch.setattr(resource, "getrlimit", lambda which: (hard.get(which, -1), hard.get(which, -1)))
    assert isolated_limits.plan(8192, 900) == isolated_limits.Plan(6_000_000 * KB, 600, 6_000_000 * KB, 600)
    assert isolated_limits.plan(4096, 60) == isolated_limits.Plan(4096 * 1024 * KB, 60, None, None)
    hard = {resource.RLIMIT_AS: resource.RLIM_INFINITY, resource.RLIMIT_CPU: resource.RLIM_INFINITY}
    assert isolated_limits.plan(8192, 900) == isolated_limits.Plan(8192 * 1024 * KB, 900, None, None)


def _run_under(limit_kb: int, env: dict[str, str]) -> subprocess.CompletedProcess:
    """isolated.run of child_call from a process under `ulimit -v limit_kb`; prints the outcome."""
    script = (
        HEAD + "    print(isolated.run(targets.child_call, limits=Limits(768, 20, 60)))\n"
        "except isolated.ChildFailed as exc:\n    print(exc)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=_address_limit(limit_kb),
        timeout=120,
        check=False,
    )


def test_the_child_takes_the_limit_it_can_under_a_lower_machine_limit() -> None:
    done = _run_under(3_000_000, dict(os.environ))
    assert done.stdout == "lu\n", done.stderr


def test_a_child_that_cannot_even_import_blames_no_file() -> None:
    done = _run_under(3_000_000, dict(os.environ, ASSLL_TEST_IMPORT_IMPOSSIBLE="1"))
    assert done.stdout == (
        "le processus de lecture n'a pas pu démarrer (espace d'adressage limité par la machine, « ulimit -v » : "
        "3\u00a0000\u00a0000 Ko, soit 2\u00a0929 Mo) : aucun fichier n'a été lu ni n'est en cause. Recommencez ; si "
        "cela se reproduit, signalez-le à l'administrateur de la machine\n"
    ), done.stderr


def test_without_a_machine_limit_a_start_failure_blames_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSLL_TEST_IMPORT_IMPOSSIBLE", "1")
    with pytest.raises(ChildFailed) as failure:
        isolated.run(targets.child_call, limits=Limits(768, 20, 60))
    assert str(failure.value) == isolated_limits.START_TEXT.format(limits="")


def test_a_bomb_under_a_machine_limit_above_the_memory_budget_is_still_the_files_fault() -> None:
    """6 GB of address space leaves the 768 MB budget whole: the file that asks for 16 GB is blamed, as usual."""
    script = (
        HEAD + "    isolated.run(targets.python_bomb, limits=Limits(768, 20, 60))\n"
        "except isolated.ChildFailed as exc:\n    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=_address_limit(6_000_000),
        timeout=120,
        check=False,
    )
    assert done.stdout == isolated.MEMORY_TEXT.format(mb=768) + "\n", done.stderr


def test_a_bomb_under_a_machine_limit_below_the_memory_budget_names_the_limit() -> None:
    script = (
        HEAD + "    isolated.run(targets.python_bomb, limits=Limits(3072, 20, 60))\n"
        "except isolated.ChildFailed as exc:\n    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=_address_limit(2_000_000),
        timeout=120,
        check=False,
    )
    assert (
        done.stdout
        == isolated_limits.MACHINE_MEMORY_TEXT.format(
            limit="2\u00a0000\u00a0000 Ko, soit 1\u00a0953 Mo", want="8\u00a0192"
        )
        + "\n"
    ), done.stderr


def test_a_library_that_says_it_ran_out_of_memory_is_told_as_memory() -> None:
    """OpenBLAS (numpy's threads) writes « Memory allocation » with a capital and exits 1: memory, not a crash."""
    with pytest.raises(ChildFailed) as failure:
        isolated.run(targets.openblas_out_of_memory, limits=Limits(768, 20, 60))
    assert str(failure.value) == isolated.MEMORY_TEXT.format(mb=768)
