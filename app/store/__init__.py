"""Graph stores: the port and its two backends, chosen by settings."""

from __future__ import annotations

from ctgraph.settings import Settings
from ctgraph.store.base import (
    CypherResult,
    GraphStore,
    QueryInvalid,
    QueryRefused,
    QueryTimeout,
    StoreError,
    StoreUnavailable,
    WriteSummary,
)
from ctgraph.store.embedded import EmbeddedServer, EmbeddedStartError

__all__ = [
    "CypherResult",
    "EmbeddedServer",
    "EmbeddedStartError",
    "GraphStore",
    "QueryInvalid",
    "QueryRefused",
    "QueryTimeout",
    "StoreError",
    "StoreUnavailable",
    "WriteSummary",
    "connect",
    "embedded_server",
]


def embedded_server(settings: Settings) -> EmbeddedServer:
    """The embedded server of the configured data folder (not started)."""
    return EmbeddedServer(settings.home, settings.startup_timeout_s)


def connect(settings: Settings, graph: str | None = None) -> GraphStore:
    """A store for the configured backend; the embedded server must already be running."""
    uri = settings.neo4j.uri
    if uri:
        from ctgraph.store.neo4j import Neo4jStore

        n = settings.neo4j
        return Neo4jStore(uri, n.username, n.password.get_secret_value(), n.database)
    from ctgraph.store.falkordb import FalkorStore

    return FalkorStore(str(embedded_server(settings).socket), graph or settings.graph)
