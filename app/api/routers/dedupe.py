"""Duplicates, behind the admin key: candidate pairs with their explanation, judgements (and
their undo), merge preview, merge, unmerge preview and unmerge. The review page at
`/admin/review` uses these."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from ctgraph.api.deps import ADMIN_ONLY, SettingsDep, StoreDep
from ctgraph.api.errors import NotFound, Unprocessable, responses
from ctgraph.api.limits import HeavyDep
from ctgraph.curation import judgements as judging
from ctgraph.curation import merge as merging
from ctgraph.graph.dedupe import TYPES, CandidateIndex, pair_view, review_order
from ctgraph.graph.models import NO_NUL
from ctgraph.store.base import GraphStore

router = APIRouter(prefix="/api/admin", tags=["duplicates"], dependencies=ADMIN_ONLY)

Id = Annotated[str, Query(min_length=1, max_length=300, pattern=NO_NUL)]
EntityType = Literal["Organization", "Person", "Event"]
Decision = Literal["same", "different", "unsure"]
ADMIN = responses(401, 403, 404, 422, 503)
HEAVY_ADMIN = responses(401, 403, 404, 408, 422, 503)


class Page(BaseModel):
    """A page of items and how many there are in all."""

    total: int
    items: list[dict[str, Any]]


class CandidatePage(Page):
    """Candidate pairs scored `minScore` or more, and how many of the others score less."""

    minScore: float = Field(description="the threshold: pairs below it are left out")
    below: int = Field(description="pairs left out for scoring below the threshold")


class JudgementBody(BaseModel):
    """A decision on two records."""

    a: str = Field(min_length=1, max_length=300, pattern=NO_NUL)
    b: str = Field(min_length=1, max_length=300, pattern=NO_NUL)
    decision: Decision
    note: str | None = Field(default=None, max_length=2000)
    by: str = Field(default="admin", min_length=1, max_length=200, pattern=NO_NUL)


class MergeBody(BaseModel):
    """Merge DROP into KEEP."""

    keep: str = Field(min_length=1, max_length=300, pattern=NO_NUL)
    drop: str = Field(min_length=1, max_length=300, pattern=NO_NUL)
    by: str = Field(default="admin", min_length=1, max_length=200, pattern=NO_NUL)


class UnmergeBody(BaseModel):
    """Undo the latest merge of DROP."""

    drop: str = Field(min_length=1, max_length=300, pattern=NO_NUL)
    by: str = Field(default="admin", min_length=1, max_length=200, pattern=NO_NUL)


@router.get("/candidates", response_model=CandidatePage, responses=HEAVY_ADMIN)
async def read_candidates(
    settings: SettingsDep,
    heavy: HeavyDep,
    type: EntityType | None = None,  # noqa: A002 - the API's word
    order: Literal["score", "uncertain"] = "score",
    judged: bool = False,
    min_score: Annotated[
        float | None,
        Query(
            ge=0,
            le=1,
            description="leave out pairs scored below this (default: the server's "
            "CTGRAPH_REVIEW_MIN_SCORE, 0.1; 0 lists every pair)",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> Response:
    """Candidate pairs of one type (or all), strongest first or alternately the strongest and
    the least sure; pairs a judgement settled are left out unless `judged`, and so are pairs
    scored below `min_score` (counted in `below`)."""

    threshold = settings.review_min_score if min_score is None else min_score

    async def work(st: GraphStore) -> CandidatePage:
        # The whole graph is read and scored: heavy work, in its own process and slot.
        state = await judging.judged(st)
        index = await CandidateIndex.from_store(st)
        types = [type] if type else TYPES
        every = index.candidates(types=types, judged=state, include_judged=judged)
        cands = review_order([c for c in every if c.score >= threshold], order)
        items = []
        for c in cands[offset : offset + limit]:
            item = pair_view(c)
            if judged:
                item["judgement"] = state.latest(c.a.id, c.b.id)
                item["decision"] = state.decision(c.a.id, c.b.id)
            items.append(item)
        return CandidatePage(
            total=len(cands), items=items, minScore=threshold, below=len(every) - len(cands)
        )

    return await heavy.json(work)


@router.get("/candidates/pair", responses=HEAVY_ADMIN)
async def read_pair(store: StoreDep, heavy: HeavyDep, a: Id, b: Id) -> dict[str, Any]:
    """One pair in full: the score and its explanation, which values agree, the neighbours
    both have, the decisions made on it."""

    ra, rb = await store.resolve_id(a), await store.resolve_id(b)
    for given, found in ((a, ra), (b, rb)):
        if found is None:
            raise NotFound(f"no entity with id {given!r}")
    assert ra is not None and rb is not None
    if ra == rb:
        raise Unprocessable(f"{a!r} and {b!r} are one record ({ra!r})")

    async def work(st: GraphStore) -> dict[str, Any]:
        index = await CandidateIndex.from_store(st)
        if ra not in index.records or rb not in index.records:
            raise Unprocessable("only organizations, people and events have duplicates")
        if index.records[ra].type != index.records[rb].type:
            raise Unprocessable(f"{ra!r} and {rb!r} are not of one type")
        c = index.score(ra, rb)
        state = await judging.judged(st)
        return {
            **pair_view(c),
            "shared": index.shared(c.a.id, c.b.id),
            "agreement": index.agreement(c.a.id, c.b.id),
            "decision": state.decision(c.a.id, c.b.id),
            "judgement": state.latest(c.a.id, c.b.id),
            "history": state.history(c.a.id, c.b.id),
        }

    return await heavy.run(work)


@router.post("/judgements", status_code=201, responses=ADMIN)
async def create_judgement(store: StoreDep, body: JudgementBody) -> dict[str, Any]:
    """Record a decision on two records: `same` (recorded; merging is a step of its own),
    `different` (the pair is not proposed again, and loads never join them by name) or
    `unsure`."""

    return await judging.record(store, body.a, body.b, body.decision, by=body.by, note=body.note)


@router.get("/judgements", response_model=Page, responses=ADMIN)
async def read_judgements(
    store: StoreDep,
    a: Annotated[str | None, Query(max_length=300, pattern=NO_NUL)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page:
    """The log of decisions, newest first (only those naming `a`, when given)."""
    log = (await store.judgements_log())[::-1]
    if a:
        log = [j for j in log if a in (j["a"], j["b"])]
    return Page(total=len(log), items=log[offset : offset + limit])


@router.post("/judgements/{seq}/undo", status_code=201, responses=ADMIN)
async def undo_judgement(
    store: StoreDep,
    seq: int,
    by: Annotated[str, Query(min_length=1, max_length=200, pattern=NO_NUL)] = "admin",
) -> dict[str, Any]:
    """Undo one decision: the pair goes back to what was decided before it."""

    return await judging.undo(store, seq, by=by)


@router.get("/merge/preview", responses=ADMIN)
async def merge_preview(store: StoreDep, keep: Id, drop: Id) -> dict[str, Any]:
    """What merging DROP into KEEP would move, which values conflict (KEEP's stay), and the
    dated names the record would keep."""

    return await merging.preview(store, keep, drop)


@router.post("/merge", responses=ADMIN)
async def merge(store: StoreDep, body: MergeBody) -> dict[str, Any]:
    """Merge DROP into KEEP (one unit of work); DROP's id keeps resolving to KEEP."""

    done = await merging.merge_entities(store, body.keep, body.drop, by=body.by)
    return {"keep": body.keep, "drop": body.drop, **done}


@router.get("/unmerge/preview", responses=ADMIN)
async def unmerge_preview(store: StoreDep, drop: Id) -> dict[str, Any]:
    """What undoing the latest merge of DROP would give back (its relationships per type, and
    the record it would leave), without doing it; `refused` says why it cannot be undone now
    (null when it can)."""

    return await merging.unmerge_preview(store, drop)


@router.post("/unmerge", responses=ADMIN)
async def unmerge(store: StoreDep, body: UnmergeBody) -> dict[str, Any]:
    """Undo the latest merge of DROP: the record and its relationships come back as they were."""

    return await merging.unmerge(store, body.drop, by=body.by)


@router.get("/merges", response_model=Page, responses=ADMIN)
async def read_merges(store: StoreDep) -> Page:
    """The merges made, newest first, and whether each was undone."""
    items = [
        {k: m.get(k) for k in ("seq", "keep", "drop", "kind", "at", "by", "undone", "undoneAt")}
        for m in await store.merge_records()
    ]
    return Page(total=len(items), items=items)
