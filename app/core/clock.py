"""The time a change is recorded at: one form for every log (history, merges, judgements)."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> str:
    """UTC, ISO 8601 to the millisecond with a `Z` (sorts as text): `2026-12-07T13:17:00.123Z`."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
