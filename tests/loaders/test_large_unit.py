"""A load of 100,000 records is one unit of work on each database: on Neo4j one transaction,
within the transaction memory the local server and docker-compose.yml give it."""

from __future__ import annotations

from pathlib import Path

from bench.generate import generate
from ctgraph.loaders import LoadOptions, load_paths
from ctgraph.store.base import GraphStore


async def test_a_load_of_100000_records_is_one_unit(store: GraphStore, tmp_path: Path) -> None:
    generate(tmp_path / "data", 100_000, seed=1)
    report = await load_paths(store, [tmp_path / "data"], LoadOptions(candidates=False))
    assert report.ok, report.errors[:3]
    assert report.records == 99_536  # what the generator writes for 100,000
    stats = await store.stats()
    # Everything the generator wrote is there: 26,016 nodes and 125,933 relationships.
    assert sum(stats["nodes"].values()) == 26_016
    assert sum(stats["relationships"].values()) == 125_933
