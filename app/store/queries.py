"""Cypher query files, loaded by name: `cypher/<name>.cypher`, with `cypher/falkordb/` overrides."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import LiteralString

from ctgraph.core.resources import resource_dir

CYPHER_DIR = resource_dir("cypher")
BACKENDS = ("neo4j", "falkordb")


class QueryNotFound(LookupError):
    """No file holds the named query."""


def query_path(name: str, backend: str) -> Path:
    """The file holding `name` for `backend`: its override if there is one, else the shared one."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; expected one of {BACKENDS}")
    if backend != "neo4j":
        override = CYPHER_DIR / backend / f"{name}.cypher"
        if override.is_file():
            return override
    shared = CYPHER_DIR / f"{name}.cypher"
    if not shared.is_file():
        raise QueryNotFound(f"no query named {name!r}: expected {shared}")
    return shared


@cache
def load_query(name: str, backend: str) -> LiteralString:
    """The text of query `name` for `backend`, comments kept, whitespace trimmed."""
    text = query_path(name, backend).read_text(encoding="utf-8").strip()
    # Query text comes only from the project's own files, never from input.
    return text


def split_statements(text: str) -> list[LiteralString]:
    """Split a schema file into statements (the one kind of file that holds several)."""
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("//")]
    parts = [p.strip() for p in "\n".join(lines).split(";")]
    return [p for p in parts if p]
