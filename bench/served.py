"""What the HTTP benchmarks share: a fresh database of the chosen backend holding generated
records, and the app served on it by uvicorn workers; both stopped on the way out."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.backends import ROOT, Neo4jBench, Neo4jTarget, start_neo4j
from bench.generate import generate
from bench.load import settled
from ctgraph.loaders import LoadOptions, load_paths
from ctgraph.store import EmbeddedServer, GraphStore
from ctgraph.store.falkordb import FalkorStore


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Loaded:
    """The loaded graph: its store, the benchmark's folder, the variables that point the app's
    workers at it, and the ids of its organizations, people and events."""

    store: GraphStore
    tmp: Path
    env: dict[str, str]
    graph: str
    ids: dict[str, list[str]]


@dataclass
class Fresh:
    """A fresh database: its store, the benchmark's folder, the variables that point the app's
    workers at it, and the embedded server (None on Neo4j)."""

    store: GraphStore
    tmp: Path
    env: dict[str, str]
    server: EmbeddedServer | None


@contextlib.asynccontextmanager
async def fresh_graph(args: argparse.Namespace, graph: str, prefix: str) -> AsyncIterator[Fresh]:
    """A fresh database (`args.backend`; a local Neo4j gets `args.neo4j_heap` and
    `args.neo4j_pagecache`) in a folder of its own. On the way out the database is stopped
    (NEO4J_URI's is cleared, as it was found) and the folder removed."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    server: EmbeddedServer | None = None
    target: Neo4jTarget | None = None
    bench: Neo4jBench | None = None
    # The app's workers find the same database through the same variables as in production.
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    try:
        store: GraphStore
        if args.backend == "neo4j":
            target = start_neo4j(tmp / "neo4j", args.neo4j_heap, args.neo4j_pagecache)
            bench = Neo4jBench(target)
            await bench.refuse_if_it_holds_data()
            store = await bench.fresh()
            env.update(target.env())
        else:
            server = EmbeddedServer(tmp / "home")
            server.start()
            store = FalkorStore(str(server.socket), graph)
            await store.ensure_schema()
        yield Fresh(store, tmp, env, server)
        if isinstance(store, FalkorStore):
            await store.drop()
            await store.close()
    finally:
        if bench is not None:
            await bench.close()
        if target is not None:
            target.stop()
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.asynccontextmanager
async def loaded_graph(args: argparse.Namespace, graph: str, prefix: str) -> AsyncIterator[Loaded]:
    """`args.records` generated records loaded into a fresh database (see `fresh_graph`), the
    log's snapshot written before any timing."""
    async with fresh_graph(args, graph, prefix) as f:
        generate(f.tmp / "data", args.records, seed=0)
        t = time.perf_counter()
        await load_paths(f.store, [f.tmp / "data"], LoadOptions(candidates=False))
        print(f"loaded {args.records:,} records in {time.perf_counter() - t:.1f} s", flush=True)
        if f.server is not None:
            await settled(f.server)
        ids = {
            label: await f.store.bench_ids(label) for label in ("organizations", "people", "events")
        }
        yield Loaded(f.store, f.tmp, f.env, graph, ids)


@contextlib.asynccontextmanager
async def served_app(loaded: Loaded, workers: int) -> AsyncIterator[str]:
    """The app on the loaded graph, `workers` uvicorn processes on a free port, once it is
    ready: its base URL. Stopped on the way out."""
    port = free_port()
    env = {
        **loaded.env,
        "CTGRAPH_HOME": str(loaded.tmp / "home"),
        "CTGRAPH_GRAPH": loaded.graph,
        "CTGRAPH_LOAD_SAMPLE": "false",
    }
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "uvicorn", "ctgraph.api.main:create_app", "--factory",
            "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
            # as `ctgraph serve` sets it
            "--timeout-worker-healthcheck", "300", "--log-level", "warning",
        ],
        env=env,
        cwd=ROOT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession(base) as c:
            for _ in range(600):
                with contextlib.suppress(aiohttp.ClientError):
                    async with c.get("/readyz") as r:
                        if r.status == 200:
                            break
                await asyncio.sleep(0.1)
            else:
                raise SystemExit(f"the app at {base} was not ready within 60 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
