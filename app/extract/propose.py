"""A proposal from one news item: the records ctgraph would load (its load format), each with a
confidence and the text behind it, the item's Source, and how each name was linked. Nothing is
written: a person reviews the proposal, then loads it with the ordinary loader."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ctgraph.core.names import record_names, slug
from ctgraph.extract.facts import Extractor, Found, Mention, Span
from ctgraph.extract.gazetteer import Gazetteer, Known
from ctgraph.extract.rules import Rules, load_rules
from ctgraph.extract.text import read_item, sentences, text_sha256
from ctgraph.graph.dedupe.features import DedupeRecord
from ctgraph.graph.dedupe.score import score_pair

# What a body's name says of its kind.
_KINDS = (
    (
        r"\b(?:Ministry|Government|Commission|Committee|Agency|Service|Inspectorate|Cabinet|"
        r"Administration|Authority|Directorate)\b",
        "government",
    ),
    (
        r"\b(?:Police|Prosecutor|Prosecution|Procuracy|Border Guard|Guard|Investigat)",
        "law-enforcement",
    ),
    (r"\b(?:Parliament|Senate|Assembly|Majlis|Parliamentary)\b", "parliament"),
    (r"\b(?:University|Academy|Institute|College|School)\b", "academia"),
    (r"\b(?:Embassy|Consulate)\b", "diplomatic"),
    (
        r"\b(?:Foundation|Association|NGO|Shelter|Network|Coalition|Centre|Center|Society|Union|"
        r"Strada|Hotline|Movement|Initiative|Trust)\b",
        "ngo",
    ),
)
_ORDER_OF_PRECISION = {"day": 0, "month": 1, "year": 2, "unknown-year": 3, "unknown": 4}


@dataclass(frozen=True)
class ItemMeta:
    title: str | None = None
    publisher: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None


def known_actors(rows: Iterable[Mapping[str, Any]]) -> list[Known]:
    """Gazetteer entries from the graph's rows (type, id, name, aliases, otherNames, …)."""
    out = []
    for r in rows:
        if r.get("type") not in ("Organization", "Person", "Event") or not r.get("id"):
            continue
        names = tuple(n for n in record_names(dict(r)) if n) if r["type"] != "Event" else ()
        extra = {
            k: r.get(k)
            for k in (
                "startDate",
                "endDate",
                "venue",
                "participantsCount",
                "datePrecision",
                "monthDay",
                "city",
                "kind",
                "occasion",
                "organizerIds",
                "country",
            )
        }
        out.append(
            Known(
                str(r["id"]),
                str(r["type"]),
                str(r.get("name") or r["id"]),
                names,
                r.get("country"),
                extra,
            )
        )
    return out


def records_as_rows(records: Mapping[str, list[Mapping[str, Any]]]) -> list[dict[str, Any]]:
    """The rows `known_actors` reads, from records in ctgraph's load format (the sample)."""
    types = {"organizations": "Organization", "people": "Person", "events": "Event"}
    organizers: dict[str, list[str]] = {}
    for o in records.get("organized", []):
        organizers.setdefault(str(o["eventId"]), []).append(str(o["organizationId"]))
    rows = []
    for kind, label in types.items():
        for r in records.get(kind, []):
            row = {**r, "type": label}
            for many in ("aliases",):
                if isinstance(row.get(many), str):
                    row[many] = [x for x in str(row[many]).split("|") if x]
            if label == "Event":
                row["organizerIds"] = organizers.get(str(r["id"]), [])
            rows.append(row)
    return rows


class Proposer:
    """Extraction over one graph's names (a gazetteer built once, used for many items)."""

    def __init__(self, actors: Iterable[Known], language: str = "en") -> None:
        actors = list(actors)
        self.rules: Rules = load_rules(language)
        self.gazetteer = Gazetteer(a for a in actors if a.type != "Event")
        self.events = [a for a in actors if a.type == "Event"]
        self.extractor = Extractor(self.rules, self.gazetteer)
        self.linker = Linker(actors)

    def propose(self, raw: str, meta: ItemMeta | None = None) -> dict[str, Any]:
        meta = meta or ItemMeta()
        item = read_item(raw, meta.title)
        text = item.text
        title = meta.title or item.title
        digest = text_sha256(text)
        sents = sentences(text, self.rules.abbreviations)
        x = copy.copy(self.extractor)
        x.byline = item.byline
        if item.byline:
            meta = _from_byline(text[item.byline[0] : item.byline[1]], meta, x)
        mentions = x.mentions(text, sents)
        ev = x.event(title, text, sents, [m for m in mentions if m.type == "Organization"])
        organizers = x.organizers(text, sents, mentions, ev.venue)
        speakers = x.speakers(text, sents, mentions, meta.publisher)

        source_id = _source_id(meta, title, digest)
        src = [source_id]
        source = {
            "type": "source",
            "id": source_id,
            "name": title or meta.url or f"item {digest[:8]}",
            "publisher": meta.publisher,
            "publishedDate": meta.published,
            "url": meta.url,
            "content": text,
        }
        date = ev.date.value if ev.date else {"precision": "unknown"}
        same = self._same_event(ev, organizers, date)
        event_id = same["id"] if same else _event_id(ev, date, title)
        event: dict[str, Any] = {
            "type": "event",
            "id": event_id,
            "name": ev.name.value if ev.name else title,
            "kind": ev.kind.value if ev.kind else "other",
            "startDate": date.get("start"),
            "endDate": date.get("end"),
            "datePrecision": date.get("precision"),
            "monthDay": date.get("monthDay"),
            "city": _v(ev.city),
            "country": _v(ev.country),
            "venue": _v(ev.venue),
            "participantsCount": _v(ev.participants),
            "occasion": _v(ev.occasion),
            "sourceIds": src,
        }
        if date.get("precision") == "day" and date.get("monthDay") and event["startDate"]:
            event["monthDay"] = None  # the loader derives it from the day
        evidence: dict[str, Any] = {}
        for name, found in (
            ("kind", ev.kind),
            ("name", ev.name),
            ("date", ev.date),
            ("city", ev.city),
            ("venue", ev.venue),
            ("occasion", ev.occasion),
            ("participantsCount", ev.participants),
        ):
            if found is not None:
                evidence[name] = _evidence(found, sents)
        proposed = dict(event)
        if same:
            event = self._fill_known_event(event, same)

        records: list[dict[str, Any]] = [source, event]
        new_orgs: dict[str, dict[str, Any]] = {}
        new_people: dict[str, dict[str, Any]] = {}

        # New names the duplicate scorer finds in the graph: offered, and linked when sure.
        offers: dict[str, list[dict[str, Any]]] = {}

        def link(m: Mention | None, type: str) -> None:
            if m is None or m.id is not None or m.name in offers:
                return
            org = type == "Organization"
            kind = _kind_of(m.name) if org else None
            country = _country_of(m.name, self.rules) if org else None
            offers[m.name] = self.linker.matches(m.name, type, country=country, kind=kind)
            best = offers[m.name][0] if offers[m.name] else None
            if best and best["score"] >= LINK_AT:
                m.id = str(best["id"])
                m.why = f"the duplicate scorer: {best['score']:.2f} that it is {best['name']}"

        for o in organizers:
            link(o.mention, "Organization")
        for sp in speakers:
            link(sp.mention, "Person")
            link(sp.organization, "Organization")

        def org_id(m: Mention) -> str:
            if m.id:
                return m.id
            rec = new_orgs.get(m.key)
            if rec is None:
                rec = _new_org(m, src, self.rules)
                new_orgs[m.key] = rec
            return str(rec["id"])

        organizer_out = []
        for o in organizers:
            oid: str | None = org_id(o.mention)
            records.append(
                {
                    "type": "organized",
                    "organizationId": oid,
                    "eventId": event_id,
                    "role": o.role,
                    "evidence": _sentence(o.span, sents),
                    "sourceIds": src,
                }
            )
            organizer_out.append(
                {
                    "name": o.mention.name if o.mention.id is None else o.mention.text,
                    "id": o.mention.id,
                    "recordId": oid,
                    "known": o.mention.id is not None,
                    "role": o.role,
                    "confidence": o.confidence,
                    "rule": o.rule,
                    "linked": o.mention.why,
                    "evidence": _span_evidence(o.span, sents),
                    "at": o.mention.start if o.mention.start >= 0 else None,
                    "matches": offers.get(o.mention.name, []),
                }
            )
        speaker_out = []
        for sp in speakers:
            pid = sp.mention.id
            if pid is None:
                rec = new_people.get(sp.mention.key)
                if rec is None:
                    rec = {
                        "type": "person",
                        "id": _unique(f"person:{slug(sp.mention.name)}", records),
                        "name": sp.mention.name,
                        "honorific": sp.honorific,
                        "country": sp.country,
                        "sourceIds": src,
                    }
                    new_people[sp.mention.key] = rec
                pid = str(rec["id"])
            records.append(
                {
                    "type": "participation",
                    "personId": pid,
                    "eventId": event_id,
                    "role": sp.role,
                    "talkTitle": sp.talk_title,
                    "evidence": _sentence(sp.span, sents),
                    "sourceIds": src,
                }
            )
            oid = org_id(sp.organization) if sp.organization else None
            if oid:
                records.append(
                    {
                        "type": "affiliation",
                        "personId": pid,
                        "organizationId": oid,
                        "position": sp.position or "Representative",
                        "evidence": _sentence(sp.span, sents),
                        "sourceIds": src,
                    }
                )
            speaker_out.append(
                {
                    "name": sp.mention.text,
                    "id": sp.mention.id,
                    "recordId": pid,
                    "known": sp.mention.id is not None,
                    "role": sp.role,
                    "honorific": sp.honorific,
                    "position": sp.position,
                    "organization": (
                        sp.organization.text
                        if sp.organization and sp.organization.start >= 0
                        else sp.organization.name
                        if sp.organization
                        else None
                    ),
                    "organizationId": sp.organization.id if sp.organization else None,
                    "organizationRecordId": oid,
                    "talkTitle": sp.talk_title,
                    "confidence": sp.confidence,
                    "evidence": _span_evidence(sp.span, sents),
                    "at": sp.mention.start,
                    "matches": offers.get(sp.mention.name, []),
                    "linked": sp.mention.why,
                }
            )
        records[2:2] = list(new_orgs.values()) + list(new_people.values())
        records = [_clean(r) for r in records]
        return {
            "item": {
                "sha256": digest,
                "rules": self.rules.version,
                "title": title,
                "publisher": meta.publisher,
                "published": meta.published,
                "url": meta.url,
                "text": text,
            },
            "event": {
                "id": event_id,
                "sameAs": same["id"] if same else None,
                "sameAsWhy": same.get("why") if same else None,
                "kind": proposed["kind"],
                "name": proposed["name"],
                "date": {
                    "start": date.get("start"),
                    "end": date.get("end"),
                    "precision": date.get("precision"),
                    "monthDay": date.get("monthDay"),
                },
                "city": _v(ev.city),
                "venue": _v(ev.venue),
                "occasion": _v(ev.occasion),
                "participantsCount": _v(ev.participants),
                "evidence": evidence,
            },
            "organizers": organizer_out,
            "speakers": speaker_out,
            "names": [
                {
                    "text": m.text,
                    "start": m.start,
                    "end": m.end,
                    "type": m.type,
                    "id": m.id,
                    "name": m.name,
                    "why": m.why,
                }
                for m in mentions
            ],
            "records": records,
        }

    def _same_event(
        self, ev: Any, organizers: list[Any], date: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        """A known event this item reports again: the same day (or a date that does not
        contradict it), the same city, and organizers in common."""
        ours = {o.mention.id for o in organizers if o.mention.id}
        best: tuple[float, dict[str, Any]] | None = None
        for known in self.events:
            e = known.extra
            theirs = {str(x) for x in e.get("organizerIds") or []}  # type: ignore[attr-defined]
            shared = ours & theirs
            if not shared:
                continue
            score = len(shared) / max(1, min(len(ours), len(theirs)))
            why = [f"{len(shared)} organizers in common"]
            if not _dates_agree(date, e):
                continue
            if date.get("start") and e.get("startDate") and date.get("start") == e.get("startDate"):
                score += 1
                why.append("the same day")
            city = _v(ev.city)
            if city and e.get("city"):
                if city.casefold() != str(e["city"]).casefold():
                    continue
                score += 0.5
                why.append("the same city")
            if (
                ev.occasion
                and e.get("occasion")
                and str(e["occasion"]).casefold() == str(ev.occasion.value).casefold()
            ):
                score += 0.5
                why.append("the same occasion")
            if ev.kind and e.get("kind") and ev.kind.value != e["kind"]:
                score -= 0.5
            same_day = "the same day" in why
            if (
                (len(shared) >= 2 or same_day)
                and score >= 1.5
                and (best is None or score > best[0])
            ):
                best = (
                    score,
                    {"id": known.id, "name": known.name, "why": ", ".join(why), "known": e},
                )
        return best[1] if best else None

    def _fill_known_event(self, event: dict[str, Any], same: dict[str, Any]) -> dict[str, Any]:
        """A second report adds what the event lacked; what it already holds is kept."""
        known = same["known"]
        out = {
            "type": "event",
            "id": event["id"],
            "name": same["name"],
            "sourceIds": event["sourceIds"],
        }
        mine = _ORDER_OF_PRECISION.get(str(event.get("datePrecision")), 4)
        theirs = _ORDER_OF_PRECISION.get(str(known.get("datePrecision")), 4)
        # A record gives an event's date whole: the more precise of the two.
        dated = event if mine < theirs else known
        for k in ("startDate", "endDate", "datePrecision", "monthDay"):
            out[k] = dated.get(k)
        if dated is known and out.get("datePrecision") == "day":
            out["monthDay"] = None
        for k in ("city", "venue", "occasion", "participantsCount", "country"):
            if event.get(k) is not None and known.get(k) in (None, ""):
                out[k] = event[k]
        return out


def _dates_agree(date: Mapping[str, Any], e: Mapping[str, Any]) -> bool:
    a, b = date.get("start"), e.get("startDate")
    if a and b:
        n = min(len(str(a)), len(str(b)))
        return str(a)[:n] == str(b)[:n]
    md_a, md_b = date.get("monthDay"), e.get("monthDay")
    return not (md_a and md_b and md_a != md_b)


def _v(found: Found | None) -> Any:
    return found.value if found is not None else None


def _evidence(found: Found, sents: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"confidence": found.confidence, "rule": found.rule}
    if found.span:
        out.update(_span_evidence(found.span, sents))
    return out


def _span_evidence(span: Span, sents: list[Any]) -> dict[str, Any]:
    s = next((s for s in sents if s.start <= span.start < s.end), None)
    return {
        "start": span.start,
        "end": span.end,
        "text": span.text,
        "sentence": s.text if s else None,
    }


def _sentence(span: Span, sents: list[Any]) -> str | None:
    """The sentence a fact comes from, as a record's `evidence` (a value may not begin with
    = + - @, which a spreadsheet would run as a formula)."""
    s = next((s for s in sents if s.start <= span.start < s.end), None)
    return s.text.lstrip("=+-@ ")[:10_000] or None if s else None


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None and v != ""}


def _unique(rid: str, records: list[dict[str, Any]]) -> str:
    taken = {r.get("id") for r in records}
    n, out = 2, rid
    while out in taken:
        out, n = f"{rid}-{n}", n + 1
    return out


def _kind_of(name: str) -> str:
    """What a body's name says of its kind."""
    return next((k for pattern, k in _KINDS if re.search(pattern, name)), "other")


def _country_of(name: str, rules: Rules) -> str | None:
    """The country a body's name names ("… of the Republic of Moldova", "Ukrainian …")."""
    for land, code in rules.countries.items():
        if re.search(rf"\b{re.escape(land)}\b", name):
            return code
    for dem, code in rules.demonyms.items():
        if re.search(rf"\b{re.escape(dem)}\b", name):
            return code
    return None


def _new_org(m: Mention, src: list[str], rules: Rules) -> dict[str, Any]:
    name = m.name
    kind = _kind_of(name)
    country = _country_of(name, rules)
    return {
        "type": "organization",
        "id": f"org:{slug(name)}",
        "name": name,
        "aliases": m.aliases or None,
        "kind": kind,
        "country": country,
        "sourceIds": src,
    }


def _source_id(meta: ItemMeta, title: str, digest: str) -> str:
    who = slug(meta.publisher or "item")[:40]
    return f"source:{who}-{meta.published or digest[:10]}"


def _event_id(ev: Any, date: Mapping[str, Any], title: str) -> str:
    parts = []
    if date.get("start"):
        parts.append(str(date["start"]))
    if ev.city:
        parts.append(slug(str(ev.city.value)))
    parts.append(str(ev.kind.value) if ev.kind else "event")
    if not date.get("start"):
        parts.append(slug(title)[:40] or "undated")
    return "event:" + "-".join(p for p in parts if p)


def _from_byline(line: str, meta: ItemMeta, x: Extractor) -> ItemMeta:
    """The publisher and day of publication a byline gives, where the caller gave none."""
    parts = [p.strip() for p in re.split(r"\s[|·—–-]\s|, ", line) if p.strip()]
    publisher = meta.publisher or (parts[0] if parts and not re.search(r"\d", parts[0]) else None)
    published = meta.published
    if published is None:
        for pattern, form in x._dates:
            m = pattern.search(line)
            if m and form in ("iso", "dotted", "dmy", "mdy"):
                value = x._date_value(m, form)
                if value:
                    published = value["start"]
                    break
    return ItemMeta(meta.title, publisher, published, meta.url)


# -- new names against the graph's records, by the duplicate scorer ---------------------------

LINK_AT = 0.95  # a new name scored this sure of a known record is proposed as that record
OFFER_AT = 0.5  # … and offered as a choice from this score


class Linker:
    """The duplicate scorer's view of the graph's organizations and people, to compare a new
    name with the records whose names share a word with it."""

    def __init__(self, actors: Iterable[Known]) -> None:
        self.records: dict[str, DedupeRecord] = {}
        self.by_word: dict[str, set[str]] = {}
        for a in actors:
            if a.type not in ("Organization", "Person"):
                continue
            r = DedupeRecord(
                id=a.id,
                type=a.type,
                name=a.name,
                aliases=list(a.names),
                country=a.country,
                kind=_str(a.extra.get("kind")),
            )
            r.prepare()
            self.records[a.id] = r
            for w in r.tokens:
                self.by_word.setdefault(w, set()).add(a.id)

    def matches(
        self, name: str, type: str, country: str | None = None, kind: str | None = None
    ) -> list[dict[str, Any]]:
        new = DedupeRecord(id="new", type=type, name=name, country=country, kind=kind)
        new.prepare()
        # Words shared by many records (ministry, national) find nothing by themselves.
        near = {
            i
            for w in new.tokens
            if len(self.by_word.get(w, ())) <= 500
            for i in self.by_word.get(w, ())
        }
        out: list[dict[str, Any]] = []
        for rid in near:
            known = self.records[rid]
            if known.type != type:
                continue
            score, feats = score_pair(new, known)
            if score >= OFFER_AT:
                out.append(
                    {
                        "id": rid,
                        "name": known.name,
                        "score": round(score, 3),
                        "why": [f.value for f in feats if f.effect > 0][:3],
                    }
                )
        return sorted(out, key=lambda m: -float(m["score"]))[:3]


def _str(value: object) -> str | None:
    return str(value) if value else None
