"""Candidate pairs: blocking on cheap keys, then the full score for the strongest of each
record's blocks.

Blocking keys, per type (a pair shares at least one to be considered). Organizations: the
words of its names, and pairs of its six rarest words (for words too common on their own; a
place as its country), also with the country; its rarest word and the first five letters of
its two rarest long words with the country; acronyms derived from long names against
short names; for a name of a word or two, the words with a letter left out (a typo); a
co-organizer in common unless a hub. People: a name's two words in their romanizations'
skeleton (`Yusupova`, `Iusupova`), with a letter left
out of either (a typo in one) or of one beside the other's first two letters (a typo in each);
a surname alone as it is; an employer in common. Events: the date, a rare word of the name in
the same month. A key shared by more than `max_block` records says too little and is dropped.
Each record then keeps its `per_record` best by a quick count of shared keys (rarer keys count
more, a neighbour in common less), and those pairs are scored in full.
"""

from __future__ import annotations

import contextlib
import gc
import heapq
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ctgraph.graph.dedupe.features import DedupeRecord, skeleton
from ctgraph.graph.dedupe.judged import Judged, pair_key
from ctgraph.graph.dedupe.score import Feature, agreement, score_pair
from ctgraph.store.base import GraphStore

TYPES = ("Organization", "Person", "Event")
_NEAR = {
    # (start label, type, end label) -> (what the end is to the start, what the start is to it)
    "ORGANIZED": ("events", "orgs"),
    "PARTICIPATED_IN": ("events", "people"),
    "AFFILIATED_WITH": ("orgs", "people"),
    "CO_ORGANIZED_WITH": ("orgs", "orgs"),
    "PART_OF": ("parts", "parts"),
}


@dataclass(slots=True)
class Candidate:
    """A scored pair of records (ids in the order smaller first)."""

    a: DedupeRecord
    b: DedupeRecord
    score: float
    features: list[Feature]

    @property
    def key(self) -> tuple[str, str]:
        return (self.a.id, self.b.id)


class CandidateIndex:
    """The records of a graph as the scorer sees them, with their blocking keys."""

    def __init__(
        self,
        records: Iterable[DedupeRecord],
        *,
        max_block: int = 60,
        hub_degree: int = 40,
    ) -> None:
        self.records: dict[str, DedupeRecord] = {r.id: r for r in records}
        self.max_block = max_block
        self.hub_degree = hub_degree
        self._degree: dict[str, int] = {}
        self._blocks: dict[str, list[str]] = defaultdict(list)
        self._built = False

    # -- reading a graph --------------------------------------------------------------------

    @classmethod
    async def from_store(cls, store: GraphStore, **kw: Any) -> CandidateIndex:
        """Every organization, person and event of the graph, with neighbours and periods."""
        rows = await store.dedupe_entities()
        edges = await store.dedupe_edges()
        return cls.from_rows(rows, edges, **kw)

    @classmethod
    def from_rows(
        cls, rows: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]], **kw: Any
    ) -> CandidateIndex:
        """From `dedupe_entities` and `dedupe_edges` rows."""
        with _gc_paused():
            return cls._from_rows(rows, edges, **kw)

    @classmethod
    def _from_rows(
        cls, rows: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]], **kw: Any
    ) -> CandidateIndex:
        dates: dict[str, str] = {}
        records: list[DedupeRecord] = []
        for row in rows:
            if row.get("date"):
                dates[str(row["id"])] = str(row["date"])
            if row["type"] in TYPES:
                records.append(DedupeRecord.from_row(row))
        index = cls(records, **kw)
        recs = index.records
        for e in edges:
            a, b = recs.get(e["a"]), recs.get(e["b"])
            if a is None or b is None:
                continue
            to_b, to_a = _NEAR[e["type"]]
            a.near.setdefault(to_b, set()).add(b.id)
            b.near.setdefault(to_a, set()).add(a.id)
        for r in recs.values():
            seen = [dates[s] for s in r.sources if s in dates]
            if r.type == "Event":
                seen += [r.date] if r.date and not r.date.startswith("--") else []
            else:
                seen += [dates[e] for e in r.near.get("events", ()) if e in dates]
            seen = [d for d in seen if d[:1].isdigit()]
            if seen:
                r.first, r.last = min(seen), max(seen)
                r.seen = len(set(seen))
            r.prepare()
        index._rarities()
        return index

    def _rarities(self) -> None:
        """Each name word's rarity among the records of its type, shared by them."""
        df: dict[str, Counter[str]] = defaultdict(Counter)
        for r in self.records.values():
            df[r.type].update({w for k in r.keys for w in k.split()})
        n = Counter(r.type for r in self.records.values())
        rarity = {
            t: {w: math.log(1 + n[t] / c) for w, c in words.items()} for t, words in df.items()
        }
        for r in self.records.values():
            r.rarity = rarity[r.type]

    def degree(self, entity_id: str) -> int:
        d = self._degree.get(entity_id)
        if d is None:
            r = self.records.get(entity_id)
            d = self._degree[entity_id] = sum(len(v) for v in r.near.values()) if r else 1
        return d

    def label(self, entity_id: str) -> str:
        r = self.records.get(entity_id)
        return r.name if r else entity_id

    # -- blocking ---------------------------------------------------------------------------

    def _record_keys(self, r: DedupeRecord, rare: list[str]) -> list[str]:
        """A record's blocking keys; `rare` are its name's words, rarest first."""
        t = r.type[0]
        keys: list[str] = []
        near: tuple[str, ...]
        if r.type == "Event":
            # Events' names are made of the same few words: their date, a word in the same
            # month. (Events with an organizer or a speaker in common are many, and mostly
            # other events.)
            if r.date:
                keys.append(f"Ed:{r.date}")
                keys += [f"Em:{r.date[:7]}|{w}" for w in rare[:4]]
            near = ()
        elif r.type == "Person":
            form = r.words[0] if r.words else ()
            long = [w for w in form if len(w) > 2][:3]
            if len(long) < 2:  # a surname alone (`Isakov`, `L.Kh. Isakov`)
                keys += [f"Pw:{w}" for w in rare]
            for x, y in itertools.combinations(long, 2):
                # The two words in their romanizations' skeleton (`Yusupova`, `Iusupova`),
                # a typo in either (one left as it is, the other with a letter left out), a
                # typo in each (with a letter left out, beside the other's first two).
                sx, sy = skeleton(x), skeleton(y)
                keys.append(f"Pk:{min(sx, sy)}|{max(sx, sy)}")
                for u, v in ((x, y), (y, x)):
                    keys += [f"Pd:{min(d, v)}|{max(d, v)}" for d in _deletions(u)]
                    keys += [f"Pe:{d}|{v[:2]}" for d in _deletions(u)]
            near = ("orgs",)
        else:
            keys += [f"Ow:{w}" for w in rare]
            # A place by its country (`baku`, `azerbaijan` → `@az`): names of one body say
            # where it is either way.
            norm = list(dict.fromkeys(f"@{r.places[w][:2]}" if w in r.places else w for w in rare))
            pairs = [
                f"{x}|{y}" if x < y else f"{y}|{x}" for x, y in itertools.combinations(norm[:6], 2)
            ]
            keys += [f"Op:{p}" for p in pairs]
            if r.country:
                keys += [f"Oq:{r.country}:{p}" for p in pairs]
                # Its rarest word in its country, and the first five letters of its two
                # rarest long words (`emergency`, `emergencies`).
                keys += [f"Oc:{r.country}:{w}" for w in norm[:1]]
                stems = [w[:5] for w in rare if len(w) >= 6 and w not in r.places][:2]
                keys += [f"Ox:{r.country}:{w}" for w in stems]
            keys += [f"Oa:{a}" for a in r.acronyms | r.shorts]
            if len(rare) <= 2:  # a name of a word or two: a typo in one of them
                keys += [f"Ot:{d}" for w in rare if len(w) >= 5 for d in _deletions(w)]
            near = ("orgs",)
        for what in near:
            for other in r.near.get(what, ()):
                if self.degree(other) <= self.hub_degree:
                    keys.append(f"{t}n:{other}")
        return keys

    def build(self) -> None:
        """Every record's blocking keys, and the blocks (done once, on first use)."""
        self._build()

    def _build(self) -> None:
        if self._built:
            return
        with _gc_paused():
            self._build_keys()

    def _build_keys(self) -> None:
        freq: Counter[tuple[str, str]] = Counter()
        for r in self.records.values():
            freq.update((r.type, w) for w in r.tokens)
        for r in self.records.values():
            words = [w for w in r.tokens if len(w) > 2 or w.isdigit()]
            rare = sorted(words, key=lambda w: (freq[(r.type, w)], w))
            for k in dict.fromkeys(self._record_keys(r, rare)):
                self._blocks[k].append(r.id)
        self._built = True

    def candidates(
        self,
        *,
        ids: Iterable[str] | None = None,
        types: Iterable[str] = TYPES,
        per_record: int = 7,
        judged: Judged | None = None,
        include_judged: bool = False,
    ) -> list[Candidate]:
        """Scored pairs, strongest first: every record's `per_record` best (only pairs with
        one of `ids` when given), without pairs a judgement settled unless `include_judged`."""
        with _gc_paused():
            return self._candidates(ids, set(types), per_record, judged, include_judged)

    def _candidates(
        self,
        ids: Iterable[str] | None,
        types: set[str],
        per_record: int,
        judged: Judged | None,
        include_judged: bool,
    ) -> list[Candidate]:
        wanted = types
        only = set(ids) if ids is not None else None
        quick = self._quick(only)
        pairs: set[tuple[str, str]] = set()
        for x, others in quick.items():
            if self.records[x].type not in wanted:
                continue
            pairs.update(pair_key(x, y) for y in _best(others, per_record))
        out: list[Candidate] = []
        for x, y in pairs:
            if judged is not None and not include_judged:
                if judged.decision(x, y) is not None:
                    continue
            c = self.score(x, y)
            out.append(c)
        out.sort(key=lambda c: (-c.score, c.key))
        return out

    def _quick(self, only: set[str] | None) -> dict[str, dict[str, float]]:
        """Per record, every record it shares a block with and the quick count of the keys
        they share (rarer keys count more); with `only`, pairs with one of those."""
        self._build()
        quick: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for key, members in self._blocks.items():
            n = len(members)
            if n < 2 or n > self.max_block:
                continue
            if only is not None and not only.intersection(members):
                continue
            # A neighbour in common counts less than a name key: busy records share many.
            w = (0.3 if key[1] == "n" else 1.0) / math.log2(1 + n)
            for x, y in itertools.combinations(members, 2):
                if only is not None and x not in only and y not in only:
                    continue
                quick[x][y] += w
                quick[y][x] += w
        return quick

    def blocked(self, ids: Iterable[str]) -> dict[str, dict[str, float]]:
        """Per record of `ids`, every record it shares a blocking key with (before the
        quick count keeps the best) and that count."""
        only = set(ids)
        quick = self._quick(only)
        return {x: dict(quick[x]) for x in only if x in quick}

    def score(self, x: str, y: str) -> Candidate:
        """One pair scored in full."""
        a, b = self.records[min(x, y)], self.records[max(x, y)]
        s, feats = score_pair(a, b, self.degree, self.label)
        return Candidate(a, b, s, feats)

    def shared(self, x: str, y: str) -> dict[str, list[dict[str, str]]]:
        """The neighbours both records have, by what they are."""
        a, b = self.records[x], self.records[y]
        out: dict[str, list[dict[str, str]]] = {}
        names = {"orgs": "organizations", "people": "people", "events": "events"}
        for what, word in names.items():
            common = sorted((a.near.get(what, set()) & b.near.get(what, set())) - {x, y})
            out[word] = [{"id": i, "name": self.label(i)} for i in common]
        return out

    def agreement(self, x: str, y: str) -> dict[str, str]:
        return dict(agreement(self.records[x], self.records[y]))


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused: building hundreds of thousands of small objects,
    none of them garbage, it would walk them all again and again (a third of the time)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _best(weights: dict[str, float], n: int) -> list[str]:
    """The `n` keys of the highest weights, ties by key."""
    if len(weights) <= n:
        return list(weights)
    cut = heapq.nlargest(n, weights.values())[-1]
    above = [k for k, w in weights.items() if w > cut]
    tied = sorted(k for k, w in weights.items() if w == cut)
    return above + tied[: n - len(above)]


def _deletions(word: str) -> set[str]:
    """A word and every form of it with one letter left out."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def side(r: DedupeRecord) -> dict[str, Any]:
    """A record as a pair shows it."""
    return {
        "id": r.id,
        "type": r.type,
        "name": r.name,
        "aliases": r.aliases,
        "otherNames": r.other_names,
        "country": r.country,
        "kind": r.kind,
        "parentId": r.parent,
        "wikidataId": r.wikidata,
        "sourceIds": sorted(r.sources),
        "date": r.date,
        "firstDate": r.first,
        "lastDate": r.last,
    }


def pair_view(c: Candidate) -> dict[str, Any]:
    """A scored pair as the API and the CLI show it."""
    return {
        "a": side(c.a),
        "b": side(c.b),
        "score": round(c.score, 4),
        "features": [f.as_dict() for f in c.features],
    }


def review_order(cands: list[Candidate], order: str) -> list[Candidate]:
    """`score`: strongest first. `uncertain`: alternately the strongest left and the one the
    scorer is least sure of (nearest 0.5)."""
    if order != "uncertain":
        return cands
    by_doubt = sorted(cands, key=lambda c: (abs(c.score - 0.5), c.key))
    out: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    strong, doubt = iter(cands), iter(by_doubt)
    while len(out) < len(cands):
        for source in (strong, doubt):
            for c in source:
                if c.key not in seen:
                    seen.add(c.key)
                    out.append(c)
                    break
    return out
