"""Loaders: read files, validate, resolve ids and names, and write batches to the graph."""
