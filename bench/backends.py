"""The Neo4j the benchmarks run on (`--backend neo4j`): started, connected, cleared, stopped.

A local Neo4j 5 Community from neo4j/localneo4j.py, in the benchmark's temporary folder, unless
NEO4J_URI is set: then that server (NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE), which must
hold no data, since the benchmark clears it. The benchmark talks to it through the store port
(`ctgraph.store.neo4j.Neo4jStore`, what the loader and the app use) and, for the bare baseline,
through the official driver alone. The embedded backend stays in bench/load.py and bench/api.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import secrets
import signal
import sys
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from ctgraph.store.neo4j import Neo4jStore
from neo4j import AsyncGraphDatabase, RoutingControl

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ("embedded", "neo4j")
Work = list[tuple[str, list[dict[str, Any]]]]
T = TypeVar("T")


def localneo4j() -> ModuleType:
    """neo4j/localneo4j.py (standard library only, outside the package)."""
    folder = str(ROOT / "neo4j")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module("localneo4j")


def run(main: Coroutine[Any, Any, T]) -> T:
    """asyncio.run, where SIGTERM cancels the benchmark as Ctrl-C does: either way its
    `finally` blocks stop the servers it started, then it exits with one line.

    (SIGKILL cannot be caught: a local Neo4j then stops by itself, as it watches its stdin.)
    """

    async def guarded() -> T:
        task = asyncio.current_task()
        assert task is not None
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        return await main

    try:
        return asyncio.run(guarded())
    except (KeyboardInterrupt, asyncio.CancelledError):
        print("interrupted: the servers this benchmark started are stopped", file=sys.stderr)
        raise SystemExit(130) from None


@dataclass
class Neo4jTarget:
    """Where the benchmark's Neo4j is; `server` is the LocalNeo4j it started, if it did."""

    uri: str
    user: str
    password: str
    database: str
    server: Any = None

    @property
    def external(self) -> bool:
        """NEO4J_URI's server (not ours to stop; its data is cleared when done)."""
        return self.server is None

    def env(self) -> dict[str, str]:
        """The variables that point ctgraph (the app's workers) at this database."""
        return {
            "NEO4J_URI": self.uri,
            "NEO4J_USERNAME": self.user,
            "NEO4J_PASSWORD": self.password,
            "NEO4J_DATABASE": self.database,
        }

    def peak_rss_mb(self) -> float | None:
        """The local server's peak RSS (VmHWM), or None."""
        proc = getattr(self.server, "process", None)
        if proc is None:
            return None
        try:
            status = Path(f"/proc/{proc.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return None

    def stop(self) -> None:
        """Stops the local server (a no-op for NEO4J_URI's)."""
        if self.server is not None:
            self.server.stop()


def start_local_neo4j(folder: Path, heap: str, pagecache: str, what: str = "") -> Neo4jTarget:
    """A LocalNeo4j on `folder`, started (a free port, a random password)."""
    mod = localneo4j()
    server = mod.LocalNeo4j(
        folder,
        port=0,
        password=secrets.token_urlsafe(12),
        heap=heap,
        pagecache=pagecache,
        tx_timeout="600s",  # a benchmark's batches are big; Neo4j's own default is no limit
    )
    try:
        server.start(timeout=300)
    except BaseException:
        server.stop()
        raise
    print(
        f"local Neo4j {mod.neo4j_version()}{what} ready in {server.startup_seconds:.1f} s at "
        f"{server.uri} (heap {heap}, page cache {pagecache})",
        flush=True,
    )
    return Neo4jTarget(server.uri, server.user, server.password, "neo4j", server)


def start_neo4j(folder: Path, heap: str, pagecache: str) -> Neo4jTarget:
    """NEO4J_URI's server if set, else a local one started now; the caller stops it."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        print(f"Neo4j at NEO4J_URI={uri}", flush=True)
        return Neo4jTarget(
            uri,
            os.environ.get("NEO4J_USERNAME", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", ""),
            os.environ.get("NEO4J_DATABASE", "neo4j"),
        )
    return start_local_neo4j(folder, heap, pagecache)


class Neo4jBench:
    """One Neo4j database: the store the loader and the app use, and a bare driver beside it."""

    def __init__(self, target: Neo4jTarget) -> None:
        self.target = target
        self.store = Neo4jStore(target.uri, target.user, target.password, target.database)
        self.driver = AsyncGraphDatabase.driver(
            target.uri,
            auth=(target.user, target.password),
            notifications_min_severity="OFF",
        )
        self.checked_empty = False  # cleared only once it was found empty

    async def refuse_if_it_holds_data(self) -> None:
        """Stops the benchmark before it clears a database that holds data."""
        rows = await self.read_all("MATCH (n) RETURN count(n)")
        if rows[0][0]:
            raise SystemExit(
                f"the Neo4j database {self.target.database!r} at {self.target.uri} holds "
                f"{rows[0][0]:,} nodes and this benchmark clears it: point NEO4J_URI/"
                "NEO4J_DATABASE at a scratch database, or unset NEO4J_URI to let the benchmark "
                "start a local Neo4j"
            )
        self.checked_empty = True

    async def clear(self) -> None:
        """Deletes every relationship, then every node, 10,000 a transaction. (DETACH DELETE
        of a node with 15,000 relationships, as a graph of 200,000 records holds, runs past the
        local server's transaction memory, 256 MiB, whatever the batch: so does the store's
        `clear`.)"""
        async with self.driver.session(database=self.target.database) as session:
            for text in (
                "MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS",
                "MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS OF 10000 ROWS",
            ):
                result = await session.run(text)
                await result.consume()

    async def fresh(self) -> Neo4jStore:
        """The store, emptied, with the loader's constraints and indexes (they outlive a
        clear: `ensure_schema` only makes sure)."""
        await self.clear()
        await self.store.ensure_schema()
        return self.store

    async def read_all(self, text: str) -> list[list[Any]]:
        """Every row of a read query through the bare driver, values as the driver gives them."""
        result = await self.driver.execute_query(
            text, database_=self.target.database, routing_=RoutingControl.READ
        )
        return [list(r.values()) for r in result.records]

    async def run(self, text: str, params: dict[str, Any] | None = None) -> None:
        """One write or procedure through the bare driver."""
        await self.driver.execute_query(text, params, database_=self.target.database)

    async def run_bare(self, work: Work, batch: int) -> float:
        """Seconds to write every row through the bare driver, `batch` rows a statement."""
        database = self.target.database
        started = time.perf_counter()
        for query, rows in work:
            for i in range(0, len(rows), batch):
                await self.driver.execute_query(
                    query, {"rows": rows[i : i + batch]}, database_=database
                )
        return time.perf_counter() - started

    async def close(self) -> None:
        """Clears NEO4J_URI's database (if it held nothing before) and closes both clients."""
        try:
            if self.target.external and self.checked_empty:
                with contextlib.suppress(Exception):
                    await self.clear()
        finally:
            await self.store.close()
            await self.driver.close()
