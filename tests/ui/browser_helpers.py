"""What the browser tests share: Debian's Chromium, its flags for a closed network, a dashboard served on a free
local port, and the wait for a page's script run to be over."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
# Chromium flags for a closed network: no background services trying to reach Google.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(warehouse: Path, **env: str) -> Iterator[str]:
    """The dashboard served as `assll dashboard` serves it (dashboard/serve.py: `streamlit run` behind a warm
    start) on a free local port, on this warehouse; yields its URL."""
    port = _free_port()
    env = dict(os.environ, ASSLL_WAREHOUSE=str(warehouse), **env)
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard.serve", str(ROOT / "dashboard" / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # a guard against a hang, not a measure of speed
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("le serveur Streamlit n'a pas démarré en 180 s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _settle(page) -> None:
    """Waits until Streamlit says the script run is over (and the page has its title)."""
    page.wait_for_function(
        """() => { const app = document.querySelector('[data-testid="stApp"]');
                   return app && app.getAttribute('data-test-script-state') === 'notRunning'
                          && document.querySelector('h1') !== null; }""",
        timeout=60_000)
    page.wait_for_timeout(500)
