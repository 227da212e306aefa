"""Two writers at once, on both databases: units take turns, so both loads land whole and the
graph is what the two loads made one after the other (not an error, not a mix)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from ctgraph.curation.merge import merge_entities
from ctgraph.loaders import LoadOptions, load_paths
from ctgraph.store import GraphStore
from ctgraph.store.falkordb import FalkorStore
from ctgraph.store.neo4j import Neo4jStore
from tests.conftest import SAMPLE
from tests.loaders.helpers import dump
from tests.neo4j_fixtures import Neo4jTarget

RENAMES = Path(__file__).parent.parent / "data" / "commission_renames"


def _second(store: GraphStore, request: pytest.FixtureRequest) -> GraphStore:
    """Another store on the same graph (another connection, as another process would have)."""
    if isinstance(store, FalkorStore):
        path = store._pool.connection_kwargs["path"]
        return FalkorStore(str(path), store.graph_name)
    neo: Neo4jTarget = request.getfixturevalue("neo4j_target")
    return Neo4jStore(neo.uri, neo.user, neo.password, neo.database)


async def test_two_loads_at_once_land_one_after_the_other(
    store: GraphStore, request: pytest.FixtureRequest
) -> None:
    other = _second(store, request)
    try:
        await load_paths(store, [SAMPLE], LoadOptions())
        # The same batch twice at once: the second finds what the first wrote.
        first, second = await asyncio.gather(
            load_paths(store, [RENAMES], LoadOptions()),
            load_paths(other, [RENAMES], LoadOptions()),
        )
        created = sorted(r.counts["organizations"].created for r in (first, second))
        assert created == [0, 9], created
        together = await dump(store)
        # A merge and a load at once take turns too.
        await asyncio.gather(
            merge_entities(store, "org:uz-national-commission", "org:uz-republican-commission"),
            load_paths(other, [RENAMES], LoadOptions()),
        )
        assert await store.resolve_id("org:uz-republican-commission") == (
            "org:uz-national-commission"
        )
    finally:
        await other.close()
    # Compared with the same loads one after the other on an empty graph.
    await store.clear()
    await store.ensure_schema()
    await load_paths(store, [SAMPLE], LoadOptions())
    await load_paths(store, [RENAMES], LoadOptions())
    assert await dump(store) == together
