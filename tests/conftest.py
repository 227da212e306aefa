"""Shared fixtures: one real embedded FalkorDB server per test session, one graph per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from ctgraph.api.main import create_app
from ctgraph.settings import Settings
from ctgraph.store import EmbeddedServer
from ctgraph.store.falkordb import FalkorStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture(scope="session")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data folder of this test session's embedded database."""
    return tmp_path_factory.mktemp("ctgraph-home")


@pytest.fixture(scope="session")
def server(home: Path) -> Iterator[EmbeddedServer]:
    """The real embedded FalkorDB server, started once for the session."""
    srv = EmbeddedServer(home)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def graph_name() -> str:
    """A fresh graph name: every test gets a graph of its own."""
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def settings(home: Path, graph_name: str, server: EmbeddedServer) -> Settings:
    """Settings pointing at the session's server and this test's graph."""
    return Settings(home=home, graph=graph_name, load_sample=False, admin_key="test-admin-key")


@pytest.fixture
async def store(server: EmbeddedServer, graph_name: str) -> AsyncIterator[FalkorStore]:
    """An empty graph with the schema made, deleted after the test."""
    st = FalkorStore(str(server.socket), graph_name)
    await st.ensure_schema()
    yield st
    await st.drop()
    await st.close()


@pytest.fixture
async def sample_store(store: FalkorStore) -> FalkorStore:
    """This test's graph with the bundled sample dataset (data/sample/) loaded."""
    from ctgraph.loaders import LoadOptions, load_paths

    await load_paths(store, [SAMPLE], LoadOptions())
    return store


@pytest.fixture
async def client(settings: Settings, store: FalkorStore) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the app, on this test's graph."""
    app = create_app(settings, store=store)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ctgraph.test") as c:
            yield c


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Neo4j-marked tests run only when NEO4J_URI is set, and say so when skipped."""
    if os.environ.get("NEO4J_URI"):
        return
    skip = pytest.mark.skip(reason="NEO4J_URI is not set: start Neo4j (docker compose up neo4j)")
    for item in items:
        if "neo4j" in item.keywords:
            item.add_marker(skip)
