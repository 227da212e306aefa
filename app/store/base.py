"""The GraphStore port: what a graph database must do for ctgraph, whichever it is (the
named queries it runs are the catalogue's, `ctgraph.store.catalogue`)."""

from __future__ import annotations

import contextlib
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, overload

from ctgraph.store.catalogue import Catalogue
from ctgraph.store.catalogue import Params as Params
from ctgraph.store.catalogue import Record as Record

# A picklable, hashable callable that opens a store (in another process): GraphStore.opener().
StoreOpener = Callable[[], "GraphStore"]


class StoreError(Exception):
    """A graph database failed to answer; the message says why."""


class StoreUnavailable(StoreError):
    """The database cannot be reached (down, wrong address, bad credentials)."""


class QueryRefused(StoreError):
    """A query was refused because it would write or administer the database."""


class QueryTimeout(StoreError):
    """A query ran past its time limit and was stopped."""


# The moment by which the reads of the work under way must end (heavy work within its budget).
_DEADLINE: ContextVar[float | None] = ContextVar("ctgraph_read_deadline", default=None)


@contextlib.contextmanager
def reads_within(seconds: float) -> Iterator[None]:
    """Every read made meanwhile (in this context, and the tasks it starts) gets at most what
    is left of `seconds` as its time limit in the database: work given up on past its budget
    does not go on holding a database thread."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


@overload
def read_time_left_ms(limit_ms: int) -> int: ...
@overload
def read_time_left_ms(limit_ms: None = None) -> int | None: ...
def read_time_left_ms(limit_ms: int | None = None) -> int | None:
    """What is left of the reads' budget (at most `limit_ms`), in ms; None when there is none.
    QueryTimeout when it has run out."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return limit_ms
    left = int((deadline - time.monotonic()) * 1000)
    if left <= 0:
        raise QueryTimeout("the request ran past its time budget and was stopped")
    return left if limit_ms is None else min(left, limit_ms)


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


class GraphStore(Catalogue, ABC):
    """One graph database holding one ctgraph graph: what a backend must do (run a named query,
    a unit of work, user Cypher read-only, its schema). What ctgraph asks of it, one method
    per named query, is the catalogue it inherits (`ctgraph.store.catalogue`). All async."""

    backend: str
    # How many write statements a load may have in flight at once on this store.
    write_concurrency: int = 2

    @abstractmethod
    def atomic(self) -> AbstractAsyncContextManager[GraphStore]:
        """A unit of work that readers see whole or not at all: `async with store.atomic() as
        unit:` gives a store whose reads see the unit's own writes; leaving the block without
        an error makes every write visible at once, an error (or a killed process) leaves the
        graph as it was. Units are serialized: one writer at a time. Inside a unit, `atomic()`
        returns the same unit."""

    @abstractmethod
    async def cypher_readonly(
        self,
        text: str,
        params: Params | None,
        *,
        timeout_ms: int,
        row_cap: int,
        byte_cap: int | None = None,
    ) -> CypherResult:
        """Run user-supplied Cypher read-only, stopped at `timeout_ms`, at most `row_cap` rows
        and (unless None) about `byte_cap` bytes of them, cut before they are all fetched;
        `truncated` says when rows were left out."""

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

    def opener(self) -> StoreOpener | None:
        """How another process opens this store on the same graph: a picklable, hashable
        callable, or None when it cannot be opened elsewhere."""
        return None

    async def check_space(self, incoming_bytes: int) -> None:  # noqa: B027 - optional
        """Raise StoreError when a write of this much input may not fit on the database's disk
        (a database on another machine checks its own: no-op here)."""

    async def compact(self) -> None:  # noqa: B027 - optional: most databases need nothing
        """After a large write: let the database rewrite its log as a snapshot (no-op here)."""
