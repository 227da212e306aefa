"""Exports of a view — the whole graph, a neighbourhood, the co-organization network or the
paths between two actors — as GEXF 1.3 (dated, for Gephi's timeline), GraphML, Gephi's
spreadsheet CSV and JSON.

Every format carries one item per relationship, parallel facts included (two positions one
person holds at one organization are two edges), each with the id the graph layer gives it
(`vocabulary.edge_id`). Relationships the vocabulary marks `symmetric` (co-organization) are
undirected in a view of such links only, `mutual` (GEXF) in a view that mixes them with directed
ones — networkx reads no mixed file, and Gephi Lite reads `mutual` as undirected; the
relationship type travels as the edge attribute `relType`
and the entity type as the node attribute `nodeType`.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from xml.etree import ElementTree as ET

from ctgraph import __version__
from ctgraph.core.errors import CtgraphError
from ctgraph.core.names import csv_safe
from ctgraph.core.vocabulary import (
    INTERNAL_PROPS,
    NODES,
    REL,
    REL_TYPES,
    RELATIONSHIPS,
    PropType,
    RelType,
)
from ctgraph.graph import analytics
from ctgraph.graph.models import GraphEdge, GraphNode
from ctgraph.store.base import GraphStore


class ExportFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"
    json = "json"


class ExportView(StrEnum):
    """What is exported: the same selections the page and the graph routes show."""

    all = "all"  # the whole graph, filtered by type, dates and country
    neighborhood = "neighborhood"  # GET /api/graph/neighborhood
    coorg = "coorg"  # GET /api/graph/co-organization
    paths = "paths"  # GET /api/graph/paths


MEDIA = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "csv": "application/zip",
    "json": "application/json",
}
SUFFIX = {"graphml": "graphml", "gexf": "gexf", "csv": "zip", "json": "json"}

GEXF_NS = "http://gexf.net/1.3"
GEXF_SCHEMA = "http://gexf.net/1.3/gexf.xsd"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GRAPHML_SCHEMA = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # how `from` and `to` give a date: YYYY[-MM[-DD]]
NODE_TYPE = "nodeType"  # the node attribute holding the entity type
REL_TYPE = "relType"  # the edge attribute holding the relationship type
# Measures the co-organization view adds to each organization.
VIEW_MEASURES: dict[str, str] = {
    "degree": "integer",
    "weightedDegree": "double",
    "betweenness": "double",
}


@dataclass(frozen=True)
class ExportQuery:
    """One view's parameters; dates are full days (`full_date`), ids are entity ids."""

    view: ExportView = ExportView.all
    entity_id: str | None = None  # neighborhood: the centre
    depth: int = 1
    types: tuple[str, ...] = analytics.DEFAULT_TYPES
    start: str | None = None
    end: str | None = None
    country: str | None = None
    min_weight: int = 1  # coorg
    source: str | None = None  # paths: from
    target: str | None = None  # paths: to
    max_hops: int = 4
    k: int = 3
    undated: bool = False


@dataclass
class Subgraph:
    """What a view shows, with the start dates of the events its co-organization links
    share (for their spells on Gephi's timeline)."""

    nodes: list[GraphNode]
    edges: list[GraphEdge]
    event_dates: dict[str, str] = field(default_factory=dict)
    view: ExportView = ExportView.all


def directed(rtype: str) -> bool:
    """Whether a relationship type is drawn with a direction (co-organization is not)."""
    rel = REL.get(RelType(rtype)) if rtype in REL_TYPES else None
    return not (rel is not None and rel.symmetric)


# -- selecting a view -------------------------------------------------------------------------


async def select(store: GraphStore, q: ExportQuery) -> Subgraph:
    """The nodes and relationships of one view, as the graph routes give them."""
    if q.view is ExportView.neighborhood:
        if not q.entity_id:
            raise CtgraphError("the neighborhood view needs an `id`", 422)
        hood = await analytics.neighborhood(
            store,
            q.entity_id,
            depth=q.depth,
            types=q.types,
            start=q.start,
            end=q.end,
            country=q.country,
            limit=1_000_000,
        )
        nodes, edges = hood.nodes, hood.edges
    elif q.view is ExportView.coorg:
        co = await analytics.co_organization(
            store,
            start=q.start,
            end=q.end,
            min_weight=q.min_weight,
            country=q.country,
            undated=q.undated,
        )
        nodes = [
            GraphNode(
                id=n.id,
                labels=n.labels,
                properties={
                    **n.properties,
                    "degree": n.degree,
                    "weightedDegree": n.weightedDegree,
                    "betweenness": n.betweenness,
                },
            )
            for n in co.nodes
        ]
        edges = co.edges
    elif q.view is ExportView.paths:
        if not q.source or not q.target:
            raise CtgraphError("the paths view needs `from` and `to` (two entity ids)", 422)
        found = await analytics.paths(store, q.source, q.target, max_hops=q.max_hops, k=q.k)
        nodes = list({n.id: n for p in found.paths for n in p.nodes}.values())
        edges = list({e.id: e for p in found.paths for e in p.edges}.values())
    else:
        nodes, edges = await _whole(store, q)
    edges = _kept_edges(nodes, edges)
    return Subgraph(nodes, edges, await _event_dates(store, edges), q.view)


async def _whole(store: GraphStore, q: ExportQuery) -> tuple[list[GraphNode], list[GraphEdge]]:
    nodes: dict[str, GraphNode] = {}
    for r in await store.export_nodes():
        n = analytics.make_node(r["labels"], r["props"])
        if n.labels[0] not in q.types or not analytics.in_range(n.properties, q.start, q.end):
            continue
        if q.country and n.properties.get("country") not in (None, q.country):
            continue
        nodes[n.id] = n
    edges = [
        analytics.make_edge(r["source"], r["type"], r["target"], r["props"])
        for r in await store.export_edges()
        if r["source"] in nodes and r["target"] in nodes
    ]
    return list(nodes.values()), edges


def _kept_edges(nodes: list[GraphNode], edges: list[GraphEdge]) -> list[GraphEdge]:
    """Edges between shown nodes, each with an id of its own: two relationships the graph layer
    gave one id (which their type's key should prevent) stay two edges, the second `…#2`."""
    shown = {n.id for n in nodes}
    seen: dict[str, GraphEdge] = {}
    for e in edges:
        if e.source not in shown or e.target not in shown:
            continue
        if e.id in seen:
            n = 2
            while f"{e.id}#{n}" in seen:
                n += 1
            e = e.model_copy(update={"id": f"{e.id}#{n}"})
        seen[e.id] = e
    return list(seen.values())


async def _event_dates(store: GraphStore, edges: list[GraphEdge]) -> dict[str, str]:
    """Start dates of the events behind the co-organization links (dated events only)."""
    ids = sorted(
        {str(i) for e in edges if not directed(e.type) for i in e.properties.get("eventIds") or []}
    )
    rows = await store.event_dates(ids)
    return {str(r["id"]): str(r["startDate"]) for r in rows if r.get("startDate")}


# -- values -----------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _flat(value: Any) -> Any:
    """Scalars as they are; lists of text joined by `|` (as in the load format), other lists
    and maps as JSON, since GraphML and CSV hold scalars."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "|".join(value)
    return json.dumps(value, ensure_ascii=False)


def _shown(props: dict[str, Any]) -> dict[str, Any]:
    """Properties an export carries: none internal, none empty."""
    return {k: v for k, v in props.items() if k not in INTERNAL_PROPS and v is not None}


def _weight(e: GraphEdge) -> float:
    """An edge's weight: a co-organization link's shared events, else 1 (as for an explicit
    link without events: GEXF asks that no weight be 0)."""
    w = e.properties.get("weight")
    if isinstance(w, int | float) and not isinstance(w, bool) and math.isfinite(w) and w > 0:
        return float(w)
    return 1.0


def _label(n: GraphNode) -> str:
    return str(n.properties.get("name") or n.id)


def _rel_display(rtype: str) -> str:
    return REL[RelType(rtype)].display if rtype in REL_TYPES else rtype


def _prop_types(rels: bool) -> dict[str, PropType]:
    out: dict[str, PropType] = {}
    for props in (r.props for r in RELATIONSHIPS) if rels else (n.props for n in NODES):
        for p in props:
            out.setdefault(p.name, p.type)
    return out


NODE_PROPS = _prop_types(rels=False)
EDGE_PROPS = _prop_types(rels=True)

# Each format's name for a value type; `liststring` is GEXF 1.3's list of text.
_FROM_VOCABULARY = {"int": "integer", "texts": "liststring", "ids": "liststring"}


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _fits(kind: str, v: Any) -> bool:
    if kind == "boolean":
        return isinstance(v, bool)
    if kind in ("integer", "long"):
        return _is_int(v) and (kind == "long" or -(2**31) <= v < 2**31)
    if kind == "double":
        return (_is_int(v) or isinstance(v, float)) and math.isfinite(v)
    if kind == "liststring":
        return isinstance(v, list) and all(isinstance(x, str | int | float) for x in v)
    return True  # string: anything, flattened


def _column(name: str, values: list[Any], hint: str | None) -> str:
    """The GEXF type of one attribute: the vocabulary's, unless a value does not fit it."""
    if hint and all(_fits(hint, v) for v in values):
        return hint
    for kind in ("boolean", "integer", "long", "double", "liststring"):
        if values and all(_fits(kind, v) for v in values):
            return kind
    return "string"


def _columns(items: Iterable[dict[str, Any]], hints: dict[str, str]) -> dict[str, str]:
    """Attribute name → GEXF type, over every item's properties, in name order."""
    values: dict[str, list[Any]] = {}
    for props in items:
        for k, v in props.items():
            values.setdefault(k, []).append(v)
    return {k: _column(k, values[k], hints.get(k)) for k in sorted(values)}


def _gexf_value(kind: str, v: Any) -> str:
    if kind == "boolean":
        return "true" if v else "false"
    if kind in ("integer", "long"):
        return str(int(v))
    if kind == "double":
        return repr(float(v))
    if kind == "liststring":
        # Gephi's and graphology's list syntax: [a, b], each quoted, `\` escaping.
        return json.dumps([str(x) for x in v], ensure_ascii=False)
    return str(_flat(v))


_GRAPHML_TYPE = {
    "boolean": "boolean",
    "integer": "int",
    "long": "long",
    "double": "double",
    "liststring": "string",
    "string": "string",
}


def _graphml_value(kind: str, v: Any) -> str:
    if kind == "liststring":
        return str(_flat([str(x) for x in v]))
    return _gexf_value(kind, v)


def _node_attrs(n: GraphNode, *, with_name: bool) -> dict[str, Any]:
    props = _shown(n.properties)
    props.pop("id", None)
    if not with_name:
        props.pop("name", None)  # it is the node's label
    return {NODE_TYPE: n.labels[0], **props}


def _edge_attrs(e: GraphEdge) -> dict[str, Any]:
    props = _shown(e.properties)
    props.pop("weight", None)  # the edge's own weight
    props.pop("spells", None)  # the co-organization view's dated events: GEXF's own spells
    return {REL_TYPE: e.type, **props}


def _node_hints() -> dict[str, str]:
    hints = {k: _FROM_VOCABULARY.get(t, "string") for k, t in NODE_PROPS.items()}
    return {**hints, **VIEW_MEASURES, NODE_TYPE: "string"}


def _edge_hints() -> dict[str, str]:
    hints = {k: _FROM_VOCABULARY.get(t, "string") for k, t in EDGE_PROPS.items()}
    return {**hints, REL_TYPE: "string"}


def _first(columns: dict[str, str], name: str) -> dict[str, str]:
    return {name: columns.get(name, "string"), **{k: v for k, v in columns.items() if k != name}}


def _sub(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, tag, {k: _xml_text(v) for k, v in attrs.items()})


def _xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


# -- GEXF 1.3 ---------------------------------------------------------------------------------


def _spell_dates(e: GraphEdge, dates: dict[str, str]) -> list[str]:
    """A co-organization link's spells: one per date of the dated events it stands for."""
    if directed(e.type):
        return []
    return sorted({dates[str(i)] for i in e.properties.get("eventIds") or [] if str(i) in dates})


def _node_spell(n: GraphNode) -> tuple[str, str] | None:
    """An event's spell: its start date to its end date (or the same day)."""
    start = n.properties.get("startDate")
    if n.labels[0] != "Event" or not isinstance(start, str) or not start:
        return None
    end = n.properties.get("endDate")
    return start, end if isinstance(end, str) and end > start else start


def gexf(sub: Subgraph) -> bytes:
    """GEXF 1.3, dynamic with dates: events on their dates, co-organization links on the
    dates of the events they share; valid against the published schema (gexf.net/1.3)."""
    root = ET.Element(
        "gexf",
        {
            "xmlns": GEXF_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{GEXF_NS} {GEXF_SCHEMA}",
            "version": "1.3",
        },
    )
    meta = _sub(root, "meta")
    ET.SubElement(meta, "creator").text = f"ctgraph {__version__}"
    ET.SubElement(meta, "description").text = f"ctgraph export: {sub.view.value} view"
    only_symmetric = _only_symmetric(sub)
    default = "undirected" if only_symmetric else "directed"
    graph = _sub(root, "graph", mode="dynamic", timeformat="date", defaultedgetype=default)
    node_attrs = {n.id: _node_attrs(n, with_name=False) for n in sub.nodes}
    edge_attrs = {e.id: _edge_attrs(e) for e in sub.edges}
    node_cols = _first(_columns(node_attrs.values(), _node_hints()), NODE_TYPE)
    edge_cols = _first(_columns(edge_attrs.values(), _edge_hints()), REL_TYPE)
    for cls, cols in (("node", node_cols), ("edge", edge_cols)):
        decl = _sub(graph, "attributes", **{"class": cls, "mode": "static"})
        for name, kind in cols.items():
            _sub(decl, "attribute", id=name, title=name, type=kind)

    nodes = _sub(graph, "nodes", count=str(len(sub.nodes)))
    for n in sub.nodes:
        el = _sub(nodes, "node", id=n.id, label=_label(n))
        _attvalues(el, node_attrs[n.id], node_cols)
        spell = _node_spell(n)
        if spell:
            _sub(_sub(el, "spells"), "spell", start=spell[0], end=spell[1])

    edges = _sub(graph, "edges", count=str(len(sub.edges)))
    # Directed links first: Gephi Lite's reader takes the first edge's type for the graph's.
    for e in sorted(sub.edges, key=lambda e: not directed(e.type)):
        el = _sub(
            edges,
            "edge",
            id=e.id,
            source=e.source,
            target=e.target,
            type=_gexf_edge_type(e.type, only_symmetric),
            kind=e.type,
            label=_rel_display(e.type),
            weight=repr(_weight(e)),
        )
        _attvalues(el, edge_attrs[e.id], edge_cols)
        days = _spell_dates(e, sub.event_dates)
        if days:
            spells = _sub(el, "spells")
            for day in days:
                _sub(spells, "spell", start=day, end=day)
    return _xml_bytes(root)


def _only_symmetric(sub: Subgraph) -> bool:
    """True when every relationship of the view is symmetric (the co-organization network)."""
    return bool(sub.edges) and not any(directed(e.type) for e in sub.edges)


def _gexf_edge_type(rtype: str, only_symmetric: bool) -> str:
    # networkx, the most used reader after Gephi, refuses a file mixing directed and
    # undirected edges: in a mixed view a symmetric link is `mutual` (both ways), which Gephi
    # Lite reads as undirected; a view of symmetric links only is an undirected graph.
    if directed(rtype):
        return "directed"
    return "undirected" if only_symmetric else "mutual"


def _attvalues(el: ET.Element, attrs: dict[str, Any], cols: dict[str, str]) -> None:
    if not attrs:
        return
    values = _sub(el, "attvalues")
    for name, v in attrs.items():
        _sub(values, "attvalue", **{"for": name, "value": _gexf_value(cols[name], v)})


# -- GraphML ----------------------------------------------------------------------------------


def graphml(sub: Subgraph) -> bytes:
    """GraphML with every key declared; a view of co-organization links only is undirected
    (a mixed view stays directed, as networkx reads no mixed GraphML; `relType` tells)."""
    root = ET.Element(
        "graphml",
        {
            "xmlns": GRAPHML_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{GRAPHML_NS} {GRAPHML_SCHEMA}",
        },
    )
    node_attrs = {n.id: {"label": _label(n), **_node_attrs(n, with_name=True)} for n in sub.nodes}
    edge_attrs = {
        e.id: {"label": _rel_display(e.type), "weight": _weight(e), **_edge_attrs(e)}
        for e in sub.edges
    }
    node_cols = _columns(node_attrs.values(), {"label": "string", **_node_hints()})
    edge_hints = {"label": "string", "weight": "double", **_edge_hints()}
    edge_cols = _columns(edge_attrs.values(), edge_hints)
    keys: dict[tuple[str, str], str] = {}
    for cls, cols in (("node", node_cols), ("edge", edge_cols)):
        for name, kind in cols.items():
            key = f"{cls[0]}.{name}"
            keys[cls, name] = key
            _sub(
                root,
                "key",
                **{"id": key, "for": cls, "attr.name": name, "attr.type": _GRAPHML_TYPE[kind]},
            )
    only_symmetric = _only_symmetric(sub)
    default = "undirected" if only_symmetric else "directed"
    graph = _sub(root, "graph", id="ctgraph", edgedefault=default)
    for n in sub.nodes:
        el = _sub(graph, "node", id=n.id)
        for name, v in node_attrs[n.id].items():
            data = _sub(el, "data", key=keys["node", name])
            data.text = _xml_text(_graphml_value(node_cols[name], v))
    for e in sub.edges:
        el = _sub(graph, "edge", id=e.id, source=e.source, target=e.target)
        for name, v in edge_attrs[e.id].items():
            data = _sub(el, "data", key=keys["edge", name])
            data.text = _xml_text(_graphml_value(edge_cols[name], v))
    return _xml_bytes(root)


# -- Gephi's spreadsheet CSV ------------------------------------------------------------------


def _text(value: Any) -> str:
    flat = _flat(value)
    return "" if flat is None else csv_safe(flat)


def _csv(rows: list[dict[str, Any]], head: list[str]) -> str:
    keys = head + sorted({k for r in rows for k in r} - set(head))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=keys, extrasaction="ignore", lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: _text(r.get(k)) for k in keys})
    return buf.getvalue()


NODE_HEAD = ["Id", "Label", NODE_TYPE]
EDGE_HEAD = ["Source", "Target", "Type", "Weight", "Id", "Label", REL_TYPE]


def gephi_csv(sub: Subgraph) -> bytes:
    """A zip of Gephi's spreadsheet import files: nodes.csv and edges.csv, one row per node and
    per relationship, every cell safe from spreadsheet formulas."""
    nrows = [{"Id": n.id, "Label": _label(n), **_node_attrs(n, with_name=True)} for n in sub.nodes]
    erows = [
        {
            "Source": e.source,
            "Target": e.target,
            "Type": "Directed" if directed(e.type) else "Undirected",
            "Weight": _weight(e),
            "Id": e.id,
            "Label": e.type,
            **_edge_attrs(e),
        }
        for e in sub.edges
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("nodes.csv", _csv(nrows, NODE_HEAD))
        z.writestr("edges.csv", _csv(erows, EDGE_HEAD))
    return out.getvalue()


def render(fmt: str, sub: Subgraph) -> bytes:
    """The bytes of the export file."""
    if fmt == "gexf":
        return gexf(sub)
    if fmt == "graphml":
        return graphml(sub)
    if fmt == "csv":
        return gephi_csv(sub)
    if fmt == "json":
        body = {
            "nodes": [n.model_dump() for n in sub.nodes],
            "edges": [
                {
                    **e.model_dump(),
                    "properties": {
                        k: v for k, v in e.properties.items() if k not in INTERNAL_PROPS
                    },
                }
                for e in sub.edges
            ],
        }
        return json.dumps(body, ensure_ascii=False, default=str).encode()
    raise ValueError(f"unknown export format {fmt!r}")
