"""The bundled sample dataset (data/sample/), loaded into an empty graph at start-up."""

from __future__ import annotations

import logging
from pathlib import Path

from app.settings import Settings
from app.store.base import GraphStore
from loaders.load import load_paths
from loaders.models import LoadOptions, LoadReport

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"
log = logging.getLogger("ctgraph")


async def load_sample_if_empty(store: GraphStore, settings: Settings) -> LoadReport | None:
    """Load data/sample when the graph holds no entity; None when it already holds some."""
    row = await store.single("load_count_entities")
    if row and int(row["count"]) > 0:
        return None
    report = await load_paths(store, [SAMPLE_DIR], LoadOptions(batch_size=settings.batch_size))
    log.info("loaded the sample dataset: %s records in %.2f s", report.records, report.seconds)
    return report
