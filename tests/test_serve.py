"""`ctgraph serve` ends cleanly on SIGINT and SIGTERM, and stops the database it started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from ctgraph.store import EmbeddedServer


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serve_stops_the_database_it_started(sig: signal.Signals, tmp_path: Path) -> None:
    home = tmp_path / "home"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CTGRAPH_", "NEO4J_"))}
    env["CTGRAPH_HOME"] = str(home)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ctgraph", "serve", "--port", str(port), "--no-sample"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.2)
        server = EmbeddedServer(home)
        assert server.is_running()
        pid = server.pid()
        proc.send_signal(sig)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    assert not server.is_running() and pid is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
