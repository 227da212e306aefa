"""The sample with a batch of our own loaded on it: Uzbekistan's national commission under the
names it used before its current one, each in the years it used it (2008, 2010, 2013, 2020,
2021), a person's name spelled another way, and look-alikes that are other bodies: the National
Human Rights Centre, Kyrgyzstan's commission, a commission on juvenile affairs, IOM's mission in
Uzbekistan (part of IOM)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctgraph.loaders import LoadOptions, load_paths
from ctgraph.store import GraphStore

RENAMES = Path(__file__).parent.parent / "data" / "commission_renames"
COMMISSION = "org:uz-national-commission"
# Its earlier names, as the batch loads them.
EARLIER = {
    "org:uz-interagency-commission",
    "org:uz-iatc",
    "org:uz-republican-commission",
    "org:uz-commission-forced-labour",
    "org:uz-commission-decent-work",
}
LOOK_ALIKES = {"org:uz-nhrc", "org:kg-commission", "org:uz-juvenile-commission", "org:iom-uz"}


@pytest.fixture
async def renamed_store(sample_store: GraphStore) -> GraphStore:
    """The sample, then the batch."""
    await load_paths(sample_store, [RENAMES], LoadOptions())
    return sample_store
