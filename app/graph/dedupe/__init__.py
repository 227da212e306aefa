"""Duplicates: candidate pairs with their explanation, and what judgements say of them."""

from ctgraph.graph.dedupe.candidates import (
    TYPES,
    Candidate,
    CandidateIndex,
    pair_view,
    review_order,
    side,
)
from ctgraph.graph.dedupe.features import DedupeRecord
from ctgraph.graph.dedupe.judged import DECISIONS, Judged, pair_key
from ctgraph.graph.dedupe.score import Feature, score_pair

__all__ = [
    "DECISIONS",
    "TYPES",
    "Candidate",
    "CandidateIndex",
    "DedupeRecord",
    "Feature",
    "Judged",
    "pair_key",
    "pair_view",
    "review_order",
    "score_pair",
    "side",
]
