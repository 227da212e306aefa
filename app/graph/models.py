"""Response models of the JSON API."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from ctgraph.core.vocabulary import NodeType

# Text the database client cannot carry (a NUL ends its parameter header) is refused with 422.
NO_NUL = r"^[^\x00]*$"


__all__ = ["NodeType"]  # the vocabulary's, re-exported beside the models that use it


class Ref(BaseModel):
    id: str
    name: str | None = None


class EventRef(Ref):
    startDate: str | None = None
    datePrecision: str | None = None
    year: int | None = None
    monthDay: str | None = None
    kind: str | None = None


class SourceRef(Ref):
    publisher: str | None = None
    publishedDate: str | None = None
    url: str | None = None


class Affiliation(BaseModel):
    person: Ref | None = None
    organization: Ref | None = None
    position: str | None = None
    startDate: str | None = None
    endDate: str | None = None
    sourceIds: list[str] = []
    evidence: str | None = Field(
        default=None, description="the sentence of a source that states the fact, when known"
    )


class Attendance(BaseModel):
    event: EventRef
    role: str | None = None
    talkTitle: str | None = None
    sourceIds: list[str] = []
    evidence: str | None = Field(
        default=None, description="the sentence of a source that states the fact, when known"
    )
    nameThen: str | None = Field(
        default=None, description="the name used at the event's date, when not the current one"
    )


class Organizer(BaseModel):
    organization: Ref
    role: str | None = None
    sourceIds: list[str] = []
    evidence: str | None = Field(
        default=None, description="the sentence of a source that states the fact, when known"
    )
    nameThen: str | None = Field(
        default=None, description="the name used at the event's date, when not the current one"
    )


class Participant(BaseModel):
    person: Ref
    role: str | None = None
    talkTitle: str | None = None
    sourceIds: list[str] = []
    evidence: str | None = Field(
        default=None, description="the sentence of a source that states the fact, when known"
    )
    nameThen: str | None = Field(
        default=None, description="the name used at the event's date, when not the current one"
    )


class CoOrganizer(BaseModel):
    organization: Ref
    weight: int = 0
    eventIds: list[str] = []
    firstDate: str | None = None
    lastDate: str | None = None
    sourceIds: list[str] = []


class EntityRecord(BaseModel):
    """One entity with every fact and the sources behind each."""

    id: str
    type: str
    name: str | None = None
    aliases: list[str] = []
    otherNames: list[dict[str, Any]] = []
    sourceIds: list[str] = []
    properties: dict[str, Any] = {}
    affiliations: list[Affiliation] = []
    events: list[Attendance] = []
    organizers: list[Organizer] = []
    participants: list[Participant] = []
    coOrganizers: list[CoOrganizer] = []
    partOf: list[Ref] = []
    parts: list[Ref] = []
    sources: list[SourceRef] = []
    totals: dict[str, int] = Field(
        default={}, description="how many facts each list holds in all (lists show at most `limit`)"
    )
    truncated: bool = Field(default=False, description="some list shows fewer than its total")


class CitingEntity(BaseModel):
    id: str
    type: str
    name: str | None = None


class CitingFact(BaseModel):
    source: str
    sourceName: str | None = None
    sourceType: str
    type: str
    target: str
    targetName: str | None = None
    targetType: str
    properties: dict[str, Any] = {}


class SourceFacts(BaseModel):
    """Every fact a source supports: the entities and the relationships that cite it."""

    source: EntityRecord
    entities: list[CitingEntity]
    entityTotal: int
    relationships: list[CitingFact]
    relationshipTotal: int


class EntityPage(BaseModel):
    """One page of a list of entities, in a stable order."""

    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


class SearchHit(BaseModel):
    id: str
    type: str
    name: str | None = None
    aliases: list[str] = []
    matched: str | None = Field(
        default=None, description="the alias or dated name that matched, when not the name"
    )
    match: Literal["exact", "prefix", "words", "fuzzy"] = Field(
        default="fuzzy",
        description="exact: a name or alias is the query; prefix: one starts with it; words: "
        "one holds every word; fuzzy: words within one edit",
    )
    score: float


class SearchResults(BaseModel):
    query: str
    results: list[SearchHit]


class Facets(BaseModel):
    years: list[int] | None = None
    countries: list[str]
    kinds: dict[str, list[str]]


class YearCount(BaseModel):
    year: int
    events: int


class Timeline(BaseModel):
    """Events per year, for a time axis; events whose year is unknown counted apart."""

    years: list[YearCount]
    unknownYear: int = Field(description="events whose year is unknown")


class GraphNode(BaseModel):
    id: str
    labels: list[str]
    properties: dict[str, Any]


class GraphEdge(BaseModel):
    id: str
    type: str
    source: str
    target: str
    properties: dict[str, Any]


class Neighborhood(BaseModel):
    center: str
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool
    omitted: dict[str, int]
    capped: dict[str, int] = Field(
        default_factory=dict,
        description="links of busy nodes not read, per relationship type (each hop reads at "
        "most 100 per node, type and direction)",
    )
    total: int
    hint: str | None = Field(default=None, description="what was left out and how to get it")


class Path(BaseModel):
    length: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class Paths(BaseModel):
    paths: list[Path]
    sources: dict[str, dict[str, Any]] = {}


class CoNode(GraphNode):
    degree: int
    weightedDegree: float
    betweenness: float


class CoOrganization(BaseModel):
    nodes: list[CoNode]
    edges: list[GraphEdge]
    undated: int = Field(
        default=0, description="links with no dated event, left out of a chosen period"
    )


class CoYear(BaseModel):
    year: int
    organizations: int = Field(description="organizations with a shared event this year")
    links: int = Field(description="pairs with a shared event this year")
    joined: list[str] = Field(description="organizations whose first shared event is this year")
    left: list[str] = Field(description="organizations whose last shared event is this year")
    newLinks: list[list[str]] = Field(description="pairs whose first shared event is this year")
    endedLinks: list[list[str]] = Field(description="pairs whose last shared event is this year")
    degree: dict[str, int]
    betweenness: dict[str, float]


class CoEvolution(BaseModel):
    years: list[CoYear]


class CypherQuery(BaseModel):
    query: str = Field(min_length=1, max_length=20_000, pattern=NO_NUL)
    parameters: dict[str, Any] = Field(
        default={},
        description="named values for the query's $parameters: names are identifiers",
        json_schema_extra={"propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}},
    )

    @field_validator("parameters")
    @classmethod
    def _no_nul(cls, value: dict[str, Any]) -> dict[str, Any]:
        bad = [k for k in value if not k.isidentifier() or not k.isascii()]
        if bad:
            raise ValueError(f"parameter names must be identifiers: {bad[:3]}")
        if _has_nul(value):
            raise ValueError("parameters must not contain NUL characters")
        return value


class CypherAnswer(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class VisView(BaseModel):
    """A view ready for vis-network: items built with pyvis, each node keeping its API shape
    under `data`; the neighbourhood's truncation counts when it was cut."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    options: dict[str, Any]
    truncated: bool = False
    omitted: dict[str, int] = {}
    total: int
    paths: list[Path] | None = None
