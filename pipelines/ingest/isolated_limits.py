"""The limits the reading child process can take on this machine, and what to say when they are too low.

A child may lower its limits but never raise a hard limit it inherited (only a privileged process may): on a
server whose administrator sets `ulimit -v 6000000` for users, asking for an 8 GB address space kills the
child before it reads anything. The parent plans the limits (what the budgets ask, within the inherited hard
limits) and the child applies that plan; when the machine's own limit is what stopped the reading, the
messages name that limit and blame no file.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.reference import french

try:
    import resource
except ImportError:  # not Linux nor macOS: the parent's wall-clock limit only
    resource = None  # type: ignore[assignment]

MB = 1024 * 1024
# Below this address space the reading is not even tried (measured on a 2-core machine: the import of the
# conformance sample reads under 800 MB, not under 600 MB; Python, Polars and DuckDB take about 400 MB to start).
MIN_ADDRESS_MB = 1024

MACHINE_TEXT = (
    "la limite d'espace d'adressage de cette machine (RLIMIT_AS, « ulimit -v » : {limit}) est trop basse "
    "pour lire les fichiers : il faut au moins {need} Mo. Aucun fichier n'a été lu ni n'est en cause ; "
    "demandez à l'administrateur de relever cette limite (ou lancez l'import hors de cette limite), puis "
    "recommencez"
)
START_TEXT = (
    "le processus de lecture n'a pas pu démarrer{limits} : aucun fichier n'a été lu ni n'est "
    "en cause. Recommencez ; si cela se reproduit, signalez-le à l'administrateur de la machine"
)
MACHINE_MEMORY_TEXT = (
    "la lecture des fichiers a dépassé l'espace d'adressage que permet cette machine (RLIMIT_AS, "
    "« ulimit -v » : {limit}, moins que les {want} Mo prévus) et a été arrêtée. Demandez à "
    "l'administrateur de relever cette limite ou importez les fichiers en plusieurs fois ; si "
    "cela se reproduit avec un seul fichier, il est probablement démesuré"
)


@dataclass(frozen=True)
class Plan:
    """The limits the child sets on itself (bytes, seconds; None: leave as inherited)."""

    address: int | None
    cpu: int | None
    # The machine's hard limits when they are below what was asked (the reason the plan is lower), else None.
    machine_address: int | None = None
    machine_cpu: int | None = None


def _hard(which: int) -> int | None:
    hard = resource.getrlimit(which)[1]
    return None if hard == resource.RLIM_INFINITY else hard


def plan(address_mb: int, cpu_s: int) -> Plan:
    """What the budgets ask, never above the hard limits this process (and so its child) inherited."""
    if resource is None:
        return Plan(None, None)
    address, cpu = address_mb * MB, cpu_s
    hard_address, hard_cpu = _hard(resource.RLIMIT_AS), _hard(resource.RLIMIT_CPU)
    low_address = hard_address if hard_address is not None and hard_address < address else None
    low_cpu = hard_cpu if hard_cpu is not None and hard_cpu < cpu + 5 else None
    return Plan(min(address, low_address or address), min(cpu, low_cpu or cpu), low_address, low_cpu)


def apply(limits: Plan) -> None:
    """In the child: the planned limits, soft and hard (the CPU hard limit 5 s later: SIGXCPU first)."""
    if resource is None:
        return
    if limits.address is not None:
        resource.setrlimit(resource.RLIMIT_AS, (limits.address, limits.address))
    if limits.cpu is not None:
        hard = limits.machine_cpu if limits.machine_cpu is not None else limits.cpu + 5
        resource.setrlimit(resource.RLIMIT_CPU, (min(limits.cpu, hard), hard))


def limit_text(size: int) -> str:
    """`ulimit -v` counts in kilobytes: `6 000 000 Ko, soit 5 859 Mo`."""
    return f"{french.number(size // 1024)} Ko, soit {french.number(size // MB)} Mo"


def too_low(limits: Plan) -> str | None:
    """The French reason not to start the child at all: the machine's address space is below the minimum."""
    if limits.machine_address is not None and limits.machine_address < MIN_ADDRESS_MB * MB:
        return MACHINE_TEXT.format(limit=limit_text(limits.machine_address), need=french.number(MIN_ADDRESS_MB))
    return None


def start_failed(limits: Plan) -> str:
    """The child died before reading any file: no file is blamed; the machine's limits are named if any."""
    named = []
    if limits.machine_address is not None:
        named.append(f"espace d'adressage limité par la machine, « ulimit -v » : {limit_text(limits.machine_address)}")
    if limits.machine_cpu is not None:
        named.append(f"temps de calcul limité par la machine, « ulimit -t » : {french.number(limits.machine_cpu)} s")
    return START_TEXT.format(limits=f" ({' ; '.join(named)})" if named else "")


def memory_failed(limits: Plan, want_mb: int, memory_mb: int) -> str | None:
    """The reading went over an address space the machine lowered below the memory budget (`memory_mb`, resident):
    an ordinary import may need that much, so the machine's limit is named (None when the machine left at least the
    budget: then the file is the likely cause, as without a machine limit)."""
    if limits.machine_address is None or limits.machine_address >= memory_mb * MB:
        return None
    return MACHINE_MEMORY_TEXT.format(limit=limit_text(limits.machine_address), want=french.number(want_mb))


def parent_memory_text() -> str:
    """The command itself ran out of memory before reading anything (a machine limit far too low)."""
    address = _hard(resource.RLIMIT_AS) if resource is not None else None
    if address is None:
        return "mémoire insuffisante pour lancer la commande : aucun fichier n'a été lu ni n'est en cause."
    return MACHINE_TEXT.format(limit=limit_text(address), need=french.number(MIN_ADDRESS_MB)) + "."
