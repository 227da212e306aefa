"""Every Neo4j-dialect query file passes Neo4j's own Cypher linter.

The linter is `@neo4j-cypher/language-support`, pinned in `cypher-lint/package-lock.json`
and installed by the test command (`npm ci`). Without Node.js or the installed package
these tests fail; they never skip.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from ctgraph.store.queries import CYPHER_DIR, split_statements

LINT_DIR = Path(__file__).resolve().parent / "cypher-lint"
ERROR, WARNING = 1, 2


@dataclass(frozen=True)
class Diagnostic:
    severity: int
    message: str
    line: int
    column: int


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: install it (sudo apt-get install -y nodejs npm)")
    package = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"
    if not package.is_dir():
        pytest.fail(f"Neo4j's Cypher linter is not installed: run `npm ci` in {LINT_DIR}")
    return node


def lint(queries: dict[str, str]) -> dict[str, list[Diagnostic]]:
    """Diagnostics per query name, from one run of the linter over all of them."""
    payload = json.dumps([{"name": k, "query": v} for k, v in queries.items()])
    proc = subprocess.run(
        [_node(), str(LINT_DIR / "lint.mjs")],
        input=payload,
        capture_output=True,
        text=True,
        cwd=LINT_DIR,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, f"the linter failed to run:\n{proc.stderr}"
    return {r["name"]: [Diagnostic(**d) for d in r["diagnostics"]] for r in json.loads(proc.stdout)}


def neo4j_queries() -> dict[str, str]:
    """Every statement of every `cypher/*.cypher` file (overrides for other dialects excluded)."""
    queries: dict[str, str] = {}
    for path in sorted(CYPHER_DIR.glob("*.cypher")):
        text = path.read_text(encoding="utf-8")
        if path.stem == "schema":
            for i, stmt in enumerate(split_statements(text), 1):
                queries[f"{path.name} (statement {i})"] = stmt
        else:
            queries[path.name] = text
    return queries


@cache
def _project_report() -> dict[str, list[Diagnostic]]:
    return lint(neo4j_queries())


def _describe(report: dict[str, list[Diagnostic]], severity: int) -> list[str]:
    return [
        f"cypher/{name}:{d.line}:{d.column}: {d.message}"
        for name, diags in report.items()
        for d in diags
        if d.severity == severity
    ]


def test_every_neo4j_query_file_is_linted() -> None:
    report = _project_report()
    files = {p.name for p in CYPHER_DIR.glob("*.cypher")}
    linted = {name.split(" ")[0] for name in report}
    assert linted == files
    assert len(files) >= 20


def test_no_neo4j_query_has_a_linter_error() -> None:
    errors = _describe(_project_report(), ERROR)
    assert not errors, "Neo4j's linter reports errors:\n" + "\n".join(errors)


def test_no_neo4j_query_uses_deprecated_syntax() -> None:
    warnings = _describe(_project_report(), WARNING)
    assert not warnings, "Neo4j's linter reports warnings:\n" + "\n".join(warnings)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("MATCH (n:Entity RETURN n", "Invalid input 'RETURN'"),
        ("MATCH (n:Entity) RETURN m", "Variable `m` not defined"),
        (
            "UNWIND $rows AS r MERGE (n:Entity {id: r.id}) RETURN count(*) AS c, x",
            "Variable `x` not defined",
        ),
        ("MATCH (n) WITH n.id AS id RETURN n", "Variable `n` not defined"),
    ],
)
def test_linter_reports_broken_queries(query: str, expected: str) -> None:
    diags = lint({"broken": query})["broken"]
    assert any(d.severity == ERROR and expected in d.message for d in diags), diags


def test_parameters_are_not_errors() -> None:
    assert lint({"q": "MATCH (n:Entity {id: $id}) RETURN n.name AS name"})["q"] == []
