"""Graph questions answered on a projection pulled from the store, with networkx."""

from __future__ import annotations

import json
import random
from collections import Counter
from itertools import islice
from typing import Any

import igraph as ig
import networkx as nx
from starlette.concurrency import run_in_threadpool

from ctgraph.core.errors import NotFound
from ctgraph.core.vocabulary import (
    DEFAULT_VIEW_TYPES,
    INTERNAL_PROPS,
    NODE_LABELS,
    edge_id,
    node_type,
)
from ctgraph.graph import records
from ctgraph.graph.models import (
    CoEvolution,
    CoNode,
    CoOrganization,
    CoYear,
    GraphEdge,
    GraphNode,
    Neighborhood,
    Path,
    Paths,
)
from ctgraph.store.base import GraphStore, Record

DEFAULT_TYPES = DEFAULT_VIEW_TYPES
PATH_FRONTIER_CAP = 500
PATH_EDGE_CAP = 20_000


def make_node(labels: list[str], props: dict[str, Any]) -> GraphNode:
    """The normalized node shape; search helpers stay inside the database."""
    shown = {k: v for k, v in props.items() if k not in INTERNAL_PROPS}
    return GraphNode(id=str(props["id"]), labels=[node_type(labels)], properties=shown)


def make_edge(source: str, rtype: str, target: str, props: dict[str, Any]) -> GraphEdge:
    eid = edge_id(source, rtype, target, props)
    return GraphEdge(id=eid, type=rtype, source=source, target=target, properties=props)


def in_range(props: dict[str, Any], start: str | None, end: str | None) -> bool:
    """Events outside the date range are left out; other nodes, and events of unknown year
    (no `startDate`), have no date to test and stay."""
    if start is None and end is None or "startDate" not in props:
        return True
    date = props.get("startDate")
    if date is None:
        return False
    return (start is None or date >= start) and (end is None or date <= end)


# Links read per node, relationship type and direction at each hop of a neighbourhood: a hub
# (an agency at thousands of events) is read no further than this.
HOP_CAP = 100


async def center_node(store: GraphStore, entity_id: str) -> GraphNode:
    row = await store.entity_get(entity_id)
    if row is None:
        # A merged id names the record it was merged into, on every route.
        target = await records.canonical_id(store, entity_id)
        row = await store.entity_get(target) if target else None
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
    hop_cap: int = HOP_CAP,
) -> Neighborhood:
    """Nodes within `depth` hops and every relationship among them (an induced subgraph). Each
    hop reads at most `hop_cap` links per node, relationship type and direction, the heaviest
    and latest first, so that a hub on the way costs what a small node does; `capped` counts
    the links left unread, per type. Over `limit`, the nearest hops are kept whole and the hop
    that does not fit is shared fairly among the types; `omitted` counts the nodes left out,
    per type, and `hint` says how to get them."""
    center = await center_node(store, entity_id)
    found: dict[str, GraphNode] = {center.id: center}
    hops: list[list[str]] = [[center.id]]
    edges: dict[str, GraphEdge] = {}
    capped: Counter[str] = Counter()

    def keep_edge(r: Record) -> None:
        edge = make_edge(r["source"], r["type"], r["target"], r["props"])
        edges[edge.id] = edge

    frontier = [center.id]
    for _ in range(depth):
        nxt: list[str] = []
        rows = await store.entity_hop(frontier, hop_cap)
        capped += _unread(rows)
        for r in sorted(rows, key=_hop_order):
            far, props, labels = r["far"], r["node"], r["labels"]
            if far in found:
                keep_edge(r)
                continue
            kind = node_type(labels)
            if kind not in types or not in_range(props, start, end):
                continue
            if country and props.get("country") not in (None, country):
                continue
            found[far] = make_node(labels, props)
            nxt.append(far)
            keep_edge(r)
        if not nxt:
            break
        hops.append(nxt)
        frontier = nxt
    if len(hops) > depth:
        # The farthest hop was never expanded: its nodes' links among themselves are missing
        # (their links to nearer nodes were read from the nearer end). Read under the same cap;
        # what the cap leaves unread here leads mostly beyond the depth asked for, and is not
        # counted as capped.
        last = set(hops[-1])
        rows = await store.entity_hop(hops[-1], hop_cap, back=False)
        for r in sorted(rows, key=_edge_order):
            if r["target"] in last:
                keep_edge(r)
    kept = _fair_cut(hops, found, max(limit, 1))
    omitted = Counter(n.labels[0] for i, n in found.items() if i not in kept)
    hints = []
    if omitted:
        hints.append(
            f"{sum(omitted.values())} of {len(found)} nodes within {depth} hop(s) are left out: "
            f"raise `limit` (now {limit}), choose fewer `types`, or expand a node"
        )
    if capped:
        hints.append(
            f"{sum(capped.values())} links of busy nodes were not read (each hop reads at most "
            f"{hop_cap} per node, type and direction, the heaviest and latest first): expand "
            "a busy node to see its own"
        )
    order = [i for hop in hops for i in hop]
    return Neighborhood(
        center=center.id,
        nodes=[found[i] for i in order if i in kept],
        edges=[e for e in edges.values() if e.source in kept and e.target in kept],
        truncated=bool(omitted) or bool(capped),
        omitted=dict(omitted),
        capped=dict(capped),
        total=len(found),
        hint="; ".join(hints) or None,
    )


def _unread(rows: list[Record]) -> Counter[str]:
    """Per relationship type, the links a capped hop left unread: each node's total of a type
    and direction, less the rows read."""
    read: Counter[tuple[str, str, bool]] = Counter()
    totals: dict[tuple[str, str, bool], int] = {}
    for r in rows:
        key = (r["near"], r["type"], r["near"] == r["source"])
        read[key] += 1
        totals[key] = int(r["total"])
    unread: Counter[str] = Counter()
    for key, n in read.items():
        if totals[key] > n:
            unread[key[1]] += totals[key] - n
    return unread


def _fair_cut(hops: list[list[str]], found: dict[str, GraphNode], limit: int) -> set[str]:
    """The nearest hops whole; the first hop that does not fit, round-robin over its types."""
    kept: set[str] = set()
    for hop in hops:
        if len(kept) + len(hop) <= limit:
            kept.update(hop)
            continue
        by_type: dict[str, list[str]] = {}
        for i in hop:
            by_type.setdefault(found[i].labels[0], []).append(i)
        queues = [by_type[t] for t in sorted(by_type, key=_type_rank)]
        while len(kept) < limit and any(queues):
            for q in queues:
                if q and len(kept) < limit:
                    kept.add(q.pop(0))
        break
    return kept


def _type_rank(label: str) -> tuple[int, str]:
    return (NODE_LABELS.index(label) if label in NODE_LABELS else len(NODE_LABELS), label)


def _edge_order(r: Record) -> tuple[str, str, str, str]:
    return (r["source"], r["type"], r["target"], json.dumps(r["props"], sort_keys=True))


def _hop_order(r: Record) -> tuple[str, str, str, str, str]:
    # Nearest first, then in id order: the same cut on every database.
    return (r["far"], *_edge_order(r))


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
            # In id order, so that ties between paths of one length fall the same way on
            # every database, whatever order it answers in.
            for r in sorted(rows, key=lambda r: (r["near"], r["far"])):
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
    for r in sorted(got, key=_edge_order):
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


async def _co_links(
    store: GraphStore, country: str | None
) -> list[tuple[str, str, dict[str, Any], list[tuple[str, str | None]]]]:
    """Every co-organization link with its shared events and their dates, in id order."""
    rows = await store.co_organization(country)
    ids = sorted({e for r in rows for e in r["props"].get("eventIds") or []})
    dates = {str(r["id"]): r["startDate"] for r in await store.event_dates(ids)}
    links = []
    for r in sorted(rows, key=lambda r: (str(r["a"]), str(r["b"]))):
        events = [(str(e), dates.get(str(e))) for e in r["props"].get("eventIds") or []]
        links.append((str(r["a"]), str(r["b"]), dict(r["props"]), events))
    return links


async def co_organization(
    store: GraphStore,
    *,
    start: str | None,
    end: str | None,
    min_weight: int,
    country: str | None,
    undated: bool = False,
) -> CoOrganization:
    """The organization network with degree, weighted degree and betweenness per node. Each
    link carries one dated spell per shared event; in a chosen period a link counts only the
    events inside it, and a link with no dated event at all (an event of unknown year, or a
    link stated by a source without its events) is counted in `undated` and left out, unless
    `undated` keeps it (marked `undated: true`)."""
    g: nx.Graph[str] = nx.Graph()
    nodes: dict[str, GraphNode] = {}
    edges: list[GraphEdge] = []
    hidden = 0
    filtered = bool(start or end)
    for a, b, props, events in await _co_links(store, country):
        if filtered:
            if not any(d for _, d in events):
                hidden += 1
                if not undated:
                    continue
                props["undated"] = True
            else:
                events = [(e, d) for e, d in events if d and in_range({"startDate": d}, start, end)]
                if not events:
                    continue
        props["eventIds"] = [e for e, _ in events]
        props["spells"] = [{"eventId": e, "date": d} for e, d in events if d]
        weight = max(len(events), 1 if props.get("explicit") or props.get("undated") else 0)
        props["weight"] = weight
        if weight < min_weight:
            continue
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
    return CoOrganization(nodes=out, edges=edges, undated=hidden)


async def co_organization_evolution(
    store: GraphStore, *, start: int | None, end: int | None, country: str | None
) -> CoEvolution:
    """Year by year: who joined the co-organization network (their first shared event) and
    who left it (their last), new and ended links, and each organization's degree and
    betweenness among that year's links."""
    links = await _co_links(store, country)
    by_year: dict[int, list[tuple[str, str]]] = {}
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    pair_first: dict[tuple[str, str], int] = {}
    pair_last: dict[tuple[str, str], int] = {}
    for a, b, _props, events in links:
        years = sorted({int(d[:4]) for _, d in events if d})
        for y in years:
            by_year.setdefault(y, []).append((a, b))
        if years:
            pair_first[(a, b)], pair_last[(a, b)] = years[0], years[-1]
            for o in (a, b):
                first[o] = min(first.get(o, years[0]), years[0])
                last[o] = max(last.get(o, years[-1]), years[-1])
    if not by_year:
        return CoEvolution(years=[])
    lo = start if start is not None else min(by_year)
    hi = end if end is not None else max(by_year)
    out: list[CoYear] = []
    for y in range(lo, hi + 1):
        pairs = by_year.get(y, [])
        g: nx.Graph[str] = nx.Graph()
        g.add_edges_from(pairs, distance=1.0)
        between = await run_in_threadpool(betweenness, g, None) if g else {}
        active = sorted(g.nodes)
        out.append(
            CoYear(
                year=y,
                organizations=len(active),
                links=len(pairs),
                joined=sorted(o for o, f in first.items() if f == y),
                left=sorted(o for o, t in last.items() if t == y),
                newLinks=sorted([a, b] for (a, b), f in pair_first.items() if f == y),
                endedLinks=sorted([a, b] for (a, b), t in pair_last.items() if t == y),
                degree={o: int(g.degree(o)) for o in active},
                betweenness={o: round(float(between.get(o, 0.0)), 6) for o in active},
            )
        )
    return CoEvolution(years=out)
