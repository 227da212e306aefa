"""Helpers for loader tests: a full dump of a graph, and writing small input folders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ctgraph.store.base import GraphStore

# The live graph: every node but the history's `Change` nodes (which say when each change was
# made, so two loads that make the same changes leave different ones; `history` compares them).
NODES = "MATCH (n) WHERE NOT n:Change RETURN labels(n) AS labels, properties(n) AS props"
RELS = "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props"
CHANGES = "MATCH (c:Change) RETURN properties(c) AS props"
# What tells one run from another: left out when histories are compared.
RUN_FIELDS = ("id", "batch", "seq", "at")


def _line(row: Any) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False)


async def dump(store: GraphStore) -> tuple[list[str], list[str]]:
    """Every node and relationship with all properties, as sorted JSON lines (the history's
    entries apart: see `history`)."""
    nodes = await store.cypher_readonly(NODES, None, timeout_ms=60_000, row_cap=10_000_000)
    rels = await store.cypher_readonly(RELS, None, timeout_ms=60_000, row_cap=10_000_000)
    return sorted(map(_line, nodes.rows)), sorted(map(_line, rels.rows))


async def history(store: GraphStore) -> list[str]:
    """Every history entry without what tells one run from another, as sorted JSON lines."""
    rows = await store.cypher_readonly(CHANGES, None, timeout_ms=60_000, row_cap=10_000_000)
    return sorted(
        _line({k: v for k, v in row[0].items() if k not in RUN_FIELDS}) for row in rows.rows
    )


async def changes(store: GraphStore) -> list[dict[str, Any]]:
    """Every history entry's properties, in the order made."""
    rows = await store.cypher_readonly(CHANGES, None, timeout_ms=60_000, row_cap=10_000_000)
    return sorted((r[0] for r in rows.rows), key=lambda c: (c["at"], c["seq"]))


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
