"""Read-only Cypher: writes and admin attempts refused with 403, the graph unchanged."""

from __future__ import annotations

import httpx
import pytest

from ctgraph.settings import Settings
from ctgraph.store.falkordb import FalkorStore

ATTEMPTS = [
    "CREATE (n:Organization {id: 'org:x'})",
    "create (n:X)",
    "MATCH (n) SET n.name = 'x'",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n) DELETE n",
    "MATCH (n) REMOVE n.name",
    "MATCH (n) REMOVE n:Organization",
    "MERGE (n:Organization {id: 'org:x'})",
    "MATCH (n) MERGE (n)-[:X]->(n)",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "LOAD CSV WITH HEADERS FROM 'http://127.0.0.1/x.csv' AS r CREATE (:X)",
    "MATCH (n) FOREACH (x IN [1] | CREATE (:X))",
    "MATCH (n) CALL { WITH n CREATE (:X) } RETURN n",
    "CALL { CREATE (:X) } RETURN 1",
    "MATCH (n) /* harmless */ SET n.x = 1",
    "MATCH (n) // comment\nSET n.x = 1",
    "MATCH (n) RETURN n; CREATE (:X)",
    "RETURN 1; MATCH (n) DELETE n",
    "MATCH (n) WHERE n.name = 'a' SET n.name = 'b'",
    'MATCH (n) WHERE n.name = "a" DELETE n',
    "MATCH (n) WHERE n.name = 'it\\'s' DELETE n",
    "MATCH (n) `SET` n.x = 1",
    "CALL db.idx.fulltext.drop('Entity')",
    "CALL db.idx.fulltext.createNodeIndex('Entity', 'x')",
    "CALL `db`.`idx`.`fulltext`.`drop`('Entity')",
    "CALL db . idx . fulltext . drop('Entity')",
    "CALL dbms.security.createUser('x', 'y', false)",
    "CALL apoc.create.node(['X'], {})",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})",
    "CALL db.createLabel('X')",
    "CALL dbms.killQueries(['1'])",
    "CREATE INDEX FOR (n:X) ON (n.y)",
    "DROP INDEX ON :Organization(id)",
    "CREATE CONSTRAINT x FOR (n:X) REQUIRE n.id IS UNIQUE",
    "DROP CONSTRAINT entity_id",
    "CREATE DATABASE x",
    "STOP DATABASE neo4j",
    "GRANT ALL ON DATABASE * TO x",
    "ALTER USER neo4j SET PASSWORD 'x'",
    "GRAPH.DELETE ctgraph",
    "MATCH (n) RETURN n UNION CALL db.idx.fulltext.drop('Entity') RETURN 1",
    "USE system CREATE USER x SET PASSWORD 'y'",
    "MATCH (n) WITH n LIMIT 1 DETACH\nDELETE n",
    "MATCH (n)\tSET\tn.x = 1",
    "UNWIND range(1, 10) AS i CREATE (:X {i: i})",
    "MATCH (n) SET n += {x: 1}",
    "CALL db.idx.vector.createNodeIndex('X', 'v', 3, 'euclidean')",
]


async def _dump(store: FalkorStore) -> list[object]:
    res = await store.cypher_readonly(
        "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) RETURN properties(n), labels(n), type(r), "
        "properties(r), m.id ORDER BY n.id, type(r), m.id",
        None,
        timeout_ms=10_000,
        row_cap=1_000_000,
    )
    return list(res.rows)


@pytest.mark.parametrize("query", ["corpus"])
async def test_cypher_refuses_writes(
    client: httpx.AsyncClient, sample_store: FalkorStore, query: str
) -> None:
    before = await _dump(sample_store)
    assert len(ATTEMPTS) >= 40
    for text in ATTEMPTS:
        r = await client.post("/api/cypher", json={"query": text})
        assert r.status_code == 403, (text, r.status_code, r.text)
        assert "refused" in r.json()["detail"]
    assert await _dump(sample_store) == before


async def test_cypher_reads(client: httpx.AsyncClient, sample_store: FalkorStore) -> None:
    r = await client.post(
        "/api/cypher",
        json={
            "query": "MATCH (o:Organization {id: $id}) RETURN o.name AS name, o",
            "parameters": {"id": "org:iom"},
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["columns"] == ["name", "o"]
    assert body["rows"][0][0] == "International Organization for Migration"
    r = await client.post(
        "/api/cypher", json={"query": "MATCH (n) WHERE n.name = 'CREATE x' RETURN count(n)"}
    )
    assert r.status_code == 200, r.text
    r = await client.post("/api/cypher", json={"query": "MATCH (n RETURN"})
    assert r.status_code == 400
    assert (await client.post("/api/cypher", json={})).status_code == 422


async def test_cypher_timeout(settings: Settings, sample_store: FalkorStore) -> None:
    from ctgraph.api.main import create_app

    app = create_app(settings.model_copy(update={"cypher_timeout_ms": 200}), store=sample_store)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            q = "MATCH (a), (b), (c), (d), (e) UNWIND range(1, 1000) AS x RETURN count(*)"
            r = await c.post("/api/cypher", json={"query": q})
    assert r.status_code == 408, r.text


async def test_cypher_refuses_integers_wider_than_64_bits(client: httpx.AsyncClient) -> None:
    """Both databases store 64-bit integers: a wider one is refused naming it (not a 500 from
    the driver), the widest that fit are answered."""
    query = "RETURN $x AS x"
    for wide in (2**63, -(2**63) - 1, 86795977952556023808):
        r = await client.post(
            "/api/cypher", json={"query": query, "parameters": {"m": {"x": [1, wide]}}}
        )
        assert r.status_code == 400, r.text
        assert str(wide) in r.json()["detail"] and "64 bits" in r.json()["detail"]
    for fits in (2**63 - 1, -(2**63)):
        r = await client.post("/api/cypher", json={"query": query, "parameters": {"x": fits}})
        assert r.status_code == 200, r.text
        assert r.json()["rows"] == [[fits]]


async def test_cypher_refuses_betweenness_that_is_not_exact(
    client: httpx.AsyncClient, sample_store: FalkorStore
) -> None:
    # FalkorDB's algo.betweenness gave run-dependent values on a 10-node path; the refusal says
    # why, and where the exact figures are.
    r = await client.post(
        "/api/cypher",
        json={"query": "CALL algo.betweenness({}) YIELD node, score RETURN node.id, score"},
    )
    assert r.status_code == 403, r.text
    detail = r.json()["detail"]
    assert "algo.betweenness" in detail and "igraph" in detail
    r = await client.post(
        "/api/cypher", json={"query": "CALL db.labels() YIELD label RETURN label"}
    )
    assert r.status_code == 200, r.text
