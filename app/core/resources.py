"""Where ctgraph's own files are: inside the installed package, or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).parent.parent
# In the wheel each folder sits inside the package; in a checkout, beside it.
_CHECKOUT = {"cypher": "cypher", "static": "static", "sample": "data/sample"}


def resource_dir(name: str) -> Path:
    """The folder of ctgraph's query files (`cypher`), page (`static`) or sample data (`sample`)."""
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent / _CHECKOUT[name]
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"ctgraph is installed without its {name!r} folder: reinstall it")
