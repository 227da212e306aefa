"""The score of a pair of records, with the part each feature played in it.

Features as a table (nomenklatura's matchers): each row is a function that looks at a pair
(`compare.Pair`) and its weight in log-odds, positive for "the same", negative for "two". A
function says what it saw and the share of its weight that is worth (all of it, a part, or
none: a feature that would have had a part and has not, so a reviewer sees why), or nothing.
The effects plus a prior go through the logistic function; a decisive feature (a shared or a
different Wikidata id) decides on its own. Every feature that saw something is returned with
its effect and what it saw, so a reviewer sees why a pair is proposed.

Names alike but for a word or two say little (bodies of one pattern are many: "Commission on
X", "Commission on Y"); words each name lacks, other places named, a name that says it is part
of the other say "two", unless the names were used one after the other and never at once (a
rename). The weights were checked against bench/dedupe.py's generated duplicates and
look-alikes (a logistic fit of per-feature multipliers came out near 1) and against
tests/dedupe's real names.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from ctgraph.graph.dedupe.compare import Pair, name_similarity, within
from ctgraph.graph.dedupe.features import DedupeRecord


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


class Seen(NamedTuple):
    """What a feature saw of a pair: the share of its weight that is worth, and what."""

    share: float
    value: str


# -- names ------------------------------------------------------------------------------------


def given_names_differ(p: Pair) -> Seen | None:
    """People: a word of the names agrees, another is another name (`Aziz Karimov`, `Rustam
    Karimov`): usually two people."""
    if not p.people:
        return None
    n = p.person_names
    agree = [x for x in n.pairs if x[2] >= 90]
    differ = [x for x in n.pairs if x[2] < 50]
    if n.a == n.b or not agree or not differ:
        return None
    x, y, _ = differ[0]
    value = (
        f"names word by word: {_word_pairs(p)}: {agree[0][0]!r} agrees, but {x!r} and {y!r} "
        "are other names: usually two people"
    )
    return Seen(1.0, value)


def names_alike(p: Pair) -> Seen | None:
    """Names alike: in full for the same name; for people by the similarity above 70 of
    their weakest word pair, for others by the Dice coefficient of their words above 0.55
    (squared: names alike but for a word or two say little). An acronym says the names'
    difference, and their spelling nothing."""
    if p.people:
        if given_names_differ(p) is not None or p.similarity < 70:
            return None
        return Seen((p.similarity - 70) / 30, _person_said(p))
    o = p.overlap
    if o.dice >= 1 and o.ka == o.kb:
        return Seen(1.0, f"same name {o.ka!r}")
    if p.initials:
        return Seen(0.0, _words_said(p) + ", one the initials of the other")
    if o.dice < 0.55:
        return None
    return Seen(((o.dice - 0.55) / 0.45) ** 2, _words_said(p))


def names_unlike(p: Pair) -> Seen | None:
    """Names unlike: people's weakest word pair below 70 (all of the weight at 30), others'
    words below 0.55 alike (all of it at 0.13)."""
    if p.people:
        if given_names_differ(p) is not None or p.similarity >= 70:
            return None
        return Seen(min(1.0, (70 - p.similarity) / 40), _person_said(p))
    o = p.overlap
    if o.dice >= 0.55 or p.initials:
        return None
    return Seen(min(1.0, (0.55 - o.dice) * 2.4), _words_said(p))


def _person_said(p: Pair) -> str:
    n = p.person_names
    if n.a == n.b:
        return f"same name {n.a!r}"
    return f"names word by word {n.similarity:.0f}: {_word_pairs(p)}"


def _word_pairs(p: Pair) -> str:
    return ", ".join(
        f"{x!r} = {y!r}" if s >= 100 else f"{x!r} ~ {y!r} {s:.0f}"
        for x, y, s in p.person_names.pairs
    )


def _words_said(p: Pair) -> str:
    o = p.overlap
    value = f"name words {o.dice:.2f} alike (rarer words weigh more): {o.ka!r} ~ {o.kb!r}"
    if o.both and not p.initials:
        value += f"; both have {' '.join(o.both)!r}"
    return value


def places_differ(p: Pair) -> Seen | None:
    """Each name names a place that is not in, nor holds, any place the other names."""
    a, b = p.a, p.b
    if not a.places or not b.places:
        return None
    codes_a, codes_b = set(a.places.values()), set(b.places.values())
    only_a = {c for c in codes_a if not any(within(c, d) or within(d, c) for d in codes_b)}
    only_b = {c for c in codes_b if not any(within(c, d) or within(d, c) for d in codes_a)}
    if not only_a or not only_b:
        return None
    pa = ", ".join(f"{w!r} ({c})" for w, c in a.places.items() if c in only_a)
    pb = ", ".join(f"{w!r} ({c})" for w, c in b.places.items() if c in only_b)
    return Seen(1.0, f"the names name other places: {pa} / {pb}")


def words_differ(p: Pair) -> Seen | None:
    """Organizations, events: words each name has and the other lacks (places left to
    `places_differ`), so two bodies, or one renamed. Names of a rename (used one after the
    other, never at once) by records with neighbours in common say nothing against; of a
    rename alone, half."""
    if p.people or p.initials:
        return None
    o = p.overlap
    only_a = [w for w in o.only_a if w not in p.a.places]
    only_b = [w for w in o.only_b if w not in p.b.places]
    if not only_a or not only_b or (p.renamed and p.shared is not None):
        return None
    value = f"words only in one name: {' '.join(only_a)!r} / {' '.join(only_b)!r}"
    if p.renamed:
        return Seen(0.5, value + " (used one after the other)")
    return Seen(1.0, value)


def named_part(p: Pair) -> Seen | None:
    """One name says it is part of the other ("Department ... of the Ministry of Health")."""
    for part, whole in ((p.a, p.b), (p.b, p.a)):
        if any(w in whole.keys for w in sorted(part.wholes)):
            value = f"{part.name!r} names {whole.name!r} as what it is part of: usually two bodies"
            return Seen(1.0, value)
    return None


def initials(p: Pair) -> Seen | None:
    """A short name of one is the initials of a name of the other (`IOM`, `PCUz`)."""
    return Seen(1.0, p.initials) if p.initials else None


def numbers_differ(p: Pair) -> Seen | None:
    """The names hold different numbers ("Police Department No. 2", "No. 3")."""
    a, b = p.a, p.b
    if not (a.numbers and b.numbers) or a.numbers == b.numbers:
        return None
    nums = f"{'/'.join(sorted(a.numbers))} vs {'/'.join(sorted(b.numbers))}"
    return Seen(1.0, f"different numbers in the names: {nums}")


# -- what the records say ---------------------------------------------------------------------


def country_agrees(p: Pair) -> Seen | None:
    """The same country."""
    a, b = p.a, p.b
    return Seen(1.0, f"same country {a.country}") if a.country and a.country == b.country else None


def country_differs(p: Pair) -> Seen | None:
    """Different countries."""
    a, b = p.a, p.b
    if not (a.country and b.country) or a.country == b.country:
        return None
    return Seen(1.0, f"countries differ: {a.country} / {b.country}")


def _kinds(p: Pair) -> tuple[str, str] | None:
    a, b = p.a.kind, p.b.kind
    return (a, b) if a and b and "other" not in (a, b) else None


def kind_agrees(p: Pair) -> Seen | None:
    """The same kind (`other` says none)."""
    kinds = _kinds(p)
    return Seen(1.0, f"same kind {kinds[0]}") if kinds and kinds[0] == kinds[1] else None


def kind_differs(p: Pair) -> Seen | None:
    """Different kinds (`other` says none)."""
    kinds = _kinds(p)
    if not kinds or kinds[0] == kinds[1]:
        return None
    return Seen(1.0, f"kinds differ: {kinds[0]} / {kinds[1]}")


def part_of(p: Pair) -> Seen | None:
    """One is recorded as part of the other."""
    a, b = p.a, p.b
    if a.parent != b.id and b.parent != a.id:
        return None
    part, whole = (a, b) if a.parent == b.id else (b, a)
    return Seen(1.0, f"{part.name!r} is part of {whole.name!r}")


def parent_agrees(p: Pair) -> Seen | None:
    """Both are part of one body."""
    a, b = p.a, p.b
    if not a.parent or a.parent != b.parent or part_of(p):
        return None
    return Seen(1.0, f"same parent {p.label(a.parent)!r}")


def parent_differs(p: Pair) -> Seen | None:
    """Each is part of another body."""
    a, b = p.a, p.b
    if not (a.parent and b.parent) or a.parent == b.parent or part_of(p):
        return None
    return Seen(1.0, f"parents differ: {p.label(a.parent)!r} / {p.label(b.parent)!r}")


# The part of `shared_neighbours`' weight one neighbour in common that is no hub brings.
_ONE_NEIGHBOUR = 1.6 / 3.5


def shared_neighbours(p: Pair) -> Seen | None:
    """Co-organizers, people and events in common, each by how little of a hub it is; two
    busy records share some by chance: in full when the neighbours in common are all the
    fewer's, 30 % when they are none of them."""
    s = p.shared
    if s is None:
        return None
    return Seen(min(1.0, _ONE_NEIGHBOUR * s.weight) * (0.3 + 0.7 * s.share), s.said)


def successive_periods(p: Pair) -> Seen | None:
    """Names used one after the other: a body renamed uses its new name from then on. Within
    a year it says most, the longer the gap the less (five years apart, half); nothing when
    both were in use at once (an event both took part in, a year both were seen in)."""
    per = p.periods
    if per is None:
        return None
    if p.together:
        return Seen(0.0, f"{per.said()}, but {p.together}: no rename")
    return Seen(1.0 if per.gap <= 1 else 1 / (1 + (per.gap - 1) / 4), per.said())


def one_source(p: Pair) -> Seen | None:
    """Both named in one source: usually two bodies, unless one name is the initials of the
    other (a source gives a name, then its acronym)."""
    common = p.a.sources & p.b.sources
    if not common:
        return None
    where = p.label(min(common))
    if p.initials:
        return Seen(0.0, f"both named in one source ({where!r}): a name, then its initials")
    return Seen(1.0, f"both named in one source ({where!r}): usually two bodies")


def sound_alike(p: Pair) -> Seen | None:
    """People whose names, not the same, sound alike (metaphone)."""
    a, b = p.a, p.b
    if not p.people or not a.sounds or a.sounds != b.sounds or p.similarity >= 100:
        return None
    return Seen(1.0, "the names sound alike")


def _dates(p: Pair) -> tuple[str, str] | None:
    a, b = p.a, p.b
    return (a.date, b.date) if a.type == "Event" and a.date and b.date else None


def same_date(p: Pair) -> Seen | None:
    """Events on the same date."""
    d = _dates(p)
    return Seen(1.0, f"same date {d[0]}") if d and d[0] == d[1] else None


def date_in_year(p: Pair) -> Seen | None:
    """Events on other dates of one year."""
    d = _dates(p)
    if not d or d[0] == d[1] or d[0][:4] != d[1][:4]:
        return None
    return Seen(1.0, f"dates differ: {d[0]} / {d[1]}")


def date_differs(p: Pair) -> Seen | None:
    """Events in different years."""
    d = _dates(p)
    if not d or d[0][:4] == d[1][:4]:
        return None
    return Seen(1.0, f"dates differ: {d[0]} / {d[1]}")


# -- decisive ---------------------------------------------------------------------------------


def same_wikidata(p: Pair) -> Seen | None:
    """The same Wikidata id: one."""
    a, b = p.a, p.b
    if not (a.wikidata and b.wikidata) or a.wikidata != b.wikidata:
        return None
    return Seen(1.0, f"same Wikidata id {a.wikidata}")


def wikidata_differs(p: Pair) -> Seen | None:
    """Different Wikidata ids: two."""
    a, b = p.a, p.b
    if not (a.wikidata and b.wikidata) or a.wikidata == b.wikidata:
        return None
    return Seen(1.0, f"Wikidata ids differ: {a.wikidata} / {b.wikidata}")


# -- the table --------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Row:
    """A feature of the table: the name it is shown under, the function that looks, its
    weight (log-odds), and whether it decides alone."""

    feature: str
    look: Callable[[Pair], Seen | None]
    weight: float
    decisive: bool = False

    @property
    def key(self) -> str:
        """The function's name, which `score_pair`'s `weights` give another weight by."""
        return self.look.__name__


PRIOR = -1.7
# In the order a reviewer reads them.
FEATURES: tuple[Row, ...] = (
    Row("wikidata", same_wikidata, 10.0, decisive=True),
    Row("wikidata", wikidata_differs, -10.0, decisive=True),
    Row("name", given_names_differ, -3.5),
    Row("name", names_alike, 4.0),
    Row("name", names_unlike, -2.5),
    Row("places", places_differ, -3.0),
    Row("words", words_differ, -1.0),
    Row("named part", named_part, -2.5),
    Row("acronym", initials, 3.5),
    Row("numbers", numbers_differ, -4.0),
    Row("country", country_agrees, 0.6),
    Row("country", country_differs, -3.0),
    Row("kind", kind_agrees, 0.4),
    Row("kind", kind_differs, -1.2),
    Row("parent", part_of, -4.0),
    Row("parent", parent_agrees, 0.4),
    Row("parent", parent_differs, -2.0),
    Row("shared", shared_neighbours, 3.5),
    Row("periods", successive_periods, 1.2),
    Row("one source", one_source, -1.5),
    Row("sound", sound_alike, 0.8),
    Row("date", same_date, 1.5),
    Row("date", date_in_year, -1.5),
    Row("date", date_differs, -3.0),
)


def score_pair(
    a: DedupeRecord,
    b: DedupeRecord,
    degree: Callable[[str], int] = lambda _: 1,
    label: Callable[[str], str] = str,
    weights: Mapping[str, float] | None = None,
) -> tuple[float, list[Feature]]:
    """The probability-like score (0-1) that `a` and `b` are one, and its explanation: each
    feature of `FEATURES` that saw something, with its effect (weight × share) and what it
    saw. `weights` gives features other weights, by their function's name."""
    pair = Pair(a, b, degree, label)
    feats: list[Feature] = []
    logit = PRIOR
    for row in FEATURES:
        seen = row.look(pair)
        if seen is None:
            continue
        weight = row.weight if weights is None else weights.get(row.key, row.weight)
        f = Feature(row.feature, weight * seen[0] + 0.0, seen[1], row.decisive)
        if row.decisive:
            return (0.995 if f.effect > 0 else 0.005), [f]
        feats.append(f)
        logit += f.effect
    return 1 / (1 + math.exp(-logit)), feats


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
