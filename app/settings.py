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
    review_min_score: float = Field(
        default=0.1,
        ge=0,
        le=1,
        description="duplicate candidates scored below this are not offered for review unless "
        "asked for (`min_score=0`, `--min-score 0`): the scorer's prior is about 0.15, so a "
        "pair below 0.1 is one its evidence says are two records",
    )
    # -- budgets of anonymous work (see app/store/budgets.py and app/api/limits.py) ----------
    cypher_byte_cap: int = Field(
        default=5_000_000, ge=1000, description="bytes of rows /api/cypher answers at most"
    )
    cypher_max_query_bytes: int = Field(
        default=10_000, ge=100, description="longest /api/cypher query text, in bytes"
    )
    cypher_max_nesting: int = Field(
        default=12,
        ge=4,
        description="deepest nesting (brackets, prefix operators) of a /api/cypher query: "
        "FalkorDB's parser takes twice as long for each level past about 12",
    )
    cypher_max_params_bytes: int = Field(
        default=100_000, ge=100, description="largest /api/cypher parameters, as JSON bytes"
    )
    cypher_max_params_nesting: int = Field(
        default=16, ge=2, description="deepest nesting of lists and maps in the parameters"
    )
    heavy_slots: int = Field(
        default=1,
        ge=1,
        le=64,
        description="heavy requests (cypher, paths, networks, exports) run at once, across "
        "every server process; keep it below the database's threads (FalkorDB: 2)",
    )
    heavy_queue: int = Field(
        default=4, ge=0, le=1000, description="heavy requests waiting for a slot; more get 503"
    )
    heavy_wait_s: float = Field(
        default=10.0, gt=0, description="seconds a heavy request waits for a slot before 503"
    )
    heavy_timeout_s: float = Field(
        default=30.0, gt=0, description="seconds a heavy request may run before 408"
    )
    falkordb_timeout_default_ms: int = Field(
        default=60_000,
        ge=0,
        description="FalkorDB TIMEOUT_DEFAULT: any query, read or write, that names no timeout",
    )
    falkordb_timeout_max_ms: int = Field(
        default=600_000,
        ge=0,
        description="FalkorDB TIMEOUT_MAX: the most any query may ask for (a large load)",
    )
    falkordb_query_mem_mb: int = Field(
        default=1536, ge=0, description="FalkorDB QUERY_MEM_CAPACITY per query, MiB (0: none)"
    )
    falkordb_resultset_size: int = Field(
        default=10_000_000,
        ge=-1,
        description="FalkorDB RESULTSET_SIZE: rows any query returns at most (a backstop: "
        "ctgraph's own reads of a whole graph stay below it)",
    )
    falkordb_max_queued: int = Field(
        default=1000, ge=1, description="FalkorDB MAX_QUEUED_QUERIES: beyond, 'busy' at once"
    )
    falkordb_omp_threads: int = Field(
        default=1,
        ge=1,
        description="FalkorDB OMP_THREAD_COUNT: cores one query's matrix work may use",
    )
    neo4j: Neo4jSettings = Field(default_factory=Neo4jSettings)

    @property
    def backend(self) -> str:
        """`neo4j` when NEO4J_URI is set, else `embedded`."""
        return "neo4j" if self.neo4j.uri else "embedded"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
