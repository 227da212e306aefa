"""Neighbourhoods that reach a hub: a small body's neighbourhood at depth 2 and 3 when one of
its partners (an agency) organized thousands of events.

Run: python bench/hub.py [--events 20000] [--backend embedded|neo4j] [--rounds 5]

The graph: a hub agency that organized `--events` events (dated, a month apart), a small centre
that organized one meeting with it (so the hub is its co-organizer: one hop away), loaded by
ctgraph's loader. Timed: `analytics.neighborhood` of the small centre at depth 2 and 3 as the
routes call it (node limit 500), with each hop read at most 100 links per node, type and
direction (ctgraph's cap), against the same call with no cap (the baseline, in the same run):
medians of `--rounds`, the nodes kept, the links counted and not read (or the time after which
the baseline's query was stopped by the database's time limit, as the route's would be). The last
line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.backends import run  # noqa: E402
from bench.served import fresh_graph  # noqa: E402
from ctgraph.core.vocabulary import NODE_LABELS  # noqa: E402
from ctgraph.graph import analytics  # noqa: E402
from ctgraph.loaders import LoadOptions, load_paths  # noqa: E402
from ctgraph.store import GraphStore  # noqa: E402
from ctgraph.store.base import QueryTimeout  # noqa: E402

LIMIT = 500
NO_CAP = 10**9


def write(folder: Path, events: int) -> None:
    folder.mkdir(parents=True)
    head = (
        "id,name,kind,startDate,endDate,datePrecision,monthDay,city,country,venue,"
        "participantsCount,occasion,sourceIds\n"
    )
    rows = ["event:small,Small meeting,meeting,2024-05-01,,day,,Osh,kg,,,,source:s\n"]
    rows += [
        f"event:h{i:06d},Training {i},training,{1990 + i // 365 % 35}-"
        f"{i // 30 % 12 + 1:02d}-{i % 28 + 1:02d},,day,,Bishkek,kg,,,,source:s\n"
        for i in range(events)
    ]
    (folder / "events.csv").write_text(head + "".join(rows))
    (folder / "sources.csv").write_text("id,name\nsource:s,Annual report\n")
    (folder / "organizations.csv").write_text(
        "id,name,sourceIds\norg:hub,Hub Agency,source:s\norg:small,Small Centre,source:s\n"
    )
    organized = ["org:small,event:small,organizer,source:s\n"]
    organized += ["org:hub,event:small,co-organizer,source:s\n"]
    organized += [f"org:hub,event:h{i:06d},organizer,source:s\n" for i in range(events)]
    (folder / "organized.csv").write_text(
        "organizationId,eventId,role,sourceIds\n" + "".join(organized)
    )


async def measure(store: GraphStore, rounds: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for depth in (2, 3):
        for name, cap in (("capped", analytics.HOP_CAP), ("uncapped", NO_CAP)):
            times = []
            hood = None
            try:
                for _ in range(rounds):
                    t = time.perf_counter()
                    hood = await analytics.neighborhood(
                        store, "org:small", depth=depth, types=tuple(NODE_LABELS), start=None,
                        end=None, country=None, limit=LIMIT, hop_cap=cap,
                    )  # fmt: skip
                    times.append(time.perf_counter() - t)
            except QueryTimeout:
                # What the route answers then: 408 after the database's time limit.
                out[f"depth{depth}_{name}"] = {
                    "timed_out_after_s": round(time.perf_counter() - t, 1)
                }
                continue
            assert hood is not None
            out[f"depth{depth}_{name}"] = {
                "median_s": round(statistics.median(times), 4),
                "nodes": len(hood.nodes),
                "found": hood.total,
                "capped": sum(hood.capped.values()),
            }
        c, u = out[f"depth{depth}_capped"], out[f"depth{depth}_uncapped"]
        if "median_s" in u and "median_s" in c:
            out[f"depth{depth}_ratio"] = round(c["median_s"] / u["median_s"], 3)
            base = (
                f"{u['median_s'] * 1000:.0f} ms ({u['found']:,} nodes found, {u['nodes']} kept): "
                f"{out[f'depth{depth}_ratio']}x"
            )
        else:
            base = f"timed out after {u.get('timed_out_after_s')} s"
        print(
            f"depth {depth}: capped {c['median_s'] * 1000:.0f} ms ({c['nodes']} nodes, "
            f"{c['capped']:,} links counted, not read) vs uncapped {base}",
            flush=True,
        )
    return out


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    async with fresh_graph(args, "bench-hub", "ctgraph-bench-hub-") as f:
        write(f.tmp / "data", args.events)
        t = time.perf_counter()
        report = await load_paths(f.store, [f.tmp / "data"], LoadOptions())
        assert report.ok, report.errors[:5]
        print(f"{args.events:,} events of one hub loaded in {time.perf_counter() - t:.1f} s")
        return {
            "backend": args.backend,
            "events": args.events,
            **await measure(f.store, args.rounds),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--backend", choices=("embedded", "neo4j"), default="embedded")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--neo4j-heap", default="3g", help="a local Neo4j's JVM heap")
    parser.add_argument("--neo4j-pagecache", default="512m", help="a local Neo4j's page cache")
    args = parser.parse_args()
    print(json.dumps(run(main_async(args))))


if __name__ == "__main__":
    main()
