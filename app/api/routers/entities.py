"""Entities: lists with filters, one record with every fact and its sources, facets."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import RedirectResponse

from ctgraph.api.deps import SettingsDep, StoreDep
from ctgraph.api.errors import NotFound, responses
from ctgraph.core.dates import full_date
from ctgraph.graph.analytics import node_type
from ctgraph.graph.models import NO_NUL, EntityPage, EntityRecord, Facets
from ctgraph.settings import Settings
from ctgraph.store.base import GraphStore

router = APIRouter(prefix="/api", tags=["entities"])

Limit = Annotated[int, Query(ge=1, le=1000, description="page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]
Text = Annotated[
    str | None, Query(max_length=200, pattern=NO_NUL, description="words in the name or aliases")
]
Kind = Annotated[str | None, Query(max_length=50, pattern=NO_NUL)]
Country = Annotated[
    str | None, Query(max_length=10, pattern=NO_NUL, description="ISO 3166-1 alpha-2")
]
DateQ = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
IdPath = Annotated[str, Path(min_length=1, max_length=300, pattern=NO_NUL)]
PAGE = responses(503)
ONE = responses(404, 503)


def _norm(text: str | None) -> str | None:
    if not text:
        return None
    from ctgraph.core.names import name_key

    return name_key(text) or None


async def _page(store: GraphStore, name: str, params: dict[str, Any]) -> EntityPage:
    row = await store.single(name, params)
    total = int(row["total"]) if row else 0
    items = [dict(i) for i in (row["items"] if row else [])]
    for item in items:
        item.setdefault("type", name.split("_")[0])
    types = {"organizations": "Organization", "people": "Person", "events": "Event"}
    for item in items:
        item["type"] = types[name.split("_")[0]]
        item.pop("searchText", None)
        item.pop("nameKeys", None)
    return EntityPage(total=total, limit=params["limit"], offset=params["offset"], items=items)


@router.get("/organizations", response_model=EntityPage, responses=PAGE)
async def read_organizations(
    store: StoreDep,
    q: Text = None,
    kind: Kind = None,
    country: Country = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EntityPage:
    """Organizations by name, filtered by kind and country, ordered by name."""
    params = {"q": _norm(q), "kind": kind, "country": country, "limit": limit, "offset": offset}
    return await _page(store, "organizations_list", params)


@router.get("/people", response_model=EntityPage, responses=PAGE)
async def read_people(
    store: StoreDep,
    q: Text = None,
    country: Country = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EntityPage:
    """People by name, filtered by country, ordered by name."""
    params = {"q": _norm(q), "kind": None, "country": country, "limit": limit, "offset": offset}
    return await _page(store, "people_list", params)


@router.get("/events", response_model=EntityPage, responses=PAGE)
async def read_events(
    store: StoreDep,
    q: Text = None,
    kind: Kind = None,
    country: Country = None,
    start: Annotated[DateQ, Query(alias="from")] = None,
    end: Annotated[DateQ, Query(alias="to")] = None,
    organizer: Annotated[
        str | None, Query(max_length=300, pattern=NO_NUL, description="organization id")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EntityPage:
    """Events by name, kind, country, date range and organizer, ordered by date."""
    params = {
        "q": _norm(q),
        "kind": kind,
        "country": country,
        "from": full_date(start),
        "to": full_date(end, last=True),
        "organizer": organizer,
        "limit": limit,
        "offset": offset,
    }
    return await _page(store, "events_list", params)


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
    row = await store.single("entity_record", {"id": entity_id, "cap": cap})
    if row is None:
        raise NotFound(f"no entity with id {entity_id!r}")
    props = dict(row["props"])
    kind = node_type(row["labels"])
    rec: dict[str, Any] = {"id": props["id"], "type": kind, "name": props.get("name")}
    rec["aliases"] = list(props.get("aliases") or [])
    other = props.get("otherNames")
    rec["otherNames"] = json.loads(other) if isinstance(other, str) else list(other or [])
    rec["sourceIds"] = list(props.get("sourceIds") or [])
    hidden = {"id", "name", "aliases", "otherNames", "sourceIds", "searchText", "nameKeys"}
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
        base = {"sourceIds": list(rp.get("sourceIds") or [])}
        fact: dict[str, Any]
        if name == "affiliations":
            who = "organization" if outgoing else "person"
            fact = {who: _ref(node), **base}
            fact |= {k: rp.get(k) for k in ("position", "startDate", "endDate")}
        elif name == "events":
            keys = ("id", "name", "startDate", "datePrecision", "year", "monthDay", "kind")
            ev = {k: node.get(k) for k in keys}
            fact = {"event": ev, "role": rp.get("role"), "talkTitle": rp.get("talkTitle"), **base}
        elif name == "organizers":
            fact = {"organization": _ref(node), "role": rp.get("role"), **base}
        elif name == "participants":
            fact = {"person": _ref(node), "role": rp.get("role"), "talkTitle": rp.get("talkTitle")}
            fact |= base
        elif name == "coOrganizers":
            fact = {"organization": _ref(node), **base}
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


ListLimit = Annotated[
    int | None,
    Query(ge=1, le=5000, description="facts shown per list (default: the server's setting)"),
]


async def _read_one(
    store: GraphStore, settings: Settings, entity_id: str, prefix: str, limit: int | None
) -> Any:
    try:
        return await entity_record(store, entity_id, limit or settings.entity_list_limit)
    except NotFound:
        row = await store.single("redirect_get", {"id": entity_id})
        if row is None or not row["targetId"]:
            raise
        from urllib.parse import quote

        query = f"?limit={limit}" if limit else ""
        return RedirectResponse(f"{prefix}/{quote(str(row['targetId']), safe=':')}{query}", 308)


ONE_R = ONE | {308: {"description": "the id was merged into another; Location gives it"}}


@router.get("/entities/{entity_id}", response_model=EntityRecord, responses=ONE_R)
async def read_entity(
    store: StoreDep, settings: SettingsDep, entity_id: IdPath, limit: ListLimit = None
) -> Any:
    """Any entity by id; a merged id answers 308 to the surviving one."""
    return await _read_one(store, settings, entity_id, "/api/entities", limit)


@router.get("/organizations/{entity_id}", response_model=EntityRecord, responses=ONE_R)
async def read_organization(
    store: StoreDep, settings: SettingsDep, entity_id: IdPath, limit: ListLimit = None
) -> Any:
    """One organization with its people, events, co-organizers and sources."""
    return await _read_one(store, settings, entity_id, "/api/organizations", limit)


@router.get("/people/{entity_id}", response_model=EntityRecord, responses=ONE_R)
async def read_person(
    store: StoreDep, settings: SettingsDep, entity_id: IdPath, limit: ListLimit = None
) -> Any:
    """One person with affiliations, events attended and sources."""
    return await _read_one(store, settings, entity_id, "/api/people", limit)


@router.get("/events/{entity_id}", response_model=EntityRecord, responses=ONE_R)
async def read_event(
    store: StoreDep, settings: SettingsDep, entity_id: IdPath, limit: ListLimit = None
) -> Any:
    """One event with organizers, participants and sources."""
    return await _read_one(store, settings, entity_id, "/api/events", limit)


@router.get("/facets", response_model=Facets, responses=responses(503))
async def read_facets(store: StoreDep) -> Facets:
    """The year range of events, the countries present, and the kinds per type."""
    years = await store.single("facets_years")
    countries: set[str] = set()
    kinds: dict[str, set[str]] = {}
    for r in await store.query("facets_values"):
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
