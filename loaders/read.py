"""Reading input files: a folder of CSV files (one per record type) and JSON / JSONL files."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections.abc import Iterator
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
# How deep a JSON value of a record may nest: a record holds lists of objects at most
# (otherNames), and anything far deeper is an attack or a mistake, not data.
MAX_JSON_DEPTH = 20


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


_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def special_kind(mode: int) -> str | None:
    """What a file that is neither a regular file nor a folder is (a FIFO...), or None."""
    return next((what for test, what in _SPECIAL if test(mode)), None)


def _read_bytes(path: Path) -> bytes:
    """A regular file's bytes. Opened without blocking and checked once open, so a named pipe
    or a device put in its place is refused instead of hanging the load."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as fh:
        what = special_kind(os.fstat(fd).st_mode)
        if what is not None:
            raise _NotAFile(what)
        return fh.read()


class _NotAFile(Exception):
    """The path is a FIFO, socket or device, not a file."""


def _text(path: Path, errors: list[LoadError]) -> str | None:
    """The file's text as UTF-8 (a leading BOM is accepted), or None with an error."""
    try:
        raw = _read_bytes(path)
    except _NotAFile as exc:
        errors.append(LoadError(file=str(path), message=f"is {exc}, not a file: not read"))
        return None
    except IsADirectoryError:
        errors.append(LoadError(file=str(path), message="is a folder, not a file"))
        return None
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


def _depth(value: Any, limit: int) -> int:
    """How deep a JSON value nests (lists and objects), counted up to `limit` + 1 at most."""
    if limit < 0 or not isinstance(value, list | dict):
        return 0
    items = value.values() if isinstance(value, dict) else value
    return 1 + max((_depth(v, limit - 1) for v in items), default=0)


def _typed(
    name: str, line: int, obj: Any, errors: list[LoadError], index: int | None = None
) -> Row | None:
    if not isinstance(obj, dict):
        which = f"record {index + 1} of the list" if index is not None else "the record"
        what = "string" if isinstance(obj, str) else "null" if obj is None else _json_kind(obj)
        errors.append(
            LoadError(
                file=name,
                line=line,
                message=f"{which} is a JSON {what}; a record must be a JSON object",
            )
        )
        return None
    kind = obj.get("type")
    if kind is not None and not isinstance(kind, str):
        known = ", ".join(sorted(k for k in JSON_TYPES if k not in INPUT_TYPES))
        errors.append(
            LoadError(
                file=name,
                line=line,
                field="type",
                message=f"the record type must be a string, not a JSON {_json_kind(kind)}; "
                f"one of: {known}",
            )
        )
        return None
    for key, value in obj.items():
        if _depth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
            errors.append(
                LoadError(
                    file=name,
                    line=line,
                    field=key,
                    message=f"is nested more than {MAX_JSON_DEPTH} levels deep: "
                    "a field holds a value or a list of values",
                )
            )
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


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "list"
    return "object" if isinstance(value, dict) else type(value).__name__


def _too_deep(path: Path, line: int, errors: list[LoadError]) -> None:
    errors.append(
        LoadError(
            file=str(path),
            line=line,
            message=f"invalid JSON: nested too deeply (a record nests at most "
            f"{MAX_JSON_DEPTH} levels)",
        )
    )


def _opening_brackets(text: str) -> Iterator[tuple[int, int]]:
    """The line and the depth of each `[` or `{` of a JSON text (outside strings)."""
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
            yield line, depth
        elif ch in "]}":
            depth -= 1


def _deep_line(text: str, limit: int) -> int:
    """The line where brackets first nest deeper than `limit`, or 1."""
    return next((line for line, depth in _opening_brackets(text) if depth > limit), 1)


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
        except RecursionError:
            _too_deep(path, number, errors)
            continue
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
    except RecursionError:
        _too_deep(path, _deep_line(text, MAX_JSON_DEPTH + 2), errors)
        return []
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
        row = _typed(str(path), lines[i], obj, errors, None if depth == 1 else i)
        if row:
            rows.append(row)
    return rows


def _record_lines(text: str, count: int, depth_of_record: int) -> list[int]:
    """The line where each record starts: each item of the list of records, whatever it is
    (an object, or a string or number that is not a record), or the one record's `{`."""
    if depth_of_record == 1:
        lines = [line for line, depth in _opening_brackets(text) if depth == 1]
    else:
        lines = [line for line, depth in _list_items(text) if depth == depth_of_record]
    return (lines + [0] * count)[:count]


def _list_items(text: str) -> Iterator[tuple[int, int]]:
    """The line and the depth of the start of each item of every JSON list (outside strings):
    an item's depth is its list's depth plus one."""
    stack: list[str] = []
    line = 1
    item = False  # the next value starts an item of the innermost list
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch.isspace():
            pass
        elif ch in ",:":
            item = ch == "," and bool(stack) and stack[-1] == "["
        elif ch in "]}":
            if stack:
                stack.pop()
            item = False
        else:
            if item:
                yield line, len(stack) + 1
                item = False
            if ch in "[{":
                stack.append(ch)
                item = ch == "["
            elif ch == '"':
                i += 1
                while i < n and text[i] != '"':
                    if text[i] == "\\":
                        i += 1
                    elif text[i] == "\n":
                        line += 1
                    i += 1
        i += 1


def scan_folder(folder: Path) -> tuple[list[Path], list[LoadError]]:
    """The input files of a folder (sorted by name), and a warning for each other thing in it
    that is not read: another kind of file, a subfolder, a FIFO, socket or device (never
    opened). Hidden files (`.name`) are passed over without a word, as `ls` does."""
    files: list[Path] = []
    warnings: list[LoadError] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        try:
            mode = entry.stat().st_mode
        except OSError as exc:
            if entry.suffix.lower() in SUFFIXES:
                # Named like an input file (a link that loops or leads nowhere): an error when it
                # is read, as a FIFO of that name is, never a file silently left out.
                files.append(entry)
            else:
                warnings.append(LoadError(file=str(entry), message=f"not read: {exc.strerror}"))
            continue
        special = special_kind(mode)
        if stat.S_ISDIR(mode):
            what = "is a folder: not read (a load reads the files of a folder, not its folders)"
        elif entry.suffix.lower() not in SUFFIXES:
            kind = special or "not a .csv, .json or .jsonl file"
            what = f"is {kind}: not read" if special else f"{kind}: not read"
        else:
            files.append(entry)  # a FIFO or device named like a record file: refused on open
            continue
        warnings.append(LoadError(file=str(entry), message=what))
    return files, warnings


def read_path(
    path: Path, errors: list[LoadError], warnings: list[LoadError] | None = None
) -> list[Row]:
    """The records of a file or of every input file in a folder (sorted by name). What a folder
    holds besides input files goes to `warnings` (see `scan_folder`)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            message = f"is a link to {os.readlink(path)}, which does not exist: not read"
        else:
            message = "no such file or folder"
        errors.append(LoadError(file=str(path), message=message))
        return []
    except OSError as exc:
        errors.append(LoadError(file=str(path), message=f"cannot read it: {exc.strerror}"))
        return []
    if stat.S_ISDIR(mode):
        try:
            files, found = scan_folder(path)
        except OSError as exc:
            errors.append(
                LoadError(file=str(path), message=f"cannot read the folder: {exc.strerror}")
            )
            return []
        if warnings is not None:
            warnings.extend(found)
        if not files:
            errors.append(
                LoadError(file=str(path), message="no .csv, .json or .jsonl files in this folder")
            )
        rows: list[Row] = []
        for file in files:
            rows.extend(read_path(file, errors, warnings))
        return rows
    special = special_kind(mode)
    if special is not None:
        errors.append(LoadError(file=str(path), message=f"is {special}, not a file: not read"))
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


__all__ = ["MAX_FIELD_CHARS", "Row", "read_path", "scan_folder"]
