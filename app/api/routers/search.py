"""Search over names and aliases of every type, tolerant of case, diacritics and typos."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ctgraph.api.deps import StoreDep
from ctgraph.api.errors import responses
from ctgraph.core.names import name_key, other_names, search_words
from ctgraph.core.vocabulary import node_type
from ctgraph.graph.models import NO_NUL, NodeType, SearchHit, SearchResults

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search", response_model=SearchResults, responses=responses(503))
async def read_search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200, pattern=NO_NUL)],
    types: Annotated[list[NodeType] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> SearchResults:
    """Entities whose name, alias or dated name matches, best first: a name that is the query,
    then names that start with it, then names holding every word, then names within one edit
    of the words. `matched` gives the alias or dated name that matched, when not the name."""
    chosen = [t.value for t in types] if types else [t.value for t in NodeType]
    words = search_words(q)
    # Enough candidates that the exact and prefix matches are among them, ranked here: the
    # engines' scores rank a long name holding the words above a short one that is them.
    wide = max(limit * 4, 40)
    rows = await store.search(words, chosen, wide, every=True)
    rows += await store.search(words, chosen, wide)
    hits: dict[str, SearchHit] = {}
    for r in rows:
        if r["id"] not in hits:
            hits[r["id"]] = _hit(r, " ".join(words))
    rank = {"exact": 0, "prefix": 1, "words": 2, "fuzzy": 3}
    best = sorted(hits.values(), key=lambda h: (rank[h.match], -h.score, h.name or h.id))
    return SearchResults(query=q, results=best[:limit])


def _hit(r: dict[str, object], key: str) -> SearchHit:
    name = str(r.get("name") or "")
    aliases = [str(a) for a in r.get("aliases") or []]  # type: ignore[attr-defined]
    dated = [str(o["name"]) for o in other_names(r.get("otherNames"))]
    match, matched = "fuzzy", None
    for how, test in (
        ("exact", lambda k: k == key),
        ("prefix", lambda k: k.startswith(key)),
        ("words", lambda k: set(key.split()) <= set(k.split())),
    ):
        found = next((n for n in [name, *aliases, *dated] if key and test(name_key(n))), None)
        if found is not None:
            match, matched = how, (found if found != name else None)
            break
    return SearchHit(
        id=str(r["id"]),
        type=node_type(r["labels"]),  # type: ignore[arg-type]
        name=name or None,
        aliases=aliases,
        matched=matched,
        match=match,  # type: ignore[arg-type]
        score=float(r.get("score") or 0),  # type: ignore[arg-type]
    )
