"""Entity records and lists, assembled from the store's answers for the API and the CLI."""

from __future__ import annotations

import json
from typing import Any, Literal

from ctgraph.core.errors import NotFound
from ctgraph.core.names import name_key, other_names
from ctgraph.core.vocabulary import ENTITY_RECORDS, INTERNAL_PROPS, node_type
from ctgraph.graph.models import (
    CitingEntity,
    CitingFact,
    EntityPage,
    EntityRecord,
    Facets,
    SourceFacts,
    Timeline,
    YearCount,
)
from ctgraph.store.base import GraphStore, Params

ListName = Literal["organizations", "people", "events"]


async def canonical_id(store: GraphStore, entity_id: str) -> str | None:
    """The id an entity is known by now: itself, the record a merge folded it into, or the
    record that holds it as an alternative id; None when it names no record."""
    return await store.resolve_id(entity_id)


def normalized(text: str | None) -> str | None:
    """Words of a list's name filter as they are stored (`nameKeys`), or None."""
    if not text:
        return None
    return name_key(text) or None


async def entity_page(store: GraphStore, name: ListName, params: Params) -> EntityPage:
    """A page of organizations, people or events: `total` and the page's items."""
    lists = {
        "organizations": store.organizations_list,
        "people": store.people_list,
        "events": store.events_list,
    }
    row = await lists[name](params)
    total = int(row["total"]) if row else 0
    label = ENTITY_RECORDS[name].label.value
    items = [
        {**{k: v for k, v in i.items() if k not in INTERNAL_PROPS}, "type": label}
        for i in (row["items"] if row else [])
    ]
    return EntityPage(total=total, limit=params["limit"], offset=params["offset"], items=items)


def name_then(props: dict[str, Any], date: str | None) -> str | None:
    """The dated name a record used on a date (`otherNames` whose period holds it), when it is
    not its current name; None when no dated name covers the date."""
    if not date or date.startswith("--"):
        return None
    for o in other_names(props.get("otherNames")):
        if not o.get("startDate") or o["name"] == props.get("name"):
            continue
        start = str(o["startDate"])
        end = str(o.get("endDate") or start)
        if date[: len(start)] >= start and date[: len(end)] <= end:
            return str(o["name"])
    return None


def _ref(node: dict[str, Any]) -> dict[str, Any]:
    return {"id": node.get("id"), "name": node.get("name")}


def _list_of(rtype: str, outgoing: bool) -> str | None:
    """The record's list a relationship belongs in, seen from the entity."""
    if rtype in ("ORGANIZED", "PARTICIPATED_IN") and outgoing:
        return "events"
    return {
        "AFFILIATED_WITH": "affiliations",
        "ORGANIZED": "organizers",
        "PARTICIPATED_IN": "participants",
        "CO_ORGANIZED_WITH": "coOrganizers",
        "PART_OF": "partOf" if outgoing else "parts",
    }.get(rtype)


async def entity_record(store: GraphStore, entity_id: str, cap: int = 100) -> EntityRecord:
    """Everything known about one entity, each fact with its sourceIds; at most `cap` facts
    per list (the heaviest co-organizers, the latest events), with `totals` counting all."""
    row = await store.entity_record(entity_id, cap)
    if row is None:
        raise NotFound(f"no entity with id {entity_id!r}")
    props = dict(row["props"])
    kind = node_type(row["labels"])
    rec: dict[str, Any] = {"id": props["id"], "type": kind, "name": props.get("name")}
    rec["aliases"] = list(props.get("aliases") or [])
    rec["otherNames"] = other_names(props.get("otherNames"))
    rec["sourceIds"] = list(props.get("sourceIds") or [])
    hidden = {"id", "name", "aliases", "otherNames", "sourceIds", *INTERNAL_PROPS}
    rec["properties"] = {k: v for k, v in props.items() if k not in hidden}
    lists: dict[str, list[dict[str, Any]]] = {
        k: []
        for k in (
            "affiliations",
            "events",
            "organizers",
            "participants",
            "coOrganizers",
            "partOf",
            "parts",
        )
    }
    totals: dict[str, int] = dict.fromkeys(lists, 0)
    # Each fact goes in the list `_list_of` names for it; that list decides its shape.
    facts: list[tuple[str, bool, dict[str, Any]]] = []
    for g in row["groups"]:
        name = _list_of(str(g["type"]), bool(g["outgoing"])) if g["type"] else None
        if name is not None:
            totals[name] += int(g["total"])
            facts.extend((name, bool(g["outgoing"]), r) for r in g["items"])
    for name, outgoing, r in facts:
        rp, node = r["props"], r["node"]
        base = {"sourceIds": list(rp.get("sourceIds") or []), "evidence": rp.get("evidence")}
        fact: dict[str, Any]
        if name == "affiliations":
            who = "organization" if outgoing else "person"
            fact = {who: _ref(node), **base}
            fact |= {k: rp.get(k) for k in ("position", "startDate", "endDate")}
        elif name == "events":
            keys = ("id", "name", "startDate", "datePrecision", "year", "monthDay", "kind")
            ev = {k: node.get(k) for k in keys}
            fact = {"event": ev, "role": rp.get("role"), "talkTitle": rp.get("talkTitle"), **base}
            fact["nameThen"] = name_then(props, node.get("startDate"))
        elif name == "organizers":
            fact = {"organization": _ref(node), "role": rp.get("role"), **base}
            fact["nameThen"] = name_then(node, props.get("startDate"))
        elif name == "participants":
            fact = {"person": _ref(node), "role": rp.get("role"), "talkTitle": rp.get("talkTitle")}
            fact |= base
            fact["nameThen"] = name_then(node, props.get("startDate"))
        elif name == "coOrganizers":
            fact = {"organization": _ref(node), "sourceIds": base["sourceIds"]}
            fact |= {k: rp.get(k) for k in ("firstDate", "lastDate")}
            fact |= {
                "weight": int(rp.get("weight") or 0),
                "eventIds": list(rp.get("eventIds") or []),
            }
        else:  # partOf, parts
            fact = _ref(node)
        lists[name].append(fact)
    # Events come from two kinds of relationship (organized, attended): keep the latest `cap`.
    lists["events"].sort(key=lambda e: (e["event"].get("startDate") or "", e["event"]["id"]))
    lists["events"] = lists["events"][-cap:]
    # Co-organization links run both ways (smaller id to larger): keep the heaviest `cap`.
    lists["coOrganizers"].sort(key=lambda c: (-c["weight"], c["organization"]["id"]))
    lists["coOrganizers"] = lists["coOrganizers"][:cap]
    for key in ("affiliations", "organizers", "participants", "partOf", "parts"):
        lists[key].sort(key=lambda x: json.dumps(x, sort_keys=True, default=str))
        lists[key] = lists[key][:cap]
    cited = set(rec["sourceIds"]) | {
        i for facts in lists.values() for f in facts for i in f.get("sourceIds") or []
    }
    src = sorted((s for s in row["sources"] if s["id"] in cited), key=lambda s: str(s["id"]))
    shown = {k: len(v) for k, v in lists.items()}
    return EntityRecord.model_validate(
        {**rec, **lists, "sources": src, "totals": totals, "truncated": shown != totals}
    )


async def facets(store: GraphStore) -> Facets:
    """The year range of events, the countries present, and the kinds per type."""
    years, values = await store.facets()
    countries: set[str] = set()
    kinds: dict[str, set[str]] = {}
    for r in values:
        if r["country"]:
            countries.add(str(r["country"]))
        if r["kind"]:
            kinds.setdefault(node_type(r["labels"]), set()).add(str(r["kind"]))
    span = [int(years["lo"]), int(years["hi"])] if years and years["lo"] is not None else None
    return Facets(
        years=span,
        countries=sorted(countries),
        kinds={k: sorted(v) for k, v in sorted(kinds.items())},
    )


async def source_facts(store: GraphStore, source_id: str, cap: int) -> SourceFacts:
    """A source with every fact that cites it (at most `cap` of each kind, with totals)."""
    record = await entity_record(store, source_id, cap)
    if record.type != "Source":
        raise NotFound(f"{source_id!r} is a {record.type.lower()}, not a source")
    ents, rels = await store.source_facts(record.id, cap)
    hidden = INTERNAL_PROPS
    return SourceFacts(
        source=record,
        entities=[
            CitingEntity(id=e["id"], type=node_type(e["labels"]), name=e.get("name"))
            for e in ents["items"]
        ],
        entityTotal=int(ents["total"]),
        relationships=[
            CitingFact(
                source=r["source"],
                sourceName=r.get("sourceName"),
                sourceType=node_type(r["sourceLabels"]),
                type=r["type"],
                target=r["target"],
                targetName=r.get("targetName"),
                targetType=node_type(r["targetLabels"]),
                properties={k: v for k, v in (r.get("props") or {}).items() if k not in hidden},
            )
            for r in rels["items"]
        ],
        relationshipTotal=int(rels["total"]),
    )


async def timeline(store: GraphStore) -> Timeline:
    """Events per year, every year between the first and the last (empty ones at 0)."""
    rows = await store.events_per_year()
    known = {int(r["year"]): int(r["events"]) for r in rows if r["year"] is not None}
    unknown = sum(int(r["events"]) for r in rows if r["year"] is None)
    span = range(min(known), max(known) + 1) if known else range(0)
    return Timeline(
        years=[YearCount(year=y, events=known.get(y, 0)) for y in span], unknownYear=unknown
    )
