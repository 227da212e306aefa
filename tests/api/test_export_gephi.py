"""Exports read by real readers: GEXF 1.3 against its published schema (lxml), by graphology-gexf
(the parser of Gephi Lite, on Node.js) and by networkx; GraphML by igraph and networkx; Gephi's
spreadsheet CSV by the csv module. Each on a graph with parallel facts (two positions of one
person at one organization), a pair that co-organized two dated events, a link from an undated
event and an explicit link without events; counts compared with the database's own.

networkx has no mixed graphs: its readers refuse a directed file with an undirected edge, as
both GEXF 1.3 and GraphML allow and as co-organization is. `read_gexf_mixed` and
`read_graphml_mixed` are networkx's own readers with only that refusal taken out (each
undirected edge read as one arc, its direction kept in `direction`); files without
co-organization links are read by plain `nx.read_gexf` / `nx.read_graphml`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import httpx
import igraph as ig
import networkx as nx
import pytest
from networkx.readwrite.gexf import GEXFReader
from networkx.readwrite.graphml import GraphMLReader
from typer.testing import CliRunner

from ctgraph.core.vocabulary import NODE_LABELS, REL_TYPES
from ctgraph.graph import exports
from ctgraph.graph.models import GraphEdge, GraphNode
from ctgraph.settings import Settings
from ctgraph.store import GraphStore
from tests.neo4j_fixtures import point_cli_at

DATA = Path(__file__).resolve().parents[1] / "data"
BATCH = DATA / "export_parallel"  # a second position, a 2021 event, an explicit link
XSD = DATA / "gexf-1.3" / "gexf.xsd"
GRAPHOLOGY = DATA / "graphology-gexf"
G = "{http://gexf.net/1.3}"
GML = "{http://graphml.graphdrawing.org/xmlns}"
ALL_TYPES = list(NODE_LABELS)

PERSON = "person:ulugbek-gainazarov"
COMMISSION = "org:uz-national-commission"
POSITIONS = {"Executive Secretary", "Member of the Commission"}
TWICE = ("org:odihr", "org:osce-pcuz")  # co-organized the 2019 round-table and the 2021 workshop
UNDATED = ("org:iom", COMMISSION)  # only the Senate conference, whose year is unknown
EXPLICIT = ("org:iom", "org:unodc-roca")  # stated by a source, no event


@pytest.fixture
async def parallel_store(store: GraphStore) -> GraphStore:
    """The sample, then a batch that adds a second position of one person at one organization,
    a 2021 workshop two organizations co-organized again, and an explicit link."""
    from ctgraph.loaders import LoadOptions, load_paths
    from ctgraph.loaders.sample import SAMPLE_DIR

    await load_paths(store, [Path(SAMPLE_DIR)], LoadOptions())
    report = await load_paths(store, [BATCH], LoadOptions())
    assert report.ok and not report.errors, report
    return store


@pytest.fixture
async def pclient(client: httpx.AsyncClient, parallel_store: GraphStore) -> httpx.AsyncClient:
    return client


async def fetch(client: httpx.AsyncClient, **params: Any) -> bytes:
    r = await client.get("/api/export", params=params)
    assert r.status_code == 200, r.text
    return r.content


# -- readers ----------------------------------------------------------------------------------


class _MixedGEXFReader(GEXFReader):  # type: ignore[misc]
    def add_edge(self, G: Any, edge_element: ET.Element, edge_attr: Any) -> None:
        direction = edge_element.attrib.pop("type", None)
        super().add_edge(G, edge_element, edge_attr)
        self.simple_graph = False  # keep the multigraph and its keys, parallel edges or not
        key = edge_element.get("id")
        G.edges[edge_element.get("source"), edge_element.get("target"), key]["direction"] = (
            direction
        )


class _MixedGraphMLReader(GraphMLReader):  # type: ignore[misc]
    def add_edge(self, G: Any, edge_element: ET.Element, graphml_keys: Any) -> None:
        directed = edge_element.attrib.pop("directed", "true")
        super().add_edge(G, edge_element, graphml_keys)
        key = edge_element.get("id")
        G.edges[edge_element.get("source"), edge_element.get("target"), key]["directed"] = (
            directed != "false"
        )


def read_gexf_mixed(data: bytes) -> nx.MultiDiGraph:
    g = _MixedGEXFReader(version="1.3")(io.BytesIO(data))
    assert g.is_multigraph()
    return g


def read_graphml_mixed(data: bytes) -> nx.MultiDiGraph:
    reader = _MixedGraphMLReader(edge_key_type=str, force_multigraph=True)
    (g,) = list(reader(string=data.decode()))
    return g


def graphology(data: bytes, tmp_path: Path, *, strict: bool = False) -> dict[str, Any]:
    """What graphology-gexf (Gephi Lite's parser) reads from the file."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: install it (sudo apt-get install -y nodejs npm)")
    if not (GRAPHOLOGY / "node_modules" / "graphology-gexf").is_dir():
        npm = shutil.which("npm")
        assert npm, "npm is missing: install it (sudo apt-get install -y npm)"
        got = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=GRAPHOLOGY,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert got.returncode == 0, f"npm ci in {GRAPHOLOGY} failed:\n{got.stderr}"
    path = tmp_path / "export.gexf"
    path.write_bytes(data)
    args = [node, str(GRAPHOLOGY / "read.mjs"), str(path)] + (["strict"] if strict else [])
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, f"graphology-gexf refused the file:\n{proc.stderr}"
    read: dict[str, Any] = json.loads(proc.stdout)
    return read


def schema() -> Any:
    try:
        from lxml import etree
    except ImportError:  # pragma: no cover - the dev dependencies hold lxml
        pytest.fail("lxml is missing: it validates GEXF against the schema (pip install lxml)")
    return etree.XMLSchema(etree.parse(str(XSD)))


def assert_schema_valid(data: bytes) -> None:
    from lxml import etree

    xsd = schema()
    doc = etree.fromstring(data)
    assert xsd.validate(doc), "\n".join(str(e) for e in xsd.error_log)


DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
GEXF_TYPES = {"integer", "long", "double", "float", "boolean", "string", "liststring"}


def assert_gexf_rules(data: bytes) -> ET.Element:
    """The rules of GEXF 1.3 that matter to Gephi and Gephi Lite, checked one by one."""
    root = ET.fromstring(data)
    assert root.tag == f"{G}gexf" and root.get("version") == "1.3"
    graph = root.find(f"{G}graph")
    assert graph is not None
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    only_symmetric = (
        all(_attvalues(e)["relType"] == "CO_ORGANIZED_WITH" for e in graph.iter(f"{G}edge"))
        and graph.find(f"{G}edges/{G}edge") is not None
    )
    assert graph.get("defaultedgetype") == ("undirected" if only_symmetric else "directed")
    declared: dict[str, dict[str, str]] = {}
    for decl in graph.findall(f"{G}attributes"):
        cls = decl.get("class", "")
        assert cls in ("node", "edge")
        cols = {a.get("id", ""): a.get("type", "") for a in decl.findall(f"{G}attribute")}
        assert all(t in GEXF_TYPES for t in cols.values()), cols
        declared[cls] = cols
    assert declared["edge"]["relType"] == "string" and declared["node"]["nodeType"] == "string"
    nodes = graph.findall(f"{G}nodes/{G}node")
    edges = graph.findall(f"{G}edges/{G}edge")
    assert graph.find(f"{G}nodes").get("count") == str(len(nodes))  # type: ignore[union-attr]
    assert graph.find(f"{G}edges").get("count") == str(len(edges))  # type: ignore[union-attr]
    ids = [n.get("id") for n in nodes]
    assert len(ids) == len(set(ids)), "node ids repeat"
    eids = [e.get("id") for e in edges]
    assert None not in eids and len(eids) == len(set(eids)), "edge ids repeat"
    for cls, items in (("node", nodes), ("edge", edges)):
        for item in items:
            for v in item.findall(f"{G}attvalues/{G}attvalue"):
                kind = declared[cls].get(v.get("for", ""))
                assert kind, f"{cls} attribute {v.get('for')!r} is not declared"
                _check_value(kind, v.get("value", ""))
            for s in item.findall(f"{G}spells/{G}spell"):
                start, end = s.get("start", ""), s.get("end", "")
                assert DAY.match(start) and DAY.match(end) and start <= end, (start, end)
    for e in edges:
        assert e.get("source") in set(ids) and e.get("target") in set(ids)
        rel = _attvalues(e)["relType"]
        assert e.get("kind") == rel
        symmetric = "undirected" if only_symmetric else "mutual"
        assert e.get("type") == (symmetric if rel == "CO_ORGANIZED_WITH" else "directed")
        assert float(e.get("weight", "")) > 0
    return graph


def _check_value(kind: str, value: str) -> None:
    if kind in ("integer", "long"):
        int(value)
    elif kind in ("double", "float"):
        float(value)
    elif kind == "boolean":
        assert value in ("true", "false")
    elif kind == "liststring":
        assert isinstance(json.loads(value), list)


def _attvalues(item: ET.Element) -> dict[str, str]:
    return {v.get("for", ""): v.get("value", "") for v in item.findall(f"{G}attvalues/{G}attvalue")}


def _pair(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


# -- GEXF -------------------------------------------------------------------------------------

VIEWS: list[dict[str, Any]] = [
    {},
    {"view": "all", "types": ALL_TYPES},
    {"id": PERSON},
    {"view": "neighborhood", "id": COMMISSION, "depth": 2},
    {"view": "coorg"},
    {"view": "coorg", "from": "2021", "min_weight": 1},
    {"view": "paths", "from": "org:iom", "to": "org:odihr", "max_hops": 4, "k": 3},
]


@pytest.mark.parametrize("params", VIEWS, ids=lambda p: p.get("view") or ("id" if p else "all"))
async def test_gexf_of_every_view_is_valid_gexf_13(
    pclient: httpx.AsyncClient, params: dict[str, Any], tmp_path: Path
) -> None:
    data = await fetch(pclient, format="gexf", **params)
    assert_schema_valid(data)
    graph = assert_gexf_rules(data)
    edges = graph.findall(f"{G}edges/{G}edge")
    assert edges, "the view is empty"
    # Gephi Lite's parser, as it reads a file, and keeping the file's own graph type.
    read = graphology(data, tmp_path)
    strict = graphology(data, tmp_path, strict=True)
    for got in (read, strict):
        assert {e["id"] for e in got["edges"]} == {e.get("id") for e in edges}
        for e in got["edges"]:
            assert e["undirected"] == (e["attrs"]["relType"] == "CO_ORGANIZED_WITH")
    # networkx: every relationship, with its id as key and its attributes.
    g = read_gexf_mixed(data)
    assert {k for _, _, k in g.edges(keys=True)} == {e.get("id") for e in edges}


async def test_gexf_dates_are_spells_for_gephis_timeline(pclient: httpx.AsyncClient) -> None:
    data = await fetch(pclient, format="gexf")
    graph = assert_gexf_rules(data)
    spells: dict[frozenset[str], list[tuple[str | None, str | None]]] = {}
    for e in graph.findall(f"{G}edges/{G}edge"):
        if _attvalues(e)["relType"] == "CO_ORGANIZED_WITH":
            got = [(s.get("start"), s.get("end")) for s in e.findall(f"{G}spells/{G}spell")]
            spells[_pair(e.get("source", ""), e.get("target", ""))] = got
    # One spell per shared event date, not one span from the first to the last.
    assert spells[_pair(*TWICE)] == [("2019-11-26", "2019-11-26"), ("2021-03-15", "2021-03-15")]
    assert spells[_pair(*UNDATED)] == []  # its one event has no year
    assert spells[_pair(*EXPLICIT)] == []  # no event at all
    events = {
        n.get("id"): [(s.get("start"), s.get("end")) for s in n.findall(f"{G}spells/{G}spell")]
        for n in graph.findall(f"{G}nodes/{G}node")
        if _attvalues(n)["nodeType"] == "Event"
    }
    assert events == {
        "event:2019-11-26-tashkent-roundtable": [("2019-11-26", "2019-11-26")],
        "event:2021-03-15-tashkent-workshop": [("2021-03-15", "2021-03-15")],
        "event:senate-conference-07-30": [],
    }
    # networkx reads the spells back.
    g = read_gexf_mixed(data)
    twice = [d for u, v, d in g.edges(data=True) if _pair(u, v) == _pair(*TWICE)]
    # In a view mixing directed links with it, co-organization is `mutual` (both ways).
    assert len(twice) == 1 and twice[0]["direction"] == "mutual"
    assert twice[0]["spells"] == [("2019-11-26", "2019-11-26"), ("2021-03-15", "2021-03-15")]
    # In the co-organization view from 2021, only the 2021 workshop is left on the link.
    data = await fetch(pclient, format="gexf", view="coorg", **{"from": "2021"})
    graph = assert_gexf_rules(data)
    (edge,) = [
        e
        for e in graph.findall(f"{G}edges/{G}edge")
        if _pair(e.get("source", ""), e.get("target", "")) == _pair(*TWICE)
    ]
    assert [(s.get("start"), s.get("end")) for s in edge.iter(f"{G}spell")] == [
        ("2021-03-15", "2021-03-15")
    ]
    assert edge.get("weight") == "1.0"


# -- every format, counted against the database -----------------------------------------------


async def test_every_format_holds_every_relationship_of_the_database(
    pclient: httpx.AsyncClient, parallel_store: GraphStore, tmp_path: Path
) -> None:
    stats = await parallel_store.stats()
    want_nodes = {k: v for k, v in stats["nodes"].items() if k in NODE_LABELS and v}
    want_rels = {k: v for k, v in stats["relationships"].items() if v}
    assert want_rels["AFFILIATED_WITH"] == 9  # the sample's 8 and the second position
    params = {"view": "all", "types": ALL_TYPES}
    counted: dict[str, tuple[Counter[str], Counter[str], set[str]]] = {}

    data = await fetch(pclient, format="gexf", **params)
    g = read_gexf_mixed(data)
    counted["gexf/networkx"] = (
        Counter(d["nodeType"] for _, d in g.nodes(data=True)),
        Counter(d["relType"] for _, _, d in g.edges(data=True)),
        {k for _, _, k in g.edges(keys=True)},
    )
    read = graphology(data, tmp_path)
    counted["gexf/graphology"] = (
        Counter(n["attrs"]["nodeType"] for n in read["nodes"]),
        Counter(e["attrs"]["relType"] for e in read["edges"]),
        {e["id"] for e in read["edges"]},
    )

    data = await fetch(pclient, format="graphml", **params)
    h = read_graphml_mixed(data)
    counted["graphml/networkx"] = (
        Counter(d["nodeType"] for _, d in h.nodes(data=True)),
        Counter(d["relType"] for _, _, d in h.edges(data=True)),
        {k for _, _, k in h.edges(keys=True)},
    )
    path = tmp_path / "export.graphml"
    path.write_bytes(data)
    i = ig.Graph.Read_GraphML(str(path))
    # igraph 1.0 fills the edges' `id` with node ids: each edge is checked by its ends instead.
    ends = Counter(
        (i.vs[e.source]["id"], e["relType"], i.vs[e.target]["id"], e["position"] or "")
        for e in i.es
    )
    assert ends == Counter(
        (u, d["relType"], v, d.get("position", "")) for u, v, d in h.edges(data=True)
    )
    counted["graphml/igraph"] = (
        Counter(i.vs["nodeType"]),
        Counter(i.es["relType"]),
        {k for _, _, k in h.edges(keys=True)},
    )

    z = zipfile.ZipFile(io.BytesIO(await fetch(pclient, format="csv", **params)))
    nrows = list(csv.DictReader(io.StringIO(z.read("nodes.csv").decode())))
    erows = list(csv.DictReader(io.StringIO(z.read("edges.csv").decode())))
    counted["csv"] = (
        Counter(r["nodeType"] for r in nrows),
        Counter(r["relType"] for r in erows),
        {r["Id"] for r in erows},
    )
    assert len({r["Id"] for r in erows}) == len(erows)

    body = json.loads(await fetch(pclient, format="json", **params))
    counted["json"] = (
        Counter(n["labels"][0] for n in body["nodes"]),
        Counter(e["type"] for e in body["edges"]),
        {e["id"] for e in body["edges"]},
    )

    ids = counted["json"][2]
    assert len(ids) == sum(want_rels.values())
    for fmt, (nodes, rels, edge_ids) in counted.items():
        assert dict(nodes) == want_nodes, fmt
        assert dict(rels) == want_rels, fmt
        assert edge_ids == ids, fmt
    # Both positions, each its own edge with its own id.
    affiliations = {
        d["position"]
        for u, v, d in g.edges(data=True)
        if (u, v) == (PERSON, COMMISSION) and d["relType"] == "AFFILIATED_WITH"
    }
    assert affiliations == POSITIONS


async def test_default_export_counts_what_a_cypher_count_gives(
    pclient: httpx.AsyncClient, parallel_store: GraphStore
) -> None:
    res = await parallel_store.cypher_readonly(
        "MATCH (a:Entity)-[r]->(b:Entity) WHERE NOT a:Source AND NOT b:Source "
        "RETURN type(r) AS type, count(r) AS n",
        None,
        timeout_ms=10_000,
        row_cap=100,
    )
    want = {str(t): int(n) for t, n in res.rows}
    z = zipfile.ZipFile(io.BytesIO(await fetch(pclient, format="csv")))
    erows = list(csv.DictReader(io.StringIO(z.read("edges.csv").decode())))
    assert dict(Counter(r["relType"] for r in erows)) == want
    g = read_gexf_mixed(await fetch(pclient, format="gexf"))
    assert dict(Counter(d["relType"] for _, _, d in g.edges(data=True))) == want


async def test_plain_networkx_reads_a_view_without_co_organization(
    pclient: httpx.AsyncClient,
) -> None:
    params = {"id": PERSON, "types": ["Person", "Organization"]}
    g = nx.read_gexf(io.BytesIO(await fetch(pclient, format="gexf", **params)))
    h = nx.read_graphml(io.BytesIO(await fetch(pclient, format="graphml", **params)))
    for got in (g, h):
        assert got.is_directed() and got.is_multigraph()
        assert set(got.nodes) == {PERSON, COMMISSION}
        positions = {d["position"] for _, _, d in got.edges(PERSON, data=True)}
        assert positions == POSITIONS
        assert {d["relType"] for _, _, d in got.edges(data=True)} == {"AFFILIATED_WITH"}
    keys = {k for _, _, k in g.edges(keys=True)}
    assert keys == {f"{PERSON}|AFFILIATED_WITH|{COMMISSION}|{p}" for p in POSITIONS}
    assert keys == {k for _, _, k in h.edges(keys=True)}


# -- GraphML and CSV --------------------------------------------------------------------------


async def test_graphml_declares_its_keys_and_marks_co_organization_undirected(
    pclient: httpx.AsyncClient,
) -> None:
    data = await fetch(pclient, format="graphml", view="all", types=ALL_TYPES)
    root = ET.fromstring(data)
    assert root.tag == f"{GML}graphml"
    keys = {k.get("id"): k for k in root.findall(f"{GML}key")}
    assert all(
        k.get("attr.type") in {"string", "int", "long", "double", "boolean"} for k in keys.values()
    )
    graph = root.find(f"{GML}graph")
    # A mixed view stays directed (networkx reads no mixed GraphML); `relType` tells.
    assert graph is not None and graph.get("edgedefault") == "directed"
    for item, cls in ((f"{GML}node", "node"), (f"{GML}edge", "edge")):
        for el in graph.findall(item):
            for d in el.findall(f"{GML}data"):
                assert d.get("key") in keys, f"undeclared key {d.get('key')}"
                assert keys[d.get("key")].get("for") == cls
    for e in graph.findall(f"{GML}edge"):
        data_by_name = {
            keys[d.get("key")].get("attr.name"): d.text for d in e.findall(f"{GML}data")
        }
        assert e.get("directed") is None and data_by_name["relType"]
    ids = [e.get("id") for e in graph.findall(f"{GML}edge")]
    assert None not in ids and len(ids) == len(set(ids))
    g = nx.read_graphml(io.BytesIO(data))
    co = [d for _, _, d in g.edges(data=True) if d["relType"] == "CO_ORGANIZED_WITH"]
    assert co
    coorg = await fetch(pclient, format="graphml", view="coorg")
    only = nx.read_graphml(io.BytesIO(coorg))
    assert not only.is_directed() and only.number_of_edges() > 0
    twice = [d for u, v, d in g.edges(data=True) if _pair(u, v) == _pair(*TWICE)]
    assert twice[0]["weight"] == 2.0 and twice[0]["eventIds"].count("|") == 1


async def test_csv_is_gephis_spreadsheet_import(pclient: httpx.AsyncClient) -> None:
    z = zipfile.ZipFile(io.BytesIO(await fetch(pclient, format="csv", view="coorg")))
    assert sorted(z.namelist()) == ["edges.csv", "nodes.csv"]
    nodes_text = z.read("nodes.csv").decode()
    edges_text = z.read("edges.csv").decode()
    assert nodes_text.startswith("Id,Label,nodeType,")
    assert edges_text.startswith("Source,Target,Type,Weight,Id,Label,relType,")
    nrows = list(csv.DictReader(io.StringIO(nodes_text)))
    erows = list(csv.DictReader(io.StringIO(edges_text)))
    assert {r["Type"] for r in erows} == {"Undirected"}
    assert all(float(r["betweenness"]) >= 0 and int(r["degree"]) >= 1 for r in nrows)
    weight = {_pair(r["Source"], r["Target"]): float(r["Weight"]) for r in erows}
    assert weight[_pair(*TWICE)] == 2.0 and weight[_pair(*EXPLICIT)] == 1.0
    z = zipfile.ZipFile(io.BytesIO(await fetch(pclient, format="csv", id=PERSON)))
    erows = list(csv.DictReader(io.StringIO(z.read("edges.csv").decode())))
    assert {r["Type"] for r in erows} == {"Directed"}
    assert {r["position"] for r in erows if r["relType"] == "AFFILIATED_WITH"} == POSITIONS


def test_csv_cells_are_safe_from_spreadsheet_formulas() -> None:
    nodes = [
        GraphNode(id="org:a", labels=["Organization"], properties={"id": "org:a", "name": "=1+1"}),
        GraphNode(
            id="person:b",
            labels=["Person"],
            properties={"id": "person:b", "name": "B", "aliases": ["@SUM(A1)", "+x"]},
        ),
    ]
    edges = [
        GraphEdge(
            id="person:b|AFFILIATED_WITH|org:a|-head",
            type="AFFILIATED_WITH",
            source="person:b",
            target="org:a",
            properties={"position": "-head", "explicit": True},
        )
    ]
    z = zipfile.ZipFile(io.BytesIO(exports.render("csv", exports.Subgraph(nodes, edges))))
    nrows = list(csv.DictReader(io.StringIO(z.read("nodes.csv").decode())))
    erows = list(csv.DictReader(io.StringIO(z.read("edges.csv").decode())))
    assert nrows[0]["Label"] == "'=1+1" and nrows[0]["name"] == "'=1+1"
    assert nrows[1]["aliases"] == "'@SUM(A1)|+x"
    assert erows[0]["position"] == "'-head"
    assert "explicit" not in erows[0]  # internal: never exported
    for row in nrows + erows:
        for cell in row.values():
            assert not cell or cell[0] not in "=+-@", row


def test_relationships_given_one_id_stay_apart_in_every_format() -> None:
    """Two relationships the graph layer gave one id (which their type's key should prevent)
    stay two edges, the second with an id of its own, so that no reader merges them."""
    nodes = [
        GraphNode(id=i, labels=["Organization"], properties={"id": i, "name": i})
        for i in ("org:a", "org:b", "org:c")
    ]
    edge = GraphEdge(
        id="org:a|PART_OF|org:b",
        type="PART_OF",
        source="org:a",
        target="org:b",
        properties={"sourceIds": ["s:1"]},
    )
    dangling = edge.model_copy(update={"id": "org:a|PART_OF|org:x", "target": "org:x"})
    kept = exports._kept_edges(nodes, [edge, edge, dangling])
    assert [e.id for e in kept] == ["org:a|PART_OF|org:b", "org:a|PART_OF|org:b#2"]
    sub = exports.Subgraph(nodes, kept)
    assert_schema_valid(exports.render("gexf", sub))
    assert len(read_gexf_mixed(exports.render("gexf", sub)).edges) == 2
    assert len(nx.read_graphml(io.BytesIO(exports.render("graphml", sub))).edges) == 2
    z = zipfile.ZipFile(io.BytesIO(exports.render("csv", sub)))
    assert len(list(csv.DictReader(io.StringIO(z.read("edges.csv").decode())))) == 2


def test_gexf_values_keep_their_declared_types() -> None:
    nodes = [
        GraphNode(
            id="event:x",
            labels=["Event"],
            properties={
                "id": "event:x",
                "name": 'A "quoted", \\ name\n<b>',
                "aliases": ['one, "two"', "three|four"],
                "startDate": "2020-05-01",
                "endDate": "2020-05-03",
                "participantsCount": 12,
                "otherNames": [{"name": "X", "startDate": "2019"}],
                "odd": "\x0bvertical tab",
            },
        )
    ]
    data = exports.render("gexf", exports.Subgraph(nodes, []))
    assert_schema_valid(data)
    g = nx.read_gexf(io.BytesIO(data))
    d = g.nodes["event:x"]
    assert d["label"] == 'A "quoted", \\ name\n<b>'
    assert json.loads(d["aliases"]) == ['one, "two"', "three|four"]
    assert d["participantsCount"] == 12
    assert json.loads(d["otherNames"]) == [{"name": "X", "startDate": "2019"}]
    assert d["odd"] == "vertical tab"
    assert d["spells"] == [("2020-05-01", "2020-05-03")]


# -- the views and their parameters -----------------------------------------------------------


async def test_each_view_exports_what_its_graph_route_shows(pclient: httpx.AsyncClient) -> None:
    co = (await pclient.get("/api/graph/co-organization", params={"min_weight": 2})).json()
    body = json.loads(await fetch(pclient, view="coorg", min_weight=2))
    assert {e["id"] for e in body["edges"]} == {e["id"] for e in co["edges"]}
    assert {n["id"] for n in body["nodes"]} == {n["id"] for n in co["nodes"]}
    assert all("betweenness" in n["properties"] for n in body["nodes"])

    q = {"from": "org:iom", "to": "org:odihr", "max_hops": 3, "k": 2}
    paths = (await pclient.get("/api/graph/paths", params=q)).json()["paths"]
    assert paths
    body = json.loads(await fetch(pclient, view="paths", **q))
    assert {e["id"] for e in body["edges"]} == {e["id"] for p in paths for e in p["edges"]}
    assert {n["id"] for n in body["nodes"]} == {n["id"] for p in paths for n in p["nodes"]}

    q = {"id": COMMISSION, "depth": 2, "from": "2019", "to": "2019", "limit": 5000}
    hood = (await pclient.get("/api/graph/neighborhood", params=q)).json()
    q.pop("limit")
    for params in ({"view": "neighborhood", **q}, q):  # `id` alone still means the neighbourhood
        body = json.loads(await fetch(pclient, **params))
        assert {e["id"] for e in body["edges"]} == {e["id"] for e in hood["edges"]}
        assert {n["id"] for n in body["nodes"]} == {n["id"] for n in hood["nodes"]}

    everything = json.loads(await fetch(pclient))
    assert len(everything["nodes"]) > len(hood["nodes"])


async def test_export_parameters_are_checked(pclient: httpx.AsyncClient) -> None:
    async def detail(**params: Any) -> list[dict[str, Any]]:
        r = await pclient.get("/api/export", params=params)
        assert r.status_code == 422, r.text
        got: list[dict[str, Any]] = r.json()["detail"]
        return got

    missing = await detail(view="paths", **{"from": "org:iom"})
    assert [d["loc"] for d in missing] == [["query", "to"]]
    missing = await detail(view="paths")
    assert [d["loc"] for d in missing] == [["query", "from"], ["query", "to"]]
    assert [d["loc"] for d in await detail(view="neighborhood")] == [["query", "id"]]
    assert [d["loc"] for d in await detail(**{"from": "org:iom"})] == [["query", "from"]]
    assert [d["loc"] for d in await detail(view="coorg", to="2019-1")] == [["query", "to"]]
    assert (await detail(view="everything"))[0]["loc"] == ["query", "view"]
    assert (await detail(view="paths", **{"from": "a", "to": "b"}, k=11))[0]["loc"] == [
        "query",
        "k",
    ]
    r = await pclient.get(
        "/api/export", params={"view": "paths", "from": "org:nope", "to": "org:iom"}
    )
    assert r.status_code == 404, r.text
    r = await pclient.get("/api/export", params={"format": "gexf", "view": "coorg"})
    assert r.headers["content-type"].startswith("application/gexf+xml")
    assert 'filename="ctgraph-coorg.gexf"' in r.headers["content-disposition"]


def test_export_cli_writes_each_view(
    parallel_store: GraphStore,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    from ctgraph.cli import app

    point_cli_at(parallel_store, settings, monkeypatch, request)
    runner = CliRunner()

    out = tmp_path / "coorg.gexf"
    res = runner.invoke(app, ["export", "--view", "coorg", "--format", "gexf", "--out", str(out)])
    assert res.exit_code == 0, res.output
    data = out.read_bytes()
    assert_schema_valid(data)
    graph = assert_gexf_rules(data)
    types = {_attvalues(e)["relType"] for e in graph.iter(f"{G}edge")}
    assert types == {"CO_ORGANIZED_WITH"}

    out = tmp_path / "paths.json"
    args = ["export", "--view", "paths", "--from", "org:iom", "--to", "org:odihr", "--out"]
    res = runner.invoke(app, [*args, str(out)])
    assert res.exit_code == 0, res.output
    body = json.loads(out.read_text())
    assert {"org:iom", "org:odihr"} <= {n["id"] for n in body["nodes"]}

    res = runner.invoke(app, ["export", "--view", "paths", "--from", "org:iom", "--out", str(out)])
    assert res.exit_code == 1 and "--to" in res.output
    res = runner.invoke(app, ["export", "--from", "org:iom", "--out", str(out)])
    assert res.exit_code == 1 and "not a date" in res.output


def test_vocabulary_directions_are_the_exports() -> None:
    assert [t for t in REL_TYPES if not exports.directed(t)] == ["CO_ORGANIZED_WITH"]
