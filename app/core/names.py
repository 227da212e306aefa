"""Name keys for entity resolution, readable ids, and spreadsheet-safe CSV cells."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A name as compared: lower case, no diacritics, punctuation → space, spaces collapsed."""
    if name.isascii():
        return " ".join(_NOT_WORD.sub(" ", name.lower()).split())
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", stripped.casefold()).split())


def search_words(text: str) -> list[str]:
    """The words of a search, normalized; only letters and digits, at most twelve."""
    return [w for w in name_key(text).split() if w.isalnum()][:12]


def name_keys(names: Iterable[str]) -> list[str]:
    """The sorted, distinct, non-empty keys of some names."""
    return sorted({k for k in map(name_key, names) if k})


def search_text(names: list[str]) -> str:
    """Names, aliases and their normalized forms in one string, for the full-text index."""
    seen: dict[str, None] = {}
    for text in [*names, *name_keys(names)]:
        seen.setdefault(text, None)
    return " | ".join(seen)


def slug(name: str) -> str:
    """A readable id part: `Kevin Hyland` → `kevin-hyland`."""
    return name_key(name).replace(" ", "-")[:80] or "unnamed"


def csv_safe(value: object) -> str:
    """A cell a spreadsheet shows as text: values that would start a formula get a `'` first."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


_PARENS = re.compile(r"\s*\(([^()]*)\)\s*")
_TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "professor", "colonel", "col", "ambassador", "sir",
    "madam", "judge", "minister", "general", "h", "e", "his", "her", "excellency",
}  # fmt: skip


def lookup_names(name: str, label: str) -> list[str]:
    """Other forms of a name worth looking up (never stored): without a parenthesis and the
    parenthesis alone (`International Organization for Migration (IOM)`), without a leading
    `the`, and for people without titles (`Dr. Kevin Hyland`)."""
    forms: list[str] = []
    inner = _PARENS.findall(name)
    if inner:
        forms.append(_PARENS.sub(" ", name).strip())
        forms.extend(i for i in inner if i.strip())
    key = name_key(name)
    if key.startswith("the "):
        forms.append(key[4:])
    if label == "Person":
        words = key.split()
        while len(words) > 2 and words[0] in _TITLES:
            words = words[1:]
        forms.append(" ".join(words))
    return forms
