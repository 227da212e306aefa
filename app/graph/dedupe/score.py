"""The score of a pair of records, with the part each feature played in it.

Hand weights in log-odds: each feature adds its effect (positive for "the same", negative for
"two"), the sum plus a prior goes through the logistic function; a shared or a different
Wikidata id decides on its own. Every feature that played a part is returned, with its effect
and what it saw, so a reviewer sees why a pair is proposed.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Mapping
from functools import lru_cache
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from ctgraph.graph.dedupe.features import STOP, DedupeRecord, acronyms_of, skeleton

PRIOR = -1.5
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
    for wa in a.words:
        for wb in b.words:
            swap = len(wa) > len(wb)
            short, long = (wb, wa) if swap else (wa, wb)
            if not short or len(long) > 5:
                continue
            for perm in itertools.permutations(long, len(short)):
                sims = [word_similarity(x, y) for x, y in zip(short, perm, strict=True)]
                extra = [w for w in long if w not in perm]
                low = min(sims) - 5 * sum(1 for w in extra if len(w) > 1)
                key = (low, sum(sims) / len(sims))
                if key > best:
                    best = key
                    pairs = [(y, x, s) if swap else (x, y, s) for x, y, s in zip(short, perm, sims, strict=True)]
                    out = (max(0.0, low), wa, wb, pairs)
                    if low >= 100:
                        return out
    return out


def _name_effect(similarity: float) -> float:
    if similarity >= 70:
        return W_NAME_TOP * (similarity - 70) / 30
    return max(W_NAME_LOW, (similarity - 70) / 16)


@lru_cache(maxsize=1 << 18)
def _content(key: str) -> tuple[str, ...]:
    return tuple(w for w in key.split() if len(w) > 2 and w not in STOP and not w.isdigit())


def distinct_words(ka: str, kb: str) -> tuple[list[str], list[str]]:
    """The words of each name (of three letters or more, not a stop word) that the other has
    nothing like (no word within a typo or a romanization of it, nor one it abbreviates)."""

    wa, wb = _content(ka), _content(kb)
    sa, sb = set(wa), set(wb)
    only_a = [x for x in wa if x not in sb and not any(_alike(x, y) for y in wb)]
    if not only_a:
        return [], []
    only_b = [y for y in wb if y not in sa and not any(_alike(x, y) for x in wa)]
    return only_a, only_b


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
    pairs: list[tuple[str, str, float]] = []
    if a.type == "Person" and b.type == "Person" and a.words and b.words:
        sim, wa, wb, pairs = person_similarity(a, b)
        ka, kb = " ".join(wa), " ".join(wb)
    else:
        sim, ka, kb = name_similarity(a, b)
    feats.append(_name_feature(a, b, sim, ka, kb, acr, pairs))
    if acr:
        feats.append(Feature("acronym", W_ACRONYM, acr))
    elif a.type != "Person" and 60 <= sim < 100:
        only_a, only_b = distinct_words(ka, kb)
        if only_a and only_b:
            n = min(2, len(only_a), len(only_b))
            value = f"words only in one name: {' '.join(only_a)!r} / {' '.join(only_b)!r}"
            feats.append(Feature("words", W_WORDS_DIFFER * n, value))
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

    shared = _shared(a, b, degree, label)
    if shared is not None:
        feats.append(shared)
    periods = _periods(a, b)
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


def _name_feature(
    a: DedupeRecord,
    b: DedupeRecord,
    sim: float,
    ka: str,
    kb: str,
    acr: str,
    pairs: list[tuple[str, str, float]],
) -> Feature:
    if ka == kb:
        return Feature("name", _name_effect(sim), f"same name {ka!r}")
    if acr:
        # The acronym explains the names' difference: the spelling says nothing more.
        value = f"best name pair {sim:.0f}: {ka!r} ~ {kb!r}, one the initials of the other"
        return Feature("name", 0.0, value)
    if pairs:
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
    return Feature("name", _name_effect(sim), f"best name pair {sim:.0f}: {ka!r} ~ {kb!r}")


@lru_cache(maxsize=1 << 16)
def _year(d: str) -> float:
    """`2019-07-30` → 2019.54 (a month or a year alone: its start)."""
    year = int(d[:4])
    month = int(d[5:7]) if len(d) >= 7 and d[5:7].isdigit() else 1
    return year + (month - 1) / 12


def _periods(a: DedupeRecord, b: DedupeRecord) -> Feature | None:
    """Names used one after the other (one's dates all before the other's): a body renamed
    uses its new name from then on. Within a year it says most; the longer the gap, the less
    (past six years, little: two records seen once each years apart often are)."""
    if not (a.first and b.first and a.last and b.last):
        return None
    if not (a.last < b.first or b.last < a.first):
        return None
    early, late = (a, b) if a.last < b.first else (b, a)
    assert early.last is not None and late.first is not None
    gap = _year(late.first) - _year(early.last)
    share = 1.0 if gap <= 1 else 0.6 if gap <= 3 else 0.3 if gap <= 6 else 0.1
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
