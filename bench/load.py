"""Loader throughput against the bare database: `python bench/load.py --records N`.

Generates N records (bench/generate.py), loads them with the loader into one graph, then writes
the same rows through the bare FalkorDB client as plain `UNWIND … MERGE` into another graph (the
ceiling), and measures row-at-a-time MERGE on a small sample. The last line printed is one JSON
object: records, loader_rps, engine_rps, ratio, row_at_a_time_speedup, peak_rss_mb.

"The same rows" are every node and relationship the loader's graph holds (the input's, and the
links derived from it: CO_ORGANIZED_WITH, MENTIONED_IN, REPORTED_IN), read back from the
loader's graph and written with one plain UNWIND … MERGE per label and type: `engine_rps` and
`ratio` compare against that. The engine on the input rows alone (no derived links, no
nameKeys or searchText) is printed too, as `engine_input_rows_rps` and `ratio_input_rows`.
A load ends by having the database rewrite its log as a snapshot, in the background (restarts
read it instead of replaying every write): `loader_rps` stops the clock when the load returns,
`loader_with_snapshot_rps` when the snapshot is written; no other measured run overlaps it.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402
from ctgraph.core import vocabulary  # noqa: E402
from ctgraph.loaders import LoadOptions, load_paths  # noqa: E402
from ctgraph.store import EmbeddedServer  # noqa: E402
from ctgraph.store.falkordb import FalkorStore  # noqa: E402

NODES = {n.record: n.label.value for n in vocabulary.NODES}
RELS = {
    r.record: (r.type.value, r.start_field, r.start.value, r.end_field, r.end.value)
    for r in vocabulary.RELATIONSHIPS
    if r.record and not r.symmetric
}
LISTS = {"aliases", "sourceIds"}


def engine_rows(folder: Path) -> list[tuple[str, list[dict[str, Any]]]]:
    """The input rows as (plain Cypher, rows) per file, in dependency order."""
    work: list[tuple[str, list[dict[str, Any]]]] = []
    for kind, label in NODES.items():
        rows = []
        with (folder / f"{kind}.csv").open(encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                props: dict[str, Any] = {
                    k: (v.split("|") if k in LISTS else v) for k, v in rec.items() if v
                }
                rows.append({"id": rec["id"], "props": props})
        query = f"UNWIND $rows AS r MERGE (n:Entity:{label} {{id: r.id}}) SET n += r.props"
        work.append((query, rows))
    for kind, (rel, fa, la, fb, lb) in RELS.items():
        rows = []
        with (folder / f"{kind}.csv").open(encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                props = {
                    k: (v.split("|") if k in LISTS else v)
                    for k, v in rec.items()
                    if v and k not in (fa, fb)
                }
                rows.append({"a": rec[fa], "b": rec[fb], "props": props})
        query = (
            f"UNWIND $rows AS r MATCH (a:{la} {{id: r.a}}) MATCH (b:{lb} {{id: r.b}}) "
            f"MERGE (a)-[x:{rel}]->(b) SET x += r.props"
        )
        work.append((query, rows))
    return work


REL_ENDS = {
    r.type.value: (vocabulary.ENTITY_LABEL if r.other_starts else r.start.value, r.end.value)
    for r in vocabulary.RELATIONSHIPS
}


async def _read_all(store: FalkorStore, text: str, page: int = 25_000) -> list[list[Any]]:
    """All rows of a read query, a page at a time (one huge reply would time out)."""
    graph = store._graph  # the bare client of this graph
    rows: list[list[Any]] = []
    while True:
        got = await graph.ro_query(f"{text} SKIP {len(rows)} LIMIT {page}")
        rows.extend(got.result_set)
        if len(got.result_set) < page:
            return rows


async def graph_rows(store: FalkorStore) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every node and relationship the loader wrote, as plain UNWIND … MERGE work."""
    work: list[tuple[str, list[dict[str, Any]]]] = []
    for label in NODES.values():
        got = await _read_all(store, f"MATCH (n:{label}) RETURN n.id, properties(n)")
        rows = [{"id": i, "props": p} for i, p in got]
        work.append(
            (f"UNWIND $rows AS r MERGE (n:Entity:{label} {{id: r.id}}) SET n += r.props", rows)
        )
    for rel, (la, lb) in REL_ENDS.items():
        got = await _read_all(store, f"MATCH (a)-[x:{rel}]->(b) RETURN a.id, b.id, properties(x)")
        rows = [{"a": a, "b": b, "props": p} for a, b, p in got]
        work.append(
            (
                f"UNWIND $rows AS r MATCH (a:{la} {{id: r.a}}) MATCH (b:{lb} {{id: r.b}}) "
                f"MERGE (a)-[x:{rel}]->(b) SET x += r.props",
                rows,
            )
        )
    return work


async def run_engine(
    store: FalkorStore, work: list[tuple[str, list[dict[str, Any]]]], batch: int
) -> float:
    """Seconds to write every row through the bare client, `batch` rows a query."""
    graph = store._graph  # the bare client of this graph
    started = time.perf_counter()
    for query, rows in work:
        for i in range(0, len(rows), batch):
            await graph.query(query, {"rows": rows[i : i + batch]})
    return time.perf_counter() - started


async def fresh(server: EmbeddedServer, name: str) -> FalkorStore:
    store = FalkorStore(str(server.socket), name)
    await store.drop()
    await store.ensure_schema()
    return store


async def settled(server: EmbeddedServer) -> None:
    """Wait for the log rewrite a load starts (its snapshot) to finish: the loader's time
    includes it, and no measured run shares the machine with it."""
    while server.writing_snapshot():
        await asyncio.sleep(0.05)


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    work_dir = Path(tempfile.mkdtemp(prefix="ctgraph-bench-"))
    data = work_dir / "data"
    t = time.perf_counter()
    counts = generate(data, args.records, args.seed)
    records = sum(counts.values())
    print(f"generated {records:,} records in {time.perf_counter() - t:.1f} s: {counts}")
    server = EmbeddedServer(Path(args.home) if args.home else work_dir / "home")
    started = server.start()
    tag = os.getpid()
    try:
        # The sample goes first: it also warms the database up for both measured runs.
        sample = work_dir / "sample"
        generate(sample, args.sample, args.seed + 1)
        sample_work = engine_rows(sample)
        sample_records = sum(len(rows) for _, rows in sample_work)
        batched = await fresh(server, f"bench-batched-{tag}")
        t = time.perf_counter()
        await load_paths(batched, [sample], LoadOptions(batch_size=args.batch_size))
        await settled(server)
        batched_s = time.perf_counter() - t
        single = await fresh(server, f"bench-single-{tag}")
        single_s = await run_engine(single, sample_work, 1)
        speedup = (sample_records / batched_s) / (sample_records / single_s)
        print(
            f"sample of {sample_records:,}: loader {batched_s:.2f} s, row-at-a-time MERGE "
            f"{single_s:.2f} s: {speedup:.1f}x"
        )
        for store in (batched, single):
            await store.drop()
            await store.close()
        loader = await fresh(server, f"bench-loader-{tag}")
        t = time.perf_counter()
        report = await load_paths(loader, [data], LoadOptions(batch_size=args.batch_size))
        loader_s = time.perf_counter() - t
        await settled(server)
        snapshot_s = time.perf_counter() - t
        peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        assert report.ok, report.errors[:5]
        print(
            f"loader: {records:,} records in {loader_s:.1f} s = {records / loader_s:,.0f}/s "
            f"(peak RSS {peak_rss_mb:,.0f} MB); with the snapshot it leaves for fast restarts "
            f"{snapshot_s:.1f} s = {records / snapshot_s:,.0f}/s"
        )
        print(f"loader graph: {await loader.stats()}")
        same_graph = await graph_rows(loader)
        await loader.drop()

        engine = await fresh(server, f"bench-engine-{tag}")
        input_s = await run_engine(engine, engine_rows(data), args.batch_size)
        print(
            f"engine, input rows only: {records:,} records in {input_s:.1f} s = "
            f"{records / input_s:,.0f}/s"
        )
        await engine.drop()
        await engine.ensure_schema()
        engine_s = await run_engine(engine, same_graph, args.batch_size)
        written = sum(len(rows) for _, rows in same_graph)
        print(
            f"engine, the loader's whole graph ({written:,} nodes and relationships, "
            f"derived links included): {engine_s:.1f} s = {records / engine_s:,.0f} records/s"
        )
        del same_graph
        await engine.drop()

        for store in (loader, engine):
            await store.close()
    finally:
        if started:
            server.stop()
        if not args.keep:
            shutil.rmtree(work_dir, ignore_errors=True)
    loader_rps, engine_rps = records / loader_s, records / engine_s
    print(f"ratio against input rows only: {input_s / loader_s:.3f}")
    return {
        "records": records,
        "loader_rps": round(loader_rps),
        "engine_rps": round(engine_rps),
        "ratio": round(loader_rps / engine_rps, 3),
        "loader_with_snapshot_rps": round(records / snapshot_s),
        "ratio_with_snapshot": round(records / snapshot_s / engine_rps, 3),
        "row_at_a_time_speedup": round(speedup, 1),
        "peak_rss_mb": round(peak_rss_mb),
        "engine_input_rows_rps": round(records / input_s),
        "ratio_input_rows": round(input_s / loader_s, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--batch-size", type=int, default=int(os.environ.get("CTGRAPH_BATCH_SIZE", "5000"))
    )
    parser.add_argument(
        "--sample", type=int, default=2000, help="records of the row-at-a-time sample"
    )
    parser.add_argument("--home", help="data folder of the database (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    result = asyncio.run(main_async(args))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
