"""Exports: GraphML and GEXF readable by networkx, Gephi CSV headers, the CLI command."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import httpx
import networkx as nx
import pytest
from typer.testing import CliRunner

from ctgraph.settings import Settings
from ctgraph.store.falkordb import FalkorStore
from tests.neo4j_fixtures import point_cli_at


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

    point_cli_at(sample_store, settings, monkeypatch, request)
    out = tmp_path / "g.graphml"
    res = CliRunner().invoke(app, ["export", "--format", "graphml", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert nx.read_graphml(out).number_of_nodes() > 5
