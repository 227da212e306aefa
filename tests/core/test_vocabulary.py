"""The vocabulary is the one definition: the record models, the store and the API agree with it."""

from __future__ import annotations

import httpx

from ctgraph.core import vocabulary as v
from ctgraph.graph.models import NodeType
from ctgraph.loaders.models import RECORD_TYPES
from ctgraph.store.catalogue import NODE_LABELS, REL_TYPES


def test_every_record_model_has_exactly_the_vocabularys_input_fields() -> None:
    for record, node in v.ENTITY_RECORDS.items():
        wanted = {p.name for p in node.props if not p.derived}
        assert set(RECORD_TYPES[record].model_fields) == wanted, record
    for record, rel in v.REL_RECORDS.items():
        wanted = {str(rel.start_field), str(rel.end_field)}
        wanted |= {p.name for p in rel.props if not p.derived}
        assert set(RECORD_TYPES[record].model_fields) == wanted, record
    assert set(RECORD_TYPES) == set(v.ENTITY_RECORDS) | set(v.REL_RECORDS)


def test_enum_values_and_defaults_match_the_record_models() -> None:
    for record, props in (
        *((r, n.props) for r, n in v.ENTITY_RECORDS.items()),
        *((r, rel.props) for r, rel in v.REL_RECORDS.items()),
    ):
        fields = RECORD_TYPES[record].model_fields
        for p in props:
            if p.type != "enum" or p.derived:
                continue
            annotation = str(fields[p.name].annotation)
            assert all(f"'{value}'" in annotation for value in p.values), (record, p.name)
            if p.default is not None:
                assert fields[p.name].default == p.default, (record, p.name)


def test_store_and_api_read_the_vocabulary() -> None:
    assert NODE_LABELS == tuple(n.label.value for n in v.NODES)
    assert REL_TYPES == tuple(r.type.value for r in v.RELATIONSHIPS)
    assert [t.value for t in NodeType] == list(NODE_LABELS)
    assert v.INTERNAL_PROPS == {
        "nameKeys",
        "searchText",
        "explicit",
        "statedEventIds",
        "statedSourceIds",
    }


def test_relationship_ends_name_known_types() -> None:
    for rel in v.RELATIONSHIPS:
        assert rel.start in v.NODE and rel.end in v.NODE
        assert all(t in v.NODE for t in rel.other_starts)
    symmetric = [r.type for r in v.RELATIONSHIPS if r.symmetric]
    assert symmetric == [v.RelType.CO_ORGANIZED_WITH]


async def test_vocabulary_route_serves_it_without_internal_properties(
    client: httpx.AsyncClient,
) -> None:
    body = (await client.get("/api/vocabulary")).json()
    assert [n["label"] for n in body["nodes"]] == list(NODE_LABELS)
    org = next(n for n in body["nodes"] if n["label"] == "Organization")
    assert org["color"] == "#1f77b4" and org["display"] == "Organization"
    names = {p["name"] for n in body["nodes"] for p in n["properties"]}
    assert not names & v.INTERNAL_PROPS
    co = next(r for r in body["relationships"] if r["type"] == "CO_ORGANIZED_WITH")
    assert co["directed"] is False and co["start"] == ["Organization"]
    mentioned = next(r for r in body["relationships"] if r["type"] == "MENTIONED_IN")
    assert mentioned["start"] == ["Organization", "Person"]
