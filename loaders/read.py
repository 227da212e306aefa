"""Reading input files: a folder of CSV files (one per record type) and JSON / JSONL files."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctgraph.loaders.models import (
    CLEAR,
    INPUT_TYPES,
    JSON_TYPES,
    MAX_FIELD_CHARS,
    LoadError,
    known_columns,
    required_columns,
)

# The csv module refuses fields longer than this; the models refuse far shorter text fields,
# naming the column, so this only stops absurd input before it fills memory.
CSV_FIELD_LIMIT = 4 * 1024 * 1024
csv.field_size_limit(CSV_FIELD_LIMIT)
SUFFIXES = (".csv", ".json", ".jsonl")


@dataclass(slots=True)
class Row:
    """One input record before validation: where it came from and its raw fields."""

    file: str
    line: int
    type: str
    data: dict[str, Any]
    # Fields the record clears: `~` in a CSV cell or a JSON value (True: said explicitly), or a
    # JSON null (False: also read as "no value" where a field cannot be cleared).
    clear: dict[str, bool] | None = None
    broken: bool = False  # unreadable as a record (wrong number of cells): never valid


def _text(path: Path, errors: list[LoadError]) -> str | None:
    """The file's text as UTF-8 (a leading BOM is accepted), or None with an error."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        errors.append(LoadError(file=str(path), message=f"cannot read the file: {exc.strerror}"))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        errors.append(
            LoadError(
                file=str(path),
                line=line,
                message=f"is not UTF-8: byte 0x{raw[exc.start]:02x} at column {column}; "
                "save the file as UTF-8",
            )
        )
        return None


def read_csv(path: Path, kind: str, errors: list[LoadError]) -> list[Row]:
    """The records of a CSV file whose name is its record type."""
    name = str(path)
    text = _text(path, errors)
    if text is None:
        return []
    if not text.strip():
        cols = ",".join(known_columns(kind))
        errors.append(
            LoadError(
                file=name,
                line=1,
                message=f"the file is empty: expected a header row such as {cols}",
            )
        )
        return []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        errors.append(LoadError(file=name, line=1, message=f"unreadable header: {exc}"))
        return []
    ok = True
    known = set(known_columns(kind))
    for col in header:
        if col not in known:
            ok = False
            hint = ", ".join(known_columns(kind))
            errors.append(
                LoadError(
                    file=name,
                    line=1,
                    field=col or "(empty)",
                    message=f"unknown column; {kind}.csv has: {hint}",
                )
            )
    for col in required_columns(kind):
        if col not in header:
            ok = False
            errors.append(
                LoadError(file=name, line=1, field=col, message="required column is missing")
            )
    seen: set[str] = set()
    for col in header:
        if col in seen:
            ok = False
            errors.append(LoadError(file=name, line=1, field=col, message="column appears twice"))
        seen.add(col)
    if not ok:
        return []
    rows: list[Row] = []
    width = len(header)
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            msg = str(exc)
            if "field larger than field limit" in msg:
                msg = f"a field is longer than {CSV_FIELD_LIMIT:,} bytes"
            errors.append(LoadError(file=name, line=reader.line_num, message=msg))
            break
        line, start = start, reader.line_num + 1
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        if len(cells) != width:
            errors.append(
                LoadError(
                    file=name, line=line, message=f"has {len(cells)} cells; the header has {width}"
                )
            )
            # Kept, never valid: the rows that refer to it are told where it is.
            partial = {h: c for h, c in zip(header, cells, strict=False) if c != ""}
            rows.append(Row(name, line, kind, partial, broken=True))
            continue
        data = {h: c for h, c in zip(header, cells, strict=True) if c != ""}
        clear = None
        if any(CLEAR in c for c in cells):
            clear = {h: True for h, c in data.items() if c.strip() == CLEAR}
            if clear:
                data = {h: c for h, c in data.items() if h not in clear}
            else:
                clear = None
        rows.append(Row(name, line, kind, data, clear))
    return rows


def _typed(name: str, line: int, obj: Any, errors: list[LoadError]) -> Row | None:
    if not isinstance(obj, dict):
        errors.append(LoadError(file=name, line=line, message="a record must be a JSON object"))
        return None
    # An empty string is a missing value, as an empty CSV cell is; null and "~" clear a field.
    data = {k: v for k, v in obj.items() if not (isinstance(v, str) and not v.strip())}
    kind = data.pop("type", None)
    clear = {
        k: v is not None
        for k, v in data.items()
        if v is None or (isinstance(v, str) and v.strip() == CLEAR)
    }
    if clear:
        data = {k: v for k, v in data.items() if k not in clear}
    if kind not in JSON_TYPES:
        known = ", ".join(sorted(k for k in JSON_TYPES if k not in INPUT_TYPES))
        errors.append(
            LoadError(
                file=name,
                line=line,
                field="type",
                message=f"unknown record type {str(kind)[:40]!r}; one of: {known}",
            )
        )
        return None
    return Row(name, line, JSON_TYPES[str(kind)], data, clear or None)


def read_jsonl(path: Path, errors: list[LoadError]) -> list[Row]:
    """One typed record per line."""
    text = _text(path, errors)
    if text is None:
        return []
    rows: list[Row] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(
                LoadError(
                    file=str(path),
                    line=number,
                    message=f"invalid JSON: {exc.msg} at column {exc.colno}",
                )
            )
            continue
        row = _typed(str(path), number, obj, errors)
        if row:
            rows.append(row)
    if not rows and not any(e.file == str(path) for e in errors):
        errors.append(LoadError(file=str(path), line=1, message="the file is empty: no records"))
    return rows


def read_json(path: Path, errors: list[LoadError]) -> list[Row]:
    """A list of typed records, or {"records": [...]}; line numbers point at each record."""
    text = _text(path, errors)
    if text is None:
        return []
    if not text.strip():
        errors.append(LoadError(file=str(path), line=1, message="the file is empty: no records"))
        return []
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        errors.append(
            LoadError(
                file=str(path),
                line=exc.lineno,
                message=f"invalid JSON: {exc.msg} at column {exc.colno}",
            )
        )
        return []
    depth = 2 if isinstance(doc, list) else 3
    if isinstance(doc, dict) and "type" in doc:
        doc, depth = [doc], 1  # one record on its own
    items = doc.get("records") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        errors.append(
            LoadError(
                file=str(path), line=1, message='expected a list of records or {"records": [...]}'
            )
        )
        return []
    lines = _record_lines(text, len(items), depth)
    rows: list[Row] = []
    for i, obj in enumerate(items):
        row = _typed(str(path), lines[i], obj, errors)
        if row:
            rows.append(row)
    return rows


def _record_lines(text: str, count: int, depth_of_record: int) -> list[int]:
    """The line where each top-level record of a JSON list starts (by scanning brackets)."""
    lines: list[int] = []
    depth = 0
    line = 1
    in_str = escape = False
    for ch in text:
        if ch == "\n":
            line += 1
        elif in_str:
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth == depth_of_record:
                lines.append(line)
        elif ch in "]}":
            depth -= 1
    return (lines + [0] * count)[:count]


def read_path(path: Path, errors: list[LoadError]) -> list[Row]:
    """The records of a file or of every input file in a folder (sorted by name)."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
        if not files:
            errors.append(
                LoadError(file=str(path), message="no .csv, .json or .jsonl files in this folder")
            )
        rows: list[Row] = []
        for file in files:
            rows.extend(read_path(file, errors))
        return rows
    if not path.exists():
        errors.append(LoadError(file=str(path), message="no such file or folder"))
        return []
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if path.stem not in INPUT_TYPES:
            known = ", ".join(f"{t}.csv" for t in INPUT_TYPES)
            errors.append(
                LoadError(
                    file=str(path),
                    field="type",
                    message=f"unknown record type "
                    f"{path.stem!r}: a CSV file is named for its type, one of {known}",
                )
            )
            return []
        return read_csv(path, path.stem, errors)
    if suffix == ".jsonl":
        return read_jsonl(path, errors)
    if suffix == ".json":
        return read_json(path, errors)
    errors.append(LoadError(file=str(path), message="not a .csv, .json or .jsonl file"))
    return []


__all__ = ["MAX_FIELD_CHARS", "Row", "read_path"]
