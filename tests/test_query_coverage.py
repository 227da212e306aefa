"""Every query file runs on Neo4j during the suite, and the benchmarks' own queries answer."""

from __future__ import annotations

import pytest

from ctgraph.store import GraphStore
from ctgraph.store.queries import CYPHER_DIR
from tests.neo4j_fixtures import RecordingNeo4jStore


async def test_benchmark_queries_answer(sample_store: GraphStore) -> None:
    for label, known in (("organizations", "org:iom"), ("people", None), ("events", None)):
        ids = [r["id"] for r in await sample_store.query("bench_ids_" + label)]
        assert ids and all(isinstance(i, str) for i in ids)
        assert known is None or known in ids
    names = [r["name"] for r in await sample_store.query("bench_names")]
    assert "International Organization for Migration" in names


@pytest.mark.neo4j
def test_every_query_file_ran_on_neo4j(request: pytest.FixtureRequest) -> None:
    items = request.session.items
    neo4j_tests = [
        i for i in items if i.get_closest_marker("neo4j") and i.name != request.node.name
    ]
    if len(neo4j_tests) < 50:
        pytest.skip("checked on a whole run of the suite (or of `-m neo4j`) only")
    files = {p.stem for p in CYPHER_DIR.glob("*.cypher")}
    never = sorted(files - RecordingNeo4jStore.everything_ran())
    assert not never, f"these query files never ran on Neo4j in this run: {never}"
