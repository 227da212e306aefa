# ruff: noqa: E501
"""What users reported on real batches: country codes in ISO's own case, rows that refer to an
invalid row, an admin's own id for a matched record, fields left out or cleared."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ctgraph.curation.merge import merge_entities
from ctgraph.loaders import LoadFailed, LoadOptions, load_paths
from ctgraph.store.base import GraphStore
from tests.loaders.helpers import changes, dump, write_folder

S = "source:osce-2019-11-26"
RT = "event:2019-11-26-tashkent-roundtable"
SRC = "id,name\nsource:s,S\n"


async def props_of(store: GraphStore, *ids: str) -> dict[str, dict[str, Any]]:
    return {r["id"]: r["props"] for r in await store.load_entity_props(list(ids))}


async def rel_props(store: GraphStore, kind: str, a: str, b: str) -> list[dict[str, Any]]:
    return [r["props"] for r in await store.load_existing(kind, [{"a": a, "b": b}])]


# -- 1. country codes --------------------------------------------------------------------------


async def test_country_codes_in_either_case_are_stored_lower_case(
    store: GraphStore, tmp_path: Path
) -> None:
    folder = write_folder(tmp_path / "in", {
        "sources.csv": SRC,
        "organizations.csv": "id,name,country,sourceIds\norg:a,A,UZ,source:s\norg:b,B,uz,source:s\n",
        "people.csv": "id,name,country,sourceIds\nperson:p,P,Kz,source:s\n",
        "x.jsonl": '{"type": "event", "id": "event:e", "name": "E", "startDate": "2020", "country": " TJ ", "sourceIds": ["source:s"]}\n',
    })  # fmt: skip
    report = await load_paths(store, [folder])
    assert report.ok, report.errors
    got = await props_of(store, "org:a", "org:b", "person:p", "event:e")
    assert [got[i]["country"] for i in ("org:a", "org:b", "person:p", "event:e")] == [
        "uz", "uz", "kz", "tj",
    ]  # fmt: skip
    bad = write_folder(tmp_path / "bad", {
        "organizations.csv": "id,name,country,sourceIds\norg:c,C,UZB,source:s\n",
    })  # fmt: skip
    with pytest.raises(LoadFailed) as info:
        await load_paths(store, [bad])
    (error,) = info.value.report.errors
    assert error.field == "country" and "'UZB'" in error.message and "ISO 3166-1" in error.message


# -- 2. rows that refer to an invalid row -----------------------------------------------------


async def test_a_row_that_refers_to_an_invalid_row_says_which_and_where(
    store: GraphStore, tmp_path: Path
) -> None:
    folder = write_folder(tmp_path / "in", {
        "sources.csv": "id,name,url\nsource:s,S,\nsource:bad,Bad,ftp://x\n",
        "organizations.csv": "id,name,kind,parentId,sourceIds\n"
            "org:ok,OK,ngo,,source:s\n"
            "org:x,X,company,,source:s\n"  # line 3: invalid
            ",Unnamed Body,company,,source:s\n"  # line 4: invalid, no id (its slug is org:unnamed-body)
            "org:broken,Broken,ngo,source:s\n"  # line 5: one cell short
            "org:cited,Cited,ngo,,source:bad\n",
        "people.csv": "id,name,sourceIds\nperson:p,P,source:s\n",
        "affiliations.csv": "personId,organizationId,position,sourceIds\n"
            "person:p,org:x,Adviser,source:s\n"
            "person:p,org:unnamed-body,Adviser,source:s\n"
            "person:p,org:broken,Adviser,source:s\n"
            "person:p,org:nowhere,Adviser,source:s\n"
            "person:p,org:ok,Adviser,source:s\n",
    })  # fmt: skip
    with pytest.raises(LoadFailed) as info:
        await load_paths(store, [folder])
    errors = info.value.report.errors
    by_line = {(Path(e.file).name, e.line): e for e in errors}
    orgs = str(folder / "organizations.csv")
    assert (
        by_line[("affiliations.csv", 2)].message == f"refers to org:x, which is invalid at {orgs}:3"
    )
    assert (
        by_line[("affiliations.csv", 3)].message
        == f"refers to org:unnamed-body, which is invalid at {orgs}:4"
    )
    assert (
        by_line[("affiliations.csv", 4)].message
        == f"refers to org:broken, which is invalid at {orgs}:5"
    )
    assert by_line[("affiliations.csv", 2)].field == "organizationId"
    assert "is not defined" in by_line[("affiliations.csv", 5)].message  # truly undefined
    assert ("affiliations.csv", 6) not in by_line
    cited = by_line[("organizations.csv", 6)]
    assert cited.field == "sourceIds"
    assert cited.message == f"refers to source:bad, which is invalid at {folder / 'sources.csv'}:3"
    assert not [e for e in errors if "not defined" in e.message and "nowhere" not in e.message]


async def test_skip_invalid_rejects_what_rests_on_an_invalid_row_in_turn(
    store: GraphStore, tmp_path: Path
) -> None:
    folder = write_folder(tmp_path / "in", {
        "sources.csv": SRC,
        "organizations.csv": "id,name,kind,parentId,sourceIds\n"
            "org:grand,Grand,ngo,org:parent,source:s\n"
            "org:parent,Parent,ngo,org:root,source:s\n"
            "org:root,Root,company,,source:s\n",  # invalid
        "events.csv": "id,name,startDate,sourceIds\nevent:e,E,2020-01-01,source:s\n",
        "organized.csv": "organizationId,eventId,sourceIds\norg:grand,event:e,source:s\n",
    })  # fmt: skip
    rejects = tmp_path / "rejects.csv"
    report = await load_paths(store, [folder], LoadOptions(skip_invalid=True, reject_file=rejects))
    orgs = str(folder / "organizations.csv")
    messages = {(Path(e.file).name, e.line): e.message for e in report.errors}
    assert messages[("organizations.csv", 3)] == f"refers to org:root, which is invalid at {orgs}:4"
    assert (
        messages[("organizations.csv", 2)] == f"refers to org:parent, which is invalid at {orgs}:3"
    )
    assert messages[("organized.csv", 2)] == f"refers to org:grand, which is invalid at {orgs}:2"
    assert report.counts["organizations"].rejected == 3 and report.counts["organized"].rejected == 1
    assert (await store.stats())["nodes"]["Organization"] == 0
    assert "which is invalid at" in rejects.read_text(encoding="utf-8")


# -- 3. an admin's own id for a record matched by name ---------------------------------------


async def test_an_admins_own_id_for_a_matched_record_keeps_naming_it(
    sample_store: GraphStore, tmp_path: Path
) -> None:
    first = write_folder(tmp_path / "one", {
        "organizations.csv": "id,name,sourceIds\n"
            f"org:iom-un,INTERNATIONAL ORGANIZATION FOR MIGRATION,{S}\n",
    })  # fmt: skip
    report = await load_paths(sample_store, [first])
    assert [(m.inputId, m.matchedId) for m in report.matches] == [("org:iom-un", "org:iom")]
    iom = (await props_of(sample_store, "org:iom"))["org:iom"]
    assert iom["altIds"] == ["org:iom-un"]
    # The next batch names it by the admin's id: it is the matched record, as its own id is.
    later = write_folder(tmp_path / "two", {
        "organized.csv": f"organizationId,eventId,role,sourceIds\norg:iom-un,{RT},supporter,{S}\n",
        "part_of.csv": f"organizationId,parentId,sourceIds\norg:odihr,org:iom-un,{S}\n",
    })  # fmt: skip
    report = await load_paths(sample_store, [later])
    assert report.ok, report.errors
    assert [p["role"] for p in await rel_props(sample_store, "organized", "org:iom", RT)] == [
        "supporter"
    ]
    assert await rel_props(sample_store, "part_of", "org:odihr", "org:iom")
    # The store resolves it too, as it resolves a canonical and a merged id.
    assert await sample_store.resolve_id("org:iom-un") == "org:iom"
    assert await sample_store.resolve_id("org:iom") == "org:iom"
    assert await sample_store.resolve_id("org:nobody") is None
    # Both batches again: nothing changes, no history is added.
    before, history = await dump(sample_store), await changes(sample_store)
    for folder in (first, later):
        again = await load_paths(sample_store, [folder])
        assert all(c.created == c.updated == 0 for c in again.counts.values())
    assert await dump(sample_store) == before and await changes(sample_store) == history
    # A merge carries the alternative ids over to the record that stays.
    dup = write_folder(tmp_path / "dup", {
        "organizations.csv": f"id,name,sourceIds\norg:un-migration,UN Migration Agency Regional,{S}\n"
            f"org:mine,UN MIGRATION AGENCY REGIONAL,{S}\n",
    })  # fmt: skip
    await load_paths(sample_store, [dup])
    assert (await props_of(sample_store, "org:un-migration"))["org:un-migration"]["altIds"] == [
        "org:mine"
    ]
    await merge_entities(sample_store, "org:iom", "org:un-migration")
    assert (await props_of(sample_store, "org:iom"))["org:iom"]["altIds"] == [
        "org:iom-un",
        "org:mine",
    ]
    assert await sample_store.resolve_id("org:mine") == "org:iom"
    assert await sample_store.resolve_id("org:un-migration") == "org:iom"  # the merged id


# -- 4. fields left out, and fields cleared ----------------------------------------------------


async def test_a_field_left_out_never_changes_the_stored_value(
    sample_store: GraphStore, tmp_path: Path
) -> None:
    osce = (await props_of(sample_store, "org:osce"))["org:osce"]
    assert osce["kind"] == "igo"
    talk = (
        await rel_props(
            sample_store, "participations", "person:l-kh-isakov", "event:senate-conference-07-30"
        )
    )[0]
    before_dump = await dump(sample_store)
    again = write_folder(tmp_path / "again", {
        "organizations.csv": f"id,name,sourceIds\norg:osce,{osce['name']},{S}\n",
        "organized.csv": f"organizationId,eventId,sourceIds\norg:odihr,{RT},{S}\n",  # stored as co-organizer
        "participations.csv": f"personId,eventId,sourceIds\nperson:l-kh-isakov,event:senate-conference-07-30,{talk['sourceIds'][0]}\n",
    })  # fmt: skip
    report = await load_paths(sample_store, [again])
    assert report.counts["organizations"].unchanged == 1
    assert report.counts["organized"].unchanged == 1
    assert report.counts["participations"].unchanged == 1
    assert await dump(sample_store) == before_dump
    # A new record still gets the defaults.
    new = write_folder(tmp_path / "new", {
        "organizations.csv": f"id,name,sourceIds\norg:fresh,Fresh Body,{S}\n",
        "organized.csv": f"organizationId,eventId,sourceIds\norg:fresh,{RT},{S}\n",
    })  # fmt: skip
    await load_paths(sample_store, [new])
    assert (await props_of(sample_store, "org:fresh"))["org:fresh"]["kind"] == "other"
    assert (await rel_props(sample_store, "organized", "org:fresh", RT))[0]["role"] == "organizer"


async def test_tilde_or_null_clears_a_field_and_an_empty_cell_never_does(
    store: GraphStore, tmp_path: Path
) -> None:
    first = write_folder(tmp_path / "one", {
        "sources.csv": SRC,
        "organizations.csv": "id,name,kind,country,website,sourceIds\n"
            "org:a,A,ngo,uz,https://a.example/,source:s\n",
        "people.csv": "id,name,honorific,sourceIds\nperson:p,P,Dr,source:s\n",
        "events.csv": "id,name,startDate,endDate,city,sourceIds\nevent:e,E,2020-03-01,2020-03-02,Tashkent,source:s\n",
        "participations.csv": "personId,eventId,role,talkTitle,sourceIds\nperson:p,event:e,speaker,On trafficking,source:s\n",
    })  # fmt: skip
    await load_paths(store, [first])
    empty = write_folder(tmp_path / "empty", {
        "organizations.csv": "id,name,kind,country,website,sourceIds\norg:a,A,,,,source:s\n",
    })  # fmt: skip
    assert (await load_paths(store, [empty])).counts["organizations"].unchanged == 1
    clear = write_folder(tmp_path / "clear", {
        "organizations.csv": "id,name,kind,country,website,sourceIds\norg:a,A,~,~,,source:s\n",
        "events.csv": "id,name,startDate,endDate,city,sourceIds\nevent:e,E,2020-03-01,~, ~ ,source:s\n",
        "participations.csv": "personId,eventId,role,talkTitle,sourceIds\nperson:p,event:e,,~,source:s\n",
        "x.jsonl": '{"type": "person", "id": "person:p", "name": "P", "honorific": null, "sourceIds": ["source:s"]}\n',
    })  # fmt: skip
    report = await load_paths(store, [clear])
    assert report.ok, report.errors
    got = await props_of(store, "org:a", "event:e", "person:p")
    assert got["org:a"]["kind"] == "other"  # a cleared field with a default takes the default
    assert "country" not in got["org:a"] and got["org:a"]["website"] == "https://a.example/"
    assert "endDate" not in got["event:e"] and "city" not in got["event:e"]
    assert got["event:e"]["startDate"] == "2020-03-01"
    assert "honorific" not in got["person:p"]
    (part,) = await rel_props(store, "participations", "person:p", "event:e")
    assert part["role"] == "speaker" and "talkTitle" not in part
    # The history says what was cleared.
    cleared = [c for c in await changes(store) if c["op"] == "clear"]
    assert {(c["entityId"], c.get("otherId")) for c in cleared} == {
        ("event:e", None), ("person:p", None), ("person:p", "event:e"),
    }  # fmt: skip
    org = next(c for c in await changes(store) if c["entityId"] == "org:a" and c["op"] == "update")
    assert json.loads(org["changes"]) == {"country": ["uz", None], "kind": ["ngo", "other"]}
    # Clearing again changes nothing.
    before = await dump(store), await changes(store)
    again = await load_paths(store, [clear])
    assert all(c.created == c.updated == 0 for c in again.counts.values())
    assert (await dump(store), await changes(store)) == before


async def test_what_cannot_be_cleared_is_refused_with_file_line_and_field(
    sample_store: GraphStore, tmp_path: Path
) -> None:
    bad = write_folder(tmp_path / "bad", {
        "organizations.csv": "id,name,parentId,sourceIds\n"
            f"org:odihr,~,,{S}\n"
            f"org:osce-pcuz,OSCE Project Co-ordinator in Uzbekistan,~,{S}\n"
            "org:osce,Organization for Security and Co-operation in Europe,,~\n",
        "affiliations.csv": "personId,organizationId,position,sourceIds\n"
            f"person:kevin-hyland,org:iom,~,{S}\n",
        # A record matched by name (not its own id) may not clear its record's fields.
        "people.csv": f"id,name,honorific,sourceIds\nperson:k-h,Dr. Kevin Hyland,~,{S}\n",
        "x.jsonl": f'{{"type": "organization", "id": "org:y", "name": "Y", "colour": null, "sourceIds": ["{S}"]}}\n',
    })  # fmt: skip
    before = await dump(sample_store)
    with pytest.raises(LoadFailed) as info:
        await load_paths(sample_store, [bad])
    got = {(Path(e.file).name, e.line, e.field): e.message for e in info.value.report.errors}
    assert "required" in got[("organizations.csv", 2, "name")]
    assert "retract the part_of" in got[("organizations.csv", 3, "parentId")]
    assert "retract" in got[("organizations.csv", 4, "sourceIds")]
    assert "required" in got[("affiliations.csv", 2, "position")]
    assert "person:kevin-hyland" in got[("people.csv", 2, "honorific")]
    assert got[("x.jsonl", 1, "colour")] == "unknown field"
    assert await dump(sample_store) == before
    # A JSON null where nothing can be cleared is no value, as it always was.
    lenient = write_folder(tmp_path / "ok", {
        "x.jsonl": f'{{"type": "organization", "id": null, "name": "Null Id Body", "sourceIds": ["{S}"]}}\n',
    })  # fmt: skip
    report = await load_paths(sample_store, [lenient])
    assert report.ok and report.counts["organizations"].created == 1
