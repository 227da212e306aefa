"""Loaders: read files, validate, resolve ids and names, and write batches to the graph."""

from ctgraph.loaders.load import load_paths
from ctgraph.loaders.models import LoadError, LoadFailed, LoadOptions, LoadReport, Match, TypeCounts

__all__ = [
    "LoadError",
    "LoadFailed",
    "LoadOptions",
    "LoadReport",
    "Match",
    "TypeCounts",
    "load_paths",
]
