# ruff: noqa: E501
"""A corpus of bad inputs: each gives a clear error naming file, line and field, and leaves the
graph exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctgraph.loaders import LoadFailed, LoadOptions, load_paths
from ctgraph.store.falkordb import FalkorStore
from tests.loaders.helpers import dump, write_folder

S = "source:osce-2019-11-26"
ORG = "id,name,kind,sourceIds\n"
EV = "id,name,kind,startDate,datePrecision,monthDay,participantsCount,sourceIds\n"
PART = "personId,eventId,role,talkTitle,sourceIds\n"
RT = "event:2019-11-26-tashkent-roundtable"

# name: (files, (file, line, field, words in the message))
CASES: dict[str, tuple[dict[str, str | bytes], tuple[str, int | None, str | None, str]]] = {
    "missing column": ({"organizations.csv": "id,kind\norg:x,igo\n"},
                       ("organizations.csv", 1, "name", "required column is missing")),
    "unknown column": ({"organizations.csv": "id,name,colour,sourceIds\norg:x,X,red,"+S+"\n"},
                       ("organizations.csv", 1, "colour", "unknown column")),
    "duplicate column": ({"organizations.csv": "id,name,name,sourceIds\norg:x,X,Y,"+S+"\n"},
                         ("organizations.csv", 1, "name", "appears twice")),
    "wrong type int": ({"events.csv": EV + f"event:x,X,meeting,2020-01-02,,,many,{S}\n"},
                       ("events.csv", 2, "participantsCount", "integer")),
    "negative count": ({"events.csv": EV + f"event:x,X,meeting,2020-01-02,,,-3,{S}\n"},
                       ("events.csv", 2, "participantsCount", "greater than or equal to 0")),
    "impossible date": ({"events.csv": EV + f"event:x,X,meeting,2019-02-30,,,,{S}\n"},
                        ("events.csv", 2, "startDate", "not a date on the calendar")),
    "date in another form": ({"events.csv": EV + f"event:x,X,meeting,26/11/2019,,,,{S}\n"},
                             ("events.csv", 2, "startDate", "is not a date")),
    "impossible month-day": ({"events.csv": EV + f"event:x,X,meeting,,unknown-year,02-30,,{S}\n"},
                             ("events.csv", 2, "monthDay", "not a date on the calendar")),
    "precision mismatch": ({"events.csv": EV + f"event:x,X,meeting,2019,day,,,{S}\n"},
                           ("events.csv", 2, "datePrecision", "does not match")),
    "no date at all": ({"events.csv": EV + f"event:x,X,meeting,,,,,{S}\n"},
                       ("events.csv", 2, "startDate", "is required")),
    "end before start": ({"events.csv": "id,name,startDate,endDate,sourceIds\n"
                          f"event:x,X,2020-05-02,2020-05-01,{S}\n"},
                         ("events.csv", 2, "endDate", "before startDate")),
    "unknown kind": ({"organizations.csv": ORG + f"org:x,X,company,{S}\n"},
                     ("organizations.csv", 2, "kind", "'government'")),
    "bad country": ({"organizations.csv": "id,name,country,sourceIds\n"
                     f"org:x,X,Uzbekistan,{S}\n"},
                    ("organizations.csv", 2, "country", "ISO 3166-1")),
    "bad id": ({"organizations.csv": ORG + f"org x,X,igo,{S}\n"},
               ("organizations.csv", 2, "id", "is not an id")),
    "bad url": ({"sources.csv": "id,name,url\nsource:x,X,javascript:alert(1)\n"},
                ("sources.csv", 2, "url", "not an http(s) URL")),
    "duplicate id in a file": ({"organizations.csv": ORG + f"org:d,D,igo,{S}\norg:d,E,igo,{S}\n"},
                               ("organizations.csv", 3, "id", "duplicate id")),
    "id already of another type": ({"organizations.csv": ORG + f"person:kevin-hyland,K,igo,{S}\n"},
                                   ("organizations.csv", 2, "id", "already a Person")),
    "dangling reference": ({"organized.csv": f"organizationId,eventId,sourceIds\norg:nope,{RT},{S}\n"},
                           ("organized.csv", 2, "organizationId", "is not defined")),
    "reference of the wrong type": ({"organized.csv": "organizationId,eventId,sourceIds\n"
                                     f"person:kevin-hyland,{RT},{S}\n"},
                                    ("organized.csv", 2, "organizationId", "is a Person")),
    "dangling source": ({"organizations.csv": ORG + "org:x,X,igo,source:nope\n"},
                        ("organizations.csv", 2, "sourceIds", "is not defined")),
    "no source": ({"organizations.csv": ORG + "org:x,X,igo,\n"},
                  ("organizations.csv", 2, "sourceIds", "no source")),
    "dangling event in co-organization": ({"co_organizations.csv": "organizationId,partnerId,"
                                           f"eventIds,sourceIds\norg:iom,org:osce,event:no,{S}\n"},
                                          ("co_organizations.csv", 2, "eventIds", "not defined")),
    "self link": ({"part_of.csv": f"organizationId,parentId,sourceIds\norg:osce,org:osce,{S}\n"},
                  ("part_of.csv", 2, "parentId", "itself")),
    "bad role": ({"participations.csv": PART + f"person:kevin-hyland,{RT},keynote,,{S}\n"},
                 ("participations.csv", 2, "role", "'speaker'")),
    "unknown record type (file)": ({"widgets.csv": "id,name\nw:1,W\n"},
                                   ("widgets.csv", None, "type", "unknown record type")),
    "unknown record type (json)": ({"x.jsonl": '{"type": "widget", "id": "w:1"}\n'},
                                   ("x.jsonl", 1, "type", "unknown record type")),
    "empty file": ({"organizations.csv": ""}, ("organizations.csv", 1, None, "empty")),
    "empty json file": ({"x.json": ""}, ("x.json", 1, None, "empty")),
    "non-UTF-8 bytes": ({"organizations.csv": (ORG + f"org:a,A,igo,{S}\n").encode()
                         + b"org:b,B\xff\xfe,igo," + S.encode() + b"\n"},
                        ("organizations.csv", 3, None, "not UTF-8")),
    "BOM with a bad row": ({"organizations.csv": "\ufeff" + ORG + f"org:x,X,company,{S}\n"},
                           ("organizations.csv", 2, "kind", "'government'")),
    "a 1 MB field": ({"organizations.csv": ORG + "org:x," + "N" * 1_000_000 + f",igo,{S}\n"},
                     ("organizations.csv", 2, "name", "the limit is 10,000")),
    "formula cell": ({"organizations.csv": ORG + f'org:x,"=HYPERLINK(""http://e.vil"")",igo,{S}\n'},
                     ("organizations.csv", 2, "name", "spreadsheet formula")),
    "formula in a list": ({"organizations.csv": "id,name,aliases,sourceIds\n"
                           f"org:x,X,ok|@SUM(A1),{S}\n"},
                          ("organizations.csv", 2, "aliases", "spreadsheet formula")),
    "formula in a title": ({"participations.csv": PART + f"person:kevin-hyland,{RT},speaker,"
                            f"+cmd|' /C calc'!A0,{S}\n"},
                           ("participations.csv", 2, "talkTitle", "spreadsheet formula")),
    "row with extra cells": ({"organizations.csv": ORG + f"org:x,X,igo,{S},extra\n"},
                             ("organizations.csv", 2, None, "has 5 cells")),
    "invalid JSON line": ({"x.jsonl": '{"type": "source", "id": "source:q", "name": "Q"}\n{oops\n'},
                          ("x.jsonl", 2, None, "invalid JSON")),
    "JSON record not an object": ({"x.json": '[\n  1\n]'}, ("x.json", None, None, "JSON object")),
    "unknown JSON field": ({"x.jsonl": '{"type": "organization", "id": "org:x", "name": "X", '
                            f'"colour": "red", "sourceIds": ["{S}"]}}\n'},
                           ("x.jsonl", 1, "colour", "unknown field")),
    "wrong JSON type": ({"x.jsonl": '{"type": "organization", "id": "org:x", "name": "X", '
                         f'"aliases": 5, "sourceIds": ["{S}"]}}\n'},
                        ("x.jsonl", 1, "aliases", "list")),
    "missing name in JSON": ({"x.jsonl": f'{{"type": "person", "id": "person:x", "sourceIds": ["{S}"]}}\n'},
                             ("x.jsonl", 1, "name", "is required")),
    "bad record in a JSON list": ({"x.json": '[\n {"type": "source", "id": "source:q", "name": "Q"},\n'
                                   ' {"type": "organization", "id": "org:q", "name": "Q", "kind": "company", '
                                   '"sourceIds": ["source:q"]}\n]'},
                                  ("x.json", 3, "kind", "'government'")),
    "one JSON record on its own": ({"x.json": f'{{"type": "person", "id": "person:z", "sourceIds": ["{S}"]}}'},
                                   ("x.json", 1, "name", "is required")),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
async def test_bad_input_is_refused_and_changes_nothing(
    sample_store: FalkorStore, tmp_path: Path, case: str
) -> None:
    files, (file, line, field, words) = CASES[case]
    folder = write_folder(tmp_path / "in", files)
    before = await dump(sample_store)
    with pytest.raises(LoadFailed) as info:
        await load_paths(sample_store, [folder], LoadOptions())
    report = info.value.report
    assert not report.ok and report.error_count >= 1
    hits = [
        e for e in report.errors
        if e.file.endswith(file) and (line is None or e.line == line)
        and e.field == field and words in e.message
    ]  # fmt: skip
    assert hits, [str(e) for e in report.errors]
    assert file in str(info.value)
    assert await dump(sample_store) == before


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


async def test_all_errors_are_reported_together_and_capped(
    store: FalkorStore, tmp_path: Path
) -> None:
    rows = "".join(f"org:x{i},X{i},company,\n" for i in range(300))
    folder = write_folder(tmp_path / "in", {"organizations.csv": ORG + rows,
                                            "people.csv": "id\n"})  # fmt: skip
    with pytest.raises(LoadFailed) as info:
        await load_paths(store, [folder], LoadOptions(max_errors=100))
    report = info.value.report
    assert report.error_count == 301 and len(report.errors) == 100
    assert (await store.stats())["nodes"]["Organization"] == 0


async def test_bom_is_accepted(store: FalkorStore, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in", {
        "sources.csv": "\ufeffid,name\nsource:s,S\n",
        "organizations.csv": "\ufeff" + ORG + "org:a,A,igo,source:s\n",
    })  # fmt: skip
    report = await load_paths(store, [folder])
    assert report.ok and report.counts["organizations"].created == 1


async def test_injection_strings_are_stored_literally(store: FalkorStore, tmp_path: Path) -> None:
    evil = "'}) DETACH DELETE n //"
    folder = write_folder(tmp_path / "in", {
        "sources.csv": 'id,name\nsource:s,"x"" }) MATCH (n) DETACH DELETE n //"\n',
        "organizations.csv": f"id,name,aliases,sourceIds\norg:a,{evil},\"{evil} 2\",source:s\n",
    })  # fmt: skip
    await load_paths(store, [folder])
    await load_paths(store, [folder])
    rows = await store.query("load_entity_props", {"ids": ["org:a", "source:s"]})
    props = {r["id"]: r["props"] for r in rows}
    assert props["org:a"]["name"] == evil
    assert props["org:a"]["aliases"] == [f"{evil} 2"]
    assert props["source:s"]["name"] == 'x" }) MATCH (n) DETACH DELETE n //'
    assert (await store.stats())["nodes"]["Organization"] == 1


async def test_skip_invalid_writes_valid_rows_and_rejects_with_reasons(
    store: FalkorStore, tmp_path: Path
) -> None:
    folder = write_folder(tmp_path / "in", {
        "sources.csv": "id,name\nsource:s,S\n",
        "organizations.csv": ORG + "org:a,A,igo,source:s\norg:b,=1+1,igo,source:s\n"
                             "org:c,C,company,source:s\n",
        "organized.csv": "organizationId,eventId,sourceIds\norg:b,event:e,source:s\n",
        "events.csv": "id,name,startDate,sourceIds\nevent:e,E,2020-01-01,source:s\n",
    })  # fmt: skip
    rejects = tmp_path / "rejects.csv"
    report = await load_paths(store, [folder], LoadOptions(skip_invalid=True, reject_file=rejects))
    assert report.counts["organizations"].created == 1
    assert report.counts["organizations"].rejected == 2
    assert report.counts["organized"].rejected == 1  # it names a rejected organization
    text = rejects.read_text(encoding="utf-8")
    assert "organizations.csv" in text and "spreadsheet formula" in text
    for line in text.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "-", "@"))
    assert '""name"": ""=1+1""' in text  # inside the JSON cell, which starts with {
    counts = await store.stats()
    assert counts["nodes"]["Organization"] == 1 and counts["nodes"]["Event"] == 1
