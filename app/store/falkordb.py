"""The embedded backend: a FalkorDB server reached by its native client on a unix socket."""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis
from falkordb.asyncio import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FkPath
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from ctgraph.core.vocabulary import ID_LABELS
from ctgraph.store.base import (
    CypherResult,
    GraphStore,
    Params,
    QueryInvalid,
    QueryRefused,
    QueryTimeout,
    Record,
    StoreError,
    StoreUnavailable,
    WriteSummary,
)
from ctgraph.store.queries import load_query, split_statements

_ALREADY = ("already indexed", "already exists", "already has", "already created")
# A graph that was never written to does not exist yet; reading it reads nothing.
_EMPTY_GRAPH = "empty key"


class _NoResult:
    header: list[list[Any]] = []
    result_set: list[list[Any]] = []


_SCALARS = (str, int, float, bool, type(None))


def to_plain(value: Any) -> Any:
    """FalkorDB values as JSON-ready Python: nodes, edges and paths become maps."""
    if isinstance(value, _SCALARS):  # most values: checked first, returned as they are
        return value
    if isinstance(value, list) and all(isinstance(v, _SCALARS) for v in value):
        return value
    if isinstance(value, Node):
        return {
            "id": value.properties.get("id", value.id),
            "labels": [lb for lb in (value.labels or []) if lb != "Entity"],
            "properties": {k: to_plain(v) for k, v in value.properties.items()},
        }
    if isinstance(value, Edge):
        return {
            "type": value.relation,
            "source": value.src_node,
            "target": value.dest_node,
            "properties": {k: to_plain(v) for k, v in value.properties.items()},
        }
    if isinstance(value, FkPath):
        return {
            "nodes": [to_plain(n) for n in value.nodes()],
            "relationships": [to_plain(e) for e in value.edges()],
        }
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _columns(result: Any) -> list[str]:
    return [str(h[1]) for h in (result.header or [])]


def _classify(exc: RedisError, text: str = "") -> StoreError:
    msg = str(exc)
    if isinstance(exc, RedisConnectionError | ConnectionError):
        return StoreUnavailable(f"the embedded database is not answering: {msg}")
    if isinstance(exc, RedisTimeoutError):
        return StoreUnavailable(f"the embedded database is too busy to answer in time: {msg}")
    if "timed out" in msg.lower():
        return QueryTimeout("the query ran past its time limit and was stopped")
    if "read-only" in msg.lower():
        return QueryRefused("this query would write to the graph; only reading queries may run")
    return QueryInvalid(msg) if text else StoreError(msg)


QUERY_SOCKET_TIMEOUT_S = 600.0


class FalkorStore(GraphStore):
    """A graph of the embedded FalkorDB server."""

    backend = "falkordb"

    def __init__(self, socket_path: str, graph: str, max_connections: int = 64) -> None:
        self.graph_name = graph
        self._pool = aioredis.BlockingConnectionPool(
            connection_class=aioredis.UnixDomainSocketConnection,
            path=socket_path,
            max_connections=max_connections,
            timeout=None,
            # The client's own default (5 s) would cut off a long analysis or a large load
            # batch and call the database busy; a query answers in its own time, up to this.
            socket_timeout=QUERY_SOCKET_TIMEOUT_S,
            socket_connect_timeout=5,
            decode_responses=True,
        )
        self._db: Any = None
        self._graph_handle: Any = None

    @property
    def _graph(self) -> Any:
        # The client asks the server whether it is a cluster when it is made, so it is
        # made on first use: a store for a database that is down still constructs.
        if self._graph_handle is None:
            try:
                self._db = FalkorDB(connection_pool=self._pool)
            except (RedisError, OSError) as exc:
                raise StoreUnavailable(f"the embedded database is not answering: {exc}") from exc
            self._graph_handle = self._db.select_graph(self.graph_name)
        return self._graph_handle

    async def _run(self, text: str, params: Params | None, *, readonly: bool) -> Any:
        try:
            if readonly:
                return await self._graph.ro_query(text, params or None)
            return await self._graph.query(text, params or None)
        except ResponseError as exc:
            if readonly and _EMPTY_GRAPH in str(exc):
                return _NoResult()
            raise _classify(exc) from exc
        except RedisError as exc:
            raise _classify(exc) from exc
        except OSError as exc:
            raise StoreUnavailable(f"the embedded database is not answering: {exc}") from exc

    def fulltext(self, words: list[str]) -> str:
        """RediSearch syntax: words of more than three letters within one edit, else prefixes."""
        return "|".join(f"%{w}%" if len(w) > 3 else f"{w}*" for w in words)

    async def query(self, name: str, params: Params | None = None) -> list[Record]:
        result = await self._run(load_query(name, self.backend), params, readonly=True)
        cols = _columns(result)
        return [
            dict(zip(cols, (to_plain(v) for v in row), strict=True)) for row in result.result_set
        ]

    async def write(self, name: str, params: Params | None = None) -> WriteSummary:
        result = await self._run(load_query(name, self.backend), params, readonly=False)
        cols = _columns(result)
        return WriteSummary(
            nodes_created=int(result.nodes_created),
            nodes_deleted=int(result.nodes_deleted),
            relationships_created=int(result.relationships_created),
            relationships_deleted=int(result.relationships_deleted),
            properties_set=int(result.properties_set),
            records=[dict(zip(cols, map(to_plain, row), strict=True)) for row in result.result_set],
        )

    async def cypher_readonly(
        self, text: str, params: Params | None, *, timeout_ms: int, row_cap: int
    ) -> CypherResult:
        try:
            result = await self._graph.ro_query(text, params or None, timeout=timeout_ms)
        except ResponseError as exc:
            if _EMPTY_GRAPH in str(exc):
                return CypherResult(columns=[], rows=[])
            raise _classify(exc, text) from exc
        except RedisError as exc:
            raise _classify(exc, text) from exc
        except OSError as exc:
            raise StoreUnavailable(f"the embedded database is not answering: {exc}") from exc
        except ValueError as exc:
            # The client refuses some parameter values before sending (a backtick in a map key).
            raise QueryInvalid(f"parameters not accepted: {exc}") from exc
        rows = result.result_set or []
        return CypherResult(
            columns=_columns(result),
            rows=[[to_plain(v) for v in row] for row in rows[:row_cap]],
            truncated=len(rows) > row_cap,
        )

    async def ping(self) -> bool:
        try:
            self._graph  # noqa: B018 - connects
            return bool(await self._db.connection.ping())
        except (RedisError, OSError, StoreUnavailable):
            return False

    async def ensure_schema(self) -> None:
        for statement in split_statements(load_query("schema", self.backend)):
            try:
                await self._graph.query(statement)
            except ResponseError as exc:
                if not any(s in str(exc).lower() for s in _ALREADY):
                    raise StoreError(f"schema statement failed: {statement}: {exc}") from exc
            except RedisError as exc:
                raise _classify(exc) from exc
        # Unique constraints are a FalkorDB command of their own, not Cypher.
        for label in ID_LABELS:
            try:
                await self._graph.create_node_unique_constraint(label, "id")
            except ResponseError as exc:
                if not any(s in str(exc).lower() for s in _ALREADY):
                    raise StoreError(f"unique constraint on {label}.id failed: {exc}") from exc

    async def clear(self) -> None:
        while True:
            summary = await self.write("clear_graph", {"limit": 50_000})
            if summary.nodes_deleted == 0:
                break

    async def compact(self) -> None:
        """Rewrite the append-only file as a snapshot, in the background: on the next start
        the server reads the snapshot instead of replaying every write ever made (a large
        graph would otherwise take minutes to open)."""
        try:
            self._graph  # noqa: B018 - connects
            await self._db.connection.execute_command("BGREWRITEAOF")
        except ResponseError as exc:
            if "in progress" not in str(exc).lower():  # one is already under way or scheduled
                raise StoreError(f"could not compact the database log: {exc}") from exc
        except (RedisError, OSError) as exc:
            raise StoreUnavailable(f"the embedded database is not answering: {exc}") from exc

    async def drop(self) -> None:
        """Delete this graph with its indexes (tests)."""
        try:
            await self._graph.delete()
        except ResponseError:
            pass

    async def close(self) -> None:
        await self._pool.aclose()
