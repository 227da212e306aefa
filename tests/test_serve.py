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


def _serve(home: Path, *args: str) -> tuple[subprocess.Popen[str], int, dict[str, str]]:
    """`ctgraph serve` on a free port with its own data folder (no CTGRAPH_/NEO4J_ settings
    from outside): the process, its port, and its environment (for other commands)."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CTGRAPH_", "NEO4J_"))}
    env["CTGRAPH_HOME"] = str(home)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ctgraph", "serve", "--port", str(port), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return proc, port, env


def _wait_ready(proc: subprocess.Popen[str], url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "not ready within 60 s"
        time.sleep(0.1)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serve_stops_the_database_it_started(sig: signal.Signals, tmp_path: Path) -> None:
    home = tmp_path / "home"
    proc, port, env = _serve(home, "--no-sample")
    try:
        _wait_ready(proc, f"http://127.0.0.1:{port}")
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


def test_serve_starts_a_killed_database_again(tmp_path: Path) -> None:
    home = tmp_path / "home"
    proc, port, _ = _serve(home)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(proc, url)
        before = httpx.get(f"{url}/api/stats", timeout=10).json()
        server = EmbeddedServer(home)
        pid = server.pid()
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        # Meanwhile readiness says the database is down, and what happens next.
        seen_down = None
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and seen_down is None:
            r = httpx.get(f"{url}/readyz", timeout=5)
            if r.status_code == 503:
                seen_down = r.json()
            time.sleep(0.05)
        _wait_ready(proc, url)
        assert server.pid() not in (None, pid)
        # Nothing acknowledged was lost: the sample loaded before the kill is all there.
        assert httpx.get(f"{url}/api/stats", timeout=10).json() == before
        if seen_down is not None:
            assert seen_down["ready"] is False and "starts it again" in seen_down["detail"]
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    assert not server.is_running()


def test_a_database_stopped_by_hand_stays_stopped(tmp_path: Path) -> None:
    """`ctgraph db stop` under a running server: the server does not start it again (it says
    so in its log), `/readyz` answers 503, and `ctgraph db start` brings it back."""
    home = tmp_path / "home"
    proc, port, env = _serve(home, "--no-sample")
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(proc, url)
        stop = subprocess.run(
            [sys.executable, "-m", "ctgraph", "db", "stop"], env=env, capture_output=True, text=True
        )
        assert stop.returncode == 0 and "stopped" in stop.stdout, stop.stderr
        time.sleep(3)  # the watchdog looks every second
        server = EmbeddedServer(home)
        assert not server.is_running()
        assert httpx.get(f"{url}/readyz", timeout=5).status_code == 503
        start = subprocess.run(
            [sys.executable, "-m", "ctgraph", "db", "start"],
            env=env,
            capture_output=True,
            text=True,
        )
        assert start.returncode == 0, start.stderr
        _wait_ready(proc, url)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        EmbeddedServer(home).stop()  # started by hand: stopped by hand
    err = proc.stderr.read() if proc.stderr else ""
    assert "stopped with `ctgraph db stop`; not starting it again" in err
