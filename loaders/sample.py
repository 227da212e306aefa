"""The bundled sample dataset (data/sample/), loaded into an empty graph at start-up."""

from __future__ import annotations

import logging

from ctgraph.core.resources import resource_dir
from ctgraph.loaders.load import load_paths
from ctgraph.loaders.models import LoadOptions, LoadReport
from ctgraph.settings import Settings
from ctgraph.store.base import GraphStore

SAMPLE_DIR = resource_dir("sample")
log = logging.getLogger("ctgraph")


async def load_sample_if_empty(store: GraphStore, settings: Settings) -> LoadReport | None:
    """Load data/sample when the graph holds no entity; None when it already holds some."""
    count = await store.load_count_entities()
    if count > 0:
        return None
    report = await load_paths(store, [SAMPLE_DIR], LoadOptions(batch_size=settings.batch_size))
    log.info("loaded the sample dataset: %s records in %.2f s", report.records, report.seconds)
    return report
