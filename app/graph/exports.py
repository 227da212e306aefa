"""Exports of a (sub)graph: GraphML, GEXF with dates for Gephi's timeline, Gephi CSV, JSON."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from enum import StrEnum
from typing import Any

import networkx as nx

from ctgraph.core.vocabulary import INTERNAL_PROPS
from ctgraph.graph import analytics
from ctgraph.graph.models import GraphEdge, GraphNode
from ctgraph.store.base import GraphStore


class ExportFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"
    json = "json"


MEDIA = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "csv": "application/zip",
    "json": "application/json",
}
SUFFIX = {"graphml": "graphml", "gexf": "gexf", "csv": "zip", "json": "json"}


async def select(
    store: GraphStore,
    *,
    entity_id: str | None,
    depth: int,
    types: tuple[str, ...],
    start: str | None,
    end: str | None,
    country: str | None,
) -> tuple[list[GraphNode], list[GraphEdge]]:
    """The neighbourhood of `entity_id`, or the whole graph, with the same filters."""
    if entity_id:
        hood = await analytics.neighborhood(
            store,
            entity_id,
            depth=depth,
            types=types,
            start=start,
            end=end,
            country=country,
            limit=1_000_000,
        )
        return hood.nodes, hood.edges
    nodes: dict[str, GraphNode] = {}
    for r in await store.export_nodes():
        n = analytics.make_node(r["labels"], r["props"])
        if n.labels[0] not in types or not analytics.in_range(n.properties, start, end):
            continue
        if country and n.properties.get("country") not in (None, country):
            continue
        nodes[n.id] = n
    edges = [
        analytics.make_edge(r["source"], r["type"], r["target"], r["props"])
        for r in await store.export_edges()
        if r["source"] in nodes and r["target"] in nodes
    ]
    return list(nodes.values()), edges


def _flat(value: Any) -> Any:
    """Scalars as they are; lists and maps as text, since GraphML and GEXF hold scalars."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "|".join(value)
    return json.dumps(value, ensure_ascii=False)


def _hidden(key: str) -> bool:
    return key in INTERNAL_PROPS


def to_networkx(nodes: list[GraphNode], edges: list[GraphEdge], *, gexf: bool) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n in nodes:
        attrs = {k: _flat(v) for k, v in n.properties.items() if not _hidden(k) and v is not None}
        attrs["label"] = str(n.properties.get("name") or n.id)
        attrs["type"] = n.labels[0]
        if gexf:
            attrs.pop("id", None)
            s, e = n.properties.get("startDate"), n.properties.get("endDate")
            if s:
                attrs["start"] = s
                attrs["end"] = e or s
        g.add_node(n.id, **attrs)
    for e in edges:
        attrs = {k: _flat(v) for k, v in e.properties.items() if v is not None}
        attrs["type"] = e.type
        attrs["weight"] = float(e.properties.get("weight") or 1)
        if gexf:
            attrs.pop("id", None)
            if e.properties.get("firstDate"):
                attrs["start"] = e.properties["firstDate"]
                attrs["end"] = e.properties.get("lastDate") or e.properties["firstDate"]
        g.add_edge(e.source, e.target, key=e.id, **attrs)
    return g


def _csv(rows: list[dict[str, Any]], head: list[str]) -> str:
    keys = head + sorted({k for r in rows for k in r} - set(head))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=keys, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: _text(r.get(k)) for k in keys})
    return buf.getvalue()


def _text(value: Any) -> str:
    from ctgraph.core.names import csv_safe

    flat = _flat(value)
    return "" if flat is None else csv_safe(flat)


def render(fmt: str, nodes: list[GraphNode], edges: list[GraphEdge]) -> bytes:
    """The bytes of the export file."""
    if fmt == "json":
        body = {"nodes": [n.model_dump() for n in nodes], "edges": [e.model_dump() for e in edges]}
        return json.dumps(body, ensure_ascii=False, default=str).encode()
    if fmt == "csv":
        nrows = [
            {
                "Id": n.id,
                "Label": n.properties.get("name") or n.id,
                "Type": n.labels[0],
                **{k: v for k, v in n.properties.items() if k != "id" and not _hidden(k)},
            }
            for n in nodes
        ]
        erows = [
            {
                "Source": e.source,
                "Target": e.target,
                "Type": "Undirected" if e.type == "CO_ORGANIZED_WITH" else "Directed",
                "Weight": e.properties.get("weight") or 1,
                "Id": e.id,
                "Label": e.type,
                **{k: v for k, v in e.properties.items() if k != "weight"},
            }
            for e in edges
        ]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("nodes.csv", _csv(nrows, ["Id", "Label", "Type"]))
            z.writestr(
                "edges.csv", _csv(erows, ["Source", "Target", "Type", "Weight", "Id", "Label"])
            )
        return out.getvalue()
    g = to_networkx(nodes, edges, gexf=fmt == "gexf")
    buf = io.BytesIO()
    if fmt == "gexf":
        g.graph["mode"] = "dynamic"
        nx.write_gexf(g, buf)
    else:
        nx.write_graphml(g, buf)
    return buf.getvalue()
