"""Settings: ctgraph's own with the CTGRAPH_ prefix, Neo4j's with Neo4j's own names."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Neo4jSettings(BaseSettings):
    """Where the production database is; `NEO4J_URI` set means the Neo4j backend."""

    model_config = SettingsConfigDict(env_prefix="NEO4J_", extra="ignore")

    uri: str | None = None
    username: str = "neo4j"
    password: SecretStr = SecretStr("")
    database: str = "neo4j"


class Settings(BaseSettings):
    """ctgraph's settings, read from `CTGRAPH_*` variables."""

    model_config = SettingsConfigDict(env_prefix="CTGRAPH_", extra="ignore")

    home: Path = Field(default=Path(".ctgraph"), description="data folder of the embedded database")
    graph: str = Field(default="ctgraph", description="graph name inside the embedded database")
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default=1, ge=1, le=64, description="server processes (one per core)")
    batch_size: int = Field(default=5000, ge=1, le=1_000_000)
    load_sample: bool = Field(default=True, description="load data/sample when the graph is empty")
    admin_key: SecretStr | None = Field(default=None, description="API key for /api/admin")
    cypher_timeout_ms: int = Field(default=5000, ge=1)
    cypher_row_cap: int = Field(default=1000, ge=1)
    neighborhood_limit: int = Field(default=500, ge=1)
    entity_list_limit: int = Field(
        default=100, ge=1, le=5000, description="facts per list in an entity's record"
    )
    startup_timeout_s: float = Field(default=20.0, gt=0)
    neo4j: Neo4jSettings = Field(default_factory=Neo4jSettings)

    @property
    def backend(self) -> str:
        """`neo4j` when NEO4J_URI is set, else `embedded`."""
        return "neo4j" if self.neo4j.uri else "embedded"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
