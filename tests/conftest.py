"""Shared fixtures: the real databases, started once per session, and one graph per test.

Every test that takes `store` (or `sample_store`, `client`) runs twice: on the embedded
FalkorDB server, and on Neo4j (marked `neo4j`). Neo4j is the one at NEO4J_URI when that is
set, else a local Neo4j 5.26 Community started from its Maven artifacts (neo4j/), which needs
Java 17 and Maven; when it cannot start, those tests fail, never skip. `pytest -m neo4j` runs
the Neo4j half alone.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from ctgraph.api.main import create_app
from ctgraph.settings import Settings
from ctgraph.store import EmbeddedServer, GraphStore
from ctgraph.store.falkordb import FalkorStore
from tests.neo4j_fixtures import (  # noqa: F401 - fixtures
    BACKENDS,
    Neo4jTarget,
    RecordingNeo4jStore,
    neo4j_target,
)

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


@pytest.fixture(params=BACKENDS)
async def store(request: pytest.FixtureRequest, graph_name: str) -> AsyncIterator[GraphStore]:
    """An empty graph with the schema made, on each database in turn; emptied after the test."""
    if request.param == "embedded":
        server: EmbeddedServer = request.getfixturevalue("server")
        st = FalkorStore(str(server.socket), graph_name)
        await st.ensure_schema()
        yield st
        await st.drop()
        await st.close()
        return
    neo: Neo4jTarget = request.getfixturevalue("neo4j_target")
    n4 = RecordingNeo4jStore(neo.uri, neo.user, neo.password, neo.database)
    await n4.clear()
    await n4.ensure_schema()
    yield n4
    await n4.clear()
    await n4.close()


@pytest.fixture
async def sample_store(store: GraphStore) -> GraphStore:
    """This test's graph with the bundled sample dataset (data/sample/) loaded."""
    from ctgraph.loaders import LoadOptions, load_paths

    await load_paths(store, [SAMPLE], LoadOptions())
    return store


@pytest.fixture
async def client(settings: Settings, store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the app, on this test's graph."""
    app = create_app(settings, store=store)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ctgraph.test") as c:
            yield c


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The check that every query file ran on Neo4j goes last, after every Neo4j test."""
    last = [i for i in items if i.name == "test_every_query_file_ran_on_neo4j"]
    items[:] = [i for i in items if i not in last] + last
