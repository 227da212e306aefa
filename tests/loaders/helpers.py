"""Helpers for loader tests: a full dump of a graph, and writing small input folders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ctgraph.store.base import GraphStore

NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
RELS = "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props"


async def dump(store: GraphStore) -> tuple[list[str], list[str]]:
    """Every node and relationship with all properties, as sorted JSON lines."""
    nodes = await store.cypher_readonly(NODES, None, timeout_ms=60_000, row_cap=10_000_000)
    rels = await store.cypher_readonly(RELS, None, timeout_ms=60_000, row_cap=10_000_000)

    def line(row: list[Any]) -> str:
        return json.dumps(row, sort_keys=True, ensure_ascii=False)

    return sorted(map(line, nodes.rows)), sorted(map(line, rels.rows))


def write_folder(folder: Path, files: dict[str, str | bytes]) -> Path:
    """A folder holding the given files (text is written as UTF-8)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder
