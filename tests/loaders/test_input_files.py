"""What a load reads: regular files only (never a FIFO, socket or device, which would hang it),
a warning for everything else a folder holds, and one clear line when it cannot write."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ctgraph.api.viz import vis_data
from ctgraph.cli import app
from ctgraph.loaders.models import LoadError
from ctgraph.loaders.plan import GraphIndex, Planner
from ctgraph.loaders.read import read_path
from ctgraph.loaders.validate import validate_rows
from ctgraph.settings import Settings
from ctgraph.store.base import GraphStore
from tests.loaders.helpers import write_folder
from tests.neo4j_fixtures import point_cli_at

SOURCES = "id,name\nsource:s,S\n"


def _folder(tmp_path: Path) -> Path:
    files = {"sources.csv": SOURCES, "notes.txt": "hi", ".DS_Store": "x", "sources.csv.bak": "x"}
    folder = write_folder(tmp_path / "in", dict(files))
    (folder / "old").mkdir()
    os.mkfifo(folder / "pipe")
    return folder


def test_a_folder_warns_of_what_it_does_not_read(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    errors: list[LoadError] = []
    warnings: list[LoadError] = []
    rows = read_path(folder, errors, warnings)
    assert not errors and [r.data["id"] for r in rows] == ["source:s"]
    said = {Path(w.file).name: w.message for w in warnings}
    assert set(said) == {"notes.txt", "sources.csv.bak", "old", "pipe"}  # hidden files aside
    assert "named pipe (FIFO): not read" in said["pipe"]
    assert "is a folder" in said["old"] and "not a .csv" in said["notes.txt"]


def _read_soon(path: Path) -> list[LoadError]:
    errors: list[LoadError] = []
    reader = threading.Thread(target=read_path, args=(path, errors), daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), f"reading {path} hangs"
    return errors


def test_a_fifo_given_directly_is_refused_without_hanging(tmp_path: Path) -> None:
    for name in ("organizations.csv", "x.jsonl", "pipe"):
        os.mkfifo(tmp_path / name)
        [error] = _read_soon(tmp_path / name)
        assert error.file.endswith(name) and "named pipe (FIFO)" in error.message


def test_a_link_named_like_an_input_file_that_leads_nowhere_is_an_error(tmp_path: Path) -> None:
    """In a folder, what is named like an input file and cannot be read is an error, as a FIFO
    of that name is (a load never leaves out a file it was meant to read); what is not named
    so is a warning."""
    folder = write_folder(tmp_path / "in", {"sources.csv": SOURCES})
    (folder / "organizations.csv").symlink_to("organizations.csv")  # a loop
    (folder / "people.csv").symlink_to("gone/people.csv")
    (folder / "notes.txt").symlink_to("notes.txt")
    errors: list[LoadError] = []
    warnings: list[LoadError] = []
    read_path(folder, errors, warnings)
    said = {Path(e.file).name: e.message for e in errors}
    assert set(said) == {"organizations.csv", "people.csv"}, errors
    assert said["organizations.csv"] == "cannot read it: Too many levels of symbolic links"
    assert said["people.csv"] == "is a link to gone/people.csv, which does not exist: not read"
    assert [(Path(w.file).name, w.message) for w in warnings] == [
        ("notes.txt", "not read: Too many levels of symbolic links")
    ]


def test_a_device_is_refused_without_reading_it() -> None:
    for device in ("/dev/zero", "/dev/null"):
        [error] = _read_soon(Path(device))
        assert error.message == "is a character device, not a file: not read"


def test_an_unreadable_folder_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    [error] = _read_soon(tmp_path / "nothing-here")
    assert error.message == "no such file or folder"


def test_cycles_with_the_graph_are_named_in_order(tmp_path: Path) -> None:
    index = GraphIndex()
    for org in ("org:a", "org:b", "org:c"):
        index.add({"id": org, "labels": ["Entity", "Organization"], "keys": []})
    index.labels["source:s"] = "Source"
    index.add_part_of([("org:a", "org:b"), ("org:b", "org:c")])
    folder = write_folder(tmp_path / "in", {
        "part_of.csv": "organizationId,parentId,sourceIds\norg:c,org:a,source:s\n"})  # fmt: skip
    errors: list[LoadError] = []
    valid, _bad = validate_rows(read_path(folder, errors), errors)
    planner = Planner(index, errors, None)
    planner.add_entities(valid)
    planner.check_entity_refs()
    planner.add_relationships(valid)
    [error] = errors
    assert (error.line, error.field) == (2, "parentId")
    assert "cycle: org:c → org:a → org:b → org:c" in error.message
    assert not planner.plan.rels  # the link is not written, even with --skip-invalid


def test_names_that_could_reorder_text_are_isolated_in_views() -> None:
    names = {"org:a": "Acme", "org:b": "منظمة", "org:c": "abc\u202edef"}
    graph = {"nodes": [{"id": k, "labels": ["Organization"], "properties": {"name": v}}
                       for k, v in names.items()], "edges": []}  # fmt: skip
    nodes = {n["id"]: n for n in vis_data(graph)["nodes"]}
    assert nodes["org:a"]["label"] == "Acme" and nodes["org:a"]["title"] == "Organization: Acme"
    for key in ("org:b", "org:c"):
        assert nodes[key]["label"] == "\u2068" + names[key] + "\u2069"
        assert nodes[key]["title"].endswith("\u2068" + names[key] + "\u2069")


def test_the_cli_prints_the_warnings(
    store: GraphStore,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    point_cli_at(store, settings, monkeypatch, request)
    folder = _folder(tmp_path)
    res = CliRunner().invoke(app, ["load", str(folder), "--dry-run"])
    assert res.exit_code == 0, res.output
    assert "4 warning(s)" in res.output and "named pipe (FIFO)" in res.output
    res = CliRunner().invoke(app, ["load", str(folder), "--dry-run", "--json"])
    assert res.exit_code == 0, res.output
    assert '"warnings"' in res.output and "notes.txt" in res.output


def test_a_home_that_cannot_be_written_gives_the_documented_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ctgraph.settings import get_settings

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("CTGRAPH_HOME", str(blocked / "home"))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    get_settings.cache_clear()
    try:
        res = CliRunner().invoke(app, ["load", str(_folder(tmp_path)), "--dry-run"])
    finally:
        get_settings.cache_clear()
    assert res.exit_code == 1
    assert "cannot write to" in res.output and "choose a writable folder with CTGRAPH_HOME" in (
        res.output.replace("\n", " ")
    )
    assert "Traceback" not in res.output


def test_a_reject_file_that_cannot_be_written_is_said_before_loading(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "rejects.csv"
    res = CliRunner().invoke(
        app, ["load", str(_folder(tmp_path)), "--skip-invalid", "--reject-file", str(target)]
    )
    assert res.exit_code == 1 and "cannot write the reject file" in res.output


def test_json_items_that_are_not_records_are_named_with_their_lines(tmp_path: Path) -> None:
    # Strings, numbers and nulls among the records: each named by its place in the list and
    # its own line, and the records after them keep theirs.
    path = tmp_path / "organizations.json"
    path.write_text(
        '[\n  "a",\n  {"type": "organizations", "id": "org:x", "name": "X",\n'
        '   "aliases": ["p", "q"]},\n  7,\n  {"type": "organizations", "id": "org:y", '
        '"name": "Y"},\n  null\n]\n',
        encoding="utf-8",
    )
    errors: list[LoadError] = []
    rows = read_path(path, errors)
    assert [(r.line, r.data["id"]) for r in rows] == [(3, "org:x"), (6, "org:y")]
    assert [(e.line, e.message) for e in errors] == [
        (2, "record 1 of the list is a JSON string; a record must be a JSON object"),
        (5, "record 3 of the list is a JSON number; a record must be a JSON object"),
        (7, "record 5 of the list is a JSON null; a record must be a JSON object"),
    ]
