"""The Neo4j backend: one-line errors without a server, and the same answers as the embedded
database for the same data (the `neo4j` suite, on the session's Neo4j: see conftest).

The suite clears the Neo4j database it is given, so it refuses to start on one that already
holds nodes: point NEO4J_URI / NEO4J_DATABASE at a scratch one, or leave NEO4J_URI unset.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ctgraph.api.main import create_app
from ctgraph.loaders import LoadOptions, load_paths
from ctgraph.settings import Settings
from ctgraph.store import EmbeddedServer, GraphStore
from ctgraph.store.falkordb import FalkorStore
from tests.neo4j_fixtures import Neo4jTarget, RecordingNeo4jStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
CLI = [sys.executable, "-c", "from ctgraph.cli import app; app()"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(args: list[str], uri: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEO4J_URI": uri, "CTGRAPH_HOME": str(home), "COLUMNS": "400"}
    return subprocess.run(CLI + args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("args", [["stats"], ["load", str(SAMPLE)]])
def test_unreachable_neo4j_is_one_line(args: list[str], tmp_path: Path) -> None:
    done = _cli(args, f"bolt://127.0.0.1:{_closed_port()}", tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: Neo4j is not reachable at bolt://127.0.0.1:")
    assert "docker compose up" in lines[0]


def test_a_uri_neo4j_does_not_speak_is_one_line(tmp_path: Path) -> None:
    done = _cli(["stats"], "http://localhost:7474", tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("error: NEO4J_URI='http://localhost:7474' is not a Neo4j")
    assert "neo4j://localhost:7687" in done.stderr


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"NEO4J_PASSWORD": "not-the-password"}, "refused the credentials"),
        ({"NEO4J_DATABASE": "nosuchdb"}, "has no database 'nosuchdb'"),
    ],
)
def test_wrong_password_or_database_is_one_line(
    neo4j_target: Neo4jTarget, change: dict[str, str], expected: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "NEO4J_URI": neo4j_target.uri,
        "NEO4J_USERNAME": neo4j_target.user,
        "NEO4J_PASSWORD": neo4j_target.password,
        "CTGRAPH_HOME": str(tmp_path),
        "COLUMNS": "400",
        **change,
    }
    done = subprocess.run(
        [*CLI, "stats"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ") and expected in lines[0], lines[0]


# --- the same data in both databases -------------------------------------------------------


@pytest.fixture
async def neo4j_store(neo4j_target: Neo4jTarget) -> AsyncIterator[GraphStore]:
    st = RecordingNeo4jStore(
        neo4j_target.uri, neo4j_target.user, neo4j_target.password, neo4j_target.database
    )
    await st.clear()
    await st.ensure_schema()
    await load_paths(st, [SAMPLE], LoadOptions())
    yield st
    await st.clear()
    await st.close()


@pytest.fixture
async def embedded_store(server: EmbeddedServer, graph_name: str) -> AsyncIterator[GraphStore]:
    st = FalkorStore(str(server.socket), graph_name)
    await st.ensure_schema()
    await load_paths(st, [SAMPLE], LoadOptions())
    yield st
    await st.drop()
    await st.close()


@pytest.fixture
async def clients(
    neo4j_store: GraphStore, embedded_store: GraphStore, settings: Settings
) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    out: dict[str, httpx.AsyncClient] = {}
    for name, st in (("neo4j", neo4j_store), ("embedded", embedded_store)):
        app = create_app(settings, store=st)
        out[name] = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://ctgraph.test"
        )
    yield out
    for c in out.values():
        await c.aclose()


def _normal(value: Any) -> Any:
    """Order-free form of an answer: lists sorted by their JSON text, floats rounded."""
    import json

    if isinstance(value, dict):
        # `backend` names the database that answered, the one thing meant to differ.
        skip = {"score", "seconds", "backend"}
        return {k: _normal(v) for k, v in value.items() if k not in skip}
    if isinstance(value, list):
        items = [_normal(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, float):
        return round(value, 6)
    return value


SAME_ANSWERS = [
    ("/api/stats", {}),
    ("/api/organizations", {"limit": 100}),
    ("/api/people", {"limit": 100}),
    ("/api/events", {"from": "2019", "to": "2019"}),
    ("/api/entities/org:uz-national-commission", {}),
    ("/api/entities/org:iom", {}),
    ("/api/entities/person:ulugbek-gainazarov", {}),
    ("/api/graph/neighborhood", {"id": "org:iom", "depth": 2}),
    ("/api/graph/neighborhood", {"id": "org:osce", "depth": 1, "limit": 2}),
    ("/api/graph/paths", {"from": "org:iom", "to": "org:odihr"}),
    ("/api/graph/co-organization", {}),
    ("/api/facets", {}),
    ("/api/export", {"format": "json"}),
]


@pytest.mark.neo4j
@pytest.mark.parametrize(("path", "params"), SAME_ANSWERS)
async def test_same_answers_on_both_backends(
    clients: dict[str, httpx.AsyncClient], path: str, params: dict[str, Any]
) -> None:
    got = {}
    for name, c in clients.items():
        r = await c.get(path, params=params)
        assert r.status_code == 200, f"{name}: {r.text}"
        got[name] = _normal(r.json())
    assert got["neo4j"] == got["embedded"]


@pytest.mark.neo4j
async def test_search_finds_the_same_entities(clients: dict[str, httpx.AsyncClient]) -> None:
    for q in ("migraton", "national commission", "OSCE", "uzbekistan"):
        found = {}
        for name, c in clients.items():
            r = await c.get("/api/search", params={"q": q, "limit": 5})
            assert r.status_code == 200, r.text
            found[name] = {h["id"] for h in r.json()["results"]}
        assert found["neo4j"], q
        assert found["neo4j"] == found["embedded"], q


@pytest.mark.neo4j
async def test_neo4j_refuses_writes_and_loads_idempotently(
    clients: dict[str, httpx.AsyncClient], neo4j_store: GraphStore
) -> None:
    before = await neo4j_store.stats()
    for query in (
        "CREATE (n:X) RETURN n",
        "MATCH (n) DETACH DELETE n",
        "MATCH (n:Organization) SET n.name = 'x' RETURN n",
        "CALL db.createLabel('X')",
    ):
        r = await clients["neo4j"].post("/api/cypher", json={"query": query})
        assert r.status_code == 403, (query, r.text)
    r = await clients["neo4j"].post(
        "/api/cypher",
        json={"query": "MATCH (o:Organization) RETURN o.id AS id ORDER BY id LIMIT 3"},
    )
    assert r.status_code == 200 and len(r.json()["rows"]) == 3
    report = await load_paths(neo4j_store, [SAMPLE], LoadOptions())
    assert report.ok
    assert await neo4j_store.stats() == before


def test_a_unit_over_neo4j_transaction_memory_says_what_to_do() -> None:
    """Neo4j's own error when a transaction passes db.memory.transaction.max (as a load of
    200,000 records on a 1 GiB limit gives it) becomes a 408 naming the limit and the remedy."""
    from neo4j.exceptions import Neo4jError

    from ctgraph.api.errors import store_status
    from ctgraph.store.neo4j import _wrap

    raw = Neo4jError._hydrate_neo4j(
        code="Neo.TransientError.General.MemoryPoolOutOfMemoryError",
        message="The allocation of an extra 2.0 MiB would use more than the limit 1.0 GiB.",
    )
    err = _wrap(raw)
    assert store_status(err) == 408
    assert "db.memory.transaction.max" in str(err) and "batches of files" in str(err)
    assert "nothing of it was written" in str(err)
