"""vis-network data for graph views, and the standalone HTML export with pyvis's copy of
vis-network inlined. pyvis itself is never imported (it brings IPython and jedi): the views
are plain vis-network options, and the export reads the assets the pyvis wheel ships."""

from __future__ import annotations

import html
import importlib.util
import json
import math
from collections import deque
from pathlib import Path
from typing import Any

from ctgraph.core.names import bidi_isolate
from ctgraph.core.vocabulary import NODES, RELATIONSHIPS, node_type

_PYVIS = importlib.util.find_spec("pyvis")
assert _PYVIS is not None and _PYVIS.origin is not None, "pyvis is a dependency of ctgraph"
VIS_DIR = Path(_PYVIS.origin).parent / "templates" / "lib" / "vis-9.1.2"
LAYOUT_THRESHOLD = 1000

STYLE: dict[str, tuple[str, str]] = {n.label.value: (n.color, n.shape) for n in NODES}
UNDIRECTED = frozenset(r.type.value for r in RELATIONSHIPS if r.symmetric)
REL_DISPLAY = {r.type.value: r.display for r in RELATIONSHIPS}


def vis_data(graph: dict[str, Any]) -> dict[str, Any]:
    """vis-network nodes/edges/options for one of the API's graphs (a neighbourhood, paths or
    the co-organization network). Texts stay as they are: vis-network draws labels on a canvas
    and sets string tooltips as text, so nothing from the data is ever parsed as HTML; names
    that could reorder the text around them are wrapped in a bidi isolate."""
    nodes_in: list[dict[str, Any]] = graph.get("nodes", [])
    edges_in: list[dict[str, Any]] = graph.get("edges", [])
    big = len(nodes_in) > LAYOUT_THRESHOLD
    positions = layout(nodes_in, edges_in) if big else {}
    # The API's graphs are already deduplicated: the lists are filled directly (pyvis's
    # Network.add_node/add_edge scan them per call, quadratic at 5,000 nodes).
    vis_nodes: list[dict[str, Any]] = []
    vis_edges: list[dict[str, Any]] = []
    # Colour and shape come from the node's group (one set of options per type): options on
    # each of 5,000 nodes would double the time vis-network takes to build the view.
    for n in nodes_in:
        kind = node_type(n.get("labels", []))
        kind = kind if kind in STYLE else "Source"  # drawn grey, as sources are
        name = str(n.get("properties", {}).get("name", n["id"]))
        extra: dict[str, Any] = {"group": kind, "data": n}
        if "betweenness" in n:
            extra["value"] = 1 + 100 * float(n.get("betweenness") or 0)
        if big:
            extra.update(x=positions[n["id"]][0], y=positions[n["id"]][1])
        # A right-to-left name or a bidi control is isolated: it cannot reorder the tooltip.
        shown_name = bidi_isolate(name)
        title = f"{kind}: {shown_name}"
        vis_nodes.append({"title": title, **extra, "id": n["id"], "label": shown_name})
    for e in edges_in:
        weight = e.get("properties", {}).get("weight")
        kind = str(e.get("type", ""))
        # A large view names each edge in its tooltip: thousands of edge labels would be
        # unreadable and cost every redraw.
        shown = REL_DISPLAY.get(kind, kind)
        extra = {"id": e["id"], ("title" if big else "label"): shown}
        if weight is not None:
            extra.update(value=weight, title=f"{shown}, shared events: {weight}")
        # Directed edges point the same way: their arrows are set once, in the options.
        edge = {**extra, "from": e["source"], "to": e["target"]}
        if e["type"] in UNDIRECTED:
            edge["arrows"] = {"to": {"enabled": False}}  # one link for the pair, both ways
        vis_edges.append(edge)
    options: dict[str, Any] = {
        "physics": {
            "enabled": not big,
            "stabilization": {"iterations": 150},
            "barnesHut": {"springLength": 160, "gravitationalConstant": -6000},
        },
        # Positions from the server (large views) or from physics: vis's own initial layout
        # pass (improvedLayout) is quadratic and adds seconds at 5,000 nodes.
        "layout": {"improvedLayout": not big},
        "interaction": {
            "hover": True,
            "keyboard": True,
            "hideEdgesOnDrag": True,
            "hideEdgesOnZoom": big,
        },
        "groups": {
            kind: {"color": color, "shape": shape} for kind, (color, shape) in STYLE.items()
        },
        "edges": {
            "arrows": "to",
            "font": {"size": 9},
            "smooth": False,
            "scaling": {"min": 1, "max": 8, "label": {"enabled": False}},
        },
        "nodes": {"font": {"size": 12}},
    }
    return {
        "nodes": vis_nodes,
        "edges": vis_edges,
        "options": options,
        "truncated": bool(graph.get("truncated", False)),
        "omitted": graph.get("omitted", {}),
        "hint": graph.get("hint"),
        "total": graph.get("total", len(nodes_in)),
        "paths": graph.get("paths"),
    }


def layout(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]]
) -> dict[str, tuple[float, float]]:
    """Server-side positions: breadth-first order from the best-connected node laid on a
    sunflower spiral, so neighbours land near each other (linear time, no numpy)."""
    adj: dict[str, list[str]] = {n["id"]: [] for n in nodes}
    for e in edges:
        if e["source"] in adj and e["target"] in adj:
            adj[e["source"]].append(e["target"])
            adj[e["target"]].append(e["source"])
    order: list[str] = []
    seen: set[str] = set()
    for start in sorted(adj, key=lambda k: -len(adj[k])):
        if start in seen:
            continue
        seen.add(start)
        queue = deque([start])
        while queue:
            cur = queue.popleft()
            order.append(cur)
            for nb in adj[cur]:
                if nb not in seen:
                    seen.add(nb)
                    queue.append(nb)
    golden = math.pi * (3 - math.sqrt(5))
    return {
        k: (40 * math.sqrt(i) * math.cos(i * golden), 40 * math.sqrt(i) * math.sin(i * golden))
        for i, k in enumerate(order)
    }


def standalone_html(graph: dict[str, Any], title: str = "ctgraph view") -> str:
    """A standalone HTML page with vis-network inlined (opens offline, no CDN)."""
    data = vis_data(graph)
    js = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    css = (VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    payload = json.dumps(data).replace("<", "\\u003c")
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{css} html,body,#g{{height:100%;margin:0}}</style><script>{js}</script></head>"
        f"<body><div id='g'></div><script>const d={payload};"
        "new vis.Network(document.getElementById('g'),{nodes:new vis.DataSet(d.nodes),"
        "edges:new vis.DataSet(d.edges)},d.options);</script></body></html>"
    )
