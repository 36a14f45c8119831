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
def running(
    warehouse: Path, *, deadline_s: float = 180, port: int | None = None, options: Sequence[str] = (), **env: str
) -> Iterator[str]:
    """The dashboard (`dashboard_command`, .streamlit/config.toml: headless) on `warehouse`, with `env` added to
    its environment and Streamlit `options` (`--secrets.files …`) to its command; yields its URL once it answers,
    stops it on leaving."""
    port = port or free_port()
    process = subprocess.Popen(
        [*dashboard_command(port), *options],
        cwd=settings.PROJECT_ROOT,
        env=dict(os.environ, **{settings.WAREHOUSE_ENV: str(warehouse)}, **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + deadline_s  # a guard against a hang, not a measure of speed
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None:
                    raise ServerDidNotStart(
                        f"le serveur du tableau de bord s'est arrêté (code {process.returncode})"
                    ) from None
                if time.monotonic() > deadline:
                    raise ServerDidNotStart(
                        f"le serveur du tableau de bord n'a pas répondu en {deadline_s:.0f} s"
                    ) from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
