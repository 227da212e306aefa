"""`POST /api/cypher`: read-only Cypher for power users, refused up front if it could write."""

from __future__ import annotations

import json
import re

from fastapi import APIRouter

from ctgraph.api.deps import SettingsDep, StoreDep
from ctgraph.api.errors import BadRequest, Forbidden, responses
from ctgraph.api.limits import HeavyDep
from ctgraph.graph.models import CypherAnswer, CypherQuery
from ctgraph.settings import Settings

router = APIRouter(prefix="/api", tags=["cypher"])

_STRIP = re.compile(r"//[^\n]*|/\*.*?(\*/|$)|'(?:\\.|[^'\\])*'?|\"(?:\\.|[^\"\\])*\"?", re.S)
_WRITE = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|LOAD|FOREACH|GRANT|REVOKE|DENY|ALTER|"
    r"RENAME|START|STOP|TERMINATE|ENABLE|DISABLE|USE|FINISH|INSERT)\b",
    re.I,
)
_CALL = re.compile(r"\bCALL\s*([A-Za-z0-9_.`\s]*?)\s*(\(|\{|$|YIELD)", re.I)
# Procedures refused although they only read, with why.
UNSOUND_PROCEDURES = {
    "algo.betweenness": "it gives wrong values that change from run to run on the embedded "
    "database (on a path of 10 nodes: 0,16,21,24,… instead of 0,8,14,18,…); the "
    "co-organization route gives each organization's betweenness computed with igraph",
}
READ_PROCEDURES = {
    "db.labels",
    "db.relationshiptypes",
    "db.propertykeys",
    "db.idx.fulltext.querynodes",
    "db.index.fulltext.querynodes",
    "algo.pagerank",
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
        if name in UNSOUND_PROCEDURES:
            return f"procedure {name!r} is not allowed: {UNSOUND_PROCEDURES[name]}"
        if name not in READ_PROCEDURES:
            return f"read-only: procedure {name or '?'!r} is not allowed"
    return None


# Tokens the nesting check reads: strings and comments (skipped), brackets, prefix operators,
# and everything else as operands or binary operators.
_TOKENS = re.compile(
    r"(?P<skip>//[^\n]*|/\*.*?(?:\*/|$)|'(?:\\.|[^'\\])*'?|\"(?:\\.|[^\"\\])*\"?|`[^`]*`?|\s+)"
    r"|(?P<open>[\[({])|(?P<close>[\])}])|(?P<sign>[-+])|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<num>\d[\d.eE]*)|(?P<other>.)",
    re.S,
)
# After these words (or an operator, a comma, an opening bracket) a sign is a prefix operator.
_BEFORE_OPERAND = {
    "RETURN", "WITH", "WHERE", "AND", "OR", "XOR", "NOT", "IN", "THEN", "ELSE", "WHEN", "CASE",
    "UNWIND", "AS", "BY", "SKIP", "LIMIT", "IS", "STARTS", "ENDS", "CONTAINS", "DISTINCT",
}  # fmt: skip


def nesting(text: str) -> int:
    """How deeply the expressions of a query nest: brackets, parentheses and braces outside
    strings and comments, each run of prefix operators (`NOT`, unary `-`/`+`) counting as deep as
    its length. FalkorDB's parser takes twice as long for each further level (measured: 18
    levels 0.9 s, 20 unary minus signs 7.6 s), so this is checked before the query is parsed."""
    stack: list[int] = []  # the depth reached where each open bracket started
    depth = deepest = pending = 0
    operand_before = False
    for m in _TOKENS.finditer(text):
        kind = m.lastgroup
        if kind == "skip":
            continue
        if kind == "open":
            stack.append(depth)
            depth += pending + 1
            pending, operand_before = 0, False
        elif kind == "close":
            depth = stack.pop() if stack else 0
            pending, operand_before = 0, True
        elif kind == "sign" and not operand_before:
            pending += 1
        elif kind == "word" and m.group().upper() == "NOT":
            pending += 1
            operand_before = False
        elif kind == "word" and m.group().upper() in _BEFORE_OPERAND:
            operand_before = False
        elif kind in ("word", "num"):
            pending, operand_before = 0, True
        else:
            operand_before = False
        deepest = max(deepest, depth + pending)
    return deepest


_REDUCE = re.compile(r"\breduce\s*\(\s*`?([A-Za-z_][A-Za-z0-9_]*)`?\s*=", re.I)


def doubling_reduce(text: str) -> str | None:
    """The accumulator of a `reduce()` whose step uses it more than once (`s + s`), or None.
    Such a step can double a string or a list at each element, which no database's time or
    memory limit stops before it is done: Neo4j's heap ran out at 2^30 characters (the server
    exits), FalkorDB's query memory grew past 1 GB."""
    code = _STRIP.sub(lambda m: " " * len(m.group()), text)
    for m in _REDUCE.finditer(code):
        depth, bar, end = 1, -1, len(code)
        for i in range(m.end(), len(code)):
            c = code[i]
            if c in "([{":
                depth += 1
            elif c in ")]}":
                depth -= 1
                if depth == 0:
                    end = i
                    break
            elif c == "|" and depth == 1 and bar < 0:
                bar = i
        step = code[bar + 1 : end] if bar >= 0 else ""
        if len(re.findall(rf"\b{re.escape(m.group(1))}\b", step, re.I)) > 1:
            return m.group(1)
    return None


# What both databases store as an integer: 64 bits, signed.
_INT64 = range(-(2**63), 2**63)


def _wide_integer(value: object) -> int | None:
    """The first integer of a parameter value that 64 bits cannot hold, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return None if value in _INT64 else value
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return next((w for v in items if (w := _wide_integer(v)) is not None), None)


def _value_shape(value: object, level: int = 0) -> int:
    """How deeply lists and maps nest in a parameter value."""
    if isinstance(value, dict):
        return max((_value_shape(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_value_shape(v, level + 1) for v in value), default=level + 1)
    return level


def size_problem(body: CypherQuery, settings: Settings) -> str | None:
    """Why a query is too big or too deep to parse, or None: checked before it is parsed."""
    size = len(body.query.encode())
    if size > settings.cypher_max_query_bytes:
        return (
            f"the query is {size:,} bytes, more than the {settings.cypher_max_query_bytes:,} "
            "allowed: shorten it, and pass long values as parameters"
        )
    deep = nesting(body.query)
    if deep > settings.cypher_max_nesting:
        return (
            f"the query nests {deep} levels deep (brackets, parentheses, braces and prefix "
            f"operators such as NOT), more than the {settings.cypher_max_nesting} allowed: "
            "flatten it, e.g. with WITH clauses or parameters"
        )
    doubled = doubling_reduce(body.query)
    if doubled:
        return (
            f"reduce() uses its accumulator {doubled!r} more than once in a step, which can "
            "double its size at every element: add to it once per step (e.g. s + x)"
        )
    if body.parameters:
        shape = _value_shape(body.parameters)
        if shape > settings.cypher_max_params_nesting:
            return (
                f"the parameters nest {shape} levels deep, more than the "
                f"{settings.cypher_max_params_nesting} allowed: flatten them"
            )
        wide = _wide_integer(body.parameters)
        if wide is not None:
            return (
                f"the parameters hold the integer {wide}, which 64 bits cannot hold (the "
                "databases' integers): pass it as text"
            )
        weight = len(json.dumps(body.parameters, separators=(",", ":"), default=str).encode())
        if weight > settings.cypher_max_params_bytes:
            return (
                f"the parameters are {weight:,} bytes of JSON, more than the "
                f"{settings.cypher_max_params_bytes:,} allowed: send less, or page through it"
            )
    return None


@router.post("/cypher", response_model=CypherAnswer, responses=responses(400, 403, 408, 503))
async def run_cypher(
    body: CypherQuery, store: StoreDep, settings: SettingsDep, heavy: HeavyDep
) -> CypherAnswer:
    """Run one read-only Cypher statement with a timeout, a row cap and a byte cap (`truncated`
    says when rows were left out); writes answer 403, oversized or too deeply nested queries
    400, a query past its time 408, a busy server 503 with Retry-After."""
    problem = size_problem(body, settings)
    if problem:
        raise BadRequest(f"query refused before parsing: {problem}")
    reason = refusal(body.query)
    if reason:
        raise Forbidden(f"query refused: {reason}")
    result = await heavy.run(
        lambda st: st.cypher_readonly(
            body.query,
            body.parameters,
            timeout_ms=settings.cypher_timeout_ms,
            row_cap=settings.cypher_row_cap,
            byte_cap=settings.cypher_byte_cap,
        ),
        timeout_s=settings.cypher_timeout_ms / 1000 + 5,
    )
    return CypherAnswer(columns=result.columns, rows=result.rows, truncated=result.truncated)
