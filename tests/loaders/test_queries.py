"""Every query the loaders run has a file, and every load_/merge_ file is one the loaders run."""

from __future__ import annotations

from ctgraph.loaders.queries import QUERIES
from ctgraph.store.queries import CYPHER_DIR, query_path


def test_every_loader_query_has_a_file() -> None:
    for name in QUERIES:
        for backend in ("neo4j", "falkordb"):
            assert query_path(name, backend).is_file()


def test_no_stray_loader_query_files() -> None:
    files = {p.stem for p in CYPHER_DIR.glob("*.cypher") if p.stem.startswith(("load_", "merge_"))}
    assert files == set(QUERIES)
