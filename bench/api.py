"""API latency and throughput: `python bench/api.py --records N`.

Generates N records (bench/generate.py), loads them, serves the app with a real uvicorn on
127.0.0.1, and times each route over HTTP beside the same store queries run directly in this
process, in the same run. Then 50 concurrent clients (aiohttp) look entities up for a few
seconds, each id drawn uniformly from every organization, person and event. The server runs
`--workers` uvicorn processes (default 2, one per core). The last line printed is one JSON
object: records, <route>_http_p50_ms / _http_p95_ms / _direct_p95_ms / _ratio per route,
lookups_per_s.

`--backend neo4j` does the same on Neo4j (bench/backends.py: a local Neo4j started from neo4j/,
or NEO4J_URI's, which must be empty): the app's workers reach it through NEO4J_URI, the direct
calls through the same store port; the JSON then starts with "backend": "neo4j". Each route's
direct calls run once untimed before its timings there, to warm the JVM and Neo4j's plan cache.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.backends import BACKENDS, run  # noqa: E402
from bench.served import loaded_graph, served_app  # noqa: E402
from ctgraph.core.names import search_words  # noqa: E402
from ctgraph.core.vocabulary import NODE_LABELS  # noqa: E402
from ctgraph.graph import analytics  # noqa: E402
from ctgraph.graph.records import entity_record  # noqa: E402
from ctgraph.settings import Settings  # noqa: E402
from ctgraph.store import StoreError  # noqa: E402

GRAPH = "bench-api"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def timed(fn: Callable[[int], Awaitable[Any]], reps: int) -> list[float]:
    out = []
    for i in range(reps):
        t = time.perf_counter()
        await fn(i)
        out.append(time.perf_counter() - t)
    return out


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers (one per core)")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--backend", choices=BACKENDS, default="embedded")
    parser.add_argument("--neo4j-heap", default="3g", help="a local Neo4j's JVM heap")
    parser.add_argument("--neo4j-pagecache", default="512m", help="a local Neo4j's page cache")
    args = parser.parse_args()
    async with (
        loaded_graph(args, GRAPH, "ctgraph-bench-api-") as loaded,
        served_app(loaded, args.workers) as base,
    ):
        store, ids = loaded.store, loaded.ids
        names = await store.bench_names()
        rnd = random.Random(0)
        orgs, everyone = ids["organizations"], sum(ids.values(), [])
        timeout = aiohttp.ClientTimeout(total=120)
        async with aiohttp.ClientSession(base, timeout=timeout) as c:

            async def get(path: str, params: dict[str, Any] | None = None) -> None:
                async with c.get(path, params=params) as r:
                    r.raise_for_status()
                    await r.read()

            picks = [rnd.choice(orgs) for _ in range(args.reps)]
            pairs = [(rnd.choice(orgs), rnd.choice(orgs)) for _ in range(args.reps)]
            words = [rnd.choice(names) for _ in range(args.reps)]
            result: dict[str, Any] = {"records": args.records}
            if args.backend != "embedded":
                result = {"backend": args.backend, **result}
            defaults = Settings()  # the server's limits, read once (not inside a timing)

            async def neighborhood_http(i: int) -> None:
                await get("/api/graph/neighborhood", {"id": picks[i]})

            # "Direct" is what each route runs on the store, called in this process: the
            # ratio is what HTTP, validation and serialization add.
            async def neighborhood_direct(i: int) -> None:
                await analytics.neighborhood(
                    store,
                    picks[i],
                    depth=1,
                    types=analytics.DEFAULT_TYPES,
                    start=None,
                    end=None,
                    country=None,
                    limit=defaults.neighborhood_limit,
                )

            async def entity_http(i: int) -> None:
                await get(f"/api/entities/{picks[i]}")

            async def entity_direct(i: int) -> None:
                await entity_record(store, picks[i], defaults.entity_list_limit)

            async def search_http(i: int) -> None:
                await get("/api/search", {"q": words[i]})

            async def search_direct(i: int) -> None:
                await store.search(search_words(words[i]), list(NODE_LABELS), 20)

            async def organizations_http(i: int) -> None:
                await get("/api/organizations", {"limit": 50})

            async def organizations_direct(i: int) -> None:
                await store.organizations_list(
                    {"q": None, "kind": None, "country": None, "limit": 50, "offset": 0}
                )

            async def paths_http(i: int) -> None:
                a, b = pairs[i]
                await get("/api/graph/paths", {"from": a, "to": b, "max_hops": 4})

            async def paths_direct(i: int) -> None:
                a, b = pairs[i]
                await analytics.paths(store, a, b, max_hops=4, k=3)

            async def co_http(i: int) -> None:
                await get("/api/graph/co-organization")

            async def co_direct(i: int) -> None:
                await analytics.co_organization(
                    store, start=None, end=None, min_weight=1, country=None
                )

            routes = {
                "neighborhood": (neighborhood_http, neighborhood_direct, args.reps),
                "entity": (entity_http, entity_direct, args.reps),
                "search": (search_http, search_direct, args.reps),
                "organizations": (
                    organizations_http,
                    organizations_direct,
                    max(5, args.reps // 10),
                ),
                "paths": (paths_http, paths_direct, max(5, args.reps // 5)),
                "co_organization": (co_http, co_direct, 3),
            }
            for name, (http, direct, reps) in routes.items():
                try:
                    await http(0)
                    if args.backend == "neo4j":
                        # The JVM compiles the query paths, and Neo4j plans and caches each query,
                        # while it first runs them: untimed here, else the HTTP series pays it.
                        await timed(direct, reps)
                    h = await timed(http, reps)
                    d = await timed(direct, reps)
                except (aiohttp.ClientError, StoreError) as exc:
                    result[f"{name}_error"] = str(exc)[:200]
                    print(name, "failed:", exc, flush=True)
                    continue
                result[f"{name}_http_p50_ms"] = round(pct(h, 0.5), 2)
                result[f"{name}_http_p95_ms"] = round(pct(h, 0.95), 2)
                result[f"{name}_direct_p50_ms"] = round(pct(d, 0.5), 2)
                result[f"{name}_direct_p95_ms"] = round(pct(d, 0.95), 2)
                result[f"{name}_ratio"] = round(pct(h, 0.95) / max(pct(d, 0.95), 1e-6), 2)
                print(name, {k: v for k, v in result.items() if k.startswith(name)}, flush=True)

        connector = aiohttp.TCPConnector(limit=50)
        async with aiohttp.ClientSession(base, timeout=timeout, connector=connector) as c:
            done = 0
            stop = time.perf_counter() + args.seconds

            async def client() -> None:
                nonlocal done
                while time.perf_counter() < stop:
                    async with c.get(f"/api/entities/{rnd.choice(everyone)}") as r:
                        r.raise_for_status()
                        await r.read()
                    done += 1

            t = time.perf_counter()
            await asyncio.gather(*(client() for _ in range(50)))
            result["lookups_per_s"] = round(done / (time.perf_counter() - t), 1)
        result["lookup_clients"] = 50
        result["uvicorn_workers"] = args.workers
        result["median_http_over_direct"] = round(
            statistics.median(v for k, v in result.items() if k.endswith("_ratio")), 2
        )
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    run(main())
