"""A command that started the database leaves it as a snapshot: it reopens in seconds."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.generate import generate
from ctgraph.store import EmbeddedServer

pytestmark = pytest.mark.slow


def test_load_that_started_the_database_waits_for_its_snapshot(tmp_path: Path) -> None:
    home = tmp_path / "home"
    generate(tmp_path / "data", 20_000, seed=5)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CTGRAPH_", "NEO4J_"))}
    env["CTGRAPH_HOME"] = str(home)
    done = subprocess.run(
        [sys.executable, "-m", "ctgraph", "load", str(tmp_path / "data"), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    server = EmbeddedServer(home)
    assert not server.is_running()
    aof = server.folder / "appendonlydir"
    bases = [p for p in aof.iterdir() if p.name.endswith(".base.rdb")]
    assert bases and bases[0].stat().st_size > 1_000_000
    # Everything the load wrote is in the snapshot; the log after it holds next to nothing.
    assert sum(p.stat().st_size for p in aof.glob("*.incr.aof")) < 100_000
    assert "Killing it" not in (server.folder / "falkordb.log").read_text()
    t = time.perf_counter()
    assert server.start()
    try:
        assert time.perf_counter() - t < 10
    finally:
        server.stop()
