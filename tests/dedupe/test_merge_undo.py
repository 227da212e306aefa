"""Merge with preview, and its undo, on both databases: the graph after an undo is the graph
before the merge, node for node and relationship for relationship, property for property."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ctgraph.curation.merge import MergeError, merge_entities, preview, unmerge
from ctgraph.graph import records
from ctgraph.store import GraphStore
from tests.dedupe.conftest import COMMISSION
from tests.loaders.helpers import dump

# History entries, judgements and the merges kept for undoing say when things were done: the
# network is the rest.
NODES = (
    "MATCH (n) WHERE NOT n:Change AND NOT n:MergeRecord AND NOT n:Judgement "
    "RETURN labels(n) AS labels, properties(n) AS props"
)


async def _network(store: GraphStore) -> tuple[list[str], list[str]]:
    nodes, rels = await dump(store)
    kept = await store.cypher_readonly(NODES, None, timeout_ms=60_000, row_cap=1_000_000)
    return sorted(json.dumps(r, sort_keys=True) for r in kept.rows), rels


async def test_preview_says_what_moves_and_what_conflicts(renamed_store: GraphStore) -> None:
    before = await _network(renamed_store)
    p = await preview(renamed_store, COMMISSION, "org:uz-republican-commission")
    assert await _network(renamed_store) == before  # a preview writes nothing
    # It organized one event, with two co-organizers; its source's link follows its sources.
    assert p["moves"] == {"CO_ORGANIZED_WITH": 2, "ORGANIZED": 1}
    assert p["relationships"] == 3
    assert p["conflicts"] == []  # same country, same kind
    names = {n["name"]: n for n in p["names"]}
    rep = names["Republican Inter-agency Commission on Combating Human Trafficking"]
    assert rep["startDate"] == "2013-05-22" and rep["endDate"] == "2013-05-22"
    other = await preview(renamed_store, COMMISSION, "org:kg-commission")
    assert {"field": "country", "keep": "uz", "drop": "kg"} in other["conflicts"]


@pytest.mark.parametrize(
    "keep, drop",
    [
        (COMMISSION, "org:uz-republican-commission"),
        (COMMISSION, "org:uz-commission-decent-work"),
        ("org:uz-iatc", "org:uz-interagency-commission"),
        ("person:ulugbek-gainazarov", "person:ulugbek-gaynazarov"),
        ("org:iom", "org:iom-uz"),  # a part into its whole: parentId and PART_OF come back
        # Two events: their organizers' co-organization links are recomputed, then restored.
        ("event:2008-10-14-tashkent-labour-migration", "event:2010-07-30-tashkent-world-day"),
        ("org:uz-senate", "org:iom"),  # two hubs of the co-organization network
    ],
)
async def test_an_undone_merge_leaves_the_graph_as_before(
    renamed_store: GraphStore, keep: str, drop: str
) -> None:
    before = await _network(renamed_store)
    done = await merge_entities(renamed_store, keep, drop)
    assert done["relationships"] >= 1
    merged = await _network(renamed_store)
    assert merged != before
    assert await renamed_store.resolve_id(drop) == keep
    back = await unmerge(renamed_store, drop)
    assert back["keep"] == keep and back["merge"] == done["merge"]
    assert await _network(renamed_store) == before
    assert await renamed_store.resolve_id(drop) == drop
    # Once undone, there is nothing more to undo; merging again works and undoes again.
    with pytest.raises(MergeError, match="no merge"):
        await unmerge(renamed_store, drop)
    await merge_entities(renamed_store, keep, drop)
    await unmerge(renamed_store, drop)
    assert await _network(renamed_store) == before


async def test_a_chain_of_merges_undoes_in_order(renamed_store: GraphStore) -> None:
    before = await _network(renamed_store)
    await merge_entities(renamed_store, "org:uz-iatc", "org:uz-interagency-commission")
    await merge_entities(renamed_store, COMMISSION, "org:uz-iatc")
    # The first merged id resolves through both merges.
    assert await renamed_store.resolve_id("org:uz-interagency-commission") == COMMISSION
    with pytest.raises(MergeError, match="undo that merge first"):
        await unmerge(renamed_store, "org:uz-interagency-commission")
    await unmerge(renamed_store, "org:uz-iatc")
    assert await renamed_store.resolve_id("org:uz-interagency-commission") == "org:uz-iatc"
    await unmerge(renamed_store, "org:uz-interagency-commission")
    assert await _network(renamed_store) == before


async def test_the_merged_record_keeps_each_name_with_its_period(
    renamed_store: GraphStore,
) -> None:
    for drop in ("org:uz-interagency-commission", "org:uz-republican-commission"):
        await merge_entities(renamed_store, COMMISSION, drop)
    rec = await records.entity_record(renamed_store, COMMISSION)
    dated = {o["name"]: (o.get("startDate"), o.get("endDate")) for o in rec.otherNames}
    assert dated["Inter-agency Anti-trafficking Commission"] == ("2008-10-14", "2008-10-14")
    assert dated["Republican Inter-agency Commission on Combating Human Trafficking"] == (
        "2013-05-22",
        "2013-05-22",
    )
    # Search finds the record by a name it no longer uses.
    hits = await renamed_store.search(["republican", "inter", "agency"], ["Organization"], 10)
    assert COMMISSION in [h["id"] for h in hits]


async def test_an_undo_keeps_what_came_after_the_merge(
    renamed_store: GraphStore, tmp_path: Path
) -> None:
    """A load after the merge gives the kept record an alias and a source: the undo takes
    back what the merge gave, keeps what the load gave, and the names it is found by follow."""
    from ctgraph.curation.judgements import judged, record
    from ctgraph.loaders import LoadOptions, load_paths
    from tests.loaders.helpers import write_folder

    await record(renamed_store, COMMISSION, "org:uz-republican-commission", "same")
    await merge_entities(renamed_store, COMMISSION, "org:uz-republican-commission")
    later = write_folder(
        tmp_path / "later",
        {
            "sources.csv": "id,name,publisher,publishedDate,url\n"
            "source:later,Later news,Gov.uz,2022-01-10,https://gov.example.org/later\n",
            "organizations.csv": "id,name,aliases,kind,country,sourceIds\n"
            "org:uz-national-commission,National Commission of the Republic of Uzbekistan on "
            "Combating Human Trafficking and Ensuring Decent Work,NCCHT,government,uz,"
            "source:later\n",
        },
    )
    await load_paths(renamed_store, [later], LoadOptions())
    await unmerge(renamed_store, "org:uz-republican-commission")
    rec = await records.entity_record(renamed_store, COMMISSION)
    assert "NCCHT" in rec.aliases
    assert "Republican Inter-agency Commission on Combating Human Trafficking" not in rec.aliases
    assert "source:later" in rec.sourceIds and "source:osce-2013-05-22" not in rec.sourceIds
    assert [o["name"] for o in rec.otherNames] == []
    hits = await renamed_store.search(["republican", "inter", "agency"], ["Organization"], 10)
    assert COMMISSION not in [h["id"] for h in hits]
    assert "org:uz-republican-commission" in [h["id"] for h in hits]
    # The "same" that made the merge is undone with it: `dedupe apply` would not merge again.
    state = await judged(renamed_store)
    assert state.decision(COMMISSION, "org:uz-republican-commission") is None
