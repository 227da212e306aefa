"""Graph questions answered on a projection pulled from the store, with networkx."""

from __future__ import annotations

import random
from collections import Counter
from itertools import islice
from typing import Any

import igraph as ig
import networkx as nx
from starlette.concurrency import run_in_threadpool

from ctgraph.core.errors import NotFound
from ctgraph.core.vocabulary import DEFAULT_VIEW_TYPES, INTERNAL_PROPS, node_type
from ctgraph.graph.models import (
    CoNode,
    CoOrganization,
    GraphEdge,
    GraphNode,
    Neighborhood,
    Path,
    Paths,
)
from ctgraph.store.base import GraphStore

DEFAULT_TYPES = DEFAULT_VIEW_TYPES
PATH_FRONTIER_CAP = 500
PATH_EDGE_CAP = 20_000


def make_node(labels: list[str], props: dict[str, Any]) -> GraphNode:
    """The normalized node shape; search helpers stay inside the database."""
    shown = {k: v for k, v in props.items() if k not in INTERNAL_PROPS}
    return GraphNode(id=str(props["id"]), labels=[node_type(labels)], properties=shown)


def make_edge(source: str, rtype: str, target: str, props: dict[str, Any]) -> GraphEdge:
    return GraphEdge(
        id=f"{source}|{rtype}|{target}", type=rtype, source=source, target=target, properties=props
    )


def in_range(props: dict[str, Any], start: str | None, end: str | None) -> bool:
    """Events outside the date range are left out; other nodes have no date and stay."""
    if start is None and end is None or "startDate" not in props:
        return True
    date = props.get("startDate")
    if date is None:
        return False
    return (start is None or date >= start) and (end is None or date <= end)


async def center_node(store: GraphStore, entity_id: str) -> GraphNode:
    row = await store.entity_get(entity_id)
    if row is None:
        raise NotFound(f"no entity with id {entity_id!r}")
    return make_node(row["labels"], row["props"])


async def neighborhood(
    store: GraphStore,
    entity_id: str,
    *,
    depth: int,
    types: tuple[str, ...],
    start: str | None,
    end: str | None,
    country: str | None,
    limit: int,
) -> Neighborhood:
    """Nodes within `depth` hops, nearest first, cut at `limit` with per-type counts of the rest."""
    center = await center_node(store, entity_id)
    found: dict[str, GraphNode] = {center.id: center}
    order: list[str] = [center.id]
    edges: dict[str, GraphEdge] = {}
    frontier = [center.id]
    for _ in range(depth):
        nxt: list[str] = []
        for r in await store.entity_neighbors(frontier):
            far, props, labels = r["far"], r["node"], r["labels"]
            kind = node_type(labels)
            if kind not in types or not in_range(props, start, end):
                continue
            if country and props.get("country") not in (None, country):
                continue
            if far not in found:
                found[far] = make_node(labels, props)
                order.append(far)
                nxt.append(far)
            edge = make_edge(r["source"], r["type"], r["target"], r["props"])
            edges[edge.id] = edge
        frontier = nxt
        if not frontier:
            break
    kept = set(order[: max(limit, 1)])
    omitted = Counter(found[i].labels[0] for i in order[max(limit, 1) :])
    return Neighborhood(
        center=center.id,
        nodes=[found[i] for i in order if i in kept],
        edges=[e for e in edges.values() if e.source in kept and e.target in kept],
        truncated=bool(omitted),
        omitted=dict(omitted),
        total=len(order),
    )


async def paths(store: GraphStore, source: str, target: str, *, max_hops: int, k: int) -> Paths:
    """Up to k shortest paths ignoring direction, each edge with its sources."""
    a = await center_node(store, source)
    b = await center_node(store, target)
    g: nx.Graph[str] = nx.Graph()
    g.add_nodes_from([a.id, b.id])
    radius = (max_hops + 1) // 2
    for start in (a.id, b.id):
        seen = {start}
        frontier = [start]
        for _ in range(radius):
            rows = await store.path_hop(frontier, PATH_EDGE_CAP)
            nxt: list[str] = []
            for r in rows:
                g.add_edge(r["near"], r["far"])
                if r["far"] not in seen:
                    seen.add(r["far"])
                    nxt.append(r["far"])
            # Hubs make the ball explode: past the caps the search stays best-effort.
            frontier = nxt[:PATH_FRONTIER_CAP]
    chosen: list[list[str]] = []
    if a.id != b.id and nx.has_path(g, a.id, b.id):
        for ids in islice(nx.shortest_simple_paths(g, a.id, b.id), k):
            if len(ids) - 1 > max_hops:
                break
            chosen.append(ids)
    wanted = sorted({i for ids in chosen for i in ids})
    rows = await store.nodes_by_ids(wanted)
    nodes = {str(r["props"]["id"]): make_node(r["labels"], r["props"]) for r in rows}
    pairs = sorted({(u, v) for ids in chosen for u, v in zip(ids, ids[1:], strict=False)})
    both = [list(p) for p in pairs] + [[v, u] for u, v in pairs]
    got = await store.path_edges(both)
    by_pair: dict[frozenset[str], GraphEdge] = {}
    for r in got:
        key = frozenset((r["source"], r["target"]))
        by_pair.setdefault(key, make_edge(r["source"], r["type"], r["target"], r["props"]))
    found = [
        Path(
            length=len(ids) - 1,
            nodes=[nodes[i] for i in ids],
            edges=[by_pair[frozenset((u, v))] for u, v in zip(ids, ids[1:], strict=False)],
        )
        for ids in chosen
    ]
    source_ids = sorted(
        {s for p in found for e in p.edges for s in e.properties.get("sourceIds") or []}
    )
    rows = await store.sources_by_ids(source_ids)
    sources = {str(r["props"]["id"]): r["props"] for r in rows}
    return Paths(paths=found, sources=sources)


BETWEENNESS_EXACT_UP_TO = 2000
BETWEENNESS_SAMPLE = 500


def betweenness(g: nx.Graph[str], k: int | None = None, seed: int = 0) -> dict[str, float]:
    """Normalized betweenness centrality over the `distance` of each edge, computed by igraph.

    Exact, or with `k` the Brandes–Pich estimate from k sampled sources (as networkx's `k`),
    scaled to the exact measure's range. Same normalization as networkx's
    `betweenness_centrality(g, weight="distance")` for an undirected graph.
    """
    nodes = list(g.nodes)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    index = {v: i for i, v in enumerate(nodes)}
    h = ig.Graph(n=n, edges=[(index[a], index[b]) for a, b in g.edges])
    weights = [float(d["distance"]) for _, _, d in g.edges(data=True)]
    if k is None or k >= n:
        raw = h.betweenness(directed=False, weights=weights)
        scale = 2 / ((n - 1) * (n - 2))
    else:
        # Paths from the sampled sources to every node; each unordered pair counted once.
        sources = random.Random(seed).sample(range(n), k)
        raw = h.betweenness(directed=False, weights=weights, sources=sources)
        scale = 2 * n / (k * (n - 1) * (n - 2))
    return {v: float(raw[i]) * scale for v, i in index.items()}


async def co_organization(
    store: GraphStore,
    *,
    start: str | None,
    end: str | None,
    min_weight: int,
    country: str | None,
) -> CoOrganization:
    """The organization network with degree, weighted degree and betweenness per node."""
    rows = await store.co_organization(country)
    dates: dict[str, str | None] = {}
    if start or end:
        ids = sorted({e for r in rows for e in r["props"].get("eventIds") or []})
        got = await store.event_dates(ids)
        dates = {str(r["id"]): r["startDate"] for r in got}
    g: nx.Graph[str] = nx.Graph()
    nodes: dict[str, GraphNode] = {}
    edges: list[GraphEdge] = []
    for r in rows:
        props = dict(r["props"])
        events = list(props.get("eventIds") or [])
        if start or end:
            events = [e for e in events if in_range({"startDate": dates.get(e)}, start, end)]
            props["eventIds"] = events
            if not events and not props.get("explicit"):
                continue
        weight = max(len(events), 1 if props.get("explicit") else 0)
        props["weight"] = weight
        if weight < min_weight:
            continue
        a, b = str(r["a"]), str(r["b"])
        g.add_edge(a, b, weight=weight, distance=1.0 / max(weight, 1))
        edges.append(make_edge(a, "CO_ORGANIZED_WITH", b, props))
    if g:
        got = await store.nodes_by_ids(sorted(g.nodes))
        nodes = {str(r["props"]["id"]): make_node(r["labels"], r["props"]) for r in got}
    sample = BETWEENNESS_SAMPLE if g.number_of_nodes() > BETWEENNESS_EXACT_UP_TO else None
    # CPU-bound: in a worker thread, so the event loop keeps answering other requests.
    between = await run_in_threadpool(betweenness, g, sample)
    out = [
        CoNode(
            **n.model_dump(),
            degree=int(g.degree(i)),
            weightedDegree=float(g.degree(i, weight="weight")),
            betweenness=float(between.get(i, 0.0)),
        )
        for i, n in sorted(nodes.items())
    ]
    return CoOrganization(nodes=out, edges=edges)
