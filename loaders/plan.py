"""Planning a load: resolve ids and names, check references, and compute the desired graph."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ctgraph.core.names import (
    index_names,
    lookup_names,
    name_key,
    name_keys,
    slug,
)
from ctgraph.core.vocabulary import ENTITY_RECORDS, REL_RECORDS, RETRACTION_RECORD, stored_props
from ctgraph.graph.dedupe import Judged
from ctgraph.loaders.models import (
    ENTITY_TYPES,
    ID_PREFIX,
    EventRecord,
    LoadError,
    Match,
    SourceRecord,
    TypeCounts,
    full_date,
)
from ctgraph.loaders.retract import RetractTarget
from ctgraph.loaders.validate import Valid

ENTITY_ORDER = ("sources", "organizations", "people", "events")
# record type -> (relationship type, start field, start label, end field, end label)
RELATIONSHIPS: dict[str, tuple[str, str, str, str, str]] = {
    kind: (r.type.value, str(r.start_field), r.start.value, str(r.end_field), r.end.value)
    for kind, r in REL_RECORDS.items()
}
REL_PROPS = {kind: stored_props(kind) for kind in REL_RECORDS}
_SCALARS = {kind: stored_props(kind) for kind in ENTITY_RECORDS}
# What a record type stores when its input leaves a field out, on creation (or when cleared).
DEFAULTS: dict[str, dict[str, Any]] = {
    **{k: {p.name: p.default for p in n.props if p.default} for k, n in ENTITY_RECORDS.items()},
    **{k: {p.name: p.default for p in r.props if p.default} for k, r in REL_RECORDS.items()},
}
# An event's date: every event record gives it whole (a day, a month, a year, or the day of
# a year that is not known), so each of its own records sets these four together.
EVENT_DATES = ("startDate", "datePrecision", "monthDay", "year")


@dataclass
class GraphIndex:
    """What the graph holds before the load: ids with their type, name keys, redirects."""

    labels: dict[str, str] = field(default_factory=dict)
    keys: dict[tuple[str, str], str] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    # An admin's own ids of records the loader matched by name (`altIds` on the record).
    alt: dict[str, str] = field(default_factory=dict)
    # The stored PART_OF links, part -> wholes (`store.part_of_links()`): a load's own
    # links may not close a cycle with them.
    parents: dict[str, set[str]] = field(default_factory=dict)
    # The judgements on duplicates: a "different" pair is never joined by name.
    judged: Judged | None = None

    def add_part_of(self, links: Iterable[tuple[str, str]]) -> None:
        """Add stored PART_OF links (part, whole)."""
        for part, whole in links:
            self.parents.setdefault(part, set()).add(whole)

    def add(self, row: dict[str, Any]) -> None:
        label = next((lb for lb in row["labels"] if lb != "Entity"), "Entity")
        self.labels[row["id"]] = label
        for key in resolution_keys(label, row.get("keys") or [], row):
            self.keys.setdefault((label, key), row["id"])
        for alt in row.get("altIds") or ():
            self.alt.setdefault(alt, row["id"])

    def follow(self, id_: str) -> str:
        """The record an id names in the graph: itself, or the record a merged or alternative
        id resolves to; an id that resolves to no record (it was retracted) names itself."""
        start, seen = id_, 0
        while seen < 20:
            if id_ in self.redirects:
                id_ = self.redirects[id_]
            elif id_ in self.alt and id_ not in self.labels:
                id_ = self.alt[id_]
            else:
                break
            seen += 1
        return id_ if id_ == start or id_ in self.labels else start


def resolution_keys(label: str, keys: list[str], props: dict[str, Any]) -> list[str]:
    """What makes two records one: a name for organizations and people, a name on a date for
    events, a URL (or a name on a date) for sources."""
    if label == "Event":
        when = props.get("startDate") or f"--{props.get('monthDay')}"
        return [f"{k}|{when}" for k in keys]
    if label == "Source":
        if props.get("url"):
            return [f"url|{props['url']}"]
        return [f"{k}|{props.get('publishedDate')}" for k in keys]
    return keys


@dataclass(slots=True)
class PendingEntity:
    """One entity of the load: its inputs (the first with its own id), and what is stored."""

    id: str
    kind: str
    label: str
    inputs: list[tuple[Valid, bool]] = field(default_factory=list)  # (input, is its own id)
    existing: dict[str, Any] | None = None
    props: dict[str, Any] = field(default_factory=dict)
    status: str = "created"
    alt_ids: set[str] = field(default_factory=set)  # inputs' own ids, matched by name
    change: dict[str, Any] | None = None  # its history entry, when it changes


@dataclass(slots=True)
class PendingRel:
    """One relationship of the load and its desired properties."""

    kind: str
    a: str
    b: str
    props: dict[str, Any] = field(default_factory=dict)
    sources: set[str] = field(default_factory=set)
    existing: dict[str, Any] | None = None
    status: str = "created"
    cleared: set[str] = field(default_factory=set)
    where: tuple[str, int] | None = None  # its first input record, if one named it
    change: dict[str, Any] | None = None


@dataclass
class Plan:
    """What a load will write, what it matched, and what was wrong."""

    entities: dict[str, PendingEntity] = field(default_factory=dict)
    rels: dict[tuple[str, str, str, str], PendingRel] = field(default_factory=dict)
    mapping: dict[str, str] = field(default_factory=dict)
    matches: list[Match] = field(default_factory=list)
    counts: dict[str, TypeCounts] = field(default_factory=dict)
    rejected: dict[tuple[str, int], str] = field(default_factory=dict)  # (file, line) -> type
    retractions: list[RetractTarget] = field(default_factory=list)
    # Inputs whose name matched a record a judgement keeps them apart from (input, record,
    # the input's id).
    kept_apart: list[tuple[Valid, str, str]] = field(default_factory=list)

    def count(self, kind: str) -> TypeCounts:
        counts = self.counts.get(kind)
        if counts is None:
            counts = self.counts[kind] = TypeCounts()
        return counts


def _input_props(kind: str, rec: Any, given_only: bool = False) -> dict[str, Any]:
    """The stored scalar properties an input record gives (absent ones left out). With
    `given_only`, the fields its input left out are left out too, defaults included (an
    event's date excepted: every event record gives it whole)."""
    props: dict[str, Any] = {}
    given = rec.model_fields_set if given_only else None
    for name in _SCALARS[kind]:
        if name == "year" or name == "parentId":  # derived; the resolved parent is set apart
            continue
        if given is not None and name not in given and name not in EVENT_DATES:
            continue
        value = getattr(rec, name, None)
        if value is None:
            continue
        if name == "otherNames":
            value = json.dumps([o.model_dump(exclude_none=True) for o in value], ensure_ascii=False)
        props[name] = value
    if kind == "events":
        if rec.startDate:
            props["startDate"] = full_date(rec.startDate)
            props["year"] = int(rec.startDate[:4])
        if rec.endDate and "endDate" in props:
            props["endDate"] = full_date(rec.endDate)
    return props


class Planner:
    """Turns validated records into a plan against the graph index; errors go to `errors`."""

    def __init__(
        self,
        index: GraphIndex,
        errors: list[LoadError],
        source: str | None,
        invalid: dict[str, str] | None = None,
    ) -> None:
        self.index = index
        self.errors = errors
        self.source = source
        self.plan = Plan()
        self._load_keys: dict[tuple[str, str], str] = {}
        self._explicit_ids: dict[str, Valid] = {}
        self._sources: dict[tuple[str, ...], list[str]] = {}
        # Resolved references, kept once entities can no longer be rejected.
        self._refs: dict[str, tuple[str, str]] = {}
        # Ids of invalid entity records, with where they are (`file:line`).
        self.invalid: dict[str, str] = dict(invalid or {})
        # Entities this load retracts, with where the retraction is.
        self.retracting: dict[str, str] = {}
        self._retracted_rels: set[tuple[str, str, str, str]] = set()
        # "Not defined" errors and the ids they name (told later if those were retracted).
        self.undefined: list[tuple[LoadError, str]] = []

    def error(self, v: Valid, field_: str | None, message: str) -> None:
        self.errors.append(LoadError(file=v.file, line=v.line, field=field_, message=message))
        self.plan.rejected[(v.file, v.line)] = v.type

    # -- entities -------------------------------------------------------------------------

    def add_entities(self, records: list[Valid]) -> None:
        """Resolve every entity record: an existing id, a new one, or a match by name."""
        for kind in ENTITY_ORDER:
            for v in records:
                if v.type == kind:
                    self._add_entity(v)

    def _add_entity(self, v: Valid) -> None:
        rec = v.record
        label = ENTITY_TYPES[v.type]
        if not rec.id and not name_key(rec.name):
            # Its id would be `org:unnamed`, and every other such record would silently join it.
            self.error(
                v,
                "name",
                f"{rec.name[:40]!r} has no letters or digits to make an id from: give the "
                "record an id",
            )
            return
        input_id = rec.id or f"{ID_PREFIX[v.type]}:{slug(rec.name)}"
        if rec.id:
            first = self._explicit_ids.get(rec.id)
            if first is not None:
                where = f"{first.file}:{first.line}"
                self.error(v, "id", f"duplicate id {rec.id!r}: already defined at {where}")
                return
            self._explicit_ids[rec.id] = v
        target = self.plan.mapping.get(input_id) or self.index.follow(input_id)
        other = self.index.labels.get(target)
        pending = self.plan.entities.get(target)
        if other is not None and other != label:
            self.error(v, "id", f"{target!r} is already a {other} in the graph, not a {label}")
            return
        if pending is not None and pending.label != label:
            self.error(v, "id", f"{target!r} is already a {pending.label} in this load")
            return
        keys = resolution_keys(label, name_keys([rec.name, *rec.aliases]), _lookup(rec))
        by_name = False
        if other is None and pending is None:
            found = self._find(label, keys)
            if found is None:
                variants = name_keys(lookup_names(rec.name, label))
                found = self._find(label, resolution_keys(label, variants, _lookup(rec)))
            if found is not None and self._kept_apart(found, input_id, rec.id):
                self.plan.kept_apart.append((v, found, input_id))
                found = None
            if found is not None:
                target, by_name = found, True
                pending = self.plan.entities.get(target)
        own = target == input_id and not (pending and any(o for _, o in pending.inputs))
        if v.clear and not own:
            how = "matched by name" if by_name else "the id resolves to it"
            self.error(
                v,
                sorted(v.clear)[0],
                f"clears only apply to a record by its own id: this record is {target!r} "
                f"({how}); clear the field in a record with id {target!r}",
            )
            return
        self.plan.mapping[input_id] = target
        if rec.id:
            self.plan.mapping[rec.id] = target
        if pending is None:
            pending = self.plan.entities[target] = PendingEntity(target, v.type, label)
        if by_name and rec.id and rec.id != target:
            pending.alt_ids.add(rec.id)  # the admin's own id keeps naming the record
        pending.inputs.append((v, own))
        for k in keys:
            self._load_keys.setdefault((label, k), target)

    def _kept_apart(self, found: str, input_id: str, own_id: str | None) -> bool:
        judged = self.index.judged
        if judged is None:
            return False
        return judged.different(found, input_id) or bool(own_id and judged.different(found, own_id))

    def _find(self, label: str, keys: list[str]) -> str | None:
        for k in keys:
            found = self._load_keys.get((label, k)) or self.index.keys.get((label, k))
            if found is not None:
                return found
        return None

    # -- references -----------------------------------------------------------------------

    def ref(self, v: Valid, field_: str, value: str, label: str) -> str | None:
        """The resolved id of a reference, or None (with an error) when it names nothing."""
        known = self._refs.get(value)
        if known is not None and known[1] == label:
            return known[0]
        target = self.plan.mapping.get(value) or self.index.follow(value)
        target = self.plan.mapping.get(target, target)
        retracting = self.retracting.get(target)
        if retracting is not None:
            self.error(v, field_, f"refers to {value}, which this load retracts ({retracting})")
            return None
        pending = self.plan.entities.get(target)
        have = pending.label if pending is not None else self.index.labels.get(target)
        if have == label:
            self._refs[value] = (target, label)
            return target
        if have is None:
            where = self.invalid.get(value) or self.invalid.get(target)
            if where is not None:
                self.error(v, field_, f"refers to {value}, which is invalid at {where}")
                return None
            self.error(
                v,
                field_,
                f"{value!r} is not defined: no {label} with this id in this load or in the graph",
            )
            self.undefined.append((self.errors[-1], value))
        else:
            self.error(
                v,
                field_,
                f"{value!r} is a {have}, not an {label}"
                if label[0] in "AEIOU"
                else f"{value!r} is a {have}, not a {label}",
            )
        return None

    def sources(self, v: Valid) -> list[str] | None:
        """The resolved sources a record cites (or the load's --source), None on error."""
        cited = tuple(v.record.sourceIds)
        known = self._sources.get(cited)
        if known is not None:
            return known
        found = self._resolve_sources(v)
        if found is not None:
            self._sources[cited] = found
        return found

    def _resolve_sources(self, v: Valid) -> list[str] | None:
        given = list(v.record.sourceIds)
        if not given:
            if self.source is None:
                self.error(
                    v, "sourceIds", "no source: cite one (sourceIds) or load with --source ID"
                )
                return None
            given = [self.source]
        out: list[str] = []
        for sid in given:
            target = self.ref(v, "sourceIds", sid, "Source")
            if target is None:
                return None
            out.append(target)
        return out

    def check_entity_refs(self) -> None:
        """Sources and parents of entities; entities with a bad reference are rejected, and so,
        in turn, are those whose parent was rejected (each told which record and where)."""
        for pending in self.plan.entities.values():
            for v, _own in pending.inputs:
                if v.type != "sources":
                    v.raw["__sources"] = self.sources(v)
        while self._check_parents() or self._parent_cycles():
            self._refs.clear()

    def _check_parents(self) -> bool:
        """One pass over the entities; True when it rejected any."""
        rejected = False
        for target, pending in list(self.plan.entities.items()):
            keep: list[tuple[Valid, bool]] = []
            last = ""
            for v, own in pending.inputs:
                ok = v.type == "sources" or v.raw["__sources"] is not None
                parent = v.record.parentId if v.type == "organizations" else None
                if ok and parent:
                    resolved = self.ref(v, "parentId", parent, "Organization")
                    ok = resolved is not None
                    if ok and resolved == target:
                        if parent == v.record.id:
                            self.error(v, "parentId", "an organization cannot be part of itself")
                        ok, resolved = parent != v.record.id, None
                    v.raw["__parent"] = resolved
                if ok:
                    keep.append((v, own))
                else:
                    rejected, last = True, f"{v.file}:{v.line}"
                    self.invalid.setdefault(_input_id(v), last)
            pending.inputs = keep
            if not keep:
                # No record of this load defines it any more: refer to it, and be told why.
                del self.plan.entities[target]
                self.invalid.setdefault(target, last)
        return rejected

    def _parent_cycles(self) -> bool:
        """Organizations whose parentId closes a part_of cycle (with the graph's links and the
        other parentIds of the load) are rejected; True when any was."""
        mine: dict[tuple[str, str], list[Valid]] = {}
        for pending in self.plan.entities.values():
            for v, _own in pending.inputs:
                if v.raw.get("__parent"):
                    mine.setdefault((pending.id, v.raw["__parent"]), []).append(v)
        if not mine:
            return False
        rejected = False
        for (part, _whole), cycle, inputs in self._cycles(mine):
            for v in inputs:
                self.error(v, "parentId", _cycle_message(cycle))
                self.invalid.setdefault(_input_id(v), f"{v.file}:{v.line}")
            pending = self.plan.entities[part]
            refused = {id(v) for v in inputs}
            pending.inputs = [(v, own) for v, own in pending.inputs if id(v) not in refused]
            if not pending.inputs:
                del self.plan.entities[part]
            rejected = True
        return rejected

    def _cycles(
        self, mine: dict[tuple[str, str], list[Valid]]
    ) -> list[tuple[tuple[str, str], list[str], list[Valid]]]:
        """Each of the load's links `mine` (part, whole) that lies on a part_of cycle, with the
        cycle (ids, first and last the part) and its inputs. The cycle may pass through the
        graph's stored links and the load's other part_of links."""
        gone = set(self.retracting)
        up: dict[str, set[str]] = {
            a: {
                b for b in bs if b not in gone and ("part_of", a, b, "") not in self._retracted_rels
            }
            for a, bs in self.index.parents.items()
            if a not in gone
        }
        for (a, b), _inputs in mine.items():
            up.setdefault(a, set()).add(b)
        for rel in self.plan.rels.values():
            if rel.kind == "part_of":
                up.setdefault(rel.a, set()).add(rel.b)
        found = []
        for (a, b), inputs in mine.items():
            path = _path(up, b, a)
            if path is not None:
                found.append(((a, b), [a, *path], inputs))
        return found

    def _rel_cycles(self, mine: dict[tuple[str, str], list[Valid]]) -> None:
        """part_of records that close a cycle are rejected, and their links dropped (a link an
        organization's parentId gives too stays: that organization was checked already)."""
        for (a, b), cycle, inputs in self._cycles(mine):
            for v in inputs:
                self.error(v, "parentId", _cycle_message(cycle))
            rel = self.plan.rels.get(("part_of", a, b, ""))
            if rel is not None and rel.where in {(v.file, v.line) for v in inputs}:
                del self.plan.rels[("part_of", a, b, "")]

    # -- relationships --------------------------------------------------------------------

    def add_relationships(self, records: list[Valid]) -> None:
        """Resolve both ends and the sources of every relationship record."""
        self._refs.clear()
        for pending in self.plan.entities.values():
            for v, _own in pending.inputs:
                if v.raw.get("__parent"):
                    self._rel(v, "part_of", pending.id, v.raw["__parent"], {}, v.raw["__sources"])
        part_of: dict[tuple[str, str], list[Valid]] = {}
        for v in records:
            if v.type not in RELATIONSHIPS:
                continue
            _rel_type, fa, la, fb, lb = RELATIONSHIPS[v.type]
            a = self.ref(v, fa, getattr(v.record, fa), la)
            b = self.ref(v, fb, getattr(v.record, fb), lb) if a else None
            srcs = self.sources(v) if b else None
            if a is None or b is None or srcs is None:
                continue
            if a == b:
                if getattr(v.record, fa) == getattr(v.record, fb):
                    self.error(v, fb, f"{a!r} cannot be linked to itself")
                continue  # two names of one record (merged or resolved): nothing to link
            given = v.record.model_fields_set
            props = {p: getattr(v.record, p) for p in REL_PROPS[v.type] if p in given}
            if v.type == "co_organizations":
                events = [self.ref(v, "eventIds", e, "Event") for e in v.record.eventIds]
                if None in events:
                    continue
                props["eventIds"] = events
                a, b = min(a, b), max(a, b)
            if v.type == "part_of":
                part_of.setdefault((a, b), []).append(v)
            self._rel(v, v.type, a, b, props, srcs)
        if part_of:
            self._rel_cycles(part_of)

    def _rel(
        self, v: Valid, kind: str, a: str, b: str, props: dict[str, Any], sources: list[str]
    ) -> None:
        extra = props.get("position", "") if kind == "affiliations" else ""
        key = (kind, a, b, extra)
        rel = self.plan.rels.get(key)
        cleared = v.clear if kind == v.type else frozenset()
        if rel is None:
            given = {name: value for name, value in props.items() if value is not None}
            self.plan.rels[key] = PendingRel(
                kind, a, b, given, set(sources), cleared=set(cleared), where=(v.file, v.line)
            )
            return
        for name in cleared:
            rel.props.pop(name, None)
            rel.cleared.add(name)
        for name, value in props.items():
            if name == "eventIds":
                rel.props["eventIds"] = sorted({*rel.props.get("eventIds", []), *value})
            elif value is not None:
                rel.props[name] = value
                rel.cleared.discard(name)
        rel.sources.update(sources)

    # -- retractions ----------------------------------------------------------------------

    def add_retractions(self, records: list[Valid]) -> None:
        """Resolve what each retraction withdraws (after the entities, before the references:
        a record of this load may not refer to an entity this load retracts)."""
        for v in records:
            if v.type != RETRACTION_RECORD:
                continue
            sources = self._retraction_sources(v)
            if sources is None:
                continue
            if v.record.id is not None:
                self._retract_entity(v, sources)
            else:
                self._retract_rel(v, sources)

    def _retraction_sources(self, v: Valid) -> list[str] | None:
        out: list[str] = []
        for sid in v.record.sourceIds:
            target = self.ref(v, "sourceIds", sid, "Source")
            if target is None:
                return None
            out.append(target)
        return out

    def _retract_entity(self, v: Valid, sources: list[str]) -> None:
        given = v.record.id
        if given in self.index.redirects:
            kept = self.index.follow(given)
            self.error(
                v,
                "id",
                f"{given!r} was merged into {kept!r}: retract {kept!r} itself if that is meant",
            )
            return
        target = self.index.follow(given)
        loaded = self.plan.entities.get(target) or self.plan.entities.get(
            self.plan.mapping.get(given, "")
        )
        if loaded is not None:
            first = loaded.inputs[0][0]
            self.error(
                v,
                "id",
                f"{given!r} is also loaded by this batch ({first.file}:{first.line}): "
                "a batch loads a record or retracts it, not both",
            )
            return
        if target in self.retracting:
            self.plan.count(RETRACTION_RECORD).unchanged += 1  # named twice: one retraction
            return
        label = self.index.labels.get(target)
        if label is not None:
            self.retracting[target] = f"{v.file}:{v.line}"
        self.plan.retractions.append(
            RetractTarget(
                "entity",
                target,
                reason=v.record.reason,
                sources=sources,
                label=label,
                asked=given,
                file=v.file,
                line=v.line,
                input=v,
            )
        )

    def _retract_rel(self, v: Valid, sources: list[str]) -> None:
        rec = v.record
        kind = rec.relationship
        given_a, given_b = rec.ends()
        a, b = self.index.follow(given_a), self.index.follow(given_b)
        if kind == "co_organizations":
            a, b = min(a, b), max(a, b)
        key = (kind, a, b, rec.position or "")
        if key in self._retracted_rels:
            self.plan.count(RETRACTION_RECORD).unchanged += 1
            return
        self._retracted_rels.add(key)
        self.plan.retractions.append(
            RetractTarget(
                kind,
                a,
                b,
                rec.position,
                reason=rec.reason,
                sources=sources,
                file=v.file,
                line=v.line,
                input=v,
            )
        )

    def check_retracted_rels(self) -> None:
        """A batch loads a relationship or retracts it, not both."""
        for t in self.plan.retractions:
            if t.kind == "entity" or t.input is None:
                continue
            rel = self.plan.rels.get((t.kind, t.id, str(t.b), t.position or ""))
            if rel is not None and rel.where is not None:
                file, line = rel.where
                self.error(
                    t.input,
                    "relationship",
                    f"this {t.kind} relationship is also loaded by this batch ({file}:{line}): "
                    "a batch loads a fact or retracts it, not both",
                )
                t.rejected = True


def _path(up: dict[str, set[str]], start: str, goal: str) -> list[str] | None:
    """The ids from `start` up its part_of links to `goal` (both included), or None."""
    back: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        cur = queue.popleft()
        if cur == goal:
            path = [cur]
            while (prev := back[path[-1]]) is not None:
                path.append(prev)
            return path[::-1]
        for nxt in sorted(up.get(cur, ())):
            if nxt not in back:
                back[nxt] = cur
                queue.append(nxt)
    return None


def _cycle_message(cycle: list[str]) -> str:
    shown = " → ".join(cycle[:12]) + (" → …" if len(cycle) > 12 else "")
    return f"part_of would form a cycle: {shown}; an organization cannot be part of its own part"


def _input_id(v: Valid) -> str:
    return str(v.record.id or f"{ID_PREFIX[v.type]}:{slug(v.record.name)}")


def _lookup(rec: Any) -> dict[str, Any]:
    if isinstance(rec, EventRecord):
        start = rec.startDate
        return {"startDate": full_date(start) if start else None, "monthDay": rec.monthDay}
    if isinstance(rec, SourceRecord):
        return {"url": rec.url, "publishedDate": rec.publishedDate}
    return {}


def entity_props(pending: PendingEntity) -> dict[str, Any]:
    """The desired stored properties: the existing ones, then each input in order (an input with
    its own id sets the fields it gives and clears those it clears, and leaves the others as
    they are; a matched one fills gaps and adds its name as an alias). Defaults fill what is
    still missing, and a matched record's own id is kept among its `altIds`."""
    if pending.existing is None and len(pending.inputs) == 1:
        return _new_entity_props(pending)
    props: dict[str, Any] = dict(pending.existing or {})
    aliases: list[str] = list(props.get("aliases") or [])
    sources: set[str] = set(props.get("sourceIds") or [])
    props["id"] = pending.id
    for v, own in pending.inputs:
        rec = v.record
        given = _input_props(pending.kind, rec, given_only=True)
        if own or "name" not in props:
            if "aliases" in v.clear:
                aliases = []
            if own and "name" in props and props["name"] != rec.name:
                aliases.append(props["name"])
            props["name"] = rec.name
            if pending.kind == "events":
                for name in EVENT_DATES:
                    props.pop(name, None)
            for name in v.clear:
                props.pop(name, None)
            props.update(given)
        else:
            aliases.append(rec.name)
            for name, value in given.items():
                props.setdefault(name, value)
        aliases.extend(rec.aliases)
        if v.raw.get("__parent"):
            props["parentId"] = v.raw["__parent"]
        sources.update(v.raw.get("__sources") or [])
    for name, value in DEFAULTS[pending.kind].items():
        props.setdefault(name, value)
    alt = {*(props.get("altIds") or []), *pending.alt_ids}
    if alt:
        props["altIds"] = sorted(alt)
    name = props["name"]
    unique = dict.fromkeys(a for a in aliases if a != name)
    props["aliases"] = list(unique)
    if pending.kind == "sources":
        sources.add(pending.id)
    props["sourceIds"] = sorted(sources)
    return index_names(props)


def _new_entity_props(pending: PendingEntity) -> dict[str, Any]:
    """The common case, made quick: a new entity from one input record."""
    v = pending.inputs[0][0]
    rec = v.record
    props = _input_props(pending.kind, rec)
    name = rec.name
    props["id"] = pending.id
    props["name"] = name
    aliases = list(dict.fromkeys(a for a in rec.aliases if a != name))
    props["aliases"] = aliases
    # A source is its own provenance.
    own = [pending.id] if pending.kind == "sources" else []
    props["sourceIds"] = sorted({*(v.raw.get("__sources") or []), *own})
    if v.raw.get("__parent"):
        props["parentId"] = v.raw["__parent"]
    return index_names(props)


def match_of(pending: PendingEntity, v: Valid) -> Match:
    """The report line for an input resolved to another record."""
    matched = (pending.existing or {}).get("name") or pending.inputs[0][0].record.name
    return Match(
        file=v.file,
        line=v.line,
        type=pending.kind,
        inputId=v.record.id or f"{ID_PREFIX[v.type]}:{slug(v.record.name)}",
        inputName=v.record.name,
        matchedId=pending.id,
        matchedName=matched,
    )
