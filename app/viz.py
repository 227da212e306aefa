"""vis-network data for graph views: the one module that imports pyvis."""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import Any

import pyvis
from pyvis.network import Network

VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
LAYOUT_THRESHOLD = 1000

STYLE: dict[str, tuple[str, str]] = {
    "Organization": ("#1f77b4", "box"),
    "Person": ("#2ca02c", "ellipse"),
    "Event": ("#ff7f0e", "diamond"),
    "Source": ("#7f7f7f", "dot"),
}


def node_type(node: dict[str, Any]) -> str:
    """The entity type among a node's labels."""
    for label in node.get("labels", []):
        if label in STYLE:
            return str(label)
    return "Source"


def vis_data(graph: dict[str, Any]) -> dict[str, Any]:
    """vis-network nodes/edges/options from the API's graph shape (texts escaped)."""
    nodes_in: list[dict[str, Any]] = graph.get("nodes", [])
    edges_in: list[dict[str, Any]] = graph.get("edges", [])
    positions: dict[str, tuple[float, float]] = {}
    big = len(nodes_in) > LAYOUT_THRESHOLD
    if big:
        positions = layout(nodes_in, edges_in)
    nodes: list[dict[str, Any]] = []
    for n in nodes_in:
        props = n.get("properties", {})
        kind = node_type(n)
        color, shape = STYLE[kind]
        name = html.escape(str(props.get("name", n["id"])))
        item: dict[str, Any] = {
            "id": n["id"],
            "label": name,
            "title": f"{kind}: {name}",
            "color": color,
            "shape": shape,
            "group": kind,
        }
        if "betweenness" in n:
            item["value"] = float(n.get("betweenness") or 0) + 1
        if big:
            x, y = positions[n["id"]]
            item.update(x=x, y=y, physics=False)
        nodes.append(item)
    edges = [
        {
            "id": e.get("id"),
            "from": e["source"],
            "to": e["target"],
            "label": html.escape(str(e.get("type", ""))),
            "arrows": "to",
            **({"value": e["properties"]["weight"]} if "weight" in e.get("properties", {}) else {}),
        }
        for e in edges_in
    ]
    net = Network(directed=True)
    net.nodes = nodes
    net.edges = edges
    options: dict[str, Any] = {
        "physics": {"enabled": not big, "stabilization": {"iterations": 150}},
        "interaction": {"hover": True, "keyboard": True},
        "edges": {"font": {"size": 9}, "smooth": False},
    }
    return {"nodes": net.nodes, "edges": net.edges, "options": options}


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
        queue = [start]
        while queue:
            cur = queue.pop(0) if len(queue) < 64 else queue.pop(0)
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
    import json

    data = vis_data(graph)
    js = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    css = (VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    payload = json.dumps(data).replace("</", "<\\/")
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{css} html,body,#g{{height:100%;margin:0}}</style><script>{js}</script></head>"
        f"<body><div id='g'></div><script>const d={payload};"
        "new vis.Network(document.getElementById('g'),{nodes:new vis.DataSet(d.nodes),"
        "edges:new vis.DataSet(d.edges)},d.options);</script></body></html>"
    )
