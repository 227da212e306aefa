"""Input records (one model per record type) and the load report."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from ctgraph.core.names import control_problem
from ctgraph.core.vocabulary import ENTITY_RECORDS, REL_RECORDS, RETRACTION_RECORD, RelType

# No text value may be longer than this many characters (a name, a title, a URL...).
MAX_FIELD_CHARS = 10_000
# Values starting with one of these are spreadsheet formulas, not names or titles.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _no_controls(value: str) -> str:
    problem = control_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _no_controls_but_lines(value: str) -> str:
    problem = control_problem(value, lines=True)
    if problem:
        raise ValueError(problem)
    return value


_TEXT = StringConstraints(
    strip_whitespace=True, min_length=1, max_length=MAX_FIELD_CHARS, pattern=r"^[^=+@\-]"
)
# Free text (a title, a position, a reason): tabs and line breaks allowed, other controls not.
Text = Annotated[str, _TEXT, AfterValidator(_no_controls_but_lines)]
# The whole text of a news item or report (a source's content): long, lines allowed.
LongText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000_000),
    AfterValidator(_no_controls_but_lines),
]
# A name or an alias: one line, no control character at all.
Name = Annotated[str, _TEXT, AfterValidator(_no_controls)]
Url = Annotated[
    str,
    StringConstraints(max_length=2000, pattern=r"^https?://\S+$"),
    AfterValidator(_no_controls),
]
# What an id looks like (the API's schemas say so too).
ID_FORM = r"^[A-Za-z0-9][\w:./-]*$"
Id = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200, pattern=ID_FORM)]


def _lower(value: str) -> str:
    return value.lower()


# ISO 3166-1 alpha-2 in either case (`UZ` is ISO's own form), stored in lower case.
Country = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z]{2}$"),
    AfterValidator(_lower),
]


def _split(value: Any) -> Any:
    """CSV cells hold lists as `a|b|c`; JSON holds real lists."""
    if isinstance(value, str):
        return [part.strip() for part in value.split("|") if part.strip()]
    return value


def _not_bool(value: Any) -> Any:
    """A JSON true/false is not a count (pydantic would take it as 1/0)."""
    if isinstance(value, bool):
        raise ValueError(f"is {str(value).lower()}, not a whole number")
    return value


def _json_list(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(f"is not a JSON list of {{name, startDate, endDate}}: {exc}") from exc
    return value


PartialDate = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
    AfterValidator(lambda v: check_date(v)),
]
NameList = Annotated[list[Name], BeforeValidator(_split)]
IdList = Annotated[list[Id], BeforeValidator(_split)]


def check_date(value: str) -> str:
    """A YYYY, YYYY-MM or YYYY-MM-DD date that exists on the calendar."""
    if not value.isascii():  # the pattern's \d takes any script's digits: `٢٠١٩`
        raise ValueError(f"{value[:20]!r} is not a date: YYYY-MM-DD, YYYY-MM or YYYY in digits 0-9")
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a date on the calendar ({exc})") from exc
    return value


def full_date(value: str) -> str:
    """A partial date as its first day: 2019 → 2019-01-01, 2019-11 → 2019-11-01."""
    return (value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10]


class Record(BaseModel):
    """Common to every input record: unknown fields are errors, sources are cited."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    sourceIds: IdList = Field(default_factory=list)


class EntityRecord(Record):
    id: Id | None = None
    name: Name
    aliases: NameList = Field(default_factory=list)


class SourceRecord(EntityRecord):
    publisher: Text | None = None
    publishedDate: PartialDate | None = None
    url: Url | None = None
    content: LongText | None = None


class OtherName(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name
    startDate: PartialDate | None = None
    endDate: PartialDate | None = None


def _values(record: str, prop: str) -> Any:
    """A vocabulary enum's values as the Literal its record model validates with (the
    vocabulary is the one list: `ctgraph.core.vocabulary`)."""
    node = ENTITY_RECORDS.get(record) or REL_RECORDS[record]
    return Literal[next(p.values for p in node.props if p.name == prop)]


if TYPE_CHECKING:  # the values are data: to the type checker each is text
    OrgKind: TypeAlias = str
    EventKind: TypeAlias = str
    Precision: TypeAlias = str
    OrganizerRole: TypeAlias = str
    ParticipantRole: TypeAlias = str
else:
    OrgKind = _values("organizations", "kind")
    EventKind = _values("events", "kind")
    Precision = _values("events", "datePrecision")
    OrganizerRole = _values("organized", "role")
    ParticipantRole = _values("participations", "role")


class OrganizationRecord(EntityRecord):
    kind: OrgKind = "other"
    country: Country | None = None
    parentId: Id | None = None
    website: Url | None = None
    wikidataId: Annotated[str, StringConstraints(pattern=r"^Q[0-9]+$")] | None = None
    otherNames: Annotated[list[OtherName], BeforeValidator(_json_list)] | None = None


class PersonRecord(EntityRecord):
    honorific: Text | None = None
    country: Country | None = None


_PRECISION_OF_LENGTH = {4: "year", 7: "month", 10: "day"}
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


class EventRecord(EntityRecord):
    kind: EventKind = "other"
    startDate: PartialDate | None = None
    endDate: PartialDate | None = None
    datePrecision: Precision | None = None
    monthDay: str | None = None
    city: Text | None = None
    country: Country | None = None
    venue: Text | None = None
    participantsCount: (
        Annotated[int, BeforeValidator(_not_bool), Field(ge=0, le=10_000_000)] | None
    ) = None
    occasion: Text | None = None

    @field_validator("monthDay")
    @classmethod
    def _month_day(cls, value: str | None) -> str | None:
        if value is None:
            return None
        m = _MONTH_DAY.match(value)
        if not m:
            raise ValueError(f"{value[:20]!r} is not MM-DD (e.g. 07-30)")
        check_date(f"2000-{value}")  # a leap year, so 02-29 is a day
        return value

    @model_validator(mode="after")
    def _precision(self) -> EventRecord:
        if self.startDate is None:
            if self.datePrecision == "unknown" and self.monthDay is None:
                return self  # the item names the event but not when it was held
            if self.datePrecision not in (None, "unknown-year") or self.monthDay is None:
                raise ValueError(
                    "startDate is required, unless datePrecision is unknown-year and "
                    "monthDay (MM-DD) gives the day of the year, or datePrecision is unknown "
                    "(the source does not say when)"
                )
            self.datePrecision = "unknown-year"
            return self
        implied = _PRECISION_OF_LENGTH[len(self.startDate)]
        if self.datePrecision is None:
            self.datePrecision = implied
        elif self.datePrecision != implied:
            raise ValueError(
                f"datePrecision {self.datePrecision!r} does not match startDate "
                f"{self.startDate!r} (which is {implied} precision)"
            )
        if self.endDate and full_date(self.endDate) < full_date(self.startDate):
            raise ValueError(f"endDate {self.endDate} is before startDate {self.startDate}")
        if self.monthDay is None and implied == "day":
            self.monthDay = self.startDate[5:]
        return self


class OrganizedRecord(Record):
    organizationId: Id
    eventId: Id
    role: OrganizerRole = "organizer"
    evidence: Text | None = None


class ParticipationRecord(Record):
    personId: Id
    eventId: Id
    role: ParticipantRole = "participant"
    talkTitle: Text | None = None
    evidence: Text | None = None


class AffiliationRecord(Record):
    personId: Id
    organizationId: Id
    position: Text
    startDate: PartialDate | None = None
    endDate: PartialDate | None = None
    evidence: Text | None = None


class PartOfRecord(Record):
    organizationId: Id
    parentId: Id


class CoOrganizationRecord(Record):
    organizationId: Id
    partnerId: Id
    eventIds: IdList = Field(default_factory=list)


# The start and end fields of each relationship record type, and the fields that tell two
# of its facts apart between one pair (an affiliation's position).
REL_ENDS: dict[str, tuple[str, str]] = {
    kind: (str(r.start_field), str(r.end_field)) for kind, r in REL_RECORDS.items()
}
REL_KEYS: dict[str, tuple[str, ...]] = {kind: r.key for kind, r in REL_RECORDS.items()}
_END_FIELDS = tuple(dict.fromkeys(f for ends in REL_ENDS.values() for f in ends))
_ID_FORM = re.compile(r"^[A-Za-z0-9][\w:./-]*$")
# A relationship named in a retraction: its record type (either number) or its type.
RELATIONSHIP_NAMES: dict[str, str] = {
    **{kind: kind for kind in REL_RECORDS},
    **{kind.removesuffix("s"): kind for kind in REL_RECORDS},
    **{r.type.value: kind for kind, r in REL_RECORDS.items()},
}


class RetractionRecord(Record):
    """Withdraws an entity (`id`) or one relationship (`relationship` and its ends, or its id
    `start|TYPE|end[|position]` in `id`), with a reason and the sources that say so."""

    id: (
        Annotated[
            str,
            StringConstraints(strip_whitespace=True, max_length=MAX_FIELD_CHARS),
            AfterValidator(_no_controls),
        ]
        | None
    ) = None
    relationship: (
        Annotated[
            str,
            StringConstraints(strip_whitespace=True, max_length=100),
            AfterValidator(_no_controls),
        ]
        | None
    ) = None
    organizationId: Id | None = None
    eventId: Id | None = None
    personId: Id | None = None
    partnerId: Id | None = None
    parentId: Id | None = None
    position: Text | None = None
    reason: Text

    @model_validator(mode="after")
    def _target(self) -> RetractionRecord:
        if self.id is not None and "|" in self.id:
            if self.relationship is not None:
                raise ValueError("relationship is given twice: in id and in relationship")
            self._from_edge_id(self.id)
            self.id = None
        if self.id is not None:
            if self.relationship is not None:
                raise ValueError("id names an entity: leave relationship empty, or id")
            if not _ID_FORM.match(self.id) or len(self.id) > 200:
                raise ValueError(f"id {self.id[:60]!r} is not an id: letters, digits and : . _ - /")
            extra = [f for f in (*_END_FIELDS, "position") if getattr(self, f) is not None]
            if extra:
                raise ValueError(f"{extra[0]} is not used when id names an entity")
            return self
        if self.relationship is None:
            raise ValueError(
                "id or relationship is required: the id of an entity, or a relationship type "
                "with its ends"
            )
        kind = RELATIONSHIP_NAMES.get(self.relationship)
        if kind is None:
            known = ", ".join(REL_RECORDS)
            raise ValueError(
                f"relationship {self.relationship[:40]!r} is not a relationship type; "
                f"one of {known}"
            )
        self.relationship = kind
        ends = REL_ENDS[kind]
        for name in ends:
            if getattr(self, name) is None:
                raise ValueError(f"{name} is required to retract {kind}")
        for name in _END_FIELDS:
            if name not in ends and getattr(self, name) is not None:
                raise ValueError(f"{name} is not an end of {kind} (its ends: {', '.join(ends)})")
        if REL_KEYS[kind] and self.position is None:
            raise ValueError(f"position is required to retract {kind}: it tells them apart")
        if not REL_KEYS[kind] and self.position is not None:
            raise ValueError(f"position is not used to retract {kind}")
        return self

    def _from_edge_id(self, value: str) -> None:
        parts = value.split("|", 3)
        if len(parts) < 3:
            raise ValueError(f"id {value[:60]!r} is not a relationship id: start|TYPE|end")
        start, rtype, end = (p.strip() for p in parts[:3])
        kind = RELATIONSHIP_NAMES.get(rtype)
        if kind is None or rtype != RelType(REL_RECORDS[kind].type).value:
            known = ", ".join(r.type.value for r in REL_RECORDS.values())
            raise ValueError(
                f"id names {rtype[:40]!r}, which is not a relationship type; one of {known}"
            )
        for end_id in (start, end):
            if not _ID_FORM.match(end_id):
                raise ValueError(
                    f"id names {end_id[:60]!r}, which is not an id: letters, digits and : . _ - /"
                )
        fa, fb = REL_ENDS[kind]
        self.relationship = kind
        setattr(self, fa, start)
        setattr(self, fb, end)
        if REL_KEYS[kind]:
            if len(parts) < 4 or not parts[3].strip():
                raise ValueError(
                    f"id of an {rtype} relationship ends with its position: "
                    f"start|{rtype}|end|position"
                )
            self.position = parts[3].strip()
        elif len(parts) > 3:
            raise ValueError(f"id of a {rtype} relationship is start|{rtype}|end")

    def ends(self) -> tuple[str, str]:
        """The relationship's start and end ids, as given."""
        fa, fb = REL_ENDS[str(self.relationship)]
        return str(getattr(self, fa)), str(getattr(self, fb))


RECORD_TYPES: dict[str, type[Record]] = {
    "sources": SourceRecord,
    "organizations": OrganizationRecord,
    "people": PersonRecord,
    "events": EventRecord,
    "organized": OrganizedRecord,
    "participations": ParticipationRecord,
    "affiliations": AffiliationRecord,
    "part_of": PartOfRecord,
    "co_organizations": CoOrganizationRecord,
}
# Every record type of the load format: the facts, and the retractions that withdraw them.
INPUT_TYPES: dict[str, type[Record]] = {**RECORD_TYPES, RETRACTION_RECORD: RetractionRecord}
# The "type" of a JSON record: the singular, or the file name of the CSV form.
JSON_TYPES = {
    "source": "sources",
    "organization": "organizations",
    "person": "people",
    "event": "events",
    "participation": "participations",
    "affiliation": "affiliations",
    "co_organization": "co_organizations",
    "retraction": RETRACTION_RECORD,
    **{t: t for t in INPUT_TYPES},
}
ENTITY_TYPES = {kind: n.label.value for kind, n in ENTITY_RECORDS.items()}
ID_PREFIX = {kind: n.id_prefix for kind, n in ENTITY_RECORDS.items()}


def required_columns(kind: str) -> list[str]:
    """The columns a CSV file of this record type must have."""
    model = INPUT_TYPES[kind]
    return [n for n, f in model.model_fields.items() if f.is_required()]


def known_columns(kind: str) -> list[str]:
    """Every column a CSV file of this record type may have."""
    return list(INPUT_TYPES[kind].model_fields)


# The cell (CSV) or value (JSON, besides `null`) that clears a stored field.
CLEAR = "~"
# Fields that can never be cleared, and why (required fields cannot be either).
_NOT_CLEARABLE = {
    "id": "an id cannot be cleared",
    "sourceIds": "sources cannot be cleared: retract the fact instead (retractions.csv)",
    "parentId": "parentId cannot be cleared: retract the part_of relationship, which clears it",
    "eventIds": "eventIds cannot be cleared: retract the co_organization instead",
}


def clear_problem(kind: str, name: str) -> str | None:
    """Why a record type's field cannot be cleared with `~` / null, or None when it can."""
    if kind == RETRACTION_RECORD:
        return "a retraction clears nothing: leave the cell empty"
    field_ = INPUT_TYPES[kind].model_fields.get(name)
    if field_ is None:
        return "unknown field"
    if name in _NOT_CLEARABLE:
        return _NOT_CLEARABLE[name]
    if field_.is_required():
        return f"{name} is required: it cannot be cleared"
    return None


# -- the report --------------------------------------------------------------------------------


class TypeCounts(BaseModel):
    """What a load did to one record type."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    matched: int = 0
    rejected: int = 0
    retracted: int = 0


class Match(BaseModel):
    """An input record resolved, by its normalized name, to a record with another id."""

    file: str
    line: int
    type: str
    inputId: str
    inputName: str
    matchedId: str
    matchedName: str


class LikelyDuplicate(BaseModel):
    """A record the graph holds that may be the same as a new one (not joined: review it)."""

    id: str
    name: str
    score: float
    why: str


class NewRecordCandidates(BaseModel):
    """A record this load created, and its strongest candidates among the others."""

    id: str
    type: str
    name: str
    candidates: list[LikelyDuplicate]


class LoadError(BaseModel):
    """One thing wrong with the input: where, which field, and what."""

    file: str
    line: int | None = None
    field: str | None = None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return f"{where}: {self.field + ': ' if self.field else ''}{self.message}"


class LoadReport(BaseModel):
    """What a load did (or, with dry_run, would do)."""

    ok: bool = True
    dry_run: bool = False
    records: int = 0
    counts: dict[str, TypeCounts] = Field(default_factory=dict)
    matches: list[Match] = Field(default_factory=list)
    retracted: list[str] = Field(
        default_factory=list, description="what the load's retractions withdrew (ids)"
    )
    errors: list[LoadError] = Field(default_factory=list)
    error_count: int = 0
    warnings: list[LoadError] = Field(
        default_factory=list,
        description="what was not read and why (a folder's other files, subfolders, pipes)",
    )
    reject_file: str | None = None
    keptApart: list[Match] = Field(
        default_factory=list,
        description="name matches not made: a judgement says the two records are different",
    )
    candidates: list[NewRecordCandidates] = Field(
        default_factory=list,
        description="new records with likely duplicates among the others (not joined)",
    )
    candidatesNote: str | None = None
    seconds: float = 0.0
    # What the candidates step reads after the commit (not part of the report).
    _created: list[str] = PrivateAttr(default_factory=list)
    _judged: Any = PrivateAttr(default=None)


class LoadOptions(BaseModel):
    """How to load: dry run, skipping invalid rows, a default source, batch size."""

    dry_run: bool = False
    skip_invalid: bool = False
    source: str | None = None
    batch_size: int = Field(default=5000, ge=1)
    reject_file: Path | None = None
    max_errors: int = Field(default=200, ge=1, description="errors kept in the report")
    candidates: bool = Field(
        default=True, description="list likely duplicates of the new records in the report"
    )
    candidates_max: int = Field(
        default=20_000, ge=0, description="above this many new records, candidates are left out"
    )
    origin: str | None = Field(
        default=None,
        description="where the files came from, for the history: `upload` names each file "
        "`upload:<name>`; else the history holds its file name (never a server path)",
    )


class LoadFailed(Exception):
    """The input has errors and nothing was written; `report.errors` says what and where."""

    def __init__(self, report: LoadReport) -> None:
        first = "; ".join(str(e) for e in report.errors[:3])
        super().__init__(f"{report.error_count} error(s) in the input, nothing written: {first}")
        self.report = report
