"""The scorer's table: each feature alone on small hand-made records, then the table as a
whole (an explanation is its rows, weights can be given, a decisive feature decides), and the
issue's pairs: bodies that coexisted, a name then its acronym in one source, an acronym
without its parent's."""

from __future__ import annotations

import math
from typing import Any

import pytest

from ctgraph.graph.dedupe import score_pair
from ctgraph.graph.dedupe.compare import Pair
from ctgraph.graph.dedupe.features import DedupeRecord
from ctgraph.graph.dedupe.score import (
    FEATURES,
    PRIOR,
    country_agrees,
    country_differs,
    date_differs,
    date_in_year,
    given_names_differ,
    initials,
    kind_agrees,
    kind_differs,
    named_part,
    names_alike,
    names_unlike,
    numbers_differ,
    one_source,
    parent_agrees,
    parent_differs,
    part_of,
    places_differ,
    same_date,
    same_wikidata,
    shared_neighbours,
    sound_alike,
    successive_periods,
    wikidata_differs,
    words_differ,
)


def org(key: str, name: str, **kw: Any) -> DedupeRecord:
    return DedupeRecord(f"org:{key}", "Organization", name, **kw).prepare()


def person(key: str, name: str, **kw: Any) -> DedupeRecord:
    return DedupeRecord(f"person:{key}", "Person", name, **kw).prepare()


def event(key: str, name: str, date: str, **kw: Any) -> DedupeRecord:
    return DedupeRecord(f"event:{key}", "Event", name, date=date, **kw).prepare()


# -- names ------------------------------------------------------------------------------------


def test_given_names_differ() -> None:
    seen = given_names_differ(Pair(person("a", "Aziz Karimov"), person("r", "Rustam Karimov")))
    assert seen is not None and seen.share == 1 and "usually two people" in seen.value
    assert (
        given_names_differ(Pair(person("a", "Aziz Karimov"), person("b", "Aziz Karimov"))) is None
    )


def test_names_alike_people_by_their_weakest_word() -> None:
    seen = names_alike(Pair(person("a", "Ulugbek Gainazarov"), person("b", "Ulugbek Gaynazarov")))
    assert seen is not None and 0.8 < seen.share < 1 and "'gainazarov' ~ 'gaynazarov'" in seen.value
    same = names_alike(Pair(person("a", "Aziz Karimov"), person("b", "Aziz Karimov")))
    assert same is not None and same.share == 1 and same.value == "same name 'aziz karimov'"
    # Other first names are not "alike" at all, they are `given_names_differ`.
    assert names_alike(Pair(person("a", "Aziz Karimov"), person("r", "Rustam Karimov"))) is None


def test_names_alike_organizations_by_their_words() -> None:
    same = names_alike(Pair(org("a", "Ministry of Health"), org("b", "The Ministry of Health")))
    assert same is not None and same.share == 1 and "same name" in same.value
    a = org("a", "National Commission on Combating Human Trafficking")
    b = org("b", "National Centre on Combating Human Trafficking")
    seen = names_alike(Pair(a, b))
    # Alike but for a word says little: bodies of one pattern are many.
    assert seen is not None and 0 < seen.share < 0.3 and "both have" in seen.value


def test_names_alike_says_nothing_of_an_acronym() -> None:
    seen = names_alike(Pair(org("a", "International Organization for Migration"), org("b", "IOM")))
    assert seen is not None and seen.share == 0 and "one the initials of the other" in seen.value
    assert (
        names_unlike(Pair(org("a", "International Organization for Migration"), org("b", "IOM")))
        is None
    )


def test_names_unlike() -> None:
    a, b = org("a", "International Organization for Migration"), org("b", "Ministry of Health")
    seen = names_unlike(Pair(a, b))
    assert seen is not None and seen.share == 1
    assert names_alike(Pair(a, b)) is None
    seen = names_unlike(Pair(person("a", "Aziz Karimov"), person("b", "Dilnoza Yusupova")))
    assert seen is not None and seen.share == 1


def test_places_differ() -> None:
    a, b = org("a", "Ministry of Justice of Moldova"), org("b", "Ministry of Justice of Ukraine")
    seen = places_differ(Pair(a, b))
    assert seen is not None and "'moldova' (md)" in seen.value and "'ukraine' (ua)" in seen.value
    # A city of the country is no other place.
    tashkent = org("t", "Ministry of Justice in Tashkent")
    assert places_differ(Pair(tashkent, org("u", "Ministry of Justice of Uzbekistan"))) is None


def test_words_differ() -> None:
    a = org("a", "National Commission on Combating Human Trafficking", country="uz")
    b = org("b", "National Centre on Combating Human Trafficking", country="uz")
    seen = words_differ(Pair(a, b))
    assert seen is not None and seen.share == 1 and "'commission' / 'centre'" in seen.value


def test_words_differ_less_for_a_rename_and_not_with_partners_in_common() -> None:
    a = org("a", "Coordination Council on Trafficking", first="2010-01-01", last="2012-06-01")
    b = org("b", "Interagency Commission on Trafficking", first="2013-02-01", last="2015-01-01")
    seen = words_differ(Pair(a, b))
    assert seen is not None and seen.share == 0.5 and "used one after the other" in seen.value
    a.near, b.near = {"orgs": {"org:iom"}}, {"orgs": {"org:iom"}}
    assert words_differ(Pair(a, b)) is None


def test_named_part() -> None:
    part = org("d", "Department of Migration of the Ministry of Interior")
    seen = named_part(Pair(org("m", "Ministry of Interior"), part))
    assert seen is not None and "as what it is part of" in seen.value
    assert (
        named_part(Pair(org("m", "Ministry of Interior"), org("j", "Ministry of Justice"))) is None
    )


def test_initials() -> None:
    seen = initials(Pair(org("i", "International Organization for Migration"), org("b", "IOM")))
    assert seen is not None
    assert seen.value == "'IOM' is the initials of 'International Organization for Migration'"
    assert initials(Pair(org("i", "International Labour Organization"), org("b", "IOM"))) is None


def test_numbers_differ() -> None:
    a, b = org("a", "Police Department No. 2"), org("b", "Police Department No. 3")
    seen = numbers_differ(Pair(a, b))
    assert seen is not None and seen.value == "different numbers in the names: 2 vs 3"
    assert numbers_differ(Pair(a, org("c", "Police Department No 2"))) is None


# -- what the records say ---------------------------------------------------------------------


def test_country_agrees_and_differs() -> None:
    uz, uz2, kg = (
        org("a", "A B", country="uz"),
        org("b", "A C", country="uz"),
        org("c", "A D", country="kg"),
    )
    assert country_agrees(Pair(uz, uz2)) is not None and country_differs(Pair(uz, uz2)) is None
    seen = country_differs(Pair(uz, kg))
    assert seen is not None and seen.value == "countries differ: uz / kg"
    assert country_agrees(Pair(uz, kg)) is None
    assert country_agrees(Pair(uz, org("d", "A E"))) is None  # one without a country


def test_kind_agrees_and_differs() -> None:
    gov, ngo = org("a", "A B", kind="government"), org("b", "A C", kind="ngo")
    assert kind_agrees(Pair(gov, org("c", "A D", kind="government"))) is not None
    seen = kind_differs(Pair(gov, ngo))
    assert seen is not None and seen.value == "kinds differ: government / ngo"
    # `other` says no kind.
    other = org("d", "A E", kind="other")
    assert kind_agrees(Pair(gov, other)) is None and kind_differs(Pair(gov, other)) is None


def test_part_of() -> None:
    whole = org("osce", "Organization for Security and Co-operation in Europe")
    office = org("pcuz", "OSCE Project Co-ordinator in Uzbekistan", parent="org:osce")
    seen = part_of(Pair(office, whole))
    assert seen is not None and "is part of" in seen.value
    assert (
        parent_agrees(Pair(office, whole)) is None and parent_differs(Pair(office, whole)) is None
    )


def test_parent_agrees_and_differs() -> None:
    a = org("a", "OSCE Programme Office in Bishkek", parent="org:osce")
    b = org("b", "OSCE Project Co-ordinator in Uzbekistan", parent="org:osce")
    c = org("c", "UNODC Programme Office in Bishkek", parent="org:unodc")
    seen = parent_agrees(Pair(a, b))
    assert seen is not None and seen.value == "same parent 'org:osce'"
    seen = parent_differs(Pair(a, c))
    assert seen is not None and seen.value == "parents differ: 'org:osce' / 'org:unodc'"
    assert parent_agrees(Pair(a, org("d", "Office in Bishkek"))) is None


def test_shared_neighbours_count_less_for_hubs_and_busy_records() -> None:
    a = org("a", "A B", near={"orgs": {"org:x", "org:y"}})
    b = org("b", "A C", near={"orgs": {"org:x", "org:y"}})
    seen = shared_neighbours(Pair(a, b))
    assert seen is not None and seen.value.startswith("shared 2 organizations")
    hub = shared_neighbours(Pair(a, b, degree=lambda _: 1000))
    assert hub is not None and hub.share < seen.share
    b.near["orgs"] |= {f"org:{i}" for i in range(20)}
    a.near["orgs"] |= {f"org:n{i}" for i in range(20)}
    busy = shared_neighbours(Pair(a, b))
    assert busy is not None and busy.share < seen.share
    assert shared_neighbours(Pair(a, org("c", "A D"))) is None


def test_successive_periods_say_less_the_longer_the_gap() -> None:
    a = org("a", "A B", first="2010-01-01", last="2012-01-01")
    b = org("b", "A C", first="2013-01-01", last="2014-01-01")
    seen = successive_periods(Pair(a, b))
    assert seen is not None and seen.share == 1
    assert "'A B' 2010–2012, then 'A C' 2013–2014 (a year apart)" in seen.value
    later = successive_periods(Pair(a, org("c", "A D", first="2017-01-01", last="2018-01-01")))
    assert later is not None and later.share == pytest.approx(0.5)
    # Overlapping periods are no succession; nor are events' dates.
    assert (
        successive_periods(Pair(a, org("d", "A E", first="2011-01-01", last="2014-01-01"))) is None
    )
    e1, e2 = event("1", "Round-table", "2010-05-01"), event("2", "Round-table", "2012-05-01")
    e1.first = e1.last = "2010-05-01"
    e2.first = e2.last = "2012-05-01"
    assert successive_periods(Pair(e1, e2)) is None


def test_successive_periods_not_for_records_active_in_one_year() -> None:
    # The pair: the National Centre for Human Rights in March 2021, the commission in
    # July 2021 (two bodies of one time, each seen once).
    a = org("nhrc", "National Centre for Human Rights", first="2021-03-01", last="2021-03-01")
    b = org("c", "National Commission", first="2021-07-29", last="2021-07-29")
    seen = successive_periods(Pair(a, b))
    assert seen is not None and seen.share == 0
    assert seen.value.endswith("but both active in 2021: no rename")


def test_successive_periods_not_for_records_at_one_event() -> None:
    # An event without a date gives neither a date: only both being at it says they coexisted.
    shared = {"events": {"event:conference-07-30"}}
    a = org("p", "Prosecutor's Office", first="2012-01-01", last="2013-01-01", near=shared)
    b = org("a", "Academy of the Prosecutor's Office", first="2019-01-01", last="2019-01-01")
    b.near = {"events": {"event:conference-07-30"}}
    seen = successive_periods(
        Pair(a, b, label=lambda i: {"event:conference-07-30": "Conference"}[i])
    )
    assert seen is not None and seen.share == 0 and "but both at 'Conference'" in seen.value


def test_one_source() -> None:
    a = org("a", "National Commission on Trafficking", sources=frozenset({"source:1"}))
    b = org("b", "National Centre for Human Rights", sources=frozenset({"source:1"}))
    seen = one_source(Pair(a, b))
    assert seen is not None and seen.share == 1 and "usually two bodies" in seen.value
    assert one_source(Pair(a, org("c", "Other", sources=frozenset({"source:2"})))) is None


def test_one_source_not_against_a_name_then_its_acronym() -> None:
    a = org("a", "OSCE Project Co-ordinator in Uzbekistan", sources=frozenset({"source:1"}))
    b = org("b", "PCUz", sources=frozenset({"source:1"}))
    seen = one_source(Pair(a, b))
    assert seen is not None and seen.share == 0 and "a name, then its initials" in seen.value


def test_sound_alike() -> None:
    seen = sound_alike(Pair(person("a", "Aziz Karimov"), person("b", "Aziz Karimoff")))
    assert seen is not None and seen.value == "the names sound alike"
    # The same name says it all already.
    assert sound_alike(Pair(person("a", "Aziz Karimov"), person("b", "Aziz Karimov"))) is None


def test_dates_of_events() -> None:
    a = event("a", "Round-table on trafficking", "2019-11-26")
    assert same_date(Pair(a, event("b", "Round-table", "2019-11-26"))) is not None
    seen = date_in_year(Pair(a, event("c", "Round-table", "2019-05-01")))
    assert seen is not None and seen.value == "dates differ: 2019-11-26 / 2019-05-01"
    assert date_differs(Pair(a, event("d", "Round-table", "2020-11-26"))) is not None
    assert date_differs(Pair(a, event("e", "Round-table", "2019-05-01"))) is None


def test_wikidata() -> None:
    a, b = org("a", "A B", wikidata="Q1"), org("b", "A C", wikidata="Q1")
    assert same_wikidata(Pair(a, b)) is not None and wikidata_differs(Pair(a, b)) is None
    b.wikidata = "Q2"
    seen = wikidata_differs(Pair(a, b))
    assert seen is not None and seen.value == "Wikidata ids differ: Q1 / Q2"


# -- the table --------------------------------------------------------------------------------


def test_every_feature_of_a_score_is_a_row_of_the_table() -> None:
    a = org("a", "National Commission on Trafficking", country="uz", kind="government",
            sources=frozenset({"source:1"}), near={"orgs": {"org:iom"}})  # fmt: skip
    b = org("b", "National Centre for Human Rights", country="uz", kind="government",
            sources=frozenset({"source:1"}), near={"orgs": {"org:iom"}})  # fmt: skip
    score, feats = score_pair(a, b)
    pair = Pair(a, b)
    rows = [(r, s) for r in FEATURES if (s := r.look(pair)) is not None]
    assert [f.feature for f in feats] == [r.feature for r, _ in rows]
    assert [f.effect for f in feats] == pytest.approx([r.weight * s.share for r, s in rows])
    assert [f.value for f in feats] == [s.value for _, s in rows]
    assert score == pytest.approx(1 / (1 + math.exp(-(PRIOR + sum(f.effect for f in feats)))))
    assert {"name", "country", "kind", "shared", "one source"} <= {f.feature for f in feats}
    assert all(set(f.as_dict()) == {"feature", "effect", "value", "decisive"} for f in feats)


def test_weights_can_be_given() -> None:
    a = org("a", "National Commission on Trafficking", country="uz")
    b = org("b", "National Centre for Human Rights", country="uz")
    score, feats = score_pair(a, b)
    heavier, feats2 = score_pair(a, b, weights={"country_agrees": 2.0})
    assert heavier > score
    assert next(f.effect for f in feats2 if f.feature == "country") == 2.0


def test_a_decisive_feature_decides_alone() -> None:
    a, b = org("a", "A B", wikidata="Q1"), org("b", "C D", wikidata="Q1")
    score, feats = score_pair(a, b)
    assert score > 0.99 and [f.feature for f in feats] == ["wikidata"] and feats[0].decisive
    b.wikidata = "Q2"
    assert score_pair(a, b)[0] < 0.01


def test_a_person_without_name_words_is_scored() -> None:
    # `sim` was bound only where both had name words; the sound check read it regardless.
    a, b = person("a", "Aziz Karimov"), person("b", "Aziz Karimoff")
    a.words = []
    score, feats = score_pair(a, b)
    assert 0 < score < 1 and "sound" not in {f.feature for f in feats}


# -- the pairs ------------------------------------------------------------------------


def test_an_acronym_without_its_parents_in_one_source_is_proposed() -> None:
    """A press release names "OSCE Project Co-ordinator in Uzbekistan", then "PCUz": two
    records of one source that are one body (0.035 before)."""
    same = {"country": "uz", "kind": "igo", "sources": frozenset({"source:osce-2019-11-26"})}
    a = org("osce-pcuz", "OSCE Project Co-ordinator in Uzbekistan", **same)
    b = org("pcuz", "PCUz", **same)
    score, feats = score_pair(a, b)
    assert score > 0.9, feats
    effects = {f.feature: f.effect for f in feats}
    assert effects["acronym"] > 0 and effects["one source"] == 0


def test_coexisting_bodies_get_no_rename_bonus() -> None:
    a = org("nhrc", "National Centre for Human Rights", country="uz", kind="government",
            first="2021-03-01", last="2021-03-01", near={"orgs": {"org:osce-pcuz"}})  # fmt: skip
    b = org("c", "National Commission on Combating Human Trafficking and Decent Work",
            country="uz", kind="government", first="2021-07-29", last="2021-07-29",
            near={"orgs": {"org:osce-pcuz"}})  # fmt: skip
    _, feats = score_pair(a, b)
    effects = {f.feature: f.effect for f in feats}
    assert effects["periods"] == 0 and effects["words"] < 0
