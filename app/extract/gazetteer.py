"""Known actors in an item: every name, alias and dated name in the graph, matched longest
first, whatever the case, with possessives and a leading "the" ignored, each linked to its id."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick

# A word (letters and digits), or a mark that a name never runs across.
_TOKEN = re.compile(r"[^\W_]+|[,;:()“”\"]|\.(?=\s|$)")
_POSSESSIVE = re.compile(r"[’']s\b")


@dataclass(frozen=True)
class Known:
    """One actor of the graph that a gazetteer can find."""

    id: str
    type: str  # Organization, Person, Event
    name: str
    names: tuple[str, ...]
    country: str | None = None
    extra: dict[str, object] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Match:
    start: int  # offsets in the item's text
    end: int
    text: str
    ids: tuple[str, ...]  # more than one when the name is ambiguous
    type: str
    name: str  # the name of the graph that matched


@dataclass(frozen=True)
class Tokens:
    words: list[str]  # normalized
    spans: list[tuple[int, int]]  # offsets in the text


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> Tokens:
    """Normalized words with their offsets; "Crime’s" is "crime"."""
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    possessive = {m.start() + 1 for m in _POSSESSIVE.finditer(text)}
    for m in _TOKEN.finditer(text):
        if m.start() in possessive and m.group() in ("s", "S"):
            continue
        words.append(_fold(m.group()))
        spans.append((m.start(), m.end()))
    return Tokens(words, spans)


def _key(name: str) -> str:
    words = tokens(name).words
    while words and words[0] in ("the",):
        words = words[1:]
    return " ".join(words)


def _acronym(name: str) -> bool:
    """A one-word name with more than one capital (IOM, CoE, PCUz): matched as written."""
    return " " not in name.strip() and len(name) <= 10 and sum(c.isupper() for c in name) >= 2


class Gazetteer:
    """An Aho-Corasick automaton over the graph's names."""

    def __init__(self, actors: Iterable[Known]) -> None:
        self.actors: dict[str, Known] = {}
        entries: dict[str, list[tuple[str, str, str, bool]]] = {}
        for actor in actors:
            self.actors[actor.id] = actor
            for name in dict.fromkeys((actor.name, *actor.names)):
                key = _key(name)
                if len(key) < 2 or (len(key) < 4 and not _acronym(name)):
                    continue
                entries.setdefault(key, []).append((actor.id, actor.type, name, _acronym(name)))
        self._automaton = ahocorasick.Automaton()
        for key, value in entries.items():
            self._automaton.add_word(f" {key} ", (key, value))
        if entries:
            self._automaton.make_automaton()
        self._empty = not entries

    def __len__(self) -> int:
        return len(self.actors)

    def find(self, text: str) -> list[Match]:
        """Every known name in the text, longest first and never overlapping, in text order."""
        if self._empty:
            return []
        toks = tokens(text)
        joined = " " + " ".join(toks.words) + " "
        # The token that starts at each position of the joined text.
        at: dict[int, int] = {}
        pos = 1
        for i, w in enumerate(toks.words):
            at[pos] = i
            pos += len(w) + 1
        found: list[tuple[int, int, str, list[tuple[str, str, str, bool]]]] = []
        for end, (key, entries) in self._automaton.iter(joined):
            first = end - len(key)  # the key's first character in `joined`
            start_token = at.get(first)
            if start_token is None:
                continue
            i = start_token
            n = key.count(" ") + 1
            found.append((i, i + n, key, entries))
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        taken = [False] * len(toks.words)
        out: list[Match] = []
        for i, j, _, entries in found:
            if any(taken[i:j]):
                continue
            start, end = toks.spans[i][0], toks.spans[j - 1][1]
            written = text[start:end]
            fits = [e for e in entries if not e[3] or e[2] == written]
            if not fits:
                continue
            for k in range(i, j):
                taken[k] = True
            ids = tuple(dict.fromkeys(e[0] for e in fits))
            out.append(Match(start, end, written, ids, fits[0][1], self.actors[ids[0]].name))
        out.sort(key=lambda m: m.start)
        return out
