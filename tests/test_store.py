"""The embedded store: a real FalkorDB server, started, queried, stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

import pytest

from ctgraph.store import EmbeddedServer, EmbeddedStartError, QueryRefused, QueryTimeout
from ctgraph.store.base import reads_within
from ctgraph.store.falkordb import FalkorStore
from ctgraph.store.queries import load_query


async def test_stats_of_an_empty_graph_are_zero(store: FalkorStore) -> None:
    counts = await store.stats()
    assert counts["nodes"]["Organization"] == 0
    assert set(counts["relationships"]) >= {"ORGANIZED", "CO_ORGANIZED_WITH"}


async def test_schema_twice_is_harmless(store: FalkorStore) -> None:
    await store.ensure_schema()
    await store.ensure_schema()
    assert await store.ping()


async def test_readonly_cypher_refuses_writes(store: FalkorStore) -> None:
    with pytest.raises(QueryRefused):
        await store.cypher_readonly(
            "CREATE (n:Organization {id:'x'})", {}, timeout_ms=1000, row_cap=10
        )
    assert (await store.stats())["nodes"]["Organization"] == 0


async def test_readonly_cypher_caps_rows(store: FalkorStore) -> None:
    result = await store.cypher_readonly(
        "UNWIND range(1, 50) AS i RETURN i", {}, timeout_ms=1000, row_cap=10
    )
    assert result.columns == ["i"]
    assert [r[0] for r in result.rows] == list(range(1, 11))
    assert result.truncated


async def test_readonly_cypher_stops_at_timeout(store: FalkorStore) -> None:
    with pytest.raises(QueryTimeout):
        await store.cypher_readonly(
            "UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b UNWIND range(1, 3000) AS c "
            "RETURN count(*)",
            {},
            timeout_ms=200,
            row_cap=10,
        )


async def test_reads_stop_at_the_work_budget(store: FalkorStore) -> None:
    """Within `reads_within`, the database stops a read when the budget runs out, however long
    the read's own limit: heavy work given up on does not go on holding a database thread."""
    slow = (
        "UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b UNWIND range(1, 3000) AS c "
        "RETURN count(*)"
    )
    with reads_within(1.0):
        t = time.monotonic()
        with pytest.raises(QueryTimeout):
            await store.cypher_readonly(slow, {}, timeout_ms=120_000, row_cap=10)
        took = time.monotonic() - t
    assert 0.8 < took < 5, took
    # A named read made once the budget is spent is not even sent.
    with reads_within(0.01):
        time.sleep(0.05)
        with pytest.raises(QueryTimeout, match="budget"):
            await store.query("facets_values")
    # Outside, reads are as they were.
    assert await store.query("facets_values") is not None


def test_every_query_file_reads(tmp_path: Path) -> None:
    assert "MATCH" in load_query("stats_labels", "falkordb")
    assert load_query("schema", "falkordb") != load_query("schema", "neo4j")


def test_server_recovers_a_stale_pid_file(tmp_path: Path) -> None:
    srv = EmbeddedServer(tmp_path)
    assert srv.start()
    pid = srv.pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0) if False else None
    # The pid file and socket of the killed server are still there.
    assert srv.pid_file.exists()
    try:
        assert srv.start()
        assert srv.is_running()
        assert srv.pid() != pid
        assert not srv.start()  # a second start finds it running
    finally:
        assert srv.stop()
    assert not srv.is_running()
    assert not srv.pid_file.exists()


def test_unwritable_folder_says_what_to_do(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root writes anywhere; a file where the folder should be fails the same way.
        (tmp_path / "home").write_text("not a folder")
        with pytest.raises((EmbeddedStartError, OSError)) as info:
            EmbeddedServer(tmp_path / "home").start()
        assert "home" in str(info.value)
        return
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(EmbeddedStartError, match="CTGRAPH_HOME"):
            EmbeddedServer(tmp_path / "home").start()
    finally:
        tmp_path.chmod(0o700)


async def test_a_load_leaves_a_snapshot_that_reopens_fast(tmp_path: Path) -> None:
    """After a load the log is rewritten as a snapshot: a restart reads it instead of
    replaying every write (which, for a large graph, took many minutes)."""
    import asyncio
    import time

    from bench.generate import generate
    from ctgraph.loaders import LoadOptions, load_paths

    srv = EmbeddedServer(tmp_path / "home")
    assert srv.start()
    try:
        store = FalkorStore(str(srv.socket), "g")
        await store.ensure_schema()
        generate(tmp_path / "data", 3000, seed=2)
        await load_paths(store, [tmp_path / "data"], LoadOptions(batch_size=200))
        before = await store.stats()
        for _ in range(200):
            if not srv.writing_snapshot():
                break
            await asyncio.sleep(0.05)
        aof = srv.folder / "appendonlydir"
        bases = [p for p in aof.iterdir() if p.name.endswith(".base.rdb")]
        assert bases and bases[0].stat().st_size > 10_000
        assert sum(p.stat().st_size for p in aof.glob("*.incr.aof")) < 10_000
        await store.close()
    finally:
        srv.stop()
    t = time.perf_counter()
    assert srv.start()
    try:
        assert time.perf_counter() - t < 10
        store = FalkorStore(str(srv.socket), "g")
        assert await store.stats() == before
        await store.close()
    finally:
        srv.stop()


def test_a_server_that_accepts_but_never_answers_does_not_hang_its_admin(tmp_path: Path) -> None:
    """Seen under load: a FalkorDB server that accepted connections and answered nothing (every
    thread waiting) hung `stop()` for ever on its first question. Every administrative question
    now gives up after its timeout, so stop() goes on to SIGTERM and SIGKILL."""
    import socket
    import threading

    import redis

    server = EmbeddedServer(tmp_path / "home")
    server.socket.parent.mkdir(parents=True, exist_ok=True)
    mute = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    mute.bind(str(server.socket))
    mute.listen(64)
    held: list[socket.socket] = []

    def accept() -> None:
        with contextlib.suppress(OSError):
            while True:
                held.append(mute.accept()[0])  # kept open, never answered

    threading.Thread(target=accept, daemon=True).start()
    outcome: list[BaseException | None] = []

    def ask() -> None:
        try:
            with server.client(timeout=0.5) as conn:
                conn.info("persistence")
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - what it raised is the assertion
            outcome.append(exc)

    asker = threading.Thread(target=ask, daemon=True)
    began = time.monotonic()
    asker.start()
    asker.join(30)
    took = time.monotonic() - began
    mute.close()
    assert not asker.is_alive(), "the question to a mute server never returned"
    assert isinstance(outcome[0], redis.RedisError), outcome
    # One try within its timeout (0.5 s), not three with backoff.
    assert took < 3, f"{took:.1f} s"
