"""The score of a pair of records, with the part each feature played in it.

Hand weights in log-odds: each feature adds its effect (positive for "the same", negative for
"two"), the sum plus a prior goes through the logistic function; a shared or a different
Wikidata id decides on its own. Every feature that played a part is returned, with its effect
and what it saw, so a reviewer sees why a pair is proposed.

Names: people's word by word, in whichever order pairs best, by the weakest pair (a typo or
another romanization of a word is near, another first name beside the same surname is two
people); organizations' and events' by their words, rarer words weighing more, a typo or
another spelling of a word, or another name of the same place, counting as the word. Names
alike but for a word or two say little (bodies of one pattern are many: "Commission on X",
"Commission on Y"); words each name lacks, other places named, a name that says it is part of
the other say "two", unless the names were used one after the other (a rename). The weights
were checked against bench/dedupe.py's generated duplicates and look-alikes (a logistic fit of
per-feature multipliers came out near 1) and against tests/dedupe's real names.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from ctgraph.graph.dedupe.features import (
    STOP,
    DedupeRecord,
    acronyms_of,
    country_words,
    skeleton,
)

PRIOR = -1.7
# Effects, in log-odds.
W_NAME_TOP = 4.0  # identical names (after normalization)
W_NAME_LOW = -2.5  # names with nothing in common
W_ACRONYM = 3.5
W_NUMBERS = -4.0
W_COUNTRY_AGREE, W_COUNTRY_CONFLICT = 0.6, -3.0
W_KIND_AGREE, W_KIND_CONFLICT = 0.4, -1.2
W_PARENT_SAME, W_PARENT_CONFLICT, W_PART_OF = 0.4, -2.0, -4.0
W_SHARED, W_SHARED_MAX = 1.6, 3.5
W_SUCCESSIVE = 1.2  # names used one after the other, within a year; less with a longer gap
W_GIVEN_CONFLICT = -3.5  # people: one name word agrees, another is another name
W_WORDS_DIFFER = -1.0  # organizations, events: each name has words the other lacks
W_PLACES_DIFFER = -3.0  # organizations, events: the names name other places
W_NAMED_PART = -2.5  # one name says it is part of the other ("Department ... of the Ministry")
W_ONE_SOURCE = -1.5
W_SOUND = 0.8
W_DATE_SAME, W_DATE_YEAR, W_DATE_CONFLICT = 1.5, -1.5, -3.0

_NEAR_WORDS = {"orgs": "organizations", "people": "people", "events": "events"}


@dataclass(slots=True, frozen=True)
class Feature:
    """One feature's part in a score: its name, effect in log-odds, and what it saw."""

    feature: str
    effect: float
    value: str
    decisive: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "feature": self.feature,
            "effect": round(self.effect, 2),
            "value": self.value,
            "decisive": self.decisive,
        }


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


def _name_effect(similarity: float) -> float:
    if similarity >= 70:
        return W_NAME_TOP * (similarity - 70) / 30
    return max(W_NAME_LOW, (similarity - 70) / 16)


@lru_cache(maxsize=1 << 18)
def _content(key: str) -> tuple[str, ...]:
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
                words = _content(ka)
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
    wa, wb = _content(ka) or tuple(ka.split()), _content(kb) or tuple(kb.split())
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
                    s = 90.0 if _within(place, other) or _within(other, place) else s
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


@lru_cache(maxsize=4096)
def _hub(degree: int) -> float:
    return 1 / math.log2(2 + degree)


def _shared(
    a: DedupeRecord, b: DedupeRecord, degree: Callable[[str], int], label: Callable[[str], str]
) -> Feature | None:
    """Neighbours in common. A hub shared by everyone says little: each counts
    1 / log2(2 + its degree). And two busy records share some by chance: the sum counts in
    full when the neighbours in common are all the fewer's, 30 % when they are none of them."""
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
    effect = min(W_SHARED_MAX, W_SHARED * weight) * (0.3 + 0.7 * share)
    return Feature("shared", effect, "shared " + "; ".join(said))


def score_pair(
    a: DedupeRecord,
    b: DedupeRecord,
    degree: Callable[[str], int] = lambda _: 1,
    label: Callable[[str], str] = str,
) -> tuple[float, list[Feature]]:
    """The probability-like score (0-1) that `a` and `b` are one, and its explanation."""
    feats: list[Feature] = []
    if a.wikidata and b.wikidata:
        same = a.wikidata == b.wikidata
        value = (
            f"same Wikidata id {a.wikidata}"
            if same
            else f"Wikidata ids differ: {a.wikidata} / {b.wikidata}"
        )
        feats.append(Feature("wikidata", 10.0 if same else -10.0, value, decisive=True))
        return (0.995 if same else 0.005), feats

    acr = (_acronym(a, b) or _acronym(b, a)) if (a.shorts or b.shorts) else ""
    periods = _periods(a, b)
    shared = _shared(a, b, degree, label)
    if a.type == "Person" and b.type == "Person" and a.words and b.words:
        sim, wa, wb, pairs = person_similarity(a, b)
        feats.append(_person_name(sim, " ".join(wa), " ".join(wb), pairs))
    else:
        o = word_overlap(a, b)
        feats.append(_words_name(o, acr))
        places = _places(a, b)
        if places is not None:
            feats.append(places)
        own = _words_own(a, b, o, periods is not None, shared is not None)
        if own is not None and not acr:
            feats.append(own)
        named = _named_part(a, b) or _named_part(b, a)
        if named:
            feats.append(Feature("named part", W_NAMED_PART, named))
    if acr:
        feats.append(Feature("acronym", W_ACRONYM, acr))
    if a.numbers and b.numbers and a.numbers != b.numbers:
        nums = f"{'/'.join(sorted(a.numbers))} vs {'/'.join(sorted(b.numbers))}"
        feats.append(Feature("numbers", W_NUMBERS, f"different numbers in the names: {nums}"))

    if a.country and b.country:
        if a.country == b.country:
            feats.append(Feature("country", W_COUNTRY_AGREE, f"same country {a.country}"))
        else:
            feats.append(
                Feature(
                    "country", W_COUNTRY_CONFLICT, f"countries differ: {a.country} / {b.country}"
                )
            )
    if a.kind and b.kind and "other" not in (a.kind, b.kind):
        if a.kind == b.kind:
            feats.append(Feature("kind", W_KIND_AGREE, f"same kind {a.kind}"))
        else:
            feats.append(Feature("kind", W_KIND_CONFLICT, f"kinds differ: {a.kind} / {b.kind}"))
    if a.parent == b.id or b.parent == a.id:
        part, whole = (a, b) if a.parent == b.id else (b, a)
        feats.append(Feature("parent", W_PART_OF, f"{part.name!r} is part of {whole.name!r}"))
    elif a.parent and b.parent:
        if a.parent == b.parent:
            feats.append(Feature("parent", W_PARENT_SAME, f"same parent {label(a.parent)!r}"))
        else:
            value = f"parents differ: {label(a.parent)!r} / {label(b.parent)!r}"
            feats.append(Feature("parent", W_PARENT_CONFLICT, value))

    if shared is not None:
        feats.append(shared)
    if periods is not None:
        feats.append(periods)
    common = a.sources & b.sources
    if common:
        value = f"both named in one source ({label(min(common))!r}): usually two bodies"
        feats.append(Feature("one source", W_ONE_SOURCE, value))
    if a.type == "Person" and a.sounds and a.sounds == b.sounds and sim < 100:
        feats.append(Feature("sound", W_SOUND, "the names sound alike"))
    if a.type == "Event" and a.date and b.date:
        if a.date == b.date:
            feats.append(Feature("date", W_DATE_SAME, f"same date {a.date}"))
        elif a.date[:4] == b.date[:4]:
            feats.append(Feature("date", W_DATE_YEAR, f"dates differ: {a.date} / {b.date}"))
        else:
            feats.append(Feature("date", W_DATE_CONFLICT, f"dates differ: {a.date} / {b.date}"))

    logit = PRIOR + sum(f.effect for f in feats)
    return 1 / (1 + math.exp(-logit)), feats


def _acronym(a: DedupeRecord, b: DedupeRecord) -> str:
    for short in sorted(b.shorts):
        if short in a.acronyms:
            long = next((n for n in a.names if short in acronyms_of(n)), a.name)
            return f"{short.upper()!r} is the initials of {long!r}"
    return ""


def _person_name(sim: float, ka: str, kb: str, pairs: list[tuple[str, str, float]]) -> Feature:
    if ka == kb:
        return Feature("name", _name_effect(sim), f"same name {ka!r}")
    said = ", ".join(
        f"{x!r} = {y!r}" if s >= 100 else f"{x!r} ~ {y!r} {s:.0f}" for x, y, s in pairs
    )
    agree = [p for p in pairs if p[2] >= 90]
    differ = [p for p in pairs if p[2] < 50]
    if agree and differ:
        x, y, _ = differ[0]
        value = (
            f"names word by word: {said}: {agree[0][0]!r} agrees, but {x!r} and {y!r} are "
            "other names: usually two people"
        )
        return Feature("name", W_GIVEN_CONFLICT, value)
    return Feature("name", _name_effect(sim), f"names word by word {sim:.0f}: {said}")


def _words_name(o: Overlap, acr: str) -> Feature:
    if o.dice >= 1 and o.ka == o.kb:
        return Feature("name", W_NAME_TOP, f"same name {o.ka!r}")
    value = f"name words {o.dice:.2f} alike (rarer words weigh more): {o.ka!r} ~ {o.kb!r}"
    if acr:
        # The acronym explains the names' difference: the spelling says nothing more.
        return Feature("name", 0.0, value + ", one the initials of the other")
    if o.both:
        value += f"; both have {' '.join(o.both)!r}"
    return Feature("name", _dice_effect(o.dice), value)


def _places(a: DedupeRecord, b: DedupeRecord) -> Feature | None:
    """Each name names a place that is not in, nor holds, any place the other names."""
    if not a.places or not b.places:
        return None
    codes_a, codes_b = set(a.places.values()), set(b.places.values())
    only_a = {c for c in codes_a if not any(_within(c, d) or _within(d, c) for d in codes_b)}
    only_b = {c for c in codes_b if not any(_within(c, d) or _within(d, c) for d in codes_a)}
    if not only_a or not only_b:
        return None
    pa = ", ".join(f"{w!r} ({c})" for w, c in a.places.items() if c in only_a)
    pb = ", ".join(f"{w!r} ({c})" for w, c in b.places.items() if c in only_b)
    return Feature("places", W_PLACES_DIFFER, f"the names name other places: {pa} / {pb}")


def _within(code: str, other: str) -> bool:
    return code == other or code.startswith(other + "-")


def _words_own(
    a: DedupeRecord, b: DedupeRecord, o: Overlap, successive: bool, shared: bool
) -> Feature | None:
    """Words each name has and the other lacks (places left to `_places`): not a spelling
    of one name, so two bodies, or one renamed. Names used one after the other by records
    with neighbours in common are what a rename leaves: then the words say nothing against
    (the periods and the neighbours say the rest); used one after the other alone, half."""
    only_a = [w for w in o.only_a if w not in a.places]
    only_b = [w for w in o.only_b if w not in b.places]
    if not only_a or not only_b or (successive and shared):
        return None
    # How much the names differ the name's word overlap says: this says they are not one
    # name spelled two ways.
    value = f"words only in one name: {' '.join(only_a)!r} / {' '.join(only_b)!r}"
    if successive:
        return Feature("words", W_WORDS_DIFFER / 2, value + " (used one after the other)")
    return Feature("words", W_WORDS_DIFFER, value)


def _named_part(a: DedupeRecord, b: DedupeRecord) -> str:
    for whole in sorted(a.wholes):
        if whole in b.keys:
            return f"{a.name!r} names {b.name!r} as what it is part of: usually two bodies"
    return ""


def _dice_effect(dice: float) -> float:
    """Names alike but for a word or two say little (bodies of one pattern are many); alike
    all but in spelling, much."""
    if dice >= 0.55:
        return W_NAME_TOP * ((dice - 0.55) / 0.45) ** 2
    return max(W_NAME_LOW, (dice - 0.55) * 6)


@lru_cache(maxsize=1 << 16)
def _year(d: str) -> float:
    """`2019-07-30` → 2019.54 (a month or a year alone: its start)."""
    year = int(d[:4])
    month = int(d[5:7]) if len(d) >= 7 and d[5:7].isdigit() else 1
    return year + (month - 1) / 12


def _periods(a: DedupeRecord, b: DedupeRecord) -> Feature | None:
    """Names used one after the other (one's dates all before the other's): a body renamed
    uses its new name from then on. Within a year it says most; the longer the gap, the less
    (five years apart, half: records seen once each years apart often are two)."""
    if not (a.first and b.first and a.last and b.last):
        return None
    if not (a.last < b.first or b.last < a.first):
        return None
    early, late = (a, b) if a.last < b.first else (b, a)
    assert early.last is not None and late.first is not None
    gap = _year(late.first) - _year(early.last)
    share = 1.0 if gap <= 1 else 1 / (1 + (gap - 1) / 4)
    years = f"{gap:.0f} years" if gap >= 1.5 else "a year" if gap >= 0.5 else "months"
    value = (
        f"names used in successive periods: {early.name!r} {early.period()}, "
        f"then {late.name!r} {late.period()} ({years} apart)"
    )
    return Feature("periods", W_SUCCESSIVE * share, value)


def agreement(a: DedupeRecord, b: DedupeRecord) -> Mapping[str, str]:
    """Per compared value: `agree`, `conflict` or `unknown` (one side or both lack it)."""

    def cmp(x: object, y: object) -> str:
        if not x or not y:
            return "unknown"
        return "agree" if x == y else "conflict"

    sim = name_similarity(a, b)[0]
    return {
        "name": "agree" if sim >= 85 else "conflict" if sim < 50 else "unknown",
        "country": cmp(a.country, b.country),
        "kind": cmp(a.kind if a.kind != "other" else None, b.kind if b.kind != "other" else None),
        "parent": cmp(a.parent, b.parent),
        "wikidata": cmp(a.wikidata, b.wikidata),
        "date": cmp(a.date, b.date),
    }
