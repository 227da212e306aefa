"""Partial dates (`2019`, `2019-11`, `2019-11-26`) as the full dates they cover."""

from __future__ import annotations


def full_date(date: str | None, last: bool = False) -> str | None:
    """A partial date as the first (or, with `last`, the last) full date it covers."""
    if date is None:
        return None
    pad = "-12-31" if last else "-01-01"
    if len(date) == 4:
        return date + pad
    if len(date) == 7:
        return date + ("-31" if last else "-01")
    return date
