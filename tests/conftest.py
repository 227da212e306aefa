"""Shared fixtures: the real databases, started once per session, and one graph per test.

Every test that takes `store` (or `sample_store`, `client`) runs twice: on the embedded
FalkorDB server, and on Neo4j (marked `neo4j`). Neo4j is the one at NEO4J_URI when that is
set, else a local Neo4j 5.26 Community started from its Maven artifacts (neo4j/), which needs
Java 17 and Maven; when it cannot start, those tests fail, never skip. `pytest -m neo4j` runs
the Neo4j half alone.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

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


# Parallel runs (tests/run.sh: `-n 2`): each worker writes the group of every test it
# collected into this folder, and the controller's scheduler hands out whole groups.
GROUPS_ENV = "CTGRAPH_TEST_GROUPS"


def pytest_configure(config: pytest.Config) -> None:
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        import tempfile

        os.environ[GROUPS_ENV] = tempfile.mkdtemp(prefix="ctgraph-test-groups-")


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = os.environ.get(GROUPS_ENV)
    if folder and not hasattr(config, "workerinput"):
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The check that every query file ran on Neo4j goes last, after every Neo4j test.

    Run in parallel, tests go to workers in groups: the tests on the session's Neo4j and that
    check share one worker, and so one Neo4j; each test of the kill matrix (it starts servers of
    its own) is a group of its own; every other module is one group, so that a module's tests
    keep their order and the state they share. The longest groups come first, so that no
    worker is left with one at the end."""
    last = [i for i in items if i.name == "test_every_query_file_ran_on_neo4j"]
    items[:] = [i for i in items if i not in last] + last
    kill = [i for i in items if i.path.name == "test_kill_matrix.py"]

    def group(item: pytest.Item) -> str:
        if item in kill:
            return item.nodeid
        if item.get_closest_marker("neo4j") or item in last:
            return "neo4j"
        return str(item.path.relative_to(ROOT))

    def weight(item: pytest.Item) -> int:
        if item in kill:
            return 0 if ("neo4j" in item.name and "database" in item.name) else 2
        return 1 if group(item) == "neo4j" else 3

    items.sort(key=weight)  # stable: the order within each group is kept
    folder = os.environ.get(GROUPS_ENV)
    worker = getattr(config, "workerinput", {}).get("workerid")
    if folder and worker:
        groups = {i.nodeid: group(i) for i in items}
        (Path(folder) / f"{worker}.json").write_text(json.dumps(groups))


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Whole groups to each worker (pytest-xdist's own `loadgroup` reads groups from node ids,
    which pytest 9 no longer lets a plugin change)."""
    from xdist.scheduler import LoadScopeScheduling

    folder = os.environ.get(GROUPS_ENV)

    class GroupScheduling(LoadScopeScheduling):  # type: ignore[misc]
        groups: dict[str, str] = {}

        def _split_scope(self, nodeid: str) -> str:
            if nodeid not in self.groups and folder:
                for f in Path(folder).glob("*.json"):
                    self.groups.update(json.loads(f.read_text()))
            return self.groups.get(nodeid, nodeid)

    return GroupScheduling(config, log)
