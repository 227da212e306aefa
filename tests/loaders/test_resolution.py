# ruff: noqa: E501
"""Entity resolution across loads, co-organization weights across loads, and merge."""

from __future__ import annotations

from pathlib import Path

from ctgraph.curation.merge import merge_entities
from ctgraph.graph.dedupe import CandidateIndex
from ctgraph.loaders import LoadOptions, load_paths
from ctgraph.store.falkordb import FalkorStore
from tests.loaders.helpers import dump, write_folder

S = "source:new"
SOURCES = f"id,name,publisher\n{S},A later news item,Someone\n"


async def co(store: FalkorStore, a: str, b: str) -> dict[str, object] | None:
    rows = await store.query("load_existing_co_organizations", {"rows": [{"a": a, "b": b}]})
    return rows[0]["props"] if rows else None


async def test_new_records_resolve_to_sample_entities_by_name(
    sample_store: FalkorStore, tmp_path: Path
) -> None:
    folder = write_folder(
        tmp_path / "later",
        {
            "sources.csv": SOURCES,
            "organizations.csv": "id,name,kind,sourceIds\n"
            f"org:iom-un,INTERNATIONAL ORGANIZATION FOR MIGRATION,igo,{S}\n"
            f'org:nat-com,"National Anti-Trafficking Commission  of the Republic of Uzbekistan",government,{S}\n'
            f"org:osce-odihr,osce / odihr,igo,{S}\n"
            f"org:new-ngo,Brand New NGO,ngo,{S}\n",
            "people.csv": f"id,name,sourceIds\nperson:k-hyland,Kévin HYLAND,{S}\n",
            "events.csv": "id,name,kind,startDate,city,country,sourceIds\n"
            f"event:2021-05-10-almaty,Regional meeting,meeting,2021-05-10,Almaty,kz,{S}\n",
            "organized.csv": "organizationId,eventId,role,sourceIds\n"
            f"org:iom-un,event:2021-05-10-almaty,organizer,{S}\n"
            f"org:nat-com,event:2021-05-10-almaty,co-organizer,{S}\n"
            f"org:new-ngo,event:2021-05-10-almaty,co-organizer,{S}\n",
            "participations.csv": "personId,eventId,role,sourceIds\n"
            f"person:k-hyland,event:2021-05-10-almaty,speaker,{S}\n",
        },
    )
    dry = await load_paths(sample_store, [folder], LoadOptions(dry_run=True))
    assert dry.counts["organizations"].matched == 3 and dry.counts["organizations"].created == 1
    report = await load_paths(sample_store, [folder])
    matched = {m.inputId: m.matchedId for m in report.matches}
    assert matched == {
        "org:iom-un": "org:iom",
        "org:nat-com": "org:uz-national-commission",
        "org:osce-odihr": "org:odihr",
        "person:k-hyland": "person:kevin-hyland",
    }
    counts = await sample_store.stats()
    assert counts["nodes"]["Organization"] == 15 and counts["nodes"]["Person"] == 8
    props = {
        r["id"]: r["props"]
        for r in await sample_store.query(
            "load_entity_props", {"ids": ["org:iom", "person:kevin-hyland"]}
        )
    }
    assert props["org:iom"]["name"] == "International Organization for Migration"
    assert "INTERNATIONAL ORGANIZATION FOR MIGRATION" in props["org:iom"]["aliases"]
    assert S in props["org:iom"]["sourceIds"]
    assert "Kévin HYLAND" in props["person:kevin-hyland"]["aliases"]
    # The national commission now co-organized three events, one with IOM in each of two.
    link = await co(sample_store, "org:iom", "org:uz-national-commission")
    assert link is not None and link["weight"] == 2
    assert link["eventIds"] == ["event:2021-05-10-almaty", "event:senate-conference-07-30"]
    # A second load of the same later files changes nothing.
    before = await dump(sample_store)
    again = await load_paths(sample_store, [folder])
    assert all(c.created == 0 and c.updated == 0 for c in again.counts.values())
    assert await dump(sample_store) == before


async def test_co_organization_weights_after_two_loads(store: FalkorStore, tmp_path: Path) -> None:
    orgs = "id,name,sourceIds\n" + "".join(f"org:{x},Org {x.upper()},{S}\n" for x in "abc")
    first = write_folder(
        tmp_path / "one",
        {
            "sources.csv": SOURCES,
            "organizations.csv": orgs,
            "events.csv": f"id,name,startDate,sourceIds\nevent:1,One,2019-03-01,{S}\n"
            f"event:2,Two,2020-01,{S}\n",
            "organized.csv": f"organizationId,eventId,sourceIds\norg:a,event:1,{S}\norg:b,event:1,{S}\n"
            f"org:a,event:2,{S}\norg:b,event:2,{S}\norg:c,event:2,{S}\n",
        },
    )
    await load_paths(store, [first])
    ab = await co(store, "org:a", "org:b")
    assert ab is not None and ab["weight"] == 2 and ab["eventIds"] == ["event:1", "event:2"]
    assert (ab["firstDate"], ab["lastDate"]) == ("2019-03-01", "2020-01-01")
    second = write_folder(
        tmp_path / "two",
        {
            "events.csv": f"id,name,startDate,sourceIds\nevent:3,Three,2022-06-30,{S}\n",
            "organized.csv": f"organizationId,eventId,sourceIds\norg:b,event:3,{S}\norg:a,event:3,{S}\n"
            f"org:c,event:1,{S}\n",
        },
    )
    await load_paths(store, [second])
    await load_paths(store, [second])  # idempotent
    ab = await co(store, "org:a", "org:b")
    assert ab is not None and ab["weight"] == 3 and ab["lastDate"] == "2022-06-30"
    ac = await co(store, "org:a", "org:c")
    assert ac is not None and ac["weight"] == 2 and ac["eventIds"] == ["event:1", "event:2"]
    bc = await co(store, "org:b", "org:c")
    assert bc is not None and bc["weight"] == 2
    assert await co(store, "org:b", "org:a") is None  # one link per pair, smaller id first
    assert (await store.stats())["relationships"]["CO_ORGANIZED_WITH"] == 3


async def test_merge_moves_everything_and_leaves_a_redirect(
    sample_store: FalkorStore, tmp_path: Path
) -> None:
    # A duplicate that resolution could not catch (a different name), with links of its own.
    folder = write_folder(
        tmp_path / "dup",
        {
            "sources.csv": SOURCES,
            "organizations.csv": f"id,name,kind,sourceIds\norg:un-migration-agency,UN migration agency "
            f"(regional),igo,{S}\n",
            "events.csv": f"id,name,startDate,sourceIds\nevent:x,X,2020-02-02,{S}\n",
            "organized.csv": f"organizationId,eventId,sourceIds\norg:un-migration-agency,event:x,{S}\n"
            f"org:uz-national-commission,event:x,{S}\n",
        },
    )
    await load_paths(sample_store, [folder])
    moved = await merge_entities(sample_store, "org:iom", "org:un-migration-agency")
    assert moved["relationships"] >= 1
    counts = await sample_store.stats()
    assert counts["nodes"]["Organization"] == 14 and counts["nodes"]["Redirect"] == 1
    props = (await sample_store.query("load_entity_props", {"ids": ["org:iom"]}))[0]["props"]
    assert "UN migration agency (regional)" in props["aliases"]
    assert S in props["sourceIds"]
    link = await co(sample_store, "org:iom", "org:uz-national-commission")
    assert link is not None and link["weight"] == 2
    assert link["eventIds"] == ["event:senate-conference-07-30", "event:x"]
    # Merging again is harmless; a later load naming the dropped id lands on the kept one.
    await merge_entities(sample_store, "org:iom", "org:un-migration-agency")
    later = write_folder(
        tmp_path / "later",
        {
            "events.csv": f"id,name,startDate,sourceIds\nevent:y,Y,2021-02-02,{S}\n",
            "organized.csv": f"organizationId,eventId,sourceIds\norg:un-migration-agency,event:y,{S}\n",
        },
    )
    report = await load_paths(sample_store, [later])
    assert report.ok
    rows = await sample_store.cypher_readonly(
        "MATCH (o)-[:ORGANIZED]->(:Event {id: 'event:y'}) RETURN o.id",
        None,
        timeout_ms=5000,
        row_cap=10,
    )
    assert rows.rows == [["org:iom"]]
    before = await dump(sample_store)
    await load_paths(sample_store, [folder])  # the old files again: nothing comes back
    assert await dump(sample_store) == before


async def test_name_forms_and_a_default_source(sample_store: FalkorStore, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "forms", {
        "sources.csv": SOURCES,
        "organizations.csv": "id,name\n"
            "org:x1,International Organization for Migration (IOM)\n"
            "org:x2,The Council of Europe\n",
        "people.csv": "id,name\nperson:x3,Dr. Kevin Hyland\n",
    })  # fmt: skip
    report = await load_paths(sample_store, [folder], LoadOptions(source=S))
    matched = {m.inputId: m.matchedId for m in report.matches}
    assert matched == {"org:x1": "org:iom", "org:x2": "org:coe", "person:x3": "person:kevin-hyland"}
    props = (await sample_store.query("load_entity_props", {"ids": ["org:coe"]}))[0]["props"]
    assert S in props["sourceIds"] and "The Council of Europe" in props["aliases"]


async def test_a_name_that_goes_on_after_its_acronym_is_a_candidate_not_a_join(
    sample_store: FalkorStore, tmp_path: Path
) -> None:
    """`… (IOM) in Central Asia` names an office of IOM, not IOM: the loader keeps it apart and
    offers it for review; the same name with nothing after its acronym still joins IOM."""
    folder = write_folder(
        tmp_path / "later",
        {
            "sources.csv": SOURCES,
            "organizations.csv": "id,name,kind,sourceIds\n"
            f"org:iom-ca,International Organization for Migration (IOM) in Central Asia,igo,{S}\n"
            f"org:iom-again,International Organization for Migration (IOM),igo,{S}\n",
        },
    )
    report = await load_paths(sample_store, [folder])
    assert {m.inputId: m.matchedId for m in report.matches} == {"org:iom-again": "org:iom"}
    assert report.counts["organizations"].created == 1
    index = await CandidateIndex.from_store(sample_store)
    best = index.candidates(ids=["org:iom-ca"], per_record=5)[0]
    assert {best.a.id, best.b.id} == {"org:iom", "org:iom-ca"}
