"""The kill matrix: `ctgraph load` of a generated batch on top of the sample, with the loader or
the database killed (SIGKILL) at ten moments across the load, on each database. After every
kill the graph is as it was before the load or as one clean load leaves it, never between; a
reader polling the graph all along sees only those two states; and running the load again ends
exactly as one clean load does, history included."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bench.generate import generate
from ctgraph.core.resources import resource_dir
from ctgraph.loaders import LoadOptions, load_paths
from ctgraph.store import EmbeddedServer, StoreError
from ctgraph.store.base import GraphStore
from ctgraph.store.falkordb import FalkorStore
from ctgraph.store.neo4j import Neo4jStore
from tests.loaders.helpers import dump, history
from tests.neo4j_fixtures import ROOT

pytestmark = pytest.mark.slow  # CI runs it; `-m "not slow"` leaves it out

# Fractions of a clean load's running time (the command from its start) at which to kill.
MOMENTS = [0.05 + i / 10 for i in range(10)]
RECORDS = 3000
COUNT = (
    "MATCH (n) WHERE NOT n:Change WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r)"
)


@dataclass
class Target:
    """One database: how to reach it, reset it, kill it and bring it back."""

    env: dict[str, str]
    connect: Callable[[], GraphStore]
    kill: Callable[[], None]
    restart: Callable[[], None]
    states: list[str] = field(default_factory=list)


def _cli(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ctgraph.cli", *args],
        cwd=ROOT,
        env={**os.environ, **env, "CTGRAPH_BATCH_SIZE": "500", "COLUMNS": "200"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def _reset(store: GraphStore) -> None:
    await store.clear()
    await store.ensure_schema()
    await load_paths(store, [resource_dir("sample")], LoadOptions())


async def _count(store: GraphStore) -> tuple[int, int]:
    rows = (await store.cypher_readonly(COUNT, None, timeout_ms=30_000, row_cap=1)).rows
    return (int(rows[0][0]), int(rows[0][1])) if rows else (0, 0)


@contextlib.asynccontextmanager
async def _watch(target: Target, seen: set[tuple[int, int]]) -> AsyncIterator[None]:
    """A reader polling the graph's counts while the load runs (quiet while the database is
    down)."""

    # Told to stop rather than cancelled: a cancellation that lands inside the database
    # client's read can be swallowed there, and the reader would poll for ever.
    stop = asyncio.Event()

    async def poll() -> None:
        reader = target.connect()
        try:
            while not stop.is_set():
                with contextlib.suppress(StoreError, OSError):
                    seen.add(await _count(reader))
                await asyncio.sleep(0.01)
        finally:
            await reader.close()

    task = asyncio.create_task(poll())
    try:
        yield
    finally:
        stop.set()
        try:
            await asyncio.wait_for(task, 60)
        except TimeoutError:
            task.cancel()


async def _matrix(target: Target, data: Path, victim: str) -> list[str]:
    store = target.connect()
    try:
        await _reset(store)
        before, before_n = await dump(store), await _count(store)
        # The moments are fractions of a clean load's time on a database as warm as the one the
        # kills meet: a restarted database is as cold as a fresh one; one left running warms up
        # (its second load of the same batch is far quicker than its first), so its clean load is
        # timed a second time.
        for i in range(1 if victim == "database" else 2):
            if i:
                await _reset(store)
            began = time.monotonic()
            proc = _cli(target.env, "load", str(data), "--json")
            _, err = proc.communicate(timeout=600)
            assert proc.returncode == 0, err[-2000:]
            took = time.monotonic() - began
        after, after_n, clean_history = await dump(store), await _count(store), await history(store)
        assert after != before
        outcomes = []
        for moment in MOMENTS:
            await _reset(store)
            assert await dump(store) == before
            seen: set[tuple[int, int]] = set()
            async with _watch(target, seen):
                proc = _cli(target.env, "load", str(data), "--json")
                await asyncio.sleep(moment * took)
                if victim == "loader":
                    proc.send_signal(signal.SIGKILL)
                else:
                    target.kill()
                proc.communicate(timeout=600)
                if victim == "database":
                    target.restart()
                    await store.close()
                    store = target.connect()
                # The reader sees the graph once more after the kill, whatever it saw before.
                await asyncio.sleep(0.3)
            now = await dump(store)
            assert now in (before, after), f"{victim} killed at {moment:.0%}: a partial graph"
            assert seen <= {before_n, after_n}, f"{victim} killed at {moment:.0%}: saw {seen}"
            outcomes.append("before" if now == before else "after")
            report = await load_paths(store, [data], LoadOptions())
            assert report.ok
            assert await dump(store) == after
            assert await history(store) == clean_history
        return outcomes
    finally:
        await store.close()


def _both_seen(victim: str, outcomes: list[str]) -> None:
    """Kills during the load left it undone; kills after it found it done. A database killed
    before the loader reached it is started again by the loader, which then loads: done."""
    print(f"{victim} kills: {outcomes}")
    assert "before" in outcomes and "after" in outcomes, outcomes
    if victim == "loader":
        assert outcomes.count("before") >= 3, outcomes


@pytest.fixture
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kill-data")
    generate(folder, RECORDS, seed=11)
    return folder


@pytest.mark.parametrize("victim", ["loader", "database"])
async def test_kill_matrix_embedded(tmp_path: Path, data: Path, victim: str) -> None:
    server = EmbeddedServer(tmp_path / "home")
    server.start()
    graph = "kill-matrix"

    def kill() -> None:
        pid = server.pid()
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        while server.pid() is not None:
            time.sleep(0.01)

    target = Target(
        env={"CTGRAPH_HOME": str(tmp_path / "home"), "CTGRAPH_GRAPH": graph},
        connect=lambda: FalkorStore(str(server.socket), graph),
        kill=kill,
        restart=lambda: server.start() and None,
    )
    try:
        outcomes = await _matrix(target, data, victim)
    finally:
        server.stop()
    _both_seen(victim, outcomes)


def _neo4j_server(folder: Path, password: str) -> Any:
    sys.path.insert(0, str(ROOT / "neo4j"))
    try:
        from localneo4j import LocalNeo4j
    finally:
        sys.path.remove(str(ROOT / "neo4j"))
    # Each server lives for one moment (a reset, a load, a kill): it starts from the class data
    # archive (made by tests/run.sh) and compiles with the quick compiler only, whose code is
    # ready sooner and costs far less CPU than the optimizing one's (the database matrix alone:
    # 165 s instead of 205 s).
    return LocalNeo4j(
        folder,
        port=0,
        password=password,
        class_data_sharing=True,
        jvm_args=["-XX:TieredStopAtLevel=1"],
    )


@pytest.mark.neo4j
@pytest.mark.parametrize("victim", ["loader", "database"])
async def test_kill_matrix_neo4j(tmp_path: Path, data: Path, victim: str) -> None:
    password = secrets.token_urlsafe(12)
    holder = {"server": _neo4j_server(tmp_path / "neo4j", password).start(timeout=300)}

    def kill() -> None:
        proc = holder["server"].process
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def restart() -> None:
        holder["server"].stop()
        fresh = _neo4j_server(tmp_path / "neo4j", password)
        fresh.requested_port = holder["server"].port
        holder["server"] = fresh.start(timeout=300)

    def env() -> dict[str, str]:
        return holder["server"].env()  # type: ignore[no-any-return]

    def connect() -> GraphStore:
        e = env()
        return Neo4jStore(e["NEO4J_URI"], e["NEO4J_USERNAME"], e["NEO4J_PASSWORD"], "neo4j")

    target = Target(env=env(), connect=connect, kill=kill, restart=restart)
    try:
        outcomes = await _matrix(target, data, victim)
    finally:
        holder["server"].stop()
    _both_seen(victim, outcomes)
