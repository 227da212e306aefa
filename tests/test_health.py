"""Liveness, readiness and counts over HTTP."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import httpx
import pytest

from ctgraph.api.main import create_app
from ctgraph.settings import Settings
from ctgraph.store import EmbeddedServer
from ctgraph.store.falkordb import FalkorStore


# The embedded database by name: what this test asserts is its own.
@pytest.mark.parametrize("store", ["embedded"], indirect=True)
async def test_health_and_ready(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"ok": True}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"ready": True, "backend": "falkordb"}


async def test_ready_is_false_when_the_database_is_down(settings: Settings, tmp_path) -> None:
    dead = FalkorStore(str(tmp_path / "no.sock"), "nothing")
    app = create_app(settings, store=dead)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        ready = await c.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["ready"] is False
        stats = await c.get("/api/stats")
        assert stats.status_code == 503
        assert "not answering" in stats.json()["detail"]
    await dead.close()


async def test_a_database_that_takes_connections_but_answers_nothing_is_not_ready(
    settings: Settings, tmp_path: Path
) -> None:
    """An embedded database stopped (SIGSTOP: its socket still accepts) makes /readyz answer 503
    within seconds, saying so; continued, it is ready again."""
    server = EmbeddedServer(tmp_path / "home")
    server.start()
    store = FalkorStore(str(server.socket), "ready")
    app = create_app(settings, store=store)
    transport = httpx.ASGITransport(app=app)
    pid = server.pid()
    assert pid is not None
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://t", timeout=30) as c:
            assert (await c.get("/readyz")).status_code == 200
            os.kill(pid, signal.SIGSTOP)
            try:
                began = time.monotonic()
                ready = await c.get("/readyz")
                took = time.monotonic() - began
            finally:
                os.kill(pid, signal.SIGCONT)
            assert ready.status_code == 503 and ready.json()["ready"] is False, ready.text
            assert "answered no query within 3 s" in ready.json()["detail"]
            assert took < 10, took
            deadline = time.monotonic() + 20
            while (await c.get("/readyz")).status_code != 200:
                assert time.monotonic() < deadline, "not ready again after SIGCONT"
                await asyncio.sleep(0.2)
    finally:
        await store.close()
        server.stop()


# The embedded database by name: what this test asserts is its own.
@pytest.mark.parametrize("store", ["embedded"], indirect=True)
async def test_stats_counts_per_type(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/stats")).json()
    assert body["backend"] == "falkordb"
    assert body["nodes"]["Organization"] == 0
    assert "CO_ORGANIZED_WITH" in body["relationships"]


@pytest.mark.neo4j
@pytest.mark.parametrize("store", ["neo4j"], indirect=True)
async def test_ready_and_stats_name_neo4j(client: httpx.AsyncClient) -> None:
    assert (await client.get("/readyz")).json() == {"ready": True, "backend": "neo4j"}
    body = (await client.get("/api/stats")).json()
    assert body["backend"] == "neo4j"
    assert body["nodes"]["Organization"] == 0
