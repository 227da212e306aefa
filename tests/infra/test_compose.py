"""Structure of docker-compose.yml (no Docker engine needed)."""

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_neo4j_service_has_healthcheck_volume_and_auth() -> None:
    neo4j = _compose()["services"]["neo4j"]
    assert neo4j["image"].startswith("neo4j:5.26")
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert "RETURN 1" in " ".join(neo4j["healthcheck"]["test"])
    assert "NEO4J_AUTH" in neo4j["environment"]
    assert any(v.split(":")[0] in _compose()["volumes"] for v in neo4j["volumes"])


def test_app_waits_for_healthy_neo4j() -> None:
    app = _compose()["services"]["app"]
    assert app["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert app["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert (ROOT / "Dockerfile").is_file()


def test_load_service_is_in_profile() -> None:
    load = _compose()["services"]["load"]
    assert "load" in load["profiles"]
    assert load["command"][:2] == ["ctgraph", "load"]
    assert load["depends_on"]["neo4j"]["condition"] == "service_healthy"
