"""The web page and its assets."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["ui"])
