"""Search over names and aliases of every type, tolerant of case, diacritics and typos."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ctgraph.api.deps import StoreDep
from ctgraph.api.errors import responses
from ctgraph.core.names import search_words
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
    """Entities whose name or alias matches, best first."""
    chosen = [t.value for t in types] if types else [t.value for t in NodeType]
    rows = await store.search(search_words(q), chosen, limit)
    hits = [
        SearchHit(
            id=r["id"],
            type=node_type(r["labels"]),
            name=r["name"],
            aliases=list(r["aliases"] or []),
            score=float(r["score"] or 0),
        )
        for r in rows
    ]
    return SearchResults(query=q, results=hits)
