"""`POST /api/admin/extract`: the facts a news item proposes (the event, its organizers and
speakers, each with the text that says so), read against the graph's names. Nothing is
written; the answer's `records` are in the load format, for review and then `/api/admin/load`."""

from __future__ import annotations

import asyncio
import datetime
import json
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, field_validator

from ctgraph.api.deps import ADMIN_ONLY, SettingsDep, StoreDep
from ctgraph.api.errors import BadRequest, responses
from ctgraph.core.clock import now
from ctgraph.curation.history import generation
from ctgraph.extract import ItemMeta, Proposer, known_actors
from ctgraph.extract.review import with_review
from ctgraph.extract.text import text_sha256
from ctgraph.graph.models import NO_NUL
from ctgraph.loaders import LoadFailed, LoadOptions, load_paths
from ctgraph.loaders.models import LoadReport
from ctgraph.store.base import GraphStore

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=ADMIN_ONLY)

# The proposer over the graph's names, kept until a write makes a new generation.
_kept: dict[int, tuple[str, Proposer]] = {}
_lock = asyncio.Lock()


class ExtractBody(BaseModel):
    """A news item: its text (plain or HTML) and what is known of its publication."""

    text: str = Field(min_length=1, max_length=2_000_000, pattern=NO_NUL)
    title: Annotated[str, Field(max_length=1000, pattern=NO_NUL)] | None = None
    publisher: Annotated[str, Field(max_length=500, pattern=NO_NUL)] | None = None
    published: (
        Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"})]
        | None
    ) = Field(default=None, description="YYYY-MM-DD")

    @field_validator("published")
    @classmethod
    def _on_the_calendar(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{value} is not a day on the calendar") from None
        return value

    url: Annotated[str, Field(max_length=2000, pattern=r"^https?://\S+$")] | None = None

    def meta(self) -> ItemMeta:
        return ItemMeta(self.title, self.publisher, self.published, self.url)


async def proposer_for(store: GraphStore) -> Proposer:
    """One proposer per data generation: the gazetteer is built again only after a write."""
    gen = await generation(store)
    key = f"{gen.at}|{gen.writes}"
    async with _lock:
        kept = _kept.get(id(store))
        if kept and kept[0] == key:
            return kept[1]
        rows = await store.extract_actors()
        proposer = await asyncio.to_thread(lambda: Proposer(known_actors(rows)))
        _kept[id(store)] = (key, proposer)
        return proposer


@router.post("/extract", responses=responses(401, 403, 404, 422, 503))
async def admin_extract(store: StoreDep, body: ExtractBody) -> dict[str, Any]:
    """Propose the facts of one news item. Each fact carries its confidence and evidence (the
    sentence and the character offsets of the words that say it, in `item.text`); `records`
    are ctgraph's load format with the item as their Source."""
    meta = body.meta()
    proposer = await proposer_for(store)
    doc = await asyncio.to_thread(proposer.propose, body.text, meta)
    return await with_review(store, doc)


class ReviewedItem(BaseModel):
    """What the reviewed proposal was: its item's hash, rules and facts as proposed
    (`item.sha256`, `item.rules`, `item.facts` of the extraction's answer), kept with the
    review so that a changed item or rules that propose other facts ask for review again."""

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    rules: str = Field(min_length=1, max_length=50, pattern=NO_NUL)
    facts: dict[str, Any]


class LoadProposalBody(BaseModel):
    """Reviewed records of a proposal (ctgraph's load format, each with its `type`); with
    `item`, a load that is not a dry run keeps the review."""

    records: list[dict[str, Any]] = Field(min_length=1, max_length=10_000)
    dry_run: bool = False
    item: ReviewedItem | None = None
    by: str = Field(default="admin", min_length=1, max_length=200, pattern=NO_NUL)


def _reviewed_source(body: LoadProposalBody) -> str:
    """The Source of reviewed records, whose text must be the text reviewed."""
    assert body.item is not None
    sources = [r for r in body.records if r.get("type") == "source"]
    if len(sources) != 1 or not isinstance(sources[0].get("id"), str):
        raise BadRequest("a reviewed proposal has one source record, with its id")
    content = sources[0].get("content")
    if not isinstance(content, str) or text_sha256(content) != body.item.sha256:
        raise BadRequest(
            "the source record's content is not the text reviewed (item.sha256 differs): "
            "extract the item again"
        )
    return str(sources[0]["id"])


@router.post(
    "/extract/load",
    response_model=LoadReport,
    responses=responses(400, 401, 403, 404, 422, 503),
)
async def admin_extract_load(store: StoreDep, settings: SettingsDep, body: LoadProposalBody) -> Any:
    """Load reviewed records through the ordinary loader (`dry_run`: check them, write
    nothing). Errors name the record as `proposal.json:LINE`; nothing is half-written. With
    `item`, a load keeps the review: a later extraction of the same item says `reviewed`, or
    `review-again` if its text changed or the rules now propose other records."""
    source_id = _reviewed_source(body) if body.item else None
    with tempfile.TemporaryDirectory(prefix="ctgraph-extract-") as tmp:
        path = Path(tmp) / "proposal.json"
        path.write_text(
            "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in body.records) + "\n]\n"
        )
        opts = LoadOptions(dry_run=body.dry_run, batch_size=settings.batch_size, origin="upload")
        try:
            report = await load_paths(store, [path], opts)
        except LoadFailed as exc:
            doc = json.loads(exc.report.model_dump_json().replace(str(path), "proposal.json"))
            first = (doc.get("errors") or [{}])[0]
            where = f"{first.get('file', '')}:{first.get('line', '')}"
            field = f" {first['field']}:" if first.get("field") else ""
            return JSONResponse(
                {
                    "detail": f"{doc.get('error_count')} error(s), the first in {where}:{field} "
                    f"{first.get('message', '')}; nothing loaded",
                    "report": doc,
                },
                status_code=400,
            )
        done = LoadReport.model_validate_json(
            report.model_dump_json().replace(str(path), "proposal.json")
        )
    if body.item and not body.dry_run:
        await store.review_write(
            {
                "sourceId": source_id,
                "sha256": body.item.sha256,
                "rules": body.item.rules,
                "proposed": json.dumps(body.item.facts, ensure_ascii=False),
                "accepted": json.dumps(body.records, ensure_ascii=False),
                "reviewedAt": now(),
                "by": body.by,
            }
        )
    return done
