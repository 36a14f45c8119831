"""The dashboard started as `assll dashboard` starts it, on a free local port, for as long as a `with` block lasts:
what the browser tests and the browser benchmark open pages on."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

from pipelines.cli.dashboard import dashboard_command
from pipelines.reference import settings


class ServerDidNotStart(RuntimeError):
    """The server stopped, or did not answer before the deadline."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def served(
    command: Sequence[str],
    probe: str,
    *,
    name: str,
    deadline_s: float,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """A local server started with `command`, yielded once `probe` (a URL) answers 200, stopped on leaving
    (terminated, then killed after 10 s); `name` says which server in the French message of ServerDidNotStart."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + deadline_s  # a guard against a hang, not a measure of speed
        while True:
            try:
                with urllib.request.urlopen(probe, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None:
                    raise ServerDidNotStart(f"{name} s'est arrêté (code {process.returncode})") from None
                if time.monotonic() > deadline:
                    raise ServerDidNotStart(f"{name} n'a pas répondu en {deadline_s:.0f} s") from None
                time.sleep(0.3)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def running(
    warehouse: Path, *, deadline_s: float = 180, port: int | None = None, options: Sequence[str] = (), **env: str
) -> Iterator[str]:
    """The dashboard (`dashboard_command`, .streamlit/config.toml: headless) on `warehouse`, with `env` added to
    its environment and Streamlit `options` (`--secrets.files …`) to its command; yields its URL once it answers,
    stops it on leaving."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    with served(
        [*dashboard_command(port), *options],
        f"{url}/_stcore/health",
        name="le serveur du tableau de bord",
        deadline_s=deadline_s,
        cwd=settings.PROJECT_ROOT,
        env=dict(os.environ, **{settings.WAREHOUSE_ENV: str(warehouse)}, **env),
    ):
        yield url
