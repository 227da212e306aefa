"""The cue lists extraction reads, kept as data (`rules/<language>.json`) so that another
language is a file, not code."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Rules:
    version: str
    data: dict[str, Any]
    months: dict[str, int]
    month_re: str  # an alternation of month names, longest first
    abbreviations: frozenset[str]
    honorifics: tuple[str, ...]
    position_words: frozenset[str]
    org_heads: frozenset[str]
    not_names: frozenset[str]
    demonyms: dict[str, str]
    countries: dict[str, str]
    cities: dict[str, str]

    def words(self, key: str) -> list[str]:
        return list(self.data[key])

    def alternation(self, key: str) -> str:
        """A regular expression matching any phrase of a list, longest first, as whole words."""
        items = sorted(self.data[key], key=len, reverse=True)
        return r"(?<![\w-])(?:" + "|".join(re.escape(i) for i in items) + r")(?![\w-])"


@cache
def load_rules(language: str = "en") -> Rules:
    try:
        text = resources.files("ctgraph.extract").joinpath(f"rules/{language}.json").read_text()
    except FileNotFoundError:
        raise ValueError(f"no extraction rules for language {language!r}") from None
    data = json.loads(text)
    months = {k.lower(): int(v) for k, v in data["months"].items()}
    month_re = "|".join(sorted(months, key=len, reverse=True))
    return Rules(
        version=str(data["version"]),
        data=data,
        months=months,
        month_re=rf"(?:{month_re})\.?",
        abbreviations=frozenset(a.lower() for a in data["abbreviations"]),
        honorifics=tuple(sorted(data["honorifics"], key=len, reverse=True)),
        position_words=frozenset(w.lower() for w in data["position_words"]),
        org_heads=frozenset(data["org_heads"]),
        not_names=frozenset(data["not_names"]),
        demonyms=dict(data["demonyms"]),
        countries=dict(data["countries"]),
        cities=dict(data["cities"]),
    )
