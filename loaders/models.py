"""Input records (one model per record type) and the load report."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from ctgraph.core.vocabulary import ENTITY_RECORDS

# No text value may be longer than this many characters (a name, a title, a URL...).
MAX_FIELD_CHARS = 10_000
# Values starting with one of these are spreadsheet formulas, not names or titles.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Text = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=MAX_FIELD_CHARS, pattern=r"^[^=+@\-]"
    ),
]
Id = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=200, pattern=r"^[A-Za-z0-9][\w:./-]*$"),
]
Country = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[a-z]{2}$")
]


def _split(value: Any) -> Any:
    """CSV cells hold lists as `a|b|c`; JSON holds real lists."""
    if isinstance(value, str):
        return [part.strip() for part in value.split("|") if part.strip()]
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
TextList = Annotated[list[Text], BeforeValidator(_split)]
IdList = Annotated[list[Id], BeforeValidator(_split)]


def check_date(value: str) -> str:
    """A YYYY, YYYY-MM or YYYY-MM-DD date that exists on the calendar."""
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
    name: Text
    aliases: TextList = Field(default_factory=list)


class SourceRecord(EntityRecord):
    publisher: Text | None = None
    publishedDate: PartialDate | None = None
    url: Annotated[str, StringConstraints(max_length=2000, pattern=r"^https?://\S+$")] | None = None


class OtherName(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text
    startDate: PartialDate | None = None
    endDate: PartialDate | None = None


OrgKind = Literal[
    "government",
    "parliament",
    "igo",
    "ngo",
    "academia",
    "diplomatic",
    "donor",
    "law-enforcement",
    "other",
]


class OrganizationRecord(EntityRecord):
    kind: OrgKind = "other"
    country: Country | None = None
    parentId: Id | None = None
    website: (
        Annotated[str, StringConstraints(max_length=2000, pattern=r"^https?://\S+$")] | None
    ) = None
    wikidataId: Annotated[str, StringConstraints(pattern=r"^Q\d+$")] | None = None
    otherNames: Annotated[list[OtherName], BeforeValidator(_json_list)] | None = None


class PersonRecord(EntityRecord):
    honorific: Text | None = None
    country: Country | None = None


EventKind = Literal["conference", "roundtable", "workshop", "training", "meeting", "other"]
Precision = Literal["day", "month", "year", "unknown-year"]
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
    participantsCount: Annotated[int, Field(ge=0, le=10_000_000)] | None = None
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
            if self.datePrecision not in (None, "unknown-year") or self.monthDay is None:
                raise ValueError(
                    "startDate is required, unless datePrecision is unknown-year and "
                    "monthDay (MM-DD) gives the day of the year"
                )
            self.datePrecision = "unknown-year"
            return self
        implied = _PRECISION_OF_LENGTH[len(self.startDate)]
        if self.datePrecision is None:
            self.datePrecision = implied  # type: ignore[assignment]
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
    role: Literal["organizer", "co-organizer", "host", "supporter"] = "organizer"


class ParticipationRecord(Record):
    personId: Id
    eventId: Id
    role: Literal["speaker", "participant", "moderator"] = "participant"
    talkTitle: Text | None = None


class AffiliationRecord(Record):
    personId: Id
    organizationId: Id
    position: Text
    startDate: PartialDate | None = None
    endDate: PartialDate | None = None


class PartOfRecord(Record):
    organizationId: Id
    parentId: Id


class CoOrganizationRecord(Record):
    organizationId: Id
    partnerId: Id
    eventIds: IdList = Field(default_factory=list)


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
# The "type" of a JSON record: the singular, or the file name of the CSV form.
JSON_TYPES = {
    "source": "sources",
    "organization": "organizations",
    "person": "people",
    "event": "events",
    "participation": "participations",
    "affiliation": "affiliations",
    "co_organization": "co_organizations",
    **{t: t for t in RECORD_TYPES},
}
ENTITY_TYPES = {kind: n.label.value for kind, n in ENTITY_RECORDS.items()}
ID_PREFIX = {kind: n.id_prefix for kind, n in ENTITY_RECORDS.items()}


def required_columns(kind: str) -> list[str]:
    """The columns a CSV file of this record type must have."""
    model = RECORD_TYPES[kind]
    return [n for n, f in model.model_fields.items() if f.is_required()]


def known_columns(kind: str) -> list[str]:
    """Every column a CSV file of this record type may have."""
    return list(RECORD_TYPES[kind].model_fields)


# -- the report --------------------------------------------------------------------------------


class TypeCounts(BaseModel):
    """What a load did to one record type."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    matched: int = 0
    rejected: int = 0


class Match(BaseModel):
    """An input record resolved, by its normalized name, to a record with another id."""

    file: str
    line: int
    type: str
    inputId: str
    inputName: str
    matchedId: str
    matchedName: str


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
    errors: list[LoadError] = Field(default_factory=list)
    error_count: int = 0
    reject_file: str | None = None
    seconds: float = 0.0


class LoadOptions(BaseModel):
    """How to load: dry run, skipping invalid rows, a default source, batch size."""

    dry_run: bool = False
    skip_invalid: bool = False
    source: str | None = None
    batch_size: int = Field(default=5000, ge=1)
    reject_file: Path | None = None
    max_errors: int = Field(default=200, ge=1, description="errors kept in the report")


class LoadFailed(Exception):
    """The input has errors and nothing was written; `report.errors` says what and where."""

    def __init__(self, report: LoadReport) -> None:
        first = "; ".join(str(e) for e in report.errors[:3])
        super().__init__(f"{report.error_count} error(s) in the input, nothing written: {first}")
        self.report = report
