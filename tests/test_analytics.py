"""Centrality of the co-organization network: igraph's figures against networkx's reference."""

from __future__ import annotations

import random
import statistics

import httpx
import networkx as nx
import pytest

from ctgraph.graph.analytics import betweenness
from ctgraph.store.falkordb import FalkorStore


def weighted_graph(nodes: int, edges: int, seed: int) -> nx.Graph[str]:
    """A random co-organization-like graph; weights 1, 2 or 4 keep path lengths exact."""
    rnd = random.Random(seed)
    g: nx.Graph[str] = nx.Graph()
    while g.number_of_edges() < edges:
        a, b = rnd.randrange(nodes), rnd.randrange(nodes)
        if a != b:
            w = rnd.choice([1, 1, 1, 2, 4])
            g.add_edge(f"org:{a}", f"org:{b}", weight=w, distance=1 / w)
    return g


def test_exact_betweenness_equals_networkx() -> None:
    g = weighted_graph(150, 600, seed=3)
    ours = betweenness(g)
    ref = nx.betweenness_centrality(g, weight="distance")
    assert set(ours) == set(ref)
    for v, x in ref.items():
        assert ours[v] == pytest.approx(x, abs=1e-9), v
    assert max(ref.values()) > 0.01


def test_sampled_betweenness_estimates_the_exact_one() -> None:
    g = weighted_graph(600, 2400, seed=4)
    exact = nx.betweenness_centrality(g, weight="distance")
    est = betweenness(g, k=200, seed=0)
    assert sum(est.values()) == pytest.approx(sum(exact.values()), rel=0.1)
    assert statistics.mean(abs(est[v] - exact[v]) for v in g) < 0.2 * statistics.mean(
        exact.values()
    )
    top = sorted(exact, key=exact.__getitem__, reverse=True)[:10]
    best = sorted(est, key=est.__getitem__, reverse=True)[:10]
    assert len(set(top) & set(best)) >= 6


def test_tiny_graphs_have_zero_betweenness() -> None:
    g: nx.Graph[str] = nx.Graph()
    assert betweenness(g) == {}
    g.add_edge("a", "b", distance=1.0)
    assert betweenness(g) == {"a": 0.0, "b": 0.0}


async def test_co_organization_route_on_sample(
    client: httpx.AsyncClient, sample_store: FalkorStore
) -> None:
    co = (await client.get("/api/graph/co-organization")).json()
    g: nx.Graph[str] = nx.Graph()
    for e in co["edges"]:
        w = e["properties"]["weight"]
        g.add_edge(e["source"], e["target"], weight=w, distance=1 / w)
    ref = nx.betweenness_centrality(g, weight="distance")
    nodes = {n["id"]: n for n in co["nodes"]}
    assert set(nodes) == set(g)
    for v, x in ref.items():
        assert nodes[v]["betweenness"] == pytest.approx(x, abs=1e-9)
        assert nodes[v]["degree"] == g.degree(v)
        assert nodes[v]["weightedDegree"] == g.degree(v, weight="weight")
    # The sample's two events share the national commission: it bridges the two groups.
    top = max(nodes.values(), key=lambda n: n["betweenness"])
    assert top["id"] == "org:uz-national-commission", top
