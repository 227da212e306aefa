"""The vocabulary, defined once: node types, relationship types, their properties and styles.

In the spirit of FollowTheMoney's schema files: names follow FollowTheMoney and Popolo. The
loaders' record models, the store's labels and constraints, the API's enums and records, the
exports and the page (served as JSON at `/api/vocabulary`) all read this module.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from functools import cache
from typing import Any, Literal

# A property's type: how the loaders read and check it, and how it is shown.
PropType = Literal[
    "text", "texts", "id", "ids", "date", "month-day", "country", "url", "int", "enum",
    "wikidata", "dated-names",
]  # fmt: skip

ENTITY_LABEL = "Entity"  # carried by every entity besides its own label; hidden from counts
REDIRECT_LABEL = "Redirect"  # a merged id, resolving to the record it was merged into
# One entry of a record's history (a load, merge or retraction that changed it): not an
# entity, never linked, left out of views and exports.
CHANGE_LABEL = "Change"
# The record type of the load format that withdraws an entity or a relationship (it is no
# node or relationship type of its own: it names one of the others).
RETRACTION_RECORD = "retractions"


class NodeType(StrEnum):
    """Entity types a client may choose; each maps to a fixed label."""

    Organization = "Organization"
    Person = "Person"
    Event = "Event"
    Source = "Source"


class RelType(StrEnum):
    """Relationship types; each maps to a fixed relationship type in the database."""

    ORGANIZED = "ORGANIZED"
    PARTICIPATED_IN = "PARTICIPATED_IN"
    AFFILIATED_WITH = "AFFILIATED_WITH"
    PART_OF = "PART_OF"
    CO_ORGANIZED_WITH = "CO_ORGANIZED_WITH"
    REPORTED_IN = "REPORTED_IN"
    MENTIONED_IN = "MENTIONED_IN"


@dataclass(frozen=True)
class Prop:
    """One property: its type, its display name, and whether it is searched or kept internal."""

    name: str
    type: PropType
    display: str
    required: bool = False
    default: str | None = None
    values: tuple[str, ...] = ()  # the allowed values of an `enum`
    searchable: bool = False  # its words are found by search
    internal: bool = False  # stored for the database's own use, never shown or exported
    derived: bool = False  # computed by the loader, never read from input


@dataclass(frozen=True, kw_only=True)
class NodeDef:
    """One node type: its label, its record type in the load format, and its style."""

    label: NodeType
    record: str  # the record type in files: organizations.csv, {"type": "organization"}
    singular: str
    id_prefix: str
    display: str
    plural: str
    color: str
    shape: str
    props: tuple[Prop, ...]


@dataclass(frozen=True, kw_only=True)
class RelDef:
    """One relationship type: its ends, direction, record type, properties and display name."""

    type: RelType
    start: NodeType
    end: NodeType
    display: str
    record: str | None = None  # its record type in files, when input names it directly
    start_field: str | None = None
    end_field: str | None = None
    symmetric: bool = False  # one per pair, read both ways (stored smaller id → larger)
    props: tuple[Prop, ...] = ()
    other_starts: tuple[NodeType, ...] = ()  # further types it may start from
    # Properties that tell apart two facts of this type between one pair (two positions).
    key: tuple[str, ...] = ()


_ORG_KINDS = (
    "government", "parliament", "igo", "ngo", "academia", "diplomatic", "donor",
    "law-enforcement", "other",
)  # fmt: skip
_EVENT_KINDS = ("conference", "roundtable", "workshop", "training", "meeting", "other")

# Every entity has these first.
_ENTITY_PROPS = (
    Prop("id", "id", "Id"),
    Prop("name", "text", "Name", required=True, searchable=True),
    Prop("aliases", "texts", "Also known as", searchable=True),
    Prop("sourceIds", "ids", "Sources"),
    Prop("nameKeys", "texts", "Name keys", internal=True, derived=True),
    Prop("searchText", "text", "Search text", internal=True, derived=True),
)
SOURCE_IDS = Prop("sourceIds", "ids", "Sources")
# The sentence of a source that states a fact (set by extraction from news items).
EVIDENCE = Prop("evidence", "text", "Evidence")

NODES: tuple[NodeDef, ...] = (
    NodeDef(
        label=NodeType.Organization,
        record="organizations",
        singular="organization",
        id_prefix="org",
        display="Organization",
        plural="Organizations",
        color="#1f77b4",
        shape="box",
        props=(
            *_ENTITY_PROPS,
            Prop("kind", "enum", "Kind", default="other", values=_ORG_KINDS),
            Prop("country", "country", "Country"),
            Prop("parentId", "id", "Part of"),
            Prop("website", "url", "Website"),
            Prop("wikidataId", "wikidata", "Wikidata"),
            Prop("otherNames", "dated-names", "Other names"),
        ),
    ),
    NodeDef(
        label=NodeType.Person,
        record="people",
        singular="person",
        id_prefix="person",
        display="Person",
        plural="People",
        color="#2ca02c",
        shape="ellipse",
        props=(
            *_ENTITY_PROPS,
            Prop("honorific", "text", "Honorific"),
            Prop("country", "country", "Country"),
        ),
    ),
    NodeDef(
        label=NodeType.Event,
        record="events",
        singular="event",
        id_prefix="event",
        display="Event",
        plural="Events",
        color="#ff7f0e",
        shape="diamond",
        props=(
            *_ENTITY_PROPS,
            Prop("kind", "enum", "Kind", default="other", values=_EVENT_KINDS),
            Prop("startDate", "date", "Start date"),
            Prop("endDate", "date", "End date"),
            Prop(
                "datePrecision",
                "enum",
                "Date precision",
                values=("day", "month", "year", "unknown-year", "unknown"),
            ),
            Prop("monthDay", "month-day", "Day of the year"),
            Prop("year", "int", "Year", derived=True),
            Prop("city", "text", "City"),
            Prop("country", "country", "Country"),
            Prop("venue", "text", "Venue"),
            Prop("participantsCount", "int", "Participants"),
            Prop("occasion", "text", "Occasion"),
        ),
    ),
    NodeDef(
        label=NodeType.Source,
        record="sources",
        singular="source",
        id_prefix="source",
        display="Source",
        plural="Sources",
        color="#7f7f7f",
        shape="dot",
        props=(
            *_ENTITY_PROPS,
            Prop("publisher", "text", "Publisher"),
            Prop("publishedDate", "date", "Published"),
            Prop("url", "url", "Address"),
            Prop("content", "text", "Text"),
        ),
    ),
)

RELATIONSHIPS: tuple[RelDef, ...] = (
    RelDef(
        type=RelType.ORGANIZED,
        start=NodeType.Organization,
        end=NodeType.Event,
        display="organized",
        record="organized",
        start_field="organizationId",
        end_field="eventId",
        props=(
            Prop(
                "role",
                "enum",
                "Role",
                default="organizer",
                values=("organizer", "co-organizer", "host", "supporter"),
            ),
            EVIDENCE,
            SOURCE_IDS,
        ),
    ),
    RelDef(
        type=RelType.PARTICIPATED_IN,
        start=NodeType.Person,
        end=NodeType.Event,
        display="took part in",
        record="participations",
        start_field="personId",
        end_field="eventId",
        props=(
            Prop(
                "role",
                "enum",
                "Role",
                default="participant",
                values=("speaker", "participant", "moderator"),
            ),
            Prop("talkTitle", "text", "Talk"),
            EVIDENCE,
            SOURCE_IDS,
        ),
    ),
    RelDef(
        type=RelType.AFFILIATED_WITH,
        start=NodeType.Person,
        end=NodeType.Organization,
        display="works for",
        record="affiliations",
        start_field="personId",
        end_field="organizationId",
        key=("position",),
        props=(
            Prop("position", "text", "Position", required=True),
            Prop("startDate", "date", "Since"),
            Prop("endDate", "date", "Until"),
            EVIDENCE,
            SOURCE_IDS,
        ),
    ),
    RelDef(
        type=RelType.PART_OF,
        start=NodeType.Organization,
        end=NodeType.Organization,
        display="is part of",
        record="part_of",
        start_field="organizationId",
        end_field="parentId",
        props=(SOURCE_IDS,),
    ),
    RelDef(
        type=RelType.CO_ORGANIZED_WITH,
        start=NodeType.Organization,
        end=NodeType.Organization,
        display="co-organized with",
        record="co_organizations",
        start_field="organizationId",
        end_field="partnerId",
        symmetric=True,
        props=(
            Prop("eventIds", "ids", "Events"),
            Prop("weight", "int", "Shared events", derived=True),
            Prop("firstDate", "date", "First", derived=True),
            Prop("lastDate", "date", "Last", derived=True),
            Prop("explicit", "text", "Stated by a source", internal=True, derived=True),
            Prop("statedEventIds", "ids", "Events a source states", internal=True, derived=True),
            Prop("statedSourceIds", "ids", "Sources that state it", internal=True, derived=True),
            SOURCE_IDS,
        ),
    ),
    RelDef(
        type=RelType.REPORTED_IN, start=NodeType.Event, end=NodeType.Source, display="reported in"
    ),
    RelDef(
        type=RelType.MENTIONED_IN,
        start=NodeType.Organization,
        end=NodeType.Source,
        display="mentioned in",
        other_starts=(NodeType.Person,),
    ),
)

NODE: dict[NodeType, NodeDef] = {n.label: n for n in NODES}
REL: dict[RelType, RelDef] = {r.type: r for r in RELATIONSHIPS}
NODE_LABELS: tuple[str, ...] = tuple(n.label.value for n in NODES)
REL_TYPES: tuple[str, ...] = tuple(r.type.value for r in RELATIONSHIPS)
# Labels that carry a unique `id` in the database.
ID_LABELS: tuple[str, ...] = (ENTITY_LABEL, *NODE_LABELS, REDIRECT_LABEL)
# The types drawn in a network view unless a client chooses others.
DEFAULT_VIEW_TYPES: tuple[str, ...] = ("Organization", "Person", "Event")
# Record type of the load format → node definition, for entities.
ENTITY_RECORDS: dict[str, NodeDef] = {n.record: n for n in NODES}
# Record type → relationship definition, for relationships that input names directly.
REL_RECORDS: dict[str, RelDef] = {r.record: r for r in RELATIONSHIPS if r.record}
INTERNAL_PROPS: frozenset[str] = frozenset(
    p.name for n in NODES for p in n.props if p.internal
) | frozenset(p.name for r in RELATIONSHIPS for p in r.props if p.internal)


def edge_id(source: str, rtype: str, target: str, props: dict[str, Any]) -> str:
    """A relationship's stable id: its ends and type, and the values of its type's key, so
    that two facts of one type between one pair (two positions held) have two ids."""
    parts = [source, rtype, target]
    rel = REL.get(RelType(rtype)) if rtype in REL_TYPES else None
    if rel is not None and rel.key:
        parts.extend(str(props.get(k) or "") for k in rel.key)
    return "|".join(parts)


def node_type(labels: list[str] | tuple[str, ...]) -> str:
    """The entity type among a node's labels: a known type first, else any but `Entity`."""
    for label in labels:
        if label in NODE_LABELS:
            return str(label)
    return next((str(lb) for lb in labels if lb != ENTITY_LABEL), ENTITY_LABEL)


def stored_props(record: str) -> tuple[str, ...]:
    """The properties besides id, name, aliases and sources that a record type stores."""
    common = {p.name for p in _ENTITY_PROPS}
    if record in ENTITY_RECORDS:
        props = ENTITY_RECORDS[record].props
        return tuple(p.name for p in props if p.name not in common)
    # Relationship records: lists (sources, a link's events) are merged by the loader itself.
    return tuple(p.name for p in REL_RECORDS[record].props if p.type != "ids" and not p.derived)


@cache
def as_json() -> dict[str, Any]:
    """The vocabulary as the page and API clients read it (internal properties left out)."""

    def public(props: tuple[Prop, ...]) -> list[dict[str, Any]]:
        return [
            {k: v for k, v in asdict(p).items() if k not in ("internal", "derived")}
            for p in props
            if not p.internal
        ]

    return {
        "entityLabel": ENTITY_LABEL,
        "defaultViewTypes": list(DEFAULT_VIEW_TYPES),
        "nodes": [
            {
                "label": n.label.value,
                "record": n.record,
                "display": n.display,
                "plural": n.plural,
                "color": n.color,
                "shape": n.shape,
                "properties": public(n.props),
            }
            for n in NODES
        ],
        "relationships": [
            {
                "type": r.type.value,
                "start": [r.start.value, *(t.value for t in r.other_starts)],
                "end": r.end.value,
                "display": r.display,
                "directed": not r.symmetric,
                "properties": public(r.props),
            }
            for r in RELATIONSHIPS
        ],
        "internalProperties": sorted(INTERNAL_PROPS),
    }
