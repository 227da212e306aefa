"""What two records are compared on, worked out once per pair for every feature to read: how
alike their names are, whether one is the initials of the other, the periods their names were
used in and whether they were in use at once, the neighbours they share.

Names: people's word by word, in whichever order pairs best, by the weakest pair (a typo or
another romanization of a word is near, another first name beside the same surname is two
people); organizations' and events' by their words, rarer words weighing more, a typo or
another spelling of a word, or another name of the same place, counting as the word.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from ctgraph.graph.dedupe.features import (
    STOP,
    DedupeRecord,
    country_words,
    initials_of,
    short_keys,
    skeleton,
)

_NEAR_WORDS = {"orgs": "organizations", "people": "people", "events": "events"}


class Pair:
    """Two records and what comparing them finds, each part worked out when first asked."""

    def __init__(
        self,
        a: DedupeRecord,
        b: DedupeRecord,
        degree: Callable[[str], int] = lambda _: 1,
        label: Callable[[str], str] = str,
    ) -> None:
        self.a, self.b, self.degree, self.label = a, b, degree, label

    @cached_property
    def people(self) -> bool:
        """Both people with names to compare word by word."""
        a, b = self.a, self.b
        return a.type == "Person" and b.type == "Person" and bool(a.words and b.words)

    @cached_property
    def person_names(self) -> PersonNames:
        """People's names word by word (`person_similarity`)."""
        sim, wa, wb, pairs = person_similarity(self.a, self.b)
        return PersonNames(sim, " ".join(wa), " ".join(wb), pairs)

    @cached_property
    def overlap(self) -> Overlap:
        """Organizations' and events' names word by word (`word_overlap`)."""
        return word_overlap(self.a, self.b)

    @cached_property
    def similarity(self) -> float:
        """How alike the names are, 0-100 (people: word by word; 0 when not people)."""
        return self.person_names.similarity if self.people else 0.0

    @cached_property
    def initials(self) -> str:
        """How a short name of one is the initials of a name of the other, or ""."""
        a, b = self.a, self.b
        if not (a.shorts or b.shorts):
            return ""
        return _initials_said(a, b) or _initials_said(b, a)

    @cached_property
    def periods(self) -> Periods | None:
        """The names' periods of use, one's all before the other's (`periods`)."""
        return periods(self.a, self.b)

    @cached_property
    def together(self) -> str:
        """What says both were in use at once (`together`), or ""."""
        return together(self.a, self.b, self.label)

    @cached_property
    def renamed(self) -> bool:
        """Names used one after the other and never at once: what a rename leaves."""
        return self.periods is not None and not self.together

    @cached_property
    def shared(self) -> Shared | None:
        """The neighbours both have (`shared`)."""
        return shared(self.a, self.b, self.degree, self.label)


@dataclass(slots=True, frozen=True)
class PersonNames:
    """Two people's names word by word: how alike (0-100), the two forms, the word pairs."""

    similarity: float
    a: str
    b: str
    pairs: list[tuple[str, str, float]]


def name_similarity(a: DedupeRecord, b: DedupeRecord) -> tuple[float, str, str]:
    """The best similarity (0-100) over every name form of both, and the two forms. People's
    names are compared word by word (`person_similarity`), others as a whole."""
    if a.type == "Person" and b.type == "Person" and a.words and b.words:
        sim, wa, wb, _ = person_similarity(a, b)
        return sim, " ".join(wa), " ".join(wb)
    best, pair = -1.0, ("", "")
    for ka in a.keys:
        for kb in b.keys:
            if ka == kb:
                return 100.0, ka, kb
            s = (fuzz.token_sort_ratio(ka, kb) + fuzz.token_set_ratio(ka, kb)) / 2
            if s > best:
                best, pair = s, (ka, kb)
    return max(best, 0.0), pair[0], pair[1]


@lru_cache(maxsize=1 << 20)
def word_similarity(x: str, y: str) -> float:
    """Two words of names (0-100): the same, the same but for how a romanization spells them
    (95), an initial and its word (90), one edit apart (85, 70 for words of three letters),
    two edits (75 for long words), else by how much of the word the edits change."""
    if x == y:
        return 100.0
    if len(x) == 1 or len(y) == 1:
        return 90.0 if x[0] == y[0] else 0.0
    sx, sy = skeleton(x), skeleton(y)
    if sx == sy:
        return 95.0
    d = min(OSA.distance(x, y), OSA.distance(sx, sy))
    n = max(len(x), len(y))
    if d == 1:
        return 85.0 if n >= 4 else 70.0
    if d == 2 and n >= 7:
        return 75.0
    return max(0.0, min(60.0, 100 * (1 - d / n)))


def person_similarity(
    a: DedupeRecord, b: DedupeRecord
) -> tuple[float, tuple[str, ...], tuple[str, ...], list[tuple[str, str, float]]]:
    """People's names word by word, in whichever order the words pair best: the weakest
    pair's similarity (a word more in one name, not an initial, costs 5), the two forms, and
    the word pairs."""
    best: tuple[float, float] = (-1.0, -1.0)
    out: tuple[float, tuple[str, ...], tuple[str, ...], list[tuple[str, str, float]]]
    out = (0.0, (), (), [])
    ws = word_similarity
    for wa in a.words:
        for wb in b.words:
            if len(wa) == 2 and len(wb) == 2:  # the usual case, without permutations
                (x1, x2), (y1, y2) = wa, wb
                s11, s22, s12, s21 = ws(x1, y1), ws(x2, y2), ws(x1, y2), ws(x2, y1)
                if min(s11, s22) >= min(s12, s21):
                    key, pairs = (min(s11, s22), (s11 + s22) / 2), [(x1, y1, s11), (x2, y2, s22)]
                else:
                    key, pairs = (min(s12, s21), (s12 + s21) / 2), [(x1, y2, s12), (x2, y1, s21)]
                if key > best:
                    best, out = key, (key[0], wa, wb, pairs)
                    if key[0] >= 100:
                        return out
                continue
            swap = len(wa) > len(wb)
            short, long = (wb, wa) if swap else (wa, wb)
            if not short or len(long) > 5:
                continue
            for perm in itertools.permutations(long, len(short)):
                sims = [ws(x, y) for x, y in zip(short, perm, strict=True)]
                extra = [w for w in long if w not in perm]
                # A word more costs 5; an initial more 8: "Aziz R. Karimov" and "Aziz
                # Karimov" may be one person, or another disambiguated.
                low = min(sims) - sum(5 if len(w) > 1 else 8 for w in extra)
                key = (low, sum(sims) / len(sims))
                if key > best:
                    best = key
                    pairs = [
                        (y, x, s) if swap else (x, y, s)
                        for x, y, s in zip(short, perm, sims, strict=True)
                    ]
                    out = (max(0.0, low), wa, wb, pairs)
                    if low >= 100:
                        return out
    # The weakest pair's similarity, a little more when the others agree better.
    low, mean = best
    return (max(0.0, low + 0.1 * (mean - low)), *out[1:])


@lru_cache(maxsize=1 << 18)
def content_words(key: str) -> tuple[str, ...]:
    """The words of a name key that tell bodies apart (not `STOP` words, numbers, or words
    of one or two letters)."""
    return tuple(w for w in key.split() if len(w) > 2 and w not in STOP and not w.isdigit())


@dataclass(slots=True, frozen=True)
class Overlap:
    """Two name keys word by word: how alike (0-1, rarer words weigh more), the words both
    have (one of the pair a typo or another spelling of the other), each's own."""

    dice: float
    ka: str
    kb: str
    both: tuple[str, ...]
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]


def word_overlap(a: DedupeRecord, b: DedupeRecord) -> Overlap:
    """The best pair of name forms by their words, each word weighing its rarity among the
    records of the type (`DedupeRecord.rarity`; all alike without it): the weighted Dice
    coefficient of the words, a word matching one within a typo or a romanization of it (or
    that it abbreviates) at the weight of the commoner of the two."""
    best: Overlap | None = None
    # Their one country's name in a name says nothing more than the country does.
    country = a.country if a.country == b.country else None
    own = country_words(country) if country else frozenset()
    for ka in a.keys:
        for kb in b.keys:
            if ka == kb:
                words = content_words(ka)
                return Overlap(1.0, ka, kb, words, (), ())
            o = _overlap(ka, kb, a.rarity, a.places, b.places, own)
            if best is None or o.dice > best.dice:
                best = o
    return best or Overlap(0.0, a.name, b.name, (), (), ())


def _overlap(
    ka: str,
    kb: str,
    rarity: Mapping[str, float] | None,
    places_a: Mapping[str, str],
    places_b: Mapping[str, str],
    ignore: frozenset[str] = frozenset(),
) -> Overlap:
    wa, wb = content_words(ka) or tuple(ka.split()), content_words(kb) or tuple(kb.split())
    if ignore:
        wa = tuple(w for w in wa if w not in ignore) or wa
        wb = tuple(w for w in wb if w not in ignore) or wb
    get = rarity.get if rarity is not None else _unweighted
    sa, sb = set(wa), set(wb)
    both = [x for x in dict.fromkeys(wa) if x in sb]
    matched = 2 * sum(get(x, _RARE) for x in both)
    total = matched
    left_a = [x for x in wa if x not in sb]
    left_b = [y for y in wb if y not in sa]
    only_a: list[str] = []
    if left_a and left_b:
        ws = word_similarity
        for x in left_a:
            best_y, best_s = "", -1.0
            n = len(x)
            place = places_a.get(x)
            for y in left_b:
                # Words of lengths three apart are neither a typo nor a spelling of one
                # another (one may abbreviate the other: `_alike`). Two names of one place
                # (`berlin`, `germany`) are alike.
                s = ws(x, y) if -3 <= len(y) - n <= 3 else 0.0
                if place and s < 90 and (other := places_b.get(y)):
                    s = 90.0 if within(place, other) or within(other, place) else s
                if s > best_s:
                    best_y, best_s = y, s
            if best_y and (best_s >= 75 or _alike(x, best_y)):
                left_b.remove(best_y)
                both.append(x)
                wx = min(get(x, _RARE), get(best_y, _RARE))
                matched += 2 * wx * max(best_s, 75.0) / 100
                total += 2 * wx
            else:
                only_a.append(x)
                total += get(x, _RARE)
    else:
        only_a = left_a
        total += sum(get(x, _RARE) for x in left_a)
    total += sum(get(y, _RARE) for y in left_b)
    dice = matched / total if total else 0.0
    return Overlap(dice, ka, kb, tuple(both), tuple(only_a), tuple(left_b))


def _unweighted(_word: str, _default: float) -> float:
    return 1.0


_RARE = 12.0  # a word no record of the type has (an upper bound of `rarity`)


@lru_cache(maxsize=1 << 20)
def _alike(x: str, y: str) -> bool:
    """One word within a typo or a romanization of the other, or abbreviating it."""
    return word_similarity(x, y) >= 75 or x.startswith(y) or y.startswith(x)


def within(code: str, other: str) -> bool:
    """A territory code in another (`ch-be` in `ch`), or the same."""
    return code == other or code.startswith(other + "-")


def _initials_said(long: DedupeRecord, short: DedupeRecord) -> str:
    """`'PCUz' is the initials of 'OSCE Project Co-ordinator in Uzbekistan'`, for the first
    short name of `short` that is the initials of a name of `long` (blocking's keys first,
    then `initials_of`), or ""."""
    for s in short.names:
        if short_keys(s) & long.acronyms:
            for n in long.names:
                if initials_of(s, n):
                    return f"{s!r} is the initials of {n!r}"
    return ""


@dataclass(slots=True, frozen=True)
class Periods:
    """Names used one after the other: the record seen first, the other, and the years
    between the first's last date and the other's first."""

    early: DedupeRecord
    late: DedupeRecord
    gap: float

    def said(self) -> str:
        g = self.gap
        years = f"{g:.0f} years" if g >= 1.5 else "a year" if g >= 0.5 else "months"
        e, la = self.early, self.late
        return (
            f"names used in successive periods: {e.name!r} {e.period()}, "
            f"then {la.name!r} {la.period()} ({years} apart)"
        )


def periods(a: DedupeRecord, b: DedupeRecord) -> Periods | None:
    """Names used one after the other (one's dates all before the other's), by records that
    can be renamed (not events), or None."""
    if a.type == "Event" or not (a.first and b.first and a.last and b.last):
        return None
    if not (a.last < b.first or b.last < a.first):
        return None
    early, late = (a, b) if a.last < b.first else (b, a)
    assert early.last is not None and late.first is not None
    return Periods(early, late, _year(late.first) - _year(early.last))


def together(a: DedupeRecord, b: DedupeRecord, label: Callable[[str], str] = str) -> str:
    """What says both were in use at once, or "": an event both took part in (an event
    without a date says it where the dates cannot), or a year both were seen in (a date of a
    year alone is any day of it; two records seen months apart in one year, each once, are
    no succession)."""
    events = a.near.get("events", set()) & b.near.get("events", set())
    if events:
        return f"both at {label(min(events))!r}"
    if a.first and a.last and b.first and b.last:
        lo, hi = max(a.first[:4], b.first[:4]), min(a.last[:4], b.last[:4])
        if lo <= hi:
            return f"both active in {lo}"
    return ""


@lru_cache(maxsize=1 << 16)
def _year(d: str) -> float:
    """`2019-07-30` → 2019.54 (a month or a year alone: its start)."""
    year = int(d[:4])
    month = int(d[5:7]) if len(d) >= 7 and d[5:7].isdigit() else 1
    return year + (month - 1) / 12


@dataclass(slots=True, frozen=True)
class Shared:
    """Neighbours in common: their weight (each 1 / log2(2 + its degree): a hub shared by
    everyone says little), their share of the fewer's, and which."""

    weight: float
    share: float
    said: str


@lru_cache(maxsize=4096)
def _hub(degree: int) -> float:
    return 1 / math.log2(2 + degree)


def shared(
    a: DedupeRecord,
    b: DedupeRecord,
    degree: Callable[[str], int] = lambda _: 1,
    label: Callable[[str], str] = str,
) -> Shared | None:
    """The organizations, people and events both records are linked to, or None."""
    weight, said = 0.0, []
    common_n = fewer_n = 0
    if not a.near or not b.near:
        return None
    for what, word in _NEAR_WORDS.items():
        na, nb = a.near.get(what), b.near.get(what)
        if not na or not nb:
            continue
        common = na & nb
        common.discard(a.id)
        common.discard(b.id)
        if not common:
            continue
        degrees = {i: degree(i) for i in common}
        weight += sum(_hub(d) for d in degrees.values())
        fewer = min(len(na) - (b.id in na), len(nb) - (a.id in nb))
        common_n, fewer_n = common_n + len(common), fewer_n + fewer
        top = heapq.nsmallest(3, common, key=lambda i: (degrees[i], i))
        names = ", ".join(repr(label(i)) for i in top)
        more = f" and {len(common) - 3} more" if len(common) > 3 else ""
        said.append(f"{len(common)} {word} ({names}{more}) of {fewer}")
    if not said:
        return None
    share = common_n / fewer_n if fewer_n else 1.0
    return Shared(weight, share, "shared " + "; ".join(said))
