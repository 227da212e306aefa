"""`POST /api/admin/load`: upload files to the loaders, behind the X-API-Key header.

With no key configured (`CTGRAPH_ADMIN_KEY` unset) the admin routes are off: 404.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

from ctgraph.api.deps import ADMIN_ONLY, SettingsDep, StoreDep
from ctgraph.api.errors import Unprocessable, responses
from ctgraph.core.names import control_problem
from ctgraph.curation.history import Recorder
from ctgraph.graph.models import NO_NUL
from ctgraph.loaders import LoadFailed, LoadOptions, load_paths
from ctgraph.loaders.models import ID_FORM, LoadReport, RetractionRecord
from ctgraph.loaders.retract import retract_one

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=ADMIN_ONLY)


def safe_name(name: str | None) -> str:
    """The upload's base name with only safe characters (the loaders read the type from it)."""
    base = re.sub(r"[^A-Za-z0-9._-]", "_", Path(name or "").name).lstrip(".") or "upload"
    return base[:100]


# The status of a load whose input has errors (declared in the OpenAPI as answered).
LOAD_FAILED = 400


class LoadFailedBody(BaseModel):
    """A load that found errors: nothing was written; the report says where."""

    detail: str
    report: dict[str, Any]


@router.post(
    "/load",
    response_model=LoadReport,
    responses=responses(401, 403, 404, 503) | {LOAD_FAILED: {"model": LoadFailedBody}},
)
async def admin_load(
    store: StoreDep,
    settings: SettingsDep,
    files: Annotated[list[UploadFile], File(description="CSV / JSON / JSONL files")],
    dry_run: Annotated[bool, Form()] = False,
    skip_invalid: Annotated[bool, Form()] = False,
    source: Annotated[str | None, Form(max_length=300, pattern=NO_NUL)] = None,
) -> Any:
    """Load uploaded files with the loaders and answer the load report (400 on errors, naming
    each file as it was uploaded)."""

    with tempfile.TemporaryDirectory(prefix="ctgraph-upload-") as tmp:
        paths = []
        sent: dict[str, str] = {}  # the path each upload was saved at -> its name as sent
        for i, up in enumerate(files):
            # One folder per upload: two files with the same name do not overwrite each other.
            folder = Path(tmp) / f"{i:03d}"
            folder.mkdir()
            path = folder / safe_name(up.filename)
            path.write_bytes(await up.read())
            paths.append(path)
            sent[str(path)] = shown_name(up.filename, path.name)
        opts = LoadOptions(
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            source=source,
            batch_size=settings.batch_size,
            origin="upload",
        )
        try:
            report = await load_paths(store, paths, opts)
        except LoadFailed as exc:
            body = as_sent(exc.report.model_dump(mode="json"), tmp, sent)
            first = (body.get("errors") or [{}])[0]
            where = first.get("file", "")
            if first.get("line"):
                where += f":{first['line']}"
            return JSONResponse(
                {
                    "detail": f"{body.get('error_count')} error(s) in the input, the first in "
                    f"{where}; nothing loaded",
                    "report": body,
                },
                status_code=LOAD_FAILED,
            )
        return LoadReport.model_validate(as_sent(report.model_dump(mode="json"), tmp, sent))


def shown_name(filename: str | None, saved: str) -> str:
    """An upload's name as the user sent it (its last part, at most 200 characters; control
    characters, which no file name needs, replaced), or the name it was saved under."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = "".join("\ufffd" if control_problem(c) else c for c in base)[:200]
    return base or saved


def as_sent(report: dict[str, Any], tmp: str, sent: dict[str, str]) -> dict[str, Any]:
    """The report with each saved upload named as it was sent, and nothing else of the
    server's temporary folder left, in file names or in messages (which may name another
    record's file and line)."""
    longest_first = sorted(sent, key=len, reverse=True)
    rest = re.compile(re.escape(str(Path(tmp))) + r"(/\d{3})?/?")

    def clean(text: str) -> str:
        for path in longest_first:
            text = text.replace(path, sent[path])
        return rest.sub("", text)

    for key in ("errors", "matches"):
        for item in report.get(key) or []:
            for name in ("file", "message"):
                if isinstance(item.get(name), str):
                    item[name] = clean(item[name])
    if isinstance(report.get("reject_file"), str):
        report["reject_file"] = clean(report["reject_file"])
    return report


class RetractBody(BaseModel):
    """What to withdraw: an entity id, or a relationship id `start|TYPE|end[|position]`."""

    id: str = Field(min_length=1, max_length=10_000, pattern=NO_NUL)
    reason: str = Field(min_length=1, max_length=10_000, pattern=NO_NUL)
    sourceIds: list[Annotated[str, Field(max_length=200, pattern=ID_FORM)]] = Field(
        default=[], max_length=100
    )


class RetractAnswer(BaseModel):
    """What was withdrawn, or that it had been before."""

    retracted: str
    status: str = Field(description="retracted, or unchanged: it had been retracted before")


@router.post(
    "/retract",
    response_model=RetractAnswer,
    responses=responses(401, 403, 404, 422, 503),
)
async def admin_retract(
    store: StoreDep,
    body: RetractBody,
) -> RetractAnswer:
    """Withdraw an entity (with its relationships) or one relationship: it leaves every view
    and export, and stays in its history with the reason and sources (422 when it cannot)."""

    try:
        rec = RetractionRecord.model_validate(body.model_dump())
        target = await retract_one(store, rec, Recorder(origin="upload"))
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        raise Unprocessable(str(first["msg"]).removeprefix("Value error, ")) from exc
    return RetractAnswer(retracted=target.describe(), status=target.status)
