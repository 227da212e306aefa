"""The GraphStore port: what ctgraph asks of a graph database, whichever it is."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

Params = dict[str, Any]
Record = dict[str, Any]

# Labels every entity carries besides its own; hidden from counts.
ENTITY_LABEL = "Entity"
NODE_LABELS = ("Organization", "Person", "Event", "Source")
REL_TYPES = (
    "ORGANIZED",
    "PARTICIPATED_IN",
    "AFFILIATED_WITH",
    "PART_OF",
    "CO_ORGANIZED_WITH",
    "REPORTED_IN",
    "MENTIONED_IN",
)


class StoreError(Exception):
    """A graph database failed to answer; the message says why."""


class StoreUnavailable(StoreError):
    """The database cannot be reached (down, wrong address, bad credentials)."""


class QueryRefused(StoreError):
    """A query was refused because it would write or administer the database."""


class QueryTimeout(StoreError):
    """A query ran past its time limit and was stopped."""


class QueryInvalid(StoreError):
    """A user-supplied query is not valid Cypher for this database."""


@dataclass
class WriteSummary:
    """What a write changed."""

    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    records: list[Record] = field(default_factory=list)

    def __iadd__(self, other: WriteSummary) -> WriteSummary:
        self.nodes_created += other.nodes_created
        self.nodes_deleted += other.nodes_deleted
        self.relationships_created += other.relationships_created
        self.relationships_deleted += other.relationships_deleted
        self.properties_set += other.properties_set
        self.records.extend(other.records)
        return self


@dataclass
class CypherResult:
    """Columns and rows of a user-supplied read-only query; nodes and edges as plain maps."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False


class GraphStore(ABC):
    """One graph database holding one ctgraph graph. All methods are async."""

    backend: str

    @abstractmethod
    async def query(self, name: str, params: Params | None = None) -> list[Record]:
        """Run the named read query and return its records as plain dicts."""

    @abstractmethod
    async def write(self, name: str, params: Params | None = None) -> WriteSummary:
        """Run the named write query as one atomic statement."""

    @abstractmethod
    async def cypher_readonly(
        self, text: str, params: Params | None, *, timeout_ms: int, row_cap: int
    ) -> CypherResult:
        """Run user-supplied Cypher read-only, stopped at `timeout_ms`, at most `row_cap` rows."""

    @abstractmethod
    async def ping(self) -> bool:
        """True when the database answers."""

    @abstractmethod
    async def ensure_schema(self) -> None:
        """Create constraints and indexes if they are missing (idempotent)."""

    @abstractmethod
    async def clear(self) -> None:
        """Delete every node and relationship of this graph (tests and benchmarks)."""

    @abstractmethod
    async def close(self) -> None:
        """Release connections."""

    async def compact(self) -> None:  # noqa: B027 - optional: most databases need nothing
        """After a large write: let the database rewrite its log as a snapshot (no-op here)."""

    async def single(self, name: str, params: Params | None = None) -> Record | None:
        """The first record of the named read query, or None."""
        rows = await self.query(name, params)
        return rows[0] if rows else None

    async def stats(self) -> dict[str, dict[str, int]]:
        """Counts per node label and per relationship type."""
        labels = {r["label"]: int(r["count"]) for r in await self.query("stats_labels")}
        types = {r["type"]: int(r["count"]) for r in await self.query("stats_relationships")}
        nodes = {k: labels.get(k, 0) for k in NODE_LABELS}
        nodes.update({k: v for k, v in labels.items() if k not in nodes and k != ENTITY_LABEL})
        rels = {k: types.get(k, 0) for k in REL_TYPES}
        rels.update({k: v for k, v in types.items() if k not in rels})
        return {"nodes": nodes, "relationships": rels}
