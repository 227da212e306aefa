"""Whole facts from an item's text by rules: the event (kind, name, date with its precision,
city, venue, occasion, participants), who organized it and in what role, who spoke, with their
positions and affiliations. Every fact keeps the span of text that says it."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from ctgraph.extract.gazetteer import Gazetteer, Match
from ctgraph.extract.rules import Rules
from ctgraph.extract.text import Sentence

# Capital and small letters of the Latin scripts (Hadžić, Ștefan, Novák).
UPPER = "A-Z" + "".join(chr(c) for c in range(0xC0, 0x250) if chr(c).isupper())
LOWER = "a-z" + "".join(chr(c) for c in range(0xDF, 0x250) if chr(c).islower())
_QUOTED = re.compile(r"[“\"«]([^”\"»]{3,300})[”\"»]")
_ORG_ROLES = ("organizer", "co-organizer", "host", "supporter")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass
class Mention:
    """A name in the text: a known actor (id set) or a new name."""

    start: int
    end: int
    text: str
    type: str  # Organization or Person
    id: str | None = None
    name: str = ""
    aliases: list[str] = field(default_factory=list)
    why: str = ""

    @property
    def key(self) -> str:
        return self.id or f"new:{self.type}:{self.name.casefold()}"


@dataclass
class Found:
    """A value with the span that says it and how sure the rule is."""

    value: Any
    span: Span | None
    confidence: float
    rule: str


@dataclass
class Organizer:
    mention: Mention
    role: str
    span: Span
    confidence: float
    rule: str


@dataclass
class Speaker:
    mention: Mention
    role: str  # speaker, moderator, participant
    span: Span
    confidence: float
    honorific: str | None = None
    position: str | None = None
    organization: Mention | None = None
    country: str | None = None
    talk_title: str | None = None


@dataclass
class EventFacts:
    kind: Found | None = None
    name: Found | None = None
    date: Found | None = None  # value: {"start", "end", "precision", "monthDay"}
    city: Found | None = None
    country: Found | None = None
    venue: Found | None = None
    occasion: Found | None = None
    participants: Found | None = None


@dataclass
class Facts:
    event: EventFacts
    organizers: list[Organizer]
    speakers: list[Speaker]
    mentions: list[Mention]
    notes: list[str]


def _ws(pattern: str) -> str:
    """A pattern whose spaces (escaped or not) match any run of white space."""
    return pattern.replace("\\ ", " ").replace(" ", r"\s+")


class Extractor:
    """The rules of one language applied to one item."""

    def __init__(self, rules: Rules, gazetteer: Gazetteer) -> None:
        self.r = rules
        self.g = gazetteer
        self.byline: tuple[int, int] | None = None
        d = rules.data
        m = rules.month_re
        self._kind_words = sorted(
            ((w, k["kind"]) for k in d["event_kinds"] for w in k["words"]),
            key=lambda p: -len(p[0]),
        )
        self._kind_re = re.compile(
            r"(?<![\w-])(" + "|".join(_ws(re.escape(w)) for w, _ in self._kind_words) + r")s?\b",
            re.I,
        )
        self._event_verbs = re.compile(rules.alternation("event_verbs"), re.I)
        # Where the event was: a cue, then a capitalised name.
        self._venue_name = re.compile(
            rf"\s+((?:[A-Z0-9“\"{UPPER}][\w“”\"’'&.-]*)(?:\s+(?:(?:of|the|for|and|de|on|cel|"
            rf"named\s+after)\s+)*[A-Z0-9“\"{UPPER}][\w“”\"’'&.-]*)*)"
        )
        kinds = "|".join(_ws(re.escape(w)) for w, _ in self._kind_words)
        self._venue_cues: list[tuple[re.Pattern[str], float, bool]] = [
            (re.compile(r"(?<![\w-])" + _ws(re.escape(c)) + r"(?![\w-])", re.I), 0.75, False)
            for c in rules.words("venue_cues")
        ]
        # "a one-day training at the Hotel Continental": the event's kind, then "at"; and "at
        # the" in the sentence that tells the event (main only).
        self._venue_cues.append(
            (re.compile(rf"(?<![\w-])(?:{kinds})s?\s+at(?:\s+the)?(?=\s)", re.I), 0.65, False)
        )
        self._venue_cues.append((re.compile(r"(?<![\w-])at\s+the(?![\w-])", re.I), 0.6, True))
        self._speech = re.compile(rules.alternation("speech_verbs"), re.I)
        self._moderate = re.compile(rules.alternation("moderator_verbs"), re.I)
        self._attend = re.compile(rules.alternation("attendance_verbs"), re.I)
        self._observance = re.compile(rules.alternation("observance_words"), re.I)
        self._honorific = re.compile(
            r"(?:^|(?<=[\s,(]))(" + "|".join(re.escape(h) for h in rules.honorifics) + r")\s*$",
            re.I,
        )
        self._degrees = re.compile(rules.alternation("degrees"), re.I)
        day = r"(\d{1,2})(?:st|nd|rd|th)?"
        year = r"((?:19|20)\d{2})"
        self._dates: list[tuple[re.Pattern[str], str]] = [
            (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "iso"),
            (re.compile(rf"\b(\d{{1,2}})[./](\d{{1,2}})[./]{year}\b"), "dotted"),
            (
                re.compile(
                    rf"\b{day}\s+({m})\s*(?:[-–—]|to|until)\s*{day}\s+({m}),?\s+{year}\b", re.I
                ),
                "dmdmy",
            ),
            (
                re.compile(
                    rf"\b{day}\s*(?:[-–—]|to|and|until)\s*{day}\s+(?:of\s+)?({m}),?\s+{year}\b",
                    re.I,
                ),
                "ddmy",
            ),
            (re.compile(rf"\b{day}\s+(?:of\s+)?({m}),?\s+{year}\b", re.I), "dmy"),
            (re.compile(rf"\b({m})\s+{day}\s*(?:[-–—]|to)\s*{day},?\s+{year}\b", re.I), "mddy"),
            (re.compile(rf"\b({m})\s+{day},?\s+{year}\b", re.I), "mdy"),
            (re.compile(rf"\b({m})\s+{year}\b", re.I), "my"),
            (
                re.compile(
                    rf"\b{day}\s*(?:[-–—]\s*{day}\s+)?(?:of\s+)?({m})(?![\w.]*,?\s*\d)", re.I
                ),
                "dm",
            ),
            (re.compile(rf"\b({m})\s+{day}\b(?!,?\s*\d)", re.I), "md"),
            (re.compile(rf"\b(?:in|during|throughout)\s+{year}\b(?![-–—/]\d)", re.I), "y"),
        ]
        q = "|".join(re.escape(x) for x in sorted(d["participant_quantifiers"], key=len)[::-1])
        p = "|".join(_ws(re.escape(x)) for x in sorted(d["participant_words"], key=len)[::-1])
        numbers = sorted(d.get("number_words", {}), key=len, reverse=True)
        nw = "|".join(numbers)
        count = (
            rf"(\d{{1,3}}(?:,\d{{3}})?|\d{{1,6}}|(?:{nw})(?:[-\s](?:{nw}))?)"
            if numbers
            else r"(\d{1,3}(?:,\d{3})?|\d{1,6})"
        )
        self._participants = re.compile(
            rf"(?:\b(?:{q})\s+)?\b{count}\+?\s+(?:[a-z-]+\s+){{0,3}}?(?:{p})\b", re.I
        )
        cues = "|".join(_ws(re.escape(c)) for c in d.get("participant_cues", []))
        self._participants_cued = re.compile(
            rf"(?<![\w-])(?:{cues})\s+(?:(?:{q})\s+)?{count}\s+([a-z][a-z-]+)\b", re.I
        )
        self._not_units = frozenset(d.get("not_participant_units", []))
        self._cities = re.compile(
            r"(?<![\w-])("
            + "|".join(re.escape(c) for c in sorted(rules.cities, key=len)[::-1])
            + r")(?![\w-])"
        )
        heads = "|".join(re.escape(h) for h in sorted(rules.org_heads, key=len)[::-1])
        word = rf"(?:[{UPPER}][\w’'&-]*(?:\.[{UPPER}][\w’'&-]*)*|[A-Z]{{2,}})"
        conn = r"(?:of|for|on|and|the|in|against|to|de|del|du|des|la|y|cel|&|named +after)"
        self._org_run = re.compile(
            rf"(?<![\w-])(?:{word} +(?:{conn} +)*)*?(?:{word} +)*?(?:{heads})\b"
            rf"(?: +(?:{conn} +)*{word}(?: +{word})*)*"
        )
        self._admin_units = frozenset(d.get("admin_units", []))
        self._not_person = frozenset(d.get("not_person_words", [])) | self._admin_units
        self._acronym_after = re.compile(
            r"\s*\(([A-Z][A-Za-z&/.-]{1,12}(?: [A-Z][A-Za-z&/.-]{1,12})?)\)"
        )
        u, lo = UPPER, LOWER
        nameword = (
            rf"(?:[{u}][a-z]?\.(?:\s?[{u}][a-z]?\.)*|[{u}][{lo}’']+(?:[{u}][{lo}]+)?"
            rf"(?:-[{u}][{lo}]+)?)"
        )
        # Up to eight words, so that a position before the name ("National Programme Officer
        # Malika Tursunova") is one run, whose leading words are then dropped.
        self._person = re.compile(rf"(?<![\w.-]){nameword}(?:\s+{nameword}){{1,7}}(?![\w-])")

    # -- names -------------------------------------------------------------------------------

    def mentions(self, text: str, sents: list[Sentence]) -> list[Mention]:
        found: list[Mention] = []
        for m in self.g.find(text):
            if m.type in ("Organization", "Person"):
                found.append(self._known(m))
        self._new_orgs(text, found)
        taken = [(x.start, x.end) for x in found]
        found += self._acronym_uses(text, found, taken)
        taken = [(x.start, x.end) for x in found]
        found += self._new_people(text, sents, taken)
        found.sort(key=lambda x: x.start)
        return found

    def _known(self, m: Match) -> Mention:
        actor = self.g.actors[m.ids[0]]
        why = "known name" if len(m.ids) == 1 else f"known name of {len(m.ids)} records"
        return Mention(m.start, m.end, m.text, m.type, m.ids[0], actor.name, why=why)

    def _new_orgs(self, text: str, found: list[Mention]) -> list[Mention]:
        """Names of bodies the graph does not know: capitalised runs with a head word
        ("Ministry of …", "… Foundation"), an acronym in parentheses after them; an acronym the
        graph knows, qualified by an office ("OSCE Mission to Serbia"), is such a new name."""
        out: list[Mention] = []
        known = [f for f in found if f.type == "Organization"]
        for m in self._org_run.finditer(text):
            for a, b in self._split_run(text, m.start(), m.end(), found):
                mention = self._org_name(text, a, b, known, found)
                if mention is not None:
                    out.append(mention)
        out += self._field_offices(text, found)
        out += self._short_forms(text, out, found)
        # A short form of a longer name of the same item is that body: one record.
        for short in out:
            for long in out:
                if (
                    long is not short
                    and len(long.name) > len(short.name)
                    and (long.name.startswith(short.name + " "))
                ):
                    short.name = long.name
                    short.aliases = long.aliases
        return out

    def _field_offices(self, text: str, found: list[Mention]) -> list[Mention]:
        """ "OSCE Project Co-ordinator in Ukraine", "OSCE Mission to Serbia": an office of a body
        the graph knows by its acronym, named by the acronym and the office."""
        offices = "|".join(re.escape(o) for o in self.r.data.get("field_offices", []))
        out = []
        for k in [f for f in found if f.type == "Organization" and _acronym_like(f.text)]:
            m = re.match(
                rf" +((?:{offices})(?: +(?:in|to|for|at) +(?:the +)?"
                rf"[{UPPER}][\w-]+(?: +[{UPPER}][\w-]+)*)?)",
                text[k.end :],
            )
            if not m or any(
                f.start < k.end + m.end() and k.end < f.end for f in found if f is not k
            ):
                continue
            end = k.end + m.end()
            name = text[k.start : end]
            mention = Mention(
                k.start, end, name, "Organization", None, name, why=f"an office of {k.name}"
            )
            found.remove(k)
            found.append(mention)
            out.append(mention)
        return out

    def _short_forms(self, text: str, new: list[Mention], found: list[Mention]) -> list[Mention]:
        """ "Istiqbolli Avlod" for "Istiqbolli Avlod Information and Resource Centre" named
        before in the same item."""
        out = []
        for org in list(new):
            words = org.name.split()
            for k in range(len(words) - 1, 1, -1):
                prefix = " ".join(words[:k])
                if words[k - 1].lower() in ("of", "and", "the", "for", "in", "on"):
                    continue
                for m in re.finditer(
                    rf"(?<![\w-]){re.escape(prefix)}(?![\w-])(?! +[{UPPER}])", text
                ):
                    if any(f.start < m.end() and m.start() < f.end for f in found):
                        continue
                    mention = Mention(
                        m.start(),
                        m.end(),
                        prefix,
                        "Organization",
                        None,
                        org.name,
                        list(org.aliases),
                        why=f"short for {org.name}",
                    )
                    found.append(mention)
                    out.append(mention)
        return out

    def _split_run(self, text: str, a: int, b: int, found: list[Mention]) -> list[tuple[int, int]]:
        """A run cut where one name ends and the next begins: at "and the", and at "and"
        between two names that each have a head word."""
        run = text[a:b]
        cuts = [(a, b)]
        for m in re.finditer(r" +and +(?:the +)?", run):
            left, right = run[: m.start()], run[m.end() :]
            edge = any(k.end == a + m.start() or k.start == a + m.end() for k in found)
            place = next((c for c in self.r.countries if right.startswith(c)), None)
            if (
                "the" in m.group()
                or edge
                or (place and not right[len(place) :].strip())
                or (self._has_head(left) and self._has_head(re.split(r" +and +", right)[0]))
            ):
                last_a, last_b = cuts.pop()
                cuts += [(last_a, a + m.start()), (a + m.end(), last_b)]
        return [(x, y) for x, y in cuts if y > x]

    def _has_head(self, name: str) -> bool:
        return any(w.strip(",.") in self.r.org_heads for w in name.split())

    def _org_name(
        self, text: str, start: int, end: int, known: list[Mention], found: list[Mention]
    ) -> Mention | None:
        words = text[start:end].split()
        while words and (
            words[0] in ("The", "A", "An", "At", "In", "On", "By", "With", "And")
            or words[0].lower() in ("of", "and", "the", "for", "in", "on")
        ):
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else end
            words = words[1:]
        while words and words[-1].lower() in ("of", "and", "the", "for", "in", "on", "to"):
            words = words[:-1]
        if len(words) < 2:
            return None
        # "Head of the Unit of the Ministry of …", "Programme Director of La Strada Ukraine":
        # the body starts after the position.
        for i in range(1, len(words) - 1):
            if words[i].lower() not in ("of", "at"):
                continue
            prefix = [w.lower().strip("’'s") for w in words[:i]]
            rest = words[i + 1 :]
            if rest and rest[0].lower() == "the":
                rest = rest[1:]
            if any(
                w in self.r.position_words or w.rstrip("’'s") in self.r.position_words
                for w in prefix
            ) and self._has_head(" ".join(rest)):
                if not rest or len(rest) < 1:
                    return None
                start = text.index(rest[0], _end_of(text, start, words[: i + 1]))
                words = rest
                break
        if len(words) < 2:
            return None
        if not self._has_head(" ".join(words)) or (
            words[0].lower().strip("’'s") in self.r.position_words
            and not self._has_head(" ".join(words[1:]))
        ):
            return None  # a position without its body: "Deputy Prosecutor General"
        if words[-1].lower() in self.r.position_words and words[-1] not in self.r.org_heads:
            return None  # "Anti-Human Trafficking Programme Officer"
        # "… of the Republic of Moldova Sergiu Cojocaru": a name after the country is a person's.
        for i, w in enumerate(words[:-1]):
            if (
                (w in self.r.countries or w in self.r.cities)
                and words[i + 1][:1].isupper()
                and (words[i + 1].lower() not in ("of", "and"))
                and words[i + 1] not in self._admin_units
                and not self._has_head(" ".join(words[i + 1 :]))
                and i > 0
            ):
                words = words[: i + 1]
                break
        # "Department for … of the Ministry of Security": the body is the Ministry; the
        # department is part of a position.
        units = set(self.r.data.get("sub_units", []))
        for i in range(1, len(words) - 1):
            if words[i] != "of" or not any(w in units for w in words[:i]):
                continue
            rest = words[i + 1 :]
            if rest and rest[0] == "the":
                rest = rest[1:]
            if rest and rest[0] not in units and self._has_head(" ".join(rest)):
                start = text.index(rest[0], _end_of(text, start, words[: i + 1]))
                words = rest
                break
        if (
            len(words) > 2
            and words[-2] == "in"
            and words[-1] in self.r.cities
            and not any(o in " ".join(words) for o in self.r.data.get("field_offices", []))
        ):
            words = words[:-2]
        end = _end_of(text, start, words)
        name = re.sub(r"[’']s$", "", text[start:end].rstrip(".,;: ’'"))
        end = start + len(name)
        if not self._has_head(name):
            return None
        inside = [k for k in found if k.start < end and start < k.end]
        if inside:
            qualifies = all(
                k.type == "Organization"
                and k.start >= start
                and k.end <= end
                and _acronym_like(k.text)
                for k in inside
            ) and self._has_head(_without(name, start, inside))
            if not qualifies:
                return None
            for k in inside:
                found.remove(k)
        m = re.match(
            r"((?:, +[A-Z][\w-]*(?: +[A-Z][\w-]*)*)+,? +and +[A-Z][\w-]*"
            r"(?: +(?:(?:of|the|for|on|and) +)*[A-Z][\w-]*)*)",
            text[end:],
        )
        if (
            m
            and name.startswith("Ministry of")
            and not any(
                self._has_head(p) or p.strip().startswith("the") for p in m.group(1).split(",")
            )
        ):
            end += m.end()
            name = text[start:end]
        mention = Mention(start, end, name, "Organization", None, name, why="a name of a body")
        acr = self._acronym_after.match(text, end)
        if acr:
            mention.aliases.append(acr.group(1))
            mention.end = acr.end()
            mention.text = text[start : acr.end()]
        found.append(mention)
        return mention

    def _acronym_uses(
        self, text: str, found: list[Mention], taken: list[tuple[int, int]]
    ) -> list[Mention]:
        """Later uses of an acronym an item defined in parentheses."""
        out: list[Mention] = []
        for new in [f for f in found if f.id is None and f.aliases]:
            for acr in new.aliases:
                for m in re.finditer(rf"(?<![\w-]){re.escape(acr)}(?![\w-])", text):
                    if any(s < m.end() and m.start() < e for s, e in taken):
                        continue
                    out.append(
                        Mention(
                            m.start(),
                            m.end(),
                            acr,
                            "Organization",
                            None,
                            new.name,
                            list(new.aliases),
                            why=f"acronym of {new.name}",
                        )
                    )
                    taken.append((m.start(), m.end()))
        return out

    def _new_people(
        self, text: str, sents: list[Sentence], taken: list[tuple[int, int]]
    ) -> list[Mention]:
        out: list[Mention] = []
        lower_words = set(re.findall(r"(?<![\w-])[a-z][a-z’'-]+", text))
        for s in sents:
            if not (
                self._speech.search(s.text)
                or self._moderate.search(s.text)
                or self._attend.search(s.text)
                or self._honorific_in(s.text)
            ):
                continue
            for m in self._person.finditer(text, s.start, s.end):
                start, end = m.start(), m.end()
                words = m.group().split()
                while words and (
                    self._not_name(words[0])
                    or self._is_honorific(words[0])
                    or self._is_place(words[0])
                ):
                    start += len(words[0])
                    words = words[1:]
                    start = text.index(words[0], start) if words else end
                if (
                    len(words) < 2
                    or any(self._not_name(w) or self._is_place(w) for w in words)
                    or self._is_place(" ".join(words))
                ):
                    continue
                if any(w.lower() in lower_words for w in words if not w.endswith(".")):
                    continue
                end = start + len(" ".join(words))
                if text[start:end] != " ".join(words):
                    end = _end_of(text, start, words)
                if any(s_ < end and start < e for s_, e in taken):
                    continue
                name = text[start:end]
                out.append(Mention(start, end, name, "Person", None, name, why="a person's name"))
                taken.append((start, end))
        return out

    def _not_name(self, word: str) -> bool:
        w = word.strip(",.;:")
        return (
            w in self.r.not_names
            or w in self.r.org_heads
            or w.lower() in self.r.position_words
            or (len(w) > 3 and w.lower() in self.r.months)
            or w.lower() in self.r.data["weekdays"]
            or w in self._not_person
        )

    def _is_place(self, word: str) -> bool:
        w = word.strip(",.;:")
        return w in self.r.cities or w in self.r.countries or w in self.r.demonyms

    def _is_honorific(self, word: str) -> bool:
        return any(word.lower() == h.lower() for h in self.r.honorifics)

    def _honorific_in(self, text: str) -> bool:
        return any(
            re.search(rf"\b{re.escape(h)}\s+[A-Z]", text)
            for h in self.r.honorifics
            if h[0].isupper() and len(h) > 3
        )

    # -- the event ---------------------------------------------------------------------------

    def event(
        self, title: str, text: str, sents: list[Sentence], orgs: list[Mention]
    ) -> EventFacts:
        ev = EventFacts()
        main = self._event_sentence(sents)
        ev.kind = self._kind(text, sents, main)
        ev.name = self._name(title, text, sents, main, ev.kind)
        ev.date = self._date(text, sents, main)
        ev.city = self._city(text, sents, main, orgs)
        if ev.city:
            ev.country = Found(self.r.cities[ev.city.value], ev.city.span, 0.9, "city")
        ev.venue = self._venue(text, sents, main)
        ev.occasion = self._occasion(text)
        ev.participants = self._participants_count(text)
        return ev

    def _event_sentence(self, sents: list[Sentence]) -> Sentence | None:
        """The sentence that reports the event: the first with a kind of event and a verb of
        holding it (the title is not one)."""
        body = self._body(sents)
        for s in body:
            if self._kind_re.search(s.text) and self._event_verbs.search(s.text):
                return s
        for s in body:
            if self._kind_re.search(s.text):
                return s
        return None

    def _body(self, sents: list[Sentence]) -> list[Sentence]:
        """The sentences after the title, without the byline."""
        body = sents[1:] if len(sents) > 1 else sents
        if self.byline:
            body = [s for s in body if not (self.byline[0] <= s.start < self.byline[1])]
        return body

    def _kind(self, text: str, sents: list[Sentence], main: Sentence | None) -> Found | None:
        places = ([main] if main else []) + sents
        for s in places:
            m = self._kind_re.search(s.text)
            if m:
                said = " ".join(m.group(1).lower().split())
                kind = next(k for w, k in self._kind_words if " ".join(w.split()) == said)
                return Found(
                    kind, _span(text, s.start + m.start(1), s.start + m.end(1)), 0.9, "kind word"
                )
        return None

    def _name(
        self,
        title: str,
        text: str,
        sents: list[Sentence],
        main: Sentence | None,
        kind: Found | None,
    ) -> Found:
        for cue in self.r.words("title_cues"):
            for s in sents:
                i = s.text.lower().find(cue)
                if i < 0:
                    continue
                q = _QUOTED.search(s.text, i + len(cue))
                if q and q.start() - (i + len(cue)) <= 3 and self._kind_re.search(s.text[:i]):
                    return Found(
                        q.group(1).strip(),
                        _span(text, s.start + q.start(1), s.start + q.end(1)),
                        0.8,
                        "title cue",
                    )
        if main and kind and kind.span:
            k = kind.span.start - main.start
            if 0 <= k < len(main.text):
                rest = main.text[k:]
                m = re.match(
                    r"([\w -]+?)(?:\s+discussion)?\s+(on|about|against|for)\s+(.+?)"
                    r"(?:[,;.]|\s+(?:was|were|took|held)\s|\s+(?:in|at)\s+(?=[A-Z])|$)",
                    rest,
                )
                if m:
                    head = kind.span.text[0].upper() + kind.span.text[1:]
                    name = f"{head} {m.group(2)} {m.group(3)}".strip()
                    return Found(
                        name,
                        _span(text, main.start + k, main.start + k + m.end(3)),
                        0.6,
                        "kind and topic",
                    )
        return Found(title, None, 0.4, "title of the item")

    def _date(self, text: str, sents: list[Sentence], main: Sentence | None) -> Found:
        """The event's date, with its precision; a day and month without a year is never
        given one, and a day observed every year is the occasion's, not the event's."""
        best: tuple[float, Found] | None = None
        skipped = False
        for s in self._body(sents):
            eventish = bool(self._kind_re.search(s.text) or self._event_verbs.search(s.text))
            taken: list[tuple[int, int]] = []
            for pattern, form in self._dates:
                for m in pattern.finditer(s.text):
                    if any(a < m.end() and m.start() < b for a, b in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    before = s.text[max(0, m.start() - 70) : m.start()]
                    if self._observance.search(before) or re.search(
                        r"\b(?:since|adopted|until|approved|signed|passed|by|before|ratified)\s+"
                        r"(?:on\s+)?$",
                        before,
                        re.I,
                    ):
                        skipped = True
                        continue
                    value = self._date_value(m, form)
                    if value is None:
                        continue
                    if form == "y" and not eventish:
                        continue
                    score = (
                        (2.0 if s is main else 1.0 if eventish else 0.0)
                        + (0.5 if re.search(r"\b(?:on|from)\s+$", before) else 0.0)
                        + {"day": 0.3, "month": 0.2, "unknown-year": 0.1}.get(value["precision"], 0)
                    )
                    score -= s.index * 0.01
                    found = Found(
                        value,
                        _span(text, s.start + m.start(), s.start + m.end()),
                        0.9 if value["precision"] == "day" else 0.75,
                        f"date ({form})",
                    )
                    if best is None or score > best[0]:
                        best = (score, found)
        if best is None:
            why = "only a day observed every year is named" if skipped else "no date is given"
            return Found(
                {"start": None, "end": None, "precision": "unknown", "monthDay": None},
                None,
                0.7,
                why,
            )
        return best[1]

    def _date_value(self, m: re.Match[str], form: str) -> dict[str, Any] | None:
        g = m.groups()

        def mon(x: str) -> int:
            return self.r.months[x.lower().rstrip(".")]

        try:
            if form == "iso":
                y, mo, d = int(g[0]), int(g[1]), int(g[2])
                return _day(y, mo, d)
            if form == "dotted":
                return _day(int(g[2]), int(g[1]), int(g[0]))
            if form == "dmdmy":
                return _day(int(g[4]), mon(g[1]), int(g[0]), _iso(int(g[4]), mon(g[3]), int(g[2])))
            if form == "ddmy":
                y, mo = int(g[3]), mon(g[2])
                return _day(y, mo, int(g[0]), _iso(y, mo, int(g[1])))
            if form == "dmy":
                return _day(int(g[2]), mon(g[1]), int(g[0]))
            if form == "mddy":
                y, mo = int(g[3]), mon(g[0])
                return _day(y, mo, int(g[1]), _iso(y, mo, int(g[2])))
            if form == "mdy":
                return _day(int(g[2]), mon(g[0]), int(g[1]))
            if form == "my":
                return {
                    "start": f"{int(g[1]):04d}-{mon(g[0]):02d}",
                    "end": None,
                    "precision": "month",
                    "monthDay": None,
                }
            if form in ("dm", "md"):  # a day and month, no year: never given one
                d, mo = (int(g[0]), mon(g[2])) if form == "dm" else (int(g[1]), mon(g[0]))
                _iso(2000, mo, d)  # a leap year: 02-29 is a day
                return {
                    "start": None,
                    "end": None,
                    "precision": "unknown-year",
                    "monthDay": f"{mo:02d}-{d:02d}",
                }
            if form == "y":
                return {"start": g[0], "end": None, "precision": "year", "monthDay": None}
        except (ValueError, KeyError):
            return None
        return None

    def _city(
        self, text: str, sents: list[Sentence], main: Sentence | None, orgs: list[Mention]
    ) -> Found | None:
        # A dateline: "Tashkent, 26 November 2019 –", "SAMARKAND —" at the start of a paragraph.
        for m in re.finditer(r"(?m)^([A-Z][\w-]+(?: [A-Z][\w-]+)?)\s*(?:,|[—–-]\s)", text):
            name = m.group(1)
            city = name if name in self.r.cities else name.title()
            if city in self.r.cities and not (
                self.byline and self.byline[0] <= m.start() < self.byline[1]
            ):
                return Found(city, _span(text, m.start(1), m.end(1)), 0.85, "dateline")
        order = ([main] if main else []) + [s for s in sents if s is not main]
        for s in order:
            for m in self._cities.finditer(text, s.start, s.end):
                if any(o.start <= m.start() < o.end for o in orgs):
                    continue  # "Tashkent State University of Law"
                before = text[max(s.start, m.start() - 12) : m.start()]
                if s is not main and not re.search(r"\b(?:in|at)\s+(?:the\s+)?$", before):
                    continue
                return Found(m.group(1), _span(text, m.start(), m.end()), 0.85, "city")
        if self.byline:  # where the item was written: the last resort
            for m in self._cities.finditer(text, *self.byline):
                return Found(m.group(1), _span(text, m.start(), m.end()), 0.5, "byline")
        return None

    def _venue(
        self, text: str, sents: list[Sentence], main: Sentence | None = None
    ) -> Found | None:
        best: tuple[int, Found] | None = None
        for cue, conf, main_only in self._venue_cues:
            if main_only and main is None:
                continue
            for s in [main] if main_only and main is not None else sents:
                for m in cue.finditer(s.text):
                    v = self._venue_name.match(s.text[m.end() :])
                    if not v:
                        continue
                    venue = v.group(1).rstrip(".,")
                    # "… City Hall on 3 and 4 October", "… in Odesa": the date or the city after.
                    venue = re.sub(
                        rf"\s+(?:on|from)\s+(?:the\s+)?(?:\d|(?:{self.r.month_re})\b).*$",
                        "",
                        venue,
                        flags=re.I,
                    )
                    venue = re.sub(r"\s+in\s+[A-Z][\w-]+$", "", venue)
                    if venue in self.r.cities or venue in self.r.countries:
                        continue
                    start = s.start + m.end() + v.start(1)
                    found = Found(venue, _span(text, start, start + len(venue)), conf, "venue cue")
                    if best is None or start < best[0] or conf > best[1].confidence:
                        if best is None or conf >= best[1].confidence:
                            best = (start, found)
                    break
        return best[1] if best else None

    def _occasion(self, text: str) -> Found | None:
        cues = self.r.alternation("occasion_cues")
        for m in re.finditer(cues, text, re.I):
            v = re.match(
                r"\s+(?:the\s+)?([^,.;()\n]{4,120}?)(?=\s*(?:[,.;(]|\s+which\b|\s+on\s+\d"
                r"|\s+observed\b|$))",
                text[m.end() :],
            )
            if v and re.search(r"\b(?:day|week|anniversary|month)\b", v.group(1), re.I):
                start = m.end() + v.start(1)
                return Found(
                    v.group(1), _span(text, start, start + len(v.group(1))), 0.8, "occasion cue"
                )
        return None

    def _participants_count(self, text: str) -> Found | None:
        m = self._participants.search(text)
        if m:
            n = self._number(m.group(1))
            if n is not None and not (1900 <= n <= 2100 and len(m.group(1)) == 4):
                return Found(n, _span(text, m.start(), m.end()), 0.8, "number of participants")
        # "brought together 25 shelter staff …", "for 40 employees of …": a cue, a number, people.
        m = self._participants_cued.search(text)
        if m and m.group(2).lower() not in self._not_units:
            n = self._number(m.group(1))
            if n is not None and 2 <= n < 1900:
                return Found(n, _span(text, m.start(), m.end()), 0.7, "a number after a cue")
        return None

    def _number(self, said: str) -> int | None:
        """ "1,500", "45", "forty", "Twenty-two"."""
        if said[0].isdigit():
            return int(said.replace(",", ""))
        words = self.r.data.get("number_words", {})
        total = 0
        for w in re.split(r"[-\s]+", said.lower()):
            if w not in words:
                return None
            total += words[w]
        return total or None

    # -- who organized -----------------------------------------------------------------------

    def organizers(
        self, text: str, sents: list[Sentence], mentions: list[Mention], venue: Found | None
    ) -> list[Organizer]:
        orgs = [m for m in mentions if m.type == "Organization"]
        out: dict[str, Organizer] = {}
        rank = {r: i for i, r in enumerate(_ORG_ROLES)}

        def add(m: Mention, role: str, span: Span, conf: float, rule: str) -> None:
            old = out.get(m.key)
            if old is None or rank[role] < rank[old.role]:
                out[m.key] = Organizer(m, role, span, conf, rule)

        for cue in sorted(self.r.data["organizer_cues"], key=lambda c: -len(c["cue"])):
            for m in re.finditer(
                r"(?<![\w-])" + _ws(re.escape(cue["cue"])) + r"(?![\w-])", text, re.I
            ):
                if any(
                    m.start() > c.start() and m.end() <= c.end()
                    for c in self._longer_cues(text, cue["cue"])
                ):
                    continue
                listed = self._list_after(text, m.end(), orgs)
                role = cue.get("several", cue["role"]) if len(listed) > 1 else cue["role"]
                for org in listed:
                    add(org, role, _span(text, m.start(), org.end), 0.85, f"“{cue['cue']}”")
        for suf in self.r.data["organizer_suffixes"]:
            for org in orgs:
                if text[org.end : org.end + len(suf["suffix"])].lower() == suf["suffix"]:
                    add(
                        org,
                        suf["role"],
                        _span(text, org.start, org.end + len(suf["suffix"])),
                        0.8,
                        f"“{suf['suffix']}”",
                    )
        for verb in self.r.data["organizer_verbs"]:
            pattern = (
                r"\s+(?:"
                + _ws(re.escape(verb["verb"]))
                + r")\s+(?:the|this|a)\s+(?:[\w-]+\s+){0,3}?"
                + r"(?:"
                + "|".join(_ws(re.escape(w)) for w, _ in self._kind_words)
                + r"|event)\b"
            )
            for m in re.finditer(pattern, text, re.I):
                listed = self._list_before(text, m.start(), orgs)
                role = verb.get("several", verb["role"]) if len(listed) > 1 else verb["role"]
                for org in listed:
                    add(org, role, _span(text, org.start, m.end()), 0.8, f"“{verb['verb']}”")
        if venue and venue.span:
            for org in orgs:
                if (
                    venue.span.start <= org.start < venue.span.end
                    and org.key not in out
                    and (
                        org.id is not None
                        or (
                            org.name == venue.value
                            and any(h in org.name.split() for h in self.r.words("host_venue_heads"))
                        )
                    )
                ):
                    add(org, "host", venue.span, 0.7, "the venue is a body")
                    break
        return sorted(out.values(), key=lambda o: o.span.start)

    def _longer_cues(self, text: str, cue: str) -> list[re.Match[str]]:
        longer = [
            c["cue"]
            for c in self.r.data["organizer_cues"]
            if len(c["cue"]) > len(cue) and cue in c["cue"]
        ]
        return [m for c in longer for m in re.finditer(re.escape(c), text, re.I)]

    def _list_after(self, text: str, at: int, orgs: list[Mention]) -> list[Mention]:
        """The bodies listed right after a cue: names separated only by commas, "and",
        "the", "as well as" or an acronym in parentheses."""
        out: list[Mention] = []
        pos = at
        for org in [o for o in orgs if o.start >= at]:
            if org.start < pos:
                continue  # the acronym in parentheses after the name just read
            gap = text[pos : org.start]
            if not _list_gap(gap, first=not out):
                break
            out.append(org)
            pos = org.end
            acr = self._acronym_after.match(text, pos)
            if acr:
                pos = acr.end()
        return out

    def _list_before(self, text: str, at: int, orgs: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        pos = at
        for org in [o for o in orgs if o.end <= at][::-1]:
            gap = text[org.end : pos]
            acr = self._acronym_after.match(text, org.end)
            if acr and acr.end() <= pos:
                gap = text[acr.end() : pos]
            if not _list_gap(gap, first=not out):
                break
            out.append(org)
            pos = org.start
        return out[::-1]

    # -- who spoke ---------------------------------------------------------------------------

    def speakers(
        self, text: str, sents: list[Sentence], mentions: list[Mention], publisher: str | None
    ) -> list[Speaker]:
        out: dict[str, Speaker] = {}
        people = [m for m in mentions if m.type == "Person"]
        orgs = [m for m in mentions if m.type == "Organization"]
        for s in sents:
            here = [p for p in people if s.start <= p.start < s.end]
            if not here:
                continue
            speech = self._speech.search(s.text)
            moderate = self._moderate.search(s.text)
            attend = self._attend.search(s.text)
            if not (speech or moderate or attend):
                continue
            for i, p in enumerate(here):
                role = (
                    "moderator"
                    if moderate and not speech
                    else ("speaker" if speech else "participant")
                )
                nxt = here[i + 1].start if i + 1 < len(here) else s.end
                prev = here[i - 1].end if i > 0 else s.start
                sp = Speaker(p, role, _span(text, s.start, s.end), 0.8)
                self._apposition(text, sp, prev, nxt, orgs, publisher)
                sp.talk_title = self._talk_title(text, p.end, s.end)
                if p.key not in out or (out[p.key].role != "speaker" and role == "speaker"):
                    if p.key in out:
                        old = out[p.key]
                        sp.position = sp.position or old.position
                        sp.organization = sp.organization or old.organization
                        sp.honorific = sp.honorific or old.honorific
                    out[p.key] = sp
                else:
                    old = out[p.key]
                    old.position = old.position or sp.position
                    old.organization = old.organization or sp.organization
                    old.honorific = old.honorific or sp.honorific
                    old.talk_title = old.talk_title or sp.talk_title
        return sorted(out.values(), key=lambda x: x.mention.start)

    def _apposition(
        self,
        text: str,
        sp: Speaker,
        prev: int,
        nxt: int,
        orgs: list[Mention],
        publisher: str | None,
    ) -> None:
        p = sp.mention
        # The words right before the name: an honorific ("Colonel", "professor").
        head = text[prev : p.start]
        h = self._honorific.search(head)
        if h:
            sp.honorific = _canonical(h.group(1), self.r.honorifics)
            head = head[: h.start()]
        # After the name: ", POSITION of ORG," or " from ORG" up to the next name or verb.
        tail_end = nxt
        stop = re.search(
            r"[“\"]|"
            + self._speech.pattern
            + "|"
            + self._moderate.pattern
            + r"|\s(?:was|were|is|are|has|had|who|which)\s",
            text[p.end : nxt],
            re.I,
        )
        if stop:
            tail_end = p.end + stop.start()
        tail = text[p.end : tail_end]
        m_from = re.match(r"\s+(?:from|of|at|representing)\s+(?:the\s+)?", tail)
        if m_from:
            org = _first_in(orgs, p.end + m_from.end(), tail_end)
            if org and org.start == p.end + m_from.end():
                sp.organization = org
                return
        if tail.startswith(","):
            part = tail[1:].split(",")
            first = part[0]
            if re.match(r"\s*(?:and\s+)?$", first):
                first = ""
            if first.strip():
                start = p.end + 1
                self._position_from(text, sp, start, start + len(first), orgs, publisher)
                if sp.position or sp.organization:
                    return
        # Before the name: "The head of the department … of ORG, doctor of law, professor NAME".
        spans = _comma_parts(text, prev, prev + len(head), orgs)
        for a, b in reversed(spans):
            cut = list(
                re.finditer(
                    r"\b(?:by|was|were|is|are|said|says|that|with|when|as|to|from|"
                    r"also|including|:)\s+",
                    text[a:b],
                )
            )
            if cut:
                a += cut[-1].end()
            seg = text[a:b]
            if not seg.strip() or self._degrees.fullmatch(seg.strip()):
                continue
            if self._speech.search(seg) or "”" in seg or "“" in seg:
                break
            self._position_from(text, sp, a, b, orgs, publisher)
            if sp.position or sp.organization:
                return
            break

    def _position_from(
        self, text: str, sp: Speaker, a: int, b: int, orgs: list[Mention], publisher: str | None
    ) -> None:
        seg = text[a:b]
        org = _first_in(orgs, a, b)
        units = tuple(self.r.data.get("sub_units", []))
        while org is not None and org.id is None and org.name.startswith(units):
            nxt = _first_in(orgs, org.end, b)
            link = text[org.end : nxt.start] if nxt else ""
            if nxt is None or not re.fullmatch(r"\s*(?:,\s*)?(?:of|at|in)(?:\s+the)?\s*", link):
                break
            org = nxt
        lead = len(seg) - len(seg.lstrip())
        a += lead
        seg = seg.strip()
        dem = re.match(r"(?:the\s+)?(" + "|".join(map(re.escape, self.r.demonyms)) + r")\s+", seg)
        demonym = None
        if dem and (org is None or org.start > a + dem.end()):
            demonym = dem.group(1)
            a += dem.end()
            seg = seg[dem.end() :]
        if org:
            before = text[a : org.start]
            before = re.sub(
                r"\s*(?:,|\bof\s+the|\bof|\bat\s+the|\bat|\bin\s+the|\bfor\s+the|\bfor"
                r"|\bwith\s+the|\bwith)\s*$",
                "",
                before,
                flags=re.I,
            )
            before = re.sub(r"^(?:the|a|an)\s+", "", before.strip(), flags=re.I)
            after = text[org.end : b].strip()
            after = re.sub(r"^(?:[’']s)\s*", "", after)
            position = before or after
            if position and self._is_position(position):
                sp.position = position.strip(" ,.;")
            sp.organization = org
        else:
            position = re.sub(r"^(?:the|a|an)\s+", "", seg.strip(), flags=re.I)
            named = self._body_after_position(position)
            if named:
                position, body = named
                at = a + seg.index(body)
                sp.organization = Mention(
                    at, at + len(body), body, "Organization", None, body, why="after a position"
                )
            if position and self._is_position(position):
                sp.position = position.strip(" ,.;")
        if demonym:
            sp.country = self.r.demonyms[demonym]
            if (
                sp.organization is None
                and sp.position
                and any(
                    sp.position.lower().endswith(g) for g in self.r.data["government_positions"]
                )
            ):
                sp.organization = self._government(text, demonym)
        if sp.organization is None and sp.position and publisher:
            sp.organization = self._publisher_office(sp.position, publisher)

    def _body_after_position(self, text: str) -> tuple[str, str] | None:
        """ "Programme Specialist at UN Women", "Head of Safe Haven Armenia": a body without a
        head word, named after a position; "of" only before a name that ends in a country, a
        city or an acronym ("Minister of Internal Affairs" is a position)."""
        word = rf"[{UPPER}][\w’'&.-]*"
        m = re.fullmatch(
            rf"(.+?)\s+(at|with|from|of)\s+(?:the\s+)?({word}(?:\s+(?:(?:of|the|for|and|on)\s+)*"
            rf"{word})*)",
            text.strip(" ,.;"),
        )
        if not m or not self._is_position(m.group(1)):
            return None
        body = m.group(3)
        last = body.split()[-1]
        if (
            self._is_place(body)
            or body.split()[0] in self.r.not_names
            or (len(body.split()) < 2 and not _acronym_like(body))
        ):
            return None  # "Ambassador at Large", "Ambassador of Sweden"
        if m.group(2) == "of" and not (
            len(body.split()) >= 2 and (self._is_place(last) or _acronym_like(last))
        ):
            return None
        return m.group(1), body

    def _is_position(self, text: str) -> bool:
        words = re.findall(r"[\w-]+", text.lower())
        return bool(words) and len(words) <= 16 and any(w in self.r.position_words for w in words)

    def _government(self, text: str, demonym: str) -> Mention:
        country = self.r.demonyms[demonym]
        land = next((c for c, code in self.r.countries.items() if code == country), demonym)
        name = f"Government of {land}"
        hit = [m for m in self.g.find(name) if m.start == 0 and m.end == len(name)]
        if hit:
            actor = self.g.actors[hit[0].ids[0]]
            return Mention(
                -1, -1, demonym, "Organization", actor.id, actor.name, why=f"“{demonym}” official"
            )
        return Mention(-1, -1, demonym, "Organization", None, name, why=f"“{demonym}” official")

    def _publisher_office(self, position: str, publisher: str) -> Mention | None:
        """ "John MacGregor, Project Co-ordinator in Uzbekistan" in an OSCE item: the OSCE
        Project Co-ordinator in Uzbekistan, when the graph knows that office."""
        pubs = [m for m in self.g.find(publisher) if m.type == "Organization"]
        for pub in pubs:
            actor = self.g.actors[pub.ids[0]]
            for prefix in dict.fromkeys((publisher, *actor.names, actor.name)):
                name = f"{prefix} {position}"
                hit = [m for m in self.g.find(name) if m.start == 0 and m.end == len(name)]
                if hit and hit[0].type == "Organization":
                    a = self.g.actors[hit[0].ids[0]]
                    return Mention(
                        -1,
                        -1,
                        position,
                        "Organization",
                        a.id,
                        a.name,
                        why=f"the publisher's office: {a.name}",
                    )
        return None

    def _talk_title(self, text: str, start: int, end: int) -> str | None:
        window = text[start:end]
        for cue in self.r.words("talk_cues"):
            i = window.lower().find(cue)
            if i < 0:
                continue
            q = _QUOTED.search(window, i + len(cue))
            if q and q.start() - (i + len(cue)) <= 3:
                return q.group(1).strip()
        return None


def _list_gap(gap: str, first: bool) -> bool:
    g = gap.strip().lower()
    if first:
        return bool(re.fullmatch(r"(?:the)?", g))
    return bool(
        re.fullmatch(
            r"(?:\([^)]{1,15}\))?\s*(?:,|,?\s*and|,?\s*as well as|;)?\s*(?:the)?"
            r"\s*(?:and\s+the)?",
            g,
        )
    )


def _acronym_like(name: str) -> bool:
    return " " not in name and sum(c.isupper() for c in name) >= 2


def _without(name: str, start: int, inside: list[Mention]) -> str:
    """A name with the known names inside it blanked."""
    chars = list(name)
    for k in inside:
        for i in range(k.start - start, k.end - start):
            if 0 <= i < len(chars):
                chars[i] = " "
    return "".join(chars)


def _comma_parts(text: str, a: int, b: int, orgs: list[Mention]) -> list[tuple[int, int]]:
    """The comma-separated parts of a span, a comma inside a name not counted."""
    cuts = [
        i for i in range(a, b) if text[i] == "," and not any(o.start <= i < o.end for o in orgs)
    ]
    bounds = [a, *[c + 1 for c in cuts]]
    ends = [*cuts, b]
    return list(zip(bounds, ends, strict=True))


def _first_in(orgs: list[Mention], a: int, b: int) -> Mention | None:
    return next((o for o in orgs if a <= o.start < b), None)


def _end_of(text: str, start: int, words: list[str]) -> int:
    pos = start
    for w in words:
        pos = text.index(w, pos) + len(w)
    return pos


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def _iso(y: int, mo: int, d: int) -> str:
    return datetime.date(y, mo, d).isoformat()


def _day(y: int, mo: int, d: int, end: str | None = None) -> dict[str, Any]:
    start = _iso(y, mo, d)
    return {
        "start": start,
        "end": end if end and end > start else None,
        "precision": "day",
        "monthDay": start[5:],
    }


def _canonical(word: str, honorifics: tuple[str, ...]) -> str:
    w = word.strip()
    for h in honorifics:
        if h.lower() == w.lower():
            full = {
                "Prof.": "Professor",
                "Dr.": "Dr",
                "Col.": "Colonel",
                "Amb.": "Ambassador",
                "Mr.": "Mr",
                "Mrs.": "Mrs",
                "Ms.": "Ms",
            }
            return full.get(h, h)
    return w
