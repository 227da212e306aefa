"""`load_paths`: read, validate, resolve, then write in batches (or, on errors, write nothing)."""

from __future__ import annotations

import asyncio
import csv
import gc
import json
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rich.progress import Progress

from ctgraph.core.names import csv_safe
from ctgraph.core.vocabulary import REL_RECORDS, RETRACTION_RECORD
from ctgraph.curation.colinks import Pair, PairFacts, co_props, facts_of, pair_of, stated_dates
from ctgraph.curation.history import Recorder, diff, op_of
from ctgraph.graph.dedupe import TYPES, CandidateIndex, Judged
from ctgraph.loaders.models import (
    LikelyDuplicate,
    LoadError,
    LoadFailed,
    LoadOptions,
    LoadReport,
    Match,
    NewRecordCandidates,
)
from ctgraph.loaders.plan import (
    DEFAULTS,
    ENTITY_ORDER,
    GraphIndex,
    PendingEntity,
    PendingRel,
    Plan,
    Planner,
    entity_props,
    match_of,
)
from ctgraph.loaders.read import Row, read_path
from ctgraph.loaders.retract import RetractTarget, check_targets, retract_targets
from ctgraph.loaders.validate import Valid, invalid_ids, validate_rows
from ctgraph.store.base import GraphStore, StoreError

log = logging.getLogger("ctgraph.loaders")
REL_ORDER = ("part_of", "affiliations", "organized", "participations")
REL_TYPE_OF = {kind: r.type.value for kind, r in REL_RECORDS.items()}
LOOKUP_BATCH = 5000
# Write batches in flight at once: the database runs one while the client prepares the next.
IN_FLIGHT = 2
# Planning gives the event loop a turn this often (rows), so writes already started go on.
YIELD_EVERY = 2000


class _Clock:
    """Seconds spent in each phase of a load (logged at debug level)."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._last, 3)
        self._last = now


def _size(path: Path) -> int:
    """Bytes of input under a path (a file, or the files of a folder)."""
    try:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


async def _index(store: GraphStore) -> GraphIndex:
    index = GraphIndex()
    for row in await store.load_entity_index():
        index.add(row)
    index.redirects = await store.load_redirects()
    index.add_part_of(await store.part_of_links())
    log_ = await store.judgements_log()
    if log_:
        index.judged = Judged(log_, index.follow)
    return index


async def _existing_entities(store: GraphStore, plan: Plan, index: GraphIndex) -> None:
    ids = [i for i in plan.entities if i in index.labels]
    for chunk in _chunks(ids, LOOKUP_BATCH):
        for row in await store.load_entity_props(list(chunk)):
            plan.entities[row["id"]].existing = row["props"]


async def _existing_rels(store: GraphStore, plan: Plan, index: GraphIndex) -> None:
    by_kind: dict[str, list[PendingRel]] = defaultdict(list)
    for rel in plan.rels.values():
        if rel.a in index.labels and rel.b in index.labels:
            by_kind[rel.kind].append(rel)
    for kind, rels in by_kind.items():
        for chunk in _chunks(rels, LOOKUP_BATCH):
            wanted = {(r.a, r.b, r.props.get("position", "")): r for r in chunk}
            pairs = [{"a": a, "b": b} for a, b in {(r.a, r.b) for r in chunk}]
            for row in await store.load_existing(kind, pairs):
                props = row["props"]
                key = (
                    row["a"],
                    row["b"],
                    props.get("position", "") if kind == "affiliations" else "",
                )
                if key in wanted:
                    wanted[key].existing = props


def _finish_entities(plan: Plan, recorder: Recorder) -> None:
    tally: dict[tuple[str, str], int] = defaultdict(int)
    for pending in plan.entities.values():
        pending.props = entity_props(pending)
        for v, own in pending.inputs:
            if not own:
                tally[(pending.kind, "matched")] += 1
                plan.matches.append(match_of(pending, v))
        if pending.existing is None:
            pending.status = "created"
        elif pending.props != pending.existing:
            pending.status = "updated"
        else:
            pending.status = "unchanged"
        if pending.status != "unchanged":
            pending.change = _entity_change(recorder, pending)
        tally[(pending.kind, pending.status)] += 1
    _add_tally(plan, tally)


def _entity_change(recorder: Recorder, p: PendingEntity) -> dict[str, Any]:
    """The history entry of an entity the load creates or changes."""
    changes = diff(p.existing, p.props)
    first = p.inputs[0][0]
    sources: set[str] = set()
    for v, _own in p.inputs:
        sources.update(v.raw.get("__sources") or ())
    inputs = None
    if len(p.inputs) > 1:
        inputs = [f"{recorder.place(v.file)}:{v.line}" for v, _own in p.inputs]
    return recorder.entry(
        op_of(p.existing, changes), p.kind, p.id, changes, file=first.file, line=first.line,
        inputs=inputs, sources=sources,
    )  # fmt: skip


def _rel_change(recorder: Recorder, rel: PendingRel) -> dict[str, Any]:
    """The history entry of a relationship the load creates or changes."""
    changes = diff(rel.existing, rel.props)
    file, line = rel.where if rel.where else (None, None)
    return recorder.entry(
        op_of(rel.existing, changes), rel.kind, rel.a, changes, other=rel.b,
        rel_type=REL_TYPE_OF[rel.kind], key=rel.props.get("position"), file=file, line=line,
        sources=rel.sources,
    )  # fmt: skip


def _written(props: dict[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    """What a write sets: the desired properties, and null for each stored one to remove."""
    if existing is None or existing.keys() <= props.keys():
        return props
    return {**{k: None for k in existing if k not in props}, **props}


def _add_tally(plan: Plan, tally: dict[tuple[str, str], int]) -> None:
    for (kind, status), n in tally.items():
        counts = plan.count(kind)
        setattr(counts, status, getattr(counts, status) + n)


async def _finish_rels(plan: Plan, recorder: Recorder) -> None:
    tally: dict[tuple[str, str], int] = defaultdict(int)
    for i, rel in enumerate(plan.rels.values()):
        if i % YIELD_EVERY == 0:
            await asyncio.sleep(0)
        if rel.kind == "co_organizations":
            continue
        defaults = DEFAULTS[rel.kind]
        if rel.existing is None:  # the common case, made quick
            for name, value in defaults.items():
                rel.props.setdefault(name, value)
            rel.props["sourceIds"] = sorted(rel.sources)
            rel.change = _rel_change(recorder, rel)
            tally[(rel.kind, "created")] += 1
            continue
        # A field its input left out keeps its stored value; a cleared one goes (to its default).
        props = dict(rel.existing)
        props.update(rel.props)
        for name in rel.cleared:
            props.pop(name, None)
        for name, value in defaults.items():
            props.setdefault(name, value)
        props["sourceIds"] = sorted({*(props.get("sourceIds") or []), *rel.sources})
        _set_status(rel, props, tally, recorder)
    _add_tally(plan, tally)


def _set_status(
    rel: PendingRel, props: dict[str, Any], tally: dict[tuple[str, str], int], recorder: Recorder
) -> None:
    rel.props = props
    if rel.existing is None:
        rel.status = "created"
    elif props != rel.existing:
        rel.status = "updated"
    else:
        rel.status = "unchanged"
    # Co-organization weights are derived (their ORGANIZED links are recorded): a link is
    # recorded only where a record of the load states it.
    if rel.status != "unchanged" and rel.where is not None:
        rel.change = _rel_change(recorder, rel)
    tally[(rel.kind, rel.status)] += 1


async def _co_organizations(
    store: GraphStore, plan: Plan, index: GraphIndex, recorder: Recorder, retracting: set[str]
) -> None:
    """CO_ORGANIZED_WITH for every pair this load touches (the organizers of each event it
    writes or links, and the pairs its records state), by the one rule of `colinks`: the
    pair's events in the graph, with this load's events as the load leaves them. An
    organization this load retracts takes part in none."""
    organizers: dict[str, dict[str, set[str]]] = defaultdict(dict)  # event -> org -> sources
    dates: dict[str, str | None] = {}
    for rel in plan.rels.values():
        if rel.kind == "organized":
            organizers[rel.b].setdefault(rel.a, set()).update(rel.props["sourceIds"])
    for eid, pending in plan.entities.items():
        if pending.kind == "events":
            organizers.setdefault(eid, {})
            dates[eid] = pending.props.get("startDate")
    stored = [e for e in organizers if e in index.labels]
    for chunk in _chunks(stored, LOOKUP_BATCH):
        for row in await store.load_event_organizers(list(chunk)):
            if row["org"] in retracting:
                continue
            organizers[row["event"]].setdefault(row["org"], set()).update(row["sourceIds"] or [])
            dates.setdefault(row["event"], row["date"])
    undated = [e for e in organizers if e not in dates and e in index.labels]
    for chunk in _chunks(undated, LOOKUP_BATCH):
        for row in await store.event_dates(list(chunk)):
            dates[row["id"]] = row["startDate"]
    stated: dict[Pair, PendingRel] = {}
    for rel in list(plan.rels.values()):
        if rel.kind == "co_organizations":
            stated[pair_of(rel.a, rel.b)] = rel
    touched: dict[Pair, dict[str, tuple[str | None, set[str]]]] = defaultdict(dict)
    for n, (eid, orgs) in enumerate(organizers.items()):
        if n % YIELD_EVERY == 0:
            await asyncio.sleep(0)
        ids = sorted(o for o in orgs if o not in retracting)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                touched[(a, b)][eid] = (dates.get(eid), orgs[a] | orgs[b])
    pairs = sorted({*touched, *stated})
    facts: dict[Pair, PairFacts] = {}
    links: dict[Pair, dict[str, Any]] = {}
    in_graph = [p for p in pairs if p[0] in index.labels and p[1] in index.labels]
    for chunk in _chunks(in_graph, LOOKUP_BATCH):
        found, old = await facts_of(store, pairs=chunk)
        facts.update(found)
        links.update(old)
    for key in pairs:
        f = facts.setdefault(key, PairFacts())
        # The events this load writes count as the load leaves them.
        for eid in [e for e in f.events if e in organizers]:
            del f.events[eid]
        for eid, (date, sources) in touched.get(key, {}).items():
            f.add_event(eid, date, sources)
        says = stated.get(key)
        if says is not None:
            f.state(says.props.get("eventIds") or [], says.sources)
    known = await stated_dates(store, facts)
    known.update({e: dates[e] for e in plan.entities if e in dates})  # as the load leaves them
    tally: dict[tuple[str, str], int] = defaultdict(int)
    for n, key in enumerate(pairs):
        if n % YIELD_EVERY == 0:
            await asyncio.sleep(0)
        props = co_props(facts[key], known)
        if props is None:
            continue
        rel = stated.get(key) or PendingRel("co_organizations", *key)
        plan.rels.setdefault(("co_organizations", *key, ""), rel)
        rel.existing = links.get(key)
        _set_status(rel, props, tally, recorder)
    _add_tally(plan, tally)


class _Writer:
    """Batched writes with a few in flight, so the client prepares one batch while the database
    runs another. What the load found missing is CREATEd (no lookup); the rest is MERGEd."""

    def __init__(self, store: GraphStore, batch: int, progress: Progress | None) -> None:
        self.store = store
        self.batch = batch
        self.progress = progress
        self.task = progress.add_task("writing", total=None) if progress else None
        self.limit = asyncio.Semaphore(min(IN_FLIGHT, store.write_concurrency))
        self.total = 0

    def _grow(self, rows: int) -> None:
        self.total += rows
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, total=self.total)

    async def _run(self, work: list[tuple[str, bool, list[dict[str, Any]]]]) -> None:
        async def one(kind: str, new: bool, rows: list[dict[str, Any]]) -> None:
            async with self.limit:
                await self.store.load_rows(kind, rows, new=new)
            if self.progress is not None and self.task is not None:
                self.progress.advance(self.task, len(rows))

        await asyncio.gather(*(one(kind, new, rows) for kind, new, rows in work))

    def _work(
        self, kind: str, rows_new: list[dict[str, Any]], rows_old: list[dict[str, Any]]
    ) -> list[tuple[str, bool, list[dict[str, Any]]]]:
        self._grow(len(rows_new) + len(rows_old))
        work = [(kind, True, list(c)) for c in _chunks(rows_new, self.batch)]
        work += [(kind, False, list(c)) for c in _chunks(rows_old, self.batch)]
        return work

    async def entities(self, plan: Plan) -> None:
        """Sources first (the others link to them), then the other entities."""
        by_kind: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {
            k: ([], []) for k in ENTITY_ORDER
        }
        for p in plan.entities.values():
            if p.status != "unchanged":
                by_kind[p.kind][p.status != "created"].append(
                    {"id": p.id, "props": _written(p.props, p.existing), "changes": [p.change]}
                )
        await self._run(self._work("sources", *by_kind["sources"]))
        work: list[tuple[str, bool, list[dict[str, Any]]]] = []
        for kind in ENTITY_ORDER[1:]:
            work += self._work(kind, *by_kind[kind])
        await self._run(work)

    async def relationships(self, plan: Plan) -> None:
        """Every relationship, once the entities are written."""
        kinds = (*REL_ORDER, "co_organizations")
        by_kind: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {
            k: ([], []) for k in kinds
        }
        for r in plan.rels.values():
            if r.status != "unchanged":
                by_kind[r.kind][r.status != "created"].append(
                    {
                        "a": r.a,
                        "b": r.b,
                        "props": _written(r.props, r.existing),
                        "changes": [r.change] if r.change else [],
                    }
                )
        work: list[tuple[str, bool, list[dict[str, Any]]]] = []
        for kind in kinds:
            work += self._work(kind, *by_kind[kind])
        await self._run(work)


def write_rejects(path: Path, errors: list[LoadError], rows: dict[tuple[str, int], Row]) -> None:
    """The rejected records with their reasons, as CSV that no spreadsheet runs as formulas."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["file", "line", "type", "field", "message", "record"])
        for e in errors:
            row = rows.get((e.file, e.line or 0))
            data = {k: v for k, v in row.data.items() if not k.startswith("__")} if row else {}
            record = json.dumps(data, ensure_ascii=False) if row else ""
            cells = [e.file, e.line or "", row.type if row else "", e.field or "", e.message]
            out.writerow([csv_safe(c) for c in [*cells, record]])


async def load_paths(
    store: GraphStore,
    paths: Sequence[Path],
    options: LoadOptions | None = None,
    progress: Progress | None = None,
) -> LoadReport:
    """Load files and folders into the graph. Raises LoadFailed (nothing written) when the input
    has errors, unless `options.skip_invalid`, which writes the valid records."""
    # Loads build millions of small acyclic objects: the cycle collector only slows them down.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return await _load(store, paths, options or LoadOptions(), progress)
    finally:
        if collecting:
            gc.enable()


async def _load(
    store: GraphStore, paths: Sequence[Path], options: LoadOptions, progress: Progress | None
) -> LoadReport:
    started = time.perf_counter()
    clock = _Clock()
    errors: list[LoadError] = []
    warnings: list[LoadError] = []
    rows: list[Row] = []
    for path in paths:
        rows.extend(read_path(Path(path), errors, warnings))
    clock.lap("read")
    valid, bad = validate_rows(rows, errors)
    clock.lap("validate")
    if not options.dry_run and not errors:
        await store.check_space(sum(_size(Path(p)) for p in paths))
    # The whole load is one unit of work: readers see the graph before it or after it, and an
    # error or a kill of either process leaves the graph as it was.
    async with store.atomic() as unit:
        try:
            report = await _resolve_and_write(
                unit, rows, valid, bad, errors, options, progress, clock, started
            )
        except LoadFailed as failed:
            failed.report.warnings = warnings
            raise
    report.warnings = warnings
    if not options.dry_run:
        await store.compact()
    clock.lap("commit")
    if report._created:
        # After the commit, on the graph as readers now see it: the load is done whatever
        # happens here.
        try:
            await _candidates(store, report, options.candidates_max)
        except StoreError as exc:
            report.candidatesNote = f"likely duplicates of the new records not listed: {exc}"
        except Exception as exc:  # the load is committed: a report, not a failure
            log.exception("listing the new records' likely duplicates failed")
            report.candidatesNote = (
                f"likely duplicates of the new records not listed ({type(exc).__name__}); "
                "run `ctgraph dedupe candidates`"
            )
        clock.lap("candidates")
    log.debug("load phases (s): %s", clock.laps)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


async def _resolve_and_write(
    store: GraphStore,
    rows: list[Row],
    valid: list[Valid],
    bad: set[int],
    errors: list[LoadError],
    options: LoadOptions,
    progress: Progress | None,
    clock: _Clock,
    started: float,
) -> LoadReport:
    index = await _index(store)
    clock.lap("index")
    planner = Planner(index, errors, options.source, invalid_ids(rows, bad))
    if options.source is not None:
        _check_source(options.source, valid, index, errors)
    planner.add_entities(valid)
    planner.add_retractions(valid)
    planner.check_entity_refs()
    planner.add_relationships(valid)
    planner.check_retracted_rels()
    plan = planner.plan
    await _check_retractions(store, planner)
    await _explain_undefined(store, planner)
    clock.lap("resolve")
    if errors and not options.skip_invalid:
        report = _report(plan, rows, errors, options, len(valid))
        report.ok = False
        report.seconds = round(time.perf_counter() - started, 3)
        raise LoadFailed(report)
    if errors and options.reject_file is not None:
        by_line = {(r.file, r.line): r for r in rows}
        write_rejects(options.reject_file, errors, by_line)
    recorder = Recorder(options.origin)
    await _existing_entities(store, plan, index)
    _finish_entities(plan, recorder)
    # Nothing found from here on can fail the load: the entities are written while the
    # relationships are planned (the planning yields to the writes now and then).
    writer = _Writer(store, options.batch_size, progress)
    writing = None if options.dry_run else asyncio.create_task(writer.entities(plan))
    await _existing_rels(store, plan, index)
    await _finish_rels(plan, recorder)
    await _co_organizations(store, plan, index, recorder, set(planner.retracting))
    clock.lap("plan")
    retracted: list[str] = []
    if writing is not None:
        await writing
        await writer.relationships(plan)
        retracted = await retract_targets(store, plan.retractions, recorder)
    report = _report(plan, rows, errors, options, len(valid))
    report.keptApart = [_kept_apart(plan, v, found, own) for v, found, own in plan.kept_apart]
    report.retracted = retracted if writing is not None else _would_retract(plan.retractions)
    if writing is not None and options.candidates:
        report._created = [
            e.id for e in plan.entities.values() if e.status == "created" and e.label in TYPES
        ]
        report._judged = index.judged
    if errors and options.reject_file is not None:
        report.reject_file = str(options.reject_file)
    clock.lap("write")
    return report


def _kept_apart(plan: Plan, v: Valid, found: str, input_id: str) -> Match:
    pending = plan.entities.get(found)
    name = (pending.props.get("name") if pending else None) or found
    return Match(
        file=v.file, line=v.line, type=v.type,
        inputId=v.record.id or input_id, inputName=v.record.name,
        matchedId=found, matchedName=str(name),
    )  # fmt: skip


# Candidates shown for a new record: at most this many, of at least this score.
CANDIDATES_SHOWN, CANDIDATE_SCORE = 3, 0.5


async def _candidates(store: GraphStore, report: LoadReport, most: int) -> None:
    """For each record this load created, its strongest candidates among the others."""
    new = report._created
    if len(new) > most:
        report.candidatesNote = (
            f"{len(new):,} new records: their likely duplicates are not listed here (more "
            f"than {most:,}); run `ctgraph dedupe candidates`"
        )
        return
    cands = await CandidateIndex.from_store(store)
    found = cands.candidates(ids=new, per_record=5, judged=report._judged)
    mine: dict[str, list[LikelyDuplicate]] = defaultdict(list)
    wanted = set(new)
    for c in found:
        if c.score < CANDIDATE_SCORE:
            continue
        for this, other in ((c.a, c.b), (c.b, c.a)):
            if this.id in wanted and len(mine[this.id]) < CANDIDATES_SHOWN:
                why = "; ".join(f"{f.feature} {f.effect:+.1f}" for f in c.features)
                mine[this.id].append(
                    LikelyDuplicate(id=other.id, name=other.name, score=round(c.score, 3), why=why)
                )
    for entity_id in new:
        if mine.get(entity_id) and entity_id in cands.records:
            r = cands.records[entity_id]
            report.candidates.append(
                NewRecordCandidates(id=r.id, type=r.type, name=r.name, candidates=mine[entity_id])
            )


async def _check_retractions(store: GraphStore, planner: Planner) -> None:
    """What each retraction withdraws must be in the graph (or have been retracted before:
    then it is unchanged), before anything is written."""
    targets = [t for t in planner.plan.retractions if not t.rejected]
    if not targets:
        return

    def fail(t: RetractTarget, field_: str, message: str) -> None:
        t.rejected = True
        if t.input is not None:
            planner.error(t.input, field_, message)

    await check_targets(store, targets, fail)
    counts = planner.plan.count(RETRACTION_RECORD)
    for t in targets:
        if not t.rejected:
            if t.status == "unchanged":
                counts.unchanged += 1
            else:
                counts.retracted += 1


def _would_retract(targets: list[RetractTarget]) -> list[str]:
    return [t.describe() for t in targets if not t.rejected and t.status == "retracted"]


async def _explain_undefined(store: GraphStore, planner: Planner) -> None:
    """An id that is not defined because it was retracted is told so, with when and why."""
    if not planner.undefined:
        return
    ids = sorted({value for _e, value in planner.undefined})
    gone: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(ids, LOOKUP_BATCH):
        for row in await store.history_retracted(list(chunk)):
            if row.get("relType") is None:
                gone[row["entityId"]] = (row.get("at") or "", row.get("reason") or "")
    for error, value in planner.undefined:
        if value in gone:
            at, reason = gone[value]
            error.message = (
                f"{value!r} is not defined: it was retracted on {at[:10]} ({reason}); load it "
                "again to restore it"
            )


def _check_source(
    source: str, valid: list[Valid], index: GraphIndex, errors: list[LoadError]
) -> None:
    defined = {v.record.id for v in valid if v.type == "sources"}
    if index.follow(source) not in index.labels and source not in defined:
        errors.append(
            LoadError(
                file="--source",
                field="source",
                message=f"{source!r} is not a source in this load or in the graph",
            )
        )


def _report(
    plan: Plan, rows: list[Row], errors: list[LoadError], options: LoadOptions, records: int
) -> LoadReport:
    rejected: dict[str, set[tuple[str, int]]] = defaultdict(set)
    by_line = {(r.file, r.line): r.type for r in rows}
    for e in errors:
        kind = by_line.get((e.file, e.line or 0))
        if kind:
            rejected[kind].add((e.file, e.line or 0))
    for kind, where in rejected.items():
        plan.count(kind).rejected = len(where)
    order = [*ENTITY_ORDER, *REL_ORDER, "co_organizations", RETRACTION_RECORD]
    counts = {k: plan.counts[k] for k in order if k in plan.counts}
    return LoadReport(
        ok=not errors,
        dry_run=options.dry_run,
        records=records,
        counts=counts,
        matches=plan.matches,
        errors=errors[: options.max_errors],
        error_count=len(errors),
    )
