"""The production backend: Neo4j through the official async driver."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, LiteralString

from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)
from neo4j.graph import Node, Path, Relationship

import neo4j
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
    read_time_left_ms,
)
from ctgraph.store.budgets import RANGE_REFUSED, guard_ranges
from ctgraph.store.queries import load_query, split_statements
from neo4j import AsyncGraphDatabase, RoutingControl


def to_plain(value: Any) -> Any:
    """Neo4j values as JSON-ready Python: nodes, relationships and paths become maps."""
    if isinstance(value, Node):
        props = dict(value.items())
        return {
            "id": props.get("id", value.element_id),
            "labels": sorted(lb for lb in value.labels if lb != "Entity"),
            "properties": {k: to_plain(v) for k, v in props.items()},
        }
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        return {
            "type": value.type,
            "source": start.get("id", start.element_id) if start is not None else None,
            "target": end.get("id", end.element_id) if end is not None else None,
            "properties": {k: to_plain(v) for k, v in value.items()},
        }
    if isinstance(value, Path):
        return {
            "nodes": [to_plain(n) for n in value.nodes],
            "relationships": [to_plain(r) for r in value.relationships],
        }
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


# A unit of work (a load, a merge) may run this long; the server's own timeout is for queries.
UNIT_TIMEOUT_S = 3600.0
SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


def uri_problem(uri: str) -> str | None:
    """What is wrong with a NEO4J_URI, or None when its scheme is one the driver speaks."""
    scheme = uri.split("://", 1)[0] if "://" in uri else ""
    if scheme in SCHEMES:
        return None
    return (
        f"NEO4J_URI={uri!r} is not a Neo4j address: it starts with one of "
        + ", ".join(f"{s}://" for s in SCHEMES)
        + ", e.g. neo4j://localhost:7687"
    )


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].rstrip(":") if text else type(exc).__name__


def _wrap(exc: Exception, uri: str = "NEO4J_URI", database: str = "neo4j") -> StoreError:
    code = getattr(exc, "code", None) or ""
    if "DatabaseNotFound" in code:
        return StoreUnavailable(
            f"Neo4j at {uri} has no database {database!r}: check NEO4J_DATABASE "
            "(Neo4j Community holds one database, 'neo4j')"
        )
    if "AuthenticationRateLimit" in code:
        return StoreUnavailable(
            f"Neo4j at {uri} refused the credentials too often and locks the user for a "
            "while: check NEO4J_USERNAME and NEO4J_PASSWORD, then try again"
        )
    if isinstance(exc, AuthError):
        return StoreUnavailable(
            f"Neo4j at {uri} refused the credentials: check NEO4J_USERNAME and NEO4J_PASSWORD"
        )
    if isinstance(exc, ServiceUnavailable | SessionExpired | OSError):
        return StoreUnavailable(
            f"Neo4j is not reachable at {uri} ({_first_line(exc)}): start it "
            "(`docker compose up -d neo4j`, or `python neo4j/localneo4j.py` from a checkout) "
            "or point NEO4J_URI at a running server"
        )
    if isinstance(exc, Neo4jError):
        code = exc.code or ""
        if "TransactionTimedOut" in code or "Timeout" in code:
            return QueryTimeout("the query ran past its time limit and was stopped")
        if "MemoryPoolOutOfMemoryError" in code:
            return QueryTimeout(
                "Neo4j stopped this work: it needed more memory than one transaction may use "
                "(db.memory.transaction.max); nothing of it was written. Ask for less, or "
                "split a load's input into batches of files and load them one after another"
            )
        if "ForbiddenOnReadOnlyDatabase" in code or "AccessMode" in code or "Forbidden" in code:
            return QueryRefused("this query would write to the graph; only reading queries may run")
        if "Syntax" in code or "Semantic" in code or "ParameterMissing" in code:
            return QueryInvalid(exc.message or str(exc))
    return StoreError(str(exc))


@dataclass(frozen=True)
class Neo4jOpener:
    """Opens a store of the same class on the same server and database (in another process)."""

    kind: type[Neo4jStore]
    uri: str
    username: str
    password: str = field(repr=False)
    database: str

    def __call__(self) -> Neo4jStore:
        return self.kind(self.uri, self.username, self.password, self.database)


class Neo4jStore(GraphStore):
    """A Neo4j database (any Neo4j 5 or Aura) holding the ctgraph graph."""

    backend = "neo4j"

    def __init__(self, uri: str, username: str, password: str, database: str) -> None:
        self.uri = uri
        self.database = database
        self._username = username
        self._password = password
        problem = uri_problem(uri)
        if problem:
            raise StoreUnavailable(problem)
        try:
            self._driver = AsyncGraphDatabase.driver(
                uri,
                auth=(username, password),
                connection_timeout=5.0,
                max_transaction_retry_time=5.0,
                # Notices such as "this property key does not exist yet" are not errors.
                notifications_min_severity="OFF",
            )
        except (ValueError, ConfigurationError) as exc:
            raise StoreUnavailable(f"NEO4J_URI={uri!r} is not usable: {_first_line(exc)}") from exc
        self._verified = False
        self._tx: neo4j.AsyncTransaction | None = None
        self._tx_lock = asyncio.Lock()

    async def _verify(self) -> None:
        """Reach the server once before the first query, so that a stopped server or wrong
        credentials fail at once with one line instead of after the driver's retries."""
        if self._verified:
            return
        try:
            await self._driver.verify_connectivity()
        except (Neo4jError, ServiceUnavailable, SessionExpired, DriverError, OSError) as exc:
            raise _wrap(exc, self.uri, self.database) from exc
        self._verified = True

    async def _execute(self, text: LiteralString, params: Params | None, write: bool) -> Any:
        await self._verify()
        if self._tx is not None:
            return await self._in_unit(text, params)
        routing = RoutingControl.WRITE if write else RoutingControl.READ
        left = None if write else read_time_left_ms()
        query = text if left is None else neo4j.Query(text, timeout=left / 1000)
        try:
            return await self._driver.execute_query(
                query, parameters_=params or {}, database_=self.database, routing_=routing
            )
        except (Neo4jError, ServiceUnavailable, SessionExpired, OSError) as exc:
            raise _wrap(exc, self.uri, self.database) from exc

    async def _in_unit(self, text: LiteralString, params: Params | None) -> Any:
        assert self._tx is not None
        # One transaction runs one statement at a time: the unit's statements take turns.
        async with self._tx_lock:
            try:
                result = await self._tx.run(text, params or {})
                keys = list(result.keys())
                records = [record async for record in result]
                summary = await result.consume()
            except (Neo4jError, ServiceUnavailable, SessionExpired, DriverError, OSError) as exc:
                raise _wrap(exc, self.uri, self.database) from exc
        return neo4j.EagerResult(records, summary, keys)

    @contextlib.asynccontextmanager
    async def atomic(self) -> AsyncIterator[GraphStore]:
        """One transaction: its reads see its writes, its writes are seen at commit, all at
        once; an error or a lost connection rolls it back. It is not cut by the server's
        `db.transaction.timeout` (a load of 100,000 records takes minutes); its memory is
        bounded by `db.memory.transaction.max`. Units take turns: each first write-locks the
        one `(:WriteLock)` node, and a second unit waits there until the first ends."""
        if self._tx is not None:
            yield self
            return
        await self._verify()
        try:
            async with self._driver.session(database=self.database) as session:
                tx = await session.begin_transaction(timeout=UNIT_TIMEOUT_S)
                # Units take turns: this write-locks one node until commit or rollback.
                await tx.run(load_query("unit_lock", self.backend))
                unit = copy.copy(self)
                unit._tx = tx
                unit._tx_lock = asyncio.Lock()
                unit.write_concurrency = 1
                try:
                    yield unit
                except BaseException:
                    with contextlib.suppress(Exception):
                        await tx.rollback()
                    raise
                await tx.commit()
        except (Neo4jError, ServiceUnavailable, SessionExpired, DriverError, OSError) as exc:
            raise _wrap(exc, self.uri, self.database) from exc

    def fulltext(self, words: list[str]) -> str:
        """Lucene syntax: words of more than three letters within one edit, else prefixes."""
        return " ".join(f"{w}~1" if len(w) > 3 else f"{w}*" for w in words)

    def fulltext_every(self, words: list[str]) -> str:
        """Lucene syntax: every word required, the last as a prefix."""
        *head, last = words
        return " AND ".join([*head, f"{last}*"])

    async def query(self, name: str, params: Params | None = None) -> list[Record]:
        result = await self._execute(load_query(name, self.backend), params, write=False)
        return [{k: to_plain(v) for k, v in rec.items()} for rec in result.records]

    async def write(self, name: str, params: Params | None = None) -> WriteSummary:
        result = await self._execute(load_query(name, self.backend), params, write=True)
        c = result.summary.counters
        return WriteSummary(
            nodes_created=c.nodes_created,
            nodes_deleted=c.nodes_deleted,
            relationships_created=c.relationships_created,
            relationships_deleted=c.relationships_deleted,
            properties_set=c.properties_set,
            records=[{k: to_plain(v) for k, v in rec.items()} for rec in result.records],
        )

    async def cypher_readonly(
        self,
        text: str,
        params: Params | None,
        *,
        timeout_ms: int,
        row_cap: int,
        byte_cap: int | None = None,
    ) -> CypherResult:
        # User text is data here: it runs only after EXPLAIN shows a read-only plan, and then
        # inside a READ transaction with a timeout, read a few records at a time: at the row or
        # byte cap the transaction is rolled back, which stops the query on the server.
        # range() beyond RANGE_MAX values is refused in the query: one returned range list is
        # one record, which the driver would decode whole on the event loop.
        guarded, ranged = guard_ranges(text)
        user: LiteralString = guarded
        await self._verify()
        try:
            async with self._driver.session(
                database=self.database,
                default_access_mode=neo4j.READ_ACCESS,
                fetch_size=_FETCH_ROWS,
            ) as session:
                explained = await session.run("EXPLAIN " + user, params or {})
                summary = await explained.consume()
                if summary.query_type != "r":
                    raise QueryRefused(
                        "this query would write to or administer the database; "
                        "only reading queries may run"
                    )
                left = read_time_left_ms(timeout_ms)
                tx = await session.begin_transaction(timeout=left / 1000)
                try:
                    return await _capped_rows(tx, user, params, row_cap, byte_cap)
                finally:
                    await tx.close()  # a read: nothing to commit; rolls back, stops the query
        except QueryRefused:
            raise
        except (Neo4jError, ServiceUnavailable, SessionExpired, OSError) as exc:
            if ranged and isinstance(exc, Neo4jError) and "range()" in (exc.message or ""):
                raise QueryInvalid(RANGE_REFUSED) from exc
            raise _wrap(exc, self.uri, self.database) from exc

    async def ping(self) -> bool:
        try:
            await self._driver.verify_connectivity()
        except Exception:  # noqa: BLE001 - any failure means "not ready"
            return False
        return True

    async def ensure_schema(self) -> None:
        for statement in split_statements(load_query("schema", self.backend)):
            await self._execute(statement, None, write=True)

    async def clear(self) -> None:
        while True:
            summary = await self.write("clear_graph", {"limit": 10_000})
            if summary.nodes_deleted == 0:
                break

    def opener(self) -> Neo4jOpener:
        return Neo4jOpener(type(self), self.uri, self._username, self._password, self.database)

    async def close(self) -> None:
        await self._driver.close()


# -- bounds on user-supplied Cypher (cypher_readonly) ----------------------------------------

# Records the driver asks for at a time: a cap is overshot by at most this many.
_FETCH_ROWS = 100


async def _capped_rows(
    tx: neo4j.AsyncTransaction,
    text: LiteralString,
    params: Params | None,
    row_cap: int,
    byte_cap: int | None,
) -> CypherResult:
    """At most `row_cap` rows, and about `byte_cap` bytes of JSON, of a query in `tx`."""
    result = await tx.run(text, params or {})
    keys = list(result.keys())
    rows: list[list[Any]] = []
    used = 0
    truncated = False
    async for record in result:
        if len(rows) >= row_cap:
            truncated = True
            break
        row = [to_plain(v) for v in record.values()]
        if byte_cap is not None:
            used += len(json.dumps(row, default=str, separators=(",", ":")))
            if used > byte_cap:
                if not rows:
                    raise QueryInvalid(
                        f"the first row alone is more than {byte_cap:,} bytes: return less, "
                        "e.g. size(list) or a slice such as list[0..1000]"
                    )
                truncated = True
                break
        rows.append(row)
    return CypherResult(columns=keys, rows=rows, truncated=truncated)
