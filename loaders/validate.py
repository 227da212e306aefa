"""Validating rows with the record models; every error names file, line, field and what."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from ctgraph.core.names import slug
from ctgraph.loaders.models import (
    ID_PREFIX,
    INPUT_TYPES,
    MAX_FIELD_CHARS,
    LoadError,
    Record,
    clear_problem,
)
from ctgraph.loaders.read import Row


@dataclass(slots=True)
class Valid:
    """A validated record and where it came from."""

    file: str
    line: int
    type: str
    record: Any  # the record model of its type
    raw: dict[str, Any]
    clear: frozenset[str] = frozenset()  # the fields it clears (`~`, null)


def _message(err: ErrorDetails) -> str:
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "string_too_long":
        size = len(value) if isinstance(value, str) else "?"
        limit = ctx.get("max_length", MAX_FIELD_CHARS)
        return f"is {size:,} characters long; the limit is {limit:,}"
    if kind == "string_unicode":
        return "is not text: it holds a lone surrogate (half of a \\uXXXX pair)"
    if kind == "string_pattern_mismatch":
        text = str(value).strip()
        pattern = str(ctx.get("pattern", ""))
        if "A-Za-z0-9" in pattern:
            return f"{text[:60]!r} is not an id: letters, digits and : . _ - / only"
        if text[:1] in "=+-@":
            return f"starts with {text[:1]!r}: spreadsheet formulas are not accepted as text"
        if "a-z]{2}" in pattern:
            return f"{text[:60]!r} is not a two-letter ISO 3166-1 country code (e.g. uz or UZ)"
        if r"\d{4}" in pattern:
            return f"{text[:60]!r} is not a date: YYYY-MM-DD, YYYY-MM or YYYY"
        if "https?" in pattern:
            return f"{text[:60]!r} is not an http(s) URL"
        return f"{text[:60]!r} does not have the expected form"
    if kind == "string_too_short":
        return "is empty"
    msg = err["msg"].removeprefix("Value error, ")
    if isinstance(value, str | int | float) and kind not in ("value_error",):
        return f"{msg} (got {str(value)[:60]!r})"
    return msg


def _field(err: ErrorDetails) -> str:
    loc = [str(p) for p in err["loc"] if not isinstance(p, int)]
    if not loc:
        # A check across fields: its message starts with the field it is about.
        first = err["msg"].removeprefix("Value error, ").split(" ", 1)[0]
        return first if first.isidentifier() else "(record)"
    return ".".join(loc)


_ADAPTERS: dict[str, TypeAdapter[list[Record]]] = {}


def _adapter(kind: str) -> TypeAdapter[list[Record]]:
    if kind not in _ADAPTERS:
        _ADAPTERS[kind] = TypeAdapter(list[INPUT_TYPES[kind]])  # type: ignore[valid-type]
    return _ADAPTERS[kind]


def _clears(row: Row, errors: list[LoadError]) -> frozenset[str] | None:
    """The fields a row clears, or None (with errors) when it clears one that cannot be. A JSON
    null on a field that cannot be cleared is read as no value, as it always was."""
    clear = row.clear or {}
    fields: set[str] = set()
    ok = True
    for name, explicit in clear.items():
        problem = clear_problem(row.type, name)
        if problem is None:
            fields.add(name)
        elif explicit or problem == "unknown field":
            ok = False
            errors.append(LoadError(file=row.file, line=row.line, field=name, message=problem))
    return frozenset(fields) if ok else None


def validate_rows(rows: list[Row], errors: list[LoadError]) -> tuple[list[Valid], set[int]]:
    """Validated records (in input order) and the positions of rows that failed."""
    by_type: dict[str, list[int]] = defaultdict(list)
    bad: set[int] = set()
    clears: dict[int, frozenset[str]] = {}
    for i, row in enumerate(rows):
        if row.broken:
            bad.add(i)
            continue
        if row.clear:
            found = _clears(row, errors)
            if found is None:
                bad.add(i)
                continue
            clears[i] = found
        by_type[row.type].append(i)
    valid: dict[int, Valid] = {}
    for kind, positions in by_type.items():
        data = [rows[i].data for i in positions]
        try:
            records = _adapter(kind).validate_python(data)
        except ValidationError as exc:
            failed: set[int] = set()
            for err in exc.errors(include_url=False):
                index = positions[int(err["loc"][0])]
                row = rows[index]
                inner = ErrorDetails(**{**err, "loc": err["loc"][1:]})
                errors.append(
                    LoadError(
                        file=row.file, line=row.line, field=_field(inner), message=_message(inner)
                    )
                )
                failed.add(index)
            bad |= failed
            model = INPUT_TYPES[kind]
            records = []
            positions = [i for i in positions if i not in failed]
            for i in positions:
                records.append(model.model_validate(rows[i].data))
        for i, record in zip(positions, records, strict=True):
            row = rows[i]
            valid[i] = Valid(row.file, row.line, kind, record, row.data, clears.get(i, frozenset()))
    return [valid[i] for i in sorted(valid)], bad


def invalid_ids(rows: list[Row], bad: set[int]) -> dict[str, str]:
    """The ids of the entity records that are invalid, with where they are (`file:line`): what
    the records that refer to them are told."""
    found: dict[str, str] = {}
    for i in sorted(bad):
        row = rows[i]
        if row.type not in ID_PREFIX:
            continue
        given = row.data.get("id")
        name = row.data.get("name")
        if isinstance(given, str) and given.strip():
            key = given.strip()
        elif isinstance(name, str) and name.strip():
            key = f"{ID_PREFIX[row.type]}:{slug(name.strip())}"
        else:
            continue
        found.setdefault(key, f"{row.file}:{row.line}")
    return found
