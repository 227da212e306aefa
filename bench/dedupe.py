"""The duplicate finder against known duplicates: `python bench/dedupe.py --records N`.

Generates N records with duplicates and look-alikes of known kinds (bench/dedupe_data.py),
loads them into a fresh database (`--backend embedded`, the default: an embedded FalkorDB
started for the run and stopped at exit, Ctrl-C included; `neo4j`: NEO4J_URI's, which must
be empty, or a local Neo4j, as bench/load.py starts it; `none`: no database, the index is
built from the generator's rows as the store would return them), then times
`CandidateIndex.from_store` (reading the graph, preparing the records), building the blocking
keys and `.candidates()` over organizations, people and events.

Figures, against the ground truth:

- precision@k (k = 1, 5): over the records of a duplicate pair and of a look-alike pair,
  their k strongest candidates that score >= 0.5 (what a reviewer is proposed): how many are
  their true duplicate;
- recall@1 and recall@5 per kind of duplicate: how often the true partner is among the
  record's k strongest candidates (each end of a pair counts), proposed@1: how often it is
  the strongest and scores >= 0.5, and the pairs' median score;
- look-alikes per kind: how often a record of a look-alike pair has the other as its
  strongest candidate, or among its 5 strongest, with a score >= 0.5;
- the baseline, in the same run: spelling alone (rapidfuzz's token_sort_ratio of the names)
  ranking the same blocked candidates (every record that shares a blocking key), its recall
  per kind, and the finder's recall over it.

The last line printed is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, utils  # noqa: E402

from bench.dedupe_data import Dataset, Pair, generate  # noqa: E402
from ctgraph.graph.dedupe import Candidate, CandidateIndex  # noqa: E402
from ctgraph.loaders import LoadOptions, load_paths  # noqa: E402
from ctgraph.store import EmbeddedServer, GraphStore  # noqa: E402
from ctgraph.store.falkordb import FalkorStore  # noqa: E402

THRESHOLD = 0.5
KS = (1, 5)


def ranking(cands: list[Candidate], wanted: set[str]) -> dict[str, list[tuple[float, str]]]:
    """Per wanted record, its candidates (score, other id), strongest first."""
    out: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for c in cands:
        if c.a.id in wanted:
            out[c.a.id].append((c.score, c.b.id))
        if c.b.id in wanted:
            out[c.b.id].append((c.score, c.a.id))
    for v in out.values():
        v.sort(key=lambda sv: (-sv[0], sv[1]))
    return out


def partners(pairs: Iterable[Pair]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for p in pairs:
        out[p.a].add(p.b)
        out[p.b].add(p.a)
    return out


def recall(
    ranked: dict[str, list[tuple[float, str]]], pairs: list[Pair], floor: float = 0.0
) -> dict[str, dict[int, float]]:
    """Per kind (and "all"), per k: the share of pair ends whose partner is in their top k
    (with a score >= `floor`)."""
    hits: dict[str, Counter[int]] = defaultdict(Counter)
    ends: Counter[str] = Counter()
    for p in pairs:
        for x, y in ((p.a, p.b), (p.b, p.a)):
            top = [o for s, o in ranked.get(x, []) if s >= floor]
            for kind in (p.kind, "all"):
                ends[kind] += 1
                for k in KS:
                    hits[kind][k] += y in top[:k]
    return {kind: {k: hits[kind][k] / n for k in KS} for kind, n in ends.items()}


def median_score(ranked: dict[str, list[tuple[float, str]]], pairs: list[Pair]) -> dict[str, float]:
    """Per kind (and "all"): the median score of the pairs (0 for one not a candidate)."""
    scores: dict[str, list[float]] = defaultdict(list)
    for p in pairs:
        s = next((s for s, o in ranked.get(p.a, []) if o == p.b), 0.0)
        scores[p.kind].append(s)
        scores["all"].append(s)
    return {kind: statistics.median(v) for kind, v in scores.items()}


def precision(
    ranked: dict[str, list[tuple[float, str]]], true: dict[str, set[str]], judged: set[str]
) -> dict[int, tuple[int, int]]:
    """Per k: of the judged records' k strongest candidates scoring >= THRESHOLD, how many
    are their true partner, and how many there are."""
    out: dict[int, tuple[int, int]] = {}
    for k in KS:
        proposed = [(x, o) for x in judged for s, o in ranked.get(x, [])[:k] if s >= THRESHOLD]
        out[k] = (sum(o in true.get(x, ()) for x, o in proposed), len(proposed))
    return out


def evaluate(
    index: CandidateIndex, cands: list[Candidate], data: Dataset, show: int
) -> dict[str, Any]:
    dups, looks = data.duplicates, data.look_alikes
    true = partners(dups)
    look_of = partners(looks)
    judged = set(true) | set(look_of)
    ranked = ranking(cands, judged)
    predicted = correct = 0
    wrong: list[tuple[str, float, str]] = []
    for x in sorted(judged):
        top = ranked.get(x)
        if top and top[0][0] >= THRESHOLD:
            predicted += 1
            if top[0][1] in true.get(x, ()):
                correct += 1
            else:
                wrong.append((x, top[0][0], top[0][1]))
    look_first = sum(
        1
        for x, others in look_of.items()
        if ranked.get(x) and ranked[x][0][0] >= THRESHOLD and ranked[x][0][1] in others
    )
    ours = recall(ranked, dups)
    proposed = recall(ranked, dups, THRESHOLD)
    looked = recall(ranked, looks, THRESHOLD)
    prec = precision(ranked, true, judged)
    medians = median_score(ranked, dups)
    # The baseline: spelling alone over every record sharing a surviving blocking key.
    t = time.perf_counter()
    blocked = index.blocked(set(true))
    base: dict[str, list[tuple[float, str]]] = {}
    for x in true:
        name = index.records[x].name
        base[x] = sorted(
            (
                (
                    fuzz.token_sort_ratio(
                        name, index.records[y].name, processor=utils.default_process
                    ),
                    y,
                )
                for y in blocked.get(x, ())
            ),
            key=lambda sv: (-sv[0], sv[1]),
        )
    base_s = time.perf_counter() - t
    theirs = recall(base, dups)
    if show:
        show_misses(index, cands, dups, ranked, wrong, show)
    return {
        "precision_at_1": correct / predicted if predicted else 0.0,
        "precision_at_k": {k: (c / n if n else 0.0, c, n) for k, (c, n) in prec.items()},
        "proposed": proposed,
        "median": medians,
        "look_alikes": looked,
        "pairs": Counter(p.kind for p in [*dups, *looks]),
        "predicted": predicted,
        "judged_records": len(judged),
        "recall": ours,
        "baseline_recall": theirs,
        "look_alikes_first": look_first,
        "look_alike_records": len(look_of),
        "blocked_share": sum(1 for x in true if set(blocked.get(x, ())) & true[x]) / len(true),
        "baseline_seconds": base_s,
        "wrong_kinds": Counter(
            next(
                (p.kind for p in looks if x in (p.a, p.b)),
                "dup-" + next((p.kind for p in dups if x in (p.a, p.b)), "?"),
            )
            for x, _, _ in wrong
        ),
    }


def show_misses(
    index: CandidateIndex,
    cands: list[Candidate],
    dups: list[Pair],
    ranked: dict[str, list[tuple[float, str]]],
    wrong: list[tuple[str, float, str]],
    show: int,
) -> None:
    """Some pairs the finder ranked below 5th, and some wrong top-1s, with why."""
    rec = index.records
    misses = Counter[str]()
    for p in dups:
        top = [o for _, o in ranked.get(p.a, [])][:5]
        if p.b in top:
            continue
        misses[p.kind] += 1
        if misses[p.kind] > show:
            continue
        c = index.score(p.a, p.b)
        print(f"  miss {p.kind}: {rec[p.a].name!r} ~ {rec[p.b].name!r}: {c.score:.2f}")
        print("     ", "; ".join(f"{f.feature} {f.effect:+.1f} {f.value}" for f in c.features))
        for s, o in ranked.get(p.a, [])[:2]:
            print(f"      ranked above: {rec[o].name!r} {s:.2f}")
    for x, s, o in wrong[:show]:
        c = index.score(x, o)
        print(f"  wrong top-1: {rec[x].name!r} ~ {rec[o].name!r}: {s:.2f}")
        print("     ", "; ".join(f"{f.feature} {f.effect:+.1f} {f.value}" for f in c.features))


async def from_store(store: GraphStore) -> tuple[CandidateIndex, float, float, float]:
    """`CandidateIndex.from_store`, timed in its two parts: reading the graph, preparing (and
    its CPU time)."""
    t = time.perf_counter()
    rows = await store.dedupe_entities()
    edges = await store.dedupe_edges()
    read_s = time.perf_counter() - t
    t, c = time.perf_counter(), time.process_time()
    index = CandidateIndex.from_rows(rows, edges)
    return index, read_s, time.perf_counter() - t, time.process_time() - c


def drop_matched(data: Dataset, matched: set[str]) -> int:
    """Leaves out the pairs of records the loader already matched by name: how many."""
    before = len(data.duplicates) + len(data.look_alikes)
    data.duplicates = [p for p in data.duplicates if not {p.a, p.b} & matched]
    data.look_alikes = [p for p in data.look_alikes if not {p.a, p.b} & matched]
    return before - len(data.duplicates) - len(data.look_alikes)


async def loaded_index(
    args: argparse.Namespace, data: Dataset
) -> tuple[CandidateIndex, dict[str, float]]:
    """The index from a database that the generated CSV was loaded into, and the times."""
    from bench.backends import Neo4jBench, start_neo4j
    from bench.load import settled

    tmp = Path(tempfile.mkdtemp(prefix="ctgraph-bench-dedupe-"))
    server: EmbeddedServer | None = None
    target = None
    bench = None
    times: dict[str, float] = {}
    try:
        data.write(tmp / "data")
        store: GraphStore
        if args.backend == "neo4j":
            target = start_neo4j(tmp / "neo4j", args.neo4j_heap, args.neo4j_pagecache)
            bench = Neo4jBench(target)
            await bench.refuse_if_it_holds_data()
            store = await bench.fresh()
        else:
            server = EmbeddedServer(tmp / "home")
            server.start()
            store = FalkorStore(str(server.socket), "bench-dedupe")
            await store.ensure_schema()
        t = time.perf_counter()
        report = await load_paths(store, [tmp / "data"], LoadOptions())
        times["load"] = time.perf_counter() - t
        assert report.ok, report.errors[:5]
        if server is not None:
            await settled(server)
        matched = {m.inputId for m in report.matches} | {m.matchedId for m in report.matches}
        if matched:
            print(
                f"the loader matched {len(report.matches)} records by name: "
                f"{drop_matched(data, matched)} pairs left out"
            )
        print(f"loaded in {times['load']:.1f} s", flush=True)
        index, times["read"], times["prepare"], times["prepare_cpu"] = await from_store(store)
        if isinstance(store, FalkorStore):
            await store.drop()
            await store.close()
        return index, times
    finally:
        if bench is not None:
            await bench.close()
        if target is not None:
            target.stop()
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def pct(x: float) -> str:
    return f"{x:.3f}"


def main_run(args: argparse.Namespace) -> dict[str, Any]:
    t = time.perf_counter()
    data = generate(args.records, args.seed)
    gen_s = time.perf_counter() - t
    print(f"generated {data.records:,} records in {gen_s:.1f} s: {data.counts}", flush=True)
    times: dict[str, float] = {}
    cpu: dict[str, float] = {}
    if args.backend == "none":
        t = time.perf_counter()
        rows, edges = data.rows(), data.edges()
        times["read"] = time.perf_counter() - t
        t, c = time.perf_counter(), time.process_time()
        index = CandidateIndex.from_rows(rows, edges)
        times["prepare"], cpu["prepare"] = time.perf_counter() - t, time.process_time() - c
        del rows, edges
    else:
        from bench.backends import run

        index, times = run(loaded_index(args, data))
        cpu["prepare"] = times.pop("prepare_cpu")
    t, c = time.perf_counter(), time.process_time()
    index.build()
    times["keys"], cpu["keys"] = time.perf_counter() - t, time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    cands = index.candidates(per_record=args.per_record)
    times["candidates"], cpu["candidates"] = time.perf_counter() - t, time.process_time() - c

    kinds = Counter(p.kind for p in data.duplicates)
    by_type = Counter(f"{p.kind}/{p.type}" for p in data.duplicates)
    looks = Counter(p.kind for p in data.look_alikes)
    print(
        f"records: {len(index.records):,} organizations, people and events "
        f"({data.records:,} with sources)"
    )
    print(
        f"duplicate pairs: {len(data.duplicates)} {dict(sorted(kinds.items()))} "
        f"({dict(sorted(by_type.items()))})"
    )
    print(f"look-alike pairs: {len(data.look_alikes)} {dict(sorted(looks.items()))}")
    total = times["read"] + times["prepare"] + times["keys"] + times["candidates"]
    print(
        f"seconds: read graph {times['read']:.1f}, prepare records {times['prepare']:.1f}, "
        f"build keys {times['keys']:.1f}, candidates {times['candidates']:.1f}; "
        f"from_store to candidates {total:.1f}"
        + (f" (load {times['load']:.1f})" if "load" in times else "")
    )
    print(
        f"CPU seconds of this process (the machine is shared): prepare {cpu['prepare']:.1f}, "
        f"build keys {cpu['keys']:.1f}, candidates {cpu['candidates']:.1f}"
    )
    print(f"pairs scored: {len(cands):,}")
    r = evaluate(index, cands, data, args.show)
    for k, (share, right, proposed) in r["precision_at_k"].items():
        print(
            f"precision@{k}: {pct(share)} ({right} of the {proposed} candidates >= {THRESHOLD} "
            f"among the {k} strongest of each of the {r['judged_records']} records of a pair "
            "are its duplicate)"
        )
    print(f"wrong top-1 >= {THRESHOLD}, by the record's pair: {dict(r['wrong_kinds'])}")
    print(f"true partner shares a block: {pct(r['blocked_share'])} of duplicate records")
    print(
        f"{'kind':10} {'pairs':>5} {'recall@1':>9} {'recall@5':>9} {'proposed@1':>11} "
        f"{'median':>7} {'spelling@1':>11} {'spelling@5':>11} {'ratio@1':>8} {'ratio@5':>8}"
    )
    for kind in [*sorted(k for k in r["recall"] if k != "all"), "all"]:
        ours, base = r["recall"][kind], r["baseline_recall"][kind]
        ratios = [ours[k] / base[k] if base[k] else float("inf") for k in KS]
        pairs = r["pairs"][kind] if kind != "all" else len(data.duplicates)
        print(
            f"{kind:10} {pairs:5} {ours[1]:9.3f} {ours[5]:9.3f} {r['proposed'][kind][1]:11.3f} "
            f"{r['median'][kind]:7.3f} {base[1]:11.3f} {base[5]:11.3f} {ratios[0]:8.2f} "
            f"{ratios[1]:8.2f}"
        )
    print(f"{'look-alike':10} {'pairs':>5} {'first>=' + str(THRESHOLD):>11} {'top5>=':>9}")
    for kind in [*sorted(k for k in r["look_alikes"] if k != "all"), "all"]:
        seen = r["look_alikes"][kind]
        pairs = r["pairs"][kind] if kind != "all" else len(data.look_alikes)
        print(f"{kind:10} {pairs:5} {seen[1]:11.3f} {seen[5]:9.3f}")
    print(
        f"look-alikes ranked first with score >= {THRESHOLD}: {r['look_alikes_first']} of "
        f"{r['look_alike_records']} look-alike records"
    )
    return {
        "backend": args.backend,
        "records": data.records,
        "scored_records": len(index.records),
        "duplicate_pairs": len(data.duplicates),
        "look_alike_pairs": len(data.look_alikes),
        "seconds": {k: round(v, 2) for k, v in times.items()},
        "cpu_seconds": {k: round(v, 2) for k, v in cpu.items()},
        "pairs_scored": len(cands),
        "precision_at_1": round(r["precision_at_1"], 4),
        "precision_at_k": {k: round(v[0], 4) for k, v in r["precision_at_k"].items()},
        "proposed_at_1": {k: round(v[1], 4) for k, v in r["proposed"].items()},
        "median_score": {k: round(v, 4) for k, v in r["median"].items()},
        "look_alikes_first_by_kind": {k: round(v[1], 4) for k, v in r["look_alikes"].items()},
        "recall_at_1": {k: round(v[1], 4) for k, v in r["recall"].items()},
        "recall_at_5": {k: round(v[5], 4) for k, v in r["recall"].items()},
        "baseline_recall_at_1": {k: round(v[1], 4) for k, v in r["baseline_recall"].items()},
        "baseline_recall_at_5": {k: round(v[5], 4) for k, v in r["baseline_recall"].items()},
        "look_alikes_first": r["look_alikes_first"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--backend", choices=("embedded", "neo4j", "none"), default="embedded")
    parser.add_argument("--per-record", type=int, default=7, help="candidates per record")
    parser.add_argument("--show", type=int, default=0, help="misses to show per kind")
    parser.add_argument("--neo4j-heap", default="3g", help="a local Neo4j's JVM heap")
    parser.add_argument("--neo4j-pagecache", default="512m", help="a local Neo4j's page cache")
    args = parser.parse_args()
    if args.backend == "neo4j" and not os.environ.get("NEO4J_URI"):
        print("no NEO4J_URI: a local Neo4j is started from neo4j/", flush=True)
    print(json.dumps(main_run(args)))


if __name__ == "__main__":
    main()
