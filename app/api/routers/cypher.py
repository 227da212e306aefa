"""`POST /api/cypher`: read-only Cypher for power users, refused up front if it could write."""

from __future__ import annotations

import re

from fastapi import APIRouter

from ctgraph.api.deps import SettingsDep, StoreDep
from ctgraph.api.errors import Forbidden, responses
from ctgraph.graph.models import CypherAnswer, CypherQuery

router = APIRouter(prefix="/api", tags=["cypher"])

_STRIP = re.compile(r"//[^\n]*|/\*.*?(\*/|$)|'(?:\\.|[^'\\])*'?|\"(?:\\.|[^\"\\])*\"?", re.S)
_WRITE = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|LOAD|FOREACH|GRANT|REVOKE|DENY|ALTER|"
    r"RENAME|START|STOP|TERMINATE|ENABLE|DISABLE|USE|FINISH|INSERT)\b",
    re.I,
)
_CALL = re.compile(r"\bCALL\s*([A-Za-z0-9_.`\s]*?)\s*(\(|\{|$|YIELD)", re.I)
READ_PROCEDURES = {
    "db.labels",
    "db.relationshiptypes",
    "db.propertykeys",
    "db.idx.fulltext.querynodes",
    "db.index.fulltext.querynodes",
    "algo.pagerank",
    "algo.betweenness",
    "algo.wcc",
    "algo.sppaths",
    "algo.sspaths",
    "algo.bfs",
}


def refusal(text: str) -> str | None:
    """Why the query is refused, or None when it looks read-only (the database checks again)."""
    code = _STRIP.sub(" ", text)
    if ";" in code.rstrip().rstrip(";"):
        return "only one statement is allowed"
    if "`" in code:
        code = code.replace("`", "")
    if m := _WRITE.search(code):
        return f"read-only: {m.group(1).upper()} is not allowed"
    if re.search(r"\bGRAPH\s*\.", code, re.I):
        return "read-only: GRAPH commands are not allowed"
    for m in _CALL.finditer(code):
        name = re.sub(r"\s+", "", m.group(1)).lower()
        if m.group(2) == "{" and not name:
            continue
        if name not in READ_PROCEDURES:
            return f"read-only: procedure {name or '?'!r} is not allowed"
    return None


@router.post("/cypher", response_model=CypherAnswer, responses=responses(400, 403, 408, 503))
async def run_cypher(body: CypherQuery, store: StoreDep, settings: SettingsDep) -> CypherAnswer:
    """Run one read-only Cypher statement with a timeout and a row cap; writes answer 403."""
    reason = refusal(body.query)
    if reason:
        raise Forbidden(f"query refused: {reason}")
    result = await store.cypher_readonly(
        body.query,
        body.parameters,
        timeout_ms=settings.cypher_timeout_ms,
        row_cap=settings.cypher_row_cap,
    )
    return CypherAnswer(columns=result.columns, rows=result.rows, truncated=result.truncated)
