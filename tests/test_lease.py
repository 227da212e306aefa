"""The write lock of the embedded database: its lease is kept from a thread of its own, so a
writer whose event loop stalls (planning a million rows, a loaded CPU) keeps its lock for as
long as it lives, and nobody else writes meanwhile."""

from __future__ import annotations

import threading
import time

import pytest
import redis

import ctgraph.store.falkordb as falkordb
from ctgraph.store import EmbeddedServer
from ctgraph.store.falkordb import FalkorStore

CHANGE = {
    "batch": "lease",
    "seq": 1,
    "at": "2026-01-01T00:00:00.000Z",
    "op": "create",
    "kind": "organizations",
    "entityId": "org:lease",
    "changes": "{}",
}


async def test_a_stalled_writer_keeps_its_lock_and_commits(
    server: EmbeddedServer, graph_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A lease of 0.9 s, and an event loop blocked for 2.5 s inside the unit: renewed from the
    # loop, the lease would lapse three times over and the commit be refused.
    monkeypatch.setattr(falkordb, "LOCK_TTL_MS", 900)
    st = FalkorStore(str(server.socket), graph_name)
    await st.ensure_schema()
    other = redis.Redis(unix_socket_path=str(server.socket))
    taken: list[bool] = []

    def rival() -> None:
        # Another writer tries to take the lock while this one stalls.
        for _ in range(10):
            taken.append(bool(other.set(st.lock_key, "rival", nx=True, px=900)))
            time.sleep(0.2)

    try:
        async with st.atomic() as unit:
            await unit.history_write([CHANGE])
            thread = threading.Thread(target=rival)
            thread.start()
            time.sleep(2.5)  # the loop stalls: nothing on it runs
            thread.join()
        assert taken == [False] * 10, "another writer took the lock of a live writer"
        rows = await st.cypher_readonly(
            "MATCH (c:Change {entityId: 'org:lease'}) RETURN count(c)",
            None,
            timeout_ms=10_000,
            row_cap=10,
        )
        assert rows.rows == [[1]]
        # The lock is given back at the end.
        assert other.get(st.lock_key) is None
    finally:
        other.close()
        await st.drop()
        await st.close()
