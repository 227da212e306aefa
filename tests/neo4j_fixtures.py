"""The Neo4j half of the suite: the server (NEO4J_URI, or a local one from neo4j/), and a
store that records which query files ran on it."""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest

from ctgraph.store.base import Params, Record, WriteSummary
from ctgraph.store.neo4j import Neo4jStore

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@dataclass(frozen=True)
class Neo4jTarget:
    uri: str
    user: str
    password: str
    database: str


# Heavy work runs in worker processes (ctgraph.api.workers), where this store is opened again:
# there the names it runs are written to a file of this folder, one per process.
RAN_DIR = Path(os.environ.setdefault("CTGRAPH_TEST_RAN_DIR", tempfile.mkdtemp(prefix="ran-")))
_MAIN_PID = int(os.environ.setdefault("CTGRAPH_TEST_MAIN_PID", str(os.getpid())))


class RecordingNeo4jStore(Neo4jStore):
    """A Neo4j store that notes the name of every query it runs (for the coverage check)."""

    ran: ClassVar[set[str]] = set()

    @classmethod
    def note(cls, name: str) -> None:
        if name in cls.ran:
            return
        cls.ran.add(name)
        if os.getpid() != _MAIN_PID:
            with open(RAN_DIR / f"{os.getpid()}.txt", "a", encoding="utf-8") as f:
                f.write(name + "\n")

    @classmethod
    def everything_ran(cls) -> set[str]:
        """The names run here and in the worker processes."""
        found = set(cls.ran)
        for path in RAN_DIR.glob("*.txt"):
            found.update(path.read_text(encoding="utf-8").split())
        return found

    async def query(self, name: str, params: Params | None = None) -> list[Record]:
        self.note(name)
        return await super().query(name, params)

    async def write(self, name: str, params: Params | None = None) -> WriteSummary:
        self.note(name)
        return await super().write(name, params)

    async def ensure_schema(self) -> None:
        self.note("schema")
        await super().ensure_schema()

    def atomic(self) -> Any:
        if self._tx is None:
            self.note("unit_lock")  # every unit's first statement
        return super().atomic()


def _local_neo4j(tmp: Path) -> Any:
    sys.path.insert(0, str(ROOT / "neo4j"))
    try:
        from localneo4j import LocalNeo4j, LocalNeo4jError
    finally:
        sys.path.remove(str(ROOT / "neo4j"))
    # Class data sharing (tests/run.sh makes the archive first); the quick compiler only: the
    # suite's queries are many and short, and the optimizing compiler's threads would take
    # the CPU the other tests need.
    server = LocalNeo4j(
        tmp / "neo4j",
        port=0,
        password=secrets.token_urlsafe(12),
        class_data_sharing=True,
        jvm_args=["-XX:TieredStopAtLevel=1"],
    )
    try:
        server.start(timeout=300)
    except LocalNeo4jError as exc:
        pytest.fail(f"the local Neo4j could not start: {exc}", pytrace=False)
    return server


@pytest.fixture(scope="session")
def neo4j_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jTarget]:
    """The Neo4j of this session: NEO4J_URI's (which must hold no data: the suite clears it),
    else a local Neo4j started now and stopped at the end."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        target = Neo4jTarget(
            uri,
            os.environ.get("NEO4J_USERNAME", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", ""),
            os.environ.get("NEO4J_DATABASE", "neo4j"),
        )
        _refuse_if_it_holds_data(target)
        yield target
        return
    server = _local_neo4j(tmp_path_factory.mktemp("neo4j"))
    try:
        yield Neo4jTarget(server.uri, server.user, server.password, "neo4j")
    finally:
        server.stop()


def _refuse_if_it_holds_data(target: Neo4jTarget) -> None:
    import neo4j

    with neo4j.GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n) RETURN count(n) AS n", database_=target.database, routing_="r"
        )
    if records[0]["n"]:
        pytest.fail(
            f"the Neo4j database {target.database!r} at {target.uri} holds data and this suite "
            "clears it: point NEO4J_URI/NEO4J_DATABASE at a scratch database, or unset "
            "NEO4J_URI to let the suite start a local Neo4j",
            pytrace=False,
        )


def point_cli_at(
    store: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """Point an in-process `ctgraph` command at this test's store, on either database: the
    embedded graph by CTGRAPH_HOME/GRAPH, Neo4j by NEO4J_*; its cached settings are read anew
    now and again after the test."""
    from ctgraph.settings import get_settings

    monkeypatch.setenv("CTGRAPH_HOME", str(settings.home))
    monkeypatch.setenv("CTGRAPH_GRAPH", settings.graph)
    if store.backend == "neo4j":
        neo = request.getfixturevalue("neo4j_target")
        for name, value in (("URI", neo.uri), ("USERNAME", neo.user), ("PASSWORD", neo.password)):
            monkeypatch.setenv(f"NEO4J_{name}", value)
    get_settings.cache_clear()
    request.addfinalizer(get_settings.cache_clear)
