"""Isolation of cheap lookups from heavy work: `python bench/isolation.py --records N`.

Generates N records (bench/generate.py), loads them, serves the app with a real uvicorn on
127.0.0.1 (`--workers`, default 2) and times one client's entity lookups (`/api/entities/{id}`,
ids drawn uniformly) alone, then beside 1, 2 and 4 clients looping on each heavy route: slow
Cypher, the co-organization network, a depth-3 neighbourhood of the busiest organization with
the default limit, paths, and a GEXF export of the whole graph. A heavy client that is told 503
waits the Retry-After it is given, as a polite client does. Printed: each phase's lookup p50/p95
and its ratio to the lookups alone measured just before that route's phases (this machine's noise
drifts over a run), and what the heavy clients got (statuses); the last line is one JSON object.
The goal (issue 17): lookup p95 beside 4 heavy clients at most 2x alone.

`--backend neo4j` runs the same on a local Neo4j (bench/backends.py) or NEO4J_URI's (which must
be empty). SIGINT or SIGTERM stops the app and the database it started.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api import pct  # noqa: E402
from bench.backends import BACKENDS, run  # noqa: E402
from bench.served import loaded_graph, served_app  # noqa: E402

GRAPH = "bench-isolation"
SLOW_CYPHER = "MATCH (a:Entity)-[*1..3]-(b:Entity) RETURN count(*)"


def heavy_routes(busiest: str, orgs: list[str]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Each heavy route as (method, path, params or JSON body)."""
    return {
        "cypher": ("POST", "/api/cypher", {"query": SLOW_CYPHER}),
        "co_organization": ("GET", "/api/graph/co-organization", {}),
        "neighborhood_d3": ("GET", "/api/graph/neighborhood", {"id": busiest, "depth": 3}),
        "paths": ("GET", "/api/graph/paths", {"from": orgs[1], "to": orgs[-1], "max_hops": 6}),
        "export_gexf": ("GET", "/api/export", {"format": "gexf"}),
    }


async def lookups(
    c: aiohttp.ClientSession, ids: list[str], seconds: float, rnd: random.Random
) -> list[float]:
    """One client's lookup latencies, one after another, for `seconds`."""
    out: list[float] = []
    stop = time.perf_counter() + seconds
    while time.perf_counter() < stop:
        t = time.perf_counter()
        async with c.get(f"/api/entities/{rnd.choice(ids)}") as r:
            await r.read()
            if r.status != 200:
                raise SystemExit(f"a lookup answered {r.status}: {(await r.text())[:200]}")
        out.append(time.perf_counter() - t)
    return out


async def heavy_client(
    c: aiohttp.ClientSession, route: tuple[str, str, dict[str, Any]], stop: asyncio.Event,
    statuses: Counter[int],
) -> None:  # fmt: skip
    method, path, payload = route
    while not stop.is_set():
        kwargs: dict[str, Any] = {"json": payload} if method == "POST" else {"params": payload}
        async with c.request(method, path, **kwargs) as r:
            await r.read()
            statuses[r.status] += 1
            if r.status == 503:
                wait = float(r.headers.get("Retry-After", "1"))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), wait)


async def phase(
    base: str, ids: list[str], seconds: float, route: tuple[str, str, dict[str, Any]] | None,
    clients: int,
) -> tuple[list[float], Counter[int]]:  # fmt: skip
    """Lookup latencies beside `clients` heavy clients on `route` (none: alone)."""
    timeout = aiohttp.ClientTimeout(total=600)
    statuses: Counter[int] = Counter()
    stop = asyncio.Event()
    async with aiohttp.ClientSession(base, timeout=timeout) as heavy_c:
        tasks = (
            [
                asyncio.create_task(heavy_client(heavy_c, route, stop, statuses))
                for _ in range(clients)
            ]
            if route
            else []
        )
        await asyncio.sleep(1.0 if tasks else 0)  # the heavy work is under way
        async with aiohttp.ClientSession(base, timeout=timeout) as c:
            lat = await lookups(c, ids, seconds, random.Random(len(ids)))
        stop.set()
        # Each heavy client ends after its request in flight: the next phase starts idle.
        await asyncio.gather(*tasks)
    return lat, statuses


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--backend", choices=BACKENDS, default="embedded")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers (one per core)")
    parser.add_argument("--seconds", type=float, default=8.0, help="lookups per phase")
    parser.add_argument("--clients", default="1,2,4", help="heavy clients per phase")
    parser.add_argument("--routes", default="", help="comma-separated subset of the routes")
    parser.add_argument("--neo4j-heap", default="3g", help="a local Neo4j's JVM heap")
    parser.add_argument("--neo4j-pagecache", default="512m", help="a local Neo4j's page cache")
    args = parser.parse_args()
    async with (
        loaded_graph(args, GRAPH, "ctgraph-bench-isolation-") as loaded,
        served_app(loaded, args.workers) as base,
    ):
        ids = loaded.ids
        everyone = sum(ids.values(), [])
        # The generator's activity is skewed: its first organizations organize the most.
        orgs = ids["organizations"]
        busiest = orgs[0]
        # Warm up: connections opened, the lookups' pages in memory.
        await phase(base, everyone, min(3.0, args.seconds), None, 0)
        routes = heavy_routes(busiest, orgs)
        if args.routes:
            routes = {k: v for k, v in routes.items() if k in args.routes.split(",")}
        counts = [int(n) for n in args.clients.split(",")]
        result: dict[str, Any] = {"backend": args.backend, "records": args.records}
        alone, _ = await phase(base, everyone, args.seconds, None, 0)
        p50, p95 = pct(alone, 0.5), pct(alone, 0.95)
        result.update(alone_p50_ms=round(p50, 2), alone_p95_ms=round(p95, 2))
        print(f"{'alone':<22} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  ({len(alone)} lookups)")
        worst = 0.0
        for name, route in routes.items():
            # This machine's noise drifts: each route is compared with lookups alone measured
            # just before it, as well as with the first ones.
            before, _ = await phase(base, everyone, args.seconds, None, 0)
            b95 = pct(before, 0.95)
            result[f"{name}_alone_p95_ms"] = round(b95, 2)
            print(f"{'alone':<22} p50 {pct(before, 0.5):8.1f} ms  p95 {b95:8.1f} ms")
            for n in counts:
                lat, statuses = await phase(base, everyone, args.seconds, route, n)
                q50, q95 = pct(lat, 0.5), pct(lat, 0.95)
                ratio = q95 / max(b95, 1e-6)
                if n == max(counts):
                    worst = max(worst, ratio)
                key = f"{name}_{n}"
                result[f"{key}_p50_ms"] = round(q50, 2)
                result[f"{key}_p95_ms"] = round(q95, 2)
                result[f"{key}_ratio"] = round(ratio, 2)
                result[f"{key}_heavy"] = dict(sorted(statuses.items()))
                print(
                    f"{name + ' x' + str(n):<22} p50 {q50:8.1f} ms  p95 {q95:8.1f} ms  "
                    f"x{ratio:5.2f} alone  heavy: {dict(sorted(statuses.items()))}",
                    flush=True,
                )
        result["worst_ratio_at_max_clients"] = round(worst, 2)
        result["uvicorn_workers"] = args.workers
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    run(main())
