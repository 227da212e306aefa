"""Exports: GraphML and GEXF readable by networkx, Gephi CSV headers, the CLI command."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import httpx
import networkx as nx
import pytest
from typer.testing import CliRunner

from ctgraph.settings import Settings, get_settings
from ctgraph.store.falkordb import FalkorStore


async def test_export_formats(client: httpx.AsyncClient, sample_store: FalkorStore) -> None:
    r = await client.get("/api/export", params={"format": "gexf"})
    g = nx.read_gexf(io.BytesIO(r.content))
    assert g.number_of_nodes() > 5
    assert b'mode="dynamic"' in r.content and b'start="2019-11-26"' in r.content
    r = await client.get("/api/export", params={"format": "graphml", "id": "org:iom"})
    assert "org:iom" in nx.read_graphml(io.BytesIO(r.content))
    r = await client.get("/api/export", params={"format": "csv"})
    z = zipfile.ZipFile(io.BytesIO(r.content))
    assert z.read("nodes.csv").decode().startswith("Id,Label,")
    assert z.read("edges.csv").decode().startswith("Source,Target,Type,Weight,")
    assert (await client.get("/api/export", params={"format": "xls"})).status_code == 422


def test_export_cli(
    sample_store: FalkorStore,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    from ctgraph.cli import app

    monkeypatch.setenv("CTGRAPH_HOME", str(settings.home))
    monkeypatch.setenv("CTGRAPH_GRAPH", settings.graph)
    if sample_store.backend == "neo4j":
        neo = request.getfixturevalue("neo4j_target")
        for name, value in (("URI", neo.uri), ("USERNAME", neo.user), ("PASSWORD", neo.password)):
            monkeypatch.setenv(f"NEO4J_{name}", value)
    # The command reads its settings once per process: read them anew, and again after.
    get_settings.cache_clear()
    request.addfinalizer(get_settings.cache_clear)
    out = tmp_path / "g.graphml"
    res = CliRunner().invoke(app, ["export", "--format", "graphml", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert nx.read_graphml(out).number_of_nodes() > 5
