"""Every query name the code uses has a file, and every file is a query the code uses.

Names are read from the source: the first argument of the store's `query`, `single` and
`write`, of `load_query`, and of the entity routers' `_page`. Names the loaders build from
a record type (f-strings) are listed in `loaders.queries.QUERIES`.
"""

from __future__ import annotations

import ast
from pathlib import Path

from ctgraph.loaders.queries import QUERIES
from ctgraph.store.queries import BACKENDS, CYPHER_DIR, query_path

ROOT = Path(__file__).resolve().parents[2]
CALLS = {"query", "single", "write", "load_query", "_page"}


def _called(node: ast.Call) -> str | None:
    f = node.func
    if isinstance(f, ast.Attribute):
        return f.attr
    if isinstance(f, ast.Name):
        return f.id
    return None


def used_names() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Literal names and f-string prefixes passed to a query call, with where they are."""
    names: dict[str, list[str]] = {}
    prefixes: dict[str, list[str]] = {}
    for folder in ("app", "loaders", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and node.args and _called(node) in CALLS):
                    continue
                # `_page(store, name, ...)` takes the name second; the others first.
                arg = node.args[1] if _called(node) == "_page" else node.args[0]
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    names.setdefault(arg.value, []).append(where)
                elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                    prefixes.setdefault(str(arg.values[0].value), []).append(where)
                elif isinstance(arg, ast.BinOp) and isinstance(arg.left, ast.Constant):
                    prefixes.setdefault(str(arg.left.value), []).append(where)
    return names, prefixes


def test_enough_names_are_found() -> None:
    names, prefixes = used_names()
    assert len(names) >= 20
    assert {"load_", "load_existing_", "bench_ids_"} <= set(prefixes)


def test_every_used_name_has_a_file_for_each_backend() -> None:
    names, _ = used_names()
    missing = [
        f"{where[0]}: query {name!r} has no file cypher/{name}.cypher"
        for name, where in names.items()
        if not (CYPHER_DIR / f"{name}.cypher").is_file()
    ]
    assert not missing, "\n".join(missing)
    for name in names:
        for backend in BACKENDS:
            assert query_path(name, backend).is_file()


def test_built_names_have_files() -> None:
    _, prefixes = used_names()
    for prefix, where in prefixes.items():
        assert any(CYPHER_DIR.glob(f"{prefix}*.cypher")), (
            f"{where[0]}: no query file starts with {prefix!r}"
        )


def test_every_query_file_is_used() -> None:
    names, _ = used_names()
    # The benchmark's id queries are built from a label (`"bench_ids_" + label`).
    bench = {f"bench_ids_{label}" for label in ("organizations", "people", "events")}
    used = set(names) | set(QUERIES) | bench
    stray = sorted(p.name for p in CYPHER_DIR.glob("*.cypher") if p.stem not in used)
    assert not stray, f"query files no code runs: {stray}"


def test_every_override_has_a_neo4j_twin() -> None:
    for backend in BACKENDS[1:]:
        for path in (CYPHER_DIR / backend).glob("*.cypher"):
            twin = CYPHER_DIR / path.name
            assert twin.is_file(), (
                f"{Path(backend) / path.name} overrides a query that does not exist"
            )


def test_only_the_catalogue_runs_queries_by_name() -> None:
    """Routers, loaders, curation and benchmarks call the catalogue's methods; no query is run
    by its name anywhere else."""
    names, prefixes = used_names()
    outside = sorted(
        f"{where}: {name!r}"
        for name, places in (names | prefixes).items()
        for where in places
        if not where.startswith("app/store/")
    )
    assert not outside, outside
