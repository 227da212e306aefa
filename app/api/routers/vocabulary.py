"""The vocabulary: node and relationship types, their properties, display names and styles."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ctgraph.core.vocabulary import as_json

router = APIRouter(prefix="/api", tags=["vocabulary"])


@router.get("/vocabulary")
async def read_vocabulary() -> dict[str, Any]:
    """Every node type and relationship type with its properties, display names and style;
    the page draws and labels the network from it."""
    return as_json()
