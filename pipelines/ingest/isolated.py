"""Run the reading of files in a child process with memory and time limits.

A file that slips past the budgets and still asks for 550 GB, or loops, costs that child, never the
process that asked (the dashboard's server serves every user). The child is `python -m
pipelines.ingest.isolated`: it sets its own limits (RLIMIT_AS, RLIMIT_CPU on Linux) before importing
anything heavy, calls one function of the pipelines by name, and leaves its result in a file;
the parent also kills it after a wall-clock limit. Failures come back as French messages.
"""

from __future__ import annotations

import importlib
import logging
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeVar

from pipelines.ingest import isolated_limits
from pipelines.reference.settings import PROJECT_ROOT

_T = TypeVar("_T")
log = logging.getLogger(__name__)
# Never Python's last-resort handler: a Rust backtrace must not reach the terminal of `assll ingest`.
log.addHandler(logging.NullHandler())


class ChildFailed(Exception):
    """The child process died or went over a limit; the message is French."""


@dataclass(frozen=True)
class Limits:
    memory_mb: int  # resident memory, watched by the parent
    cpu_s: int
    wall_s: float
    # Address space (RLIMIT_AS), the hard stop of a sudden huge allocation. Far above memory_mb: the thread
    # pools of Polars and calamine reserve much more address space than they use.
    address_mb: int = 8192

    @classmethod
    def from_budgets(cls) -> Limits:
        from pipelines.ingest.budgets import budget

        return cls(
            budget("processus_memoire_mo"),
            budget("processus_cpu_s"),
            budget("processus_duree_s"),
            budget("processus_espace_adresses_mo"),
        )


# Exceptions the child passes back as themselves (a French message for the user); any other one is
# an unexpected error, told as such.
_PASSED = {"UnusableInput": "pipelines.ingest.pipeline", "TooManyVanish": "pipelines.ingest.vanished"}

MEMORY_TEXT = (
    "la lecture des fichiers a dépassé la mémoire autorisée ({mb} Mo) et a été arrêtée : un fichier "
    "est probablement démesuré (cellule très éloignée, feuille ou texte gigantesque). Retirez-le ou "
    "enregistrez-le à nouveau depuis le tableur, puis recommencez"
)
TIME_TEXT = (
    "la lecture des fichiers a dépassé la durée autorisée ({s} s) et a été arrêtée : un fichier est "
    "probablement démesuré. Retirez-le ou enregistrez-le à nouveau depuis le tableur, puis recommencez"
)
CRASH_TEXT = (
    "la lecture des fichiers s'est arrêtée brutalement (code {code}) : un fichier est probablement "
    "endommagé ou démesuré. Retirez-le ou enregistrez-le à nouveau depuis le tableur, puis recommencez"
)


def run(function: Callable[..., _T], *args: object, limits: Limits | None = None, **kwargs: object) -> _T:
    """A module-level function of this project called in a child process with limits; its return value. The
    function travels by reference (pickle names its module and name), so the child imports what it needs.

    Raises the child's UnusableInput / TooManyVanish as such, ChildFailed (French) otherwise."""
    limits = limits or Limits.from_budgets()
    # Never above the hard limits this process inherited (a child cannot raise them: it would die unread).
    plan = isolated_limits.plan(limits.address_mb, limits.cpu_s)
    refusal = isolated_limits.too_low(plan)
    if refusal is not None:
        raise ChildFailed(refusal)
    _sweep_orphans()
    with tempfile.TemporaryDirectory(prefix=f"{FOLDER_PREFIX}{os.getpid()}-") as folder:
        call, result = Path(folder) / "appel.pickle", Path(folder) / "resultat.pickle"
        call.write_bytes(pickle.dumps((plan, pickle.dumps((function, args, kwargs)))))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(PROJECT_ROOT), *filter(None, [env.get("PYTHONPATH")])])
        # glibc reserves 64 MB of address space per thread arena (8 per core): a few suffice to read files.
        env.setdefault("MALLOC_ARENA_MAX", "4")
        command = [sys.executable, "-m", "pipelines.ingest.isolated", str(call), str(result), str(os.getpid())]
        process = subprocess.Popen(
            command,
            env=env,
            cwd=PROJECT_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        kept: list[bytes] = []
        relay = threading.Thread(target=_relay, args=(process.stderr, kept), daemon=True)
        relay.start()
        over = threading.Event()
        watch = threading.Thread(target=_watch_memory, args=(process, limits.memory_mb, over), daemon=True)
        watch.start()
        try:
            process.wait(timeout=limits.wall_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise ChildFailed(TIME_TEXT.format(s=int(limits.wall_s))) from None
        finally:
            relay.join(timeout=5)
            watch.join(timeout=5)
        if over.is_set():
            raise ChildFailed(MEMORY_TEXT.format(mb=limits.memory_mb))
        err = b"".join(kept)
        memory_text = isolated_limits.memory_failed(plan, limits.address_mb, limits.memory_mb) or MEMORY_TEXT.format(
            mb=limits.memory_mb
        )
        started = (Path(folder) / READY).exists()
        if result.exists():
            status, payload = pickle.loads(result.read_bytes())
            if status == "ok":
                return payload
            if not started:  # the modules could not even be imported under these limits: no file is to blame
                log.warning("processus de lecture non démarré : %s %s", status, payload)
                raise ChildFailed(isolated_limits.start_failed(plan))
            if status == "systeme":
                raise payload
            if status == "memoire":
                raise ChildFailed(memory_text)
            name, message, extra = payload
            if name in _PASSED:
                cls = getattr(importlib.import_module(_PASSED[name]), name)
                raise cls(message, *extra)
            raise ChildFailed(f"la lecture des fichiers a échoué à cause d'une erreur inattendue ({name})")
        # The child's own words (a Rust panic, a traceback) are English and technical: the server log only.
        log.warning(
            "processus de lecture arrêté (code %s) : %s",
            process.returncode,
            err.decode("utf-8", errors="replace")[-2000:],
        )
        code = process.returncode
        if not started:  # died before reading any file: no file is to blame
            raise ChildFailed(isolated_limits.start_failed(plan))
        if code in (-signal.SIGXCPU, -signal.SIGKILL) and b"MemoryError" not in err:
            raise ChildFailed(TIME_TEXT.format(s=plan.cpu or limits.cpu_s) if code == -signal.SIGXCPU else memory_text)
        if any(sign in err.lower() for sign in MEMORY_SIGNS):
            raise ChildFailed(memory_text)
        raise ChildFailed(CRASH_TEXT.format(code=code))


# The exchange folder of a call is named after the process that made it: a server stopped while a child read files
# leaves it behind (no `finally` runs on SIGKILL), and the next call removes the folders of processes gone.
FOLDER_PREFIX = "assll-enfant-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _sweep_orphans() -> None:
    """Removes the exchange folders left by processes that no longer exist (this user's only)."""
    base = Path(tempfile.gettempdir())
    try:
        leftovers = list(base.glob(f"{FOLDER_PREFIX}*-*"))
    except OSError:
        return
    for folder in leftovers:
        pid = folder.name[len(FOLDER_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


# What a child that ran out of memory or address space writes on stderr (Python, Rust, jemalloc, OpenBLAS), lowercase.
MEMORY_SIGNS = (
    b"memory allocation",
    b"memoryerror",
    b"capacity overflow",
    b"thread creation failed",
    b"failed to spawn thread",
    b"cannot allocate memory",
    b"os error 12",
)


# What a child writes on stderr after one of these is technical and English (a traceback, a Rust panic):
# it goes to the log only. Before, its lines are the pipeline's own notices (a key generated…), passed on.
_TECHNICAL = (b"Traceback", b"thread '", b"memory allocation", b"fatal", b"Fatal", b"<jemalloc>")


def _relay(stream: IO[bytes], kept: list[bytes]) -> None:
    technical = False
    for line in iter(stream.readline, b""):
        kept.append(line)  # everything, for the diagnosis and the log
        del kept[:-400]
        technical = technical or line.lstrip().startswith(_TECHNICAL)
        if not technical and sys.stderr is not None:
            sys.stderr.write(line.decode("utf-8", errors="replace"))
            sys.stderr.flush()
    stream.close()


def _resident_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def _descendants(pid: int) -> list[int]:
    """The processes started by `pid` and by them in turn (its reading processes, workers.py), from /proc."""
    children: dict[int, list[int]] = {}
    try:
        entries = [e.name for e in os.scandir("/proc") if e.name.isdigit()]
    except OSError:
        return []
    for name in entries:
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
            parent = int(stat[stat.rindex(b")") + 2 :].split()[1])  # the name in brackets may hold spaces
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(name))
    found, stack = [], [pid]
    while stack:
        kids = children.get(stack.pop(), [])
        found += kids
        stack += kids
    return found


# The processes under the reading process are looked for every this many polls of its memory, about every half
# second: a scan of /proc costs a few milliseconds (90 processes: 3 ms), and its reading processes live as long as
# the reading does. Each one is also bounded by the address space it inherits.
DESCENDANTS_EVERY = 25


class ProcessTree:
    """The resident memory of a process with that of the processes under it (Linux /proc), read at each call; the
    processes under it are looked for again every DESCENDANTS_EVERY calls."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._calls = 0
        self._others: list[int] = []

    def resident_mb(self) -> float | None:
        """MiB in all, None once the process is gone (or where /proc is not)."""
        own = _resident_mb(self.pid)
        if own is None and not os.path.exists(f"/proc/{self.pid}"):
            return None
        if self._calls % DESCENDANTS_EVERY == 0:
            self._others = _descendants(self.pid)
        self._calls += 1
        return (own or 0) + sum(_resident_mb(pid) or 0 for pid in self._others)


def _watch_memory(process: subprocess.Popen, limit_mb: int, over: threading.Event) -> None:
    """Kills the child as soon as its resident memory, with that of the processes it started, goes over the limit
    (Linux /proc; elsewhere the address space and time limits still apply). Its processes die with it."""
    tree = ProcessTree(process.pid)
    while process.poll() is None:
        used = tree.resident_mb()
        if used is None:
            return
        if used > limit_mb:
            over.set()
            process.kill()
            return
        time.sleep(0.02)


def die_with_parent() -> None:
    """Linux: the child is killed when the process that started it dies (a CLI ingest killed halfway must
    not publish in the background)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


# Written by the child once its limits are set, its modules imported and Polars' thread pool started: a death
# before it is the machine's (limits too low), never a file's.
READY = "pret"


def _ready(folder: Path) -> None:
    if "polars" in sys.modules:  # the thread pool reserves its address space at the first query
        pl = sys.modules["polars"]
        pl.DataFrame({"a": [1, 2]}).select(pl.col("a").sum())
    (folder / READY).touch()


def _child(call: Path, result: Path, parent: int) -> int:
    die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above
        return 1
    plan, call_bytes = pickle.loads(call.read_bytes())
    isolated_limits.apply(plan)
    try:
        # Unpickling the function imports its module: under the limits, and before the mark of a started child.
        function, args, kwargs = pickle.loads(call_bytes)
        _ready(result.parent)
        value = function(*args, **kwargs)
        payload: tuple = ("ok", value)
    except MemoryError:
        payload = ("memoire", None)
    except Exception as exc:  # told to the parent, which decides what the user reads
        extra = (exc.counts,) if hasattr(exc, "counts") else ()
        payload = ("erreur", (type(exc).__name__, str(exc), extra))
        if isinstance(exc, OSError):  # a folder that cannot be written: told by the caller as usual
            payload = ("systeme", OSError(exc.errno, exc.strerror, exc.filename))
    try:
        data = pickle.dumps(payload)
    except MemoryError:
        data = pickle.dumps(("memoire", None))
    result.write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(_child(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])))
