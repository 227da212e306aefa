"""Loaders: read files, validate, resolve ids and names, and write batches to the graph."""

from loaders.load import load_paths
from loaders.models import LoadError, LoadFailed, LoadOptions, LoadReport, Match, TypeCounts

__all__ = [
    "LoadError",
    "LoadFailed",
    "LoadOptions",
    "LoadReport",
    "Match",
    "TypeCounts",
    "load_paths",
]
