"""A loader killed with SIGKILL mid-load, then run again, ends with the same graph as one clean
load; and the `ctgraph load` / `ctgraph merge` commands as a user runs them."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from bench.generate import generate
from ctgraph.loaders import LoadOptions, load_paths
from ctgraph.store import EmbeddedServer
from ctgraph.store.falkordb import FalkorStore
from tests.loaders.helpers import dump, history, write_folder

pytestmark = pytest.mark.slow  # CI runs it; `-m "not slow"` leaves it out

ROOT = Path(__file__).resolve().parents[2]


def ctgraph(home: Path, graph: str, *args: str, batch: int = 5000) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "CTGRAPH_HOME": str(home),
        "CTGRAPH_GRAPH": graph,
        "CTGRAPH_BATCH_SIZE": str(batch),
        "COLUMNS": "200",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "ctgraph.cli", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# Kills the embedded database's own loader process; the kill matrix on Neo4j is its own test.
@pytest.mark.parametrize("store", ["embedded"], indirect=True)
async def test_kill_mid_load_then_rerun_equals_one_clean_load(
    server: EmbeddedServer, home: Path, store: FalkorStore, graph_name: str, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    generate(data, 30_000, seed=7)
    before = await dump(store)
    proc = ctgraph(home, graph_name, "load", str(data), "--json", batch=100)
    killed_at: dict[str, dict[str, int]] | None = None
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        # Killed while it writes: its staged copy of the graph exists.
        if store.staging_name in await store._admin("GRAPH.LIST"):
            await asyncio.sleep(0.5)
            proc.send_signal(signal.SIGKILL)
            killed_at = await store.stats()
            break
        await asyncio.sleep(0.02)
    proc.wait(timeout=30)
    out = proc.stdout.read() if proc.stdout else ""
    assert killed_at is not None, f"the load ended before it could be killed: {out[-500:]}"
    assert proc.returncode == -signal.SIGKILL
    # Its copy is left, a whole graph's memory, until the next ctgraph command starts.
    assert store.staging_name in await store._admin("GRAPH.LIST")
    assert await asyncio.to_thread(server.start) is False  # the database runs already
    assert store.staging_name not in await store._admin("GRAPH.LIST")

    clean = FalkorStore(str(server.socket), f"test-clean-{uuid.uuid4().hex[:8]}")
    await clean.ensure_schema()
    try:
        await load_paths(clean, [data], LoadOptions())
        expected = await dump(clean)
        partial = await dump(store)
        # The kill left the graph as it was before the load, not half loaded.
        assert partial == before != expected
        report = await load_paths(store, [data], LoadOptions())
        assert report.ok
        assert await dump(store) == expected
        # The history too: every change recorded exactly once, as one clean load records it.
        assert await history(store) == await history(clean)
    finally:
        await clean.drop()
        await clean.close()


@pytest.mark.parametrize("store", ["embedded"], indirect=True)
async def test_cli_load_errors_json_and_merge(
    home: Path, store: FalkorStore, graph_name: str, tmp_path: Path
) -> None:
    bad = write_folder(
        tmp_path / "bad",
        {
            "organizations.csv": "id,name,kind,sourceIds\norg:x,X,company,\n",
        },
    )
    proc = ctgraph(home, graph_name, "load", str(bad))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "organizations.csv" in err and "kind" in err and "company" in err
    assert "nothing was written" in err

    good = write_folder(
        tmp_path / "good",
        {
            "sources.csv": "id,name\nsource:s,S\n",
            "organizations.csv": "id,name,kind,sourceIds\norg:a,Alpha,ngo,source:s\n"
            "org:b,Alpha Two,ngo,source:s\n",
        },
    )
    proc = ctgraph(home, graph_name, "load", str(good), "--json")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    report = json.loads(out)
    assert report["ok"] and report["counts"]["organizations"]["created"] == 2

    proc = ctgraph(home, graph_name, "load", str(good))
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "unchanged" in out and "rows/s" in err

    proc = ctgraph(home, graph_name, "merge", "org:a", "org:b")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "org:b now resolves to org:a" in " ".join(out.split())
    counts = await store.stats()
    assert counts["nodes"]["Organization"] == 1 and counts["nodes"]["Redirect"] == 1

    proc = ctgraph(home, graph_name, "merge", "org:a", "org:nope")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "org:nope" in err


@pytest.mark.parametrize("store", ["embedded"], indirect=True)
async def test_a_unit_under_way_keeps_its_copy(
    server: EmbeddedServer, store: FalkorStore, sample_store: FalkorStore
) -> None:
    """Another ctgraph command starting meanwhile leaves a running unit's copy alone."""
    before = await dump(store)
    async with store.atomic() as unit:
        await unit.write("clear_graph", {"limit": 10})
        assert store.staging_name in await store._admin("GRAPH.LIST")
        assert await asyncio.to_thread(server.discard_unfinished) == []
        assert store.staging_name in await store._admin("GRAPH.LIST")
        assert await dump(store) == before  # readers see the graph as it was
    # The unit committed: its copy became the graph.
    assert store.staging_name not in await store._admin("GRAPH.LIST")
    after = await dump(store)
    assert after != before
