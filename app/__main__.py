"""`python -m ctgraph`: the ctgraph command."""

from ctgraph.cli import app

app(prog_name="ctgraph")
